-- One row per DHR: its guidance version and targets (seeds/code_lists/guidance_rules.csv), the
-- scoping review against its four-week target (003 L268), completion against the target of its
-- guidance version (003 L763; 004 L246-247; 001 L238), days from notification to Home Office
-- submission and to publication, the decision, the death type and the main reason for delay.
-- Durations only: no date of any milestone reaches this mart. Rules: int_dhrs__timeliness.

with

timeliness as (

    select * from {{ ref('int_dhrs__timeliness') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

final as (

    select
        ----------  ids
        timeliness.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  codes
        timeliness.guidance_version,
        timeliness.completion_clock_starts,
        timeliness.decision,
        timeliness.death_type,
        dhrs.dhr_status,
        timeliness.delay_reason,

        ----------  numerics
        dhrs.notification_year,
        timeliness.scoping_target_days,
        timeliness.completion_target_days,
        timeliness.days_to_scoping_submission,
        timeliness.scoping_days_late,
        timeliness.days_to_completion,
        timeliness.completion_days_over_target,
        timeliness.days_notification_to_commencement,
        timeliness.days_commencement_to_completion,
        timeliness.days_notification_to_submission,
        timeliness.days_notification_to_publication,

        ----------  booleans
        timeliness.is_scoping_within_target,
        timeliness.is_completed,
        timeliness.is_completed_within_target,
        timeliness.is_open_past_completion_target,
        timeliness.is_submitted,
        timeliness.is_published,

    from timeliness
    inner join dhrs
        on timeliness.dhr_id = dhrs.dhr_id

)

select * from final
