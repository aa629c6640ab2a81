-- One row per recommendation of each DHR's latest action-plan snapshot: its level and scope
-- (local or national, 003 L684), addressee and addressee agency type, how far its actions have got,
-- whether they are all COMPLETE and the recommendation's completion date has been entered
-- (003 Annex I, 003 L1163), and what the completed actions achieved (003 L778).

with

recommendations as (

    select * from {{ ref('int_recommendations__snapshotted') }}
    where is_latest_snapshot

),

actions as (

    select * from {{ ref('fct_actions') }}

),

csps as (

    select * from {{ ref('csps') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

-- the recommendation's learning themes in force, primary first: the analyst's when an override for
-- this very text is in force, else the classifier's (docs/themes.md section 8)
predicted_themes as (

    select text_sha256, list(theme_code order by theme_rank) as theme_codes
    from {{ ref('stg_themes__text_scores') }}
    where is_predicted
    group by text_sha256

),

overrides as (

    select text_id, text_sha256, override_themes as theme_codes from {{ ref('stg_themes__overrides') }}
    where is_latest_for_text

),

learning_themes as (

    select * from {{ ref('learning_themes') }}

),

action_counts as (

    select
        recommendation_id,
        count(*) filter (where not is_complete) as open_action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
        count(*) filter (where completion_timeliness = 'on_time') as on_time_action_count,
        count(*) filter (where completion_timeliness = 'late') as late_action_count,
        count(*) filter (where is_complete and outcome_achieved = 'yes') as outcome_achieved_yes_count,
        count(*) filter (where is_complete and outcome_achieved = 'partially') as outcome_achieved_partially_count,
        count(*) filter (where is_complete and outcome_achieved = 'no') as outcome_achieved_no_count,
    from actions
    where recommendation_id is not null
    group by recommendation_id

),

joined as (

    select
        recommendations.*,
        csps.force_area_code,
        coalesce(action_counts.open_action_count, 0) as open_action_count,
        coalesce(action_counts.overdue_action_count, 0) as overdue_action_count,
        coalesce(action_counts.on_time_action_count, 0) as on_time_action_count,
        coalesce(action_counts.late_action_count, 0) as late_action_count,
        coalesce(action_counts.outcome_achieved_yes_count, 0) as outcome_achieved_yes_count,
        coalesce(action_counts.outcome_achieved_partially_count, 0) as outcome_achieved_partially_count,
        coalesce(action_counts.outcome_achieved_no_count, 0) as outcome_achieved_no_count,
        {{ reporting_date() }} as reporting_date,
    from recommendations
    left join csps
        on recommendations.csp_code = csps.csp_code
    left join action_counts
        on recommendations.recommendation_id = action_counts.recommendation_id

),

summarised as (

    select
        *,
        case when is_national then 'national' else 'local' end as recommendation_scope,
        case
            when outcome_achieved_yes_count + outcome_achieved_partially_count + outcome_achieved_no_count = 0
                then 'not_recorded'
            when outcome_achieved_partially_count + outcome_achieved_no_count = 0 then 'achieved'
            when outcome_achieved_yes_count + outcome_achieved_partially_count = 0 then 'not_achieved'
            else 'partially_achieved'
        end as outcome_summary,
    from joined

),

themed as (

    select
        summarised.recommendation_id,
        summarised.recommendation,
        coalesce(overrides.theme_codes, predicted_themes.theme_codes) as theme_codes,
    from summarised
    left join predicted_themes
        on sha256(summarised.recommendation) = predicted_themes.text_sha256
    left join overrides
        on summarised.recommendation_id = overrides.text_id
        and sha256(summarised.recommendation) = overrides.text_sha256

),

-- The Home Office DHR Library theme (issue 20): its eight themes name what a recommendation is
-- about, and most of ours that it has no theme for (health, housing, children ...) name the
-- setting. So a recommendation takes the Library theme of its first theme in force that has one
-- of its own; "other" only when none has. Record keeping or information sharing through a named
-- technology (case systems, IT, software, databases, electronic or digital records, platforms,
-- interoperability) is the Library's "technology systems".
themes_in_order as (

    select
        recommendation_id,
        recommendation,
        unnest(theme_codes) as theme_code,
        generate_subscripts(theme_codes, 1) as theme_position,
    from themed

),

crosswalked as (

    select
        themed.recommendation_id,
        case
            when learning_themes.theme_code in ('record_keeping', 'information_sharing')
                and (
                    regexp_matches(
                        lower(themed.recommendation),
                        '\b(systems?|software|databases?|electronic|digital|interoperab\w*|platforms?|case management)\b'
                    )
                    or regexp_matches(themed.recommendation, '\bIT\b')
                )
                then 'technology systems'
            else learning_themes.dhr_library_theme
        end as dhr_library_theme,
        themed.theme_position,
    from themes_in_order as themed
    inner join learning_themes
        on learning_themes.theme_code = themed.theme_code

),

library_themes as (

    select
        themed.recommendation_id,
        case
            when themed.theme_codes is null then null
            else coalesce(
                arg_min(crosswalked.dhr_library_theme, crosswalked.theme_position)
                    filter (where crosswalked.dhr_library_theme <> 'other'),
                'other'
            )
        end as dhr_library_theme,
    from themed
    left join crosswalked
        on themed.recommendation_id = crosswalked.recommendation_id
    group by themed.recommendation_id, themed.theme_codes

),

final as (

    select
        ----------  ids
        summarised.recommendation_id,
        summarised.dhr_id,
        summarised.csp_code,
        summarised.force_area_code,

        ----------  text
        summarised.recommendation,
        summarised.addressee,
        levels.label as recommendation_level_label,
        addressee_types.label as addressee_type_label,
        outcomes.label as outcome_summary_label,
        library_themes.dhr_library_theme,

        ----------  codes
        summarised.recommendation_level,
        summarised.recommendation_scope,
        summarised.addressee_type,
        summarised.outcome_summary,
        summarised.implementation_status,

        ----------  numerics
        summarised.recommendation_number,
        summarised.action_count,
        summarised.complete_action_count,
        summarised.open_action_count,
        summarised.overdue_action_count,
        summarised.on_time_action_count,
        summarised.late_action_count,
        summarised.outcome_achieved_yes_count,
        summarised.outcome_achieved_partially_count,
        summarised.outcome_achieved_no_count,

        ----------  booleans
        summarised.is_national,
        summarised.is_addressee_national_body,
        summarised.is_all_actions_complete,
        summarised.is_all_actions_complete and summarised.recommendation_completion_date is null
            as is_missing_completion_date,

        ----------  dates
        summarised.recommendation_completion_date,
        summarised.last_action_completion_date,
        summarised.addressee_notified_date,
        summarised.response_date,
        summarised.snapshot_as_at_date,
        summarised.reporting_date,

    from summarised
    left join code_lists as levels
        on levels.code_list = 'recommendation_level'
        and summarised.recommendation_level = levels.code
    left join code_lists as addressee_types
        on addressee_types.code_list = 'recommendation_addressee_type'
        and summarised.addressee_type = addressee_types.code
    left join code_lists as outcomes
        on outcomes.code_list = 'recommendation_outcome'
        and summarised.outcome_summary = outcomes.code
    left join library_themes
        on summarised.recommendation_id = library_themes.recommendation_id

)

select * from final
