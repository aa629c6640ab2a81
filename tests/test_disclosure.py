"""The disclosure policies of dhr/disclosure.py: worked examples, then hypothesis properties over
random aggregates (issue 6).

* hes: no published count below national level (or of a protected characteristic at any level) is
  from 1 to 7 or off a multiple of 5; percentages follow the rounded counts.
* threshold10: no published cell is under 10 (structural zeros aside), and no masked cell can be
  derived from the published cells and totals: checked here independently of the implementation, by
  exact rational elimination (fractions), not by the SVD the policy uses.
"""

from __future__ import annotations

from fractions import Fraction

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dhr import disclosure
from dhr.disclosure import apply_hes, apply_threshold10, hes_value, threshold10_table

# --------------------------------------------------------------------------------------------
# hes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, None), (7, None), (8, 10), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (127, 125)],
)
def test_hes_values(count, shown):
    assert hes_value(count) == shown


def test_hes_leaves_national_counts_except_protected_characteristics():
    frame = pl.DataFrame({"region_name": ["London", "England and Wales"], "n": [3, 3], "d": [12, 13]})
    national = frame.get_column("region_name") == "England and Wales"
    out = apply_hes(frame, ["n", "d"], {"pct": ("n", "d")}, national=national)
    assert out.get_column("n").to_list() == [None, 3]
    assert out.get_column("d").to_list() == [10, 13]
    assert out.get_column("pct").to_list() == [None, round(100 * 3 / 13, 1)]
    protected = apply_hes(frame, ["n", "d"], {"pct": ("n", "d")}, national=national, protected=True)
    assert protected.get_column("n").to_list() == [None, None]
    assert protected.get_column("d").to_list() == [10, 15]


def test_policies_are_named_and_carry_their_rule():
    assert disclosure.DEFAULT_POLICY == "hes"
    assert set(disclosure.POLICIES) == {"hes", "threshold10"}
    assert "1 to 7" in disclosure.HES.rule and "nearest 5" in disclosure.HES.rule
    assert "under 10" in disclosure.THRESHOLD10.rule and "complementary" in disclosure.THRESHOLD10.rule
    with pytest.raises(ValueError):
        disclosure.get_policy("none")


counts_strategy = st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=30)


@given(
    counts=counts_strategy,
    national_flags=st.lists(st.booleans(), min_size=30, max_size=30),
    protected=st.booleans(),
)
def test_hes_never_publishes_small_or_unrounded_counts_below_national(counts, national_flags, protected):
    n = len(counts)
    frame = pl.DataFrame({"k": counts, "d": [c + 3 for c in counts]})
    national = pl.Series(national_flags[:n])
    out = apply_hes(frame, ["k", "d"], {"pct": ("k", "d")}, national=national, protected=protected)
    for i in range(n):
        controlled = (not national_flags[i]) or protected
        for col, raw in (("k", counts[i]), ("d", counts[i] + 3)):
            shown = out.get_column(col)[i]
            if controlled:
                assert shown is None or (shown % 5 == 0 and not 1 <= shown <= 7)
                assert shown is None or abs(shown - raw) <= 2  # rounding, never more
                assert (shown is None) == (1 <= raw <= 7)
            else:
                assert shown == raw
        k, d, pct = out.get_column("k")[i], out.get_column("d")[i], out.get_column("pct")[i]
        if k is None or d is None or d == 0:
            assert pct is None
        else:
            assert pct == round(100.0 * k / d, 1)  # from the published counts, not the raw ones


# --------------------------------------------------------------------------------------------
# threshold10: an independent check that a masked cell cannot be derived
# --------------------------------------------------------------------------------------------


def _constraints(n_rows: int, n_cols: int, row_totals: bool, col_totals: bool) -> tuple[list[tuple], list[dict]]:
    """Variables and the sums a reader knows hold between them (each a {variable: coefficient})."""
    keys = [(i, j) for i in range(n_rows) for j in range(n_cols)]
    eqs: list[dict] = []
    if row_totals:
        keys += [(i, "T") for i in range(n_rows)]
        eqs += [{**{(i, j): 1 for j in range(n_cols)}, (i, "T"): -1} for i in range(n_rows)]
    if col_totals:
        keys += [("T", j) for j in range(n_cols)]
        eqs += [{**{(i, j): 1 for i in range(n_rows)}, ("T", j): -1} for j in range(n_cols)]
    if row_totals and col_totals:
        keys.append(("T", "T"))
        eqs.append({**{(i, "T"): 1 for i in range(n_rows)}, ("T", "T"): -1})
        eqs.append({**{("T", j): 1 for j in range(n_cols)}, ("T", "T"): -1})
    return keys, eqs


