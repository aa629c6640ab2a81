"""Parse a data capture workbook (docs/design.md §1.1) into rows of the `raw.data_capture__*` tables.

The form is the Home Office data collection form, 004 Template 29 (004 L4157-4258); this project's
own workbook extends it with the 003 Annex A item 10 analysis grid (003 L757-759), agency contact
and the protected characteristics judged relevant (003 L757, L1091-1095). CSPs send it in several
layouts (issue 14), and every one is read:

* **Template 29 as printed**: one sheet of 'label | value' blocks: the case (CSP, Local DHR
  Reference, Police Force, dates, chair, author), then a victim block headed '(Please include
  information for all victims) | Victim' (several victims side by side: 'Victim 1 | Victim 2'), a
  perpetrator block and a General block (date of homicide, place, method, children in household).
  The printed template puts the section word in the value column of the block's first field row
  ('Gender | Perpetrator', 'Date of homicide | General', 004 L4217, L4247); a person filling it in
  may overwrite it, write beside it, or add a row under it. Blocks are also told apart by their
  labels ('Relationship to victim' is a perpetrator's; a second 'Gender' starts the next person).
* **One row per person**: a sheet with a Role column (Victim / Perpetrator / Child), or separate
  sheets of victims, perpetrators and children with loose headings; a case sheet of label | value.
* **This project's workbook**: sheets `Case` (label | value | help), `Victims`, `Perpetrators`,
  `Children` (a header row, one row per person) and the grids `Analysis`, `Agency contact`,
  `Equality` (one row per seed row, a Ref column, one column per subject, answers Yes / No / Not
  known, 'n/a' where not asked).
* **Risk-factor grids of other layouts**: 'Question | Victim | Perpetrator' with the questions
  worded loosely; each question is matched to the Annex A item 10 factors (and the agencies, for
  'Referred to MARAC') tolerantly.

Template 29 has no notification date, decision, death type, pseudonym or grids, so none of these
is required: what is missing is loaded as nothing, with a warning only where the officer should
know. Coded answers typed as words are mapped with a warning; what maps to nothing is kept as
written (`as_written`) with a warning. A file is rejected only for what cannot be used (no CSP
anywhere, no DHR reference) or what is impossible (an age over 120, a death in the future or after
notification, a police force that does not cover the CSP).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from form_contract.code_lists import CodeLists, agencies, analysis_factors, asked_subjects, protected_characteristics
from form_contract.spec import (
    CHILD_FIELDS,
    DATA_CAPTURE_CASE_FIELDS,
    DATA_CAPTURE_SHEETS,
    PERPETRATOR_FIELDS,
    VICTIM_FIELDS,
    Field,
)
from ingest import infer
from ingest.csp_names import CspDirectory
from ingest.field_reader import FieldReader
from ingest.labels import LabelMatcher, fold, matcher
from ingest.parsed import FILE_LEVEL, ParsedForm, Problems, Row
from ingest.readers import Grid, HeaderMatch, clean_label, find_header_row, find_sheet, match_header_row
from ingest.values import NOT_ASKED, CellError, is_blank, loose_code, parse_grid_answer, parse_text

FORM_NAME = "the Home Office data collection form"

_SUBJECTS = ("victim", "perpetrator", "children")
_SUBJECT_FIELDS = {
    "victim": Field("victim", "Victim", aliases=("Victims", "Victim answer")),
    "perpetrator": Field("perpetrator", "Perpetrator", aliases=("Perpetrators", "Perpetrator answer", "Suspect")),
    "children": Field("children", "Children", aliases=("Child", "Child(ren)", "Children in household")),
}
_REF_FIELD = Field("ref", "Ref", aliases=("Code", "Reference", "Ref."))
#: Headings of the column holding a grid's question text.
_QUESTION_HEADINGS = (
    "Question",
    "Category",
    "Risk factor",
    "Risk factors",
    "Factor",
    "Analysis question",
    "Item",
    "Agency or service",
    "Agency",
    "Protected characteristic",
    "Characteristic",
    "Indicator",
    "Vulnerability",
    "Issue",
    "Analysis",
    "Description",
)
_QUESTION_FIELD = Field("question", "Question", aliases=_QUESTION_HEADINGS[1:])
_ROLE_FIELD = Field(
    "role",
    "Role",
    aliases=(
        "Type",
        "Person",
        "Victim or perpetrator",
        "Victim/perpetrator",
        "Subject",
        "Role in case",
        "Person type",
        "Victim / perpetrator / child",
        "Category of person",
        "Party",
    ),
)


@dataclass(frozen=True)
class _GridSpec:
    """One of the Yes/No/Not known grids and the seed it follows."""

    sheet_key: str
    table: str
    code_column: str  # the raw column, and the code column of the seed
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


_GRIDS = {
    "analysis": _GridSpec("analysis", "data_capture__analysis", "factor_code", _SUBJECTS, "question"),
    "agency_contact": _GridSpec("agency_contact", "data_capture__agency_contact", "agency_code", _SUBJECTS, "agency"),
    "equality": _GridSpec(
        "equality",
        "data_capture__equality",
        "characteristic_code",
        ("victim", "perpetrator"),
        "protected characteristic",
    ),
}

_KINDS = ("victims", "perpetrators", "children")
_TABLES = {
    "victims": "data_capture__victims",
    "perpetrators": "data_capture__perpetrators",
    "children": "data_capture__children",
}
_FIELDS = {"victims": VICTIM_FIELDS, "perpetrators": PERPETRATOR_FIELDS, "children": CHILD_FIELDS}
_NOUN = {"victims": "victim", "perpetrators": "perpetrator", "children": "child"}
_SKIPPED_SHEETS = {
    fold(DATA_CAPTURE_SHEETS["guidance"]),
    fold(DATA_CAPTURE_SHEETS["lists"]),
    "lists",
    "guidance",
    "notes",
    "instructions",
    "help",
    "drop downs",
    "dropdowns",
    "lookups",
    "lookup",
    "key",
}


# --------------------------------------------------------------------------------------------
# Words that open a section of the Template 29 sheet ('Victim 1', 'Perpetrator', 'General')
# --------------------------------------------------------------------------------------------
_SECTION = re.compile(
    r"^(?:details of (?:the )?|about (?:the )?)?(victim|perpetrator|suspect|offender|general|case|child)(?:ren|s)?"
    r"(?: (\d{1,2}|[a-d]))?(?: (?:details|information|data|section))?$"
)
_SECTION_KIND = {
    "victim": "victims",
    "perpetrator": "perpetrators",
    "suspect": "perpetrators",
    "offender": "perpetrators",
    "general": "case",
    "case": "case",
    "child": "children",
}


def _section_word(value: Any) -> tuple[str, int | None] | None:
    """('victims', 2) for 'Victim 2', ('case', None) for 'General'; None if the cell is not a section word."""
    if not isinstance(value, str):
        return None
    folded = fold(value)
    if "information for all victims" in folded or folded in ("victim s", "victims details"):
        return "victims", None
    match = _SECTION.match(folded)
    if match is None:
        return None
    number = match.group(2)
    if number is not None and not number.isdigit():
        number = str("abcd".index(number) + 1)
    return _SECTION_KIND[match.group(1)], int(number) if number else None


def _kind_of_label(label: str) -> str | None:
    """A label that names whose it is ('Victim gender', 'Perpetrator age') says which block it is in."""
    first = fold(label).split(" ", 1)[0]
    if first in ("victim", "victims", "victim s"):
        return "victims"
    if first in ("perpetrator", "perpetrators", "suspect", "offender"):
        return "perpetrators"
    return None


def _person_number(value: Any) -> int | None:
    """1 from 1, 1.0, '1', 'Child 1', 'Victim 2', 'V1', 'P 2', '#1'; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    text = fold(value)
    match = re.fullmatch(r"(?:[a-z ]*?)\s*(\d{1,3})", text)
    return int(match.group(1)) if match else None


