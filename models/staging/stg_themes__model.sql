-- The theme model this build used, and what the theme step did.

with

model as (

    select * from {{ source('themes', 'model') }}

),

last_run as (

    select * from {{ source('themes', 'scoring_runs') }}
    qualify row_number() over (order by run_at desc) = 1

),

renamed as (

    select
        ----------  text
        model.model_version,
        model.training_data_sha256,
        model.trained_at,

        ----------  numerics
        model.n_training_texts,
        model.n_overrides as n_training_overrides,
        model.heldout_macro_f1,
        last_run.text_count,
        last_run.scored_count,
        last_run.cached_count,

        ----------  timestamps
        last_run.run_at as scored_at,

    from model
    cross join last_run

)

select * from renamed
