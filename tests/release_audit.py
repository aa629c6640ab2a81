"""An attacker's audit of a set of researcher tables released together (issue 15), independent of
``dhr.disclosure``: it reads only the published frames and, to know what a ``*`` means under the
rules, the true counts.

The unknowns are the true counts of every single year of notification x region (x item, per count
column), never negative. Every published table adds what a reader learns from it:

* a published figure ``p`` bounds the sum of the single years and regions its row covers (a band
  ``"2019-2021"`` covers 2019, 2020 and 2021; England and Wales covers every region): exactly ``p``
  when the rule publishes it exactly, else ``p - 2`` .. ``p + 2`` (rounded to 5), 0 exactly for 0;
* a ``*`` bounds it by what the rule says a ``*`` holds: under the rule before issue 15 a hes ``*``
  was always 1-7 (there was no complementary suppression); under the linked release a ``*`` may be a
  complementary cell, so any count (``new_hidden``; ``primary_known`` is a stronger reader);
* a region missing from a table by region, where the band and item appear, is 0 (regions are listed
  on the page).

A hidden cell is RECOVERED when, over all those constraints at once, its minimum and maximum (linear
programming, scipy's HiGHS) leave a single integer. Cells are audited once, however many tables
hold them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy import sparse
from scipy.optimize import linprog

NATIONAL = "England and Wales"


@dataclass(frozen=True)
class Output:
    """One table as released: ``frame`` has years, region_name, the item columns and the counts
    (null = ``*``); ``by_region`` when the table lists regions (so a missing region means 0)."""

    topic: str
    policy: str
    frame: pl.DataFrame
    by_region: bool


#: (policy, is national row, published value) -> (low, high) of the true value it stands for.
Interpretation = Callable[[str, bool, int], tuple[float, float]]
#: (policy, true value) -> (low, high) a reader may assume of a '*' holding that value.
HiddenBounds = Callable[[str, int], tuple[float, float]]


def rounded_everywhere(policy: str, national: bool, value: int) -> tuple[float, float]:
    """The new rule: every published figure, both policies, every level, is rounded to 5 (0 is 0)."""
    del policy, national
    return (0.0, 0.0) if value == 0 else (max(0.0, value - 2.0), value + 2.0)


def new_hidden(policy: str, true: int) -> tuple[float, float]:
    """The rule since issue 15: a ``*`` is a small count or a complementary cell, and nothing tells
    one from the other, so a ``*`` may be any count (Tau-Argus's a-priori bounds)."""
    del policy, true
    return (0.0, math.inf)


def primary_known(policy: str, true: int) -> tuple[float, float]:
    """A stronger reader, who somehow knows which ``*`` are small counts: hes 1-7, threshold10 0-12."""
    if policy == "hes":
        return (1.0, 7.0) if 1 <= true <= 7 else (0.0, math.inf)
    return (0.0, 12.0) if true <= 12 else (0.0, math.inf)


@dataclass
class AuditResult:
    hidden: int = 0
    recovered: list[tuple] = field(default_factory=list)
    by_topic: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, topic: str, hidden: int, recovered: list[tuple]) -> None:
        self.hidden += hidden
        self.recovered += recovered
        h, r = self.by_topic.get(topic, (0, 0))
        self.by_topic[topic] = (h + hidden, r + len(recovered))


def _span(label: str) -> tuple[int, int]:
    first, _, last = str(label).partition("-")
    return int(first), int(last or first)


