"""Infer what a person left out of a form, and say where it came from (issue 14).

The official templates have no labelled cell for several things the warehouse needs: 003 Annex B
and 004 Template 25 carry no CSP and no reporting date (003 L773-803, 004 L4628-4736); the 2024
Annex C title page has an anonymised identifier and no DHR reference (003 L805-816). CSPs put the
partnership in the title ("Safer Stockport Partnership – DHR Action Plan"), the date in a sentence
("Progress as at 28th February 2025") or the file name ("... update 30.09.2024.docx"). Each helper
here returns the value and a short `source` that is stored beside it (`csp_source`,
`as_at_source`, ...) so a page can show how sure it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from ingest.csp_names import CspDirectory
from ingest.values import CellError, parse_date

#: Sources, in the order they are tried; these strings are stored in the raw tables.
LABELLED = "labelled"
TITLE = "title"
FILE_NAME = "file name"
FOLDER = "folder"
SENTENCE = "sentence"
QUARTER = "quarter"
UPLOAD_SCOPE = "sender's partnership"


@dataclass(frozen=True)
class Inferred:
    value: object
    source: str
    evidence: str  # the text it was read from, for the officer's message


# --------------------------------------------------------------------------------------------
# The CSP
# --------------------------------------------------------------------------------------------
def csp_from_texts(texts: Iterable[str], csps: CspDirectory, source: str = TITLE) -> Inferred | None:
    """The one CSP named in these texts (a title, a heading, a sentence); None if none or several."""
    found: dict[str, str] = {}
    for text in texts:
        if not text or not text.strip():
            continue
        for code, evidence in csps.find_in_text(text):
            found.setdefault(code, evidence)
        if len(found) == 1:
            code, evidence = next(iter(found.items()))
            return Inferred(code, source, evidence)
        if len(found) > 1:
            return None  # two partnerships named in the same text: not ours to choose
    return None


def csp_from_path(path: PurePath | str | None, csps: CspDirectory) -> Inferred | None:
    """The CSP named in the file name, else in the nearest folder that names one."""
    if path is None:
        return None
    path = PurePath(path)
    stem = re.sub(r"[_]+", " ", path.stem)
    if (found := csp_from_texts([stem], csps, FILE_NAME)) is not None:
        return found
    for folder in list(path.parents)[:3]:
        name = re.sub(r"[_]+", " ", folder.name)
        if name and (found := csp_from_texts([name], csps, FOLDER)) is not None:
            return found
        if name and csps.is_code(name):
            return Inferred(name.upper(), FOLDER, name)
    return None


# --------------------------------------------------------------------------------------------
# Dates in sentences and file names
# --------------------------------------------------------------------------------------------
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_IN_TEXT = re.compile(
    r"\b(\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\.?,?\s+\d{4}"  # 28th February 2025
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"  # 30.09.2024, 31/03/25
    r"|\d{4}-\d{2}-\d{2})\b",  # 2024-03-31
    re.IGNORECASE,
)
_QUARTER_IN_TEXT = re.compile(r"\bq([1-4])\s*(?:fy\s*)?(\d{4}|\d{2})\s*[/\-–]\s*(\d{4}|\d{2})\b", re.IGNORECASE)
_MONTH_YEAR_IN_TEXT = re.compile(r"\b(" + _MONTH + r")\.?[\s\-]+(\d{4})\b", re.IGNORECASE)
#: Words that say a date is the one progress is reported to.
_AS_AT = re.compile(
    r"\b(?:as\s+(?:at|of)|position|progress|updated?|update\s+to|reporting|period\s+ending|"
    r"quarter\s+ending|status\s+at)\b",
    re.IGNORECASE,
)


def dates_in(text: str) -> list[tuple[date, str]]:
    found = []
    for match in _DATE_IN_TEXT.finditer(text):
        try:
            value = parse_date(match.group(1))
        except CellError:
            continue
        if value is not None:
            found.append((value, match.group(1)))
    return found


def reporting_date_from_texts(texts: Iterable[str]) -> Inferred | None:
    """'Progress as at 28th February 2025', 'Updated 30/09/2024': a date in a sentence saying it is the as-at date."""
    for text in texts:
        if not text or not _AS_AT.search(text):
            continue
        dates = dates_in(text)
        if dates:
            value = dates[0][0]
            return Inferred(value, SENTENCE, text.strip())
        if (quarter := quarter_end_in(text)) is not None:
            return Inferred(quarter[0], QUARTER, quarter[1])
    return None


def quarter_end_in(text: str) -> tuple[date, str] | None:
    """The last day of a financial quarter written in a text ('Q3 2024/25')."""
    match = _QUARTER_IN_TEXT.search(text)
    if match is None:
        return None
    try:
        value = parse_date(match.group(0), month_only=True)
    except CellError:
        return None
    return (value, match.group(0)) if value else None


def reporting_date_from_file_name(path: PurePath | str | None) -> Inferred | None:
    """A date in the file name ('… update 30.09.2024.docx', '2024-03-31', 'Q3 2024-25', 'March 2025')."""
    if path is None:
        return None
    stem = PurePath(path).stem.replace("_", " ")
    dates = dates_in(stem)
    if dates:
        return Inferred(dates[-1][0], FILE_NAME, dates[-1][1])
    if (quarter := quarter_end_in(stem)) is not None:
        return Inferred(quarter[0], FILE_NAME, quarter[1])
    if match := _MONTH_YEAR_IN_TEXT.search(stem):
        try:
            value = parse_date(match.group(0), month_only=True)
        except CellError:
            return None
        return Inferred(value, FILE_NAME, match.group(0)) if value else None
    return None


# --------------------------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------------------------
_REFERENCE_LABEL = re.compile(
    r"^\s*(?:(?:local\s+)?dhr\s+ref(?:erence)?\.?|case\s+ref(?:erence)?\.?|ref(?:erence)?\.?|our\s+ref\.?|"
    r"scoping\s+review\s+(?:ref(?:erence)?|identifier)|review\s+ref(?:erence)?)\s*(?:no\.?|number)?\s*[:\-–]\s*(.+)$",
    re.IGNORECASE,
)


_REFERENCE_INSIDE = re.compile(
    r"\b(?:dhr\s+ref(?:erence)?|case\s+ref(?:erence)?|ref(?:erence)?)\.?\s*(?:no\.?)?\s*[:\-–]\s*(\S[^;,()]*)",
    re.IGNORECASE,
)
#: A reference written on its own in a title: letters, then 'DHR', then numbers ('SRP DHR 2022/03',
#: 'CCSP/DHR/2021/04', 'DHR 21-03'), as CSPs number their reviews.
_REFERENCE_SHAPE = re.compile(
    r"(?<![\w/])((?:[A-Z][A-Za-z&]{1,9}[ /\-])?DHR[ /\-]?\d{1,4}(?:[/\-.]\d{1,4}){0,2})(?![\w/])"
)


def reference_from_texts(texts: Iterable[str]) -> Inferred | None:
    """The DHR reference written in a title or a line: 'DHR Ref: WCSP DHR 2022/03', 'Reference: SCSP
    DHR 2023/01', '... – DHR Ref: PCSP DHR 2020/05', or 'DHR into the death of Carol (SRP DHR 2022/03)'."""
    texts = [t for t in texts if t and t.strip()]
    for text in texts:
        if match := _REFERENCE_LABEL.match(text.strip()):
            value = clean_reference(match.group(1))
            if value:
                return Inferred(value, SENTENCE, text.strip())
    for text in texts:
        if match := _REFERENCE_INSIDE.search(text):
            value = clean_reference(match.group(1))
            if value and any(ch.isdigit() for ch in value):
                return Inferred(value, SENTENCE, text.strip())
    for text in texts:
        if match := _REFERENCE_SHAPE.search(text):
            return Inferred(match.group(1).strip(), TITLE, text.strip())
    return None


def clean_reference(text: str) -> str:
    """A reference as written, without a pseudonym in brackets after it ('WDCSP/SR/2025/02 (‘Hannah’)')."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text.strip()).strip(" .;,")
