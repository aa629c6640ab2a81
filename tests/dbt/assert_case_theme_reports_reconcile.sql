-- The case-level marts tell one story (issue 3 families 1, 2, 3 and 6): the national all-years
-- rows of each report add up to the facts they summarise, the facts cover exactly the DHRs with
-- a data capture form, and the DHR Library bridge matches the flags on dim_dhrs. Returns a row
-- per disagreement; passes on an empty warehouse.

{%- set library_categories = [
    'intimate_partner_homicide', 'older_victim', 'familial_homicide', 'parricide', 'homicide_suicide',
    'mental_health_victim', 'mental_health_perpetrator', 'minority_communities', 'lgbtq',
    'not_ruled_homicide_or_suicide', 'suicide_of_victim',
] %}

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

national as (

    select 'national' as geography_level, 'all_years' as period_type

),

checks as (

    select
        'fct_dhr_risk_factors DHRs vs dim_dhrs.has_data_capture' as check_name,
        (select count(distinct dhr_id) from {{ ref('fct_dhr_risk_factors') }}) as left_value,
        (select count(*) from dhrs where has_data_capture) as right_value

    union all

    select
        'rpt_risk_factor_prevalence national yes_count vs fct_dhr_risk_factors',
        (select coalesce(sum(yes_count), 0) from {{ ref('rpt_risk_factor_prevalence') }} join national using (geography_level, period_type)),
        (select count(*) from {{ ref('fct_dhr_risk_factors') }} where answer = 'yes')

    union all

    select
        'rpt_risk_factor_prevalence national not_known_count vs fct_dhr_risk_factors',
        (select coalesce(sum(not_known_count), 0) from {{ ref('rpt_risk_factor_prevalence') }} join national using (geography_level, period_type)),
        (select count(*) from {{ ref('fct_dhr_risk_factors') }} where answer = 'not_known')

    union all

    select
        'fct_dhr_agency_contacts DHRs vs dim_dhrs.has_data_capture',
        (select count(distinct dhr_id) from {{ ref('fct_dhr_agency_contacts') }}),
        (select count(*) from dhrs where has_data_capture)

    union all

    select
        'rpt_agency_contact national police DHRs vs dim_dhrs.has_data_capture',
        (select coalesce(sum(dhrs_with_data_capture), 0) from {{ ref('rpt_agency_contact') }} join national using (geography_level, period_type) where agency_code = 'police'),
        (select count(*) from dhrs where has_data_capture)

    union all

    select
        'rpt_agency_contact_summary national no known contact vs dim_dhrs',
        (select coalesce(sum(no_known_agency_contact_count), 0) from {{ ref('rpt_agency_contact_summary') }} join national using (geography_level, period_type)),
        (select count(*) from dhrs where no_known_agency_contact)

    union all

    select
        'rpt_protected_characteristics national victims by sex vs fct_dhr_people',
        (select coalesce(sum(person_count), 0) from {{ ref('rpt_protected_characteristics') }} join national using (geography_level, period_type) where subject_type = 'victim' and characteristic = 'sex'),
        (select count(*) from {{ ref('fct_dhr_people') }} where subject_type = 'victim')

    union all

    select
        'rpt_protected_characteristics national children vs fct_dhr_children',
        (select coalesce(sum(person_count), 0) from {{ ref('rpt_protected_characteristics') }} join national using (geography_level, period_type) where subject_type = 'children'),
        (select count(*) from {{ ref('fct_dhr_children') }})

    union all

    select
        'rpt_timeliness national dhr_count vs dim_dhrs',
        (select coalesce(sum(dhr_count), 0) from {{ ref('rpt_timeliness') }} join national using (geography_level, period_type)),
        (select count(*) from dhrs)

    union all

    select
        'rpt_timeliness national scoping within target vs fct_dhr_timeliness',
        (select coalesce(sum(scoping_within_target_count), 0) from {{ ref('rpt_timeliness') }} join national using (geography_level, period_type)),
        (select count(*) from {{ ref('fct_dhr_timeliness') }} where is_scoping_within_target)

    union all

    select
        'rpt_process_outcomes national decisions vs dim_dhrs',
        (select coalesce(sum(dhr_count), 0) from {{ ref('rpt_process_outcomes') }} join national using (geography_level, period_type) where outcome = 'decision'),
        (select count(*) from dhrs)

    {%- for category in library_categories %}

    union all

    select
        'bridge_dhr_library_categories {{ category }} vs dim_dhrs.is_{{ category }}',
        (select count(*) from {{ ref('bridge_dhr_library_categories') }} where dhr_library_category = '{{ category }}'),
        (select count(*) from dhrs where is_{{ category }})
    {%- endfor %}

    union all

    select
        'bridge_dhr_library_categories known to agency DHRs vs dim_dhrs',
        (select count(distinct dhr_id) from {{ ref('bridge_dhr_library_categories') }} where dhr_library_category = 'known_to_agency_as_perpetrator'),
        (select count(*) from dhrs where is_perpetrator_known_to_agency)

),

final as (

    select * from checks
    where left_value is distinct from right_value

)

select * from final
