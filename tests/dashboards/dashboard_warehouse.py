"""A small warehouse with the `marts` tables of docs/design.md §5, for the dashboard tests.

The rows are few and hand-made so every number a test expects can be checked by eye:

| DHR | force area | status | year | actions (latest snapshot) |
|---|---|---|---|---|
| Hackney DHR/2021/01 | Metropolitan Police | published | 2021 | 1.1 COMPLETE, 1.2 RED overdue 120 d, 2.1 GREEN (target ahead) |
| Lambeth DHR/2022/04 | Metropolitan Police | in_progress | 2022 | - |
| Medway DHR/2020/02 | Kent | submitted | 2020 | 1.1 AMBER overdue 30 d, 1.2 COMPLETE |
| Maidstone DHR/2022/01 | Kent | paused | 2022 | - |
| Cardiff DHR/2021/05 | South Wales | not_commissioned | 2021 | - |
| Cardiff DHR/2023/01 | South Wales | scoping | not known | - |

Thames Valley has no DHR at all: selecting it is the empty-result case.

The audience pages (issue 4) read more marts; `_AUDIENCE_DDL` adds small hand-made versions:

* `rpt_dhr_pipeline`: Lambeth DHR/2022/04 is overdue for completion (40 days), Cardiff DHR/2023/01 is
  overdue for its scoping review (12 days); the others met or are not applicable.
* `fct_dhr_clocks` (issue 18): the next duty of each open DHR: Lambeth DHR/2022/04 completion overdue
  by 40 days (its clock from the commissioning date, commencement not recorded), Medway DHR/2020/02
  the Home Office's quality assurance answer overdue by 10 days, Cardiff DHR/2023/01 its decision
  overdue by 12 days, Maidstone DHR/2022/01 completion due in 30 days.
* `rpt_action_status_by_quarter`: 2026-Q2 and 2026-Q3 (to date) for Hackney and Medway.
* `fct_action_quality_flags`: Hackney DHR/2021/01 action 1.2 has no key milestones.
* `rpt_risk_factor_prevalence`: coercive control for victims, nationally (3 Yes of 4, 1 Not known),
  in the Metropolitan Police (2 of 2) and in Hackney (1 of 1).
* `rpt_learning_theme_prevalence`: of the two themed DHRs nationally (Hackney DHR/2021/01, Medway
  DHR/2020/02), Hackney's carries risk assessment and training (1 of 1 in Hackney and the Met).
* `rpt_implementation_obstacles`: 4 open actions, 1 RED, 2 overdue, 1 stalled (a police action).
* `rpt_recurring_themes_by_year`: 2024's risk assessment recommendations were made in two force areas
  after three earlier DHRs in two areas (3 of 4 earlier actions not complete, 2 overdue).
* `rpt_timeliness_by_published_year`: Hackney's DHR published in 2024 (2016 guidance, London): 1,100
  days to publication, over its completion target, delayed by criminal proceedings.
* `fct_national_recommendations`: four, to the Home Office (not answered, 500 days open),
  "MHCLG" (never notified, 92 days open), the "Department for Levelling Up, Housing and Communities"
  (notified, 41 days open) and NHS England (answered, partly met).
* `fct_national_recommendation_tracker` (issue 18): four, chased in this order: Hackney R2 to the Home
  Office (overdue 444 days), Medway R2 to "MHCLG" (never notified, 36 days past the due date counted
  from its plan's first update), Hackney R3 to the "Department for Levelling Up, Housing and
  Communities" (awaiting, due 15/10/2026); Medway R1 to NHS England answered late (Commissioner's
  status "Accepted in part"). The two to MHCLG are one department's chase list.
* `rpt_published_year_prevalence`: the DHRs published in 2024 (Hackney) and 2023 (none with data).
* Thematic learning (issue 5, `_THEMES_DDL`): Hackney DHR/2021/01 (published 2024) has three texts:
  recommendation 1 (risk_assessment|training_awareness, confident), action 1.1 (training_awareness,
  low confidence) and action 1.2 (multi_agency_working, already overridden by "A. Analyst" to
  multi_agency_working|risk_assessment); Medway DHR/2020/02 (not published) has action 1.1
  (coercive_control|housing_homelessness). 2024 has two topics, "interpreters / language / family"
  emerging. Hackney recommendation 1 repeats an earlier Hackney recommendation (DHR/2019/07, 2019,
  similarity 0.72) whose actions are RED.
* Home Office form fields and governance (`dim_dhrs`, issue 18): Hackney DHR/2021/01 notified to the Home
  Office in March 2021, two children in the household, perpetrator convicted of murder, victim's home, sharp
  instrument (restricted), plan overseen by "Reported to the Hackney CSP board every quarter"; Lambeth
  DHR/2022/04 awaiting trial, children not given; Medway DHR/2020/02 (suicide) no children.
* Medway's CSP has actions but Maidstone's has none: the "CSP with no actions" case. No DHR was
  published in 2025: the "year with no publications" case.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_PATH = REPO_ROOT / "dashboards" / "app.py"
PAGES_DIR = REPO_ROOT / "dashboards" / "app_pages"
ARTIFACTS_DIR = REPO_ROOT / "tests" / "_artifacts"

REPORTING_DATE = date(2026, 9, 30)

MET, KENT, SOUTH_WALES, THAMES_VALLEY = "E23000001", "E23000032", "W15000004", "E23000035"
KENT_NAME = "Kent"
INJECTION = "E23000001') or 1=1 --"
HACKNEY, LAMBETH, MEDWAY, MAIDSTONE, CARDIFF = "E22000012", "E22000022", "E22000183", "E22000178", "W22000029"
#: Injection attempts tried in every filter value (issue 6).
INJECTIONS = (
    INJECTION,
    "E22000012' or '1'='1",
    "x'; drop table marts.dim_dhrs; --",
    'E23000032" or 1=1 --',
    "%' union select * from marts.dim_dhrs --",
    "E23000001); attach '/tmp/x.duckdb' as y; --",
)

#: Users of the dashboard tests (conftest.app_state_template), one per role, all with TEST_PASSWORD.
TEST_PASSWORD = "test password 1234"  # noqa: S105 - a fixture's password, in a throwaway app-state file
NATIONAL_USER, PCC_USER, CSP_USER = "t.national", "t.pcc.kent", "t.csp.hackney"
RESEARCHER_USER, NO_ROLE_USER, RESTRICTED_USER = "t.researcher", "t.norole", "t.restricted"
TEST_USERS: dict[str, list[str]] = {
    NATIONAL_USER: ["national"],
    PCC_USER: [f"pcc:{KENT}"],
    CSP_USER: [f"csp:{HACKNEY}"],
    RESEARCHER_USER: ["researcher"],
    NO_ROLE_USER: [],
    RESTRICTED_USER: ["national", "restricted"],
}

_DDL = """
create schema marts;

