"""Thematic learning on the dashboards (issue 5), against the fixture warehouse (dashboard_warehouse.py):
the Theme review page saves an override to the real app-state file with its audit event, refuses
to save without a name, and the CSP board, PCC oversight and annual report pages show themes,
topics and learning that repeats."""

from __future__ import annotations

import pytest
from dashboard_warehouse import APP_PATH, HACKNEY_ACTION_TEXT_ID, HACKNEY_REC_TEXT_ID, MET, NATIONAL_USER, PCC_USER
from page_tables import card_texts_of, tables_of
from streamlit.testing.v1 import AppTest

from dashboards import filters
from dhr.app_state import audit_events, verify_audit_chain
from dhr.themes.overrides import override_history, text_sha256

TIMEOUT = 60
REVIEW, CSP_BOARD, PCC, ANNUAL = (
    "app_pages/theme_review.py",
    "app_pages/csp_board.py",
    "app_pages/pcc_oversight.py",
    "app_pages/annual_report.py",
)
HACKNEY = "E22000012"


@pytest.fixture
def app_state(signed_in):
    """The private app-state file the dashboard tests sign in from (tests/dashboards/conftest.py)."""
    return signed_in


def theme_events(path):
    return audit_events(path, action="theme_override")


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


def test_review_saves_an_override_with_who_when_and_an_audit_event(warehouse, app_state):
    at = open_page(REVIEW, theme_review_low=True)  # low confidence only: Hackney action 1.1
    assert at.selectbox(key="theme_review_text").value == HACKNEY_ACTION_TEXT_ID
    assert "Predicted themes: training awareness" in texts(at.info)  # the theme's title, not its code
    choice = at.multiselect(key=f"theme_review_choice_{HACKNEY_ACTION_TEXT_ID}")
    assert (
        "training_awareness" not in texts(at.info) and choice.format_func("training_awareness") == "training awareness"
    )
    at.multiselect(key=f"theme_review_choice_{HACKNEY_ACTION_TEXT_ID}").set_value(
        ["risk_assessment", "training_awareness", "health_response"]
    )
    at.text_input(key=f"theme_review_note_{HACKNEY_ACTION_TEXT_ID}").set_value("DASH training for GPs (R4)")
    at.button(key="theme_review_save").click().run()
    assert not at.exception
    assert f"Saved decision 1 by {NATIONAL_USER}" in texts(at.success)

    history = override_history(app_state)
    assert [(o.text_id, o.themes, o.previous_themes, o.overridden_by, o.note) for o in history] == [
        (
            HACKNEY_ACTION_TEXT_ID,
            ("risk_assessment", "training_awareness", "health_response"),
            ("training_awareness",),
            NATIONAL_USER,
            "DASH training for GPs (R4)",
        )
    ]
    assert history[0].text_sha256 == text_sha256("Train GP practices in DASH")
    events = theme_events(app_state)
    assert len(events) == 1 and events[0].actor == NATIONAL_USER
    assert events[0].detail["text_id"] == HACKNEY_ACTION_TEXT_ID
    assert events[0].detail["themes"] == ["risk_assessment", "training_awareness", "health_response"]
    assert history[0].audit_event_id == events[0].event_id
    assert verify_audit_chain(app_state) == []
    # The page shows the text's history from the app-state file.
    assert any(NATIONAL_USER in frame.value["By"].tolist() for frame in tables_of(at) if "By" in frame.value.columns)


def test_theme_review_is_offered_to_national_analysts_only(warehouse, app_state, as_user):
    from dashboards.signin import allowed_pages
    from dhr.access import Scope

    assert "theme-review" in allowed_pages(Scope.from_roles(["national"]))
    for roles in (["pcc:E23000032"], ["csp:E22000012"], ["researcher"], []):
        assert "theme-review" not in allowed_pages(Scope.from_roles(roles))
    as_user(PCC_USER)
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT).run()
    with pytest.raises(Exception):  # noqa: B017 - AppTest raises when the page is not in the menu
        at.switch_page(REVIEW).run()
        assert not at.exception
    assert override_history(app_state) == []


