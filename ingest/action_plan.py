"""Parse an action plan (.xlsx, .xls or .docx) into `raw.action_plan__plans` and `__actions` rows.

Columns are 003 Annex B (003 L778) with the 004 Template 25 'Rec. No.' and status key
(004 L4628-4656); see docs/design.md §1.3. Each submission is one dated snapshot of the plan
('Progress as at', 003 L712 quarterly updates).

CSPs write a recommendation once and merge its cells down over its actions, or leave them blank
below the first action. Both read the same: a blank or merged-over recommendation cell takes the
value above for the same recommendation, and a blank 'Rec. no.' is taken from the action number
(action 2.3 belongs to recommendation 2, 003 L779-786).
"""

from __future__ import annotations

import re
from typing import Any

from form_contract.code_lists import CodeLists
from form_contract.spec import ACTION_FIELDS, ACTION_PLAN_HEADER_FIELDS, STATUS_KEY
from ingest.csp_names import CspDirectory
from ingest.field_reader import FieldReader
from ingest.parsed import ParsedForm, Problems, Row
from ingest.readers import (
    DocxContent,
    Grid,
    HeaderMatch,
    Paragraph,
    find_header_row,
    fold,
    read_key_values,
)
from ingest.values import CellError, is_blank, parse_integer, parse_text

#: Fields written once per recommendation and merged down over its actions (design.md §1.3).
RECOMMENDATION_FIELDS = (
    "recommendation_number",
    "recommendation",
    "recommendation_level",
    "addressee",
    "addressee_notified_date",
    "response_date",
    "response",
    "implementation_status",
    "recommendation_completion_date",
)
#: Required by the template but loaded even when blank: 003 Annex I checks them when a plan is
#: quality-assured ('clear outcomes', 003 L1157; 'If an action is marked completed, has the date
#: of completion been inserted?', 003 L1160-1163). A gap is a finding the warehouse reports, not a
#: reason to refuse the quarterly update that carries it. (A COMPLETE action without a completion
#: date is likewise loaded as it is.)
_FIELDS = {f.name: f for f in ACTION_FIELDS}
_NUMBER_FIELDS = ("recommendation_number", "action_number")
_ACTION_NUMBER = re.compile(r"(?:action\s*(?:no\.?|number)?\s*)?(\d{1,3})\s*\.\s*(\d{1,3})\.?", re.IGNORECASE)
_LEADING_ACTION_NUMBER = re.compile(r"^\s*(\d{1,3})\s*\.\s*(\d{1,3})\.?\s+(.*)$", re.DOTALL)
_LEADING_REC_NUMBER = re.compile(
    r"^\s*(?:rec(?:ommendation)?\.?\s*(?:no\.?|number)?\s*)?(\d{1,3})\s*[.):\-]\s+(\S.*)$", re.IGNORECASE | re.DOTALL)
_REC_NUMBER = re.compile(r"(?:rec(?:ommendation)?\.?\s*(?:no\.?|number)?\s*|r)?\s*(\d{1,3})\.?", re.IGNORECASE)
_STATUS_WORDS = {fold(word) for word, _ in STATUS_KEY}
_STATUS_MEANINGS = {fold(meaning) for _, meaning in STATUS_KEY}

#: A header row must match at least this many action columns to count as the action table.
MIN_HEADER_MATCHES = 4


def find_action_table(grid: Grid) -> HeaderMatch | None:
    """The action table's header row in a grid: the action columns, including 'Action'.

    The 004 Template 25 layout (004 L4640: Rec. No. | Recommendation | Key milestones |
    Milestones / actions taken | Lead person | Target date | Status | Date the full action was
    completed | Evidence of outcome and improvements made) has no 'Action' column and numbers its
    rows 1.1, 1.2 in 'Rec. No.': there the key milestones are the action, and 'Rec. No.' holds
    the action number (the recommendation number is the part before the dot).
    """
    header = find_header_row(grid, ACTION_FIELDS, min_matches=MIN_HEADER_MATCHES)
    if header is None:
        return None
    if "action" not in header.columns:
        if "milestones" not in header.columns or "recommendation" not in header.columns:
            return None
        header.columns["action"] = header.columns.pop("milestones")
        header.labels["action"] = header.labels.pop("milestones")
    if "action_number" not in header.columns and "recommendation_number" in header.columns \
            and _holds_action_numbers(grid, header):
        header.columns["action_number"] = header.columns.pop("recommendation_number")
        header.labels["action_number"] = header.labels.pop("recommendation_number")
    return header


