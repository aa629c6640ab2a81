-- The national recommendations tracker of the Domestic Abuse Commissioner's office (issue 18): one
-- row per national recommendation (fct_national_recommendations), with the national body it went
-- to under its current name (seed department_names: DLUHC and MHCLG are one department), when the
-- answer is due, where it stands in the answer workflow, the Commissioner's own five-point status
-- (set on the National recommendations page, copied from the app-state file by `dhr build`) beside
-- the CSP's reported status, and the order to chase them in. National recommendations are collated
-- by the Commissioner and presented to the Home Office (003 L684); the Commissioner is a point of
-- escalation (003 L730); the Home Office convenes the departments that implement them (003 L736).
--
-- The answer clock starts when the addressee was notified (the earliest notification date any
-- snapshot of the plan records); when no plan records one it starts on the plan's first snapshot
-- (the earliest date the warehouse knows the recommendation existed), so a recommendation nobody
-- sent on also falls due and counts as unanswered after the answer period.

{% set answer_days = var('national_recommendation_answer_days') | int %}
{% set escalation_days = var('national_recommendation_escalation_days') | int %}

with

recommendations as (

    select * from {{ ref('fct_national_recommendations') }}

),

dhrs as (

    select dhr_id, dhr_reference from {{ ref('dim_dhrs') }}

),

department_names as (

    -- a name used in two periods (MHCLG) has two rows: one per folded name
    select distinct
        {{ addressee_key('name') }} as name_key,
        department_code,
    from {{ ref('department_names') }}

),

departments as (

    select * from {{ ref('government_departments') }}

),

decisions as (

    select * from {{ ref('stg_decisions__national_recommendation_statuses') }}
    where is_latest_for_recommendation

),

statuses as (

    select * from {{ ref('national_recommendation_statuses') }}

),

dated as (

    select
        recommendations.*,
        department_names.department_code,
        recommendations.open_from_date as clock_start_date,
        recommendations.open_from_date + {{ answer_days }} as answer_due_date,
    from recommendations
    left join department_names
        on {{ addressee_key('recommendations.addressee') }} = department_names.name_key

),

judged as (

    select
        dated.*,
        decisions.commissioner_status,
        decisions.set_by as commissioner_status_set_by,
        decisions.set_at as commissioner_status_set_at,
        decisions.note as commissioner_note,
        -- an answer ends the escalation
        case when not dated.is_answered then decisions.escalated_by end as escalated_by,
        case when not dated.is_answered then decisions.escalated_at end as escalated_at,
        coalesce(decisions.is_escalated, false) and not dated.is_answered as is_escalated,
        not dated.is_answered and dated.reporting_date > dated.answer_due_date as is_past_due_date,
        case
            when dated.is_answered then 'answered'
            when coalesce(decisions.is_escalated, false) then 'escalated'
            when dated.first_notified_date is null then 'not_notified'
            when dated.reporting_date > dated.answer_due_date then 'overdue'
            else 'awaiting_answer'
        end as workflow_status,
    from dated
    left join decisions
        on dated.recommendation_id = decisions.recommendation_id

),

final as (

    select
        ----------  ids
        judged.recommendation_id,
        judged.dhr_id,
        judged.csp_code,
        judged.force_area_code,
        judged.department_code,

        ----------  text
        dhrs.dhr_reference,
        judged.csp_name,
        judged.force_area_name,
        judged.recommendation,
        judged.addressee,
        coalesce(departments.department_name, nullif(trim(judged.addressee), ''), 'Addressee not recorded')
            as department_name,
        departments.abbreviation as department_abbreviation,
        judged.response,
        workflow.label as workflow_status_label,
        commissioner.label as commissioner_status_label,
        judged.commissioner_status_set_by,
        judged.commissioner_note,
        judged.escalated_by,
        judged.implementation_status_label as csp_reported_status_label,

        ----------  codes
        judged.workflow_status,
        judged.commissioner_status,
        judged.implementation_status as csp_reported_status,

        ----------  numerics
        judged.recommendation_number,
        {{ answer_days }} as answer_days,
        {{ escalation_days }} as escalation_days,
        case
            when not judged.is_answered then cast(judged.reporting_date - judged.clock_start_date as integer)
        end as days_outstanding,
        case
            when judged.is_past_due_date then cast(judged.reporting_date - judged.answer_due_date as integer)
        end as days_overdue,
        case
            when judged.is_answered then cast(judged.answered_date - judged.clock_start_date as integer)
        end as days_to_answer,
        -- what to chase first: the unanswered only, the earliest due first (so the longest overdue
        -- leads, then those due soonest); answered recommendations are not chased
        case
            when not judged.is_answered then row_number() over (
                partition by judged.is_answered
                order by judged.answer_due_date nulls last, judged.clock_start_date nulls last, judged.recommendation_id
            )
        end as chase_priority,
        workflow.sort_order as workflow_status_sort_order,
        commissioner.sort_order as commissioner_status_sort_order,

        ----------  booleans
        judged.department_code is not null as is_department_matched,
        judged.first_notified_date is not null as is_notified,
        judged.is_answered,
        judged.is_answered and judged.answered_date <= judged.answer_due_date as is_answered_by_due_date,
        judged.is_past_due_date,
        -- the issue's measure: the answer period has run out (reporting date after the due date)
        -- and no answer came within it
        judged.reporting_date > judged.answer_due_date
            and not coalesce(judged.is_answered and judged.answered_date <= judged.answer_due_date, false)
            as is_unanswered_after_answer_period,
        judged.is_escalated,
        -- only what the department was sent: a recommendation never notified is sent, not escalated
        judged.workflow_status = 'overdue'
            and judged.reporting_date - judged.answer_due_date > {{ escalation_days }} as is_due_for_escalation,
        judged.first_notified_date is not null as is_due_date_from_notification,
        judged.commissioner_status is not null as is_commissioner_status_set,

        ----------  dates
        judged.first_notified_date as notified_date,
        judged.clock_start_date,
        judged.answer_due_date,
        judged.answered_date,
        judged.reporting_date,

        ----------  timestamps
        judged.commissioner_status_set_at,
        judged.escalated_at,

    from judged
    left join dhrs
        on judged.dhr_id = dhrs.dhr_id
    left join departments
        on judged.department_code = departments.department_code
    left join statuses as workflow
        on workflow.status_list = 'workflow_status' and judged.workflow_status = workflow.code
    left join statuses as commissioner
        on commissioner.status_list = 'commissioner_status' and judged.commissioner_status = commissioner.code

)

select * from final
