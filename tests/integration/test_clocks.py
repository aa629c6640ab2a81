"""The clocks (issue 18) on the session's synthetic build (tests/conftest.py), against the generator's
ground truth: every open DHR has a due date for its next duty, and where the forms record the dates
a clock runs on, the clock agrees with the generator's own dates. Expected dates are computed here
with the rules written out in this file (calendar months, docs/clocks.md), never asked of the
warehouse.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

AS_OF = date(2026, 9, 30)


@pytest.fixture(scope="module")
def built(synthetic_build):
    assert [r.errors for r in synthetic_build.results if r.status == "rejected"] == []
    assert synthetic_build.build.status == "built", synthetic_build.build.message
    return {"warehouse": synthetic_build.warehouse, "truth": synthetic_build.truth["dhrs"]}


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def add_months(d: date, months: int) -> date:
    """One calendar month from 31 January is the last day of February (docs/clocks.md)."""
    year, month = divmod(d.month - 1 + months, 12)
    year, month = d.year + year, month + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def test_every_open_dhr_has_a_due_date_for_its_next_duty(built):
    """Issue 18 'done when': every open DHR (not published, not 'not commissioned') has one next
    duty with a due date, even where the date that starts its clock is not recorded."""
    open_dhrs = {d["dhr_id"] for d in built["truth"] if d["dhr_status"] not in ("published", "not_commissioned")}
    assert open_dhrs, "the session corpus should hold open DHRs"
    rows = query(
        built["warehouse"],
        "select dhr_id, due_date, clock_status from marts.fct_dhr_clocks where is_next_duty and is_open_dhr",
    )
    assert {r[0] for r in rows} == open_dhrs
    assert len(rows) == len(open_dhrs)
    assert all(r[1] is not None and r[2] in ("overdue", "due") for r in rows)


def test_an_open_dhr_without_a_commencement_date_still_goes_overdue(built):
    """The commencement date first arrives with the data capture form; until then the one-year clock
    (003 L763) runs from the first date known before it, so a DHR notified long ago is overdue."""
    rows = query(
        built["warehouse"],
        "select dhr_id, start_basis, clock_status, days_overdue from marts.fct_dhr_clocks "
        "where duty = 'completion' and is_open_dhr and start_basis <> 'recorded'",
    )
    assert rows, "the session corpus should hold open DHRs with no commencement date yet"
    truth = {d["dhr_id"]: d for d in built["truth"]}
    for dhr_id, basis, status, days in rows:
        assert truth[dhr_id]["commenced_date"] is None
        assert basis in ("commissioned", "decision", "scoping_submitted", "notification+28d", "first_known+28d")
        assert status in ("overdue", "due")
        assert (days is not None) == (status == "overdue")
    notified = {r[0]: iso(truth[r[0]]["notification_date"]) for r in rows}
    long_ago = [dhr for dhr, day in notified.items() if (AS_OF - day).days > 13 * 31]
    assert long_ago, "some open DHR was notified more than 13 months ago"
    overdue = {r[0] for r in rows if r[2] == "overdue"}
    assert set(long_ago) <= overdue


def test_clocks_agree_with_the_generators_dates_where_the_forms_record_them(built):
    """Where a form records the date: the decision clock (four weeks from notification, 003 L268 and
    004 L1592) is met by the decision date, else by the scoping review's submission; the completion
    clock starts at commencement and runs one year (003 L763) or six months (004 L4000), met by the
    report's completion."""
    truth = {d["dhr_id"]: d for d in built["truth"]}
    decisions = query(
        built["warehouse"],
        "select dhr_id, clock_start_date, due_date, met_date from marts.fct_dhr_clocks where duty = 'decision'",
    )
    assert len(decisions) == len(truth)
    for dhr_id, start, due, met in decisions:
        d = truth[dhr_id]
        notified = iso(d["notification_date"])
        assert (start, due) == (notified, notified + timedelta(days=28))
        assert met == (iso(d["clock_dates"]["decision_date"]) or iso(d["scoping_submitted_date"]))
    completions = query(
        built["warehouse"],
        "select dhr_id, guidance_version, clock_start_date, due_date, met_date, clock_status "
        "from marts.fct_dhr_clocks where duty = 'completion' and start_basis = 'recorded'",
    )
    with_commencement = {k for k, d in truth.items() if d["commenced_date"] and d["decision"] != "not_commissioned"}
    assert with_commencement <= {r[0] for r in completions}
    for dhr_id, version, start, due, met, status in completions:
        d = truth[dhr_id]
        # the data capture form's commencement date, else the action plan's optional status update
        commenced = iso(d["commenced_date"]) or iso(d["timeline"]["commenced"])
        months = 12 if version == "2024_draft" else 6
        assert (start, due, met) == (commenced, add_months(commenced, months), iso(d["completed_date"]))
        if d["has_data_capture"]:
            # the generator records a reason for delay exactly when completion missed its target
            assert (status == "met") == (d["delay_reason"] == "none")
