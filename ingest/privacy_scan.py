"""Scan a form's free text for personal details an anonymised record must not carry.

003 section 13 (003 L599-605) keeps names, exact dates of death, places and the like out of
anything published; form_contract/spec.py marks the fields that hold them as `restricted`, and those
never leave the raw layer. But people also type such details into the *free text* that does reach
the marts: a recommendation naming the chair, a progress note with a postcode or a phone number.
This module finds them in every free-text field that is not itself restricted (kinds `text` and
`long_text` of form_contract/spec.py):

| finding_type | what is found |
|---|---|
| `date_of_birth_or_death` | a full date (day, month and year: '20/02/2021', '3 February 1990', '2021-02-20') within a few words of born / birth / DOB / died / death / killed / murdered / deceased / funeral, or equal to a restricted date on the same form (the date of death). Other full dates (training delivered on 12/03/2024) are normal in progress notes and are not findings. |
| `postcode` | a UK postcode in capitals ('ME1 4AB', 'SW1A1AA'), valid letters only |
| `phone_number` | a UK number: 10 or 11 digits starting 0 (or +44), spaces, dashes and brackets allowed |
| `email_address` | an email address |
| `nhs_number` | 10 digits (optionally 3-3-4) whose last digit is the NHS modulus-11 check digit |
| `restricted_name` | a name written in a restricted name field of the same form (chair, author): the full name, initial and surname ('J. Smith'), or title and surname ('Dr Smith'); or a street address written in a restricted text field of the same form (place of death detail: '12 Acacia Avenue', 'Acacia Avenue') |

A finding never rejects the file: it is stored in `raw.text_findings` (file, sheet or table, row,
field, type, and a *masked* snippet: the words around it with every finding shape-masked,
'XX9 9XX', so the table holds no copy of the detail itself), reported in the file's notes, and dbt
replaces the flagged text with `WITHHELD_TEXT` in everything downstream of staging (macro
`privacy_masked`), with `has_privacy_finding` on the rows it touches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from form_contract.spec import ALL_RAW_TABLES, SCOPING_QUESTIONS, RawTable
from ingest.parsed import ParsedForm, Row

#: What replaces a flagged free text in staging and every mart (dbt macro `privacy_masked`).
WITHHELD_TEXT = "[withheld: this text may contain personal details]"

#: finding_type -> how it is named in a note to the officer.
FINDING_TYPES: dict[str, str] = {
    "date_of_birth_or_death": "an exact date of birth or death",
    "postcode": "a postcode",
    "phone_number": "a phone number",
    "email_address": "an email address",
    "nhs_number": "an NHS number",
    "restricted_name": "a name or address from the form's restricted fields",
}

#: Columns of `raw.text_findings` (created by ingest/raw_schema.py).
TEXT_FINDINGS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file_sha256", "varchar"),
    ("raw_table", "varchar"),
    ("source_sheet", "varchar"),
    ("source_row", "integer"),
    ("field", "varchar"),
    ("finding_type", "varchar"),
    ("masked_snippet", "varchar"),
)

_FREE_TEXT_KINDS = ("text", "long_text")
_CONTEXT = 24  # characters of context each side of a finding in the masked snippet

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_DATE_PATTERNS = (
    # 20/02/2021, 20.2.21, 20-02-2021 (day first, as the forms print)
    (re.compile(r"(?<![\d/.\-])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d/.\-]?\d)"), "dmy"),
    # 2021-02-20
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    # 20 February 2021, 20th Feb 2021, 20 of March, 2021
    (
        re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})\.?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE
        ),
        "d_month_y",
    ),
    # February 20, 2021
    (re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE), "month_d_y"),
)
_LIFE_EVENT = re.compile(
    r"\b(?:born|birth|birthday|d\.?o\.?b|date\s+of\s+birth|died|dies|death|dead|killed|murdered|deceased|"
    r"passed\s+away|funeral|homicide)\b",
    re.IGNORECASE,
)
#: Words between a life-event word and a date must not cross a clause: no , ; . or line break.
_CLAUSE_BREAK = re.compile(r"[,;.\n]")
_LIFE_EVENT_BEFORE = 32
_LIFE_EVENT_AFTER = 24

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-HJKPSTUW0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
)
_EMAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w\-])")
_NHS = re.compile(r"(?<![\d\-/.])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?![\d\-/.]?\d)")
_DIGIT = re.compile(r"\d")
_PHONE = re.compile(r"(?<![\w/.+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d \-()]{7,14}\d(?![\w/.])")

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame", "rev", "revd"}
_STREET_WORDS = (
    "road|street|avenue|lane|close|drive|way|court|crescent|place|gardens|terrace|grove|hill|park|"
    "square|walk|rise|view|mews|row|parade|green|gate|wharf|yard|estate|house|flats|cottages"
)
_STREET = re.compile(
    rf"(?:(?:flat|apartment|unit)\s+\d+[A-Za-z]?,?\s+)?(?:\d+[A-Za-z]?\s+)?((?:[A-Z][a-z'\-]+\s+){{1,3}}(?:{_STREET_WORDS}))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Match:
    """One finding in a text: its type and where it is (start, end of the matched characters)."""

    finding_type: str
    start: int
    end: int


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number modulus-11 check: weights 10..2 on the first nine digits give the tenth."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _full_dates(text: str) -> Iterable[tuple[int, int, date]]:
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                if order == "dmy":
                    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
                elif order == "ymd":
                    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
                elif order == "d_month_y":
                    day, month, year = int(m.group(1)), _MONTH_NUMBER[m.group(2).lower()], int(m.group(3))
                else:
                    month, day, year = _MONTH_NUMBER[m.group(1).lower()], int(m.group(2)), int(m.group(3))
                if year < 100:
                    year += 2000 if year < 69 else 1900
                yield m.start(), m.end(), date(year, month, day)
            except ValueError:
                continue


def _near_life_event(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _LIFE_EVENT_BEFORE) : start]
    for m in _LIFE_EVENT.finditer(before):
        if not _CLAUSE_BREAK.search(before[m.end() :]):
            return True
    after = text[end : end + _LIFE_EVENT_AFTER]
    m = _LIFE_EVENT.search(after)
    return bool(m and not _CLAUSE_BREAK.search(after[: m.start()]))


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns for each person named in a restricted name field: full name, initial + surname, title + surname."""
    patterns: list[re.Pattern[str]] = []
    for value in names:
        for person in re.split(r"\s*(?:,|;|/|&|\band\b)\s*", value):
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-0-9]*", person) if w.lower().rstrip(".") not in _TITLES]
            if not words:
                continue
            surname = re.escape(words[-1])
            if len(words) >= 2:
                full = r"\s+".join(re.escape(w) for w in words)
                patterns.append(re.compile(rf"(?<![\w\-]){full}(?![\w\-])", re.IGNORECASE))
                initial = re.escape(words[0][0])
                patterns.append(re.compile(rf"(?<![\w\-]){initial}\.?\s+{surname}(?![\w\-])"))
            if len(words[-1]) >= 2:
                titles = "|".join(sorted(_TITLES))
                patterns.append(re.compile(rf"\b(?:{titles})\.?\s+{surname}(?![\w\-])", re.IGNORECASE))
    return patterns


