"""The background rebuild after forms arrive through the dashboards (dhr/build_queue.py, issue 17):
one build at a time, requests made during a build covered by one more build, a failure reported and
the warehouse left as it was; the sender's pages first (a fast lane), then every page."""

from __future__ import annotations

import threading
from pathlib import Path

from dhr.build_queue import BuildQueue, Lane, fast_lane, queue_for
from dhr.warehouse_build import BuildResult


class Builds:
    """A build that waits for the test to let it finish, and counts how many ran at once."""

    def __init__(self, outcomes: list[str] | None = None) -> None:
        self.outcomes = outcomes or []
        self.started = threading.Semaphore(0)
        self.release = threading.Semaphore(0)
        self.calls = 0
        self.lanes: list[Lane | None] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, path: Path, lane: Lane | None = None) -> BuildResult:
        with self._lock:
            self.calls += 1
            self.lanes.append(lane)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            status = self.outcomes.pop(0) if self.outcomes else "built"
        self.started.release()
        self.release.acquire(timeout=30)
        with self._lock:
            self.running -= 1
        return BuildResult(status, path, 0.1, f"{status} by the test", [])


def test_requests_made_during_a_build_are_covered_by_one_more_build(tmp_path):
    builds = Builds()
    queue = BuildQueue(tmp_path / "dhr.duckdb", build=builds)
    first = queue.request()
    assert builds.started.acquire(timeout=10)
    assert queue.state().state == "building" and not queue.state().is_live(first)
    later = [queue.request() for _ in range(5)]  # five more uploads while the first build runs
    assert queue.state().waiting
    builds.release.release()  # the first build finishes
    assert builds.started.acquire(timeout=10)  # one more build, for all five
    assert queue.state().is_live(first) and not queue.state().is_live(later[-1])
    builds.release.release()
    assert queue.wait(later[-1], timeout=10)
    state = queue.state()
    assert (builds.calls, builds.most_at_once) == (2, 1)
    assert state.is_live(later[-1]) and state.state == "idle" and not state.waiting
    assert state.last_status == "built"


def test_a_failed_build_is_reported_and_the_next_request_tries_again(tmp_path):
    builds = Builds(outcomes=["failed", "built"])
    queue = BuildQueue(tmp_path / "dhr.duckdb", build=builds)
    ticket = queue.request()
    builds.release.release()
    assert queue.wait(ticket, timeout=10)
    state = queue.state()
    assert state.last_status == "failed" and state.last_message == "failed by the test"
    assert not state.is_live(ticket)  # the pages still read the last good warehouse
    again = queue.request()
    builds.release.release()
    assert queue.wait(again, timeout=10)
    assert queue.state().is_live(again) and queue.state().is_live(ticket)


def test_a_build_that_raises_does_not_stop_the_queue(tmp_path):
    calls = []

    def explode(path: Path, lane: Lane | None = None) -> BuildResult:
        calls.append(path)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return BuildResult("built", path, 0.0, "ok", [])

    queue = BuildQueue(tmp_path / "dhr.duckdb", build=explode)
    assert queue.wait(queue.request(), timeout=10)
    assert queue.state().last_status == "failed" and "disk full" in queue.state().last_message
    assert queue.wait(queue.request(), timeout=10) and queue.state().last_status == "built"


def test_every_session_of_a_server_shares_one_queue_per_warehouse(tmp_path):
    assert queue_for(tmp_path / "a" / "dhr.duckdb") is queue_for(tmp_path / "a" / ".." / "a" / "dhr.duckdb")
    assert queue_for(tmp_path / "a" / "dhr.duckdb") is not queue_for(tmp_path / "b" / "dhr.duckdb")


PLANS = Lane("source:dhr_forms.action_plan__plans+,+exposure:csp_board", "meta_build")


