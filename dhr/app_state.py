"""What people do in the app, kept apart from the warehouse: the audit log (and, beside it, users, theme
overrides and the Commissioner's statuses of national recommendations).

Why a second DuckDB file: the warehouse is rebuilt on a copy and swapped in (``dhr build``), and
the dashboards hold it read-only, so anything written from the app into the warehouse would be
lost at the next swap or block the build. ``app_state.duckdb`` is written by the app and the CLI
only; ``dhr build`` reads it (theme overrides and national recommendation statuses feed the marts)
but never writes it.

The audit log is append-only by construction: this module offers no update or delete, and each
event carries the hash of the one before it, so an edit made behind our back breaks the chain
(:func:`verify_audit_chain`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock
from filelock import Timeout as FileLockTimeout

from dhr.settings import get_settings

_log = logging.getLogger("dhr.audit")

#: Kinds of event the audit log records (issue 6: sign-ins, exports and theme overrides).
AUDIT_ACTIONS = frozenset(
    {
        "sign_in",
        "sign_in_failed",
        "sign_in_locked",
        "sign_out",
        "export",
        "form_uploaded",
        "theme_override",
        "national_recommendation_status",
        "user_added",
        "user_removed",
        "role_changed",
        "password_changed",
    }
)

_AUDIT_DDL = """
create table if not exists audit_log (
    event_id     bigint primary key,
    occurred_at  timestamp not null,   -- UTC
    actor        varchar not null,     -- user name, or 'cli:<os user>' for the command line
    action       varchar not null,
    detail       json not null,        -- what was done: never a password, never a person's details
    prev_hash    varchar not null,
    event_hash   varchar not null
)
"""


#: Analysts' confirmations and corrections of a text's learning themes (docs/themes.md section 8).
#: Append-only history: a new decision is a new row, the latest row per text_id is the one in force.
_THEME_OVERRIDES_DDL = """
create table if not exists theme_overrides (
    override_id      bigint primary key,
    text_id          varchar not null,     -- marts.dim_theme_texts.text_id
    text_sha256      varchar not null,     -- sha256 of the text the analyst read (applies to that text only)
    text_source      varchar not null,     -- recommendation, action, early_action, scoping_learning
    text             varchar not null,     -- the text, so the override can train the next model
    themes           varchar[] not null,   -- theme codes chosen, primary first
    previous_themes  varchar[] not null,   -- what the marts said before (prediction or earlier override)
    overridden_by    varchar not null,
    overridden_at    timestamp not null,   -- UTC
    note             varchar,
    audit_event_id   bigint not null       -- the audit_log event recorded with it
)
"""


#: The Domestic Abuse Commissioner's office's decisions on national recommendations (issue 18,
#: dhr/national_recommendations.py): its five-point status of the addressee's answer and whether it
#: escalated the recommendation. Append-only like theme_overrides: the latest row per
#: recommendation_id is in force; the CSP's own reported status stays in the action plan.
_NATIONAL_RECOMMENDATION_STATUSES_DDL = """
create table if not exists national_recommendation_statuses (
    decision_id        bigint primary key,
    recommendation_id  varchar not null,   -- marts.fct_national_recommendation_tracker.recommendation_id
    commissioner_status varchar not null,  -- seeds/code_lists/national_recommendation_statuses.csv
    previous_status    varchar,            -- the status in force before (null: none set)
    is_escalated       boolean not null,   -- the office has escalated it (003 L730, L736)
    note               varchar,
    set_by             varchar not null,
    set_at             timestamp not null, -- UTC
    audit_event_id     bigint not null     -- the audit_log event recorded with it
)
"""


def app_state_path(warehouse_path: Path | None = None) -> Path:
    """``DHR_APP_STATE`` or ``app_state.duckdb`` beside the warehouse (``DHR_DB``, or the one given)."""
    configured = os.environ.get("DHR_APP_STATE")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else Path.cwd() / path
    if warehouse_path is not None:
        return Path(warehouse_path).parent / "app_state.duckdb"
    return get_settings().warehouse_dir / "app_state.duckdb"


class AppStateBusy(RuntimeError):
    """The app-state file stayed locked by another process or session longer than we wait."""


#: How long a writer waits for the app-state lock, and how long a read waits (a page must not hang).
WRITE_TIMEOUT = 30.0
READ_TIMEOUT = 10.0


@contextmanager
def connect(
    path: Path | None = None, *, read_only: bool = False, timeout: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the app-state file, created with its tables on first use.

    Writers take a file lock first, so two Streamlit sessions and a CLI command never interleave
    an audit chain or fight over DuckDB's single-writer lock. ``read_only`` opens no lock and no
    writable file, for a process that only reads (``dhr audit verify``); the dashboards read users
    with :func:`read` instead, because DuckDB refuses a read-only and a read-write connection to one
    file in one process. A lock not obtained within ``timeout`` raises :class:`AppStateBusy`.

    When the audit log grew inside the block, its new head is appended to the anchor file outside
    the database (:func:`anchor_path`), so a truncated and re-hashed log is caught by
    :func:`verify_audit`.
    """
    path = path or app_state_path()
    if read_only and not path.exists():
        # Nothing recorded yet: an empty in-memory copy answers every read the same way.
        con = duckdb.connect(":memory:")
        _create(con)
        try:
            yield con
        finally:
            con.close()
        return
    if read_only:
        con = duckdb.connect(str(path), read_only=True)
        try:
            yield con
        finally:
            con.close()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path) + ".lock", timeout=WRITE_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except FileLockTimeout:
        raise AppStateBusy(f"the app-state file {path.name} is busy; try again in a moment") from None
    try:
        con = duckdb.connect(str(path))
        try:
            _create(con)
            head_before = _head(con)
            try:
                yield con
            except BaseException:
                with suppress(duckdb.Error):  # a transaction left open by the error is not part of the log
                    con.rollback()
                raise
            finally:
                try:
                    head_after = _head(con)
                except duckdb.Error:
                    head_after = None
                if head_after is not None and head_after != head_before:
                    _append_anchor(path, *head_after)
        finally:
            con.close()
    finally:
        lock.release()


