"""Variations of the layouts CSPs send, beyond the files in ../shared/realworld (issue 14).

Each test writes a small file the way a person would and checks it is read as they meant, or
rejected with the one fix that matters.
"""

from __future__ import annotations

import docx
import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from form_contract.code_lists import code_lists
from ingest.action_plan import colour_status
from ingest.parse import parse_file

HEADINGS = ["Recommendation", "Action", "Lead agency", "Target date", "RAG"]


@pytest.mark.parametrize(
    ("fill", "status"),
    [
        ("FF0000", "red"),
        ("FFC000", "amber"),
        ("FFFF00", "amber"),
        ("00B050", "green"),
        ("92D050", "green"),
        ("00B0F0", "complete"),
        ("0070C0", "complete"),
        # Excel's light 'Bad', 'Neutral' and 'Good' fills
        ("FFC7CE", "red"),
        ("FFEB9C", "amber"),
        ("C6EFCE", "green"),
    ],
)
def test_a_rag_given_only_as_colour_is_read_by_its_hue(fill, status):
    assert colour_status(fill)[0] == status


@pytest.mark.parametrize("fill", ["FFFFFF", "D9D9D9", "000000", "7030A0"])
def test_white_grey_black_and_purple_are_not_statuses(fill):
    assert colour_status(fill) is None


def test_colour_only_rag_without_a_key_is_read_and_said(tmp_path, csps):
    wb = Workbook()
    ws = wb.active
    ws.append(["Medway Community Safety Partnership – DHR action plan"])
    ws.append(["DHR reference", "DHR 21-03"])
    ws.append(["Progress as at", "31/03/2025"])
    ws.append(HEADINGS)
    for number, fill in ((1, "00B0F0"), (2, "FFC000")):
        ws.append([f"R{number} Kent Police to review", f"{number}.1 Do it", "Kent Police", "Mar 2025", None])
        ws.cell(ws.max_row, 5).fill = PatternFill("solid", fgColor=fill)
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert [a["status"] for a in parsed.rows["action_plan__actions"]] == ["complete", "amber"]
    assert [a["status_source"] for a in parsed.rows["action_plan__actions"]] == ["colour", "colour"]
    assert any("given only as the cell's colour (blue): read as COMPLETE" in w for w in parsed.warnings)


def test_one_table_per_recommendation_with_the_recommendation_as_a_paragraph_above(tmp_path, csps):
    document = docx.Document()
    document.add_paragraph("Medway Community Safety Partnership")
    document.add_paragraph("DHR reference: DHR 21-03")
    for number, text in (
        (1, "Kent Police to review how repeat reports are linked."),
        (2, "GP practices to ask about domestic abuse routinely."),
    ):
        document.add_paragraph(f"Recommendation {number}")
        document.add_paragraph(text)
        table = document.add_table(rows=2, cols=5)
        for cell, heading in zip(
            table.rows[0].cells, ["Action no.", "Action", "Lead agency", "Target date", "Status"], strict=True
        ):
            cell.text = heading
        for cell, value in zip(
            table.rows[1].cells, [f"{number}.1", "Do it", "Kent Police", "June 2025", "Ongoing"], strict=True
        ):
            cell.text = value
    path = tmp_path / "plan update 31.03.2025.docx"
    document.save(path)
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    actions = parsed.rows["action_plan__actions"]
    assert [(a["recommendation_number"], a["recommendation"]) for a in actions] == [
        (1, "Kent Police to review how repeat reports are linked."),
        (2, "GP practices to ask about domestic abuse routinely."),
    ]
    assert parsed.rows["action_plan__plans"][0]["as_at_date"].isoformat() == "2025-03-31"
    assert parsed.rows["action_plan__plans"][0]["as_at_source"] == "file name"


def test_an_overview_report_is_rejected_with_what_to_send_instead(tmp_path, csps):
    document = docx.Document()
    document.add_paragraph("Medway Community Safety Partnership")
    document.add_heading("Domestic Homicide Review Overview Report", 1)
    document.add_paragraph("Into the death of 'Ann'.")
    table = document.add_table(rows=2, cols=5)
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = heading
    for cell, value in zip(
        table.rows[1].cells, ["Kent Police to...", "1.1 Do it", "Kent Police", "June 2025", "RED"], strict=True
    ):
        cell.text = value
    path = tmp_path / "report.docx"
    document.save(path)
    parsed = parse_file(path, csps=csps)
    assert parsed.form_type is None
    assert parsed.errors == [
        "report.docx: this is a DHR report (an overview report or executive summary), not a form "
        "the warehouse reads: send the action plan and the scoping review as files of their own"
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("No DHR – does not meet criteria", "not_commissioned"),
        ("DHR commissioned, Home Office notified", "commissioned"),
        ("Decided not to commission", "not_commissioned"),
        ("Commissioned – paused pending the criminal trial", "commissioned_paused"),
    ],
)
def test_scoping_decisions_written_in_words(written, code):
    assert code_lists().resolve("scoping_decision", written) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Not guilty – acquitted", "acquitted"),
        ("Guilty of murder, life", "murder"),
        ("Manslaughter by reason of diminished responsibility", "manslaughter_diminished"),
    ],
)
def test_verdicts_written_in_words(written, code):
    assert code_lists().resolve("verdict", written) == code
