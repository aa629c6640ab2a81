"""Text that came in on a form is shown as text, never as Markdown (issue 15): a recommendation or
action written as ``![x](http://example.invalid/a.png)`` must not make every reader's browser fetch
a remote image, and ``**bold**`` must show its asterisks."""

from __future__ import annotations

import duckdb
import pytest
from dashboard_warehouse import APP_PATH, HACKNEY_ACTION_TEXT_ID, MET
from page_tables import card_texts_of
from streamlit.testing.v1 import AppTest

from dashboards import filters
from dashboards.formatting import md_escape

TIMEOUT = 60
HOSTILE = "![x](http://example.invalid/a.png) **bold** <img src=x> :red[alarm] [link](http://example.invalid)"
HOSTILE_REFERENCE = "DHR **2021** ![r](http://example.invalid/r.png)"
#: What Markdown would turn into an image, bold text, a link or a coloured span.
MARKUP = ("![x](http", "![r](http", "**bold**", "**2021**", "](http", ":red[")


def hostile_warehouse(path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(
            "update marts.dim_theme_texts set text = ?, dhr_reference = ?, override_note = ? where text_id = ?",
            [HOSTILE, HOSTILE_REFERENCE, HOSTILE, HACKNEY_ACTION_TEXT_ID],
        )
        con.execute(
            "update marts.fct_repeated_learning set recommendation = ?, earlier_recommendation = ?, "
            "earlier_dhr_reference = ?",
            [HOSTILE, HOSTILE, HOSTILE_REFERENCE],
        )


def markdown_sources(at: AppTest) -> list[str]:
    """The source of every element Streamlit renders as Markdown."""
    kinds = ("markdown", "caption", "info", "success", "warning", "error", "title", "header", "subheader")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)]


def assert_not_markdown(at: AppTest) -> None:
    for source in markdown_sources(at):
        for markup in MARKUP:
            assert markup not in source, f"{markup!r} would render as Markdown in {source!r}"
    # Blocks of HTML (cards, tables) carry the words escaped: shown, never loaded.
    for element in at.get("html"):
        assert "<img src=x>" not in element.proto.body and 'src="http' not in element.proto.body


def open_page(page: str, **state) -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_md_escape_makes_markdown_literal():
    assert md_escape("**bold**") == r"\*\*bold\*\*"
    assert md_escape("![x](http://e/a.png)") == r"\!\[x\]\(http\://e/a.png\)"
    assert md_escape("# Heading\n1. item\n- item\n===") == "\\# Heading\n1\\. item\n\\- item\n\\==="
    assert md_escape("Train GP practices") == "Train GP practices"
    assert md_escape(None) == ""


def test_theme_review_shows_the_senders_text_as_plain_text(warehouse):
    hostile_warehouse(warehouse)
    at = open_page("app_pages/theme_review.py", theme_review_low=True)
    assert at.selectbox(key="theme_review_text").value == HACKNEY_ACTION_TEXT_ID
    assert HOSTILE in [t.value for t in at.text]  # the words themselves, as they were sent
    assert_not_markdown(at)


@pytest.mark.parametrize(
    ("page", "state"),
    [
        ("app_pages/csp_board.py", {filters.FORCE_AREA_KEY: MET, filters.CSP_KEY: "E22000012"}),
        ("app_pages/pcc_oversight.py", {filters.FORCE_AREA_KEY: MET}),
    ],
)
def test_learning_that_repeats_shows_recommendations_as_plain_text(warehouse, page, state):
    hostile_warehouse(warehouse)
    at = open_page(page, **state)
    assert "Learning that repeats" in [h.value for h in at.header]
    assert_not_markdown(at)
    cards = card_texts_of(at)
    assert cards and all(HOSTILE in card for card in cards)  # the words themselves, as they were sent


def test_annual_report_quotes_example_texts_as_plain_text(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.rpt_emerging_topics set example_texts = [?]", [HOSTILE])
    at = open_page("app_pages/annual_report.py", **{filters.PUBLICATION_YEAR_KEY: 2024})
    assert any("Emerging:" in source for source in markdown_sources(at))
    assert_not_markdown(at)
