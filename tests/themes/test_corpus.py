"""The labelled corpus: size per theme, only taxonomy codes, well-formed rows."""

from __future__ import annotations

import csv
from collections import Counter

from dhr.themes.corpus import (
    COLUMNS,
    CORPUS_PATH,
    MAX_SYNTHETIC_SHARE,
    TEXT_TYPES,
    read_confirmation,
    read_corpus,
    read_heldback,
    theme_counts,
    training_paths,
)
from dhr.themes.taxonomy import theme_codes


def test_header_is_the_documented_columns():
    for path in training_paths():
        with path.open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert header[: len(COLUMNS)] == list(COLUMNS), path
    assert CORPUS_PATH in training_paths() and len(training_paths()) > 1


def test_at_least_40_examples_per_theme_and_only_taxonomy_codes():
    rows = read_corpus()
    codes = set(theme_codes())
    assert all(set(r.themes) <= codes for r in rows)
    counts = theme_counts(rows)
    assert set(counts) == codes
    assert min(counts.values()) >= 40, counts
    assert sum(counts.values()) >= 700


def test_handwritten_rows_stand_on_their_own():
    rows = read_corpus()
    handwritten = [r for r in rows if r.source == "handwritten"]
    assert min(theme_counts(handwritten).values()) >= 40
    assert sum(r.source == "synthetic" for r in rows) <= MAX_SYNTHETIC_SHARE * len(rows)


def test_rows_are_well_formed_and_varied():
    rows = read_corpus()
    assert len({r.text_id for r in rows}) == len(rows)
    texts = Counter(" ".join(r.text.lower().split()) for r in rows)
    assert texts.most_common(1)[0][1] == 1, "duplicate texts"
    assert {r.text_type for r in rows} == set(TEXT_TYPES)
    assert all("|" not in r.text and "\n" not in r.text for r in rows)
    multi = sum(len(r.themes) > 1 for r in rows) / len(rows)
    assert 0.25 <= multi <= 0.6, multi
    lengths = [len(r.text.split()) for r in rows]
    assert min(lengths) <= 4 and max(lengths) >= 60
    assert {"main", "paraphrase", "lockbox", "register"} <= {r.batch for r in rows}


def _folded(text: str) -> str:
    return " ".join(text.lower().split())


def test_the_published_register_has_60_texts_per_theme_at_least_half_of_them_multi_theme():
    """Issue 20: real recommendations are longer, address agencies and carry two or three themes."""
    register = [r for r in read_corpus() if r.batch == "register"]
    assert min(theme_counts(register).values()) >= 60, theme_counts(register)
    assert sum(len(r.themes) > 1 for r in register) >= len(register) / 2
    assert all(len(r.themes) <= 3 for r in register)


def test_the_held_back_slice_is_never_trained_on_and_covers_every_theme():
    held = read_heldback()
    training = {_folded(r.text) for r in read_corpus()}
    assert not [r.text_id for r in held if _folded(r.text) in training]
    assert not {r.text_id for r in held} & {r.text_id for r in read_corpus()}
    assert {r.batch for r in held} == {"heldback"}
    assert min(theme_counts(held).values()) >= 20, theme_counts(held)
    assert sum(len(r.themes) > 1 for r in held) >= len(held) / 2


def test_the_confirmation_slice_is_never_trained_on_and_is_apart_from_the_held_back_slice():
    """The third writer's slice, scored only after the model was chosen (docs/themes.md 2.2b)."""
    confirmation = read_confirmation()
    training = {_folded(r.text) for r in read_corpus()}
    held = {_folded(r.text) for r in read_heldback()}
    assert not [r.text_id for r in confirmation if _folded(r.text) in training | held]
    assert not {r.text_id for r in confirmation} & {r.text_id for r in [*read_corpus(), *read_heldback()]}
    assert {r.batch for r in confirmation} == {"confirm"}
    assert min(theme_counts(confirmation).values()) >= 20, theme_counts(confirmation)
    assert sum(len(r.themes) > 1 for r in confirmation) >= len(confirmation) / 2
