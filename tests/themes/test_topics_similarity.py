"""Emerging topics (deterministic NMF) and repeated-learning links (earlier, same CSP and force)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np

from dhr.themes.corpus import read_corpus
from dhr.themes.similarity import DEFAULT_THRESHOLD, Recommendation, similar_recommendations, similarity_matrix
from dhr.themes.topics import LABEL_MAX_WORDS, discover_topics, topic_label

PAIRS = Path(__file__).with_name("similarity_pairs.csv")


def test_topics_are_deterministic_and_well_formed():
    texts = [r.text for r in read_corpus()][:400]
    a = discover_topics(texts, n_topics=6, seed=3)
    b = discover_topics(texts, n_topics=6, seed=3)
    assert a == b
    assert len(a) == 6
    assert sum(t.share for t in a) <= 1.0 + 1e-9
    assert [t.size for t in a] == sorted((t.size for t in a), reverse=True)
    for t in a:
        assert t.top_terms and t.label and t.example_texts
        assert all(texts[i] == e for i, e in zip(t.example_indices, t.example_texts, strict=True))


def test_a_topic_is_named_by_a_phrase_from_its_own_texts_not_a_word_list():
    """Issue 19: "family / limited / assumptions" told readers nothing."""
    texts = [r.text for r in read_corpus()][:400]
    for t in discover_topics(texts, n_topics=6, seed=3):
        assert " / " not in t.label
        words = t.label.split()
        assert 2 <= len(words) <= LABEL_MAX_WORDS, t.label
        assert any(t.label.lower() in e.lower() for e in t.example_texts) or " and " in t.label, t.label


def test_a_topic_label_is_the_shortest_run_that_holds_most_of_its_top_words():
    text = "Professionals made assumptions about the family's limited English and did not book an interpreter."
    assert topic_label(("assumptions", "family", "limited", "interpreter"), [text]) == (
        "Assumptions about the family's limited"
    )
    assert topic_label(("clare", "law", "disclosure"), ["Promote Clare's Law disclosure to those at risk."]) == (
        "Clare's Law disclosure"
    )
    assert topic_label(("marac", "referral"), ["Nothing in common here."]) == "Marac and referral"


def test_topics_handle_tiny_and_empty_input():
    assert discover_topics([]) == []
    assert discover_topics(["", "  "]) == []
    few = discover_topics(["Refer to MARAC", "Train officers on DASH"], n_topics=8)
    assert 1 <= len(few) <= 2


def _rec(i, text, csp="CSP01", force="F01", day="2022-01-01", dhr=None):
    return Recommendation(
        id=i, text=text, csp_code=csp, force_area_code=force, date=date.fromisoformat(day), dhr_id=dhr
    )


def test_links_only_to_earlier_recommendations_in_the_same_csp_and_force_area():
    text = "All high-risk cases should be referred to MARAC within one working day."
    records = [
        _rec("early", "Refer all cases scored high risk to MARAC without delay.", day="2019-05-01"),
        _rec("later", text, day="2023-03-01"),
        _rec("same_day", text, day="2023-03-01", dhr="X"),
        _rec("other_csp", "Refer all cases scored high risk to MARAC without delay.", csp="CSP02", day="2018-01-01"),
        _rec("other_force", "Refer all cases scored high risk to MARAC without delay.", force="F02", day="2018-01-01"),
        _rec("unrelated", "Commission a by-and-for service for Black and minoritised women.", day="2018-01-01"),
        Recommendation(id="no_date", text=text, csp_code="CSP01", force_area_code="F01", date=None),
    ]
    links = similar_recommendations(records)
    by_id = {r.id: r for r in records}
    assert links, "the restated recommendation should be linked"
    for link in links:
        later, earlier = by_id[link.recommendation_id], by_id[link.earlier_id]
        assert earlier.date < later.date
        assert earlier.csp_code == later.csp_code == link.csp_code
        assert earlier.force_area_code == later.force_area_code == link.force_area_code
        assert link.similarity >= DEFAULT_THRESHOLD
        assert link.days_between == (later.date - earlier.date).days
    pairs = {(lk.recommendation_id, lk.earlier_id) for lk in links}
    assert ("later", "early") in pairs and ("same_day", "early") in pairs
    assert not any(e in {"other_csp", "other_force", "unrelated", "no_date"} for _, e in pairs)
    assert not any(r == "early" for r, _ in pairs)  # nothing earlier than the first one
    assert ("same_day", "later") not in pairs  # same date is not "earlier"


def test_links_accept_mappings_with_iso_dates_and_skip_the_same_review():
    records = [
        {
            "id": 1,
            "text": "Deliver DASH refresher training to frontline officers.",
            "csp_code": "C",
            "force_area_code": "F",
            "date": "2020-01-01",
            "dhr_id": "D1",
        },
        {
            "id": 2,
            "text": "Frontline officers to receive DASH refresher training.",
            "csp_code": "C",
            "force_area_code": "F",
            "date": "2021-01-01",
            "dhr_id": "D1",
        },
        {
            "id": 3,
            "text": "Frontline officers to receive DASH refresher training.",
            "csp_code": "C",
            "force_area_code": "F",
            "date": "2022-01-01",
            "dhr_id": "D2",
        },
    ]
    pairs = {(lk.recommendation_id, lk.earlier_id) for lk in similar_recommendations(records)}
    assert ("2", "1") not in pairs  # same DHR
    assert ("3", "1") in pairs and ("3", "2") in pairs


def test_documented_threshold_separates_the_labelled_pairs():
    with PAIRS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sum(r["similar"] == "1" for r in rows) >= 25 and sum(r["similar"] == "0" for r in rows) >= 25
    s = np.diag(similarity_matrix([r["text_a"] for r in rows], [r["text_b"] for r in rows]))
    y = np.array([r["similar"] == "1" for r in rows])
    accuracy = float(((s >= DEFAULT_THRESHOLD) == y).mean())
    auc = float(np.mean([(p > n) + 0.5 * (p == n) for p in s[y] for n in s[~y]]))
    assert accuracy >= 0.85, accuracy
    assert auc >= 0.9, auc
