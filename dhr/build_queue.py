"""Rebuilding the warehouse in the background after forms arrive through the dashboards (issue 17).

The page that receives a form must not make its sender wait for a build, and two senders must not
start two builds. So the server keeps one ``BuildQueue`` per warehouse: ``request()`` returns at
once with a ticket; one thread builds, one build at a time; every request made while a build runs
is covered by ONE next build (they coalesce), so ten uploads in a minute cost two builds, not ten.

Readers are never blocked: ``dhr.warehouse_build.build_warehouse`` builds a copy and swaps it in only
when every dbt node passes, so the pages serve the last good warehouse until the new one is live,
and a failed build leaves it as it was (the queue says so; the next request tries again). Across
processes the build's file lock orders it with `dhr ingest` and `dhr build` run at a shell.

**Two lanes.** A whole build takes about 40 s at 2,000 DHRs and two minutes at 20,000, and the sender
is looking at the CSP board. So a request that says which forms arrived (``fast_lane``) is first
built narrowly: only the lineage of those forms' raw tables that the CSP board shows, and the
files-received register of the Send forms page, with every data test of those nodes (dbt ``build``
runs a selected model's tests). Each form's staging model joins ``raw.ingested_files`` on its own
files only, so a new action plan cannot change a data capture model: the nodes left out are the
same whether built now or not. The whole build follows at once and makes every page current.
``marts.meta_build`` is left to the whole build: it says when the warehouse was wholly built, and
`dhr build --if-stale` trusts it to skip.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from dhr.settings import get_settings
from dhr.warehouse_build import BuildResult
from form_contract.spec import ALL_RAW_TABLES

_log = logging.getLogger(__name__)

State = Literal["idle", "building"]

#: The pages a sender looks at after sending (exposure names in models/exposures.yml).
SENDER_PAGES = ("csp_board",)
#: The Send forms page's register of files received (the rest of that page reads no build).
FILES_RECEIVED_MART = "fct_files_received"
#: Left to the whole build: `meta_build` records a whole build (`dhr build --if-stale` reads it); the
#: learning themes (`dim_theme_texts` and what is built on it) hardly move with one quarterly update
#: and took the fast lane from 325 to 388 nodes once the CSP board showed them (issue 18), so the
#: sender's new quarter would have waited for them. They follow with the whole build, seconds later.
WHOLE_BUILD_ONLY = "meta_build dim_theme_texts+"


@dataclass(frozen=True)
class Lane:
    """A narrower build: dbt's ``--select`` and ``--exclude``."""

    select: str
    exclude: str | None = None

    def joined(self, other: Lane) -> Lane:
        """One build covering both lanes' nodes."""
        select = " ".join(dict.fromkeys([*self.select.split(), *other.select.split()]))
        return Lane(select, self.exclude or other.exclude)


def fast_lane(form_types: Iterable[str | None]) -> Lane | None:
    """The narrow build that makes the sender's pages current after forms of ``form_types`` arrived;
    None when no known form type arrived (then only the whole build runs)."""
    kinds = {kind for kind in form_types if kind}
    tables = [table.name for table in ALL_RAW_TABLES if table.name.split("__", 1)[0] in kinds]
    if not tables:
        return None
    # Each form table's lineage, intersected with what the sender's pages show ("a+,+b": downstream
    # of a and upstream of b). Not the whole lineage of the ingest log's tables (every form's staging
    # reads them): each form's staging joins a file's row and its privacy findings on its own files'
    # hashes, so the new file's rows reach only its own form's lineage, selected here.
    select = [f"source:dhr_forms.{table}+,+exposure:{page}" for table in tables for page in SENDER_PAGES]
    select.append(f"source:dhr_forms.ingested_files+,+{FILES_RECEIVED_MART}")
    return Lane(" ".join(select), WHOLE_BUILD_ONLY)


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
    #: The last ticket whose files are on the sender's pages (the fast lane, or a whole build).
    sender_pages_live: int = 0
    #: Which lane the running build is ("fast" or "whole"), None when idle.
    running_lane: str | None = None

    def is_live(self, ticket: int) -> bool:
        """Whether the files sent with ``ticket`` are in the warehouse the pages read."""
        return self.live >= ticket

    def is_on_sender_pages(self, ticket: int) -> bool:
        """Whether the files sent with ``ticket`` are on the CSP board and the files-received register."""
        return max(self.sender_pages_live, self.live) >= ticket


def _build(warehouse_path: Path, lane: Lane | None = None) -> BuildResult:
    """One build in the server's build process (dhr/build_worker.py), not in the server's own: a
    build holds the interpreter lock for most of its time, and every page view needs it."""
    from dhr.build_worker import worker

    # The reporting date `dhr build` would use: DHR_REPORTING_DATE if set, else today.
    reporting_date = get_settings().reporting_date
    if lane is None:
        return worker().build(warehouse_path, reporting_date=reporting_date)
    # Only on top of a whole build (checked under the build's lock; else "skipped", and the whole build follows).
    return worker().build(
        warehouse_path,
        reporting_date=reporting_date,
        select=lane.select,
        exclude=lane.exclude,
        selection_on_whole_build_only=True,
    )


