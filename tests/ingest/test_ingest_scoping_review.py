"""Scoping reviews (.docx, 003 Annex C): title table, question answers, early actions."""

from __future__ import annotations

from datetime import date

import docx
from ingest_builders import scoping_title, write_scoping_docx

from form_contract.spec import SCOPING_QUESTIONS
from ingest.parse import parse_file


def test_review_parsed_with_answers_and_early_actions(tmp_path, csps):
    parsed = parse_file(write_scoping_docx(tmp_path / "scoping.docx"), sha256="abc", csps=csps)
    assert parsed.errors == []
    assert parsed.form_type == "scoping_review"
    assert parsed.record_counts() == {"reviews": 1, "early_actions": 2}
    [review] = parsed.rows["scoping_review__reviews"]
    assert (review["csp_code"], review["dhr_reference"], review["anonymised_identifier"]) == (
        "E22000143",
        "DHR/2021/03",
        "Alice",
    )
    assert (review["notification_date"], review["submitted_date"]) == (date(2021, 3, 1), date(2021, 3, 29))
    assert (review["decision"], review["death_type"]) == ("commissioned", "domestic_homicide")
    assert review["q1_notification"] == "Kent Police notified the CSP by secure email."
    assert (
        review["q4_early_learning"] == "Referrals were not shared between agencies.\n\nThe GP did not ask about abuse."
    )
    assert review["q3_background"] is None and review["q6_not_commissioned_rationale"] is None
    assert review["q9_other_reviews"] == "None."
    assert (review["source_sheet"], review["source_row"], review["file_sha256"]) == ("table 1", 1, "abc")

    first, second = parsed.rows["scoping_review__early_actions"]
    assert first["action_number"] == "1" and first["lead_agency"] == "NHS Kent"
    assert first["target_date"] == date(2021, 6, 30)  # 'Jun 2021': end of the month
    assert (first["source_sheet"], first["source_row"]) == ("table 2", 2)
    assert second["target_date"] == date(2021, 9, 30) and second["source_row"] == 3


def test_headings_typed_as_plain_bold_paragraphs_are_found(tmp_path, csps):
    parsed = parse_file(write_scoping_docx(tmp_path / "scoping.docx", heading_style="Normal"), csps=csps)
    assert parsed.errors == []
    assert parsed.rows["scoping_review__reviews"][0]["q8_agencies_consulted"] == "Police, GP, Adult social care."


def test_title_errors_and_early_action_errors_reported_together(tmp_path, csps):
    title = scoping_title(
        **{
            "Community Safety Partnership": "Nowhere CSP",
            "Decision": "Perhaps",
            "Date CSP notified of the death": "30/02/2021",
        }
    )
    actions = [
        ["1", "Brief GPs", "NHS", "Briefed", "Q2 2021"],
        ["1", "Duplicate", "NHS", "", ""],
        ["2", "", "", "", ""],
    ]
    parsed = parse_file(write_scoping_docx(tmp_path / "sr.docx", title=title, actions=actions), csps=csps)
    text = "\n".join(parsed.errors)
    assert len(parsed.errors) == 4, text
    assert (
        "sr.docx, table 1, row 1, 'Community Safety Partnership': 'Nowhere CSP' is not a Community Safety "
        "Partnership we know" in text
    )
    assert "sr.docx, table 1, row 4, 'Date CSP notified of the death': '30/02/2021' is not a real date" in text
    # A decision that is none of the choices is kept as written, with a warning (issue 14).
    assert "sr.docx, table 1, row 6, 'Decision': 'Perhaps' is not one of the choices: kept as written" in "\n".join(
        parsed.warnings
    )
    assert parsed.rows["scoping_review__reviews"][0]["as_written"]["decision"] == "Perhaps"
    assert "sr.docx, table 2, row 2, 'Target date': 'Q2 2021' is ambiguous" in text
    assert "sr.docx, table 2, row 3, 'No.': action '1' appears twice (rows 2 and 3)" in text


def test_review_with_no_title_page_at_all_is_rejected_for_what_nothing_can_supply(tmp_path, csps):
    """No partnership anywhere (title, paragraphs, file name, folder) and nothing identifying the review."""
    document = docx.Document()
    document.add_paragraph("Scoping Review", style="Title")
    for n, question in enumerate(SCOPING_QUESTIONS, start=1):
        document.add_paragraph(f"{n}. {question.label}", style="Heading 2")
        document.add_paragraph("Answer.")
    document.save(str(tmp_path / "sr.docx"))
    parsed = parse_file(tmp_path / "sr.docx", csps=csps)
    assert parsed.form_type == "scoping_review"
    assert parsed.errors == [
        "sr.docx: no Community Safety Partnership is named anywhere in this scoping review, and nothing identifies the "
        "review: put the title page at the top, with 'Name of the Community Safety Partnership' and 'Anonymised "
        "identifier as to which Scoping Review this refers to, i.e. pseudonym or number', as in the Home Office "
        "scoping review template (Annex C)"
    ]


def test_annex_c_table_layout_is_read(tmp_path, csps):
    """Answers typed into the Annex C table itself: number | question, answer under the question."""
    document = docx.Document()
    title = document.add_table(rows=0, cols=2)
    for label, value in scoping_title().items():
        cells = title.add_row().cells
        cells[0].text, cells[1].text = label, value
    table = document.add_table(rows=0, cols=2)
    for n, question in enumerate(SCOPING_QUESTIONS, start=1):
        cells = table.add_row().cells
        cells[0].text = str(n)
        cells[1].text = question.label
        cells[1].add_paragraph(f"Answer to question {n}.")
    document.save(str(tmp_path / "annex c.docx"))
    parsed = parse_file(tmp_path / "annex c.docx", csps=csps)
    assert parsed.errors == []
    review = parsed.rows["scoping_review__reviews"][0]
    assert review["q1_notification"] == "Answer to question 1."
    assert review["q9_other_reviews"] == "Answer to question 9."