def _is_template_25(header: HeaderMatch) -> bool:
    """Whether the table is laid out as 004 Template 25: its action column is headed 'Key milestones'."""
    return fold(header.labels.get("action", "")) in {fold(label) for label in _FIELDS["milestones"].labels}


def _holds_action_numbers(grid: Grid, header: HeaderMatch) -> bool:
    """Whether the 'Rec. No.' column holds action numbers (1.1, 1.2) rather than recommendation numbers."""
    col = header.columns["recommendation_number"]
    for r in range(header.row + 1, min(grid.n_rows, header.row + 500) + 1):
        value = grid.raw(r, col)
        if isinstance(value, float) and not value.is_integer():
            return True
        if isinstance(value, str) and action_number(value.strip().removeprefix("e.g.").strip()) is not None:
            return True
    return False


def _leading_number(text: Any) -> tuple[int, str] | None:
    """(3, 'Housing should...') from a recommendation written '3. Housing should...' or 'Recommendation 3: ...'.

    Used only when the recommendation number is written nowhere else; the text itself is kept as
    written (reports number recommendations their own way: '12. The CSP should...' may be the plan's 4th).
    """
    if not isinstance(text, str):
        return None
    match = _LEADING_REC_NUMBER.match(text)
    return (int(match.group(1)), match.group(2).strip()) if match else None