def _kind_of_role(value: Any) -> str | None:
    text = fold(value)
    if not text:
        return None
    if re.search(r"\b(?:perp|perpetrators?|suspects?|offenders?|defendants?|accused|alleged perpetrator)\b", text):
        return "perpetrators"
    if re.search(r"\b(?:victims?|deceased)\b", text):
        return "victims"
    if re.search(r"\b(?:child|children|son|daughter)\b", text):
        return "children"
    return None


# --------------------------------------------------------------------------------------------
# Field sets
# --------------------------------------------------------------------------------------------
def _attributes(kind: str) -> tuple[Field, ...]:
    """The fields of a person other than the number."""
    return tuple(f for f in _FIELDS[kind] if f.name != "person_number")


@cache
def _mixed_fields() -> tuple[Field, ...]:
    """Headings of a one-row-per-person sheet of victims and perpetrators together."""
    names: dict[str, Field] = {}
    for kind in ("victims", "perpetrators"):
        for f in _attributes(kind):
            names.setdefault(f.name, f)
    relationship = Field(
        "relationship",
        "Relationship",
        aliases=tuple({*VICTIM_FIELDS[4].labels, *PERPETRATOR_FIELDS[4].labels} - {"Relationship"}),
    )
    names["relationship"] = relationship
    return (_ROLE_FIELD, *names.values())


def _block_fields(section: str) -> tuple[Field, ...]:
    return DATA_CAPTURE_CASE_FIELDS if section == "case" else _attributes(section)


def _matcher(section: str) -> LabelMatcher:
    return matcher(_block_fields(section))


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------
#: Case fields that an action plan or scoping review may also carry: not evidence of a data capture form.
_SHARED_FIELDS = {
    "csp_name",
    "dhr_reference",
    "completed_date",
    "submitted_date",
    "decision",
    "death_type",
    "notification_date",
    "published_date",
    "commenced_date",
    "victim_pseudonym",
}


