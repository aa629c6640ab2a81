"""The Send forms page (issue 17), driven with AppTest against the fixture warehouse: each file's
outcome in words, a blank template beside a rejected file, another CSP's form refused, the files
received in the sender's scope only, and the banner while the figures catch up."""

from __future__ import annotations

import threading

import pytest
from dashboard_warehouse import APP_PATH, CSP_USER, NATIONAL_USER
from forms_to_send import one_action_plan, write_plan
from page_tables import tables_of
from streamlit.testing.v1 import AppTest

from dhr import build_queue
from dhr.warehouse_build import BuildResult

PAGE = "app_pages/send_forms.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_bytes(tmp_path, csp_name: str, reference: str) -> bytes:
    return write_plan(tmp_path / f"{csp_name}.xlsx", one_action_plan(csp_name, reference)).read_bytes()


@pytest.fixture
def builds(monkeypatch):
    """The background build, held until the test lets it finish (its real counterpart is tested in
    tests/integration/test_upload_build.py): the page must not wait for it."""
    release = threading.Event()
    started = []

    def build(path, lane=None):
        started.append((path, lane))
        release.wait(30)
        return BuildResult("built", path, 0.1, "built by the test", [])

    monkeypatch.setattr(build_queue, "_build", build)
    yield release, started
    release.set()


def open_send_forms() -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def send(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, content, XLSX) for name, content in files])
    at.button[0].click().run()  # the form's Send button
    assert not at.exception, [e.value for e in at.exception]
    return at


def text_of(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.info, *at.success, *at.warning, *at.error]) + "\n".join(
        e.proto.body for e in at.get("html")
    )


def test_a_national_user_sends_a_plan_and_a_non_form_and_is_told_what_became_of_each(
    warehouse, tmp_path, builds, as_user
):
    release, started = builds
    as_user(NATIONAL_USER)
    at = send(
        open_send_forms(),
        ("Hackney Q2.xlsx", plan_bytes(tmp_path, "Hackney", "HK DHR 2024/01")),
        ("minutes.xlsx", b"not a form"),
    )
    shown = text_of(at)
    assert "**Hackney Q2.xlsx** · Accepted" in shown
    assert "Action plan of HK DHR 2024/01: 1 recommendation, 1 action." in shown
    assert "**minutes.xlsx** · Not accepted: please correct the file and send it again" in shown
    assert "To fix, in this order:" in shown
    assert [b.label for b in at.get("download_button")] == [
        "Download a blank action plan",
        "Download a blank Home Office data capture form",
    ]
    assert started, "an accepted file starts a background build"
    assert started[0][1] == build_queue.fast_lane(["action_plan"])  # the sender's pages first
    assert "The figures are being updated with the forms you sent" in shown  # the page did not wait for it
    release.set()
    build_queue.queue_for(warehouse).wait(1, timeout=10)
    at.run()
    assert "The forms you sent are in the figures on every page" in text_of(at)


def test_the_same_file_sent_again_is_already_received(warehouse, tmp_path, builds, as_user):
    as_user(NATIONAL_USER)
    content = plan_bytes(tmp_path, "Hackney", "HK DHR 2024/01")
    at = send(open_send_forms(), ("plan.xlsx", content))
    at = send(at, ("plan.xlsx", content))
    assert "**plan.xlsx** · Already received: this exact file was accepted before, nothing was added" in text_of(at)


def test_a_csp_officer_is_refused_another_csps_form_and_sees_only_their_own_files(warehouse, tmp_path, builds, as_user):
    _, started = builds
    as_user(CSP_USER)
    at = send(open_send_forms(), ("Maidstone plan.xlsx", plan_bytes(tmp_path, "Maidstone", "MS DHR 2023/02")))
    shown = text_of(at)
    assert "**Maidstone plan.xlsx** · Refused: this form is for a CSP outside your access" in shown
    assert "Nothing of it was kept" in shown
    assert not started  # nothing accepted, nothing to build
    (files,) = [t.value for t in tables_of(at) if "Received" in t.value.columns]
    assert sorted(files["DHR"]) == ["DHR/2021/01", "not read"]  # Hackney's two files, not Maidstone's
    assert "File" not in files.columns  # a file name can name the family: the marts never keep one
    assert "1 file** not accepted and waiting for a corrected copy" in shown
    # ... and why, in words the sender can act on, for whoever sends the corrected file.
    (waiting,) = [e for e in at.expander if e.label.startswith("Not accepted:")]
    assert waiting.label == "Not accepted: a file received 01/08/2026 10:00 (its form or DHR could not be read)"
    assert "the file is not a complete .xlsx file" in " ".join(str(h.proto.body) for h in waiting.get("html"))


def test_researchers_are_not_offered_the_send_forms_page(warehouse, as_user):
    from dashboards import page_registry

    assert "send-forms" not in page_registry.allowed_pages("researcher")
    assert "send-forms" in page_registry.allowed_pages("csp") and "send-forms" in page_registry.allowed_pages("pcc")
