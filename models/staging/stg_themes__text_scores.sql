-- The classifier's score per text (by sha256) and theme, for the model version of this build.

with

source as (

    select * from {{ source('themes', 'text_scores') }}

),

model as (

    select model_version from {{ source('themes', 'model') }}

),

renamed as (

    select
        ----------  ids
        source.text_sha256,
        source.theme_code,

        ----------  text
        source.model_version,

        ----------  numerics
        source.score,
        source.theme_rank,

        ----------  booleans
        source.is_predicted,

        ----------  timestamps
        source.scored_at,

    from source
    inner join model
        on source.model_version = model.model_version

)

select * from renamed