def looks_like_data_capture(grids: Sequence[Grid]) -> bool:
    """Content test for detection: a data capture form in any of the layouts CSPs send.

    This project's workbook has a `Case` and an `Analysis` sheet. Otherwise a sheet must carry at
    least three labels of the Home Office data collection form that no action plan or scoping
    review has (Police Force, Victim Gender, Age at time of incident, Method of killing, ...),
    as 'label | value' rows or as the column headings of a one-row-per-person table.
    """
    if find_sheet(grids, DATA_CAPTURE_SHEETS["case"]) and find_sheet(grids, DATA_CAPTURE_SHEETS["analysis"]):
        return True
    case_labels, person_labels = _matcher("case"), matcher(_mixed_fields())
    for grid in grids:
        if grid.hidden or fold(grid.name) in _SKIPPED_SHEETS:
            continue
        found: set[str] = set()
        for r in range(1, min(grid.n_rows, 150) + 1):
            cells = [v for v in grid.rows[r - 1][:3] if not is_blank(v)]
            for text in cells[:1]:  # the row's label; a long text is a sentence, not a label
                if not isinstance(text, str) or len(text) > 80:
                    break
                f = case_labels.field(text)
                if f is not None and f.name not in _SHARED_FIELDS:
                    found.add(f"case.{f.name}")
                    break
                f = person_labels.field(text)
                if f is not None and f.name not in ("role", "pseudonym"):
                    found.add(f"person.{f.name}")
                    break
            if len(found) >= 3:
                return True
        header = find_header_row(grid, _mixed_fields(), min_matches=3)
        if header is not None and len(set(header.columns) - {"role", "pseudonym"}) >= 3:
            return True
    return False


# --------------------------------------------------------------------------------------------
# What the sheets hold
# --------------------------------------------------------------------------------------------
@dataclass
class _Value:
    """A value found for a field: the cell, where it is, and the label it was under."""

    value: Any
    row: int
    label: str


@dataclass
class _Person:
    kind: str
    grid: Grid
    row: int  # where the person starts (the lineage source_row)
    number: int | None = None
    number_label: str | None = None
    values: dict[str, _Value] = field(default_factory=dict)
    suffix: str = ""  # ' (Victim 2)' on labels, when several people share the rows of one block


@dataclass
class _Case:
    values: dict[str, _Value] = field(default_factory=dict)
    grid: Grid | None = None
    titles: list[str] = field(default_factory=list)  # texts that are not fields: titles, headings


@dataclass
class _Found:
    case: _Case = field(default_factory=_Case)
    people: dict[str, list[_Person]] = field(default_factory=lambda: {k: [] for k in _KINDS})
    grids: dict[str, list[Row]] = field(default_factory=lambda: {k: [] for k in _GRIDS})
    grid_sheets: set[str] = field(default_factory=set)
    seen_answers: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (table, code, subject) -> where


def parse_data_capture(
    grids: Sequence[Grid],
    *,
    file_name: str,
    lists: CodeLists | None = None,
    csps: CspDirectory | None = None,
    path: Path | None = None,
) -> ParsedForm:
    """Rows for every `raw.data_capture__*` table, and every problem found in the workbook."""
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    result = ParsedForm("data_capture", file_name)
    found = _Found()

    project = bool(
        find_sheet(grids, DATA_CAPTURE_SHEETS["case"]) and find_sheet(grids, DATA_CAPTURE_SHEETS["analysis"])
    )
    for grid in grids:
        _read_sheet(grid, found, reader)

    case_row = _case_row(found.case, grids, reader, result, path)
    result.rows["data_capture__cases"] = [case_row]
    result.csp_code = case_row["csp_code"]
    result.dhr_reference = case_row["dhr_reference"]

    for kind in _KINDS:
        result.rows[_TABLES[kind]] = _people_rows(found.people[kind], kind, reader)
    if not result.rows["data_capture__victims"]:
        reader.warn(
            "no victims are listed: the form was loaded without them. Add each victim (gender, age, "
            "relationship to the perpetrator, ...) and send the form again"
        )

    for key, spec in _GRIDS.items():
        result.rows[spec.table] = found.grids[key]
        if project and fold(DATA_CAPTURE_SHEETS[key]) not in found.grid_sheets:
            reader.warn(
                f"the sheet '{DATA_CAPTURE_SHEETS[key]}' is not in the workbook, so no {spec.what} answers were loaded"
            )

    result.errors = problems.messages
    result.warnings = reader.warnings.messages
    return result


def _read_sheet(grid: Grid, found: _Found, reader: FieldReader) -> None:
    """Read one sheet as whatever it holds: people, a Yes/No grid, or 'label | value' blocks."""
    name = fold(grid.name)
    if name in _SKIPPED_SHEETS or not any(not grid.is_blank_row(r) for r in range(1, grid.n_rows + 1)):
        return
    for key in _GRIDS:
        if name == fold(DATA_CAPTURE_SHEETS[key]):
            _read_grid(grid, _GRIDS[key], found, reader)
            return
    for kind in _KINDS:
        if name == fold(DATA_CAPTURE_SHEETS[kind]):
            _read_people_table(grid, kind, found, reader)
            return
    if name == fold(DATA_CAPTURE_SHEETS["case"]):
        _read_blocks(grid, found, reader, value_cols=(1,))  # column C holds the help text (design.md §1.1)
        return

    people = _people_header(grid)
    if people is not None:
        _read_people_table(grid, people, found, reader)
        return
    header = _grid_header(grid)
    if header is not None:
        _read_grid(grid, None, found, reader, header)
        return
    if not _read_blocks(grid, found, reader, value_cols=(1, 2)):
        reader.warn(f"nothing on this sheet is on {FORM_NAME}, so it was not read", grid)


