"""A chart as the reader's browser gets it: the server's SVG drawing in one HTML block (issues 15
and 19).

A picture is drawn at one width and scaled to its column; scaled far down its 11-12 px labels become
unreadable (a 900 px chart in the 564 px column of a 1024 px window reads at 7 px). So each chart is
drawn at a width that the column of the narrowest window we support at full size (1024 px, a 564 px
column) shows at 0.84 of its size or more, and is never scaled up in wider windows.

One drawing per chart, not one per window size: the last stop sent full-width charts at two widths
and let a CSS container query show the one that fitted, and the second drawing alone took the
25-reader p95 from 5.0 s to 6.5 s (bench/README.md, issue 15). Charts that share a row wrap under
each other where the row is too narrow for both (``dashboards.ui.side_by_side``).

Pure functions, no Streamlit: the page calls ``dashboards.ui.chart``.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from dashboards import drawing

#: Width in CSS pixels each chart is drawn at, by how many charts share the row.
CHART_WIDTHS_PX: dict[int, int] = {1: 660, 2: 560}
#: The column of a 1024 px window with the sidebar open; each drawing fits it at this scale or more.
NARROWEST_COLUMN_PX = 564
SMALLEST_SCALE = 0.84

STYLE = "<style>.dhr-chart img{display:block;max-width:100%;height:auto}</style>"


def draw_svg(chart: Any, width: int) -> str:
    """An Altair chart drawn ``width`` CSS pixels wide, axes and legend included, as SVG by the same
    Vega the browser would use (vl-convert), in a drawing process (``dashboards.drawing``)."""
    spec = chart.properties(width=width, autosize={"type": "fit-x", "contains": "padding"}).to_dict(validate=False)
    return drawing.svg(spec)


def draw_png(chart: Any, width: int, scale: float) -> bytes:
    """An Altair chart drawn ``width`` px wide as PNG at ``scale`` pixels per CSS pixel, by the same
    vl-convert (the annual report's files, which carry pictures rather than SVG)."""
    return drawing.png(chart.properties(width=width).to_dict(validate=False), scale)


def data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def chart_html(width: int, svg: str, alt: str) -> str:
    """One drawing ``width`` px wide as an image that shrinks to a narrower column but never grows,
    with ``alt`` as its words for a screen reader."""
    if not svg:
        raise ValueError("a chart needs a drawing")
    image = f'<img width="{width}" src="{data_url(svg)}" alt="{html.escape(alt)}">'
    return f'{STYLE}<div class="dhr-chart">{image}</div>'
