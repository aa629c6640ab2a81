"""Action plans as people lay them out, beyond the LibreOffice fixtures: numbers only in the
recommendation text, actions numbered 1, 2 within their recommendation, Template 25 in Word."""

from __future__ import annotations

from datetime import date

from ingest_builders import plan_header, write_action_plan_docx, write_action_plan_xlsx

from ingest.parse import parse_file


def _numbers(parsed) -> list[tuple]:
    return [
        (a["recommendation_number"], a["action_number"], a["recommendation"], a["action"])
        for a in parsed.rows["action_plan__actions"]
    ]


def test_recommendation_number_from_its_text_and_actions_numbered_within_it(tmp_path, csps):
    columns = ["Recommendation", "Action no.", "Action", "Lead agency", "Target date", "Overall RAG"]
    rows = [
        {
            "Recommendation": "3. Housing should share MARAC actions",
            "Action no.": 1,
            "Action": "Agree a protocol",
            "Lead agency": "Medway Council",
            "Target date": "March 2025",
            "Overall RAG": "Amber",
        },
        {
            "Action no.": "2",
            "Action": "Train tenancy officers",
            "Lead agency": "Medway Council",
            "Target date": "Q4 2024/25",
            "Overall RAG": "G",
        },
        {"Recommendation": "Recommendation 4: GPs should ask about abuse"},  # on a row of its own, above its actions
        {
            "Action no.": 1.0,
            "Action": "Brief GP practices",
            "Lead agency": "NHS Kent",
            "Target date": date(2025, 6, 30),
            "Overall RAG": "red",
        },
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows, columns=columns), csps=csps)
    assert parsed.errors == []
    assert _numbers(parsed) == [
        (3, "3.1", "3. Housing should share MARAC actions", "Agree a protocol"),
        (3, "3.2", "3. Housing should share MARAC actions", "Train tenancy officers"),
        (4, "4.1", "Recommendation 4: GPs should ask about abuse", "Brief GP practices"),
    ]
    assert parsed.extra_counts == {"recommendations": 2}


def test_a_number_in_the_text_does_not_override_the_rec_no_column(tmp_path, csps):
    rows = [
        {
            "Rec. no.": 4,
            "Recommendation": "12. The CSP should review thresholds",
            "Action no.": "4.1",
            "Action": "Review",
            "Lead agency": "Medway Council",
            "Target date": "Mar-26",
            "Overall RAG": "GREEN",
        }
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == []
    assert _numbers(parsed) == [(4, "4.1", "12. The CSP should review thresholds", "Review")]


def test_template_25_headings_in_a_word_table(tmp_path, csps):
    columns = [
        "Rec. No.",
        "Recommendation",
        "Key milestones",
        "Milestones / actions taken",
        "Lead person",
        "Target date",
        "Status",
        "Date the full action was completed",
        "Evidence of outcome and improvements made",
    ]
    rows = [
        {"Rec. No.": "e.g.1.1", "Recommendation": "e.g. Educate the community"},  # the template's worked example
        {
            "Rec. No.": "1.1",
            "Recommendation": "Educate the community on risk factors",
            "Key milestones": "Leaflets",
            "Milestones / actions taken": "Printed",
            "Lead person": "DAP manager",
            "Target date": "Dec 2017",
            "Status": "COMPLETE",
            "Date the full action was completed": "30/11/2017",
            "Evidence of outcome and improvements made": "Leaflets available",
        },
        {
            "Rec. No.": "1.2",
            "Key milestones": "Briefings",
            "Lead person": "DAP manager",
            "Target date": "Q1 2018/19",
            "Status": "Amber",
        },
    ]
    path = write_action_plan_docx(
        tmp_path / "plan.docx", header=plan_header(), rows=rows, columns=columns, merge_down=[(2, 2, 3)]
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert [
        (
            a["action_number"],
            a["action"],
            a["progress"],
            a["responsible_lead"],
            a["status"],
            a["target_date"],
            a["completion_date"],
            a["outcome"],
            a["recommendation"],
        )
        for a in parsed.rows["action_plan__actions"]
    ] == [
        (
            "1.1",
            "Leaflets",
            "Printed",
            "DAP manager",
            "complete",
            date(2017, 12, 31),
            date(2017, 11, 30),
            "Leaflets available",
            "Educate the community on risk factors",
        ),
        (
            "1.2",
            "Briefings",
            None,
            "DAP manager",
            "amber",
            date(2018, 6, 30),
            None,
            None,
            "Educate the community on risk factors",
        ),
    ]
