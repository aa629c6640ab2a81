-- One row per DHR x subject x factor of 003 Annex A item 10 (003 L757-759) the data capture form
-- asks, from the DHR's latest data capture form: Yes / No / Not known. DHRs with no data capture
-- form yet have no rows.

with

answers as (

    select * from {{ ref('int_analysis_answers__latest_per_dhr') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

final as (

    select
        ----------  ids
        answers.risk_factor_answer_id,
        answers.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  codes
        answers.factor_code,
        answers.factor_category,
        answers.subject_type,
        answers.answer,

        ----------  text
        answers.factor_label,

        ----------  numerics
        dhrs.notification_year,
        answers.factor_sort_order,

        ----------  booleans
        answers.answer = 'yes' as is_yes,
        answers.answer in ('yes', 'no') as is_known,
        answers.is_recorded,

    from answers
    inner join dhrs
        on answers.dhr_id = dhrs.dhr_id

)

select * from final
