-- The children in the household of each DHR from its latest data capture form, one row per
-- child: an age band and the relationship only. A child's sex and exact age are never carried
-- beyond raw and staging (003 L604, L753, L1099).

with

latest_forms as (

    select dhr_id, file_sha256 from {{ ref('int_data_capture_cases__latest_per_dhr') }}

),

children as (

    select * from {{ ref('stg_dhr_forms__data_capture_children') }}

),

final as (

    select
        ----------  ids
        latest_forms.dhr_id || '#child#' || children.person_number as child_id,
        latest_forms.dhr_id,
        latest_forms.file_sha256,

        ----------  codes
        children.age_band as child_age_band,
        children.relationship as child_relationship,

        ----------  numerics
        children.person_number,

    from children
    inner join latest_forms
        on children.file_sha256 = latest_forms.file_sha256

)

select * from final
