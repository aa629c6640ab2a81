"""Parse a data capture workbook (docs/design.md §1.1) into rows of the `raw.data_capture__*` tables.

The form is 004 Template 29 (004 L4157-4258) extended with the 003 Annex A item 10 analysis
grid (003 L757-759), agency contact and the protected characteristics judged relevant (003 L757,
L1091-1095). Sheets: `Case` (label | value | help), `Victims`, `Perpetrators`, `Children` (a
header row, one row per person) and the grids `Analysis`, `Agency contact`, `Equality` (one row
per seed row, one column per subject, answers Yes / No / Not known, 'n/a' where not asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from form_contract.code_lists import CodeLists, agencies, analysis_factors, asked_subjects, protected_characteristics
from form_contract.spec import (
    CHILD_FIELDS,
    DATA_CAPTURE_CASE_FIELDS,
    DATA_CAPTURE_SHEETS,
    PERPETRATOR_FIELDS,
    VICTIM_FIELDS,
    Field,
)
from ingest.csp_names import CspDirectory
from ingest.field_reader import FieldReader
from ingest.parsed import ParsedForm, Problems, Row
from ingest.readers import Grid, clean_label, find_header_row, find_sheet, fold, read_key_values
from ingest.values import NOT_ASKED, CellError, is_blank, parse_grid_answer, parse_text

_SUBJECTS = ("victim", "perpetrator", "children")
_SUBJECT_FIELDS = {
    "victim": Field("victim", "Victim", aliases=("Victims",)),
    "perpetrator": Field("perpetrator", "Perpetrator", aliases=("Perpetrators",)),
    "children": Field("children", "Children", aliases=("Child", "Child(ren)")),
}
_REF_FIELD = Field("ref", "Ref", aliases=("Code", "Reference", "Ref."))


@dataclass(frozen=True)
class _GridSpec:
    """One of the Yes/No/Not known grids and the seed it must follow row for row."""

    sheet_key: str
    table: str
    code_column: str  # the raw column, and the code column of the seed
    label_headings: tuple[str, ...]  # the column(s) holding the question text
    subjects: tuple[str, ...]
    what: str  # what one row is, for messages

    def seed_rows(self) -> list[dict[str, str]]:
        return {"analysis": analysis_factors, "agency_contact": agencies, "equality": protected_characteristics}[
            self.sheet_key
        ]()

    def asked(self, seed_row: dict[str, str]) -> list[str]:
        # Every protected characteristic is asked of victim and perpetrator (003 L757, L1091-1095);
        # the other grids say per row which subjects are asked (asked_for_* columns of the seed).
        return list(self.subjects) if self.sheet_key == "equality" else asked_subjects(seed_row)


_GRIDS = (
    _GridSpec("analysis", "data_capture__analysis", "factor_code", ("Question", "Category"),
              _SUBJECTS, "question"),
    _GridSpec("agency_contact", "data_capture__agency_contact", "agency_code", ("Agency or service", "Agency"), _SUBJECTS, "agency"),
    _GridSpec("equality", "data_capture__equality", "characteristic_code", ("Protected characteristic", "Characteristic"), ("victim", "perpetrator"), "protected characteristic"),
)

_PEOPLE = (
    ("victims", "data_capture__victims", VICTIM_FIELDS, "victim"),
    ("perpetrators", "data_capture__perpetrators", PERPETRATOR_FIELDS, "perpetrator"),
    ("children", "data_capture__children", CHILD_FIELDS, "child"),
)


def looks_like_data_capture(grids: Sequence[Grid]) -> bool:
    """Content test for detection: this project's workbook has a `Case` and an `Analysis` sheet."""
    return bool(find_sheet(grids, DATA_CAPTURE_SHEETS["case"]) and find_sheet(grids, DATA_CAPTURE_SHEETS["analysis"]))


