"""Messy but valid files, as LibreOffice writes them, load exactly as a person meant them.

The fixtures in tests/ingest/fixtures/libreoffice/ were saved by LibreOffice (see the README there
and make_fixtures.py). Each test pins what ingest loads from one of them: counts, statuses, dates,
numbers, and the notes the officer is shown. CSP names resolve through the real reference seeds.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingest.parse import parse_file
from ingest.pipeline import ingest_paths

FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"


def parsed(name: str):
    result = parse_file(FIXTURES / name)
    assert result.errors == [], result.errors
    return result


def actions_of(result) -> list[tuple]:
    return [
        (a["action_number"], a["recommendation_number"], a["status"], a["target_date"], a["completion_date"])
        for a in result.rows["action_plan__actions"]
    ]


def test_every_libreoffice_fixture_is_accepted_and_loaded(tmp_path):
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    results = ingest_paths([FIXTURES], warehouse)
    summary = {Path(r.file).name: (r.status, r.form_type, r.csp_code, r.records) for r in results}
    assert summary == {
        "action_plan_annex_b.docx": (
            "accepted",
            "action_plan",
            "E22000356",
            {"plans": 1, "actions": 3, "recommendations": 2},
        ),
        "action_plan_annex_b.xlsx": (
            "accepted",
            "action_plan",
            "E22000356",
            {"plans": 1, "actions": 3, "recommendations": 2},
        ),
        "action_plan_formulas.xlsx": (
            "accepted",
            "action_plan",
            "E22000261",
            {"plans": 1, "actions": 2, "recommendations": 1},
        ),
        "action_plan_merged.xls": (
            "accepted",
            "action_plan",
            "E22000151",
            {"plans": 1, "actions": 5, "recommendations": 2},
        ),
        "action_plan_template25.xlsx": (
            "accepted",
            "action_plan",
            "E22000261",
            {"plans": 1, "actions": 5, "recommendations": 2},
        ),
        "data_capture.xlsx": (
            "accepted",
            "data_capture",
            "E22000151",
            {
                "cases": 1,
                "victims": 1,
                "perpetrators": 1,
                "children": 2,
                "analysis_answers": 39,
                "agency_contacts": 40,
                "equality_answers": 18,
            },
        ),
        "scoping_review_headed.docx": ("accepted", "scoping_review", "E22000261", {"reviews": 1, "early_actions": 1}),
        "scoping_review_table.docx": ("accepted", "scoping_review", "E22000356", {"reviews": 1, "early_actions": 2}),
    }
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.action_plan__actions").fetchone()[0] == 18
        notes = dict(con.execute("select file_name, notes from raw.ingested_files").fetchall())
        assert con.execute("select count(*) from raw.text_findings").fetchone()[0] == 0
    assert json.loads(notes["action_plan_template25.xlsx"]) == [
        "action_plan_template25.xlsx, sheet 'Sheet1', row 8: the column 'Comments' (column J) is not on the "
        "action-plan template and was not read"
    ]
    assert json.loads(notes["action_plan_formulas.xlsx"]) == [
        "action_plan_formulas.xlsx, sheet 'Old version': a hidden sheet, not read"
    ]
    assert json.loads(notes["data_capture.xlsx"]) == []  # the template's hidden Lists sheet is expected


@pytest.mark.parametrize("name", ["action_plan_annex_b.xlsx", "action_plan_annex_b.docx"])
def test_our_own_template_as_libreoffice_rewrites_it(name):
    result = parsed(name)
    [plan] = result.rows["action_plan__plans"]
    assert (plan["dhr_reference"], plan["as_at_date"], plan["file_format"]) == (
        "SC DHR 2022/04",
        date(2025, 6, 30),
        name.rsplit(".", 1)[1],
    )
    assert actions_of(result) == [
        ("1.1", 1, "complete", date(2024, 12, 31), date(2024, 11, 15)),
        ("1.2", 1, "amber", date(2025, 9, 30), None),
        ("2.1", 2, "red", date(2025, 3, 31), None),
    ]
    rows = result.rows["action_plan__actions"]
    # The recommendation is merged down over its actions on the form; every action carries it.
    assert [r["recommendation"] for r in rows] == [
        "Agencies should improve routine enquiry about domestic abuse"
    ] * 2 + ["The CSP should review MARAC referral thresholds"]
    assert [r["recommendation_level"] for r in rows] == ["multi_agency", "multi_agency", None]
    assert [r["outcome_achieved"] for r in rows] == ["yes", None, None]


def test_template_25_headings_typed_messily():
    result = parsed("action_plan_template25.xlsx")
    [plan] = result.rows["action_plan__plans"]
    assert (plan["csp_code"], plan["dhr_reference"], plan["as_at_date"]) == (
        "E22000261",
        "SRP/DHR/2021/07",
        date(2025, 9, 30),
    )
    assert actions_of(result) == [
        ("1.1", 1, "complete", date(2024, 3, 31), date(2024, 2, 3)),  # 'Mar-24' date cell: end of March
        ("1.2", 1, "green", date(2024, 12, 31), None),  # 'Q3 2024/25', status 'green '
        ("1.3", 1, "amber", date(2025, 3, 31), None),  # after a note row and a blank row; 'March 2025', 'A'
        ("2.1", 2, "complete", date(2023, 9, 30), date(2023, 9, 12)),  # '30.9.23', 'COMPLETED'
        ("2.2", 2, "red", date(2025, 12, 31), None),  # 'by end of December 2025', 'R'
    ]
    rows = result.rows["action_plan__actions"]
    assert [r["source_row"] for r in rows] == [9, 10, 13, 14, 15]
    # 'Key milestones' is the action, 'Milestones / actions taken' the progress, 'Lead person' the
    # responsible lead, 'Evidence of outcome...' the outcome; the recommendation text is kept as written.
    assert (rows[0]["action"], rows[0]["progress"], rows[0]["responsible_lead"], rows[0]["outcome"]) == (
        "Brief all GP practices",
        "Briefings held",
        "DA lead",
        "All practices briefed",
    )
    assert {r["recommendation"] for r in rows[:3]} == {"1. GP practices should ask every patient about domestic abuse"}
    assert {r["lead_agency"] for r in rows} == {None}  # Template 25 has no lead agency column: flagged by dbt
    assert result.notes == [
        "action_plan_template25.xlsx, sheet 'Sheet1', row 8: the column 'Comments' (column J) "
        "is not on the action-plan template and was not read"
    ]


def test_annex_b_with_merged_cells_saved_as_xls():
    result = parsed("action_plan_merged.xls")
    [plan] = result.rows["action_plan__plans"]
    assert (plan["file_format"], plan["source_sheet"], plan["as_at_date"]) == (
        "xls",
        "DHR Action Plan",
        date(2024, 12, 31),
    )
    assert actions_of(result) == [
        ("1.1", 1, "complete", date(2024, 6, 30), date(2024, 2, 3)),
        ("1.2", 1, "complete", date(2024, 3, 31), date(2024, 3, 20)),  # an .xls 'mmm-yy' date cell
        ("1.3", 1, "green", date(2023, 9, 30), None),
        ("2.1", 2, "amber", date(2024, 12, 31), None),
        ("2.2", 2, "red", date(2025, 3, 31), None),
    ]
    rows = result.rows["action_plan__actions"]
    assert [r["outcome_achieved"] for r in rows] == ["yes", "partially", None, "no", None]
    assert [r["recommendation"] for r in rows] == ["Agencies should record coercive control"] * 3 + [
        "2. Health visitors should ask about abuse at every contact"
    ] * 2
    assert result.extra_counts == {"recommendations": 2}


def test_formulas_are_read_as_the_values_libreoffice_saved():
    result = parsed("action_plan_formulas.xlsx")
    assert actions_of(result) == [
        ("1.1", 1, "green", date(2025, 6, 30), None),
        ("1.2", 1, "amber", date(2025, 9, 30), None),
    ]
    assert result.notes == ["action_plan_formulas.xlsx, sheet 'Old version': a hidden sheet, not read"]


def test_data_capture_form_as_libreoffice_rewrites_it():
    result = parsed("data_capture.xlsx")
    [case] = result.rows["data_capture__cases"]
    assert {
        k: case[k]
        for k in (
            "csp_code",
            "dhr_reference",
            "force_area_name",
            "notification_date",
            "decision",
            "death_type",
            "death_date",
            "delay_reason",
            "children_in_household",
        )
    } == {
        "csp_code": "E22000151",
        "dhr_reference": "BCSP DHR 05/22",
        "force_area_name": "Lancashire Constabulary",
        "notification_date": date(2022, 5, 20),
        "decision": "commissioned",
        "death_type": "domestic_homicide",
        "death_date": date(2022, 5, 14),
        "delay_reason": "criminal_proceedings",
        "children_in_household": 2,
    }
    [victim] = result.rows["data_capture__victims"]
    assert (victim["sex"], victim["age"], victim["relationship"]) == ("female", 31, "spouse_or_civil_partner")
    assert [(c["age"], c["sex"]) for c in result.rows["data_capture__children"]] == [(4, "female"), (9, "male")]
    answers = [a["answer"] for a in result.rows["data_capture__analysis"]]
    assert (answers.count("yes"), answers.count("no")) == (1, 38)
    assert {a["answer"] for a in result.rows["data_capture__agency_contact"]} == {"not_known"}


def test_scoping_review_title_table_as_libreoffice_rewrites_it():
    result = parsed("scoping_review_table.docx")
    [review] = result.rows["scoping_review__reviews"]
    assert (review["csp_code"], review["notification_date"], review["decision"], review["death_type"]) == (
        "E22000356",
        date(2022, 4, 11),
        "commissioned",
        "domestic_homicide",
    )
    assert review["q4_early_learning"] == "Agencies did not share information."
    assert [(a["action_number"], a["target_date"]) for a in result.rows["scoping_review__early_actions"]] == [
        ("1", date(2022, 6, 30)),
        ("2", date(2022, 9, 30)),
    ]


def test_scoping_review_with_headed_paragraphs_and_words_for_codes():
    result = parsed("scoping_review_headed.docx")
    [review] = result.rows["scoping_review__reviews"]
    assert {
        k: review[k]
        for k in (
            "csp_name",
            "csp_code",
            "dhr_reference",
            "anonymised_identifier",
            "notification_date",
            "submitted_date",
            "decision",
            "death_type",
            "source_sheet",
        )
    } == {
        "csp_name": "Rotherham CSP",
        "csp_code": "E22000261",
        "dhr_reference": "DHR 2023-05",
        "anonymised_identifier": "Fay",
        "notification_date": date(2023, 5, 2),
        "submitted_date": date(2023, 5, 26),
        "decision": "commissioned_paused",
        "death_type": "suicide",
        "source_sheet": "paragraphs",
    }
    assert review["q1_notification"] == "South Yorkshire Police notified the CSP."
    assert review["q8_agencies_consulted"] == "Police, GP, mental health trust."
    [action] = result.rows["scoping_review__early_actions"]
    assert (action["action"], action["target_date"]) == ("Brief GPs on suicide risk after abuse", date(2023, 9, 30))


def test_every_fixture_is_described_in_the_readme():
    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    for folder in ("libreoffice", "bad"):
        for path in sorted((FIXTURES.parent / folder).iterdir()):
            assert f"`{path.name}`" in readme, path.name
