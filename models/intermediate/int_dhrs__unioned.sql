-- Every DHR known from any form: forms link on dhr_id whatever order they arrive in
-- (docs/design.md section 4), so a DHR whose only form so far is an action plan is still a DHR.

with

data_capture_cases as (

    select * from {{ ref('stg_dhr_forms__data_capture_cases') }}

),

scoping_reviews as (

    select * from {{ ref('stg_dhr_forms__scoping_review_reviews') }}

),

action_plans as (

    select * from {{ ref('stg_dhr_forms__action_plan_plans') }}

),

forms as (

    select dhr_id, csp_code, dhr_reference, ingested_at, file_sha256, 'data_capture' as form_type
    from data_capture_cases

    union all

    select dhr_id, csp_code, dhr_reference, ingested_at, file_sha256, 'scoping_review' as form_type
    from scoping_reviews

    union all

    select dhr_id, csp_code, dhr_reference, ingested_at, file_sha256, 'action_plan' as form_type
    from action_plans

),

final as (

    select
        ----------  ids
        dhr_id,
        any_value(csp_code) as csp_code,

        ----------  text
        -- the reference as written on the form received last
        arg_max(dhr_reference, ingested_at) as dhr_reference,

        ----------  numerics
        count(*) filter (where form_type = 'data_capture') as data_capture_form_count,
        count(*) filter (where form_type = 'scoping_review') as scoping_review_count,
        count(*) filter (where form_type = 'action_plan') as action_plan_file_count,

        ----------  booleans
        bool_or(form_type = 'data_capture') as has_data_capture,
        bool_or(form_type = 'scoping_review') as has_scoping_review,
        bool_or(form_type = 'action_plan') as has_action_plan,

        ----------  timestamps
        min(ingested_at) as first_received_at,
        max(ingested_at) as last_received_at,

    from forms
    where dhr_id is not null
    group by dhr_id

)

select * from final
