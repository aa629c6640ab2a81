with

source as (

    select * from {{ source('dhr_forms', 'scoping_review__reviews') }}

),

ingested_files as (

    select * from {{ source('dhr_forms', 'ingested_files') }}

),

privacy_findings as (

    -- free text flagged by ingest's privacy scan is withheld from here on (macros/privacy_masked.sql)
    {{ privacy_findings('scoping_review__reviews') }}

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
        {{ privacy_masked('source.anonymised_identifier', 'anonymised_identifier') }} as anonymised_identifier,
        {{ privacy_masked('source.q1_notification', 'q1_notification') }} as q1_notification,
        {{ privacy_masked('source.q4_early_learning', 'q4_early_learning') }} as q4_early_learning,
        {{ privacy_masked('source.q5_actions_intro', 'q5_actions_intro') }} as q5_actions_intro,
        {{ privacy_masked('source.q6_not_commissioned_rationale', 'q6_not_commissioned_rationale') }} as q6_not_commissioned_rationale,
        {{ privacy_masked('source.q8_agencies_consulted', 'q8_agencies_consulted') }} as q8_agencies_consulted,
        {{ privacy_masked('source.q9_other_reviews', 'q9_other_reviews') }} as q9_other_reviews,

        ----------  codes
        {{ code_from_value('source.decision', 'scoping_decision') }} as decision,
        {{ code_from_value('source.death_type', 'death_type') }} as death_type,

        ----------  dates
        source.notification_date,
        source.submitted_date as scoping_submitted_date,
        -- not on 003 Annex C; written by some CSPs and read when present (issue 18)
        source.decision_date,
        source.commissioned_date,
        source.qa_response_date,

        ----------  timestamps
        ingested_files.ingested_at,

        -- dropped as restricted (003 section 13): q2_incident_summary, q3_background,
        -- q7_family_views

    from source
    left join ingested_files
        on source.file_sha256 = ingested_files.file_sha256
    left join privacy_findings
        on source.file_sha256 = privacy_findings.file_sha256
        and source.source_sheet is not distinct from privacy_findings.source_sheet
        and source.source_row is not distinct from privacy_findings.source_row

)

select * from renamed
