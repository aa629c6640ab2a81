-- Timeliness of each DHR against the guidance in force when the CSP was notified
-- (seeds/code_lists/guidance_rules.csv, looked up by notification date; the targets live in that
-- seed, not here). Durations are in days; a milestone counts only when its date is known and on
-- or before the reporting date, so every share has "DHRs where the milestone is known" as its
-- denominator.
--
--   scoping: notification -> scoping review submitted, target scoping_or_decision_days
--            (28 days: 003 L268 "within four weeks of notification"; 2011: one month, 001 L236)
--   completion: the clock starts at completion_clock_starts and stops at the report's completion
--            (2024 draft: 365 days from commencement, 003 L763; 2016: 214 days from
--            notification, 004 L246-247; 2011: 183 days from the decision, 001 L238). The forms
--            carry no separate decision date: the decision is recorded on the scoping review
--            (003 L807), so the decision clock starts when the scoping review was submitted.

with

case_facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

guidance_rules as (

    select * from {{ ref('guidance_rules') }}

),

with_rule as (

    select
        case_facts.*,
        guidance_rules.guidance_version,
        guidance_rules.scoping_or_decision_days as scoping_target_days,
        guidance_rules.completion_target_days,
        guidance_rules.completion_clock_starts,
    from case_facts
    left join guidance_rules
        on case_facts.notification_date
            between guidance_rules.applies_from_notification_date
            and guidance_rules.applies_to_notification_date

),

known_milestones as (

    -- a date after the reporting date has not happened yet at the reporting date
    select
        *,
        case when scoping_submitted_date <= reporting_date then scoping_submitted_date end as scoping_known_date,
        case when commenced_date <= reporting_date then commenced_date end as commenced_known_date,
        case when completed_date <= reporting_date then completed_date end as completed_known_date,
        case when submitted_date <= reporting_date then submitted_date end as submitted_known_date,
        case when published_date <= reporting_date then published_date end as published_known_date,
    from with_rule

),

clocked as (

    select
        *,
        case completion_clock_starts
            when 'notification' then notification_date
            when 'decision' then scoping_known_date
            when 'commencement' then commenced_known_date
        end as completion_clock_start_date,
    from known_milestones

),

measured as (

    select
        *,
        cast(scoping_known_date - notification_date as integer) as days_to_scoping_submission,
        cast(completed_known_date - completion_clock_start_date as integer) as days_to_completion,
        cast(commenced_known_date - notification_date as integer) as days_notification_to_commencement,
        cast(completed_known_date - commenced_known_date as integer) as days_commencement_to_completion,
        cast(submitted_known_date - notification_date as integer) as days_notification_to_submission,
        cast(published_known_date - notification_date as integer) as days_notification_to_publication,
        cast(reporting_date - completion_clock_start_date as integer) as days_since_completion_clock_start,
    from clocked

),

final as (

    select
        ----------  ids
        dhr_id,

        ----------  codes
        guidance_version,
        completion_clock_starts,
        decision,
        death_type,
        delay_reason,

        ----------  numerics
        scoping_target_days,
        completion_target_days,
        days_to_scoping_submission,
        case
            when days_to_scoping_submission is not null
                then greatest(days_to_scoping_submission - scoping_target_days, 0)
        end as scoping_days_late,
        days_to_completion,
        case
            when days_to_completion is not null
                then greatest(days_to_completion - completion_target_days, 0)
        end as completion_days_over_target,
        days_notification_to_commencement,
        days_commencement_to_completion,
        days_notification_to_submission,
        days_notification_to_publication,

        ----------  booleans
        days_to_scoping_submission <= scoping_target_days as is_scoping_within_target,
        completed_known_date is not null as is_completed,
        days_to_completion <= completion_target_days as is_completed_within_target,
        -- commissioned, not completed, and the clock has already run past the target
        case
            when decision in ('commissioned', 'commissioned_paused')
                and completed_known_date is null
                and completion_clock_start_date is not null
                then days_since_completion_clock_start > completion_target_days
        end as is_open_past_completion_target,
        submitted_known_date is not null as is_submitted,
        published_known_date is not null as is_published,

        ----------  dates
        reporting_date,

    from measured

)

select * from final
