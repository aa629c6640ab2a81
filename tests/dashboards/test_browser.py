"""Real browser tests: `streamlit run dashboards/app.py`, driven by Debian's Chromium through
Playwright. The Overview against the fixture warehouse; then EVERY page, opened by its URL path,
against a real warehouse built from a synthetic corpus (`built_warehouse`): its main heading shows,
no Streamlit exception block appears, and a screenshot of the whole page is saved to
tests/_artifacts/<page>.png (copied to docs/screenshots/ for the README)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from dashboard_warehouse import ARTIFACTS_DIR, CSP_USER, NATIONAL_USER, REPO_ROOT, TEST_PASSWORD

pytestmark = pytest.mark.browser

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
SERVER_START_TIMEOUT = 60
PAGE_TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(proc: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit did not answer on :{port} within {SERVER_START_TIMEOUT}s:\n{log.read_text()}")


#: Every page: (URL path, screenshot name = the page's file stem, main heading).
PAGES = [
    ("", "home", "DHR Learning Warehouse"),
    ("pcc-oversight", "pcc_oversight", "PCC oversight"),
    ("csp-board", "csp_board", "CSP board"),
    ("annual-report", "annual_report", "Commissioner's annual thematic report"),
    ("researcher", "researcher", "Researcher"),
    ("national-recommendations", "national_recommendations", "National recommendations"),
    ("data-dictionary", "data_dictionary", "Data dictionary"),
]
#: Wait until every chart on the page has drawn: charts are pictures the server draws (issue 15),
#: so each image has loaded and has a size.
CHARTS_DRAWN = """() => {
    const charts = [...document.querySelectorAll('.dhr-chart img')].filter(i => i.offsetParent !== null);
    return charts.every(c => c.complete && c.naturalWidth > 0);
}"""
#: Each chart on the page: how many of its drawings are shown, and the scale the shown one is drawn at.
CHART_SCALES = """() => [...document.querySelectorAll('.dhr-chart')].map(chart => {
    const shown = [...chart.querySelectorAll('img')].filter(i => i.offsetParent !== null);
    return [shown.length, shown.length ? shown[0].getBoundingClientRect().width / shown[0].naturalWidth : 0];
})"""
#: The app has finished its run: no element still waiting for its content (Streamlit draws a
#: skeleton until it arrives) and the status widget is not offering to stop a run.
APP_IDLE = """() => {
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    return !status || !/stop|running/i.test(status.innerText);
}"""
#: Tables (by their label or first header) that scroll sideways: the answer would be off screen.
SIDEWAYS_TABLES = """() => [...document.querySelectorAll('.dhr-table')]
    .filter(t => t.scrollWidth - t.clientWidth > 1)
    .map(t => t.getAttribute('aria-label') || (t.querySelector('th') || {}).textContent)"""
#: The height of the page's content: Streamlit scrolls inside its own container, so the viewport is
#: made this tall before the screenshot.
CONTENT_HEIGHT = """() => {
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    return Math.max(main.scrollHeight, document.body.scrollHeight);
}"""


@pytest.fixture
def server(warehouse, tmp_path):
    """A Streamlit server on a free port reading the fixture warehouse; always terminated."""
    yield from _serve(warehouse, tmp_path)


@pytest.fixture(scope="module")
def real_server(built_warehouse, app_state_template, tmp_path_factory):
    """A Streamlit server reading the warehouse built from a synthetic corpus; always terminated.

    One for this file's tests (issue 16: each started its own, a few seconds apart): they read the
    same warehouse as the same user, each signed in in a browser context of its own. Its users
    are a copy of the test users of its own, as the per-test ``signed_in`` copy is made after it."""
    directory = tmp_path_factory.mktemp("real_server")
    app_state = directory / "app_state" / "app_state.duckdb"
    app_state.parent.mkdir()
    shutil.copy(app_state_template, app_state)
    yield from _serve(built_warehouse, directory, DHR_APP_STATE=str(app_state))


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for this file's tests; each test opens its pages in a context of its
    own (``new_page``), so no cookie or session passes from one test to the next."""
    sync_api = _need_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser(chromium):
    """The file's Chromium; every context the test opened is closed after it, passed or failed."""
    yield chromium
    for context in chromium.contexts:
        context.close()


