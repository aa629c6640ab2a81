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
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path
from typing import Any

from form_contract.code_lists import CodeLists
from form_contract.spec import ACTION_FIELDS, ACTION_PLAN_HEADER_FIELDS, STATUS_KEY
from ingest import infer
from ingest.csp_names import CspDirectory
from ingest.field_reader import FieldReader
from ingest.parsed import FILE_LEVEL, ParsedForm, Problems, Row
from ingest.readers import (
    DocxContent,
    Grid,
    HeaderMatch,
    Paragraph,
    TableRef,
    find_header_row,
    fold,
    read_key_values,
)
from ingest.values import CellError, is_blank, parse_date, parse_integer, parse_text

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
_LEADING_ACTION_NUMBER = re.compile(r"^\s*(\d{1,3})\s*\.\s*(\d{1,3})\.?\s+(.*)$", re.DOTALL)
_LEADING_REC_NUMBER = re.compile(
    r"^\s*(?:(?:rec(?:ommendation)?\.?|r)\s*(?:no\.?|number)?\s*(\d{1,3})\b\s*[.):\-–]?|(\d{1,3})\s*[.):\-–])\s+(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
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
    if (
        "action_number" not in header.columns
        and "recommendation_number" in header.columns
        and _holds_action_numbers(grid, header)
    ):
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
        if isinstance(value, str) and split_action_number(value) is not None:
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
    return (int(match.group(1) or match.group(2)), match.group(3).strip()) if match else None


def parse_action_plan_xlsx(
    sheet: Grid,
    header: HeaderMatch,
    *,
    file_name: str,
    file_format: str = "xlsx",
    lists: CodeLists | None = None,
    csps: CspDirectory | None = None,
    path: Path | None = None,
    sender_csp: str | None = None,
) -> ParsedForm:
    """An action plan sheet: header fields above the table (label | value), then the action table."""
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    found = read_key_values(sheet, ACTION_PLAN_HEADER_FIELDS, rows=range(1, header.row))
    titles = [t for r in range(1, header.row) for t in sheet.rows[r - 1] if isinstance(t, str) and t.strip()]
    plan = _plan_row(sheet, found, reader, file_format, titles=[*titles, sheet.name], path=path, sender_csp=sender_csp)
    key = LazyStatusKey(sheet, header.row + 1)
    return _result(plan, *_actions(sheet, header, reader, key=key), file_name, problems, reader)


def parse_action_plan_docx(
    content: DocxContent,
    table: Grid,
    header: HeaderMatch,
    *,
    file_name: str,
    lists: CodeLists | None = None,
    csps: CspDirectory | None = None,
    path: Path | None = None,
    sender_csp: str | None = None,
) -> ParsedForm:
    """A .docx plan: the header fields in a table or paragraphs, then the action table or tables.

    One table per recommendation is read as one plan: each table's recommendation is its spanning
    first row (or the paragraph above it, 'Recommendation 2'), and its actions follow its header.
    """
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    tables = [(g, h) for g in content.tables if (h := (header if g is table else find_action_table(g))) is not None]
    header_grid, found = _docx_header(content, exclude={id(g) for g, _ in tables})
    first_table = next(
        b.number for b in content.blocks if isinstance(b, TableRef) and content.table(b.number) is tables[0][0]
    )
    titles = []
    for block in content.blocks:
        if isinstance(block, TableRef):
            if block.number >= first_table:
                break
            continue
        if block.text.strip():
            titles.append(block.text.strip())
    plan = _plan_row(header_grid, found, reader, "docx", titles=titles, path=path, sender_csp=sender_csp)
    key = LazyStatusKey(tables[-1][0], tables[-1][1].row + 1)
    rows: list[Row] = []
    without: set[int] = set()
    seen: dict[str, tuple[str, int]] = {}
    for number, (grid, head) in enumerate(tables, start=1):
        context = _table_recommendation(content, grid, head, number) if len(tables) > 1 or head.row > 1 else None
        got, missing = _actions(grid, head, reader, key=key, context=context, seen=seen)
        rows += got
        without |= missing
    return _result(plan, rows, without, file_name, problems, reader)


_RECOMMENDATION_HEADING = re.compile(
    r"^\s*(?:rec(?:ommendation)?\.?|r)\s*(?:no\.?|number)?\s*([A-Za-z]?\d{1,3})\b", re.IGNORECASE
)


def _table_recommendation(content: DocxContent, grid: Grid, header: HeaderMatch, ordinal: int) -> dict[str, Any]:
    """The recommendation a table of actions belongs to: its spanning row above the header, and the
    paragraph just before the table ('Recommendation 2'); numbered in order when neither says."""
    text = None
    for r in range(1, header.row):
        cells = [v for c, v in enumerate(grid.rows[r - 1], start=1) if not is_blank(v) and not grid.merge_origin(r, c)]
        if len(cells) == 1 and isinstance(cells[0], str):
            text = cells[0].strip()
    number: int | None = None
    heading = None
    blocks = content.blocks
    above: list[str] = []  # the paragraphs between the previous table and this one, nearest first
    for i, block in enumerate(blocks):
        if isinstance(block, TableRef) and content.table(block.number) is grid:
            for before in reversed(blocks[:i]):
                if isinstance(before, TableRef) or len(above) >= 3:
                    break
                if before.text.strip():
                    above.append(before.text.strip())
            break
    for heading in above:
        if (m := _RECOMMENDATION_HEADING.match(heading)) and m.group(1).isdigit():
            number = int(m.group(1))
            rest = heading[m.end() :].strip(" .:-–")
            if text is None and rest:
                text = rest
            break
        if text is None and len(heading) > 25 and not _is_plan_sentence(heading):
            text = heading  # 'Recommendation 2' above, then the recommendation's own paragraph
    if text is not None and (lead := _leading_number(text)) is not None and number is None:
        number = lead[0]
    return {"recommendation": text, "recommendation_number": number if number is not None else ordinal}


def _is_plan_sentence(text: str) -> bool:
    """A line about the plan rather than a recommendation ('Progress as at ...', 'Reference: ...')."""
    return bool(infer.reporting_date_from_texts([text]) or infer.reference_from_texts([text]))


def _docx_header(content: DocxContent, exclude: set[int]) -> tuple[Grid, dict[str, Any]]:
    """The header block: the table with most header labels, else 'Label: value' paragraphs."""
    best: tuple[Grid, dict[str, Any]] | None = None
    for grid in content.tables:
        if id(grid) in exclude:
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


def _plan_row(
    grid: Grid,
    found: dict[str, Any],
    reader: FieldReader,
    file_format: str,
    *,
    titles: list[str],
    path: Path | None,
    sender_csp: str | None,
) -> Row:
    """The plan's header row. What the official templates do not carry is inferred, and where it came
    from is kept (`csp_source`, `dhr_reference_source`, `as_at_source`; issue 14)."""
    plan = reader.header_block(grid, ACTION_PLAN_HEADER_FIELDS, found, where_to_add="")
    plan["file_format"] = file_format
    plan["source_sheet"] = grid.name
    plan["source_row"] = min((kv.row for kv in found.values()), default=1)
    inferred: dict[str, tuple[Any, str]] = {}

    # The CSP: a labelled cell, else the title or a sentence naming it, else the file name or folder,
    # else the partnership of the person who sent it (an upload).
    csp = found.get("csp_name")
    plan["csp_code"], plan["csp_source"] = None, None
    if plan["csp_name"] is not None and csp is not None:
        plan["csp_code"] = reader.resolve_csp(plan["csp_name"], grid, csp.row, csp.label)
        plan["csp_source"] = infer.LABELLED
    elif reader.csps is not None:
        guess = infer.csp_from_texts(titles, reader.csps) or infer.csp_from_path(path, reader.csps)
        if guess is None and sender_csp:
            guess = infer.Inferred(sender_csp, infer.UPLOAD_SCOPE, sender_csp)
        if guess is not None:
            plan["csp_code"], plan["csp_source"] = guess.value, guess.source
            plan["csp_name"] = plan["csp_name"] or reader.csps.name(str(guess.value))
            inferred["csp"] = (guess.value, guess.source)
            reader.warn(
                f"the Community Safety Partnership was taken from the {guess.source} "
                f"('{_short(guess.evidence)}'): {reader.csps.name(str(guess.value))}"
            )
        elif csp is not None:  # the template's labelled cell, left blank, and nothing else names one
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
                "name in the title (e.g. 'Safer Stockport Partnership – DHR action plan') or in a cell "
                "labelled 'Community Safety Partnership'",
                rank=FILE_LEVEL,
            )

    # The DHR reference: labelled, else 'DHR Ref: ...' written as a line, else the file name.
    plan["dhr_reference_source"] = infer.LABELLED if plan.get("dhr_reference") else None
    if not plan.get("dhr_reference"):
        guess = infer.reference_from_texts([*titles, *([plan["dhr_title"]] if plan.get("dhr_title") else [])])
        if guess is not None:
            plan["dhr_reference"], plan["dhr_reference_source"] = guess.value, guess.source
            inferred["dhr_reference"] = (guess.value, guess.source)
            reader.warn(
                f"the DHR reference was taken from the {guess.source} ('{_short(guess.evidence)}'): {guess.value}"
            )
        elif (ref := found.get("dhr_reference")) is not None:
            reader.report(
                "required, but the cell is blank: write the reference the partnership uses for this review",
                grid,
                ref.row,
                ref.label,
                rank=FILE_LEVEL,
            )
        else:
            reader.report(
                "no DHR reference: add a line such as 'DHR reference: DHR 2024/01' above the table, "
                "with the reference the partnership uses for this review",
                rank=FILE_LEVEL,
            )

    # The reporting date ('Progress as at'): labelled, else a sentence, else the file name; else
    # none, and the date the file is received dates the snapshot (the staging model says so).
    plan["as_at_source"] = infer.LABELLED if plan.get("as_at_date") else None
    if plan.get("as_at_date") is None and "as_at_date" not in _unreadable(found, plan):
        guess = infer.reporting_date_from_texts(titles) or infer.reporting_date_from_file_name(path)
        if guess is not None:
            plan["as_at_date"], plan["as_at_source"] = guess.value, guess.source
            reader.warn(
                f"the reporting date was taken from the {guess.source} ('{_short(guess.evidence)}'): "
                f"{guess.value:%d/%m/%Y}"
            )
        else:
            reader.warn(
                "the file does not say what date its progress is reported to ('Progress as at'): "
                "the date it was received is used"
            )
        inferred["progress_as_at"] = (plan["as_at_date"], plan["as_at_source"] or "date received")
    reader.inferred.update(inferred)
    return plan


