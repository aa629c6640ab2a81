"""The National recommendations page (issue 18) against the fixture warehouse (dashboard_warehouse.py):
the Commissioner's office sees what to chase first, downloads one department's chase list (the two
recommendations to MHCLG under two of its names), sets the Commissioner's status, which is stored in
the app-state file with its audit event; nobody but a national user opens the page (003 L684, L730)."""

from __future__ import annotations

import io

import polars as pl
import pytest
from dashboard_warehouse import APP_PATH, NATIONAL_USER, PCC_USER
from page_tables import kpi_cards_of, metrics_of, tables_of
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dhr.app_state import audit_events, verify_audit_chain
from dhr.national_recommendations import status_history

TIMEOUT = 60
PAGE = "app_pages/national_recommendations.py"
MHCLG = "Ministry of Housing, Communities and Local Government"
HACKNEY_R2 = "E22000012:DHR202101#R2"


@pytest.fixture
def sent_files(monkeypatch) -> dict[str, bytes]:
    """What the page's download buttons would send, by media file id (the last part of their url)."""
    sent: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        sent[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return sent


def open_page(**state) -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def downloaded(at: AppTest, sent: dict[str, bytes], key: str) -> bytes:
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    return sent[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]


def test_the_commissioners_office_sees_what_to_chase_first(warehouse):
    at = open_page()
    assert [h.value for h in at.header][:3] == ["Chase first", "Chase list by department", "The Commissioner's status"]
    figures = metrics_of(at)
    assert figures["Recorded"] == "4" and figures["Notified"] == "3" and figures["Answered"] == "1"
    assert figures["Overdue"] == "1" and figures["Escalated"] == "0"
    # Home Office R2 (overdue), Medway R2 to MHCLG (never notified) and NHS England R1 (answered after
    # 60 days) are past their 56 days without an answer in time; Hackney R3 is still within them.
    assert figures["Unanswered after 56 days"] == "100%"
    share = next(card for card in kpi_cards_of(at) if card["name"] == "Unanswered after 56 days")
    assert share["note"] == "3 of the 3 recommendations whose 56 days have run out"
    overdue = next(card for card in kpi_cards_of(at) if card["name"] == "Overdue")
    assert overdue["note"] == "1 overdue long enough to escalate"
    chase = tables_of(at)[0].value
    assert chase["Department"].tolist() == ["Home Office", MHCLG, MHCLG]
    assert chase["Where it stands"].tolist() == [
        "Overdue: 444 days past the due date (notified 18/05/2025)",
        "Not notified: 36 days past the due date (no plan records it being sent)",
        "Awaiting answer: due 15/10/2026 (notified 20/08/2026)",
    ]
    assert chase["Next step"].tolist() == [
        "Chase the answer, or escalate it",
        "Send it to the department",
        "Await the answer",
    ]
    assert chase["Commissioner's status"].tolist() == ["Not yet set"] * 3
    # The statuses in words, never colour alone; the answered one is not chased.
    assert "Commission housing guidance" not in chase["Recommendation"].tolist()


def test_one_departments_chase_list_downloads_under_its_current_name(warehouse, sent_files):
    at = open_page()
    # The department most past its due dates comes first: MHCLG, whatever the plans called it.
    assert at.selectbox(key="natrec_department").value == MHCLG
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("natrec_download"))
    assert button.proto.label == f"Download the chase list of {MHCLG} (2 recommendations, .csv)"
    chase = pl.read_csv(io.BytesIO(downloaded(at, sent_files, "natrec_download")), encoding="utf8-lossy")
    assert chase["Department"].to_list() == [MHCLG, MHCLG]
    assert chase["Addressed to (as written)"].to_list() == [
        "MHCLG",
        "Department for Levelling Up, Housing and Communities",
    ]
    assert chase["Chase order"].to_list() == [1, 2]
    assert chase["Status"].to_list() == ["Not notified", "Awaiting answer"]
    assert chase["Answer due"].to_list() == ["25/08/2026", "15/10/2026"]
    assert chase["DHR reference"].to_list() == ["DHR/2020/02", "DHR/2021/01"]
    # A recommendation typed with a leading "-" reaches the spreadsheet as text, not a formula (issue 15).
    assert chase["Recommendation"].to_list()[0] == "'-Review the allocation rules for survivors of domestic abuse"

    at.selectbox(key="natrec_department").set_value("Home Office").run()
    home_office = pl.read_csv(io.BytesIO(downloaded(at, sent_files, "natrec_download")), encoding="utf8-lossy")
    assert home_office["Recommendation"].to_list() == ["Share learning nationally"]
    assert home_office["Days overdue"].to_list() == [444]

    at.selectbox(key="natrec_department").set_value("NHS England").run()
    assert "Nothing to chase for NHS England" in texts(at.info)