create table marts.dim_force_areas (
    force_area_code varchar, force_area_name varchar, country varchar, region_code varchar,
    region_name varchar, pcc_office_title varchar
);
insert into marts.dim_force_areas values
    ('E23000001', 'Metropolitan Police', 'England', 'E12000007', 'London', 'Mayor of London'),
    ('E23000032', 'Kent', 'England', 'E12000008', 'South East', 'Police and Crime Commissioner for Kent'),
    ('W15000004', 'South Wales', 'Wales', 'W92000004', 'Wales', 'Police and Crime Commissioner for South Wales'),
    ('E23000035', 'Thames Valley', 'England', 'E12000008', 'South East', 'Police and Crime Commissioner for Thames Valley');

create table marts.dim_csps (
    csp_code varchar, csp_name varchar, force_area_code varchar, force_area_name varchar, region_name varchar
);
insert into marts.dim_csps values
    ('E22000012', 'Hackney', 'E23000001', 'Metropolitan Police', 'London'),
    ('E22000022', 'Lambeth', 'E23000001', 'Metropolitan Police', 'London'),
    ('E22000183', 'Medway', 'E23000032', 'Kent', 'South East'),
    ('E22000178', 'Maidstone', 'E23000032', 'Kent', 'South East'),
    ('W22000029', 'Cardiff', 'W15000004', 'South Wales', 'Wales');

create table marts.dim_dhrs (
    dhr_id varchar, csp_code varchar, csp_name varchar, force_area_code varchar, force_area_name varchar,
    region_name varchar, dhr_reference varchar, victim_pseudonym varchar, death_type varchar,
    death_type_label varchar, decision varchar, decision_label varchar, dhr_status varchar,
    dhr_status_label varchar, notification_month date, notification_year integer, published_year integer,
    guidance_version varchar, has_scoping_review boolean, has_data_capture boolean, has_action_plan boolean,
    latest_action_plan_as_at date, action_count integer, open_action_count integer, overdue_action_count integer
);
insert into marts.dim_dhrs values
    ('E22000012:DHR202101', 'E22000012', 'Hackney', 'E23000001', 'Metropolitan Police', 'London', 'DHR/2021/01', 'Anna',
     'domestic_homicide', 'Domestic homicide', 'commissioned', 'DHR commissioned', 'published', 'Published',
     date '2021-03-01', 2021, 2024, '2016', true, true, true, date '2026-06-30', 3, 2, 1),
    ('E22000022:DHR202204', 'E22000022', 'Lambeth', 'E23000001', 'Metropolitan Police', 'London', 'DHR/2022/04', 'Beth',
     'domestic_homicide', 'Domestic homicide', 'commissioned', 'DHR commissioned', 'in_progress', 'DHR in progress',
     date '2022-07-01', 2022, null, '2016', true, true, false, null, 0, 0, 0),
    ('E22000183:DHR202002', 'E22000183', 'Medway', 'E23000032', 'Kent', 'South East', 'DHR/2020/02', 'Carol',
     'suicide', 'Suicide', 'commissioned', 'DHR commissioned', 'submitted', 'Submitted to the Home Office',
     date '2020-11-01', 2020, null, '2016', true, true, true, date '2026-09-01', 2, 1, 1),
    ('E22000178:DHR202201', 'E22000178', 'Maidstone', 'E23000032', 'Kent', 'South East', 'DHR/2022/01', 'Dawn',
     'domestic_homicide', 'Domestic homicide', 'commissioned_paused', 'Commissioned, paused', 'paused',
     'Paused for criminal proceedings', date '2022-02-01', 2022, null, '2016', true, false, false, null, 0, 0, 0),
    ('W22000029:DHR202105', 'W22000029', 'Cardiff', 'W15000004', 'South Wales', 'Wales', 'DHR/2021/05', 'Erin',
     'neglect', 'Neglect', 'not_commissioned', 'DHR not commissioned', 'not_commissioned', 'DHR not commissioned',
     date '2021-05-01', 2021, null, '2016', true, false, false, null, 0, 0, 0),
    ('W22000029:DHR202301', 'W22000029', 'Cardiff', 'W15000004', 'South Wales', 'Wales', 'DHR/2023/01', null,
     null, null, null, null, 'scoping', 'Scoping review (no decision recorded)', null, null, null, '2024', true, false,
     false, null, 0, 0, 0);

-- The Home Office form's remaining fields (004 Template 29) and the plans' governance (003 L776):
-- Hackney's form gives two children, murder, the victim's home and a sharp instrument; Lambeth's
-- leaves the children blank and awaits trial; Medway's (a suicide) no children.
alter table marts.dim_dhrs add column ho_notified_month date;
alter table marts.dim_dhrs add column children_in_household integer;
alter table marts.dim_dhrs add column perpetrator_verdict varchar;
alter table marts.dim_dhrs add column perpetrator_verdict_label varchar;
alter table marts.dim_dhrs add column place_of_death varchar;
alter table marts.dim_dhrs add column place_of_death_label varchar;
alter table marts.dim_dhrs add column method_of_killing varchar;
alter table marts.dim_dhrs add column method_of_killing_label varchar;
alter table marts.dim_dhrs add column action_plan_governance varchar;
update marts.dim_dhrs set ho_notified_month = date '2021-03-01', children_in_household = 2,
    perpetrator_verdict = 'murder', perpetrator_verdict_label = 'Convicted of murder', place_of_death = 'victim_home',
    place_of_death_label = 'Victim''s home', method_of_killing = 'sharp_instrument',
    method_of_killing_label = 'Sharp instrument', action_plan_governance = 'Reported to the Hackney CSP board every quarter'
where dhr_id = 'E22000012:DHR202101';
update marts.dim_dhrs set ho_notified_month = date '2022-07-01', perpetrator_verdict = 'awaiting_trial',
    perpetrator_verdict_label = 'Awaiting trial', place_of_death = 'public_place', place_of_death_label = 'Public place',
    method_of_killing = 'blunt_instrument', method_of_killing_label = 'Blunt instrument'
where dhr_id = 'E22000022:DHR202204';
update marts.dim_dhrs set ho_notified_month = date '2020-11-01', children_in_household = 0,
    perpetrator_verdict = 'not_applicable', perpetrator_verdict_label = 'Not applicable (suicide or neglect)',
    place_of_death = 'not_known', place_of_death_label = 'Not known', method_of_killing = 'suicide_or_neglect',
    method_of_killing_label = 'Not applicable (suicide or neglect)'
where dhr_id = 'E22000183:DHR202002';