def _unreadable(found: dict[str, Any], plan: Row) -> set[str]:
    """Header fields written but not readable (already reported as errors)."""
    return {name for name, kv in found.items() if plan.get(name) is None and not is_blank(kv.value)}


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _result(
    plan: Row, actions: list[Row], without_actions: set[int], file_name: str, problems: Problems, reader: FieldReader
) -> ParsedForm:
    result = ParsedForm("action_plan", file_name, csp_code=plan["csp_code"], dhr_reference=plan["dhr_reference"])
    result.rows["action_plan__plans"] = [plan]
    result.rows["action_plan__actions"] = actions
    numbers = {a["recommendation_number"] for a in actions if a["recommendation_number"] is not None}
    result.extra_counts["recommendations"] = len(numbers | without_actions)
    if actions and all(is_blank(a.get("recommendation")) for a in actions):
        problems.add(
            "no recommendation text: the Recommendation column is blank in every row. Write each "
            "recommendation the actions deliver (once, above or beside its first action)",
            rank=FILE_LEVEL,
        )
    result.errors = problems.messages
    result.warnings = reader.warnings.messages
    result.inferred = dict(reader.inferred)
    return result


_KEY_HEADING = re.compile(
    r"^(?:key(?:\s+to\s+(?:status|rag|ratings?))?|rag\s+key|status\s+key|rag\s+rating\s+key|"
    r"rag\s+ratings?|key\s*:.*)$"
)