def _people_header(grid: Grid) -> str | None:
    """'mixed', or the kind of people of a one-row-per-person sheet; None if it is not one."""
    header = find_header_row(grid, _mixed_fields(), min_matches=2)
    if header is None or len(set(header.columns) - {"role", "pseudonym"}) < 2:
        child = find_header_row(grid, CHILD_FIELDS, min_matches=2)
        if child is not None and "person_number" in child.columns and len(child.columns) >= 2:
            return "children"
        return None
    if "role" in header.columns:
        return "mixed"
    name = fold(grid.name)
    if "child" in name:
        return "children"
    perpetrator = any(w in name for w in ("perpetrator", "suspect", "offender"))
    if "victim" in name and not perpetrator:
        return "victims"
    if perpetrator and "victim" not in name:
        return "perpetrators"
    for kind in _KINDS:  # the number column's heading says whose rows these are ('Victim', 'Perpetrator')
        numbered = match_header_row(grid, header.row, _FIELDS[kind])
        if "person_number" in numbered.columns:
            return kind
    if "verdict" in header.columns:
        return "perpetrators"
    return None


# --------------------------------------------------------------------------------------------
# One row per person
# --------------------------------------------------------------------------------------------
def _read_people_table(grid: Grid, kind: str, found: _Found, reader: FieldReader) -> None:
    fields = _mixed_fields() if kind == "mixed" else _FIELDS[kind]
    header = find_header_row(grid, fields, min_matches=2)
    if kind != "mixed" and (header is None or "person_number" not in header.columns) and kind != "children":
        # A victims or perpetrators sheet with loose headings and no number column.
        header = find_header_row(grid, _mixed_fields(), min_matches=2) or header
    if header is None:
        reader.warn(
            f"no header row with the column names ({', '.join(f.label for f in fields[1:5])}, ...) was "
            "found, so this sheet was not read",
            grid,
        )
        return
    _warn_extra_columns(grid, header, reader)
    role_col = header.columns.get("role")
    number_col = header.columns.get("person_number")
    for r in range(header.row + 1, grid.n_rows + 1):
        cols = [c for name, c in header.columns.items() if name != "role"]
        if all(is_blank(grid.value(r, c)) for c in cols):
            continue
        row_kind = kind
        number = _person_number(grid.value(r, number_col)) if number_col else None
        if role_col is not None:
            role = grid.value(r, role_col)
            row_kind = _kind_of_role(role) or ""
            if row_kind not in _KINDS:
                reader.warn(
                    f"'{clean_label(role) if role else ''}' is not a victim, perpetrator or child, so this row "
                    "was not read",
                    grid,
                    r,
                    header.labels["role"],
                )
                continue
            number = _person_number(role)
        person = _Person(row_kind, grid, r, number, header.labels.get("person_number"))
        if number_col and number is None and not is_blank(grid.value(r, number_col)):
            reader.warn(
                f"'{clean_label(grid.value(r, number_col))}' is not a number: numbered in order",
                grid,
                r,
                header.labels["person_number"],
            )
        kind_fields = {f.name for f in _FIELDS[row_kind]}
        for name, col in header.columns.items():
            if name in ("role", "person_number"):
                continue
            if name not in kind_fields:
                if not is_blank(grid.value(r, col)):
                    reader.warn(
                        f"not asked about a {_NOUN[row_kind]} on {FORM_NAME}: not read", grid, r, header.labels[name]
                    )
                continue
            person.values[name] = _Value(grid.value(r, col), r, header.labels[name])
        found.people[row_kind].append(person)


def _warn_extra_columns(grid: Grid, header: HeaderMatch, reader: FieldReader) -> None:
    if not header.unrecognised:
        return
    shown = ", ".join(f"'{clean_label(text)}' (column {get_column_letter(col)})" for col, text in header.unrecognised)
    plural = len(header.unrecognised) > 1
    reader.warn(
        f"the column{'s' if plural else ''} {shown} {'are' if plural else 'is'} not on {FORM_NAME} and "
        f"{'were' if plural else 'was'} not read",
        grid,
        header.row,
    )