create table marts.fct_actions (
    action_id varchar, dhr_id varchar, csp_code varchar, force_area_code varchar, recommendation_number varchar,
    action_number varchar, recommendation varchar, action varchar, lead_agency varchar, outcome varchar,
    responsible_lead varchar, target_date date, status varchar, status_label varchar, progress varchar,
    completion_date date, outcome_achieved varchar, snapshot_as_at_date date, is_complete boolean,
    is_overdue boolean, days_overdue integer, reporting_date date
);
insert into marts.fct_actions values
    ('E22000012:DHR202101#1.1', 'E22000012:DHR202101', 'E22000012', 'E23000001', '1', '1.1',
     'Improve risk assessment', 'Train GP practices in DASH', 'NHS North East London ICB', 'Staff trained',
     'Head of Safeguarding', date '2025-03-31', 'complete', 'COMPLETE - Action completed', 'Done',
     date '2025-03-15', 'Yes', date '2026-06-30', true, false, null, date '2026-09-30'),
    ('E22000012:DHR202101#1.2', 'E22000012:DHR202101', 'E22000012', 'E23000001', '1', '1.2',
     'Improve risk assessment', 'Audit MARAC referrals', 'Metropolitan Police Service', 'Audit report',
     'DCI Public Protection', date '2026-06-02', 'red', 'RED - Action required', 'Not started',
     null, null, date '2026-06-30', false, true, 120, date '2026-09-30'),
    ('E22000012:DHR202101#2.1', 'E22000012:DHR202101', 'E22000012', 'E23000001', '2', '2.1',
     'Share learning', 'Hold a learning event', 'Hackney Community Safety Partnership', 'Event held',
     'CSP Manager', date '2027-01-31', 'green', 'GREEN - Preparation complete and action ongoing', 'Booked',
     null, null, date '2026-06-30', false, false, null, date '2026-09-30'),
    ('E22000183:DHR202002#1.1', 'E22000183:DHR202002', 'E22000183', 'E23000032', '1', '1.1',
     'Housing awareness', 'Brief housing officers on coercive control', 'Medway Council Housing', 'Briefing delivered',
     'Housing Manager', date '2026-08-31', 'amber', 'AMBER - Preparation underway', 'Drafting',
     null, null, date '2026-09-01', false, true, 30, date '2026-09-30'),
    ('E22000183:DHR202002#1.2', 'E22000183:DHR202002', 'E22000183', 'E23000032', '1', '1.2',
     'Housing awareness', 'Update the housing DA policy', 'Medway Council Housing', 'Policy updated',
     'Housing Manager', date '2026-01-31', 'complete', 'COMPLETE - Action completed', 'Done',
     date '2026-01-20', 'Yes', date '2026-09-01', true, false, null, date '2026-09-30');

create table marts.fct_action_snapshots as
select action_id || '@' || strftime(snapshot_as_at_date, '%Y-%m-%d') as action_snapshot_id, action_id, dhr_id,
       csp_code, force_area_code, snapshot_as_at_date, status, target_date, completion_date, true as is_latest_snapshot
from marts.fct_actions;

create table marts.rpt_dhrs_by_year_force_area as
select notification_year, force_area_code, force_area_name, region_name, dhr_status, dhr_status_label,
       count(*) as dhr_count
from marts.dim_dhrs
group by all;

-- As the dbt model builds it: every force area x status, with zero counts where there are none.
create table marts.rpt_action_status_by_force_area as
with statuses(status, status_label, status_sort_order) as (
    values ('red', 'RED - Action required', 1), ('amber', 'AMBER - Preparation underway', 2),
           ('green', 'GREEN - Preparation complete and action ongoing', 3), ('complete', 'COMPLETE - Action completed', 4)
),
counts as (
    select force_area_code, status, count(*) as action_count, count(*) filter (where is_overdue) as overdue_action_count
    from marts.fct_actions
    group by all
)
select fa.force_area_code, fa.force_area_name, fa.region_name, s.status, s.status_label, s.status_sort_order,
       coalesce(c.action_count, 0) as action_count, coalesce(c.overdue_action_count, 0) as overdue_action_count
from marts.dim_force_areas as fa
cross join statuses as s
left join counts as c on c.force_area_code = fa.force_area_code and c.status = s.status;

create table marts.meta_build (
    built_at timestamp, reporting_date date, dbt_version varchar, dhr_count integer, action_count integer,
    file_count integer
);
insert into marts.meta_build values (timestamp '2026-09-30 14:05:00', date '2026-09-30', '1.11.0', 6, 5, 14);

-- The quarterly-update register: Hackney's open plan missed 2026 Q2; Maidstone's Q2 came late.
create table marts.fct_quarterly_updates (
    quarterly_update_id varchar, dhr_id varchar, csp_code varchar, force_area_code varchar, dhr_reference varchar,
    csp_name varchar, quarter_label varchar, update_status varchar, update_file_count bigint, days_past_due bigint,
    is_plan_complete boolean, quarter_start date, quarter_end date, due_date date, latest_as_at_date date,
    first_received_at timestamp
);
insert into marts.fct_quarterly_updates values
    ('E22000012:DHR202101:2026-Q1', 'E22000012:DHR202101', 'E22000012', 'E23000001', 'DHR/2021/01', 'Hackney',
     '2026 Q1', 'received', 1, null, false, date '2026-01-01', date '2026-03-31', date '2026-05-01',
     date '2026-03-31', timestamp '2026-04-10 09:00:00'),
    ('E22000012:DHR202101:2026-Q2', 'E22000012:DHR202101', 'E22000012', 'E23000001', 'DHR/2021/01', 'Hackney',
     '2026 Q2', 'missing', 0, 61, false, date '2026-04-01', date '2026-06-30', date '2026-07-31', null, null),
    ('E22000012:DHR202101:2026-Q3', 'E22000012:DHR202101', 'E22000012', 'E23000001', 'DHR/2021/01', 'Hackney',
     '2026 Q3', 'not_yet_due', 0, null, false, date '2026-07-01', date '2026-09-30', date '2026-10-31', null, null),
    ('E22000178:DHR202201:2026-Q2', 'E22000178:DHR202201', 'E22000178', 'E23000032', 'DHR/2022/01', 'Maidstone',
     '2026 Q2', 'received_late', 1, 12, false, date '2026-04-01', date '2026-06-30', date '2026-07-31',
     date '2026-06-30', timestamp '2026-08-12 09:00:00');

-- Files received (the Send forms page): Hackney's plan accepted, a Hackney file still in quarantine,
-- and a Kent CSP's file no Hackney user may see.
create table marts.fct_files_received (
    file_sha256 varchar, dhr_id varchar, csp_code varchar, force_area_code varchar, superseded_by_file_sha256 varchar,
    dhr_reference varchar, rejection_reasons varchar[], form_type varchar, ingest_status varchar,
    quarantine_state varchar, file_size_bytes bigint, error_count integer, is_accepted boolean, received_at timestamp,
    superseded_at timestamp
);
insert into marts.fct_files_received values
    ('f1', 'E22000012:DHR202101', 'E22000012', 'E23000001', null, 'DHR/2021/01', [],
     'action_plan', 'accepted', 'accepted', 20000, 0, true, timestamp '2026-07-10 09:00:00', null),
    ('f2', null, 'E22000012', 'E23000001', null, null,
     ['The file: the file is not a complete .xlsx file (it may be damaged or only partly copied)'],
     null, 'rejected', 'open', 9000, 1, false, timestamp '2026-08-01 10:00:00', null),
    ('f3', 'E22000178:DHR202201', 'E22000178', 'E23000032', null, 'DHR/2022/01', [],
     'action_plan', 'accepted', 'accepted', 21000, 0, true, timestamp '2026-07-11 09:00:00', null);
"""


_AUDIENCE_DDL = """
alter table marts.rpt_dhrs_by_year_force_area add column dhr_status_sort_order integer;
update marts.rpt_dhrs_by_year_force_area set dhr_status_sort_order = case dhr_status when 'scoping' then 1
    when 'not_commissioned' then 2 when 'paused' then 3 when 'in_progress' then 4 when 'submitted' then 5 else 6 end;

