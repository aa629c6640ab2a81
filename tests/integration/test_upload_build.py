"""A form sent through the dashboards reaches the warehouse the pages read, by a real background
dbt build, and a form sent while that build runs is neither lost nor counted twice (issue 17)."""

from __future__ import annotations

import threading
from datetime import date

import duckdb
import pytest
from forms_to_send import one_action_plan, write_plan

from dhr import uploads
from dhr.access import Scope
from dhr.build_queue import BuildQueue

pytestmark = pytest.mark.slow
HACKNEY = "E22000197"
REFERENCE = "HK DHR 2024/01"


def quarter(tmp_path, as_at: date, status: str) -> uploads.Upload:
    path = write_plan(
        tmp_path / "made" / f"plan {as_at}.xlsx", one_action_plan("Hackney", REFERENCE, as_at=as_at, status=status)
    )
    return uploads.Upload(path.name, path.read_bytes())


def snapshots(warehouse) -> tuple[int, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select action_plan_snapshot_count, latest_action_plan_as_at::varchar from marts.dim_dhrs where dhr_reference = ?",
            [REFERENCE],
        ).fetchone()


def test_a_sent_quarter_goes_live_and_one_sent_during_the_build_is_in_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("DHR_APP_STATE", str(tmp_path / "app_state.duckdb"))
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    officer = Scope.from_roles([f"csp:{HACKNEY}"])
    queue = BuildQueue(warehouse)

    (first,) = uploads.receive(
        [quarter(tmp_path, date(2026, 3, 31), "amber")], user="officer", scope=officer, warehouse_path=warehouse
    )
    assert first.outcome.startswith("accepted"), first.reasons
    ticket = queue.request()
    # A second quarter arrives while that build runs: ingest waits for the build's lock, then loads it.
    sent_during: list = []
    sender = threading.Thread(
        target=lambda: sent_during.extend(
            uploads.receive(
                [quarter(tmp_path, date(2026, 6, 30), "green")], user="officer", scope=officer, warehouse_path=warehouse
            )
        )
    )
    sender.start()
    sender.join(timeout=600)
    assert sent_during and sent_during[0].outcome.startswith("accepted"), sent_during
    later = queue.request()
    assert queue.wait(later, timeout=900), "the background build did not finish"
    state = queue.state()
    assert state.last_status == "built", state.last_message
    assert state.is_live(ticket) and state.is_live(later)
    assert snapshots(warehouse) == (2, "2026-06-30")
