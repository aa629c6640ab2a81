"""Downloads in a real browser: a second download straight after the first arrives too (issue 19:
"a second download straight after the first can fail with no message")."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from test_browser import (  # noqa: F401
    APP_IDLE,
    CHROMIUM,
    CHROMIUM_ARGS,
    NATIONAL_USER,
    PAGE_TIMEOUT_MS,
    _need_chromium,
    _sign_in,
    server,
)

from dhr import app_state

pytestmark = pytest.mark.browser


def _downloads_in_a_row(page, buttons: list[str]) -> list[tuple[str, int]]:
    """Click each button as soon as the last download has started, as an impatient user does; the
    name and size of each file that arrived."""
    got = []
    for name in buttons:
        with page.expect_download(timeout=PAGE_TIMEOUT_MS) as started:
            page.get_by_role("button", name=name).click()
        download = started.value
        path = download.path()  # waits for the file; None if the download failed
        assert download.failure() is None, (name, download.failure())
        got.append((download.suggested_filename, path.stat().st_size if path else 0))
    return got


@contextmanager
def _signed_in_at(base_url: str, path: str, first_button: str):
    """A signed-in page at ``path``, idle, with ``first_button`` drawn; the browser closed after."""
    sync_api = _need_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.goto(base_url + path, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            _sign_in(page)
            page.get_by_role("button", name=first_button).wait_for(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_function(APP_IDLE, timeout=PAGE_TIMEOUT_MS)
            yield page
        finally:
            browser.close()


def test_a_researchers_downloads_in_a_row_all_arrive_and_each_is_audited(server, warehouse):  # noqa: F811
    with _signed_in_at(server, "researcher", "Download CSV") as page:
        got = _downloads_in_a_row(page, ["Download CSV", "Download XLSX", "Download Parquet", "Download CSV"])
        assert [name.rsplit(".", 1)[-1] for name, _ in got] == ["csv", "xlsx", "parquet", "csv"]
        assert all(size > 0 for _, size in got), got
        assert page.locator('[data-testid="stException"]').count() == 0
    exports = app_state.audit_events(app_state.app_state_path(warehouse), action="export")
    assert [(e.actor, e.detail["channel"], e.detail["format"]) for e in exports] == [
        (NATIONAL_USER, "dashboard", fmt) for fmt in ("csv", "xlsx", "parquet", "csv")
    ]


def test_the_annual_report_downloads_in_a_row_all_arrive(server):  # noqa: F811
    with _signed_in_at(server, "annual-report", "Web page (.html)") as page:
        got = _downloads_in_a_row(page, ["Web page (.html)", "Word (.docx)", "Web page (.html)"])
        assert [name.rsplit(".", 1)[-1] for name, _ in got] == ["html", "docx", "html"]
        assert all(size > 0 for _, size in got), got
