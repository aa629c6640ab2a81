-- DHRs by Home Office DHR Library category, notification year and region: the researcher topic,
-- before pooling into year bands and disclosure control. A DHR counts once per category.
select
    b.notification_year,
    fa.region_name,
    b.dhr_library_category_label as dhr_library_category,
    b.dhr_library_category_sort_order,
    count(distinct b.dhr_id) as dhr_count
from {{ ref('bridge_dhr_library_categories') }} as b
inner join {{ ref('dim_force_areas') }} as fa on fa.force_area_code = b.force_area_code
where b.notification_year is not null
group by b.notification_year, fa.region_name, b.dhr_library_category_label, b.dhr_library_category_sort_order
