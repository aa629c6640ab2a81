"""Named queries of the National recommendations page (issue 18): the Domestic Abuse Commissioner's
office's tracker of national recommendations (``marts.fct_national_recommendation_tracker``; 003 L684:
collated by the Commissioner and presented to the Home Office), what to chase first, a chase list
per department, and the Commissioner's own five-point status, which the office sets here.

The Commissioner's statuses are written to the app-state file with an audit event
(dhr/national_recommendations.py), never to the warehouse: the next ``dhr build`` copies them into
the tracker. National users only, like the page: the statuses and the history name recommendations
of every force area."""

from __future__ import annotations

import polars as pl

from dashboards.data._core import AccessDenied, WarehouseUnavailable, _query, current_scope
from dhr.app_state import AppStateBusy

#: Every column the page and the chase list show, one row per national recommendation.
SQL_TRACKER = """
select
    recommendation_id,
    dhr_id,
    csp_code,
    force_area_code,
    department_code,
    department_name,
    department_abbreviation,
    addressee,
    dhr_reference,
    csp_name,
    force_area_name,
    recommendation_number,
    recommendation,
    response,
    workflow_status,
    workflow_status_label,
    workflow_status_sort_order,
    commissioner_status,
    commissioner_status_label,
    commissioner_status_set_by,
    commissioner_status_set_at,
    commissioner_note,
    csp_reported_status,
    csp_reported_status_label,
    is_notified,
    is_answered,
    is_answered_by_due_date,
    is_past_due_date,
    is_unanswered_after_answer_period,
    is_escalated,
    is_due_for_escalation,
    is_due_date_from_notification,
    escalated_by,
    escalated_at,
    notified_date,
    clock_start_date,
    answer_due_date,
    answered_date,
    answer_days,
    days_outstanding,
    days_overdue,
    days_to_answer,
    chase_priority
from marts.fct_national_recommendation_tracker
where $department_name is null or department_name = $department_name
order by chase_priority nulls last, answered_date desc nulls last, recommendation_id
"""

#: The page's headline figures: one row.
SQL_SUMMARY = """
select
    count(*) as recorded_count,
    count(*) filter (where is_notified) as notified_count,
    count(*) filter (where is_answered) as answered_count,
    count(*) filter (where workflow_status = 'not_notified') as not_notified_count,
    count(*) filter (where workflow_status = 'awaiting_answer') as awaiting_count,
    count(*) filter (where workflow_status = 'overdue') as overdue_count,
    count(*) filter (where workflow_status = 'escalated') as escalated_count,
    count(*) filter (where is_due_for_escalation) as due_for_escalation_count,
    count(*) filter (where reporting_date > answer_due_date) as period_over_count,
    count(*) filter (where is_unanswered_after_answer_period) as unanswered_after_period_count,
    count(*) filter (where is_notified and reporting_date > answer_due_date) as notified_period_over_count,
    count(*) filter (where is_notified and is_unanswered_after_answer_period) as notified_unanswered_after_period_count,
    count(*) filter (where is_commissioner_status_set) as commissioner_status_set_count,
    max(answer_days) as answer_days,
    max(escalation_days) as escalation_days,
    count(distinct department_name) as department_count
from marts.fct_national_recommendation_tracker
"""

#: Departments for the selector: those with the most to chase first.
SQL_DEPARTMENTS = """
select
    department_name,
    any_value(department_abbreviation) as department_abbreviation,
    bool_or(is_department_matched) as is_department_matched,
    count(*) as recommendation_count,
    count(*) filter (where not is_answered) as unanswered_count,
    count(*) filter (where workflow_status in ('overdue', 'escalated')) as overdue_count,
    count(*) filter (where workflow_status = 'not_notified') as not_notified_count,
    count(*) filter (where is_past_due_date) as past_due_count,
    max(days_overdue) as longest_days_overdue
from marts.fct_national_recommendation_tracker
group by department_name
order by past_due_count desc, unanswered_count desc, longest_days_overdue desc nulls last, department_name
"""


