with

source as (

    select * from {{ source('dhr_forms', 'data_capture__children') }}

),

headers as (

    {{ form_headers('data_capture__cases') }}

),

renamed as (

    select
        ----------  ids
        source.file_sha256 || '#' || source.person_number as child_form_id,
        headers.dhr_id,
        source.file_sha256,
        headers.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  codes
        {{ code_from_value('source.relationship', 'child_relationship') }} as relationship,
        -- a band, never the exact age (003 L604, L753)
        {{ child_age_band('source.age') }} as age_band,

        ----------  numerics
        source.person_number,

        ----------  timestamps
        headers.ingested_at,

        -- dropped as restricted: sex (003 L604, L1099); exact age kept only as age_band

    from source
    left join headers
        on source.file_sha256 = headers.file_sha256

)

select * from renamed