-- fct_actions as the dbt model builds it has more columns than the overview needs.
alter table marts.fct_actions add column recommendation_id varchar;
alter table marts.fct_actions add column recommendation_level varchar;
alter table marts.fct_actions add column addressee varchar;
alter table marts.fct_actions add column milestones varchar;
alter table marts.fct_actions add column implementation_status varchar;
alter table marts.fct_actions add column recommendation_completion_date date;
alter table marts.fct_actions add column status_sort_order integer;
alter table marts.fct_actions add column completion_timeliness varchar;
alter table marts.fct_actions add column is_outcome_achieved boolean;
update marts.fct_actions set
    recommendation_id = dhr_id || '#R' || recommendation_number,
    recommendation_level = case when action_id = 'E22000012:DHR202101#2.1' then 'national' else 'single_agency' end,
    addressee = case when action_id = 'E22000012:DHR202101#2.1' then 'Home Office' else lead_agency end,
    milestones = case when action_id = 'E22000012:DHR202101#1.2' then null else 'Plan agreed; delivered' end,
    status_sort_order = case status when 'red' then 1 when 'amber' then 2 when 'green' then 3 else 4 end,
    completion_timeliness = case
        when status <> 'complete' then 'not_complete'
        when completion_date <= target_date then 'on_time'
        else 'late'
    end,
    is_outcome_achieved = outcome_achieved = 'Yes';
update marts.fct_actions set outcome_achieved = lower(outcome_achieved);

create table marts.dim_recommendations as
select distinct
    recommendation_id, dhr_id, csp_code, force_area_code, recommendation_number,
    cast(null as date) as addressee_notified_date, cast(null as date) as response_date,
    case try_cast(recommendation_number as integer) % 3 when 0 then 'training' when 1 then 'multi-agency working' else 'other' end
        as dhr_library_theme,
    false as is_national
from marts.fct_actions;

create table marts.rpt_dhr_pipeline as
select
    d.dhr_id, d.csp_code, d.force_area_code, d.csp_name, d.force_area_name, d.region_name, d.dhr_reference,
    d.dhr_status_label, d.decision_label,
    case d.dhr_reference || d.csp_code
        when 'DHR/2023/01W22000029' then 'Overdue by 12 days'
        else 'Met: scoping review within 28 days'
    end as scoping_deadline_label,
    case
        when d.dhr_status = 'in_progress' then 'Overdue by 40 days (target 214 days)'
        when d.dhr_status in ('published', 'submitted') then 'Met: completed in 200 of 214 days'
        when d.dhr_status = 'paused' then 'On track: 30 days left of 214'
        else 'Not applicable (no DHR commissioned)'
    end as completion_deadline_label,
    d.dhr_status, d.decision, d.guidance_version,
    'notification' as completion_clock_starts,
    case when d.dhr_reference || d.csp_code = 'DHR/2023/01W22000029' then 'overdue' else 'met' end
        as scoping_deadline_status,
    case
        when d.dhr_status = 'in_progress' then 'overdue'
        when d.dhr_status in ('published', 'submitted') then 'met'
        when d.dhr_status = 'paused' then 'on_track'
        else 'not_applicable'
    end as completion_deadline_status,
    d.notification_year,
    case d.dhr_status when 'scoping' then 1 when 'not_commissioned' then 2 when 'paused' then 3
        when 'in_progress' then 4 when 'submitted' then 5 else 6 end as dhr_status_sort_order,
    28 as scoping_target_days, 20 as days_to_scoping_submission, null::integer as scoping_days_remaining,
    case when d.dhr_reference || d.csp_code = 'DHR/2023/01W22000029' then 12 end as scoping_days_over,
    214 as completion_target_days, null::integer as days_to_completion,
    case when d.dhr_status = 'paused' then 30 end as completion_days_remaining,
    case when d.dhr_status = 'in_progress' then 40 end as completion_days_over,
    d.dhr_status not in ('published', 'not_commissioned') as is_open,
    d.dhr_status = 'in_progress' or d.dhr_reference || d.csp_code = 'DHR/2023/01W22000029' as is_past_deadline,
    d.notification_month,
    date '2026-09-30' as reporting_date
from marts.dim_dhrs as d;

create table marts.fct_dhr_clocks as
with next_duty as (
    select
        d.*,
        case
            when d.dhr_status = 'in_progress' then 'completion'
            when d.dhr_status = 'paused' then 'completion'
            when d.dhr_status = 'submitted' then 'qa_answer'
            when d.dhr_status = 'scoping' then 'decision'
            else 'decision'
        end as duty,
        case
            when d.dhr_status in ('in_progress', 'submitted', 'scoping') then 'overdue'
            when d.dhr_status = 'paused' then 'due'
            else 'met'
        end as clock_status,
        case d.dhr_status when 'in_progress' then 40 when 'submitted' then 10 when 'scoping' then 12 end
            as days_overdue,
    from marts.dim_dhrs as d
)
select
    dhr_id || ':' || duty as clock_id, dhr_id, csp_code, force_area_code, csp_name, dhr_reference, dhr_status_label,
    case duty when 'completion' then 'DHR completed' when 'qa_answer' then 'Home Office quality assurance answer'
        else 'Scoping review and decision' end as duty_label,
    case clock_status when 'overdue' then 'Overdue' when 'due' then 'Due' else 'Done on time' end as clock_status_label,
    case duty
        when 'completion' then 'DHRs are completed, where possible, within one year of the commencement.'
        when 'qa_answer' then 'The quality assurance board meets every month, so an answer is expected within one month of submission.'
        else 'The CSP conducts a scoping review within four weeks of notification.'
    end as rule_text,
    case duty when 'completion' then '003 L763' when 'qa_answer' then '003 L648' else '003 L268' end as rule_source,
    coalesce(guidance_version, '2024_draft') as guidance_version, duty, 'statutory' as rule_kind,
    case duty when 'qa_answer' then 'home_office' else 'csp' end as owed_by,
    case duty when 'completion' then 'commenced' when 'qa_answer' then 'submitted' else 'notification' end as clock_starts,
    case when dhr_status = 'in_progress' then 'commissioned' else 'recorded' end as start_basis,
    cast(null as varchar) as met_basis, 'month' as length_unit, clock_status, dhr_status,
    1 as duty_sort_order, 12 as length,
    case clock_status when 'overdue' then 1 when 'due' then 2 else 4 end as clock_status_sort_order,
    days_overdue, cast(null as integer) as days_late,
    case when clock_status = 'due' then 30 end as days_remaining,
    true as is_applicable,
    clock_status in ('overdue', 'due') as is_next_duty,
    dhr_status = 'in_progress' as is_start_proxy,
    dhr_status not in ('published', 'not_commissioned') as is_open_dhr,
    cast(null as date) as clock_start_date,
    case when days_overdue is not null then date '2026-09-30' - days_overdue
        when clock_status = 'due' then date '2026-10-30' end as due_date,
    cast(null as date) as met_date,
    date '2026-09-30' as reporting_date
from next_duty;

