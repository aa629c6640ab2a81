"""A chart sent as one drawing that stays readable and whose bar labels fit their bars
(dashboards/pictures.py; issues 15 and 19)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
import pytest
from page_tables import drawings_of

from dashboards import charts, pictures

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="10"><text>{w}</text></svg>'
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_a_chart_is_sent_as_one_drawing_that_never_grows_past_its_size():
    body = pictures.chart_html(660, SVG.format(w=660), "Title. The figures.")
    drawings = drawings_of(body)
    assert [(d.width, d.svg) for d in drawings] == [(660, SVG.format(w=660))]
    assert "max-width:100%" in body and "width:100%" not in body.replace("max-width:100%", "")


@pytest.mark.parametrize("per_row", sorted(pictures.CHART_WIDTHS_PX))
def test_every_drawing_reads_at_084_or_more_in_a_1024_px_window(per_row):
    """A 1024 px window has a 564 px column; a drawing wider than 671 px would read below 0.84."""
    assert pictures.NARROWEST_COLUMN_PX / pictures.CHART_WIDTHS_PX[per_row] >= pictures.SMALLEST_SCALE


def test_the_words_for_a_screen_reader_are_escaped():
    body = pictures.chart_html(560, SVG.format(w=560), 'Status of "A & B" <script>')
    assert drawings_of(body)[0].alt == 'Status of "A & B" <script>'
    assert "<script>" not in body


def test_a_chart_without_a_drawing_is_refused():
    with pytest.raises(ValueError):
        pictures.chart_html(560, "", "Title")


def _longest(seed: str, column: str, count: int) -> list[str]:
    with (SEEDS / seed).open(newline="") as handle:
        names = sorted({row[column] for row in csv.DictReader(handle)}, key=len, reverse=True)
    return names[:count]


def _segments_and_labels(svg: str) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, str]]]:
    """The bars (x, y, width, height) and bar labels (centre x, y, words) of an action status drawing."""
    rects = [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(r'aria-roledescription="bar" d="M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)h', svg)
    ]
    labels = [
        (float(m.group(1)), float(m.group(2)), m.group(3))
        for m in re.finditer(
            r'aria-roledescription="text mark" text-anchor="middle" transform="translate\(([-\d.e]+),([-\d.e]+)\)"[^>]*>([^<]+)</text>',
            svg,
        )
    ]
    return rects, labels


@pytest.mark.parametrize("per_row", sorted(pictures.CHART_WIDTHS_PX))
@pytest.mark.parametrize(
    "names",
    [
        _longest("reference/force_areas.csv", "force_area_name", 6),
        _longest("reference/csps.csv", "csp_name", 6),
        _longest("code_lists/agencies.csv", "label", 6),
        ["A name longer than any bar chart gives room for, so the axis cuts it short"],
    ],
    ids=["force areas", "CSPs", "lead agencies", "a name cut short"],
)
def test_a_status_word_is_drawn_only_on_a_bar_wide_enough_for_it(names, per_row):
    """The words on a bar are chosen for the narrowest plot the drawing has once the longest bar names
    have taken their room; drawn at the page's width, every word sits inside its own bar."""
    rows = [
        {"group_name": name, "status": status, "status_label": status, "action_count": count, "overdue_action_count": 0}
        for i, name in enumerate(names)
        for status, count in [("red", 1 + i), ("amber", 2 + 2 * i), ("green", 9 - i), ("complete", 12 + 3 * i)]
    ]
    width = pictures.CHART_WIDTHS_PX[per_row]
    chart = charts.action_status_chart(pl.DataFrame(rows), "group_name", "Group", drawing_width=width)
    rects, labels = _segments_and_labels(pictures.draw_svg(chart, width))
    assert len(rects) == 4 * len(names) and labels
    for centre, middle, words in labels:
        bar = next(r for r in rects if r[0] <= centre <= r[0] + r[2] and r[1] <= middle <= r[1] + r[3])
        needed = len(words) * charts.CHAR_WIDTH_PX + charts.LABEL_PADDING_PX
        assert bar[2] >= needed - 0.5, (words, bar, needed)


def test_a_short_count_axis_labels_each_whole_number_once():
    """Two DHRs at most: the axis reads 0 1 2, not 0 1 1 2 2 (ticks at halves rounded to whole numbers)."""
    df = pl.DataFrame(
        {
            "csp_name": ["Merton", "Sutton", "Sutton"],
            "dhr_status": ["published", "dhr_in_progress", "published"],
            "dhr_status_label": ["Published", "DHR in progress", "Published"],
            "dhr_count": [1, 1, 1],
        }
    )
    svg = pictures.draw_svg(charts.dhr_pipeline_chart(df), pictures.CHART_WIDTHS_PX[1])
    axes = [re.findall(r">([^<]*)</text>", g) for g in re.findall(r"role-axis-label.*?</g>", svg, re.S)]
    assert ["0", "1", "2"] in axes, axes


def test_a_chart_that_lays_out_its_words_is_told_the_width_the_page_draws_it_at(monkeypatch):
    from dashboards import ui

    drawn: list[dict] = []

    def recording(builder, args, kwargs, width):
        drawn.append({**dict(kwargs), "builder": builder, "width": width})
        return "<svg></svg>", "A chart."

    monkeypatch.setattr(ui, "_chart_svg", recording)
    monkeypatch.setattr(ui.st, "html", lambda *_a, **_k: None)
    ui.chart(charts.action_status_chart, None, "group_name", "CSP", "Action status by CSP", per_row=2)
    ui.chart(charts.action_status_chart, None, "group_name", "CSP", "Action status by CSP")
    ui.chart(charts.dhrs_by_year_chart, None, per_row=2)  # no words to lay out: told nothing
    half, full, other = drawn
    assert half["drawing_width"] == half["width"] == pictures.CHART_WIDTHS_PX[2]
    assert full["drawing_width"] == full["width"] == pictures.CHART_WIDTHS_PX[1]
    assert "drawing_width" not in other and other["width"] == pictures.CHART_WIDTHS_PX[2]
