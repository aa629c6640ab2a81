"""Resolve a Community Safety Partnership, as written on a form, to its ONS code.

Forms carry the CSP as people write it (004 L4160 'Name of the Community Safety Partnership';
003 L746, L807): the official name, a branded or older name, 'Medway CSP', or the ONS code
itself. `seeds/reference/csps.csv` (csp_code, csp_name, force_area_code, ...) and
`seeds/reference/csp_aliases.csv` (alias, csp_code) say which is which; names are compared with
case, punctuation, '&'/'and' and the word 'the' folded away. An unknown name is an error that
offers the closest official names, so the officer can correct the form.

The police force written on the data capture form (004 L4166) is checked against the CSP's force
area with `seeds/reference/force_areas.csv` the same way.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from form_contract.paths import REFERENCE_DIR
from ingest.values import or_list

#: Words around a CSP name that do not tell partnerships apart ("Medway Community Safety Partnership").
_CSP_AFFIXES = (
    "district community safety partnership",
    "community safety partnership",
    "community safety partnership board",
    "safer communities partnership",
    "csp",
    "partnership",
    "metropolitan borough council",
    "borough council",
    "city council",
    "county council",
    "district council",
    "council",
)
_CSP_PREFIXES = ("london borough of", "royal borough of", "borough of", "city of", "county of")
#: Words around a police force name: 'Kent Police', 'Avon and Somerset Constabulary'.
_FORCE_AFFIXES = ("police service", "police force", "police", "constabulary", "force")
_CODE = re.compile(r"[EW]\d{8}", re.IGNORECASE)


#: Words and initialisms that appear in DHR paperwork and are never a partnership's name on their own.
_NOT_NAMES = frozenset(
    {
        "dhr",
        "csp",
        "csps",
        "ssp",
        "the",
        "review",
        "action",
        "plan",
        "domestic",
        "homicide",
        "partnership",
        "community",
        "safety",
        "safer",
        "council",
        "police",
        "ref",
        "rag",
        "nhs",
        "icb",
        "asc",
        "idva",
        "marac",
        "mappa",
        "home",
        "office",
        "update",
        "district",
        "borough",
        "city",
        "county",
        "and",
        "of",
        "dap",
        "dapb",
        "sab",
        "lscb",
        "cin",
        "mash",
        "gp",
        "ed",
        "opcc",
        "pcc",
        "sr",
        "ap",
        "dc",
        "v",
        "final",
        "draft",
        "version",
    }
)


class UnknownName(ValueError):
    """A CSP or force name not in the reference lists; the message offers the closest names."""


def fold_name(text: str) -> str:
    """Case, punctuation, '&' and 'the' folded: 'The St. Helens C.S.P.' -> 'st helens c s p'."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ").replace(".", "")).split()
    return " ".join(w for w in words if w != "the")


def _strip_affixes(folded: str, suffixes: tuple[str, ...], prefixes: tuple[str, ...] = ()) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if folded.endswith(" " + suffix):
                folded, changed = folded[: -len(suffix) - 1], True
        for prefix in prefixes:
            if folded.startswith(prefix + " "):
                folded, changed = folded[len(prefix) + 1 :], True
    return folded


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Csp:
    code: str
    name: str
    force_area_code: str | None


class _NameIndex:
    """Folded names -> code, with a looser index (affixes stripped) used only where it is unambiguous."""

    def __init__(self, suffixes: tuple[str, ...], prefixes: tuple[str, ...] = ()) -> None:
        self._suffixes, self._prefixes = suffixes, prefixes
        self.exact: dict[str, str] = {}
        self._loose: dict[str, set[str]] = {}
        self.display: dict[str, str] = {}  # folded name -> name as written in the reference files

    def add(self, name: str, code: str, *, official: bool) -> None:
        folded = fold_name(name)
        if not folded:
            return
        if official or folded not in self.exact:
            self.exact[folded] = code
        self.display.setdefault(folded, name)
        self._loose.setdefault(_strip_affixes(folded, self._suffixes, self._prefixes), set()).add(code)

    def lookup(self, name: str) -> str | None:
        folded = fold_name(name)
        if folded in self.exact:
            return self.exact[folded]
        codes = self._loose.get(_strip_affixes(folded, self._suffixes, self._prefixes), set())
        return next(iter(codes)) if len(codes) == 1 else None

    def loose(self, stripped: str) -> set[str]:
        """Codes whose name, with its affixes stripped, is `stripped`."""
        return self._loose.get(stripped, set())

    def closest(self, name: str, n: int = 3) -> list[str]:
        """Folded names closest to `name`, best first."""
        folded = fold_name(name)
        stripped = _strip_affixes(folded, self._suffixes, self._prefixes)
        candidates = list(self.exact)
        matches = difflib.get_close_matches(folded, candidates, n=n * 4, cutoff=0.6)
        matches += difflib.get_close_matches(stripped, candidates, n=n * 4, cutoff=0.6)
        return sorted(
            set(matches),
            key=lambda m: (
                -max(
                    difflib.SequenceMatcher(None, folded, m).ratio(), difflib.SequenceMatcher(None, stripped, m).ratio()
                )
            ),
        )


