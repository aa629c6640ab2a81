"""`dhr build`: copy, dbt build, swap only when everything passes (docs/design.md section 3)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from warehouse_raw_rows import REPORTING_DATE, insert_rows

from dhr.warehouse_build import _is_fresh, build_warehouse, next_path_for, project_fingerprint

pytestmark = pytest.mark.slow


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_warehouse_with_nothing_ingested_builds(tmp_path, capfd):
    """Also: `dhr build` (progress=True) keeps dbt's line per node (about 750) off the console and in
    dbt's log file (issue 19: `make run` printed them all)."""
    path = tmp_path / "fresh" / "dhr.duckdb"
    result = build_warehouse(path, reporting_date=date(2026, 1, 31), progress=True)
    console = "".join(capfd.readouterr())
    assert " START " not in console and "OK created" not in console and " PASS " not in console, console[:500]
    assert result.status == "built", result.message
    assert result.dbt_results and not result.failed_nodes
    assert not next_path_for(path).exists()
    con = duckdb.connect(str(path), read_only=True)
    try:
        meta = con.execute(
            "select dhr_count, action_count, file_count, reporting_date from marts.meta_build"
        ).fetchone()
        dim_force_areas = con.execute("select count(*) from marts.dim_force_areas").fetchone()[0]
    finally:
        con.close()
    assert meta == (0, 0, 0, date(2026, 1, 31))
    assert dim_force_areas == 43


def test_the_build_reports_every_dbt_node(built):
    kinds = {r["resource_type"] for r in built.dbt_results}
    assert {"seed", "model", "test", "unit_test", "exposure"} <= kinds
    # dbt builds nothing for an exposure (a page that reads marts, models/exposures.yml): no-op.
    assert all(
        r["status"] in {"success", "pass"} or (r["resource_type"], r["status"]) == ("exposure", "no-op")
        for r in built.dbt_results
    )
    unit_tests = {r["unique_id"].rsplit(".", 1)[-1] for r in built.dbt_results if r["resource_type"] == "unit_test"}
    assert {
        "test_overdue_at_the_reporting_date",
        "test_latest_snapshot_greatest_as_at_date_then_latest_received",
        "test_dhr_status_rules",
        "test_dhr_id_normalises_the_reference",
    } <= unit_tests


def test_if_stale_skips_when_nothing_changed(built):
    before = sha256(built.warehouse_path)
    result = build_warehouse(built.warehouse_path, reporting_date=REPORTING_DATE, if_stale=True)
    assert result.status == "skipped", result.message
    assert result.dbt_results == []
    assert sha256(built.warehouse_path) == before


def test_a_new_file_or_another_reporting_date_makes_the_build_stale(built_copy):
    fingerprint = project_fingerprint()
    assert _is_fresh(built_copy, REPORTING_DATE, fingerprint)[0]
    assert not _is_fresh(built_copy, date(2026, 12, 31), fingerprint)[0]
    assert not _is_fresh(built_copy, REPORTING_DATE, "another project")[0]
    con = duckdb.connect(str(built_copy))
    try:
        insert_rows(
            con,
            "ingested_files",
            [{"file_sha256": "z" * 64, "status": "rejected", "ingested_at": datetime(2026, 9, 1)}],
        )
    finally:
        con.close()
    fresh, why = _is_fresh(built_copy, REPORTING_DATE, fingerprint)
    assert not fresh
    assert "ingested" in why


@contextmanager
def dashboard_reading(path: Path) -> Iterator[None]:
    """Another process holding the warehouse open read-only, as `dhr serve` does."""
    script = (
        "import duckdb, sys, time\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "con.execute('select count(*) from marts.dim_dhrs').fetchall()\n"
        "print('reading', flush=True)\n"
        "time.sleep(600)\n"
    )
    reader = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        yield
    finally:
        reader.kill()
        reader.wait()


def test_a_failing_test_keeps_the_previous_warehouse_while_a_dashboard_reads_it(built_copy):
    # The same action twice in one plan file breaks the unique test on action_form_id.
    con = duckdb.connect(str(built_copy))
    try:
        con.execute(
            "insert into raw.action_plan__actions select * from raw.action_plan__actions "
            "where action_number = '1.1' and file_sha256 = ?",
            ["l" * 64],
        )
        con.execute("checkpoint")
    finally:
        con.close()
    before = sha256(built_copy)

    with dashboard_reading(built_copy):
        result = build_warehouse(built_copy, reporting_date=REPORTING_DATE)

    assert result.status == "failed"
    assert sha256(built_copy) == before
    assert not next_path_for(built_copy).exists()
    failed = {r["unique_id"] for r in result.failed_nodes}
    assert any("unique_stg_dhr_forms__action_plan_actions_action_form_id" in node for node in failed), failed
    assert "unique_stg_dhr_forms__action_plan_actions_action_form_id" in result.message
    con = duckdb.connect(str(built_copy), read_only=True)
    try:
        assert con.execute("select count(*) from marts.fct_actions").fetchone()[0] == 6
    finally:
        con.close()


def test_a_warehouse_built_before_a_seed_gained_a_column_still_builds(built_copy):
    """Upgrading: a warehouse built when learning_themes had four columns could not be rebuilt once
    the seed had five (dbt loads a seed into its existing table); seeds are recreated each build."""
    con = duckdb.connect(str(built_copy))
    try:
        con.execute("alter table reference.learning_themes drop column description")
        con.execute("checkpoint")
    finally:
        con.close()
    result = build_warehouse(built_copy, reporting_date=REPORTING_DATE, select="learning_themes")
    assert result.status == "built", result.message
    con = duckdb.connect(str(built_copy), read_only=True)
    try:
        assert con.execute("select count(description) from reference.learning_themes").fetchone()[0] == 17
    finally:
        con.close()


def test_next_path_keeps_the_catalog_name():
    assert next_path_for(Path("/w/dhr.duckdb")) == Path("/w/dhr.next.duckdb")
    assert next_path_for(Path("/w/other.duckdb")).name == "other.next.duckdb"


def test_fingerprint_changes_with_a_project_file(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.sql").write_text("select 1")
    first = project_fingerprint(tmp_path)
    assert project_fingerprint(tmp_path) == first
    (tmp_path / "models" / "a.sql").write_text("select 2")
    assert project_fingerprint(tmp_path) != first
