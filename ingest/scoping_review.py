"""Parse a scoping review (.docx, 003 Annex C, 003 L805-816) into `raw.scoping_review__*` rows.

CSPs write the Annex C title page and nine questions in many layouts (issue 14); each is read:

- title fields (003 L807) in a two-column table (label | value), a four-column table
  (label | value | label | value), a Question/Response table that also holds the questions,
  'Label: value' paragraphs, or headed paragraphs (the label, then the value in the next
  paragraph); labels matched tolerantly (Annex C's long wordings, 'CSP name', 'Outcome of
  scoping', ...: the aliases in `form_contract.spec.SCOPING_TITLE_FIELDS`);
- the nine questions (003 L808-816) as headings, with or without their numbers and slightly
  reworded, or as rows of a table (number | question, or question | response);
- the early actions of question 5 (003 L812: 'Only actions already agreed at this stage need to
  be included') from a table, numbered in order when it has no number column, or, when there is
  no table, one action per sentence of the answer to question 5 that states one.

What the 2024 Annex C does not carry is inferred and its source recorded (`csp_source`,
`dhr_reference_source`, `ParsedForm.inferred`): the CSP from the title or any paragraph above
question 1, else the file name or folder; the DHR reference from the anonymised identifier. The
decision and the death type are read from a sentence when no labelled field gives them. A review
is rejected only when no CSP is named anywhere or nothing identifies it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from form_contract.code_lists import CodeLists
from form_contract.spec import EARLY_ACTION_FIELDS, SCOPING_QUESTIONS, SCOPING_TITLE_FIELDS, Field
from ingest import infer
from ingest.csp_names import CspDirectory
from ingest.field_reader import FieldReader
from ingest.labels import matcher
from ingest.parsed import FILE_LEVEL, ParsedForm, Problems, Row
from ingest.readers import (
    DocxContent,
    Grid,
    HeaderMatch,
    KeyValue,
    Paragraph,
    TableRef,
    find_header_row,
    fold,
    read_key_values,
)
from ingest.values import is_blank, parse_text

#: How the Home Office template is named in messages to a CSP officer.
ANNEX_C = "the Home Office scoping review template (Annex C)"

_NUMBERED = re.compile(r"^\s*(?:q(?:uestion)?\s*)?([1-9])\s*[.):]?\s+(.*\S)\s*$", re.IGNORECASE | re.DOTALL)
#: Fields only a scoping review's title page has; an action plan's header shares the CSP and reference.
_SCOPING_ONLY = {"anonymised_identifier", "notification_date", "submitted_date", "decision", "death_type"}
#: A heading is short; longer paragraphs are answers and are not matched against the questions.
_MAX_HEADING = 300

_FOLDED_QUESTIONS = [fold(q.label) for q in SCOPING_QUESTIONS]
_NUMBER_OF = {q.name: n for n, q in enumerate(SCOPING_QUESTIONS, start=1)}

#: How the title fields read from paragraphs are named in messages and lineage (source_sheet);
#: the row is the paragraph's number in the document.
TITLE_PARAGRAPHS = "paragraphs"

#: Source of a DHR reference taken from the Annex C anonymised identifier (003 L807).
IDENTIFIER = "identifier"


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------
def _question(text: str) -> tuple[int, bool] | None:
    """(question number, strong) for a heading that asks an Annex C question, or None.

    Strong: the heading is the question itself or a long wording of it, not a short alias such
    as 'Background' that an overview report might also use as a heading (used for detection).
    """
    text = text.strip()
    if not text or len(text) > _MAX_HEADING:
        return None
    numbered = _NUMBERED.match(text)
    number, rest = (int(numbered.group(1)), numbered.group(2)) if numbered else (None, text)
    folded = fold(rest)
    found = matcher(SCOPING_QUESTIONS).match(rest)
    if found is not None:
        strong = found.how != "contains" and (len(folded) >= 25 or folded in _FOLDED_QUESTIONS)
        return _NUMBER_OF[found.field.name], strong or number == _NUMBER_OF[found.field.name]
    if number is not None:  # 'Q5 What actions will be taken?': the number, and words close to its question
        target = _FOLDED_QUESTIONS[number - 1]
        if len(folded) >= 12 and (target.startswith(folded[:40]) or fuzz.token_set_ratio(folded, target) >= 80):
            return number, True
    return None


def question_number(text: str) -> int | None:
    """The Annex C question (1-9) a heading asks, or None.

    The heading may carry the number ('5.', 'Q5', 'Question 5:') or not, and may be the question
    slightly reworded or one of the wordings CSPs use (the aliases of `SCOPING_QUESTIONS`).
    """
    found = _question(text)
    return found[0] if found else None


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------
def looks_like_scoping_review(content: DocxContent) -> bool:
    """Content test for detection: Annex C title fields (any layout), or the Annex C questions.

    Two fields only a scoping review has; or three questions asked in their own words (or six in
    any wording), so that an overview report with a 'Background' heading is not taken for one.
    """
    title = _read_title(content)
    if len(set(title.found) & _SCOPING_ONLY) >= 2:
        return True
    strong: set[int] = set()
    weak: set[int] = set()
    texts = [b.text for b in content.blocks if isinstance(b, Paragraph)]
    # Question tables are narrow (No. | Question | Response); wide tables are action tables.
    texts += [t for grid in content.tables if grid.n_cols <= 4 for t in _first_cells(grid)]
    for text in texts:
        found = _question(text)
        if found is not None:
            (strong if found[1] else weak).add(found[0])
    return len(strong) >= 3 or len(strong | weak) >= 6


def _first_cells(grid: Grid) -> Iterable[str]:
    """The question text a table row may hold: its first cell, or the second after a bare number."""
    for r in range(1, grid.n_rows + 1):
        cells = [t for c in range(1, grid.n_cols + 1) if (t := parse_text(grid.raw(r, c)))]
        if not cells:
            continue
        if re.fullmatch(r"[1-9]\.?", cells[0]) and len(cells) > 1:
            yield f"{cells[0].rstrip('.')}. {cells[1].partition(chr(10))[0]}"
        else:
            yield cells[0].partition("\n")[0]


# --------------------------------------------------------------------------------------------
# Title page
# --------------------------------------------------------------------------------------------
@dataclass
class _Title:
    """The title fields found, each with the grid it was read from; and the paragraphs above question 1."""

    found: dict[str, tuple[Grid, KeyValue]]
    prose: list[Paragraph]  # paragraphs above question 1 that are not title fields (title, sentences)
    before_q1: list[Paragraph]
    tables: list[Grid]  # tables the title fields were read from

    @property
    def first(self) -> tuple[Grid, int] | None:
        if not self.found:
            return None
        grid = next(iter(self.found.values()))[0]
        rows = [kv.row for g, kv in self.found.values() if g is grid]
        return grid, min(rows)


def _layouts(grid: Grid) -> list[tuple[int, tuple[int, ...]]]:
    """(label column, value columns) to try: label | value, and label | value | label | value."""
    if grid.n_cols >= 4:
        return [(c, (c + 1,)) for c in range(1, grid.n_cols, 2)]
    if grid.n_cols == 3:  # label | (gap) | value, or No. | Question | Response
        return [(1, (2, 3)), (2, (3,))]
    return [(1, (2, 3))]


_BULLET = re.compile(r"^\s*(?:[•●◦▪·\-*–]|\d+[.)])\s*")


def _read_title(content: DocxContent) -> _Title:
    before_q1: list[Paragraph] = []
    tables_before_q1: set[int] = set()
    for block in content.blocks:
        if isinstance(block, TableRef):
            tables_before_q1.add(block.number)
            continue
        if question_number(block.text) is not None:
            break
        before_q1.append(block)

    found: dict[str, tuple[Grid, KeyValue]] = {}
    tables: list[Grid] = []
    for number, grid in enumerate(content.tables, start=1):
        if grid.n_cols > 6 or _early_action_header(grid) is not None:
            continue  # an action table, not a title page (title tables have two or four columns)
        in_grid: dict[str, KeyValue] = {}
        for label_col, value_cols in _layouts(grid):
            for name, kv in read_key_values(
                grid, SCOPING_TITLE_FIELDS, label_col=label_col, value_cols=value_cols
            ).items():
                in_grid.setdefault(name, kv)
        # A table with one title field is the title page only when it sits above the questions
        # (a contributors table lower down may have a row that reads like a label).
        if len(in_grid) >= 2 or (in_grid and number in tables_before_q1):
            tables.append(grid)
            for name, kv in in_grid.items():
                found.setdefault(name, (grid, kv))

    grid, in_paragraphs, label_rows = _title_paragraphs(before_q1)
    for name, kv in in_paragraphs.items():
        found.setdefault(name, (grid, kv))
    # Annex C as printed (003 L807): one cell headed 'TITLE PAGE OF SCOPING REVIEW' holding the
    # title items as bullets, each answered after its colon.
    for table in content.tables:
        for cell in (v for row in table.rows for v in row):
            if not isinstance(cell, str) or cell.count(":") < 2 or "\n" not in cell:
                continue  # most cells: one answer, not a title page of bullets
            lines = [_BULLET.sub("", line).strip() for line in cell.splitlines()]
            if sum(":" in line for line in lines) < 2:
                continue
            bullets = [Paragraph(line, "", i) for i, line in enumerate(lines, start=1)]
            cell_grid, in_cell, _ = _title_paragraphs(bullets)
            if len(in_cell) >= 2:
                cell_grid.name = f"{table.name}, title cell"
                for name, kv in in_cell.items():
                    found.setdefault(name, (cell_grid, kv))
    prose = [p for i, p in enumerate(before_q1, start=1) if i not in label_rows and p.text.strip()]
    return _Title(found, prose, before_q1, tables)


def _title_paragraphs(paras: Sequence[Paragraph]) -> tuple[Grid, dict[str, KeyValue], set[int]]:
    """Title fields written as paragraphs above question 1 instead of a table (003 L807).

    Either 'Label: value' in one paragraph, or the label as a paragraph of its own (often a
    heading) with the value in the next non-empty paragraph. Returned as a two-column Grid whose
    row r is the r-th paragraph, the fields found in it, and the rows holding labels or values.
    """
    labels = matcher(SCOPING_TITLE_FIELDS)

    def is_label(text: str) -> bool:
        head, colon, _ = text.partition(":")
        return labels.field(text) is not None or bool(colon and labels.field(head) is not None)

    rows: list[list[str | None]] = [[] for _ in paras]
    used: set[int] = set()
    i = 0
    while i < len(paras):
        text = paras[i].text.strip()
        if text and len(text) <= _MAX_HEADING and labels.field(text) is not None:
            j = i + 1  # a label on its own: the value is the next non-empty paragraph
            while j < len(paras) and not paras[j].text.strip():
                j += 1
            if j < len(paras) and not is_label(paras[j].text.strip()):
                rows[i] = [text, paras[j].text.strip()]
                used |= {i + 1, j + 1}
                i = j + 1
                continue
            rows[i] = [text, None]
        elif text:
            rows[i] = [text]
        i += 1
    grid = Grid(TITLE_PARAGRAPHS, "table", rows)
    found = read_key_values(grid, SCOPING_TITLE_FIELDS)
    used |= {kv.row for kv in found.values()}
    return grid, found, used


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------
def parse_scoping_review(
    content: DocxContent,
    *,
    file_name: str,
    lists: CodeLists | None = None,
    csps: CspDirectory | None = None,
    path: Path | None = None,
) -> ParsedForm:
    """Rows for `raw.scoping_review__reviews` (one) and `__early_actions`, and every problem found."""
    problems = Problems(file_name)
    reader = FieldReader(problems, lists, csps)
    result = ParsedForm("scoping_review", file_name)

    title = _read_title(content)
    review: Row = {}
    for f in SCOPING_TITLE_FIELDS:
        located = title.found.get(f.name)
        review[f.name] = None
        if located is not None and f.name != "csp_name":
            grid, kv = located
            review[f.name] = reader.parse(f, kv.value, grid, kv.row, kv.label, record=review)
    first = title.first
    review["source_sheet"], review["source_row"] = (first[0].name, first[1]) if first else (None, None)

    answers = _answers(content)
    no_csp = _fill_csp(review, title, reader, result, path)
    no_identity = _fill_reference(review, title, reader, result)
    _report_missing(reader, no_csp=no_csp, no_identity=no_identity)
    _fill_notification_date(review, title, answers, reader, result)
    for name, code_list, what in (
        ("decision", "scoping_decision", "whether the CSP has commissioned a DHR"),
        (
            "death_type",
            "death_type",
            "whether the death is a domestic homicide, neglect, suicide or still to be determined",
        ),
    ):
        _fill_from_prose(review, name, code_list, what, title, reader, result)

    if not answers:
        reader.warn(
            "none of the nine questions of " + ANNEX_C + " were found: each question should be a "
            f"heading such as '1. {SCOPING_QUESTIONS[0].label}' followed by its answer"
        )
    for number, question in enumerate(SCOPING_QUESTIONS, start=1):
        parts = answers.get(number)
        review[question.name] = ("\n\n".join(p.text for p in parts) or None) if parts else None

    result.rows["scoping_review__reviews"] = [review]
    result.csp_code = review.get("csp_code")
    result.dhr_reference = review.get("dhr_reference")
    actions = _early_actions(content, title, reader)
    if actions is None:
        actions = _actions_in_prose(answers.get(5, []), reader)
    result.rows["scoping_review__early_actions"] = actions
    result.errors = problems.messages
    result.warnings = reader.warnings.messages
    return result


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fill_csp(review: Row, title: _Title, reader: FieldReader, result: ParsedForm, path: Path | None) -> bool:
    """The CSP: labelled, else named in the title or a paragraph above question 1, else the file name or folder.

    True when no partnership is named anywhere and there is no labelled cell to point at.
    """
    review["csp_code"], review["csp_source"] = None, None
    located = title.found.get("csp_name")
    if located is not None and not is_blank(located[1].value):
        grid, kv = located
        review["csp_name"] = reader.parse(title_field("csp_name"), kv.value, grid, kv.row, kv.label)
        review["csp_code"] = reader.resolve_csp(review["csp_name"], grid, kv.row, kv.label)
        review["csp_source"] = infer.LABELLED
        return False
    if reader.csps is None:
        return False
    texts = [p.text for p in title.before_q1]
    texts += [
        str(title.found[name][1].value) for name in ("dhr_reference", "anonymised_identifier") if _written(title, name)
    ]
    guess = infer.csp_from_texts(texts, reader.csps) or infer.csp_from_path(path, reader.csps)
    if guess is None and located is not None:  # the labelled cell left blank: point at it
        grid, kv = located
        reader.report(
            "required, but the cell is blank: write the partnership's name", grid, kv.row, kv.label, rank=FILE_LEVEL
        )
        return False
    if guess is None:
        return True
    name = reader.csps.name(str(guess.value))
    review["csp_code"], review["csp_source"], review["csp_name"] = guess.value, guess.source, name
    result.inferred["csp"] = (guess.value, guess.source)
    reader.warn(
        f"the Community Safety Partnership was taken from the {guess.source} ('{_short(guess.evidence)}'): {name}"
    )
    return False


#: What Annex C calls the two things a review cannot be used without (003 L807).
_CSP_LABEL = "'Name of the Community Safety Partnership'"
_IDENTIFIER_LABEL = "'Anonymised identifier as to which Scoping Review this refers to, i.e. pseudonym or number'"


def _report_missing(reader: FieldReader, *, no_csp: bool, no_identity: bool) -> None:
    """What nothing can supply, as one fix first: the partnership, and something identifying the review."""
    if no_csp and no_identity:
        reader.report(
            "no Community Safety Partnership is named anywhere in this scoping review, and nothing "
            f"identifies the review: put the title page at the top, with {_CSP_LABEL} and "
            f"{_IDENTIFIER_LABEL}, as in {ANNEX_C}",
            rank=FILE_LEVEL,
        )
    elif no_csp:
        reader.report(
            "no Community Safety Partnership is named anywhere in this scoping review: put the "
            f"partnership's name on the title page, as {_CSP_LABEL} in {ANNEX_C}",
            rank=FILE_LEVEL,
        )
    elif no_identity:
        reader.report(
            f"nothing identifies this scoping review: add {_IDENTIFIER_LABEL} to the title page, as in {ANNEX_C}",
            rank=FILE_LEVEL,
        )


def title_field(name: str) -> Field:
    return next(f for f in SCOPING_TITLE_FIELDS if f.name == name)


#: A pseudonym in brackets after a reference: 'WDCSP/SR/2025/02 (‘Hannah’)'.
_PSEUDONYM = re.compile(r"\(\s*[‘’'\"“”]?\s*([^()‘’'\"“”]+?)\s*[‘’'\"“”]?\s*\)\s*$")


def _fill_reference(review: Row, title: _Title, reader: FieldReader, result: ParsedForm) -> bool:
    """The DHR reference: labelled, else the Annex C anonymised identifier, else a 'Reference: ...' line.

    The 2024 Annex C has an anonymised identifier and no DHR reference (003 L807); a reference
    written with the pseudonym in brackets gives the identifier when none is written. True when
    nothing identifies the review and there is no labelled cell to point at.
    """
    reference, identifier = review.get("dhr_reference"), review.get("anonymised_identifier")
    review["dhr_reference_source"] = None
    if reference:
        review["dhr_reference"] = infer.clean_reference(reference) or reference
        review["dhr_reference_source"] = infer.LABELLED
        if review["dhr_reference"] != reference:
            review.setdefault("as_written", {})["dhr_reference"] = reference
        if not identifier and (pseudonym := _PSEUDONYM.search(reference)):
            review["anonymised_identifier"] = pseudonym.group(1)
            result.inferred["anonymised_identifier"] = (pseudonym.group(1), "reference")
            reader.warn(
                f"the anonymised identifier was taken from the pseudonym in the reference "
                f"('{_short(reference)}'): {pseudonym.group(1)}"
            )
        return False
    if identifier:
        value = infer.clean_reference(identifier) or identifier
        review["dhr_reference"], review["dhr_reference_source"] = value, IDENTIFIER
        result.inferred["dhr_reference"] = (value, IDENTIFIER)
        reader.warn(
            f"no DHR reference is written: the anonymised identifier '{_short(identifier)}' is used as "
            "the review's reference"
        )
        return False
    guess = infer.reference_from_texts(p.text for p in title.prose)
    if guess is not None:
        review["dhr_reference"], review["dhr_reference_source"] = guess.value, guess.source
        result.inferred["dhr_reference"] = (guess.value, guess.source)
        reader.warn(
            f"the review's reference was taken from the {guess.source} ('{_short(guess.evidence)}'): {guess.value}"
        )
        return False
    if any(_written(title, n) for n in ("dhr_reference", "anonymised_identifier")):
        return False  # written but not readable: that error is reported
    blank = title.found.get("anonymised_identifier") or title.found.get("dhr_reference")
    if blank is None:
        return True
    grid, kv = blank  # the labelled cell left blank: point at it
    reader.report(
        "required, but the cell is blank: give the pseudonym or number that identifies this review",
        grid,
        kv.row,
        kv.label,
        rank=FILE_LEVEL,
    )
    return False


def _fill_notification_date(
    review: Row, title: _Title, answers: dict[int, list[_Part]], reader: FieldReader, result: ParsedForm
) -> None:
    """The date the CSP was notified: labelled, else the one date in the answer to question 1, else a warning."""
    if review.get("notification_date") is not None or _written(title, "notification_date"):
        return
    dates = {d for part in answers.get(1, []) for d, _ in infer.dates_in(part.text)}
    if len(dates) == 1:
        value = dates.pop()
        review["notification_date"] = value
        result.inferred["notification_date"] = (value, "question 1")
        reader.warn(
            f"the date the CSP was notified of the death was taken from the answer to question 1: {value:%d/%m/%Y}"
        )
        return
    if (located := title.found.get("notification_date")) is not None:
        reader.warn(
            "blank: the title page does not say when the CSP was notified of the death",
            located[0],
            located[1].row,
            located[1].label,
        )
        return
    reader.warn(
        "the date the CSP was notified of the death is not given: add 'Date CSP notified of the death' "
        "to the title page (the scoping review is due within four weeks of it)"
    )


def _written(title: _Title, name: str) -> bool:
    """A title field labelled and not left blank (when its value is None, the error is already reported)."""
    located = title.found.get(name)
    return located is not None and not is_blank(located[1].value)


# --------------------------------------------------------------------------------------------
# The decision and the death type written in a sentence
# --------------------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z‘“\"'(0-9])")
#: Words that name the review, not the death ('a Domestic Homicide Review', 'DHR', the Act).
_NOT_THE_DEATH = re.compile(
    r"domestic\s+homicide\s+reviews?|\bdhrs?\b|domestic\s+violence,?\s+crime\s+and\s+"
    r"victims\s+act(?:\s+2004)?",
    re.IGNORECASE,
)
_DEATH_WORDS = {
    "domestic_homicide": re.compile(
        r"\b(?:homicide|murder(?:ed)?|manslaughter|killed|unlawful(?:ly)?\s+kill)", re.IGNORECASE
    ),
    "suicide": re.compile(r"\bsuicide|took\s+(?:her|his|their)\s+own\s+life", re.IGNORECASE),
    "neglect": re.compile(r"\bneglect", re.IGNORECASE),
    "to_be_determined": re.compile(
        r"\b(?:to\s+be\s+determined|undetermined|not\s+yet\s+(?:known|determined)|"
        r"unexplained)",
        re.IGNORECASE,
    ),
}


def _sentences(texts: Iterable[str]) -> list[str]:
    return [s.strip() for text in texts for s in _SENTENCE_END.split(text) if s.strip()]


def _decision_in(sentences: Sequence[str], lists: CodeLists) -> tuple[str, str] | None:
    codes: dict[str, str] = {}
    for sentence in sentences:
        if re.search(r"commission", sentence, re.IGNORECASE):
            code = lists.resolve("scoping_decision", sentence)
            if code is not None:
                codes.setdefault(code, sentence)
    if set(codes) == {"commissioned", "commissioned_paused"}:  # commissioned, then paused
        return "commissioned_paused", codes["commissioned_paused"]
    return next(iter(codes.items())) if len(codes) == 1 else None


def _death_type_in(sentences: Sequence[str]) -> tuple[str, str] | None:
    codes: dict[str, str] = {}
    about_death: dict[str, str] = {}
    for sentence in sentences:
        text = _NOT_THE_DEATH.sub(" ", sentence)
        for code, words in _DEATH_WORDS.items():
            if words.search(text):
                codes.setdefault(code, sentence)
                if re.search(r"\b(?:death|died)\b", text, re.IGNORECASE):
                    about_death.setdefault(code, sentence)
    for candidates in (codes, about_death):
        if len(candidates) == 1:
            return next(iter(candidates.items()))
    return None


def _fill_from_prose(
    review: Row, name: str, code_list: str, what: str, title: _Title, reader: FieldReader, result: ParsedForm
) -> None:
    """A decision or death type with no label, read from a sentence above question 1.

    A labelled cell left blank is not filled from the text around it (a blank template's guidance
    mentions decisions too): it is only a warning.
    """
    if review.get(name) is not None or _written(title, name):
        return
    f = title_field(name)
    if (located := title.found.get(name)) is not None:
        grid, kv = located
        reader.warn(f"blank: the title page does not say {what}", grid, kv.row, kv.label)
        return
    sentences = _sentences(p.text for p in title.prose)
    found = _decision_in(sentences, reader.lists) if name == "decision" else _death_type_in(sentences)
    if found is None:
        reader.warn(f"the title page does not say {what}: add '{f.aliases[0]}', as in {ANNEX_C}")
        return
    code, sentence = found
    review[name] = code
    review.setdefault("as_written", {})[name] = sentence
    result.inferred[name] = (code, infer.SENTENCE)
    reader.warn(
        f"'{f.label}' was read from the sentence '{_short(sentence, 90)}': {reader.lists.label(code_list, code)}"
    )


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Part:
    """A paragraph of an answer, and where it was written (for lineage)."""

    text: str
    sheet: str
    row: int


def _answers(content: DocxContent) -> dict[int, list[_Part]]:
    """Each question's answer paragraphs: under its heading, else in a table row; headings win."""
    answers = _answers_from_headings(content)
    for number, parts in _answers_from_tables(content).items():
        if not answers.get(number):
            answers[number] = parts
    return answers


