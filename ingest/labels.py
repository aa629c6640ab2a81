"""Find a form field from the label or column heading a person wrote, tolerantly.

CSPs write the same field many ways: 'RECOMMENDATION', 'Rec. No.', 'Lead Agency/agencies',
'Name of the Community Safety Partnership', 'CSP name', 'Date sent to Home Office'. Every field of
the contract (`form_contract.spec`) lists the wordings it is known by; a label matches a field when,
after folding case, punctuation and '&', it is

1. one of those wordings exactly, or
2. the same words in another order, or with a small typo (rapidfuzz's token-sort ratio), or
3. one of those wordings followed or preceded by a short note ('Lead agency/agencies',
   'Target date (month)', 'Outcome sought') where only that field's wording is contained in it.

The matching is rapidfuzz's, not a hand-written edit distance (issue 14), and every label is
matched once per process (labels repeat on every form).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from form_contract.spec import Field

#: Token-sort ratio (0-100) at which two folded labels are the same label with a slip or reordering.
FUZZY_CUTOFF = 90
#: Below this many characters a label must match exactly: 'Ref' and 'Rec' differ by one letter.
FUZZY_MIN_LENGTH = 8


def fold(text: object) -> str:
    """A label folded for matching: lower case, '&' as 'and', punctuation and spacing to one space."""
    if text is None:
        return ""
    return _fold(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split())


@dataclass(frozen=True)
class LabelMatch:
    field: Field
    how: str  # "exact", "similar" or "contains"


class LabelMatcher:
    """Every wording of a set of fields, and the field a written label stands for."""

    def __init__(self, fields: Iterable[Field]) -> None:
        self.fields = tuple(fields)
        self.exact: dict[str, Field] = {}
        for f in self.fields:  # the printed label wins over another field's alias
            self.exact.setdefault(fold(f.label), f)
        for f in self.fields:
            for alias in f.aliases:
                self.exact.setdefault(fold(alias), f)
        self._choices = [w for w in self.exact if len(w) >= FUZZY_MIN_LENGTH]
        # Wordings long enough to be recognised inside a longer heading ('lead agency' in
        # 'lead agency agencies'); a one-word wording like 'action' would be found everywhere.
        # One regular expression, longest wording first, so the search runs in C (ingest reads
        # thousands of cells per file, most of them not labels).
        contained = sorted((w for w in self.exact if " " in w), key=len, reverse=True)
        self._contained = (
            re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, contained)) + r")(?![a-z0-9])")
            if contained
            else None
        )
        longest = max((len(w) for w in self.exact), default=0)
        #: Longer than this is a sentence, not a label (folded length; raw text may be a little longer).
        self.max_length = 2 * longest + 12
        self._cache: dict[str, LabelMatch | None] = {}

    def match(self, label: object) -> LabelMatch | None:
        folded = fold(label)
        if not folded:
            return None
        if folded in self._cache:
            return self._cache[folded]
        result = self._match(folded)
        if len(self._cache) < 20000:
            self._cache[folded] = result
        return result

    def field(self, label: object) -> Field | None:
        found = self.match(label)
        return found.field if found else None

    def _match(self, folded: str) -> LabelMatch | None:
        if folded in self.exact:
            return LabelMatch(self.exact[folded], "exact")
        if len(folded) > self.max_length:
            return None
        if len(folded) >= FUZZY_MIN_LENGTH and self._choices:
            best = process.extractOne(folded, self._choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
            if best is not None:
                return LabelMatch(self.exact[best[0]], "similar")
        # A known wording inside a longer heading, when no other field's wording is also inside it
        # and the heading is not much longer than the wording (a sentence is not a label).
        if self._contained is None:
            return None
        inside = self._contained.findall(folded)
        if not inside or len({self.exact[w].name for w in inside}) != 1:
            return None
        wording = max(inside, key=len)
        rest = f" {folded} ".replace(f" {wording} ", " ", 1)
        if len(folded) <= 2 * len(wording) + 12 and not re.search(r"\d", rest):
            return LabelMatch(self.exact[wording], "contains")
        return None


@lru_cache(maxsize=256)
def _matcher(fields: tuple[Field, ...]) -> LabelMatcher:
    return LabelMatcher(fields)


def matcher(fields: Iterable[Field]) -> LabelMatcher:
    """The matcher for a set of fields, built once per process."""
    return _matcher(tuple(fields))
