"""The DHR action plan (.xlsx or .docx): 003 Annex B (003 L773-803) with the status key of 004
Template 25 (004 L4628-4638), laid out as docs/design.md §1.3.

A plan is resubmitted every quarter (003 L712); each file is one snapshot, dated "Progress as
at". Recommendation-level cells are written on the first action row of each recommendation and
merged down over its other actions, as CSPs do. Status is the bare word RED / AMBER / GREEN /
COMPLETE; the cell is coloured too, but the text is always there.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter

from dhr.forms import _docx as D
from dhr.forms import _xlsx as X
from dhr.forms._common import (
    MARKING_BLANK,
    MARKING_FILLED,
    STATUS_COLOURS,
    STATUS_WORDS,
    TEMPLATE_TIMESTAMP,
    docx_text,
    form_value,
    record_timestamp,
    save_document,
    save_workbook,
)
from form_contract.code_lists import code_lists
from form_contract.records import Action, ActionPlan
from form_contract.spec import ACTION_FIELDS, ACTION_PLAN_HEADER_FIELDS, ACTION_PLAN_SHEET, STATUS_KEY, Field

TITLE = "Domestic Homicide Review action plan"
STATUS_KEY_TITLE = "Key to status"

#: Fields written once per recommendation and merged down over its actions.
RECOMMENDATION_FIELDS = frozenset(
    (
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
)

#: The example numbering of the blank template (003 L779-786): recommendation 1 with actions
#: 1.1 and 1.2, recommendation 2 with action 2.1.
TEMPLATE_EXAMPLE = (("1", ("1.1", "1.2")), ("2", ("2.1",)))

#: Code lists offered as drop-downs on the action plan (status as its bare words).
_PLAN_LISTS = ("recommendation_level", "implementation_status", "outcome_achieved")

_XLSX_WIDTHS = {
    "recommendation_number": 7,
    "recommendation": 40,
    "recommendation_level": 15,
    "addressee": 18,
    "action_number": 8,
    "action": 40,
    "lead_agency": 18,
    "outcome": 32,
    "responsible_lead": 18,
    "milestones": 30,
    "target_date": 12,
    "status": 11,
    "progress": 40,
    "completion_date": 12,
    "outcome_achieved": 11,
    "addressee_notified_date": 12,
    "response_date": 12,
    "response": 30,
    "implementation_status": 16,
    "recommendation_completion_date": 12,
}
_DOCX_WIDTHS_CM = {
    "recommendation_number": 0.9,
    "recommendation": 2.6,
    "recommendation_level": 1.3,
    "addressee": 1.4,
    "action_number": 0.9,
    "action": 2.6,
    "lead_agency": 1.4,
    "outcome": 2.0,
    "responsible_lead": 1.4,
    "milestones": 1.8,
    "target_date": 1.35,
    "status": 1.3,
    "progress": 2.4,
    "completion_date": 1.35,
    "outcome_achieved": 1.1,
    "addressee_notified_date": 1.35,
    "response_date": 1.35,
    "response": 1.6,
    "implementation_status": 1.3,
    "recommendation_completion_date": 1.35,
}


def _rows(plan: ActionPlan | None) -> list[list[tuple[Field, object]]]:
    """The table rows: per row the (field, value) of every column; recommendation cells only on a group's first row."""
    table: list[list[tuple[Field, object]]] = []
    if plan is None:
        for rec_number, actions in TEMPLATE_EXAMPLE:
            for i, number in enumerate(actions):
                values = {"action_number": number, "recommendation_number": int(rec_number) if i == 0 else None}
                table.append([(f, values.get(f.name)) for f in ACTION_FIELDS])
        return table
    for rec in plan.recommendations:
        actions: list[Action | None] = list(rec.actions) or [None]
        for i, action in enumerate(actions):
            row = []
            for f in ACTION_FIELDS:
                if f.name in RECOMMENDATION_FIELDS:
                    value = getattr(rec, f.name) if i == 0 else None
                else:
                    value = getattr(action, f.name) if action is not None else None
                row.append((f, value))
            table.append(row)
    return table


def _groups(plan: ActionPlan | None) -> list[int]:
    """Number of table rows of each recommendation, in order."""
    if plan is None:
        return [len(actions) for _, actions in TEMPLATE_EXAMPLE]
    return [max(1, len(rec.actions)) for rec in plan.recommendations]


def _header_values(plan: ActionPlan | None) -> list[tuple[Field, object]]:
    return [(f, getattr(plan, f.name) if plan is not None else None) for f in ACTION_PLAN_HEADER_FIELDS]


def _timestamp(plan: ActionPlan | None) -> datetime:
    if plan is None:
        return TEMPLATE_TIMESTAMP
    return record_timestamp([plan.as_at_date])