@contextmanager
def read(path: Path | None = None, *, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read under the lock (never more than ``timeout`` seconds, default ``READ_TIMEOUT``, of
    waiting; AppStateBusy after)."""
    with connect(path, timeout=READ_TIMEOUT if timeout is None else timeout) as con:
        yield con


def history_rows(table: str, columns: str, order_by: str, path: Path | None = None) -> list[tuple]:
    """Every row of a decision history ``table`` (theme overrides, the Commissioner's statuses) for a
    build to copy into the warehouse. The file is only read, under its writers' lock so no
    half-written decision is seen; no file, or no such table yet, gives no rows."""
    path = path or app_state_path()
    if not path.exists():
        return []
    with FileLock(str(path) + ".lock", timeout=60):
        src = duckdb.connect(str(path), read_only=True)
        try:
            if not src.execute(
                "select count(*) from information_schema.tables where table_name = ?", [table]
            ).fetchone()[0]:
                return []
            return src.execute(f"select {columns} from {table} order by {order_by}").fetchall()
        finally:
            src.close()


def _head(con: duckdb.DuckDBPyConnection) -> tuple[int, str] | None:
    row = con.execute("select event_id, event_hash from audit_log order by event_id desc limit 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None


def anchor_path(path: Path | None = None) -> Path:
    """``DHR_AUDIT_ANCHOR``, or ``<app state>.audit-anchor`` beside the app-state file.

    One line per write that added events: ``<event_id> <event_hash> <UTC time>``, appended only.
    Point ``DHR_AUDIT_ANCHOR`` at storage the app-state's writers cannot rewrite (an append-only
    mount, a log shipper) for the strongest check; each head is also written to the log."""
    configured = os.environ.get("DHR_AUDIT_ANCHOR")
    if configured:
        return Path(configured)
    path = path or app_state_path()
    return path.with_name(path.name + ".audit-anchor")


def _append_anchor(path: Path, event_id: int, event_hash: str) -> None:
    line = f"{event_id} {event_hash} {datetime.now(UTC).replace(tzinfo=None).isoformat()}\n"
    target = anchor_path(path)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    _log.info("audit head %s %s", event_id, event_hash)


def read_anchor(path: Path | None = None) -> list[tuple[int, str]]:
    """Every (event_id, event_hash) anchored, oldest first; lines that do not parse are skipped."""
    target = anchor_path(path)
    if not target.exists():
        return []
    out: list[tuple[int, str]] = []
    for line in target.read_text(encoding="ascii", errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            out.append((int(parts[0]), parts[1]))
    return out


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_AUDIT_DDL)
    con.execute(_THEME_OVERRIDES_DDL)
    con.execute(_NATIONAL_RECOMMENDATION_STATUSES_DDL)


@dataclass(frozen=True)
class AuditEvent:
    event_id: int
    occurred_at: datetime
    actor: str
    action: str
    detail: dict[str, Any]
    prev_hash: str
    event_hash: str


def _event_hash(prev_hash: str, occurred_at: datetime, actor: str, action: str, detail_json: str) -> str:
    payload = "\x1f".join((prev_hash, occurred_at.isoformat(), actor, action, detail_json))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record_event(
    actor: str,
    action: str,
    detail: Mapping[str, Any] | None = None,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    path: Path | None = None,
) -> AuditEvent:
    """Append one event to the audit log (inside ``con``'s transaction when one is given)."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; expected one of {sorted(AUDIT_ACTIONS)}")
    if not actor:
        raise ValueError("an audit event needs an actor")
    detail_json = json.dumps(dict(detail or {}), sort_keys=True, default=str)
    if con is None:
        with connect(path) as own:
            return record_event(actor, action, detail, con=own)
    _create(con)
    last = con.execute("select event_id, event_hash from audit_log order by event_id desc limit 1").fetchone()
    event_id, prev_hash = (last[0] + 1, last[1]) if last else (1, "genesis")
    occurred_at = datetime.now(UTC).replace(tzinfo=None)
    event_hash = _event_hash(prev_hash, occurred_at, actor, action, detail_json)
    con.execute(
        "insert into audit_log values (?, ?, ?, ?, ?, ?, ?)",
        [event_id, occurred_at, actor, action, detail_json, prev_hash, event_hash],
    )
    return AuditEvent(event_id, occurred_at, actor, action, json.loads(detail_json), prev_hash, event_hash)


def audit_events(
    path: Path | None = None, *, action: str | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> list[AuditEvent]:
    """Every event, oldest first (optionally of one kind)."""
    if con is None:
        with connect(path, read_only=True) as own:
            return audit_events(path, action=action, con=own)
    rows = con.execute(
        "select event_id, occurred_at, actor, action, detail, prev_hash, event_hash from audit_log "
        "where ? is null or action = ? order by event_id",
        [action, action],
    ).fetchall()
    return [AuditEvent(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows]


def verify_audit_chain(path: Path | None = None, *, events: list[AuditEvent] | None = None) -> list[int]:
    """Event ids whose hash does not follow from the event before: empty when nothing was altered."""
    broken: list[int] = []
    prev = "genesis"
    for event in audit_events(path) if events is None else events:
        detail_json = json.dumps(event.detail, sort_keys=True, default=str)
        expected = _event_hash(prev, event.occurred_at, event.actor, event.action, detail_json)
        if event.prev_hash != prev or event.event_hash != expected:
            broken.append(event.event_id)
        prev = event.event_hash
    return broken


@dataclass(frozen=True)
class AuditVerification:
    """What ``dhr audit verify`` found: ``ok`` when nothing is wrong; ``problems`` say what is."""

    events: int
    head: tuple[int, str] | None
    anchored: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_audit(path: Path | None = None) -> AuditVerification:
    """Recompute the hash chain, check the event ids run 1, 2, 3 ... without a gap, and check every
    head written to the anchor file is still in the log with the same hash.

    A log cut short, or edited and re-hashed from the edit on, keeps a valid chain; it is caught by
    the anchor, which holds the heads the log had (an anchored event missing, or with another hash).
    """
    path = path or app_state_path()
    if not path.exists():
        anchors = read_anchor(path)
        return AuditVerification(
            0, None, len(anchors), ["the app-state file is missing but an anchor exists"] if anchors else []
        )
    # Under the writers' lock, so the log and the anchor are read at the same moment.
    with connect(path) as con:
        events = audit_events(path, con=con)
        anchors = read_anchor(path)
    problems: list[str] = []
    broken = verify_audit_chain(path, events=events)
    if broken:
        problems.append(f"hash chain broken at event(s) {', '.join(map(str, broken[:20]))}")
    expected = 1
    for event in events:
        if event.event_id != expected:
            problems.append(f"gap in event ids: expected {expected}, found {event.event_id}")
            break
        expected += 1
    by_id = {e.event_id: e.event_hash for e in events}
    head = (events[-1].event_id, events[-1].event_hash) if events else None
    for event_id, event_hash in anchors:
        if event_id not in by_id:
            problems.append(f"anchored event {event_id} is missing from the log (truncated?)")
            break
        if by_id[event_id] != event_hash:
            problems.append(f"anchored event {event_id} has another hash in the log (rewritten?)")
            break
    if anchors and head is not None and head[0] > anchors[-1][0]:
        problems.append(f"events after {anchors[-1][0]} were written without an anchor")
    if events and not anchors:
        problems.append(f"no anchor file ({anchor_path(path)}): the head of the log cannot be checked")
    return AuditVerification(len(events), head, len(anchors), problems)
