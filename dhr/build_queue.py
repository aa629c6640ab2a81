"""Rebuilding the warehouse in the background after forms arrive through the dashboards (issue 17).

The page that receives a form must not make its sender wait for a build, and two senders must not
start two builds. So the server keeps one ``BuildQueue`` per warehouse: ``request()`` returns at
once with a ticket; one thread builds, one build at a time; every request made while a build runs
is covered by ONE next build (they coalesce), so ten uploads in a minute cost two builds, not ten.

Readers are never blocked: ``dhr.warehouse_build.build_warehouse`` builds a copy and swaps it in only
when every dbt node passes, so the pages serve the last good warehouse until the new one is live,
and a failed build leaves it as it was (the queue says so; the next request tries again). Across
processes the build's file lock orders it with `dhr ingest` and `dhr build` run at a shell.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from dhr.warehouse_build import BuildResult, build_warehouse

_log = logging.getLogger(__name__)

State = Literal["idle", "building"]


@dataclass(frozen=True)
class QueueState:
    """What a page's banner says: whether a build runs or waits, and how the last one went."""

    state: State
    #: Tickets handed out so far, and the last ticket whose files are in the live warehouse.
    requested: int
    live: int
    #: A build is waiting for the one running to finish.
    waiting: bool
    last_status: str | None
    last_message: str | None
    last_finished_at: datetime | None

    def is_live(self, ticket: int) -> bool:
        """Whether the files sent with ``ticket`` are in the warehouse the pages read."""
        return self.live >= ticket


def _build(warehouse_path: Path) -> BuildResult:
    return build_warehouse(warehouse_path)


class BuildQueue:
    """One background build at a time for one warehouse; requests made meanwhile coalesce."""

    def __init__(self, warehouse_path: Path, build: Callable[[Path], BuildResult] | None = None) -> None:
        self.warehouse_path = Path(warehouse_path)
        self._build = build if build is not None else _build
        self._lock = threading.Condition()
        self._requested = 0
        self._attempted = 0  # the last ticket a finished build (passed or failed) was started for
        self._live = 0
        self._running = False
        self._covering = 0  # the last ticket the running build covers
        self._thread: threading.Thread | None = None
        self._last: BuildResult | None = None
        self._last_finished_at: datetime | None = None

    def request(self) -> int:
        """Ask for a build that includes everything received so far; returns its ticket at once."""
        with self._lock:
            self._requested += 1
            ticket = self._requested
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="dhr-build-queue", daemon=True)
                self._thread.start()
            return ticket

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._attempted >= self._requested:
                    self._thread = None
                    self._lock.notify_all()
                    return
                covering = self._requested  # every request so far: its files are already ingested
                self._covering = covering
                self._running = True
            try:
                result = self._build(self.warehouse_path)
            except Exception as exc:  # a build that raises must not kill the queue
                _log.exception("background build failed")
                result = BuildResult("failed", self.warehouse_path, 0.0, f"the build stopped: {exc}", [])
            with self._lock:
                self._running = False
                self._attempted = covering
                self._last = result
                self._last_finished_at = datetime.now(UTC)
                if result.status in ("built", "skipped"):
                    self._live = covering
                self._lock.notify_all()

    def state(self) -> QueueState:
        with self._lock:
            return QueueState(
                state="building" if self._running else "idle",
                requested=self._requested,
                live=self._live,
                waiting=self._requested > (self._covering if self._running else self._attempted),
                last_status=self._last.status if self._last else None,
                last_message=self._last.message if self._last else None,
                last_finished_at=self._last_finished_at,
            )

    def wait(self, ticket: int, timeout: float | None = None) -> bool:
        """Block until a build started after ``ticket`` has finished (passed or failed); False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._attempted >= ticket, timeout=timeout)


_QUEUES: dict[Path, BuildQueue] = {}
_QUEUES_LOCK = threading.Lock()


def queue_for(warehouse_path: Path) -> BuildQueue:
    """The server's one queue for this warehouse (every session of the server shares it)."""
    key = Path(warehouse_path).resolve()
    with _QUEUES_LOCK:
        if key not in _QUEUES:
            _QUEUES[key] = BuildQueue(key)
        return _QUEUES[key]