def _is_end_of_table(grid: Grid, row: int) -> bool:
    """The status key under the table (004 L4628-4638): 'Key to status', 'RAG key', or 'RED | Action required' rows."""
    texts = [fold(v) for v in grid.rows[row - 1] if not is_blank(v)]
    if not texts:
        return False
    if _KEY_HEADING.match(texts[0]) or texts[0].startswith("key to status"):
        return True
    return texts[0] in _STATUS_WORDS and len(texts) >= 2 and texts[1] in _STATUS_MEANINGS


_NOTE = re.compile(r"^\s*(?:notes?|n\.?\s?b\.?|comments?|please note)\b\s*[:\-.]", re.IGNORECASE)


def _is_note_row(grid: Grid, row: int) -> bool:
    """A row holding only a note ('Note: ...', 'NB - ...') in one cell, or in one cell merged across."""
    texts = [v for c, v in enumerate(grid.rows[row - 1], start=1) if not is_blank(v) and not grid.merge_origin(row, c)]
    return len(texts) == 1 and isinstance(texts[0], str) and bool(_NOTE.match(texts[0]))


# --------------------------------------------------------------------------------------------
# Statuses as people give them (issue 14): the Template 25 key, tracker words, a cell's colour,
# the plan's own key, or a word at the start or end of the progress text (001 Appendix Five).
# --------------------------------------------------------------------------------------------
#: Template 25's meanings (004 L4628-4638), longest first, so 'Preparation complete and action
#: ongoing' is GREEN before 'action ongoing' could be read as anything else.
_MEANINGS = (
    ("preparation complete and action ongoing", "green"),
    ("preparation underway", "amber"),
    ("action required", "red"),
    ("action completed", "complete"),
    ("not started", "red"),
    ("completed", "complete"),
    ("complete", "complete"),
)
#: Words trackers use that are not the Template 25 key, and the RAG each is read as (with a warning).
_TRACKER_WORDS = {
    "ongoing": "amber",
    "on going": "amber",
    "in progress": "amber",
    "underway": "amber",
    "under way": "amber",
    "started": "amber",
    "on track": "green",
    "on target": "green",
    "in place": "green",
    "not started": "red",
    "not yet started": "red",
    "not begun": "red",
    "delayed": "red",
    "overdue": "red",
    "off track": "red",
    "on hold": "red",
    "blue": "complete",
    "closed": "complete",
    "done": "complete",
    "achieved": "complete",
    "delivered": "complete",
    "implemented": "complete",
    "finished": "complete",
    "b": "complete",
    "signed off": "complete",
    "partially complete": "amber",
    "partly complete": "amber",
    "not yet due": "green",
    "awaiting": "amber",
    "pending": "amber",
    "no progress": "red",
}
#: Unambiguous ways of writing the Template 25 statuses: read silently.
_PLAIN = {
    "red": "red",
    "amber": "amber",
    "green": "green",
    "complete": "complete",
    "completed": "complete",
    "r": "red",
    "a": "amber",
    "g": "green",
    "c": "complete",
}
_PROGRESS_STATUS = re.compile(
    r"^\s*(completed|complete|ongoing|on-going|not started|not yet started|in progress)\b"
    r"|\b(completed|complete|ongoing|not started|in progress)\s*\.?\s*$",
    re.IGNORECASE,
)


