"""The server's builds run in a child process (dhr/build_worker.py, issue 17): a real build passes
through it with the settings the server has now, and a child that dies is replaced."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import date

import duckdb
import pytest

from dhr.build_worker import BuildWorker
from ingest.raw_schema import create_raw_schema

pytestmark = pytest.mark.slow


def test_a_build_in_the_child_process_reads_this_processs_settings_and_a_dead_child_is_replaced(tmp_path, monkeypatch):
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
        # Killed in the middle of a build: that build is reported failed, the next one gets a new child.
        results = []
        building = threading.Thread(
            target=lambda: results.append(worker.build(warehouse, reporting_date=date(2026, 9, 30)))
        )
        building.start()
        time.sleep(3)
        first_child = worker._proc.pid
        os.kill(first_child, signal.SIGKILL)
        building.join(timeout=60)
        assert results[0].status == "failed" and "the build process stopped" in results[0].message
        again = worker.build(warehouse, reporting_date=date(2026, 9, 30), select="meta_build")
        assert again.status == "built", again.message
        assert worker._proc.pid != first_child
    finally:
        worker.close()
