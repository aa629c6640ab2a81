-- Every open DHR (not published, not 'not commissioned') has exactly one next duty with a due date
-- in fct_dhr_clocks (issue 18: "every open DHR has a due date for its next duty"), and no DHR has
-- more than one. Returns the DHRs that break this.
--
-- A DHR of which nothing is known at the reporting date is left out: the warehouse holds it only
-- through files dated after that date (a build at an earlier reporting date, as the real-world files'
-- test makes), so no clock of it can have started by then.

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

clocks as (

    select * from {{ ref('fct_dhr_clocks') }}

),

next_duties as (

    select
        dhr_id,
        count(*) filter (where is_next_duty) as next_duty_count,
        count(*) filter (where is_next_duty and due_date is not null) as next_due_date_count,
    from clocks
    group by dhr_id

),

final as (

    select
        dhrs.dhr_id,
        dhrs.dhr_status,
        coalesce(next_duties.next_duty_count, 0) as next_duty_count,
        coalesce(next_duties.next_due_date_count, 0) as next_due_date_count,
    from dhrs
    left join next_duties
        on dhrs.dhr_id = next_duties.dhr_id
    left join facts
        on dhrs.dhr_id = facts.dhr_id
    where coalesce(next_duties.next_duty_count, 0) > 1
        or (
            dhrs.dhr_status not in ('published', 'not_commissioned')
            and coalesce(next_duties.next_due_date_count, 0) <> 1
            and least(
                facts.notification_date, facts.scoping_submitted_date, facts.first_plan_as_at_date,
                facts.first_received_date
            ) <= facts.reporting_date
        )

)

select * from final
