"""The Commissioner's office's decisions on national recommendations: stored in the app-state file, never in the warehouse.

National recommendations are collated by the Domestic Abuse Commissioner and presented to the
Home Office (003 L684); the Commissioner is a point of escalation where implementation is
obstructed (003 L730). On the "National recommendations" page a ``national`` user (the
Commissioner's office) sets the Commissioner's own five-point status of the addressee's answer
(seeds/code_lists/national_recommendation_statuses.csv, list ``commissioner_status``) and may mark the
recommendation escalated. The CSP's own reported status stays what the action plan says
(``fct_national_recommendations.implementation_status``): the two are kept side by side.

Each decision is a new row of ``national_recommendation_statuses`` in ``app_state.duckdb``
(dhr/app_state.py), written in the same transaction as its ``national_recommendation_status``
audit event in the hash-chained audit log; nothing is updated or deleted. The latest row per
``recommendation_id`` is in force.

``dhr build`` copies the table read-only into the warehouse copy it builds
(``decisions.national_recommendation_statuses``, :func:`copy_into`), staged by
``stg_decisions__national_recommendation_statuses`` and carried into
``fct_national_recommendation_tracker`` (docs/national_recommendations.md).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
from filelock import FileLock

from dhr import app_state
from dhr.settings import CODE_LISTS_DIR

STATUSES_CSV = CODE_LISTS_DIR / "national_recommendation_statuses.csv"

_COLUMNS = (
    "decision_id, recommendation_id, commissioner_status, previous_status, is_escalated, note, set_by, set_at, "
    "audit_event_id"
)


@dataclass(frozen=True)
class StatusCode:
    code: str
    label: str
    meaning: str
    sort_order: int


@dataclass(frozen=True)
class StatusDecision:
    decision_id: int
    recommendation_id: str
    commissioner_status: str
    previous_status: str | None
    is_escalated: bool
    note: str | None
    set_by: str
    set_at: datetime
    audit_event_id: int


@cache
def status_codes(status_list: str = "commissioner_status") -> tuple[StatusCode, ...]:
    """The codes of one list of the seed, in their sort order (the seed is the one source of truth)."""
    with STATUSES_CSV.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["status_list"] == status_list]
    codes = [StatusCode(r["code"], r["label"], r["meaning"], int(r["sort_order"])) for r in rows]
    return tuple(sorted(codes, key=lambda c: c.sort_order))


def _row(r: tuple) -> StatusDecision:
    return StatusDecision(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8])


def record_status(
    *,
    recommendation_id: str,
    commissioner_status: str,
    is_escalated: bool,
    user: str,
    previous_status: str | None = None,
    note: str | None = None,
    path: Path | None = None,
) -> StatusDecision:
    """Append one decision and its audit event (one transaction). Raises ValueError on a bad request."""
    user = (user or "").strip()
    if not user:
        raise ValueError("a status needs the name of the person setting it")
    recommendation_id = (recommendation_id or "").strip()
    if not recommendation_id:
        raise ValueError("a status needs the recommendation it is about")
    codes = {c.code for c in status_codes()}
    if commissioner_status not in codes:
        raise ValueError(f"unknown status {commissioner_status!r}; expected one of {sorted(codes)}")
    if previous_status is not None and previous_status not in codes:
        raise ValueError(f"unknown previous status {previous_status!r}")
    note = (note or "").strip() or None
    with app_state.connect(path) as con:
        con.execute("begin transaction")
        try:
            event = app_state.record_event(
                user,
                "national_recommendation_status",
                {
                    "recommendation_id": recommendation_id,
                    "commissioner_status": commissioner_status,
                    "previous_status": previous_status,
                    "is_escalated": bool(is_escalated),
                    "note": note,
                },
                con=con,
            )
            next_id = con.execute(
                "select coalesce(max(decision_id), 0) + 1 from national_recommendation_statuses"
            ).fetchone()[0]
            con.execute(
                f"insert into national_recommendation_statuses ({_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    next_id,
                    recommendation_id,
                    commissioner_status,
                    previous_status,
                    bool(is_escalated),
                    note,
                    user,
                    event.occurred_at,
                    event.event_id,
                ],
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return StatusDecision(
        next_id,
        recommendation_id,
        commissioner_status,
        previous_status,
        bool(is_escalated),
        note,
        user,
        event.occurred_at,
        event.event_id,
    )


def status_history(path: Path | None = None, recommendation_id: str | None = None) -> list[StatusDecision]:
    """Every decision, oldest first (optionally for one recommendation), read under the app-state lock
    like every read in a server process (dhr/themes/overrides.py ``override_history``)."""
    path = path or app_state.app_state_path()
    if not path.exists():
        return []
    with app_state.read(path) as con:
        rows = con.execute(
            f"select {_COLUMNS} from national_recommendation_statuses "
            "where ? is null or recommendation_id = ? order by decision_id",
            [recommendation_id, recommendation_id],
        ).fetchall()
    return [_row(r) for r in rows]


def latest_decision_id(path: Path) -> int:
    """The newest decision's id (0 for none), without creating anything: `dhr build --if-stale` asks it."""
    if not path.exists():
        return 0
    with FileLock(str(path) + ".lock", timeout=60):
        con = duckdb.connect(str(path), read_only=True)
        try:
            has_table = con.execute(
                "select count(*) from information_schema.tables where table_name = 'national_recommendation_statuses'"
            ).fetchone()[0]
            if not has_table:
                return 0
            return int(
                con.execute("select coalesce(max(decision_id), 0) from national_recommendation_statuses").fetchone()[0]
            )
        finally:
            con.close()


_WAREHOUSE_DDL = """
create schema if not exists decisions;
create or replace table decisions.national_recommendation_statuses (
    decision_id bigint, recommendation_id varchar, commissioner_status varchar, previous_status varchar,
    is_escalated boolean, note varchar, set_by varchar, set_at timestamp, audit_event_id bigint,
    copied_at timestamp
);
"""


def copy_into(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> int:
    """Replace ``decisions.national_recommendation_statuses`` in the warehouse ``con`` with every row
    of the app-state history. The app-state file is only read, under its writers' lock so no
    half-written decision is seen; with no file (or no decision yet) the table is empty."""
    rows = app_state.history_rows("national_recommendation_statuses", _COLUMNS, "decision_id", path)
    con.execute(_WAREHOUSE_DDL)
    copied_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    if rows:
        con.executemany(
            "insert into decisions.national_recommendation_statuses values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r, copied_at) for r in rows],
        )
    return len(rows)
