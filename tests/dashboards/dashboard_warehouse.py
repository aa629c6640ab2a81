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
"""

from __future__ import annotations

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
"""


def make_warehouse(path: Path, *, with_marts: bool = True) -> Path:
    """Write the fixture warehouse to `path` and close it (a writer would lock out readers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(path))
    try:
        if with_marts:
            conn.execute(_DDL)
        else:
            conn.execute("create schema raw; create table raw.ingested_files (file_sha256 varchar)")
    finally:
        conn.close()
    return path
