-- Victims, perpetrators and children by characteristic and category, nationally, by force area
-- and by CSP, for each notification year and all years: the nine Equality Act protected
-- characteristics (003 L248; Annex F, 003 L885-941) with ethnicity on the ONS 2021 groups and
-- its high-level group, nationality, immigration status and the DA Act 2021 s.2 relationship
-- group (code list demographic_characteristic). Children are counted by age band only
-- (003 L604). Categories are codes of the code list named in category_code_list; Not known is a
-- category of its own, never dropped.

{%- set person_characteristics = [
    ('age_band', 'age_band', 'age_band', 'age_judged_relevant'),
    ('sex', 'sex', 'sex', 'sex_judged_relevant'),
    ('disability', 'disability', 'yes_no_not_known', 'disability_judged_relevant'),
    ('gender_reassignment', 'gender_reassignment', 'yes_no_not_known', 'gender_reassignment_judged_relevant'),
    ('marriage_civil_partnership', 'marital_status', 'marital_status', 'marriage_civil_partnership_judged_relevant'),
    ('pregnancy_maternity', 'pregnancy_maternity', 'yes_no_not_known', 'pregnancy_maternity_judged_relevant'),
    ('ethnicity', 'ethnicity', 'ethnicity', 'race_judged_relevant'),
    ('ethnic_group', 'ethnic_group', 'ethnic_group', 'race_judged_relevant'),
    ('religion_belief', 'religion', 'religion', 'religion_belief_judged_relevant'),
    ('sexual_orientation', 'sexual_orientation', 'sexual_orientation', 'sexual_orientation_judged_relevant'),
    ('nationality', 'nationality', 'nationality', none),
    ('immigration_status', 'immigration_status', 'immigration_status', none),
    ('relationship_group', 'relationship_group', 'relationship_group', none),
] %}

with

people as (

    select * from {{ ref('fct_dhr_people') }}

),

children as (

    select * from {{ ref('fct_dhr_children') }}

),

geographies as (

    select * from {{ ref('dim_geographies') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

person_categories as (

    {%- for characteristic, column, code_list, relevance in person_characteristics %}
    select
        person_id,
        dhr_id,
        csp_code,
        force_area_code,
        notification_year,
        subject_type,
        '{{ characteristic }}' as characteristic,
        '{{ code_list }}' as category_code_list,
        {{ column }} as category,
        {% if relevance %}{{ relevance }}{% else %}cast(null as varchar){% endif %} as judged_relevant,
    from people
    union all
    {%- endfor %}
    select
        child_id,
        dhr_id,
        csp_code,
        force_area_code,
        notification_year,
        'children',
        'child_age_band',
        'child_age_band',
        child_age_band,
        cast(null as varchar),
    from children

),

scoped as (

    {{ report_scopes('person_categories') }}

),

counted as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        subject_type,
        characteristic,
        category,
        any_value(category_code_list) as category_code_list,
        count(*) as person_count,
        count(distinct dhr_id) as dhr_count,
        -- null for a characteristic the Equality sheet does not ask about
        case
            when bool_or(judged_relevant is not null) then count(*) filter (where judged_relevant = 'yes')
        end as judged_relevant_count,
    from scoped
    group by geography_level, geography_code, period_type, notification_year, subject_type, characteristic, category

),

with_totals as (

    select
        *,
        -- every person has exactly one category per characteristic
        sum(person_count) over (
            partition by geography_level, geography_code, period_type, notification_year, subject_type, characteristic
        ) as subject_person_count,
    from counted

),

final as (

    select
        ----------  ids
        with_totals.geography_code,
        geographies.force_area_code,

        ----------  codes
        with_totals.geography_level,
        with_totals.period_type,
        with_totals.subject_type,
        with_totals.characteristic,
        with_totals.category,
        with_totals.category_code_list,

        ----------  text
        geographies.geography_name,
        characteristics.label as characteristic_label,
        categories.label as category_label,

        ----------  numerics
        with_totals.notification_year,
        characteristics.sort_order as characteristic_sort_order,
        categories.sort_order as category_sort_order,
        with_totals.person_count,
        with_totals.dhr_count,
        with_totals.judged_relevant_count,
        cast(with_totals.subject_person_count as bigint) as subject_person_count,
        round(100.0 * with_totals.person_count / nullif(with_totals.subject_person_count, 0), 1) as person_pct,

    from with_totals
    left join geographies
        on with_totals.geography_level = geographies.geography_level
        and with_totals.geography_code = geographies.geography_code
    left join code_lists as characteristics
        on characteristics.code_list = 'demographic_characteristic'
        and with_totals.characteristic = characteristics.code
    left join code_lists as categories
        on with_totals.category_code_list = categories.code_list
        and with_totals.category = categories.code

)

select * from final