# ------------------------------------------------------------------------------------------------
# .xlsx
# ------------------------------------------------------------------------------------------------
def build_action_plan_workbook(plan: ActionPlan | None = None) -> Workbook:
    marking = MARKING_BLANK if plan is None else MARKING_FILLED
    wb = Workbook()
    ws = wb.active
    ws.title = ACTION_PLAN_SHEET
    cl = code_lists()
    lists = X.ListsSheet(
        wb.create_sheet("Lists"),
        [("action_status", list(STATUS_WORDS.values())), *((name, cl.labels(name)) for name in _PLAN_LISTS)],
    )

    X.styled(ws, 1, 1, TITLE, font=X.TITLE_FONT)
    date_dv = X.date_validation(ws)
    row = 1
    for f, value in _header_values(plan):
        row += 1
        # merge first: merging cells that already carry styles is slow in openpyxl
        X.merge(ws, row, 2, row, 6)
        X.styled(ws, row, 1, f.label, font=X.BOLD, alignment=X.WRAP_TOP)
        is_date = f.kind == "date"
        cell = X.styled(
            ws, row, 2, form_value(f, value), alignment=X.WRAP_TOP, number_format=X.DATE_FORMAT if is_date else None
        )
        if is_date:
            date_dv.add(cell.coordinate)
    row += 2  # a blank row, then the table
    header_row = row
    X.write_header_row(ws, header_row, [f.label for f in ACTION_FIELDS])

    first = header_row + 1
    groups = _groups(plan)
    last = first + sum(groups) - 1

    # Recommendation-level cells merged down over their actions (before any cell is written).
    start = first
    for size in groups:
        if size > 1:
            for c, f in enumerate(ACTION_FIELDS, start=1):
                if f.name in RECOMMENDATION_FIELDS:
                    X.merge(ws, start, c, start + size - 1, c)
        start += size

    merged_below = set()
    start = first
    for size in groups:
        merged_below.update(range(start + 1, start + size))
        start += size
    for r, cells in enumerate(_rows(plan), start=first):
        for c, (f, value) in enumerate(cells, start=1):
            if r in merged_below and f.name in RECOMMENDATION_FIELDS:
                X.write_cell(ws, r, c, None, f)  # a merged cell: style only (borders)
                continue
            shown = form_value(f, value)
            fill = X.STATUS_FILLS.get(shown) if f.name == "status" else None
            X.write_cell(ws, r, c, shown, f, fill=fill)

    # Drop-downs and date / number validation on the table columns.
    whole: dict = {}
    for c, f in enumerate(ACTION_FIELDS, start=1):
        letter = get_column_letter(c)
        ref = f"{letter}{first}:{letter}{max(last, first)}"
        if f.name == "status":
            lists.list_validation(ws, "action_status", f.label).add(ref)
            for word, colour in STATUS_COLOURS.items():
                ws.conditional_formatting.add(
                    ref,
                    CellIsRule(operator="equal", formula=[f'"{word}"'], fill=X.PatternFill("solid", fgColor=colour)),
                )
        else:
            X.add_field_validation(ws, lists, f, ref, date_dv, whole)
        ws.column_dimensions[letter].width = _XLSX_WIDTHS.get(f.name, 16)

    # The status key (004 L4628-4638) under the table.
    row = max(last, first) + 2
    X.styled(ws, row, 1, STATUS_KEY_TITLE, font=X.BOLD)
    for word, meaning in STATUS_KEY:
        row += 1
        X.styled(ws, row, 1, word, font=X.BOLD, fill=X.STATUS_FILLS[word], border=X.BOX)
        X.styled(ws, row, 2, meaning, border=X.BOX)

    ws.freeze_panes = ws.cell(row=first, column=1).coordinate
    X.page_setup(ws, marking)
    return wb


def _table_first_row() -> int:
    """Row of the first action: title, header block, a blank row, the table header."""
    return 1 + len(ACTION_PLAN_HEADER_FIELDS) + 2 + 1


