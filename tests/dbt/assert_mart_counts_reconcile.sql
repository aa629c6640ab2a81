-- The marts tell one story: the report tables add up to the fact and dimension tables they
-- summarise, and meta_build counted what was built. Returns a row per disagreement; passes on an
-- empty warehouse.

with

dhrs as (

    select
        count(*) as dhr_count,
        coalesce(sum(action_count), 0) as action_count,
        coalesce(sum(overdue_action_count), 0) as overdue_action_count,
    from {{ ref('dim_dhrs') }}

),

actions as (

    select
        count(*) as action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
    from {{ ref('fct_actions') }}

),

dhrs_report as (

    select coalesce(sum(dhr_count), 0) as dhr_count
    from {{ ref('rpt_dhrs_by_year_force_area') }}

),

actions_report as (

    select
        coalesce(sum(action_count), 0) as action_count,
        coalesce(sum(overdue_action_count), 0) as overdue_action_count,
    from {{ ref('rpt_action_status_by_force_area') }}

),

meta as (

    select dhr_count, action_count
    from {{ ref('meta_build') }}

),

checks as (

    select 'dim_dhrs.action_count vs fct_actions' as check_name, dhrs.action_count as left_value, actions.action_count as right_value
    from dhrs cross join actions

    union all

    select 'dim_dhrs.overdue_action_count vs fct_actions', dhrs.overdue_action_count, actions.overdue_action_count
    from dhrs cross join actions

    union all

    select 'rpt_dhrs_by_year_force_area vs dim_dhrs', dhrs_report.dhr_count, dhrs.dhr_count
    from dhrs_report cross join dhrs

    union all

    -- actions with no force area (an unknown CSP) are not in the force-area report
    select 'rpt_action_status_by_force_area vs fct_actions', actions_report.action_count, actions.action_count
    from actions_report cross join actions

    union all

    select 'rpt_action_status_by_force_area overdue vs fct_actions', actions_report.overdue_action_count, actions.overdue_action_count
    from actions_report cross join actions

    union all

    select 'meta_build.dhr_count vs dim_dhrs', meta.dhr_count, dhrs.dhr_count
    from meta cross join dhrs

    union all

    select 'meta_build.action_count vs fct_actions', meta.action_count, actions.action_count
    from meta cross join actions

),

final as (

    select * from checks
    where left_value is distinct from right_value

)

select * from final
