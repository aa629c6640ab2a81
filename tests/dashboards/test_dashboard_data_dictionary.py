"""The data dictionary page shows the generated pages: a mart's columns and a form's fields."""

from __future__ import annotations

from dashboard_warehouse import APP_PATH
from streamlit.testing.v1 import AppTest

from dhr.data_dictionary import dictionary_pages


def open_page() -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=60).run()
    return at.switch_page("app_pages/data_dictionary.py").run()


def test_every_generated_page_is_offered():
    pages = dictionary_pages()
    assert ("Marts", "dim dhrs") in pages
    assert ("Forms", "action plan") in pages
    assert ("Overview", "Index") in pages


def test_choosing_a_mart_shows_its_columns(warehouse):
    at = open_page()
    assert not at.exception
    at.segmented_control(key="dd_section").set_value("Marts").run()
    at.selectbox(key="dd_page").set_value("fct actions").run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "is_overdue" in shown and "days_overdue" in shown


def test_choosing_a_form_shows_its_fields_with_citations(warehouse):
    at = open_page()
    at.segmented_control(key="dd_section").set_value("Forms").run()
    at.selectbox(key="dd_page").set_value("action plan").run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "Overall RAG" in shown and "Sheffield DHR guidance, Template 25" in shown
