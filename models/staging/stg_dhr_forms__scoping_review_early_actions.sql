with

source as (

    select * from {{ source('dhr_forms', 'scoping_review__early_actions') }}

),

headers as (

    {{ form_headers('scoping_review__reviews') }}

),

privacy_findings as (

    -- free text flagged by ingest's privacy scan is withheld from here on (macros/privacy_masked.sql)
    {{ privacy_findings('scoping_review__early_actions') }}

),

renamed as (

    select
        ----------  ids
        source.file_sha256 || '#' || trim(source.action_number) as early_action_form_id,
        headers.dhr_id,
        source.file_sha256,
        headers.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  text
        trim(source.action_number) as action_number,
        {{ privacy_masked('source.action', 'action') }} as action,
        {{ privacy_masked('source.lead_agency', 'lead_agency') }} as lead_agency,
        {{ privacy_masked('source.outcome', 'outcome') }} as outcome,

        ----------  dates
        source.target_date,

        ----------  timestamps
        headers.ingested_at,

    from source
    left join headers
        on source.file_sha256 = headers.file_sha256
    left join privacy_findings
        on source.file_sha256 = privacy_findings.file_sha256
        and source.source_sheet is not distinct from privacy_findings.source_sheet
        and source.source_row is not distinct from privacy_findings.source_row

)

select * from renamed
