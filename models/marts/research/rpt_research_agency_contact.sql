-- Agency contact by notification year and region: the researcher topic, before pooling into year
-- bands and disclosure control. Share = DHRs with contact / (with + without); Not known apart.
select
    r.notification_year,
    fa.region_name,
    r.agency_label as agency,
    r.agency_sort_order,
    sum(r.dhrs_with_contact)::bigint as dhrs_with_contact,
    sum(r.dhrs_with_contact + r.dhrs_without_contact)::bigint as denominator_excluding_not_known,
    sum(r.contact_not_known_count)::bigint as not_known_count,
    round(100.0 * sum(r.dhrs_with_contact) / nullif(sum(r.dhrs_with_contact + r.dhrs_without_contact), 0), 1)
        as contact_pct
from {{ ref('rpt_agency_contact') }} as r
inner join {{ ref('dim_force_areas') }} as fa on fa.force_area_code = r.geography_code
where r.geography_level = 'force_area' and r.period_type = 'year' and r.notification_year is not null
group by r.notification_year, fa.region_name, r.agency_label, r.agency_sort_order
