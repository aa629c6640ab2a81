"""The bad-input corpus: every way a received file can be wrong, each rejected with a message that
says what to fix, every reason found (not just the first), and nothing of it loaded.

Each case builds its file in the test (or takes a small committed fixture that only a tool can
make, tests/ingest/fixtures/bad/), ingests it into a fresh warehouse and asserts the status, the
form type when it can be told, and every message. Messages start with the file name, then name
the sheet or table, row and field where one applies (docs/design.md §2).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import duckdb
import pytest
from ingest_builders import (
    PLAN_TABLE_HEADER_ROW,
    action_row,
    case_values,
    person_rows,
    plan_header,
    scoping_answers,
    write_action_plan_docx,
    write_action_plan_xlsx,
    write_data_capture_xlsx,
)
from openpyxl import Workbook, load_workbook

from form_contract.spec import ALL_RAW_TABLES, SCOPING_QUESTIONS
from ingest.limits import MAX_FILE_BYTES, MAX_ROWS
from ingest.pipeline import ingest_paths

BAD_FIXTURES = Path(__file__).parent / "fixtures" / "bad"
DATA_ROW = PLAN_TABLE_HEADER_ROW + 1


@dataclass(frozen=True)
class Case:
    """A bad file: how to make it, the form type ingest can still tell, and what every message says."""

    name: str
    make: Callable[[Path], Path]
    messages: tuple[str, ...]  # each must appear in one error; there are exactly this many errors
    form_type: str | None = None


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------
def _plan(rows=None, header=None, name="plan.xlsx", **kwargs) -> Callable[[Path], Path]:
    return lambda folder: write_action_plan_xlsx(folder / name, rows=rows, header=header, **kwargs)


def _data_capture(name="dc.xlsx", **kwargs) -> Callable[[Path], Path]:
    return lambda folder: write_data_capture_xlsx(folder / name, **kwargs)


def _fixture(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        return Path(shutil.copyfile(BAD_FIXTURES / name, folder / name))

    return make


def _bytes(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return make


def _work(folder: Path) -> Path:
    """A folder beside the inbox for the intermediate files a case is made from."""
    work = folder.parent / "work"
    work.mkdir(exist_ok=True)
    return work


def _truncated(write: Callable[[Path], Path], name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        whole = write(_work(folder) / f"whole{Path(name).suffix}")
        path = folder / name
        path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
        return path

    return build


def corrupt_zip(folder: Path) -> Path:
    path = folder / "corrupt.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    return path


def broken_workbook_xml(folder: Path) -> Path:
    good = write_action_plan_xlsx(_work(folder) / "good.xlsx")
    path = folder / "broken parts.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<workbook><sheets><sheet" if item.filename == "xl/workbook.xml" else data)
    return path


def budget_workbook(folder: Path) -> Path:
    wb = Workbook()
    wb.active.append(["Budget 2025", "Q1", "Q2"])
    wb.active.append(["Staff", 1000, 1200])
    wb.save(folder / "budget.xlsx")
    return folder / "budget.xlsx"


def minutes_document(folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Minutes of the DHR panel meeting")
    document.add_paragraph("Present: chair, police, health.")
    document.save(str(folder / "minutes.docx"))
    return folder / "minutes.docx"


def ten_thousand_rows(folder: Path) -> Path:
    """An action plan sheet with 10,000 action rows under the header (the sheet XML written directly: fast)."""
    small = write_action_plan_xlsx(_work(folder) / "small.xlsx", rows=[], status_key=False)

    def row(r: int, values: list[str]) -> str:
        cells = "".join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(values))
        return f'<row r="{r}">{cells}</row>'

    rows = [
        row(1, ["Community Safety Partnership", "Medway"]),
        row(2, ["Local DHR reference", "DHR 1"]),
        row(3, ["Progress as at", "31/03/2025"]),
        row(5, ["Rec. no.", "Recommendation", "Action no.", "Action", "Lead agency", "Target date", "Overall RAG"]),
    ]
    rows += [
        row(6 + i, ["1", "Rec", f"1.{i + 1}", f"Action {i}", "Kent Police", "31/03/2025", "GREEN"])
        for i in range(10_000)
    ]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )
    path = folder / "huge plan.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item.filename, body)
    return path


def _zip_of_zeros(folder: Path, name: str, megabytes: int) -> Path:
    """A valid-looking .xlsx holding a part of `megabytes` MB of zeros: a small file that inflates hugely."""
    good = write_action_plan_xlsx(_work(folder) / "good.xlsx")
    path = folder / name
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(chunk)
    return path


def zip_bomb(folder: Path) -> Path:
    return _zip_of_zeros(folder, "bomb.xlsx", 210)


def high_ratio(folder: Path) -> Path:
    return _zip_of_zeros(folder, "padded.xlsx", 12)


def with_part(name: str, part: str, data: bytes, content_type: bytes | None = None) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        good = write_action_plan_xlsx(_work(folder) / "good.xlsx")
        path = folder / name
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                body = source.read(item.filename)
                if content_type and item.filename == "[Content_Types].xml":
                    body = body.replace(b"spreadsheetml.sheet.main+xml", content_type)
                target.writestr(item, body)
            target.writestr(part, data)
        return path

    return make


def macro_enabled_docm(folder: Path) -> Path:
    path = write_action_plan_docx(_work(folder) / "plan.docx")
    return path.rename(folder / "plan.docm")


def _template_29_single_sheet(name: str) -> Callable[[Path], Path]:
    """The Home Office data collection form as Template 29 lays it out: one sheet of label | value rows."""

    def build(folder: Path) -> Path:
        wb = Workbook()
        ws = wb.active
        ws.title = "DHR data"
        for row in (
            ["Community Safety Partnership", "Medway Community Safety Partnership"],
            ["Local DHR Reference", "DHR 21-03"],
            ["Police Force", "Kent Police"],
            ["(Please include information for all victims)", "Victim"],
            ["Victim Gender", "Female"],
            ["Age at time of incident", 44],
            ["Gender", "Perpetrator"],
            ["Gender", "Male"],
            ["Date of homicide", "General"],
            ["Method of killing", "Other"],
        ):
            ws.append(row)
        wb.save(folder / name)
        return folder / name

    return build


def hidden_sheet(make: Callable[[Path], Path], sheet: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = make(folder)
        wb = load_workbook(path)
        if len([ws for ws in wb.worksheets if ws.sheet_state == "visible"]) == 1:
            wb.create_sheet("Cover")["A1"] = "See the action plan"
        wb[sheet].sheet_state = "hidden"
        wb.save(path)
        return path

    return build


def formula_without_value(folder: Path) -> Path:
    path = write_action_plan_xlsx(folder / "formulas.xlsx")
    wb = load_workbook(path)
    ws = wb["Action plan"]
    ws.cell(DATA_ROW, 11, "=DATE(2025,6,30)")  # column K: 'Target date', never calculated by openpyxl
    ws.cell(DATA_ROW + 1, 11, '=IF(1=1,"Q3 2025/26","")')
    wb.save(path)
    return path


def oversized(folder: Path) -> Path:
    path = folder / "scan of plan.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(MAX_FILE_BYTES + 1024)
    return path


def scoping_without_title(folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Scoping Review", style="Title")
    for n, question in enumerate(SCOPING_QUESTIONS, start=1):
        document.add_paragraph(f"{n}. {question.label}", style="Heading 2")
        for text in scoping_answers().get(n, []):
            document.add_paragraph(text)
    document.save(str(folder / "scoping.docx"))
    return folder / "scoping.docx"


def _dated_plan(target: object) -> Callable[[Path], Path]:
    return _plan(rows=[action_row(1, "Rec", "1.1", target=target)])


CASES = [
    # Damaged and unreadable files
    Case(
        "truncated-xlsx",
        _truncated(write_action_plan_xlsx, "cut.xlsx"),
        ("cut.xlsx: the file could not be opened: it is not a complete .xlsx file",),
    ),
    Case(
        "truncated-docx",
        _truncated(write_action_plan_docx, "cut.docx"),
        ("cut.docx: the file could not be opened: it is not a complete .docx file", "Open it in Word"),
    ),
    Case("corrupt-zip", corrupt_zip, ("corrupt.xlsx: the file could not be opened", "Open it in Excel, save it again")),
    Case(
        "corrupt-part-inside-zip",
        broken_workbook_xml,
        ("broken parts.xlsx: the file could not be opened (", "it may be damaged"),
    ),
    Case("empty-file", _bytes("empty.xlsx", b""), ("empty.xlsx: the file could not be opened",)),
    # Not a form, or not a format we read
    Case(
        "wrong-form-workbook",
        budget_workbook,
        ("budget.xlsx: this workbook is not one of the DHR forms the warehouse reads",),
    ),
    Case(
        "wrong-form-document",
        minutes_document,
        ("minutes.docx: this Word document is not one of the DHR forms the warehouse reads",),
    ),
    Case(
        "non-utf8-csv",
        _bytes("plan export.csv", "Recommendation;Action\nFormation café;Référence\n".encode("latin-1")),
        ("plan export.csv: this file is a CSV file, which is not a form the warehouse reads", "saved as .xlsx"),
    ),
    Case(
        "word-97-doc",
        _fixture("scoping_review_legacy.doc"),
        ("Word 97-2003 document (.doc)", "save it as a Word Document (.docx)"),
    ),
    Case("pdf", _fixture("scoping_review_printed.pdf"), ("is a PDF, which cannot be read as a form",)),
    Case(
        "opendocument-text",
        _fixture("scoping_review_opendocument.odt"),
        ("OpenDocument text file (.odt)", "save it as a Word Document (.docx)"),
    ),
    Case(
        "opendocument-spreadsheet",
        _fixture("action_plan_opendocument.ods"),
        ("OpenDocument spreadsheet (.ods)", "save it as an Excel Workbook (.xlsx)"),
    ),
    Case("rich-text", _bytes("plan.rtf", b"{\\rtf1\\ansi Action plan}"), ("is a Rich Text file",)),
    # Limits that protect the machine
    Case(
        "oversized-file", oversized, ("scan of plan.xlsx: the file is 25.0 MB, larger than the 25.0 MB a form may be",)
    ),
    Case("zip-bomb", zip_bomb, ("bomb.xlsx: the file would unpack to 210.", "it was not opened")),
    Case("compression-ratio", high_ratio, ("padded.xlsx: the file would unpack to 12.", "times its size")),
    Case(
        "ten-thousand-rows",
        ten_thousand_rows,
        (
            f"huge plan.xlsx, sheet 'Action plan': the sheet has more than {MAX_ROWS:,} filled rows, the most a form may have",
        ),
    ),
    Case(
        "password-protected-xlsx",
        _fixture("action_plan_password.xlsx"),
        ("action_plan_password.xlsx: this file is password-protected", "save a copy without the password"),
    ),
    Case(
        "password-protected-xls",
        _fixture("action_plan_password.xls"),
        ("action_plan_password.xls: this file is password-protected",),
    ),
    Case(
        "macro-xlsm",
        _plan(name="plan.xlsm"),
        ("plan.xlsm: this file is macro-enabled (.xlsm)", "Excel Workbook (.xlsx)"),
    ),
    Case(
        "macro-vba-part",
        with_part("plan with macros.xlsx", "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0VBA"),
        ("plan with macros.xlsx: this file is macro-enabled", "files with macros are not accepted"),
    ),
    Case(
        "macro-content-type",
        with_part("renamed.xlsx", "docProps/extra.xml", b"<x/>", b"sheet.macroEnabled.main+xml"),
        ("renamed.xlsx: this file is macro-enabled",),
    ),
    Case("macro-docm", macro_enabled_docm, ("plan.docm: this file is macro-enabled (.docm)", "Word Document (.docx)")),
    Case(
        "formula-without-saved-value",
        formula_without_value,
        (
            f"formulas.xlsx, sheet 'Action plan': cells K{DATA_ROW}, K{DATA_ROW + 1} hold a formula with no saved value",
            "never calculated",
        ),
    ),
    Case(
        "hidden-template-29-sheet",
        hidden_sheet(_template_29_single_sheet("t29.xlsx"), "DHR data"),
        ("t29.xlsx, sheet 'DHR data': this sheet is hidden",),
        "data_capture",
    ),
    Case(
        "hidden-form-sheet",
        hidden_sheet(_data_capture(), "Victims"),
        ("dc.xlsx, sheet 'Victims': this sheet is hidden, and hidden sheets are not read: unhide it",),
        "data_capture",
    ),
    Case(
        "hidden-action-plan-sheet",
        hidden_sheet(_plan(), "Action plan"),
        ("plan.xlsx, sheet 'Action plan': this sheet is hidden",),
        "action_plan",
    ),
    # Empty or inconsistent tables
    Case(
        "empty-action-table",
        _plan(rows=[]),
        (f"plan.xlsx, sheet 'Action plan': no actions found under the header row (row {PLAN_TABLE_HEADER_ROW})",),
        "action_plan",
    ),
    Case(
        "duplicate-action-numbers",
        _plan(rows=[action_row(1, "Rec", "1.1"), action_row(None, None, "1.1", action="Again")]),
        (f"row {DATA_ROW + 1}, 'Action no.': action 1.1 appears twice (rows {DATA_ROW} and {DATA_ROW + 1})",),
        "action_plan",
    ),
    Case(
        "excel-turned-1.10-into-1.1",
        _plan(rows=[action_row(1, "Rec", 1.1), action_row(None, None, 1.1, action="Tenth")]),
        ("action 1.1 appears twice", "Excel may have turned it into 1.1: format the column as Text"),
        "action_plan",
    ),
    Case(
        "action-number-not-a-number",
        _plan(rows=[action_row(1, "Rec", "one")]),
        (f"row {DATA_ROW}, 'Action no.': 'one' is not an action number: write it as <recommendation>.<action>",),
        "action_plan",
    ),
    # Issue 14: a plan that names no partnership anywhere, or has no recommendation text at all,
    # cannot be used (a missing 'Progress as at' or an unknown status word can: they are warnings).
    Case(
        "no-csp-anywhere",
        _plan(header={k: v for k, v in plan_header().items() if k != "Community Safety Partnership"}, name="plan.xlsx"),
        ("plan.xlsx: no Community Safety Partnership is named anywhere in the file",),
        "action_plan",
    ),
    Case(
        "scoping-review-without-title-table",
        scoping_without_title,
        (
            "scoping.docx: no Community Safety Partnership is named anywhere in this scoping review, and nothing "
            "identifies the review: put the title page at the top",
        ),
        "scoping_review",
    ),
    # Invalid values
    Case(
        "no-recommendation-text",
        _plan(rows=[action_row(None, None, "1.1"), action_row(None, None, "1.2")]),
        (
            "plan.xlsx: no recommendation text: the Recommendation column is blank in every row",
            "'Recommendation': required, but the cell is blank",
        ),
        "action_plan",
    ),
    Case(
        "unknown-csp-with-suggestions",
        _plan(header=plan_header(**{"Community Safety Partnership": "Medwy CSP"})),
        (
            "row 3, 'Community Safety Partnership': 'Medwy CSP' is not a Community Safety Partnership we know: "
            "did you mean 'Medway'?",
        ),
        "action_plan",
    ),
    Case(
        "mismatched-police-force",
        _data_capture(case=case_values(**{"Police force": "Merseyside Police"})),
        ("'Police force': 'Merseyside Police' does not match the CSP: Medway is in the Kent police force area",),
        "data_capture",
    ),
    Case(
        "future-date-of-death",
        _data_capture(case=case_values(**{"Date of death": date(2099, 2, 20)})),
        ("'Date of death': 20/02/2099 is in the future: check the date",),
        "data_capture",
    ),
    Case(
        "death-after-notification",
        _data_capture(case=case_values(**{"Date of death": date(2021, 3, 5)})),
        ("'Date of death': 05/03/2021 is after the date the CSP was notified of the death (01/03/2021)",),
        "data_capture",
    ),
    Case(
        "age-out-of-range",
        _data_capture(people={"victims": [{**person_rows("victims")[0], "Age at time of incident": 150}]}),
        ("sheet 'Victims', row 4, 'Age at time of incident': 150 is not an age in years (0 to 120)",),
        "data_capture",
    ),
    Case(
        "impossible-date",
        _dated_plan("31/02/2024"),
        (f"row {DATA_ROW}, 'Target date': '31/02/2024' is not a real date",),
        "action_plan",
    ),
    Case(
        "month-and-day-swapped",
        _dated_plan("03/31/2024"),
        ("'03/31/2024' is not a real date (there is no month 31; dates are day/month/year)",),
        "action_plan",
    ),
    Case(
        "ambiguous-quarter",
        _dated_plan("Q3 2024"),
        ("'Q3 2024' is ambiguous (calendar or financial quarter?): write the financial year",),
        "action_plan",
    ),
    # A data capture form with a sheet of this project's workbook missing, a decision or date of death
    # written loosely, or a grid answer left blank is accepted with warnings now (issue 14):
    # tests/ingest/test_data_capture_layouts.py.
    # Every reason at once, not just the first
    Case(
        "every-error-reported",
        _plan(
            header=plan_header(**{"Community Safety Partnership": "Medwy"}),
            rows=[action_row(1, "Rec", "1.1", target="31/02/2025"), action_row(None, None, "1.1", target="Q3 2024")],
        ),
        (
            "'Medwy' is not a Community Safety Partnership we know",
            "'Target date': '31/02/2025' is not a real date",
            "'Target date': 'Q3 2024' is ambiguous",
            "action 1.1 appears twice",
        ),
        "action_plan",
    ),
]


def test_the_corpus_is_large_enough_and_ids_are_unique():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_rejected_with_every_reason_and_nothing_loaded(case, tmp_path, reference_dir):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = case.make(inbox)
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    [result] = ingest_paths([path], warehouse, reference_dir=reference_dir)

    assert result.status == "rejected"
    assert result.form_type == case.form_type
    assert result.records == {}
    assert all(error.startswith(f"{path.name}") for error in result.errors), result.errors
    text = "\n".join(result.errors)
    for message in case.messages:
        assert message in text, f"{message!r} not in:\n{text}"
    expected_count = len(case.messages) if case.name in ("every-error-reported", "no-recommendation-text") else 1
    assert len(result.errors) == expected_count, text
    assert case.messages[0] in result.errors[0], "the fix that matters most must come first"

    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in ALL_RAW_TABLES:
            assert con.execute(f"select count(*) from {table.qualified_name}").fetchone()[0] == 0, table.name
        assert con.execute("select count(*) from raw.text_findings").fetchone()[0] == 0
        received = con.execute("select status, errors, stored_path from raw.ingested_files").fetchall()
    if case.name == "oversized-file":
        # Refused from its size on disk before it is read, hashed or copied (issue 15): a file too big
        # to be a form is not kept, so it is not recorded either (`dhr rebuild` replays only the raw
        # store); the officer has the reason and exit status 1 from `dhr ingest`.
        assert received == [] and result.sha256 == ""
        raw_store = warehouse.parent / "raw_files"
        assert not raw_store.exists() or not [p for p in raw_store.rglob("*") if p.is_file()]
        return
    [(status, errors, stored)] = received
    assert status == "rejected" and json.loads(errors) == result.errors
    assert (warehouse.parent / stored).read_bytes() == path.read_bytes()  # kept in the raw store, whatever happened
