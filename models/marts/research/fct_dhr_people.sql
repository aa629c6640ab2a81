-- One row per victim and per perpetrator of each DHR, from its latest data capture form: the nine
-- Equality Act 2010 protected characteristics (003 L248), ethnicity on the ONS 2021 groups with
-- its high-level group, nationality, immigration status, the relationship on the DA Act 2021 s.2
-- groups, and whether each protected characteristic was judged relevant to the DHR for this
-- person's subject (the Equality sheet; 003 L757, L1091-1095). Children are in fct_dhr_children.

with

people as (

    select * from {{ ref('int_people__latest_per_dhr') }}

),

equality_answers as (

    select * from {{ ref('int_equality_answers__latest_per_dhr') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

{%- set characteristics = [
    'age', 'disability', 'gender_reassignment', 'marriage_civil_partnership', 'pregnancy_maternity',
    'race', 'religion_belief', 'sex', 'sexual_orientation',
] %}

relevance as (

    select
        dhr_id,
        subject_type,
        {%- for characteristic in characteristics %}
        any_value(judged_relevant) filter (where characteristic_code = '{{ characteristic }}') as {{ characteristic }},
        {%- endfor %}
    from equality_answers
    group by dhr_id, subject_type

),

final as (

    select
        ----------  ids
        people.person_id,
        people.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  codes
        people.subject_type,
        people.age_band,
        people.sex,
        people.disability,
        people.gender_reassignment,
        people.marital_status,
        people.pregnancy_maternity,
        people.ethnicity,
        people.ethnic_group,
        people.religion,
        people.sexual_orientation,
        people.nationality,
        people.immigration_status,
        people.relationship,
        people.relationship_group,
        people.verdict,
        relevance.age as age_judged_relevant,
        relevance.disability as disability_judged_relevant,
        relevance.gender_reassignment as gender_reassignment_judged_relevant,
        relevance.marriage_civil_partnership as marriage_civil_partnership_judged_relevant,
        relevance.pregnancy_maternity as pregnancy_maternity_judged_relevant,
        relevance.race as race_judged_relevant,
        relevance.religion_belief as religion_belief_judged_relevant,
        relevance.sex as sex_judged_relevant,
        relevance.sexual_orientation as sexual_orientation_judged_relevant,

        ----------  numerics
        dhrs.notification_year,
        people.person_number,

    from people
    inner join dhrs
        on people.dhr_id = dhrs.dhr_id
    left join relevance
        on people.dhr_id = relevance.dhr_id
        and people.subject_type = relevance.subject_type

)

select * from final
