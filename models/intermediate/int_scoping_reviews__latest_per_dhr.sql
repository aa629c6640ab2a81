-- Latest form wins (docs/design.md section 4): of the scoping reviews received for a DHR, the
-- one received last is used. Ties on ingested_at are broken by file_sha256.

with

scoping_reviews as (

    select * from {{ ref('stg_dhr_forms__scoping_review_reviews') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by dhr_id
            order by ingested_at desc nulls last, file_sha256 desc
        ) as received_rank,
        count(*) over (partition by dhr_id) as scoping_review_count,
    from scoping_reviews

),

final as (

    select * exclude (received_rank)
    from ranked
    where received_rank = 1

)

select * from final
