"""A chart sent at the widths that keep its labels readable (dashboards/pictures.py; issues 15 and 19)."""

from __future__ import annotations

import re

import pytest
from page_tables import drawings_of

from dashboards import pictures

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="10"><text>{w}</text></svg>'


def test_a_full_width_chart_is_sent_wide_and_narrow_and_only_one_is_shown():
    body = pictures.chart_html([(900, SVG.format(w=900)), (560, SVG.format(w=560))], "Title. The figures.")
    drawings = drawings_of(body)
    assert [(d.width, d.svg) for d in drawings] == [(900, SVG.format(w=900)), (560, SVG.format(w=560))]
    # The wide one is hidden unless the column has room for it at 0.84 of its size or more.
    assert "img.dhr-wide{display:none}" in body
    assert re.search(r"@container \(min-width:(\d+)px\)", body).group(1) == str(pictures.WIDE_FROM_PX)
    assert pictures.WIDE_FROM_PX / 900 >= 0.84
    assert body.count('class="dhr-wide"') == 1


def test_a_chart_sent_in_one_width_is_always_shown():
    body = pictures.chart_html([(560, SVG.format(w=560))], "Title")
    assert 'class="dhr-wide"' not in body and len(drawings_of(body)) == 1


def test_the_words_for_a_screen_reader_are_escaped():
    body = pictures.chart_html([(560, SVG.format(w=560))], 'Status of "A & B" <script>')
    assert drawings_of(body)[0].alt == 'Status of "A & B" <script>'
    assert "<script>" not in body


def test_a_chart_without_a_drawing_is_refused():
    with pytest.raises(ValueError):
        pictures.chart_html([], "Title")
