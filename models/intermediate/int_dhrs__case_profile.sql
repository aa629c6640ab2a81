-- One row per DHR: who was involved and what the latest data capture form says about agency
-- contact, and the Home Office DHR Library categories the DHR falls in. Every DHR known from any
-- form has a row; what comes from the data capture form is null until one has arrived.
--
-- DHR Library categories (code list dhr_library_category; not exclusive):
--   intimate_partner_homicide  death type domestic homicide and the (first) perpetrator is the
--                              victim's partner or ex-partner (DA Act 2021 s.2(1)(a)-(e), 003 L214-219)
--   older_victim               a victim aged 65 or over (003 L885)
--   familial_homicide          death type domestic homicide and the (first) perpetrator is the
--                              victim's parent, child or other relative (s.2(1)(g), 003 L221)
--   parricide                  death type domestic homicide and the (first) perpetrator is the
--                              victim's son or daughter
--   homicide_suicide           a perpetrator's verdict is perpetrator_deceased (001 L353-356)
--   mental_health_victim       mental health issues (diagnosed or undiagnosed) or mental
--                              ill-health answered Yes for the victim (003 L757-759)
--   mental_health_perpetrator  the same for the perpetrator
--   minority_communities       a victim whose ethnicity is known and is not White British: the
--                              ONS definition of ethnic minorities, which includes White minorities
--                              (003 L496-498, L906)
--   lgbtq                      a victim or perpetrator whose sexual orientation is gay or
--                              lesbian, bisexual or other, or with gender reassignment Yes
--                              (003 L887, L927)
--   not_ruled_homicide_or_suicide  death type still to be determined (003 L807)
--   suicide_of_victim          death type suicide (003 L231, L807)
-- "Known to agency as a perpetrator" is an approximation (see the yml): the perpetrator was
-- previously known as a perpetrator of domestic abuse (prev_known_perpetrator Yes) and the
-- agency had contact with the perpetrator; the form does not say which agency knew.

with

case_facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

data_capture_cases as (

    select * from {{ ref('int_data_capture_cases__latest_per_dhr') }}

),

people as (

    select * from {{ ref('int_people__latest_per_dhr') }}

),

children as (

    select * from {{ ref('int_children__latest_per_dhr') }}

),

analysis_answers as (

    select * from {{ ref('int_analysis_answers__latest_per_dhr') }}

),

agency_contacts as (

    select * from {{ ref('int_agency_contacts__latest_per_dhr') }}

),

people_summary as (

    select
        dhr_id,
        count(*) filter (where subject_type = 'victim') as victim_count,
        count(*) filter (where subject_type = 'perpetrator') as perpetrator_count,
        arg_min(relationship, person_number) filter (where subject_type = 'perpetrator') as perpetrator_relationship,
        arg_min(relationship_group, person_number) filter (where subject_type = 'perpetrator') as perpetrator_relationship_group,
        -- Details of verdict of perpetrator 1, as for the relationship (004 L4241); every
        -- perpetrator's is in fct_dhr_people
        arg_min(verdict, person_number) filter (where subject_type = 'perpetrator') as perpetrator_verdict,
        bool_or(subject_type = 'victim' and age_band = '65_plus') as has_victim_aged_65_plus,
        bool_or(subject_type = 'victim' and ethnicity not in ('white_british', 'not_known')) as has_minority_ethnic_victim,
        bool_or(
            sexual_orientation in ('gay_or_lesbian', 'bisexual', 'other') or gender_reassignment = 'yes'
        ) as has_lgbtq_victim_or_perpetrator,
        bool_or(subject_type = 'perpetrator' and verdict = 'perpetrator_deceased') as has_deceased_perpetrator,
    from people
    group by dhr_id

),

children_summary as (

    select
        dhr_id,
        count(*) as child_count,
    from children
    group by dhr_id

),

analysis_summary as (

    select
        dhr_id,
        bool_or(
            subject_type = 'victim'
            and factor_code in ('mh_diagnosed', 'mh_undiagnosed', 'vul_mental_ill_health')
            and answer = 'yes'
        ) as has_victim_mental_health,
        bool_or(
            subject_type = 'perpetrator'
            and factor_code in ('mh_diagnosed', 'mh_undiagnosed', 'vul_mental_ill_health')
            and answer = 'yes'
        ) as has_perpetrator_mental_health,
        any_value(answer) filter (
            where factor_code = 'prev_known_perpetrator' and subject_type = 'perpetrator'
        ) as perpetrator_previously_known,
    from analysis_answers
    group by dhr_id

),

