"""Reject clearly, lose nothing: the quarantine, corrected files superseding rejected ones, resubmitted
forms kept as versions, receipts in the raw store, and `dhr status` / `dhr quarantine`."""

from __future__ import annotations

import json
import shutil
from datetime import date

import duckdb
import pytest
from ingest_builders import case_values, plan_header, write_action_plan_xlsx, write_data_capture_xlsx
from typer.testing import CliRunner

from dhr.cli import app
from ingest.pipeline import ingest_paths
from ingest.quarantine import NoSuchFile, case_key, find_file, quarantine, received_files, warehouse_status
from ingest.raw_store import RECEIPT_SUFFIX, read_receipt, stored_files

runner = CliRunner()


def _bad_plan(path, csp="Medway", reference="DHR 21-03"):
    header = plan_header(
        **{"Community Safety Partnership": csp, "Local DHR reference": reference, "Progress as at": "31/02/2025"}
    )
    return write_action_plan_xlsx(path, header=header)


def test_a_corrected_file_is_accepted_and_supersedes_the_rejected_one(inbox, warehouse, reference_dir):
    _bad_plan(inbox / "plan v1.xlsx")
    [first] = ingest_paths([inbox / "plan v1.xlsx"], warehouse, reference_dir=reference_dir)
    assert first.status == "rejected"
    write_action_plan_xlsx(inbox / "plan v2.xlsx", header=plan_header(**{"Local DHR reference": "dhr 21/03"}))
    [second] = ingest_paths([inbox / "plan v2.xlsx"], warehouse, reference_dir=reference_dir)
    assert second.status == "accepted" and second.sha256 != first.sha256

    with duckdb.connect(str(warehouse), read_only=True) as con:
        [entry] = quarantine(con)
        assert quarantine(con, include_superseded=False) == []
    assert (entry.sha256, entry.state, entry.superseded_by.sha256) == (first.sha256, "superseded", second.sha256)
    assert entry.errors == first.errors  # every reason is kept


def test_a_rejection_for_another_case_or_form_is_not_superseded(inbox, warehouse, reference_dir):
    _bad_plan(inbox / "a.xlsx", reference="DHR 21-03")
    _bad_plan(inbox / "b.xlsx", csp="Maidstone", reference="DHR 21-03")
    write_action_plan_xlsx(inbox / "c.xlsx", header=plan_header(**{"Local DHR reference": "DHR 22-01"}))
    write_data_capture_xlsx(inbox / "d.xlsx", case=case_values(**{"Local DHR reference": "DHR 21-03"}))
    ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert [(f.file_name, f.state) for f in quarantine(con)] == [("a.xlsx", "open"), ("b.xlsx", "open")]


def test_unknown_csp_is_superseded_by_the_same_file_name(inbox, warehouse, reference_dir):
    write_action_plan_xlsx(inbox / "Plan.xlsx", header=plan_header(**{"Community Safety Partnership": "Medwy"}))
    [rejected] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert rejected.csp_code is None
    (inbox / "Plan.xlsx").unlink()
    fixed = inbox / "fixed"
    fixed.mkdir()
    write_action_plan_xlsx(fixed / "plan.XLSX")
    ingest_paths([fixed], warehouse, reference_dir=reference_dir)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        [entry] = quarantine(con)
    assert entry.state == "superseded" and entry.superseded_by.file_name == "plan.XLSX"


def test_every_received_file_has_a_receipt_and_its_time_is_ingested_at(inbox, warehouse, reference_dir):
    write_action_plan_xlsx(inbox / "plan.xlsx")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4")
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    raw_store = warehouse.parent / "raw_files"
    stored = stored_files(raw_store)
    assert sorted(s.receipt.file_name for s in stored) == ["plan.xlsx", "scan.pdf"]
    assert all((raw_store / s.sha256[:2] / f"{s.sha256}{RECEIPT_SUFFIX}").exists() for s in stored)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        times = dict(con.execute("select file_sha256, ingested_at from raw.ingested_files").fetchall())
    assert {s.sha256: s.receipt.received_at for s in stored} == times
    # The receipt is written once: the same bytes under another name, later, keep the first receipt.
    shutil.copyfile(inbox / "plan.xlsx", inbox / "plan again.xlsx")
    ingest_paths([inbox / "plan again.xlsx"], warehouse, reference_dir=reference_dir)
    assert read_receipt(raw_store, results[0].sha256).file_name == "plan.xlsx"


def test_resubmitted_forms_are_kept_as_versions_in_raw(inbox, warehouse, reference_dir):
    write_data_capture_xlsx(inbox / "dc v1.xlsx")
    write_data_capture_xlsx(
        inbox / "dc v2.xlsx",
        case=case_values(Decision="DHR not commissioned", **{"Date CSP notified of the death": date(2021, 3, 2)}),
    )
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert [r.status for r in results] == ["accepted", "accepted"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select c.decision, f.file_name from raw.data_capture__cases c "
            "join raw.ingested_files f using (file_sha256) order by f.ingested_at"
        ).fetchall()
    assert rows == [("commissioned", "dc v1.xlsx"), ("not_commissioned", "dc v2.xlsx")]


