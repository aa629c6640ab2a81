-- DHRs by notification year, region and status: the researcher topic "DHRs by status", before
-- pooling into year bands and disclosure control (dhr/research.py, docs/disclosure.md).
select
    r.notification_year,
    fa.region_name,
    r.dhr_status_label as dhr_status,
    r.dhr_status_sort_order,
    sum(r.dhr_count)::bigint as dhr_count
from {{ ref('rpt_dhrs_by_year_force_area') }} as r
inner join {{ ref('dim_force_areas') }} as fa on fa.force_area_code = r.force_area_code
where r.notification_year is not null
group by r.notification_year, fa.region_name, r.dhr_status_label, r.dhr_status_sort_order