@dataclass
class StatusKey:
    """The plan's own key to its statuses: words and fill colours, each to a Template 25 status."""

    words: dict[str, str] = dataclass_field(default_factory=dict)
    colours: dict[str, str] = dataclass_field(default_factory=dict)


class LazyStatusKey(StatusKey):
    """The key under a table, read only when a status needs it: most plans write the Template 25
    words themselves, and reading the rest of the sheet for a key costs time on every file."""

    def __init__(self, grid: Grid, start_row: int) -> None:
        self._grid, self._start, self._read = grid, start_row, None

    def _key(self) -> StatusKey:
        if self._read is None:
            self._read = status_key(self._grid, self._start)
        return self._read

    @property  # type: ignore[override]
    def words(self) -> dict[str, str]:
        return self._key().words

    @property  # type: ignore[override]
    def colours(self) -> dict[str, str]:
        return self._key().colours


def _meaning(text: str) -> str | None:
    folded = fold(text)
    return next((code for meaning, code in _MEANINGS if meaning in folded), None)


def status_key(grid: Grid, start_row: int) -> StatusKey:
    """Read a key under the table: 'RED | Action required', 'Not started | Action required', or a
    coloured cell beside 'Action completed' (a key with blue for complete, say)."""
    key = StatusKey()
    for r in range(start_row, grid.n_rows + 1):
        cells = [(c, v) for c, v in enumerate(grid.rows[r - 1], start=1) if not is_blank(v)]
        texts = [str(v) for _, v in cells if isinstance(v, str)]
        if not texts:
            continue
        meaning = _meaning(texts[-1])
        if meaning is None:
            continue
        if len(texts) >= 2 and fold(texts[0]) not in _STATUS_WORDS:
            key.words[fold(texts[0])] = meaning  # 'Ongoing | Preparation underway / action ongoing'
        for c in range(1, grid.n_cols + 1):
            colour = grid.fill(r, c)
            if colour is not None and not (isinstance(grid.raw(r, c), str) and _meaning(grid.raw(r, c))):
                key.colours.setdefault(colour, meaning)
    return key


def colour_status(colour: str) -> tuple[str, str] | None:
    """(status, colour name) for a fill that is plainly red, amber (orange or yellow), green or blue
    (blue: complete), by its hue, so Excel's light 'Good'/'Bad'/'Neutral' fills count too."""
    import colorsys

    try:
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.25 or lightness > 0.95 or lightness < 0.08:
        return None  # white, grey or black: not a RAG colour
    degrees = hue * 360
    if degrees < 15 or degrees >= 340:
        return "red", "red"
    if degrees < 68:
        return "amber", "amber"
    if degrees < 170:
        return "green", "green"
    if degrees < 260:
        return "complete", "blue"
    return None


