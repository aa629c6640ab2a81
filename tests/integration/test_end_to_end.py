"""End to end, for real: generate forms, ingest them, build with dbt, and reconcile the marts with
what the generator wrote (its ground truth is computed from its own model, never from the files).

One corpus and one warehouse are built for the test session (tests/conftest.py); each test checks one promise of the
end-to-end issue (synth -> ingest -> dbt build -> marts).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest
from page_tables import kpi_cards_of, metrics_of

from ingest.pipeline import ingest_paths

pytestmark = pytest.mark.slow

AS_OF = date(2026, 9, 30)


@pytest.fixture(scope="module")
def built(synthetic_build):
    """The session's synthetic corpus and warehouse (tests/conftest.py): generated, ingested and
    built once for every slow test that reads it."""
    return {
        "corpus": synthetic_build.corpus,
        "warehouse": synthetic_build.warehouse,
        "results": synthetic_build.results,
        "build": synthetic_build.build,
        "truth": synthetic_build.truth,
        "file_count": synthetic_build.file_count,
        "copy_to": synthetic_build.copy_to,
    }


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_generated_file_is_accepted(built):
    statuses = Counter(r.status for r in built["results"])
    rejected = [(r.file, r.errors) for r in built["results"] if r.status == "rejected"]
    assert rejected == []
    assert statuses["accepted"] == built["file_count"]


def test_build_passes_every_dbt_test(built):
    assert built["build"].status == "built", built["build"].message


def test_one_row_per_dhr_with_csp_force_area_year_death_type_and_status(built):
    rows = query(
        built["warehouse"],
        "select dhr_id, csp_code, force_area_code, notification_year, death_type, dhr_status from marts.dim_dhrs",
    )
    got = {r[0]: r[1:] for r in rows}
    expected = {
        d["dhr_id"]: (d["csp_code"], d["force_area_code"], d["notification_year"], d["death_type"], d["dhr_status"])
        for d in built["truth"]["dhrs"]
    }
    assert got == expected


def test_dhr_counts_by_year_and_force_area_reconcile(built):
    rows = query(
        built["warehouse"],
        "select notification_year, force_area_code, dhr_status, dhr_count from marts.rpt_dhrs_by_year_force_area where dhr_count > 0",
    )
    got = {(y, f, s): n for y, f, s, n in rows}
    expected = Counter((d["notification_year"], d["force_area_code"], d["dhr_status"]) for d in built["truth"]["dhrs"])
    assert got == dict(expected)


def test_latest_snapshot_actions_reconcile_status_target_and_overdue(built):
    rows = query(
        built["warehouse"],
        "select dhr_id, action_number, status, target_date, completion_date, is_overdue from marts.fct_actions",
    )
    got = {(r[0], r[1]): (r[2], r[3], r[4], r[5]) for r in rows}
    expected = {}
    for d in built["truth"]["dhrs"]:
        for a in (d.get("action_plan") or {}).get("actions", []):
            expected[(d["dhr_id"], a["action_number"])] = (
                a["status"],
                date.fromisoformat(a["target_date"]) if a["target_date"] else None,
                date.fromisoformat(a["completion_date"]) if a["completion_date"] else None,
                a["is_overdue"],
            )
    assert got == expected
    assert sum(v[3] for v in got.values()) == built["truth"]["summary"]["overdue_action_count"]


def test_action_status_counts_by_force_area_reconcile(built):
    rows = query(
        built["warehouse"],
        "select force_area_code, status, action_count, overdue_action_count from marts.rpt_action_status_by_force_area where action_count > 0",
    )
    got = {(f, s): (n, o) for f, s, n, o in rows}
    expected: dict[tuple[str, str], list[int]] = {}
    for d in built["truth"]["dhrs"]:
        for a in (d.get("action_plan") or {}).get("actions", []):
            cell = expected.setdefault((d["force_area_code"], a["status"]), [0, 0])
            cell[0] += 1
            cell[1] += int(a["is_overdue"])
    assert got == {k: tuple(v) for k, v in expected.items()}


def test_every_raw_row_carries_lineage_to_an_ingested_file(built):
    tables = [
        r[0]
        for r in query(
            built["warehouse"],
            "select table_name from information_schema.tables where table_schema = 'raw' and table_name <> 'ingested_files'",
        )
    ]
    assert tables
    for table in tables:
        orphans = query(
            built["warehouse"],
            f"select count(*) from raw.{table} t left join raw.ingested_files f using (file_sha256) "  # table names come from the catalogue, not input
            "where f.file_sha256 is null or t.source_sheet is null",
        )[0][0]
        assert orphans == 0, table


def test_marts_hold_no_restricted_field(built):
    from dhr.data_dictionary import restricted_only_names

    columns = query(
        built["warehouse"],
        "select table_name, column_name from information_schema.columns where table_schema = 'marts'",
    )
    assert restricted_only_names() & {column for _, column in columns} == set()
    # sex is restricted for children only (003 section 13): no children's mart carries it
    assert not [(t, c) for t, c in columns if "child" in t and c in {"sex", "age"}]
    assert {t for t, c in columns if c == "sex"} <= {"fct_dhr_people"}


def test_ingesting_the_same_corpus_again_adds_nothing(built, tmp_path):
    warehouse = built["copy_to"](tmp_path)  # the shared warehouse stays as built
    before = query(warehouse, "select count(*) from raw.action_plan__actions")[0][0]
    again = ingest_paths([built["corpus"]], warehouse)
    assert {r.status for r in again} == {"duplicate"}
    assert query(warehouse, "select count(*) from raw.action_plan__actions")[0][0] == before


def test_the_home_page_renders_on_the_built_warehouse(built, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from dhr import auth

    monkeypatch.setenv("DHR_DB", str(built["warehouse"]))
    monkeypatch.setenv("DHR_APP_STATE", str(tmp_path / "app_state.duckdb"))
    monkeypatch.delenv("DHR_TEST_SIGN_IN_AS", raising=False)
    auth.add_user("e2e.national", "an end to end passphrase", ["national"], actor="cli:test")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py"), default_timeout=60).run()
    assert not kpi_cards_of(at)  # nothing before signing in
    at.text_input(key="signin_user").input("e2e.national")
    at.text_input(key="signin_password").input("an end to end passphrase")
    at.button[0].click().run()
    assert not at.exception
    assert any("DHR Learning Warehouse" in h.value for h in [*at.title, *at.header])
    assert metrics_of(at)["DHRs"].replace(",", "") == str(len(built["truth"]["dhrs"]))
