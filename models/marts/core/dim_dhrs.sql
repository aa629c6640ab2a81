-- One row per DHR known from any form, with its facts combined from the latest forms, its status
-- at the reporting date and the counts of its latest action-plan snapshot (docs/design.md
-- sections 4-5), the case profile from its latest data capture form (people, agency contact, the
-- Home Office DHR Library categories: int_dhrs__case_profile) and its timeliness against the
-- guidance in force at notification (int_dhrs__timeliness). Dates about the case are month and
-- year only (003 L602).

{%- set dhr_library_categories = [
    'intimate_partner_homicide', 'older_victim', 'familial_homicide', 'parricide', 'homicide_suicide',
    'mental_health_victim', 'mental_health_perpetrator', 'minority_communities', 'lgbtq',
    'not_ruled_homicide_or_suicide', 'suicide_of_victim',
] %}

with

case_facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

snapshots as (

    select * from {{ ref('int_action_plan_snapshots__ranked') }}

),

actions as (

    select * from {{ ref('fct_actions') }}

),

csps as (

    select * from {{ ref('dim_csps') }}

),

timeliness as (

    select * from {{ ref('int_dhrs__timeliness') }}

),

profiles as (

    select * from {{ ref('int_dhrs__case_profile') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

latest_snapshots as (

    select
        dhr_id,
        max(as_at_date) filter (where is_latest_snapshot) as latest_action_plan_as_at,
        max(as_at_source) filter (where is_latest_snapshot) as latest_action_plan_as_at_source,
        count(*) filter (where not is_superseded) as action_plan_snapshot_count,
        -- in force at the latest snapshot (003 L776); re-issued Annex B workbooks carry them back
        max(governance_in_force) filter (where is_latest_snapshot) as action_plan_governance,
    from snapshots
    group by dhr_id

),

action_counts as (

    select
        dhr_id,
        count(*) as action_count,
        count(*) filter (where not is_complete) as open_action_count,
        count(*) filter (where is_complete) as complete_action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
    from actions
    group by dhr_id

),

joined as (

    select
        case_facts.*,
        csps.csp_name,
        csps.force_area_code,
        csps.force_area_name,
        csps.region_name,
        timeliness.guidance_version,
        timeliness.is_scoping_within_target,
        timeliness.is_completed_within_target,
        profiles.* exclude (dhr_id),
        death_types.label as death_type_label,
        verdicts.label as perpetrator_verdict_label,
        places.label as place_of_death_label,
        methods.label as method_of_killing_label,
        decisions.label as decision_label,
        statuses.label as dhr_status_label,
        statuses.sort_order as dhr_status_sort_order,
        latest_snapshots.latest_action_plan_as_at,
        latest_snapshots.latest_action_plan_as_at_source,
        latest_snapshots.action_plan_governance,
        coalesce(latest_snapshots.action_plan_snapshot_count, 0) as action_plan_snapshot_count,
        coalesce(action_counts.action_count, 0) as action_count,
        coalesce(action_counts.open_action_count, 0) as open_action_count,
        coalesce(action_counts.complete_action_count, 0) as complete_action_count,
        coalesce(action_counts.overdue_action_count, 0) as overdue_action_count,
    from case_facts
    left join csps
        on case_facts.csp_code = csps.csp_code
    left join timeliness
        on case_facts.dhr_id = timeliness.dhr_id
    left join profiles
        on case_facts.dhr_id = profiles.dhr_id
    left join code_lists as death_types
        on death_types.code_list = 'death_type'
        and case_facts.death_type = death_types.code
    left join code_lists as verdicts
        on verdicts.code_list = 'verdict'
        and profiles.perpetrator_verdict = verdicts.code
    left join code_lists as places
        on places.code_list = 'place_of_death'
        and profiles.place_of_death = places.code
    left join code_lists as methods
        on methods.code_list = 'method'
        and profiles.method_of_killing = methods.code
    left join code_lists as decisions
        on decisions.code_list = 'scoping_decision'
        and case_facts.decision = decisions.code
    left join code_lists as statuses
        on statuses.code_list = 'dhr_status'
        and case_facts.dhr_status = statuses.code
    left join latest_snapshots
        on case_facts.dhr_id = latest_snapshots.dhr_id
    left join action_counts
        on case_facts.dhr_id = action_counts.dhr_id

),

final as (

    select
        ----------  ids
        dhr_id,
        csp_code,
        force_area_code,

        ----------  text
        csp_name,
        force_area_name,
        region_name,
        dhr_reference,
        victim_pseudonym,
        death_type,
        death_type_label,
        decision,
        decision_label,
        dhr_status,
        dhr_status_label,
        dhr_status_sort_order,
        guidance_version,
        facts_source,
        delay_reason,
        perpetrator_relationship,
        perpetrator_relationship_group,
        perpetrator_previously_known,
        victim_referred_to_marac,
        perpetrator_managed_under_mappa,
        perpetrator_verdict,
        perpetrator_verdict_label,
        action_plan_governance,
        -- restricted: left out of every view of this mart unless the reader holds `restricted`
        -- (dhr/access.py RESTRICTED_MART_COLUMNS; 003 L599-605)
        place_of_death,
        place_of_death_label,
        method_of_killing,
        method_of_killing_label,

        ----------  numerics
        cast(year(notification_date) as integer) as notification_year,
        case when dhr_status = 'published' then cast(year(published_date) as integer) end as published_year,
        action_plan_snapshot_count,
        action_count,
        open_action_count,
        complete_action_count,
        overdue_action_count,
        victim_count,
        perpetrator_count,
        child_count,
        children_in_household,
        agencies_in_contact_count,
        (
            {%- for category in dhr_library_categories %}
            cast(coalesce(is_{{ category }}, false) as integer){% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as dhr_library_category_count,

        ----------  booleans
        has_scoping_review,
        has_data_capture,
        has_action_plan,
        no_known_agency_contact,
        is_scoping_within_target,
        is_completed_within_target,
        {%- for category in dhr_library_categories %}
        is_{{ category }},
        {%- endfor %}
        is_perpetrator_known_to_agency,

        ----------  dates (first day of the month: 003 L602)
        cast(date_trunc('month', notification_date) as date) as notification_month,
        cast(date_trunc('month', submitted_date) as date) as submitted_month,
        cast(date_trunc('month', ho_notified_date) as date) as ho_notified_month,
        case when dhr_status = 'published' then cast(date_trunc('month', published_date) as date) end as published_month,
        latest_action_plan_as_at,
        latest_action_plan_as_at_source,
        reporting_date,

    from joined

)

select * from final
