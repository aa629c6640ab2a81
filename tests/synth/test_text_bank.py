"""The generator's text bank (dhr/synth/text_bank/*.yml) and its loader (issue 16): the files parse,
are found as package resources, hold no empty or duplicated list, key texts only by the taxonomy's
theme codes, and name only slots that something fills in. How the texts are composed is checked in
test_free_text.py."""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
import yaml

from dhr.synth import text_bank
from dhr.synth.text_bank import FILES, build_text_bank, load_text_bank, read_bank_files
from dhr.themes.taxonomy import theme_codes

CODES = tuple(theme_codes())
THEME_FILES = tuple(name for name in FILES if name != "scoping.yml")
# Slots the code fills in for every theme template (dhr.synth.free_text._lexicon).
CODE_SLOTS = {"A", "Acap", "lead", "Leadcap", "poss"}
SLOT_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Placeholders scoping.yml may use (dhr.synth.free_text._scoping_q*): facts, never random slots.
SCOPING_FACTS = {"v", "p", "rel", "when", "together", "known", "agencies", "Agencies"}


def _lists(node: Any, where: str) -> Iterator[tuple[str, list[Any]]]:
    """Every list in a parsed file, with the path of keys that leads to it."""
    if isinstance(node, list):
        yield where, node
        for i, item in enumerate(node):
            yield from _lists(item, f"{where}[{i}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _lists(value, f"{where}.{key}")


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)


def test_the_bank_is_read_as_package_resources_and_every_yml_file_is_listed():
    package = resources.files(text_bank)
    on_disk = sorted(p.name for p in package.iterdir() if p.name.endswith(".yml"))
    assert on_disk == sorted(FILES)  # a new file would otherwise never be loaded
    for name in FILES:
        assert package.joinpath(name).is_file(), name
    assert set(read_bank_files()) == set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_every_bank_file_parses_and_opens_with_a_comment_on_what_it_feeds(name):
    text = resources.files(text_bank).joinpath(name).read_text(encoding="utf-8")
    assert text.startswith("# "), name
    assert isinstance(yaml.safe_load(text), dict)


@pytest.mark.parametrize("name", FILES)
def test_every_phrase_list_is_non_empty_and_free_of_duplicates(name):
    """Random choice draws each entry once: a duplicate would silently weight a phrase (none is
    meant to), and an empty list would fail only when a generator first reached it."""
    raw = read_bank_files()[name]
    lists = list(_lists(raw, name))
    assert lists
    for where, items in lists:
        assert items, where
        seen = [repr(item) for item in items]
        assert len(seen) == len(set(seen)), (where, sorted({s for s in seen if seen.count(s) > 1}))


@pytest.mark.parametrize("name", THEME_FILES)
def test_texts_are_keyed_only_by_the_taxonomy_theme_codes(name):
    by_theme = read_bank_files()[name]["by_theme"]
    assert set(by_theme) <= set(CODES)
    if name != "slots.yml":  # a theme may have no slots of its own, but must have every kind of text
        assert set(by_theme) == set(CODES)


def test_the_loaded_bank_has_text_for_every_theme_of_the_taxonomy_in_its_order():
    assert list(load_text_bank().themes) == list(CODES)


def test_loading_is_cached():
    assert load_text_bank() is load_text_bank()


def _break(mutate) -> dict[str, Any]:
    files = copy.deepcopy(read_bank_files())
    mutate(files)
    return files


@pytest.mark.parametrize("name", THEME_FILES)
def test_an_unknown_theme_code_fails_when_the_bank_is_loaded(name):
    def add_unknown(files: dict[str, Any]) -> None:
        themes = files[name]["by_theme"]
        themes["risk_assesment"] = copy.deepcopy(themes["risk_assessment"])  # a typo of a real code

    with pytest.raises(ValueError, match=rf"{re.escape(name)}.*risk_assesment"):
        build_text_bank(_break(add_unknown), CODES)


def test_a_theme_with_no_text_fails_when_the_bank_is_loaded():
    with pytest.raises(ValueError, match=r"actions\.yml.*equality_access"):
        build_text_bank(_break(lambda f: f["actions.yml"]["by_theme"].pop("equality_access")), CODES)


def test_an_unknown_theme_code_under_also_fails_when_the_bank_is_loaded():
    def tag_unknown(files: dict[str, Any]) -> None:
        frames = files["recommendations.yml"]["by_theme"]["risk_assessment"]["single_agency"]
        frames[0] = {"text": frames[0], "also": ["not_a_theme"]}

    with pytest.raises(ValueError, match="not_a_theme"):
        build_text_bank(_break(tag_unknown), CODES)


def test_a_duplicated_phrase_fails_when_the_bank_is_loaded():
    def duplicate(files: dict[str, Any]) -> None:
        actions = files["actions.yml"]["by_theme"]["housing_homelessness"]["actions"]
        actions.append(actions[0])

    with pytest.raises(ValueError, match="listed twice"):
        build_text_bank(_break(duplicate), CODES)


def test_a_misspelt_key_fails_when_the_bank_is_loaded():
    def misspell(files: dict[str, Any]) -> None:
        files["progress.yml"]["red_reasons"] = files["progress.yml"].pop("red_reason")

    with pytest.raises(ValueError, match="red_reason"):
        build_text_bank(_break(misspell), CODES)


def test_every_slot_a_theme_template_names_is_filled_by_the_bank_or_the_code():
    """A misspelt {slot} would raise only when that phrase is first drawn."""
    bank = load_text_bank()
    progress_slots = {"deliv", "Deliv", "evidence", *bank.progress.slots}
    for code, theme in bank.themes.items():
        lex = CODE_SLOTS | set(bank.shared_slots) | set(theme.slots)
        families = {
            "slots": (lex, [v for values in (*bank.shared_slots.values(), *theme.slots.values()) for v in values]),
            "recommendations": (
                lex,
                [f.text for f in theme.rec_single_agency + theme.rec_multi_agency + theme.rec_national]
                + list(theme.focus + theme.purpose + bank.recommendations.local_tails),
            ),
            "mentions": (
                lex | {"focus", "pred"},
                list(bank.recommendations.sentence_mentions + bank.recommendations.predicate_mentions)
                + [clause for _, clause in bank.recommendations.clause_mentions],
            ),
            "actions": (lex, list(theme.actions + theme.outcomes + theme.learning + theme.deliverables)),
            "milestones": (lex | {"deliv", "Deliv"}, list(theme.milestones + bank.deliverable_milestones)),
            "progress": (
                lex | progress_slots,
                [t for ts in bank.progress.updates.values() for t in ts]
                + list(theme.evidence)
                + [t for ts in bank.progress.slots.values() for t in ts],
            ),
        }
        for family, (allowed, templates) in families.items():
            for template in templates:
                unknown = set(SLOT_RE.findall(template)) - allowed
                assert not unknown, (code, family, template, unknown)


def test_scoping_answers_name_only_the_facts_the_code_fills_in():
    """scoping.yml is filled with str.format, not the slot expander: no [a|b], only known facts."""
    for text in _strings(read_bank_files()["scoping.yml"]):
        fields = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
        assert fields <= SCOPING_FACTS, (text, fields - SCOPING_FACTS)
        assert not re.search(r"\[[^\]]*\|", text), text
