"""The background rebuild after forms arrive through the dashboards (dhr/build_queue.py, issue 17):
one build at a time, requests made during a build covered by one more build, a failure reported and
the warehouse left as it was."""

from __future__ import annotations

import threading
from pathlib import Path

from dhr.build_queue import BuildQueue, queue_for
from dhr.warehouse_build import BuildResult


class Builds:
    """A build that waits for the test to let it finish, and counts how many ran at once."""

    def __init__(self, outcomes: list[str] | None = None) -> None:
        self.outcomes = outcomes or []
        self.started = threading.Semaphore(0)
        self.release = threading.Semaphore(0)
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> BuildResult:
        with self._lock:
            self.calls += 1
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

    def explode(path: Path) -> BuildResult:
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