def _answers_from_headings(content: DocxContent) -> dict[int, list[_Part]]:
    answers: dict[int, list[_Part]] = {}
    current: int | None = None
    title_labels = matcher(SCOPING_TITLE_FIELDS)
    for block in content.blocks:
        if isinstance(block, TableRef):
            continue
        text = block.text.strip()
        if not text:
            continue
        number = question_number(text)
        inline = None
        if number is None and ":" in text[:_MAX_HEADING]:  # 'Summary of fatal incident: Hannah, 52, ...'
            head, _, tail = text.partition(":")
            found = _question(head)
            if found is not None and found[1] and tail.strip():
                number, inline = found[0], tail.strip()
        if number is not None and number not in answers:
            current = number
            answers[number] = [_Part(inline, TITLE_PARAGRAPHS, block.index)] if inline else []
            continue
        if block.is_heading or (
            current is not None
            and title_labels.field(text.partition(":")[0]) is not None
            and len(text) <= _MAX_HEADING
            and _looks_like_title_line(text)
        ):
            current = None  # a new section the questions do not cover (sign-off, title fields)
            continue
        if current is not None:
            answers[current].append(_Part(text, TITLE_PARAGRAPHS, block.index))
    return answers


def _looks_like_title_line(text: str) -> bool:
    """'Date submitted to the Home Office: 28/02/2025' after the answers (a sign-off block)."""
    head, colon, tail = text.partition(":")
    return bool(colon) and len(head) <= 120 and bool(tail.strip())


