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
) -> AuditResult:
    """Audit ``outputs`` (one topic) against ``truth`` (counts by notification_year, region_name and
    ``dims``). ``only_never_published``: audit the cells no output publishes (a cell one policy hides
    and the other publishes is published); else every hidden cell of the outputs."""
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
                    dims,
                    years,
                    regions,
                    true_counts,
                    outputs,
                    interpret,
                    hidden_bounds,
                    only_never_published,
                ),
            )
    return result


def _audit_item(col, item, dims, years, regions, true_counts, outputs, interpret, hidden_bounds, only_never_published):
    var = {(y, r): n for n, (y, r) in enumerate((y, r) for y in years for r in regions)}
    truth_vec = np.array([true_counts.get((item, y, r), 0) for y in years for r in regions], dtype=float)
    rows: list[np.ndarray] = []
    lows: list[float] = []
    highs: list[float] = []
    cells: dict[tuple, np.ndarray] = {}
    hidden: set[tuple] = set()
    published: set[tuple] = set()

    def coverage(label: str, region: str) -> np.ndarray:
        a, b = _span(label)
        vec = np.zeros(len(var))
        for (y, r), n in var.items():
            if a <= y <= b and (region == NATIONAL or r == region):
                vec[n] = 1.0
        return vec

    def bound(vec: np.ndarray, lo: float, hi: float) -> None:
        true = float(vec @ truth_vec)
        assert lo - 1e-9 <= true <= hi + 1e-9, (col, item, lo, hi, true)  # the truth must be possible
        rows.append(vec)
        lows.append(lo)
        highs.append(hi)

    for out in outputs:
        if col not in out.frame.columns:
            continue
        frame = (
            out.frame.filter(pl.all_horizontal(pl.col(d) == v for d, v in zip(dims, item, strict=True)))
            if dims
            else out.frame
        )
        seen: dict[str, set[str]] = {}
        for row in frame.iter_rows(named=True):
            label, region, value = row["years"], row["region_name"], row[col]
            seen.setdefault(label, set()).add(region)
            vec = coverage(label, region)
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
            for label in out.frame.get_column("years").unique().to_list():
                for region in regions:
                    if region not in seen.get(label, set()):
                        vec = coverage(label, region)
                        if float(vec @ truth_vec) == 0:
                            bound(vec, 0.0, 0.0)
    targets = sorted(hidden - published if only_never_published else hidden)
    if not targets:
        return 0, []
    a_ub = np.vstack([np.vstack(rows), -np.vstack(rows)])
    b_ub = np.concatenate([np.array(highs), -np.array(lows)])
    finite = np.isfinite(b_ub)
    a_ub, b_ub = a_ub[finite], b_ub[finite]
    bounds = [(0, None)] * len(var)

    def extreme(objective: np.ndarray) -> tuple[float, np.ndarray | None]:
        res = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        if res.status == 3:
            return -math.inf, None
        assert res.status == 0, res.message
        return float(res.fun), res.x

    # Cheap clearing: a vertex whose value differs from the (integral) truth by 1 or more shows two
    # integers are possible.
    undecided = []
    rng = np.random.default_rng(len(targets))
    stack = [truth_vec]
    objective = rng.uniform(-1.0, 1.0, len(var))
    for sign in (1.0, -1.0):
        res = linprog(sign * objective, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        if res.status == 0:
            stack.append(res.x)
    points = np.vstack(stack)
    for key in targets:
        values = points @ cells[key]
        if np.max(np.abs(values - values[0])) < 1.0 - 1e-9:
            undecided.append(key)
    # Every vertex found on the way is a feasible point too: it clears each remaining cell it gives
    # a value 1 or more away from the truth's, so most cells need no linear program of their own.
    recovered = []
    while undecided:
        key = undecided.pop(0)
        lo, low_point = extreme(cells[key])
        hi, high_point = extreme(-cells[key])
        hi = -hi
        if math.isfinite(hi) and math.ceil(lo - 1e-7) >= math.floor(hi + 1e-7):
            recovered.append((col, item, *key, round(lo)))
        for point in (low_point, high_point):
            if point is not None:
                undecided = [k for k in undecided if abs(point @ cells[k] - truth_vec @ cells[k]) < 1.0 - 1e-9]
    return len(targets), recovered