def action_number(value: Any) -> tuple[int, int] | None:
    """(recommendation, action) from '1.2', 'Action 1.2' or the float 1.2; None if not of that form."""
    text = parse_text(value)
    if text is None:
        return None
    match = _ACTION_NUMBER.fullmatch(text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def parse_action_plan_xlsx(
    sheet: Grid,
    header: HeaderMatch,
    *,
    file_name: str,
    file_format: str = "xlsx",
    lists: CodeLists | None = None,
    csps: CspDirectory | None = None,
) -> ParsedForm:
    """An action plan sheet: header fields above the table (label | value), then the action table."""
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    found = read_key_values(sheet, ACTION_PLAN_HEADER_FIELDS, rows=range(1, header.row))
    plan = _plan_row(sheet, found, reader, file_format,
                     where_to_add="above the table, with the label in column A and the value in column B")
    return _result(plan, *_actions(sheet, header, reader), file_name, problems)


def parse_action_plan_docx(
    content: DocxContent,
    table: Grid,
    header: HeaderMatch,
    *,
    file_name: str,
    lists: CodeLists | None = None,
    csps: CspDirectory | None = None,
) -> ParsedForm:
    """A .docx plan: table 1 the header fields (label | value), table 2 the actions (design.md §1.3)."""
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    header_grid, found = _docx_header(content, exclude=table)
    plan = _plan_row(header_grid, found, reader, "docx",
                     where_to_add="in the table above the actions, with the label in the first column and the value in the second")
    return _result(plan, *_actions(table, header, reader), file_name, problems)


def _docx_header(content: DocxContent, exclude: Grid) -> tuple[Grid, dict[str, Any]]:
    """The header block: the table with most header labels, else 'Label: value' paragraphs."""
    best: tuple[Grid, dict[str, Any]] | None = None
    for grid in content.tables:
        if grid is exclude:
            continue
        found = read_key_values(grid, ACTION_PLAN_HEADER_FIELDS)
        if found and (best is None or len(found) > len(best[1])):
            best = (grid, found)
    if best is not None:
        return best
    # No header table: read 'Progress as at: 31/03/2025' style paragraphs instead.
    paras = [b for b in content.blocks if isinstance(b, Paragraph)]
    grid = Grid("text above the tables", "table", [[p.text] for p in paras])
    return grid, read_key_values(grid, ACTION_PLAN_HEADER_FIELDS, value_cols=())


def _plan_row(grid: Grid, found: dict[str, Any], reader: FieldReader, file_format: str, *, where_to_add: str) -> Row:
    plan = reader.header_block(grid, ACTION_PLAN_HEADER_FIELDS, found, where_to_add=where_to_add)
    csp = found.get("csp_name")
    plan["csp_code"] = reader.resolve_csp(plan["csp_name"], grid, csp.row if csp else None, csp.label if csp else None)
    plan["file_format"] = file_format
    plan["source_sheet"] = grid.name
    plan["source_row"] = min((kv.row for kv in found.values()), default=1)
    return plan


def _result(plan: Row, actions: list[Row], without_actions: set[int], file_name: str, problems: Problems) -> ParsedForm:
    result = ParsedForm("action_plan", file_name, csp_code=plan["csp_code"], dhr_reference=plan["dhr_reference"])
    result.rows["action_plan__plans"] = [plan]
    result.rows["action_plan__actions"] = actions
    numbers = {a["recommendation_number"] for a in actions if a["recommendation_number"] is not None}
    result.extra_counts["recommendations"] = len(numbers | without_actions)
    result.errors = problems.messages
    return result


def _is_end_of_table(grid: Grid, row: int) -> bool:
    """The status key under the table (004 L4628-4638): 'Key to status', or 'RED | Action required' rows."""
    texts = [fold(v) for v in grid.rows[row - 1] if not is_blank(v)]
    if not texts:
        return False
    if texts[0].startswith("key to status") or texts[0] == "key":
        return True
    return texts[0] in _STATUS_WORDS and len(texts) >= 2 and texts[1] in _STATUS_MEANINGS


_NOTE = re.compile(r"^\s*(?:notes?|n\.?\s?b\.?|comments?|please note)\b\s*[:\-.]", re.IGNORECASE)


def _is_note_row(grid: Grid, row: int) -> bool:
    """A row holding only a note ('Note: ...', 'NB - ...') in one cell, or in one cell merged across."""
    texts = [v for c, v in enumerate(grid.rows[row - 1], start=1) if not is_blank(v) and not grid.merge_origin(row, c)]
    return len(texts) == 1 and isinstance(texts[0], str) and bool(_NOTE.match(texts[0]))


def _actions(grid: Grid, header: HeaderMatch, reader: FieldReader) -> tuple[list[Row], set[int]]:
    """The action rows, and the numbers of recommendations written without any action yet."""
    cols = header.columns

    def label(name: str) -> str:
        return header.labels.get(name, _FIELDS[name].label)

    for f in ACTION_FIELDS:
        derivable = f.name == "recommendation_number" or (f.name == "action_number" and "action" in cols)
        # 004 Template 25 has 'Lead person' and no lead agency column: the gap is a quality flag (dbt).
        derivable = derivable or (f.name == "lead_agency" and _is_template_25(header))
        if f.required and f.name not in cols and not derivable:
            reader.report(f"the column '{f.label}' is missing from the header row (row {header.row})", grid)

    rows: list[Row] = []
    without_actions: set[int] = set()
    seen: dict[str, int] = {}  # canonical action number -> row
    previous: Row | None = None  # the last action row, for carrying recommendation fields down
    parsed_cells: dict[tuple[int, int], Any] = {}  # merged cells are parsed (and reported) once

    def rec_cell(r: int) -> int | None:
        """The recommendation number written in (or merged over) row r, parsed once per cell."""
        col = cols.get("recommendation_number")
        if col is None:
            return None
        origin = grid.merge_origin(r, col) or (r, col)
        if origin not in parsed_cells:
            parsed_cells[origin] = _recommendation_number(grid.raw(*origin), grid, origin[0],
                                                          label("recommendation_number"), reader)
        return parsed_cells[origin]

    def cell(name: str, r: int) -> tuple[Any, Any]:
        """(raw value shown, parsed value) of a field in row r; merged-over cells reuse their origin."""
        col = cols.get(name)
        if col is None:
            return None, None
        origin = grid.merge_origin(r, col) or (r, col)
        raw = grid.raw(*origin)
        if origin not in parsed_cells:
            parsed_cells[origin] = reader.parse(_FIELDS[name], raw, grid, origin[0], label(name))
        return raw, parsed_cells[origin]

    for r in range(header.row + 1, grid.n_rows + 1):
        if _is_end_of_table(grid, r):
            break
        if _is_note_row(grid, r):
            continue  # 'Note: ...' typed between rows
        if all(is_blank(grid.raw(r, c)) for name, c in cols.items() if name not in _NUMBER_FIELDS):
            # A blank row, a row holding only merged-over recommendation cells, or an unused
            # numbered placeholder row of the template (003 Annex B prints '1.1 Action', '1.2 ...').
            continue
        number_raw = grid.value(r, cols["action_number"]) if "action_number" in cols else None
        if any(isinstance(v, str) and fold(v).startswith("e g") for v in
               (number_raw, grid.raw(r, cols.get("recommendation_number", 0)))):
            continue  # the worked example row of 004 Template 25 ('e.g.1.1', 004 L4640)
        if all(is_blank(grid.value(r, c)) for name, c in cols.items() if name not in RECOMMENDATION_FIELDS):
            # A recommendation on a row of its own: either not yet broken into actions (no action
            # row to load, but it counts) or written above its actions, which then carry it down.
            rec_number = rec_cell(r)
            previous = {name: cell(name, r)[1] for name in RECOMMENDATION_FIELDS[1:]}
            written = _leading_number(previous["recommendation"])
            if rec_number is None and written is not None:
                rec_number = written[0]  # '1. GP practices should ...' (the text is kept as written)
            if rec_number is not None:
                without_actions.add(rec_number)
            elif is_blank(grid.value(r, cols.get("recommendation_number", 0))):
                reader.report("a recommendation with no number and no actions: give it a number", grid, r,
                              label("recommendation_number"))
            previous["recommendation_number"] = rec_number
            continue

        row: Row = {"source_sheet": grid.name, "source_row": r}
        for f in ACTION_FIELDS:
            if f.name in ("recommendation_number", "action_number"):
                continue
            raw, parsed = cell(f.name, r)
            row[f.name] = parsed
            if f.name not in RECOMMENDATION_FIELDS and f.name in cols:
                reader.required(f, parsed, raw, grid, r, label(f.name))

        # Action number: its own column, or a leading '1.2' in the action text (003 Annex B layout).
        numbers = None
        written = _leading_number(row["recommendation"])  # '1. GP practices should ...'
        if "action_number" in cols:
            numbers = action_number(number_raw)
            within = _whole_number(number_raw)
            if numbers is None and within is not None:
                # Actions numbered 1, 2, ... within their recommendation: 2 under recommendation 3 is 3.2.
                base = rec_cell(r)
                if base is None and written is not None:
                    base = written[0]
                if base is None and previous is not None and _blank_cell(grid, cols.get("recommendation"), r):
                    base = previous["recommendation_number"]
                numbers = (base, within) if base is not None else None
            if numbers is None and not is_blank(number_raw):
                reader.report(f"'{parse_text(number_raw)}' is not an action number: write it as "
                              "<recommendation>.<action>, e.g. 1.2", grid, r, label("action_number"))
            elif numbers is None:
                reader.report("required, but the cell is blank", grid, r, label("action_number"))
        elif row["action"] and (m := _LEADING_ACTION_NUMBER.match(row["action"])):
            numbers = (int(m.group(1)), int(m.group(2)))
            row["action"] = m.group(3).strip()
        else:
            reader.report("no action number: start the action with its number, e.g. '1.2 ...'", grid, r,
                          label("action"))
        row["action_number"] = f"{numbers[0]}.{numbers[1]}" if numbers else None

        # Recommendation number: written (or merged from above), else from the action number.
        rec_number = rec_cell(r)
        if rec_number is None and numbers is not None:
            rec_number = numbers[0]
        elif rec_number is None and written is not None:
            rec_number = written[0]
        elif rec_number is not None and numbers is not None and numbers[0] != rec_number:
            reader.report(f"action {row['action_number']} is numbered for recommendation {numbers[0]} but sits under "
                          f"recommendation {rec_number}", grid, r, label("action_number"))
        row["recommendation_number"] = rec_number

        # Other recommendation fields left blank below the first action carry down (same recommendation).
        if previous is not None and previous["recommendation_number"] == rec_number:
            for name in RECOMMENDATION_FIELDS[1:]:
                if row[name] is None and _blank_cell(grid, cols.get(name), r):
                    row[name] = previous[name]
        elif row["recommendation"] is None and "recommendation" in cols and _blank_cell(grid, cols["recommendation"], r):
            reader.report("required, but the cell is blank", grid, r, label("recommendation"))

        key = row["action_number"]
        if key is not None:
            if key in seen:
                hint = ""
                if isinstance(number_raw, float):
                    hint = " (if you typed 1.10, Excel may have turned it into 1.1: format the column as Text)"
                reader.report(f"action {key} appears twice (rows {seen[key]} and {r}){hint}", grid, r,
                              label("action_number"))
            else:
                seen[key] = r
        rows.append(row)
        previous = row
    if not rows and not without_actions:
        reader.report(f"no actions found under the header row (row {header.row})", grid)
    return rows, without_actions


def _whole_number(value: Any) -> int | None:
    """1 from 1, 1.0 or '1' (an action numbered within its recommendation); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return int(value) if value >= 1 else None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}\.?\s*", value):
        return int(value.strip().rstrip(".")) or None
    return None


def _blank_cell(grid: Grid, col: int | None, row: int) -> bool:
    return col is None or is_blank(grid.value(row, col))


def _recommendation_number(raw: Any, grid: Grid, row: int, label: str, reader: FieldReader) -> int | None:
    """'1', 1.0, 'Rec 1', 'R1', 'Recommendation 1' -> 1."""
    if is_blank(raw):
        return None
    text = parse_text(raw) or ""
    match = _REC_NUMBER.fullmatch(text.strip())
    try:
        return parse_integer(match.group(1) if match else raw, minimum=1)
    except CellError as exc:
        reader.report(f"{exc}: write the recommendation number, e.g. 1", grid, row, label)
        return None
