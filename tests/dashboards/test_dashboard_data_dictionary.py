"""The data dictionary page: a table's columns and a form's fields in the reader's words, built
from the same definitions as the developers' generated dictionary (dhr/reader_dictionary.py)."""

from __future__ import annotations

from dashboard_warehouse import APP_PATH
from page_tables import tables_of
from streamlit.testing.v1 import AppTest

from dhr.data_dictionary import load_models
from dhr.reader_dictionary import for_readers, reader_pages


def open_page() -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=60).run()
    return at.switch_page("app_pages/data_dictionary.py").run()


def test_the_readers_dictionary_has_every_form_every_mart_and_the_code_lists():
    pages = reader_pages()
    marts = {m.name for m in load_models().values() if m.folder == "marts"}
    assert {name for section, name in pages if section == "Tables"} == marts
    assert {name for section, name in pages if section == "Forms"} == {
        "Data capture form",
        "Scoping review",
        "Action plan",
    }
    assert ("Code lists", "Code lists") in pages


def test_a_value_is_described_without_the_file_it_was_loaded_from_or_a_file_code():
    assert for_readers("ONS code of the CSP (seeds/reference/csps.csv).") == "ONS code of the CSP."
    assert for_readers("Resubmitted every quarter (003 L712): `Progress as at`.") == (
        "Resubmitted every quarter (2024 draft statutory guidance, para 20.3): Progress as at."
    )


def test_choosing_a_table_shows_what_each_column_holds(warehouse):
    at = open_page()
    assert not at.exception
    at.segmented_control(key="dd_section").set_value("Tables").run()
    at.selectbox(key="dd_page").set_value("fct_actions").run()
    columns = tables_of(at)[0].value
    assert list(columns.columns) == ["Column", "What it holds"]
    assert {"is_overdue", "days_overdue"} <= set(columns["Column"])


def test_choosing_a_form_shows_its_fields_by_their_printed_labels_with_the_guidance(warehouse):
    at = open_page()
    at.segmented_control(key="dd_section").set_value("Forms").run()
    at.selectbox(key="dd_page").set_value("Action plan").run()
    actions = tables_of(at)[1].value
    assert list(actions.columns) == [
        "Field on the form",
        "Required",
        "What it holds",
        "Chosen from",
        "Guidance",
    ]
    rag = actions[actions["Field on the form"].str.startswith("Overall RAG")]
    assert len(rag) == 1
    assert "Sheffield DHR guidance, Template 25" in rag["Guidance"].iloc[0]
    assert "RED" in rag["Chosen from"].iloc[0]
