-- The facts of each DHR, combined from its forms (docs/design.md section 4): decision, death
-- type and notification date come from the latest data capture form if there is one, else from
-- the latest scoping review. Submission and publication dates are on the data capture form
-- only. Then the DHR status, judged at the reporting date: the first rule that matches wins.

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
        data_capture_cases.commenced_date,
        data_capture_cases.completed_date,
        data_capture_cases.submitted_date,
        data_capture_cases.published_date,
        data_capture_cases.delay_reason,
        data_capture_cases.death_month,
        -- on the Home Office form only (004 L4169); feeds no rule yet, dim_dhrs shows its month
        data_capture_cases.ho_notified_date,
        {{ reporting_date() }} as reporting_date,
    from dhrs
    left join data_capture_cases
        on dhrs.dhr_id = data_capture_cases.dhr_id
    left join scoping_reviews
        on dhrs.dhr_id = scoping_reviews.dhr_id

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
