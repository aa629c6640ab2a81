-- Risk factors (003 Annex A) by notification year, region and subject: the researcher topic, before
-- pooling into year bands and disclosure control. Prevalence = Yes / (Yes + No); Not known apart.
select
    r.notification_year,
    fa.region_name,
    r.subject_type,
    r.factor_label as risk_factor,
    r.factor_sort_order,
    sum(r.yes_count)::bigint as yes_count,
    sum(r.prevalence_denominator)::bigint as denominator_excluding_not_known,
    sum(r.not_known_count)::bigint as not_known_count,
    round(100.0 * sum(r.yes_count) / nullif(sum(r.prevalence_denominator), 0), 1) as prevalence_pct
from {{ ref('rpt_risk_factor_prevalence') }} as r
inner join {{ ref('dim_force_areas') }} as fa on fa.force_area_code = r.geography_code
where r.geography_level = 'force_area' and r.period_type = 'year' and r.notification_year is not null
group by r.notification_year, fa.region_name, r.subject_type, r.factor_label, r.factor_sort_order
