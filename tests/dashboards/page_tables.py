"""The tables and charts a page shows, as an AppTest sees them: plain HTML tables (``dashboards.tables``)
and data grids (long tables, and the tables behind "as a table"), each with a ``value`` DataFrame; and
each chart's SVG picture (``dashboards.ui.chart``), decoded.

HTML cells come back as the text the reader sees (``12``, ``1,234``, ``30/09/2026``, ``*``)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell)
            (self.head if self._in_head else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@dataclass
class ShownTable:
    value: pd.DataFrame


def html_table(body: str) -> pd.DataFrame:
    parser = _TableParser()
    parser.feed(body)
    return pd.DataFrame(parser.rows, columns=parser.head)


def tables_of(at: AppTest) -> list[ShownTable]:
    """Every table on the page: the HTML tables first, in page order, then the data grids."""
    shown = [ShownTable(html_table(e.proto.body)) for e in at.get("html") if 'class="dhr-table"' in e.proto.body]
    return shown + [ShownTable(frame.value) for frame in at.dataframe]


def svg_of(image) -> str:
    """The SVG of one picture the page sent (charts go as base64 data URLs; issue 15)."""
    assert image.url.startswith("data:image/svg+xml;base64,"), f"a picture the tests cannot read: {image.url[:60]}"
    return base64.b64decode(image.url.split(",", 1)[1]).decode()


def pictures_of(at: AppTest) -> list[str]:
    """The SVG of every chart on the page, in page order."""
    return [svg_of(image) for element in at.get("image") for image in element.proto.imgs]