create table marts.rpt_action_status_by_quarter as
select
    a.csp_code, a.force_area_code, c.csp_name, c.force_area_name, c.region_name,
    q.quarter, a.status, a.status_label,
    case a.status when 'red' then 1 when 'amber' then 2 when 'green' then 3 else 4 end as status_sort_order,
    count(*) as action_count,
    count(*) filter (where a.target_date < q.quarter_as_at_date and a.status <> 'complete') as overdue_action_count,
    0 as carried_forward_action_count,
    count(distinct a.dhr_id) as dhr_count,
    q.quarter_as_at_date < q.quarter_end as is_quarter_in_progress,
    q.quarter_start, q.quarter_end, q.quarter_as_at_date, date '2026-09-30' as reporting_date
from marts.fct_actions as a
join marts.dim_csps as c on c.csp_code = a.csp_code
cross join (values
    ('2026-Q2', date '2026-04-01', date '2026-06-30', date '2026-06-30'),
    ('2026-Q3', date '2026-07-01', date '2026-09-30', date '2026-09-29')
) as q(quarter, quarter_start, quarter_end, quarter_as_at_date)
group by all;

create table marts.fct_action_quality_flags as
select
    'E22000012:DHR202101#1.2|action_missing_milestones' as quality_flag_id, 'E22000012:DHR202101' as dhr_id,
    'E22000012:DHR202101#1.2' as action_id, 'E22000012:DHR202101#R1' as recommendation_id,
    'E22000012' as csp_code, 'E23000001' as force_area_code, 'action' as item_type, '1.2' as action_number,
    'Action has no key milestones' as flag_label, '003 L1158 (key milestone entered); 003 L778' as flag_source,
    'action_missing_milestones' as flag_code, 'red' as status, 1 as recommendation_number, 3 as flag_sort_order,
    date '2026-06-30' as snapshot_as_at_date;

create table marts.rpt_risk_factor_prevalence (
    geography_code varchar, force_area_code varchar, geography_level varchar, period_type varchar,
    factor_code varchar, factor_category varchar, subject_type varchar, geography_name varchar,
    factor_label varchar, notification_year integer, factor_sort_order integer, answered_count bigint,
    yes_count bigint, no_count bigint, not_known_count bigint, prevalence_denominator bigint,
    prevalence_pct double, not_known_pct double
);
insert into marts.rpt_risk_factor_prevalence values
    ('K04000001', null, 'national', 'all_years', 'agg_coercive_control', 'aggravating_factor', 'victim',
     'England and Wales', 'Coercive or controlling behaviour', null, 2, 5, 3, 1, 1, 4, 75.0, 20.0),
    ('E23000001', 'E23000001', 'force_area', 'all_years', 'agg_coercive_control', 'aggravating_factor', 'victim',
     'Metropolitan Police', 'Coercive or controlling behaviour', null, 2, 2, 2, 0, 0, 2, 100.0, 0.0),
    ('E23000001', 'E23000001', 'force_area', 'year', 'agg_coercive_control', 'aggravating_factor', 'victim',
     'Metropolitan Police', 'Coercive or controlling behaviour', 2021, 2, 1, 1, 0, 0, 1, 100.0, 0.0),
    ('E22000012', 'E23000001', 'csp', 'all_years', 'agg_coercive_control', 'aggravating_factor', 'victim',
     'Hackney', 'Coercive or controlling behaviour', null, 2, 1, 1, 0, 0, 1, 100.0, 0.0);

create table marts.rpt_learning_theme_prevalence (
    report_row_id varchar, geography_code varchar, force_area_code varchar, geography_level varchar,
    period_type varchar, theme_code varchar, geography_name varchar, theme_title varchar,
    notification_year integer, theme_sort_order integer, dhr_count bigint, themed_dhr_count bigint,
    dhr_pct double, text_count bigint, recommendation_count bigint
);
insert into marts.rpt_learning_theme_prevalence values
    ('n|risk', 'K04000001', null, 'national', 'all_years', 'risk_assessment', 'England and Wales',
     'Risk identification, assessment and management', null, 1, 1, 2, 50.0, 2, 1),
    ('n|train', 'K04000001', null, 'national', 'all_years', 'training_awareness', 'England and Wales',
     'Workforce training, knowledge and skills', null, 4, 1, 2, 50.0, 2, 1),
    ('n|coercive', 'K04000001', null, 'national', 'all_years', 'coercive_control', 'England and Wales',
     'Recognising coercive control and non-physical abuse', null, 6, 1, 2, 50.0, 1, 0),
    ('f|risk', 'E23000001', 'E23000001', 'force_area', 'all_years', 'risk_assessment', 'Metropolitan Police',
     'Risk identification, assessment and management', null, 1, 1, 1, 100.0, 2, 1),
    ('f|train', 'E23000001', 'E23000001', 'force_area', 'all_years', 'training_awareness', 'Metropolitan Police',
     'Workforce training, knowledge and skills', null, 4, 1, 1, 100.0, 2, 1),
    ('f|coercive', 'E23000001', 'E23000001', 'force_area', 'all_years', 'coercive_control', 'Metropolitan Police',
     'Recognising coercive control and non-physical abuse', null, 6, 0, 1, 0.0, 0, 0),
    ('c|risk', 'E22000012', 'E23000001', 'csp', 'all_years', 'risk_assessment', 'Hackney',
     'Risk identification, assessment and management', null, 1, 1, 1, 100.0, 2, 1),
    ('c|train', 'E22000012', 'E23000001', 'csp', 'all_years', 'training_awareness', 'Hackney',
     'Workforce training, knowledge and skills', null, 4, 1, 1, 100.0, 2, 1),
    ('c|coercive', 'E22000012', 'E23000001', 'csp', 'all_years', 'coercive_control', 'Hackney',
     'Recognising coercive control and non-physical abuse', null, 6, 0, 1, 0.0, 0, 0);

create table marts.rpt_implementation_obstacles (
    agency_type varchar, agency_type_label varchar, agency_type_sort_order integer, open_action_count bigint,
    red_action_count bigint, overdue_action_count bigint, stalled_action_count bigint, stalled_dhr_count bigint,
    stalled_force_area_count bigint, median_days_overdue integer, is_national boolean
);
insert into marts.rpt_implementation_obstacles values
    ('all', 'All agencies', 0, 4, 1, 2, 1, 1, 1, 300, true),
    ('police', 'Police', 1, 3, 1, 2, 1, 1, 1, 300, false),
    ('housing', 'Housing', 7, 1, 0, 0, 0, 0, 0, null, false);

create table marts.rpt_recurring_themes_by_year (
    report_row_id varchar, theme_code varchar, theme_title varchar, published_year integer,
    theme_sort_order integer, force_area_count bigint, dhr_count bigint, recommendation_count bigint,
    earlier_dhr_count bigint, earlier_force_area_count bigint, earlier_action_count bigint,
    earlier_open_action_count bigint, earlier_overdue_action_count bigint, is_recurring boolean
);
insert into marts.rpt_recurring_themes_by_year values
    ('2024|risk_assessment', 'risk_assessment', 'Risk identification, assessment and management', 2024, 1,
     2, 2, 2, 3, 2, 4, 3, 2, true),
    ('2024|training_awareness', 'training_awareness', 'Workforce training, knowledge and skills', 2024, 4,
     1, 1, 1, 0, 0, 0, 0, 0, false);

