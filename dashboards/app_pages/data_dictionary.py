"""Data dictionary: every form field, warehouse table and code list, in the reader's words
(``dhr.reader_dictionary``, built from the same dbt yml and form specification as the developers'
``data_dictionary/``)."""

from __future__ import annotations

import streamlit as st

from dashboards import ui
from dhr.reader_dictionary import reader_pages

SECTIONS = ("Forms", "Tables", "Code lists")
SECTION_ABOUT = {
    "Forms": "The three forms CSPs send: where each field is, whether it must be filled in, what it holds and "
    "the guidance it comes from.",
    "Tables": "The warehouse tables behind every figure on these pages and in the exports: what one row is and "
    "what each column holds.",
    "Code lists": "Every list an answer is chosen from, with the code the tables and exports carry for it.",
}


@st.cache_data(show_spinner=False)
def _pages():
    return reader_pages()


st.title("Data dictionary")
st.write(
    "What every figure on these dashboards means. It is written from the same definitions the warehouse is "
    "built from, so it says what the figures are, not what they were meant to be."
)

pages = _pages()
section = st.segmented_control("Section", SECTIONS, default=SECTIONS[0], key="dd_section") or SECTIONS[0]
st.caption(SECTION_ABOUT[section])
names = [name for sec, name in pages if sec == section]
name = names[0] if len(names) == 1 else st.selectbox("Page", names, key="dd_page")
page = pages[(section, name)]
st.header(page.title, divider="gray")
st.write(page.intro)
for table in page.tables:
    st.subheader(table.heading)
    if table.note:
        st.caption(table.note)
    ui.table(table.frame, table.heading)
