"""The Commissioner's office's statuses of national recommendations (dhr/national_recommendations.py,
issue 18) in a real app-state file: append-only with an audit event each, checked against the seed's
five-point scale, and copied read-only into the warehouse copy a build makes; and the seeds that put
every name of a department under its current name (003 L684)."""

from __future__ import annotations

import csv

import duckdb
import pytest

from dhr.app_state import audit_events, verify_audit, verify_audit_chain
from dhr.national_recommendations import copy_into, latest_decision_id, record_status, status_codes, status_history
from dhr.settings import CODE_LISTS_DIR, REFERENCE_DIR


def _fold(name: str) -> str:
    """The macro addressee_key in Python: lower case, & as and, other runs as one space, no leading 'the'."""
    import re

    folded = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()
    return folded[4:] if folded.startswith("the ") else folded


def _rows(path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_commissioners_scale_has_five_points_each_with_its_meaning():
    codes = status_codes("commissioner_status")
    assert [c.label for c in codes] == [
        "Accepted and implemented",
        "Accepted, implementation in progress",
        "Accepted in part",
        "Not accepted",
        "No response",
    ]
    assert all(c.meaning.endswith(".") and len(c.meaning) > 40 for c in codes)
    assert [c.code for c in status_codes("workflow_status")] == [
        "escalated",
        "overdue",
        "not_notified",
        "awaiting_answer",
        "answered",
    ]


def test_each_status_is_kept_with_who_when_and_an_audit_event_and_never_overwritten(tmp_path):
    state = tmp_path / "app_state.duckdb"
    first = record_status(
        recommendation_id="E1:A#R1", commissioner_status="no_response", is_escalated=False, user="a.one", path=state
    )
    second = record_status(
        recommendation_id="E1:A#R1",
        commissioner_status="accepted_in_part",
        previous_status="no_response",
        is_escalated=True,
        user="b.two",
        note="  Partly accepted by letter  ",
        path=state,
    )
    assert [d.decision_id for d in status_history(state)] == [1, 2]
    assert status_history(state, "E1:A#R1")[0] == first  # never lost
    assert second.note == "Partly accepted by letter" and second.set_by == "b.two"
    events = audit_events(state, action="national_recommendation_status")
    assert [e.event_id for e in events] == [first.audit_event_id, second.audit_event_id]
    assert events[1].detail["previous_status"] == "no_response" and events[1].detail["is_escalated"] is True
    assert verify_audit_chain(state) == [] and verify_audit(state).ok
    assert latest_decision_id(state) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"user": "  "}, "name of the person"),
        ({"recommendation_id": ""}, "recommendation it is about"),
        ({"commissioner_status": "partly_met"}, "unknown status"),  # the CSP's scale, not the Commissioner's
        ({"previous_status": "fully_implemented"}, "unknown previous status"),
    ],
)
def test_a_status_without_a_name_or_off_the_scale_is_refused_and_nothing_is_written(tmp_path, kwargs, message):
    state = tmp_path / "app_state.duckdb"
    request = {"recommendation_id": "E1:A#R1", "commissioner_status": "not_accepted", "is_escalated": False}
    request |= {"user": "a.one"} | kwargs
    with pytest.raises(ValueError, match=message):
        record_status(path=state, **request)
    assert status_history(state) == []
    assert audit_events(state, action="national_recommendation_status") == []


def test_the_build_copies_every_decision_read_only_into_the_warehouse(tmp_path):
    state = tmp_path / "app_state.duckdb"
    con = duckdb.connect(str(tmp_path / "next.duckdb"))
    assert copy_into(con, state) == 0  # no app-state file yet: the table exists, empty
    assert con.execute("select count(*) from decisions.national_recommendation_statuses").fetchone() == (0,)
    record_status(
        recommendation_id="E1:A#R1", commissioner_status="not_accepted", is_escalated=True, user="a", path=state
    )
    assert copy_into(con, state) == 1
    assert con.execute(
        "select recommendation_id, commissioner_status, is_escalated, set_by from decisions.national_recommendation_statuses"
    ).fetchall() == [("E1:A#R1", "not_accepted", True, "a")]
    con.close()
    assert len(status_history(state)) == 1  # the app-state file is unchanged


def test_dluhc_and_mhclg_are_one_department():
    """Issue 18: DLUHC and MHCLG were counted apart. Every name of seed department_names folds to one
    department, whatever period it was used in; DLUHC, DCLG and both periods of MHCLG are MHCLG."""
    names = _rows(REFERENCE_DIR / "department_names.csv")
    departments = {r["department_code"]: r for r in _rows(REFERENCE_DIR / "government_departments.csv")}
    by_key: dict[str, set[str]] = {}
    for row in names:
        by_key.setdefault(_fold(row["name"]), set()).add(row["department_code"])
        assert row["department_code"] in departments, row
    assert {k: v for k, v in by_key.items() if len(v) > 1} == {}
    for name in (
        "DLUHC",
        "Department for Levelling Up, Housing and Communities",
        "MHCLG",
        "the Ministry of Housing, Communities & Local Government",
        "DCLG",
    ):
        assert by_key[_fold(name)] == {"mhclg"}, name
    assert departments["mhclg"]["department_name"] == "Ministry of Housing, Communities and Local Government"
    assert by_key[_fold("Public Health England")] == {"ohid"} and by_key[_fold("NHS Improvement")] == {"nhs_england"}
    # Every current department has its own name among the names.
    assert {r["department_name"] for r in departments.values()} <= {r["name"] for r in names}


def test_every_department_name_makes_a_recommendation_national():
    """A recommendation to any name of a national body is national (003 L684): each name of
    department_names is an exact, national row of recommendation_addressees, which decides that."""
    addressees = {
        _fold(r["addressee"]): r
        for r in _rows(CODE_LISTS_DIR / "recommendation_addressees.csv")
        if r["match_rule"] == "exact"
    }
    missing = [r["name"] for r in _rows(REFERENCE_DIR / "department_names.csv") if _fold(r["name"]) not in addressees]
    assert missing == []
    not_national = [
        r["name"]
        for r in _rows(REFERENCE_DIR / "department_names.csv")
        if addressees[_fold(r["name"])]["is_national_body"] != "true"
    ]
    assert not_national == []
