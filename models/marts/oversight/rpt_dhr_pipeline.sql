-- One row per DHR: where it is in the process at the reporting date and how it stands against its
-- two deadlines, for the PCC's oversight of the DHRs in the force area (003 L705-716) and the CSP
-- board. The targets come from the DHR's guidance version (seeds/code_lists/guidance_rules.csv, via
-- fct_dhr_timeliness), never from here:
--
--   scoping     the scoping review is due scoping_target_days after notification (28 days:
--               003 L268 "within four weeks of notification"; one month under 2011 guidance, 001 L236)
--   completion  the DHR is due completion_target_days after its clock starts (2024 draft: one year
--               from commencement, 003 L763; 2016: six months from commencement, 004 L4000;
--               2011: six months from the decision, 001 L238)
--
-- A deadline is `met` or `late` once the milestone is known, `overdue` when it has passed with the
-- milestone not reached, otherwise `due` (scoping) or `on_track` (completion). Durations only: no
-- date of any milestone reaches this mart (notification is shown by month, 003 L602).
--
-- An open DHR's completion clock is int_dhr_clocks' (issue 18): where its start (commencement under
-- the 2024 draft) is not recorded, the first proxy recorded starts it and the label says which, so
-- the DHR still goes overdue. It used to read "Clock not started" until the final form brought the
-- commencement date, which is when the deadline no longer mattered.

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

timeliness as (

    select * from {{ ref('fct_dhr_timeliness') }}

),

case_facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

clocks as (

    -- the same clock starts as int_dhrs__timeliness; a milestone after the reporting date has not
    -- happened yet
    select
        case_facts.dhr_id,
        cast(case_facts.reporting_date - case_facts.notification_date as integer) as days_since_notification,
        cast(
            case_facts.reporting_date - case timeliness.completion_clock_starts
                when 'notification' then case_facts.notification_date
                when 'decision' then
                    case when case_facts.scoping_submitted_date <= case_facts.reporting_date then case_facts.scoping_submitted_date end
                when 'commencement' then
                    case when case_facts.commenced_date <= case_facts.reporting_date then case_facts.commenced_date end
            end as integer
        ) as days_on_completion_clock,
    from case_facts
    left join timeliness
        on case_facts.dhr_id = timeliness.dhr_id

),

completion_clocks as (

    select * from {{ ref('int_dhr_clocks') }}
    where duty = 'completion'

),

judged as (

    select
        dhrs.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,
        dhrs.csp_name,
        dhrs.force_area_name,
        dhrs.region_name,
        dhrs.dhr_reference,
        dhrs.dhr_status,
        dhrs.dhr_status_label,
        dhrs.dhr_status_sort_order,
        dhrs.decision,
        dhrs.decision_label,
        dhrs.guidance_version,
        dhrs.notification_year,
        dhrs.notification_month,
        dhrs.reporting_date,
        timeliness.scoping_target_days,
        timeliness.days_to_scoping_submission,
        timeliness.completion_clock_starts,
        timeliness.completion_target_days,
        timeliness.days_to_completion,
        clocks.days_since_notification,
        clocks.days_on_completion_clock,
        completion_clocks.start_basis as completion_start_basis,
        completion_clocks.days_overdue as completion_clock_days_overdue,
        completion_clocks.days_remaining as completion_clock_days_remaining,
        case
            when timeliness.days_to_scoping_submission is not null then
                case when timeliness.is_scoping_within_target then 'met' else 'late' end
            when dhrs.decision is not null then 'date_not_recorded'
            when clocks.days_since_notification is null or timeliness.scoping_target_days is null then 'not_known'
            when clocks.days_since_notification > timeliness.scoping_target_days then 'overdue'
            else 'due'
        end as scoping_deadline_status,
        case
            when dhrs.decision = 'not_commissioned' then 'not_applicable'
            when dhrs.decision is null and dhrs.dhr_status not in ('submitted', 'published') then 'not_applicable'
            when timeliness.is_completed then
                case
                    when timeliness.days_to_completion is null then 'not_known'
                    when timeliness.is_completed_within_target then 'met'
                    else 'late'
                end
            -- a later milestone (submission, publication) shows the report was completed, undated
            when completion_clocks.clock_status like 'met%' then 'not_known'
            when completion_clocks.clock_start_date is null or completion_clocks.clock_status not in ('overdue', 'due')
                then 'clock_not_started'
            when completion_clocks.clock_status = 'overdue' then 'overdue'
            else 'on_track'
        end as completion_deadline_status,
    from dhrs
    left join timeliness
        on dhrs.dhr_id = timeliness.dhr_id
    left join clocks
        on dhrs.dhr_id = clocks.dhr_id
    left join completion_clocks
        on dhrs.dhr_id = completion_clocks.dhr_id

),

