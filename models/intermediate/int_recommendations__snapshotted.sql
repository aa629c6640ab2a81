-- Every recommendation of every action-plan snapshot (superseded files left out, as for actions):
-- its recommendation-level cells, the addressee's agency type and whether it is a national
-- recommendation, and how many of its actions were COMPLETE at that snapshot. Recommendation
-- cells are written once and merged over the recommendation's actions (docs/design.md 1.3); the
-- value on the recommendation's first action row is used. A recommendation written with no action
-- yet has no row in the raw layer and so none here.

with

actions as (

    select * from {{ ref('int_actions__snapshotted') }}
    where recommendation_number is not null

),

addressees as (

    select
        {{ addressee_key('addressee') }} as addressee_key,
        match_rule,
        priority,
        addressee_type,
        is_national_body,
    from {{ ref('recommendation_addressees') }}

),

recommendations as (

    select
        dhr_id,
        csp_code,
        file_sha256,
        recommendation_number,
        snapshot_as_at_date,
        is_latest_snapshot,
        arg_min(recommendation, source_row) as recommendation,
        arg_min(recommendation_level, source_row) as recommendation_level,
        arg_min(addressee, source_row) as addressee,
        arg_min(addressee_notified_date, source_row) as addressee_notified_date,
        arg_min(response_date, source_row) as response_date,
        arg_min(response, source_row) as response,
        arg_min(implementation_status, source_row) as implementation_status,
        arg_min(recommendation_completion_date, source_row) as recommendation_completion_date,
        count(*) as action_count,
        count(*) filter (where status = 'complete') as complete_action_count,
        max(completion_date) filter (where status = 'complete') as last_action_completion_date,
    from actions
    group by dhr_id, csp_code, file_sha256, recommendation_number, snapshot_as_at_date, is_latest_snapshot

),

keyed as (

    select
        *,
        {{ addressee_key('addressee') }} as addressee_key,
    from recommendations

),

-- exact name first (priority 0), then the contains rule with the lowest priority
addressee_matches as (

    select
        keyed.file_sha256,
        keyed.recommendation_number,
        addressees.addressee_type,
        addressees.is_national_body,
        row_number() over (
            partition by keyed.file_sha256, keyed.recommendation_number
            order by addressees.match_rule = 'exact' desc, addressees.priority, length(addressees.addressee_key) desc
        ) as match_rank,
    from keyed
    inner join addressees
        on (addressees.match_rule = 'exact' and keyed.addressee_key = addressees.addressee_key)
        or (
            addressees.match_rule = 'contains'
            and position(' ' || addressees.addressee_key || ' ' in ' ' || keyed.addressee_key || ' ') > 0
        )

),

final as (

    select
        ----------  ids
        keyed.dhr_id || '#R' || keyed.recommendation_number as recommendation_id,
        keyed.dhr_id || '#R' || keyed.recommendation_number
            || '@' || coalesce(strftime(keyed.snapshot_as_at_date, '%Y-%m-%d'), 'undated') as recommendation_snapshot_id,
        keyed.dhr_id,
        keyed.csp_code,
        keyed.file_sha256,

        ----------  text
        keyed.recommendation,
        keyed.addressee,
        keyed.response,

        ----------  codes
        keyed.recommendation_level,
        case
            when nullif(trim(keyed.addressee), '') is null then null
            else coalesce(addressee_matches.addressee_type, 'other')
        end as addressee_type,
        keyed.implementation_status,

        ----------  numerics
        keyed.recommendation_number,
        keyed.action_count,
        keyed.complete_action_count,

        ----------  booleans
        coalesce(addressee_matches.is_national_body, false) as is_addressee_national_body,
        coalesce(keyed.recommendation_level = 'national', false)
            or coalesce(addressee_matches.is_national_body, false) as is_national,
        keyed.action_count > 0 and keyed.complete_action_count = keyed.action_count as is_all_actions_complete,
        keyed.is_latest_snapshot,

        ----------  dates
        keyed.addressee_notified_date,
        keyed.response_date,
        keyed.recommendation_completion_date,
        keyed.last_action_completion_date,
        keyed.snapshot_as_at_date,

    from keyed
    left join addressee_matches
        on keyed.file_sha256 = addressee_matches.file_sha256
        and keyed.recommendation_number = addressee_matches.recommendation_number
        and addressee_matches.match_rank = 1

)

select * from final
