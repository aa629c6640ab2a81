"""PCC oversight: one force area's DHR pipeline, action-plan delivery and themes, and the quarterly
progress update per CSP (003 L705-716: CSPs update the PCC on action plans every quarter)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards import charts, data, figures, filters, ui
from dashboards.data import oversight, reference, themes
from dashboards.formatting import fmt_date, fmt_int, fmt_pct, plural
from dashboards.kpi_cards import Kpi
from dashboards.reports import annex_b
from dhr.guidance import plain

SUBJECTS = {"victim": "Victims", "perpetrator": "Perpetrators", "children": "Children"}


def choose_force_area() -> dict | None:
    areas = reference.get_force_areas()
    if areas.height == 0:
        st.info("The warehouse has no force areas yet. Ask the warehouse's administrator to rebuild it.")
        return None
    by_code = {r["force_area_code"]: r for r in areas.iter_rows(named=True)}
    busiest = areas.sort(["dhr_count", "force_area_name"], descending=[True, False]).row(0, named=True)[
        "force_area_code"
    ]
    code = filters.choose(
        "Force area",
        list(by_code),
        filters.FORCE_AREA_KEY,
        default=filters.sidebar_force_area() or busiest,
        format_func=lambda c: f"{by_code[c]['force_area_name']} ({by_code[c]['dhr_count']:,} DHRs)",
        help="The police force area of the PCC office. Remembered across pages (the CSP board starts here).",
    )
    return by_code[code]


def kpis(pipeline: pl.DataFrame, actions: dict) -> None:
    open_dhrs = int(pipeline.get_column("is_open").sum())
    past = int(pipeline.get_column("is_past_deadline").sum())
    open_actions = actions["open_action_count"]
    ui.kpis(
        Kpi("DHRs", fmt_int(pipeline.height), help="Every DHR and scoping review of the force area."),
        Kpi(
            "Open",
            fmt_int(open_dhrs),
            f"{fmt_pct(open_dhrs, pipeline.height)} of DHRs",
            "Not yet published, and not 'not commissioned'.",
        ),
        Kpi(
            "Past a deadline",
            fmt_int(past),
            f"{fmt_pct(past, open_dhrs)} of open DHRs" if open_dhrs else "no open DHRs",
            "Scoping review or completion overdue at the reporting date.",
        ),
        Kpi(
            "Actions open",
            fmt_int(open_actions),
            f"{fmt_pct(open_actions, actions['action_count'])} of all actions",
            "Latest action-plan updates; not COMPLETE.",
        ),
        Kpi(
            "Actions overdue",
            fmt_int(actions["overdue_action_count"]),
            f"{fmt_pct(actions['overdue_action_count'], open_actions)} of open" if open_actions else "no open actions",
            "Target date passed and not COMPLETE.",
        ),
    )


def pipeline_section(code: str, pipeline: pl.DataFrame) -> None:
    st.header("DHR pipeline", divider="gray")
    st.caption(
        plain(
            "Scoping review due 28 days after notification (003 L268); completion target by the guidance in force "
            "at notification (2024 draft: one year from commencement, 003 L763; 2016: six months from "
            "commencement, 004 L4000). Deadlines are judged at the reporting date."
        )
    )
    ui.chart(charts.dhr_pipeline_chart, oversight.get_dhr_status_by_csp(code))
    open_only = st.toggle("Open DHRs only", value=True, key="pcc_open_only")
    shown = pipeline.filter(pl.col("is_open")) if open_only else pipeline
    if shown.height == 0:
        st.info("No DHR of this force area is open: every one is published or was not commissioned.")
    else:
        ui.table(figures.pipeline_table(shown), "DHR pipeline")


def actions_section(code: str, actions: dict) -> None:
    st.header("Action-plan delivery", divider="gray")
    if actions["action_count"] == 0:
        st.info("None of this force area's DHRs has an action plan in the warehouse yet.")
        return
    st.markdown(
        f"**{fmt_int(actions['action_count'])} actions** in the latest updates of "
        f"{plural(actions['dhr_with_actions_count'], 'DHR')}: {figures.action_summary_sentence(actions)}"
    )
    left, right = ui.side_by_side()
    by_csp = oversight.get_action_status_by("csp", code)
    by_agency = oversight.get_action_status_by("lead_agency", code)
    with left:
        ui.chart(
            charts.action_status_chart,
            by_csp,
            "group_name",
            "CSP",
            "Action status by CSP",
            legend_columns=1,
            per_row=2,
        )
        ui.table_on_demand(
            "Action status by CSP as a table",
            "pcc_status_by_csp_table",
            lambda: charts.action_status_table(by_csp, "group_name", "CSP"),
        )
    with right:
        ui.chart(
            charts.action_status_chart,
            by_agency,
            "group_name",
            "Lead agency",
            "Action status by lead agency",
            top_n=12,
            legend_columns=1,
            per_row=2,
        )
        ui.table_on_demand(
            "Action status by lead agency as a table",
            "pcc_status_by_agency_table",
            lambda: charts.action_status_table(by_agency, "group_name", "Lead agency"),
        )

    st.subheader("Overdue actions")
    limit = st.selectbox("Rows shown", [10, 20, 50, 100], index=1, key="pcc_overdue_limit", width=160)
    overdue = oversight.get_scope_overdue_actions(code, limit=limit)
    if overdue.height == 0:
        st.success("No action is overdue in this force area.")
    else:
        st.caption(
            f"{plural(actions['overdue_action_count'], 'overdue action')} in all; the {fmt_int(overdue.height)} "
            "furthest past their target date are shown."
        )
        ui.table(
            figures.overdue_actions_table(overdue),
            "Overdue actions",
            column_config={
                "Target date": st.column_config.DateColumn(format="DD/MM/YYYY"),
                "Days overdue": st.column_config.NumberColumn(format="%d"),
                "Recommendation": st.column_config.TextColumn(width="medium"),
                "Action": st.column_config.TextColumn(width="medium"),
            },
        )

    st.subheader("Status over the last quarters")
    trend = oversight.get_action_status_trend(code)
    if trend.height == 0:
        st.info("No quarterly update has been received yet.")
    else:
        ui.chart(charts.status_trend_chart, trend)
        ui.table_on_demand("Status by quarter as a table", "pcc_trend_table", lambda: figures.trend_table(trend))


def themes_section(area: dict) -> None:
    st.header("Themes across the force area's DHRs", divider="gray")
    ui.learning_themes(
        oversight.get_theme_comparison("force_area", area["force_area_code"]),
        area["force_area_name"],
        "pcc_theme_table",
    )
    st.subheader("Risk factors")
    comparison = oversight.get_risk_factor_comparison("force_area", area["force_area_code"])
    if comparison.height == 0 or int(comparison.get_column("local_answered_count").sum()) == 0:
        st.info("None of this force area's DHRs has a data capture form yet, so there are no risk factors to compare.")
        return
    name = area["force_area_name"]
    subject = (
        st.segmented_control(
            "Subject", list(SUBJECTS), default="victim", format_func=SUBJECTS.get, key="pcc_rf_subject"
        )
        or "victim"
    )
    long = figures.risk_factor_comparison_long(comparison, name, subject)
    ui.chart(
        charts.dot_comparison_chart,
        long,
        f"Risk factors ({SUBJECTS[subject].lower()}): {name} and England and Wales",
        "Share of DHRs answered Yes of those answered Yes or No (all years); the table has the counts and Not known",
        "DHRs answered Yes (%)",
        "Risk factor",
    )
    ui.table_on_demand(
        "Every factor with its denominators and Not known",
        "pcc_risk_factor_table",
        lambda: figures.risk_factor_comparison_table(comparison, name),
    )


def progress_update_section(code: str, reporting_date) -> None:
    st.header("Quarterly progress update", divider="gray")
    st.markdown(
        plain(
            "The CSP's action plans in the layout of **003 Annex B** (with the status key of 004 Template 25), as of each "
            "DHR's latest update: one workbook per DHR in a zip, ready to forward to the CSP for its next quarterly "
            "update (003 L712) and readable by this warehouse when it comes back."
        )
    )
    csps = reference.get_csps(code).filter(pl.col("action_count") > 0)
    if csps.height == 0:
        st.info("No CSP of this force area has an action plan yet.")
        return
    names = dict(csps.select("csp_code", "csp_name").iter_rows())
    if st.session_state.get("pcc_update_csp") not in names:
        st.session_state.pop("pcc_update_csp", None)  # a CSP of the force area chosen before
    csp_code = st.selectbox("CSP", list(names), format_func=names.get, key="pcc_update_csp")
    rows = oversight.get_action_plan_rows(csp_code)
    summary = annex_b.workbook_summary(rows)
    ui.table(summary, "Quarterly progress update")
    st.download_button(
        f"Download the quarterly progress update for {names[csp_code]} (.zip of .xlsx)",
        data=lambda: annex_b.zip_for_rows(names[csp_code], rows, reporting_date),
        file_name=annex_b.zip_file_name(names[csp_code], reporting_date),
        mime=annex_b.ZIP_MIME,
        icon=":material/download:",
        on_click="ignore",
        key="pcc_update_download",
    )


st.title("PCC oversight")
st.markdown(
    plain(
        "For the Police and Crime Commissioner's office: where each DHR in the force area stands against its "
        "deadlines, how the action plans are being delivered, what the DHRs have in common, and the quarterly "
        "progress update from each CSP (003 L705-716)."
    )
)

with ui.warehouse_guard():
    area = choose_force_area()
    if area is not None:
        build = data.get_build_info()
        reporting_date = build.get_column("reporting_date")[0] if build.height else None
        st.caption(
            f"{area['pcc_office_title'] or 'PCC office'} · {area['region_name']} · all years of notification · "
            f"deadlines and overdue judged at {fmt_date(reporting_date)}."
        )
        pipeline = oversight.get_dhr_pipeline(area["force_area_code"])
        if pipeline.height == 0:
            st.info(
                f"No DHR has been recorded for {area['force_area_name']} yet: none of its CSPs' forms has been "
                "received. Choose another force area."
            )
        else:
            actions = oversight.get_action_summary(area["force_area_code"])
            kpis(pipeline, actions)
            pipeline_section(area["force_area_code"], pipeline)
            ui.next_duties(oversight.get_next_duties(area["force_area_code"]), area["force_area_name"])
            ui.case_details(
                oversight.get_dhr_case_details(area["force_area_code"]), area["force_area_name"], key="pcc_case_details"
            )
            actions_section(area["force_area_code"], actions)
            themes_section(area)
            ui.repeated_learning(themes.get_repeated_learning(area["force_area_code"]), area["force_area_name"])
            ui.quarterly_register(
                oversight.get_quarterly_updates(area["force_area_code"]),
                area["force_area_name"],
                "pcc_reminder_download",
            )
            progress_update_section(area["force_area_code"], reporting_date)
