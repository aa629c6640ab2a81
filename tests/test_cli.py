"""The `dhr` command as a CSP officer or analyst uses it: blank template filled in and ingested,
and the `dhr ingest --json` contract (one object per file, exit status 0 or 1)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from dhr.cli import app
from form_contract.spec import PERPETRATOR_FIELDS, VICTIM_FIELDS

runner = CliRunner()
JSON_KEYS = {
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
}


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "wh" / "dhr.duckdb"
    monkeypatch.setenv("DHR_DB", str(path))
    return path


def _fill_key_values(ws, values: dict[str, object]) -> None:
    """Type values into column B beside their labels in column A, as a person would."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        label = row[0].value
        if isinstance(label, str) and label.strip() in values:
            ws.cell(row=row[0].row, column=2, value=values[label.strip()])


def _header_row(ws, first_label: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first_label:
            return row[0].row
    raise AssertionError(f"no header {first_label!r} in sheet {ws.title!r}")


def _fill_person(ws, fields, values: dict[str, object]) -> None:
    header = _header_row(ws, fields[0].label)
    columns = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    for label, value in values.items():
        ws.cell(row=header + 1, column=columns[label], value=value)


def _answer_every_grid_cell(ws, answer: str) -> int:
    """Answer every empty Victim/Perpetrator/Children cell of a grid sheet (n/a cells stay n/a)."""
    header = _header_row(ws, "Ref")
    subject_cols = [
        c
        for c in range(1, ws.max_column + 1)
        if ws.cell(row=header, column=c).value in {"Victim", "Perpetrator", "Children"}
    ]
    answered = 0
    for r in range(header + 1, ws.max_row + 1):
        if not ws.cell(row=r, column=1).value:
            continue
        for c in subject_cols:
            if ws.cell(row=r, column=c).value in (None, ""):
                ws.cell(row=r, column=c, value=answer)
                answered += 1
    return answered


def test_blank_data_capture_template_filled_in_is_accepted(tmp_path, warehouse):
    blank = tmp_path / "blank.xlsx"
    result = runner.invoke(app, ["template", "data-capture", "--out", str(blank)])
    assert result.exit_code == 0, result.output

    wb = openpyxl.load_workbook(blank)
    _fill_key_values(
        wb["Case"],
        {
            "Community Safety Partnership": "Safer Rotherham Partnership",
            "Local DHR reference": "DHR 2024/07",
            "Police force": "South Yorkshire",
            "Victim pseudonym": "Maya",
            "Date CSP notified of the death": datetime(2024, 2, 12),
            "Decision": "DHR commissioned",
            "Death type": "Domestic homicide",
            "Date DHR commenced": "04/04/2024",
            "Number of children in household": 2,
        },
    )
    _fill_person(
        wb["Victims"],
        VICTIM_FIELDS,
        {
            "Victim": 1,
            "Pseudonym": "Maya",
            "Sex": "Female",
            "Age at time of incident": 34,
            "Relationship to perpetrator": "Ex-spouse or ex-partner",
            "Ethnicity (ONS)": "White: Irish",
        },
    )
    _fill_person(
        wb["Perpetrators"],
        PERPETRATOR_FIELDS,
        {
            "Perpetrator": 1,
            "Sex": "Male",
            "Age at time of incident": 37,
            "Relationship to victim": "Ex-spouse or ex-partner",
            "Details of verdict": "Awaiting trial",
        },
    )
    answered = sum(
        _answer_every_grid_cell(wb[name], "Not known") for name in ("Analysis", "Agency contact", "Equality")
    )
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    result = runner.invoke(app, ["ingest", "--json", str(filled)])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["status"] == "accepted", line["errors"]
    assert line["form_type"] == "data_capture"
    assert line["csp_code"] == "E22000261"  # Rotherham, from the name people write
    assert line["records"]["victims"] == 1
    assert (
        line["records"]["analysis_answers"] + line["records"]["agency_contacts"] + line["records"]["equality_answers"]
        == answered
    )

    with duckdb.connect(str(warehouse), read_only=True) as con:
        case = con.execute(
            "select dhr_reference, notification_date, commenced_date, decision, death_type, children_in_household from raw.data_capture__cases"
        ).fetchone()
        victim = con.execute("select sex, age, relationship, ethnicity from raw.data_capture__victims").fetchone()
    assert case == ("DHR 2024/07", date(2024, 2, 12), date(2024, 4, 4), "commissioned", "domestic_homicide", 2)
    assert victim == ("female", 34, "ex_spouse_or_ex_partner", "white_irish")


def test_blank_action_plan_template_filled_in_is_accepted(tmp_path, warehouse):
    blank = tmp_path / "plan.xlsx"
    assert runner.invoke(app, ["template", "action-plan", "--out", str(blank)]).exit_code == 0
    wb = openpyxl.load_workbook(blank)
    ws = wb["Action plan"]
    _fill_key_values(
        ws,
        {
            "Community Safety Partnership": "Blackpool Community Safety Partnership",
            "Local DHR reference": "BP/DHR/03",
            "Progress as at": datetime(2025, 3, 31),
        },
    )
    header = _header_row(ws, "Rec. no.")
    cols = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(header + 1, ws.max_row + 1):  # clear the example rows the template shows
        for c in range(1, ws.max_column + 1):
            cell = ws.cell(row=r, column=c)
            if type(cell).__name__ != "MergedCell":
                cell.value = None
    rows = [
        (
            1,
            "GP practices should ask about domestic abuse when patients present with anxiety.",
            "1.1",
            "Deliver IRIS training to GP practices",
            "ICB",
            "Mar 2025",
            "Complete",
            datetime(2025, 2, 14),
            "Yes",
        ),
        (None, None, "1.2", "Audit routine enquiry in 20 practices", "ICB", "Q1 2025/26", "amber", None, None),
    ]
    for offset, (rec_no, rec, action_no, action, lead, target, status, done, achieved) in enumerate(rows, start=1):
        r = header + offset
        for label, value in (
            ("Rec. no.", rec_no),
            ("Recommendation", rec),
            ("Action no.", action_no),
            ("Action", action),
            ("Lead agency", lead),
            ("Target date", target),
            ("Overall RAG", status),
            ("Date of completion", done),
            ("Was outcome achieved?", achieved),
            ("Outcome that action will achieve", "More disclosures in primary care"),
        ):
            cell = ws.cell(row=r, column=cols[label])
            if type(cell).__name__ != "MergedCell" and value is not None:
                cell.value = value
    filled = tmp_path / "filled_plan.xlsx"
    wb.save(filled)

    result = runner.invoke(app, ["ingest", "--json", str(filled)])
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["status"] == "accepted", line["errors"]
    assert line["records"]["actions"] == 2 and line["records"]["recommendations"] == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        actions = con.execute(
            "select action_number, recommendation_number, target_date, status, completion_date from raw.action_plan__actions order by action_number"
        ).fetchall()
    # 'Mar 2025' is the end of that month; 'Q1 2025/26' the end of that financial quarter.
    assert actions == [
        ("1.1", 1, date(2025, 3, 31), "complete", date(2025, 2, 14)),
        ("1.2", 1, date(2025, 6, 30), "amber", None),
    ]


def test_blank_scoping_review_template_is_a_real_docx_with_every_question(tmp_path):
    out = tmp_path / "scoping.docx"
    assert runner.invoke(app, ["template", "scoping-review", "--out", str(out)]).exit_code == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "How was the CSP notified of this death?" in text
    assert "Are there other reviews planned relating to this death?" in text


def test_template_refuses_the_wrong_file_type(tmp_path):
    result = runner.invoke(app, ["template", "scoping-review", "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code != 0
    assert ".docx" in result.output


def test_ingest_json_prints_one_object_per_file_and_exits_1_on_a_rejection(tmp_path, warehouse):
    corpus = tmp_path / "corpus"
    assert (
        runner.invoke(app, ["synth", "--dhrs", "3", "--seed", "5", "--out", str(corpus), "--workers", "1"]).exit_code
        == 0
    )
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and "_synth" not in p.parts)

    ok = runner.invoke(app, ["ingest", "--json", str(corpus)])
    assert ok.exit_code == 0, ok.output
    lines = [json.loads(line) for line in ok.output.strip().splitlines()]
    assert len(lines) == len(files)
    for line in lines:
        assert set(line) == JSON_KEYS
        assert line["status"] == "accepted" and line["errors"] == []
        assert len(line["sha256"]) == 64
        assert line["form_type"] in {"data_capture", "scoping_review", "action_plan"}
        assert line["records"] and all(isinstance(n, int) for n in line["records"].values())

    again = runner.invoke(app, ["ingest", "--json", str(corpus)])
    assert again.exit_code == 0
    assert {json.loads(line)["status"] for line in again.output.strip().splitlines()} == {"duplicate"}

    bad = tmp_path / "minutes.pdf"
    bad.write_bytes(b"%PDF-1.4 not a form")
    good = tmp_path / "blank.xlsx"
    runner.invoke(app, ["template", "data-capture", "--out", str(good)])  # blank: required fields missing
    mixed = runner.invoke(app, ["ingest", "--json", str(bad), str(good)])
    assert mixed.exit_code == 1
    results = {Path(json.loads(line)["file"]).name: json.loads(line) for line in mixed.output.strip().splitlines()}
    assert results["minutes.pdf"]["status"] == "rejected"
    assert any(".docx" in e or ".xlsx" in e for e in results["minutes.pdf"]["errors"])
    assert results["blank.xlsx"]["status"] == "rejected"
    assert any("Community Safety Partnership" in e for e in results["blank.xlsx"]["errors"])
