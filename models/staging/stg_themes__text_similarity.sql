-- Similar recommendation texts (same force area, at or above the documented threshold).

with

source as (

    select * from {{ source('themes', 'text_similarity') }}

),

renamed as (

    select
        ----------  ids
        text_sha256,
        similar_text_sha256,

        ----------  numerics
        similarity,
        threshold as similarity_threshold,

    from source

)

select * from renamed
