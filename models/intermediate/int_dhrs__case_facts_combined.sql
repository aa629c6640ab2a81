-- The facts of each DHR, combined from its forms (docs/design.md section 4): decision, death
-- type and notification date come from the latest data capture form if there is one, else from
-- the latest scoping review. Submission and publication dates are on the data capture form
-- only. The dates that start the clocks are taken where they first appear (issue 18): the data
-- capture form wins, else the latest action plan that gives one (its optional status update),
-- else the scoping review. Then the DHR status, judged at the reporting date: the first rule that
-- matches wins.

with

dhrs as (

    select * from {{ ref('int_dhrs__unioned') }}

),

data_capture_cases as (

    select * from {{ ref('int_data_capture_cases__latest_per_dhr') }}

),

scoping_reviews as (

    select * from {{ ref('int_scoping_reviews__latest_per_dhr') }}

),

plan_status_updates as (

    -- the latest plan snapshot that gives each date (the status update is optional, so a later plan
    -- that leaves a date blank does not erase it); superseded resubmissions are skipped
    select
        dhr_id,
        arg_max(commissioned_date, as_at_date) filter (where commissioned_date is not null) as commissioned_date,
        arg_max(commenced_date, as_at_date) filter (where commenced_date is not null) as commenced_date,
        arg_max(tor_agreed_date, as_at_date) filter (where tor_agreed_date is not null) as tor_agreed_date,
        min(as_at_date) as first_plan_as_at_date,
    from {{ ref('int_action_plan_snapshots__ranked') }}
    where not is_superseded
    group by dhr_id

),

combined as (

    select
        dhrs.dhr_id,
        dhrs.csp_code,
        dhrs.dhr_reference,
        dhrs.has_data_capture,
        dhrs.has_scoping_review,
        dhrs.has_action_plan,
        case
            when data_capture_cases.dhr_id is not null then 'data_capture'
            when scoping_reviews.dhr_id is not null then 'scoping_review'
            else 'none'
        end as facts_source,
        coalesce(data_capture_cases.victim_pseudonym, scoping_reviews.anonymised_identifier) as victim_pseudonym,
        -- the data capture form wins, but the Home Office form (004 Template 29) has no decision:
        -- then the scoping review's is used (issue 14)
        coalesce(data_capture_cases.decision, scoping_reviews.decision) as decision,
        -- the data capture form wins, but the Home Office form (004 Template 29) has no death_type:
        -- then the scoping review's is used (issue 14)
        coalesce(data_capture_cases.death_type, scoping_reviews.death_type) as death_type,
        -- the data capture form wins, but the Home Office form (004 Template 29) has no notification_date:
        -- then the scoping review's is used (issue 14)
        coalesce(data_capture_cases.notification_date, scoping_reviews.notification_date) as notification_date,
        coalesce(data_capture_cases.scoping_submitted_date, scoping_reviews.scoping_submitted_date) as scoping_submitted_date,
        -- on the Home Office form only (004 L4169): the Home Office clock's met date (int_dhr_clocks);
        -- dim_dhrs shows its month and year only
        data_capture_cases.ho_notified_date,
        -- the dates that start the clocks, where they first appear (issue 18)
        coalesce(data_capture_cases.decision_date, scoping_reviews.decision_date) as decision_date,
        coalesce(
            data_capture_cases.commissioned_date, plan_status_updates.commissioned_date, scoping_reviews.commissioned_date
        ) as commissioned_date,
        coalesce(data_capture_cases.commenced_date, plan_status_updates.commenced_date) as commenced_date,
        coalesce(data_capture_cases.tor_agreed_date, plan_status_updates.tor_agreed_date) as tor_agreed_date,
        data_capture_cases.completed_date,
        data_capture_cases.submitted_date,
        coalesce(data_capture_cases.qa_response_date, scoping_reviews.qa_response_date) as qa_response_date,
        data_capture_cases.published_date,
        plan_status_updates.first_plan_as_at_date,
        cast(dhrs.first_received_at as date) as first_received_date,
        data_capture_cases.delay_reason,
        data_capture_cases.death_month,
        {{ reporting_date() }} as reporting_date,
    from dhrs
    left join data_capture_cases
        on dhrs.dhr_id = data_capture_cases.dhr_id
    left join scoping_reviews
        on dhrs.dhr_id = scoping_reviews.dhr_id
    left join plan_status_updates
        on dhrs.dhr_id = plan_status_updates.dhr_id

),

with_status as (

    select
        *,
        case
            when published_date <= reporting_date then 'published'
            when submitted_date <= reporting_date then 'submitted'
            when decision = 'not_commissioned' then 'not_commissioned'
            when decision = 'commissioned_paused' then 'paused'
            when decision = 'commissioned' then 'in_progress'
            else 'scoping'
        end as dhr_status,
    from combined

),

final as (

    select * from with_status

)

select * from final
