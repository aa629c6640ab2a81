"""The load phase's logic (bench/load.py), without a browser or a server."""

from __future__ import annotations

from bench.load import ROLE_PAGES, LoadResult, session_roles, summarise, visit_order
from dashboards.signin import PAGES_BY_SCOPE


def test_sessions_take_every_role_in_turn():
    roles = session_roles(25)
    assert len(roles) == 25
    assert {r: roles.count(r) for r in ROLE_PAGES} == {"national": 7, "pcc": 6, "csp": 6, "researcher": 6}


def test_each_session_visits_every_page_of_its_role_and_only_those():
    for kind, pages in ROLE_PAGES.items():
        allowed = {p or "overview" for p in pages}
        assert allowed == set(PAGES_BY_SCOPE[kind])
        for index in range(5):
            order = visit_order(kind, index)
            assert sorted(order) == sorted(pages)
    assert visit_order("pcc", 1)[0] != visit_order("pcc", 0)[0]


def test_summary_meets_the_target_only_without_errors_or_hangs_and_a_fast_p95():
    fast = LoadResult(page_seconds=[0.5] * 95 + [4.0] * 5, visits_by_page={"overview": 100})
    summary = summarise(fast, sessions=25, seconds=5, hang_seconds=30)
    assert summary["meets_target"] and summary["page_visits"] == 100 and summary["p50_seconds"] == 0.5
    slow = LoadResult(page_seconds=[0.5] * 80 + [6.0] * 20)
    assert not summarise(slow, sessions=25, seconds=5, hang_seconds=30)["meets_target"]
    hung = LoadResult(page_seconds=[0.5] * 10, hangs=["session 1 /: not ready in 30 s"])
    out = summarise(hung, sessions=25, seconds=5, hang_seconds=30)
    assert not out["meets_target"] and out["hangs"] == 1 and out["hang_samples"]
    errored = LoadResult(page_seconds=[0.5] * 10, errors=["session 2 /researcher: exception on the page"])
    assert not summarise(errored, sessions=25, seconds=5, hang_seconds=30)["meets_target"]
    assert not summarise(LoadResult(), sessions=25, seconds=5, hang_seconds=30)["meets_target"]
