"""Plain HTML tables (dashboards/tables.py): what the reader sees in each cell, and that CSPs' own
words arrive as text, never as markup."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from page_tables import html_table

from dashboards import tables


def test_cells_read_as_the_forms_write_them():
    assert tables.cell_text(date(2026, 9, 30), "Target date") == "30/09/2026"
    assert tables.cell_text(datetime(2026, 9, 30, 14, 5), "Built") == "30/09/2026 14:05"
    assert tables.cell_text(12345, "Actions") == "12,345"
    assert tables.cell_text(2021, "Year of publication") == "2021"  # a year is not a quantity
    assert tables.cell_text(45.5, "Yes (%)") == "45.5"
    assert tables.cell_text(12.0, "Yes (%)") == "12"
    assert tables.cell_text(0.384, "Similarity") == "0.38"
    assert tables.cell_text(None, "Lead agency") == ""
    assert tables.cell_text(True, "Answered?") == "Yes"
    assert tables.cell_text(["a", "b"], "Themes") == "a, b"


def test_a_csps_words_are_shown_as_text_not_markup():
    frame = pl.DataFrame({"Action": ['<img src="https://x.example/t.png"> & <b>train</b>'], "Days overdue": [3]})
    body = tables.table_html(frame)
    assert "<img" not in body and "<b>" not in body
    assert html_table(body)["Action"].tolist() == ['<img src="https://x.example/t.png"> & <b>train</b>']


def test_numbers_are_right_aligned_and_columns_have_header_cells():
    body = tables.table_html(pl.DataFrame({"CSP": ["Hackney"], "Actions": [4]}))
    assert '<th scope="col">CSP</th>' in body and '<th scope="col" class=num>Actions</th>' in body
    assert "<td class=num>4</td>" in body


def test_a_long_table_scrolls_in_a_named_box_reachable_by_keyboard():
    short = tables.table_html(pl.DataFrame({"n": list(range(tables.SCROLL_FROM_ROWS))}), "Overdue actions")
    long = tables.table_html(pl.DataFrame({"n": list(range(tables.SCROLL_FROM_ROWS + 1))}), "Overdue actions")
    assert "max-height" not in short and "tabindex" not in short
    assert "max-height" in long and 'aria-label="Overdue actions" tabindex="0"' in long
    assert len(html_table(long)) == tables.SCROLL_FROM_ROWS + 1


def test_an_empty_table_still_has_its_header():
    frame = html_table(
        tables.table_html(pl.DataFrame({"CSP": [], "Actions": []}, schema={"CSP": pl.String, "Actions": pl.Int64}))
    )
    assert list(frame.columns) == ["CSP", "Actions"] and frame.empty
