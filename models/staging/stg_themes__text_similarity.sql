-- Similar recommendation texts (same force area, at or above the documented threshold). A text
-- used in two force areas is compared within each; a pair keeps its highest similarity.

with

source as (

    select * from {{ source('themes', 'similar_pairs') }}

),

renamed as (

    select
        ----------  ids
        text_sha256,
        similar_text_sha256,

        ----------  numerics
        max(similarity) as similarity,
        max(threshold) as similarity_threshold,

    from source
    group by text_sha256, similar_text_sha256

)

select * from renamed
