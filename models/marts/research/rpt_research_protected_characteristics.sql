-- People by protected characteristic (judged relevant) by notification year, region and subject:
-- the researcher topic, before pooling into year bands and disclosure control.
select
    r.notification_year,
    fa.region_name,
    r.subject_type,
    r.characteristic_label as characteristic,
    r.characteristic_sort_order,
    r.category_label as category,
    r.category_sort_order,
    sum(r.person_count)::bigint as person_count
from {{ ref('rpt_protected_characteristics') }} as r
inner join {{ ref('dim_force_areas') }} as fa on fa.force_area_code = r.geography_code
where r.geography_level = 'force_area' and r.period_type = 'year' and r.notification_year is not null
group by
    r.notification_year, fa.region_name, r.subject_type, r.characteristic_label, r.characteristic_sort_order,
    r.category_label, r.category_sort_order
