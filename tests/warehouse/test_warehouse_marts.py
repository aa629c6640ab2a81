"""The marts built from hand-written raw rows follow docs/design.md sections 4-5.

Expected values are written out by hand from the rules, never computed by the code under test.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from warehouse_raw_rows import BOARD, DA_BOARD, MARKER, REPORTING_DATE

from dhr.data_dictionary import load_models, restricted_only_names

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect(str(built.warehouse_path), read_only=True)
    yield connection
    connection.close()


def rows(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_dhr_status_follows_the_first_matching_rule(con):
    status = {r["dhr_id"]: r["dhr_status"] for r in rows(con, "select dhr_id, dhr_status from marts.dim_dhrs")}
    assert status == {
        "E22000186:DHR202103": "published",  # published 2023-05-02
        "E22000186:DHR202201": "submitted",  # published 2027: not yet at 2026-09-30
        "W14000003:C1": "not_commissioned",
        "W14000003:D1": "paused",  # data capture form beats the older scoping review
        "W14000003:E1": "in_progress",  # the later scoping review wins
        "E22000186:F1": "scoping",  # only an action plan
    }


def test_forms_written_differently_link_on_one_dhr_id(con):
    (dhr,) = rows(con, "select * from marts.dim_dhrs where dhr_id = 'E22000186:DHR202103'")
    assert dhr["has_data_capture"] and dhr["has_scoping_review"] and dhr["has_action_plan"]
    assert dhr["csp_name"] == "Barking and Dagenham"
    assert dhr["force_area_code"] == "E23000001"
    assert dhr["force_area_name"] == "Metropolitan Police"
    assert dhr["region_name"] == "London"
    assert dhr["notification_month"] == date(2021, 1, 1)
    assert dhr["notification_year"] == 2021
    assert dhr["published_year"] == 2023
    assert dhr["death_type"] == "domestic_homicide"
    assert dhr["death_type_label"] == "Domestic homicide"
    assert dhr["decision"] == "commissioned"
    assert dhr["dhr_status_label"] == "Published"
    assert dhr["guidance_version"] == "2016"
    assert dhr["latest_action_plan_as_at"] == date(2024, 6, 30)
    assert (dhr["action_count"], dhr["open_action_count"], dhr["overdue_action_count"]) == (2, 1, 1)


def test_facts_fall_back_to_the_scoping_review(con):
    (dhr,) = rows(con, "select * from marts.dim_dhrs where dhr_id = 'W14000003:C1'")
    assert dhr["death_type"] == "neglect"
    assert dhr["notification_year"] == 2025
    assert dhr["victim_pseudonym"] == "Scoping C-1"
    assert dhr["force_area_name"] == "North Wales"
    assert dhr["guidance_version"] == "2024_draft"


def test_overdue_actions_at_the_reporting_date(con):
    actions = {
        r["action_id"]: (r["status"], r["is_overdue"], r["days_overdue"])
        for r in rows(con, "select * from marts.fct_actions where dhr_id = 'E22000186:F1'")
    }
    assert actions == {
        "E22000186:F1#1.1": ("amber", True, 1),  # due 2026-09-29
        "E22000186:F1#1.2": ("red", False, None),  # due on the reporting date
        "E22000186:F1#2.1": ("green", False, None),  # due 2026-10-01
        "E22000186:F1#2.2": ("complete", False, None),  # due 2026-01-01 but complete
    }
    assert {r["reporting_date"] for r in rows(con, "select reporting_date from marts.fct_actions")} == {REPORTING_DATE}


def test_merged_recommendation_cells_are_filled_down(con):
    (action,) = rows(con, "select * from marts.fct_actions where action_id = 'E22000186:F1#1.2'")
    assert action["recommendation_number"] == 1
    assert action["recommendation"] == "Recommendation 1"


def test_latest_snapshot_wins_and_ties_go_to_the_latest_received(con):
    actions = rows(
        con,
        "select action_id, status, snapshot_as_at_date from marts.fct_actions where dhr_id = 'E22000186:DHR202103' order by 1",
    )
    assert actions == [
        {"action_id": "E22000186:DHR202103#1.1", "status": "green", "snapshot_as_at_date": date(2024, 6, 30)},
        {"action_id": "E22000186:DHR202103#1.2", "status": "complete", "snapshot_as_at_date": date(2024, 6, 30)},
    ]
    history = rows(
        con,
        "select action_snapshot_id, status, is_latest_snapshot from marts.fct_action_snapshots "
        "where dhr_id = 'E22000186:DHR202103' order by 1",
    )
    assert history == [
        {"action_snapshot_id": "E22000186:DHR202103#1.1@2024-03-31", "status": "red", "is_latest_snapshot": False},
        {"action_snapshot_id": "E22000186:DHR202103#1.1@2024-06-30", "status": "green", "is_latest_snapshot": True},
        {"action_snapshot_id": "E22000186:DHR202103#1.2@2024-06-30", "status": "complete", "is_latest_snapshot": True},
    ]


def test_the_home_office_form_fields_reach_dim_dhrs(con):
    """004 Template 29 (004 L4169, L4241, L4250-4256): the Home Office notification date as month and
    year (003 L602), the verdict of perpetrator 1, the types of place and method (restricted in every
    view, dhr/access.py) and the children in the household; null without a data capture form."""
    columns = (
        "dhr_id, ho_notified_month, perpetrator_verdict, perpetrator_verdict_label, place_of_death, "
        "place_of_death_label, method_of_killing, method_of_killing_label, children_in_household"
    )
    got = {r.pop("dhr_id"): r for r in rows(con, f"select {columns} from marts.dim_dhrs")}
    assert got["E22000186:DHR202103"] == {
        "ho_notified_month": date(2021, 1, 1),
        "perpetrator_verdict": "murder",
        "perpetrator_verdict_label": "Convicted of murder",
        "place_of_death": "victim_home",
        "place_of_death_label": "Victim's home",
        "method_of_killing": "sharp_instrument",
        "method_of_killing_label": "Sharp instrument",
        "children_in_household": 1,
    }
    assert got["E22000186:DHR202201"] == {
        "ho_notified_month": None,
        "perpetrator_verdict": None,  # the form lists no perpetrator
        "perpetrator_verdict_label": None,
        "place_of_death": "not_known",
        "place_of_death_label": "Not known",
        "method_of_killing": "suicide_or_neglect",
        "method_of_killing_label": "Not applicable (suicide or neglect)",
        "children_in_household": 0,
    }
    assert set(got["E22000186:F1"].values()) == {None}  # an action plan only


def test_the_governance_arrangements_of_the_latest_update_win(con):
    """003 L776: DHR/2021/03's plans of March and June said BOARD; the corrected June plan, received
    last, says DA_BOARD, and re-issued workbooks read it from dim_dhrs. F-1's plan states none."""
    governance = dict(rows_of(con, "select dhr_id, action_plan_governance from marts.dim_dhrs where has_action_plan"))
    assert governance == {"E22000186:DHR202103": DA_BOARD, "E22000186:F1": None}
    snapshots = rows_of(
        con,
        "select as_at_date, is_superseded, governance_in_force from intermediate.int_action_plan_snapshots__ranked "
        "where dhr_id = 'E22000186:DHR202103' order by snapshot_rank",
    )
    assert snapshots == [
        (date(2024, 6, 30), False, DA_BOARD),
        (date(2024, 6, 30), True, BOARD),
        (date(2024, 3, 31), False, BOARD),
    ]


