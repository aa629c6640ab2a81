-- Prevalence of each 003 Annex A item 10 factor for each subject, nationally, by force area and
-- by CSP, for each notification year and for all years. The denominator is the DHRs answered Yes
-- or No: Not known is left out of it and reported beside it as a count and a rate, because
-- national figures carry a large Not known share (003 Annex F: 27% for gender reassignment,
-- 003 L887; 32% for sexual orientation, 003 L927).

with

risk_factors as (

    select * from {{ ref('fct_dhr_risk_factors') }}

),

geographies as (

    select * from {{ ref('dim_geographies') }}

),

scoped as (

    {{ report_scopes('risk_factors') }}

),

counted as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        factor_code,
        subject_type,
        any_value(factor_category) as factor_category,
        any_value(factor_label) as factor_label,
        any_value(factor_sort_order) as factor_sort_order,
        count(*) as answered_count,
        count(*) filter (where answer = 'yes') as yes_count,
        count(*) filter (where answer = 'no') as no_count,
        count(*) filter (where answer = 'not_known') as not_known_count,
    from scoped
    group by geography_level, geography_code, period_type, notification_year, factor_code, subject_type

),

final as (

    select
        ----------  ids
        counted.geography_code,
        geographies.force_area_code,

        ----------  codes
        counted.geography_level,
        counted.period_type,
        counted.factor_code,
        counted.factor_category,
        counted.subject_type,

        ----------  text
        geographies.geography_name,
        counted.factor_label,

        ----------  numerics
        counted.notification_year,
        counted.factor_sort_order,
        counted.answered_count,
        counted.yes_count,
        counted.no_count,
        counted.not_known_count,
        counted.yes_count + counted.no_count as prevalence_denominator,
        round(100.0 * counted.yes_count / nullif(counted.yes_count + counted.no_count, 0), 1) as prevalence_pct,
        round(100.0 * counted.not_known_count / nullif(counted.answered_count, 0), 1) as not_known_pct,

    from counted
    left join geographies
        on counted.geography_level = geographies.geography_level
        and counted.geography_code = geographies.geography_code

)

select * from final