class CspDirectory:
    """The CSPs and police force areas of England and Wales, for resolving names written on forms."""

    def __init__(self, reference_dir: Path = REFERENCE_DIR) -> None:
        self.reference_dir = Path(reference_dir)
        self.csps: dict[str, Csp] = {}
        self._csp_index = _NameIndex(_CSP_AFFIXES, _CSP_PREFIXES)
        for row in _read(self.reference_dir / "csps.csv"):
            csp = Csp(
                row["csp_code"].strip(), row["csp_name"].strip(), (row.get("force_area_code") or "").strip() or None
            )
            self.csps[csp.code] = csp
            self._csp_index.add(csp.name, csp.code, official=True)
        aliases = self.reference_dir / "csp_aliases.csv"
        if aliases.exists():
            for row in _read(aliases):
                code = row["csp_code"].strip()
                if code in self.csps:
                    self._csp_index.add(row["alias"].strip(), code, official=False)

        self._short, self._initialisms = self._short_names()

        self.force_areas: dict[str, str] = {}  # code -> name
        self._force_index = _NameIndex(_FORCE_AFFIXES)
        forces = self.reference_dir / "force_areas.csv"
        if forces.exists():
            for row in _read(forces):
                self.force_areas[row["force_area_code"].strip()] = row["force_area_name"].strip()
                self._force_index.add(row["force_area_name"].strip(), row["force_area_code"].strip(), official=True)

    def resolve(self, written: str) -> str:
        """The csp_code for a CSP name, alias or code as written; `UnknownName` with suggestions if unknown."""
        text = written.strip()
        if _CODE.fullmatch(text) and text.upper() in self.csps:
            return text.upper()
        code = self._csp_index.lookup(text)
        if code is not None:
            return code
        named = self.find_in_text(text)  # 'B&NES Community Safety Partnership', 'Safer Stockport Partnership'
        if len(named) == 1:
            return named[0][0]
        suggestions: list[str] = []
        for folded in self._csp_index.closest(text):
            name = self.csps[self._csp_index.exact[folded]].name
            if name not in suggestions:
                suggestions.append(name)
        hint = (
            f"did you mean {or_list(suggestions[:3])}?"
            if suggestions
            else "write the partnership's name as on the ONS list of Community Safety Partnerships, or its ONS code"
        )
        raise UnknownName(f"'{text}' is not a Community Safety Partnership we know: {hint}")

    def name(self, csp_code: str) -> str:
        return self.csps[csp_code].name

    def is_code(self, text: str) -> bool:
        return bool(_CODE.fullmatch(text.strip())) and text.strip().upper() in self.csps

    def find_in_text(self, text: str) -> list[tuple[str, str]]:
        """(csp_code, words) for each partnership named in a title or sentence, longest names first.

        'Safer Stockport Partnership – Domestic Homicide Review Action Plan' names Stockport; a
        shortened name ('Southend' for Southend-on-Sea) or an initialism ('CW&C', 'B&NES') counts
        when only one partnership has it (`_short_names`).
        """
        words = fold_name(text).split()
        found: list[tuple[str, str]] = []
        taken: set[int] = set()
        spans = sorted(
            ((i, j) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 7) + 1)),
            key=lambda ij: ij[0] - ij[1],
        )
        for i, j in spans:
            if taken & set(range(i, j)):
                continue
            phrase = " ".join(words[i:j])
            code = self._csp_index.exact.get(phrase) or self._short.get(phrase)
            if code is None and phrase not in _NOT_NAMES:
                # 'Stockport' inside 'Safer Stockport Partnership': the name with its affixes stripped.
                codes = self._csp_index.loose(_strip_affixes(phrase, _CSP_AFFIXES, _CSP_PREFIXES))
                code = next(iter(codes)) if len(codes) == 1 else None
            if code is not None and phrase not in _NOT_NAMES:
                found.append((code, " ".join(text.split()) if len(words) <= 8 else phrase))
                taken |= set(range(i, j))
        # Initialisms only where written in capitals ('CW&C', 'BANES'), never a word like 'bad'.
        for token in re.findall(r"(?<![\w&])[A-Z][A-Z&]*[A-Z](?![\w&])", text):
            code = self._initialisms.get(fold_name(token))
            if code is not None:
                found.append((code, " ".join(text.split()) if len(words) <= 8 else token))
        unique: dict[str, str] = {}
        for code, evidence in found:
            unique.setdefault(code, evidence)
        return list(unique.items())

    def _short_names(self) -> tuple[dict[str, str], dict[str, str]]:
        """Shortened names and initialisms that name exactly one partnership.

        'Southend-on-Sea' -> 'southend'; 'Herefordshire, County of' -> 'herefordshire';
        'Cheshire West and Chester' -> 'cwac', 'cw and c' (CW&C), 'cwc'; 'Bath and North East
        Somerset' -> 'banes', 'b and nes' (B&NES). Any that two partnerships share are dropped.
        """
        candidates: dict[str, set[str]] = {}
        initials: dict[str, set[str]] = {}
        for csp in self.csps.values():
            folded = fold_name(csp.name)
            shorts, initials_of = set(), set()
            base = re.split(r" (?:on sea|upon \w+|under \w+|on \w+|county of|city of)$", folded)[0]
            base = re.sub(r" (?:county|city) of$", "", base)
            if base != folded:
                shorts.add(base)
            words = [w for w in folded.split() if w not in ("of", "county", "city")]
            if len(words) >= 3:
                initials_of.add("".join(w[0] for w in words))
                if "and" in words:
                    k = words.index("and")
                    initials_of.add("".join(w[0] for w in words[:k]) + " and " + "".join(w[0] for w in words[k + 1 :]))
                    initials_of.add("".join(w[0] for w in words if w != "and"))
            for short in shorts:
                candidates.setdefault(short, set()).add(csp.code)
            for short in initials_of:
                if len(short.replace(" and ", "")) >= 3 and short not in _NOT_NAMES:
                    initials.setdefault(short, set()).add(csp.code)
        known = set(self._csp_index.exact)

        def unique(found: dict[str, set[str]]) -> dict[str, str]:
            return {
                k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k not in known and k not in _NOT_NAMES
            }

        return unique(candidates), unique(initials)

    def resolve_force_area(self, written: str) -> str:
        """The force_area_code of a police force as written ('Kent Police'); `UnknownName` if unknown."""
        text = written.strip()
        if text.upper() in self.force_areas:
            return text.upper()
        code = self._force_index.lookup(text)
        if code is not None:
            return code
        suggestions = [self._force_index.display[f] for f in self._force_index.closest(text)][:3]
        hint = f"did you mean {or_list(suggestions)}?" if suggestions else "write the name of the police force area"
        raise UnknownName(f"'{text}' is not a police force area of England and Wales: {hint}")

    def check_force_area(self, csp_code: str, written: str) -> str | None:
        """An error message if the police force written does not cover the CSP, else None."""
        if not self.force_areas:
            return None  # no force reference to check against
        try:
            force = self.resolve_force_area(written)
        except UnknownName as exc:
            return str(exc)
        csp = self.csps[csp_code]
        if csp.force_area_code and force != csp.force_area_code:
            expected = self.force_areas.get(csp.force_area_code, csp.force_area_code)
            return f"'{written.strip()}' does not match the CSP: {csp.name} is in the {expected} police force area"
        return None


@cache
def _directory(reference_dir: Path) -> CspDirectory:
    return CspDirectory(reference_dir)


def csp_directory(reference_dir: Path | None = None) -> CspDirectory:
    """The directory for `reference_dir` (default `form_contract.paths.REFERENCE_DIR`), read once per process."""
    return _directory(Path(reference_dir or REFERENCE_DIR).resolve())


def resolve_csp(written: str, reference_dir: Path | None = None) -> str:
    """csp_code for a CSP as written on a form; raises `UnknownName` with up to three suggestions."""
    return csp_directory(reference_dir).resolve(written)
