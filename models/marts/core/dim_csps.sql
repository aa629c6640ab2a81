with

csps as (

    select * from {{ ref('csps') }}

),

force_areas as (

    select * from {{ ref('force_areas') }}

),

final as (

    select
        csps.csp_code,
        csps.csp_name,
        csps.force_area_code,
        force_areas.force_area_name,
        force_areas.country,
        force_areas.region_code,
        force_areas.region_name,
        csps.local_authority_codes,
        csps.local_authority_names,
    from csps
    left join force_areas
        on csps.force_area_code = force_areas.force_area_code

)

select * from final
