-- Learning that repeats across areas nationally, for the Commissioner's annual report (003 L727-732:
-- learning drawn together across DHRs, and how well it was implemented). For each year of
-- publication and learning theme: in how many force areas the year's DHRs made recommendations
-- under the theme, how many DHRs in earlier years had already done so (in any force area), and how
-- the earlier recommendations' actions stand now. A theme made again in many areas while earlier
-- actions under it are still open is learning that is not being learnt.
--
-- fct_repeated_learning links recommendations word for word within a CSP or force area; this mart
-- works at the level of themes, so it sees repetition between areas, which the wording does not.

with

recommendation_themes as (

    select distinct dhr_id, recommendation_id, force_area_code, published_year, theme_code
    from {{ ref('fct_text_themes') }}
    where is_final and text_source = 'recommendation' and published_year is not null

),

actions as (

    select * from {{ ref('fct_actions') }}

),

themes as (

    select * from {{ ref('learning_themes') }}

),

years as (

    select distinct published_year from recommendation_themes

),

this_year as (

    select
        published_year,
        theme_code,
        count(distinct force_area_code) as force_area_count,
        count(distinct dhr_id) as dhr_count,
        count(distinct recommendation_id) as recommendation_count,
    from recommendation_themes
    group by all

),

earlier_recommendations as (

    -- for each year, the recommendations of DHRs published in any earlier year
    select
        years.published_year,
        recommendation_themes.theme_code,
        recommendation_themes.recommendation_id,
        recommendation_themes.dhr_id,
        recommendation_themes.force_area_code,
    from years
    inner join recommendation_themes on recommendation_themes.published_year < years.published_year

),

earlier as (

    select
        earlier_recommendations.published_year,
        earlier_recommendations.theme_code,
        count(distinct earlier_recommendations.dhr_id) as earlier_dhr_count,
        count(distinct earlier_recommendations.force_area_code) as earlier_force_area_count,
        count(actions.action_id) as earlier_action_count,
        count(actions.action_id) filter (where not actions.is_complete) as earlier_open_action_count,
        count(actions.action_id) filter (where actions.is_overdue) as earlier_overdue_action_count,
    from earlier_recommendations
    left join actions on actions.recommendation_id = earlier_recommendations.recommendation_id
    group by all

),

final as (

    select
        ----------  ids
        years.published_year || '|' || themes.theme_code as report_row_id,

        ----------  codes
        themes.theme_code,

        ----------  text
        themes.theme_title,

        ----------  numerics
        years.published_year,
        themes.sort_order as theme_sort_order,
        coalesce(this_year.force_area_count, 0) as force_area_count,
        coalesce(this_year.dhr_count, 0) as dhr_count,
        coalesce(this_year.recommendation_count, 0) as recommendation_count,
        coalesce(earlier.earlier_dhr_count, 0) as earlier_dhr_count,
        coalesce(earlier.earlier_force_area_count, 0) as earlier_force_area_count,
        coalesce(earlier.earlier_action_count, 0) as earlier_action_count,
        coalesce(earlier.earlier_open_action_count, 0) as earlier_open_action_count,
        coalesce(earlier.earlier_overdue_action_count, 0) as earlier_overdue_action_count,

        ----------  booleans
        coalesce(this_year.force_area_count, 0) >= 2 and coalesce(earlier.earlier_dhr_count, 0) > 0 as is_recurring,

    from years
    cross join themes
    left join this_year
        on this_year.published_year = years.published_year
        and this_year.theme_code = themes.theme_code
    left join earlier
        on earlier.published_year = years.published_year
        and earlier.theme_code = themes.theme_code

)

select * from final
