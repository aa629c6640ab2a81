"""Named queries of the Researcher page: the region picker, the fixed bands of notification years,
and the disclosure-controlled tables. The release itself (pooling, disclosure control) is the research
core, ``dhr.research``, which ``dhr export`` calls too; this module only caches it per warehouse and
reader and slices it, so a figure is the same on the page and in every file.

The release's choices (topics, bands, geographies) are named here for the page, from the core.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl
import streamlit as st

from dashboards.data import reference
from dashboards.data._core import _cached_query, _check_allowed, _query, _year_params, current_scope
from dhr import research as research_core
from dhr.access import AccessDenied
from dhr.research import (  # noqa: F401 - the page reads the release's choices from here
    DEFAULT_YEAR_BAND,
    GEOGRAPHIES,
    NATIONAL_NAME,
    RESEARCH_TOPICS,
    SQL_REGIONS,
    YEAR_BANDS,
)
from dhr.warehouse_reader import warehouse_path, warehouse_stamp

# The topic queries (dhr.research) read aggregates by notification year x region only, never a row
# about a DHR, a person or an action. `$year_from` / `$year_to` INTEGER or NULL; `$regions` VARCHAR[]
# or NULL.
#: What each topic's chart shows: topic -> (value column, its title, the columns that pick one item).
#: Every chart shows one published figure per band and region, never a sum of controlled figures
#: (a sum over suppressed cells would be wrong, and would differ between policies).
RESEARCH_CHARTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "DHRs by status": ("dhr_count", "DHRs", ("dhr_status",)),
    "Risk factors (Annex A of the statutory guidance)": (
        "prevalence_pct",
        "Answered Yes (% of Yes or No)",
        ("subject_type", "risk_factor"),
    ),
    "Agency contact": ("contact_pct", "Known contact (% of DHRs where known)", ("agency",)),
    "Protected characteristics": ("person_count", "People", ("subject_type", "characteristic", "category")),
    "Home Office DHR Library categories": ("dhr_count", "DHRs", ("dhr_library_category",)),
    "Learning themes of recommendations": ("dhr_count", "DHRs", ("theme_title",)),
    "Action-plan delivery": ("action_count", "Actions (latest updates)", ("action_status",)),
    "Timeliness": ("dhr_count", "DHRs", ()),
}


def get_regions() -> list[str]:
    """Region names of ``marts.dim_force_areas`` (Wales is one), alphabetical."""
    return _query(SQL_REGIONS).get_column("region_name").to_list()


def get_research_table(
    topic: str, years: tuple[int, int] | None = None, regions: Iterable[str] | None = None
) -> pl.DataFrame:
    """One researcher topic (``RESEARCH_TOPICS``) as aggregates by notification year x region, AS
    COUNTED: not disclosure-controlled, so refused for researchers, who get
    :func:`get_controlled_research_table` (the Researcher page and ``dhr export`` use that).
    """
    try:
        sql = RESEARCH_TOPICS[topic]
    except KeyError:
        raise ValueError(f"topic must be one of {sorted(RESEARCH_TOPICS)}, not {topic!r}") from None
    if current_scope().kind == "researcher":
        raise AccessDenied("Researchers see disclosure-controlled aggregates only.")
    return _research_query(sql, years, regions)


def _research_query(sql: str, years: tuple[int, int] | None, regions: Iterable[str] | None) -> pl.DataFrame:
    regions_param = None if regions is None else sorted({str(r) for r in regions})
    return _query(sql, _research=True, regions=regions_param, **_year_params(years))


def get_research_bands() -> list[tuple[int, int]]:
    """The fixed bands of notification years every researcher table uses (first, last year)."""
    from dhr import disclosure

    bounds = reference.get_year_bounds()
    return [] if bounds is None else disclosure.year_bands(*bounds)


#: The release is kept for the life of the warehouse file (its stamp is in the key): it costs seconds
#: (linear programs over every table), not milliseconds.
@st.cache_data(max_entries=32, show_spinner="Applying disclosure control to every table of this topic…")
def _cached_release(path: str, stamp: tuple[int, ...], scope_key: tuple, topic: str) -> dict[str, pl.DataFrame]:
    """The whole linked release of one topic (``dhr.research.linked_release``): computed once per
    warehouse and reader, then only sliced."""

    def run(sql: str, **params: Any) -> pl.DataFrame:
        frozen = tuple(sorted(params.items()))
        return _cached_query(path, stamp, sql, frozen, scope_key)

    return research_core.linked_release(run, topic)


def get_controlled_research_table(
    topic: str,
    years: tuple[int, int] | None = None,
    regions: Iterable[str] | None = None,
    *,
    geography: str = "region",
    year_band: str = DEFAULT_YEAR_BAND,
    policy: str | None = None,
) -> tuple[pl.DataFrame, list[str], Any]:
    """A researcher topic by fixed bands of notification years (or all years), by region with England
    and Wales or nationally, after disclosure control (``dhr.disclosure``, default ``hes``).

    Every table is a slice of the topic's one linked release (``dhr.disclosure.linked_release``),
    so a figure is the same wherever it appears and the tables a researcher can obtain are protected
    together. ``regions`` only picks the rows shown: England and Wales is always the national figure.
    ``years`` must be None: there is no choice of years but the fixed bands (issue 15).

    Returns (frame, count columns, policy). In the frame a suppressed count is null (written ``*``).
    """
    from dhr import disclosure

    chosen = disclosure.get_policy(policy)
    topic = research_core.canonical_topic(topic)
    research_core.check_choice(geography=geography, year_band=year_band, years=years)
    scope = current_scope()
    _check_allowed(RESEARCH_TOPICS[topic], scope, research=True)
    path = warehouse_path()
    release = _cached_release(str(path), warehouse_stamp(path), scope.key, topic)
    frame, counts = research_core.controlled_table(
        release, chosen, geography=geography, year_band=year_band, regions=regions
    )
    return frame, counts, chosen
