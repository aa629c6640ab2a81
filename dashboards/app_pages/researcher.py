"""Researcher: disclosure-controlled aggregates by fixed bands of notification years, region or England
and Wales, and topic, to download as CSV, XLSX or Parquet.

Never a row about a DHR, a person or an action. Every figure comes from
``dashboards.data.research.get_controlled_research_table``, a slice of the topic's one linked release
(``dhr.disclosure``, default ``hes``), so neither this page nor a download can show counts as counted,
and a figure is the same in every table, chart and file. There is no choice of years but the fixed bands (issue 15), and
a suppressed cell is drawn as suppressed, never as 0. Every download is written to the audit log."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards import charts, data, figures, filters, ui
from dashboards.data import research
from dashboards.formatting import fmt_int
from dhr import disclosure, research_export

SUBJECT_WORDS = {"victim": "Victim", "perpetrator": "Perpetrator", "children": "Children"}
GEOGRAPHY_LABELS = {"region": "Regions, with England and Wales", "national": "England and Wales only"}


def item_picker(table: pl.DataFrame, columns: tuple[str, ...], topic: str) -> tuple[pl.DataFrame, str]:
    """Narrow the table to one item (e.g. one risk factor for victims) for the chart."""
    items = table.select(columns).unique(maintain_order=True)
    labels = [" · ".join(SUBJECT_WORDS.get(str(v), str(v)) for v in row) for row in items.rows()]
    key = f"res_item_{list(research.RESEARCH_TOPICS).index(topic)}"  # one remembered item per topic
    if st.session_state.get(key, 0) >= len(labels):
        st.session_state.pop(key, None)
    choice = st.selectbox("Chart this item", range(len(labels)), format_func=lambda i: labels[i], key=key)
    picked = items.row(choice or 0, named=True)
    return table.filter(pl.all_horizontal(pl.col(c) == picked[c] for c in columns)), labels[choice or 0]


def logged_download(actor: str, export: research_export.ResearchExport, fmt: str) -> bytes:
    """The file, made when the reader clicks, with its ``export`` event in the audit log.

    Logged as the file is made, not by an ``on_click`` callback: a callback reruns the page, and a
    second download clicked during that rerun never arrived, with no message (issue 19). The actor
    is taken when the page is drawn because the file is made outside the page's run."""
    research_export.log_export(actor, export, fmt, channel="dashboard")
    return research_export.to_bytes(export, fmt)


st.title("Researcher")
st.markdown(
    "Aggregates for research and analysis: counts by fixed bands of years of notification, region and topic, ready "
    "to download. No row is about a DHR, a person or an action, and every figure is disclosure-controlled."
)

with ui.warehouse_guard():
    regions = research.get_regions()
    bands = research.get_research_bands()
    top = st.columns([3, 2, 2, 2])
    topic = top[0].selectbox("Topic", list(research.RESEARCH_TOPICS), key="res_topic")
    geography = top[1].selectbox(
        "Geography", list(GEOGRAPHY_LABELS), format_func=GEOGRAPHY_LABELS.get, key="res_geography"
    )
    band_words = ", ".join(disclosure.band_label(b) for b in bands) or "none yet"
    year_band = top[2].selectbox(
        "Years",
        list(research.YEAR_BANDS),
        key="res_year_band",
        help=f"Fixed bands of years of notification, never single years: {band_words}.",
    )
    policy_name = top[3].selectbox(
        "Disclosure control",
        list(disclosure.POLICIES),
        format_func=lambda n: disclosure.POLICIES[n].title,
        key="res_policy",
        help=" ".join(
            f"{p.name}{' (default)' if p.name == disclosure.DEFAULT_POLICY else ''}: {p.summary}."
            for p in disclosure.POLICIES.values()
        ),
    )
    policy = disclosure.get_policy(policy_name)
    st.info(f"**{policy.title}.** {policy.rule}", icon=":material/lock:")
    chosen_regions: list[str] = []
    if geography == "region":
        st.session_state[filters.REGIONS_KEY] = [
            r for r in st.session_state.get(filters.REGIONS_KEY, []) if r in regions
        ]
        chosen_regions = st.multiselect(
            "Regions",
            regions,
            key=filters.REGIONS_KEY,
            placeholder="All regions",
            help="Regions of England, and Wales. Leave empty for all. England and Wales is always the national "
            "figure, whichever regions are shown.",
        )
    table, counts, policy = research.get_controlled_research_table(
        topic,
        regions=chosen_regions or None,
        geography=geography,
        year_band=year_band,
        policy=policy_name,
    )
    where = (
        f"{', '.join(chosen_regions) if chosen_regions else GEOGRAPHY_LABELS[geography]}; years of notification "
        + (f"in fixed bands ({band_words})" if research.YEAR_BANDS[year_band] else "pooled")
    )
    st.caption(f"{topic}: {where}.")
    if table.height == 0:
        st.info("No figures for this topic yet: researcher tables need at least two years of notifications.")
    else:
        value_col, value_title, item_cols = research.RESEARCH_CHARTS[topic]
        if value_col in table.columns:
            chart_rows, item_label = item_picker(table, item_cols, topic) if item_cols else (table, None)
            ui.chart(
                charts.controlled_heatmap,
                chart_rows,
                value_col,
                value_title,
                f"{topic}: {item_label}" if item_label else topic,
                "By band of years of notification and geography; * = suppressed (no colour), never drawn as 0",
                national_name=research.NATIONAL_NAME,
            )
        export = research_export.ResearchExport(
            topic=topic,
            frame=table,
            counts=counts,
            policy=policy,
            filters_text=where,
            reporting_date=(lambda b: b.get_column("reporting_date")[0] if b.height else None)(data.get_build_info()),
        )
        ui.table(figures.research_table(export.published), f"{topic}: published figures")
        st.caption(
            f"{fmt_int(table.height)} rows. * = suppressed ({policy.name}). England and Wales and the all-years "
            "figures are controlled like every other cell, so they are not the sums of the rounded rows."
        )
        stem = research_export.file_stem(topic)
        actor = st.session_state.get("dhr_user_name") or "unknown"
        cols = st.columns(3)
        for col, fmt, mime in zip(
            cols,
            research_export.FORMATS,
            (research_export.CSV_MIME, research_export.XLSX_MIME, research_export.PARQUET_MIME),
            strict=True,
        ):
            col.download_button(
                f"Download {fmt.upper() if fmt != 'parquet' else 'Parquet'}",
                data=(lambda f=fmt: logged_download(actor, export, f)),
                file_name=f"{stem}.{fmt}",
                mime=mime,
                icon=":material/download:",
                on_click="ignore",
                key=f"res_{fmt}",
                width="stretch",
            )
    with st.expander("What is counted", icon=":material/info:"):
        st.markdown(
            "- **Years** are fixed bands of three years of notification, counted from the first year with data "
            f"({band_words}); a single left-over year joins the band before it. **All years pooled** is their "
            "total. **Region** is the region of the CSP's force area (Wales is one region); every region has a "
            "row, with 0 where there is nothing to count. No table shows a CSP or a single year: with 0-3 DHRs a "
            "year per CSP they would identify cases.\n"
            "- Every table you can see or download, for every topic, band, geography and policy, is cut from one "
            "release that is protected as a whole: the same figure is the same everywhere, and no suppressed "
            "figure can be worked out by combining tables.\n"
            "- Shares leave Not known out of the denominator and give the Not known count beside it (Annex F of "
            "the statutory guidance). Percentages are computed from the published (rounded) counts. Protected "
            "characteristics count people.\n"
            "- Medians and other figures that cannot be recomputed from controlled counts are left out."
        )
