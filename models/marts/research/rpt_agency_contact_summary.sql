-- Per geography and notification year (and all years): of the DHRs with a data capture form,
-- how many had no known agency contact (every agency answered No for the victim and for the
-- perpetrator; a commissioning factor since 2011: "the victim had no known contact with any
-- agencies", 001 L162, 004 L396; "no prior contact with any relevant agencies", 003 L240), how
-- many victims were referred to MARAC and how many perpetrators were managed under MAPPA
-- (003 L759).
--
-- One denominator rule for every "share of DHRs" (docs/design.md 5.1, "Shares of DHRs"): the DHRs
-- answered Yes or No. Not known is left out of the denominator and reported beside it as a count,
-- as in rpt_risk_factor_prevalence and rpt_agency_contact (contact_pct_excluding_not_known). The
-- MARAC and MAPPA shares once divided by every DHR with a form, Not known included, so they read
-- lower than the same answers on the agency-contact table. "No known agency contact" is derived
-- from every agency's answer (it is never Not known), so its denominator is every DHR with a form.

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}
    where has_data_capture

),

geographies as (

    select * from {{ ref('dim_geographies') }}

),

scoped as (

    {{ report_scopes('dhrs') }}

),

counted as (

    select
        geography_level,
        geography_code,
        period_type,
        notification_year,
        count(*) as dhrs_with_data_capture,
        count(*) filter (where no_known_agency_contact) as no_known_agency_contact_count,
        count(*) filter (where agencies_in_contact_count > 0) as dhrs_with_any_agency_contact,
        count(*) filter (where victim_referred_to_marac = 'yes') as marac_referral_count,
        count(*) filter (where victim_referred_to_marac = 'not_known') as marac_not_known_count,
        count(*) filter (where perpetrator_managed_under_mappa = 'yes') as mappa_count,
        count(*) filter (where perpetrator_managed_under_mappa = 'not_known') as mappa_not_known_count,
        count(*) filter (where is_perpetrator_known_to_agency) as perpetrator_known_to_agency_count,
    from scoped
    group by geography_level, geography_code, period_type, notification_year

),

final as (

    select
        ----------  ids
        counted.geography_code,
        geographies.force_area_code,

        ----------  codes
        counted.geography_level,
        counted.period_type,

        ----------  text
        geographies.geography_name,

        ----------  numerics
        counted.notification_year,
        counted.dhrs_with_data_capture,
        counted.no_known_agency_contact_count,
        round(100.0 * counted.no_known_agency_contact_count / nullif(counted.dhrs_with_data_capture, 0), 1)
            as no_known_agency_contact_pct,
        counted.dhrs_with_any_agency_contact,
        counted.marac_referral_count,
        counted.marac_not_known_count,
        counted.dhrs_with_data_capture - counted.marac_not_known_count as marac_answered_count,
        round(
            100.0 * counted.marac_referral_count
            / nullif(counted.dhrs_with_data_capture - counted.marac_not_known_count, 0), 1
        ) as marac_referral_pct,
        counted.mappa_count,
        counted.mappa_not_known_count,
        counted.dhrs_with_data_capture - counted.mappa_not_known_count as mappa_answered_count,
        round(
            100.0 * counted.mappa_count / nullif(counted.dhrs_with_data_capture - counted.mappa_not_known_count, 0), 1
        ) as mappa_pct,
        counted.perpetrator_known_to_agency_count,

    from counted
    left join geographies
        on counted.geography_level = geographies.geography_level
        and counted.geography_code = geographies.geography_code

)

select * from final