def rows_of(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_report_tables(con):
    by_year = rows(
        con,
        "select notification_year, force_area_code, dhr_status, dhr_count from marts.rpt_dhrs_by_year_force_area order by all",
    )
    assert by_year == [
        {"notification_year": 2021, "force_area_code": "E23000001", "dhr_status": "published", "dhr_count": 1},
        {"notification_year": 2022, "force_area_code": "E23000001", "dhr_status": "submitted", "dhr_count": 1},
        {"notification_year": 2025, "force_area_code": "W15000001", "dhr_status": "in_progress", "dhr_count": 1},
        {"notification_year": 2025, "force_area_code": "W15000001", "dhr_status": "not_commissioned", "dhr_count": 1},
        {"notification_year": 2025, "force_area_code": "W15000001", "dhr_status": "paused", "dhr_count": 1},
        {"notification_year": None, "force_area_code": "E23000001", "dhr_status": "scoping", "dhr_count": 1},
    ]
    met = rows(
        con,
        "select status, action_count, overdue_action_count from marts.rpt_action_status_by_force_area "
        "where force_area_code = 'E23000001' order by status_sort_order",
    )
    assert met == [
        {"status": "red", "action_count": 1, "overdue_action_count": 0},
        {"status": "amber", "action_count": 1, "overdue_action_count": 1},
        {"status": "green", "action_count": 2, "overdue_action_count": 1},
        {"status": "complete", "action_count": 2, "overdue_action_count": 0},
        # actions whose plan gives no status are counted too, in a row of their own (issue 14)
        {"status": None, "action_count": 0, "overdue_action_count": 0},
    ]
    (grid,) = rows(con, "select count(*) as n, sum(action_count) as actions from marts.rpt_action_status_by_force_area")
    assert grid == {"n": 43 * 5, "actions": 6}  # four statuses and 'Status not given' per force area


def test_action_quality_flags(con):
    flags = {
        (r["action_id"], r["flag_code"])
        for r in rows(con, "select action_id, flag_code from marts.fct_action_quality_flags where item_type = 'action'")
    }
    assert {action for action, _ in flags} == {"E22000186:F1#2.1", "E22000186:F1#2.2"}
    assert ("E22000186:F1#2.1", "action_missing_lead_agency") in flags
    assert ("E22000186:F1#2.2", "action_complete_without_completion_date") in flags


def test_meta_build(con, built):
    (meta,) = rows(con, "select * from marts.meta_build")
    assert meta["reporting_date"] == REPORTING_DATE
    assert (meta["dhr_count"], meta["action_count"], meta["file_count"], meta["rejected_file_count"]) == (6, 6, 12, 1)
    assert meta["dbt_version"].startswith("1.")
    assert meta["build_fingerprint"]


def test_no_restricted_field_reaches_staging_intermediate_or_marts(con):
    columns = rows(
        con,
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'marts')",
    )
    names = {c["column_name"] for c in columns}
    assert not names & restricted_only_names()
    assert "death_date" not in names
    # a child's sex and exact age stop at raw
    child_columns = {c["column_name"] for c in columns if c["table_name"] == "stg_dhr_forms__data_capture_children"}
    assert "sex" not in child_columns
    assert "age" not in child_columns
    # marts: no exact date of death, no file names, no exact age; sex only for adults (003 section 13
    # forbids a child's sex, issue 3 asks for victims' and perpetrators' sex)
    mart_columns = [c for c in columns if c["table_schema"] == "marts"]
    mart_names = {c["column_name"] for c in mart_columns}
    assert not mart_names & {"age", "death_date", "file_name", "stored_path"}
    tables_with_sex = {c["table_name"] for c in mart_columns if c["column_name"] == "sex"}
    assert tables_with_sex <= {"fct_dhr_people"}
    assert not any("child" in c["table_name"] and "sex" in c["column_name"] for c in mart_columns)
    # and no restricted value anywhere, whatever the column is called
    for column in columns:
        if column["data_type"] != "VARCHAR":
            continue
        table = f"{column['table_schema']}.{column['table_name']}"
        (hits,) = con.execute(
            f'select count(*) from {table} where "{column["column_name"]}" like ?', [f"%{MARKER}%"]
        ).fetchone()
        assert hits == 0, f"{table}.{column['column_name']} carries a restricted value"


def test_every_built_column_is_documented_with_its_type(con):
    built_columns: dict[str, list[tuple[str, str]]] = {}
    for r in rows(
        con,
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'marts') order by table_name, ordinal_position",
    ):
        built_columns.setdefault(r["table_name"], []).append((r["column_name"], r["data_type"].lower()))
    models = load_models()
    assert set(built_columns) == set(models)
    for name, model in models.items():
        documented = [(c.name, c.data_type) for c in model.columns]
        assert documented == built_columns[name], f"{name}: yml columns differ from the built model"
