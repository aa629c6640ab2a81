with

source as (

    select * from {{ source('dhr_forms', 'scoping_review__early_actions') }}

),

headers as (

    {{ form_headers('scoping_review__reviews') }}

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
        source.action,
        source.lead_agency,
        source.outcome,

        ----------  dates
        source.target_date,

        ----------  timestamps
        headers.ingested_at,

    from source
    left join headers
        on source.file_sha256 = headers.file_sha256

)

select * from renamed
