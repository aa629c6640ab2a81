"""Real browser smoke test: `streamlit run dashboards/app.py` against the fixture warehouse, driven
by Debian's Chromium through Playwright. Leaves a screenshot in tests/_artifacts/home.png."""

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
from dashboard_warehouse import ARTIFACTS_DIR, REPO_ROOT

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


@pytest.fixture
def server(warehouse, tmp_path):
    """A Streamlit server on a free port reading the fixture warehouse; always terminated."""
    port = _free_port()
    env = dict(os.environ, DHR_DB=str(warehouse))
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


def test_home_page_renders_in_chromium(server):
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is not installed (`make browser-deps` installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")

    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS_DIR / "home.png"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            # Tall enough that the whole page fits: Streamlit scrolls inside its own container.
            page = browser.new_page(viewport={"width": 1400, "height": 2300})
            page.goto(server, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            page.get_by_role("heading", name="DHR Learning Warehouse", level=1).wait_for(timeout=PAGE_TIMEOUT_MS)
            page.locator('[data-testid="stMetric"]').first.wait_for(timeout=PAGE_TIMEOUT_MS)
            page.get_by_text("Data as of 30/09/2026").wait_for(timeout=PAGE_TIMEOUT_MS)
            # Three Vega charts drawn (each renders to a canvas or svg inside its container).
            page.wait_for_function(
                'document.querySelectorAll(\'[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks\').length >= 3',
                timeout=PAGE_TIMEOUT_MS,
            )
            page.wait_for_timeout(1000)  # let the last chart finish its first paint
            page.screenshot(path=str(shot), full_page=True)

            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('[data-testid="stMetric"]').count() == 5
            assert page.get_by_text("Actions overdue").first.is_visible()
            assert page.get_by_text("Most overdue actions").is_visible()
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