def test_find_a_file_by_sha_prefix_or_name(inbox, warehouse, reference_dir):
    _bad_plan(inbox / "plan.xlsx")
    [result] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert find_file(con, result.sha256[:8]).sha256 == result.sha256
        assert find_file(con, "PLAN.xlsx").sha256 == result.sha256
        assert find_file(con, str(inbox / "plan.xlsx")).sha256 == result.sha256
        with pytest.raises(NoSuchFile, match=r"no file received matches 'nothing\.xlsx'"):
            find_file(con, "nothing.xlsx")
        assert [f.status for f in received_files(con)] == ["rejected"]
    assert case_key("DHR/2021/03") == case_key("dhr 2021-03") == "DHR202103"


def test_warehouse_status_counts(inbox, warehouse, reference_dir):
    assert not warehouse_status(warehouse).exists
    _bad_plan(inbox / "a plan.xlsx")
    write_action_plan_xlsx(inbox / "b plan.xlsx")
    write_data_capture_xlsx(inbox / "c dc.xlsx")
    (inbox / "d notes.pdf").write_bytes(b"%PDF-1.4")
    ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    status = warehouse_status(warehouse)
    assert status.counts == {
        ("action_plan", "superseded"): 1,
        ("action_plan", "accepted"): 1,
        ("data_capture", "accepted"): 1,
        ("(unknown)", "open"): 1,
    }
    assert (status.total, status.open_quarantine, status.superseded, status.built_at) == (4, 1, 1, None)
    assert status.latest_ingest is not None
    assert status.to_dict()["by_form_type"]["action_plan"] == {"accepted": 1, "superseded": 1}


@pytest.fixture
def cli_warehouse(tmp_path, monkeypatch, reference_dir):
    path = tmp_path / "cli" / "dhr.duckdb"
    monkeypatch.setenv("DHR_DB", str(path))
    return path


def test_dhr_status_and_quarantine_commands(inbox, cli_warehouse, reference_dir):
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0 and "no warehouse at" in result.output
    _bad_plan(inbox / "plan.xlsx")
    (inbox / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    results = ingest_paths([inbox], cli_warehouse, reference_dir=reference_dir)
    doc, plan = results

    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    assert "built at       never: run `dhr build`" in result.output
    assert "quarantine: 2 rejected file(s) waiting for a corrected copy, 0 superseded" in result.output
    status = json.loads(runner.invoke(app, ["status", "--json"]).output)
    assert status["quarantine_open"] == 2 and status["by_form_type"] == {
        "(unknown)": {"open": 1},
        "action_plan": {"open": 1},
    }

    listed = runner.invoke(app, ["quarantine", "list"])
    assert listed.exit_code == 0
    assert f"{plan.sha256[:12]}" in listed.output and "E22000143 DHR 21-03" in listed.output
    assert "1 reason(s)  plan.xlsx  [OPEN]" in listed.output and "2 open" in listed.output
    assert [
        json.loads(line)["file_name"]
        for line in runner.invoke(app, ["quarantine", "list", "--json"]).output.splitlines()
    ] == ["old.doc", "plan.xlsx"]

    shown = runner.invoke(app, ["quarantine", "show", plan.sha256[:10]])
    assert shown.exit_code == 0
    assert "1 reason(s) it was rejected:" in shown.output
    assert f"  - {plan.errors[0]}" in shown.output
    assert "raw_files" in shown.output
    assert json.loads(runner.invoke(app, ["quarantine", "show", "old.doc", "--json"]).output)["errors"] == doc.errors
    missing = runner.invoke(app, ["quarantine", "show", "nope.xlsx"])
    assert missing.exit_code == 1 and "no file received matches" in missing.output

    write_action_plan_xlsx(inbox / "plan fixed.xlsx")
    runner.invoke(app, ["ingest", str(inbox / "plan fixed.xlsx")])
    listed = runner.invoke(app, ["quarantine", "list", "--open"])
    assert "plan.xlsx" not in listed.output and "old.doc" in listed.output
    assert "[superseded by plan fixed.xlsx" in runner.invoke(app, ["quarantine", "list"]).output


def test_dhr_ingest_prints_notes_but_keeps_the_json_contract(inbox, cli_warehouse):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    path = write_action_plan_xlsx(
        inbox / "plan.xlsx", header=plan_header(**{"Community Safety Partnership": "Safer Medway"})
    )
    wb = load_workbook(path)
    ws = wb["Action plan"]
    letter = get_column_letter(ws.max_column + 1)
    ws.cell(8, ws.max_column + 1, "Comments")
    wb.save(path)
    result = runner.invoke(app, ["ingest", str(inbox)])
    assert result.exit_code == 0, result.output
    assert "ACCEPTED WITH WARNINGS " in result.output
    assert f"the column 'Comments' (column {letter}) is not on the action-plan template" in result.output
    shutil.copyfile(path, inbox / "again.xlsx")
    (inbox / "plan.xlsx").unlink()
    line = json.loads(runner.invoke(app, ["ingest", "--json", str(inbox)]).output)
    assert list(line) == [
        "file",
        "sha256",
        "status",
        "form_type",
        "dhr_reference",
        "csp_code",
        "records",
        "errors",
        "warnings",
        "inferred",
    ]