def _questions_in_table(grid: Grid) -> list[tuple[int, int, str]]:
    """(question, row, answer) for a table laid out as number | question (+ answer), or question | response."""
    found: list[tuple[int, int, str]] = []
    for r in range(1, grid.n_rows + 1):
        cells = [t for c in range(1, grid.n_cols + 1) if (t := parse_text(grid.raw(r, c)))]
        if not cells:
            continue
        number = None
        if re.fullmatch(r"[1-9]\.?", cells[0]) and len(cells) > 1:
            first, _, rest = cells[1].partition("\n")
            if question_number(f"{cells[0].rstrip('.')}. {first}") is not None:
                number = int(cells[0].rstrip("."))
                answer = "\n".join([rest.strip(), *cells[2:]]).strip()
        else:
            first, _, rest = cells[0].partition("\n")
            number = question_number(first)
            answer = "\n".join([rest.strip(), *cells[1:]]).strip()
        if number is not None:
            found.append((number, r, answer))
    return found


def _answers_from_tables(content: DocxContent) -> dict[int, list[_Part]]:
    title_labels = matcher(SCOPING_TITLE_FIELDS)
    for grid in content.tables:
        questions = _questions_in_table(grid)
        if len(questions) < 3:
            continue
        answers: dict[int, list[_Part]] = {}
        rows = [r for _, r, _ in questions] + [grid.n_rows + 1]
        for (number, row, answer), next_row in zip(questions, rows[1:], strict=True):
            parts = [_Part(answer, grid.name, row)] if answer else []
            for r in range(row + 1, next_row):  # answer typed in the rows below the question
                if title_labels.field(parse_text(grid.raw(r, 1)) or "") is not None:
                    break  # the title fields after the questions
                parts += [
                    _Part(t, grid.name, r) for c in range(1, grid.n_cols + 1) if (t := parse_text(grid.raw(r, c)))
                ]
            answers.setdefault(number, parts)
        return answers
    return {}


