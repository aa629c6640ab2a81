"""Forms sent through the dashboards (dhr/uploads.py, issue 17): the same path as `dhr ingest`, for
the signed-in user's own CSPs only, every file audited, nothing of a refused file kept."""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest
from forms_to_send import one_action_plan, write_plan

from dhr import app_state, uploads
from dhr.access import Scope
from form_contract.records import ActionPlan
from ingest import quarantine, raw_store
from ingest.limits import MAX_FILE_BYTES

HACKNEY, MAIDSTONE, KENT = "E22000197", "E22000142", "E23000032"


def upload_of(tmp_path: Path, name: str, form: ActionPlan) -> uploads.Upload:
    return uploads.Upload(name, write_plan(tmp_path / "made" / name, form).read_bytes())


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DHR_APP_STATE", str(tmp_path / "state" / "app_state.duckdb"))
    return tmp_path / "wh" / "dhr.duckdb"


def ingested(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select file_name, status, csp_code from raw.ingested_files order by file_name").fetchall()


def uploaded_events() -> list[dict]:
    return [e.detail | {"actor": e.actor} for e in app_state.audit_events() if e.action == "form_uploaded"]


def test_a_csp_officer_sends_their_own_action_plan_and_it_is_accepted_and_audited(tmp_path, warehouse):
    sent = upload_of(tmp_path, "Hackney plan Q2.xlsx", one_action_plan("Hackney", "HK DHR 2024/01"))
    (outcome,) = uploads.receive(
        [sent], user="officer.hackney", scope=Scope.from_roles([f"csp:{HACKNEY}"]), warehouse_path=warehouse
    )
    assert outcome.outcome in ("accepted", "accepted_with_warnings"), outcome.reasons
    assert (outcome.form_type, outcome.csp_code, outcome.dhr_reference) == ("action_plan", HACKNEY, "HK DHR 2024/01")
    assert outcome.records and sum(outcome.records.values()) > 0
    assert ingested(warehouse) == [("Hackney plan Q2.xlsx", "accepted", HACKNEY)]
    assert uploaded_events() == [
        {
            "actor": "officer.hackney",
            "file": "Hackney plan Q2.xlsx",
            "outcome": outcome.outcome,
            "sha256": outcome.sha256,
            "form_type": "action_plan",
            "dhr_reference": "HK DHR 2024/01",
            "csp_code": HACKNEY,
            "scope": "csp",
        }
    ]


def test_another_csps_form_is_refused_leaves_nothing_in_the_warehouse_and_is_audited(tmp_path, warehouse):
    own = upload_of(tmp_path, "ours.xlsx", one_action_plan("Hackney", "HK DHR 2024/01"))
    other = upload_of(tmp_path, "theirs.xlsx", one_action_plan("Maidstone", "MS DHR 2023/02"))
    outcomes = uploads.receive(
        [own, other], user="officer.hackney", scope=Scope.from_roles([f"csp:{HACKNEY}"]), warehouse_path=warehouse
    )
    assert [o.outcome for o in outcomes][1] == "refused"
    assert "Maidstone" in outcomes[1].reasons[0] and "Nothing of it was kept" in outcomes[1].reasons[0]
    assert [row[0] for row in ingested(warehouse)] == ["ours.xlsx"]
    stored = {p.name.split(".")[0] for p in (warehouse.parent / "raw_files").rglob("*") if p.is_file()}
    assert stored == {hashlib.sha256(own.content).hexdigest()}  # only our own form's bytes were kept
    assert not any((warehouse.parent / uploads.STAGING_DIR_NAME).rglob("*.xlsx"))
    assert [(e["file"], e["outcome"], e["csp_code"]) for e in uploaded_events()][1] == (
        "theirs.xlsx",
        "refused",
        MAIDSTONE,
    )


def test_a_pcc_office_may_send_for_every_csp_of_its_force_area_and_no_other(tmp_path, warehouse):
    kent = Scope.from_roles([f"pcc:{KENT}"])
    assert MAIDSTONE in uploads.csps_in_scope(kent) and HACKNEY not in uploads.csps_in_scope(kent)
    outcomes = uploads.receive(
        [
            upload_of(tmp_path, "maidstone.xlsx", one_action_plan("Maidstone", "MS DHR 2023/02")),
            upload_of(tmp_path, "hackney.xlsx", one_action_plan("Hackney", "HK DHR 2024/01")),
        ],
        user="pcc.kent",
        scope=kent,
        warehouse_path=warehouse,
    )
    assert [o.outcome for o in outcomes] == [outcomes[0].outcome, "refused"]
    assert outcomes[0].outcome.startswith("accepted")


def test_the_same_file_sent_again_is_already_received_and_adds_nothing(tmp_path, warehouse):
    sent = upload_of(tmp_path, "plan.xlsx", one_action_plan("Hackney", "HK DHR 2024/01"))
    national = Scope.national()
    uploads.receive([sent], user="analyst", scope=national, warehouse_path=warehouse)
    (again,) = uploads.receive([sent], user="analyst", scope=national, warehouse_path=warehouse)
    assert again.outcome == "already_received" and "nothing was added" in again.headline
    assert len(ingested(warehouse)) == 1


def test_a_file_that_is_not_a_form_is_rejected_with_its_reasons_and_quarantined(tmp_path, warehouse):
    (outcome,) = uploads.receive(
        [uploads.Upload("minutes.xlsx", b"these are not the droids")],
        user="officer.hackney",
        scope=Scope.from_roles([f"csp:{HACKNEY}"]),
        warehouse_path=warehouse,
    )
    assert outcome.outcome == "rejected" and outcome.reasons
    assert all(r.startswith("minutes.xlsx") for r in outcome.reasons[:1])
    assert [(name, status) for name, status, _ in ingested(warehouse)] == [("minutes.xlsx", "rejected")]


def test_a_csp_officers_unreadable_file_stays_in_their_csps_quarantine(tmp_path, warehouse):
    """A file too damaged to name its CSP was invisible to the CSP that sent it once they left the
    page: it is recorded, and its receipt kept, with the sending account's CSP. A PCC office covers
    many CSPs, so nothing is assumed of theirs."""
    uploads.receive(
        [uploads.Upload("minutes.xlsx", b"these are not the droids")],
        user="officer.hackney",
        scope=Scope.from_roles([f"csp:{HACKNEY}"]),
        warehouse_path=warehouse,
    )
    uploads.receive(
        [uploads.Upload("agenda.xlsx", b"nor are these")],
        user="office.kent",
        scope=Scope.from_roles([f"pcc:{KENT}"]),
        warehouse_path=warehouse,
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select file_name, status, csp_code, sender_csp_code from raw.ingested_files order by file_name"
        ).fetchall()
        (minutes,) = [f for f in quarantine.received_files(con) if f.file_name == "minutes.xlsx"]
    assert rows == [("agenda.xlsx", "rejected", None, None), ("minutes.xlsx", "rejected", None, HACKNEY)]
    assert minutes.sender_csp_code == HACKNEY
    sha = hashlib.sha256(b"these are not the droids").hexdigest()
    assert raw_store.read_receipt(warehouse.parent / "raw_files", sha).sender_csp_code == HACKNEY


def test_a_file_larger_than_a_form_may_be_is_refused_before_anything_is_written(tmp_path, warehouse):
    (outcome,) = uploads.receive(
        [uploads.Upload("huge.xlsx", b"\0" * (MAX_FILE_BYTES + 1))],
        user="analyst",
        scope=Scope.national(),
        warehouse_path=warehouse,
    )
    assert outcome.outcome == "rejected" and "larger than" in outcome.reasons[0]
    assert not warehouse.exists()  # not even a quarantine row: nothing was stored


def test_a_sent_name_never_chooses_where_the_file_is_written(tmp_path, warehouse):
    assert uploads.safe_name("../../etc/passwd.xlsx") == "passwd.xlsx"
    assert uploads.safe_name("C:\\Users\\jo\\plan.xlsx") == "plan.xlsx"
    assert uploads.safe_name("..") == "form"
    sent = upload_of(tmp_path, "plan.xlsx", one_action_plan("Hackney", "HK DHR 2024/01"))
    (outcome,) = uploads.receive(
        [uploads.Upload("../../escaped.xlsx", sent.content)],
        user="analyst",
        scope=Scope.national(),
        warehouse_path=warehouse,
    )
    assert outcome.file_name == "escaped.xlsx" and not (tmp_path / "escaped.xlsx").exists()


def test_researchers_and_users_without_a_role_cannot_send_forms(tmp_path, warehouse):
    for scope in (Scope.from_roles(["researcher"]), Scope.from_roles([])):
        with pytest.raises(PermissionError):
            uploads.receive([], user="someone", scope=scope, warehouse_path=warehouse)


def test_two_users_sending_at_once_lose_nothing_and_count_nothing_twice(tmp_path, warehouse):
    hackney = [
        upload_of(
            tmp_path, f"hackney {q}.xlsx", one_action_plan("Hackney", "HK DHR 2024/01", as_at=date(2026, q * 3, 28))
        )
        for q in (1, 2)
    ]
    maidstone = [
        upload_of(
            tmp_path, f"maidstone {q}.xlsx", one_action_plan("Maidstone", "MS DHR 2023/02", as_at=date(2026, q * 3, 28))
        )
        for q in (1, 2)
    ]
    results: dict[str, list] = {}

    def send(user: str, scope: Scope, files: list) -> None:
        results[user] = uploads.receive(files + files[:1], user=user, scope=scope, warehouse_path=warehouse)

    threads = [
        threading.Thread(target=send, args=("officer.hackney", Scope.from_roles([f"csp:{HACKNEY}"]), hackney)),
        threading.Thread(target=send, args=("officer.maidstone", Scope.from_roles([f"csp:{MAIDSTONE}"]), maidstone)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(o.outcome.startswith("accepted") for user in results for o in results[user]) == [
        False,
        False,
        True,
        True,
        True,
        True,
    ]
    assert sorted(row[0] for row in ingested(warehouse)) == [
        "hackney 1.xlsx",
        "hackney 2.xlsx",
        "maidstone 1.xlsx",
        "maidstone 2.xlsx",
    ]
    assert len(uploaded_events()) == 6


def test_dhr_status_shows_the_forms_sent_through_the_dashboards_beside_ingests(tmp_path, warehouse, monkeypatch):
    import json

    from typer.testing import CliRunner

    from dhr.cli import app

    monkeypatch.setenv("DHR_DB", str(warehouse))
    runner = CliRunner()
    sent = upload_of(tmp_path, "plan.xlsx", one_action_plan("Hackney", "HK DHR 2024/01"))
    uploads.receive(
        [sent, sent], user="officer.hackney", scope=Scope.from_roles([f"csp:{HACKNEY}"]), warehouse_path=warehouse
    )
    shown = runner.invoke(app, ["status"])
    assert shown.exit_code == 0, shown.output
    assert "sent through the dashboards: 2 file(s) by 1 user(s) (" in shown.output
    assert "1 already received" in shown.output
    as_json = json.loads(runner.invoke(app, ["status", "--json"]).output)
    assert as_json["uploads"]["files"] == 2 and as_json["uploads"]["senders"] == 1


def test_a_rejected_file_is_offered_the_blank_template_of_its_form_or_of_the_forms_it_could_be():
    known = uploads.UploadOutcome("plan.xlsx", "rejected", form_type="action_plan")
    assert uploads.templates_for(known) == ("action_plan",)
    assert uploads.templates_for(uploads.UploadOutcome("notes.docx", "rejected")) == ("scoping_review", "action_plan")
    assert set(uploads.templates_for(uploads.UploadOutcome("scan.pdf", "rejected"))) == set(uploads.TEMPLATE_FILES)
    name, content = uploads.template_bytes("action_plan")
    assert name.endswith(".xlsx") and content[:2] == b"PK"  # a real workbook, which ingest reads as a blank plan


def test_a_blank_template_sent_back_unfilled_is_rejected_with_reasons(tmp_path, warehouse):
    name, content = uploads.template_bytes("action_plan")
    (outcome,) = uploads.receive(
        [uploads.Upload(name, content)], user="analyst", scope=Scope.national(), warehouse_path=warehouse
    )
    assert outcome.outcome == "rejected" and outcome.form_type == "action_plan" and outcome.reasons
