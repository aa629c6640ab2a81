-- DHRs by notification year, force area and status at the reporting date: the home page's
-- "DHRs by year and force area" chart. DHRs with no notification date yet (e.g. only an action
-- plan has arrived) have a null notification_year.

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

final as (

    select
        notification_year,
        force_area_code,
        any_value(force_area_name) as force_area_name,
        any_value(region_name) as region_name,
        dhr_status,
        any_value(dhr_status_label) as dhr_status_label,
        any_value(dhr_status_sort_order) as dhr_status_sort_order,
        count(*) as dhr_count,
    from dhrs
    group by notification_year, force_area_code, dhr_status

)

select * from final
