-- One row per DHR x protected characteristic x subject (victim, perpetrator): was the
-- characteristic judged relevant to the DHR (the Equality sheet of the latest data capture form;
-- 003 L757 "explain if they are relevant to the DHR", 003 L1091-1095).

with

equality_answers as (

    select * from {{ ref('int_equality_answers__latest_per_dhr') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

final as (

    select
        ----------  ids
        equality_answers.equality_answer_id,
        equality_answers.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  codes
        equality_answers.characteristic_code,
        equality_answers.subject_type,
        equality_answers.judged_relevant,

        ----------  text
        equality_answers.characteristic_label,

        ----------  numerics
        dhrs.notification_year,
        equality_answers.characteristic_sort_order,

        ----------  booleans
        equality_answers.is_recorded,

    from equality_answers
    inner join dhrs
        on equality_answers.dhr_id = dhrs.dhr_id

)

select * from final
