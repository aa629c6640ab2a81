"""Overview: how many DHRs, where they are in the process, and how their action plans are going."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards import charts, figures, filters, ui
from dashboards.data import overview
from dashboards.formatting import fmt_int, fmt_pct, plural
from dashboards.kpi_cards import Kpi
from dhr.guidance import plain

NO_MATCH = "No DHRs match the selected force areas and years. Clear or widen the filters in the sidebar."

WHAT_IS_COUNTED = """
- **DHR**: one Domestic Homicide Review (or scoping review that did not lead to one), identified by
  its CSP and DHR reference. Its **year** is the year the CSP was notified of the death.
- **Status** follows the first rule that applies: *Published* once the published date has passed
  (003 L660-667); *Submitted to the Home Office* (003 L335, L634); *Paused for criminal proceedings*
  (003 L549-556); *DHR in progress* once commissioned (003 L300-331); *DHR not commissioned*
  (003 L283, L294-296); otherwise *Scoping review* (003 L268).
- **Actions** are those of each DHR's latest action-plan snapshot, the most recent quarterly update
  (003 Annex B; quarterly update to the PCC, 003 L712).
- **Open**: status is not COMPLETE. **Overdue**: target date passed and not COMPLETE
  (003 Annex B; the status key of 004 Template 25); days overdue count from the target date
  to the reporting date in the footer.
- Status words follow the 004 Template 25 key: RED - action required; AMBER - preparation
  underway; GREEN - preparation complete and action ongoing; COMPLETE - action completed.
"""


def kpi_row(summary: dict) -> None:
    dhrs = summary["dhr_count"]
    open_actions = summary["open_action_count"]
    overdue = summary["overdue_action_count"]
    ui.kpis(
        Kpi(
            "DHRs",
            fmt_int(dhrs),
            f"{fmt_int(summary['with_action_plan_count'])} with an action plan",
            "DHRs and scoping reviews recorded for the selection.",
        ),
        Kpi(
            "Published",
            fmt_int(summary["published_count"]),
            f"{fmt_pct(summary['published_count'], dhrs)} of DHRs",
            plain("Published date on or before the reporting date (003 L660-667)."),
        ),
        Kpi(
            "In progress",
            fmt_int(summary["in_progress_count"]),
            f"plus {fmt_int(summary['paused_count'])} paused, {fmt_int(summary['submitted_count'])} submitted",
            plain("Commissioned and not yet submitted (003 L300-331)."),
        ),
        Kpi(
            "Actions open",
            fmt_int(open_actions),
            f"{fmt_pct(open_actions, summary['action_count'])} of all actions",
            "Actions of the latest action-plan snapshots whose status is not COMPLETE.",
        ),
        Kpi(
            "Actions overdue",
            fmt_int(overdue),
            f"{fmt_pct(overdue, open_actions)} of open",
            plain("Target date passed and not COMPLETE (003 Annex B; status key of 004 Template 25)."),
        ),
    )


def dhr_charts(active: filters.Filters) -> None:
    counts = overview.get_dhr_counts_by_year_force_area(active.codes, active.years)
    left, right = ui.side_by_side()
    with left:
        ui.chart(charts.dhrs_by_year_chart, counts, per_row=2)
    with right:
        show = st.segmented_control("Force areas shown", ["Top 15", "All"], default="Top 15", key="home_force_area_top")
        top_n = None if show == "All" else 15
        ui.chart(charts.dhrs_by_force_area_chart, counts, top_n=top_n, per_row=2)


def action_section(active: filters.Filters, summary: dict) -> None:
    st.subheader("Action plans")
    if summary["action_count"] == 0:
        st.info("None of the selected DHRs has an action plan yet.")
        return
    status = overview.get_action_status_by_force_area(active.codes, active.years)
    ui.chart(charts.action_status_chart, status)
    ui.table_on_demand("The same figures as a table", "home_status_table", lambda: charts.action_status_table(status))

    st.subheader("Most overdue actions")
    limit = st.selectbox("Rows shown", [10, 20, 50, 100], index=1, key="home_overdue_limit", width=160)
    overdue = overview.get_overdue_actions(active.codes, limit=limit, years=active.years)
    if overdue.height == 0:
        st.success("No action is overdue for the selection.")
        return
    st.caption(
        f"{plural(summary['overdue_action_count'], 'overdue action')} in all; the {fmt_int(overdue.height)} "
        "with the most days past their target date are shown."
    )
    table = overdue.select(
        # Where and how late first: the national reader's question (issue 19: Force area was cut off).
        pl.col("force_area_name").alias("Force area"),
        pl.col("csp_name").alias("CSP"),
        pl.col("dhr_reference").alias("DHR reference"),
        pl.col("days_overdue").alias("Days overdue"),
        pl.col("target_date").alias("Target date"),
        pl.col("status_label").alias("Status"),
        pl.col("lead_agency").fill_null(figures.NOT_RECORDED).alias("Lead agency"),
        pl.col("action_number").alias("Action"),
    )
    ui.table(
        table,
        "Overdue actions",
        column_config={
            "Target date": st.column_config.DateColumn(format="DD/MM/YYYY"),
            "Days overdue": st.column_config.NumberColumn(format="%d"),
        },
    )


st.title("DHR Learning Warehouse")
st.markdown(
    "Domestic Homicide Reviews in England and Wales: how many there are, where each is in the "
    "process, and how far the actions agreed in their action plans have been carried out."
)

with ui.warehouse_guard():
    active = filters.current_filters()
    st.caption(f"Showing {active.describe()}.")
    summary = overview.get_dhr_status_summary(active.codes, active.years).row(0, named=True)
    if summary["dhr_count"] == 0:
        st.info(NO_MATCH)
    else:
        kpi_row(summary)
        dhr_charts(active)
        action_section(active, summary)
    with st.expander("What is counted", icon=":material/info:"):
        st.markdown(plain(WHAT_IS_COUNTED))
