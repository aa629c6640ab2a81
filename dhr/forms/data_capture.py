"""The Home Office data capture form (.xlsx), laid out as docs/design.md §1.1 describes.

004 Template 29 (004 L4157-4258) extended with the analysis categories of 003 Annex A item 10
(003 L757-759) and the Equality Act protected characteristics (003 L248; 003 L757). With no
record it writes the blank template a CSP fills in: every label, help text and drop-down list,
the grid rows pre-filled, the answers empty.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

from dhr.forms import _xlsx as X
from dhr.forms._common import (
    MARKING_BLANK,
    MARKING_FILLED,
    TEMPLATE_TIMESTAMP,
    code_label,
    form_value,
    help_text,
    list_names,
    record_timestamp,
    save_workbook,
)
from form_contract.code_lists import agencies, analysis_factors, asked_subjects, code_lists, protected_characteristics
from form_contract.records import DataCaptureForm
from form_contract.spec import (
    CHILD_FIELDS,
    DATA_CAPTURE_CASE_FIELDS,
    DATA_CAPTURE_SHEETS,
    PERPETRATOR_FIELDS,
    VICTIM_FIELDS,
    Field,
)

TITLE = "Domestic Homicide Review: Home Office data capture form"

#: Blank rows a template provides for people (more can be added below; validations reach row 200).
BLANK_ROWS = {"victims": 3, "perpetrators": 3, "children": 8}

#: Section heading rows of the Case sheet: the heading printed before the field named.
CASE_SECTIONS = {"csp_name": "Case", "notification_date": "Process dates", "death_date": "The death"}

#: Readable names of the analysis_factors.csv categories (003 L757-759).
CATEGORY_LABELS = {
    "aggravating_factor": "Aggravating factors in the homicide",
    "mental_health": "Mental health",
    "vulnerability": "Vulnerabilities",
    "previous_abuse": "Previous abuse",
    "children": "Children",
}

SUBJECTS = ("victim", "perpetrator", "children")
SUBJECT_HEADERS = {"victim": "Victim", "perpetrator": "Perpetrator", "children": "Children"}
NOT_ASKED = "n/a"

PEOPLE_INSTRUCTIONS = {
    "victims": "One row per victim: please include information for all victims (004 L4187). Use the pseudonym agreed with the family, never a real name (003 L750).",
    "perpetrators": "One row per perpetrator (004 L4217-4241). Use a pseudonym, never a real name (003 L599-600).",
    "children": "One row per child living in the household (004 L4256). Ages only; a child's sex is held for the Home Office only and never published (003 L604).",
}
PEOPLE_TITLES = {"victims": "Victims", "perpetrators": "Perpetrators", "children": "Children in the household"}

GUIDANCE_ROWS: tuple[tuple[str, str, str], ...] = (
    (
        "About this form",
        "Complete one form per DHR and send it with the overview report and executive summary to the Home Office. It is not for publication: it is for Home Office data collection only.",
        "004 L4157-4158",
    ),
    ("Protective marking", "Mark and handle the completed form as OFFICIAL-SENSITIVE until publication.", "003 L609"),
    (
        "Anonymity",
        "Use pseudonyms, never real names; do not name panel members; no place names or addresses; no child's sex or exact age in anything published.",
        "003 L599-605",
    ),
    (
        "Drop-down lists",
        "Cells with a drop-down arrow take a value from the list. Answer Yes, No or Not known; 'Not known' is a valid answer, national data carries it too.",
        "003 L887; 003 L927",
    ),
    (
        "Dates",
        "Enter dates as dd/mm/yyyy. The exact date of death is restricted and is only ever published as month and year.",
        "003 L602",
    ),
    (
        "Case",
        "The CSP, its local DHR reference (the two identify the case on every form), the process dates and the facts of the death.",
        "004 L4160-4181; 004 L4247-4256; 003 L807",
    ),
    (
        "Victims",
        "One row per victim. Relationship is what the victim was to the (first) perpetrator.",
        "004 L4186-4208",
    ),
    ("Perpetrators", "One row per perpetrator, with the details of the verdict.", "004 L4217-4241"),
    (
        "Children",
        "One row per child in the household: age at the time of the incident and relationship.",
        "004 L4256; 003 L604",
    ),
    (
        "Analysis",
        "The analysis information required in the DHR and in the data collection: aggravating factors, mental health, vulnerabilities, previous abuse and children. 'n/a' marks a question not asked about that person.",
        "003 L757-759",
    ),
    (
        "Agency contact",
        "Whether the victim, the perpetrator or the children had contact with each agency or service before the death.",
        "003 L759",
    ),
    (
        "Equality",
        "For each of the nine protected characteristics of the Equality Act 2010: was it judged relevant to the DHR?",
        "003 L248; 003 L757; 003 L1091-1095",
    ),
    (
        "Timescales",
        "A DHR should be completed, where possible, within one year of commencement; give the main reason for any delay.",
        "003 L763",
    ),
)


def _lists() -> list[tuple[str, list[str]]]:
    cl = code_lists()
    return [(name, cl.labels(name)) for name in list_names()]


def _case_sheet(ws, lists: X.ListsSheet, form: DataCaptureForm | None, marking: str) -> None:
    X.styled(ws, 1, 1, TITLE, font=X.TITLE_FONT)
    X.styled(ws, 2, 1, marking, font=X.MARKING_FONT)
    date_dv = X.date_validation(ws)
    whole: dict = {}
    row = 3
    for f in DATA_CAPTURE_CASE_FIELDS:
        section = CASE_SECTIONS.get(f.name)
        if section:
            row += 1
            X.styled(ws, row, 1, section, font=X.BOLD, fill=X.SECTION_FILL)
        row += 1
        X.write_cell(ws, row, 1, f.label, font=X.BOLD, fill=X.RESTRICTED_FILL if f.restricted else None)
        value = form_value(f, getattr(form, f.name)) if form is not None else None
        X.write_cell(ws, row, 2, value, f)
        X.styled(ws, row, 3, help_text(f), font=X.ITALIC, alignment=X.WRAP_TOP)
        X.add_field_validation(ws, lists, f, f"B{row}", date_dv, whole)
    X.set_widths(ws, (44, 40, 80))
    ws.freeze_panes = "A4"
    X.page_setup(ws, marking, landscape=False)


def _people_sheet(
    ws, lists: X.ListsSheet, kind: str, fields: tuple[Field, ...], people: list | None, marking: str
) -> None:
    X.styled(ws, 1, 1, PEOPLE_TITLES[kind], font=X.TITLE_FONT)
    X.styled(ws, 2, 1, PEOPLE_INSTRUCTIONS[kind], font=X.ITALIC)
    X.write_header_row(ws, 3, [f.label for f in fields])
    rows = people or []
    for r, person in enumerate(rows, start=4):
        for c, f in enumerate(fields, start=1):
            X.write_cell(ws, r, c, form_value(f, getattr(person, f.name, None)), f)
    # Empty, boxed rows to fill in: the template's blank rows, or none once filled.
    if people is None:
        for r in range(4, 4 + BLANK_ROWS[kind]):
            for c in range(1, len(fields) + 1):
                X.write_cell(ws, r, c, None, fields[c - 1])
    date_dv = None
    whole: dict = {}
    for c, f in enumerate(fields, start=1):
        letter = get_column_letter(c)
        X.add_field_validation(ws, lists, f, f"{letter}4:{letter}{X.VALIDATION_LAST_ROW}", date_dv, whole)
        ws.column_dimensions[letter].width = X.field_width(f) if c > 1 else 11
    ws.freeze_panes = "B4"
    X.page_setup(ws, marking)


def _grid_sheet(
    ws,
    lists: X.ListsSheet,
    title: str,
    instruction: str,
    headers: list[str],
    rows: list[dict[str, str]],
    code_key: str,
    text_columns: list[str],
    subjects: tuple[str, ...],
    answers: dict | None,
    marking: str,
) -> None:
    X.styled(ws, 1, 1, title, font=X.TITLE_FONT)
    X.styled(ws, 2, 1, instruction, font=X.ITALIC)
    X.write_header_row(ws, 3, headers)
    dv = lists.list_validation(ws, "yes_no_not_known")
    first_answer_col = 2 + len(text_columns)
    asked_cells: list[tuple[int, int]] = []
    for r, item in enumerate(rows, start=4):
        code = item[code_key]
        X.write_cell(ws, r, 1, code)
        for i, key in enumerate(text_columns):
            text = item[key]
            if key == "category":
                text = CATEGORY_LABELS.get(text, text.replace("_", " ").capitalize())
            X.write_cell(ws, r, 2 + i, text)
        asked = asked_subjects(item) if "asked_for_victim" in item else list(subjects)
        for j, subject in enumerate(subjects):
            col = first_answer_col + j
            if subject not in asked:
                X.write_cell(ws, r, col, NOT_ASKED, fill=X.NA_FILL)
                continue
            value = None
            if answers is not None:
                value = code_label("yes_no_not_known", answers.get((code, subject)))
            X.write_cell(ws, r, col, value)
            asked_cells.append((col, r))
    dv.sqref = MultiCellRange(X.compact_ranges(asked_cells))
    widths = [22] + [30 if k == "category" else 60 for k in text_columns] + [14] * len(subjects)
    X.set_widths(ws, widths)
    ws.freeze_panes = get_column_letter(first_answer_col) + "4"
    X.page_setup(ws, marking)


def _guidance_sheet(ws, marking: str) -> None:
    X.styled(ws, 1, 1, "How to complete this form", font=X.TITLE_FONT)
    X.styled(ws, 2, 1, marking, font=X.MARKING_FONT)
    X.write_header_row(ws, 3, ["Sheet or topic", "What to enter", "Source"])
    for r, (topic, text, source) in enumerate(GUIDANCE_ROWS, start=4):
        X.write_cell(ws, r, 1, topic, font=X.BOLD)
        X.write_cell(ws, r, 2, text)
        X.write_cell(ws, r, 3, source)
    X.set_widths(ws, (22, 100, 36))
    ws.freeze_panes = "A4"
    X.page_setup(ws, marking)


def build_data_capture_workbook(form: DataCaptureForm | None = None) -> Workbook:
    """The data capture workbook for a record (a blank template when `form` is None)."""
    marking = MARKING_BLANK if form is None else MARKING_FILLED
    wb = Workbook()
    case_ws = wb.active
    case_ws.title = DATA_CAPTURE_SHEETS["case"]
    sheets = {key: (case_ws if key == "case" else wb.create_sheet(title)) for key, title in DATA_CAPTURE_SHEETS.items()}
    lists = X.ListsSheet(sheets["lists"], _lists())

    _case_sheet(case_ws, lists, form, marking)
    _people_sheet(sheets["victims"], lists, "victims", VICTIM_FIELDS, None if form is None else form.victims, marking)
    _people_sheet(
        sheets["perpetrators"],
        lists,
        "perpetrators",
        PERPETRATOR_FIELDS,
        None if form is None else form.perpetrators,
        marking,
    )
    _people_sheet(sheets["children"], lists, "children", CHILD_FIELDS, None if form is None else form.children, marking)
    _grid_sheet(
        sheets["analysis"],
        lists,
        "Analysis (003 Annex A item 10)",
        "Answer Yes, No or Not known for each person the question is asked about; n/a = not asked (003 L757-759).",
        ["Ref", "Category", "Question", *(SUBJECT_HEADERS[s] for s in SUBJECTS)],
        analysis_factors(),
        "factor_code",
        ["category", "label"],
        SUBJECTS,
        None if form is None else form.analysis,
        marking,
    )
    _grid_sheet(
        sheets["agency_contact"],
        lists,
        "Agency contact before the death",
        "Did the victim, the perpetrator or the children have contact with this agency or service? Yes, No or Not known (003 L759).",
        ["Ref", "Agency or service", *(SUBJECT_HEADERS[s] for s in SUBJECTS)],
        agencies(),
        "agency_code",
        ["label"],
        SUBJECTS,
        None if form is None else form.agency_contact,
        marking,
    )
    _grid_sheet(
        sheets["equality"],
        lists,
        "Equality: protected characteristics (Equality Act 2010)",
        "Was each protected characteristic judged relevant to the DHR? Yes, No or Not known (003 L757; 003 L1091-1095).",
        ["Ref", "Protected characteristic", "Victim", "Perpetrator"],
        protected_characteristics(),
        "characteristic_code",
        ["label"],
        ("victim", "perpetrator"),
        None if form is None else form.equality,
        marking,
    )
    _guidance_sheet(sheets["guidance"], marking)
    wb.active = 0
    return wb


def _timestamp(form: DataCaptureForm | None) -> datetime:
    if form is None:
        return TEMPLATE_TIMESTAMP
    return record_timestamp(
        [
            form.notification_date,
            form.ho_notified_date,
            form.scoping_submitted_date,
            form.commenced_date,
            form.completed_date,
            form.submitted_date,
            form.published_date,
        ]
    )


def write_data_capture(path: Path, form: DataCaptureForm | None = None, *, timestamp: datetime | None = None) -> Path:
    """Write the data capture form (.xlsx) for `form`, or the blank template when it is None.

    `timestamp` is the document's created/modified time; by default 09:00 on the record's
    latest process date, so the same record always gives the same bytes.
    """
    wb = build_data_capture_workbook(form)
    wb.properties.title = TITLE
    wb.properties.creator = form.csp_name if form is not None and form.csp_name else "Community Safety Partnership"
    return save_workbook(wb, Path(path), timestamp or _timestamp(form))
