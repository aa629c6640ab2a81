"""A form sent through the dashboards reaches the warehouse the pages read, by a real background
dbt build, and a form sent while that build runs is neither lost nor counted twice (issue 17).
The second reaches the sender's pages by the fast lane first, then every page by the whole build."""

from __future__ import annotations

import threading
from datetime import date

import duckdb
import pytest
from forms_to_send import one_action_plan, write_plan

from dhr import uploads
from dhr.access import Scope
from dhr.build_queue import BuildQueue, Lane, fast_lane
from dhr.build_queue import _build as real_build

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


def built_at(warehouse) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select built_at, file_count from marts.meta_build").fetchone()


def updates(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select quarter_start::varchar, update_status from marts.fct_quarterly_updates "
            "where dhr_reference = ? and update_file_count > 0 order by quarter_start",
            [REFERENCE],
        ).fetchall()


def test_a_sent_quarter_goes_live_and_one_sent_during_the_build_is_in_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("DHR_APP_STATE", str(tmp_path / "app_state.duckdb"))
    monkeypatch.setenv("DHR_REPORTING_DATE", "2026-09-30")
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    officer = Scope.from_roles([f"csp:{HACKNEY}"])
    lanes: list[Lane | None] = []
    seen_by_sender: list = []

    def build(path, lane):
        lanes.append(lane)
        result = real_build(path, lane)
        if lane is not None and result.status == "built":  # what the sender's pages read once the fast lane is live
            seen_by_sender.append((snapshots(path), updates(path), built_at(path)))
        return result

    queue = BuildQueue(warehouse, build=build)
    plans = fast_lane(["action_plan"])

    (first,) = uploads.receive(
        [quarter(tmp_path, date(2026, 3, 31), "amber")], user="officer", scope=officer, warehouse_path=warehouse
    )
    assert first.outcome.startswith("accepted"), first.reasons
    ticket = queue.request(plans, sender="officer")  # nothing built yet: the lane is skipped
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
    assert queue.wait(ticket, timeout=900), "the first build did not finish"
    first_build = built_at(warehouse)
    later = queue.request(plans, sender="officer")
    assert queue.wait(later, timeout=900), "the background build did not finish"
    state = queue.state()
    assert state.last_status == "built", state.last_message
    assert state.is_live(ticket) and state.is_live(later)
    assert snapshots(warehouse) == (2, "2026-06-30")
    # The first fast lane had no whole build beneath it (nothing built yet), so the whole build ran.
    assert lanes == [plans, None, plans, None]
    # The fast lane put the new quarter in the CSP board's marts, tested, while marts.meta_build still
    # described the first whole build (so `dhr build --if-stale` cannot skip the whole build).
    ((seen_snapshots, seen_updates, seen_meta),) = seen_by_sender
    assert seen_snapshots == (2, "2026-06-30")
    assert "2026-04-01" in dict(seen_updates)
    assert seen_meta == first_build
    assert built_at(warehouse)[1] == 2 and built_at(warehouse)[0] > first_build[0]
