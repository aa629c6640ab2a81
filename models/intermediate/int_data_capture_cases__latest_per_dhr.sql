-- Latest form wins (docs/design.md section 4): of the data capture forms received for a DHR,
-- the one received last (raw.ingested_files.ingested_at) is used; older ones stay in staging as
-- history. Ties on ingested_at are broken by file_sha256 so the choice is repeatable.

with

data_capture_cases as (

    select * from {{ ref('stg_dhr_forms__data_capture_cases') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by dhr_id
            order by ingested_at desc nulls last, file_sha256 desc
        ) as received_rank,
        count(*) over (partition by dhr_id) as data_capture_form_count,
    from data_capture_cases

),

final as (

    select * exclude (received_rank)
    from ranked
    where received_rank = 1

)

select * from final
