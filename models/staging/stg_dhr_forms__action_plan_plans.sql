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

        ----------  how the plan was read (issue 14): where values the template has no cell for came from
        source.csp_source,
        source.dhr_reference_source,
        -- 'date received' when the file gives no reporting date and the date it arrived dates the snapshot
        case
            when source.as_at_date is not null then coalesce(source.as_at_source, 'labelled')
            else 'date received'
        end as as_at_source,

        ----------  dates
        -- A plan that says no 'Progress as at' (none of the official templates has the cell) is dated
        -- by the day it was received: the quarterly update it is (003 L712).
        coalesce(source.as_at_date, cast(ingested_files.ingested_at as date)) as as_at_date,
        -- the DHR's progress dates, an optional status update at the head of the plan (issue 18)
        source.commissioned_date,
        source.commenced_date,
        source.tor_agreed_date,

        ----------  timestamps
        ingested_files.ingested_at,

    from source
    left join ingested_files
        on source.file_sha256 = ingested_files.file_sha256

)

select * from renamed
