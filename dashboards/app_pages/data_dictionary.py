"""Data dictionary: every mart, form field and code list, as generated from the dbt yml and form_contract/spec.py."""

from __future__ import annotations

import streamlit as st

from dhr.data_dictionary import dictionary_pages

st.title("Data dictionary")
st.write(
    "What every figure on these dashboards means: each mart with its grain and columns, each field of "
    "the three forms CSPs send (with the guidance it comes from), and every code list. Generated from "
    "the dbt model yml and the form specification by `dhr docs`, so it cannot drift from the warehouse."
)

pages = dictionary_pages()
if not pages:
    st.info("The data dictionary has not been generated yet: run `dhr docs`.")
else:
    sections = sorted({section for section, _ in pages})
    section = st.segmented_control("Section", sections, default=sections[0], key="dd_section")
    names = [name for sec, name in pages if sec == (section or sections[0])]
    name = st.selectbox("Page", names, key="dd_page")
    st.divider()
    st.markdown(pages[(section or sections[0], name)].read_text(encoding="utf-8"))
