"""Parse one received file into raw rows: check limits, open, detect the form, parse and validate it.

Pure: reads the file and the seed CSVs, never the warehouse, so it can run in worker processes.

Order (docs/design.md §2): the machine-protecting limits of ingest/limits.py come first, before any
parser opens the file; then the container is opened and the form detected from its content.
Hidden sheets are not read: a hidden sheet the form needs (a data capture sheet, or the sheet
holding the action table) rejects the file with a message saying it is hidden; any other hidden
sheet is ignored and noted. An accepted form's free text is scanned for personal details
(ingest/privacy_scan.py). Extra action-plan columns are ignored and noted.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl.utils import get_column_letter

from form_contract.code_lists import CodeLists, code_lists
from form_contract.spec import DATA_CAPTURE_SHEETS
from ingest.action_plan import parse_action_plan_docx, parse_action_plan_xlsx
from ingest.csp_names import CspDirectory, csp_directory
from ingest.data_capture import looks_like_data_capture, parse_data_capture
from ingest.detect import Detection, OpenedFile, detect_form_type, open_form_file
from ingest.limits import check_limits
from ingest.parsed import FormRejected, ParsedForm
from ingest.privacy_scan import findings_note, scan_form
from ingest.readers import Grid, HeaderMatch, clean_label, fold
from ingest.scoping_review import parse_scoping_review

#: Sheets of the data capture workbook that may be hidden without harm (the template hides `Lists`).
_HIDEABLE = {fold(DATA_CAPTURE_SHEETS["lists"]), fold(DATA_CAPTURE_SHEETS["guidance"])}
_DATA_CAPTURE_SHEETS = {fold(n) for key, n in DATA_CAPTURE_SHEETS.items() if key not in ("lists", "guidance")}


def parse_file(
    path: Path,
    *,
    sha256: str | None = None,
    display_name: str | None = None,
    csps: CspDirectory | None = None,
    lists: CodeLists | None = None,
    sender_csp: str | None = None,
) -> ParsedForm:
    """Rows for the raw tables of the form in `path`, and every problem found in it.

    Errors are worded for the CSP officer who will fix the file and start with `display_name`
    (default: the file name). Rows get `file_sha256` when `sha256` is given. `sender_csp` (an
    upload's partnership) is the CSP of last resort when the file names none.
    """
    name = display_name or Path(path).name
    csps = csps or csp_directory()
    lists = lists or code_lists()
    limit_errors = check_limits(Path(path), name)
    if limit_errors:
        return ParsedForm(None, name, errors=limit_errors)
    try:
        opened = open_form_file(Path(path), name)
        opened, detection, hidden_errors, notes = _visible_form(opened, name)
    except FormRejected as exc:
        return ParsedForm(None, name, errors=[str(exc)])

    if detection.form_type == "data_capture" and (opened.grids is not None or opened.document is not None):
        grids = opened.grids if opened.grids is not None else opened.document.tables  # type: ignore[union-attr]
        parsed = parse_data_capture(grids, file_name=name, lists=lists, csps=csps, path=Path(path))
    elif detection.form_type == "scoping_review" and opened.document is not None:
        parsed = parse_scoping_review(opened.document, file_name=name, lists=lists, csps=csps, path=Path(path))
    elif detection.grid is not None and detection.header is not None and opened.grids is not None:
        parsed = parse_action_plan_xlsx(
            detection.grid,
            detection.header,
            file_name=name,
            file_format=opened.file_format,
            lists=lists,
            csps=csps,
            path=Path(path),
            sender_csp=sender_csp,
        )
    elif detection.grid is not None and detection.header is not None and opened.document is not None:
        parsed = parse_action_plan_docx(
            opened.document,
            detection.grid,
            detection.header,
            file_name=name,
            lists=lists,
            csps=csps,
            path=Path(path),
            sender_csp=sender_csp,
        )
    else:  # pragma: no cover - detect_form_type only returns the combinations above
        return ParsedForm(None, name, errors=[f"{name}: the form could not be read"])

    parsed.errors = hidden_errors + parsed.errors
    parsed.notes = notes + parsed.notes
    if detection.grid is not None and detection.header is not None:
        parsed.notes += _extra_column_notes(name, detection.grid, detection.header)
    if sha256 is not None:
        for rows in parsed.rows.values():
            for row in rows:
                row["file_sha256"] = sha256
    if parsed.accepted:
        parsed.text_findings = scan_form(parsed)
        note = findings_note(parsed.text_findings)
        if note:
            parsed.notes.append(f"{name}: {note}")
    return parsed


def _visible_form(opened: OpenedFile, name: str) -> tuple[OpenedFile, Detection, list[str], list[str]]:
    """The workbook without its hidden sheets, the form detected in it, hidden-sheet errors and notes."""
    if opened.grids is None:
        return opened, detect_form_type(opened, name), [], []
    visible = [g for g in opened.grids if not g.hidden]
    hidden = [g for g in opened.grids if g.hidden and fold(g.name) not in _HIDEABLE]
    try:
        detection = detect_form_type(replace(opened, grids=visible), name)
    except FormRejected:
        if not hidden:
            raise
        # Is the form on a hidden sheet? Detect as if every sheet were shown; the action table's
        # grid is mapped back to the sheet itself so it can be named as the one to unhide.
        shown = [replace(g, hidden=False) for g in opened.grids]
        detection = detect_form_type(replace(opened, grids=shown), name)
        if detection.grid is not None:
            detection.grid = opened.grids[next(i for i, g in enumerate(shown) if g is detection.grid)]
    if detection.form_type == "data_capture":
        # A hidden sheet the form needs: one of our workbook's sheets, or one that holds the Home
        # Office form's labels (Template 29 on a single sheet, a one-row-per-person sheet).
        needed = [
            g
            for g in hidden
            if fold(g.name) in _DATA_CAPTURE_SHEETS or looks_like_data_capture([replace(g, hidden=False)])
        ]
    else:
        needed = [g for g in hidden if g is detection.grid]
    errors = [
        f"{name}, sheet '{g.name}': this sheet is hidden, and hidden sheets are not read: unhide it (right-click "
        "any sheet tab > Unhide) and send the file again"
        for g in needed
    ]
    notes = [
        f"{name}, sheet '{g.name}': a hidden sheet, not read"
        for g in hidden
        if not any(g is n for n in needed) and any(not g.is_blank_row(r) for r in range(1, g.n_rows + 1))
    ]
    grids = [g for g in opened.grids if not g.hidden or any(g is n for n in needed)]
    return replace(opened, grids=grids), detection, errors, notes


def _extra_column_notes(name: str, grid: Grid, header: HeaderMatch) -> list[str]:
    """Columns of the action table that are not action-plan columns: ignored, and said so."""
    if not header.unrecognised:
        return []
    shown = ", ".join(
        f"'{clean_label(text)}' (column {get_column_letter(col) if grid.kind == 'sheet' else col})"
        for col, text in header.unrecognised
    )
    plural = len(header.unrecognised) > 1
    return [
        f"{name}, {grid.where}, row {header.row}: the column{'s' if plural else ''} {shown} "
        f"{'are' if plural else 'is'} not on the action-plan template and {'were' if plural else 'was'} not read"
    ]
