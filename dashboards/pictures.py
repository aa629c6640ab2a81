"""A chart as the reader's browser gets it: the server's SVG drawings in one HTML block that shows
the one that fits (issue 15, issue 19).

A picture is drawn at one width and scaled to its column; scaled far down its 11-12 px labels become
unreadable (a 900 px chart in the 564 px column of a 1024 px window reads at 7 px). So a full-width
chart is sent at two widths and a CSS container query shows the wide one only where the column has
room for it at nine tenths of its size or more; the narrow one never shrinks below about 0.84 in
the windows we support (800 px and wider). Charts that share a row are drawn at the narrow width and
wrap under each other where the row is too narrow for both (``dashboards.ui.side_by_side``).

Pure functions, no Streamlit: the page calls ``dashboards.ui.chart``.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

#: Widths in CSS pixels each chart is drawn at, widest first, by how many charts share the row.
CHART_WIDTHS_PX: dict[int, tuple[int, ...]] = {1: (900, 560), 2: (560,)}
#: The wide drawing is shown from this column width (a scale of 0.84 or more).
WIDE_FROM_PX = 760

STYLE = f"""<style>
.dhr-chart{{container-type:inline-size;width:100%}}
.dhr-chart img{{display:block;max-width:100%;height:auto}}
.dhr-chart img.dhr-wide{{display:none}}
@container (min-width:{WIDE_FROM_PX}px){{
.dhr-chart img.dhr-wide{{display:block}}
.dhr-chart img.dhr-wide+img{{display:none}}
}}
</style>"""


def data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def chart_html(drawings: Sequence[tuple[int, str]], alt: str) -> str:
    """``drawings`` (width, SVG), widest first, as one block: the widest shown where it fits, each
    with ``alt`` as its words for a screen reader (a hidden drawing is not read out)."""
    if not drawings:
        raise ValueError("a chart needs at least one drawing")
    images = []
    for index, (width, svg) in enumerate(drawings):
        wide = ' class="dhr-wide"' if index == 0 and len(drawings) > 1 else ""
        images.append(f'<img{wide} width="{width}" src="{data_url(svg)}" alt="{html.escape(alt)}">')
    return f'{STYLE}<div class="dhr-chart">{"".join(images)}</div>'