class BuildQueue:
    """One background build at a time for one warehouse; requests made meanwhile coalesce.

    A request with a fast lane is built in that lane first, then wholly; the whole build covers
    every request made before it started, so fast lanes cannot starve it."""

    def __init__(
        self,
        warehouse_path: Path,
        build: Callable[[Path, Lane | None], BuildResult] | None = None,
    ) -> None:
        self.warehouse_path = Path(warehouse_path)
        self._build = build if build is not None else _build
        self._lock = threading.Condition()
        self._requested = 0
        self._attempted = 0  # the last ticket a finished whole build (passed or failed) was started for
        self._live = 0
        self._sender_pages_live = 0
        self._running: str | None = None  # "fast" or "whole" while a build runs
        self._covering = 0  # the last ticket the running build covers
        self._lanes: list[Lane] = []  # fast lanes asked for since the last build started
        self._ticket_of: dict[str, int] = {}  # each sender's last ticket
        self._running_after_fast = False  # the last build started was a fast lane
        self._thread: threading.Thread | None = None
        self._last: BuildResult | None = None
        self._last_finished_at: datetime | None = None

    def request(self, lane: Lane | None = None, sender: str | None = None) -> int:
        """Ask for a build that includes everything received so far; returns its ticket at once.

        ``lane``: build this narrower selection first, so the sender's pages are current sooner.
        ``sender``: remembered, so a sender who reloads the page still learns when the files are live.
        """
        with self._lock:
            self._requested += 1
            ticket = self._requested
            if lane is not None:
                self._lanes.append(lane)
            if sender is not None:
                self._ticket_of[sender] = ticket
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="dhr-build-queue", daemon=True)
                self._thread.start()
            return ticket

    def last_ticket(self, sender: str) -> int | None:
        """The last ticket ``sender`` was given by this server, if any."""
        with self._lock:
            return self._ticket_of.get(sender)

    def _next(self) -> tuple[str, Lane | None, int] | None:
        """The next build to run (under the lock): the fast lane if one is pending, else the whole."""
        if self._attempted >= self._requested:
            return None
        covering = self._requested  # every request so far: its files are already ingested
        if self._running_after_fast:  # a fast build ran: the whole build now, even if more lanes came
            self._lanes = []
            return "whole", None, covering
        lanes, self._lanes = self._lanes, []
        if lanes:
            lane = lanes[0]
            for other in lanes[1:]:
                lane = lane.joined(other)
            return "fast", lane, covering
        return "whole", None, covering

    def _run(self) -> None:
        while True:
            with self._lock:
                step = self._next()
                if step is None:
                    self._thread = None
                    self._lock.notify_all()
                    return
                kind, lane, covering = step
                self._covering = covering
                self._running = kind
                self._running_after_fast = kind == "fast"
            try:
                result = self._build(self.warehouse_path, lane)
            except Exception as exc:  # a build that raises must not kill the queue
                _log.exception("background build failed")
                result = BuildResult("failed", self.warehouse_path, 0.0, f"the build stopped: {exc}", [])
            with self._lock:
                self._running = None
                passed = result.status in ("built", "skipped")
                if kind == "fast":
                    # "skipped": no whole build to build a lane on. Either way the whole build follows
                    # at once and reports for both.
                    if result.status == "built":
                        self._sender_pages_live = covering
                    else:
                        _log.warning("fast-lane build %s, the whole build follows: %s", result.status, result.message)
                else:
                    self._attempted = covering
                    self._last = result
                    self._last_finished_at = datetime.now(UTC)
                    if passed:
                        self._live = covering
                self._lock.notify_all()

    def state(self) -> QueueState:
        with self._lock:
            return QueueState(
                state="building" if self._running else "idle",
                requested=self._requested,
                live=self._live,
                # a fast build is always followed by the whole one
                waiting=self._running == "fast"
                or self._requested > (self._covering if self._running else self._attempted),
                last_status=self._last.status if self._last else None,
                last_message=self._last.message if self._last else None,
                last_finished_at=self._last_finished_at,
                sender_pages_live=self._sender_pages_live,
                running_lane=self._running,
            )

    def wait(self, ticket: int, timeout: float | None = None, *, sender_pages: bool = False) -> bool:
        """Block until a whole build started after ``ticket`` has finished (passed or failed), or with
        ``sender_pages`` until its files are on the sender's pages; False on timeout."""
        with self._lock:
            if sender_pages:
                return self._lock.wait_for(
                    lambda: max(self._sender_pages_live, self._live) >= ticket or self._attempted >= ticket,
                    timeout=timeout,
                )
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
