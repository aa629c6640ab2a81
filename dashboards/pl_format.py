"""``dashboards.formatting`` as native polars expressions, for columns of a frame.

Why not ``map_elements(fmt_pct)``: a Python function per value runs on polars' worker threads, which
then wait for the GIL while Streamlit's script threads wait inside polars; under load the server
stopped answering (issue 15). These expressions never call back into Python, and give the same text
as ``formatting.fmt_int`` / ``fmt_pct`` / ``fmt_date`` (tests/dashboards/test_pl_format.py).
"""

from __future__ import annotations

import polars as pl

from dashboards.formatting import NOT_AVAILABLE


def _as_expr(value: pl.Expr | str | int | float) -> pl.Expr:
    if isinstance(value, pl.Expr):
        return value
    return pl.col(value) if isinstance(value, str) else pl.lit(value)


def int_text(value: pl.Expr | str | int | float) -> pl.Expr:
    """``fmt_int``: `12,345` (rounded half to even, as Python's ``round``); null or NaN -> `–`."""
    number = _as_expr(value).cast(pl.Float64)
    rounded = number.round(0, mode="half_to_even")
    digits = rounded.abs().cast(pl.Int64).cast(pl.Utf8)
    # Thousands separators without look-ahead: reverse, a comma after every three digits, reverse.
    grouped = digits.str.reverse().str.replace_all(r"(\d{3})", "${1},").str.strip_suffix(",").str.reverse()
    signed = pl.when(rounded < 0).then(pl.lit("-") + grouped).otherwise(grouped)
    return pl.when(number.is_null() | number.is_nan()).then(pl.lit(NOT_AVAILABLE)).otherwise(signed)


def pct_text(numerator: pl.Expr | str | int | float, denominator: pl.Expr | str | int | float) -> pl.Expr:
    """``fmt_pct(n, d)``: `37% (112 of 301)`, `<1% (…)`, `>99% (…)`, `– (0 of 0)`."""
    n = _as_expr(numerator).cast(pl.Float64)
    d = _as_expr(denominator).cast(pl.Float64)
    missing = n.is_null() | n.is_nan() | d.is_null() | d.is_nan() | (d == 0)
    share = 100.0 * n / d
    text = (
        pl.when(missing)
        .then(pl.lit(NOT_AVAILABLE))
        .when((share > 0) & (share < 1))
        .then(pl.lit("<1%"))
        .when((share > 99) & (share < 100))
        .then(pl.lit(">99%"))
        .otherwise(share.round(0, mode="half_to_even").cast(pl.Int64).cast(pl.Utf8) + pl.lit("%"))
    )
    return text + pl.lit(" (") + of_text(n, d) + pl.lit(")")


def of_text(numerator: pl.Expr | str | int | float, denominator: pl.Expr | str | int | float) -> pl.Expr:
    """`112 of 301`, a missing count written 0 (``fmt_int(n or 0)``)."""
    n = _as_expr(numerator).cast(pl.Float64)
    d = _as_expr(denominator).cast(pl.Float64)
    return int_text(n.fill_null(0.0)) + pl.lit(" of ") + int_text(d.fill_null(0.0))


def date_text(value: pl.Expr | str, fmt: str = "%d/%m/%Y") -> pl.Expr:
    """``fmt_date`` (or ``fmt`` of any strftime pattern): a null -> `–`."""
    expr = _as_expr(value)
    return expr.dt.strftime(fmt).fill_null(NOT_AVAILABLE)