# --------------------------------------------------------------------------------------------
# 'Label | value' blocks: the case, and Template 29's victim, perpetrator and General blocks
# --------------------------------------------------------------------------------------------
def _read_blocks(grid: Grid, found: _Found, reader: FieldReader, *, value_cols: Sequence[int]) -> bool:
    """Read the sheet's 'label | value' rows by section; whether any field was found.

    `value_cols` are offsets from the label's column (1 = the next column).
    """
    section = "case"
    people: dict[int, _Person] = {}  # value column (0: the first value right of the label) -> person
    seen: set[str] = set()  # fields given a value in the current person section
    any_field = False
    for r in range(1, grid.n_rows + 1):
        cells = [(c, v) for c, v in enumerate(grid.rows[r - 1], start=1) if not is_blank(v)]
        if not cells or not isinstance(cells[0][1], str):
            continue
        (label_col, label), rest = cells[0], cells[1:]
        markers = [
            (c, m)
            for c, v in rest
            if (m := _section_word(v)) is not None and m[0] != "children" and not fold(v).startswith("case")
        ]
        own = _section_word(label)
        if own is not None:
            # A heading: 'Victim', 'Perpetrator details', 'General', or '(Please include information
            # for all victims) | Victim 1 | Victim 2'.
            section = own[0]
            people, seen = _open_section(grid, section, r, [m for m in markers if m[1][0] == section], found)
            continue
        if markers:
            # 'Gender | Perpetrator', 'Date of homicide | General': the printed template's section word
            # in the value column of the section's first field row; or a heading row of its own.
            section = markers[0][1][0]
            people, seen = _open_section(grid, section, r, markers, found)
            if _field_for(label, section) is None:
                continue
        target, dest = _block_target(label, section, seen)
        if dest.endswith("+") or dest not in (section, "case.only"):
            section = dest = dest.rstrip("+")
            people, seen = _open_section(grid, section, r, [], found)
        if target is None:
            if not rest and len(label) > 2:
                found.case.titles.append(label)
            elif rest and not markers:
                reader.warn(
                    f"'{clean_label(label)}' is not a question on {FORM_NAME}, so its answer was not read", grid, r
                )
            continue
        any_field = True
        written = clean_label(label)
        values = [(c, v) for c, v in rest if c > label_col and _section_word(v) is None]
        below = r + 1 <= grid.n_rows and is_blank(grid.raw(r + 1, label_col))
        if not values and markers and below:
            # The answer typed on a row added under the printed section word ('Gender | Perpetrator',
            # then ' | Male'), as people fill the Word form.
            values = [(c, v) for c, v in enumerate(grid.rows[r], start=1) if c > label_col and not is_blank(v)]
        if dest in ("case", "case.only"):
            value = next((v for c, v in values if c - label_col in value_cols), None)
            known = found.case.values.get(target.name)
            if known is None or is_blank(known.value):
                found.case.values[target.name] = _Value(value, r, written)
                found.case.grid = found.case.grid or grid
            continue
        for col, person in people.items():
            if col == 0:
                value = values[0][1] if values else None
            else:
                value = grid.value(r, col)
                if _section_word(value) is not None:
                    value = grid.value(r + 1, col) if below else None
            if not is_blank(value):
                seen.add(target.name)
            known = person.values.get(target.name)
            if known is None or is_blank(known.value):
                person.values[target.name] = _Value(value, r, written)
    return any_field


def _block_target(label: str, section: str, seen: set[str]) -> tuple[Field | None, str]:
    """The field a block label stands for, and where it goes: 'case', a person section (a new one
    when it differs from `section`), or 'case.only' for a case field met inside a person block."""
    label_kind = _kind_of_label(label)
    if label_kind is not None and (f := _field_for(label, label_kind)) is not None:
        if label_kind != section or f.name in seen:
            return f, label_kind if label_kind != section else _NEW[label_kind]
        return f, section
    target = _field_for(label, section)
    if target is not None:
        if section != "case" and target.name in seen:
            # A second 'Gender' after a victim's answers: the next block, its heading overwritten.
            return _field_for(label, "perpetrators"), _NEW[
                "perpetrators"
            ] if section == "perpetrators" else "perpetrators"
        return target, section
    if section != "case" and (f := _field_for(label, "case")) is not None:
        return f, "case.only"
    for kind in ("victims", "perpetrators"):
        if kind != section and (f := _field_for(label, kind)) is not None:
            return f, kind
    return None, section


#: A section name that opens a new person of the same kind.
_NEW = {"victims": "victims+", "perpetrators": "perpetrators+"}


def _field_for(label: str, section: str) -> Field | None:
    return _matcher(section).field(label)


def _open_section(
    grid: Grid, section: str, row: int, markers: list[tuple[int, tuple[str, int | None]]], found: _Found
) -> tuple[dict[int, _Person], set[str]]:
    """The people of a new section: one per 'Victim 1' / 'Victim 2' column, else one."""
    if section == "case":
        return {}, set()
    columns = [(c, m[1]) for c, m in markers if m[0] == section]
    people: dict[int, _Person] = {}
    if len(columns) > 1 or any(n is not None for _, n in columns):
        several = len(columns) > 1
        for col, number in columns:
            suffix = f" ({_NOUN[section].capitalize()} {number})" if several and number else ""
            people[col] = _Person(section, grid, row, number, None, suffix=suffix)
    else:
        people[0] = _Person(section, grid, row)
    found.people[section].extend(people.values())
    return people, set()