def _derivable(masked: list[tuple], eqs: list[dict]) -> set[tuple]:
    """Masked variables fixed by the equations once every published value is known.

    Gaussian elimination in exact fractions over the masked variables only: a masked variable is
    derivable exactly when the reduced system contains a row with that variable alone."""
    rows = [[Fraction(eq.get(k, 0)) for k in masked] for eq in eqs]
    rows = [r for r in rows if any(r)]
    pivots: list[int] = []
    r = 0
    for c in range(len(masked)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    derivable = set()
    for row in rows[:r]:
        nonzero = [c for c, v in enumerate(row) if v != 0]
        if len(nonzero) == 1:
            derivable.add(masked[nonzero[0]])
    return derivable


def _check_threshold10(cells, structural, row_totals, col_totals):
    result = threshold10_table(cells, structural_zeros=structural, row_totals=row_totals, column_totals=col_totals)
    n_rows, n_cols = len(cells), len(cells[0])
    truth = {(i, j): cells[i][j] for i in range(n_rows) for j in range(n_cols)}
    for i in range(n_rows):
        truth[(i, "T")] = sum(cells[i])
    for j in range(n_cols):
        truth[("T", j)] = sum(cells[i][j] for i in range(n_rows))
    truth[("T", "T")] = sum(sum(r) for r in cells)
    shown = {(i, j): result.cells[i][j] for i in range(n_rows) for j in range(n_cols)}
    if row_totals:
        shown |= {(i, "T"): result.row_totals[i] for i in range(n_rows)}
    if col_totals:
        shown |= {("T", j): result.column_totals[j] for j in range(n_cols)}
    if row_totals and col_totals:
        shown[("T", "T")] = result.grand_total
    for key, value in shown.items():
        if value is None:
            continue
        assert value == truth[key], key  # published figures are exact
        rows_ = range(n_rows) if key[0] == "T" else [key[0]]
        cols_ = range(n_cols) if key[1] == "T" else [key[1]]
        is_structural = all(structural[i][j] and cells[i][j] == 0 for i in rows_ for j in cols_)
        if is_structural:
            assert value == 0
        else:
            assert value >= disclosure.THRESHOLD, (key, value)
    keys, eqs = _constraints(n_rows, n_cols, row_totals, col_totals)
    masked = [k for k in keys if shown[k] is None]
    assert not _derivable(masked, eqs), (cells, masked)
    # Structural zeros stay zeros.
    for i in range(n_rows):
        for j in range(n_cols):
            if structural[i][j] and cells[i][j] == 0:
                assert result.cells[i][j] == 0


def test_threshold10_worked_example():
    cells = [[12, 3, 20], [15, 25, 30], [40, 11, 18]]
    structural = [[False] * 3 for _ in range(3)]
    result = threshold10_table(cells, structural_zeros=structural)
    assert result.cells[0][1] is None  # primary: 3 < 10
    masked_in_row = sum(v is None for v in result.cells[0])
    masked_in_col = sum(result.cells[i][1] is None for i in range(3))
    assert masked_in_row >= 2 and masked_in_col >= 2  # complementary, across the row and the column
    _check_threshold10(cells, structural, True, True)


def test_threshold10_masks_zeros_but_keeps_structural_zeros():
    cells = [[0, 50, 60], [0, 70, 80]]
    plain = threshold10_table(cells)
    assert plain.cells[0][0] is None and plain.cells[1][0] is None
    structural = [[True, False, False], [True, False, False]]
    kept = threshold10_table(cells, structural_zeros=structural)
    assert kept.cells[0][0] == 0 and kept.cells[1][0] == 0
    assert kept.cells[0][1] == 50


table_strategy = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.tuples(
            st.lists(st.lists(st.integers(0, 40), min_size=cols, max_size=cols), min_size=rows, max_size=rows),
            st.lists(st.lists(st.booleans(), min_size=cols, max_size=cols), min_size=rows, max_size=rows),
        )
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=table_strategy, row_totals=st.booleans(), col_totals=st.booleans())
def test_threshold10_no_small_cell_published_and_no_masked_cell_derivable(table, row_totals, col_totals):
    cells, structural_draw = table
    # A structural zero is a zero by definition: only zero cells can be structural.
    structural = [
        [flag and v == 0 for flag, v in zip(fr, cr, strict=True)] for fr, cr in zip(structural_draw, cells, strict=True)
    ]
    _check_threshold10(cells, structural, row_totals, col_totals)


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 60), min_size=6, max_size=6),
)
def test_threshold10_long_frame_publishes_row_totals_safely(counts):
    frame = pl.DataFrame(
        {
            "years": ["2011-2013"] * 3 + ["2014-2016"] * 3,
            "region_name": ["London", "Wales", "South East"] * 2,
            "n": counts,
        }
    )
    out = apply_threshold10(frame, ["n"], column_dimension="region_name", total_label="England and Wales")
    assert out.height == 8  # 6 cells and a published total for each band
    for band in ("2011-2013", "2014-2016"):
        rows = out.filter(pl.col("years") == band)
        values = dict(zip(rows.get_column("region_name"), rows.get_column("n"), strict=True))
        published = [v for v in values.values() if v is not None]
        assert all(v >= 10 for v in published)
        masked = [k for k, v in values.items() if v is None]
        # With the band's total published, one masked cell in a band could be subtracted out.
        assert len(masked) != 1


