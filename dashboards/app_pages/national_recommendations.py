"""National recommendations: the Domestic Abuse Commissioner's office's tracker (issue 18).

National recommendations are collated by the Commissioner and presented to the Home Office
(003 L684); the Commissioner is a point of escalation (003 L730). The page shows where each stands
(not notified, awaiting an answer, answered, overdue, escalated; an answer is due 56 days after the
department was notified), what to chase first, a chase list per department to download, and the
form where the office sets the Commissioner's own five-point status. Statuses are stored in the
app-state file with who and when and an audit event (dhr/national_recommendations.py, through
``national_recommendations.save_commissioner_status``) and reach the tracker at the next
``dhr build``; the CSP's own reported status is kept beside them."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards import data, figures, signin, ui
from dashboards.data import national_recommendations as natrecs
from dashboards.formatting import fmt_date, fmt_int, fmt_pct, md_escape, plural
from dashboards.kpi_cards import Kpi
from dhr.guidance import plain
from dhr.safe_cells import escape_frame

ALL = "__all__"
#: Rows of the "Chase first" table across every department.
CHASE_FIRST_ROWS = 15


def headline(summary: dict) -> None:
    days = summary["answer_days"] or 56
    over = summary["period_over_count"]
    ui.kpis(
        Kpi(
            "Recorded",
            fmt_int(summary["recorded_count"]),
            plural(summary["department_count"], "department or body", "departments or bodies"),
            "National recommendations in the latest action plans: level national, or addressed to a national body.",
        ),
        Kpi(
            "Notified",
            fmt_int(summary["notified_count"]),
            f"{fmt_pct(summary['notified_count'], summary['recorded_count'])} of recorded",
            "A plan records the date the department was sent the recommendation.",
        ),
        Kpi(
            "Answered",
            fmt_int(summary["answered_count"]),
            f"{fmt_pct(summary['answered_count'], summary['recorded_count'])} of recorded",
            "A plan records the department's answer or the date of it.",
        ),
        Kpi(
            "Overdue",
            fmt_int(summary["overdue_count"]),
            f"{fmt_int(summary['due_for_escalation_count'])} overdue long enough to escalate",
            f"Notified, not answered, and more than {days} days have passed (not yet escalated). Long enough to "
            f"escalate: more than {summary['escalation_days'] or 28} days past the due date.",
        ),
        Kpi(
            "Escalated",
            fmt_int(summary["escalated_count"]),
            "by the Commissioner's office",
            "Not answered and escalated by the Commissioner's office on this page.",
        ),
        Kpi(
            f"Unanswered after {days} days",
            fmt_pct(summary["unanswered_after_period_count"], over, with_counts=False),
            f"{fmt_int(summary['unanswered_after_period_count'])} of the {plural(over, 'recommendation')} "
            f"whose {days} days have run out",
            f"No answer came within {days} days of the department being notified (or, where no plan records "
            "a notification, of the plan's first update).",
        ),
    )
    st.caption(
        f"Of the recommendations the department was notified of, "
        f"{fmt_pct(summary['notified_unanswered_after_period_count'], summary['notified_period_over_count'])} "
        f"were unanswered after {days} days. {fmt_int(summary['not_notified_count'])} were never sent to the "
        f"department; {fmt_int(summary['awaiting_count'])} are awaiting an answer within the {days} days."
    )


def chase_first(tracker, days: int) -> None:
    st.header("Chase first", divider="gray")
    st.caption(
        plain(
            f"Every national recommendation not yet answered, the longest overdue first, then those due soonest. "
            f"An answer is due {days} days after the department was notified; where no plan records a "
            "notification the days count from the plan's first quarterly update (003 L684, L712)."
        )
    )
    table = figures.chase_first_table(tracker, CHASE_FIRST_ROWS)
    if table.height == 0:
        st.success("Every national recommendation has been answered: nothing to chase.")
        return
    unanswered = int(tracker.get_column("chase_priority").is_not_null().sum())
    if unanswered > CHASE_FIRST_ROWS:
        st.caption(f"The first {CHASE_FIRST_ROWS} of {fmt_int(unanswered)}; each department's full list is below.")
    ui.table(table, "Chase first")
    with st.expander("What each status means"):
        ui.table(
            natrecs.get_workflow_statuses().select(pl.col("label").alias("Status"), pl.col("meaning").alias("Meaning")),
            "Statuses",
        )


def choose_department(departments) -> str | None:
    names = departments.get_column("department_name").to_list()
    counts = {r["department_name"]: r for r in departments.iter_rows(named=True)}

    def label(name: str) -> str:
        if name == ALL:
            return "Every department"
        row = counts[name]
        return f"{name} ({row['unanswered_count']:,} not answered, {row['past_due_count']:,} past the due date)"

    chosen = st.selectbox(
        "Department",
        [*names, ALL],
        format_func=label,
        key="natrec_department",
        help="Current names: a recommendation to a department since renamed (DLUHC, DCLG) is the current department's.",
    )
    return None if chosen == ALL else chosen


def department_section(departments) -> str | None:
    st.header("Chase list by department", divider="gray")
    with st.expander("Every department"):
        ui.table(figures.department_table(departments), "Departments")
    department = choose_department(departments)
    tracker = natrecs.get_tracker(department)
    whose = department or "every department"
    chase = figures.chase_list(tracker)
    if chase.height == 0:
        st.info(f"Nothing to chase for {whose}: every national recommendation to it has been answered.")
    else:
        st.markdown(f"**{fmt_int(chase.height)}** national recommendation(s) of {md_escape(whose)} not yet answered.")
        ui.table(figures.chase_first_table(tracker), f"Chase list: {whose}")
        st.download_button(
            f"Download the chase list of {whose} ({plural(chase.height, 'recommendation')}, .csv)",
            # Text cells escaped: a recommendation typed as =HYPERLINK(...) must not run as a formula (issue 15).
            data=escape_frame(chase).write_csv().encode("utf-8-sig"),
            file_name=f"chase list {whose}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="natrec_download",
        )
    return department


def status_form(user: str | None, department: str | None) -> None:
    st.header("The Commissioner's status", divider="gray")
    st.caption(
        plain(
            "The Commissioner's own assessment of the department's answer, on five points, kept beside the status "
            "the CSP reports on its action plan (003 L684, L727-732). Escalate a recommendation when the department "
            "has not answered and chasing has not worked (003 L730: the Commissioner is a point of escalation)."
        )
    )
    if user:
        st.caption(f"Setting as **{md_escape(user)}**.")
    tracker = natrecs.get_tracker(department)
    if tracker.height == 0:
        st.info("No national recommendation to set a status for.")
        return
    rows = {r["recommendation_id"]: r for r in tracker.iter_rows(named=True)}

    def label(rec_id: str) -> str:
        row = rows[rec_id]
        text = row["recommendation"] or ""
        text = text if len(text) <= 80 else text[:77] + "..."
        return f"{row['department_name']} · {row['csp_name']} {row['dhr_reference']} R{row['recommendation_number']} · {text}"

    if st.session_state.get("natrec_recommendation") not in rows:
        st.session_state.pop("natrec_recommendation", None)
    rec_id = st.selectbox("Recommendation", list(rows), format_func=label, key="natrec_recommendation")
    row = rows[rec_id]
    st.text(row["recommendation"] or "")
    set_by = row["commissioner_status_set_by"]
    st.markdown(
        f"- **Where it stands:** {md_escape(row['workflow_status_label'])} ("
        + (f"notified {fmt_date(row['notified_date'])}" if row["notified_date"] else "never notified")
        + f", answer due {fmt_date(row['answer_due_date'])})\n"
        f"- **The CSP reports:** {md_escape(row['csp_reported_status_label'] or figures.NOT_RECORDED)}\n"
        f"- **The Commissioner's status:** "
        + (
            f"{md_escape(row['commissioner_status_label'])}, set by {md_escape(set_by)} on "
            f"{fmt_date(row['commissioner_status_set_at'])}"
            if set_by
            else figures.NOT_SET
        )
    )
    if row["response"]:
        st.caption("The department's answer, as the plan records it:")
        st.text(row["response"])

    statuses = natrecs.get_commissioner_statuses()
    labels = dict(statuses.select("code", "label").iter_rows())
    meanings = dict(statuses.select("code", "meaning").iter_rows())
    current = row["commissioner_status"] or "no_response"
    chosen = st.radio(
        "Status",
        list(labels),
        index=list(labels).index(current) if current in labels else len(labels) - 1,
        format_func=labels.get,
        captions=[meanings[c] for c in labels],
        key=f"natrec_status_{rec_id}",
    )
    escalated = st.checkbox(
        "Escalated by the Commissioner's office",
        value=bool(row["is_escalated"]),
        key=f"natrec_escalated_{rec_id}",
        disabled=bool(row["is_answered"]),
        help="Answered recommendations are not escalated.",
    )
    note = st.text_input("Note (optional), e.g. the reason the department gave", key=f"natrec_note_{rec_id}")
    if st.button("Save the status", type="primary", key="natrec_save", icon=":material/save:"):
        if not user:
            st.error("Sign in before saving: every status records who set it.")
        else:
            try:
                saved = natrecs.save_commissioner_status(
                    recommendation_id=rec_id,
                    commissioner_status=chosen,
                    is_escalated=bool(escalated) and not row["is_answered"],
                    user=user,
                    previous_status=row["commissioner_status"],
                    note=note,
                )
            except (ValueError, data.WarehouseUnavailable) as error:
                st.error(md_escape(error))
            else:
                st.success(
                    f"Saved status {saved.decision_id} by {md_escape(saved.set_by)}: {labels[saved.commissioner_status]}"
                    + (", escalated" if saved.is_escalated else "")
                    + ". The tracker shows it once the warehouse is next rebuilt."
                )
    history = natrecs.get_status_history(rec_id)
    if history.height:
        st.subheader("Statuses set for this recommendation")
        ui.table(figures.status_history_table(history, labels), "Status history")


st.title("National recommendations")
st.markdown(
    plain(
        "National recommendations are collated by the Domestic Abuse Commissioner and presented to the Home Office "
        "(003 L684). This page tracks each one from the department being notified to its answer, lists what to chase "
        "first, gives each department's chase list to download, and records the Commissioner's own status."
    )
)

with ui.warehouse_guard():
    summary = natrecs.get_summary()
    if not summary["recorded_count"]:
        st.info("No action plan records a national recommendation yet.")
    else:
        days = int(summary["answer_days"] or 56)
        headline(summary)
        chase_first(natrecs.get_tracker(), days)
        chosen_department = department_section(natrecs.get_departments())
        status_form(signin.current_user(), chosen_department)
