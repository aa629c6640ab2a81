"""`dhr build`: build a copy of the warehouse with dbt and swap it in only when everything passes.

docs/design.md section 3. The steps, under the warehouse's file lock (the lock ingest takes too):

1. create the warehouse file with the raw schema if there is none, so a build with nothing
   ingested works;
2. copy it to ``<name>.next.duckdb`` (the warehouse is only read, so dashboards may keep it open)
   and make sure the copy has every raw table;
2b. the theme step (dhr/themes/warehouse_step.py): score every recommendation, action and scoping
   learning text with the persisted theme classifier (trained first if there is none), reusing the
   scores of texts the same model already scored; copy analysts' overrides read-only from the
   app-state file; compute similar-recommendation pairs and emerging topics. dbt reads these as
   the ``themes`` source;
2c. copy the Commissioner's office's statuses of national recommendations read-only from the
   app-state file (dhr/national_recommendations.py): dbt reads them as the ``decisions`` source;
3. run ``dbt build`` (seeds, models and data tests) against the copy, with the reporting date
   and a fingerprint of the dbt project passed as vars. dbt's unit tests test the SQL, not the
   data, so a data build leaves them out (``--exclude-resource-type unit_test``, as dbt's docs
   advise for production runs) and ``make test`` runs them (``unit_tests=True``);
4. if every node passed, atomically replace the warehouse with the copy (``os.replace``);
   otherwise delete the copy and keep the old warehouse, so the dashboards always read the last
   good build.

``if_stale=True`` skips the build when ``marts.meta_build`` says the warehouse was built after the
last file was ingested, for the same reporting date and from the same dbt project files, and no
theme override or national recommendation status was saved and no theme model trained since.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb
from filelock import FileLock

from dhr.app_state import app_state_path
from dhr.settings import PROJECT_ROOT, get_settings
from ingest.raw_schema import create_raw_schema
from ingest.warehouse_gate import gate

#: dbt's environment variable for the file it builds (read by profiles.yml).
TARGET_PATH_ENV = "DHR_DBT_TARGET_PATH"

#: What the fingerprint of the dbt project covers: a change to any of these makes a build stale.
PROJECT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")

#: dbt statuses that count as passing: models/seeds "success", tests "pass" (or "warn" for
#: tests configured with severity warn), nodes with nothing to do "no-op".
PASSING_STATUSES = frozenset({"success", "pass", "warn", "no-op"})


@dataclass
class BuildResult:
    """What `build_warehouse` did.

    status: ``built`` (the warehouse was replaced by the new build), ``skipped`` (``if_stale`` and
    nothing changed) or ``failed`` (a node failed; the previous warehouse is unchanged).
    dbt_results: one dict per dbt node run: unique_id, resource_type, status, message, failures,
    execution_time.
    """

    status: Literal["built", "skipped", "failed"]
    warehouse_path: Path
    seconds: float
    message: str
    dbt_results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed_nodes(self) -> list[dict[str, Any]]:
        return [r for r in self.dbt_results if r["status"] not in PASSING_STATUSES]


def next_path_for(warehouse_path: Path) -> Path:
    """``dhr.duckdb`` -> ``dhr.next.duckdb``.

    DuckDB names a file's catalog after the part of its name before the first dot, so the copy and
    the warehouse have the same catalog name and the staging views dbt writes (which name the
    catalog) still resolve after the swap.
    """
    stem = warehouse_path.name.split(".", 1)[0]
    return warehouse_path.with_name(f"{stem}.next.duckdb")


def project_fingerprint(project_root: Path = PROJECT_ROOT) -> str:
    """SHA-256 over the dbt project's files (paths and bytes), so a model or seed change is a change."""
    digest = hashlib.sha256()
    for name in PROJECT_INPUTS:
        path = project_root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.exists() or "__pycache__" in file.parts:
                continue
            digest.update(file.relative_to(project_root).as_posix().encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _ensure_warehouse(warehouse_path: Path) -> None:
    """Create the file and the raw schema if missing, and checkpoint so the file alone is complete.

    A build with nothing ingested yet still works: every raw table exists, empty.
    """
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with gate(warehouse_path).writing():  # the server's pages may be reading it (ingest/warehouse_gate.py)
        con = duckdb.connect(str(warehouse_path))
        try:
            create_raw_schema(con)
            con.execute("checkpoint")
        finally:
            con.close()


def _remove_database_files(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def _is_fresh(warehouse_path: Path, reporting_date: date, fingerprint: str) -> tuple[bool, str]:
    """Whether the last build is still current: same reporting date, same project, nothing ingested since."""
    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as exc:
        return False, f"cannot read the warehouse ({exc})"
    try:
        has_meta = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = 'meta_build'"
        ).fetchone()[0]
        if not has_meta:
            return False, "no previous build"
        built_at, built_for, built_fingerprint, built_latest, built_files = con.execute(
            "select built_at, reporting_date, build_fingerprint, latest_ingested_at, "
            "file_count + rejected_file_count from marts.meta_build"
        ).fetchone()
        latest, files = con.execute("select max(ingested_at), count(*) from raw.ingested_files").fetchone()
    except duckdb.Error as exc:
        return False, f"cannot read the last build ({exc})"
    finally:
        con.close()
    differs = _whole_build_differs(built_for, built_fingerprint, reporting_date, fingerprint)
    if differs:
        return False, differs
    if files != built_files or latest != built_latest:
        return False, "files were ingested since the last build"
    if latest is not None and built_at is not None and built_at < latest:
        return False, "files were ingested since the last build"
    themes_changed = _themes_changed(warehouse_path)
    if themes_changed:
        return False, themes_changed
    decisions_changed = _decisions_changed(warehouse_path)
    if decisions_changed:
        return False, decisions_changed
    return True, f"up to date (built {built_at:%Y-%m-%d %H:%M:%S}, reporting date {built_for})"


def can_build_selection(warehouse_path: Path, reporting_date: date | None = None) -> tuple[bool, str]:
    """Whether a build of only some nodes (``select``) would leave a consistent warehouse: only on top
    of a whole build of the same dbt project for the same reporting date. Otherwise the nodes left
    out would be missing, or built by other SQL or for another date than the ones selected."""
    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as exc:
        return False, f"cannot read the warehouse ({exc})"
    try:
        row = con.execute("select reporting_date, build_fingerprint from marts.meta_build").fetchone()
    except duckdb.Error:
        return False, "the warehouse was never wholly built"
    finally:
        con.close()
    if row is None:
        return False, "the warehouse was never wholly built"
    differs = _whole_build_differs(row[0], row[1], reporting_date or date.today(), project_fingerprint())
    if differs:
        return False, differs
    return True, "a whole build of this project for this reporting date is live"


def _whole_build_differs(
    built_for: date, built_fingerprint: str | None, reporting_date: date, fingerprint: str
) -> str | None:
    """Why the last whole build (``marts.meta_build``) is not one for this reporting date and this
    dbt project, or None: what `--if-stale` and a selection on top of it both need to know."""
    if built_for != reporting_date:
        return f"the last whole build was for another reporting date ({built_for}, not {reporting_date})"
    if built_fingerprint != fingerprint:
        return "the dbt project changed since the last whole build"
    return None


def theme_model_dir(warehouse_path: Path) -> Path:
    """The persisted theme model a build of ``warehouse_path`` uses: ``DHR_THEMES_MODEL_DIR``, else
    ``models/themes`` beside that warehouse (where ``dhr themes train`` writes for ``DHR_DB``)."""
    return get_settings().themes_model_dir or Path(warehouse_path).parent / "models" / "themes"


def _themes_changed(warehouse_path: Path) -> str | None:
    """Why the themes of the last build are out of date (an override saved, a model trained), or None."""
    import json

    from dhr.themes.model import METADATA_NAME
    from dhr.themes.overrides import override_history

    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
        try:
            built_overrides, built_version = con.execute(
                "select (select coalesce(max(override_id), 0) from themes.overrides), "
                "(select max(model_version) from themes.model)"
            ).fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return "the warehouse has no theme tables yet"
    state = app_state_path(warehouse_path)
    if state.exists():
        latest = max((o.override_id for o in override_history(state)), default=0)
        if latest != built_overrides:
            return "theme overrides were saved since the last build"
    meta = theme_model_dir(warehouse_path) / METADATA_NAME
    if meta.exists():
        try:
            version = json.loads(meta.read_text(encoding="utf-8")).get("model_version")
        except (OSError, ValueError):
            version = None
        if version and version != built_version:
            return "the theme model was retrained since the last build"
    return None


def _copy_decisions(next_path: Path, state_path: Path) -> int:
    """Step 2c: copy the Commissioner's office's national recommendation statuses, read-only, from
    the app-state file into the copy (``decisions`` schema, dhr/national_recommendations.py)."""
    from dhr.national_recommendations import copy_into

    con = duckdb.connect(str(next_path))
    try:
        con.execute("begin transaction")
        copied = copy_into(con, state_path)
        con.execute("commit")
        con.execute("checkpoint")
    finally:
        con.close()
    return copied


def _decisions_changed(warehouse_path: Path) -> str | None:
    """Why the Commissioner's statuses of the last build are out of date (one was saved since), or None."""
    from dhr.national_recommendations import latest_decision_id

    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
        try:
            built = con.execute(
                "select coalesce(max(decision_id), 0) from decisions.national_recommendation_statuses"
            ).fetchone()[0]
        finally:
            con.close()
    except duckdb.Error:
        return "the warehouse has no copy of the Commissioner's decisions yet"
    if latest_decision_id(app_state_path(warehouse_path)) != built:
        return "national recommendation statuses were saved since the last build"
    return None


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def _node_results(run_result: Any) -> list[dict[str, Any]]:
    results = []
    for result in getattr(run_result, "results", None) or []:
        node = getattr(result, "node", None)
        status = getattr(result, "status", "")
        results.append(
            {
                "unique_id": getattr(node, "unique_id", ""),
                "resource_type": str(getattr(node, "resource_type", "")),
                "status": str(getattr(status, "value", status)),
                "message": getattr(result, "message", None) or "",
                "failures": getattr(result, "failures", None),
                "execution_time": round(float(getattr(result, "execution_time", 0.0) or 0.0), 3),
            }
        )
    return results


def _dbt_args(command: list[str], dbt_vars: dict[str, Any] | None) -> list[str]:
    """dbt's arguments for ``command`` on this project, with this machine's folders."""
    settings = get_settings()
    args = [
        *command,
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--target-path",
        str(settings.dbt_target_dir),
        "--log-path",
        str(settings.dbt_log_dir),
        "--no-use-colors",
        # dbt's file log defaults to debug: ~100 lines per node, a measurable share of a build.
        # Info still records every node's result and every error.
        "--log-level-file",
        "info",
    ]
    if dbt_vars is not None:
        args += ["--vars", json.dumps(dbt_vars)]
    return args


def warm_parsed_project(warehouse_path: Path, reporting_date: date | None = None) -> None:
    """Parse the project and load the theme model now, as a build of ``warehouse_path`` will want
    them (the server's build process, at its start); nothing when projects are not kept."""
    if not REUSE_PARSED_PROJECT:
        return
    from dhr.themes.model import load_model

    warehouse_path = Path(warehouse_path).resolve()
    dbt_vars = {
        "reporting_date": (reporting_date or date.today()).isoformat(),
        "build_fingerprint": project_fingerprint(),
    }
    # The profile names the file a build writes; the same name keeps dbt's partial-parse state valid.
    # Under the build's lock: parsing writes dbt's parse state, which a build at a shell also uses.
    with (
        FileLock(str(warehouse_path.with_suffix(".lock"))),
        _environment(TARGET_PATH_ENV, str(next_path_for(warehouse_path))),
    ):
        _parsed_project(_dbt_args(["build"], dbt_vars))
    if (theme_model_dir(warehouse_path)).exists():
        load_model(theme_model_dir(warehouse_path))


def run_dbt(
    command: list[str], database_path: Path, dbt_vars: dict[str, Any] | None = None, *, progress: bool = False
) -> tuple[bool, Any, BaseException | None]:
    """Invoke dbt in-process on ``database_path``; returns (success, result, exception).

    ``progress``: instead of dbt's line per node on the console (about 750 for a build, issue 19),
    a progress bar of nodes done (on a terminal) and only dbt's errors; every node's line stays in
    dbt's log file (``DHR_DBT_LOG_DIR``)."""
    from dbt.cli.main import dbtRunner

    args = _dbt_args(command, dbt_vars)
    callbacks = []
    bar = None
    if progress:
        from tqdm import tqdm

        args.append("--quiet")  # errors still reach the console
        bar = tqdm(desc=f"dbt {command[0]}", unit=" nodes", file=sys.stderr, disable=None)
        callbacks.append(lambda event: bar.update(1) if event.info.name == "NodeFinished" else None)
    with _environment(TARGET_PATH_ENV, str(database_path)):
        try:
            manifest = _parsed_project(args) if REUSE_PARSED_PROJECT else None
            outcome = dbtRunner(manifest=manifest, callbacks=callbacks).invoke(args)
        finally:
            _close_dbt_duckdb()
            if bar is not None:
                bar.close()
    return bool(outcome.success), outcome.result, outcome.exception


#: Keep dbt's parsed project between builds in this process (the server's build process sets it,
#: dhr/build_worker.py): reading even a partially parsed project took ~2 s of each build.
REUSE_PARSED_PROJECT = False
_PARSED: dict[str, Any] = {}


def _parsed_project(args: list[str]) -> Any:
    """dbt's manifest for these arguments, parsed once per project content and vars (a changed model,
    seed or reporting date parses again); None if parsing fails (the build then parses as usual)."""
    from dbt.cli.main import dbtRunner

    key_args = list(args)
    for flag in ("--select", "--exclude", "--exclude-resource-type", "--quiet"):  # not what parsing reads
        while flag in key_args:
            at = key_args.index(flag)
            del key_args[at : at + (1 if flag == "--quiet" else 2)]
    key = json.dumps([project_fingerprint(), key_args[1:]])
    if _PARSED.get("key") != key:
        parse_args = ["parse", *key_args[1:]]
        parsed = dbtRunner().invoke(parse_args)
        if not parsed.success or parsed.result is None:
            _PARSED.clear()
            return None
        _PARSED.update(key=key, manifest=parsed.result)
    return _PARSED["manifest"]


def _close_dbt_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb kept open for the invocation.

    profiles.yml sets ``keep_open: true`` so dbt-duckdb opens the file once per invocation rather
    than once per node (with ``false`` it closes, checkpoints and reopens the file whenever no node
    holds a connection: about a third of a build's time, bench/README.md). But it caches that
    database for the life of the process and reuses it for the same path, so a second build in
    one process (a test; `dhr rebuild`) would write into the previous copy, already swapped in.
    Closing it here, after every invocation, gives each build its own. Uses dbt-duckdb's
    class-level environment (pinned by pyproject's dbt-duckdb range); if that ever moves, the
    build still works, only slower to release the file, and tests/warehouse catch a second build
    writing to the wrong file.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - dbt-duckdb is a dependency
        return
    lock = getattr(DuckDBConnectionManager, "_LOCK", None)
    if lock is None:
        return
    with lock:
        environment = getattr(DuckDBConnectionManager, "_ENV", None)
        if environment is not None:
            environment.close()
            DuckDBConnectionManager._ENV = None


def build_warehouse(
    warehouse_path: Path,
    *,
    reporting_date: date | None = None,
    if_stale: bool = False,
    select: str | None = None,
    exclude: str | None = None,
    selection_on_whole_build_only: bool = False,
    unit_tests: bool = False,
    progress: bool = False,
) -> BuildResult:
    """Build ``warehouse_path`` with dbt on a copy and swap it in only if every node passes.

    reporting_date: the date overdue actions and DHR status are judged at (default today).
    if_stale: skip when nothing was ingested since the last build for this reporting date.
    select: a dbt selection (``--select``); default everything.
    exclude: nodes to leave out (``--exclude``), e.g. ``meta_build`` in the upload's fast lane
    (dhr/build_queue.py), which records only whole builds.
    selection_on_whole_build_only: build the selection only on top of a whole build of this project
    for this reporting date (``can_build_selection``); otherwise build nothing and return ``skipped``.
    unit_tests: also run dbt's unit tests (they test the models' SQL on fixed inputs, not the data;
    ``make test`` runs them, a data build need not).
    progress: a progress bar and dbt's errors on the console instead of its line per node (``run_dbt``).
    """
    started = time.monotonic()
    warehouse_path = Path(warehouse_path).resolve()
    effective_date = reporting_date or date.today()
    fingerprint = project_fingerprint()

    def result(
        status: Literal["built", "skipped", "failed"], message: str, dbt_results: list | None = None
    ) -> BuildResult:
        return BuildResult(status, warehouse_path, time.monotonic() - started, message, dbt_results or [])

    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(warehouse_path.with_suffix(".lock"))):
        if not warehouse_path.exists():
            _ensure_warehouse(warehouse_path)
        if if_stale:
            fresh, why = _is_fresh(warehouse_path, effective_date, fingerprint)
            if fresh:
                return result("skipped", why)
        if selection_on_whole_build_only and (select or exclude):
            possible, why = can_build_selection(warehouse_path, effective_date)
            if not possible:
                return result("skipped", f"selection not built: {why}")

        # The warehouse itself is only read (as bytes), never opened for writing: the dashboards
        # may hold it open read-only, and DuckDB would refuse a writer.
        next_path = next_path_for(warehouse_path)
        _remove_database_files(next_path)
        shutil.copyfile(warehouse_path, next_path)
        wal = warehouse_path.with_name(warehouse_path.name + ".wal")
        if wal.exists():  # a writer that did not checkpoint: its log travels with the copy
            shutil.copyfile(wal, next_path.with_name(next_path.name + ".wal"))
        _ensure_warehouse(next_path)
        try:
            from dhr.themes.warehouse_step import prepare_theme_tables

            theme_step = prepare_theme_tables(
                next_path, model_dir=theme_model_dir(warehouse_path), app_state_path=app_state_path(warehouse_path)
            )
        except Exception as exc:  # a broken model or app-state file must not half-build the warehouse
            _remove_database_files(next_path)
            return result("failed", f"theme step failed, warehouse unchanged: {exc}")
        try:
            copied_statuses = _copy_decisions(next_path, app_state_path(warehouse_path))
        except Exception as exc:  # an unreadable app-state file must not half-build the warehouse
            _remove_database_files(next_path)
            return result("failed", f"copying the Commissioner's decisions failed, warehouse unchanged: {exc}")
        dbt_vars = {"reporting_date": effective_date.isoformat(), "build_fingerprint": fingerprint}
        command = ["build"] + (["--select", select] if select else []) + (["--exclude", exclude] if exclude else [])
        if not unit_tests:
            command += ["--exclude-resource-type", "unit_test"]
        try:
            success, run_result, exception = run_dbt(command, next_path, dbt_vars, progress=progress)
        except Exception as exc:  # dbt raised instead of reporting: treat as a failed build
            success, run_result, exception = False, None, exc
        dbt_results = _node_results(run_result)
        failed = [r for r in dbt_results if r["status"] not in PASSING_STATUSES]

        if not success or failed or exception is not None:
            _remove_database_files(next_path)
            if failed:
                details = "; ".join(f"{r['unique_id']} {r['status']}: {r['message']}".strip() for r in failed[:10])
                more = f" (and {len(failed) - 10} more)" if len(failed) > 10 else ""
                message = f"{len(failed)} dbt node(s) failed, warehouse unchanged: {details}{more}"
            else:
                message = f"dbt build failed, warehouse unchanged: {exception or 'see logs/dbt.log'}"
            return result("failed", message, dbt_results)

        # Fold dbt's write-ahead log into the copy so the single file is complete, then swap.
        con = duckdb.connect(str(next_path))
        try:
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(next_path, warehouse_path)
        next_path.with_name(next_path.name + ".wal").unlink(missing_ok=True)
        counts = (
            _meta_counts(warehouse_path)
            if not (select or exclude)
            else "a selection only (marts.meta_build still describes the last whole build)"
        )
        return result(
            "built",
            f"{len(dbt_results)} dbt nodes passed; {counts}; {theme_step.summary}; "
            f"{copied_statuses:,} national recommendation status decision(s)",
            dbt_results,
        )


def _meta_counts(warehouse_path: Path) -> str:
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        row = con.execute("select dhr_count, action_count, file_count, reporting_date from marts.meta_build").fetchone()
    except duckdb.Error:
        return "no meta_build (partial selection)"
    finally:
        con.close()
    return f"{row[0]} DHRs, {row[1]} actions from {row[2]} files, reporting date {row[3]}"