def audit(
    truth: pl.DataFrame,
    outputs: Sequence[Output],
    counts: Iterable[str],
    dims: Sequence[str],
    *,
    interpret: Interpretation = rounded_everywhere,
    hidden_bounds: HiddenBounds = new_hidden,
    only_never_published: bool = True,
    shortcuts: bool = True,
) -> AuditResult:
    """Audit ``outputs`` (one topic) against ``truth`` (counts by notification_year, region_name and
    ``dims``). ``only_never_published``: audit the cells no output publishes (a cell one policy hides
    and the other publishes is published); else every hidden cell of the outputs. ``shortcuts=False``
    leaves out the programs that clear many cells at once, so each cell is decided by its own
    minimum and maximum or a vertex found for another cell's (the same answer, slower: for checking
    the shortcuts)."""
    result = AuditResult()
    if not outputs:
        return result
    topic = outputs[0].topic
    truth = truth.filter(pl.col("notification_year").is_not_null())
    years = sorted({int(y) for y in truth.get_column("notification_year").to_list()})
    regions = sorted(
        {str(r) for r in truth.get_column("region_name").to_list() if r is not None}
        | {str(r) for o in outputs for r in o.frame.get_column("region_name").to_list() if r != NATIONAL}
    )
    items = sorted(
        {tuple(r) for r in truth.select(dims).rows()}
        | {tuple(r) for o in outputs for r in o.frame.select(dims).rows()},
        key=str,
    )
    grid = _Grid(years, regions)
    # Each output's rows by item, read once (not filtered again for every item and count column).
    tables = [_Table(out, dims) for out in outputs]
    for col in counts:
        true_counts: dict[tuple, int] = {}
        for row in truth.iter_rows(named=True):
            key = (tuple(row[d] for d in dims), int(row["notification_year"]), row["region_name"])
            true_counts[key] = true_counts.get(key, 0) + int(row[col] or 0)
        for item in items:
            result.add(
                topic,
                *_audit_item(
                    col,
                    item,
                    grid,
                    true_counts,
                    tables,
                    interpret,
                    hidden_bounds,
                    only_never_published,
                    shortcuts,
                ),
            )
    return result


class _Grid:
    """The unknowns: the true count of every single year x region (year-major), and which of them
    a published row (band or all years, region or England and Wales) adds up."""

    def __init__(self, years: Sequence[int], regions: Sequence[str]) -> None:
        self.years, self.regions = list(years), list(regions)
        self._year = np.repeat(np.array(self.years, dtype=np.int64), len(self.regions))
        self._region = np.tile(np.array(self.regions, dtype=object), len(self.years))
        self._coverage: dict[tuple[str, str], np.ndarray] = {}

    @property
    def size(self) -> int:
        return len(self._year)

    def coverage(self, label: str, region: str) -> np.ndarray:
        vec = self._coverage.get((label, region))
        if vec is None:
            a, b = _span(label)
            covered = (self._year >= a) & (self._year <= b)
            if region != NATIONAL:
                covered &= self._region == region
            vec = self._coverage[(label, region)] = covered.astype(float)
        return vec


@dataclass
class _Table:
    """One output's rows, by item (the ``dims`` values), and the year labels it shows."""

    out: Output
    dims: Sequence[str]
    by_item: dict[tuple, list[dict]] = field(init=False)
    labels: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.by_item = {}
        for row in self.out.frame.iter_rows(named=True):
            self.by_item.setdefault(tuple(row[d] for d in self.dims), []).append(row)
        self.labels = self.out.frame.get_column("years").unique().to_list()

    def rows(self, item: tuple) -> list[dict]:
        # A null item value matches no row (as a filter on equality would).
        return [] if any(v is None for v in item) else self.by_item.get(item, [])


