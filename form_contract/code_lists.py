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
    "yes_no_not_known": {
        "y": "yes",
        "n": "no",
        "nk": "not_known",
        "unknown": "not_known",
        "not recorded": "not_known",
        "dk": "not_known",
        "don t know": "not_known",
        "n k": "not_known",
        "unk": "not_known",
        "not stated": "not_known",
        "none": "no",
        "none known": "no",
        "nil": "no",
        "true": "yes",
        "false": "no",
    },
    "action_status": {
        "r": "red",
        "a": "amber",
        "g": "green",
        "c": "complete",
        "completed": "complete",
        "action required": "red",
        "preparation underway": "amber",
        "preparation complete and action ongoing": "green",
        "action completed": "complete",
        "blue": "complete",
    },
    "outcome_achieved": {"y": "yes", "n": "no", "part": "partially", "partial": "partially", "partly": "partially"},
    "sex": {
        "f": "female",
        "m": "male",
        "woman": "female",
        "man": "male",
        "unknown": "not_known",
        "girl": "female",
        "boy": "male",
        "n k": "not_known",
        "nk": "not_known",
    },
    # Data capture code lists as CSPs write them on the Home Office data collection form (004 L4186-4256).
    "relationship": {
        "husband": "spouse_or_civil_partner",
        "wife": "spouse_or_civil_partner",
        "spouse": "spouse_or_civil_partner",
        "civil partner": "spouse_or_civil_partner",
        "married": "spouse_or_civil_partner",
        "partner cohabiting": "partner",
        "cohabiting partner": "partner",
        "boyfriend": "partner",
        "girlfriend": "partner",
        "intimate partner": "partner",
        "partner": "partner",
        "ex partner": "ex_spouse_or_ex_partner",
        "former partner": "ex_spouse_or_ex_partner",
        "ex husband": "ex_spouse_or_ex_partner",
        "ex wife": "ex_spouse_or_ex_partner",
        "ex boyfriend": "ex_spouse_or_ex_partner",
        "ex girlfriend": "ex_spouse_or_ex_partner",
        "ex spouse": "ex_spouse_or_ex_partner",
        "former spouse": "ex_spouse_or_ex_partner",
        "mother": "parent",
        "father": "parent",
        "mum": "parent",
        "dad": "parent",
        "stepmother": "parent",
        "stepfather": "parent",
        "son": "child",
        "daughter": "child",
        "stepson": "child",
        "stepdaughter": "child",
        "child": "child",
        "brother": "sibling",
        "sister": "sibling",
        "half brother": "sibling",
        "half sister": "sibling",
        "sibling": "sibling",
        "grandmother": "grandparent",
        "grandfather": "grandparent",
        "grandson": "grandchild",
        "granddaughter": "grandchild",
        "uncle": "other_relative",
        "aunt": "other_relative",
        "nephew": "other_relative",
        "niece": "other_relative",
        "cousin": "other_relative",
        "in law": "other_relative",
        "mother in law": "other_relative",
        "father in law": "other_relative",
        "son in law": "other_relative",
        "daughter in law": "other_relative",
        "lodger": "household_member",
        "housemate": "household_member",
        "flatmate": "household_member",
        "carer": "household_member",
        "unknown": "not_known",
        "n k": "not_known",
        "nk": "not_known",
    },
    "child_relationship": {
        "child of both": "child_of_both",
        "joint child": "child_of_both",
        "child of victim": "child_of_victim",
        "victim s child": "child_of_victim",
        "child of the victim": "child_of_victim",
        "child of perpetrator": "child_of_perpetrator",
        "perpetrator s child": "child_of_perpetrator",
        "stepchild": "other_child",
        "other child": "other_child",
    },
    "ethnicity": {
        "white british": "white_british",
        "white english": "white_british",
        "white welsh": "white_british",
        "white scottish": "white_british",
        "british white": "white_british",
        "white uk": "white_british",
        "white irish": "white_irish",
        "white other": "white_other",
        "other white": "white_other",
        "white european": "white_other",
        "white eastern european": "white_other",
        "white gypsy": "white_gypsy_traveller",
        "gypsy or irish traveller": "white_gypsy_traveller",
        "traveller": "white_gypsy_traveller",
        "indian": "asian_indian",
        "british indian": "asian_indian",
        "pakistani": "asian_pakistani",
        "british pakistani": "asian_pakistani",
        "bangladeshi": "asian_bangladeshi",
        "chinese": "asian_chinese",
        "asian other": "asian_other",
        "other asian": "asian_other",
        "black african": "black_african",
        "african": "black_african",
        "black caribbean": "black_caribbean",
        "caribbean": "black_caribbean",
        "black british": "black_other",
        "black other": "black_other",
        "arab": "other_arab",
        "mixed white and black caribbean": "mixed_white_black_caribbean",
        "mixed white and black african": "mixed_white_black_african",
        "mixed white and asian": "mixed_white_asian",
        "mixed other": "mixed_other",
        "mixed": "mixed_other",
        "unknown": "not_known",
        "n k": "not_known",
        "nk": "not_known",
        "not stated": "not_known",
    },
    "nationality": {
        "uk": "british",
        "united kingdom": "british",
        "english": "british",
        "welsh": "british",
        "scottish": "british",
        "northern irish": "british",
        "british citizen": "british",
        "gb": "british",
        "irish citizen": "irish",
        "republic of ireland": "irish",
        "eu": "eu_eea",
        "eea": "eu_eea",
        "eu national": "eu_eea",
        "polish": "eu_eea",
        "romanian": "eu_eea",
        "lithuanian": "eu_eea",
        "latvian": "eu_eea",
        "portuguese": "eu_eea",
        "italian": "eu_eea",
        "spanish": "eu_eea",
        "french": "eu_eea",
        "german": "eu_eea",
        "bulgarian": "eu_eea",
        "slovak": "eu_eea",
        "czech": "eu_eea",
        "hungarian": "eu_eea",
        "dutch": "eu_eea",
        "greek": "eu_eea",
        "swiss": "eu_eea",
        "norwegian": "eu_eea",
        "estonian": "eu_eea",
        "indian": "other",
        "pakistani": "other",
        "bangladeshi": "other",
        "nigerian": "other",
        "chinese": "other",
        "afghan": "other",
        "syrian": "other",
        "eritrean": "other",
        "iranian": "other",
        "iraqi": "other",
        "jamaican": "other",
        "somali": "other",
        "american": "other",
        "albanian": "other",
        "ukrainian": "other",
        "unknown": "not_known",
        "n k": "not_known",
        "nk": "not_known",
    },
    "religion": {
        "none": "no_religion",
        "no religion": "no_religion",
        "no": "no_religion",
        "nil": "no_religion",
        "atheist": "no_religion",
        "agnostic": "no_religion",
        "christianity": "christian",
        "c of e": "christian",
        "church of england": "christian",
        "catholic": "christian",
        "roman catholic": "christian",
        "rc": "christian",
        "anglican": "christian",
        "methodist": "christian",
        "baptist": "christian",
        "church of wales": "christian",
        "islam": "muslim",
        "sikhism": "sikh",
        "hinduism": "hindu",
        "judaism": "jewish",
        "buddhism": "buddhist",
        "unknown": "not_known",
        "n k": "not_known",
        "nk": "not_known",
        "not stated": "not_known",
    },
    "sexual_orientation": {
        "heterosexual": "heterosexual",
        "straight": "heterosexual",
        "hetero": "heterosexual",
        "gay": "gay_or_lesbian",
        "lesbian": "gay_or_lesbian",
        "homosexual": "gay_or_lesbian",
        "bi": "bisexual",
        "unknown": "not_known",
        "n k": "not_known",
        "nk": "not_known",
        "not stated": "not_known",
    },
    "verdict": {
        "murder": "murder",
        "guilty murder": "murder",
        "guilty of murder": "murder",
        "murder conviction": "murder",
        "manslaughter": "manslaughter",
        "guilty manslaughter": "manslaughter",
        "guilty of manslaughter": "manslaughter",
        "manslaughter by reason of diminished responsibility": "manslaughter_diminished",
        "diminished responsibility": "manslaughter_diminished",
        "not guilty": "acquitted",
        "perpetrator died": "perpetrator_deceased",
        "homicide suicide": "perpetrator_deceased",
        "suicide": "perpetrator_deceased",
        "deceased": "perpetrator_deceased",
        "awaiting trial": "awaiting_trial",
        "trial pending": "awaiting_trial",
        "no further action": "no_charge",
        "nfa": "no_charge",
        "n a": "not_applicable",
        "not applicable": "not_applicable",
    },
    "place_of_death": {
        "victim home": "victim_home",
        "victims home": "victim_home",
        "victim s home": "victim_home",
        "victim s address": "victim_home",
        "her home": "victim_home",
        "his home": "victim_home",
        "shared home": "shared_home",
        "joint home": "shared_home",
        "family home": "shared_home",
        "home address": "shared_home",
        "perpetrator s home": "perpetrator_home",
        "perpetrator s address": "perpetrator_home",
        "street": "public_place",
        "public": "public_place",
        "park": "public_place",
        "unknown": "not_known",
    },
    "method": {
        "knife": "sharp_instrument",
        "stabbing": "sharp_instrument",
        "stabbed": "sharp_instrument",
        "sharp object": "sharp_instrument",
        "blunt object": "blunt_instrument",
        "blunt force": "blunt_instrument",
        "blunt force trauma": "blunt_instrument",
        "strangulation": "strangulation",
        "strangled": "strangulation",
        "asphyxiation": "strangulation",
        "suffocation": "strangulation",
        "smothering": "strangulation",
        "beating": "hitting_kicking",
        "assault": "hitting_kicking",
        "kicking": "hitting_kicking",
        "punching": "hitting_kicking",
        "physical assault": "hitting_kicking",
        "gun": "shooting",
        "firearm": "shooting",
        "shot": "shooting",
        "fire": "burning",
        "arson": "burning",
        "poison": "poisoning",
        "overdose": "poisoning",
        "drugs": "poisoning",
        "unknown": "not_known",
    },
    "scoping_decision": {
        "commissioned": "commissioned",
        "not commissioned": "not_commissioned",
        "dhr not commissioned": "not_commissioned",
        "commissioned paused": "commissioned_paused",
        "paused": "commissioned_paused",
    },
    "death_type": {
        "homicide": "domestic_homicide",
        "still to be determined": "to_be_determined",
        "to be determined": "to_be_determined",
        "tbd": "to_be_determined",
        "unknown": "to_be_determined",
    },
}


