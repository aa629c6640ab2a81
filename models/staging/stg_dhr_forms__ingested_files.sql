with

source as (

    select * from {{ source('dhr_forms', 'ingested_files') }}

),

renamed as (

    select
        ----------  ids
        file_sha256,
        case
            when csp_code is not null and dhr_reference is not null
                then {{ dhr_id('csp_code', 'dhr_reference') }}
        end as dhr_id,
        csp_code,
        -- the CSP of the one-CSP dashboard account that sent the file (null for `dhr ingest`)
        sender_csp_code,

        ----------  text
        form_type,
        status as ingest_status,
        trim(dhr_reference) as dhr_reference,
        file_name,
        stored_path,
        -- the reasons a file was rejected, worded for its sender without its name or quoted values
        list_transform(
            coalesce(from_json(errors, '["VARCHAR"]'), []),
            lambda reason: {{ sender_reason('reason', 'file_name') }}
        ) as rejection_reasons,

        ----------  numerics
        file_size_bytes,
        cast(coalesce(json_array_length(errors), 0) as integer) as error_count,

        ----------  booleans
        status = 'accepted' as is_accepted,

        ----------  timestamps
        ingested_at,

    from source

)

select * from renamed
