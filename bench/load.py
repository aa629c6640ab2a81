"""Load phase of `make bench`: many signed-in people using the dashboards at once (issue 15).

``BENCH_LOAD_SESSIONS`` (default 25) browser contexts in ONE headless Chromium (/usr/bin/chromium),
against one `streamlit run dashboards/app.py` on loopback. Each signs in through the form as a user of
a role (national, pcc, csp, researcher in turn), one after another, before the measured window; then
for ``BENCH_LOAD_SECONDS`` (default 180) visits every page of its role through the menu, reading each
for about ``BENCH_LOAD_THINK_SECONDS``, one visit at random a refresh by address (which must keep
the session). Reported: page times (p50/p95/max, per page), sign-in times, server and browser CPU per
visit, errors (an exception on the page, the sign-in form instead of the page, a navigation failure)
and hangs (a page not ready within ``BENCH_LOAD_HANG_SECONDS``, default 30); target 0 errors, 0 hangs,
p95 under 5 s. Everything is bounded in time: the server and the browser are always stopped.

Standalone: ``python -m bench.load WAREHOUSE [--sessions 25] [--seconds 60] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
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
from dashboards import page_registry

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "bench load password 1234"  # noqa: S105 - throwaway users of a throwaway app-state file
TARGET_P95_SECONDS = 5.0
#: Least seconds between two sign-ins (BENCH_LOAD_RAMP_SECONDS); they happen one after another anyway,
#: before the measured window.
RAMP_SECONDS = float(os.environ.get("BENCH_LOAD_RAMP_SECONDS", "0"))
#: Average seconds a person spends reading a page before the next (BENCH_LOAD_THINK_SECONDS).
THINK_SECONDS = float(os.environ.get("BENCH_LOAD_THINK_SECONDS", "20"))
#: Pages each kind of role opens, in menu order, from the page registry ("" is the Overview, at `/`).
ROLE_PAGES = {
    kind: [("" if p.url_path == "overview" else p.url_path) for p in page_registry.PAGES if kind in p.scopes]
    for kind in (page_registry.NATIONAL, page_registry.PCC, page_registry.CSP, page_registry.RESEARCHER)
}
#: Each page's entry in the menu. Found by its words, not its address: a role's first page is listed
#: under the bare address.
MENU_TITLES = {("" if p.url_path == "overview" else p.url_path): p.title for p in page_registry.PAGES}
#: The heading each page opens with (its st.title), so a visit is over only when that page is drawn.
PAGE_HEADINGS = {
    "": "DHR Learning Warehouse",
    "pcc-oversight": "PCC oversight",
    "csp-board": "CSP board",
    "send-forms": "Send forms",
    "annual-report": "Commissioner's annual thematic report",
    "researcher": "Researcher",
    "theme-review": "Theme review",
    "national-recommendations": "National recommendations",
    "data-dictionary": "Data dictionary",
}
#: Each browser here shares the server's two cores, so its animations are switched off: a page left
#: waiting otherwise spends about 8% of a core on the "running" indicator and fades, and 25 waiting
#: pages would take both cores from the server they are waiting for (measured in issue 15). A
#: person's own browser animates on their own machine, costing the server nothing.
STILL_PAGES = """document.addEventListener('DOMContentLoaded', () => {
    const style = document.createElement('style');
    style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
    document.head.appendChild(style);
});"""
#: Ready (once the server has finished the rerun, RunsFinished): the page's own heading is shown,
#: nothing is still running, nothing of the previous page is left greyed out (Streamlit marks
#: elements of an unfinished rerun data-stale), and every chart (a picture) has loaded.
PAGE_READY = """(heading) => {
    const h1 = document.querySelector('h1');
    if (!h1 || h1.textContent.trim() !== heading) return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    const charts = [...document.querySelectorAll('.dhr-chart img')];
    if (!charts.every((c) => c.complete && c.naturalWidth > 0)) return false;
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    return !status || !/stop|running/i.test(status.textContent);
}"""


#: Frames longer than this are not looked at by RunsFinished (script_finished is under 100 bytes).
SCRIPT_FINISHED_MAX_BYTES = 512


@dataclass
class LoadResult:
    page_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    visits_by_page: dict[str, int] = field(default_factory=dict)
    seconds_by_page: dict[str, list[float]] = field(default_factory=dict)
    sign_in_seconds: list[float] = field(default_factory=list)
    #: Of each visit: from the click until the server has finished the page (the rest is the browser
    #: drawing it), so a slow tail can be put on the server or on the browsers.
    served_seconds: list[float] = field(default_factory=list)
    server_cpu_seconds: float = 0.0
    browser_cpu_seconds: float = 0.0
    #: The whole machine over the measured window, from /proc/stat: (busy, stolen, all) clock ticks.
    machine_ticks: tuple[int, int, int] = (0, 0, 0)


def session_roles(sessions: int) -> list[str]:
    """The kind of role of each session, in turn: national, pcc, csp, researcher, national, ..."""
    kinds = list(ROLE_PAGES)
    return [kinds[i % len(kinds)] for i in range(sessions)]


def visit_order(kind: str, session_index: int) -> list[str]:
    """The pages of a role, each session starting at a different one so not all load the same page."""
    pages = ROLE_PAGES[kind]
    start = session_index % len(pages)
    return pages[start:] + pages[:start]


def refresh_visit(rng: random.Random, seconds_left: float) -> int:
    """Which visit (0-based, never the first) of a session is its one refresh: any of those it has
    time for, so the 25 refreshes spread over the run. A refresh costs a browser about 2.5 s of CPU
    (Streamlit's whole frontend starts again), and all 25 at the third visit, within some 40 s,
    measured that instant rather than people refreshing now and then."""
    visits = max(2, int(seconds_left / THINK_SECONDS))
    return rng.randint(1, visits - 1)


def summarise(result: LoadResult, *, sessions: int, seconds: float, hang_seconds: float) -> dict[str, Any]:
    """The figures of a run and whether they meet the target (0 errors, 0 hangs, p95 < 5 s)."""
    times = result.page_seconds
    busy = result.machine_ticks[0]
    p50 = percentile(times, 50) if times else None
    p95 = percentile(times, 95) if times else None
    return {
        "sessions": sessions,
        "seconds": seconds,
        "hang_seconds": hang_seconds,
        "page_visits": len(times),
        "visits_by_page": dict(sorted(result.visits_by_page.items())),
        "p50_seconds_by_page": {k: round(percentile(v, 50), 3) for k, v in sorted(result.seconds_by_page.items())},
        # Where the slow tail is: the p95 of all visits is made of these.
        "p95_seconds_by_page": {k: round(percentile(v, 95), 3) for k, v in sorted(result.seconds_by_page.items())},
        "think_seconds": THINK_SECONDS,
        "signed_in": len(result.sign_in_seconds),
        "sign_in_p50_seconds": round(percentile(result.sign_in_seconds, 50), 3) if result.sign_in_seconds else None,
        "sign_in_max_seconds": round(max(result.sign_in_seconds), 3) if result.sign_in_seconds else None,
        # Where the CPU of the measured window went: the server's per page, and the browsers' (which
        # would be on people's own machines) per page.
        "server_cpu_seconds_per_visit": round(result.server_cpu_seconds / len(times), 3) if times else None,
        "browser_cpu_seconds_per_visit": round(result.browser_cpu_seconds / len(times), 3) if times else None,
        # How busy the machine was, and how much of it the host took away (see _machine_ticks).
        "machine_busy_share": round(busy / ticks, 3) if (ticks := result.machine_ticks[2]) else None,
        "machine_steal_share": round(result.machine_ticks[1] / ticks, 3) if ticks else None,
        "p50_seconds": None if p50 is None else round(p50, 3),
        "p95_seconds": None if p95 is None else round(p95, 3),
        # The two kinds of visit apart: a refresh starts Streamlit's frontend again and costs more.
        "p95_seconds_by_kind": {
            kind: round(percentile(chosen, 95), 3)
            for kind, label in (("menu", "(menu)"), ("refresh", "(load)"))
            if (chosen := [t for k, v in result.seconds_by_page.items() if k.endswith(label) for t in v])
        },
        "max_seconds": round(max(times), 3) if times else None,
        # The same visits until the server had finished the page, before the browser drew it.
        "served_p50_seconds": round(percentile(result.served_seconds, 50), 3) if result.served_seconds else None,
        "served_p95_seconds": round(percentile(result.served_seconds, 95), 3) if result.served_seconds else None,
        "errors": len(result.errors),
        "hangs": len(result.hangs),
        "error_samples": result.errors[:10],
        "hang_samples": result.hangs[:10],
        "meets_target": bool(times) and not result.errors and not result.hangs and p95 < TARGET_P95_SECONDS,
    }


def browser_executable(folder: Path) -> str:
    """Chromium as an unprivileged user would run it: never above the server's priority.

    Run as root (CI, this machine), Chromium raises its own browser and GPU threads to nice -8,
    which no ordinary user's browser can do, and then starves the server it is measuring on the
    same two cores. A wrapper drops the capability to raise priority (CAP_SYS_NICE) before Chromium
    starts; without `setpriv` Chromium runs as it is."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return CHROMIUM
    wrapper = folder / "chromium-as-user"
    wrapper.write_text(f'#!/bin/sh\nexec {setpriv} --inh-caps=-sys_nice --bounding-set=-sys_nice {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


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
    roles = {
        "national": ["national"],
        "researcher": ["researcher"],
        "pcc": [f"pcc:{force_area}"] if force_area else ["national"],
        "csp": [f"csp:{csp}"] if csp else ["national"],
    }
    users = {}
    for kind, role in roles.items():
        name = f"load.{kind}"
        auth.add_user(name, PASSWORD, role, actor="cli:bench", path=app_state)
        users[kind] = name
    return users


def start_server(
    warehouse: Path, app_state: Path, log: Path, port: int, extra_env: dict[str, str] | None = None
) -> subprocess.Popen:
    env = dict(os.environ, DHR_DB=str(warehouse), DHR_APP_STATE=str(app_state), **(extra_env or {}))
    env.pop("DHR_TEST_SIGN_IN_AS", None)
    with log.open("w") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and app, fixed arguments
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboards/app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
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


class RunsFinished:
    """Counts the app's finished reruns from the server's own messages on the page's websocket
    (Streamlit's ``script_finished``), so a visit ends when the server has sent the whole page and
    not when a heading happens to match: the "running" indicator only shows after a delay."""

    def __init__(self, page) -> None:
        self.count = 0
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        # A script_finished message is a few bytes; pages and charts arrive in frames of kilobytes.
        # Parsing every frame in this process took CPU from the two cores being measured.
        if not isinstance(payload, bytes | bytearray) or len(payload) > SCRIPT_FINISHED_MAX_BYTES:
            return
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        try:
            msg = ForwardMsg.FromString(bytes(payload))
        except Exception:
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.count += 1

    async def after(self, seen: int, timeout_s: float) -> None:
        """Wait until a rerun after the ``seen``-th has finished (TimeoutError otherwise)."""
        deadline = time.monotonic() + timeout_s
        while self.count <= seen:
            if time.monotonic() > deadline:
                raise TimeoutError("the server did not finish the page")
            await asyncio.sleep(0.05)


@dataclass
class Session:
    index: int
    kind: str
    context: Any
    page: Any
    runs: RunsFinished


async def _sign_in(
    browser, base: str, index: int, kind: str, user: str, hang_ms: int, result: LoadResult
) -> Session | None:
    """Open a fresh browser context and sign in through the form; None (and an error) if that fails."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    await context.add_init_script(STILL_PAGES)
    page = await context.new_page()
    runs = RunsFinished(page)
    started = time.monotonic()
    try:
        await page.goto(base, wait_until="domcontentloaded", timeout=2 * hang_ms)
        await page.get_by_role("textbox", name="User name").fill(user, timeout=2 * hang_ms)
        await page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_role("button", name="Sign out").wait_for(timeout=2 * hang_ms)
    except Exception as exc:
        result.errors.append(f"session {index} ({kind}): sign-in: {type(exc).__name__}: {str(exc)[:200]}")
        await context.close()
        return None
    result.sign_in_seconds.append(time.monotonic() - started)
    return Session(index, kind, context, page, runs)


async def _visits(session: Session, base: str, until: float, hang_ms: int, result: LoadResult) -> None:
    """Visit the role's pages in turn until ``until``, reading each for a while (THINK_SECONDS)."""
    index, kind, page, runs = session.index, session.kind, session.page, session.runs
    order = visit_order(kind, index)
    rng = random.Random(index)  # noqa: S311 - reading times, not secrets
    # Not everyone starts reading at the same instant.
    await asyncio.sleep(rng.uniform(0, THINK_SECONDS))
    refresh_at = refresh_visit(rng, until - time.monotonic())
    n = 0
    while time.monotonic() < until:
        url_path = order[n % len(order)]
        # People move on through the menu; once a session, a visit loads the page by its address
        # instead (a refresh, which must keep the session and its choices).
        how = "load" if n == refresh_at else "menu"
        n += 1
        started = time.monotonic()
        seen = runs.count
        try:
            if how == "load":
                await page.goto(base + url_path, wait_until="domcontentloaded", timeout=hang_ms)
            else:
                link = page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=MENU_TITLES[url_path])
                await link.click(timeout=hang_ms)
            await runs.after(seen, hang_ms / 1000 - (time.monotonic() - started))
            served = time.monotonic() - started
            await page.wait_for_function(PAGE_READY, arg=PAGE_HEADINGS[url_path], timeout=hang_ms, polling=250)
        except Exception as exc:
            if "Timeout" in type(exc).__name__:  # Playwright's and asyncio's
                result.hangs.append(
                    f"session {index} ({kind}) /{url_path} by {how}: not ready in {hang_ms / 1000:.0f} s"
                )
            else:
                result.errors.append(
                    f"session {index} ({kind}) /{url_path} by {how}: {type(exc).__name__}: {str(exc)[:200]}"
                )
            await _recover(page, base, url_path, hang_ms)
            continue
        elapsed = time.monotonic() - started
        if await page.get_by_role("textbox", name="Password", exact=True).count():
            result.errors.append(f"session {index} ({kind}) /{url_path} by {how}: signed out (sign-in form shown)")
        elif await page.locator('[data-testid="stException"]').count():
            shown = (await page.locator('[data-testid="stException"]').first.inner_text())[:300].replace("\n", " ")
            result.errors.append(f"session {index} ({kind}) /{url_path} by {how}: exception on the page: {shown}")
        else:
            result.page_seconds.append(elapsed)
            result.served_seconds.append(served)
            key = f"{url_path or 'overview'} ({how})"
            result.visits_by_page[key] = result.visits_by_page.get(key, 0) + 1
            result.seconds_by_page.setdefault(key, []).append(elapsed)
        # Reading the page before moving on: THINK_SECONDS on average, between half and one and a half times it.
        await asyncio.sleep(max(0.0, min(THINK_SECONDS * rng.uniform(0.5, 1.5), until - time.monotonic())))


async def _recover(page, base: str, url_path: str, hang_ms: int) -> None:
    """After a failed visit, start the next one from a freshly loaded page (never raises)."""
    with contextlib.suppress(Exception):  # the next visit reports what is still wrong
        await page.goto(base + url_path, wait_until="domcontentloaded", timeout=hang_ms)


async def _drive(
    base: str,
    users: dict[str, str],
    sessions: int,
    seconds: float,
    hang_seconds: float,
    executable: str = CHROMIUM,
    server_pid: int | None = None,
) -> LoadResult:
    from playwright.async_api import async_playwright

    result = LoadResult()
    hang_ms = int(hang_seconds * 1000)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            # Everyone signs in first, one after another (RAMP_SECONDS apart at least): a new browser
            # context compiles all of Streamlit's JavaScript, about 8 s of CPU on these cores, so 25 at
            # once would measure this machine's browsers rather than the server.
            signed_in: list[Session] = []
            for i, kind in enumerate(session_roles(sessions)):
                began = time.monotonic()
                session = await asyncio.wait_for(
                    _sign_in(browser, base, i, kind, users[kind], hang_ms, result), timeout=4 * hang_seconds
                )
                if session is not None:
                    signed_in.append(session)
                await asyncio.sleep(max(0.0, RAMP_SECONDS - (time.monotonic() - began)))
            cpu_before = _cpu_seconds(server_pid), _browser_cpu_seconds(), _machine_ticks()
            until = time.monotonic() + seconds
            # Bounded: every session ends by `until` plus one hang timeout and a recovery, and then some.
            await asyncio.wait_for(
                asyncio.gather(*(_visits(s, base, until, hang_ms, result) for s in signed_in)),
                timeout=seconds + 3 * hang_seconds + 30,
            )
            result.server_cpu_seconds = _cpu_seconds(server_pid) - cpu_before[0]
            result.browser_cpu_seconds = _browser_cpu_seconds() - cpu_before[1]
            result.machine_ticks = tuple(a - b for a, b in zip(_machine_ticks(), cpu_before[2], strict=True))
        finally:
            await browser.close()
    return result


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU seconds of one process so far (0 when unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_ticks() -> tuple[int, int, int]:
    """Clock ticks of all CPUs since boot from /proc/stat: (busy, stolen by the host, all); zeros elsewhere.

    Stolen time is what the virtual machine's host gave to someone else: a run on a busy host is
    slower for reasons outside the app, and the report says so rather than blaming the app."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return (0, 0, 0)
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq, steal, sum(fields[:8]))


def _browser_cpu_seconds() -> float:
    """CPU seconds of every Chromium process alive now (the browser, its renderers and helpers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"chromium" not in (entry / "cmdline").read_bytes().split(b"\0", 1)[0]:
                continue
        except OSError:
            continue
        total += _cpu_seconds(int(entry.name))
    return total


def load_phase(
    warehouse: Path, *, sessions: int | None = None, seconds: float | None = None, hang_seconds: float | None = None
) -> dict[str, Any]:
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
            result = asyncio.run(
                _drive(
                    f"http://127.0.0.1:{port}/",
                    users,
                    sessions,
                    seconds,
                    hang_seconds,
                    browser_executable(Path(tmp)),
                    proc.pid,
                )
            )
        finally:
            stop(proc)
        # The page shows a redacted error; the server's log has the traceback, and the log goes
        # with the temporary directory, so keep what explains an error here.
        tracebacks = server_tracebacks((Path(tmp) / "streamlit.log").read_text(errors="replace"))
    summary = summarise(result, sessions=sessions, seconds=seconds, hang_seconds=hang_seconds)
    summary["server_tracebacks"] = tracebacks[:3]
    return summary


def server_tracebacks(log: str) -> list[str]:
    """Each distinct error in a Streamlit server log, as its exception line and the frames of our own
    code it passed through (Streamlit prints tracebacks plain or, with rich installed, boxed in colour)."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)
    found: list[str] = []
    for block in re.split(r"Traceback \(most recent call last\):?", plain)[1:]:
        ours: list[str] = []
        exception = ""
        for line in block.splitlines()[1:]:
            frame = re.search(r"((?:dashboards|dhr|ingest)/[\w/]+\.py)(?:\"?, line |:)(\d+)", line)
            if frame and f"{frame[1]}:{frame[2]}" not in ours:
                ours.append(f"{frame[1]}:{frame[2]}")
            if re.match(r"^[A-Za-z_][\w.]*: ", line):  # the exception line ends the traceback
                exception = line.strip()
                break
        text = f"{exception} (at {' < '.join(reversed(ours))})" if ours else exception
        if text and text not in found:
            found.append(text[:1500])
    return found


def load_runs(warehouse: Path, *, runs: int | None = None, **options: Any) -> dict[str, Any]:
    """The load phase ``runs`` times in a row (BENCH_LOAD_RUNS, default 3), each on a fresh server
    and browser; the target is met only if every run meets it."""
    runs = runs or int(os.environ.get("BENCH_LOAD_RUNS", "3"))
    results = [load_phase(warehouse, **options) for _ in range(runs)]
    return {
        "runs": results,
        "meets_target": all(r.get("meets_target") for r in results),
        "worst_p95_seconds": max((r["p95_seconds"] for r in results if r.get("p95_seconds") is not None), default=None),
        "errors": sum(r.get("errors", 0) for r in results),
        "hangs": sum(r.get("hangs", 0) for r in results),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--hang-seconds", type=float, default=None)
    parser.add_argument("--runs", type=int, default=1, help="runs in a row (make bench: BENCH_LOAD_RUNS, 3)")
    args = parser.parse_args()
    options = {"sessions": args.sessions, "seconds": args.seconds, "hang_seconds": args.hang_seconds}
    if args.runs > 1:
        out = load_runs(args.warehouse.resolve(), runs=args.runs, **options)
    else:
        out = load_phase(args.warehouse.resolve(), **options)
    print(json.dumps(out, indent=2))
    return 0 if out.get("meets_target") else 1


if __name__ == "__main__":
    sys.exit(main())
