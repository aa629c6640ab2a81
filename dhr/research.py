"""The researcher release, without Streamlit: every researcher topic's aggregates by notification
year and region, pooled into fixed bands and put through disclosure control as ONE linked release
(``dhr.disclosure.linked_release``), then sliced into the table a reader asked for.

The Researcher page (through ``dashboards.data.research``, which caches the release) and ``dhr
export`` both call this, so a figure is the same wherever it appears (issue 15) and the export needs
no web framework (issue 16). Researchers never see a table that has not been through ``controlled_table``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from dhr import disclosure

SQL_YEAR_BOUNDS = """
select min(notification_year) as first_year, max(notification_year) as last_year
from marts.dim_dhrs
"""

_RESEARCH_FILTER = """
  and ($year_from is null or notification_year between $year_from and $year_to)
  and ($regions is null or list_contains($regions::varchar[], region_name))
"""

SQL_REGIONS = """
select distinct region_name
from marts.dim_force_areas
where region_name is not null
order by region_name
"""


@dataclass(frozen=True)
class ResearchMart:
    """A researcher topic's mart (``models/marts/research/``): the aggregates by notification year and
    region that dbt built, the columns released and their order. The aggregation is dbt's; this only
    reads the finished aggregates, which then go through disclosure control here."""

    mart: str
    columns: tuple[str, ...]
    order_by: tuple[str, ...]

    @property
    def sql(self) -> str:
        return (
            f"select notification_year, region_name, {', '.join(self.columns)}\n"
            f"from marts.{self.mart}\nwhere true{_RESEARCH_FILTER}"
            f"order by {', '.join(('notification_year', 'region_name', *self.order_by))}\n"
        )


_YES_NO_NOT_KNOWN = ("denominator_excluding_not_known", "not_known_count")
RESEARCH_MARTS: dict[str, ResearchMart] = {
    "DHRs by status": ResearchMart("rpt_research_dhrs", ("dhr_status", "dhr_count"), ("dhr_status_sort_order",)),
    "Risk factors (Annex A of the statutory guidance)": ResearchMart(
        "rpt_research_risk_factors",
        ("subject_type", "risk_factor", "yes_count", *_YES_NO_NOT_KNOWN, "prevalence_pct"),
        ("factor_sort_order", "subject_type"),
    ),
    "Agency contact": ResearchMart(
        "rpt_research_agency_contact",
        ("agency", "dhrs_with_contact", *_YES_NO_NOT_KNOWN, "contact_pct"),
        ("agency_sort_order",),
    ),
    "Protected characteristics": ResearchMart(
        "rpt_research_protected_characteristics",
        ("subject_type", "characteristic", "category", "person_count"),
        ("subject_type", "characteristic_sort_order", "category_sort_order"),
    ),
    "Home Office DHR Library categories": ResearchMart(
        "rpt_research_dhr_library_categories",
        ("dhr_library_category", "dhr_count"),
        ("dhr_library_category_sort_order",),
    ),
    "Learning themes of recommendations": ResearchMart(
        "rpt_research_learning_themes",
        ("theme_code", "theme_title", "dhr_library_theme", "dhr_count"),
        ("theme_sort_order",),
    ),
    "Action-plan delivery": ResearchMart(
        "rpt_research_actions",
        ("action_status", "action_count", "overdue_action_count", "completed_on_time_count", "outcome_achieved_count"),
        ("status_sort_order",),
    ),
    "Timeliness": ResearchMart(
        "rpt_research_timeliness",
        (
            "dhr_count",
            "scoping_known_count",
            "scoping_within_target_count",
            "completion_known_count",
            "completed_within_target_count",
        ),
        (),
    ),
}

#: Researcher topics: label -> SQL. Every query reads a finished aggregate mart.
RESEARCH_TOPICS: dict[str, str] = {topic: m.sql for topic, m in RESEARCH_MARTS.items()}
#: Earlier names of researcher topics, still accepted by ``dhr export``.
RESEARCH_TOPIC_ALIASES: dict[str, str] = {
    "Risk factors (003 Annex A item 10)": "Risk factors (Annex A of the statutory guidance)",
}


#: The national geography's name in researcher tables.
NATIONAL_NAME = "England and Wales"
#: How researcher tables pool years: fixed bands of 3 years of notification counted from the first
#: year with data (``dhr.disclosure.year_bands``), or every year pooled (their total). Never single
#: years (with 0-3 DHRs a year per CSP a single year identifies cases), and never a second banding:
#: 3- and 5-year bands overlap, and their differences give single years back (issue 15).
YEAR_BANDS: dict[str, int | None] = {"3-year bands": 3, "All years pooled": None}
DEFAULT_YEAR_BAND = "3-year bands"
GEOGRAPHIES = ("region", "national")
#: Percentage columns of the researcher topics and the counts they are recomputed from.
RESEARCH_PERCENTAGES: dict[str, tuple[str, str]] = {
    "prevalence_pct": ("yes_count", "denominator_excluding_not_known"),
    "contact_pct": ("dhrs_with_contact", "denominator_excluding_not_known"),
}


def research_columns(raw: pl.DataFrame) -> tuple[list[str], list[str], dict[str, tuple[str, str]]]:
    """Count columns, item columns and percentages of a topic's query result. Medians and other
    figures that cannot be recomputed from controlled counts are left out."""
    counts = [c for c, t in raw.schema.items() if t.is_integer() and c != "notification_year"]
    dims = [c for c, t in raw.schema.items() if t == pl.Utf8 and c != "region_name"]
    pcts = {p: nd for p, nd in RESEARCH_PERCENTAGES.items() if p in raw.columns and set(nd) <= set(counts)}
    return counts, dims, pcts


def canonical_topic(topic: str) -> str:
    """The topic's current name (earlier names still accepted); ValueError for an unknown one."""
    topic = RESEARCH_TOPIC_ALIASES.get(topic, topic)
    if topic not in RESEARCH_TOPICS:
        raise ValueError(f"topic must be one of {sorted(RESEARCH_TOPICS)}, not {topic!r}")
    return topic


