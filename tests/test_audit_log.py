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
