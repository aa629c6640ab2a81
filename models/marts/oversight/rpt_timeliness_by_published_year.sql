-- Timeliness and delays of the DHRs published each year, by region and by the guidance in force
-- when the CSP was notified, for the Commissioner's annual report (003 L727-732: the report covers
-- how well the learning of the year's DHRs was implemented, and delays with it; the one-year target,
-- 003 L763, and its reasons for delay). One row per year x region x guidance version, and an
-- 'England and Wales' row per year x guidance version (grouping sets, not a sum of the rows).
--
-- Shares follow docs/design.md 5.1: a within-target share counts the DHRs whose milestone is known.

with

timeliness as (

    select * from {{ ref('fct_dhr_timeliness') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}
    where published_year is not null

),

published as (

    select
        dhrs.published_year,
        coalesce(dhrs.region_name, 'Not known') as region_name,
        coalesce(timeliness.guidance_version, 'not_known') as guidance_version,
        timeliness.days_notification_to_publication,
        timeliness.days_to_completion,
        timeliness.is_completed_within_target,
        timeliness.is_scoping_within_target,
        timeliness.delay_reason,
    from dhrs
    inner join timeliness on timeliness.dhr_id = dhrs.dhr_id

),

grouped as (

    select
        published_year,
        case when grouping(region_name) = 1 then 'England and Wales' else region_name end as region_name,
        grouping(region_name) = 1 as is_national,
        guidance_version,
        count(*) as dhr_count,
        median(days_notification_to_publication) as median_days_notification_to_publication,
        median(days_to_completion) as median_days_to_completion,
        count(is_completed_within_target) as completion_known_count,
        count(*) filter (where is_completed_within_target) as completed_within_target_count,
        count(is_scoping_within_target) as scoping_known_count,
        count(*) filter (where is_scoping_within_target) as scoping_within_target_count,
        count(*) filter (where delay_reason is not null and delay_reason != 'none') as delayed_count,
        mode(delay_reason) filter (where delay_reason is not null and delay_reason != 'none') as main_delay_reason,
    from published
    group by grouping sets ((published_year, region_name, guidance_version), (published_year, guidance_version))

),

delay_reasons as (

    select code, label from {{ ref('code_lists') }}
    where code_list = 'delay_reason'

),

final as (

    select
        ----------  ids
        published_year || '|' || region_name || '|' || guidance_version as report_row_id,

        ----------  codes
        guidance_version,
        main_delay_reason,

        ----------  text
        region_name,
        delay_reasons.label as main_delay_reason_label,

        ----------  numerics
        published_year,
        dhr_count,
        cast(median_days_notification_to_publication as integer) as median_days_notification_to_publication,
        cast(median_days_to_completion as integer) as median_days_to_completion,
        completion_known_count,
        completed_within_target_count,
        round(100.0 * completed_within_target_count / nullif(completion_known_count, 0), 1)
            as completed_within_target_pct,
        scoping_known_count,
        scoping_within_target_count,
        round(100.0 * scoping_within_target_count / nullif(scoping_known_count, 0), 1) as scoping_within_target_pct,
        delayed_count,

        ----------  booleans
        is_national,

    from grouped
    left join delay_reasons on delay_reasons.code = grouped.main_delay_reason

)

select * from final
