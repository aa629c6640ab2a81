-- The Commissioner's annual thematic report counts DHRs by the year they were PUBLISHED (003 L660-667,
-- L727-732), not the year the CSP was notified: this is the national picture of the DHRs published in
-- each year, so a year can be compared with the years before it. Three topics, one row per
-- publication year x topic x subject x item x category:
--
--   risk_factor               003 Annex A item 10 (003 L757-759): DHRs answered Yes, per factor and subject
--   agency_contact            003 L759: DHRs where the agency had known contact with the victim, the
--                             perpetrator or the children (any subject), per agency
--   protected_characteristic  victims and perpetrators by category of each characteristic (003 L248)
--
-- Denominators leave Not known out and report it beside them (the rule of rpt_risk_factor_prevalence,
-- 003 Annex F: national figures carry large Not known shares, 003 L887, L927). Only DHRs published on
-- or before the reporting date and with a data capture form count; a DHR counts once per item.

{%- set person_characteristics = [
    ('age_band', 'age_band', 'age_band'),
    ('sex', 'sex', 'sex'),
    ('disability', 'disability', 'yes_no_not_known'),
    ('gender_reassignment', 'gender_reassignment', 'yes_no_not_known'),
    ('marriage_civil_partnership', 'marital_status', 'marital_status'),
    ('pregnancy_maternity', 'pregnancy_maternity', 'yes_no_not_known'),
    ('ethnic_group', 'ethnic_group', 'ethnic_group'),
    ('religion_belief', 'religion', 'religion'),
    ('sexual_orientation', 'sexual_orientation', 'sexual_orientation'),
    ('nationality', 'nationality', 'nationality'),
    ('immigration_status', 'immigration_status', 'immigration_status'),
    ('relationship_group', 'relationship_group', 'relationship_group'),
] %}

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}
    where published_year is not null
        and has_data_capture

),

risk_factors as (

    select * from {{ ref('fct_dhr_risk_factors') }}

),

agency_contacts as (

    select * from {{ ref('fct_dhr_agency_contacts') }}

),