def read_status(
    value: Any, colour: str | None, key: StatusKey, lists: CodeLists
) -> tuple[str | None, str | None, str | None, str | None]:
    """(status code, status as written, how it was read, warning) for a status cell."""
    text = parse_text(value)
    if text is not None:
        folded = fold(text)
        if folded in _PLAIN:
            return _PLAIN[folded], text, "text", None
        code = lists.resolve("action_status", text)
        if code is not None and folded not in key.words and folded not in _TRACKER_WORDS:
            return code, text, "text", None
        if folded in key.words:
            code = key.words[folded]
            return code, text, "key", f"'{_short(text)}' read as {code.upper()}, as the plan's own key says"
        for words in (
            folded,
            fold(text.split("–")[0].split("-")[0]),
            " ".join(folded.split()[:3]),
            " ".join(folded.split()[:2]),
            folded.split()[0],
        ):
            if words in _TRACKER_WORDS:
                code = _TRACKER_WORDS[words]
                return code, text, "word", f"'{_short(text)}' read as {code.upper()} ({_label(code, lists)})"
            if words in _PLAIN:
                code = _PLAIN[words]
                return code, text, "text", f"'{_short(text)}' read as {code.upper()}"
        return (
            None,
            text,
            None,
            f"'{_short(text)}' is not a status on the key (RED, AMBER, GREEN, COMPLETE): kept as written",
        )
    if colour is not None:
        if colour in key.colours:
            code = key.colours[colour]
            return (
                code,
                None,
                "colour",
                f"the status is given only as the cell's colour: read as {code.upper()} by the plan's own key",
            )
        named = colour_status(colour)
        if named is not None:
            return (
                named[0],
                None,
                "colour",
                f"the status is given only as the cell's colour ({named[1]}): read as {named[0].upper()}",
            )
    return None, None, None, None


def _label(code: str, lists: CodeLists) -> str:
    label = lists.label("action_status", code)
    return label.split(" - ", 1)[-1] if " - " in label else label


def status_from_progress(text: Any) -> str | None:
    """'Completed 12/12/2023 ...', 'Ongoing – audit delayed', '... Ongoing.': the status word a progress text states."""
    if not isinstance(text, str):
        return None
    match = _PROGRESS_STATUS.search(text.strip())
    if match is None:
        return None
    return (match.group(1) or match.group(2)).strip()


_COMPLETED_ON = re.compile(
    r"\bcompleted?\s*(?:on\s*)?[:\-–]?\s*(\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?\s+\d{4})",
    re.IGNORECASE,
)


def completion_date_in(text: Any) -> date | None:
    """12/12/2023 from 'Completed 12/12/2023. Question is now mandatory'."""
    if not isinstance(text, str):
        return None
    match = _COMPLETED_ON.search(text)
    if match is None:  # 'Completed. Guidance published on the intranet 04/03/2024.': the date it gives
        found = infer.dates_in(text)
        return found[0][0] if len(found) == 1 else None
    try:
        return parse_date(match.group(1))
    except CellError:
        return None


# --------------------------------------------------------------------------------------------
# Numbers as people write them: '1.2', 1.2 (a float), '1a', 'R1', 'Rec 1', 'N1.1', '21.10.1'
# --------------------------------------------------------------------------------------------
_NUMBER_PARTS = re.compile(
    r"^(?:action\s*(?:no\.?|number)?\s*)?(?:(?:rec(?:ommendation)?\.?|r)\s*)?"
    r"([A-Za-z]?\d{1,3}(?:\.\d{1,3})*?)\s*(?:\.\s*|(?=[a-z]$))(\d{1,3}|[a-z])\.?$",
    re.IGNORECASE,
)


def split_action_number(value: Any) -> tuple[str, str] | None:
    """(recommendation as written, action) from an action number: '1.2' -> ('1', '2'), '1a' -> ('1', 'a'),
    'N1.1' -> ('N1', '1'), '21.10.1' -> ('21.10', '1'); None if it is not one."""
    text = parse_text(value)
    if text is None:
        return None
    match = _NUMBER_PARTS.match(text.strip().removeprefix("e.g.").strip())
    return (match.group(1), match.group(2)) if match else None


def _canonical(rec: str, action: str) -> str:
    """The action number as stored: '1.2' for numbers, else as written ('1a', 'N1.1')."""
    if rec.isdigit() and action.isdigit():
        return f"{int(rec)}.{int(action)}"
    return f"{rec}{action}" if action.isalpha() and rec.isdigit() else f"{rec}.{action}"


