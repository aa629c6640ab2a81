"""AppTest of the audience pages against the fixture warehouse: what each shows, the empty cases
(force area with no DHRs, CSP with no actions, year with no publications) and that choices persist
across pages."""

from __future__ import annotations

import pytest
from dashboard_warehouse import APP_PATH, KENT, MET, THAMES_VALLEY
from page_tables import charts_of, metrics_of, pictures_of, tables_of
from streamlit.testing.v1 import AppTest

from dashboards import filters
from dashboards.data import research
from dhr import disclosure

TIMEOUT = 60
PCC, CSP_BOARD, ANNUAL, RESEARCHER, HOME = (
    "app_pages/pcc_oversight.py",
    "app_pages/csp_board.py",
    "app_pages/annual_report.py",
    "app_pages/researcher.py",
    "app_pages/home.py",
)
MAIDSTONE, MEDWAY, HACKNEY = "E22000178", "E22000183", "E22000012"


def open_page(page: str, **state) -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def metrics(at: AppTest) -> dict[str, str]:
    return metrics_of(at)


def columns_of(at: AppTest) -> list[list[str]]:
    return [list(frame.value.columns) for frame in tables_of(at)]


def test_pcc_page_shows_pipeline_actions_themes_and_download(warehouse):
    at = open_page(PCC, **{filters.FORCE_AREA_KEY: MET})
    assert at.title[0].value == "PCC oversight"
    assert metrics(at) == {
        "DHRs": "2",
        "Open": "1",
        "Past a deadline": "1",
        "Actions open": "2",
        "Actions overdue": "1",
    }
    headers = [h.value for h in at.header]
    assert headers[:7] == [
        "DHR pipeline",
        "Next duty of each open DHR",
        "Action-plan delivery",
        "Themes across the force area's DHRs",
        "Learning that repeats",
        "Quarterly updates received",
        "Quarterly progress update",
    ]
    assert [
        "CSP",
        "DHR reference",
        "Status",
        "Notified",
        "Guidance",
        "Scoping review (28 days)",
        "Completion target",
        "Past a deadline",
    ] in columns_of(at)
    assert "Recommendation" in next(c for c in columns_of(at) if "Days overdue" in c)
    assert "33% (1 of 3) complete" in texts(at.markdown)
    # Learning themes from the classifier's marts, not a placeholder (issue 18; 003 L716).
    assert "Learning themes" in [h.value for h in at.subheader]
    assert "Of the 1 DHR(s) of Metropolitan Police whose recommendations or findings have learning themes" in texts(
        at.caption
    )
    assert "will appear here" not in texts(at.info)
    # The download offers Hackney's workbook (the only Met CSP with an action plan).
    assert at.selectbox(key="pcc_update_csp").value == HACKNEY
    assert at.get("download_button")


def test_pcc_page_sends_a_charts_table_only_when_the_reader_opens_it(warehouse):
    """Each chart's "as a table" alternative is an expander whose grid is built only when opened:
    a collapsed expander's contents cost every reader's browser as much as a chart (issue 15)."""
    at = open_page(PCC, **{filters.FORCE_AREA_KEY: MET})
    labels = [e.label for e in at.expander]
    assert "Action status by CSP as a table" in labels and "Status by quarter as a table" in labels
    assert not [c for c in columns_of(at) if "RED" in c or "Risk factor" in c]
    for key in (
        "pcc_status_by_csp_table",
        "pcc_status_by_agency_table",
        "pcc_trend_table",
        "pcc_risk_factor_table",
        "pcc_theme_table",
    ):
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    status_tables = [c for c in columns_of(at) if "RED" in c]
    assert [c[0] for c in status_tables][:2] == ["CSP", "Lead agency"]
    assert any("Risk factor" in c for c in columns_of(at))
    themes = next(f.value for f in tables_of(at) if "Learning theme" in f.value.columns)
    # Most frequent locally first; each share with its denominator, the DHRs with themed texts.
    assert themes.to_dict("records")[0] == {
        "Learning theme": "Risk identification, assessment and management",
        "Metropolitan Police: DHRs": "100% (1 of 1)",
        "Metropolitan Police: recommendations": 1,
        "England and Wales: DHRs": "50% (1 of 2)",
    }
    assert themes["Metropolitan Police: DHRs"].tolist()[-1] == "0% (0 of 1)"


