"""Small pure helpers: the abbreviation normaliser, the keyword baseline and fold assignment."""

from __future__ import annotations

import numpy as np

from dhr.themes.corpus import label_matrix, read_corpus
from dhr.themes.folds import iterative_stratified_folds
from dhr.themes.keywords import KEYWORDS, keyword_hits
from dhr.themes.normalise import normalise_text
from dhr.themes.taxonomy import theme_codes


def test_normaliser_expands_abbreviations_whole_words_only():
    out = normalise_text("Refer to MARAC; IDVAs and the GP's A&E notes")
    assert "marac multi agency risk assessment conference" in out
    assert "independent domestic violence advisor" in out
    assert "general practitioner" in out
    assert "emergency department" in out
    assert "multi agency" not in normalise_text("The Marathon group")  # no match inside a word
    assert normalise_text("the ed team") == "the ed team"  # ambiguous short forms: capitals only
    assert "emergency department" in normalise_text("the ED team")
    assert normalise_text("") == "" and normalise_text(None) == ""


def test_normaliser_maps_everyday_words_to_practice_terms():
    assert "suicide" in normalise_text("She said she wanted to end her life")
    assert "strangulation" in normalise_text("He put his hands round her neck")


def test_keyword_baseline_covers_every_theme_and_matches_whole_words():
    assert set(KEYWORDS) == set(theme_codes())
    assert "health_response" in keyword_hits("Ask the GP")
    assert "health_response" not in keyword_hits("a focus group")
    assert keyword_hits("") == []


def test_iterative_stratification_is_balanced_and_deterministic():
    rows = read_corpus()
    y = label_matrix(rows)
    a = iterative_stratified_folds(y, 5, seed=1)
    b = iterative_stratified_folds(y, 5, seed=1)
    assert (a == b).all()
    assert set(a) == set(range(5))
    sizes = np.bincount(a)
    assert sizes.max() - sizes.min() <= 0.05 * len(rows)
    for j in range(y.shape[1]):  # every theme appears in every fold, close to its share
        per_fold = np.bincount(a[y[:, j] == 1], minlength=5)
        assert per_fold.min() >= per_fold.max() - 3