def test_review_records_the_signed_in_user_and_offers_no_name_to_type(warehouse, app_state):
    at = open_page(REVIEW, theme_review_area=MET)
    assert "theme_review_analyst" not in [t.key for t in at.text_input]  # nobody types someone else's name
    text_id = at.selectbox(key="theme_review_text").value
    at.button(key="theme_review_save").click().run()  # confirm the themes as they are
    saved = override_history(app_state)
    assert [(o.text_id, o.overridden_by) for o in saved] == [(text_id, NATIONAL_USER)]
    assert saved[0].themes == saved[0].previous_themes  # a confirmation keeps the themes


def test_review_shows_an_existing_override(warehouse, app_state):
    at = open_page(REVIEW, theme_review_area=MET, theme_review_kind="action")
    at.selectbox(key="theme_review_text").set_value("E22000012:DHR202101#1.2").run()
    assert "Themes set by A. Analyst" in texts(at.info)


def test_csp_board_and_pcc_pages_show_learning_that_repeats(warehouse):
    for page, state in (
        (CSP_BOARD, {filters.FORCE_AREA_KEY: MET, filters.CSP_KEY: HACKNEY}),
        (PCC, {filters.FORCE_AREA_KEY: MET}),
    ):
        at = open_page(page, **state)
        assert "Learning that repeats" in [h.value for h in at.header]
        assert (
            "A similar recommendation was made in DHR/2019/07 in 2019 (by the same CSP, similarity 0.72); "
            "its actions are RED."
        ) in "\n".join(card_texts_of(at))


def test_pcc_page_with_no_repeats_says_so(warehouse):
    at = open_page(PCC, **{filters.FORCE_AREA_KEY: "E23000032"})  # Kent: no links
    assert "No recommendation of Kent repeats an earlier one" in texts(at.info)


def test_annual_report_shows_themes_and_emerging_topics(warehouse):
    at = open_page(ANNUAL, **{filters.PUBLICATION_YEAR_KEY: 2024})
    headers = [h.value for h in at.header]
    assert "Learning themes" in headers and "Emerging topics" in headers
    themes = next(f.value for f in tables_of(at) if "DHR Library theme" in f.value.columns)
    counts = dict(zip(themes["Theme"].to_list(), themes["Texts"].to_list(), strict=True))
    # the override of action 1.2 (multi_agency_working|risk_assessment) is counted, not its prediction
    assert counts == {"risk assessment": "2", "training awareness": "2", "multi agency working": "1"}  # as shown
    assert themes.loc[themes["Theme"] == "multi agency working", "Set by an analyst"].tolist() == ["1"]
    topics = next(f.value for f in tables_of(at) if "Top terms" in f.value.columns)
    assert topics["Topic"].to_list()[0] == "interpreters / language / family"
    assert "Emerging: interpreters / language / family" in texts(at.markdown)
    assert HACKNEY_REC_TEXT_ID  # the fixture's recommendation carries the emerging topic


def test_review_shows_why_each_theme_was_given(warehouse, app_state, tmp_path, monkeypatch, _theme_model_dir):
    """Issue 20: the words that raised each predicted theme and labelled texts like it, from the
    model the last build used; without one the page says when the reasons appear."""
    monkeypatch.setenv("DHR_THEMES_MODEL_DIR", str(tmp_path / "no_model_yet"))
    at = open_page(REVIEW, theme_review_low=True)
    assert "Why the classifier gave these themes" in texts(at.markdown)
    assert "once the warehouse has been built with the current theme model" in texts(at.caption)

    from dhr.themes import load_model

    load_model(_theme_model_dir)  # the session's model (trained once, shared by both workers)
    monkeypatch.setenv("DHR_THEMES_MODEL_DIR", str(_theme_model_dir))
    at = open_page(REVIEW, theme_review_low=True)
    shown = texts(at.markdown)
    assert "the words that raised it most" in shown and "training awareness" in shown.lower()
    assert "A labelled text of this theme that reads alike" in texts(at.caption)
