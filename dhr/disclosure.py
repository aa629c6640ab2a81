"""Disclosure control: the named policies every researcher figure passes before it leaves the system
(issues 6 and 15; the rule and why it holds: docs/disclosure.md).

DHR numbers are tiny (about 120-160 reviews a year nationally, often 0-3 a year per CSP), so the
default is strict. Everything a researcher can obtain (every topic, year banding, geography and
policy, on the Researcher page or from ``dhr export``) is treated as ONE linked release, built once by
:func:`linked_release` and only ever sliced:

* every figure sits in one table per count and item: fixed bands of notification years
  (:func:`year_bands`) plus all years, by every region (zeros included, so a missing row reveals
  nothing) plus England and Wales. The all-years row and the national column are that table's
  totals, so subtracting bands or regions from them is what the protection is checked against;
* ``hes`` (default, the Hospital Episode Statistics rule) applies at EVERY level, national and
  all-years totals included: counts 1-7 become ``*``, every other count is rounded to the nearest 5
  (0 stays 0). Then further cells become ``*`` (secondary suppression) until, given every published
  figure of the table and the width of its rounding, no ``*`` cell has a single possible value
  (checked by linear programming, :func:`pinned_cells`);
* ``threshold10`` is computed FROM the hes release and never publishes a number it does not: every
  cell hes shows as ``*``, 0 or 10 (so every count that may be under 10) becomes ``*``, then
  complementary cells until no ``*`` can be derived from the published figures, whether by exact
  subtraction (linear algebra, :func:`determined_cells`) or within the rounding intervals. Holding
  both files therefore tells a reader nothing the hes file does not.

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
    #: The rule in one line, for a chooser's help (the page and exports show ``rule`` in full).
    summary: str


HES = Policy(
    "hes",
    "HES-style suppression and rounding",
    "At every level, England and Wales and all years included, counts from 1 to 7 are shown as * and all other "
    "counts are rounded to the nearest 5 (0 stays 0), totals too. Further cells are shown as * where the "
    "published figures would otherwise leave a * cell only one possible value. Every table a researcher can "
    "obtain (every topic, year band, geography and policy) is cut from one release, so the figures agree "
    "wherever they appear. Percentages are computed from the rounded counts and are suppressed where their "
    "numerator or denominator is suppressed.",
    "1-7 suppressed, others rounded to 5, at every level",
)
THRESHOLD10 = Policy(
    "threshold10",
    "Threshold of 10 with complementary suppression",
    "Derived from the hes release: every count under 10 is shown as * (every count hes shows as *, 0 or 10, "
    "so zeros are included), and the other counts are the hes figures, rounded to the nearest 5. Further cells "
    "are then shown as * (complementary suppression across bands, regions and their totals) until no suppressed "
    "cell can be derived by subtraction from the published figures. It never shows a number the hes release "
    "does not. Percentages are suppressed where their numerator or denominator is suppressed.",
    "the hes figures with every count under 10 suppressed too, and complementary suppression",
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
                pl.when(pl.col(den) > 0).then((100.0 * pl.col(num) / pl.col(den)).round(1)).otherwise(None).alias(pct)
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


def _with_totals(cells: Sequence[Sequence[int]], n_rows: int, n_cols: int) -> dict[tuple, int]:
    """Every cell by (row, column), with row totals (i, "T"), column totals ("T", j) and ("T", "T")."""
    value: dict[tuple, int] = {(i, j): int(cells[i][j]) for i in range(n_rows) for j in range(n_cols)}
    for i in range(n_rows):
        value[(i, "T")] = sum(value[(i, j)] for j in range(n_cols))
    for j in range(n_cols):
        value[("T", j)] = sum(value[(i, j)] for i in range(n_rows))
    value[("T", "T")] = sum(value[(i, j)] for i in range(n_rows) for j in range(n_cols))
    return value


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
    value = _with_totals(cells, n_rows, n_cols)

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
    lookup = {(tuple(r[d] for d in dims), r[column_dimension]): r for r in frame.iter_rows(named=True)}
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


# --------------------------------------------------------------------------------------------
# The linked release: every researcher figure, both policies, cut from one set of tables
# --------------------------------------------------------------------------------------------

#: Width of the fixed bands of notification years (issue 15: bands of one width only, so no two
#: bandings overlap and no difference of bands is a single year).
BAND_YEARS = 3
#: A published rounded count ``p`` stands for ``p - 2`` .. ``p + 2``.
ROUNDING_SLACK = HES_BASE // 2
#: What a reader may assume a ``*`` holds. The rule says a ``*`` is a small count OR a cell
#: suppressed to protect another, and nothing tells one from the other, so any ``*`` may be any count
#: (the a-priori bounds Tau-Argus audits with). An attacker who knew which ``*`` are small counts
#: could do better (docs/disclosure.md, "What a reader knows").
ANY_COUNT: tuple[int, None] = (0, None)
HES_HIDDEN = ANY_COUNT
THRESHOLD10_HIDDEN = ANY_COUNT


def year_bands(first: int, last: int, width: int = BAND_YEARS) -> list[tuple[int, int]]:
    """Fixed bands of notification years, from the first year with data: ``width`` years each, the
    last one ending at ``last``. A single left-over year joins the band before it, so no band is one
    year; with fewer than two years of data there is no band at all (nothing is published)."""
    first, last = int(first), int(last)
    if last - first + 1 < 2:
        return []
    bands = [(start, min(start + width - 1, last)) for start in range(first, last + 1, width)]
    if len(bands) > 1 and bands[-1][0] == bands[-1][1]:
        bands[-2:] = [(bands[-2][0], bands[-1][1])]
    return bands


def band_label(band: tuple[int, int]) -> str:
    return f"{band[0]}-{band[1]}"


def _interval(published: int | None, hidden: tuple[int, int | None]) -> tuple[int, int | None]:
    """What a reader knows of a cell from its published figure (or its ``*``)."""
    if published is None:
        return hidden
    if published == 0:
        return (0, 0)
    return (max(0, published - ROUNDING_SLACK), published + ROUNDING_SLACK)


def pinned_cells(
    matrix: np.ndarray,
    bounds: Sequence[tuple[float, float | None]],
    hidden: Sequence[int],
    truth: Sequence[float] | None = None,
) -> list[int]:
    """Hidden variables that have only one possible integer value, given ``matrix @ x == 0`` and the
    reader's ``bounds`` of every variable (published figures as their rounding intervals).

    For each hidden variable the minimum and maximum over that polytope are found by linear
    programming (HiGHS, through scipy). Most are cleared first without a per-cell solve: ``truth``,
    moves from it that keep every sum, and the vertices of a few programs over a box around it are
    feasible points, and a variable that differs between two of them by 1 or more has at least two
    possible values (the tables' sums make the vertices integral). Only the variables left (those
    pinned, on a protected table) get a minimum and a maximum of their own: the cleared ones would
    not have been pinned by them, so the answer is the same as from a solve per variable."""
    from scipy.optimize import linprog

    hidden = sorted(set(hidden))
    if not hidden:
        return []
    n = len(bounds)
    a_eq = matrix if matrix.shape[0] else None
    b_eq = np.zeros(matrix.shape[0]) if matrix.shape[0] else None

    def solve(objective: np.ndarray) -> tuple[str, np.ndarray | None, float]:
        res = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=list(bounds), method="highs")
        if res.status == 3:
            return "unbounded", None, -np.inf
        if res.status != 0:
            return "failed", None, np.nan
        return "ok", res.x, float(res.fun)

    undecided = hidden
    if truth is not None:
        undecided = _cleared_by_moves(matrix, bounds, hidden, np.asarray(truth, dtype=float))
    if undecided and truth is not None:
        # Feasible points in a box around the truth (a point of the box is a point of the polytope):
        # the undecided variables pushed down together and up together, then each of those still
        # undecided down and up on its own (one program for all of them, _cleared_one_by_one).
        box_top = float(np.max(truth)) + 1000.0
        boxed = [(lo, box_top if hi is None else hi) for lo, hi in bounds]
        start = np.asarray(truth, dtype=float)
        moved = np.zeros(len(undecided))
        for sign in (-1.0, 1.0):
            objective = np.zeros(n)
            objective[undecided] = sign
            res = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=boxed, method="highs")
            if res.status == 0:
                moved = np.maximum(moved, np.abs(res.x[undecided] - start[undecided]))
        undecided = [h for h, m in zip(undecided, moved, strict=True) if m < 1.0 - 1e-9]
        if undecided:
            undecided = _cleared_one_by_one(matrix, boxed, undecided, start)
    pinned: list[int] = []
    for k in undecided:
        unit = np.zeros(n)
        unit[k] = 1.0
        s_lo, _, lo = solve(unit)
        s_hi, _, neg_hi = solve(-unit)
        if "failed" in (s_lo, s_hi):
            pinned.append(k)  # cannot show it is protected: treat as exposed
            continue
        hi = np.inf if s_hi == "unbounded" else -neg_hi
        if np.ceil(lo - 1e-6) >= np.floor(hi + 1e-6):
            pinned.append(k)
    return pinned


def _cleared_one_by_one(
    matrix: np.ndarray, boxed: Sequence[tuple[float, float]], undecided: list[int], truth: np.ndarray
) -> list[int]:
    """The variables of ``undecided`` NOT shown to have two possible integer values by pushing each
    of them down on its own, and up on its own, within the box: one feasible point per push, all
    found by ONE linear program holding a copy of the tables' sums per push (block-diagonal), where
    a program per push cost a solver call each (issue 16)."""
    from scipy import sparse
    from scipy.optimize import linprog

    n = len(truth)
    # Only the pushes that can reach 1 away from the truth within the variable's own bounds.
    pushes = [
        (k, sign)
        for k in undecided
        for sign in (1.0, -1.0)
        if (truth[k] - boxed[k][0] if sign > 0 else boxed[k][1] - truth[k]) >= 1.0 - 1e-9
    ]
    if not pushes:
        return undecided
    copies = len(pushes)
    objective = np.zeros((copies, n))
    for m, (k, sign) in enumerate(pushes):
        objective[m, k] = sign
    a_eq = sparse.kron(sparse.identity(copies, format="csr"), sparse.csr_matrix(matrix), format="csr")
    res = linprog(
        objective.ravel(),
        A_eq=a_eq if matrix.shape[0] else None,
        b_eq=np.zeros(a_eq.shape[0]) if matrix.shape[0] else None,
        bounds=list(boxed) * copies,
        method="highs",
    )
    if res.status != 0:
        return undecided
    moved = np.max(np.abs(res.x.reshape(copies, n)[:, undecided] - truth[undecided]), axis=0)
    return [h for h, m in zip(undecided, moved, strict=True) if m < 1.0 - 1e-9]


def _cleared_by_moves(
    matrix: np.ndarray, bounds: Sequence[tuple[float, float | None]], hidden: list[int], truth: np.ndarray
) -> list[int]:
    """The hidden variables NOT shown to have two possible integer values by moving from ``truth``
    (integral, feasible) along directions that keep every sum: if ``truth + t * d`` stays within the
    bounds and changes a variable by 1 or more, that variable has at least two possible values."""
    lower = np.array([b[0] for b in bounds], dtype=float)
    upper = np.array([np.inf if b[1] is None else b[1] for b in bounds], dtype=float)
    free = np.flatnonzero(upper > lower)
    if free.size == 0:
        return hidden
    sub = matrix[:, free] if matrix.shape[0] else np.zeros((0, free.size))
    if sub.shape[0]:
        _, sing, vt = np.linalg.svd(sub, full_matrices=True)
        basis = vt[int((sing > 1e-9).sum()) :]
    else:
        basis = np.eye(free.size)
    if basis.shape[0] == 0:
        return hidden
    rng = np.random.default_rng(free.size)
    directions = np.vstack([basis, rng.standard_normal((8, basis.shape[0])) @ basis])
    cleared = np.zeros(len(truth), dtype=bool)
    for small in directions:
        d = np.zeros(len(truth))
        d[free] = small
        d[np.abs(d) < 1e-12] = 0.0
        if not d.any():
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            up = np.where(d > 0, (upper - truth) / d, np.where(d < 0, (lower - truth) / d, np.inf))
            down = np.where(d < 0, (upper - truth) / -d, np.where(d > 0, (lower - truth) / -d, np.inf))
        reach = max(float(np.min(up)), float(np.min(down)))
        if reach > 0:
            with np.errstate(invalid="ignore"):
                cleared |= np.abs(d) * reach >= 1.0 - 1e-9
    return [h for h in hidden if not cleared[h]]


def _complement(keys: list[tuple], target: int, hidden: set[int], published: Sequence[int | None]) -> int | None:
    """The cell to suppress next to protect ``target``: one in its row or column (its sums), interior
    cells before totals, smallest published figure first."""
    t = keys[target]
    open_ = [n for n in range(len(keys)) if n not in hidden]
    near = [n for n in open_ if keys[n][0] == t[0] or keys[n][1] == t[1]] or open_
    if not near:
        return None
    return min(near, key=lambda n: ("T" in keys[n], published[n] or 0, n))


def _protect(
    keys: list[tuple],
    matrix: np.ndarray,
    truth: np.ndarray,
    published: list[int | None],
    primary: dict[int, tuple[int, int | None]],
    *,
    exact_derivation: bool,
) -> set[int]:
    """Add secondary suppression to ``primary`` (cell -> what a reader may assume it holds) until no
    hidden cell is pinned (and, with ``exact_derivation``, none is a linear function of the published
    figures taken as exact). Only published figures guide the choice of the cells added."""
    hidden = set(primary)
    assumed = dict(primary)
    while True:
        bounds = [
            assumed.get(n, ANY_COUNT) if n in hidden else _interval(published[n], ANY_COUNT) for n in range(len(keys))
        ]
        exposed = determined_cells(matrix, sorted(hidden)) if exact_derivation else []
        if not exposed:
            exposed = pinned_cells(matrix, bounds, sorted(hidden), truth)
        if not exposed:
            return hidden
        extra = _complement(keys, exposed[0], hidden, published)
        if extra is None:
            return hidden  # everything is hidden: nothing published can reveal anything
        hidden.add(extra)
        assumed[extra] = ANY_COUNT


def linked_table(cells: Sequence[Sequence[int]]) -> dict[str, ControlledTable]:
    """Both policies over one table of counts (rows: year bands, columns: regions), published with
    every total: per band (England and Wales), per region (all years) and overall.

    Returns {"hes": ..., "threshold10": ...}; threshold10 is derived from the hes figures only."""
    n_rows = len(cells)
    n_cols = len(cells[0]) if n_rows else 0
    matrix, keys = _equations(n_rows, n_cols, True, True)
    value = _with_totals(cells, n_rows, n_cols)
    truth = np.array([value[k] for k in keys], dtype=float)
    rounded = [hes_value(value[k]) for k in keys]
    hes_hidden = _protect(
        keys,
        matrix,
        truth,
        rounded,
        {n: HES_HIDDEN for n, v in enumerate(rounded) if v is None},
        exact_derivation=False,
    )
    hes_shown = [None if n in hes_hidden else rounded[n] for n in range(len(keys))]
    t10_primary = {n: THRESHOLD10_HIDDEN for n, v in enumerate(hes_shown) if v is None or v <= 10}
    t10_primary |= {n: ANY_COUNT for n in hes_hidden if rounded[n] is not None}  # hes secondary cells: any count
    t10_hidden = _protect(keys, matrix, truth, hes_shown, t10_primary, exact_derivation=True)
    t10_shown = [None if n in t10_hidden else hes_shown[n] for n in range(len(keys))]

    def table(shown: list[int | None]) -> ControlledTable:
        at = {k: shown[n] for n, k in enumerate(keys)}
        return ControlledTable(
            cells=[[at[(i, j)] for j in range(n_cols)] for i in range(n_rows)],
            row_totals=[at[(i, "T")] for i in range(n_rows)],
            column_totals=[at[("T", j)] for j in range(n_cols)],
            grand_total=at[("T", "T")],
        )

    return {HES.name: table(hes_shown), THRESHOLD10.name: table(t10_shown)}


ALL_YEARS_COLUMN = "all_years"


def linked_release(
    raw: pl.DataFrame,
    counts: Sequence[str],
    dims: Sequence[str],
    percentages: Mapping[str, tuple[str, str]] | None = None,
    *,
    bands: Sequence[tuple[int, int]],
    regions: Sequence[str],
    national_name: str,
) -> dict[str, pl.DataFrame]:
    """Every figure of one researcher topic under both policies: {policy name: frame}.

    ``raw``: counts by ``notification_year``, ``region_name`` and the item columns ``dims``. Each
    frame has a row for every band and all years (``years``; ``all_years`` marks the all-years
    rows) by every region in ``regions`` (plus any other region the counts hold) and
    ``national_name``, by every item: zeros included, so a missing row reveals nothing. Years
    outside the bands are left out of every figure."""
    percentages = dict(percentages or {})
    bands = list(bands)
    regions = list(regions)
    columns = ["years", ALL_YEARS_COLUMN, "region_name", *dims, *counts, *percentages]
    if not bands:
        schema = {"years": pl.Utf8, ALL_YEARS_COLUMN: pl.Boolean, "region_name": pl.Utf8}
        schema |= {d: raw.schema.get(d, pl.Utf8) for d in dims} | dict.fromkeys(counts, pl.Int64)
        schema |= dict.fromkeys(percentages, pl.Float64)
        empty = pl.DataFrame(schema=schema).select(columns)
        return dict.fromkeys(POLICIES, empty)
    label_of = {y: band_label(b) for b in bands for y in range(b[0], b[1] + 1)}
    frame = raw.filter(pl.col("notification_year").is_in(list(label_of))).with_columns(
        pl.col("notification_year").cast(pl.Int64).replace_strict(label_of, return_dtype=pl.Utf8).alias("years"),
        pl.col("region_name").fill_null("Region not known"),
    )
    extra = [r for r in frame.get_column("region_name").unique(maintain_order=True).to_list() if r not in regions]
    regions = regions + sorted(extra)
    grouped = frame.group_by(["years", "region_name", *dims], maintain_order=True).agg(
        pl.col(c).fill_null(0).sum().cast(pl.Int64) for c in counts
    )
    items = raw.select(dims).unique(maintain_order=True).rows() if dims else [()]
    band_index = {band_label(b): i for i, b in enumerate(bands)}
    region_index = {r: j for j, r in enumerate(regions)}
    item_index = {item: k for k, item in enumerate(items)}
    grids = {c: np.zeros((len(items), len(bands), len(regions)), dtype=np.int64) for c in counts}
    for row in grouped.iter_rows(named=True):
        k = item_index.get(tuple(row[d] for d in dims))
        if k is None:
            continue
        for c in counts:
            grids[c][k, band_index[row["years"]], region_index[row["region_name"]]] = row[c] or 0
    all_label = f"{bands[0][0]}-{bands[-1][1]}"
    year_rows = [(band_label(b), False, i) for i, b in enumerate(bands)] + [(all_label, True, "T")]
    region_cols = [(r, j) for j, r in enumerate(regions)] + [(national_name, "T")]
    out: dict[str, list[dict]] = {name: [] for name in POLICIES}
    for k, item in enumerate(items):
        tables = {c: linked_table(grids[c][k].tolist()) for c in counts}
        for label, is_all, i in year_rows:
            for region, j in region_cols:
                for name in POLICIES:
                    row: dict = {"years": label, ALL_YEARS_COLUMN: is_all, "region_name": region}
                    row |= dict(zip(dims, item, strict=True))
                    for c in counts:
                        t = tables[c][name]
                        if i == "T":
                            row[c] = t.grand_total if j == "T" else t.column_totals[j]
                        else:
                            row[c] = t.row_totals[i] if j == "T" else t.cells[i][j]
                    out[name].append(row)
    schema = {"years": pl.Utf8, ALL_YEARS_COLUMN: pl.Boolean, "region_name": pl.Utf8}
    schema |= {d: raw.schema[d] for d in dims} | dict.fromkeys(counts, pl.Int64)
    result = {}
    for name, rows in out.items():
        frame_ = pl.DataFrame(rows, schema=schema, orient="row")
        frame_ = frame_.with_columns(pl.lit(None, dtype=pl.Float64).alias(p) for p in percentages)
        result[name] = recompute_percentages(frame_, percentages).select(columns)
    return result
