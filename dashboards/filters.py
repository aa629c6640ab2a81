"""The choices that persist across pages.

* Sidebar filters (Overview, Researcher): force areas and a notification-year range. The router
  (`dashboards/app.py`) draws them on every rerun of a page that uses them; pages read the resolved
  selection with ``current_filters()`` and never touch the widgets themselves.
* Page choices: one force area (PCC oversight, CSP board), one CSP (CSP board), one year of
  publication (Commissioner's report), regions (Researcher). Pages draw them with ``choose()``.

Every key carries the ``flt_`` prefix. Streamlit forgets the state of a widget that is not drawn on
a rerun (switching pages does that), so the router calls ``keep_selections()`` first on every rerun:
re-assigning a key to itself makes it survive (Streamlit docs, "Working with widgets in multipage
apps", option 3). A CSP board opened after the PCC page starts on the force area chosen there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboards import data
from dashboards.data import reference
from dashboards.formatting import fmt_year_range

KEY_PREFIX = "flt_"
FORCE_AREAS_KEY = f"{KEY_PREFIX}force_areas"
YEARS_KEY = f"{KEY_PREFIX}years"
ACTIVE_KEY = f"{KEY_PREFIX}active"
FORCE_AREA_KEY = f"{KEY_PREFIX}force_area"
CSP_KEY = f"{KEY_PREFIX}csp"
PUBLICATION_YEAR_KEY = f"{KEY_PREFIX}publication_year"
REGIONS_KEY = f"{KEY_PREFIX}regions"
#: Keys kept when their widget is not on the page being shown.
PERSISTENT_KEYS = (FORCE_AREAS_KEY, YEARS_KEY, FORCE_AREA_KEY, CSP_KEY, PUBLICATION_YEAR_KEY, REGIONS_KEY)


@dataclass(frozen=True)
class Filters:
    """What the person has chosen. ``None`` means "no restriction" for either filter."""

    force_area_codes: tuple[str, ...] | None = None
    years: tuple[int, int] | None = None
    force_area_names: tuple[str, ...] = ()
    #: Every force area the reader may see (their scope); one for a PCC office.
    visible_names: tuple[str, ...] = ()

    @property
    def codes(self) -> list[str] | None:
        return None if self.force_area_codes is None else list(self.force_area_codes)

    def describe(self) -> str:
        """`all force areas, all years` / `Kent and Essex, 2019–2023` / `3 force areas, 2021`."""
        if self.force_area_codes is None:
            # A PCC office sees one force area: name it rather than say "all" (issue 19).
            areas = self.visible_names[0] if len(self.visible_names) == 1 else "all force areas"
        elif len(self.force_area_names) == 1:
            areas = self.force_area_names[0]
        elif len(self.force_area_names) == 2:
            areas = " and ".join(self.force_area_names)
        else:
            areas = f"{len(self.force_area_codes)} force areas"
        return f"{areas}, {fmt_year_range(self.years)}"


def resolve(
    selected_codes: list[str] | None,
    names_by_code: dict[str, str],
    year_value: tuple[int, int] | None,
    year_bounds: tuple[int, int] | None,
) -> Filters:
    """Turn raw widget values into Filters.

    No force area selected means every force area. A year range covering every year present
    means no year restriction, so DHRs whose notification date is not known yet still count.
    """
    codes = tuple(c for c in (selected_codes or []) if c in names_by_code) or None
    years: tuple[int, int] | None = None
    if year_value is not None and year_bounds is not None:
        first, last = sorted(int(y) for y in year_value)
        if (first, last) != tuple(year_bounds):
            years = (first, last)
    names = tuple(names_by_code[c] for c in codes) if codes else ()
    return Filters(
        force_area_codes=codes, years=years, force_area_names=names, visible_names=tuple(names_by_code.values())
    )


def _clamp_years(value: object, bounds: tuple[int, int]) -> tuple[int, int]:
    lo, hi = bounds
    try:
        first, last = sorted(int(y) for y in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return bounds
    first, last = min(max(first, lo), hi), min(max(last, lo), hi)
    return (first, last)


def keep_selections() -> None:
    """Stop Streamlit clearing the choices of pages that are not shown on this rerun."""
    for key in PERSISTENT_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def choose(
    label: str,
    options: Sequence[Any],
    key: str,
    *,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    help: str | None = None,
    container: Any = None,
) -> Any:
    """A selectbox whose choice persists across pages (``key`` is one of PERSISTENT_KEYS).

    A remembered choice that is no longer offered (the warehouse was rebuilt, or it belongs to
    another force area) falls back to ``default``, else the first option. Returns None when there
    is nothing to choose from.
    """
    if not options:
        return None
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    where = container if container is not None else st
    return where.selectbox(label, options, key=key, format_func=format_func, help=help)


def sidebar_force_area() -> str | None:
    """The force area chosen in the sidebar when exactly one is chosen, else None."""
    codes = current_filters().force_area_codes
    return codes[0] if codes and len(codes) == 1 else None


def render_page_note() -> None:
    """The sidebar of a page that has its own choices at the top instead of the sidebar filters."""
    st.sidebar.header("Choices")
    st.sidebar.caption("This page has its own choices at the top. They are remembered as you move between pages.")


def render_sidebar(*, force_areas: bool = True) -> Filters:
    """Draw the filters in the sidebar and remember the resolved selection for the pages.

    ``force_areas=False`` draws the year range only (the Researcher page chooses regions)."""
    st.sidebar.header("Filters")
    try:
        areas = reference.get_force_areas() if force_areas else None
        bounds = reference.get_year_bounds()
    except (data.WarehouseError, data.AccessDenied):
        st.sidebar.caption("Filters appear once the warehouse is built.")
        active = Filters()
        st.session_state[ACTIVE_KEY] = active
        return active

    names_by_code: dict[str, str] = {}
    counts_by_code: dict[str, int] = {}
    if areas is not None:
        names_by_code = dict(
            zip(
                areas.get_column("force_area_code").to_list(),
                areas.get_column("force_area_name").to_list(),
                strict=True,
            )
        )
        counts_by_code = dict(
            zip(areas.get_column("force_area_code").to_list(), areas.get_column("dhr_count").to_list(), strict=True)
        )

    # Keep only choices that still exist (the warehouse may have been rebuilt since).
    st.session_state[FORCE_AREAS_KEY] = [c for c in st.session_state.get(FORCE_AREAS_KEY, []) if c in names_by_code]
    selected: list[str] | None = None
    if force_areas:
        selected = st.sidebar.multiselect(
            "Force areas",
            options=list(names_by_code),
            format_func=lambda code: f"{names_by_code[code]} ({counts_by_code.get(code, 0):,})",
            key=FORCE_AREAS_KEY,
            placeholder="All force areas",
            help="Police force areas (ONS codes). Leave empty for all of England and Wales. The number is the DHRs recorded in each.",
        )

    year_value: tuple[int, int] | None = None
    if bounds is None:
        st.sidebar.caption("No DHR has a notification date yet, so there is no year filter.")
    elif bounds[0] == bounds[1]:
        st.sidebar.caption(f"Year of notification: {bounds[0]} (the only year recorded).")
    else:
        st.session_state[YEARS_KEY] = _clamp_years(st.session_state.get(YEARS_KEY, bounds), bounds)
        year_value = st.sidebar.slider(
            "Year of notification",
            min_value=bounds[0],
            max_value=bounds[1],
            step=1,
            key=YEARS_KEY,
            help="The year the CSP was notified of the death (design.md §4). The full range also counts DHRs whose notification date is not known yet.",
        )

    active = resolve(selected, names_by_code, year_value, bounds)
    st.session_state[ACTIVE_KEY] = active
    return active


def current_filters() -> Filters:
    """The selection the sidebar resolved on this rerun (all force areas and years if none)."""
    active = st.session_state.get(ACTIVE_KEY)
    return active if isinstance(active, Filters) else Filters()