def parse_data_capture(
    grids: Sequence[Grid], *, file_name: str, lists: CodeLists | None = None, csps: CspDirectory | None = None,
    path: Path | None = None,
) -> ParsedForm:
    """Rows for every `raw.data_capture__*` table, and every problem found in the workbook."""
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    result = ParsedForm("data_capture", file_name)

    case_row = _parse_case(grids, reader)
    result.rows["data_capture__cases"] = [case_row] if case_row else []
    if case_row:
        result.csp_code = case_row["csp_code"]
        result.dhr_reference = case_row["dhr_reference"]

    for sheet_key, table, fields, noun in _PEOPLE:
        result.rows[table] = _parse_people(grids, sheet_key, fields, noun, reader)
    if not result.rows["data_capture__victims"] and find_sheet(grids, DATA_CAPTURE_SHEETS["victims"]):
        reader.report("no victims are listed: add one row per victim under the header row",
                      find_sheet(grids, DATA_CAPTURE_SHEETS["victims"]))

    for spec in _GRIDS:
        result.rows[spec.table] = _parse_grid(grids, spec, reader)

    result.errors = problems.messages
    result.warnings = reader.warnings.messages
    return result


def _missing_sheet(reader: FieldReader, sheet_key: str) -> None:
    reader.report(f"the sheet '{DATA_CAPTURE_SHEETS[sheet_key]}' is missing: use the current data capture template")


def _parse_case(grids: Sequence[Grid], reader: FieldReader) -> Row | None:
    grid = find_sheet(grids, DATA_CAPTURE_SHEETS["case"])
    if grid is None:
        _missing_sheet(reader, "case")
        return None
    # Column C holds the help text (design.md §1.1), so only column B is a value here.
    found = read_key_values(grid, DATA_CAPTURE_CASE_FIELDS, value_cols=(2,))
    row = reader.header_block(grid, DATA_CAPTURE_CASE_FIELDS, found, where_to_add="as a row with the label in column A and the answer in column B")
    csp = found.get("csp_name")
    row["csp_code"] = reader.resolve_csp(row["csp_name"], grid, csp.row if csp else None, csp.label if csp else None)
    force = found.get("force_area_name")
    if row["csp_code"] and row["force_area_name"] and reader.csps is not None and force is not None:
        message = reader.csps.check_force_area(row["csp_code"], row["force_area_name"])
        if message:
            reader.report(message, grid, force.row, force.label)
    _check_death_dates(row, found, grid, reader)
    children = found.get("children_in_household")
    if row["children_in_household"] is not None and row["children_in_household"] < 0 and children is not None:
        reader.report("cannot be negative", grid, children.row, children.label)
        row["children_in_household"] = None
    row["source_sheet"] = grid.name
    row["source_row"] = min((kv.row for kv in found.values()), default=1)
    return row


def _check_death_dates(row: Row, found: dict, grid: Grid, reader: FieldReader) -> None:
    """A date of death or notification in the future, or a death notified before it happened, is a typing slip."""
    today = date.today()
    for name in ("death_date", "notification_date"):
        kv = found.get(name)
        if row.get(name) is not None and kv is not None and row[name] > today:
            reader.report(f"{row[name]:%d/%m/%Y} is in the future: check the date (dates are day/month/year)",
                          grid, kv.row, kv.label)
            row[name] = None
    death, notified = row.get("death_date"), row.get("notification_date")
    if death is not None and notified is not None and death > notified:
        kv = found["death_date"]
        reader.report(f"{death:%d/%m/%Y} is after the date the CSP was notified of the death "
                      f"({notified:%d/%m/%Y}): check both dates", grid, kv.row, kv.label)


def _parse_people(
    grids: Sequence[Grid], sheet_key: str, fields: Sequence[Field], noun: str, reader: FieldReader
) -> list[Row]:
    grid = find_sheet(grids, DATA_CAPTURE_SHEETS[sheet_key])
    if grid is None:
        _missing_sheet(reader, sheet_key)
        return []
    header = find_header_row(grid, fields, min_matches=2)
    if header is None:
        reader.report(f"no header row with the column names ({', '.join(f.label for f in fields[:4])}, ...): "
                      "use the current data capture template", grid)
        return []
    for f in fields:
        if f.required and f.name not in header.columns:
            reader.report(f"the column '{f.label}' is missing from the header row (row {header.row})", grid)

    rows: list[Row] = []
    seen: dict[int, int] = {}  # person number -> row
    for r in range(header.row + 1, grid.n_rows + 1):
        if all(is_blank(grid.value(r, c)) for c in header.columns.values()):
            continue
        row: Row = {"source_sheet": grid.name, "source_row": r}
        for f in fields:
            col = header.columns.get(f.name)
            raw = grid.value(r, col) if col else None
            label = header.labels.get(f.name, f.label)
            parsed = reader.parse(f, raw, grid, r, label)
            if col:
                reader.required(f, parsed, raw, grid, r, label)
            row[f.name] = parsed
        number = row["person_number"]
        if number is not None:
            if number < 1:
                reader.report(f"{number} is not a {noun} number: number them 1, 2, ...", grid, r,
                              header.labels.get("person_number"))
            elif number in seen:
                reader.report(f"{noun} {number} is listed twice (rows {seen[number]} and {r})", grid, r,
                              header.labels.get("person_number"))
            else:
                seen[number] = r
        rows.append(row)
    return rows


