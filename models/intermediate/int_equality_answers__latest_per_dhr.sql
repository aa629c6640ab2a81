-- Whether each of the nine Equality Act protected characteristics was judged relevant to the
-- DHR, for the victim and for the perpetrator (the Equality sheet; 003 L757, L1091-1095), from
-- each DHR's latest data capture form. An unanswered cell is 'not_known' with is_recorded false.

with

latest_forms as (

    select dhr_id, file_sha256 from {{ ref('int_data_capture_cases__latest_per_dhr') }}

),

answers as (

    select * from {{ ref('stg_dhr_forms__data_capture_equality') }}

),

characteristics as (

    select * from {{ ref('protected_characteristics') }}

),

asked_items as (

    -- the Equality sheet asks about the victim and the perpetrator (docs/design.md 1.1)
    select
        characteristics.characteristic_code,
        characteristics.label as characteristic_label,
        characteristics.sort_order as characteristic_sort_order,
        subjects.subject_type,
    from characteristics
    cross join (values ('victim'), ('perpetrator')) as subjects(subject_type)

),

final as (

    select
        ----------  ids
        latest_forms.dhr_id || '#' || asked_items.characteristic_code || '#' || asked_items.subject_type as equality_answer_id,
        latest_forms.dhr_id,
        latest_forms.file_sha256,

        ----------  codes
        asked_items.characteristic_code,
        asked_items.subject_type,
        coalesce(answers.answer, 'not_known') as judged_relevant,

        ----------  text
        asked_items.characteristic_label,

        ----------  numerics
        asked_items.characteristic_sort_order,

        ----------  booleans
        answers.answer is not null as is_recorded,

    from latest_forms
    cross join asked_items
    left join answers
        on latest_forms.file_sha256 = answers.file_sha256
        and asked_items.characteristic_code = answers.characteristic_code
        and asked_items.subject_type = answers.subject_type

)

select * from final
