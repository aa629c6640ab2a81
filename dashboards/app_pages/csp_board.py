"""CSP board: one Community Safety Partnership's DHRs, their actions, what to fix in the action plans,
and its themes beside the national picture (003 L321, L411, L696: the CSP owns the DHR and its plan)."""

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


def choose_csp() -> dict | None:
    areas = reference.get_force_areas()
    if areas.height == 0:
        st.info("The warehouse has no force areas yet. Ask the warehouse's administrator to rebuild it.")
        return None
    by_code = {r["force_area_code"]: r for r in areas.iter_rows(named=True)}
    busiest = areas.sort(["dhr_count", "force_area_name"], descending=[True, False]).row(0, named=True)[
        "force_area_code"
    ]
    left, right = st.columns(2)
    code = filters.choose(
        "Force area",
        list(by_code),
        filters.FORCE_AREA_KEY,
        default=filters.sidebar_force_area() or busiest,
        format_func=lambda c: f"{by_code[c]['force_area_name']} ({by_code[c]['dhr_count']:,} DHRs)",
        help="Narrows the list of CSPs. Shared with the PCC oversight page.",
        container=left,
    )
    csps = reference.get_csps(code)
    if csps.height == 0:
        st.info(f"{by_code[code]['force_area_name']} has no CSP in the reference data.")
        return None
    by_csp = {r["csp_code"]: r for r in csps.iter_rows(named=True)}
    first = csps.sort(["action_count", "dhr_count", "csp_name"], descending=[True, True, False]).row(0, named=True)
    csp_code = filters.choose(
        "Community Safety Partnership",
        list(by_csp),
        filters.CSP_KEY,
        default=first["csp_code"],
        format_func=lambda c: f"{by_csp[c]['csp_name']} ({by_csp[c]['dhr_count']:,} DHRs)",
        help="The CSP whose board this is. Remembered across pages.",
        container=right,
    )
    return by_csp[csp_code]


def kpis(pipeline: pl.DataFrame, actions: dict, flags: pl.DataFrame) -> None:
    open_dhrs = int(pipeline.get_column("is_open").sum())
    open_actions = actions["open_action_count"]
    ui.kpis(
        Kpi("DHRs", fmt_int(pipeline.height), f"{fmt_int(open_dhrs)} open"),
        Kpi("Past a deadline", fmt_int(int(pipeline.get_column("is_past_deadline").sum()))),
        Kpi(
            "Actions",
            fmt_int(actions["action_count"]),
            f"{fmt_pct(actions['complete_action_count'], actions['action_count'])} complete",
            "Latest action-plan updates.",
        ),
        Kpi(
            "Actions overdue",
            fmt_int(actions["overdue_action_count"]),
            f"{fmt_pct(actions['overdue_action_count'], open_actions)} of open" if open_actions else "no open actions",
            "Target date passed and not COMPLETE.",
        ),
        Kpi("Things to fix", fmt_int(flags.height), help=plain("Gaps in the action plans (003 Annex I and Annex B).")),
    )


def actions_section(csp: dict, actions: dict) -> None:
    st.header("Actions", divider="gray")
    if actions["action_count"] == 0:
        st.info(f"No action plan has been received from {csp['csp_name']} yet.")
        return
    sentence = figures.action_summary_sentence(actions)
    st.markdown(sentence[:1].upper() + sentence[1:])
    by_dhr = oversight.get_action_status_by("dhr", csp_code=csp["csp_code"])
    ui.chart(charts.action_status_chart, by_dhr, "group_name", "DHR", "Action status by DHR")
    ui.table_on_demand(
        "Action status by DHR as a table",
        "csp_status_by_dhr_table",
        lambda: charts.action_status_table(by_dhr, "group_name", "DHR"),
    )
    overdue = oversight.get_scope_overdue_actions(csp_code=csp["csp_code"], limit=100)
    st.subheader("Overdue actions")
    if overdue.height == 0:
        st.success("No action is overdue.")
    else:
        ui.table(
            figures.overdue_actions_table(overdue, with_csp=False),
            "Overdue actions",
            column_config={
                "Target date": st.column_config.DateColumn(format="DD/MM/YYYY"),
                "Recommendation": st.column_config.TextColumn(width="medium"),
                "Action": st.column_config.TextColumn(width="medium"),
            },
        )
    trend = oversight.get_action_status_trend(csp_code=csp["csp_code"])
    if trend.height:
        st.subheader("Status over the last quarters")
        ui.chart(charts.status_trend_chart, trend)


