"""The dashboards' background builds, run in a child process that lives as long as the server.

A build is mostly dbt's Python: run in the server's process, it held the interpreter lock that
every page view needs, so while a sender's forms were built every reader waited, and the build
waited for them (issue 17: the fast lane took 11 s alone and 25 s beside one person reloading the
CSP board). In a child process it has a core of its own. The child is started once, by the
server's background preload (dashboards/preload.py), and keeps what a build loads (dbt,
scikit-learn, the theme model, dbt's parsed project), so a form sent later does not pay for them.
The life of the process (a pipe each way, ended when its input closes, replaced when it dies) is
the one of the chart-drawing processes (dashboards/drawing.py); the two protocols differ.

The protocol is one JSON line each way: the request's keyword arguments for
``dhr.warehouse_build.build_warehouse``, and the ``BuildResult`` as a dict. Anything else the
child prints (dbt's console lines) goes to the server's stderr, its log. The child ends when its
input closes, so it dies with the server, however the server ends.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

from dhr.warehouse_build import BuildResult

_log = logging.getLogger(__name__)

#: How the build process's lines in the server's log begin.
LOG_PREFIX = "dhr build process:"
#: The environment variables of the project's settings (dhr/settings.py), sent with each request.
SETTINGS_PREFIX = "DHR_"
#: What the child imports before its first request (`warm`): what a build would import then.
WARM_MODULES = ("dbt.cli.main", "dbt.adapters.duckdb", "dhr.themes.warehouse_step", "dhr.themes.model")


class BuildWorker:
    """One child process that runs builds one at a time (the build queue sends them one at a time)."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or [sys.executable, "-m", "dhr.build_worker"]
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None

    def _ensure(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
            )
        return self._proc

    def warm(self) -> None:
        """Start the child (it imports what a build needs) without building anything."""
        with self._lock:
            self._ensure()

    def build(
        self,
        warehouse_path: Path,
        *,
        reporting_date: date | None = None,
        select: str | None = None,
        exclude: str | None = None,
        selection_on_whole_build_only: bool = False,
    ) -> BuildResult:
        request = {
            "warehouse_path": str(warehouse_path),
            "reporting_date": None if reporting_date is None else reporting_date.isoformat(),
            "select": select,
            "exclude": exclude,
            "selection_on_whole_build_only": selection_on_whole_build_only,
            # The settings as this process has them now (the child was started earlier, maybe by
            # another test with other settings): dbt's folders, the theme model, the app-state file.
            "environment": {k: v for k, v in os.environ.items() if k.startswith(SETTINGS_PREFIX)},
        }
        with self._lock:
            proc = self._ensure()
            try:
                proc.stdin.write(json.dumps(request) + "\n")
                proc.stdin.flush()
                line = proc.stdout.readline()  # waits without holding the interpreter lock
            except OSError as exc:
                line, error = "", exc
            else:
                error = None
            if not line:  # the child died (killed, out of memory): the next build starts another
                try:
                    code = proc.wait(timeout=10)
                except subprocess.TimeoutExpired:  # its output closed but it lives on: end it
                    proc.kill()
                    code = proc.wait(timeout=10)
                self._proc = None
                return BuildResult(
                    "failed", Path(warehouse_path), 0.0, f"the build process stopped ({error or f'exit {code}'})", []
                )
        answer = json.loads(line)
        return BuildResult(
            answer["status"],
            Path(answer["warehouse_path"]),
            answer["seconds"],
            answer["message"],
            answer["dbt_results"],
        )

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                self._proc.stdin.close()
                try:
                    self._proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
            self._proc = None


_WORKER: BuildWorker | None = None
_WORKER_LOCK = threading.Lock()


def worker() -> BuildWorker:
    """The server's one build process."""
    global _WORKER
    with _WORKER_LOCK:
        if _WORKER is None:
            _WORKER = BuildWorker()
        return _WORKER


def _serve(requests, answers) -> None:
    from dhr.warehouse_build import build_warehouse

    for line in requests:
        request = json.loads(line)
        warehouse_path = request.pop("warehouse_path")
        environment = request.pop("environment")
        for name in [k for k in os.environ if k.startswith(SETTINGS_PREFIX) and k not in environment]:
            del os.environ[name]
        os.environ.update(environment)
        reporting = request.pop("reporting_date")
        try:
            result = build_warehouse(
                Path(warehouse_path),
                reporting_date=None if reporting is None else date.fromisoformat(reporting),
                **request,
            )
            answer: dict[str, Any] = {
                "status": result.status,
                "warehouse_path": str(result.warehouse_path),
                "seconds": result.seconds,
                "message": result.message,
                "dbt_results": result.dbt_results,
            }
        except Exception as exc:  # report it; the child lives on for the next build
            _log.exception("build failed")
            answer = {
                "status": "failed",
                "warehouse_path": warehouse_path,
                "seconds": 0.0,
                "message": f"{exc}",
                "dbt_results": [],
            }
        # One line per build in the server's log: what ran, how it went, how long it took.
        kind = "selection" if request.get("select") else "whole"
        print(f"{LOG_PREFIX} {kind} build {answer['status']} in {answer['seconds']:.1f} s: {answer['message'][:160]}")
        answers.write(json.dumps(answer, default=str) + "\n")
        answers.flush()


def main() -> None:
    # Answers go on the original stdout; everything else printed (dbt's console) to stderr.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)
    from dhr import warehouse_build

    warehouse_build.REUSE_PARSED_PROJECT = True  # this process lives for many builds
    try:  # what the first build would parse and load, now, before a form arrives
        from dhr.settings import get_settings

        settings = get_settings()
        warehouse_build.warm_parsed_project(settings.warehouse_path, settings.reporting_date)
    except Exception:  # the first build does it instead, and reports what fails
        _log.warning("warming the build process failed", exc_info=True)
    _serve(sys.stdin, answers)


if __name__ == "__main__":
    main()