def test_a_sent_quarter_reaches_the_senders_pages_first_then_every_page(tmp_path):
    builds = Builds()
    queue = BuildQueue(tmp_path / "dhr.duckdb", build=builds)
    ticket = queue.request(PLANS, sender="officer")
    assert builds.started.acquire(timeout=10)
    assert queue.state().running_lane == "fast" and queue.state().waiting  # the whole build will follow
    builds.release.release()
    assert queue.wait(ticket, timeout=10, sender_pages=True)
    state = queue.state()
    assert state.is_on_sender_pages(ticket) and not state.is_live(ticket)
    assert builds.started.acquire(timeout=10)  # the whole build, at once
    builds.release.release()
    assert queue.wait(ticket, timeout=10) and queue.state().is_live(ticket)
    assert builds.lanes == [PLANS, None]


def test_fast_lanes_asked_for_during_a_fast_build_wait_for_the_whole_build(tmp_path):
    """Uploads every few seconds must not keep the other pages stale: after a fast build comes the
    whole one, and it covers every request made before it started."""
    builds = Builds()
    queue = BuildQueue(tmp_path / "dhr.duckdb", build=builds)
    queue.request(PLANS)
    assert builds.started.acquire(timeout=10)
    later = queue.request(Lane("source:dhr_forms.scoping_review__reviews+,+exposure:csp_board", "meta_build"))
    builds.release.release()
    assert builds.started.acquire(timeout=10)
    builds.release.release()
    assert queue.wait(later, timeout=10)
    assert builds.lanes == [PLANS, None] and queue.state().is_live(later)


def test_a_failed_fast_lane_is_followed_by_the_whole_build_which_reports(tmp_path):
    builds = Builds(outcomes=["failed", "built"])
    queue = BuildQueue(tmp_path / "dhr.duckdb", build=builds)
    ticket = queue.request(PLANS)
    builds.release.release()
    builds.release.release()
    assert queue.wait(ticket, timeout=10)
    state = queue.state()
    assert state.is_live(ticket) and state.last_status == "built"
    assert builds.lanes == [PLANS, None]


def test_a_fast_lane_with_no_whole_build_beneath_it_goes_on_to_the_whole_build(tmp_path):
    builds = Builds(outcomes=["skipped", "built"])  # build_warehouse: selection not built, never wholly built
    queue = BuildQueue(tmp_path / "dhr.duckdb", build=builds)
    ticket = queue.request(PLANS)
    assert builds.started.acquire(timeout=10)
    builds.release.release()
    assert builds.started.acquire(timeout=10)  # the whole build started ...
    assert not queue.state().is_on_sender_pages(ticket)  # ... and the skipped lane showed nothing
    builds.release.release()
    assert queue.wait(ticket, timeout=10) and queue.state().is_live(ticket)
    assert builds.lanes == [PLANS, None]


def test_a_reloaded_page_finds_the_senders_last_ticket(tmp_path):
    builds = Builds()
    queue = BuildQueue(tmp_path / "dhr.duckdb", build=builds)
    first = queue.request(sender="officer")
    second = queue.request(sender="officer")
    other = queue.request(sender="pcc.office")
    assert (queue.last_ticket("officer"), queue.last_ticket("pcc.office")) == (second, other)
    assert first < second and queue.last_ticket("nobody") is None
    for _ in range(3):
        builds.release.release()
    assert queue.wait(other, timeout=10)


def test_the_fast_lane_of_an_action_plan_is_its_own_tables_lineage_on_the_csp_board():
    lane = fast_lane(["action_plan", None])
    selected = lane.select.split()
    assert "source:dhr_forms.action_plan__plans+,+exposure:csp_board" in selected
    assert "source:dhr_forms.action_plan__actions+,+exposure:csp_board" in selected
    assert "source:dhr_forms.ingested_files+,+fct_files_received" in selected
    assert not any("data_capture" in s or "scoping_review" in s for s in selected)
    # meta_build records whole builds only; the learning themes wait for the whole build too
    assert lane.exclude.split() == ["meta_build", "dim_theme_texts+"]
    assert fast_lane([None]) is None and fast_lane([]) is None
    assert any("data_capture__victims" in s for s in fast_lane(["data_capture"]).select.split())
