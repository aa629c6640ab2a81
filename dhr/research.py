"""The researcher release, without Streamlit: every researcher topic's aggregates by notification
year and region, pooled into fixed bands and put through disclosure control as ONE linked release
(``dhr.disclosure.linked_release``), then sliced into the table a reader asked for.

The Researcher page (through ``dashboards.data.research``, which caches the release) and ``dhr
export`` both call this, so a figure is the same wherever it appears (issue 15) and the export needs
no web framework (issue 16). Researchers never see a table that has not been through ``controlled_table``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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

SQL_RESEARCH_DHRS = (
    """
with rows_ as (
    select r.notification_year, fa.region_name, r.dhr_status_label, r.dhr_status_sort_order, r.dhr_count
    from marts.rpt_dhrs_by_year_force_area as r
    join marts.dim_force_areas as fa on fa.force_area_code = r.force_area_code
)
select
    notification_year,
    region_name,
    dhr_status_label as dhr_status,
    sum(dhr_count)::bigint as dhr_count
from rows_
where notification_year is not null
"""
    + _RESEARCH_FILTER
    + """
group by notification_year, region_name, dhr_status_label, dhr_status_sort_order
order by notification_year, region_name, dhr_status_sort_order
"""
)

SQL_RESEARCH_RISK_FACTORS = (
    """
with rows_ as (
    select r.*, fa.region_name
    from marts.rpt_risk_factor_prevalence as r
    join marts.dim_force_areas as fa on fa.force_area_code = r.geography_code
    where r.geography_level = 'force_area' and r.period_type = 'year'
)
select
    notification_year,
    region_name,
    subject_type,
    factor_label as risk_factor,
    sum(yes_count)::bigint as yes_count,
    sum(prevalence_denominator)::bigint as denominator_excluding_not_known,
    sum(not_known_count)::bigint as not_known_count,
    round(100.0 * sum(yes_count) / nullif(sum(prevalence_denominator), 0), 1) as prevalence_pct
from rows_
where true
"""
    + _RESEARCH_FILTER
    + """
group by notification_year, region_name, subject_type, factor_label, factor_sort_order
order by notification_year, region_name, factor_sort_order, subject_type
"""
)

SQL_RESEARCH_AGENCY_CONTACT = (
    """
with rows_ as (
    select r.*, fa.region_name
    from marts.rpt_agency_contact as r
    join marts.dim_force_areas as fa on fa.force_area_code = r.geography_code
    where r.geography_level = 'force_area' and r.period_type = 'year'
)
select
    notification_year,
    region_name,
    agency_label as agency,
    sum(dhrs_with_contact)::bigint as dhrs_with_contact,
    sum(dhrs_with_contact + dhrs_without_contact)::bigint as denominator_excluding_not_known,
    sum(contact_not_known_count)::bigint as not_known_count,
    round(100.0 * sum(dhrs_with_contact) / nullif(sum(dhrs_with_contact + dhrs_without_contact), 0), 1)
        as contact_pct
from rows_
where true
"""
    + _RESEARCH_FILTER
    + """
group by notification_year, region_name, agency_label, agency_sort_order
order by notification_year, region_name, agency_sort_order
"""
)

SQL_RESEARCH_PROTECTED_CHARACTERISTICS = (
    """
with rows_ as (
    select r.*, fa.region_name
    from marts.rpt_protected_characteristics as r
    join marts.dim_force_areas as fa on fa.force_area_code = r.geography_code
    where r.geography_level = 'force_area' and r.period_type = 'year'
)
select
    notification_year,
    region_name,
    subject_type,
    characteristic_label as characteristic,
    category_label as category,
    sum(person_count)::bigint as person_count
from rows_
where true
"""
    + _RESEARCH_FILTER
    + """
group by notification_year, region_name, subject_type, characteristic_label, characteristic_sort_order,
    category_label, category_sort_order
order by notification_year, region_name, subject_type, characteristic_sort_order, category_sort_order
"""
)

SQL_RESEARCH_DHR_LIBRARY_CATEGORIES = (
    """
with rows_ as (
    select b.notification_year, fa.region_name, b.dhr_library_category_label, b.dhr_library_category_sort_order, b.dhr_id
    from marts.bridge_dhr_library_categories as b
    join marts.dim_force_areas as fa on fa.force_area_code = b.force_area_code
)
select
    notification_year,
    region_name,
    dhr_library_category_label as dhr_library_category,
    count(distinct dhr_id) as dhr_count
from rows_
where notification_year is not null
"""
    + _RESEARCH_FILTER
    + """
group by notification_year, region_name, dhr_library_category_label, dhr_library_category_sort_order
order by notification_year, region_name, dhr_library_category_sort_order
"""
)

SQL_RESEARCH_ACTIONS = (
    """
with rows_ as (
    select d.notification_year, d.region_name, a.status_label, a.status_sort_order, a.is_overdue,
           a.is_complete, a.completion_timeliness, a.outcome_achieved
    from marts.fct_actions as a
    join marts.dim_dhrs as d on d.dhr_id = a.dhr_id
)
select
    notification_year,
    region_name,
    status_label as action_status,
    count(*) as action_count,
    count(*) filter (where is_overdue) as overdue_action_count,
    count(*) filter (where completion_timeliness = 'on_time') as completed_on_time_count,
    count(*) filter (where is_complete and outcome_achieved = 'yes') as outcome_achieved_count
from rows_
where notification_year is not null
"""
    + _RESEARCH_FILTER
    + """
group by notification_year, region_name, status_label, status_sort_order
order by notification_year, region_name, status_sort_order
"""
)

SQL_RESEARCH_TIMELINESS = (
    """
with rows_ as (
    select t.*, d.region_name
    from marts.fct_dhr_timeliness as t
    join marts.dim_dhrs as d on d.dhr_id = t.dhr_id
)
select
    notification_year,
    region_name,
    count(*) as dhr_count,
    count(days_to_scoping_submission) as scoping_known_count,
    count(*) filter (where is_scoping_within_target) as scoping_within_target_count,
    count(days_to_completion) as completion_known_count,
    count(*) filter (where is_completed_within_target) as completed_within_target_count,
    median(days_notification_to_publication) as median_days_notification_to_publication
from rows_
where notification_year is not null
"""
    + _RESEARCH_FILTER
    + """
group by notification_year, region_name
order by notification_year, region_name
"""
)

#: Researcher topics: label -> SQL. Every query returns aggregates only.
RESEARCH_TOPICS: dict[str, str] = {
    "DHRs by status": SQL_RESEARCH_DHRS,
    "Risk factors (Annex A of the statutory guidance)": SQL_RESEARCH_RISK_FACTORS,
    "Agency contact": SQL_RESEARCH_AGENCY_CONTACT,
    "Protected characteristics": SQL_RESEARCH_PROTECTED_CHARACTERISTICS,
    "Home Office DHR Library categories": SQL_RESEARCH_DHR_LIBRARY_CATEGORIES,
    "Action-plan delivery": SQL_RESEARCH_ACTIONS,
    "Timeliness": SQL_RESEARCH_TIMELINESS,
}
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
