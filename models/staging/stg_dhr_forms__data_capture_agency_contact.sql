with

source as (

    select * from {{ source('dhr_forms', 'data_capture__agency_contact') }}

),

headers as (

    {{ form_headers('data_capture__cases') }}

),

renamed as (

    select
        ----------  ids
        source.file_sha256 || '#' || lower(trim(source.agency_code)) || '#' || {{ code_from_value('source.subject_type', 'subject_type') }} as agency_contact_id,
        headers.dhr_id,
        source.file_sha256,
        headers.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  codes
        lower(trim(source.agency_code)) as agency_code,
        {{ code_from_value('source.subject_type', 'subject_type') }} as subject_type,
        {{ code_from_value('source.answer', 'yes_no_not_known') }} as answer,

        ----------  timestamps
        headers.ingested_at,

    from source
    left join headers
        on source.file_sha256 = headers.file_sha256

)

select * from renamed
