-- How DHRs are distributed over the process outcomes, nationally, by force area and by CSP, for
-- each notification year and all years: scoping decision (003 L283-284, L807), death type
-- (003 L807), main reason for delay (003 L763), guidance version (guidance_rules.csv) and DHR
-- status at the reporting date. One row per outcome and category; share_pct's denominator is the
-- DHRs in the scope whose outcome is recorded (null ones are counted in the 'not_recorded' row).

{%- set outcomes = [
    ('decision', 'scoping_decision'),
    ('death_type', 'death_type'),
    ('delay_reason', 'delay_reason'),
    ('guidance_version', none),
    ('dhr_status', 'dhr_status'),
] %}

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

geographies as (

    select * from {{ ref('dim_geographies') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

outcomes as (

    {%- for outcome, code_list in outcomes %}
    select
        dhr_id,
        csp_code,
        force_area_code,
        notification_year,
        '{{ outcome }}' as outcome,
        {% if code_list %}'{{ code_list }}'{% else %}cast(null as varchar){% endif %} as category_code_list,
        coalesce({{ outcome }}, 'not_recorded') as category,
    from dhrs
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

scoped as (

    {{ report_scopes('outcomes') }}

),

counted as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        outcome,
        category,
        any_value(category_code_list) as category_code_list,
        count(*) as dhr_count,
    from scoped
    group by geography_level, geography_code, period_type, notification_year, outcome, category

),

with_totals as (

    select
        *,
        sum(dhr_count) filter (where category <> 'not_recorded') over (
            partition by geography_level, geography_code, period_type, notification_year, outcome
        ) as recorded_dhr_count,
    from counted

),

final as (

    select
        ----------  ids
        with_totals.geography_code,
        geographies.force_area_code,

        ----------  codes
        with_totals.geography_level,
        with_totals.period_type,
        with_totals.outcome,
        with_totals.category,
        with_totals.category_code_list,

        ----------  text
        geographies.geography_name,
        coalesce(categories.label, case when with_totals.category = 'not_recorded' then 'Not recorded' else with_totals.category end)
            as category_label,

        ----------  numerics
        with_totals.notification_year,
        categories.sort_order as category_sort_order,
        with_totals.dhr_count,
        case
            when with_totals.category <> 'not_recorded'
                then round(100.0 * with_totals.dhr_count / nullif(with_totals.recorded_dhr_count, 0), 1)
        end as share_pct,

    from with_totals
    left join geographies
        on with_totals.geography_level = geographies.geography_level
        and with_totals.geography_code = geographies.geography_code
    left join code_lists as categories
        on with_totals.category_code_list = categories.code_list
        and with_totals.category = categories.code

)

select * from final
