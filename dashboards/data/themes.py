"""Named queries of thematic learning (issue 5; docs/themes.md section 8): the themes in force and
emerging topics of a year of publication (the annual report), learning that repeats (the oversight
pages), the texts and theme scores of the Theme review page, and the analysts' theme overrides
(written to the app-state file, never to the warehouse)."""

from __future__ import annotations

import polars as pl

from dashboards.data._core import WarehouseUnavailable, _query, _scope, current_scope
from dhr.access import AccessDenied
from dhr.app_state import AppStateBusy
from dhr.themes.explain import ThemeReason, explain
from dhr.themes.model import load_existing_model

SQL_THEMES_IN_YEAR = """
select
    theme_code,
    any_value(theme_title) as theme_title,
    any_value(dhr_library_theme) as dhr_library_theme,
    min(theme_sort_order) as theme_sort_order,
    sum(text_count)::bigint as text_count,
    sum(text_count) filter (where text_source = 'recommendation')::bigint as recommendation_count,
    sum(overridden_text_count)::bigint as overridden_text_count
from marts.rpt_text_themes_by_year
where published_year = $year
group by theme_code
order by text_count desc, theme_sort_order
"""

#: Recommendations of the DHRs published in a year by the Home Office DHR Library's theme
#: (dim_recommendations.dhr_library_theme, issue 20), so the Commissioner's figures compare with the Library's.
SQL_LIBRARY_THEMES_IN_YEAR = """
select
    coalesce(r.dhr_library_theme, 'not yet themed') as dhr_library_theme,
    count(*)::bigint as recommendation_count,
    count(*) filter (where r.is_national)::bigint as national_recommendation_count
from marts.dim_recommendations as r
join marts.dim_dhrs as d on d.dhr_id = r.dhr_id
where d.published_year = $year
group by all
order by recommendation_count desc, dhr_library_theme
"""

SQL_THEME_DHRS_IN_YEAR = """
select theme_code, count(distinct dhr_id) as dhr_count
from marts.fct_text_themes
where published_year = $year and is_final
group by theme_code
"""

SQL_THEMES_BY_YEAR = """
select published_year, theme_code, any_value(theme_title) as theme_title, sum(text_count)::bigint as text_count
from marts.rpt_text_themes_by_year
where published_year <= $year
group by published_year, theme_code
order by published_year, theme_code
"""

SQL_EMERGING_TOPICS = """
select
    topic_id,
    topic_label,
    top_terms,
    text_count,
    share_of_year,
    share_of_earlier_years,
    is_emerging,
    example_texts
from marts.rpt_emerging_topics
where published_year = $year and text_count > 0
order by is_emerging desc, text_count desc, topic_id
"""

SQL_REPEATED_LEARNING = """
select
    d.dhr_reference,
    r.recommendation,
    r.earlier_dhr_reference,
    r.earlier_year,
    r.earlier_recommendation,
    r.similarity,
    r.link_scope,
    r.earlier_status_summary,
    r.earlier_action_count,
    r.earlier_red_action_count,
    r.earlier_overdue_action_count,
    r.recommendation_year,
    c.csp_name,
    r.recommendation_id,
    r.earlier_recommendation_id
from marts.fct_repeated_learning as r
join marts.dim_dhrs as d on d.dhr_id = r.dhr_id
left join marts.dim_csps as c on c.csp_code = r.csp_code
where ($force_area_code is null or r.force_area_code = $force_area_code)
  and ($csp_code is null or r.csp_code = $csp_code)
  and r.link_rank = 1
order by r.recommendation_year desc, r.similarity desc, r.recommendation_id, r.link_scope
"""

SQL_RECURRING_THEMES = """
select
    theme_code,
    theme_title,
    force_area_count,
    dhr_count,
    recommendation_count,
    earlier_dhr_count,
    earlier_force_area_count,
    earlier_action_count,
    earlier_open_action_count,
    earlier_overdue_action_count,
    is_recurring
from marts.rpt_recurring_themes_by_year
where published_year = $year and dhr_count > 0
order by is_recurring desc, force_area_count desc, earlier_open_action_count desc, theme_sort_order
"""

SQL_THEME_TEXTS = """
select
    text_id,
    text_source,
    text,
    text_sha256,
    dhr_reference,
    csp_name,
    force_area_name,
    final_themes,
    predicted_themes,
    top_score,
    is_low_confidence,
    has_override,
    overridden_by,
    overridden_at,
    model_version
from marts.dim_theme_texts
where ($force_area_code is null or force_area_code = $force_area_code)
  and ($csp_code is null or csp_code = $csp_code)
  and ($theme_code is null or list_contains(string_split(final_themes, '|'), $theme_code))
  and (not $low_confidence_only or is_low_confidence)
  and ($text_source is null or text_source = $text_source)
order by has_override, top_score, text_id
limit $limit
"""

SQL_TEXT_THEME_SCORES = """
select theme_code, theme_title, score, is_predicted, is_override_choice, is_final, theme_rank
from marts.fct_text_themes
where text_id = $text_id
order by theme_rank
"""

SQL_THEME_CODES = """
select theme_code, theme_title
from marts.fct_text_themes
group by theme_code, theme_title
order by theme_code
"""