def test_setting_the_commissioners_status_is_stored_with_who_when_and_an_audit_event(warehouse, signed_in):
    at = open_page(natrec_department="Home Office")
    assert at.selectbox(key="natrec_recommendation").value == HACKNEY_R2
    assert "The Commissioner's status:** Not yet set" in texts(at.markdown)
    status = at.radio(key=f"natrec_status_{HACKNEY_R2}")
    assert status.options == [
        "Accepted and implemented",
        "Accepted, implementation in progress",
        "Accepted in part",
        "Not accepted",
        "No response",
    ]
    status.set_value("no_response")
    at.checkbox(key=f"natrec_escalated_{HACKNEY_R2}").check()
    at.text_input(key=f"natrec_note_{HACKNEY_R2}").set_value("Chased twice; no reply")
    at.button(key="natrec_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"Saved status 1 by {NATIONAL_USER}: No response, escalated." in texts(at.success)

    saved = status_history(signed_in)
    assert [(d.recommendation_id, d.commissioner_status, d.is_escalated, d.set_by, d.note) for d in saved] == [
        (HACKNEY_R2, "no_response", True, NATIONAL_USER, "Chased twice; no reply")
    ]
    events = audit_events(signed_in, action="national_recommendation_status")
    assert len(events) == 1 and events[0].actor == NATIONAL_USER
    assert events[0].detail == {
        "recommendation_id": HACKNEY_R2,
        "commissioner_status": "no_response",
        "previous_status": None,
        "is_escalated": True,
        "note": "Chased twice; no reply",
    }
    assert saved[0].audit_event_id == events[0].event_id
    assert verify_audit_chain(signed_in) == []
    history = next(t.value for t in tables_of(at) if "Escalated" in t.value.columns)
    assert history[["Status", "Escalated", "By"]].values.tolist() == [["No response", "Yes", NATIONAL_USER]]


def test_the_status_of_an_answered_recommendation_shows_who_set_it_beside_the_csps(warehouse):
    at = open_page(natrec_department="NHS England")
    shown = texts(at.markdown)
    assert "The CSP reports:** Partly met" in shown
    assert "The Commissioner's status:** Accepted in part, set by A. Commissioner on 01/03/2026" in shown
    assert at.checkbox(key="natrec_escalated_E22000183:DHR202002#R1").disabled  # answered: nothing to escalate


def test_only_the_commissioners_office_opens_national_recommendations(warehouse, signed_in, as_user):
    from dashboards.data import national_recommendations
    from dashboards.signin import allowed_pages
    from dhr.access import AccessDenied, Scope, using_scope

    assert "national-recommendations" in allowed_pages(Scope.from_roles(["national"]))
    for roles in (["pcc:E23000032"], ["csp:E22000012"], ["researcher"], []):
        assert "national-recommendations" not in allowed_pages(Scope.from_roles(roles))
        with using_scope(Scope.from_roles(roles)), pytest.raises(AccessDenied):
            national_recommendations.get_tracker()
    with using_scope(Scope.from_roles(["pcc:E23000032"])), pytest.raises(AccessDenied):
        national_recommendations.save_commissioner_status(
            recommendation_id=HACKNEY_R2, commissioner_status="not_accepted", is_escalated=False, user=PCC_USER
        )
    as_user(PCC_USER)
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT).run()
    with pytest.raises(Exception):  # noqa: B017 - AppTest raises when the page is not in the menu
        at.switch_page(PAGE).run()
        assert not at.exception
    assert status_history(signed_in) == []


def test_days_past_the_due_date_are_written_with_thousands_separators():
    """A recommendation six years unanswered reads '2,410 days', as every other count on the pages."""
    from dashboards import figures

    frame = pl.DataFrame(
        {
            "workflow_status": ["overdue", "answered"],
            "workflow_status_label": ["Overdue", "Answered"],
            "days_overdue": [2410, None],
            "is_answered_by_due_date": [None, False],
            "days_to_answer": [None, 1234],
            "answer_due_date": [None, None],
            "notified_date": [None, None],
        },
        schema_overrides={"answer_due_date": pl.Date, "notified_date": pl.Date},
    )
    said = frame.select(figures._where_it_stands().alias("said")).get_column("said").to_list()
    assert said == ["Overdue: 2,410 days past the due date", "Answered late (1,234 days)"]
