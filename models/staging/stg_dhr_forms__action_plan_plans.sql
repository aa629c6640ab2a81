with

source as (

    select * from {{ source('dhr_forms', 'action_plan__plans') }}

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
        source.dhr_title,
        source.governance,
        lower(source.file_format) as file_format,

        ----------  dates
        source.as_at_date,

        ----------  timestamps
        ingested_files.ingested_at,

    from source
    left join ingested_files
        on source.file_sha256 = ingested_files.file_sha256

)

select * from renamed
