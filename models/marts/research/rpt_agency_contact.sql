-- Per agency, nationally, by force area and by CSP, for each notification year and all years:
-- how many DHRs record known contact between the agency and the victim, the perpetrator or the
-- children, and the share of DHRs where the agency was involved. The denominator is every DHR
-- with a data capture form. A DHR whose answers for the agency include no Yes but at least one
-- Not known is not counted as involved (contact_pct is a floor) and is counted in
-- contact_not_known_count; contact_pct_excluding_not_known leaves those DHRs out of the
-- denominator, like the risk-factor prevalence.

with

contacts as (

    select * from {{ ref('fct_dhr_agency_contacts') }}

),

geographies as (

    select * from {{ ref('dim_geographies') }}

),

per_dhr as (

    select
        dhr_id,
        any_value(csp_code) as csp_code,
        any_value(force_area_code) as force_area_code,
        any_value(notification_year) as notification_year,
        agency_code,
        any_value(agency_group) as agency_group,
        any_value(agency_label) as agency_label,
        any_value(agency_sort_order) as agency_sort_order,
        bool_or(answer = 'yes') as has_contact,
        bool_or(answer = 'not_known') as has_not_known,
        bool_or(subject_type = 'victim' and answer = 'yes') as has_victim_contact,
        bool_or(subject_type = 'perpetrator' and answer = 'yes') as has_perpetrator_contact,
        bool_or(subject_type = 'children' and answer = 'yes') as has_children_contact,
    from contacts
    group by dhr_id, agency_code

),

scoped as (

    {{ report_scopes('per_dhr') }}

),

counted as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        agency_code,
        any_value(agency_group) as agency_group,
        any_value(agency_label) as agency_label,
        any_value(agency_sort_order) as agency_sort_order,
        count(*) as dhrs_with_data_capture,
        count(*) filter (where has_contact) as dhrs_with_contact,
        count(*) filter (where not has_contact and has_not_known) as contact_not_known_count,
        count(*) filter (where not has_contact and not has_not_known) as dhrs_without_contact,
        count(*) filter (where has_victim_contact) as victim_contact_count,
        count(*) filter (where has_perpetrator_contact) as perpetrator_contact_count,
        count(*) filter (where has_children_contact) as children_contact_count,
    from scoped
    group by geography_level, geography_code, period_type, notification_year, agency_code

),

final as (

    select
        ----------  ids
        counted.geography_code,
        geographies.force_area_code,

        ----------  codes
        counted.geography_level,
        counted.period_type,
        counted.agency_code,
        counted.agency_group,

        ----------  text
        geographies.geography_name,
        counted.agency_label,

        ----------  numerics
        counted.notification_year,
        counted.agency_sort_order,
        counted.dhrs_with_data_capture,
        counted.dhrs_with_contact,
        counted.contact_not_known_count,
        counted.dhrs_without_contact,
        counted.victim_contact_count,
        counted.perpetrator_contact_count,
        counted.children_contact_count,
        round(100.0 * counted.dhrs_with_contact / nullif(counted.dhrs_with_data_capture, 0), 1) as contact_pct,
        round(
            100.0 * counted.dhrs_with_contact / nullif(counted.dhrs_with_contact + counted.dhrs_without_contact, 0), 1
        ) as contact_pct_excluding_not_known,

    from counted
    left join geographies
        on counted.geography_level = geographies.geography_level
        and counted.geography_code = geographies.geography_code

)

select * from final