def _parse_grid(grids: Sequence[Grid], spec: _GridSpec, reader: FieldReader) -> list[Row]:
    grid = find_sheet(grids, DATA_CAPTURE_SHEETS[spec.sheet_key])
    if grid is None:
        _missing_sheet(reader, spec.sheet_key)
        return []
    label_fields = tuple(Field(f"label_{i}", heading) for i, heading in enumerate(spec.label_headings))
    subject_fields = tuple(_SUBJECT_FIELDS[s] for s in spec.subjects)
    header = find_header_row(grid, (_REF_FIELD, *label_fields, *subject_fields), min_matches=2)
    if header is None or "ref" not in header.columns:
        reader.report("no header row with 'Ref' and the subject columns "
                      f"({', '.join(f.label for f in subject_fields)}): use the current data capture template", grid)
        return []

    seed = {row[spec.code_column]: row for row in spec.seed_rows()}
    by_label = {fold(row["label"]): code for code, row in seed.items()}
    missing_columns = {s for s in spec.subjects if s not in header.columns}
    reported_columns: set[str] = set()
    found: dict[str, int] = {}  # code -> row
    rows: list[Row] = []
    for r in range(header.row + 1, grid.n_rows + 1):
        ref = parse_text(grid.value(r, header.columns["ref"]))
        code = None
        if ref is not None:
            code = ref if ref in seed else next((c for c in seed if c.lower() == ref.lower()), None)
            if code is None:
                reader.report(f"'{ref}' is not a {spec.what} on the current form: use the current data capture "
                              "template", grid, r, header.labels["ref"])
                continue
        else:
            # No Ref typed: accept the row if its question text is one of the seed's labels.
            texts = [grid.value(r, header.columns[f.name]) for f in label_fields if f.name in header.columns]
            code = next((by_label[fold(t)] for t in texts if fold(t) in by_label), None)
            if code is None:
                if not grid.is_blank_row(r) and any(not is_blank(grid.value(r, header.columns[s]))
                                                     for s in spec.subjects if s in header.columns):
                    reader.report("the 'Ref' is blank, so this answer cannot be matched to a question", grid, r, "Ref")
                continue
        if code in found:
            reader.report(f"{spec.what} '{code}' appears twice (rows {found[code]} and {r})", grid, r, header.labels["ref"])
            continue
        found[code] = r
        for subject in spec.asked(seed[code]):
            if subject in missing_columns:
                if subject not in reported_columns:
                    reader.report(f"the column '{_SUBJECT_FIELDS[subject].label}' is missing from the header row "
                                  f"(row {header.row})", grid)
                    reported_columns.add(subject)
                continue
            label = header.labels[subject]
            try:
                answer = parse_grid_answer(grid.value(r, header.columns[subject]), reader.lists)
            except CellError as exc:
                reader.report(str(exc), grid, r, label)
                continue
            if answer is NOT_ASKED:
                continue  # 'n/a': not applicable to this subject in this case
            if answer is None:
                reader.report(f"answer Yes, No or Not known for '{clean_label(seed[code]['label'])}'", grid, r, label)
                continue
            rows.append({"source_sheet": grid.name, "source_row": r, spec.code_column: code,
                         "subject_type": subject, "answer": answer})
    for code, seed_row in seed.items():
        if code not in found:
            reader.report(f"the {spec.what} '{seed_row['label']}' (Ref {code}) is missing: use the current data "
                          "capture template", grid)
    return rows