def test_pcc_page_force_area_with_no_dhrs_says_so(warehouse):
    at = open_page(PCC, **{filters.FORCE_AREA_KEY: THAMES_VALLEY})
    assert "No DHR has been recorded for Thames Valley yet" in texts(at.info)
    assert not metrics_of(at) and not at.error


def test_pcc_page_force_area_without_action_plans(warehouse):
    at = open_page(PCC)
    at.selectbox(key=filters.FORCE_AREA_KEY).set_value("W15000004").run()  # South Wales: no action plans
    assert not at.exception
    assert "None of this force area's DHRs has an action plan in the warehouse yet." in texts(at.info)
    assert "No CSP of this force area has an action plan yet." in texts(at.info)


def test_pcc_toggle_shows_closed_dhrs_too(warehouse):
    at = open_page(PCC, **{filters.FORCE_AREA_KEY: MET})
    pipeline = next(f.value for f in tables_of(at) if "Past a deadline" in f.value.columns)
    assert pipeline["DHR reference"].tolist() == ["DHR/2022/04"]
    at.toggle(key="pcc_open_only").set_value(False).run()
    pipeline = next(f.value for f in tables_of(at) if "Past a deadline" in f.value.columns)
    assert pipeline["DHR reference"].tolist() == ["DHR/2022/04", "DHR/2021/01"]


def test_force_area_chosen_on_pcc_page_carries_to_csp_board(warehouse):
    at = open_page(PCC)
    at.selectbox(key=filters.FORCE_AREA_KEY).set_value(KENT).run()
    at.switch_page(HOME).run()  # a page without that widget: the choice must survive
    at.switch_page(CSP_BOARD).run()
    assert not at.exception
    assert at.selectbox(key=filters.FORCE_AREA_KEY).value == KENT
    # Kent's CSP with actions comes first.
    assert at.selectbox(key=filters.CSP_KEY).value == MEDWAY
    assert at.title[0].value == "CSP board"


def test_csp_board_shows_dhrs_actions_flags_and_themes(warehouse):
    at = open_page(CSP_BOARD, **{filters.FORCE_AREA_KEY: MET, filters.CSP_KEY: HACKNEY})
    assert metrics(at) == {
        "DHRs": "1",
        "Past a deadline": "0",
        "Actions": "3",
        "Actions overdue": "1",
        "Things to fix": "1",
    }
    assert [h.value for h in at.header][:8] == [
        "Our DHRs",
        "Next duty of each open DHR",
        "Actions",
        "To fix in the next update",
        "Local themes and the national picture",
        "Learning that repeats",
        "Quarterly updates received",
        "Quarterly progress update",
    ]
    flags = next(f.value for f in tables_of(at) if "What to fix" in f.value.columns)
    assert flags["What to fix"].tolist() == ["Action has no key milestones"]
    themes = next(f.value for f in tables_of(at) if "Hackney: Yes" in f.value.columns)
    assert themes["England and Wales: Yes"].tolist() == ["75% (3 of 4)"]
    assert "Learning themes" in [h.value for h in at.subheader]
    assert "Of the 1 DHR(s) of Hackney whose recommendations or findings have learning themes" in texts(at.caption)
    assert "will appear here" not in texts(at.info)


