"""The Domestic Abuse Commissioner's annual thematic report (003 L727-732) for a year of publication.

The page draws the sections of ``dashboards.reports.annual`` and offers the same sections as
.docx, .html and .pdf, so the download says what the page says."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, figures, filters, ui
from dashboards.data import annual as annual_data  # the report module below is `annual`
from dashboards.formatting import md_escape
from dashboards.reports import annual


def draw(section: annual.Section) -> None:
    st.header(section.heading, divider="gray")
    if section.placeholder:
        st.info(section.placeholder, icon=":material/info:")
    # The sections are plain text (the same words go into the .docx and .pdf) and quote CSPs' own
    # recommendations as examples: shown literally, never as Markdown (issue 15).
    for text in section.paragraphs:
        st.markdown(md_escape(text))
    if section.bullets:
        st.markdown("\n".join(f"- {md_escape(text)}" for text in section.bullets))
    for recipe in section.charts:
        ui.chart(getattr(charts, recipe.builder), *recipe.args, **dict(recipe.kwargs))
    for table in section.tables:
        st.subheader(table.caption)
        ui.table(table.frame, table.caption)


def downloads(report: annual.AnnualReport, parts: list[annual.Section]) -> None:
    images: dict[int, bytes] = {}

    def charts_once() -> dict[int, bytes]:
        if not images:
            images.update(annual.chart_images(parts))
        return images

    stem = annual.file_stem(report.year)
    cols = st.columns(3)
    cols[0].download_button(
        "Word (.docx)",
        data=lambda: annual.render_docx(report, parts, charts_once()),
        file_name=f"{stem}.docx",
        mime=annual.DOCX_MIME,
        icon=":material/description:",
        on_click="ignore",
        key="annual_docx",
        width="stretch",
    )
    cols[1].download_button(
        "Web page (.html)",
        data=lambda: annual.render_html(report, parts, charts_once()),
        file_name=f"{stem}.html",
        mime=annual.HTML_MIME,
        icon=":material/html:",
        on_click="ignore",
        key="annual_html",
        width="stretch",
    )
    cols[2].download_button(
        "PDF (.pdf)",
        data=lambda: annual.render_pdf(report, parts, charts_once()),
        file_name=f"{stem}.pdf",
        mime=annual.PDF_MIME,
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="annual_pdf",
        width="stretch",
    )


st.title("Commissioner's annual thematic report")
st.markdown(
    "For the Domestic Abuse Commissioner's office: the DHRs published in a year, what they record about risk, "
    "agency contact and the people involved compared with earlier years, the national recommendations and "
    "whether they were answered, and how action plans are being delivered across England and Wales."
)

with ui.warehouse_guard():
    years = annual.available_years()
    if not years:
        st.info("No DHR is recorded yet, so there is no year to report on.")
    else:
        published = annual_data.get_published_by_year().get_column("published_year").to_list()
        build = data.get_build_info()
        reporting_date = build.get_column("reporting_date")[0] if build.height else None
        year = filters.choose(
            "Year of publication",
            list(reversed(years)),
            filters.PUBLICATION_YEAR_KEY,
            default=annual.default_year(published, reporting_date) or years[-1],
            help="DHRs count in the year of their published date (on or before the reporting date). Remembered across pages.",
        )
        report = annual.gather(year)
        parts = annual.sections(report)
        st.caption(" ".join(figures.coverage_lines(report.build, report.published_count)))
        st.markdown("**Download this report** (the same sections, charts and tables as below):")
        downloads(report, parts)
        for part in parts:
            draw(part)
