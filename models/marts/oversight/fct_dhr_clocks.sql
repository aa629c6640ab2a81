-- Every duty of every DHR against its clock, for the PCC's oversight of the force area's DHRs
-- (003 L705-716) and the CSP board: one row per DHR x duty of the guidance version in force at its
-- notification (seeds/code_lists/guidance_rules.csv; docs/clocks.md). The statutory and local clocks
-- come from int_dhr_clocks; the quarterly update (003 L712; 004 L252-254) from fct_quarterly_updates,
-- never computed twice: its row here is the earliest quarter missing, else the quarter now due.
-- The next duty of a DHR is its earliest unmet duty (overdue or due) by due date, then by the
-- duty's order; every open DHR has one (tests/dbt/assert_every_open_dhr_has_a_next_duty.sql).

with

clocks as (

    select * from {{ ref('int_dhr_clocks') }}

),

rules as (

    select * from {{ ref('guidance_rules') }}

),

quarterly_updates as (

    select * from {{ ref('fct_quarterly_updates') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

statuses as (

    select code, label, sort_order from {{ ref('code_lists') }}
    where code_list = 'clock_status'

),

quarterly_by_dhr as (

    select
        dhr_id,
        min(due_date) filter (where update_status = 'missing') as first_missing_due_date,
        min(quarter_end) filter (where update_status = 'missing') as first_missing_quarter_end,
        min(due_date) filter (where update_status = 'not_yet_due') as next_due_date,
        min(quarter_end) filter (where update_status = 'not_yet_due') as next_quarter_end,
        count(*) filter (where update_status = 'received_late') as late_count,
        max(due_date) as last_due_date,
        max(quarter_end) as last_quarter_end,
        cast(max(first_received_at) as date) as last_received_date,
        bool_or(is_plan_complete) as is_plan_complete,
    from quarterly_updates
    group by dhr_id

),

quarterly_next as (

    -- every quarter up to now received and the plan not complete: the next update is owed for the
    -- next quarter, due after the same grace as the register's own due dates (last_due_date minus
    -- last_quarter_end), so the grace is set in one place (var quarterly_update_grace_days)
    select
        *,
        case
            when first_missing_due_date is null and next_due_date is null and not is_plan_complete
                then cast(last_quarter_end + interval 1 day + interval 3 month - interval 1 day as date)
        end as following_quarter_end,
        case
            when first_missing_due_date is null and next_due_date is null and not is_plan_complete
                then cast(last_quarter_end + interval 1 day + interval 3 month - interval 1 day as date)
                    + cast(last_due_date - last_quarter_end as integer)
        end as following_due_date,
    from quarterly_by_dhr

),

quarterly_clocks as (

    -- one row per DHR whose guidance has the quarterly update duty
    select
        versions.dhr_id || ':' || rules.duty as clock_id,
        versions.dhr_id,
        rules.duty_label,
        rules.rule_text,
        rules.source as rule_source,
        rules.guidance_version,
        rules.duty,
        rules.rule_kind,
        rules.owed_by,
        rules.clock_starts,
        case
            when quarterly_by_dhr.dhr_id is not null then 'recorded'
        end as start_basis,
        case
            when quarterly_by_dhr.is_plan_complete and quarterly_by_dhr.first_missing_due_date is null
                and quarterly_by_dhr.next_due_date is null then 'received'
        end as met_basis,
        rules.length_unit,
        case
            when quarterly_by_dhr.dhr_id is null then 'not_started'
            when quarterly_by_dhr.first_missing_due_date is not null then 'overdue'
            when quarterly_by_dhr.next_due_date is not null then 'due'
            when quarterly_by_dhr.following_due_date is not null then 'due'
            when quarterly_by_dhr.late_count > 0 then 'met_late'
            else 'met'
        end as clock_status,
        rules.sort_order as duty_sort_order,
        rules.length,
        true as is_applicable,
        coalesce(
            quarterly_by_dhr.first_missing_quarter_end,
            quarterly_by_dhr.next_quarter_end,
            quarterly_by_dhr.following_quarter_end,
            quarterly_by_dhr.last_quarter_end
        ) as clock_start_date,
        coalesce(
            quarterly_by_dhr.first_missing_due_date,
            quarterly_by_dhr.next_due_date,
            quarterly_by_dhr.following_due_date,
            quarterly_by_dhr.last_due_date
        ) as due_date,
        case
            when quarterly_by_dhr.is_plan_complete and quarterly_by_dhr.first_missing_due_date is null
                and quarterly_by_dhr.next_due_date is null then quarterly_by_dhr.last_received_date
        end as met_date,
        versions.reporting_date,
    from (select distinct dhr_id, guidance_version, reporting_date from clocks) as versions
    inner join rules
        on versions.guidance_version = rules.guidance_version
        and rules.computed_in = 'fct_quarterly_updates'
    left join quarterly_next as quarterly_by_dhr
        on versions.dhr_id = quarterly_by_dhr.dhr_id

),

all_clocks as (

    select
        clock_id,
        dhr_id,
        duty_label,
        rule_text,
        rule_source,
        guidance_version,
        duty,
        rule_kind,
        owed_by,
        clock_starts,
        start_basis,
        met_basis,
        length_unit,
        clock_status,
        duty_sort_order,
        length,
        is_applicable,
        clock_start_date,
        due_date,
        met_date,
        reporting_date,
    from clocks

    -- the quarterly clock has exactly these columns (matched by name, not position)
    union all by name

    select * from quarterly_clocks

),

ranked as (

    select
        *,
        case
            when clock_status in ('overdue', 'due') then
                row_number() over (
                    partition by dhr_id, clock_status in ('overdue', 'due')
                    order by due_date, duty_sort_order
                ) = 1
            else false
        end as is_next_duty,
    from all_clocks

),

final as (

    select
        ----------  ids
        ranked.clock_id,
        ranked.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  text
        dhrs.csp_name,
        dhrs.dhr_reference,
        dhrs.dhr_status_label,
        ranked.duty_label,
        statuses.label as clock_status_label,
        ranked.rule_text,
        ranked.rule_source,

        ----------  codes
        ranked.guidance_version,
        ranked.duty,
        ranked.rule_kind,
        ranked.owed_by,
        ranked.clock_starts,
        ranked.start_basis,
        ranked.met_basis,
        ranked.length_unit,
        ranked.clock_status,
        dhrs.dhr_status,

        ----------  numerics
        ranked.duty_sort_order,
        ranked.length,
        statuses.sort_order as clock_status_sort_order,
        case
            when ranked.clock_status = 'overdue' then cast(ranked.reporting_date - ranked.due_date as integer)
        end as days_overdue,
        case
            when ranked.clock_status = 'met_late' then cast(ranked.met_date - ranked.due_date as integer)
        end as days_late,
        case
            when ranked.clock_status = 'due' then cast(ranked.due_date - ranked.reporting_date as integer)
        end as days_remaining,

        ----------  booleans
        ranked.is_applicable,
        ranked.is_next_duty,
        ranked.start_basis is not null and ranked.start_basis <> 'recorded' as is_start_proxy,
        dhrs.dhr_status not in ('published', 'not_commissioned') as is_open_dhr,

        ----------  dates
        ranked.clock_start_date,
        ranked.due_date,
        ranked.met_date,
        ranked.reporting_date,

    from ranked
    inner join dhrs
        on ranked.dhr_id = dhrs.dhr_id
    left join statuses
        on ranked.clock_status = statuses.code

)

select * from final
