-- Every geography a case-level report is cut by (macro report_scopes): England and Wales
-- (ONS code K04000001), each police force area and each CSP, with the force area and region a
-- CSP belongs to, so a report row can be named and filtered without knowing its level.

with

force_areas as (

    select * from {{ ref('dim_force_areas') }}

),

csps as (

    select * from {{ ref('dim_csps') }}

),

geographies as (

    select
        'national' as geography_level,
        'K04000001' as geography_code,
        'England and Wales' as geography_name,
        cast(null as varchar) as force_area_code,
        cast(null as varchar) as force_area_name,
        cast(null as varchar) as region_name,
        'England and Wales' as country,
        1 as geography_level_sort_order,

    union all

    select
        'force_area',
        force_area_code,
        force_area_name,
        force_area_code,
        force_area_name,
        region_name,
        country,
        2,
    from force_areas

    union all

    select
        'csp',
        csp_code,
        csp_name,
        force_area_code,
        force_area_name,
        region_name,
        country,
        3,
    from csps

),

final as (

    select
        ----------  ids
        geography_level || ':' || geography_code as geography_id,
        geography_code,
        force_area_code,

        ----------  text
        geography_level,
        geography_name,
        force_area_name,
        region_name,
        country,

        ----------  numerics
        geography_level_sort_order,

    from geographies

)

select * from final
