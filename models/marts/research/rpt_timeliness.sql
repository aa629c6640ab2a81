-- Timeliness nationally, by force area and by CSP, for each notification year and all years.
-- Each share's denominator is the DHRs where that milestone is known at the reporting date:
-- scoping within target over DHRs whose scoping review date is known; completed within target
-- over DHRs completed with a known clock start. Medians are in days.

with

timeliness as (

    select * from {{ ref('fct_dhr_timeliness') }}

),

geographies as (

    select * from {{ ref('dim_geographies') }}

),

scoped as (

    {{ report_scopes('timeliness') }}

),

counted as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        count(*) as dhr_count,
        count(days_to_scoping_submission) as scoping_known_count,
        count(*) filter (where is_scoping_within_target) as scoping_within_target_count,
        median(days_to_scoping_submission) as median_days_to_scoping_submission,
        count(days_to_completion) as completion_known_count,
        count(*) filter (where is_completed_within_target) as completed_within_target_count,
        median(days_to_completion) as median_days_to_completion,
        count(*) filter (where is_open_past_completion_target) as open_past_completion_target_count,
        count(days_notification_to_submission) as submitted_count,
        median(days_notification_to_submission) as median_days_notification_to_submission,
        count(days_notification_to_publication) as published_count,
        median(days_notification_to_publication) as median_days_notification_to_publication,
    from scoped
    group by geography_level, geography_code, period_type, notification_year

),

final as (

    select
        ----------  ids
        counted.geography_code,
        geographies.force_area_code,

        ----------  codes
        counted.geography_level,
        counted.period_type,

        ----------  text
        geographies.geography_name,

        ----------  numerics
        counted.notification_year,
        counted.dhr_count,
        counted.scoping_known_count,
        counted.scoping_within_target_count,
        round(100.0 * counted.scoping_within_target_count / nullif(counted.scoping_known_count, 0), 1)
            as scoping_within_target_pct,
        cast(counted.median_days_to_scoping_submission as double) as median_days_to_scoping_submission,
        counted.completion_known_count,
        counted.completed_within_target_count,
        round(100.0 * counted.completed_within_target_count / nullif(counted.completion_known_count, 0), 1)
            as completed_within_target_pct,
        cast(counted.median_days_to_completion as double) as median_days_to_completion,
        counted.open_past_completion_target_count,
        counted.submitted_count,
        cast(counted.median_days_notification_to_submission as double) as median_days_notification_to_submission,
        counted.published_count,
        cast(counted.median_days_notification_to_publication as double) as median_days_notification_to_publication,

    from counted
    left join geographies
        on counted.geography_level = geographies.geography_level
        and counted.geography_code = geographies.geography_code

)

select * from final
