"""Parse one received file into raw rows: open, detect the form, parse and validate it.

Pure: reads the file and the seed CSVs, never the warehouse, so it can run in worker processes.
"""

from __future__ import annotations

from pathlib import Path

from ingest.action_plan import parse_action_plan_docx, parse_action_plan_xlsx
from ingest.code_lists import CodeLists, code_lists
from ingest.csp_names import CspDirectory, csp_directory
from ingest.data_capture import parse_data_capture
from ingest.detect import detect_form_type, open_form_file
from ingest.parsed import FormRejected, ParsedForm
from ingest.scoping_review import parse_scoping_review


def parse_file(
    path: Path,
    *,
    sha256: str | None = None,
    display_name: str | None = None,
    csps: CspDirectory | None = None,
    lists: CodeLists | None = None,
) -> ParsedForm:
    """Rows for the raw tables of the form in `path`, and every problem found in it.

    Errors are worded for the CSP officer who will fix the file and start with `display_name`
    (default: the file name). Rows get `file_sha256` when `sha256` is given.
    """
    name = display_name or Path(path).name
    csps = csps or csp_directory()
    lists = lists or code_lists()
    try:
        opened = open_form_file(Path(path), name)
        detection = detect_form_type(opened, name)
    except FormRejected as exc:
        return ParsedForm(None, name, errors=[str(exc)])

    if detection.form_type == "data_capture" and opened.grids is not None:
        parsed = parse_data_capture(opened.grids, file_name=name, lists=lists, csps=csps)
    elif detection.form_type == "scoping_review" and opened.document is not None:
        parsed = parse_scoping_review(opened.document, file_name=name, lists=lists, csps=csps)
    elif detection.grid is not None and detection.header is not None and opened.grids is not None:
        parsed = parse_action_plan_xlsx(detection.grid, detection.header, file_name=name,
                                        file_format=opened.file_format, lists=lists, csps=csps)
    elif detection.grid is not None and detection.header is not None and opened.document is not None:
        parsed = parse_action_plan_docx(opened.document, detection.grid, detection.header, file_name=name,
                                        lists=lists, csps=csps)
    else:  # pragma: no cover - detect_form_type only returns the combinations above
        return ParsedForm(None, name, errors=[f"{name}: the form could not be read"])

    if sha256 is not None:
        for rows in parsed.rows.values():
            for row in rows:
                row["file_sha256"] = sha256
    return parsed