final as (

    select
        ----------  ids
        dhr_id,
        csp_code,
        force_area_code,

        ----------  text
        csp_name,
        force_area_name,
        region_name,
        dhr_reference,
        dhr_status_label,
        decision_label,
        case scoping_deadline_status
            when 'met' then 'Met: scoping review within ' || scoping_target_days || ' days'
            when 'late' then 'Late: scoping review after ' || days_to_scoping_submission || ' days (target ' || scoping_target_days || ')'
            when 'date_not_recorded' then 'Decision recorded; scoping review date not recorded'
            when 'overdue' then 'Overdue by ' || (days_since_notification - scoping_target_days) || ' days'
            when 'due' then 'Due in ' || (scoping_target_days - days_since_notification) || ' days'
            else 'Not known: no notification date'
        end as scoping_deadline_label,
        case completion_deadline_status
            when 'met' then 'Met: completed in ' || days_to_completion || ' of ' || completion_target_days || ' days'
            when 'late' then 'Late: completed ' || (days_to_completion - completion_target_days) || ' days after the ' || completion_target_days || '-day target'
            when 'overdue' then 'Overdue by ' || completion_clock_days_overdue || ' days'
                || case when completion_start_basis <> 'recorded'
                    then ' (' || coalesce(completion_clock_starts, 'start') || ' not recorded: clock from ' || {{ clock_start_words('completion_start_basis') }} || ')'
                    else '' end
            when 'on_track' then 'On track: ' || completion_clock_days_remaining || ' days left'
                || case when completion_start_basis <> 'recorded'
                    then ' (' || coalesce(completion_clock_starts, 'start') || ' not recorded: clock from ' || {{ clock_start_words('completion_start_basis') }} || ')'
                    else '' end
            when 'clock_not_started' then 'Clock not started (' || coalesce(completion_clock_starts, 'start') || ' date not recorded)'
            when 'not_known' then 'Completed; the date or the start of the clock not recorded'
            else 'Not applicable (no DHR commissioned)'
        end as completion_deadline_label,

        ----------  codes
        dhr_status,
        decision,
        guidance_version,
        completion_clock_starts,
        scoping_deadline_status,
        completion_deadline_status,

        ----------  numerics
        notification_year,
        dhr_status_sort_order,
        scoping_target_days,
        days_to_scoping_submission,
        case when scoping_deadline_status = 'due' then scoping_target_days - days_since_notification end
            as scoping_days_remaining,
        case scoping_deadline_status
            when 'late' then days_to_scoping_submission - scoping_target_days
            when 'overdue' then days_since_notification - scoping_target_days
        end as scoping_days_over,
        completion_target_days,
        days_to_completion,
        case when completion_deadline_status = 'on_track' then completion_clock_days_remaining end
            as completion_days_remaining,
        case completion_deadline_status
            when 'late' then days_to_completion - completion_target_days
            when 'overdue' then completion_clock_days_overdue
        end as completion_days_over,

        ----------  booleans
        dhr_status not in ('published', 'not_commissioned') as is_open,
        scoping_deadline_status = 'overdue' or completion_deadline_status = 'overdue' as is_past_deadline,

        ----------  dates
        notification_month,
        reporting_date,

    from judged

)

select * from final
