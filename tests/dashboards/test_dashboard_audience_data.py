"""The audience pages' data-layer functions against the fixture warehouse (rows in dashboard_warehouse.py)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from dashboard_warehouse import INJECTION, KENT, MET, THAMES_VALLEY

from dashboards import data, figures
from dashboards.data import annual, oversight, overview, reference, research

HACKNEY, MEDWAY, MAIDSTONE = "E22000012", "E22000183", "E22000178"


def test_csps_of_a_force_area_with_their_dhrs_and_actions(warehouse):
    kent = reference.get_csps(KENT)
    assert kent.select("csp_name", "dhr_count", "action_count").rows() == [("Maidstone", 1, 0), ("Medway", 1, 2)]
    assert reference.get_csps(THAMES_VALLEY).height == 0
    assert reference.get_csps().height == 5


def test_pipeline_lists_past_deadline_first_with_words(warehouse):
    met = oversight.get_dhr_pipeline(MET)
    assert met.get_column("dhr_reference").to_list() == ["DHR/2022/04", "DHR/2021/01"]
    first = met.row(0, named=True)
    assert first["is_past_deadline"] and first["completion_deadline_label"] == "Overdue by 40 days (target 214 days)"
    table = figures.pipeline_table(met)
    assert table.columns[0] == "CSP" and table.row(0, named=True)["Past a deadline"] == "Yes"
    assert table.row(0, named=True)["Notified"] == "Jul 2022"
    assert oversight.get_dhr_pipeline(csp_code=MAIDSTONE).get_column("dhr_status").to_list() == ["paused"]
    assert oversight.get_dhr_pipeline(THAMES_VALLEY).height == 0


def test_dhr_status_by_csp(warehouse):
    got = oversight.get_dhr_status_by_csp(KENT).select("csp_name", "dhr_status", "dhr_count").rows()
    assert got == [("Maidstone", "paused", 1), ("Medway", "submitted", 1)]


def test_action_status_grouped_by_csp_lead_agency_and_dhr(warehouse):
    by_csp = oversight.get_action_status_by("csp", MET)
    assert by_csp.select("group_name", "status", "action_count", "overdue_action_count").rows() == [
        ("Hackney", "red", 1, 1),
        ("Hackney", "green", 1, 0),
        ("Hackney", "complete", 1, 0),
    ]
    agencies = set(oversight.get_action_status_by("lead_agency", KENT).get_column("group_name"))
    assert agencies == {"Medway Council Housing"}
    assert set(oversight.get_action_status_by("dhr", csp_code=MEDWAY).get_column("group_name")) == {"DHR/2020/02"}
    with pytest.raises(ValueError):
        oversight.get_action_status_by("victim_pseudonym")


def test_overdue_actions_of_a_scope_carry_their_recommendation(warehouse):
    met = oversight.get_scope_overdue_actions(MET)
    assert met.select("dhr_reference", "action_number", "recommendation", "days_overdue").rows() == [
        ("DHR/2021/01", "1.2", "Improve risk assessment", 120)
    ]
    assert oversight.get_scope_overdue_actions(csp_code=MAIDSTONE).height == 0
    table = figures.overdue_actions_table(met, with_csp=False)
    assert "CSP" not in table.columns and table.get_column("Recommendation").to_list() == ["Improve risk assessment"]


def test_overdue_table_leads_with_how_late_and_ends_with_the_long_texts(warehouse):
    """The PCC's question, what is late and by how much, is answered in the first columns; the long
    recommendation and action texts come last, so nothing that answers it is scrolled off (issue 19)."""
    table = figures.overdue_actions_table(oversight.get_scope_overdue_actions(MET))
    assert table.columns[:5] == ["CSP", "DHR reference", "Days overdue", "Target date", "Status"]
    assert table.columns[-2:] == ["Action", "Recommendation"]
    no_lead = oversight.get_scope_overdue_actions(MET).with_columns(pl.lit(None, dtype=pl.Utf8).alias("lead_agency"))
    assert figures.overdue_actions_table(no_lead).get_column("Lead agency").to_list() == ["Not recorded"]


def test_action_summary_shares_have_denominators(warehouse):
    met = oversight.get_action_summary(MET)
    assert (met["action_count"], met["open_action_count"], met["overdue_action_count"]) == (3, 2, 1)
    assert (met["on_time_count"], met["on_time_known_count"]) == (1, 1)
    lines = figures.action_summary_lines(met)
    assert lines["complete"] == "33% (1 of 3) complete"
    assert lines["overdue"] == "50% (1 of 2) of open actions overdue"
    assert figures.action_summary_sentence(met).endswith(
        "outcome achieved for 100% (1 of 1) of completed actions with an answer."
    )
    none = oversight.get_action_summary(csp_code=MAIDSTONE)
    assert none["action_count"] == 0
    assert figures.action_summary_sentence(none) == (
        "no actions yet; no open actions; no completed action with both dates recorded; no outcome recorded yet."
    )


def test_default_report_year_is_the_last_whole_year_with_publications():
    from dashboards.reports.annual import default_year

    assert default_year([2021, 2024, 2026], date(2026, 9, 30)) == 2024
    assert default_year([2026], date(2026, 9, 30)) == 2026
    assert default_year([], date(2026, 9, 30)) is None


def test_status_trend_sums_the_scope_per_quarter(warehouse):
    trend = oversight.get_action_status_trend(MET)
    assert trend.get_column("quarter").unique(maintain_order=True).to_list() == ["2026-Q2", "2026-Q3"]
    assert trend.filter(pl.col("quarter") == "2026-Q3").get_column("action_count").sum() == 3
    assert oversight.get_action_status_trend(MET, quarters=1).get_column("quarter").unique().to_list() == ["2026-Q3"]
    table = figures.trend_table(trend)
    assert table.get_column("Quarter").to_list() == ["2026-Q2", "2026-Q3 (to date)"]
    assert table.row(1, named=True)["All actions"] == 3


def test_risk_factor_comparison_keeps_not_known_out_of_the_denominator(warehouse):
    df = oversight.get_risk_factor_comparison("force_area", MET)
    row = df.row(0, named=True)
    assert (row["local_yes_count"], row["local_denominator"]) == (2, 2)
    assert (row["national_yes_count"], row["national_denominator"], row["national_not_known_count"]) == (3, 4, 1)
    table = figures.risk_factor_comparison_table(df, "Metropolitan Police")
    assert table.row(0, named=True)["England and Wales: Yes"] == "75% (3 of 4)"
    assert table.row(0, named=True)["England and Wales: Not known"] == "1 of 5"
    # A force area with no answers still gets every national factor, with zero counts.
    kent = oversight.get_risk_factor_comparison("force_area", KENT).row(0, named=True)
    assert (kent["local_answered_count"], kent["local_pct"]) == (0, None)
    with pytest.raises(ValueError):
        oversight.get_risk_factor_comparison("national", "K04000001")


def test_quality_flags_for_the_csp(warehouse):
    flags = oversight.get_action_quality_flags(csp_code=HACKNEY)
    assert figures.quality_flags_table(flags).rows() == [
        (
            "DHR/2021/01",
            "1",
            "1.2",
            "Action has no key milestones",
            "2024 draft statutory guidance, Annex I (key milestone entered); 2024 draft statutory guidance, Annex B",
        )
    ]
    # The mart keeps the file codes for developers; only the page's table speaks the guidance's name.
    assert flags.get_column("flag_source").to_list() == ["003 L1158 (key milestone entered); 003 L778"]
    assert oversight.get_action_quality_flags(csp_code=MEDWAY).height == 0


def test_action_plan_rows_in_recommendation_and_action_order(warehouse):
    rows = oversight.get_action_plan_rows(HACKNEY)
    assert rows.get_column("action_number").to_list() == ["1.1", "1.2", "2.1"]
    assert rows.get_column("dhr_reference").unique().to_list() == ["DHR/2021/01"]
    assert oversight.get_action_plan_rows(MAIDSTONE).height == 0


def test_publications_by_year_region_and_topic(warehouse):
    assert annual.get_published_by_year().select("published_year", "dhr_count").rows() == [(2024, 1)]
    assert annual.get_published_in_year_by_region(2024).rows() == [("London", 1)]
    assert annual.get_published_in_year_by_region(2025).height == 0
    rf = annual.get_published_prevalence("risk_factor", 2024).row(0, named=True)
    assert (rf["category_count"], rf["known_count"], rf["earlier_category_count"], rf["earlier_known_count"]) == (
        1,
        1,
        1,
        3,
    )
    assert (rf["earlier_first_year"], rf["earlier_last_year"]) == (2022, 2022)
    table = figures.published_prevalence_table(
        annual.get_published_prevalence("risk_factor", 2024), 2024, "Risk factor"
    )
    assert table.row(0, named=True)["Published 2022"] == "33% (1 of 3)"
    assert table.row(0, named=True)["Not known (published 2022)"] == "1 of 4"
    with pytest.raises(ValueError):
        annual.get_published_prevalence("victim_names", 2024)


def test_national_recommendations_unanswered_first(warehouse):
    tracker = figures.national_tracker_table(annual.get_national_recommendations())
    assert tracker.select("Addressee", "Answered?", "Days open").rows() == [
        ("Home Office", "No", 500),
        ("MHCLG", "No", 92),
        ("Department for Levelling Up, Housing and Communities", "No", 41),
        ("NHS England", "Yes", 300),
    ]
    # Issue 18: by department under its current name, so DLUHC and MHCLG count as one.
    by_addressee = annual.get_national_recommendations_by_addressee()
    assert by_addressee.get_column("addressee").to_list() == [
        "Ministry of Housing, Communities and Local Government",
        "Home Office",
        "NHS England",
    ]
    assert by_addressee.get_column("not_answered_count").to_list() == [2, 1, 0]
    assert figures.addressee_table(by_addressee).row(2, named=True)["Answered"] == "100% (1 of 1)"


def test_implementation_by_force_area(warehouse):
    df = annual.get_implementation_by_force_area()
    assert df.select("force_area_name", "action_count", "complete_action_count", "overdue_action_count").rows() == [
        ("Kent", 2, 1, 1),
        ("Metropolitan Police", 3, 1, 1),
    ]
    table = figures.implementation_table(df)
    assert table.row(0, named=True)["Overdue (of open)"] == "100% (1 of 1)"
    long = figures.implementation_long(df)
    assert set(long.get_column("series")) == {
        "Complete (of all actions)",
        "Overdue (of open actions)",
        "Outcome achieved (of completed)",
    }


@pytest.mark.parametrize("topic", list(research.RESEARCH_TOPICS))
def test_research_tables_are_aggregates_only(warehouse, topic):
    df = research.get_research_table(topic)
    assert df.height > 0
    assert {"notification_year", "region_name"} <= set(df.columns)
    forbidden = {"dhr_id", "dhr_reference", "action_id", "person_id", "victim_pseudonym", "csp_code", "csp_name"}
    assert not forbidden & set(df.columns)
    value_col, _, item_cols = research.RESEARCH_CHARTS[topic]
    assert value_col in df.columns and set(item_cols) <= set(df.columns)
    controlled, counts, policy = research.get_controlled_research_table(topic)
    assert policy.name == "hes" and set(counts) <= set(controlled.columns)
    assert {"years", "region_name"} <= set(controlled.columns) and not forbidden & set(controlled.columns)


def test_research_filters_by_years_and_regions(warehouse):
    assert set(research.get_research_table("DHRs by status", regions=["Wales"]).get_column("region_name")) == {"Wales"}
    assert research.get_research_table("DHRs by status", regions=[]).height == 0
    only_2022 = research.get_research_table("DHRs by status", years=(2022, 2022))
    assert only_2022.get_column("dhr_count").sum() == 2
    assert research.get_regions() == ["London", "South East", "Wales"]
    with pytest.raises(ValueError):
        research.get_research_table("Victims by name")


@pytest.mark.parametrize("value", [INJECTION, "E23000001' --", "'; drop table marts.dim_dhrs; --"])
def test_scope_values_are_bound_not_spliced(warehouse, value):
    assert oversight.get_dhr_pipeline(value).height == 0
    assert oversight.get_dhr_pipeline(csp_code=value).height == 0
    assert oversight.get_action_status_by("csp", value).height == 0
    assert oversight.get_scope_overdue_actions(csp_code=value).height == 0
    assert oversight.get_action_plan_rows(value).height == 0
    assert research.get_research_table("DHRs by status", regions=[value]).height == 0
    assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 6


def test_coverage_lines_name_dhrs_files_and_reporting_date(warehouse):
    build = data.get_build_info().row(0, named=True)
    lines = figures.coverage_lines(build, 1)
    assert lines[0] == "6 DHRs and 5 actions (latest action-plan snapshots) from 14 accepted files."
    assert "30/09/2026" in lines[-1]
    assert build["reporting_date"] == date(2026, 9, 30)


def test_pipeline_names_the_guidance_a_dhr_falls_under_in_words_not_codes():
    """Issue 19: the Guidance column showed the warehouse's codes ("2024_draft")."""
    frame = pl.DataFrame(
        {
            "dhr_reference": ["A", "B", "C", "D"],
            "dhr_status_label": ["DHR in progress"] * 4,
            "notification_month": [None] * 4,
            "guidance_version": ["2024_draft", "2016", "2011", None],
            "scoping_deadline_label": [""] * 4,
            "completion_deadline_label": [""] * 4,
            "is_past_deadline": [False] * 4,
        },
        schema_overrides={"notification_month": pl.Date},
    )
    shown = figures.pipeline_table(frame, with_csp=False).get_column("Guidance").to_list()
    assert shown == ["2024 draft statutory guidance", "2016 statutory guidance", "2011 statutory guidance", "–"]