agency_summary as (

    select
        dhr_id,
        -- every agency answered No for the victim and for the perpetrator (children's answers
        -- are not part of the rule; a Not known or missing answer is not a No)
        bool_and(answer = 'no') filter (where subject_type in ('victim', 'perpetrator')) as no_known_agency_contact,
        count(distinct agency_code) filter (where answer = 'yes') as agencies_in_contact_count,
        count(distinct agency_code) filter (where answer = 'yes' and subject_type = 'perpetrator') as agencies_in_contact_with_perpetrator_count,
        any_value(answer) filter (where agency_code = 'marac' and subject_type = 'victim') as victim_referred_to_marac,
        any_value(answer) filter (where agency_code = 'mappa' and subject_type = 'perpetrator') as perpetrator_managed_under_mappa,
    from agency_contacts
    group by dhr_id

),

joined as (

    select
        case_facts.dhr_id,
        case_facts.has_data_capture,
        case_facts.death_type,
        data_capture_cases.children_in_household,
        -- the types of place and method only (their detail stays out of staging); restricted in
        -- every view of the marts all the same (dhr/access.py; 003 L599-605)
        data_capture_cases.place_of_death,
        data_capture_cases.method as method_of_killing,
        people_summary.* exclude (dhr_id),
        children_summary.child_count,
        analysis_summary.* exclude (dhr_id),
        agency_summary.* exclude (dhr_id),
    from case_facts
    left join data_capture_cases
        on case_facts.dhr_id = data_capture_cases.dhr_id
    left join people_summary
        on case_facts.dhr_id = people_summary.dhr_id
    left join children_summary
        on case_facts.dhr_id = children_summary.dhr_id
    left join analysis_summary
        on case_facts.dhr_id = analysis_summary.dhr_id
    left join agency_summary
        on case_facts.dhr_id = agency_summary.dhr_id

),

{#- a category that needs the data capture form is null until the form has arrived #}
{%- set from_form = "case when has_data_capture then coalesce({}, false) end" %}

final as (

    select
        ----------  ids
        dhr_id,

        ----------  codes
        perpetrator_relationship,
        perpetrator_relationship_group,
        perpetrator_previously_known,
        victim_referred_to_marac,
        perpetrator_managed_under_mappa,
        perpetrator_verdict,
        place_of_death,
        method_of_killing,

        ----------  numerics
        case when has_data_capture then coalesce(victim_count, 0) end as victim_count,
        case when has_data_capture then coalesce(perpetrator_count, 0) end as perpetrator_count,
        case when has_data_capture then coalesce(child_count, 0) end as child_count,
        children_in_household,
        agencies_in_contact_count,

        ----------  booleans
        no_known_agency_contact,
        {{ from_form.format("death_type = 'domestic_homicide' and perpetrator_relationship_group in ('intimate_partner', 'ex_partner')") }}
            as is_intimate_partner_homicide,
        {{ from_form.format("has_victim_aged_65_plus") }} as is_older_victim,
        {{ from_form.format("death_type = 'domestic_homicide' and perpetrator_relationship_group in ('parent', 'child', 'other_relative')") }}
            as is_familial_homicide,
        {{ from_form.format("death_type = 'domestic_homicide' and perpetrator_relationship = 'child'") }} as is_parricide,
        {{ from_form.format("has_deceased_perpetrator") }} as is_homicide_suicide,
        {{ from_form.format("has_victim_mental_health") }} as is_mental_health_victim,
        {{ from_form.format("has_perpetrator_mental_health") }} as is_mental_health_perpetrator,
        {{ from_form.format("has_minority_ethnic_victim") }} as is_minority_communities,
        {{ from_form.format("has_lgbtq_victim_or_perpetrator") }} as is_lgbtq,
        death_type = 'to_be_determined' as is_not_ruled_homicide_or_suicide,
        death_type = 'suicide' as is_suicide_of_victim,
        {{ from_form.format("perpetrator_previously_known = 'yes' and agencies_in_contact_with_perpetrator_count > 0") }}
            as is_perpetrator_known_to_agency,

    from joined

)

select * from final