def _serve(warehouse: Path, tmp_path: Path, **settings: str):
    port = _free_port()
    env = dict(os.environ, DHR_DB=str(warehouse), **settings)
    # Prove the router finds the project from a bare checkout, as `streamlit run` does.
    env.pop("PYTHONPATH", None)
    log = tmp_path / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboards/app.py",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(proc, port, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _sign_in(page, user: str = NATIONAL_USER, password: str = TEST_PASSWORD) -> None:
    """Sign in through the form, as a person does: the server runs without pytest, so the test-only
    DHR_TEST_SIGN_IN_AS does nothing there. The form answers at the page's own address."""
    page.get_by_role("textbox", name="User name").fill(user, timeout=PAGE_TIMEOUT_MS)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _need_chromium():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is not installed (`make browser-deps` installs Debian's chromium)")
    return pytest.importorskip("playwright.sync_api")


def test_home_page_renders_in_chromium(server, browser):
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS_DIR / "home_fixture.png"
    # Tall enough that the whole page fits: Streamlit scrolls inside its own container.
    page = browser.new_page(viewport={"width": 1400, "height": 2300})
    page.goto(server, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
    _sign_in(page)
    page.get_by_role("heading", name="DHR Learning Warehouse", level=1).wait_for(timeout=PAGE_TIMEOUT_MS)
    page.locator(".dhr-kpi").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    page.get_by_text("Data as of 30/09/2026").wait_for(timeout=PAGE_TIMEOUT_MS)
    # Three charts drawn: pictures the server drew, loaded, each with words for a screen reader.
    page.wait_for_function(
        "[...document.querySelectorAll('.dhr-chart img')]"
        ".filter(i => i.offsetParent !== null && i.complete && i.naturalWidth > 0 && i.alt.length > 20)"
        ".length >= 3",
        timeout=PAGE_TIMEOUT_MS,
    )
    page.wait_for_timeout(1000)  # let the last chart finish its first paint
    page.screenshot(path=str(shot), full_page=True)

    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".dhr-kpi").count() == 5
    assert page.get_by_text("Actions overdue").first.is_visible()
    assert page.get_by_text("Most overdue actions").is_visible()
    assert shot.stat().st_size > 10_000


def test_a_wrong_password_shows_no_data_in_chromium(server, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(server + "pcc-oversight", wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
    _sign_in(page, password="not the password")  # noqa: S106 - the wrong one on purpose
    page.get_by_text("The user name or password is not right.").wait_for(timeout=PAGE_TIMEOUT_MS)
    assert page.locator(".dhr-kpi").count() == 0
    assert page.get_by_text("Medway").count() == 0


def test_a_page_outside_the_role_says_so_in_chromium(server, browser):
    """Issue 19: a CSP member following a link to PCC oversight landed on the CSP board without a
    word; the address now answers with the page's name and why it is closed, and nothing of it."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(server + "pcc-oversight", wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
    _sign_in(page, user=CSP_USER)
    page.get_by_text("PCC oversight is not open to your role.").wait_for(timeout=PAGE_TIMEOUT_MS)
    assert page.get_by_role("heading", name="PCC oversight", level=1).is_visible()
    assert page.locator(".dhr-kpi").count() == 0 and page.locator(".dhr-chart").count() == 0
    # The menu still offers only the role's own pages.
    menu = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "CSP board" in menu and "PCC oversight" not in menu


def _outside(url: str) -> bool:
    return not url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))


def _probe(url: str) -> bool:
    """Streamlit's frontend, opened at a page's address, first asks whether that address is the
    app's base path (`/csp-board/_stcore/health`, a 404) before the root: its own, harmless."""
    return "/_stcore/health" in url or "/_stcore/host-config" in url


@pytest.mark.slow
def test_every_page_renders_in_chromium(real_server, browser):
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    failed: list[str] = []
    console: list[str] = []
    # DHR_SCREENSHOTS_DIR (make screenshots): also keep each page at 1400 and 1024 px there,
    # for the README (issue 19: screenshots made by the test cannot go stale unseen).
    keep = os.environ.get("DHR_SCREENSHOTS_DIR")
    for (url_path, name, heading), width in [(page, 1400) for page in PAGES] + (
        [(page, 1024) for page in PAGES] if keep else []
    ):
        page = browser.new_page(viewport={"width": width, "height": 1600})
        # Issue 19: nothing leaves the server's host (the favicon came from fonts.gstatic.com)
        # and nothing fails to load but Streamlit's own probe for a base path at a page's address.
        page.on("request", lambda r: outside.append(r.url) if _outside(r.url) else None)
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not _probe(r.url) else None)
        # ... and the browser's console has no errors or warnings ("Dropping fit-y" on every page
        # while charts were drawn by Vega in the browser). A failed load is also logged there;
        # those are checked above, by address.
        page.on(
            "console",
            lambda m, n=name: (
                console.append(f"{n}: {m.type}: {m.text}")
                if m.type in ("error", "warning") and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        page.goto(real_server + url_path, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
        _sign_in(page)
        page.get_by_role("heading", name=heading, level=1).wait_for(timeout=PAGE_TIMEOUT_MS)
        page.get_by_text("Data as of 30/09/2026").wait_for(timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(APP_IDLE, timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(CHARTS_DRAWN, timeout=PAGE_TIMEOUT_MS)
        # Make the viewport as tall as the content so the screenshot holds the whole page,
        # then let charts re-lay-out and finish their first paint.
        height = min(int(page.evaluate(CONTENT_HEIGHT)) + 80, 16000)
        page.set_viewport_size({"width": width, "height": max(height, 900)})
        page.wait_for_timeout(1500)
        page.wait_for_function(APP_IDLE, timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(CHARTS_DRAWN, timeout=PAGE_TIMEOUT_MS)
        shot = ARTIFACTS_DIR / (f"{name}.png" if width == 1400 else f"{name}_{width}.png")
        page.screenshot(path=str(shot), full_page=True)
        if keep:  # 256 colours: a quarter of the bytes, the same page to the eye
            from PIL import Image

            with Image.open(shot) as picture:
                picture.convert("RGB").quantize(256).save(Path(keep) / shot.name, optimize=True)
        if width == 1400:  # issue 19: the answer is never scrolled off to the right
            assert page.evaluate(SIDEWAYS_TABLES) == [], name
        exceptions = page.locator('[data-testid="stException"]')
        assert exceptions.count() == 0, (name, exceptions.first.inner_text())
        assert page.get_by_role("heading", name=heading, level=1).is_visible(), name
        assert shot.stat().st_size > 10_000, name
        page.close()
    assert not outside, outside
    assert not failed, failed
    assert not console, console


@pytest.mark.slow
def test_national_recommendations_chase_list_in_chromium(real_server, browser):
    """Issue 18: the Commissioner's office sees what to chase first and one department's chase list
    with its download, every status in words; the page is kept as docs/screenshots/national_recommendations.png
    when DHR_SCREENSHOTS_DIR is set (`make screenshots` keeps every page the same way)."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS_DIR / "national_recommendations.png"
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(real_server + "national-recommendations", wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
    _sign_in(page)
    page.get_by_role("heading", name="National recommendations", level=1).wait_for(timeout=PAGE_TIMEOUT_MS)
    page.get_by_text("Data as of 30/09/2026").wait_for(timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function(APP_IDLE, timeout=PAGE_TIMEOUT_MS)
    assert page.get_by_role("heading", name="Chase first").is_visible()
    assert page.get_by_role("heading", name="Chase list by department").is_visible()
    download = page.get_by_role("button", name="Download the chase list of")
    assert download.is_visible()
    assert page.locator(".dhr-kpi").count() == 6
    assert page.get_by_text("Unanswered after 56 days").first.is_visible()
    height = min(int(page.evaluate(CONTENT_HEIGHT)) + 80, 16000)
    page.set_viewport_size({"width": 1400, "height": max(height, 900)})
    page.wait_for_timeout(1500)
    page.wait_for_function(APP_IDLE, timeout=PAGE_TIMEOUT_MS)
    page.screenshot(path=str(shot), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.evaluate(SIDEWAYS_TABLES) == []
    keep = os.environ.get("DHR_SCREENSHOTS_DIR")
    if keep:  # 256 colours, as the other screenshots
        from PIL import Image

        with Image.open(shot) as picture:
            picture.convert("RGB").quantize(256).save(Path(keep) / shot.name, optimize=True)
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.parametrize("width", [1024, 1400, 1920])
def test_charts_stay_readable_in_narrow_windows(real_server, browser, width):
    """Issue 19: a chart drawn once at 900 px and scaled to a 1024 px window's column read at 7 px, and
    half-row charts at 5 px. Each chart now shows exactly one of its drawings, at 0.84 of its size or
    more, and charts sharing a row go under each other where the row is too narrow for both."""
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(real_server, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
    _sign_in(page)
    page.get_by_role("button", name="Sign out").wait_for(timeout=PAGE_TIMEOUT_MS)
    page.wait_for_timeout(1000)  # the session cookie is written after the sign-in run
    for url_path, heading in [("", "DHR Learning Warehouse"), ("pcc-oversight", "PCC oversight")]:
        page.goto(real_server + url_path, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
        page.get_by_role("heading", name=heading, level=1).wait_for(timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function("document.querySelectorAll('.dhr-chart').length >= 3", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(APP_IDLE, timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(CHARTS_DRAWN, timeout=PAGE_TIMEOUT_MS)
        page.wait_for_timeout(500)
        scales = page.evaluate(CHART_SCALES)
        assert len(scales) >= 3, (url_path, scales)
        for shown, scale in scales:
            assert shown == 1, (url_path, width, scales)
            assert 0.84 <= scale <= 1.0001, (url_path, width, scales)
