-- Analysts' theme decisions copied from the app-state file, with which one is in force: the
-- latest per text (dhr/themes/overrides.py). The history is kept: older decisions stay as rows.

with

source as (

    select * from {{ source('themes', 'overrides') }}

),

renamed as (

    select
        ----------  ids
        override_id,
        text_id,
        text_sha256,
        audit_event_id,

        ----------  text
        text_source,
        overridden_by,
        note,
        themes as override_themes,
        previous_themes,

        ----------  booleans
        row_number() over (partition by text_id order by override_id desc) = 1 as is_latest_for_text,

        ----------  timestamps
        overridden_at,

    from source

)

select * from renamed
