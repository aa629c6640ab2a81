"""Disclosure control: the named policies every aggregate passes before it leaves the system (issue 6).

DHR numbers are tiny (about 120-160 reviews a year nationally, often 0-3 a year per CSP), so the
default is strict. Both the Researcher page and ``dhr export`` call :func:`apply`; the rule text of
the policy used (``Policy.rule``) is printed in every export's notes.

* ``hes`` (default; the rule NHS Digital adopted for Hospital Episode Statistics): below national
  level, and for every cell describing a protected characteristic at any level, counts from 1 to 7
  are suppressed (``*``) and every other count is rounded to the nearest 5. Percentages are computed
  from the rounded counts and suppressed where their numerator or denominator is suppressed.
* ``threshold10`` (trusted-research-environment practice): every cell under 10, zeros included, is
  masked, then further cells are masked (complementary suppression, across rows and columns of the
  table and its published totals) until no masked cell can be worked out from the published cells
  and totals by subtraction, or any other linear combination. Structural zeros (cells that are zero
  by definition) stay zero.

A suppressed count is ``None`` in the frames returned here and ``*`` in files (:func:`for_output`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

SUPPRESSED = "*"
HES_LOW, HES_HIGH, HES_BASE = 1, 7, 5
THRESHOLD = 10


@dataclass(frozen=True)
class Policy:
    name: str
    title: str
    rule: str


HES = Policy(
    "hes",
    "HES-style suppression and rounding",
    "Below national level, and for every cell describing a protected characteristic at any level, counts "
    "from 1 to 7 are shown as * and all other counts are rounded to the nearest 5. Percentages are computed "
    "from the rounded counts and are suppressed where their numerator or denominator is suppressed.",
)
THRESHOLD10 = Policy(
    "threshold10",
    "Threshold of 10 with complementary suppression",
    "Every count under 10, zeros included, is shown as *, except zeros that are structural (impossible by "
    "definition). Further cells are then shown as * (complementary suppression across rows and columns and "
    "their published totals) until no suppressed cell can be derived by subtraction from the published "
    "figures. Percentages are suppressed where their numerator or denominator is suppressed.",
)
POLICIES: dict[str, Policy] = {p.name: p for p in (HES, THRESHOLD10)}
DEFAULT_POLICY = HES.name


def get_policy(name: str | None) -> Policy:
    try:
        return POLICIES[name or DEFAULT_POLICY]
    except KeyError:
        raise ValueError(f"unknown disclosure policy {name!r}; expected one of {sorted(POLICIES)}") from None


# --------------------------------------------------------------------------------------------
# hes
# --------------------------------------------------------------------------------------------


def hes_value(count: int | None) -> int | None:
    """One count under ``hes`` (below national level): 1-7 -> None, else nearest multiple of 5."""
    if count is None:
        return None
    n = int(count)
    if HES_LOW <= n <= HES_HIGH:
        return None
    return ((n + HES_BASE // 2) // HES_BASE) * HES_BASE  # half up: 8 -> 10, 12 -> 10, 13 -> 15


def apply_hes(
    frame: pl.DataFrame,
    counts: Sequence[str],
    percentages: Mapping[str, tuple[str, str]] | None = None,
    *,
    national: pl.Series | None = None,
    protected: bool = False,
) -> pl.DataFrame:
    """``hes`` over a long frame. ``national`` marks the national rows (left as counted unless
    ``protected``); ``percentages`` maps each percentage column to its (numerator, denominator)."""
    is_national = national if national is not None else pl.Series([False] * frame.height)
    out = frame
    for col in counts:
        values = frame.get_column(col).to_list()
        controlled = [
            v if (nat and not protected) else hes_value(v) for v, nat in zip(values, is_national.to_list(), strict=True)
        ]
        out = out.with_columns(pl.Series(col, controlled, dtype=pl.Int64))
    return recompute_percentages(out, percentages or {})


def recompute_percentages(frame: pl.DataFrame, percentages: Mapping[str, tuple[str, str]]) -> pl.DataFrame:
    """Percentages from the published (rounded) counts; null where either count is suppressed or the
    denominator is zero."""
    for pct, (num, den) in percentages.items():
        if num in frame.columns and den in frame.columns:
            frame = frame.with_columns(
                pl.when(pl.col(den) > 0)
                .then((100.0 * pl.col(num) / pl.col(den)).round(1))
                .otherwise(None)
                .alias(pct)
            )
    return frame


# --------------------------------------------------------------------------------------------
# threshold10: a table with its totals
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ControlledTable:
    """A 2-D table after ``threshold10``: None where masked. Totals are None when masked or unpublished."""

    cells: list[list[int | None]]
    row_totals: list[int | None] | None
    column_totals: list[int | None] | None
    grand_total: int | None


def _equations(n_rows: int, n_cols: int, row_totals: bool, col_totals: bool) -> tuple[np.ndarray, list[tuple]]:
    """The linear relations a reader knows: interior cells sum to their published totals.

    Variables are every cell: interior (i, j), row totals (i, 'T'), column totals ('T', j), and the
    grand total ('T', 'T') when both margins are published."""
    keys: list[tuple] = [(i, j) for i in range(n_rows) for j in range(n_cols)]
    if row_totals:
        keys += [(i, "T") for i in range(n_rows)]
    if col_totals:
        keys += [("T", j) for j in range(n_cols)]
    if row_totals and col_totals:
        keys.append(("T", "T"))
    index = {k: n for n, k in enumerate(keys)}
    rows: list[np.ndarray] = []

    def eq(parts: list[tuple], total: tuple) -> None:
        vec = np.zeros(len(keys))
        for k in parts:
            vec[index[k]] = 1.0
        vec[index[total]] = -1.0
        rows.append(vec)

    if row_totals:
        for i in range(n_rows):
            eq([(i, j) for j in range(n_cols)], (i, "T"))
    if col_totals:
        for j in range(n_cols):
            eq([(i, j) for i in range(n_rows)], ("T", j))
    if row_totals and col_totals:
        eq([(i, "T") for i in range(n_rows)], ("T", "T"))
        eq([("T", j) for j in range(n_cols)], ("T", "T"))
    matrix = np.array(rows) if rows else np.zeros((0, len(keys)))
    return matrix, keys


def determined_cells(matrix: np.ndarray, masked: Sequence[int]) -> list[int]:
    """Masked variables whose value follows from the published ones through ``matrix`` (A x = 0).

    A masked variable is determined exactly when every solution of the homogeneous system over the
    masked variables has it at zero, i.e. its component vanishes over the null space of A_masked."""
    masked = list(masked)
    if not masked:
        return []
    if matrix.shape[0] == 0:
        return []
    sub = matrix[:, masked]
    _, sing, vt = np.linalg.svd(sub, full_matrices=True)
    rank = int((sing > 1e-9).sum())
    null = vt[rank:]  # rows span the null space of sub
    if null.shape[0] == 0:
        return masked
    return [masked[n] for n in range(len(masked)) if np.allclose(null[:, n], 0.0, atol=1e-9)]


def threshold10_table(
    cells: Sequence[Sequence[int]],
    *,
    structural_zeros: Sequence[Sequence[bool]] | None = None,
    row_totals: bool = True,
    column_totals: bool = True,
) -> ControlledTable:
    """``threshold10`` over one table of counts, publishing its row and/or column totals."""
    n_rows = len(cells)
    n_cols = len(cells[0]) if n_rows else 0
    structural = structural_zeros or [[False] * n_cols for _ in range(n_rows)]
    matrix, keys = _equations(n_rows, n_cols, row_totals, column_totals)
    value: dict[tuple, int] = {(i, j): int(cells[i][j]) for i in range(n_rows) for j in range(n_cols)}
    for i in range(n_rows):
        value[(i, "T")] = sum(value[(i, j)] for j in range(n_cols))
    for j in range(n_cols):
        value[("T", j)] = sum(value[(i, j)] for i in range(n_rows))
    value[("T", "T")] = sum(value[(i, j)] for i in range(n_rows) for j in range(n_cols))
    def cell_structural(i: int, j: int) -> bool:
        return bool(structural[i][j]) and value[(i, j)] == 0

    # A total is structurally zero when every cell it adds up is.
    is_structural = {
        k: all(
            cell_structural(i, j)
            for i in (range(n_rows) if k[0] == "T" else [k[0]])
            for j in (range(n_cols) if k[1] == "T" else [k[1]])
        )
        for k in keys
    }
    masked = {n for n, k in enumerate(keys) if value[k] < THRESHOLD and not is_structural[k]}
    while True:
        exposed = determined_cells(matrix, sorted(masked))
        if not exposed:
            break
        target = keys[exposed[0]]
        candidates = [
            n
            for n, k in enumerate(keys)
            if n not in masked and not is_structural[k] and (k[0] == target[0] or k[1] == target[1])
        ]
        if not candidates:
            candidates = [n for n, k in enumerate(keys) if n not in masked and not is_structural[k]]
        if not candidates:
            break  # every cell is masked or structural: nothing published can reveal anything
        # Prefer interior cells, then the smallest value (least information lost).
        masked.add(min(candidates, key=lambda n: ("T" in keys[n], value[keys[n]], n)))

    def shown(k: tuple) -> int | None:
        return None if keys.index(k) in masked else value[k]

    return ControlledTable(
        cells=[[shown((i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown((i, "T")) for i in range(n_rows)] if row_totals else None,
        column_totals=[shown(("T", j)) for j in range(n_cols)] if column_totals else None,
        grand_total=shown(("T", "T")) if row_totals and column_totals else None,
    )


def apply_threshold10(
    frame: pl.DataFrame,
    counts: Sequence[str],
    percentages: Mapping[str, tuple[str, str]] | None = None,
    *,
    column_dimension: str,
    total_label: str,
) -> pl.DataFrame:
    """``threshold10`` over a long frame: for each count column, the table is the other dimensions
    (rows) by ``column_dimension`` (columns), published with its row totals, which are added to the
    frame as rows whose ``column_dimension`` is ``total_label``. Missing combinations are true zeros
    and are masked like any other small count."""
    dims = [c for c in frame.columns if c not in counts and c not in (percentages or {}) and c != column_dimension]
    row_keys = frame.select(dims).unique(maintain_order=True).rows() if dims else [()]
    col_keys = frame.get_column(column_dimension).unique(maintain_order=True).to_list()
    lookup = {
        (tuple(r[d] for d in dims), r[column_dimension]): r for r in frame.iter_rows(named=True)
    }
    results: dict[str, ControlledTable] = {}
    for col in counts:
        table = [[int((lookup.get((rk, ck)) or {}).get(col) or 0) for ck in col_keys] for rk in row_keys]
        results[col] = threshold10_table(table, row_totals=len(col_keys) > 1, column_totals=False)
    out_rows: list[dict] = []
    for i, rk in enumerate(row_keys):
        for j, ck in enumerate(col_keys):
            row = dict(zip(dims, rk, strict=True))
            row[column_dimension] = ck
            for col in counts:
                row[col] = results[col].cells[i][j]
            out_rows.append(row)
        if len(col_keys) > 1:
            row = dict(zip(dims, rk, strict=True))
            row[column_dimension] = total_label
            for col in counts:
                totals = results[col].row_totals
                row[col] = totals[i] if totals else None
            out_rows.append(row)
    schema = {c: frame.schema[c] for c in [*dims, column_dimension]} | dict.fromkeys(counts, pl.Int64)
    out = pl.DataFrame(out_rows, schema=schema, orient="row") if out_rows else pl.DataFrame(schema=schema)
    for pct in percentages or {}:
        out = out.with_columns(pl.lit(None, dtype=pl.Float64).alias(pct))
    return recompute_percentages(out.select([c for c in frame.columns if c in out.columns]), percentages or {})


def for_output(frame: pl.DataFrame, counts: Sequence[str]) -> pl.DataFrame:
    """The controlled frame as written to a file: suppressed counts become ``*``."""
    return frame.with_columns(
        pl.col(c).cast(pl.Utf8).fill_null(SUPPRESSED).alias(c) for c in counts if c in frame.columns
    )