def test_the_derivability_check_catches_a_lone_masked_cell():
    """The independent check must be able to fail: primary suppression alone leaks the cell."""
    _keys, eqs = _constraints(2, 2, True, True)
    assert _derivable([(0, 0)], eqs) == {(0, 0)}
    assert _derivable([(0, 0), (0, 1)], eqs) == {(0, 0), (0, 1)}  # the column totals give both away
    assert not _derivable([(0, 0), (0, 1), (1, 0), (1, 1)], eqs)  # the classic 2x2 rectangle holds


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(1, 6)),
    data=st.data(),
)
def test_pinned_cells_finds_what_a_solve_per_cell_finds(shape, data):
    """pinned_cells clears most hidden cells with feasible points (moves from the truth, pushes, one
    block-diagonal program for the rest: issue 16) before any cell's own minimum and maximum. The
    shortcuts may only save time: with the truth given they pin exactly the cells that a minimum and a
    maximum per cell pin (pinned_cells without the truth), here with published figures taken as exact
    or rounded and hidden ones as any count or a small interval, so that some cells are pinned."""
    rows, cols = shape
    matrix, keys = disclosure._equations(rows, cols, True, True)
    cells = data.draw(
        st.lists(
            st.lists(st.sampled_from([0, 1, 2, 3, 5, 8, 12, 20]), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
    value = disclosure._with_totals(cells, rows, cols)
    truth = [float(value[k]) for k in keys]
    hidden = sorted(data.draw(st.sets(st.sampled_from(range(len(keys))), min_size=1)))
    bounds = []
    for n, t in enumerate(int(v) for v in truth):
        slack = data.draw(st.integers(0, 2))
        if n in hidden and data.draw(st.booleans()):
            bounds.append((0, None))  # any count
        else:
            bounds.append((max(0, t - slack), t + slack))
    assert disclosure.pinned_cells(matrix, bounds, hidden, truth) == disclosure.pinned_cells(matrix, bounds, hidden)


def test_pinned_cells_pins_a_cell_its_row_gives_away():
    """The check above is not vacuous: a hidden cell beside published ones in a published row is
    pinned, with and without the shortcuts."""
    matrix, keys = disclosure._equations(1, 2, True, False)
    truth = {(0, 0): 3.0, (0, 1): 12.0, (0, "T"): 15.0}
    bounds = [(0, None) if k == (0, 0) else (truth[k], truth[k]) for k in keys]
    hidden = [keys.index((0, 0))]
    for given_truth in ([truth[k] for k in keys], None):
        assert disclosure.pinned_cells(matrix, bounds, hidden, given_truth) == hidden
