-- The dated status history of each national recommendation: one row per recommendation per
-- action-plan snapshot at which its status on the Commissioner's five-point scheme changed
-- (its first snapshot always counts as a change). A snapshot recording no status reads as
-- `missing` (no evidence), so a status that is blanked out again is a change back to missing.
-- Snapshots are the quarterly updates (003 L712); superseded files are left out.

with

national_recommendations as (

    select * from {{ ref('fct_national_recommendations') }}

),

snapshots as (

    select * from {{ ref('int_recommendations__snapshotted') }}

),

statuses as (

    select * from {{ ref('code_lists') }}
    where code_list = 'implementation_status'

),

national_snapshots as (

    select
        snapshots.recommendation_id,
        snapshots.dhr_id,
        snapshots.csp_code,
        national_recommendations.force_area_code,
        snapshots.snapshot_as_at_date,
        snapshots.addressee_notified_date,
        snapshots.response_date,
        snapshots.is_latest_snapshot,
        coalesce(snapshots.implementation_status, 'missing') as implementation_status,
    from snapshots
    inner join national_recommendations
        on snapshots.recommendation_id = national_recommendations.recommendation_id

),

compared as (

    select
        *,
        lag(implementation_status) over recommendation_snapshots as previous_implementation_status,
    from national_snapshots
    window recommendation_snapshots as (partition by recommendation_id order by snapshot_as_at_date)

),

changes as (

    select
        *,
        lead(snapshot_as_at_date) over (partition by recommendation_id order by snapshot_as_at_date) as next_change_date,
    from compared
    where previous_implementation_status is null
        or implementation_status <> previous_implementation_status

),

final as (

    select
        ----------  ids
        changes.recommendation_id || '@' || strftime(changes.snapshot_as_at_date, '%Y-%m-%d') as status_change_id,
        changes.recommendation_id,
        changes.dhr_id,
        changes.csp_code,
        changes.force_area_code,

        ----------  text
        statuses.label as implementation_status_label,

        ----------  codes
        changes.implementation_status,
        changes.previous_implementation_status,

        ----------  numerics
        statuses.sort_order as implementation_status_sort_order,
        row_number() over (partition by changes.recommendation_id order by changes.snapshot_as_at_date) as change_number,
        cast(coalesce(changes.next_change_date, {{ reporting_date() }}) - changes.snapshot_as_at_date as integer)
            as days_in_status,

        ----------  booleans
        changes.next_change_date is null as is_current_status,
        changes.response_date is not null as is_answered_at_snapshot,

        ----------  dates
        changes.snapshot_as_at_date as status_from_date,
        changes.next_change_date as status_to_date,
        changes.addressee_notified_date,
        changes.response_date,

    from changes
    left join statuses
        on changes.implementation_status = statuses.code

)

select * from final
