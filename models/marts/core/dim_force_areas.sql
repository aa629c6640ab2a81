with

force_areas as (

    select * from {{ ref('force_areas') }}

),

csps as (

    select * from {{ ref('csps') }}

),

csp_counts as (

    select
        force_area_code,
        count(*) as csp_count,
    from csps
    group by force_area_code

),

final as (

    select
        force_areas.force_area_code,
        force_areas.force_area_name,
        force_areas.country,
        force_areas.region_code,
        force_areas.region_name,
        force_areas.pcc_office_title,
        force_areas.governance_model,
        coalesce(csp_counts.csp_count, 0) as csp_count,
    from force_areas
    left join csp_counts
        on force_areas.force_area_code = csp_counts.force_area_code

)

select * from final
