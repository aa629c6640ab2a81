"""Researcher: aggregates only, by year of notification, region and topic, to download as CSV or XLSX.

Never a row about a DHR, a person or an action: every table is a count over a year and a region.
The figures are not yet disclosure-controlled; every table passes through
``dashboards.disclosure.apply_policy``, the one place a policy will be applied."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards import charts, data, disclosure, filters, ui
from dashboards.formatting import fmt_int
from dashboards.reports import research

SUBJECT_WORDS = {"victim": "Victim", "perpetrator": "Perpetrator", "children": "Children"}


def item_picker(table: pl.DataFrame, columns: tuple[str, ...]) -> tuple[pl.DataFrame, str]:
    """Narrow the table to one item (e.g. one risk factor for victims) for the chart."""
    items = table.select(columns).unique(maintain_order=True)
    labels = [" · ".join(SUBJECT_WORDS.get(str(v), str(v)) for v in row) for row in items.rows()]
    if st.session_state.get("res_item", 0) >= len(labels):
        st.session_state.pop("res_item", None)  # an item of the topic chosen before
    choice = st.selectbox("Chart this item", range(len(labels)), format_func=lambda i: labels[i], key="res_item")
    picked = items.row(choice or 0, named=True)
    return table.filter(pl.all_horizontal(pl.col(c) == picked[c] for c in columns)), labels[choice or 0]


st.title("Researcher")
st.markdown(
    "Aggregates for research and analysis: counts by year of notification, region and topic, ready to download. "
    "No row is about a DHR, a person or an action."
)
st.warning(f"**{disclosure.POLICY_NOTE}** They are for analysis inside the project only.", icon=":material/lock:")

with ui.warehouse_guard():
    active = filters.current_filters()
    regions = data.get_regions()
    left, right = st.columns([2, 3])
    topic = left.selectbox("Topic", list(data.RESEARCH_TOPICS), key="res_topic")
    st.session_state[filters.REGIONS_KEY] = [r for r in st.session_state.get(filters.REGIONS_KEY, []) if r in regions]
    chosen_regions = right.multiselect(
        "Regions",
        regions,
        key=filters.REGIONS_KEY,
        placeholder="All regions",
        help="Regions of England, and Wales. Leave empty for all. Remembered across pages.",
    )
    region_filter = chosen_regions or None
    table = disclosure.apply_policy(data.get_research_table(topic, active.years, region_filter))
    where = f"{', '.join(chosen_regions) if chosen_regions else 'all regions'}; years of notification: " + (
        f"{active.years[0]}–{active.years[1]}" if active.years else "all"
    )
    st.caption(f"{topic}: {where}. The year range is in the sidebar.")
    if table.height == 0:
        st.info("No figures for this topic, regions and years. Widen the regions or the year range in the sidebar.")
    else:
        value_col, value_title, item_cols = data.RESEARCH_CHARTS[topic]
        chart_rows, item_label = item_picker(table, item_cols) if item_cols else (table, None)
        ui.chart(
            charts.heatmap_chart,
            chart_rows,
            value_col,
            value_title,
            f"{topic}: {item_label}" if item_label else topic,
            "By year of notification and region; the number in each cell is the figure",
        )
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(f"{fmt_int(table.height)} rows. {disclosure.note()}")
        build = data.get_build_info()
        reporting_date = build.get_column("reporting_date")[0] if build.height else None
        stem = research.file_stem(topic)
        cols = st.columns(2)
        cols[0].download_button(
            "Download CSV",
            data=research.to_csv_bytes(table),
            file_name=f"{stem}.csv",
            mime=research.CSV_MIME,
            icon=":material/download:",
            on_click="ignore",
            key="res_csv",
            width="stretch",
        )
        cols[1].download_button(
            "Download XLSX",
            data=lambda: research.to_xlsx_bytes(table, topic, where, reporting_date),
            file_name=f"{stem}.xlsx",
            mime=research.XLSX_MIME,
            icon=":material/download:",
            on_click="ignore",
            key="res_xlsx",
            width="stretch",
        )
    with st.expander("What is counted", icon=":material/info:"):
        st.markdown(
            "- **Year** is the year the CSP was notified of the death; **region** is the region of the CSP's force "
            "area (Wales is one region).\n"
            "- Shares leave Not known out of the denominator and give the Not known count beside it "
            "(003 Annex F). Protected characteristics count people; Not known is a category of its own.\n"
            "- Learning themes (the 17 themes of `dhr themes`) will be a topic once they are in the warehouse.\n"
            f"- {disclosure.POLICY_NOTE} The disclosure-control issue adds a policy in `dashboards/disclosure.py`."
        )