_AGENCY_SPLIT = re.compile(
    r"\s+[/&+]\s+|\s*;\s*|\s*\n\s*|\s+and\s+(?=[A-Z][A-Za-z]+\s+(?:Police|Council|ICB|Trust|NHS))"
)


def lead_agencies(text: Any) -> list[str] | None:
    """'Police / ICB / Council (ASC)' -> ['Police', 'ICB', 'Council (ASC)']; None for one agency or none."""
    if not isinstance(text, str):
        return None
    parts = [p.strip(" ,.") for p in _AGENCY_SPLIT.split(text) if p and p.strip(" ,.")]
    return parts if len(parts) > 1 else None


def _actions(
    grid: Grid,
    header: HeaderMatch,
    reader: FieldReader,
    *,
    key: StatusKey | None = None,
    context: dict[str, Any] | None = None,
    seen: dict[str, tuple[str, int]] | None = None,
) -> tuple[list[Row], set[int]]:
    """The action rows, and the numbers of recommendations written without any action yet.

    `context` gives the recommendation of a table that has no recommendation column (one table per
    recommendation in a Word plan); `seen` collects action numbers across such tables.
    """
    cols = header.columns
    key = key or StatusKey()
    context = context or {}
    seen = {} if seen is None else seen

    def label(name: str) -> str:
        return header.labels.get(name, _FIELDS[name].label)

    if "recommendation" not in cols and context.get("recommendation") is None and "recommendation_number" not in cols:
        reader.report(
            f"the column '{_FIELDS['recommendation'].label}' is missing from the header row (row {header.row})",
            grid,
            rank=FILE_LEVEL,
        )
    if "action" not in cols:
        reader.report(
            f"the column '{_FIELDS['action'].label}' is missing from the header row (row {header.row})",
            grid,
            rank=FILE_LEVEL,
        )
    for name in ("lead_agency", "target_date"):
        if name not in cols and not (name == "lead_agency" and _is_template_25(header)):
            reader.warn(
                f"there is no '{_FIELDS[name].label}' column: the actions are loaded without one, and "
                "each is listed as a gap to fill",
                grid,
            )
    if "status" not in cols and "progress" not in cols:
        reader.warn("there is no status column (Overall RAG): the actions are loaded with no status", grid)

    rows: list[Row] = []
    without_actions: set[int] = set()
    previous: Row | None = None  # the last action row, for carrying recommendation fields down
    parsed_cells: dict[tuple[int, int], Any] = {}  # merged cells are parsed (and reported) once
    rec_refs: dict[str, int] = {}  # recommendation numbers not written as whole numbers -> number used
    ordinal = {"rec": 0, "action": 0, "origin": None}
    numbered_in_order: list[int] = []

    def rec_from_label(written: str) -> int:
        if written.isdigit():
            return int(written)
        return rec_refs.setdefault(written, 100 + len(rec_refs) + 1)

    def rec_cell(r: int) -> int | None:
        """The recommendation number written in (or merged over) row r, parsed once per cell."""
        col = cols.get("recommendation_number")
        if col is None:
            return context.get("recommendation_number")
        origin = grid.merge_origin(r, col) or (r, col)
        if origin not in parsed_cells:
            parsed_cells[origin] = _recommendation_number(
                grid.raw(*origin), grid, origin[0], label("recommendation_number"), reader
            )
        return parsed_cells[origin]

    def cell(name: str, r: int, record: Row | None = None) -> tuple[Any, Any]:
        """(raw value shown, parsed value) of a field in row r; merged-over cells reuse their origin."""
        col = cols.get(name)
        if col is None:
            return None, None
        origin = grid.merge_origin(r, col) or (r, col)
        raw = grid.raw(*origin)
        if origin not in parsed_cells:
            parsed_cells[origin] = reader.parse(_FIELDS[name], raw, grid, origin[0], label(name), record=record)
        return raw, parsed_cells[origin]

    def new_recommendation(r: int) -> bool:
        """Whether row r starts a recommendation (its recommendation cell is written, not merged over)."""
        col = cols.get("recommendation")
        if col is None:
            return False
        origin = grid.merge_origin(r, col) or (r, col)
        if is_blank(grid.raw(*origin)) or origin == ordinal["origin"]:
            return False
        ordinal["origin"] = origin
        return True

    for r in range(header.row + 1, grid.n_rows + 1):
        if _is_end_of_table(grid, r):
            break
        if _is_note_row(grid, r):
            continue  # 'Note: ...' typed between rows
        if all(is_blank(grid.raw(r, c)) for name, c in cols.items() if name not in _NUMBER_FIELDS) and not any(
            grid.fill(r, c) for name, c in cols.items() if name == "status"
        ):
            # A blank row, a row holding only merged-over recommendation cells, or an unused
            # numbered placeholder row of the template (003 Annex B prints '1.1 Action', '1.2 ...').
            continue
        number_raw = grid.value(r, cols["action_number"]) if "action_number" in cols else None
        if any(
            isinstance(v, str) and fold(v).startswith("e g")
            for v in (number_raw, grid.raw(r, cols.get("recommendation_number", 0)))
        ):
            continue  # the worked example row of 004 Template 25 ('e.g.1.1', 004 L4640)
        if r <= header.row + 2 and _is_guidance_row(grid, r, cols):
            continue  # the template's own guidance under its headings ('What is the over-arching recommendation?')
        starts = new_recommendation(r)
        if starts:
            ordinal["rec"] += 1
            ordinal["action"] = 0
        if all(is_blank(grid.value(r, c)) for name, c in cols.items() if name not in RECOMMENDATION_FIELDS):
            # A recommendation on a row of its own: either not yet broken into actions (no action
            # row to load, but it counts) or written above its actions, which then carry it down.
            rec_number = rec_cell(r)
            previous = {name: cell(name, r)[1] for name in RECOMMENDATION_FIELDS[1:]}
            written = _leading_number(previous["recommendation"])
            if rec_number is None and written is not None:
                rec_number = written[0]  # '1. GP practices should ...' (the text is kept as written)
            if rec_number is None and previous["recommendation"] is not None:
                rec_number = ordinal["rec"]
            if rec_number is not None:
                without_actions.add(rec_number)
            previous["recommendation_number"] = rec_number
            continue

        row: Row = {"source_sheet": grid.name, "source_row": r}
        for f in ACTION_FIELDS:
            if f.name in ("recommendation_number", "action_number"):
                continue
            if f.name == "status":
                continue
            raw, parsed = cell(f.name, r, record=row)
            row[f.name] = parsed
            if f.name not in RECOMMENDATION_FIELDS and f.name in cols:
                reader.required(f, parsed, raw, grid, r, label(f.name))
        if "recommendation" not in cols and context.get("recommendation") is not None:
            row["recommendation"] = context["recommendation"]

        # The status: its column (text, or the cell's colour), else a status word in the progress text.
        row["status"] = row["status_text"] = row["status_source"] = None
        if "status" in cols:
            col = cols["status"]
            code, text, how, warning = read_status(grid.value(r, col), grid.fill(r, col), key, reader.lists)
            row["status"], row["status_text"], row["status_source"] = code, text, how
            if warning:
                reader.warn(warning, grid, r, label("status"))
            if text is not None and code is None:
                row.setdefault("as_written", {})["status"] = text
            elif text is None and how == "colour":
                row.setdefault("as_written", {})["status"] = f"fill #{grid.fill(r, col)}"
        elif (word := status_from_progress(row.get("progress"))) is not None:
            code, text, how, warning = read_status(word, None, key, reader.lists)
            row["status"], row["status_text"], row["status_source"] = code, word, "progress text"
            reader.warn(
                f"the status was read from the progress text: '{word}' read as {str(code).upper()}",
                grid,
                r,
                label("progress"),
            )
        if row["status"] == "complete" and row.get("completion_date") is None and "completion_date" not in cols:
            row["completion_date"] = completion_date_in(row.get("progress"))
        row["lead_agencies"] = lead_agencies(row.get("lead_agency"))

        # Action number: its own column, or a leading '1.2' in the action text (003 Annex B layout),
        # else numbered in order within its recommendation.
        numbers: tuple[int | None, str] | None = None
        written = _leading_number(row["recommendation"])  # '1. GP practices should ...'
        rec_written: str | None = None
        if "action_number" in cols and not is_blank(number_raw):
            parts = split_action_number(number_raw)
            within = _whole_number(number_raw)
            if parts is not None:
                rec_written = parts[0]
                numbers = (rec_from_label(parts[0]), _canonical(*parts))
            elif within is not None:
                # Actions numbered 1, 2, ... within their recommendation: 2 under recommendation 3 is 3.2.
                base = rec_cell(r)
                if base is None and written is not None:
                    base = written[0]
                if base is None and previous is not None and _blank_cell(grid, cols.get("recommendation"), r):
                    base = previous["recommendation_number"]
                numbers = (base, f"{base}.{within}") if base is not None else None
            if numbers is None:
                reader.report(
                    f"'{parse_text(number_raw)}' is not an action number: write it as "
                    "<recommendation>.<action>, e.g. 1.2",
                    grid,
                    r,
                    label("action_number"),
                )
        elif row["action"] and (m := _LEADING_ACTION_NUMBER.match(row["action"])):
            numbers = (int(m.group(1)), f"{int(m.group(1))}.{int(m.group(2))}")
            # '1.1 Action – Write to...': the template's placeholder word goes with its number
            row["action"] = _PLACEHOLDER_WORD.sub("", m.group(3)).strip()

        # Recommendation number: written (or merged from above), else from the action number, else
        # from the recommendation text ('R1 ...', '1. ...'), else in order of the recommendations.
        rec_number = rec_cell(r)
        if rec_number is None and numbers is not None and numbers[0] is not None:
            rec_number = numbers[0]
        elif rec_number is None and written is not None:
            rec_number = written[0]
        elif (
            rec_number is not None
            and numbers is not None
            and numbers[0] is not None
            and numbers[0] != rec_number
            and rec_written is not None
            and rec_written.isdigit()
        ):
            reader.report(
                f"action {numbers[1]} is numbered for recommendation {numbers[0]} but sits under "
                f"recommendation {rec_number}",
                grid,
                r,
                label("action_number"),
            )
        if rec_number is None and previous is not None and not starts:
            rec_number = previous["recommendation_number"]
        if rec_number is None and row["recommendation"] is not None:
            rec_number = max(ordinal["rec"], 1)
        row["recommendation_number"] = rec_number
        row["recommendation_ref"] = rec_written if rec_written is not None and not rec_written.isdigit() else None

        if numbers is None and rec_number is not None and not ("action_number" in cols and not is_blank(number_raw)):
            ordinal["action"] = 1 + sum(1 for a in rows if a["recommendation_number"] == rec_number)
            numbers = (rec_number, f"{rec_number}.{ordinal['action']}")
            numbered_in_order.append(r)
        row["action_number"] = numbers[1] if numbers else None

        # Other recommendation fields left blank below the first action carry down (same recommendation).
        if previous is not None and previous["recommendation_number"] == rec_number:
            for name in RECOMMENDATION_FIELDS[1:]:
                if row[name] is None and _blank_cell(grid, cols.get(name), r):
                    row[name] = previous[name]
        elif (
            row["recommendation"] is None and "recommendation" in cols and _blank_cell(grid, cols["recommendation"], r)
        ):
            reader.report("required, but the cell is blank", grid, r, label("recommendation"))

        action_key = row["action_number"]
        if action_key is not None:
            if action_key in seen:
                hint = ""
                if isinstance(number_raw, float):
                    hint = " (if you typed 1.10, Excel may have turned it into 1.1: format the column as Text)"
                where, first_row = seen[action_key]
                rows_said = (
                    f"rows {first_row} and {r}" if where == grid.where else f"{where} row {first_row}, and row {r}"
                )
                reader.report(f"action {action_key} appears twice ({rows_said}){hint}", grid, r, label("action_number"))
            else:
                seen[action_key] = (grid.where, r)
        rows.append(row)
        previous = row
    if numbered_in_order:
        reader.warn(
            f"the actions are not numbered: numbered in order within each recommendation "
            f"({', '.join(a['action_number'] for a in rows[:3] if a['action_number'])}, ...)",
            grid,
        )
    if not rows and not without_actions:
        reader.report(f"no actions found under the header row (row {header.row})", grid, rank=FILE_LEVEL)
    return rows, without_actions


_PLACEHOLDER_WORD = re.compile(r"^action\s*[:\-–—]\s*(?=\S)", re.IGNORECASE)


def _is_guidance_row(grid: Grid, row: int, cols: dict[str, int]) -> bool:
    """A row of the printed template's guidance under the headings: most of its cells are questions
    ('What is the over-arching recommendation?', 'When should this recommendation be completed by?')."""
    texts = [grid.raw(row, c) for c in cols.values()]
    texts = [t for t in texts if isinstance(t, str) and t.strip()]
    return len(texts) >= 3 and sum(t.strip().endswith("?") for t in texts) * 2 > len(texts)


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
    """'1', 1.0, 'Rec 1', 'R1', 'Recommendation 1' -> 1; '1a' or '1.2' (an action number) -> 1."""
    if is_blank(raw):
        return None
    text = parse_text(raw) or ""
    match = _REC_NUMBER.fullmatch(text.strip())
    if match is None and (parts := split_action_number(text)) is not None and parts[0].isdigit():
        return int(parts[0])
    try:
        return parse_integer(match.group(1) if match else raw, minimum=1)
    except CellError as exc:
        reader.report(f"{exc}: write the recommendation number, e.g. 1", grid, row, label)
        return None
