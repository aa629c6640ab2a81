"""The guidance as its readers know it.

Code, tests and docs cite the five source documents by our file codes and line numbers (``003 L268``,
``003 Annex B``, ``004 Template 25``) so that a developer can open the line. People reading a page,
a report or a message know the guidance by its name and paragraph instead: ``cite("003 L268")`` is
"2024 draft statutory guidance, para 5.1", and ``plain(text)`` rewrites every file code in a text.

Where each line sits (paragraph, annex item, template) comes from ``guidance_places.csv``, written
from the seed documents by ``scripts/guidance_places.py``.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

#: The documents by the names their readers use (../shared/seeds/README.md says which is which).
DOCUMENTS: dict[str, str] = {
    "000": "Greater Manchester DHR policy",
    "001": "2011 statutory guidance",
    "002": "Southwark DHR protocol",
    "003": "2024 draft statutory guidance",
    "004": "Sheffield DHR guidance",
}

#: The warehouse's guidance_version codes (seed guidance_rules) by the names readers use.
VERSIONS: dict[str, str] = {
    "2011": "2011 statutory guidance",
    "2016": "2016 statutory guidance",
    "2024_draft": "2024 draft statutory guidance",
}

_PLACES_CSV = Path(__file__).with_name("guidance_places.csv")

#: A file code as code and docs write it: ``003 L268``, ``003 L705-716``, ``004 L285 and L1592``,
#: ``003 Annex B``, ``004 Template 25``, ``003 section 13``, ``003 14.1`` (a paragraph by number).
CITATION = re.compile(
    r"\b(?P<doc>00[0-4])\s+(?:"
    r"L(?P<first>\d+)(?:\s*-\s*L?(?P<last>\d+))?(?P<more>(?:(?:,\s*|\s+and\s+)L\d+(?:\s*-\s*L?\d+)?)*)"
    r"|Annex\s+(?P<annex>[A-K])"
    r"|Template\s+(?P<template>\d+)"
    r"|[Ss]ection\s+(?P<section>\d+(?:\.\d+)*)"
    r"|(?:para(?:graph)?\s+)?(?P<para>\d{1,2}(?:\.\d{1,2}){1,2})\b"
    r")"
)


@cache
def _places() -> dict[str, list[tuple[int, int, str]]]:
    table: dict[str, list[tuple[int, int, str]]] = {}
    with _PLACES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["document"], []).append((int(row["first_line"]), int(row["last_line"]), row["place"]))
    return table


def place_of(document: str, line: int) -> str:
    """The paragraph, annex item or template a line of a document belongs to ("" if none)."""
    for first, last, place in _places().get(document, []):
        if first <= line <= last:
            return place
    return ""


def _span(document: str, first: int, last: int) -> str:
    start, end = place_of(document, first), place_of(document, last)
    if not start or start == end or not end:
        return start or end
    if start.startswith("para ") and end.startswith("para "):
        return f"paras {start[5:]}-{end[5:]}"
    if start.startswith("Annex ") and end.startswith(start.split(" item")[0]):
        return start.split(" item")[0]  # several items of one annex: the annex
    return f"{start} to {end}"


def cite(code: str) -> str:
    """One file code as a reader would cite it: ``cite("003 L268")`` -> "2024 draft statutory
    guidance, para 5.1"; an unknown code raises ``ValueError``, so a typo cannot reach a page."""
    match = CITATION.fullmatch(code.strip())
    if not match:
        raise ValueError(f"not a guidance citation: {code!r}")
    return _render(match)


def _render(match: re.Match[str]) -> str:
    document = DOCUMENTS[match["doc"]]
    if match["annex"]:
        return f"{document}, Annex {match['annex']}"
    if match["template"]:
        return f"{document}, Template {match['template']}"
    if match["para"]:
        return f"{document}, para {match['para']}"
    if match["section"]:
        return f"{document}, section {match['section']}"
    places = [_span(match["doc"], int(match["first"]), int(match["last"] or match["first"]))]
    for more in re.finditer(r"L(\d+)(?:\s*-\s*L?(\d+))?", match["more"] or ""):
        places.append(_span(match["doc"], int(more[1]), int(more[2] or more[1])))
    places = list(dict.fromkeys(place for place in places if place))
    return f"{document}, {' and '.join(places)}" if places else document


def plain(text: str) -> str:
    """``text`` with every file code replaced by the document's name and paragraph."""
    return CITATION.sub(_render, text)


def has_file_code(text: str) -> bool:
    """True when ``text`` still carries one of our file codes (a page or report must not)."""
    return bool(CITATION.search(text))
