-- National recommendations and their answers (003 L684; the Domestic Abuse Commissioner's
-- 'Learning from loss', 2025): each recommendation of a latest action-plan snapshot that is
-- national (level national, or addressed to a national body), who it went to, when the addressee
-- was notified and answered, and its status on the Commissioner's five-point scheme, `missing`
-- when the plan records none. The tracker lists the recommendations not yet answered first, the
-- longest open first (tracker_sort_order).

with

recommendations as (

    select * from {{ ref('dim_recommendations') }}
    where is_national

),

snapshots as (

    select * from {{ ref('int_recommendations__snapshotted') }}

),

csps as (

    select * from {{ ref('dim_csps') }}

),

statuses as (

    select * from {{ ref('code_lists') }}
    where code_list = 'implementation_status'

),

latest_text as (

    select recommendation_id, response
    from snapshots
    where is_latest_snapshot

),

history as (

    -- the first time the plan said the addressee had been notified, and when the plan started
    -- reporting (its first snapshot): a recommendation is open from one or the other
    select
        recommendation_id,
        min(addressee_notified_date) as first_notified_date,
        min(snapshot_as_at_date) as first_snapshot_as_at_date,
        -- the first snapshot that carries an answer: the answer's date when the plan gives none
        min(snapshot_as_at_date) filter (
            where response_date is not null or nullif(trim(response), '') is not null
        ) as first_answered_snapshot_as_at_date,
        count(*) as snapshot_count,
    from snapshots
    group by recommendation_id

),

joined as (

    select
        recommendations.*,
        csps.csp_name,
        csps.force_area_name,
        latest_text.response,
        history.first_notified_date,
        history.first_snapshot_as_at_date,
        history.snapshot_count,
        history.first_answered_snapshot_as_at_date,
        coalesce(history.first_notified_date, history.first_snapshot_as_at_date) as open_from_date,
        coalesce(recommendations.implementation_status, 'missing') as implementation_status_reported,
        recommendations.response_date is not null or nullif(trim(latest_text.response), '') is not null as is_answered,
    from recommendations
    left join csps
        on recommendations.csp_code = csps.csp_code
    left join latest_text
        on recommendations.recommendation_id = latest_text.recommendation_id
    left join history
        on recommendations.recommendation_id = history.recommendation_id

),

final as (

    select
        ----------  ids
        joined.recommendation_id,
        joined.dhr_id,
        joined.csp_code,
        joined.force_area_code,

        ----------  text
        joined.csp_name,
        joined.force_area_name,
        joined.recommendation,
        joined.addressee,
        joined.addressee_type_label,
        joined.response,
        statuses.label as implementation_status_label,

        ----------  codes
        joined.recommendation_level,
        joined.addressee_type,
        joined.implementation_status_reported as implementation_status,

        ----------  numerics
        joined.recommendation_number,
        statuses.sort_order as implementation_status_sort_order,
        joined.snapshot_count,
        cast(joined.reporting_date - joined.open_from_date as integer) as days_open,
        case
            when joined.response_date is not null then cast(joined.response_date - joined.open_from_date as integer)
        end as days_to_response,
        row_number() over (
            order by
                joined.is_answered,
                joined.reporting_date - joined.open_from_date desc nulls last,
                joined.recommendation_id
        ) as tracker_sort_order,

        ----------  booleans
        joined.is_addressee_national_body,
        joined.addressee_notified_date is not null as is_notified,
        joined.is_answered,
        joined.implementation_status is not null as is_implementation_status_recorded,

        ----------  dates
        joined.addressee_notified_date,
        joined.first_notified_date,
        joined.response_date,
        case
            when joined.is_answered then coalesce(joined.response_date, joined.first_answered_snapshot_as_at_date)
        end as answered_date,
        joined.open_from_date,
        joined.snapshot_as_at_date,
        joined.reporting_date,

    from joined
    left join statuses
        on joined.implementation_status_reported = statuses.code

)

select * from final
