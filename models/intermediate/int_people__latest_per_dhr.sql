-- The victims and perpetrators of each DHR from its latest data capture form (docs/design.md
-- section 4), one row per person, with the DHR Library age band (macro age_band), the ONS 2021
-- high-level ethnic group and the DA Act 2021 s.2 relationship group (the parent codes of the
-- ethnicity and relationship code lists). A coded field left blank on the form is 'not_known',
-- so sex and sexual orientation always carry an explicit Not known (DHR Library; 003 L927).

with

latest_forms as (

    select dhr_id, file_sha256 from {{ ref('int_data_capture_cases__latest_per_dhr') }}

),

victims as (

    select * from {{ ref('stg_dhr_forms__data_capture_victims') }}

),

perpetrators as (

    select * from {{ ref('stg_dhr_forms__data_capture_perpetrators') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

people as (

    select
        'victim' as subject_type,
        person_number, file_sha256, sex, age, relationship, ethnicity, nationality,
        immigration_status, religion, sexual_orientation, disability, gender_reassignment,
        marital_status, pregnancy_maternity,
        cast(null as varchar) as verdict,
    from victims

    union all

    select
        'perpetrator' as subject_type,
        person_number, file_sha256, sex, age, relationship, ethnicity, nationality,
        immigration_status, religion, sexual_orientation, disability, gender_reassignment,
        marital_status, pregnancy_maternity,
        verdict,
    from perpetrators

),

of_latest_forms as (

    select
        latest_forms.dhr_id,
        people.*,
    from people
    inner join latest_forms
        on people.file_sha256 = latest_forms.file_sha256

),

final as (

    select
        ----------  ids
        of_latest_forms.dhr_id || '#' || of_latest_forms.subject_type || '#' || of_latest_forms.person_number as person_id,
        of_latest_forms.dhr_id,
        of_latest_forms.file_sha256,

        ----------  codes
        of_latest_forms.subject_type,
        coalesce(of_latest_forms.sex, 'not_known') as sex,
        {{ age_band('of_latest_forms.age') }} as age_band,
        coalesce(of_latest_forms.disability, 'not_known') as disability,
        coalesce(of_latest_forms.gender_reassignment, 'not_known') as gender_reassignment,
        coalesce(of_latest_forms.marital_status, 'not_known') as marital_status,
        coalesce(of_latest_forms.pregnancy_maternity, 'not_known') as pregnancy_maternity,
        coalesce(of_latest_forms.ethnicity, 'not_known') as ethnicity,
        coalesce(ethnicities.parent_code, 'not_known') as ethnic_group,
        coalesce(of_latest_forms.religion, 'not_known') as religion,
        coalesce(of_latest_forms.sexual_orientation, 'not_known') as sexual_orientation,
        coalesce(of_latest_forms.nationality, 'not_known') as nationality,
        coalesce(of_latest_forms.immigration_status, 'not_known') as immigration_status,
        coalesce(of_latest_forms.relationship, 'not_known') as relationship,
        coalesce(relationships.parent_code, 'not_known') as relationship_group,
        of_latest_forms.verdict,

        ----------  numerics
        of_latest_forms.person_number,
        of_latest_forms.age,

    from of_latest_forms
    left join code_lists as ethnicities
        on ethnicities.code_list = 'ethnicity'
        and of_latest_forms.ethnicity = ethnicities.code
    left join code_lists as relationships
        on relationships.code_list = 'relationship'
        and of_latest_forms.relationship = relationships.code

)

select * from final