def _require_commissioners_office() -> None:
    """The tracker and the Commissioner's statuses are the Commissioner's office's: national users only."""
    if current_scope().kind != "national":
        raise AccessDenied("National recommendations are tracked by the Commissioner's office (national users) only.")


def get_tracker(department_name: str | None = None) -> pl.DataFrame:
    """Every national recommendation (or one department's), what to chase first at the top: the
    unanswered by chase priority (longest overdue first, then due soonest), then the answered."""
    _require_commissioners_office()
    return _query(SQL_TRACKER, department_name=None if department_name is None else str(department_name))


def get_summary() -> dict:
    """The headline figures: recorded, notified, answered, each workflow status, and the answer
    period's count and share of recommendations unanswered after it."""
    _require_commissioners_office()
    return _query(SQL_SUMMARY).row(0, named=True)


def get_departments() -> pl.DataFrame:
    """Departments (current names; the addressee as written when it is no department's) with their
    recommendations, unanswered, overdue and past-due counts: most past their due date first."""
    _require_commissioners_office()
    return _query(SQL_DEPARTMENTS)


def get_commissioner_statuses() -> pl.DataFrame:
    """The Commissioner's five-point scale (seed national_recommendation_statuses): code, label, meaning."""
    from dhr.national_recommendations import status_codes

    _require_commissioners_office()
    codes = status_codes("commissioner_status")
    return pl.DataFrame(
        {
            "code": [c.code for c in codes],
            "label": [c.label for c in codes],
            "meaning": [c.meaning for c in codes],
        },
        schema={"code": pl.Utf8, "label": pl.Utf8, "meaning": pl.Utf8},
    )


def get_workflow_statuses() -> pl.DataFrame:
    """The workflow statuses in chasing order, with what each means (the page's legend)."""
    from dhr.national_recommendations import status_codes

    _require_commissioners_office()
    codes = status_codes("workflow_status")
    return pl.DataFrame(
        {"code": [c.code for c in codes], "label": [c.label for c in codes], "meaning": [c.meaning for c in codes]},
        schema={"code": pl.Utf8, "label": pl.Utf8, "meaning": pl.Utf8},
    )


def save_commissioner_status(
    *,
    recommendation_id: str,
    commissioner_status: str,
    is_escalated: bool,
    user: str,
    previous_status: str | None = None,
    note: str | None = None,
):
    """Record the Commissioner's status of one national recommendation in the app-state file, with
    its audit event. The warehouse is not written: the next ``dhr build`` carries it into the
    tracker. Raises ValueError on a bad request (no name, an unknown status)."""
    from dhr.national_recommendations import record_status

    _require_commissioners_office()
    try:
        return record_status(
            recommendation_id=recommendation_id,
            commissioner_status=commissioner_status,
            is_escalated=is_escalated,
            user=user,
            previous_status=previous_status,
            note=note,
        )
    except AppStateBusy:
        raise WarehouseUnavailable(
            "The status was not saved: the record of decisions is busy. Save it again in a moment."
        ) from None


def get_status_history(recommendation_id: str | None = None) -> pl.DataFrame:
    """Every status the office set (optionally for one recommendation), newest first, from the
    app-state file: what the tracker shows after the next build, and what it showed before."""
    from dhr.national_recommendations import status_history

    _require_commissioners_office()
    try:
        history = status_history(recommendation_id=recommendation_id)
    except AppStateBusy:
        raise WarehouseUnavailable("The record of earlier statuses is busy; it shows again in a moment.") from None
    schema = {
        "decision_id": pl.Int64,
        "recommendation_id": pl.Utf8,
        "commissioner_status": pl.Utf8,
        "is_escalated": pl.Boolean,
        "set_by": pl.Utf8,
        "set_at": pl.Datetime,
        "note": pl.Utf8,
    }
    rows = [
        {
            "decision_id": d.decision_id,
            "recommendation_id": d.recommendation_id,
            "commissioner_status": d.commissioner_status,
            "is_escalated": d.is_escalated,
            "set_by": d.set_by,
            "set_at": d.set_at,
            "note": d.note or "",
        }
        for d in reversed(history)
    ]
    return pl.DataFrame(rows, schema=schema)
