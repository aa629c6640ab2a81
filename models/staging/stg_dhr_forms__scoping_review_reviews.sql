with

source as (

    select * from {{ source('dhr_forms', 'scoping_review__reviews') }}

),

ingested_files as (

    select * from {{ source('dhr_forms', 'ingested_files') }}

),

renamed as (

    select
        ----------  ids
        {{ dhr_id('source.csp_code', 'source.dhr_reference') }} as dhr_id,
        source.file_sha256,
        source.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  text
        trim(source.dhr_reference) as dhr_reference,
        source.csp_name as csp_name_as_written,
        source.anonymised_identifier,
        source.q1_notification,
        source.q4_early_learning,
        source.q5_actions_intro,
        source.q6_not_commissioned_rationale,
        source.q8_agencies_consulted,
        source.q9_other_reviews,

        ----------  codes
        {{ code_from_value('source.decision', 'scoping_decision') }} as decision,
        {{ code_from_value('source.death_type', 'death_type') }} as death_type,

        ----------  dates
        source.notification_date,
        source.submitted_date as scoping_submitted_date,

        ----------  timestamps
        ingested_files.ingested_at,

        -- dropped as restricted (003 section 13): q2_incident_summary, q3_background,
        -- q7_family_views

    from source
    left join ingested_files
        on source.file_sha256 = ingested_files.file_sha256

)

select * from renamed