people as (

    select * from {{ ref('fct_dhr_people') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

published_counts as (

    select
        published_year,
        count(*) as published_dhr_count,
    from dhrs
    group by published_year

),

risk_factor_rows as (

    select
        dhrs.published_year,
        'risk_factor' as topic,
        risk_factors.subject_type,
        risk_factors.factor_code as item_code,
        any_value(risk_factors.factor_label) as item_label,
        any_value(risk_factors.factor_category) as item_group,
        any_value(risk_factors.factor_sort_order) as item_sort_order,
        'yes' as category,
        'Yes' as category_label,
        1 as category_sort_order,
        count(*) filter (where risk_factors.answer = 'yes') as category_count,
        count(*) filter (where risk_factors.answer in ('yes', 'no')) as known_count,
        count(*) filter (where risk_factors.answer = 'not_known') as not_known_count,
        count(*) as total_count,
    from risk_factors
    inner join dhrs
        on risk_factors.dhr_id = dhrs.dhr_id
    group by dhrs.published_year, risk_factors.subject_type, risk_factors.factor_code

),

agency_per_dhr as (

    select
        agency_contacts.dhr_id,
        agency_contacts.agency_code,
        any_value(agency_contacts.agency_label) as agency_label,
        any_value(agency_contacts.agency_group) as agency_group,
        any_value(agency_contacts.agency_sort_order) as agency_sort_order,
        bool_or(agency_contacts.answer = 'yes') as has_contact,
        bool_or(agency_contacts.answer = 'not_known') as has_not_known,
    from agency_contacts
    group by agency_contacts.dhr_id, agency_contacts.agency_code

),

agency_contact_rows as (

    select
        dhrs.published_year,
        'agency_contact' as topic,
        'any' as subject_type,
        agency_per_dhr.agency_code as item_code,
        any_value(agency_per_dhr.agency_label) as item_label,
        any_value(agency_per_dhr.agency_group) as item_group,
        any_value(agency_per_dhr.agency_sort_order) as item_sort_order,
        'yes' as category,
        'Known contact' as category_label,
        1 as category_sort_order,
        count(*) filter (where agency_per_dhr.has_contact) as category_count,
        count(*) filter (where agency_per_dhr.has_contact or not agency_per_dhr.has_not_known) as known_count,
        count(*) filter (where not agency_per_dhr.has_contact and agency_per_dhr.has_not_known) as not_known_count,
        count(*) as total_count,
    from agency_per_dhr
    inner join dhrs
        on agency_per_dhr.dhr_id = dhrs.dhr_id
    group by dhrs.published_year, agency_per_dhr.agency_code

),

person_categories as (

    {%- for characteristic, column, code_list in person_characteristics %}
    select
        people.person_id,
        people.dhr_id,
        people.subject_type,
        '{{ characteristic }}' as item_code,
        '{{ code_list }}' as category_code_list,
        people.{{ column }} as category,
    from people
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

person_counts as (

    select
        dhrs.published_year,
        person_categories.subject_type,
        person_categories.item_code,
        person_categories.category,
        any_value(person_categories.category_code_list) as category_code_list,
        count(*) as category_count,
    from person_categories
    inner join dhrs
        on person_categories.dhr_id = dhrs.dhr_id
    group by all

),

person_totals as (

    select
        *,
        sum(category_count) over per_item as total_count,
        coalesce(sum(category_count) filter (where category = 'not_known') over per_item, 0) as not_known_count,
    from person_counts
    window per_item as (partition by published_year, subject_type, item_code)

),

protected_characteristic_rows as (

    select
        person_totals.published_year,
        'protected_characteristic' as topic,
        person_totals.subject_type,
        person_totals.item_code,
        characteristics.label as item_label,
        person_totals.category_code_list as item_group,
        characteristics.sort_order as item_sort_order,
        person_totals.category,
        coalesce(categories.label, person_totals.category) as category_label,
        categories.sort_order as category_sort_order,
        person_totals.category_count,
        person_totals.total_count - person_totals.not_known_count as known_count,
        person_totals.not_known_count,
        person_totals.total_count,
    from person_totals
    left join code_lists as characteristics
        on characteristics.code_list = 'demographic_characteristic'
        and person_totals.item_code = characteristics.code
    left join code_lists as categories
        on person_totals.category_code_list = categories.code_list
        and person_totals.category = categories.code

),

unioned as (

    select * from risk_factor_rows
    union all by name
    select * from agency_contact_rows
    union all by name
    select * from protected_characteristic_rows

),

final as (

    select
        ----------  ids
        unioned.topic || ':' || unioned.subject_type || ':' || unioned.item_code || ':' || unioned.category
            || '@' || unioned.published_year as prevalence_id,

        ----------  codes
        unioned.topic,
        unioned.subject_type,
        unioned.item_code,
        unioned.item_group,
        unioned.category,

        ----------  text
        unioned.item_label,
        unioned.category_label,

        ----------  numerics
        unioned.published_year,
        cast(unioned.item_sort_order as integer) as item_sort_order,
        cast(unioned.category_sort_order as integer) as category_sort_order,
        published_counts.published_dhr_count,
        cast(unioned.category_count as bigint) as category_count,
        cast(unioned.known_count as bigint) as known_count,
        cast(unioned.not_known_count as bigint) as not_known_count,
        cast(unioned.total_count as bigint) as total_count,
        case
            when unioned.category <> 'not_known'
                then round(100.0 * unioned.category_count / nullif(unioned.known_count, 0), 1)
        end as pct,
        round(100.0 * unioned.not_known_count / nullif(unioned.total_count, 0), 1) as not_known_pct,

    from unioned
    inner join published_counts
        on unioned.published_year = published_counts.published_year

)

select * from final
