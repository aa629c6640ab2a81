"""The labelled corpus: size per theme, only taxonomy codes, well-formed rows."""

from __future__ import annotations

import csv
from collections import Counter

from dhr.themes.corpus import COLUMNS, CORPUS_PATH, MAX_SYNTHETIC_SHARE, TEXT_TYPES, read_corpus, theme_counts
from dhr.themes.taxonomy import theme_codes


def test_header_is_the_documented_columns():
    with CORPUS_PATH.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header[: len(COLUMNS)] == list(COLUMNS)


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
    assert 0.25 <= multi <= 0.5, multi
    lengths = [len(r.text.split()) for r in rows]
    assert min(lengths) <= 4 and max(lengths) >= 60
    assert {"main", "paraphrase", "lockbox"} <= {r.batch for r in rows}