# --------------------------------------------------------------------------------------------
# The case
# --------------------------------------------------------------------------------------------
def _case_row(case: _Case, grids: Sequence[Grid], reader: FieldReader, result: ParsedForm, path: Path | None) -> Row:
    grid = case.grid or next((g for g in grids if not g.hidden), grids[0] if grids else Grid("", "sheet", []))
    row: Row = {}
    for f in DATA_CAPTURE_CASE_FIELDS:
        kv = case.values.get(f.name)
        row[f.name] = None if kv is None else reader.parse(f, kv.value, grid, kv.row, kv.label, record=row)

    # The CSP: labelled, else named in a title or heading, else in the file name or folder.
    row["csp_code"], row["csp_source"] = None, None
    csp = case.values.get("csp_name")
    if row["csp_name"] is not None and csp is not None:
        row["csp_code"] = reader.resolve_csp(row["csp_name"], grid, csp.row, csp.label)
        row["csp_source"] = infer.LABELLED
    elif reader.csps is not None:
        titles = [*case.titles, *(g.name for g in grids)]
        guess = infer.csp_from_texts(titles, reader.csps) or infer.csp_from_path(path, reader.csps)
        if guess is not None:
            name = reader.csps.name(str(guess.value))
            row["csp_code"], row["csp_source"], row["csp_name"] = guess.value, guess.source, name
            result.inferred["csp"] = (guess.value, guess.source)
            reader.warn(
                f"the Community Safety Partnership is not filled in: taken from the {guess.source} "
                f"('{guess.evidence}') as {name}"
            )
        elif csp is not None:
            reader.report(
                "required, but the cell is blank: write the partnership's name",
                grid,
                csp.row,
                csp.label,
                rank=FILE_LEVEL,
            )
        else:
            reader.report(
                "no Community Safety Partnership is named anywhere in the file: write the partnership's "
                f"name beside 'Community Safety Partnership', as on {FORM_NAME}",
                rank=FILE_LEVEL,
            )

    # The local DHR reference: labelled, else 'DHR ref: ...' written as a line.
    ref = case.values.get("dhr_reference")
    row["dhr_reference_source"] = infer.LABELLED if row["dhr_reference"] else None
    if not row["dhr_reference"]:
        guess = infer.reference_from_texts(case.titles)
        if guess is not None:
            row["dhr_reference"], row["dhr_reference_source"] = guess.value, guess.source
            result.inferred["dhr_reference"] = (guess.value, guess.source)
            reader.warn(f"the Local DHR Reference is not filled in: taken from the line '{guess.evidence}'")
        elif ref is not None:
            reader.report(
                "required, but the cell is blank: write the reference the partnership uses for this review",
                grid,
                ref.row,
                ref.label,
                rank=FILE_LEVEL,
            )
        else:
            reader.report(
                f"no Local DHR Reference: add it beside 'Local DHR Reference', as on {FORM_NAME}", rank=FILE_LEVEL
            )

    force = case.values.get("force_area_name")
    if row["csp_code"] and row["force_area_name"] and reader.csps is not None and force is not None:
        message = reader.csps.check_force_area(row["csp_code"], row["force_area_name"])
        if message:
            reader.report(message, grid, force.row, force.label)
    _check_death_dates(row, case.values, grid, reader)
    children = case.values.get("children_in_household")
    if row["children_in_household"] is not None and row["children_in_household"] < 0 and children is not None:
        reader.report("cannot be negative", grid, children.row, children.label)
        row["children_in_household"] = None
    row["source_sheet"] = grid.name
    row["source_row"] = min((kv.row for kv in case.values.values()), default=1)
    return row


def _check_death_dates(row: Row, found: dict[str, _Value], grid: Grid, reader: FieldReader) -> None:
    """A date of death or notification in the future, or a death notified before it happened, is a typing slip."""
    today = date.today()
    for name in ("death_date", "notification_date", "ho_notified_date"):
        kv = found.get(name)
        if row.get(name) is not None and kv is not None and row[name] > today:
            reader.report(
                f"{row[name]:%d/%m/%Y} is in the future: check the date (dates are day/month/year)",
                grid,
                kv.row,
                kv.label,
            )
            row[name] = None
    death = row.get("death_date")
    for name, whom in (
        ("notification_date", "the CSP was notified of the death"),
        ("ho_notified_date", "the Home Office was first notified"),
    ):
        notified = row.get(name)
        if death is not None and notified is not None:
            if death > notified:
                kv = found["death_date"]
                reader.report(
                    f"{death:%d/%m/%Y} is after the date {whom} ({notified:%d/%m/%Y}): check both dates",
                    grid,
                    kv.row,
                    kv.label,
                )
            return


# --------------------------------------------------------------------------------------------
# People rows
# --------------------------------------------------------------------------------------------
def _people_rows(people: list[_Person], kind: str, reader: FieldReader) -> list[Row]:
    """Parse each person's values; number them (given numbers kept, the rest in order)."""
    fields = {f.name: f for f in _FIELDS[kind]}
    noun = _NOUN[kind]
    rows: list[Row] = []
    numbered: dict[int, _Person] = {}
    kept: list[_Person] = []
    for person in people:
        if all(is_blank(v.value) for v in person.values.values()):
            continue  # an unused column or row of the template
        kept.append(person)
        if person.number is None:
            continue
        where = (person.grid, person.row, person.number_label)
        if person.number < 1:
            reader.report(f"{person.number} is not a {noun} number: number them 1, 2, ...", *where)
            person.number = None
        elif person.number in numbered:
            first = numbered[person.number]
            rows_text = f"rows {first.row} and {person.row}" if first.grid is person.grid else "twice"
            reader.report(f"{noun} {person.number} is listed twice ({rows_text})", *where)
            person.number = None
        else:
            numbered[person.number] = person
    next_number = 1
    for person in kept:
        if person.number is None:
            while next_number in numbered:
                next_number += 1
            person.number = next_number
            numbered[next_number] = person
        row: Row = {"source_sheet": person.grid.name, "source_row": person.row, "person_number": person.number}
        for name, f in fields.items():
            if name == "person_number":
                continue
            v = person.values.get(name)
            row[name] = (
                None if v is None else reader.parse(f, v.value, person.grid, v.row, v.label + person.suffix, record=row)
            )
        if kind != "children":
            missing = [
                what
                for what, name in (("sex (gender)", "sex"), ("age", "age"))
                if row.get(name) is None and is_blank(person.values.get(name, _Value(None, 0, "")).value)
            ]
            if missing:
                reader.warn(
                    f"no {' or '.join(missing)} is given for {noun} {person.number}: loaded without it",
                    person.grid,
                    person.row,
                )
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Yes / No / Not known grids
# --------------------------------------------------------------------------------------------
def _grid_header(grid: Grid) -> HeaderMatch | None:
    """The header row of a Yes/No grid: a question (or Ref) column and at least one subject column."""
    fields = (_REF_FIELD, _QUESTION_FIELD, *_SUBJECT_FIELDS.values())
    header = find_header_row(grid, fields, min_matches=2)
    if header is None or not ({"ref", "question"} & set(header.columns)):
        return None
    if not set(_SUBJECTS) & set(header.columns):
        return None
    return header


