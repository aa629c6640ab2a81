"""The load phase's logic (bench/load.py), without a browser or a server."""

from __future__ import annotations

import pytest

from bench import load
from bench.load import ROLE_PAGES, LoadResult, session_roles, summarise, visit_order
from dashboards import page_registry


def test_sessions_take_every_role_in_turn():
    roles = session_roles(25)
    assert len(roles) == 25
    assert {r: roles.count(r) for r in ROLE_PAGES} == {"national": 7, "pcc": 6, "csp": 6, "researcher": 6}


def test_each_session_visits_every_page_of_its_role_and_only_those():
    for kind, pages in ROLE_PAGES.items():
        allowed = {p or "overview" for p in pages}
        assert allowed == set(page_registry.allowed_pages(kind))
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


def test_every_page_a_session_visits_has_a_menu_entry_and_a_heading_the_page_draws():
    from pathlib import Path

    from bench.load import MENU_TITLES, PAGE_HEADINGS

    pages_dir = Path(__file__).resolve().parents[2] / "dashboards" / "app_pages"
    titles = {p: None for pages in ROLE_PAGES.values() for p in pages}
    registry = {p.url_path: p.title for p in page_registry.PAGES}
    for url_path in titles:
        assert MENU_TITLES[url_path] == registry[url_path or "overview"], url_path  # the menu entry's words
    drawn = " ".join(f.read_text() for f in pages_dir.glob("*.py"))
    for url_path in titles:
        assert f'st.title("{PAGE_HEADINGS[url_path]}")' in drawn, url_path


def test_a_visit_ends_on_the_servers_finished_rerun_not_on_one_cut_short():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from bench.load import RunsFinished

    class FakePage:
        def on(self, event, handler):
            self.handler = handler

    runs = RunsFinished(FakePage())
    finished, early, delta = ForwardMsg(), ForwardMsg(), ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    early.script_finished = ForwardMsg.FINISHED_EARLY_FOR_RERUN
    delta.delta.new_element.markdown.body = "script_finished"
    for msg in (delta, early, finished):
        runs._frame(msg.SerializeToString())
    runs._frame("a text frame")
    runs._frame(b"\xff\xfe not protobuf")
    assert runs.count == 1


def test_the_browsers_cannot_raise_their_priority_above_the_server(tmp_path, monkeypatch):
    """Run as root, Chromium sets its own threads to nice -8 and starves the server it measures."""
    import shutil

    from bench import load

    monkeypatch.setattr(load.os, "geteuid", lambda: 0)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/setpriv")
    wrapper = tmp_path / "chromium-as-user"
    assert load.browser_executable(tmp_path) == str(wrapper)
    text = wrapper.read_text()
    assert "--bounding-set=-sys_nice" in text and load.CHROMIUM in text and '"$@"' in text
    monkeypatch.setattr(load.os, "geteuid", lambda: 1000)
    assert load.browser_executable(tmp_path) == load.CHROMIUM


def test_the_summary_says_where_the_cpu_went_and_how_long_people_read():
    result = LoadResult(
        page_seconds=[1.0] * 10, sign_in_seconds=[3.0, 5.0], server_cpu_seconds=2.0, browser_cpu_seconds=20.0
    )
    out = summarise(result, sessions=2, seconds=5, hang_seconds=30)
    assert out["server_cpu_seconds_per_visit"] == 0.2
    assert out["browser_cpu_seconds_per_visit"] == 2.0
    assert out["signed_in"] == 2 and out["sign_in_max_seconds"] == 5.0
    assert out["think_seconds"] >= 0


def test_the_summary_says_how_busy_the_machine_was_and_how_much_the_host_took():
    # 400 ticks in the window: 300 busy, 40 of them stolen by the virtual machine's host.
    result = LoadResult(page_seconds=[1.0, 9.0], machine_ticks=(300, 40, 400))
    out = summarise(result, sessions=1, seconds=5, hang_seconds=30)
    assert out["machine_busy_share"] == 0.75
    assert out["machine_steal_share"] == 0.1
    assert (
        summarise(LoadResult(page_seconds=[1.0]), sessions=1, seconds=5, hang_seconds=30)["machine_steal_share"] is None
    )


