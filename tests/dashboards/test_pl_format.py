"""Native polars formatting (dashboards/pl_format.py) gives the same text as dashboards/formatting.py,
and no module under dashboards/ runs a Python UDF inside polars (issue 15: polars' worker threads
waiting for the GIL while Streamlit's threads waited inside polars stopped the server)."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from dashboards import pl_format
from dashboards.formatting import fmt_date, fmt_int, fmt_pct

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"
#: polars methods that call back into Python per value, row, batch or group.
UDF_METHODS = {"map_elements", "map_batches", "map_rows", "map_groups", "apply", "map_dict"}


def test_no_module_under_dashboards_runs_a_python_udf_in_polars():
    offenders = []
    for path in sorted(DASHBOARDS.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in UDF_METHODS:
                offenders.append(f"{path.relative_to(DASHBOARDS.parent)}:{node.lineno} .{node.attr}")
    assert offenders == []


COUNTS = [None, 0, 1, 2, 3, 7, 8, 99, 100, 101, 199, 200, 999, 1000, 1234, 12_345, 999_999, 1_000_000, 1_234_567]


def test_int_text_matches_fmt_int():
    values = [*COUNTS, -1, -1234, 2.5, 3.5, 1234.5, float("nan")]
    frame = pl.DataFrame({"v": values}, schema={"v": pl.Float64})
    got = frame.select(pl_format.int_text("v")).to_series().to_list()
    assert got == [fmt_int(v) for v in values]


def test_pct_text_matches_fmt_pct_on_every_pair():
    pairs = [(n, d) for n in COUNTS for d in COUNTS]
    pairs += [(1, 8), (3, 8), (5, 8), (7, 8), (1, 200), (199, 200), (1, 3), (2, 3), (1, 101), (100, 101)]
    frame = pl.DataFrame(
        {"n": [p[0] for p in pairs], "d": [p[1] for p in pairs]}, schema={"n": pl.Int64, "d": pl.Int64}
    )
    got = frame.select(pl_format.pct_text("n", "d")).to_series().to_list()
    assert got == [fmt_pct(n, d) for n, d in pairs]
    # A literal denominator, as charts.py passes the total.
    got = frame.select(pl_format.pct_text("n", pl.lit(301))).to_series().to_list()
    assert got == [fmt_pct(n, 301) for n, _ in pairs]


def test_of_text_writes_a_missing_count_as_zero():
    frame = pl.DataFrame({"n": [None, 3, 1234], "d": [5, None, 20_000]}, schema={"n": pl.Int64, "d": pl.Int64})
    assert frame.select(pl_format.of_text("n", "d")).to_series().to_list() == ["0 of 5", "3 of 0", "1,234 of 20,000"]


@pytest.mark.parametrize("dtype", [pl.Date, pl.Datetime])
def test_date_text_matches_fmt_date(dtype):
    values = [date(2024, 3, 31), None, date(2026, 9, 30)]
    frame = pl.DataFrame({"d": values}, schema={"d": pl.Date}).with_columns(pl.col("d").cast(dtype))
    assert frame.select(pl_format.date_text("d")).to_series().to_list() == [fmt_date(v) for v in values]
    assert frame.select(pl_format.date_text("d", "%b %Y")).to_series().to_list() == ["Mar 2024", "–", "Sep 2026"]
    assert fmt_date(datetime(2024, 3, 31, 12)) == "31/03/2024"