def test_csp_board_shows_what_the_home_office_form_records(warehouse):
    """004 Template 29 under "Our DHRs": the Home Office notification as month and year (003 L602),
    children in the household and the verdict; place and method are restricted, so a national user
    without ``restricted`` is told they exist but not shown them."""
    at = open_page(CSP_BOARD, **{filters.FORCE_AREA_KEY: MET, filters.CSP_KEY: HACKNEY})
    assert "What the Home Office data collection form records" in [h.value for h in at.subheader]
    details = next(f.value for f in tables_of(at) if "Home Office notified" in f.value.columns)
    assert details.to_dict("records") == [
        {
            "DHR reference": "DHR/2021/01",
            "Status": "Published",
            "Home Office notified": "Mar 2021",
            "Children in household": "2",
            "Verdict (perpetrator 1)": "Convicted of murder",
        }
    ]
    assert "only users whose role includes restricted fields see them" in texts(at.caption)
    assert "Victim's home" not in str(at)


def test_csp_board_shows_place_and_method_to_a_restricted_user(warehouse, as_user):
    as_user("t.restricted")
    at = open_page(CSP_BOARD, **{filters.FORCE_AREA_KEY: MET, filters.CSP_KEY: HACKNEY})
    details = next(f.value for f in tables_of(at) if "Home Office notified" in f.value.columns)
    row = details.to_dict("records")[0]
    assert (row["Place of death"], row["Method of killing"]) == ("Victim's home", "Sharp instrument")
    assert "because your role includes restricted fields" in texts(at.caption)


