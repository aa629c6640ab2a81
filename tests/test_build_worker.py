"""The server's builds run in a child process (dhr/build_worker.py, issue 17): a real build passes
through it with the settings the server has now, and a child that dies mid-build is reported and
replaced."""

from __future__ import annotations

import sys
from datetime import date

import duckdb
import pytest

from dhr.build_worker import BuildWorker
from ingest.raw_schema import create_raw_schema

pytestmark = pytest.mark.slow


def test_a_build_in_the_child_process_reads_this_processs_settings(tmp_path, monkeypatch):
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        create_raw_schema(con)
    worker = BuildWorker()
    try:
        worker.warm()
        # Settings changed after the child started are the ones its build uses.
        monkeypatch.setenv("DHR_DBT_LOG_DIR", str(tmp_path / "dbt logs"))
        result = worker.build(warehouse, reporting_date=date(2026, 9, 30))
        assert result.status == "built", result.message
        assert (tmp_path / "dbt logs" / "dbt.log").exists()
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("select reporting_date::varchar from marts.meta_build").fetchone() == ("2026-09-30",)
    finally:
        worker.close()


def test_a_child_that_dies_during_a_build_is_reported_and_the_next_build_gets_a_new_one(tmp_path):
    # A stand-in child that reads the request and dies without answering (as if killed mid-build).
    dies = BuildWorker(command=[sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit(9)"])
    try:
        first = dies.build(tmp_path / "dhr.duckdb")
        assert first.status == "failed" and "the build process stopped (exit 9)" in first.message
        child = dies._proc
        assert child is None  # forgotten: the next build starts another
        again = dies.build(tmp_path / "dhr.duckdb")
        assert again.status == "failed" and "the build process stopped" in again.message
    finally:
        dies.close()