def _address_patterns(texts: Iterable[str]) -> list[re.Pattern[str]]:
    """Street names written in a restricted text field (place of death detail): 'Acacia Avenue'."""
    streets = {" ".join(m.group(1).split()) for text in texts for m in _STREET.finditer(text)}
    spaced = r"\s+"
    return [
        re.compile(r"(?<![\w\-])" + spaced.join(re.escape(w) for w in street.split()) + r"(?![\w\-])", re.IGNORECASE)
        for street in sorted(streets)
        if len(street) >= 6
    ]


def scan_text(
    text: str,
    *,
    names: Sequence[re.Pattern[str]] = (),
    restricted_dates: Iterable[date] = (),
) -> list[Match]:
    """Every finding in `text`, without overlaps (the earlier and longer match wins)."""
    found: list[Match] = []
    # Dates, postcodes, NHS and phone numbers all hold a digit, and e-mail addresses an '@': most
    # free text has neither, and one search for them is much cheaper than nine patterns that fail
    # (the scan was a seventh of ingest's time, bench/README.md).
    has_digit = _DIGIT.search(text) is not None
    dates = set(restricted_dates)
    if has_digit:
        for start, end, day in _full_dates(text):
            if day in dates or _near_life_event(text, start, end):
                found.append(Match("date_of_birth_or_death", start, end))
    if "@" in text:
        for m in _EMAIL.finditer(text):
            found.append(Match("email_address", m.start(), m.end()))
    for m in _POSTCODE.finditer(text) if has_digit else ():
        found.append(Match("postcode", m.start(1), m.end(1)))
    for m in _NHS.finditer(text) if has_digit else ():
        if nhs_number_is_valid("".join(m.groups())):
            found.append(Match("nhs_number", m.start(), m.end()))
    for m in _PHONE.finditer(text) if has_digit else ():
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("44"):
            digits = "0" + digits[2:].lstrip("0")
        if 10 <= len(digits) <= 11 and digits[0] == "0" and digits[1] in "1235789":
            found.append(Match("phone_number", m.start(), m.end()))
    for pattern in names:
        for m in pattern.finditer(text):
            found.append(Match("restricted_name", m.start(), m.end()))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Match] = []
    for match in found:
        if kept and match.start < kept[-1].end:
            continue  # overlaps a finding already kept (a phone number that is also an NHS number)
        kept.append(match)
    return kept