def test_pcc_page_lists_the_form_details_of_the_force_area_on_demand(warehouse):
    at = open_page(PCC, **{filters.FORCE_AREA_KEY: MET})
    assert "What the Home Office data collection form records" in [h.value for h in at.subheader]
    assert not [f for f in tables_of(at) if "Home Office notified" in f.value.columns]  # closed: not drawn
    at.session_state["pcc_case_details"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    details = next(f.value for f in tables_of(at) if "Home Office notified" in f.value.columns)
    assert details["DHR reference"].tolist() == ["DHR/2021/01", "DHR/2022/04"]
    assert details["Children in household"].tolist() == ["2", "–"]  # Lambeth's form leaves it blank
    assert details["Verdict (perpetrator 1)"].tolist() == ["Convicted of murder", "Awaiting trial"]


def next_duties(at: AppTest):
    return next(f.value for f in tables_of(at) if "Next duty" in f.value.columns)


def test_pcc_page_shows_an_overdue_duty_with_its_days_overdue_and_the_rule_in_plain_words(warehouse):
    """Issue 18: every open DHR of the force area with its next duty, due date, overdue in words and
    days overdue; a clock started from a proxy says so, and the rule is cited by name (003 L763)."""
    at = open_page(PCC, **{filters.FORCE_AREA_KEY: MET})
    duties = next_duties(at)
    assert duties["DHR reference"].tolist() == ["DHR/2022/04"]
    (row,) = duties.to_dict("records")
    assert row["Next duty"] == "DHR completed"
    assert row["Clock"] == "Overdue"
    assert row["Days overdue"] == 40
    assert row["Clock started from"] == "Not recorded: from commissioning"
    assert "within one year of the commencement" in row["Rule"]
    assert "2024 draft statutory guidance" in row["Rule"] and "003" not in row["Rule"]
    assert "the next duty of **1** is overdue, the longest by 40 days" in texts(at.markdown)


def test_csp_board_shows_its_open_dhrs_next_duty_and_who_owes_it(warehouse):
    """The CSP board (own CSP): Medway's submitted DHR waits on the Home Office's quality assurance
    answer, overdue by 10 days (003 L648)."""
    at = open_page(CSP_BOARD, **{filters.FORCE_AREA_KEY: KENT, filters.CSP_KEY: MEDWAY})
    duties = next_duties(at)
    assert "CSP" not in duties.columns
    (row,) = duties.to_dict("records")
    assert (row["Next duty"], row["Owed by"], row["Clock"], row["Days overdue"]) == (
        "Home Office quality assurance answer",
        "Home Office",
        "Overdue",
        10,
    )
    at = open_page(CSP_BOARD, **{filters.FORCE_AREA_KEY: KENT, filters.CSP_KEY: MAIDSTONE})
    (row,) = next_duties(at).to_dict("records")
    assert (row["Next duty"], row["Clock"]) == ("DHR completed", "Due")
    assert row["Days overdue"] is None or row["Days overdue"] != row["Days overdue"]  # blank: not overdue


def test_csp_board_csp_with_no_actions_says_so(warehouse):
    at = open_page(CSP_BOARD, **{filters.FORCE_AREA_KEY: KENT, filters.CSP_KEY: MAIDSTONE})
    assert "No action plan has been received from Maidstone yet." in texts(at.info)
    assert "Nothing to fix" in texts(at.success)
    assert not at.get("download_button")


def test_csp_board_csp_with_no_dhrs_says_so(warehouse):
    at = open_page(CSP_BOARD, **{filters.FORCE_AREA_KEY: THAMES_VALLEY})
    assert "has no CSP in the reference data" in texts(at.info)


def test_annual_report_year_with_publications(warehouse):
    at = open_page(ANNUAL, **{filters.PUBLICATION_YEAR_KEY: 2024})
    headers = [h.value for h in at.header]
    assert headers[:13] == [
        "DHRs published in 2024",
        "Risk factors",
        "Agency contact",
        "Protected characteristics",
        "Children in the household and verdicts",
        "Learning themes",
        "Emerging topics",
        "Learning that repeats across areas",
        "Timeliness and delays",
        "National recommendations tracker",
        "Implementation by force area",
        "Obstacles to implementation and escalations",
        "Methods and coverage",
    ]
    assert "1 DHR was published in 2024" in texts(at.markdown)
    # Issue 18 (003 L727-732): delays and timeliness by region and guidance version.
    said = texts(at.markdown)
    # Learning repeated across areas nationally, not only within a force area (issue 18).
    assert "1 learning theme of the recommendations of DHRs published in 2024 was made again in two or more" in said
    assert "most widely risk identification, assessment and management" in said and "2 force areas" in said
    # Obstacles to implementation: the Commissioner is the point of escalation (003 L730).
    assert "have stalled: overdue by more than six months, in 1 DHR across 1 force area" in said
    # ... and the escalations: national recommendations unanswered after their 56 days (issue 18)
    assert "of those whose 56 days for an answer have run out are still unanswered" in said
    assert "has escalated 0 recommendations, and 1 more is due for escalation" in said
    obstacles = next(f.value for f in tables_of(at) if "Stalled (over six months)" in f.value.columns)
    assert obstacles["Kind of agency"].tolist() == ["All agencies", "Police", "Housing"]
    recurring = next(f.value for f in tables_of(at) if "Repeated across areas" in f.value.columns)
    assert recurring["Repeated across areas"].tolist() == ["Yes", "No"]
    assert "Under the 2016 statutory guidance: 1 DHR published in 2024, a median of 1,100 days" in said
    assert "(0 of 1\\) of those whose completion is known were completed within the target" in said
    assert "1 DHR gave a reason for delay, most often criminal proceedings." in said
    timeliness = next(f.value for f in tables_of(at) if "Main reason for delay" in f.value.columns)
    assert timeliness["Region"].tolist() == ["England and Wales", "London"]
    # 004 Template 29: counts of DHRs only (Hackney's form: two children, perpetrator convicted of murder)
    children = next(f.value for f in tables_of(at) if "With children in the household" in f.value.columns)
    assert children.to_dict("records") == [
        {
            "Year of publication": "2024",
            "DHRs with a data capture form": "1",
            "With children in the household": "100% (1 of 1)",
            "Children in those households": "2",
            "Not given": "0 of 1",
        }
    ]
    verdicts = next(f.value for f in tables_of(at) if "Verdict" in f.value.columns)
    assert verdicts.to_dict("records") == [{"Verdict": "Convicted of murder", "DHRs": "1"}]
    assert "The most frequent learning themes in the DHRs published in 2024" in texts(at.markdown)
    tracker = next(f.value for f in tables_of(at) if "Answered?" in f.value.columns)
    assert tracker["Addressee"].tolist() == [
        "Home Office",
        "MHCLG",
        "Department for Levelling Up, Housing and Communities",
        "NHS England",
    ]
    assert "Denominators exclude Not known" in texts(at.markdown)
    assert len(at.get("download_button")) == 3
    # Issue 20: recommendations by the Home Office DHR Library's own themes, beside ours
    library = next(
        f.value for f in tables_of(at) if "DHR Library theme" in f.value.columns and "Share (%)" in f.value.columns
    )
    counts = [int(n) for n in library["Recommendations"]]  # HTML tables read back as text
    assert sum(counts) > 0 and all(0 <= int(p) <= 100 for p in library["Share (%)"])
    assert "the Library has a theme for" in texts(at.markdown)


def test_annual_report_year_with_no_publications_says_so(warehouse):
    at = open_page(ANNUAL)
    at.selectbox(key=filters.PUBLICATION_YEAR_KEY).set_value(2025).run()
    assert not at.exception
    assert "No DHR was published in 2025" in texts(at.info)
    assert "National recommendations tracker" in [h.value for h in at.header]


def test_annual_report_year_persists_across_pages(warehouse):
    at = open_page(ANNUAL)
    at.selectbox(key=filters.PUBLICATION_YEAR_KEY).set_value(2022).run()
    at.switch_page(RESEARCHER).run()
    at.switch_page(ANNUAL).run()
    assert at.selectbox(key=filters.PUBLICATION_YEAR_KEY).value == 2022


def test_researcher_shows_the_disclosure_rule_and_controlled_aggregates(warehouse):
    at = open_page(RESEARCHER)
    assert disclosure.HES.rule in texts(at.info)
    table = tables_of(at)[0].value
    assert list(table.columns) == ["Years of notification", "Region", "Status", "DHRs"]
    # 5 DHRs notified 2020-2022 (one fixed band), 1 or 2 per status: every count is 1-7, so suppressed
    # at every level, England and Wales included (issue 15: it was published exactly, 5).
    assert set(table["Years of notification"]) == {"2020-2022"}
    assert set(table["DHRs"]) <= {"*", "0"}
    national = table[table["Region"] == "England and Wales"]
    assert set(national["DHRs"]) == {"*"}
    # Every region has a row for every status, zeros included: a missing row would say 0.
    assert len(table) == 4 * 5  # 3 regions and England and Wales, x the 5 statuses of DHRs with a year
    assert len(at.get("download_button")) == 3
    # No year filter in the sidebar: the years are the fixed bands (issue 15).
    assert not at.sidebar.multiselect and not at.slider
    assert at.selectbox(key="res_year_band").options == ["3-year bands", "All years pooled"]


def test_researcher_topics_regions_and_an_empty_choice(warehouse):
    at = open_page(RESEARCHER)
    at.selectbox(key="res_topic").set_value("Risk factors (Annex A of the statutory guidance)").run()
    assert not at.exception
    assert "Yes (%)" in tables_of(at)[0].value.columns
    at.multiselect(key=filters.REGIONS_KEY).set_value(["South East"]).run()
    shown = tables_of(at)[0].value
    # Nothing to count in the South East: its rows are there, with 0, beside the national figures.
    assert set(shown["Region"]) == {"South East", "England and Wales"}
    assert set(shown[shown["Region"] == "South East"]["Yes"]) == {"0"}
    at.selectbox(key="res_topic").set_value("DHRs by status").run()
    assert set(tables_of(at)[0].value["Region"]) == {"South East", "England and Wales"}


def test_researcher_chart_draws_suppressed_cells_as_suppressed_not_zero(warehouse, monkeypatch):
    """Issue 15: the chart summed controlled cells, so a suppressed cell was drawn as 0 and England and
    Wales changed with the policy. Now it draws the published figures of one item, * where suppressed."""
    import functools
    import re

    from dashboards import charts, ui

    given: list = []
    heatmap = charts.controlled_heatmap

    @functools.wraps(heatmap)  # the page's cache finds a builder by its name
    def spy(*args, **kwargs):
        given.append(heatmap(*args, **kwargs).to_dict())
        return heatmap(*args, **kwargs)

    monkeypatch.setattr(charts, "controlled_heatmap", spy)
    ui._chart_svg.clear()  # drawn afresh, through the spy
    at = open_page(RESEARCHER)
    for policy in ("hes", "threshold10"):
        at.selectbox(key="res_policy").set_value(policy).run()
        drawn = next(iter(given[-1]["datasets"].values()))
        table = tables_of(at)[0].value
        status = at.selectbox(key="res_item_0").value
        item = table.drop_duplicates("Status")["Status"].tolist()[status]
        published = table[table["Status"] == item]
        assert [(d["years"], d["region_name"], d["label"]) for d in drawn] == list(
            zip(published["Years of notification"], published["Region"], published["DHRs"], strict=True)
        )
        suppressed = [d for d in drawn if d["label"] == "*"]
        assert suppressed and all(d["value"] is None for d in suppressed)  # no colour, no bar, never 0
        assert "datum.value == null" in str(given[-1])  # drawn in the suppressed layer
        # The picture the reader gets carries a * for every suppressed cell.
        [picture] = pictures_of(at)
        assert len(re.findall(r">\*</text>", picture)) == len(suppressed)


@pytest.mark.parametrize("page", [PCC, CSP_BOARD, ANNUAL, RESEARCHER])
def test_audience_pages_say_how_to_build_a_missing_warehouse(missing_warehouse, page):
    at = open_page(page)
    assert "dhr build" in texts(at.warning)


def test_sidebar_filters_survive_pages_that_do_not_draw_them(warehouse):
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT).run()
    at.multiselect(key=filters.FORCE_AREAS_KEY).set_value([KENT]).run()
    at.slider(key=filters.YEARS_KEY).set_value((2021, 2022)).run()
    at.switch_page(PCC).run()  # draws its own choices, not the sidebar filters
    assert not at.sidebar.multiselect
    at.switch_page(HOME).run()
    assert at.session_state[filters.FORCE_AREAS_KEY] == [KENT]
    assert at.slider(key=filters.YEARS_KEY).value == (2021, 2022)
    assert "Showing Kent, 2021–2022." in texts(at.caption)
    # The single force area chosen in the sidebar is where the PCC page starts.
    at.switch_page(PCC).run()
    assert at.selectbox(key=filters.FORCE_AREA_KEY).value == KENT


