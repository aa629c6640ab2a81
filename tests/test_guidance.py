"""Citing the guidance to its readers: code cites `003 L268`; a page, report or message says
"2024 draft statutory guidance, para 5.1" (the brief; issue 19)."""

from __future__ import annotations

import csv
import itertools

import pytest

from dhr import guidance


@pytest.mark.parametrize(
    ("code", "readers_words"),
    [
        ("003 L268", "2024 draft statutory guidance, para 5.1"),  # scoping review within four weeks
        ("003 L712", "2024 draft statutory guidance, para 20.3"),  # PCCs' strategic oversight
        ("003 L705-716", "2024 draft statutory guidance, paras 20.1-20.5"),
        ("003 L604", "2024 draft statutory guidance, para 13.1.4"),  # children: no sex or age
        ("003 L757-759", "2024 draft statutory guidance, Annex A item 10"),  # the analysis categories
        ("003 L763", "2024 draft statutory guidance, Annex A item 13"),  # timescales
        ("003 Annex B", "2024 draft statutory guidance, Annex B"),
        ("003 L773-803", "2024 draft statutory guidance, Annex B"),
        ("004 Template 25", "Sheffield DHR guidance, Template 25"),
        ("004 L4628-4638", "Sheffield DHR guidance, Template 25"),
        ("004 L4157-4258", "Sheffield DHR guidance, Template 29"),
        ("003 section 13", "2024 draft statutory guidance, section 13"),
        ("003 14.1", "2024 draft statutory guidance, para 14.1"),
    ],
)
def test_a_file_code_reads_as_the_documents_name_and_paragraph(code, readers_words):
    assert guidance.cite(code) == readers_words


def test_plain_rewrites_every_code_in_a_sentence_and_leaves_the_rest():
    text = "Scoping review due 28 days after notification (003 L268); quarterly updates (003 L712)."
    assert guidance.plain(text) == (
        "Scoping review due 28 days after notification (2024 draft statutory guidance, para 5.1); "
        "quarterly updates (2024 draft statutory guidance, para 20.3)."
    )
    assert not guidance.has_file_code(guidance.plain(text))
    untouched = "DHR/2023/01 was notified in March 2023; 28 days; L268 alone is not a citation."
    assert guidance.plain(untouched) == untouched


def test_an_unknown_citation_is_refused_rather_than_shown():
    with pytest.raises(ValueError, match="not a guidance citation"):
        guidance.cite("Annex B")
    with pytest.raises(ValueError):
        guidance.cite("005 L1")


def test_the_places_table_covers_each_document_in_order_without_overlap():
    with guidance._PLACES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["document"] for row in rows} == set(guidance.DOCUMENTS)
    by_document: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        first, last = int(row["first_line"]), int(row["last_line"])
        assert 1 <= first <= last and row["place"], row
        by_document.setdefault(row["document"], []).append((first, last))
    for spans in by_document.values():
        assert all(earlier[1] < later[0] for earlier, later in itertools.pairwise(spans))
