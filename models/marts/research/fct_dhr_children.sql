-- One row per child in the household of each DHR, from its latest data capture form: an age band
-- and the relationship only. Never the child's sex or exact age (003 L604, L753, L1099).

with

children as (

    select * from {{ ref('int_children__latest_per_dhr') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

final as (

    select
        ----------  ids
        children.child_id,
        children.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  codes
        children.child_age_band,
        children.child_relationship,

        ----------  numerics
        dhrs.notification_year,
        children.person_number,

    from children
    inner join dhrs
        on children.dhr_id = dhrs.dhr_id

)

select * from final
