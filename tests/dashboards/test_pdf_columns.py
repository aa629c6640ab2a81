"""PDF and Word table columns as wide as what they hold (dashboards/reports/annual.py; issues 18, 19)."""

from __future__ import annotations

import math

from dashboards.reports.annual import CELL_PADDING_CHARS, PDF_MAX_COLUMN_CHARS, PDF_MIN_COLUMN_CHARS, column_weights


def test_a_column_of_recommendations_is_given_the_room():
    header = ["Year", "Addressee", "Recommendation", "Status"]
    rows = [["2024", "Home Office", "Review the statutory guidance on " + "x" * 200, "Open"]] * 10
    year, addressee, recommendation, status = column_weights(header, rows)
    assert recommendation == PDF_MAX_COLUMN_CHARS + CELL_PADDING_CHARS
    assert recommendation > 3 * max(year, status) and addressee < recommendation


def test_a_header_word_is_never_split_and_no_column_is_a_sliver():
    """A bold header word takes about one and a half times a regular character ('Answere d?' and
    'Da ys' were split when it was counted as one), and every column has room for its padding."""
    weights = column_weights(["DHRs", "Notified to the addressee"], [["1", "Yes"]])
    assert weights == (
        max(PDF_MIN_COLUMN_CHARS, math.ceil(1.5 * len("DHRs"))) + CELL_PADDING_CHARS,
        math.ceil(1.5 * len("addressee")) + CELL_PADDING_CHARS,
    )


def test_one_long_value_does_not_widen_its_column():
    rows = [["short"]] * 19 + [["a very long outlier " * 5]]
    assert column_weights(["Note"], rows) == (PDF_MIN_COLUMN_CHARS + CELL_PADDING_CHARS,)
