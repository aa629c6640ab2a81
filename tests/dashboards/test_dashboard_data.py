"""The data-access layer: results match the fixture rows, filters are bound parameters, errors are friendly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from dashboard_warehouse import INJECTION, KENT, MET, SOUTH_WALES, THAMES_VALLEY, make_warehouse
from data_modules import data_modules

from dashboards import data
from dashboards.data import overview, reference
from dhr import warehouse_reader

#: Every query of the data layer, by module and name (the research core's queries the layer runs too).
SQL_CONSTANTS = {
    f"{module.__name__}.{name}": value
    for module in data_modules()
    for name, value in vars(module).items()
    if name.startswith("SQL_")
}


def test_force_areas_lists_every_area_with_its_dhr_count(warehouse):
    areas = reference.get_force_areas()
    assert areas.get_column("force_area_name").to_list() == [
        "Kent",
        "Metropolitan Police",
        "South Wales",
        "Thames Valley",
    ]
    counts = dict(areas.select("force_area_code", "dhr_count").iter_rows())
    assert counts == {KENT: 2, MET: 2, SOUTH_WALES: 2, THAMES_VALLEY: 0}


def test_build_info_is_the_meta_build_row(warehouse):
    row = data.get_build_info().row(0, named=True)
    assert row["reporting_date"] == date(2026, 9, 30)
    assert row["dhr_count"] == 6


def test_year_bounds_ignore_unknown_years(warehouse):
    assert reference.get_year_bounds() == (2020, 2022)


def test_status_summary_all(warehouse):
    row = overview.get_dhr_status_summary().row(0, named=True)
    assert row == {
        "dhr_count": 6,
        "published_count": 1,
        "submitted_count": 1,
        "in_progress_count": 1,
        "paused_count": 1,
        "scoping_count": 1,
        "not_commissioned_count": 1,
        "with_action_plan_count": 2,
        "action_count": 5,
        "open_action_count": 3,
        "overdue_action_count": 2,
    }


def test_status_summary_filters_force_area_and_years(warehouse):
    kent = overview.get_dhr_status_summary([KENT]).row(0, named=True)
    assert (kent["dhr_count"], kent["submitted_count"], kent["paused_count"], kent["overdue_action_count"]) == (
        2,
        1,
        1,
        1,
    )
    # A year range drops the DHR whose notification year is not known; None keeps it.
    assert overview.get_dhr_status_summary([SOUTH_WALES]).row(0, named=True)["dhr_count"] == 2
    assert overview.get_dhr_status_summary([SOUTH_WALES], (2020, 2022)).row(0, named=True)["dhr_count"] == 1
    # A reversed range is read the right way round.
    assert overview.get_dhr_status_summary(None, (2022, 2021)).row(0, named=True)["dhr_count"] == 4


def test_counts_by_year_force_area_match_fixture(warehouse):
    df = overview.get_dhr_counts_by_year_force_area()
    assert df.get_column("dhr_count").sum() == 6
    kent_2022 = overview.get_dhr_counts_by_year_force_area([KENT], (2022, 2022))
    assert kent_2022.select("force_area_name", "dhr_status", "dhr_count").rows() == [("Kent", "paused", 1)]


def test_action_status_by_force_area_all_years_is_the_report(warehouse):
    df = overview.get_action_status_by_force_area()
    # The report is a grid: every force area x status, zero where there are no actions.
    assert df.height == 4 * 4
    got = {
        (r["force_area_code"], r["status"]): (r["action_count"], r["overdue_action_count"])
        for r in df.iter_rows(named=True)
        if r["action_count"]
    }
    assert got == {
        (MET, "red"): (1, 1),
        (MET, "green"): (1, 0),
        (MET, "complete"): (1, 0),
        (KENT, "amber"): (1, 1),
        (KENT, "complete"): (1, 0),
    }


def test_action_status_for_years_uses_notification_year(warehouse):
    columns = ("force_area_code", "status", "status_sort_order", "action_count", "overdue_action_count")
    for_years = overview.get_action_status_by_force_area(None, (2020, 2022)).sort("force_area_code", "status")
    report = (
        overview.get_action_status_by_force_area().filter(pl.col("action_count") > 0).sort("force_area_code", "status")
    )
    assert for_years.select(columns).rows() == report.select(columns).rows()
    only_2020 = overview.get_action_status_by_force_area(None, (2020, 2020))
    assert set(only_2020.get_column("force_area_code")) == {KENT}


def test_overdue_actions_most_overdue_first_with_limit(warehouse):
    df = overview.get_overdue_actions()
    assert df.select("csp_name", "dhr_reference", "action_number", "days_overdue").rows() == [
        ("Hackney", "DHR/2021/01", "1.2", 120),
        ("Medway", "DHR/2020/02", "1.1", 30),
    ]
    assert overview.get_overdue_actions(limit=1).height == 1
    assert overview.get_overdue_actions([KENT]).get_column("status_label").to_list() == ["AMBER - Preparation underway"]
    assert overview.get_overdue_actions(limit=-5).height == 0


@pytest.mark.parametrize("codes", [[INJECTION], ["E23000001' --"], ["'; drop table marts.dim_dhrs; --"]])
def test_force_area_values_are_bound_not_spliced(warehouse, codes):
    assert overview.get_dhr_status_summary(codes).row(0, named=True)["dhr_count"] == 0
    assert overview.get_dhr_counts_by_year_force_area(codes).height == 0
    assert overview.get_action_status_by_force_area(codes).height == 0
    assert overview.get_action_status_by_force_area([THAMES_VALLEY]).get_column("action_count").sum() == 0
    assert overview.get_action_status_by_force_area(codes, (2020, 2022)).height == 0
    assert overview.get_overdue_actions(codes).height == 0
    # Nothing was dropped or changed.
    assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 6


def test_injection_next_to_a_real_code_only_returns_the_real_one(warehouse):
    assert overview.get_dhr_status_summary([KENT, INJECTION]).row(0, named=True)["dhr_count"] == 2


def test_empty_selection_matches_nothing_and_none_matches_everything(warehouse):
    assert overview.get_dhr_status_summary([]).row(0, named=True)["dhr_count"] == 0
    assert overview.get_dhr_status_summary(None).row(0, named=True)["dhr_count"] == 6
    assert overview.get_dhr_status_summary([THAMES_VALLEY]).row(0, named=True)["dhr_count"] == 0


def test_sql_is_constant_select_from_marts_only():
    assert SQL_CONSTANTS, "the queries are module-level constants"
    assert {
        "dashboards.data.reference.SQL_FORCE_AREAS",
        "dashboards.data.oversight.SQL_DHR_PIPELINE",
        "dashboards.data.themes.SQL_THEME_TEXTS",
        "dashboards.data.research.SQL_REGIONS",
    } <= set(SQL_CONSTANTS), "every module of the data layer is read"
    for name, sql in SQL_CONSTANTS.items():
        text = sql.strip().lower()
        assert text.startswith(("select", "with")), name
        assert "{" not in text and "%s" not in text, f"{name} looks formatted"
        for keyword in (
            "insert",
            "update ",
            "delete",
            "drop",
            "create",
            "attach",
            "copy",
            "pragma",
            "install",
            "load ",
        ):
            assert not re.search(rf"\b{keyword.strip()}\b", text), f"{name} contains {keyword}"
        tables = re.findall(r"\b(?:from|join)\s+([a-z_][\w.]*)", text)
        ctes = set(re.findall(r"\b(\w+)\s+as\s*\(", text))
        for table in tables:
            assert table.startswith("marts.") or table in ctes, f"{name} reads {table}"


def test_settings_are_read_at_call_time(tmp_path, monkeypatch):
    first = make_warehouse(tmp_path / "a" / "dhr.duckdb")
    monkeypatch.setenv("DHR_DB", str(first))
    assert warehouse_reader.warehouse_path() == first
    assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 6
    monkeypatch.setenv("DHR_DB", str(tmp_path / "b" / "dhr.duckdb"))
    with pytest.raises(data.WarehouseNotBuilt):
        overview.get_dhr_status_summary()


def test_missing_warehouse_raises_not_built_with_the_commands(missing_warehouse):
    with pytest.raises(data.WarehouseNotBuilt) as error:
        reference.get_force_areas()
    assert "dhr ingest" in str(error.value) and "dhr build" in str(error.value)


def test_warehouse_without_marts_raises_not_built(warehouse_without_marts):
    with pytest.raises(data.WarehouseNotBuilt) as error:
        data.get_build_info()
    assert "dhr build" in str(error.value)


def test_rebuilt_warehouse_is_picked_up_without_clearing_the_cache(warehouse, tmp_path):
    assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 6
    # `dhr build` swaps a new file in with os.replace: simulate a rebuild with one DHR fewer.
    new = make_warehouse(tmp_path / "next" / "dhr.next.duckdb")
    import duckdb

    conn = duckdb.connect(str(new))
    conn.execute("delete from marts.dim_dhrs where dhr_reference = 'DHR/2023/01'")
    conn.close()
    os.replace(new, warehouse)
    assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 5


def test_connections_are_read_only_and_closed(warehouse):
    reference.get_force_areas()
    # If the dashboards held a connection (or a write lock), this writer could not open the file.
    import duckdb

    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("update marts.meta_build set dhr_count = 7")
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select dhr_count from marts.meta_build").fetchone() == (7,)


def test_file_locked_by_a_writer_raises_unavailable(warehouse, monkeypatch):
    monkeypatch.setattr(warehouse_reader, "LOCK_RETRY_DELAYS", (0.05, 0.05))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(30)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(data.WarehouseUnavailable) as error:
            overview.get_dhr_status_summary()
        assert time.monotonic() - started < 5
        assert "Try again" in str(error.value)
    finally:
        holder.terminate()
        holder.wait(timeout=10)
    # Once the writer has gone the same call answers.
    assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 6


def test_not_a_duckdb_file_is_unavailable_not_a_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "dhr.duckdb"
    bad.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("DHR_DB", str(bad))
    with pytest.raises(data.WarehouseUnavailable):
        reference.get_force_areas()


def test_wal_file_changes_the_stamp(warehouse):
    before = warehouse_reader.warehouse_stamp(warehouse)
    Path(str(warehouse) + ".wal").write_bytes(b"x")
    assert warehouse_reader.warehouse_stamp(warehouse) != before
