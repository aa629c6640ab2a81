-- Every item of 003 Annex A item 10 the data capture form asks (seeds/code_lists/
-- analysis_factors.csv: the factor x subject pairs marked asked_for_*), answered on each DHR's
-- latest data capture form (docs/design.md section 4). An asked item the form left without an
-- answer is 'not_known' with is_recorded false, so every DHR with a form has every item once and
-- the denominators of the prevalence report are the same DHRs for every factor.

with

latest_forms as (

    select dhr_id, file_sha256 from {{ ref('int_data_capture_cases__latest_per_dhr') }}

),

answers as (

    select * from {{ ref('stg_dhr_forms__data_capture_analysis') }}

),

factors as (

    select * from {{ ref('analysis_factors') }}

),

asked_items as (

    select
        factors.factor_code,
        factors.category as factor_category,
        factors.label as factor_label,
        factors.sort_order as factor_sort_order,
        subjects.subject_type,
    from factors
    cross join (values ('victim'), ('perpetrator'), ('children')) as subjects(subject_type)
    where case subjects.subject_type
        when 'victim' then factors.asked_for_victim
        when 'perpetrator' then factors.asked_for_perpetrator
        when 'children' then factors.asked_for_children
    end

),

final as (

    select
        ----------  ids
        latest_forms.dhr_id || '#' || asked_items.factor_code || '#' || asked_items.subject_type as risk_factor_answer_id,
        latest_forms.dhr_id,
        latest_forms.file_sha256,

        ----------  codes
        asked_items.factor_code,
        asked_items.factor_category,
        asked_items.subject_type,
        coalesce(answers.answer, 'not_known') as answer,

        ----------  text
        asked_items.factor_label,

        ----------  numerics
        asked_items.factor_sort_order,

        ----------  booleans
        answers.answer is not null as is_recorded,

    from latest_forms
    cross join asked_items
    left join answers
        on latest_forms.file_sha256 = answers.file_sha256
        and asked_items.factor_code = answers.factor_code
        and asked_items.subject_type = answers.subject_type

)

select * from final