@dataclass(frozen=True)
class _Question:
    table: str  # the _GRIDS key
    code: str
    label: str


#: Wordings people use for Annex A item 10 questions and agency contacts, beyond the seed's label.
_QUESTION_ALIASES: dict[str, tuple[str, ...]] = {
    "agg_stalking": ("Stalking", "Stalking or harassment"),
    "agg_coercive_control": ("Coercive control", "Controlling or coercive behaviour"),
    "agg_honour_based_abuse": ("Honour based abuse", "HBA", "Honour-based violence"),
    "agg_psychological_abuse": ("Emotional abuse", "Psychological abuse"),
    "agg_sexual_abuse": ("Sexual violence",),
    "agg_physical_abuse": ("Physical violence",),
    "agg_economic_abuse": ("Financial abuse", "Economic or financial abuse"),
    "mh_diagnosed": ("Diagnosed mental health issues", "Mental health diagnosis"),
    "mh_undiagnosed": ("Undiagnosed mental health issues",),
    "vul_alcohol_misuse": ("Alcohol misuse", "Alcohol", "Alcohol use"),
    "vul_substance_misuse": ("Substance misuse", "Drug misuse", "Drugs", "Drug use", "Substance use"),
    "vul_housing_issues": ("Housing issues", "Housing problems", "Homelessness"),
    "vul_learning_disability": ("Learning disability", "Neurodiversity"),
    "vul_communication": ("Communication difficulties",),
    "vul_mental_ill_health": ("Mental health", "Mental ill health", "Poor mental health"),
    "prev_victim_of_abuse": ("Previously a victim of abuse", "Previous victim of abuse", "Previous abuse of victim"),
    "prev_known_perpetrator": (
        "Previously known as a perpetrator of domestic abuse",
        "Known perpetrator",
        "Perpetrator previously known as a perpetrator of DA",
        "Previous perpetrator of DA",
    ),
    "prev_aces": ("Adverse childhood experiences", "ACEs"),
    "child_present_at_death": ("Children present", "Children present at the time of death"),
    "child_protection": ("Child protection", "Children subject to child protection procedures"),
    "child_known_to_csc": ("Children known to children's social care", "Children known to social care"),
    "marac": ("MARAC", "Referred to MARAC", "MARAC referral", "Discussed at MARAC"),
    "mappa": ("MAPPA", "Managed under MAPPA"),
    "police": ("Contact with police", "Known to police"),
    "gp_primary_care": ("GP", "Contact with GP"),
    "specialist_da_service": ("IDVA", "Specialist domestic abuse service", "Domestic abuse service"),
}
_LEADING = re.compile(r"^(?:experiencing|had the|were any|was the|subject to|contact with|known to) ")


@cache
def _questions(keys: tuple[str, ...]) -> tuple[dict[str, _Question], list[str]]:
    """Folded wording -> question, for the grids `keys`; and the wordings for fuzzy matching."""
    index: dict[str, _Question] = {}
    for key in keys:
        spec = _GRIDS[key]
        for seed in spec.seed_rows():
            q = _Question(key, seed[spec.code_column], seed["label"])
            plain = re.sub(r"\([^)]*\)", " ", seed["label"])
            for wording in (seed["label"], plain, _LEADING.sub("", fold(plain)), *_QUESTION_ALIASES.get(q.code, ())):
                index.setdefault(fold(wording), q)
    return index, [w for w in index if len(w) >= 4]


def _match_question(text: Any, keys: tuple[str, ...]) -> _Question | None:
    from rapidfuzz import fuzz, process

    folded = fold(text)
    if not folded:
        return None
    index, choices = _questions(keys)
    if folded in index:
        return index[folded]
    stripped = _LEADING.sub("", folded)
    if stripped in index:
        return index[stripped]
    best = process.extractOne(folded, choices, scorer=fuzz.token_sort_ratio, score_cutoff=88)
    if best is None and len(folded.split()) >= 2:
        best = process.extractOne(
            folded, [c for c in choices if " " in c], scorer=fuzz.token_set_ratio, score_cutoff=92
        )
    return index[best[0]] if best else None