@pytest.mark.parametrize("page", [HOME, PCC, CSP_BOARD, ANNUAL, RESEARCHER])
def test_charts_reach_the_reader_as_pictures_with_words_for_a_screen_reader(warehouse, page):
    """Issue 15: Vega in the reader's browser cost about 0.1 s of CPU per chart per visit, too much for
    25 readers on two cores; the server draws each chart once (cached) and sends a picture. A picture
    needs words for those who cannot see it: its title and where its table is."""
    at = open_page(page, **{filters.FORCE_AREA_KEY: MET}) if page == PCC else open_page(page)
    assert not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")
    shown = charts_of(at)
    assert shown, "the page draws at least one chart"
    for drawings in shown:
        for drawing in drawings:
            assert drawing.svg.startswith("<svg") and "<text" in drawing.svg  # labels are text, not only colour
            assert len(drawing.alt) > 20 and drawing.alt.endswith("The figures are in the table that goes with it.")
            assert f'width="{drawing.width}"' in drawing.svg  # drawn at the width it is sent for, not scaled


def test_chart_this_item_follows_the_topic(warehouse):
    """Issue 19: after a change of topic, "Chart this item" kept the previous topic's item."""
    at = open_page(RESEARCHER)
    topics = list(research.RESEARCH_TOPICS)
    first = at.selectbox(key="res_item_0").options
    at.selectbox(key="res_topic").set_value(topics[1]).run()
    assert not at.exception
    pickers = [s for s in at.selectbox if s.label == "Chart this item"]
    assert [p.key for p in pickers] == ["res_item_1"]  # one picker, the new topic's
    assert pickers[0].options != first
    chart = charts_of(at)[0][0].alt
    assert pickers[0].options[pickers[0].index or 0].split(" · ")[-1] in chart or topics[1] in chart
