-- Every data capture form and scoping review received for a DHR is a version of that form
-- (docs/design.md section 4): version 1 is the first received, the highest the one the marts use
-- ("latest form wins": received last, ties broken by file_sha256, as in the *_latest_per_dhr models).

with

data_capture_cases as (

    select * from {{ ref('stg_dhr_forms__data_capture_cases') }}

),

scoping_reviews as (

    select * from {{ ref('stg_dhr_forms__scoping_review_reviews') }}

),

unioned as (

    select dhr_id, csp_code, 'data_capture' as form_type, file_sha256, ingested_at
    from data_capture_cases

    union all

    select dhr_id, csp_code, 'scoping_review' as form_type, file_sha256, ingested_at
    from scoping_reviews

),

numbered as (

    select
        *,
        row_number() over (
            partition by dhr_id, form_type
            order by ingested_at asc nulls first, file_sha256 asc
        ) as version_number,
        count(*) over (partition by dhr_id, form_type) as version_count,
    from unioned

),

final as (

    select
        dhr_id || '|' || form_type || '|' || version_number as form_version_id,
        dhr_id,
        csp_code,
        form_type,
        cast(version_number as integer) as version_number,
        cast(version_count as integer) as version_count,
        version_number = version_count as is_latest_version,
        file_sha256,
        ingested_at as received_at,
    from numbered

)

select * from final