# --------------------------------------------------------------------------------------------
# Early actions (question 5)
# --------------------------------------------------------------------------------------------
def _early_action_header(grid: Grid) -> HeaderMatch | None:
    header = find_header_row(grid, EARLY_ACTION_FIELDS, min_matches=2, search_rows=3)
    return header if header is not None and "action" in header.columns else None


def _early_actions(content: DocxContent, title: _Title, reader: FieldReader) -> list[Row] | None:
    """Rows of the early actions table; None when the review has no such table."""
    for grid in content.tables:
        if any(grid is t for t in title.tables):
            continue
        header = _early_action_header(grid)
        if header is not None:
            return _read_early_action_table(grid, header, reader)
    return None


def _read_early_action_table(grid: Grid, header: HeaderMatch, reader: FieldReader) -> list[Row]:
    numbered = "action_number" in header.columns
    if not numbered:
        reader.warn(
            "the early actions table has no number column: the actions are numbered 1, 2, 3 in the order "
            "they are written",
            grid,
            header.row,
        )
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
            parsed = reader.parse(f, raw, grid, r, label, record=row)
            if col and f.name != "action_number":
                reader.required(f, parsed, raw, grid, r, label)
            row[f.name] = parsed
        label = header.labels.get("action_number", title_label(EARLY_ACTION_FIELDS, "action_number"))
        if row["action_number"] is None:
            row["action_number"] = str(len(rows) + 1)
            if numbered:
                reader.warn(f"no number: numbered {row['action_number']} by its place in the table", grid, r, label)
        key = fold(row["action_number"])
        if key in seen:
            reader.report(f"action '{row['action_number']}' appears twice (rows {seen[key]} and {r})", grid, r, label)
        else:
            seen[key] = r
        rows.append(row)
    return rows


