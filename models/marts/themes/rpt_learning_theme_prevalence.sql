-- Learning themes of each geography's DHRs, for the PCC oversight page ("drawing together findings
-- from multiple DHRs", 003 L716) and the CSP board, which set a local share beside England and
-- Wales. Of the DHRs with at least one text carrying a final theme (overrides win: a
-- recommendation, action or finding of the DHR), how many carry each theme, nationally, by force
-- area and by CSP, for each notification year and for all years (macro report_scopes).
--
-- The denominator is the DHRs with a themed text in the scope: a DHR whose recommendations are not
-- yet written has no themes to count, and is left out rather than counted as "no theme" (docs/design.md
-- 5.1, "Shares of DHRs"). Every theme of the taxonomy has a row for every scope with themed DHRs,
-- with zero counts where none carries it.

with

text_themes as (

    select * from {{ ref('fct_text_themes') }}
    where is_final

),

themes as (

    select * from {{ ref('learning_themes') }}

),

geographies as (

    select * from {{ ref('dim_geographies') }}

),

dhr_themes as (

    -- one row per DHR and theme it carries
    select
        dhr_id,
        theme_code,
        any_value(force_area_code) as force_area_code,
        any_value(csp_code) as csp_code,
        any_value(notification_year) as notification_year,
        count(*) as text_count,
        count(*) filter (where text_source = 'recommendation') as recommendation_count,
    from text_themes
    group by dhr_id, theme_code

),

themed_dhrs as (

    select
        dhr_id,
        any_value(force_area_code) as force_area_code,
        any_value(csp_code) as csp_code,
        any_value(notification_year) as notification_year,
    from dhr_themes
    group by dhr_id

),

scoped_dhr_themes as (

    {{ report_scopes('dhr_themes') }}

),

scoped_themed_dhrs as (

    {{ report_scopes('themed_dhrs') }}

),

denominators as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        count(distinct dhr_id) as themed_dhr_count,
    from scoped_themed_dhrs
    group by all

),

counts as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        theme_code,
        count(distinct dhr_id) as dhr_count,
        sum(text_count)::bigint as text_count,
        sum(recommendation_count)::bigint as recommendation_count,
    from scoped_dhr_themes
    group by all

),

final as (

    select
        ----------  ids
        denominators.geography_level || '|' || denominators.geography_code || '|' || denominators.period_type
            || '|' || coalesce(cast(denominators.notification_year as varchar), 'all') || '|' || themes.theme_code
            as report_row_id,
        denominators.geography_code,
        geographies.force_area_code,

        ----------  codes
        denominators.geography_level,
        denominators.period_type,
        themes.theme_code,

        ----------  text
        geographies.geography_name,
        themes.theme_title,

        ----------  numerics
        denominators.notification_year,
        themes.sort_order as theme_sort_order,
        coalesce(counts.dhr_count, 0) as dhr_count,
        denominators.themed_dhr_count,
        round(100.0 * coalesce(counts.dhr_count, 0) / denominators.themed_dhr_count, 1) as dhr_pct,
        coalesce(counts.text_count, 0) as text_count,
        coalesce(counts.recommendation_count, 0) as recommendation_count,

    from denominators
    cross join themes
    left join counts
        on counts.geography_level = denominators.geography_level
        and counts.geography_code = denominators.geography_code
        and counts.period_type = denominators.period_type
        and counts.notification_year is not distinct from denominators.notification_year
        and counts.theme_code = themes.theme_code
    left join geographies
        on geographies.geography_level = denominators.geography_level
        and geographies.geography_code = denominators.geography_code

)

select * from final
