"""Dashboard latency and researcher export, measured in this process against one warehouse.

1. Every page is rendered with Streamlit's AppTest while `dhr.warehouse_reader.run_query` (the one
   place a query reaches DuckDB) records each query the page issues. The Researcher page is
   rendered once per topic, since each topic is its own query.
2. Each recorded query is then run again `repeats` times through `run_query` itself: a fresh
   read-only connection each time and no Streamlit cache, as on a cache miss. p50/p95 per query.
3. Page render time: the page rerun with the cache cleared before each run (a first visit after a build).
4. Researcher export: every topic fetched, disclosure-controlled and written as CSV and XLSX.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.stats import latency_summary

# Streamlit's cache outside a running app warns on every call ("missing ScriptRunContext").
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

PAGES = (
    "home",
    "pcc_oversight",
    "csp_board",
    "annual_report",
    "researcher",
    "theme_review",
    "national_recommendations",
    "data_dictionary",
)
#: The benchmark signs in as a national user of its own app-state file (sign-in, issue 6).
BENCH_USER = "bench.national"
APP_PATH = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"
TIMEOUT = 120


@contextmanager
def recording_queries(log: list[tuple[str, dict[str, Any], Any]]) -> Iterator[None]:
    """Record every (sql, params) that reaches DuckDB while the block runs."""
    from dhr import warehouse_reader

    original = warehouse_reader.run_query

    def recorder(path: Path, sql: str, params: Mapping[str, Any], scope: Any) -> Any:
        log.append((sql, dict(params), scope))
        return original(path, sql, params, scope)

    warehouse_reader.run_query = recorder
    try:
        yield
    finally:
        warehouse_reader.run_query = original


def _render(page: str, state: Mapping[str, Any]) -> float:
    """Seconds to run the app on `page` once, with the data cache cleared first."""
    from streamlit.testing.v1 import AppTest

    from dashboards import data

    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.session_state["dhr_user_name"] = BENCH_USER  # a real user of the bench's app-state file
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    data.clear_cache()
    at.switch_page(f"app_pages/{page}.py")
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"page {page} raised: {[e.value for e in at.exception]}")
    return seconds


def _variants() -> list[tuple[str, str, dict[str, Any]]]:
    """(label, page, session state): every page as first opened, and the Researcher page per topic."""
    from dashboards.data import research

    variants = [(page, page, {}) for page in PAGES if page != "researcher"]
    variants += [(f"researcher: {topic}", "researcher", {"res_topic": topic}) for topic in research.RESEARCH_TOPICS]
    return variants


def _freeze(params: Mapping[str, Any]) -> str:
    return repr(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def measure_dashboards(warehouse: Path, *, repeats: int = 20, page_repeats: int = 5) -> dict[str, Any]:
    """Per page: render p50/p95 and every query's p50/p95 (cache bypassed); the slowest of each overall."""
    os.environ["DHR_DB"] = str(warehouse)
    _sign_in_user(warehouse)
    from dhr import warehouse_reader

    pages: dict[str, Any] = {}
    for label, page, state in _variants():
        log: list[tuple[str, dict[str, Any], Any]] = []
        with recording_queries(log):
            _render(page, state)  # warm-up: imports, and the queries the page issues
        renders = [_render(page, state) for _ in range(page_repeats)]
        unique = {_freeze(params) + sql: (sql, params, scope) for sql, params, scope in log}
        queries = []
        for sql, params, scope in unique.values():
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                warehouse_reader.run_query(warehouse, sql, params, scope)
                timings.append(time.perf_counter() - started)
            queries.append({"sql": " ".join(sql.split())[:160], "params": _freeze(params), **latency_summary(timings)})
        pages[label] = {"render": latency_summary(renders), "queries": queries}
    all_queries = [q for p in pages.values() for q in p["queries"]]
    return {
        "pages": pages,
        "query_count": len(all_queries),
        "worst_query_p95_ms": max((q["p95_ms"] for q in all_queries), default=None),
        "worst_query_p50_ms": max((q["p50_ms"] for q in all_queries), default=None),
        "worst_page_p95_ms": max(p["render"]["p95_ms"] for p in pages.values()),
    }


def _sign_in_user(warehouse: Path) -> None:
    """A national user in an app-state file of the bench's own (beside the bench warehouse)."""
    import secrets

    from dhr import auth

    state = warehouse.parent / "bench_app_state.duckdb"
    os.environ["DHR_APP_STATE"] = str(state)
    if auth.get_user(BENCH_USER) is None:
        auth.add_user(BENCH_USER, secrets.token_urlsafe(16), ("national",), actor="cli:bench")


def measure_export(warehouse: Path) -> dict[str, Any]:
    """Seconds to fetch (uncached), disclosure-control (`hes`) and write every researcher topic as
    CSV and XLSX, as `dhr export` does for a researcher."""
    os.environ["DHR_DB"] = str(warehouse)
    _sign_in_user(warehouse)
    from dashboards import data
    from dashboards.data import research
    from dhr import research_export
    from dhr.access import Scope, using_scope

    data.clear_cache()
    per_topic: dict[str, float] = {}
    total_bytes = 0
    started = time.perf_counter()
    with using_scope(Scope.from_roles(["researcher"])):
        for topic in research.RESEARCH_TOPICS:
            began = time.perf_counter()
            frame, counts, policy = research.get_controlled_research_table(topic)
            item = research_export.ResearchExport(
                topic=topic, frame=frame, counts=counts, policy=policy, filters_text="bench", reporting_date=None
            )
            total_bytes += len(research_export.to_csv_bytes(item)) + len(research_export.to_xlsx_bytes(item))
            per_topic[topic] = round(time.perf_counter() - began, 3)
    return {"seconds": round(time.perf_counter() - started, 3), "bytes": total_bytes, "per_topic_seconds": per_topic}