#: Runs one of this module's queries with its parameters against the scoped marts.
Query = Callable[..., pl.DataFrame]


def linked_release(query: Query, topic: str) -> dict[str, pl.DataFrame]:
    """The whole linked release of one topic (both policies, every band and all years, every region
    and England and Wales). ``query(sql, **params)`` reads the scoped marts; the page passes a cached
    one, ``dhr export`` a direct one. Costs seconds (linear programs over every table)."""
    raw = query(RESEARCH_TOPICS[canonical_topic(topic)], regions=None, year_from=None, year_to=None)
    bounds = query(SQL_YEAR_BOUNDS).row(0, named=True)
    bands = [] if bounds["first_year"] is None else disclosure.year_bands(bounds["first_year"], bounds["last_year"])
    regions = query(SQL_REGIONS).get_column("region_name").to_list()
    counts, dims, pcts = research_columns(raw)
    return disclosure.linked_release(
        raw.filter(pl.col("notification_year").is_not_null()),
        counts,
        dims,
        pcts,
        bands=bands,
        regions=regions,
        national_name=NATIONAL_NAME,
    )


def check_choice(*, geography: str, year_band: str, years: Any = None) -> None:
    """Refuse a table the release does not offer: only the fixed bands (or all years), by region or
    nationally. A choice of years would let two ranges be subtracted into one year (issue 15)."""
    if years is not None:
        raise ValueError("Researcher figures come in fixed bands of years only; pass year_band, not years.")
    if geography not in GEOGRAPHIES:
        raise ValueError(f"geography must be one of {GEOGRAPHIES}, not {geography!r}")
    if year_band not in YEAR_BANDS:
        raise ValueError(f"year_band must be one of {list(YEAR_BANDS)}, not {year_band!r}")


def controlled_table(
    release: dict[str, pl.DataFrame],
    policy: disclosure.Policy,
    *,
    geography: str = "region",
    year_band: str = DEFAULT_YEAR_BAND,
    regions: Iterable[str] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """One slice of a topic's release: by fixed bands of notification years (or all years), by region
    with England and Wales or nationally. ``regions`` only picks the rows shown: England and Wales is
    always the national figure. Returns (frame, count columns); a suppressed count is null (``*``)."""
    check_choice(geography=geography, year_band=year_band)
    table = release[policy.name]
    counts = [c for c in table.columns if table.schema[c] == pl.Int64]
    frame = table.filter(pl.col(disclosure.ALL_YEARS_COLUMN) == (YEAR_BANDS[year_band] is None))
    if geography == "national":
        frame = frame.filter(pl.col("region_name") == NATIONAL_NAME)
    elif regions is not None:
        shown = [str(r) for r in regions]
        frame = frame.filter(pl.col("region_name").is_in([*shown, NATIONAL_NAME]) if shown else pl.lit(False))
    frame = frame.drop(disclosure.ALL_YEARS_COLUMN)
    return frame.sort("years", maintain_order=True), counts
