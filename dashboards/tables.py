"""Tables written as HTML for the reader's browser: a plain, accessible table instead of a data grid.

Streamlit's data grid draws on a canvas with its own engine, about 0.1 s of the reader's CPU per
grid per visit; a plain HTML table of the same rows costs a fifth of that, which is what lets 25
readers share two cores with the server (issue 15). The tables on our pages are short summaries
already sorted so that the answer comes first, so what the grid adds (sorting, resizing) is not
missed; long tables keep the grid (``GRID_FROM_ROWS``), which only draws the rows in view.

Pure functions, no Streamlit: the page calls ``dashboards.ui.table``.
"""

from __future__ import annotations

import html
from datetime import date, datetime

import polars as pl

from dashboards.formatting import fmt_date, fmt_datetime, fmt_int

#: From this many rows a table is shown as the data grid, which draws only the rows in view.
GRID_FROM_ROWS = 300
#: Tables longer than this scroll inside a box, their header staying in view.
SCROLL_FROM_ROWS = 15
SCROLL_HEIGHT_PX = 460

STYLE = """<style>
.dhr-table{max-width:100%;overflow:auto;border:1px solid rgba(49,51,63,.15);border-radius:.5rem}
.dhr-table table{border-collapse:collapse;width:100%;font-size:.875rem;line-height:1.4}
.dhr-table th{position:sticky;top:0;background:#f6f7f9;text-align:left;font-weight:600;
  border-bottom:1px solid rgba(49,51,63,.25)}
.dhr-table th,.dhr-table td{padding:.3rem .6rem;vertical-align:top}
.dhr-table td{border-bottom:1px solid rgba(49,51,63,.08)}
.dhr-table .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
</style>"""


def cell_text(value: object, column: str) -> str:
    """A value as the table shows it: dates dd/mm/yyyy, whole numbers with thousands separators
    (years without), decimals to at most two places, Yes/No, and nothing for a missing value."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return fmt_datetime(value)
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, int):
        return str(value) if "year" in column.lower() else fmt_int(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v, column) for v in value)
    return str(value)


def table_html(frame: pl.DataFrame, label: str | None = None) -> str:
    """The frame as an HTML table: a header row of column names (``th scope="col"``), numbers to the
    right, every cell escaped (the texts are CSPs' own words), long tables in a scrolling box."""
    numeric = {c for c, t in frame.schema.items() if t.is_numeric()}
    head = "".join(
        f'<th scope="col"{" class=num" if c in numeric else ""}>{html.escape(c)}</th>' for c in frame.columns
    )
    rows = []
    for row in frame.iter_rows():
        cells = "".join(
            f"<td{' class=num' if c in numeric else ''}>{html.escape(cell_text(v, c))}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    height = f' style="max-height:{SCROLL_HEIGHT_PX}px"' if frame.height > SCROLL_FROM_ROWS else ""
    # A scrolling box is reachable by keyboard (tabindex) and named, so a screen reader says what it is.
    name = f' role="region" aria-label="{html.escape(label or "Table")}" tabindex="0"' if height else ""
    return (
        f'{STYLE}<div class="dhr-table"{height}{name}><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