def title_label(fields: Sequence[Field], name: str) -> str:
    return next(f.label for f in fields if f.name == name)


#: A sentence that states an action: someone will do, has arranged or has agreed to do something.
_ACTION_MARKER = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|agreed\s+to|(?:has|have)\s+(?:already\s+)?(?:arranged|agreed|committed|"
    r"started|begun|introduced|commissioned|planned|booked|scheduled|asked)|plans?\s+to|(?:is|are)\s+(?:now\s+)?"
    r"(?:reviewing|developing|introducing|arranging|delivering|updating|planning))\b",
    re.IGNORECASE,
)
#: Sentences saying there is nothing yet, or that actions are for the DHR to find.
_NO_ACTION = re.compile(
    r"^\s*(?:no|none|nil|n/?a|not\s+applicable)\b|\bno\s+(?:early\s+|further\s+)?actions?\b|\bnot\s+yet\b|"
    r"\bto\s+be\s+confirmed\b|\bwill\s+be\s+(?:identified|agreed|developed|considered|set\s+out)\s+"
    r"(?:by|through|in|as|once|when|during)\b|\bthe\s+(?:dhr|review|panel)\s+will\b",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^\s*(?:[-•*–]\s*|(?:action\s+)?(\d{1,2})[.):]\s+)", re.IGNORECASE)
