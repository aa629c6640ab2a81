-- Possible personal details in free text (ingest/privacy_scan.py): where they are and what kind.
-- The masked snippet stays in raw; staging models withhold the flagged text (macro privacy_masked).

with

source as (

    select * from {{ source('dhr_forms', 'text_findings') }}

),

renamed as (

    select
        ----------  ids
        file_sha256,

        ----------  lineage
        raw_table,
        source_sheet,
        source_row,

        ----------  text
        field,
        finding_type,

    from source

)

select * from renamed