def test_the_machines_own_counters_are_read_as_busy_stolen_and_all_ticks():
    busy, stolen, everything = load._machine_ticks()
    assert 0 < busy < everything and 0 <= stolen < everything


def test_the_summary_gives_each_page_its_own_p95():
    result = LoadResult(page_seconds=[1.0] * 20, seconds_by_page={"researcher (menu)": [1.0] * 19 + [9.0]})
    assert summarise(result, sessions=1, seconds=5, hang_seconds=30)["p95_seconds_by_page"]["researcher (menu)"] > 1.0


def test_three_runs_meet_the_target_only_if_each_does(monkeypatch):
    from bench import load

    outcomes = iter(
        [
            {"meets_target": True, "p95_seconds": 2.0, "errors": 0, "hangs": 0},
            {"meets_target": False, "p95_seconds": 7.0, "errors": 0, "hangs": 1},
            {"meets_target": True, "p95_seconds": 3.0, "errors": 0, "hangs": 0},
        ]
    )
    monkeypatch.setattr(load, "load_phase", lambda warehouse, **_: next(outcomes))
    out = load.load_runs("wh", runs=3)
    assert not out["meets_target"] and out["worst_p95_seconds"] == 7.0 and out["hangs"] == 1 and len(out["runs"]) == 3


def test_the_load_phase_keeps_the_servers_tracebacks_that_explain_an_error():
    """Streamlit shows the reader a redacted error; the report must carry the server's traceback."""
    log = (
        "2026-12-03 starting\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in <module>\n'
        "    boom()\n"
        "KeyError: 'theme_review_csp'\n"
        "later line\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in <module>\n'
        "    boom()\n"
        "KeyError: 'theme_review_csp'\n"
    )
    assert load.server_tracebacks(log) == ["KeyError: 'theme_review_csp'"]
    boxed = (  # as Streamlit prints it with rich installed: in a box, in colour
        "\x1b[31m──\x1b[0m \x1b[1;31mTraceback \x1b[0m\x1b[1;2;31m(most recent call last)\x1b[0m ──\n"
        "  /work/main/dashboards/app_pages/theme_review.py:138 in <module>\n"
        "  /work/main/dhr/app_state.py:129 in connect\n"
        "\x1b[1;91mConnectionException: \x1b[0mConnection Error: Can't open a connection\n"
    )
    assert load.server_tracebacks(boxed) == [
        "ConnectionException: Connection Error: Can't open a connection "
        "(at dhr/app_state.py:129 < dashboards/app_pages/theme_review.py:138)"
    ]
    assert load.server_tracebacks("no errors at all\n") == []


def test_each_session_refreshes_once_at_a_visit_spread_over_the_run():
    """A refresh restarts Streamlit's frontend (about 2.5 s of a browser's CPU); all 25 at the same
    visit number land within some 40 s and measure that burst, not people refreshing now and then."""
    import random

    picks = [load.refresh_visit(random.Random(i), 180) for i in range(25)]
    assert all(1 <= p <= 180 / load.THINK_SECONDS - 1 for p in picks)  # never the first visit, always in time
    assert len(set(picks)) >= 5  # spread, not one visit number for everyone
    assert load.refresh_visit(random.Random(0), 5) == 1  # a short run still refreshes once


def test_the_summary_gives_menu_visits_and_refreshes_their_own_p95():
    result = load.LoadResult(
        page_seconds=[1.0, 2.0, 9.0],
        seconds_by_page={"overview (menu)": [1.0, 2.0], "csp-board (load)": [9.0]},
    )
    summary = load.summarise(result, sessions=1, seconds=60, hang_seconds=30)
    assert summary["p95_seconds_by_kind"] == {"menu": pytest.approx(1.95), "refresh": 9.0}
