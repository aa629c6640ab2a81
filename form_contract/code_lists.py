"""Code lists, read from the dbt seeds so Python and SQL share one list (seeds/code_lists/)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from form_contract.paths import CODE_LISTS_DIR


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    parent_code: str | None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _normalise(value: str) -> str:
    """Fold case, punctuation and spacing so 'Not Known', 'not-known ' and 'NOT_KNOWN' match."""
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


#: Ways people write answers that are not the label or the code (Yes/No/Not known grids,
#: 004 Template 25 statuses). Keys are normalised; values are codes.
_SYNONYMS: dict[str, dict[str, str]] = {
    "yes_no_not_known": {"y": "yes", "n": "no", "nk": "not_known", "unknown": "not_known",
                         "not recorded": "not_known", "dk": "not_known", "don t know": "not_known"},
    "action_status": {"r": "red", "a": "amber", "g": "green", "c": "complete", "completed": "complete",
                      "action required": "red", "preparation underway": "amber",
                      "preparation complete and action ongoing": "green", "action completed": "complete",
                      "blue": "complete"},
    "outcome_achieved": {"y": "yes", "n": "no", "part": "partially", "partial": "partially", "partly": "partially"},
    "sex": {"f": "female", "m": "male", "woman": "female", "man": "male", "unknown": "not_known"},
    "scoping_decision": {"commissioned": "commissioned", "not commissioned": "not_commissioned",
                         "dhr not commissioned": "not_commissioned", "commissioned paused": "commissioned_paused",
                         "paused": "commissioned_paused"},
    "death_type": {"homicide": "domestic_homicide", "still to be determined": "to_be_determined",
                   "to be determined": "to_be_determined", "tbd": "to_be_determined", "unknown": "to_be_determined"},
}


#: Decisions and death types written out in words on scoping reviews ("DHR commissioned - paused
#: pending criminal proceedings", "Death by suicide"): when the whole value is not a label, code or
#: synonym, the first rule whose words all appear in it gives the code (003 L283-284, L807).
_KEYWORD_RULES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "scoping_decision": (
        (("not", "commission"), "not_commissioned"),
        (("pause",), "commissioned_paused"),
        (("pending", "criminal"), "commissioned_paused"),
        (("on", "hold"), "commissioned_paused"),
        (("commission",), "commissioned"),
    ),
    "death_type": (
        (("suicide",), "suicide"),
        (("neglect",), "neglect"),
        (("homicide",), "domestic_homicide"),
        (("murder",), "domestic_homicide"),
        (("manslaughter",), "domestic_homicide"),
        (("determined",), "to_be_determined"),
    ),
}


def _keyword_code(code_list: str, normalised: str) -> str | None:
    words = normalised.split()
    for needed, code in _KEYWORD_RULES.get(code_list, ()):
        if all(any(w == n or w.startswith(n) for w in words) for n in needed):
            return code
    return None


class CodeLists:
    """All code lists, with label-or-code resolution for what people type into forms."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self._codes: dict[str, dict[str, Code]] = {}
        for row in rows:
            self._codes.setdefault(row["code_list"], {})[row["code"]] = Code(
                row["code"], row["label"], row["parent_code"] or None
            )
        self._lookup: dict[str, dict[str, str]] = {}
        for name, codes in self._codes.items():
            table = {}
            for code in codes.values():
                table[_normalise(code.code)] = code.code
                table[_normalise(code.label)] = code.code
            table.update(_SYNONYMS.get(name, {}))
            self._lookup[name] = table

    @classmethod
    def load(cls, directory: Path = CODE_LISTS_DIR) -> CodeLists:
        return cls(_read_csv(directory / "code_lists.csv"))

    def names(self) -> list[str]:
        return list(self._codes)

    def codes(self, code_list: str) -> dict[str, Code]:
        return self._codes[code_list]

    def labels(self, code_list: str) -> list[str]:
        return [c.label for c in self._codes[code_list].values()]

    def lookup_keys(self, code_list: str) -> list[str]:
        """Every normalised code, label and synonym of a list (for tolerant matching)."""
        return list(self._lookup[code_list])

    def label(self, code_list: str, code: str) -> str:
        return self._codes[code_list][code].label

    def resolve(self, code_list: str, value: str) -> str | None:
        """The code for a value written as a code, a label or a known synonym; None if unknown.

        Scoping decisions and death types written out in words resolve by `_KEYWORD_RULES`.
        """
        normalised = _normalise(value)
        return self._lookup[code_list].get(normalised) or _keyword_code(code_list, normalised)


@cache
def code_lists() -> CodeLists:
    return CodeLists.load()


@cache
def analysis_factors() -> list[dict[str, str]]:
    return _read_csv(CODE_LISTS_DIR / "analysis_factors.csv")


@cache
def agencies() -> list[dict[str, str]]:
    return _read_csv(CODE_LISTS_DIR / "agencies.csv")


@cache
def protected_characteristics() -> list[dict[str, str]]:
    return _read_csv(CODE_LISTS_DIR / "protected_characteristics.csv")


def asked_subjects(row: dict[str, str]) -> list[str]:
    """Which subjects (victim, perpetrator, children) a grid row asks about."""
    return [s for s in ("victim", "perpetrator", "children") if row.get(f"asked_for_{s}") == "true"]
