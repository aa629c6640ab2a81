"""Parse a scoping review (.docx, 003 Annex C, 003 L805-816) into `raw.scoping_review__*` rows.

Layout (docs/design.md §1.2): a title-page table (label | value) for `SCOPING_TITLE_FIELDS`, then
each of the nine Annex C questions as a heading '{n}. {question}' followed by answer paragraphs;
under question 5 a table of the early actions already agreed (003 L812: 'Only actions already
agreed at this stage need to be included').

Reviews written straight into the Annex C template itself (a two-column table: number | question,
with the answer typed under the question in the same cell or the row below) are read as well.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path

from form_contract.code_lists import CodeLists
from form_contract.spec import EARLY_ACTION_FIELDS, SCOPING_QUESTIONS, SCOPING_TITLE_FIELDS, Field
from ingest.csp_names import CspDirectory
from ingest.field_reader import FieldReader
from ingest.parsed import ParsedForm, Problems, Row
from ingest.readers import (
    DocxContent,
    Grid,
    HeaderMatch,
    Paragraph,
    TableRef,
    find_header_row,
    fold,
    label_index,
    read_key_values,
)
from ingest.values import is_blank, parse_text

_NUMBERED = re.compile(r"^\s*(?:q(?:uestion)?\s*)?([1-9])\s*[.):]?\s+(.*\S)\s*$", re.IGNORECASE | re.DOTALL)
#: Fields only a scoping review's title page has; an action plan's header shares the CSP and reference.
_SCOPING_ONLY = {"anonymised_identifier", "notification_date", "submitted_date", "decision", "death_type"}


_FOLDED_QUESTIONS = [fold(q.label) for q in SCOPING_QUESTIONS]


def question_number(text: str) -> int | None:
    """The Annex C question (1-9) a heading asks, or None.

    A heading matches when it carries the question's number and its text is the question (case
    and punctuation folded, allowing a little editing), or when it is the question text alone.
    """
    match = _NUMBERED.match(text)
    if match:
        number, rest = int(match.group(1)), fold(match.group(2))
        target = _FOLDED_QUESTIONS[number - 1]
        if rest == target or (len(rest) >= 12 and target.startswith(rest[:40])) or _similar(rest, target):
            return number
        return None
    folded = fold(text)
    for number, target in enumerate(_FOLDED_QUESTIONS, start=1):
        if folded == target or (len(folded) >= 20 and _similar(folded, target, 0.9)):
            return number
    return None


def _similar(a: str, b: str, cutoff: float = 0.8) -> bool:
    """Near-identical texts (a word or two edited). Cheap upper bounds first: answers are long."""
    if min(len(a), len(b)) < cutoff * max(len(a), len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff


def looks_like_scoping_review(content: DocxContent) -> bool:
    """Content test for detection: an Annex C title table, or at least three Annex C questions."""
    if _title_table(content) is not None or _title_paragraphs(content) is not None:
        return True
    headings = {question_number(b.text) for b in content.blocks if isinstance(b, Paragraph)}
    in_tables = {q for grid in content.tables for q, _, _ in _questions_in_table(grid)}
    return len((headings | in_tables) - {None}) >= 3


def _title_table(content: DocxContent) -> Grid | None:
    best, best_score = None, 0
    for grid in content.tables:
        found = read_key_values(grid, SCOPING_TITLE_FIELDS)
        score = len(set(found) & _SCOPING_ONLY)
        if score >= 2 and score > best_score:
            best, best_score = grid, score
    return best


#: How the title fields read from headed paragraphs are named in messages and lineage (source_sheet);
#: the row is the paragraph's number in the document.
TITLE_PARAGRAPHS = "paragraphs"


def _title_paragraphs(content: DocxContent) -> Grid | None:
    """Title fields written as paragraphs above question 1 instead of a table (003 Annex C, L807).

    Either 'Label: value' in one paragraph, or the label as a paragraph of its own (often a
    heading) with the value in the next non-empty paragraph. Returned as a two-column Grid whose
    row r is paragraph r, when at least two fields only a scoping review has are found.
    """
    paras: list[Paragraph] = []
    for block in content.blocks:
        if isinstance(block, TableRef):
            continue
        if block.text.strip() and question_number(block.text) is not None:
            break
        paras.append(block)
    index = label_index(SCOPING_TITLE_FIELDS)

    def is_label(text: str) -> bool:
        return fold(text) in index or (":" in text and fold(text.partition(":")[0]) in index)

    rows: list[list[str | None]] = [[] for _ in paras]
    i = 0
    while i < len(paras):
        text = paras[i].text.strip()
        if text and fold(text) in index:  # a label on its own: the value is the next non-empty paragraph
            j = i + 1
            while j < len(paras) and not paras[j].text.strip():
                j += 1
            if j < len(paras) and not is_label(paras[j].text.strip()):
                rows[i] = [text, paras[j].text.strip()]
                i = j + 1
                continue
            rows[i] = [text, None]
        elif text:
            rows[i] = [text]
        i += 1
    grid = Grid(TITLE_PARAGRAPHS, "table", rows)
    found = read_key_values(grid, SCOPING_TITLE_FIELDS)
    return grid if len(set(found) & _SCOPING_ONLY) >= 2 else None


def parse_scoping_review(
    content: DocxContent, *, file_name: str, lists: CodeLists | None = None, csps: CspDirectory | None = None,
    path: Path | None = None,
) -> ParsedForm:
    """Rows for `raw.scoping_review__reviews` (one) and `__early_actions`, and every problem found."""
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    result = ParsedForm("scoping_review", file_name)

    title = _title_table(content) or _title_paragraphs(content)
    if title is None:
        reader.report("the title-page table is missing: a two-column table with "
                      f"{', '.join(repr(f.label) for f in SCOPING_TITLE_FIELDS)} in the first column and the answers "
                      "in the second (003 Annex C)")
        review: Row = {f.name: None for f in SCOPING_TITLE_FIELDS}
        review.update(source_sheet=None, source_row=None, csp_code=None)
    else:
        found = read_key_values(title, SCOPING_TITLE_FIELDS)
        review = reader.header_block(title, SCOPING_TITLE_FIELDS, found,
                                     where_to_add="as a row of the title-page table, with the answer in the second column")
        csp = found.get("csp_name")
        review["csp_code"] = reader.resolve_csp(review["csp_name"], title, csp.row if csp else None,
                                                csp.label if csp else None)
        review["source_sheet"] = title.name
        review["source_row"] = min((kv.row for kv in found.values()), default=1)

    answers, q5_tables = _answers_from_headings(content)
    if not answers:
        answers = _answers_from_tables(content, exclude=title)
    if not answers:
        reader.report("none of the nine Annex C questions were found: each question should be a heading such as "
                      f"'1. {SCOPING_QUESTIONS[0].label}' followed by its answer")
    for number, question in enumerate(SCOPING_QUESTIONS, start=1):
        review[question.name] = answers.get(number)

    result.rows["scoping_review__reviews"] = [review]
    result.csp_code = review.get("csp_code")
    result.dhr_reference = review.get("dhr_reference")
    result.rows["scoping_review__early_actions"] = _early_actions(content, title, q5_tables, reader)
    result.errors = problems.messages
    result.warnings = reader.warnings.messages
    return result


def _answers_from_headings(content: DocxContent) -> tuple[dict[int, str | None], list[int]]:
    """Answers under question headings; also the numbers of the tables that sit under question 5."""
    answers: dict[int, list[str]] = {}
    q5_tables: list[int] = []
    current: int | None = None
    for block in content.blocks:
        if isinstance(block, TableRef):
            if current == 5:
                q5_tables.append(block.number)
            continue
        number = question_number(block.text) if block.text.strip() else None
        if number is not None and number not in answers:
            current = number
            answers[number] = []
            continue
        if block.is_heading and block.text.strip():
            current = None  # a new section the questions do not cover (e.g. sign-off)
            continue
        if current is not None and block.text.strip():
            answers[current].append(block.text.strip())
    return {n: "\n\n".join(paras) or None for n, paras in answers.items()}, q5_tables


def _questions_in_table(grid: Grid) -> list[tuple[int, int, str]]:
    """(question, row, answer text) for an Annex C table laid out as number | question (+ answer)."""
    found: list[tuple[int, int, str]] = []
    for r in range(1, grid.n_rows + 1):
        cells = [parse_text(grid.raw(r, c)) for c in range(1, grid.n_cols + 1)]
        cells = [c for c in cells if c]
        if not cells:
            continue
        number = None
        if re.fullmatch(r"[1-9]\.?", cells[0]) and len(cells) > 1:
            first, _, rest = cells[1].partition("\n")
            if question_number(f"{cells[0].rstrip('.')}. {first}") is not None:
                number = int(cells[0].rstrip("."))
                answer = "\n".join([rest.strip(), *cells[2:]]).strip()
        if number is not None:
            found.append((number, r, answer))
    return found


def _answers_from_tables(content: DocxContent, exclude: Grid | None) -> dict[int, str | None]:
    for grid in content.tables:
        if grid is exclude:
            continue
        questions = _questions_in_table(grid)
        if len(questions) < 3:
            continue
        answers: dict[int, str | None] = {}
        rows = [r for _, r, _ in questions] + [grid.n_rows + 1]
        for (number, row, answer), next_row in zip(questions, rows[1:], strict=True):
            parts = [answer] if answer else []
            for r in range(row + 1, next_row):  # answer typed in the rows below the question
                parts += [t for c in range(1, grid.n_cols + 1) if (t := parse_text(grid.raw(r, c)))]
            answers.setdefault(number, "\n\n".join(parts) or None)
        return answers
    return {}


def _early_action_table(content: DocxContent, title: Grid | None, q5_tables: Sequence[int]) -> tuple[Grid, HeaderMatch] | None:
    candidates = [content.table(n) for n in q5_tables] + [g for g in content.tables if g is not title]
    for grid in candidates:
        header = find_header_row(grid, EARLY_ACTION_FIELDS, min_matches=3, search_rows=3)
        if header is not None and "action" in header.columns:
            return grid, header
    return None


def _early_actions(content: DocxContent, title: Grid | None, q5_tables: Sequence[int], reader: FieldReader) -> list[Row]:
    located = _early_action_table(content, title, q5_tables)
    if located is None:
        return []
    grid, header = located
    for f in EARLY_ACTION_FIELDS:
        if f.required and f.name not in header.columns:
            reader.report(f"the column '{f.label}' is missing from the early actions table (row {header.row})", grid)
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for r in range(header.row + 1, grid.n_rows + 1):
        if all(is_blank(grid.value(r, c)) for name, c in header.columns.items() if name != "action_number"):
            continue  # a blank row, or an unused numbered row of the template
        row: Row = {"source_sheet": grid.name, "source_row": r}
        for f in EARLY_ACTION_FIELDS:
            col = header.columns.get(f.name)
            raw = grid.value(r, col) if col else None
            label = header.labels.get(f.name, f.label)
            parsed = reader.parse(f, raw, grid, r, label)
            if col:
                reader.required(f, parsed, raw, grid, r, label)
            row[f.name] = parsed
        number = row["action_number"]
        if number is not None:
            key = fold(number)
            if key in seen:
                reader.report(f"action '{number}' appears twice (rows {seen[key]} and {r})", grid, r,
                              header.labels.get("action_number", _label(EARLY_ACTION_FIELDS, "action_number")))
            else:
                seen[key] = r
        rows.append(row)
    return rows


def _label(fields: Sequence[Field], name: str) -> str:
    return next(f.label for f in fields if f.name == name)
