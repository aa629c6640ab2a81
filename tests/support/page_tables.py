"""The tables and charts a page shows, as an AppTest sees them: plain HTML tables (``dashboards.tables``)
and data grids (long tables, and the tables behind "as a table"), each with a ``value`` DataFrame; and
each chart's SVG pictures (``dashboards.ui.chart``), decoded.

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


class _PictureParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append({k: v or "" for k, v in attrs})


@dataclass
class Drawing:
    """One drawing of a chart: its width, its SVG, its words for a screen reader."""

    width: int
    svg: str
    alt: str


def svg_of(url: str) -> str:
    """The SVG of one picture the page sent (charts go as base64 data URLs; issue 15)."""
    assert url.startswith("data:image/svg+xml;base64,"), f"a picture the tests cannot read: {url[:60]}"
    return base64.b64decode(url.split(",", 1)[1]).decode()


def drawings_of(body: str) -> list[Drawing]:
    """Every drawing in one HTML element's body (a chart is sent at one or two widths)."""
    parser = _PictureParser()
    parser.feed(body)
    return [Drawing(int(i["width"]), svg_of(i["src"]), i.get("alt", "")) for i in parser.images]


def charts_of(at: AppTest) -> list[list[Drawing]]:
    """Every chart on the page, in page order, each as the drawings it was sent in, widest first."""
    return [drawings_of(e.proto.body) for e in at.get("html") if 'class="dhr-chart"' in e.proto.body]


def pictures_of(at: AppTest) -> list[str]:
    """The SVG of every chart on the page, in page order (the widest drawing of each)."""
    return [drawings[0].svg for drawings in charts_of(at)]


class _KpiParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict[str, str]] = []
        self._part: str | None = None

    def handle_starttag(self, tag, attrs):
        css = dict(attrs).get("class") or ""
        if css == "dhr-kpi":
            self.cards.append({"name": "", "value": "", "note": "", "tip": ""})
        for part in ("name", "value", "note", "tip"):
            if css == f"dhr-kpi-{part}":
                self._part = part

    def handle_endtag(self, tag):
        if tag in ("span", "div"):
            self._part = None

    def handle_data(self, data):
        if self._part is not None:
            self.cards[-1][self._part] += data


def kpi_cards_in(body: str) -> list[dict[str, str]]:
    """The headline-figure cards in one HTML body (``dashboards.kpi_cards``): name, value, note, tip."""
    parser = _KpiParser()
    parser.feed(body)
    return parser.cards


def kpi_cards_of(at: AppTest) -> list[dict[str, str]]:
    """The page's headline figures (``dashboards.ui.kpis``): name, value, note and tip of each card."""
    return [card for e in at.get("html") if 'class="dhr-kpis"' in e.proto.body for card in kpi_cards_in(e.proto.body)]


def metrics_of(at: AppTest) -> dict[str, str]:
    """The page's headline figures as {label: value as shown}."""
    return {card["name"]: card["value"] for card in kpi_cards_of(at)}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs):
        self._skip = tag == "style"
        if tag == "p" and self.parts:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def card_texts_of(at: AppTest) -> list[str]:
    """The text of every quoted-text card on the page (``dashboards.text_cards``), as the reader sees it."""
    texts = []
    for element in at.get("html"):
        body = element.proto.body
        if 'class="dhr-cards"' not in body:
            continue
        for card in body.split('<div class="dhr-card" role="listitem">')[1:]:
            parser = _TextParser()
            parser.feed(card)
            texts.append("".join(parser.parts).strip())
    return texts
