-- Action status by force area, CSP and calendar quarter (003 L712 quarterly updates to the PCC,
-- 003 L705-712): the "status trend over the last quarters" as one select.
--
-- Carry-forward rule: a quarter is judged at its last day, or at the reporting date for the
-- quarter the reporting date falls in (quarter_as_at_date). Each DHR counts with the actions of
-- its latest snapshot dated on or before that day, whether or not it sent an update in the
-- quarter; a DHR whose plan has not started yet (no snapshot by then) does not count. Actions
-- taken from a snapshot dated before the quarter began are "carried forward". Overdue is judged
-- at quarter_as_at_date: target date before it and not COMPLETE. Quarters run from the quarter of
-- the earliest snapshot to the quarter of the reporting date; only combinations with actions
-- have a row.

with

snapshots as (

    select * from {{ ref('int_action_plan_snapshots__ranked') }}
    where not is_superseded

),

action_snapshots as (

    select * from {{ ref('fct_action_snapshots') }}

),

csps as (

    select * from {{ ref('dim_csps') }}

),

action_statuses as (

    select * from {{ ref('code_lists') }}
    where code_list = 'action_status'

),

bounds as (

    select
        cast(date_trunc('quarter', min(as_at_date)) as date) as first_quarter_start,
        cast(date_trunc('quarter', {{ reporting_date() }}) as date) as last_quarter_start,
        {{ reporting_date() }} as reporting_date,
    from snapshots
    having min(as_at_date) is not null

),

quarters as (

    select
        cast(series.quarter_start as date) as quarter_start,
        cast(series.quarter_start + interval 3 month - interval 1 day as date) as quarter_end,
        least(cast(series.quarter_start + interval 3 month - interval 1 day as date), bounds.reporting_date)
            as quarter_as_at_date,
        bounds.reporting_date,
    from bounds
    cross join range(
        cast(bounds.first_quarter_start as timestamp),
        cast(bounds.last_quarter_start as timestamp) + interval 1 day,
        interval 3 month
    ) as series(quarter_start)

),

-- each DHR's latest snapshot on or before each quarter's as-at date
dhr_quarters as (

    select
        quarters.quarter_start,
        quarters.quarter_end,
        quarters.quarter_as_at_date,
        quarters.reporting_date,
        snapshots.dhr_id,
        max(snapshots.as_at_date) as snapshot_as_at_date,
    from quarters
    inner join snapshots
        on snapshots.as_at_date <= quarters.quarter_as_at_date
    group by all

),

quarter_actions as (

    select
        dhr_quarters.*,
        action_snapshots.csp_code,
        action_snapshots.status,
        action_snapshots.action_id,
        coalesce(
            action_snapshots.target_date < dhr_quarters.quarter_as_at_date
            and action_snapshots.status is distinct from 'complete',
            false
        ) as is_overdue,
        dhr_quarters.snapshot_as_at_date < dhr_quarters.quarter_start as is_carried_forward,
    from dhr_quarters
    inner join action_snapshots
        on dhr_quarters.dhr_id = action_snapshots.dhr_id
        and dhr_quarters.snapshot_as_at_date = action_snapshots.snapshot_as_at_date

),

counted as (

    select
        quarter_start,
        quarter_end,
        quarter_as_at_date,
        reporting_date,
        csp_code,
        status,
        count(*) as action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
        count(*) filter (where is_carried_forward) as carried_forward_action_count,
        count(distinct dhr_id) as dhr_count,
    from quarter_actions
    group by all

),

final as (

    select
        ----------  ids
        counted.csp_code,
        csps.force_area_code,

        ----------  text
        csps.csp_name,
        csps.force_area_name,
        csps.region_name,
        year(counted.quarter_start) || '-Q' || quarter(counted.quarter_start) as quarter,
        counted.status,
        coalesce(action_statuses.label, 'Status not given') as status_label,

        ----------  numerics
        coalesce(action_statuses.sort_order, 99) as status_sort_order,
        counted.action_count,
        counted.overdue_action_count,
        counted.carried_forward_action_count,
        counted.dhr_count,

        ----------  booleans
        counted.quarter_as_at_date < counted.quarter_end as is_quarter_in_progress,

        ----------  dates
        counted.quarter_start,
        counted.quarter_end,
        counted.quarter_as_at_date,
        counted.reporting_date,

    from counted
    left join csps
        on counted.csp_code = csps.csp_code
    left join action_statuses
        on counted.status = action_statuses.code

)

select * from final
