-- The Home Office DHR Library categories each DHR falls in, one row per DHR x category (a DHR can
-- be in several, or none), plus one row per agency for "known to agency as a perpetrator". The
-- rules are in int_dhrs__case_profile and on dim_dhrs as is_<category> flags; this long form lets
-- a dashboard count DHRs by category with one GROUP BY.

{%- set flag_categories = [
    'intimate_partner_homicide', 'older_victim', 'familial_homicide', 'parricide', 'homicide_suicide',
    'mental_health_victim', 'mental_health_perpetrator', 'minority_communities', 'lgbtq',
    'not_ruled_homicide_or_suicide', 'suicide_of_victim',
] %}

with

profiles as (

    select * from {{ ref('int_dhrs__case_profile') }}

),

agency_contacts as (

    select * from {{ ref('int_agency_contacts__latest_per_dhr') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

flagged as (

    {%- for category in flag_categories %}
    select
        dhr_id,
        '{{ category }}' as dhr_library_category,
        cast(null as varchar) as agency_code,
    from profiles
    where is_{{ category }}
    union all
    {%- endfor %}
    -- approximation: the perpetrator was previously known as a perpetrator of domestic abuse
    -- and this agency had contact with the perpetrator (see the yml)
    select
        agency_contacts.dhr_id,
        'known_to_agency_as_perpetrator',
        agency_contacts.agency_code,
    from agency_contacts
    inner join profiles
        on agency_contacts.dhr_id = profiles.dhr_id
    where profiles.is_perpetrator_known_to_agency
        and agency_contacts.subject_type = 'perpetrator'
        and agency_contacts.answer = 'yes'

),

final as (

    select
        ----------  ids
        flagged.dhr_id || '#' || flagged.dhr_library_category
            || coalesce('#' || flagged.agency_code, '') as dhr_library_category_id,
        flagged.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  codes
        flagged.dhr_library_category,
        flagged.agency_code,
        agency_contacts.agency_group,

        ----------  text
        categories.label as dhr_library_category_label,
        agency_contacts.agency_label,

        ----------  numerics
        dhrs.notification_year,
        categories.sort_order as dhr_library_category_sort_order,

    from flagged
    inner join dhrs
        on flagged.dhr_id = dhrs.dhr_id
    left join code_lists as categories
        on categories.code_list = 'dhr_library_category'
        and flagged.dhr_library_category = categories.code
    left join agency_contacts
        on flagged.dhr_id = agency_contacts.dhr_id
        and flagged.agency_code = agency_contacts.agency_code
        and agency_contacts.subject_type = 'perpetrator'

)

select * from final
