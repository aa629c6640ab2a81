"""Numbers for people."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboards import formatting as f


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (1234, "1,234"), (1234567.4, "1,234,567"), (None, "–"), (float("nan"), "–")]
)
def test_fmt_int(value, text):
    assert f.fmt_int(value) == text


@pytest.mark.parametrize(
    ("num", "den", "text"),
    [
        (112, 301, "37% (112 of 301)"),
        (0, 10, "0% (0 of 10)"),
        (10, 10, "100% (10 of 10)"),
        (1, 400, "<1% (1 of 400)"),
        (399, 400, ">99% (399 of 400)"),
        (0, 0, "– (0 of 0)"),
        (1500, 3000, "50% (1,500 of 3,000)"),
    ],
)
def test_fmt_pct_always_gives_the_denominator(num, den, text):
    assert f.fmt_pct(num, den) == text


def test_fmt_pct_without_counts():
    assert f.fmt_pct(1, 3, with_counts=False) == "33%"


def test_dates_are_day_month_year():
    assert f.fmt_date(date(2026, 9, 30)) == "30/09/2026"
    assert f.fmt_date("2026-09-30") == "30/09/2026"
    assert f.fmt_datetime(datetime(2026, 9, 30, 14, 5)) == "30/09/2026 14:05"
    assert f.fmt_datetime(date(2026, 9, 30)) == "30/09/2026"
    assert f.fmt_date(None) == "–"


def test_year_range_and_plural():
    assert f.fmt_year_range(None) == "all years"
    assert f.fmt_year_range((2021, 2021)) == "2021"
    assert f.fmt_year_range((2019, 2023)) == "2019–2023"
    assert f.plural(1, "DHR") == "1 DHR"
    assert f.plural(1204, "action") == "1,204 actions"