def quality_section(flags: pl.DataFrame) -> None:
    st.header("To fix in the next update", divider="gray")
    st.caption(
        plain(
            "Checks of the DHR submission checklist (003 Annex I) and the action plan guidance (003 Annex B) "
            "on the latest action plans."
        )
    )
    if flags.height == 0:
        st.success(
            "Nothing to fix: every action has a lead agency, target date, milestones, outcome and owner, and every completion is dated."
        )
        return
    counts = figures.quality_flag_counts(flags)
    ui.chart(
        charts.count_bar_chart,
        counts,
        "flag_label",
        "flag_count",
        "What to fix",
        "Problem",
        "Actions or recommendations",
        f"{plural(flags.height, 'problem')} in the latest action plans",
    )
    ui.table(figures.quality_flags_table(flags), "Actions to check")


def themes_section(csp: dict) -> None:
    st.header("Local themes and the national picture", divider="gray")
    ui.learning_themes(oversight.get_theme_comparison("csp", csp["csp_code"]), csp["csp_name"], "csp_theme_table")
    st.subheader("Risk factors")
    comparison = oversight.get_risk_factor_comparison("csp", csp["csp_code"])
    if comparison.height == 0 or int(comparison.get_column("local_answered_count").sum()) == 0:
        st.info("None of this CSP's DHRs has a data capture form yet, so there are no risk factors to compare.")
        return
    subject = (
        st.segmented_control(
            "Subject", list(SUBJECTS), default="victim", format_func=SUBJECTS.get, key="csp_rf_subject"
        )
        or "victim"
    )
    ui.chart(
        charts.dot_comparison_chart,
        figures.risk_factor_comparison_long(comparison, csp["csp_name"], subject),
        f"Risk factors ({SUBJECTS[subject].lower()}): {csp['csp_name']} and England and Wales",
        "Share of DHRs answered Yes of those answered Yes or No (all years); a CSP has few DHRs, so read the counts",
        "DHRs answered Yes (%)",
        "Risk factor",
    )
    ui.table(figures.risk_factor_comparison_table(comparison, csp["csp_name"]), "Risk factors compared")


def download_section(csp: dict, reporting_date) -> None:
    rows = oversight.get_action_plan_rows(csp["csp_code"])
    if rows.height == 0:
        return
    st.header("Quarterly progress update", divider="gray")
    st.caption(
        plain(
            "The CSP's action plans in the layout of 003 Annex B as of each DHR's latest update, one workbook per "
            "DHR (003 L712)."
        )
    )
    st.download_button(
        f"Download the progress update for {csp['csp_name']} (.zip of .xlsx)",
        data=lambda: annex_b.zip_for_rows(csp["csp_name"], rows, reporting_date),
        file_name=annex_b.zip_file_name(csp["csp_name"], reporting_date),
        mime=annex_b.ZIP_MIME,
        icon=":material/download:",
        on_click="ignore",
        key="csp_update_download",
    )


st.title("CSP board")
st.markdown(
    "For a Community Safety Partnership board: its DHRs and their deadlines, the actions of its action plans, "
    "what to fix before the next quarterly update, and how its DHRs compare with England and Wales."
)

with ui.warehouse_guard():
    csp = choose_csp()
    if csp is not None:
        build = data.get_build_info()
        reporting_date = build.get_column("reporting_date")[0] if build.height else None
        st.caption(f"{csp['csp_name']} · {csp['force_area_name']} · judged at {fmt_date(reporting_date)}.")
        pipeline = oversight.get_dhr_pipeline(csp_code=csp["csp_code"])
        if pipeline.height == 0:
            st.info(f"No DHR has been recorded for {csp['csp_name']} yet. Choose another CSP.")
        else:
            actions = oversight.get_action_summary(csp_code=csp["csp_code"])
            flags = oversight.get_action_quality_flags(csp_code=csp["csp_code"])
            kpis(pipeline, actions, flags)
            st.header("Our DHRs", divider="gray")
            st.caption(f"{plural(pipeline.height, 'DHR')}, past a deadline first.")
            ui.table(figures.pipeline_table(pipeline, with_csp=False), "DHR pipeline")
            ui.next_duties(oversight.get_next_duties(csp_code=csp["csp_code"]), csp["csp_name"], with_csp=False)
            ui.case_details(oversight.get_dhr_case_details(csp_code=csp["csp_code"]), csp["csp_name"], with_csp=False)
            actions_section(csp, actions)
            quality_section(flags)
            themes_section(csp)
            ui.repeated_learning(themes.get_repeated_learning(csp_code=csp["csp_code"]), csp["csp_name"])
            ui.quarterly_register(
                oversight.get_quarterly_updates(csp_code=csp["csp_code"]),
                csp["csp_name"],
                "csp_reminder_download",
                with_csp=False,
            )
            download_section(csp, reporting_date)
