-- Every agency x subject the data capture form asks about (seeds/code_lists/agencies.csv, the
-- pairs marked asked_for_*; 003 L759), answered on each DHR's latest data capture form
-- (docs/design.md section 4). An asked pair left without an answer is 'not_known' with
-- is_recorded false. MARAC (victim) and MAPPA (perpetrator) are rows of the same grid.

with

latest_forms as (

    select dhr_id, file_sha256 from {{ ref('int_data_capture_cases__latest_per_dhr') }}

),

answers as (

    select * from {{ ref('stg_dhr_forms__data_capture_agency_contact') }}

),

agencies as (

    select * from {{ ref('agencies') }}

),

asked_items as (

    select
        agencies.agency_code,
        agencies.label as agency_label,
        agencies.agency_group,
        agencies.sort_order as agency_sort_order,
        subjects.subject_type,
    from agencies
    cross join (values ('victim'), ('perpetrator'), ('children')) as subjects(subject_type)
    where case subjects.subject_type
        when 'victim' then agencies.asked_for_victim
        when 'perpetrator' then agencies.asked_for_perpetrator
        when 'children' then agencies.asked_for_children
    end

),

final as (

    select
        ----------  ids
        latest_forms.dhr_id || '#' || asked_items.agency_code || '#' || asked_items.subject_type as agency_contact_id,
        latest_forms.dhr_id,
        latest_forms.file_sha256,

        ----------  codes
        asked_items.agency_code,
        asked_items.agency_group,
        asked_items.subject_type,
        coalesce(answers.answer, 'not_known') as answer,

        ----------  text
        asked_items.agency_label,

        ----------  numerics
        asked_items.agency_sort_order,

        ----------  booleans
        answers.answer is not null as is_recorded,

    from latest_forms
    cross join asked_items
    left join answers
        on latest_forms.file_sha256 = answers.file_sha256
        and asked_items.agency_code = answers.agency_code
        and asked_items.subject_type = answers.subject_type

)

select * from final
