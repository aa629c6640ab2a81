"""The audit log (issue 6 item 5): append-only, chained, and never carries a secret by accident."""

from __future__ import annotations

import duckdb
import pytest

from dhr.app_state import app_state_path, audit_events, record_event, verify_audit_chain


def test_audit_events_are_appended_in_order_with_who_and_what():
    record_event("alice", "sign_in", {"role": "national"})
    record_event("alice", "export", {"table": "risk_factors", "policy": "hes", "rows": 12})
    events = audit_events()
    assert [(e.event_id, e.actor, e.action) for e in events] == [(1, "alice", "sign_in"), (2, "alice", "export")]
    assert events[1].detail == {"policy": "hes", "rows": 12, "table": "risk_factors"}
    assert events[1].prev_hash == events[0].event_hash


def test_an_edited_audit_event_breaks_the_chain():
    record_event("alice", "sign_in")
    record_event("bob", "sign_in_failed")
    record_event("bob", "sign_in")
    assert verify_audit_chain() == []
    with duckdb.connect(str(app_state_path())) as con:  # someone edits the file behind the app's back
        con.execute("update audit_log set actor = 'carol' where event_id = 2")
    assert verify_audit_chain() == [2]


def test_unknown_audit_action_is_refused():
    with pytest.raises(ValueError, match="unknown audit action"):
        record_event("alice", "deleted_everything")


def test_reading_an_audit_log_that_does_not_exist_yet_finds_nothing():
    assert not app_state_path().exists()
    assert audit_events() == []
    assert not app_state_path().exists()  # reading creates nothing


# --- dhr audit verify: the chain, gaps, and the anchor outside the database (issue 15) ---------


def _rehash_from(con, first_id: int) -> None:
    """What someone with the file would do to hide an edit: recompute every hash from ``first_id`` on."""
    import json

    from dhr.app_state import _event_hash

    prev = con.execute("select event_hash from audit_log where event_id = ?", [first_id - 1]).fetchone()
    prev_hash = prev[0] if prev else "genesis"
    rows = con.execute(
        "select event_id, occurred_at, actor, action, detail from audit_log where event_id >= ? order by event_id",
        [first_id],
    ).fetchall()
    for event_id, occurred_at, actor, action, detail in rows:
        detail_json = json.dumps(json.loads(detail), sort_keys=True, default=str)
        new_hash = _event_hash(prev_hash, occurred_at, actor, action, detail_json)
        con.execute(
            "update audit_log set prev_hash = ?, event_hash = ? where event_id = ?", [prev_hash, new_hash, event_id]
        )
        prev_hash = new_hash


def test_an_untouched_log_verifies_and_every_write_is_anchored_outside_the_database():
    from dhr.app_state import anchor_path, verify_audit

    for n in range(4):
        record_event("alice", "sign_in", {"n": n})
    result = verify_audit()
    assert result.ok, result.problems
    assert result.events == 4 and result.anchored == 4 and result.head[0] == 4
    assert anchor_path().parent == app_state_path().parent
    assert anchor_path().read_text().splitlines()[-1].split()[1] == result.head[1]


def test_a_truncated_and_rehashed_log_is_caught():
    from dhr.app_state import verify_audit

    for n in range(5):
        record_event("alice", "export", {"n": n})
    with duckdb.connect(str(app_state_path())) as con:  # drop the last two events: the chain stays valid
        con.execute("delete from audit_log where event_id > 3")
    assert verify_audit_chain() == []  # the old check alone sees nothing
    result = verify_audit()
    assert not result.ok
    assert any("missing" in p for p in result.problems)


def test_an_edited_and_rehashed_log_is_caught():
    from dhr.app_state import verify_audit

    for n in range(5):
        record_event("alice", "export", {"n": n})
    with duckdb.connect(str(app_state_path())) as con:
        con.execute("""update audit_log set actor = 'mallory' where event_id = 2""")
        _rehash_from(con, 2)
    assert verify_audit_chain() == []
    assert any("another hash" in p for p in verify_audit().problems)


def test_a_gap_in_event_ids_is_caught():
    from dhr.app_state import verify_audit

    for n in range(4):
        record_event("alice", "export", {"n": n})
    with duckdb.connect(str(app_state_path())) as con:
        con.execute("delete from audit_log where event_id = 2")
        con.execute(
            "update audit_log set prev_hash = (select event_hash from audit_log where event_id = 1) where event_id = 3"
        )
        _rehash_from(con, 3)
    problems = verify_audit().problems
    assert any("gap in event ids" in p for p in problems)


def test_dhr_audit_verify_exits_1_on_tampering_and_0_otherwise():
    from typer.testing import CliRunner

    from dhr.cli import app

    runner = CliRunner()
    for n in range(3):
        record_event("alice", "export", {"n": n})
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "audit log verified" in ok.output
    with duckdb.connect(str(app_state_path())) as con:
        con.execute("delete from audit_log where event_id = 3")
    bad = runner.invoke(app, ["audit", "verify", "--json"])
    assert bad.exit_code == 1
    assert '"ok": false' in bad.output
