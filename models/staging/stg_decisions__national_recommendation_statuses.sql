-- The Commissioner's office's decisions on national recommendations, copied from the app-state file
-- (dhr/national_recommendations.py), with the one in force flagged: the latest per recommendation.
-- The history is kept: older decisions stay as rows. When the recommendation was last escalated
-- is the first decision of the run of escalated decisions that ends with the one in force.

with

source as (

    select * from {{ source('decisions', 'national_recommendation_statuses') }}

),

runs as (

    select
        *,
        max(case when not is_escalated then decision_id end) over (
            partition by recommendation_id order by decision_id rows between unbounded preceding and current row
        ) as last_unescalated_decision_id,
    from source

),

renamed as (

    select
        ----------  ids
        decision_id,
        recommendation_id,
        audit_event_id,

        ----------  text
        set_by,
        note,
        case when is_escalated then first_value(set_by) over escalation_run end as escalated_by,

        ----------  codes
        commissioner_status,
        previous_status,

        ----------  booleans
        is_escalated,
        row_number() over (partition by recommendation_id order by decision_id desc) = 1 as is_latest_for_recommendation,

        ----------  timestamps
        set_at,
        case when is_escalated then first_value(set_at) over escalation_run end as escalated_at,

    from runs
    window escalation_run as (
        partition by recommendation_id, coalesce(last_unescalated_decision_id, 0), is_escalated
        order by decision_id
    )

)

select * from renamed