class ActionPlanSeries:
    """Writes the quarterly snapshots of one plan, re-using the .xlsx workbook between them.

    Successive snapshots of a plan (003 L712) differ only in a few columns (status, progress,
    completion, national responses) and the "Progress as at" date. Rebuilding the workbook for
    each was half the cost of a synthetic corpus; this keeps it and rewrites only the cells
    whose value changed. A snapshot whose recommendations/actions have a different shape is
    built afresh. The files hold the same values as `write_action_plan` writes (style indices
    inside the file may be numbered differently). .docx snapshots are written afresh.
    """

    def __init__(self) -> None:
        self._wb: Workbook | None = None
        self._shape: tuple[tuple[str, ...], ...] | None = None

    @staticmethod
    def _shape_of(plan: ActionPlan) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(a.action_number for a in rec.actions) or ("",) for rec in plan.recommendations)

    def write(self, path: Path, plan: ActionPlan, *, timestamp: datetime | None = None) -> Path:
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            return write_action_plan(path, plan, timestamp=timestamp)
        shape = self._shape_of(plan)
        if self._wb is None or shape != self._shape:
            self._wb = build_action_plan_workbook(plan)
            self._wb.properties.title = TITLE
            self._shape = shape
        else:
            self._update(plan)
        self._wb.properties.creator = plan.csp_name or "Community Safety Partnership"
        return save_workbook(self._wb, path, timestamp or _timestamp(plan))

    def _update(self, plan: ActionPlan) -> None:
        ws = self._wb[ACTION_PLAN_SHEET]
        for row, (f, value) in enumerate(_header_values(plan), start=2):
            cell = ws.cell(row=row, column=2)
            shown = form_value(f, value)
            if cell.value != shown:
                cell.value = shown
        first = _table_first_row()
        cells = ws._cells  # direct look-up: every table cell exists (written by the build)
        for r, values in enumerate(_rows(plan), start=first):
            for c, (f, value) in enumerate(values, start=1):
                cell = cells[(r, c)]
                if isinstance(cell, MergedCell):
                    continue
                shown = form_value(f, value)
                if cell.value == shown or (
                    isinstance(cell.value, datetime) and isinstance(shown, date) and cell.value.date() == shown
                ):
                    continue
                cell.value = shown
                if f.name == "status":
                    X.write_cell(ws, r, c, shown, f, fill=X.STATUS_FILLS.get(shown))


# ------------------------------------------------------------------------------------------------
# .docx
# ------------------------------------------------------------------------------------------------
def build_action_plan_document(plan: ActionPlan | None = None):
    marking = MARKING_BLANK if plan is None else MARKING_FILLED
    doc = D.new_document(landscape=True, font_size=7, marking=marking)
    D.add_styled_paragraph(doc, TITLE, "Title")

    pairs = [(f.label, docx_text(f, value)) for f, value in _header_values(plan)]
    D.key_value_table(doc, pairs, (5.0, 20.0))
    doc.add_paragraph()

    rows = _rows(plan)
    merge: dict[tuple[int, int], str] = {}
    start = 0
    for size in _groups(plan):
        if size > 1:
            for c, f in enumerate(ACTION_FIELDS):
                if f.name in RECOMMENDATION_FIELDS:
                    merge[(start, c)] = "restart"
                    for r in range(start + 1, start + size):
                        merge[(r, c)] = "continue"
        start += size
    body = []
    for r, values in enumerate(rows):
        cells = []
        for c, (f, value) in enumerate(values):
            text = docx_text(f, value)
            fill = STATUS_COLOURS.get(text) if f.name == "status" else None
            cells.append(D.CellSpec(text, fill=fill, merge=merge.get((r, c))))
        body.append(cells)
    header = [D.CellSpec(f.label, bold=True) for f in ACTION_FIELDS]
    D.table(doc, [header, *body], [_DOCX_WIDTHS_CM[f.name] for f in ACTION_FIELDS], header_rows=1)

    doc.add_paragraph()
    doc.add_paragraph().add_run(STATUS_KEY_TITLE).bold = True
    D.table(
        doc,
        [[D.CellSpec(word, bold=True, fill=STATUS_COLOURS[word]), D.CellSpec(meaning)] for word, meaning in STATUS_KEY],
        (2.5, 8.0),
    )
    return doc


def write_action_plan(path: Path, plan: ActionPlan | None = None, *, timestamp: datetime | None = None) -> Path:
    """Write an action plan snapshot, .xlsx or .docx by the suffix of `path` (blank template when `plan` is None).

    `timestamp` is the document's created/modified time; by default 09:00 on the plan's
    "Progress as at" date, so the same record always gives the same bytes.
    """
    path = Path(path)
    when = timestamp or _timestamp(plan)
    suffix = path.suffix.lower()
    csp = plan.csp_name if plan is not None and plan.csp_name else ""
    if suffix == ".xlsx":
        wb = build_action_plan_workbook(plan)
        wb.properties.title = TITLE
        wb.properties.creator = csp or "Community Safety Partnership"
        return save_workbook(wb, path, when)
    if suffix == ".docx":
        return save_document(build_action_plan_document(plan), path, when, title=TITLE, author=csp)
    raise ValueError(f"an action plan is written as .xlsx or .docx, not {path.suffix or 'no extension'}")
