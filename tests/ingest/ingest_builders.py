"""Build real .xlsx/.docx forms for the ingest tests, laid out as docs/design.md §1 says.

Written independently of `dhr.forms` so ingest is tested against the contract itself, and so the
tests can build the variations CSPs produce (merged or blank recommendation cells, labels with
line breaks, values one column to the right, statuses written 'G' or 'Complete').
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from openpyxl import Workbook

from form_contract.code_lists import agencies, analysis_factors, asked_subjects, protected_characteristics
from form_contract.spec import (
    ACTION_FIELDS,
    CHILD_FIELDS,
    EARLY_ACTION_FIELDS,
    PERPETRATOR_FIELDS,
    SCOPING_QUESTIONS,
    SCOPING_TITLE_FIELDS,
    STATUS_KEY,
    VICTIM_FIELDS,
)

ACTION_LABELS = [f.label for f in ACTION_FIELDS]

#: The small CSP reference written for tests: (csp_code, csp_name, force_area_code).
CSPS = [
    ("E22000143", "Medway", "E23000032"),
    ("E22000144", "Maidstone", "E23000032"),
    ("E22000184", "St. Helens", "E23000004"),
    ("E22000187", "Barnet", "E23000001"),
]
ALIASES = [("Medway Community Safety Partnership", "E22000143"), ("Safer Barnet", "E22000187")]
FORCES = [("E23000032", "Kent"), ("E23000004", "Merseyside"), ("E23000001", "Metropolitan Police")]


def write_reference(directory: Path) -> Path:
    """Small csps.csv, csp_aliases.csv and force_areas.csv with the columns of seeds/reference."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["csp_code,csp_name,force_area_code,local_authority_codes,local_authority_names"]
    lines += [f"{code},{name},{force},," for code, name, force in CSPS]
    (directory / "csps.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["alias,csp_code"] + [f"{alias},{code}" for alias, code in ALIASES]
    (directory / "csp_aliases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["force_area_code,force_area_name,country,region_code,region_name,pcc_office_title,governance_model"]
    lines += [f"{code},{name},England,E12000008,South East,PCC,pcc" for code, name in FORCES]
    (directory / "force_areas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


# --------------------------------------------------------------------------------------------
# Action plan
# --------------------------------------------------------------------------------------------
def plan_header(**overrides: Any) -> dict[str, Any]:
    header = {
        "Title of DHR": "DHR into the death of Alice (March 2023)",
        "Community Safety Partnership": "Medway",
        "Local DHR reference": "DHR 21-03",
        "Governance arrangements": "Quarterly review by the CSP board",
        "Progress as at": date(2025, 3, 31),
    }
    header.update(overrides)
    return header


def action_row(
    rec: Any = None,
    rec_text: Any = None,
    number: Any = "1.1",
    *,
    action: Any = "Train staff",
    lead: Any = "Kent Police",
    outcome: Any = "Staff recognise coercive control",
    target: Any = date(2025, 6, 30),
    status: Any = "GREEN",
    completed: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """One table row keyed by ACTION_FIELDS label; missing labels are blank cells."""
    row = {
        "Rec. no.": rec,
        "Recommendation": rec_text,
        "Action no.": number,
        "Action": action,
        "Lead agency": lead,
        "Outcome that action will achieve": outcome,
        "Target date": target,
        "Overall RAG": status,
        "Date of completion": completed,
    }
    row.update(extra)
    return row


def standard_actions() -> list[dict[str, Any]]:
    """Two recommendations, three actions, the recommendation written on its first action only."""
    return [
        action_row(1, "Improve training on coercive control", "1.1", **{"Recommendation level": "Multi-agency"}),
        action_row(
            None,
            None,
            "1.2",
            action="Audit referrals",
            lead="NHS Kent",
            target=date(2025, 3, 31),
            status="COMPLETE",
            completed=date(2025, 3, 1),
        ),
        action_row(
            2,
            "Review MARAC referrals",
            "2.1",
            action="Refresh MARAC guidance",
            lead="Medway Council",
            target="Q3 2025/26",
            status="RED",
        ),
    ]


def write_action_plan_xlsx(
    path: Path,
    *,
    header: dict[str, Any] | None = None,
    rows: Sequence[dict[str, Any]] | None = None,
    columns: Sequence[str] = ACTION_LABELS,
    merges: Sequence[str] = (),
    sheet_name: str = "Action plan",
    value_col: int = 2,
    status_key: bool = True,
) -> Path:
    """Title in A1, header label | value rows, a blank row, the table, then the status key."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name
    ws.cell(1, 1, "Domestic Homicide Review action plan")
    r = 2
    for label, value in (plan_header() if header is None else header).items():
        ws.cell(r, 1, label)
        cell = ws.cell(r, value_col, value)
        if isinstance(value, date):
            cell.number_format = "dd/mm/yyyy"
        r += 1
    r += 1
    header_row = r
    for c, label in enumerate(columns, start=1):
        ws.cell(header_row, c, label)
    for i, row in enumerate(standard_actions() if rows is None else rows, start=1):
        for c, label in enumerate(columns, start=1):
            value = row.get(label)
            if value is not None:
                cell = ws.cell(header_row + i, c, value)
                if isinstance(value, date):
                    cell.number_format = "dd/mm/yyyy"
    for rng in merges:
        ws.merge_cells(rng)
    if status_key:
        r = ws.max_row + 2
        ws.cell(r, 1, "Key to status")
        for word, meaning in STATUS_KEY:
            r += 1
            ws.cell(r, 1, word)
            ws.cell(r, 2, meaning)
    wb.save(path)
    return path


#: Row of the table header in a workbook written by `write_action_plan_xlsx` with the default header:
#: title, five header rows, a blank row.
PLAN_TABLE_HEADER_ROW = 2 + len(plan_header()) + 1


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_action_plan_docx(
    path: Path,
    *,
    header: dict[str, Any] | None = None,
    rows: Sequence[dict[str, Any]] | None = None,
    columns: Sequence[str] = ACTION_LABELS,
    merge_down: Sequence[tuple[int, int, int]] = (),
) -> Path:
    """Table 1 header (label | value), table 2 the actions, table 3 the status key; landscape.

    `merge_down` holds (column, first data row, last data row), 1-based within the data rows.
    """
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph("Domestic Homicide Review action plan", style="Title")
    items = list((plan_header() if header is None else header).items())
    table = document.add_table(rows=len(items), cols=2)
    for i, (label, value) in enumerate(items):
        table.cell(i, 0).text = label
        table.cell(i, 1).text = _text(value)
    data = standard_actions() if rows is None else rows
    actions = document.add_table(rows=len(data) + 1, cols=len(columns))
    for c, label in enumerate(columns):
        actions.cell(0, c).text = label
    for i, row in enumerate(data, start=1):
        for c, label in enumerate(columns):
            actions.cell(i, c).text = _text(row.get(label))
    for col, first, last in merge_down:
        top = actions.cell(first, col - 1)
        text = top.text
        merged = top.merge(actions.cell(last, col - 1))
        merged.text = text  # merging joins the cells' paragraphs; keep the top value only
    key = document.add_table(rows=len(STATUS_KEY) + 1, cols=2)
    key.cell(0, 0).text = "Key to status"
    for i, (word, meaning) in enumerate(STATUS_KEY, start=1):
        key.cell(i, 0).text = word
        key.cell(i, 1).text = meaning
    document.save(str(path))
    return path


# --------------------------------------------------------------------------------------------
# Data capture form
# --------------------------------------------------------------------------------------------
def case_values(**overrides: Any) -> dict[str, Any]:
    values = {
        "Community Safety Partnership": "Medway",
        "Local DHR reference": "DHR/2021/03",
        "Police force": "Kent Police",
        "Victim pseudonym": "Alice",
        "Date CSP notified of the death": date(2021, 3, 1),
        "Decision": "DHR commissioned",
        "Death type": "Domestic homicide",
        "Date of death": date(2021, 2, 20),
        "Number of children in household": 2,
    }
    values.update(overrides)
    return values


def person_rows(kind: str) -> list[dict[str, Any]]:
    if kind == "victims":
        return [
            {
                "Victim": 1,
                "Pseudonym": "Alice",
                "Sex": "Female",
                "Age at time of incident": 34,
                "Relationship to perpetrator": "Spouse or civil partner",
                "Ethnicity (ONS)": "Not known",
            }
        ]
    if kind == "perpetrators":
        return [
            {
                "Perpetrator": 1,
                "Pseudonym": "Bob",
                "Sex": "Male",
                "Age at time of incident": 40.0,
                "Relationship to victim": "Spouse or civil partner",
                "Details of verdict": "Convicted of murder",
            }
        ]
    return [
        {"Child": 1, "Age at time of incident": 5, "Sex": "Female", "Relationship": "Child of victim and perpetrator"},
        {"Child": 2, "Age at time of incident": 7, "Relationship": "Child of victim only"},
    ]


_PEOPLE = {
    "victims": ("Victims", VICTIM_FIELDS),
    "perpetrators": ("Perpetrators", PERPETRATOR_FIELDS),
    "children": ("Children", CHILD_FIELDS),
}


def grid_answers(which: str, answer: str = "Yes") -> dict[tuple[str, str], str]:
    """Every asked (code, subject) of a grid answered `answer`."""
    if which == "analysis":
        return {(r["factor_code"], s): answer for r in analysis_factors() for s in asked_subjects(r)}
    if which == "agency_contact":
        return {(r["agency_code"], s): answer for r in agencies() for s in asked_subjects(r)}
    return {
        (r["characteristic_code"], s): answer for r in protected_characteristics() for s in ("victim", "perpetrator")
    }


def write_data_capture_xlsx(
    path: Path,
    *,
    case: dict[str, Any] | None = None,
    people: dict[str, list[dict[str, Any]]] | None = None,
    answers: dict[str, dict[tuple[str, str], str]] | None = None,
    drop_grid_rows: dict[str, set[str]] | None = None,
    sheets: Sequence[str] | None = None,
) -> Path:
    """Sheets Case, Victims, Perpetrators, Children, Analysis, Agency contact, Equality (design.md §1.1).

    Grid answers default to 'Yes' everywhere asked and 'n/a' where not asked; `answers` overrides
    per grid (a missing key leaves the cell blank when the subject is asked).
    """
    wb = Workbook()
    wb.remove(wb.active)
    wanted = set(sheets) if sheets is not None else None

    def sheet(title: str):
        if wanted is not None and title not in wanted:
            return None
        return wb.create_sheet(title)

    ws = sheet("Case")
    if ws is not None:
        ws.cell(1, 1, "Domestic Homicide Review: Home Office data capture form")
        ws.cell(2, 1, "OFFICIAL-SENSITIVE")
        ws.cell(3, 1, "Case")  # a section heading row: text in column A only
        for r, (label, value) in enumerate((case_values() if case is None else case).items(), start=4):
            ws.cell(r, 1, label)
            cell = ws.cell(r, 2, value)
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            ws.cell(r, 3, "Help text for this field (source 004 L4160)")

    people = people or {}
    for kind, (title, fields) in _PEOPLE.items():
        ws = sheet(title)
        if ws is None:
            continue
        ws.cell(1, 1, title)
        ws.cell(2, 1, "One row per person.")
        for c, f in enumerate(fields, start=1):
            ws.cell(3, c, f.label)
        for r, person in enumerate(people.get(kind, person_rows(kind)), start=4):
            for c, f in enumerate(fields, start=1):
                if f.label in person:
                    ws.cell(r, c, person[f.label])

    grids = (
        (
            "Analysis",
            "analysis",
            analysis_factors,
            "factor_code",
            ["Ref", "Category", "Question"],
            ("victim", "perpetrator", "children"),
        ),
        (
            "Agency contact",
            "agency_contact",
            agencies,
            "agency_code",
            ["Ref", "Agency or service"],
            ("victim", "perpetrator", "children"),
        ),
        (
            "Equality",
            "equality",
            protected_characteristics,
            "characteristic_code",
            ["Ref", "Protected characteristic"],
            ("victim", "perpetrator"),
        ),
    )
    answers = answers or {}
    drop = drop_grid_rows or {}
    for title, key, seed, code_column, fixed, subjects in grids:
        ws = sheet(title)
        if ws is None:
            continue
        ws.cell(1, 1, title)
        ws.cell(2, 1, "Answer Yes, No or Not known.")
        headers = [*fixed, *(s.capitalize() if s != "children" else "Children" for s in subjects)]
        for c, label in enumerate(headers, start=1):
            ws.cell(3, c, label)
        given = answers.get(key, grid_answers(key))
        r = 4
        for seed_row in seed():
            code = seed_row[code_column]
            if code in drop.get(key, set()):
                continue
            asked = subjects if key == "equality" else asked_subjects(seed_row)
            ws.cell(r, 1, code)
            ws.cell(r, 2, seed_row.get("category") or seed_row["label"])
            if len(fixed) == 3:
                ws.cell(r, 3, seed_row["label"])
            for c, subject in enumerate(subjects, start=len(fixed) + 1):
                if subject in asked:
                    if (code, subject) in given:
                        ws.cell(r, c, given[(code, subject)])
                else:
                    ws.cell(r, c, "n/a")
            r += 1
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------
# Scoping review
# --------------------------------------------------------------------------------------------
def scoping_title(**overrides: Any) -> dict[str, Any]:
    values = {
        "Community Safety Partnership": "Medway",
        "Local DHR reference": "DHR/2021/03",
        "Anonymised identifier (pseudonym or number)": "Alice",
        "Date CSP notified of the death": "01/03/2021",
        "Date the scoping review was submitted to the Home Office": "29/03/2021",
        "Decision": "DHR commissioned",
        "Death type": "Domestic homicide",
    }
    values.update(overrides)
    return values


def scoping_answers() -> dict[int, list[str]]:
    return {
        1: ["Kent Police notified the CSP by secure email."],
        2: ["Restricted summary of the incident."],
        4: ["Referrals were not shared between agencies.", "The GP did not ask about abuse."],
        5: ["The following actions have been agreed."],
        8: ["Police, GP, Adult social care."],
        9: ["None."],
    }


def early_action_rows() -> list[list[str]]:
    return [
        ["1", "Brief GP practices on routine enquiry", "NHS Kent", "GPs ask about abuse", "Jun 2021"],
        ["2", "Share MARAC minutes with housing", "Medway Council", "Housing sees risk", "30/09/2021"],
    ]


def write_scoping_docx(
    path: Path,
    *,
    title: dict[str, Any] | None = None,
    answers: dict[int, list[str]] | None = None,
    actions: list[list[str]] | None = None,
    heading_style: str = "Heading 2",
) -> Path:
    """Title, marking, table 1 (title page), a heading per Annex C question, table 2 under question 5."""
    document = docx.Document()
    document.add_paragraph("Scoping Review", style="Title")
    document.add_paragraph("OFFICIAL-SENSITIVE")
    items = list((scoping_title() if title is None else title).items())
    table = document.add_table(rows=len(items), cols=2)
    for i, (label, value) in enumerate(items):
        table.cell(i, 0).text = label
        table.cell(i, 1).text = _text(value)
    answers = scoping_answers() if answers is None else answers
    for n, question in enumerate(SCOPING_QUESTIONS, start=1):
        document.add_paragraph(f"{n}. {question.label}", style=heading_style)
        for paragraph in answers.get(n, []):
            document.add_paragraph(paragraph)
        if n == 5:
            rows = early_action_rows() if actions is None else actions
            grid = document.add_table(rows=len(rows) + 1, cols=len(EARLY_ACTION_FIELDS))
            for c, f in enumerate(EARLY_ACTION_FIELDS):
                grid.cell(0, c).text = f.label
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    document.save(str(path))
    return path


SCOPING_TITLE_LABELS = [f.label for f in SCOPING_TITLE_FIELDS]


#: expected.json count keys -> `dhr ingest --json` record kinds (../shared/realworld, fixtures/seed_templates).
EXPECTED_COUNTS = {
    "recommendations": "recommendations",
    "actions": "actions",
    "victims": "victims",
    "perpetrators": "perpetrators",
    "children": "children",
    "scoping_actions": "early_actions",
}


def assert_read_as_expected(got: dict, want: dict) -> None:
    """A `dhr ingest --json` line against an expected.json entry: status, form, reference, CSP, counts."""
    from ingest.csp_names import csp_directory

    assert got["status"] == want["status"], got["errors"]
    if want["status"] == "rejected":
        assert got["errors"], "a rejected file says why"
        return
    assert got["errors"] == []
    assert got["form_type"] == want["form_type"]
    assert got["dhr_reference"] == want["dhr_reference"]
    assert got["csp_code"] == csp_directory().resolve(want["csp"])
    for key, record in EXPECTED_COUNTS.items():
        if key in want:
            assert got["records"].get(record, 0) == want[key], (key, got["records"])
