-- Every clock of every DHR: one row per DHR x duty of the guidance version in force at its
-- notification (seeds/code_lists/guidance_rules.csv, the one source of the rules; docs/clocks.md).
-- The quarterly update duty is judged by fct_quarterly_updates and joined in fct_dhr_clocks.
--
--   start   the first date known of the chain clock_starts|start_proxies: the event itself when
--           recorded ('recorded'), else the first proxy recorded (start_basis names it, e.g.
--           'commissioned' or 'notification+28d'). first_known is the earliest date the
--           warehouse holds for the DHR (any process date, first action plan, first form received).
--   due     start + length: days, or calendar months/years ("one month" from 31 January is
--           29 February: the same day of the month, or the month's last day when it has none).
--           The duty is met on time when done on or before the due date; overdue from the day after.
--   met     the first date of the chain met_by; a later milestone in done_when shows it was done
--           without dating it (met_date_not_recorded).
--
-- A date after the reporting date has not happened yet at the reporting date. The date of death
-- is restricted (003 L602) and never reaches the models: clocks that start at the death are
-- counted from notification (their start_basis says so), so they can be late, never early.

with

case_facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

all_rules as (

    select * from {{ ref('guidance_rules') }}

),

rules as (

    select * from all_rules
    where computed_in = 'int_dhr_clocks'

),

versions as (

    select distinct
        guidance_version,
        applies_from_notification_date,
        applies_to_notification_date,
    from all_rules

),

known as (

    -- the dates known at the reporting date
    select
        dhr_id,
        decision,
        has_action_plan,
        reporting_date,
        case when notification_date <= reporting_date then notification_date end as notification,
        case when decision_date <= reporting_date then decision_date end as decision_on,
        case when scoping_submitted_date <= reporting_date then scoping_submitted_date end as scoping_submitted,
        case when ho_notified_date <= reporting_date then ho_notified_date end as ho_notified,
        case when commissioned_date <= reporting_date then commissioned_date end as commissioned,
        case when commenced_date <= reporting_date then commenced_date end as commenced,
        case when tor_agreed_date <= reporting_date then tor_agreed_date end as tor_agreed,
        case when completed_date <= reporting_date then completed_date end as completed,
        case when submitted_date <= reporting_date then submitted_date end as submitted,
        case when qa_response_date <= reporting_date then qa_response_date end as qa_response,
        case when published_date <= reporting_date then published_date end as published,
        case when first_plan_as_at_date <= reporting_date then first_plan_as_at_date end as first_plan,
        case when first_received_date <= reporting_date then first_received_date end as first_received,
    from case_facts

),

dated as (

    select
        *,
        least(
            notification, decision_on, scoping_submitted, ho_notified, commissioned, commenced, tor_agreed,
            completed, submitted, qa_response, published, first_plan, first_received
        ) as first_known,
    from known

),

with_version as (

    -- the guidance in force at notification; without a notification date, at the first date known
    select
        dated.*,
        versions.guidance_version,
    from dated
    inner join versions
        on coalesce(dated.notification, dated.first_known)
            between versions.applies_from_notification_date
            and versions.applies_to_notification_date

),

events as (

    unpivot (
        select
            dhr_id,
            notification,
            decision_on as decision,
            scoping_submitted,
            ho_notified,
            commissioned,
            commenced,
            tor_agreed,
            completed,
            submitted,
            qa_response,
            published,
            first_known,
        from with_version
    )
    on columns(* exclude (dhr_id))
    into name event value event_date

),

chains as (

    select
        guidance_version,
        duty,
        'start' as chain,
        string_split(clock_starts || coalesce('|' || nullif(start_proxies, ''), ''), '|') as tokens,
    from rules

    union all

    select guidance_version, duty, 'met' as chain, string_split(met_by, '|') as tokens,
    from rules
    where coalesce(met_by, '') <> ''

    union all

    select guidance_version, duty, 'done' as chain, string_split(done_when, '|') as tokens,
    from rules
    where coalesce(done_when, '') <> ''

),

steps as (

    -- one row per link of a chain: 'notification+28d' is the event notification, plus 28 days
    select
        guidance_version,
        duty,
        chain,
        step.i as step_number,
        tokens[step.i] as token,
        regexp_extract(tokens[step.i], '^([a-z_]+)', 1) as event,
        try_cast(regexp_extract(tokens[step.i], '\+(\d+)([dmy])$', 1) as integer) as offset_length,
        nullif(regexp_extract(tokens[step.i], '\+(\d+)([dmy])$', 2), '') as offset_unit,
    from chains, range(1, len(tokens) + 1) as step(i)

),

dhr_duties as (

    select
        with_version.dhr_id,
        with_version.reporting_date,
        rules.*,
        case rules.applies_when
            when 'all' then true
            when 'submitted' then true
            -- a DHR goes ahead unless the CSP recorded a decision not to hold one (003 L283-284)
            when 'dhr' then with_version.decision is distinct from 'not_commissioned'
            when 'no_dhr' then coalesce(with_version.decision = 'not_commissioned', false)
            when 'action_plan' then coalesce(with_version.has_action_plan, false)
            else false
        end as is_applicable,
    from with_version
    inner join rules
        on with_version.guidance_version = rules.guidance_version

),

chain_dates as (

    select
        dhr_duties.dhr_id,
        dhr_duties.duty,
        steps.chain,
        steps.step_number,
        steps.token,
        steps.event,
        case steps.offset_unit
            when 'd' then events.event_date + steps.offset_length
            when 'm' then cast(events.event_date + to_months(steps.offset_length) as date)
            when 'y' then cast(events.event_date + to_years(steps.offset_length) as date)
            else events.event_date
        end as chain_date,
    from dhr_duties
    inner join steps
        on dhr_duties.guidance_version = steps.guidance_version
        and dhr_duties.duty = steps.duty
    inner join events
        on dhr_duties.dhr_id = events.dhr_id
        and steps.event = events.event

),

first_of_chain as (

    select
        dhr_id,
        duty,
        arg_min(chain_date, step_number) filter (where chain = 'start') as clock_start_date,
        arg_min(case when step_number = 1 then 'recorded' else token end, step_number) filter (where chain = 'start')
            as start_basis,
        arg_min(chain_date, step_number) filter (where chain = 'met') as met_date,
        arg_min(event, step_number) filter (where chain = 'met') as met_basis,
        count(*) filter (where chain = 'done') > 0 as is_done_undated,
    from chain_dates
    group by dhr_id, duty

),

timed as (

    select
        dhr_duties.*,
        first_of_chain.clock_start_date,
        first_of_chain.start_basis,
        first_of_chain.met_date,
        first_of_chain.met_basis,
        coalesce(first_of_chain.is_done_undated, false) as is_done_undated,
        case dhr_duties.length_unit
            when 'day' then first_of_chain.clock_start_date + dhr_duties.length
            when 'month' then cast(first_of_chain.clock_start_date + to_months(dhr_duties.length) as date)
            when 'year' then cast(first_of_chain.clock_start_date + to_years(dhr_duties.length) as date)
        end as due_date,
    from dhr_duties
    left join first_of_chain
        on dhr_duties.dhr_id = first_of_chain.dhr_id
        and dhr_duties.duty = first_of_chain.duty

),

judged as (

    select
        *,
        case
            when not is_applicable then 'not_applicable'
            when met_date is not null and (due_date is null or met_date <= due_date) then 'met'
            when met_date is not null then 'met_late'
            when is_done_undated then 'met_date_not_recorded'
            when due_date is null then 'not_started'
            when reporting_date > due_date then 'overdue'
            else 'due'
        end as clock_status,
    from timed

),

final as (

    select
        ----------  ids
        dhr_id || ':' || duty as clock_id,
        dhr_id,

        ----------  text
        duty_label,
        rule_text,
        source as rule_source,

        ----------  codes
        guidance_version,
        duty,
        rule_kind,
        owed_by,
        clock_starts,
        case when is_applicable then start_basis end as start_basis,
        case when is_applicable then met_basis end as met_basis,
        length_unit,
        clock_status,

        ----------  numerics
        sort_order as duty_sort_order,
        length,
        case when clock_status = 'overdue' then cast(reporting_date - due_date as integer) end as days_overdue,
        case when clock_status = 'met_late' then cast(met_date - due_date as integer) end as days_late,
        case when clock_status = 'due' then cast(due_date - reporting_date as integer) end as days_remaining,

        ----------  booleans
        is_applicable,

        ----------  dates
        -- a duty the DHR does not owe has no dates
        case when is_applicable then clock_start_date end as clock_start_date,
        case when is_applicable then due_date end as due_date,
        case when is_applicable then met_date end as met_date,
        reporting_date,

    from judged

)

select * from final