create table marts.rpt_timeliness_by_published_year (
    report_row_id varchar, guidance_version varchar, main_delay_reason varchar, region_name varchar,
    main_delay_reason_label varchar, published_year integer, dhr_count bigint,
    median_days_notification_to_publication integer, median_days_to_completion integer,
    completion_known_count bigint, completed_within_target_count bigint, completed_within_target_pct double,
    scoping_known_count bigint, scoping_within_target_count bigint, scoping_within_target_pct double,
    delayed_count bigint, is_national boolean
);
insert into marts.rpt_timeliness_by_published_year values
    ('2024|London|2016', '2016', 'criminal_proceedings', 'London', 'Criminal proceedings', 2024, 1, 1100, 700,
     1, 0, 0.0, 1, 1, 100.0, 1, false),
    ('2024|England and Wales|2016', '2016', 'criminal_proceedings', 'England and Wales', 'Criminal proceedings',
     2024, 1, 1100, 700, 1, 0, 0.0, 1, 1, 100.0, 1, true);

create table marts.fct_national_recommendations (
    recommendation_id varchar, dhr_id varchar, csp_code varchar, force_area_code varchar, csp_name varchar,
    force_area_name varchar, recommendation varchar, addressee varchar, addressee_type_label varchar,
    response varchar, implementation_status_label varchar, recommendation_level varchar, addressee_type varchar,
    implementation_status varchar, recommendation_number integer, implementation_status_sort_order integer,
    snapshot_count bigint, days_open integer, days_to_response integer, tracker_sort_order bigint,
    is_addressee_national_body boolean, is_notified boolean, is_answered boolean,
    is_implementation_status_recorded boolean, addressee_notified_date date, first_notified_date date,
    response_date date, open_from_date date, snapshot_as_at_date date, reporting_date date
);
insert into marts.fct_national_recommendations values
    ('E22000012:DHR202101#R2', 'E22000012:DHR202101', 'E22000012', 'E23000001', 'Hackney', 'Metropolitan Police',
     'Share learning nationally', 'Home Office', 'Government departments', null, 'Missing (no evidence)', 'national',
     'government', 'missing', 2, 5, 3, 500, null, 1, true, true, false, false, date '2025-05-18',
     date '2025-05-18', null, date '2025-05-18', date '2026-06-30', date '2026-09-30'),
    ('E22000183:DHR202002#R1', 'E22000183:DHR202002', 'E22000183', 'E23000032', 'Medway', 'Kent',
     'Commission housing guidance', 'NHS England', 'Health (NHS, primary care, drug and alcohol services)',
     'Guidance in draft', 'Partly met', 'national', 'health', 'partly_met', 1, 3, 4, 300, 60, 4, true, true, true,
     true, date '2025-12-04', date '2025-12-04', date '2026-02-02', date '2025-12-04', date '2026-09-01',
     date '2026-09-30'),
    ('E22000183:DHR202002#R2', 'E22000183:DHR202002', 'E22000183', 'E23000032', 'Medway', 'Kent',
     '-Review the allocation rules for survivors of domestic abuse', 'MHCLG', 'Government departments', null,
     'Missing (no evidence)', 'national', 'government', 'missing', 2, 5, 1, 92, null, 2, true, false, false, false,
     null, null, null, date '2026-06-30', date '2026-06-30', date '2026-09-30'),
    ('E22000012:DHR202101#R3', 'E22000012:DHR202101', 'E22000012', 'E23000001', 'Hackney', 'Metropolitan Police',
     'Update the homelessness code of guidance', 'Department for Levelling Up, Housing and Communities',
     'Government departments', null, 'Missing (no evidence)', 'national', 'government', 'missing', 3, 5, 1, 41, null,
     3, true, true, false, false, date '2026-08-20', date '2026-08-20', null, date '2026-08-20', date '2026-09-30',
     date '2026-09-30');