def _read_grid(
    grid: Grid, spec: _GridSpec | None, found: _Found, reader: FieldReader, header: HeaderMatch | None = None
) -> None:
    """Answers of a Yes/No grid: this project's Analysis / Agency contact / Equality (`spec`), or any
    other grid whose questions are matched to the analysis factors and agencies (`spec` None)."""
    header = header or _grid_header(grid)
    keys = (spec.sheet_key,) if spec is not None else ("analysis", "agency_contact")
    if spec is not None:
        found.grid_sheets.add(fold(grid.name))
    if header is None:
        reader.warn(
            "no header row with 'Ref' or 'Question' and the columns Victim, Perpetrator or Children was "
            "found, so this sheet was not read",
            grid,
        )
        return
    subjects = [s for s in _SUBJECTS if s in header.columns]
    codes = {key: {row[_GRIDS[key].code_column]: row for row in _GRIDS[key].seed_rows()} for key in keys}
    ref_col, question_col = header.columns.get("ref"), header.columns.get("question")
    _warn_extra_columns(grid, header, reader)
    matched: dict[str, set[str]] = {key: set() for key in keys}
    for r in range(header.row + 1, grid.n_rows + 1):
        answers = {s: grid.value(r, header.columns[s]) for s in subjects}
        if all(is_blank(v) for v in answers.values()) and (ref_col is None or is_blank(grid.value(r, ref_col))):
            continue
        question = _row_question(grid, r, ref_col, question_col, keys, codes)
        written = clean_label(grid.value(r, question_col) or grid.value(r, ref_col) or "")
        if question is None:
            reader.warn(
                f"'{written}' is not a {spec.what if spec else 'question'} on {FORM_NAME}: its answers were not read",
                grid,
                r,
            )
            continue
        g = _GRIDS[question.table]
        seed = codes[question.table][question.code]
        matched[question.table].add(question.code)
        asked = g.asked(seed)
        labels = dict(header.labels)
        missing = [s for s in asked if s not in answers]
        if len(asked) == 1 and missing:
            # A question about one subject only ('Were any children known to children's social care')
            # in a grid without that subject's column: the one answer given in the row is its answer.
            given = [
                (s, v)
                for s, v in answers.items()
                if not is_blank(v) and parse_grid_answer_safe(v, reader.lists) is not NOT_ASKED
            ]
            if len(given) == 1:
                reader.warn(
                    f"'{written}' is asked about the {asked[0]}: the answer in the "
                    f"'{header.labels[given[0][0]]}' column was read as theirs",
                    grid,
                    r,
                )
                labels[asked[0]] = header.labels[given[0][0]]
                answers = {asked[0]: given[0][1]}
        for subject in asked:
            if subject not in answers:
                continue
            label = labels.get(subject, _SUBJECT_FIELDS[subject].label)
            row = _grid_answer(grid, r, label, answers[subject], seed["label"], reader)
            if row is None:
                continue
            where = found.seen_answers.get((question.table, question.code, subject))
            if where is not None:
                reader.warn(
                    f"'{written}' is answered twice for the {subject} (also {where}): the first answer was read",
                    grid,
                    r,
                    label,
                )
                continue
            found.seen_answers[(question.table, question.code, subject)] = f"row {r}"
            found.grids[question.table].append(
                {
                    "source_sheet": grid.name,
                    "source_row": r,
                    g.code_column: question.code,
                    "subject_type": subject,
                    **row,
                }
            )
    if spec is not None:
        for code, seed_row in codes[spec.sheet_key].items():
            if code not in matched[spec.sheet_key]:
                reader.warn(f"the {spec.what} '{seed_row['label']}' is not on this sheet, so it has no answer", grid)


def parse_grid_answer_safe(value: Any, lists: CodeLists) -> Any:
    try:
        return parse_grid_answer(value, lists)
    except CellError:
        return None


def _row_question(
    grid: Grid,
    r: int,
    ref_col: int | None,
    question_col: int | None,
    keys: tuple[str, ...],
    codes: dict[str, dict[str, dict[str, str]]],
) -> _Question | None:
    ref = parse_text(grid.value(r, ref_col)) if ref_col else None
    if ref is not None:
        for key in keys:
            code = ref if ref in codes[key] else next((c for c in codes[key] if c.lower() == ref.lower()), None)
            if code is not None:
                return _Question(key, code, codes[key][code]["label"])
    for text in (grid.value(r, question_col) if question_col else None, ref):
        if (q := _match_question(text, keys)) is not None:
            return q
    return None


def _grid_answer(grid: Grid, r: int, label: str, value: Any, question: str, reader: FieldReader) -> Row | None:
    """{'answer': code} for a Yes / No / Not known cell; None when not asked ('n/a') or blank (warned)."""
    try:
        answer = parse_grid_answer(value, reader.lists)
    except CellError:
        text = parse_text(value) or ""
        code = loose_code("yes_no_not_known", text, reader.lists)
        if code is not None:
            reader.warn(f"'{text}' read as '{reader.lists.label('yes_no_not_known', code)}'", grid, r, label)
            return {"answer": code, "as_written": {"answer": text}}
        reader.warn(f"'{text}' is not Yes, No or Not known: kept as written, and not counted", grid, r, label)
        return {"answer": None, "as_written": {"answer": text}}
    if answer is NOT_ASKED:
        return None
    if answer is None:
        reader.warn(f"'{clean_label(question)}' is not answered: answer Yes, No or Not known", grid, r, label)
        return None
    return {"answer": answer}
