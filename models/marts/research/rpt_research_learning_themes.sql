-- DHRs by learning theme of their recommendations, notification year and region: the researcher
-- topic, before pooling into year bands and disclosure control. A DHR counts once per theme in
-- force (an analyst's decision, else the classifier's) on any of its recommendations; the Home
-- Office DHR Library theme the theme maps to stands beside it (issue 20), so researchers can set
-- the figures against the Library's.
with themed as (
    select distinct
        t.dhr_id,
        t.notification_year,
        t.force_area_code,
        t.theme_code
    from {{ ref('fct_text_themes') }} as t
    where t.is_final
        and t.text_source = 'recommendation'
        and t.notification_year is not null
)

select
    themed.notification_year,
    fa.region_name,
    themed.theme_code,
    lt.theme_title,
    lt.dhr_library_theme,
    lt.sort_order as theme_sort_order,
    count(distinct themed.dhr_id) as dhr_count
from themed
inner join {{ ref('dim_force_areas') }} as fa on fa.force_area_code = themed.force_area_code
inner join {{ ref('learning_themes') }} as lt on lt.theme_code = themed.theme_code
group by all