_WHEN = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)


def _actions_in_prose(parts: Sequence[_Part], reader: FieldReader) -> list[Row]:
    """Early actions written as sentences in the answer to question 5, when there is no table.

    Each sentence that states an action (someone will do, or has arranged, something) is one
    action, numbered in order; the month or date it gives is its target date; the words before
    'will' or 'has' (when short, e.g. 'West Yorkshire Police') are its lead agency.
    """
    rows: list[Row] = []
    fields = {f.name: f for f in EARLY_ACTION_FIELDS}
    grid = Grid(TITLE_PARAGRAPHS, "table", [])
    for part in parts:
        for sentence in _sentences([part.text]):
            mark = _LIST_MARK.match(sentence)
            text = sentence[mark.end() :].strip() if mark else sentence
            if sentence.rstrip().endswith(":") or _NO_ACTION.search(text) or len(text.split()) < 4:
                continue
            marker = _ACTION_MARKER.search(text)
            if marker is None:
                continue
            row: Row = {
                "source_sheet": part.sheet,
                "source_row": part.row,
                "action_number": (mark.group(1) if mark and mark.group(1) else str(len(rows) + 1)),
                "action": text,
                "outcome": None,
            }
            subject = re.sub(r"^(?:the)\s+", "", text[: marker.start()].split(",")[-1].strip(), flags=re.IGNORECASE)
            row["lead_agency"] = subject if 0 < len(subject.split()) <= 6 and not re.search(r"\d", subject) else None
            when = _WHEN.findall(text)
            row["target_date"] = (
                reader.parse(fields["target_date"], when[-1], grid, part.row, "question 5", record=row)
                if when
                else None
            )
            rows.append(row)
    if rows:
        reader.warn(
            f"question 5 has no early actions table: {len(rows)} action{'s were' if len(rows) > 1 else ' was'} "
            "read from its answer, one for each sentence saying what will be done (with the month it gives "
            "as the target date); to be sure they are read as meant, list them in a table with the columns "
            f"{' | '.join(f.label for f in EARLY_ACTION_FIELDS)}"
        )
    return rows
