-- The quarterly-update register: for every DHR with an action plan, one row per calendar quarter
-- from the quarter of its first action-plan update to the quarter of the reporting date (or, once
-- every action of the latest update is COMPLETE, to that update's quarter: updates are owed
-- "quarterly from submission date until completion", 004 L252-254), saying whether the CSP's
-- quarterly progress update for that quarter (003 L712) was received, when, and whether on time.
--
-- An update "for" a quarter is an action-plan file whose progress-as-at date falls in it (corrected
-- resubmissions of a quarter count once, by the first copy received). It is on time when received
-- by the quarter's end plus var('quarterly_update_grace_days'). Received means loaded into this
-- warehouse (`dhr ingest` or the Send forms page).
--
-- The backlog: when a CSP's files are first loaded (within 48 hours of its first action-plan file,
-- as a large load can run past midnight), the updates of quarters already due then were
-- sent at some time nobody recorded. They read 'received_in_backlog', neither on time nor late:
-- judging them by the load date made every past quarter of every DHR read as months late when a
-- PCC office first loaded its CSPs' files (and every quarter of the generated sample). A quarter
-- missing from the backlog and sent later is judged late as usual.

with

snapshots as (

    select * from {{ ref('int_action_plan_snapshots__ranked') }}
    where as_at_date is not null

),

dhrs as (

    select
        *,
        -- every action of the latest update COMPLETE: no update is owed after that update's quarter
        open_action_count = 0 and action_count > 0 as is_plan_complete,
    from {{ ref('dim_dhrs') }}

),

plan_span as (

    select
        snapshots.dhr_id,
        any_value(dhrs.is_plan_complete) as is_plan_complete,
        date_trunc('quarter', min(snapshots.as_at_date))::date as first_quarter_start,
        case
            when any_value(dhrs.is_plan_complete) then date_trunc('quarter', max(snapshots.as_at_date))::date
            else date_trunc('quarter', {{ reporting_date() }})::date
        end as last_quarter_start,
    from snapshots
    inner join dhrs on dhrs.dhr_id = snapshots.dhr_id
    group by snapshots.dhr_id

),

quarters as (

    select
        dhr_id,
        is_plan_complete,
        unnest(generate_series(first_quarter_start, greatest(first_quarter_start, last_quarter_start), interval 3 month))::date
            as quarter_start,
    from plan_span

),

received as (

    select
        dhr_id,
        date_trunc('quarter', as_at_date)::date as quarter_start,
        count(*) as update_file_count,
        min(ingested_at) as first_received_at,
        max(as_at_date) as latest_as_at_date,
    from snapshots
    group by dhr_id, date_trunc('quarter', as_at_date)

),

register_began as (

    -- per CSP: when its first action-plan file was loaded
    select
        dhrs.csp_code,
        min(snapshots.ingested_at) as first_loaded_at,
    from snapshots
    inner join dhrs on dhrs.dhr_id = snapshots.dhr_id
    group by dhrs.csp_code

),

judged as (

    select
        quarters.dhr_id,
        quarters.quarter_start,
        (quarters.quarter_start + interval 3 month - interval 1 day)::date as quarter_end,
        (quarters.quarter_start + interval 3 month - interval 1 day + to_days({{ var('quarterly_update_grace_days') }}))::date
            as due_date,
        quarters.is_plan_complete,
        coalesce(received.update_file_count, 0) as update_file_count,
        received.first_received_at,
        received.latest_as_at_date,
        register_began.first_loaded_at,
    from quarters
    left join received
        on received.dhr_id = quarters.dhr_id
        and received.quarter_start = quarters.quarter_start
    inner join dhrs on dhrs.dhr_id = quarters.dhr_id
    left join register_began on register_began.csp_code = dhrs.csp_code

),

classified as (

    select
        *,
        first_received_at is not null
            and first_received_at < first_loaded_at + interval 2 day
            and first_received_at::date > due_date
            and due_date < first_loaded_at::date as is_backlog,
    from judged

),

final as (

    select
        ----------  ids
        judged.dhr_id || ':' || strftime(judged.quarter_start, '%Y-Q') || quarter(judged.quarter_start)
            as quarterly_update_id,
        judged.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  text
        dhrs.dhr_reference,
        dhrs.csp_name,
        year(judged.quarter_start) || ' Q' || quarter(judged.quarter_start) as quarter_label,

        ----------  codes
        case
            when judged.first_received_at is not null and judged.first_received_at::date <= judged.due_date
                then 'received'
            when judged.is_backlog then 'received_in_backlog'
            when judged.first_received_at is not null then 'received_late'
            when judged.due_date < {{ reporting_date() }} then 'missing'
            else 'not_yet_due'
        end as update_status,

        ----------  numerics
        judged.update_file_count,
        case
            when judged.is_backlog then null
            when judged.first_received_at is not null and judged.first_received_at::date > judged.due_date
                then datediff('day', judged.due_date, judged.first_received_at::date)
            when judged.first_received_at is null and judged.due_date < {{ reporting_date() }}
                then datediff('day', judged.due_date, {{ reporting_date() }})
        end as days_past_due,

        ----------  booleans
        judged.is_plan_complete,
        judged.is_backlog,

        ----------  dates
        judged.quarter_start,
        judged.quarter_end,
        judged.due_date,
        judged.latest_as_at_date,

        ----------  timestamps
        judged.first_received_at,

    from classified as judged
    inner join dhrs on dhrs.dhr_id = judged.dhr_id

)

select * from final