def get_themes_in_year(year: int) -> pl.DataFrame:
    """Themes in force of the texts of DHRs published in ``year`` (overrides win), most frequent
    first: texts, recommendations and DHRs carrying each theme."""
    themes = _query(SQL_THEMES_IN_YEAR, year=int(year))
    dhrs = _query(SQL_THEME_DHRS_IN_YEAR, year=int(year))
    return themes.join(dhrs, on="theme_code", how="left").with_columns(pl.col("dhr_count").fill_null(0))


def get_library_themes_in_year(year: int) -> pl.DataFrame:
    """Recommendations of the DHRs published in ``year`` by Home Office DHR Library theme."""
    return _query(SQL_LIBRARY_THEMES_IN_YEAR, year=int(year))


def get_themes_by_year(year: int) -> pl.DataFrame:
    """Texts per theme for every year of publication up to ``year`` (the trend beside the year)."""
    return _query(SQL_THEMES_BY_YEAR, year=int(year))


def get_emerging_topics(year: int) -> pl.DataFrame:
    """``marts.rpt_emerging_topics`` for a year of publication: emerging topics first."""
    return _query(SQL_EMERGING_TOPICS, year=int(year))


def get_repeated_learning(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """The most similar earlier recommendation, per scope, of each recommendation in the force area
    or CSP (``marts.fct_repeated_learning``, link_rank 1), latest first."""
    return _query(SQL_REPEATED_LEARNING, **_scope(force_area_code, csp_code))


def get_recurring_themes(year: int) -> pl.DataFrame:
    """Learning made again across force areas in ``year`` (``marts.rpt_recurring_themes_by_year``):
    the themes of the year's recommendations, recurring ones first, with how the earlier
    recommendations' actions under each stand now."""
    return _query(SQL_RECURRING_THEMES, year=int(year))


def get_theme_texts(
    force_area_code: str | None = None,
    csp_code: str | None = None,
    theme_code: str | None = None,
    low_confidence_only: bool = False,
    text_source: str | None = None,
    limit: int = 200,
) -> pl.DataFrame:
    """Texts with their themes for the Theme review page (``marts.dim_theme_texts``): texts without
    an override first, least confident first."""
    return _query(
        SQL_THEME_TEXTS,
        **_scope(force_area_code, csp_code),
        theme_code=theme_code,
        low_confidence_only=bool(low_confidence_only),
        text_source=text_source,
        limit=int(limit),
    )


def get_text_theme_scores(text_id: str) -> pl.DataFrame:
    """The 17 theme scores of one text, with what was predicted, chosen and is in force."""
    return _query(SQL_TEXT_THEME_SCORES, text_id=text_id)


def get_theme_reasons(text: str, codes: list[str]) -> list[ThemeReason] | None:
    """Why the classifier gave each of ``codes`` to ``text`` (dhr/themes/explain.py): the words that
    raised the score most and the nearest labelled texts of the theme; None when the model the last
    build used is not there (the page never trains one). National analysts only, like the page."""
    _require_theme_reviewer()
    from dhr.themes.model import default_model_dir

    model = load_existing_model(default_model_dir())
    if model is None:
        return None
    return explain(model, text, [c for c in codes if c in model.codes])


def get_theme_codes() -> pl.DataFrame:
    """Theme codes and titles present in the marts."""
    return _query(SQL_THEME_CODES)


def _require_theme_reviewer() -> None:
    """Overrides live in the app-state file, outside the scoped warehouse views, and name texts of
    every force area: only national users (the Commissioner's analysts) read or write them."""
    if current_scope().kind != "national":
        raise AccessDenied("Theme decisions are reviewed by national analysts only.")


def save_theme_override(
    *,
    text_id: str,
    text: str,
    text_source: str,
    themes: list[str],
    previous_themes: list[str],
    user: str,
    note: str | None = None,
):
    """Record an analyst's decision on a text's themes in the app-state file, with its audit event.

    The warehouse is not written: the next ``dhr build`` copies the decision in and the marts show
    it (``fct_text_themes.is_final``). Raises ValueError on a bad request (no name, no theme).
    """
    from dhr.themes.overrides import record_override

    _require_theme_reviewer()
    try:
        return record_override(
            text_id=text_id,
            text=text,
            text_source=text_source,
            themes=themes,
            previous_themes=previous_themes,
            user=user,
            note=note,
        )
    except AppStateBusy:
        raise WarehouseUnavailable(
            "Your decision was not saved: the record of decisions is busy. Save it again in a moment."
        ) from None


def get_override_history(text_id: str | None = None) -> pl.DataFrame:
    """Every decision recorded in the app-state file (optionally for one text), newest first."""
    from dhr.themes.overrides import override_history

    _require_theme_reviewer()
    try:
        history = override_history(text_id=text_id)
    except AppStateBusy:
        raise WarehouseUnavailable("The record of earlier decisions is busy; it shows again in a moment.") from None
    rows = [
        {
            "override_id": o.override_id,
            "text_id": o.text_id,
            "themes": " | ".join(o.themes),
            "previous_themes": " | ".join(o.previous_themes),
            "overridden_by": o.overridden_by,
            "overridden_at": o.overridden_at,
            "note": o.note or "",
        }
        for o in reversed(history)
    ]
    schema = {
        "override_id": pl.Int64,
        "text_id": pl.Utf8,
        "themes": pl.Utf8,
        "previous_themes": pl.Utf8,
        "overridden_by": pl.Utf8,
        "overridden_at": pl.Datetime,
        "note": pl.Utf8,
    }
    return pl.DataFrame(rows, schema=schema)
