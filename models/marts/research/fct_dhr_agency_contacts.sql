-- One row per DHR x agency x subject the data capture form asks about (seeds/code_lists/
-- agencies.csv; 003 L759), from the DHR's latest data capture form: did the agency have known
-- contact with the victim, the perpetrator or the children (Yes / No / Not known). MARAC
-- (victim referred) and MAPPA (perpetrator managed) are rows of the same grid.

with

contacts as (

    select * from {{ ref('int_agency_contacts__latest_per_dhr') }}

),

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

final as (

    select
        ----------  ids
        contacts.agency_contact_id,
        contacts.dhr_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  codes
        contacts.agency_code,
        contacts.agency_group,
        contacts.subject_type,
        contacts.answer,

        ----------  text
        contacts.agency_label,

        ----------  numerics
        dhrs.notification_year,
        contacts.agency_sort_order,

        ----------  booleans
        contacts.answer = 'yes' as is_contact,
        contacts.is_recorded,

    from contacts
    inner join dhrs
        on contacts.dhr_id = dhrs.dhr_id

)

select * from final