def shape_mask(text: str) -> str:
    """'ME1 4AB' -> 'XX9 9XX': the shape of a detail without the detail."""
    return "".join("X" if c.isupper() else "x" if c.isalpha() else "9" if c.isdigit() else c for c in text)


def masked_snippet(text: str, matches: Sequence[Match], index: int) -> str:
    """The words around `matches[index]`, with every finding in that window shape-masked."""
    match = matches[index]
    start, end = max(0, match.start - _CONTEXT), min(len(text), match.end + _CONTEXT)
    for m in matches:  # never cut a neighbouring finding in two: take it whole
        if m.start < start < m.end:
            start = m.start
        if m.start < end < m.end:
            end = m.end
    while start > 0 and not text[start - 1].isspace() and match.start - start < _CONTEXT + 12:
        start -= 1  # whole words only
    while end < len(text) and not text[end].isspace() and end - match.end < _CONTEXT + 12:
        end += 1
    pieces, cursor = [], start
    for m in matches:
        if m.end <= start or m.start >= end:
            continue
        lo, hi = max(m.start, start), min(m.end, end)
        pieces.append(text[cursor:lo])
        pieces.append(shape_mask(text[lo:hi]))
        cursor = hi
    pieces.append(text[cursor:end])
    snippet = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")


def free_text_fields(table: RawTable) -> list[str]:
    """The fields of a raw table this scan reads: free text that is not itself restricted."""
    return [f.name for f in table.fields if f.kind in _FREE_TEXT_KINDS and not f.restricted]


def _restricted_values(parsed: ParsedForm) -> tuple[list[str], list[str], list[date]]:
    """(names, other restricted texts, restricted dates) written anywhere on the form."""
    names: list[str] = []
    texts: list[str] = []
    dates: list[date] = []
    for table in ALL_RAW_TABLES:
        for row in parsed.rows.get(table.name, []):
            for f in table.fields:
                value = row.get(f.name)
                if not f.restricted or value is None:
                    continue
                if f.kind == "text" and isinstance(value, str):
                    names.append(value)
                elif f.kind == "long_text" and isinstance(value, str):
                    texts.append(value)
                elif f.kind == "date" and isinstance(value, date):
                    dates.append(value)
    return names, texts, dates


def scan_form(parsed: ParsedForm) -> list[Row]:
    """Rows for `raw.text_findings`: one per finding in a non-restricted free-text cell of the form."""
    names, texts, dates = _restricted_values(parsed)
    patterns = _name_patterns(names) + _address_patterns(texts)
    findings: list[Row] = []
    for table in ALL_RAW_TABLES:
        rows = parsed.rows.get(table.name) or []
        fields = free_text_fields(table)
        for row in rows:
            for name in fields:
                value: Any = row.get(name)
                if not isinstance(value, str) or not value.strip():
                    continue
                matches = scan_text(value, names=patterns, restricted_dates=dates)
                for i, match in enumerate(matches):
                    findings.append(
                        {
                            "file_sha256": row.get("file_sha256"),
                            "raw_table": table.name,
                            "source_sheet": row.get("source_sheet"),
                            "source_row": row.get("source_row"),
                            "field": name,
                            "finding_type": match.finding_type,
                            "masked_snippet": masked_snippet(value, matches, i),
                        }
                    )
    return findings


def findings_note(findings: Sequence[Row], labels: dict[tuple[str, str], str] | None = None) -> str | None:
    """One note for the officer summarising the findings of a file, or None if there are none."""
    if not findings:
        return None
    labels = labels or {(t.name, f.name): f.label for t in ALL_RAW_TABLES for f in t.fields}
    questions = {f.name: number for number, f in enumerate(SCOPING_QUESTIONS, start=1)}
    places: list[str] = []
    for finding in findings:
        what = FINDING_TYPES[finding["finding_type"]]
        if finding["raw_table"] == "scoping_review__reviews" and finding["field"] in questions:
            place = f"the answer to question {questions[finding['field']]}: {what}"
        else:
            where = finding["source_sheet"] or "the form"
            where = f"sheet '{where}'" if not str(where).startswith(("table ", "text ", "paragraphs")) else where
            label = labels.get((finding["raw_table"], finding["field"]), finding["field"])
            place = f"{where}, row {finding['source_row']}, '{label}': {what}"
        if place not in places:
            places.append(place)
    shown = "; ".join(places[:5]) + (f"; and {len(places) - 5} more" if len(places) > 5 else "")
    return (
        f"the free text may contain personal details ({shown}). The file was loaded, but these texts are "
        "withheld from every published table: remove the details and send the form again"
    )