#: Decisions and death types written out in words on scoping reviews ("DHR commissioned - paused
#: pending criminal proceedings", "Death by suicide"): when the whole value is not a label, code or
#: synonym, the first rule whose words all appear in it gives the code (003 L283-284, L807).
_KEYWORD_RULES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "scoping_decision": (
        (("not$", "commission"), "not_commissioned"),
        (("no$", "dhr$"), "not_commissioned"),
        (("not$", "meet"), "not_commissioned"),
        (("declin",), "not_commissioned"),
        (("pause",), "commissioned_paused"),
        (("pending", "criminal"), "commissioned_paused"),
        (("on", "hold"), "commissioned_paused"),
        (("commission",), "commissioned"),
    ),
    "verdict": (
        (("diminished",), "manslaughter_diminished"),
        (("manslaughter",), "manslaughter"),
        (("murder",), "murder"),
        (("acquit",), "acquitted"),
        (("not$", "guilty"), "acquitted"),
        (("awaiting",), "awaiting_trial"),
        (("trial", "pending"), "awaiting_trial"),
        (("took", "own", "life"), "perpetrator_deceased"),
        (("deceased",), "perpetrator_deceased"),
        (("no", "charge"), "no_charge"),
    ),
    "place_of_death": (
        (("couple",), "shared_home"),
        (("shared",), "shared_home"),
        (("family", "home"), "shared_home"),
        (("perpetrator",), "perpetrator_home"),
        (("victim",), "victim_home"),
        (("street",), "public_place"),
        (("park",), "public_place"),
        (("public",), "public_place"),
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
        # a word ending in '$' must be that word exactly ('no$' is not 'notified'); others are stems
        if all(any(w == n.rstrip("$") or (not n.endswith("$") and w.startswith(n)) for w in words) for n in needed):
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
        self._as_written: dict[str, set[str]] = {
            name: {_normalise(c.code) for c in codes.values()} | {_normalise(c.label) for c in codes.values()}
            for name, codes in self._codes.items()
        }
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

    def is_as_written(self, code_list: str, value: str) -> bool:
        """Whether a value is the code or the label itself, not a synonym read into one ('F' for Female)."""
        return _normalise(value) in self._as_written[code_list]

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
