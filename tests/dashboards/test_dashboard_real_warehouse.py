"""Every audience page and download against a real warehouse: a synthetic corpus ingested and built
with dbt (the `built_warehouse` session fixture), so the pages meet the marts as dbt makes them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from dashboard_warehouse import APP_PATH, PAGES_DIR
from docx import Document
from page_tables import metrics_of
from streamlit.testing.v1 import AppTest
from test_dashboard_downloads import action_numbers, check_html

from dashboards import filters
from dashboards.data import research
from dashboards.reports import annex_b, annual
from ingest.parse import parse_file

pytestmark = pytest.mark.slow

PAGE_FILES = sorted(p for p in PAGES_DIR.glob("*.py") if p.name != "__init__.py")


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def busiest(path: Path, column: str) -> str:
    return query(path, f"select {column} from marts.fct_actions group by 1 order by count(*) desc, 1 limit 1")[0][0]


def run(page: Path, **state) -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(str(page.relative_to(APP_PATH.parent))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("page", PAGE_FILES, ids=[p.stem for p in PAGE_FILES])
def test_every_page_renders_on_a_built_warehouse(real_warehouse, page):
    force_area = busiest(real_warehouse, "force_area_code")
    csp = busiest(real_warehouse, "csp_code")
    at = run(page, **{filters.FORCE_AREA_KEY: force_area, filters.CSP_KEY: csp})
    assert at.title
    assert not [w.value for w in at.warning if "warehouse" in str(w.value)]


def test_pcc_page_figures_match_the_marts(real_warehouse):
    force_area = busiest(real_warehouse, "force_area_code")
    at = run(PAGES_DIR / "pcc_oversight.py", **{filters.FORCE_AREA_KEY: force_area})
    (dhrs,) = query(real_warehouse, "select count(*) from marts.dim_dhrs where force_area_code = ?", [force_area])[0]
    overdue, open_ = query(
        real_warehouse,
        "select count(*) filter (where is_overdue), count(*) filter (where not is_complete) from marts.fct_actions where force_area_code = ?",
        [force_area],
    )[0]
    shown = metrics_of(at)
    assert shown["DHRs"] == f"{dhrs:,}"
    assert shown["Actions overdue"] == f"{overdue:,}" and shown["Actions open"] == f"{open_:,}"


def test_every_page_with_every_topic_and_subject(real_warehouse):
    at = run(PAGES_DIR / "researcher.py")
    for topic in research.RESEARCH_TOPICS:
        at.selectbox(key="res_topic").set_value(topic).run()
        assert not at.exception, (topic, [e.value for e in at.exception])
    force_area = busiest(real_warehouse, "force_area_code")
    at = run(PAGES_DIR / "pcc_oversight.py", **{filters.FORCE_AREA_KEY: force_area})
    for subject in ("perpetrator", "children"):
        at.segmented_control(key="pcc_rf_subject").set_value(subject).run()
        assert not at.exception


def test_annex_b_update_holds_exactly_the_csps_latest_actions(real_warehouse, tmp_path):
    for (csp,) in query(real_warehouse, "select distinct csp_code from marts.fct_actions order by 1 limit 3"):
        expected = {
            (reference, number)
            for reference, number in query(
                real_warehouse,
                "select d.dhr_reference, a.action_number from marts.fct_actions a join marts.dim_dhrs d using (dhr_id) where a.csp_code = ?",
                [csp],
            )
        }
        # the governance arrangements the CSP gave (003 L776): every generated plan states some
        governance = dict(
            query(real_warehouse, "select dhr_id, action_plan_governance from marts.dim_dhrs where csp_code = ?", [csp])
        )
        _, content, updates = annex_b.build_csp_progress_update(csp)
        folder = tmp_path / csp
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            zf.extractall(folder)
        got = set()
        for update in updates:
            path = folder / update.file_name
            openpyxl.load_workbook(path)
            parsed = parse_file(path)
            assert parsed.errors == [], parsed.errors
            assert parsed.csp_code == csp and parsed.dhr_reference == update.dhr_reference
            (plan,) = parsed.rows["action_plan__plans"]
            assert plan["governance"] == governance[update.dhr_id] and plan["governance"]
            got |= {(update.dhr_reference, n) for n in action_numbers(path)}
        assert got == expected


def test_annual_report_files_for_the_latest_year(real_warehouse):
    year = max(
        y
        for (y,) in query(
            real_warehouse, "select distinct published_year from marts.dim_dhrs where published_year is not null"
        )
    )
    report = annual.gather(year)
    parts = annual.sections(report)
    images = annual.chart_images(parts)
    doc = Document(io.BytesIO(annual.render_docx(report, parts, images)))
    # the files number their sections ("1. DHRs published in 2024")
    headings = {p.text.split(". ", 1)[-1] for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert {
        f"DHRs published in {year}",
        "Risk factors",
        "National recommendations tracker",
        "Methods and coverage",
    } <= headings
    assert len(doc.inline_shapes) == len(images) >= 5 and len(doc.tables) >= 6
    check_html(annual.render_html(report, parts, images))
    pdf = annual.render_pdf(report, parts, images)
    assert pdf.startswith(b"%PDF-")
    # Issue 19: with equal column widths the recommendation texts wrapped into tall narrow cells; the
    # widths follow what the columns hold, and the report is shorter for it.
    equal = annual.render_pdf(report, parts, images, column_weights=lambda header, rows: tuple(1 for _ in header))
    assert _pages(pdf) < _pages(equal), (_pages(pdf), _pages(equal))


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
