-- Learning that repeats: for each recommendation (latest action-plan snapshot), its most similar
-- EARLIER recommendations of other DHRs in the same CSP and, separately, in other CSPs of the same
-- police force area, at or above the documented similarity threshold (TF-IDF cosine,
-- dhr/themes/similarity.py, docs/themes.md), at most five per scope, with how the earlier
-- recommendation's actions stand now. "Earlier" is by the DHR's month of publication, or of
-- notification when it is not published: strictly earlier, so a review is never linked to itself
-- or to a later one.

with

recommendations as (

    select
        recommendations.recommendation_id,
        recommendations.dhr_id,
        recommendations.csp_code,
        recommendations.force_area_code,
        recommendations.recommendation,
        sha256(recommendations.recommendation) as text_sha256,
        dhrs.dhr_reference,
        coalesce(dhrs.published_month, dhrs.notification_month) as made_month,
    from {{ ref('dim_recommendations') }} as recommendations
    inner join {{ ref('dim_dhrs') }} as dhrs
        on recommendations.dhr_id = dhrs.dhr_id
    where nullif(trim(recommendations.recommendation), '') is not null
        and recommendations.recommendation <> {{ withheld_text() }}
        and recommendations.force_area_code is not null

),

similarity as (

    select * from {{ ref('stg_themes__text_similarity') }}

),

action_status as (

    select
        recommendation_id,
        count(*) as action_count,
        count(*) filter (where status = 'red') as red_action_count,
        count(*) filter (where status = 'amber') as amber_action_count,
        count(*) filter (where status = 'green') as green_action_count,
        count(*) filter (where status = 'complete') as complete_action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
    from {{ ref('fct_actions') }}
    where recommendation_id is not null
    group by recommendation_id

),

pairs as (

    select
        later.recommendation_id,
        later.dhr_id,
        later.csp_code,
        later.force_area_code,
        later.recommendation,
        later.made_month,
        earlier.recommendation_id as earlier_recommendation_id,
        earlier.dhr_id as earlier_dhr_id,
        earlier.csp_code as earlier_csp_code,
        earlier.dhr_reference as earlier_dhr_reference,
        earlier.recommendation as earlier_recommendation,
        earlier.made_month as earlier_made_month,
        similarity.similarity,
        similarity.similarity_threshold,
        case when earlier.csp_code = later.csp_code then 'same_csp' else 'same_force_area' end as link_scope,
    from recommendations as later
    inner join similarity
        on later.text_sha256 = similarity.text_sha256
    inner join recommendations as earlier
        on similarity.similar_text_sha256 = earlier.text_sha256
        and earlier.force_area_code = later.force_area_code
        and earlier.dhr_id <> later.dhr_id
        and earlier.made_month < later.made_month

),

ranked as (

    select
        *,
        row_number() over (
            partition by recommendation_id, link_scope
            order by similarity desc, earlier_made_month desc, earlier_recommendation_id
        ) as link_rank,
    from pairs

),

final as (

    select
        ----------  ids
        ranked.recommendation_id || '>' || ranked.earlier_recommendation_id as repeated_learning_id,
        ranked.recommendation_id,
        ranked.dhr_id,
        ranked.csp_code,
        ranked.force_area_code,
        ranked.earlier_recommendation_id,
        ranked.earlier_dhr_id,
        ranked.earlier_csp_code,

        ----------  codes
        ranked.link_scope,
        case
            when coalesce(action_status.action_count, 0) = 0 then 'no_actions'
            when action_status.red_action_count > 0 then 'red'
            when action_status.amber_action_count > 0 then 'amber'
            when action_status.green_action_count > 0 then 'green'
            else 'complete'
        end as earlier_status_summary,

        ----------  text
        ranked.recommendation,
        ranked.earlier_recommendation,
        ranked.earlier_dhr_reference,

        ----------  numerics
        ranked.similarity,
        ranked.similarity_threshold,
        ranked.link_rank,
        cast(year(ranked.made_month) as integer) as recommendation_year,
        cast(year(ranked.earlier_made_month) as integer) as earlier_year,
        coalesce(action_status.action_count, 0) as earlier_action_count,
        coalesce(action_status.red_action_count, 0) as earlier_red_action_count,
        coalesce(action_status.amber_action_count, 0) as earlier_amber_action_count,
        coalesce(action_status.green_action_count, 0) as earlier_green_action_count,
        coalesce(action_status.complete_action_count, 0) as earlier_complete_action_count,
        coalesce(action_status.overdue_action_count, 0) as earlier_overdue_action_count,

        ----------  dates
        ranked.made_month as recommendation_month,
        ranked.earlier_made_month as earlier_month,

    from ranked
    left join action_status
        on ranked.earlier_recommendation_id = action_status.recommendation_id
    where ranked.link_rank <= 5

)

-- Stored in force-area and CSP order: the dashboards read one force area or one CSP at a time, and
-- DuckDB skips row groups whose min-max range excludes it (at 20,000 DHRs the PCC page's query went
-- from 37 ms to 23 ms, bench/README.md).
select * from final
order by force_area_code, csp_code, recommendation_id, link_rank
