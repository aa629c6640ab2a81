"""What people do in the app, kept apart from the warehouse: the audit log (and, beside it, users and theme overrides).

Why a second DuckDB file: the warehouse is rebuilt on a copy and swapped in (``dhr build``), and
the dashboards hold it read-only, so anything written from the app into the warehouse would be
lost at the next swap or block the build. ``app_state.duckdb`` is written by the app and the CLI
only; ``dhr build`` reads it (theme overrides feed the marts) but never writes it.

The audit log is append-only by construction: this module offers no update or delete, and each
event carries the hash of the one before it, so an edit made behind our back breaks the chain
(:func:`verify_audit_chain`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock

from dhr.settings import get_settings

#: Kinds of event the audit log records (issue 6: sign-ins, exports and theme overrides).
AUDIT_ACTIONS = frozenset(
    {
        "sign_in",
        "sign_in_failed",
        "sign_in_locked",
        "sign_out",
        "export",
        "theme_override",
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


def app_state_path(warehouse_path: Path | None = None) -> Path:
    """``DHR_APP_STATE`` or ``app_state.duckdb`` beside the warehouse (``DHR_DB``, or the one given)."""
    configured = os.environ.get("DHR_APP_STATE")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else Path.cwd() / path
    if warehouse_path is not None:
        return Path(warehouse_path).parent / "app_state.duckdb"
    return get_settings().warehouse_dir / "app_state.duckdb"


@contextmanager
def connect(path: Path | None = None, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the app-state file, created with its tables on first use.

    Writers take a file lock first, so two Streamlit sessions and a CLI command never interleave
    an audit chain or fight over DuckDB's single-writer lock.
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
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path) + ".lock", timeout=30)
    if read_only:
        con = duckdb.connect(str(path), read_only=True)
        try:
            yield con
        finally:
            con.close()
        return
    with lock:
        con = duckdb.connect(str(path))
        try:
            _create(con)
            yield con
        finally:
            con.close()


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_AUDIT_DDL)
    con.execute(_THEME_OVERRIDES_DDL)


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


def audit_events(path: Path | None = None, *, action: str | None = None) -> list[AuditEvent]:
    """Every event, oldest first (optionally of one kind)."""
    with connect(path, read_only=True) as con:
        rows = con.execute(
            "select event_id, occurred_at, actor, action, detail, prev_hash, event_hash from audit_log "
            "where ? is null or action = ? order by event_id",
            [action, action],
        ).fetchall()
    return [AuditEvent(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows]


def verify_audit_chain(path: Path | None = None) -> list[int]:
    """Event ids whose hash does not follow from the event before: empty when nothing was altered."""
    broken: list[int] = []
    prev = "genesis"
    for event in audit_events(path):
        detail_json = json.dumps(event.detail, sort_keys=True, default=str)
        expected = _event_hash(prev, event.occurred_at, event.actor, event.action, detail_json)
        if event.prev_hash != prev or event.event_hash != expected:
            broken.append(event.event_id)
        prev = event.event_hash
    return broken
