-- One row per text x theme (all 17 themes of the taxonomy): the classifier's score and whether it
-- predicted the theme, the analyst's decision if one is in force, and the final answer
-- (is_final): the override's themes when there is an override for this text, otherwise the
-- prediction. Overrides always win; the prediction stays visible beside them.

with

texts as (

    select * from {{ ref('dim_theme_texts') }}

),

scores as (

    select * from {{ ref('stg_themes__text_scores') }}

),

themes as (

    select * from {{ ref('learning_themes') }}

),

overrides as (

    select * from {{ ref('stg_themes__overrides') }}
    where is_latest_for_text

),

joined as (

    select
        texts.*,
        scores.theme_code,
        scores.score,
        scores.theme_rank,
        scores.is_predicted,
        texts.has_override and list_contains(overrides.override_themes, scores.theme_code) as is_override_choice,
        list_position(overrides.override_themes, scores.theme_code) as override_rank,
    from texts
    inner join scores
        on texts.text_sha256 = scores.text_sha256
    left join overrides
        on texts.text_id = overrides.text_id
        and texts.has_override

),

final as (

    select
        ----------  ids
        joined.text_id || '|' || joined.theme_code as text_theme_id,
        joined.text_id,
        joined.dhr_id,
        joined.recommendation_id,
        joined.csp_code,
        joined.force_area_code,

        ----------  codes
        joined.text_source,
        joined.theme_code,
        themes.dhr_library_theme,

        ----------  text
        themes.theme_title,
        joined.model_version,
        joined.overridden_by,

        ----------  numerics
        joined.notification_year,
        joined.published_year,
        joined.score,
        joined.theme_rank,
        case when joined.has_override then joined.override_rank else joined.theme_rank end as final_rank,

        ----------  booleans
        joined.is_predicted,
        joined.has_override as is_overridden,
        coalesce(joined.is_override_choice, false) as is_override_choice,
        case when joined.has_override then coalesce(joined.is_override_choice, false) else joined.is_predicted end
            as is_final,
        joined.is_low_confidence,

        ----------  timestamps
        joined.overridden_at,

    from joined
    left join themes
        on joined.theme_code = themes.theme_code

)

select * from final
