"""Streamlit AppTest: the router and every page run against the fixture warehouse."""

from __future__ import annotations

import pytest
from dashboard_warehouse import APP_PATH, KENT, PAGES_DIR, THAMES_VALLEY
from page_tables import kpi_cards_of, metrics_of, tables_of
from streamlit.testing.v1 import AppTest

from dashboards import filters

TIMEOUT = 60
PAGE_FILES = sorted(p for p in PAGES_DIR.glob("*.py") if p.name != "__init__.py")


def run_app() -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return metrics_of(at)


def table_with(at: AppTest, column: str):
    """The first st.dataframe on the page that has `column`."""
    for frame in tables_of(at):
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a {column!r} column")


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


@pytest.mark.parametrize("page", PAGE_FILES, ids=[p.stem for p in PAGE_FILES])
def test_every_page_renders_without_exception(warehouse, page):
    at = run_app()
    at.switch_page(str(page.relative_to(APP_PATH.parent))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error


def test_home_shows_heading_metrics_and_footer(warehouse):
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "DHR Learning Warehouse"
    assert metrics(at) == {
        "DHRs": "6",
        "Published": "1",
        "In progress": "1",
        "Actions open": "3",
        "Actions overdue": "2",
    }
    notes = {card["name"]: card["note"] for card in kpi_cards_of(at)}
    assert notes["Actions overdue"] == "67% (2 of 3) of open"
    assert notes["DHRs"] == "2 with an action plan"
    # Each figure's explanation travels with it (the tooltip of its "?").
    assert all(card["tip"] for card in kpi_cards_of(at))
    captions = texts(at.caption)
    assert "Data as of 30/09/2026; built 30/09/2026 14:05; synthetic data" in captions
    # Overdue table: most overdue first, with the status text.
    table = table_with(at, "DHR reference")
    assert list(table.columns) == [
        "Force area",
        "CSP",
        "DHR reference",
        "Days overdue",
        "Target date",
        "Status",
        "Lead agency",
        "Action",
    ]
    assert table["DHR reference"].tolist() == ["DHR/2021/01", "DHR/2020/02"]
    assert table["Status"].tolist() == ["RED - Action required", "AMBER - Preparation underway"]
    assert "2024 draft statutory guidance, Annex B" in texts(at.markdown)
    # The action chart's figures are also offered as a table, with the status words as columns,
    # built only when the reader opens it.
    assert not [frame for frame in tables_of(at) if "RED" in frame.value.columns]
    at.session_state["home_status_table"] = True
    at.run()
    status = table_with(at, "RED")
    assert status[["Force area", "RED", "AMBER", "GREEN", "COMPLETE", "Overdue"]].values.tolist() == [
        ["Metropolitan Police", 1, 0, 1, 1, 1],
        ["Kent", 0, 1, 0, 1, 1],
    ]


def test_force_area_filter_changes_the_numbers(warehouse):
    at = run_app()
    at.multiselect(key=filters.FORCE_AREAS_KEY).set_value([KENT]).run()
    assert not at.exception
    assert metrics(at) == {
        "DHRs": "2",
        "Published": "0",
        "In progress": "0",
        "Actions open": "1",
        "Actions overdue": "1",
    }
    assert "Showing Kent, all years." in texts(at.caption)
    assert table_with(at, "DHR reference")["CSP"].tolist() == ["Medway"]


def test_year_filter_changes_the_numbers(warehouse):
    at = run_app()
    at.slider(key=filters.YEARS_KEY).set_value((2022, 2022)).run()
    assert not at.exception
    assert metrics(at)["DHRs"] == "2"
    # No DHR notified in 2022 has an action plan.
    assert "None of the selected DHRs has an action plan yet." in texts(at.info)


def test_filter_that_matches_nothing_shows_info(warehouse):
    at = run_app()
    at.multiselect(key=filters.FORCE_AREAS_KEY).set_value([THAMES_VALLEY]).run()
    assert not at.exception
    assert "No DHRs match" in texts(at.info)
    assert not metrics_of(at)


def test_filters_persist_in_session_state(warehouse):
    at = run_app()
    at.multiselect(key=filters.FORCE_AREAS_KEY).set_value([KENT]).run()
    at.run()  # another rerun, as after moving between pages
    assert at.session_state[filters.FORCE_AREAS_KEY] == [KENT]
    assert at.session_state[filters.ACTIVE_KEY].force_area_codes == (KENT,)
    assert metrics(at)["DHRs"] == "2"


def test_missing_warehouse_shows_how_to_build_it(missing_warehouse):
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "DHR Learning Warehouse"
    warning = texts(at.warning)
    assert "dhr ingest" in warning and "dhr build" in warning
    assert "No warehouse built yet" in texts(at.caption)


def test_warehouse_without_marts_shows_how_to_build_it(warehouse_without_marts):
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert "dhr build" in texts(at.warning)
