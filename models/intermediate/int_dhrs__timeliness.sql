-- Timeliness of each DHR against the guidance in force when the CSP was notified. The rules are
-- not here: the decision and completion clocks come from int_dhr_clocks, which computes every clock
-- from seeds/code_lists/guidance_rules.csv (issue 18, docs/clocks.md). Durations are in days; a
-- milestone counts only when its date is known and on or before the reporting date, so every share
-- has "DHRs where the milestone is known" as its denominator.
--
--   scoping: notification -> scoping review submitted, against the decision clock's due date
--            (2024 draft: four weeks, 003 L268; 2016: four weeks, 004 L1592; 2011: one calendar
--            month, 001 L236), so scoping_target_days is 28, or 28-31 under 2011
--   completion: from the completion clock's start, only where that start is recorded (durations
--            are measured, never estimated; the oversight marts use the proxies): 2024 draft one
--            year from commencement (003 L763); 2016 six months from commencement (004 L4000);
--            2011 six months from the decision (001 L238)

with

case_facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

clocks as (

    select * from {{ ref('int_dhr_clocks') }}

),

decision_clocks as (

    select * from clocks
    where duty = 'decision'

),

completion_clocks as (

    select * from clocks
    where duty = 'completion'

),

known_milestones as (

    -- a date after the reporting date has not happened yet at the reporting date
    select
        case_facts.*,
        decision_clocks.guidance_version,
        decision_clocks.due_date as scoping_due_date,
        case completion_clocks.clock_starts
            when 'commenced' then 'commencement'
            else completion_clocks.clock_starts
        end as completion_clock_starts,
        completion_clocks.clock_status as completion_clock_status,
        case
            when completion_clocks.start_basis = 'recorded' then completion_clocks.clock_start_date
        end as completion_clock_start_date,
        case when completion_clocks.start_basis = 'recorded' then completion_clocks.due_date end as completion_due_date,
        completion_clocks.clock_start_date as completion_any_start_date,
        completion_clocks.due_date as completion_any_due_date,
        case when case_facts.scoping_submitted_date <= case_facts.reporting_date then case_facts.scoping_submitted_date end
            as scoping_known_date,
        case when case_facts.commenced_date <= case_facts.reporting_date then case_facts.commenced_date end
            as commenced_known_date,
        case when case_facts.completed_date <= case_facts.reporting_date then case_facts.completed_date end
            as completed_known_date,
        case when case_facts.submitted_date <= case_facts.reporting_date then case_facts.submitted_date end
            as submitted_known_date,
        case when case_facts.published_date <= case_facts.reporting_date then case_facts.published_date end
            as published_known_date,
    from case_facts
    left join decision_clocks
        on case_facts.dhr_id = decision_clocks.dhr_id
    left join completion_clocks
        on case_facts.dhr_id = completion_clocks.dhr_id

),

clocked as (

    select
        *,
        cast(scoping_due_date - notification_date as integer) as scoping_target_days,
        -- the clock's length in days, whatever started it (a recorded date or a proxy)
        cast(completion_any_due_date - completion_any_start_date as integer) as completion_target_days,
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
        -- commissioned, not completed, and the completion clock (its start recorded or a proxy,
        -- int_dhr_clocks) has already run past its due date
        case
            when decision in ('commissioned', 'commissioned_paused') and completed_known_date is null
                then completion_clock_status = 'overdue'
        end as is_open_past_completion_target,
        submitted_known_date is not null as is_submitted,
        published_known_date is not null as is_published,

        ----------  dates
        reporting_date,

    from measured

)

select * from final
