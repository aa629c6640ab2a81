"""A refresh in a real browser keeps the session (the dhr_session cookie) and the page's choices
(the address), and signing out ends it for good (issue 15)."""

from __future__ import annotations

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, PAGE_TIMEOUT_MS, _need_chromium, _sign_in, server  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_refresh_keeps_the_session_and_sign_out_ends_it(server):  # noqa: F811
    sync_api = _need_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(server, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            _sign_in(page)
            page.get_by_role("button", name="Sign out").wait_for(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_function("document.cookie.includes('dhr_session=')", timeout=PAGE_TIMEOUT_MS)
            page.reload(wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            page.get_by_role("button", name="Sign out").wait_for(timeout=PAGE_TIMEOUT_MS)
            assert page.get_by_role("textbox", name="Password", exact=True).count() == 0
            page.get_by_role("button", name="Sign out").click()
            page.get_by_role("textbox", name="Password", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
            page.reload(wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            page.get_by_role("textbox", name="Password", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
            assert page.get_by_role("button", name="Sign out").count() == 0
        finally:
            browser.close()


def test_a_roles_first_page_opens_by_its_own_address_too(server):  # noqa: F811
    """The first page of a role is served at `/`; a link or bookmark to its own address (`/overview`,
    a CSP member's `/csp-board`) or a refresh there must open it, not "Page not found"."""
    sync_api = _need_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(server + "overview", wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            _sign_in(page)
            page.get_by_role("button", name="Sign out").wait_for(timeout=PAGE_TIMEOUT_MS)
            page.locator(".dhr-kpi").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            page.reload(wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            page.locator(".dhr-kpi").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            page.get_by_text("Data as of").wait_for(timeout=PAGE_TIMEOUT_MS)
            assert page.get_by_text("Page not found").count() == 0
            assert page.get_by_role("heading", name="DHR Learning Warehouse", level=1).is_visible()
        finally:
            browser.close()
