"""Resolving the sidebar's widget values into filters."""

from __future__ import annotations

from dashboards.filters import Filters, resolve

NAMES = {"E23000032": "Kent", "E23000001": "Metropolitan Police", "W15000004": "South Wales"}


def test_nothing_selected_means_everything():
    assert resolve([], NAMES, (2020, 2022), (2020, 2022)) == Filters(visible_names=tuple(NAMES.values()))
    assert Filters().describe() == "all force areas, all years"


def test_full_year_range_means_no_year_restriction_and_a_narrower_one_is_kept():
    assert resolve([], NAMES, (2020, 2022), (2020, 2022)).years is None
    assert resolve([], NAMES, (2022, 2021), (2020, 2022)).years == (2021, 2022)


def test_unknown_codes_are_dropped_and_names_kept_in_order():
    got = resolve(["E23000032", "nope", "E23000001"], NAMES, None, None)
    assert got.force_area_codes == ("E23000032", "E23000001")
    assert got.describe() == "Kent and Metropolitan Police, all years"
    assert resolve(list(NAMES), NAMES, (2021, 2021), (2020, 2022)).describe() == "3 force areas, 2021"


def test_a_reader_who_sees_one_force_area_is_told_its_name_not_all_force_areas():
    """Issue 19: a PCC office's Overview said "Showing all force areas" while showing its own."""
    assert resolve(None, {"E23000032": "Kent"}, None, None).describe() == "Kent, all years"
    assert resolve(None, NAMES, None, None).describe() == "all force areas, all years"
