"""Load phase of `make bench`: many signed-in people using the dashboards at once (issue 15).

``BENCH_LOAD_SESSIONS`` (default 25) browser contexts in ONE headless Chromium (/usr/bin/chromium),
against one `streamlit run dashboards/app.py` on loopback, each signed in as a user of a role
(national, pcc, csp, researcher in turn) and visiting every page of its role, by its address (a full
load each time, so every visit also proves a refresh keeps the session), for ``BENCH_LOAD_SECONDS``
(default 180). Reported: page times (p50/p95/max), errors (an exception on the page, the sign-in form
instead of the page, a navigation failure) and hangs (a page not ready within ``BENCH_LOAD_HANG_SECONDS``,
default 30); target 0 errors, 0 hangs, p95 under 5 s. Everything is bounded in time: the server and
the browser are always stopped.

Standalone: ``python -m bench.load WAREHOUSE [--sessions 25] [--seconds 60]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import percentile

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "bench load password 1234"  # noqa: S105 - throwaway users of a throwaway app-state file
TARGET_P95_SECONDS = 5.0
#: Seconds between two sessions' arrival (BENCH_LOAD_RAMP_SECONDS); page times count from the first visit.
RAMP_SECONDS = float(os.environ.get("BENCH_LOAD_RAMP_SECONDS", "1.0"))
#: Pages each kind of role opens (dashboards/signin.py PAGES_BY_SCOPE; "" is the Overview).
ROLE_PAGES = {
    "national": ["", "pcc-oversight", "csp-board", "annual-report", "researcher", "theme-review", "data-dictionary"],
    "pcc": ["", "pcc-oversight", "csp-board", "data-dictionary"],
    "csp": ["csp-board", "data-dictionary"],
    "researcher": ["researcher", "data-dictionary"],
}
APP_IDLE = """() => {
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    return !status || !/stop|running/i.test(status.innerText);
}"""


@dataclass
class LoadResult:
    page_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    visits_by_page: dict[str, int] = field(default_factory=dict)


def session_roles(sessions: int) -> list[str]:
    """The kind of role of each session, in turn: national, pcc, csp, researcher, national, ..."""
    kinds = list(ROLE_PAGES)
    return [kinds[i % len(kinds)] for i in range(sessions)]


def visit_order(kind: str, session_index: int) -> list[str]:
    """The pages of a role, each session starting at a different one so not all load the same page."""
    pages = ROLE_PAGES[kind]
    start = session_index % len(pages)
    return pages[start:] + pages[:start]


def summarise(result: LoadResult, *, sessions: int, seconds: float, hang_seconds: float) -> dict[str, Any]:
    """The figures of a run and whether they meet the target (0 errors, 0 hangs, p95 < 5 s)."""
    times = result.page_seconds
    p50 = percentile(times, 50) if times else None
    p95 = percentile(times, 95) if times else None
    return {
        "sessions": sessions,
        "seconds": seconds,
        "hang_seconds": hang_seconds,
        "page_visits": len(times),
        "visits_by_page": dict(sorted(result.visits_by_page.items())),
        "p50_seconds": None if p50 is None else round(p50, 3),
        "p95_seconds": None if p95 is None else round(p95, 3),
        "max_seconds": round(max(times), 3) if times else None,
        "errors": len(result.errors),
        "hangs": len(result.hangs),
        "error_samples": result.errors[:10],
        "hang_samples": result.hangs[:10],
        "meets_target": bool(times) and not result.errors and not result.hangs and p95 < TARGET_P95_SECONDS,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _codes(warehouse: Path) -> tuple[str | None, str | None]:
    """A force area and a CSP that have DHRs, for the pcc and csp users."""
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            row = con.execute(
                "select force_area_code, csp_code from marts.dim_dhrs where force_area_code is not null "
                "and csp_code is not null group by all order by count(*) desc limit 1"
            ).fetchone()
        return (row[0], row[1]) if row else (None, None)
    except Exception:
        return (None, None)


def make_users(app_state: Path, warehouse: Path) -> dict[str, str]:
    """One user per kind of role in a fresh app-state file; returns {kind: user name}."""
    from dhr import auth

    force_area, csp = _codes(warehouse)
    roles = {"national": ["national"], "researcher": ["researcher"],
             "pcc": [f"pcc:{force_area}"] if force_area else ["national"],
             "csp": [f"csp:{csp}"] if csp else ["national"]}
    users = {}
    for kind, role in roles.items():
        name = f"load.{kind}"
        auth.add_user(name, PASSWORD, role, actor="cli:bench", path=app_state)
        users[kind] = name
    return users


def start_server(warehouse: Path, app_state: Path, log: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, DHR_DB=str(warehouse), DHR_APP_STATE=str(app_state))
    env.pop("DHR_TEST_SIGN_IN_AS", None)
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and app, fixed arguments
            [sys.executable, "-m", "streamlit", "run", "dashboards/app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        time.sleep(0.25)
    stop(proc)
    raise RuntimeError("streamlit did not become healthy within 90 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


async def _session(browser, base: str, index: int, kind: str, user: str, until: float, hang_ms: int,
                   result: LoadResult) -> None:
    await asyncio.sleep(index * RAMP_SECONDS)  # people arrive over a few seconds, not in one instant
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(base, wait_until="domcontentloaded", timeout=2 * hang_ms)
        await page.get_by_role("textbox", name="User name").fill(user, timeout=2 * hang_ms)
        await page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_role("button", name="Sign out").wait_for(timeout=2 * hang_ms)
    except Exception as exc:
        result.errors.append(f"session {index} ({kind}): sign-in: {type(exc).__name__}: {str(exc)[:200]}")
        await context.close()
        return
    await asyncio.sleep(1.5)  # let the session cookie be written before the first full page load
    order = visit_order(kind, index)
    n = 0
    while time.monotonic() < until:
        url_path = order[n % len(order)]
        n += 1
        started = time.monotonic()
        try:
            await page.goto(base + url_path, wait_until="domcontentloaded", timeout=hang_ms)
            await page.locator("h1").first.wait_for(timeout=hang_ms)
            await page.wait_for_function(APP_IDLE, timeout=hang_ms)
        except Exception as exc:
            if "Timeout" in type(exc).__name__:
                result.hangs.append(f"session {index} ({kind}) /{url_path}: not ready in {hang_ms / 1000:.0f} s")
            else:
                result.errors.append(f"session {index} ({kind}) /{url_path}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        elapsed = time.monotonic() - started
        if await page.get_by_role("textbox", name="Password", exact=True).count():
            result.errors.append(f"session {index} ({kind}) /{url_path}: signed out (sign-in form shown)")
        elif await page.locator('[data-testid="stException"]').count():
            result.errors.append(f"session {index} ({kind}) /{url_path}: exception on the page")
        else:
            result.page_seconds.append(elapsed)
            result.visits_by_page[url_path or "overview"] = result.visits_by_page.get(url_path or "overview", 0) + 1
    await context.close()


async def _drive(base: str, users: dict[str, str], sessions: int, seconds: float, hang_seconds: float) -> LoadResult:
    from playwright.async_api import async_playwright

    result = LoadResult()
    hang_ms = int(hang_seconds * 1000)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            until = time.monotonic() + seconds + sessions * RAMP_SECONDS
            tasks = [
                _session(browser, base, i, kind, users[kind], until, hang_ms, result)
                for i, kind in enumerate(session_roles(sessions))
            ]
            # Bounded: every session ends by `until` plus one hang timeout, and then some.
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + sessions * RAMP_SECONDS + 4 * hang_seconds + 60)
        finally:
            await browser.close()
    return result


def load_phase(warehouse: Path, *, sessions: int | None = None, seconds: float | None = None,
               hang_seconds: float | None = None) -> dict[str, Any]:
    sessions = sessions or int(os.environ.get("BENCH_LOAD_SESSIONS", "25"))
    seconds = seconds or float(os.environ.get("BENCH_LOAD_SECONDS", "180"))
    hang_seconds = hang_seconds or float(os.environ.get("BENCH_LOAD_HANG_SECONDS", "30"))
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} is not installed (make browser-deps)"}
    with tempfile.TemporaryDirectory(prefix="dhr-load-") as tmp:
        app_state = Path(tmp) / "app_state.duckdb"
        users = make_users(app_state, warehouse)
        port = _free_port()
        proc = start_server(warehouse, app_state, Path(tmp) / "streamlit.log", port)
        try:
            result = asyncio.run(_drive(f"http://127.0.0.1:{port}/", users, sessions, seconds, hang_seconds))
        finally:
            stop(proc)
    return summarise(result, sessions=sessions, seconds=seconds, hang_seconds=hang_seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--hang-seconds", type=float, default=None)
    args = parser.parse_args()
    out = load_phase(args.warehouse.resolve(), sessions=args.sessions, seconds=args.seconds, hang_seconds=args.hang_seconds)
    print(json.dumps(out, indent=2))
    return 0 if out.get("meets_target") else 1


if __name__ == "__main__":
    sys.exit(main())
