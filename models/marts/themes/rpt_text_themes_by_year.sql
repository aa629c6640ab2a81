-- Final learning themes (overrides win) of the DHRs published each year, by force area, kind of
-- text and theme: how many texts and DHRs carry the theme. The Commissioner reports the key themes
-- of the DHRs published in a year (003 21.4); every theme of the taxonomy appears for every year
-- and force area with texts, with zero counts where none carry it.

with

text_themes as (

    select * from {{ ref('fct_text_themes') }}
    where published_year is not null

),

themes as (

    select * from {{ ref('learning_themes') }}

),

force_areas as (

    select * from {{ ref('dim_force_areas') }}

),

grid as (

    select distinct published_year, force_area_code, text_source
    from text_themes

),

counts as (

    select
        published_year,
        force_area_code,
        text_source,
        theme_code,
        count(*) filter (where is_final) as text_count,
        count(distinct dhr_id) filter (where is_final) as dhr_count,
        count(*) filter (where is_final and is_overridden) as overridden_text_count,
        count(*) filter (where is_predicted) as predicted_text_count,
    from text_themes
    group by all

),

totals as (

    select published_year, force_area_code, text_source, count(distinct text_id) as texts_in_group
    from text_themes
    group by all

),

final as (

    select
        ----------  ids
        grid.published_year || '|' || grid.force_area_code || '|' || grid.text_source || '|' || themes.theme_code
            as report_row_id,
        grid.force_area_code,

        ----------  codes
        grid.text_source,
        themes.theme_code,
        themes.dhr_library_theme,

        ----------  text
        themes.theme_title,
        force_areas.force_area_name,

        ----------  numerics
        grid.published_year,
        themes.sort_order as theme_sort_order,
        coalesce(counts.text_count, 0) as text_count,
        coalesce(counts.dhr_count, 0) as dhr_count,
        coalesce(counts.overridden_text_count, 0) as overridden_text_count,
        coalesce(counts.predicted_text_count, 0) as predicted_text_count,
        totals.texts_in_group,

    from grid
    cross join themes
    left join counts
        on grid.published_year = counts.published_year
        and grid.force_area_code is not distinct from counts.force_area_code
        and grid.text_source = counts.text_source
        and themes.theme_code = counts.theme_code
    left join totals
        on grid.published_year = totals.published_year
        and grid.force_area_code is not distinct from totals.force_area_code
        and grid.text_source = totals.text_source
    left join force_areas
        on grid.force_area_code = force_areas.force_area_code

)

select * from final