-- Issue 18: the Commissioner's office's tracker. Hackney R2 to the Home Office, overdue 444 days;
-- Medway R1 to NHS England, answered late (60 days); two to the one department MHCLG under two
-- names: Hackney R3 "Department for Levelling Up, Housing and Communities", awaiting (due
-- 15/10/2026), and Medway R2 "MHCLG", never notified (due 25/08/2026 from the plan's first update),
-- its text starting with "-" as a spreadsheet formula would.
create table marts.fct_national_recommendation_tracker (
    recommendation_id varchar, dhr_id varchar, csp_code varchar, force_area_code varchar, department_code varchar,
    dhr_reference varchar, csp_name varchar, force_area_name varchar, recommendation varchar, addressee varchar,
    department_name varchar, department_abbreviation varchar, response varchar, workflow_status_label varchar,
    commissioner_status_label varchar, commissioner_status_set_by varchar, commissioner_note varchar,
    escalated_by varchar, csp_reported_status_label varchar, workflow_status varchar, commissioner_status varchar,
    csp_reported_status varchar, recommendation_number integer, answer_days integer, escalation_days integer, days_outstanding integer,
    days_overdue integer, days_to_answer integer, chase_priority bigint, workflow_status_sort_order integer,
    commissioner_status_sort_order integer, is_department_matched boolean, is_notified boolean, is_answered boolean,
    is_answered_by_due_date boolean, is_past_due_date boolean, is_unanswered_after_answer_period boolean,
    is_escalated boolean, is_due_for_escalation boolean, is_due_date_from_notification boolean,
    is_commissioner_status_set boolean, notified_date date, clock_start_date date, answer_due_date date,
    answered_date date, reporting_date date, commissioner_status_set_at timestamp, escalated_at timestamp
);
insert into marts.fct_national_recommendation_tracker values
    ('E22000012:DHR202101#R2', 'E22000012:DHR202101', 'E22000012', 'E23000001', 'home_office', 'DHR/2021/01',
     'Hackney', 'Metropolitan Police', 'Share learning nationally', 'Home Office', 'Home Office', 'HO', null,
     'Overdue', null, null, null, null, 'Missing (no evidence)', 'overdue', null, 'missing', 2, 56, 28, 500, 444, null,
     1, 2, null, true, true, false, false, true, true, false, true, true, false, date '2025-05-18',
     date '2025-05-18', date '2025-07-13', null, date '2026-09-30', null, null),
    ('E22000183:DHR202002#R1', 'E22000183:DHR202002', 'E22000183', 'E23000032', 'nhs_england', 'DHR/2020/02',
     'Medway', 'Kent', 'Commission housing guidance', 'NHS England', 'NHS England', 'NHSE', 'Guidance in draft',
     'Answered', 'Accepted in part', 'A. Commissioner', 'Guidance promised for 2027', null, 'Partly met', 'answered',
     'accepted_in_part', 'partly_met', 1, 56, 28, null, null, 60, null, 5, 3, true, true, true, false, false, true, false,
     false, true, true, date '2025-12-04', date '2025-12-04', date '2026-01-29', date '2026-02-02',
     date '2026-09-30', timestamp '2026-03-01 10:00:00', null),
    ('E22000012:DHR202101#R3', 'E22000012:DHR202101', 'E22000012', 'E23000001', 'mhclg', 'DHR/2021/01',
     'Hackney', 'Metropolitan Police', 'Update the homelessness code of guidance',
     'Department for Levelling Up, Housing and Communities', 'Ministry of Housing, Communities and Local Government',
     'MHCLG', null, 'Awaiting answer', null, null, null, null, 'Missing (no evidence)', 'awaiting_answer', null,
     'missing', 3, 56, 28, 41, null, null, 3, 4, null, true, true, false, false, false, false, false, false, true, false,
     date '2026-08-20', date '2026-08-20', date '2026-10-15', null, date '2026-09-30', null, null),
    ('E22000183:DHR202002#R2', 'E22000183:DHR202002', 'E22000183', 'E23000032', 'mhclg', 'DHR/2020/02',
     'Medway', 'Kent', '-Review the allocation rules for survivors of domestic abuse', 'MHCLG',
     'Ministry of Housing, Communities and Local Government', 'MHCLG', null, 'Not notified', null, null, null, null,
     'Missing (no evidence)', 'not_notified', null, 'missing', 2, 56, 28, 92, 36, null, 2, 3, null, true, false, false,
     false, true, true, false, false, false, false, null, date '2026-06-30', date '2026-08-25', null,
     date '2026-09-30', null, null);

create table marts.rpt_published_year_prevalence (
    prevalence_id varchar, topic varchar, subject_type varchar, item_code varchar, item_group varchar,
    category varchar, item_label varchar, category_label varchar, published_year integer,
    item_sort_order integer, category_sort_order integer, published_dhr_count bigint, category_count bigint,
    known_count bigint, not_known_count bigint, total_count bigint, pct double, not_known_pct double
);
insert into marts.rpt_published_year_prevalence values
    ('risk_factor:victim:agg_coercive_control:yes@2024', 'risk_factor', 'victim', 'agg_coercive_control',
     'aggravating_factor', 'yes', 'Coercive or controlling behaviour', 'Yes', 2024, 2, 1, 1, 1, 1, 0, 1, 100.0, 0.0),
    ('risk_factor:victim:agg_coercive_control:yes@2022', 'risk_factor', 'victim', 'agg_coercive_control',
     'aggravating_factor', 'yes', 'Coercive or controlling behaviour', 'Yes', 2022, 2, 1, 4, 1, 3, 1, 4, 33.3, 25.0),
    ('agency_contact:any:police:yes@2024', 'agency_contact', 'any', 'police', 'criminal_justice', 'yes', 'Police',
     'Known contact', 2024, 1, 1, 1, 1, 1, 0, 1, 100.0, 0.0),
    ('protected_characteristic:victim:sex:female@2024', 'protected_characteristic', 'victim', 'sex', 'sex', 'female',
     'Sex', 'Female', 2024, 2, 1, 1, 1, 1, 0, 1, 100.0, 0.0);

create table marts.rpt_agency_contact as
select 'E23000001' as geography_code, 'E23000001' as force_area_code, 'force_area' as geography_level,
       'year' as period_type, 'police' as agency_code, 'criminal_justice' as agency_group,
       'Metropolitan Police' as geography_name, 'Police' as agency_label, 2021 as notification_year,
       1 as agency_sort_order, 1::bigint as dhrs_with_data_capture, 1::bigint as dhrs_with_contact,
       0::bigint as contact_not_known_count, 0::bigint as dhrs_without_contact, 1::bigint as victim_contact_count,
       0::bigint as perpetrator_contact_count, 0::bigint as children_contact_count, 100.0 as contact_pct,
       100.0 as contact_pct_excluding_not_known;

create table marts.rpt_protected_characteristics as
select 'E23000001' as geography_code, 'E23000001' as force_area_code, 'force_area' as geography_level,
       'year' as period_type, 'victim' as subject_type, 'sex' as characteristic, 'female' as category,
       'sex' as category_code_list, 'Metropolitan Police' as geography_name, 'Sex' as characteristic_label,
       'Female' as category_label, 2021 as notification_year, 2 as characteristic_sort_order,
       1 as category_sort_order, 1::bigint as person_count, 1::bigint as dhr_count,
       0::bigint as judged_relevant_count, 1::bigint as subject_person_count, 100.0 as person_pct;

create table marts.bridge_dhr_library_categories as
select 'E22000012:DHR202101#intimate_partner_homicide' as dhr_library_category_id, 'E22000012:DHR202101' as dhr_id,
       'E22000012' as csp_code, 'E23000001' as force_area_code, 'intimate_partner_homicide' as dhr_library_category,
       null::varchar as agency_code, null::varchar as agency_group,
       'Intimate partner homicide' as dhr_library_category_label, null::varchar as agency_label,
       2021 as notification_year, 1 as dhr_library_category_sort_order;

create table marts.fct_dhr_timeliness as
select d.dhr_id, d.csp_code, d.force_area_code, d.notification_year,
       20 as days_to_scoping_submission, d.dhr_status in ('published', 'submitted') as is_completed,
       case when d.dhr_status in ('published', 'submitted') then 200 end as days_to_completion,
       true as is_scoping_within_target,
       case when d.dhr_status in ('published', 'submitted') then true end as is_completed_within_target,
       case when d.dhr_status = 'published' then 900 end as days_notification_to_publication
from marts.dim_dhrs as d;
"""


THEME_CODES = (
    "risk_assessment",
    "information_sharing",
    "record_keeping",
    "training_awareness",
    "policy_procedure",
    "multi_agency_working",
    "coercive_control",
    "mental_health_suicide",
    "substance_misuse",
    "children_safeguarding",
    "adult_safeguarding",
    "perpetrator_response",
    "housing_homelessness",
    "health_response",
    "public_awareness",
    "specialist_support",
    "equality_access",
)
HACKNEY_REC_TEXT_ID = "E22000012:DHR202101#R1"
HACKNEY_ACTION_TEXT_ID = "E22000012:DHR202101#1.1"

_THEMES_DDL = """
create table marts.dim_theme_texts (
    text_id varchar, dhr_id varchar, recommendation_id varchar, csp_code varchar, force_area_code varchar,
    text_source varchar, text varchar, text_sha256 varchar, dhr_reference varchar, csp_name varchar,
    force_area_name varchar, model_version varchar, predicted_themes varchar, final_themes varchar,
    primary_theme_code varchar, overridden_by varchar, override_note varchar, topic_label varchar,
    notification_year integer, published_year integer, top_score double, topic_id integer, topic_weight double,
    has_override boolean, has_stale_override boolean, is_low_confidence boolean, overridden_at timestamp
);
insert into marts.dim_theme_texts values
    ('E22000012:DHR202101#R1', 'E22000012:DHR202101', 'E22000012:DHR202101#R1', 'E22000012', 'E23000001',
     'recommendation', 'Improve risk assessment', sha256('Improve risk assessment'), 'DHR/2021/01', 'Hackney',
     'Metropolitan Police', '1.0.0+fixture', 'risk_assessment|training_awareness', 'risk_assessment|training_awareness',
     'risk_assessment', null, null, 'interpreters / language / family', 2021, 2024, 0.81, 0, 0.4, false, false, false, null),
    ('E22000012:DHR202101#1.1', 'E22000012:DHR202101', 'E22000012:DHR202101#R1', 'E22000012', 'E23000001',
     'action', 'Train GP practices in DASH', sha256('Train GP practices in DASH'), 'DHR/2021/01', 'Hackney',
     'Metropolitan Police', '1.0.0+fixture', 'training_awareness', 'training_awareness', 'training_awareness',
     null, null, null, 2021, 2024, 0.45, null, null, false, false, true, null),
    ('E22000012:DHR202101#1.2', 'E22000012:DHR202101', 'E22000012:DHR202101#R1', 'E22000012', 'E23000001',
     'action', 'Audit MARAC referrals', sha256('Audit MARAC referrals'), 'DHR/2021/01', 'Hackney',
     'Metropolitan Police', '1.0.0+fixture', 'multi_agency_working', 'multi_agency_working|risk_assessment',
     'multi_agency_working', 'A. Analyst', 'MARAC referral on risk grounds (R1)', null, 2021, 2024, 0.66, null, null,
     true, false, false, timestamp '2026-09-01 10:00:00'),
    ('E22000183:DHR202002#1.1', 'E22000183:DHR202002', 'E22000183:DHR202002#R1', 'E22000183', 'E23000032',
     'action', 'Brief housing officers on coercive control', sha256('Brief housing officers on coercive control'),
     'DHR/2020/02', 'Medway', 'Kent', '1.0.0+fixture', 'coercive_control|housing_homelessness',
     'coercive_control|housing_homelessness', 'coercive_control', null, null, null, 2020, null, 0.77, null, null,
     false, false, false, null);

-- the taxonomy seed (reference.learning_themes in the warehouse), as the research topic's model reads it
create table marts.learning_themes as
select theme_code, replace(theme_code, '_', ' ') as theme_title, 'other' as dhr_library_theme, sort_order
from (select unnest(codes) as theme_code, generate_subscripts(codes, 1) as sort_order from (select {codes} as codes));

create table marts.fct_text_themes as
select
    t.text_id || '|' || c.theme_code as text_theme_id, t.text_id, t.dhr_id, t.recommendation_id, t.csp_code,
    t.force_area_code, t.text_source, c.theme_code, 'other' as dhr_library_theme,
    replace(c.theme_code, '_', ' ') as theme_title, t.model_version, t.overridden_by,
    t.notification_year, t.published_year,
    case when list_contains(string_split(t.predicted_themes, '|'), c.theme_code) then 0.8 else 0.05 end as score,
    c.sort_order as theme_rank, c.sort_order as final_rank,
    list_contains(string_split(t.predicted_themes, '|'), c.theme_code) as is_predicted,
    t.has_override as is_overridden,
    t.has_override and list_contains(string_split(t.final_themes, '|'), c.theme_code) as is_override_choice,
    list_contains(string_split(t.final_themes, '|'), c.theme_code) as is_final,
    t.is_low_confidence, t.overridden_at
from marts.dim_theme_texts as t
cross join (select unnest(codes) as theme_code, generate_subscripts(codes, 1) as sort_order from (select {codes} as codes)) as c;

create table marts.rpt_text_themes_by_year as
select
    published_year || '|' || force_area_code || '|' || text_source || '|' || theme_code as report_row_id,
    force_area_code, text_source, theme_code, any_value(dhr_library_theme) as dhr_library_theme,
    any_value(theme_title) as theme_title, 'Metropolitan Police' as force_area_name, published_year,
    1 as theme_sort_order, count(*) filter (where is_final) as text_count,
    count(distinct dhr_id) filter (where is_final) as dhr_count,
    count(*) filter (where is_final and is_overridden) as overridden_text_count,
    count(*) filter (where is_predicted) as predicted_text_count, count(distinct text_id) as texts_in_group
from marts.fct_text_themes
where published_year is not null
group by all;

create table marts.rpt_emerging_topics (
    report_row_id varchar, topic_label varchar, top_terms varchar, example_texts varchar[], published_year integer,
    topic_id integer, text_count bigint, year_text_count bigint, share_of_year double, earlier_text_count bigint,
    share_of_earlier_years double, all_years_text_count integer, is_emerging boolean
);
insert into marts.rpt_emerging_topics values
    ('2024|0', 'interpreters / language / family', 'interpreters, language, family, members',
     ['Use professional interpreters, never family members.', 'Improve risk assessment'], 2024, 0, 2, 3, 0.6667, 0,
     null, 2, true),
    ('2024|1', 'gp / practices / dash', 'gp, practices, dash', ['Train GP practices in DASH'], 2024, 1, 1, 3, 0.3333,
     0, null, 1, false);

create table marts.fct_repeated_learning (
    repeated_learning_id varchar, recommendation_id varchar, dhr_id varchar, csp_code varchar, force_area_code varchar,
    earlier_recommendation_id varchar, earlier_dhr_id varchar, earlier_csp_code varchar, link_scope varchar,
    earlier_status_summary varchar, recommendation varchar, earlier_recommendation varchar,
    earlier_dhr_reference varchar, similarity double, similarity_threshold double, link_rank bigint,
    recommendation_year integer, earlier_year integer, earlier_action_count bigint, earlier_red_action_count bigint,
    earlier_amber_action_count bigint, earlier_green_action_count bigint, earlier_complete_action_count bigint,
    earlier_overdue_action_count bigint, recommendation_month date, earlier_month date
);
insert into marts.fct_repeated_learning values
    ('E22000012:DHR202101#R1>E22000012:DHR201907#R2', 'E22000012:DHR202101#R1', 'E22000012:DHR202101', 'E22000012',
     'E23000001', 'E22000012:DHR201907#R2', 'E22000012:DHR201907', 'E22000012', 'same_csp', 'red',
     'Improve risk assessment', 'Improve risk assessment and the use of DASH', 'DHR/2019/07', 0.72, 0.38, 1, 2024,
     2019, 2, 1, 0, 0, 1, 1, date '2024-05-01', date '2019-06-01');
"""


RESEARCH_MARTS_DIR = Path(__file__).resolve().parents[2] / "models" / "marts" / "research"


def research_marts_sql() -> dict[str, str]:
    """The researcher topics' marts, from dbt's own model SQL over this fixture's marts (refs read as
    ``marts.<model>``), so the fixture and the warehouse aggregate by the same rule."""
    return {
        model.stem: re.sub(r"\{\{\s*ref\('(\w+)'\)\s*\}\}", r"marts.\1", model.read_text(encoding="utf-8"))
        for model in sorted(RESEARCH_MARTS_DIR.glob("rpt_research_*.sql"))
    }


def make_warehouse(path: Path, *, with_marts: bool = True) -> Path:
    """Write the fixture warehouse to `path` and close it (a writer would lock out readers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(path))
    try:
        if with_marts:
            conn.execute(_DDL)
            conn.execute(_AUDIENCE_DDL)
            conn.execute(_THEMES_DDL.replace("{codes}", "[" + ", ".join(f"'{c}'" for c in THEME_CODES) + "]"))
            for name, sql in research_marts_sql().items():
                conn.execute(f"create table marts.{name} as {sql}")
        else:
            conn.execute("create schema raw; create table raw.ingested_files (file_sha256 varchar)")
    finally:
        conn.close()
    return path
