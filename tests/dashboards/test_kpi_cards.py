"""The headline figures as one block of cards (dashboards/kpi_cards.py; issues 15 and 19)."""

from __future__ import annotations

from page_tables import kpi_cards_in as _cards

from dashboards.kpi_cards import Kpi, kpi_html


def test_each_card_shows_its_label_figure_note_and_explanation():
    body = kpi_html([Kpi("Actions overdue", "1,234", "58% of open", "Target date passed and not COMPLETE.")])
    assert _cards(body) == [
        {
            "name": "Actions overdue",
            "value": "1,234",
            "note": "58% of open",
            "tip": "Target date passed and not COMPLETE.",
        }
    ]
    # The explanation can be reached by keyboard, and the "?" itself is not read out.
    assert 'tabindex="0"' in body and '<span aria-hidden="true">?</span>' in body


def test_a_card_without_an_explanation_has_no_question_mark():
    body = kpi_html([Kpi("DHRs", "37")])
    assert "dhr-kpi-help" not in body.split("</style>")[1] and _cards(body)[0]["value"] == "37"


def test_words_from_the_data_are_escaped():
    body = kpi_html([Kpi("<b>CSP</b>", "1", "A & B", 'say "hi"')])
    assert "<b>CSP</b>" not in body and _cards(body)[0]["name"] == "<b>CSP</b>"


def test_cards_wrap_rather_than_cut_their_labels():
    # A grid of columns at least 9rem wide: the fifth card goes to a second line in a narrow window
    # instead of "Actio..." (issue 19).
    assert "repeat(auto-fit,minmax(9rem,1fr))" in kpi_html([Kpi("DHRs", "1")])
