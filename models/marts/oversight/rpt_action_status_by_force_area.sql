-- Actions of the latest action-plan snapshots by force area and status (004 L4628-4638), with
-- how many are overdue at the reporting date. Every force area x status pair is present, with
-- zero counts where there are no actions, so charts and tables have a stable shape.

with

force_areas as (

    select * from {{ ref('dim_force_areas') }}

),

action_statuses as (

    select * from {{ ref('code_lists') }}
    where code_list = 'action_status'

),

actions as (

    select * from {{ ref('fct_actions') }}

),

action_counts as (

    select
        force_area_code,
        status,
        count(*) as action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
    from actions
    group by force_area_code, status

),

grid as (

    select
        force_areas.force_area_code,
        force_areas.force_area_name,
        force_areas.region_name,
        action_statuses.code as status,
        action_statuses.label as status_label,
        action_statuses.sort_order as status_sort_order,
    from force_areas
    cross join action_statuses

    union all

    -- Actions whose plan gives no status (001 Appendix Five has no status column): counted, not lost.
    select
        force_areas.force_area_code,
        force_areas.force_area_name,
        force_areas.region_name,
        null as status,
        'Status not given' as status_label,
        99 as status_sort_order,
    from force_areas

),

final as (

    select
        grid.force_area_code,
        grid.force_area_name,
        grid.region_name,
        grid.status,
        grid.status_label,
        grid.status_sort_order,
        coalesce(action_counts.action_count, 0) as action_count,
        coalesce(action_counts.overdue_action_count, 0) as overdue_action_count,
    from grid
    left join action_counts
        on grid.force_area_code = action_counts.force_area_code
        and grid.status is not distinct from action_counts.status

)

select * from final
