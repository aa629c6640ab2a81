-- One row per text that carries learning themes: every recommendation and action of each DHR's
-- latest action-plan snapshot, every early action and the early-learning answer (question 4) of its
-- latest scoping review (003 Annex C). Its predicted themes (dhr/themes, scored by the theme step
-- of `dhr build`), the analyst's decision in force if there is one (it always wins: 003 21.4 asks
-- the Commissioner for themes an analyst stands behind), and its emerging topic. Text withheld by
-- the privacy scan carries no themes and is left out.

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

recommendations as (

    select
        recommendation_id as text_id,
        'recommendation' as text_source,
        dhr_id,
        recommendation_id,
        recommendation as text,
    from {{ ref('dim_recommendations') }}

),

actions as (

    select
        action_id as text_id,
        'action' as text_source,
        dhr_id,
        recommendation_id,
        action as text,
    from {{ ref('fct_actions') }}

),

latest_scoping as (

    select * from {{ ref('int_scoping_reviews__latest_per_dhr') }}

),

scoping_learning as (

    select
        dhr_id || '#learning' as text_id,
        'scoping_learning' as text_source,
        dhr_id,
        cast(null as varchar) as recommendation_id,
        q4_early_learning as text,
    from latest_scoping

),

early_actions as (

    select
        early_actions.dhr_id || '#EA' || early_actions.action_number as text_id,
        'early_action' as text_source,
        early_actions.dhr_id,
        cast(null as varchar) as recommendation_id,
        early_actions.action as text,
    from {{ ref('stg_dhr_forms__scoping_review_early_actions') }} as early_actions
    inner join latest_scoping
        on early_actions.file_sha256 = latest_scoping.file_sha256
    qualify row_number() over (partition by early_actions.dhr_id, early_actions.action_number order by early_actions.source_row) = 1

),

texts as (

    select * from recommendations
    union all
    select * from actions
    union all
    select * from scoping_learning
    union all
    select * from early_actions

),

usable as (

    select
        *,
        sha256(text) as text_sha256,
    from texts
    where nullif(trim(text), '') is not null
        and text <> {{ withheld_text() }}

),

scores as (

    select * from {{ ref('stg_themes__text_scores') }}

),

predicted as (

    select
        text_sha256,
        any_value(model_version) as model_version,
        string_agg(theme_code, '|' order by theme_rank) filter (where is_predicted) as predicted_themes,
        max(score) as top_score,
        arg_max(theme_code, score) as top_theme_code,
    from scores
    group by text_sha256

),

overrides as (

    select * from {{ ref('stg_themes__overrides') }}
    where is_latest_for_text

),

topics as (

    select * from {{ ref('stg_themes__topics') }}

),

final as (

    select
        ----------  ids
        usable.text_id,
        usable.dhr_id,
        usable.recommendation_id,
        dhrs.csp_code,
        dhrs.force_area_code,

        ----------  text
        usable.text_source,
        usable.text,
        usable.text_sha256,
        dhrs.dhr_reference,
        dhrs.csp_name,
        dhrs.force_area_name,
        predicted.model_version,
        predicted.predicted_themes,
        case
            when overrides.text_sha256 = usable.text_sha256 then array_to_string(overrides.override_themes, '|')
            else predicted.predicted_themes
        end as final_themes,
        case
            when overrides.text_sha256 = usable.text_sha256 then overrides.override_themes[1]
            else split_part(predicted.predicted_themes, '|', 1)
        end as primary_theme_code,
        case when overrides.text_sha256 = usable.text_sha256 then overrides.overridden_by end as overridden_by,
        case when overrides.text_sha256 = usable.text_sha256 then overrides.note end as override_note,
        topics.topic_label,

        ----------  numerics
        dhrs.notification_year,
        dhrs.published_year,
        predicted.top_score,
        topics.topic_id,
        topics.topic_weight,

        ----------  booleans
        coalesce(overrides.text_sha256 = usable.text_sha256, false) as has_override,
        coalesce(overrides.text_sha256 <> usable.text_sha256, false) as has_stale_override,
        coalesce(predicted.top_score < 0.5, true) as is_low_confidence,

        ----------  timestamps
        case when overrides.text_sha256 = usable.text_sha256 then overrides.overridden_at end as overridden_at,

    from usable
    left join dhrs
        on usable.dhr_id = dhrs.dhr_id
    left join predicted
        on usable.text_sha256 = predicted.text_sha256
    left join overrides
        on usable.text_id = overrides.text_id
    left join topics
        on usable.text_sha256 = topics.text_sha256
        and usable.text_source in ('recommendation', 'scoping_learning')

)

select * from final
