"""Issue 17 in a real browser: a CSP officer signs in, sends a good action-plan update, one accepted
with things to check, a file that is not a form and another CSP's form; the page says what became of
each; the warehouse is rebuilt in the background by the running server and the new update shows on
the CSP board without a restart; the other CSP's form left nothing in the warehouse."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dashboard_warehouse import TEST_PASSWORD
from forms_to_send import one_action_plan, write_plan
from test_browser import CHROMIUM, CHROMIUM_ARGS, CONTENT_HEIGHT, PAGE_TIMEOUT_MS, _need_chromium, _serve, _sign_in

from dhr import auth

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OFFICER = "t.csp.sender"
NEW_ACTION = "Browser test: agree the information-sharing protocol"
BUILD_TIMEOUT_S = 420


def plan(path: Path, csp_name: str, reference: str, as_at: date | None, status: str) -> Path:
    return write_plan(path, one_action_plan(csp_name, reference, as_at=as_at, status=status, action=NEW_ACTION))


@pytest.fixture
def sender_warehouse(built_warehouse, tmp_path) -> dict:
    """A copy of the session's synthetic warehouse (this test writes to it), a CSP of it with an
    action plan, another CSP, and an officer of the first."""
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(built_warehouse, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        csp_code, csp_name, reference = con.execute(
            "select csp_code, csp_name, dhr_reference from marts.dim_dhrs where action_plan_snapshot_count > 0 "
            "order by csp_code, dhr_reference limit 1"
        ).fetchone()
        other_name = con.execute(
            "select csp_name from marts.dim_csps where csp_code <> ? and csp_name not like '%&%' order by csp_code limit 1",
            [csp_code],
        ).fetchone()[0]
    auth.add_user(OFFICER, TEST_PASSWORD, [f"csp:{csp_code}"], actor="cli:test", path=Path(os.environ["DHR_APP_STATE"]))
    return {"warehouse": warehouse, "csp": csp_code, "csp_name": csp_name, "reference": reference, "other": other_name}


def test_a_csp_officer_sends_four_files_and_sees_the_new_update_on_the_csp_board(sender_warehouse, tmp_path):
    playwright = _need_chromium()
    w = sender_warehouse
    files = tmp_path / "to send"
    files.mkdir()
    good = plan(files / "update Q4.xlsx", w["csp_name"], w["reference"], date(2026, 11, 30), "red")
    warned = plan(files / "update 30.11.2026.xlsx", w["csp_name"], w["reference"], None, "ongoing")
    bad = files / "minutes.xlsx"
    bad.write_bytes(b"these are the minutes, not a form")
    other = plan(files / "their plan.xlsx", w["other"], "THEIR DHR 2025/01", date(2026, 9, 30), "green")

    server = _serve(w["warehouse"], tmp_path)
    base = next(server)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "send-forms")
            _sign_in(page, OFFICER)
            page.get_by_role("heading", name="Send forms").wait_for(timeout=PAGE_TIMEOUT_MS)
            page.locator('input[type="file"]').set_input_files([str(good), str(warned), str(bad), str(other)])
            page.get_by_text("update Q4.xlsx").first.wait_for(timeout=PAGE_TIMEOUT_MS)  # the uploader holds all four
            page.get_by_role("button", name="Send", exact=True).click()
            page.get_by_text("What happened to each file").wait_for(timeout=PAGE_TIMEOUT_MS)
            # The page writes one file's feedback after another while it runs: read it once the last is there.
            page.get_by_text("their plan.xlsx · ").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            said = page.locator('[data-testid="stMain"]').inner_text()
            assert "update Q4.xlsx · Accepted\n" in said
            assert "update 30.11.2026.xlsx · Accepted, with things to check" in said
            assert "the reporting date was taken from the file name" in said
            assert "minutes.xlsx · Not accepted: please correct the file and send it again" in said
            assert page.get_by_role("button", name="Download a blank action plan").count() == 1
            assert "their plan.xlsx · Refused: this form is for a CSP outside your access" in said
            assert "The figures are being updated with the forms you sent" in said
            if keep := os.environ.get("DHR_SCREENSHOTS_DIR"):  # make screenshots: the README's picture
                # Streamlit scrolls inside its own container: the viewport is made as tall as the page.
                page.set_viewport_size({"width": 1400, "height": max(page.evaluate(CONTENT_HEIGHT), 1000)})
                page.screenshot(path=str(Path(keep) / "send_forms_feedback.png"), full_page=True)
                page.set_viewport_size({"width": 1400, "height": 1000})

            # The running server rebuilds in the background. The officer opens the CSP board and waits:
            # no reload, no click. The page redraws itself when the new figures are live (issue 17).
            page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="CSP board").click()
            page.get_by_role("heading", name="CSP board").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            deadline = time.monotonic() + BUILD_TIMEOUT_S
            live = False
            while time.monotonic() < deadline and not live:
                page.wait_for_timeout(1000)
                text = page.locator('[data-testid="stMain"]').inner_text()
                assert "could not be updated" not in text, text[:2000]
                live = "The forms you sent are in the figures on every page" in text
            assert live, "the CSP board did not redraw itself with the new figures"
            page.get_by_text(NEW_ACTION).first.wait_for(timeout=PAGE_TIMEOUT_MS)  # the new update, overdue
            browser.close()
    finally:
        server.close()
    with duckdb.connect(str(w["warehouse"]), read_only=True) as con:
        names = [r[0] for r in con.execute("select file_name from raw.ingested_files").fetchall()]
        assert "their plan.xlsx" not in names and "update Q4.xlsx" in names and "minutes.xlsx" in names
        assert con.execute(
            "select count(*) from marts.fct_actions where action = ? and csp_code = ?", [NEW_ACTION, w["csp"]]
        ).fetchone() == (1,)