def _audit_item(col, item, grid, true_counts, tables, interpret, hidden_bounds, only_never_published, shortcuts):
    truth_vec = np.array([true_counts.get((item, y, r), 0) for y in grid.years for r in grid.regions], dtype=float)
    rows: list[np.ndarray] = []
    lows: list[float] = []
    highs: list[float] = []
    cells: dict[tuple, np.ndarray] = {}
    hidden: set[tuple] = set()
    published: set[tuple] = set()

    def bound(vec: np.ndarray, lo: float, hi: float) -> None:
        true = float(vec @ truth_vec)
        assert lo - 1e-9 <= true <= hi + 1e-9, (col, item, lo, hi, true)  # the truth must be possible
        rows.append(vec)
        lows.append(lo)
        highs.append(hi)

    for table in tables:
        out = table.out
        if col not in out.frame.columns:
            continue
        seen: dict[str, set[str]] = {}
        for row in table.rows(item):
            label, region, value = row["years"], row["region_name"], row[col]
            seen.setdefault(label, set()).add(region)
            vec = grid.coverage(label, region)
            key = (label, region)
            cells[key] = vec
            true = round(float(vec @ truth_vec))
            if value is None:
                hidden.add(key)
                lo, hi = hidden_bounds(out.policy, true)
            else:
                published.add(key)
                lo, hi = interpret(out.policy, region == NATIONAL, int(value))
            bound(vec, lo, hi)
        if out.by_region:
            # Other rows of the table show these bands: a region not listed for this item is 0.
            for label in table.labels:
                for region in grid.regions:
                    if region not in seen.get(label, set()):
                        vec = grid.coverage(label, region)
                        if float(vec @ truth_vec) == 0:
                            bound(vec, 0.0, 0.0)
    targets = sorted(hidden - published if only_never_published else hidden)
    if not targets:
        return 0, []
    a_ub, b_ub = _inequalities(np.vstack(rows), np.array(lows), np.array(highs))
    bounds = [(0, None)] * grid.size

    def extreme(objective: np.ndarray) -> tuple[float, np.ndarray | None]:
        res = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        if res.status == 3:
            return -math.inf, None
        assert res.status == 0, res.message
        return float(res.fun), res.x

    # A feasible point whose value of a cell differs from the (integral) truth's by 1 or more shows
    # that the cell can hold two integers: it is not recovered, and needs no program of its own.
    def undecided_after(points: list[np.ndarray], keys: list[tuple]) -> list[tuple]:
        if not keys or not points:
            return keys
        coverage = np.vstack([cells[k] for k in keys])
        moved = np.max(np.abs((np.vstack(points) - truth_vec) @ coverage.T), axis=0)
        return [k for k, m in zip(keys, moved, strict=True) if m < 1.0 - 1e-9]

    undecided = list(targets)
    if shortcuts:
        undecided = undecided_after(_pushed(undecided, cells, truth_vec, a_ub, b_ub), undecided)
        undecided = undecided_after(_pushed_one_by_one(undecided, cells, truth_vec, a_ub, b_ub), undecided)
    # What is left (on a protected release, nothing) gets its minimum and maximum, and every vertex
    # found on the way clears the remaining cells it gives a value 1 or more away from the truth's.
    recovered = []
    while undecided:
        key = undecided.pop(0)
        lo, low_point = extreme(cells[key])
        hi, high_point = extreme(-cells[key])
        hi = -hi
        if math.isfinite(hi) and math.ceil(lo - 1e-7) >= math.floor(hi + 1e-7):
            recovered.append((col, item, *key, round(lo)))
        undecided = undecided_after([p for p in (low_point, high_point) if p is not None], undecided)
    return len(targets), recovered


def _inequalities(a: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lows <= a @ x <= highs`` as ``a_ub @ x <= b_ub``, each row once: a figure that several
    tables publish is bounded by all they say, and a lower bound of 0 or less is left out (every
    unknown is a count, never negative, and a row only adds them up)."""
    merged: dict[bytes, int] = {}
    keep: list[int] = []
    for n, vec in enumerate(a):
        first = merged.setdefault(vec.tobytes(), n)
        if first == n:
            keep.append(n)
        else:
            lows[first], highs[first] = max(lows[first], lows[n]), min(highs[first], highs[n])
    a, lows, highs = a[keep], lows[keep], highs[keep]
    upper, lower = np.isfinite(highs), lows > 0
    return np.vstack([a[upper], -a[lower]]), np.concatenate([highs[upper], -lows[lower]])


def _box(truth_vec: np.ndarray) -> tuple[float, float]:
    """Bounds of every unknown for the programs that only look for feasible points: a point of this
    box that meets every constraint is a possible truth, and no such program is unbounded."""
    return (0.0, float(truth_vec.max()) + 1000.0)


def _pushed(keys, cells, truth_vec, a_ub, b_ub) -> list[np.ndarray]:
    """Two feasible points: the cells ``keys`` all pushed down together, then all up."""
    total = np.sum([cells[k] for k in keys], axis=0)
    points = []
    for sign in (1.0, -1.0):
        res = linprog(sign * total, A_ub=a_ub, b_ub=b_ub, bounds=_box(truth_vec), method="highs")
        if res.status == 0:
            points.append(res.x)
    return points


def _pushed_one_by_one(keys, cells, truth_vec, a_ub, b_ub) -> list[np.ndarray]:
    """A feasible point for each cell of ``keys`` pushed down on its own, and one pushed up: all
    found by ONE program, with a copy of the constraints per point (block-diagonal), so that a
    cell costs no solver call of its own."""
    if not keys:
        return []
    copies = 2 * len(keys)
    objective = np.concatenate([sign * cells[k] for k in keys for sign in (1.0, -1.0)])
    a_blocks = sparse.kron(sparse.identity(copies, format="csr"), sparse.csr_matrix(a_ub), format="csr")
    res = linprog(objective, A_ub=a_blocks, b_ub=np.tile(b_ub, copies), bounds=_box(truth_vec), method="highs")
    return list(res.x.reshape(copies, len(truth_vec))) if res.status == 0 else []
