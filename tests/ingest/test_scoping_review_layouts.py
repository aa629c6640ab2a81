"""Scoping reviews laid out as CSPs write them (issue 14), read as the Home Office 2024 Annex C asks.

003 L805-816: the title page names the Community Safety Partnership, gives an anonymised
identifier (pseudonym or number), the date sent to the Home Office, whether a DHR is commissioned
and what kind of death it is; then nine questions. There is no DHR reference and no notification
date on it. CSPs write the title page as a table, a four-column table, a Question/Response table,
'Label: value' paragraphs or headed paragraphs, and the questions with or without their numbers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from ingest_builders import scoping_answers, write_scoping_docx

from dhr.forms import write_scoping_review
from form_contract.records import EarlyAction, ScopingReview
from form_contract.spec import SCOPING_QUESTIONS
from ingest.csp_names import csp_directory
from ingest.detect import open_form_file
from ingest.parse import parse_file
from ingest.scoping_review import looks_like_scoping_review, question_number

#: Annex C's title-page wordings, word for word (003 L807).
ANNEX_C_TITLE = {
    "Name of the Community Safety Partnership": "Medway Community Safety Partnership",
    "Anonymised identifier as to which Scoping Review this refers to, i.e. pseudonym or number": "Alice",
    "Date the Scoping Review was submitted to the Home Office": "29/03/2021",
    "Whether the CSP has commissioned a DHR or is recommending a DHR should not be commissioned": "DHR commissioned",
    "Whether the death is a domestic homicide / neglect / suicide / still to be determined": "Domestic homicide",
}
ACTIONS_HEADER = ["No.", "Action", "Lead agency", "Outcome", "Target date"]
ACTIONS = [["1", "Brief GP practices on routine enquiry", "NHS Kent", "GPs ask about abuse", "Jun 2021"]]


def _questions(
    document,
    *,
    numbered: bool = True,
    style: str = "Heading 2",
    actions: list[list[str]] | None = None,
    wording: dict[int, str] | None = None,
) -> None:
    answers = scoping_answers()
    for n, question in enumerate(SCOPING_QUESTIONS, start=1):
        text = (wording or {}).get(n, question.label)
        document.add_paragraph(f"{n}. {text}" if numbered else text, style=style)
        for paragraph in answers.get(n, []):
            document.add_paragraph(paragraph)
        if n == 5 and actions is not None:
            has_header = bool(actions) and actions[0][0] in ("No.", "Action")
            _table(document, actions if has_header else [ACTIONS_HEADER, *actions])


def _table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    return table


def _save(document, path: Path) -> Path:
    document.save(str(path))
    return path


def _review(parsed) -> dict:
    assert parsed.form_type == "scoping_review", parsed.errors
    return parsed.rows["scoping_review__reviews"][0]


# --------------------------------------------------------------------------------------------
# Title page layouts
# --------------------------------------------------------------------------------------------
def test_annex_c_long_labels_are_read_word_for_word(tmp_path, csps):
    document = docx.Document()
    document.add_paragraph("Scoping Review", style="Title")
    _table(document, [[k, v] for k, v in ANNEX_C_TITLE.items()])
    _questions(document, actions=ACTIONS)
    parsed = parse_file(_save(document, tmp_path / "annex c.docx"), csps=csps)
    assert parsed.errors == []
    review = _review(parsed)
    assert (review["csp_code"], review["csp_source"]) == ("E22000143", "labelled")
    assert (review["anonymised_identifier"], review["submitted_date"]) == ("Alice", date(2021, 3, 29))
    assert (review["decision"], review["death_type"]) == ("commissioned", "domestic_homicide")
    # Annex C has no DHR reference: the identifier stands in, and says so.
    assert (review["dhr_reference"], review["dhr_reference_source"]) == ("Alice", "identifier")
    assert parsed.inferred == {"dhr_reference": ("Alice", "identifier")}
    warnings = "\n".join(parsed.warnings)
    assert (
        "no DHR reference is written: the anonymised identifier 'Alice' is used as the review's reference" in warnings
    )
    # ... nor a notification date: accepted, with a warning saying what to add.
    assert "the date the CSP was notified of the death is not given" in warnings
    assert len(parsed.rows["scoping_review__early_actions"]) == 1


def test_label_value_paragraphs_with_no_table_are_read(tmp_path, csps):
    document = docx.Document()
    document.add_paragraph("Scoping Review", style="Heading 1")
    document.add_paragraph("Name of the Community Safety Partnership: Safer Barnet")
    document.add_paragraph("Anonymised identifier: Bella")
    document.add_paragraph("Local DHR reference: BAR/DHR/2024/01")
    document.add_paragraph("Date the CSP was notified: 3rd February 2024")
    document.add_paragraph("Date submitted to the Home Office: 28/02/2024")
    document.add_paragraph("Decision: DHR not commissioned")
    document.add_paragraph("Death type: Suicide")
    _questions(document, style="Heading 3")
    parsed = parse_file(_save(document, tmp_path / "sr.docx"), csps=csps)
    assert parsed.errors == [] and parsed.warnings == []
    review = _review(parsed)
    assert (review["csp_code"], review["dhr_reference"], review["anonymised_identifier"]) == (
        "E22000187",
        "BAR/DHR/2024/01",
        "Bella",
    )
    assert (review["notification_date"], review["decision"], review["death_type"]) == (
        date(2024, 2, 3),
        "not_commissioned",
        "suicide",
    )
    assert (review["source_sheet"], review["source_row"]) == ("paragraphs", 2)


def test_headed_paragraphs_label_as_heading_value_below(tmp_path, csps):
    document = docx.Document()
    for label, value in ANNEX_C_TITLE.items():
        document.add_paragraph(label, style="Heading 2")
        document.add_paragraph(value)
    _questions(document, style="Heading 2")
    parsed = parse_file(_save(document, tmp_path / "sr.docx"), csps=csps)
    assert parsed.errors == []
    review = _review(parsed)
    assert (review["csp_code"], review["anonymised_identifier"], review["decision"]) == (
        "E22000143",
        "Alice",
        "commissioned",
    )
    assert review["q1_notification"] == "Kent Police notified the CSP by secure email."


def test_single_question_response_table_holds_title_and_questions(tmp_path, csps):
    rows = [["Question", "Response"], *[[k, v] for k, v in ANNEX_C_TITLE.items()]]
    rows.append(["Date CSP notified of the death", "01/03/2021"])
    rows += [[f"{n}. {q.label}", f"Answer to question {n}."] for n, q in enumerate(SCOPING_QUESTIONS, start=1)]
    document = docx.Document()
    document.add_paragraph("DHR Scoping Review", style="Title")
    _table(document, rows)
    parsed = parse_file(_save(document, tmp_path / "qr.docx"), csps=csps)
    assert parsed.errors == []
    review = _review(parsed)
    assert (review["csp_code"], review["anonymised_identifier"], review["notification_date"]) == (
        "E22000143",
        "Alice",
        date(2021, 3, 1),
    )
    assert review["q1_notification"] == "Answer to question 1."
    assert review["q9_other_reviews"] == "Answer to question 9."
    assert parsed.rows["scoping_review__early_actions"] == []


def test_four_column_title_table_is_read(tmp_path, csps):
    document = docx.Document()
    _table(
        document,
        [
            ["CSP name", "Medway", "Scoping Review identifier", "MW-SR-07"],
            ["Date the CSP was notified", "01/03/2021", "Date sent to Home Office", "29/03/2021"],
            ["Outcome of scoping", "DHR commissioned", "Type of death", "Neglect"],
        ],
    )
    _questions(document, actions=ACTIONS)
    parsed = parse_file(_save(document, tmp_path / "sr.docx"), csps=csps)
    assert parsed.errors == []
    review = _review(parsed)
    assert (review["csp_code"], review["anonymised_identifier"], review["dhr_reference"]) == (
        "E22000143",
        "MW-SR-07",
        "MW-SR-07",
    )
    assert (review["notification_date"], review["submitted_date"]) == (date(2021, 3, 1), date(2021, 3, 29))
    assert (review["decision"], review["death_type"]) == ("commissioned", "neglect")


def test_questions_without_numbers_and_slightly_reworded_are_found(tmp_path, csps):
    reworded = {
        1: "How was the CSP notified?",
        2: "Summary of the fatal incident",
        3: "Background - what has been learned about the victim and perpetrator?",
        4: "What early learning has been identified by agencies in this case?",
        8: "Agencies and organisations consulted",
        9: "Are there any other reviews planned relating to this death?",
    }
    document = docx.Document()
    _table(document, [[k, v] for k, v in ANNEX_C_TITLE.items()])
    _questions(document, numbered=False, wording=reworded, actions=ACTIONS)
    parsed = parse_file(_save(document, tmp_path / "sr.docx"), csps=csps)
    assert parsed.errors == []
    review = _review(parsed)
    assert review["q1_notification"] == "Kent Police notified the CSP by secure email."
    assert review["q8_agencies_consulted"] == "Police, GP, Adult social care."
    assert review["q9_other_reviews"] == "None."
    assert [
        question_number(t)
        for t in ("Q5 What actions will be taken?", "Question 7: Family and friends' views", "3. Background")
    ] == [5, 7, 3]


# --------------------------------------------------------------------------------------------
# Inferred and written-in-words values
# --------------------------------------------------------------------------------------------
def _prose_review(
    tmp_path: Path,
    sentence: str,
    *,
    name: str = "sr.docx",
    title: str = "Scoping Review",
    csp_line: str | None = "Name of the Community Safety Partnership: Medway",
) -> Path:
    document = docx.Document()
    document.add_paragraph(title, style="Heading 1")
    if csp_line:
        document.add_paragraph(csp_line)
    document.add_paragraph("Scoping Review identifier: MW/SR/2025/02")
    document.add_paragraph("Date the CSP was notified: 03/02/2025")
    if sentence:
        document.add_paragraph(sentence)
    _questions(document, style="Heading 3", actions=ACTIONS)
    return _save(document, tmp_path / name)


def test_decision_written_in_prose_is_read_and_noted(tmp_path, csps):
    sentence = (
        "The Scoping Review Panel met on 24th February 2025. The CSP has therefore commissioned a Domestic "
        "Homicide Review. The death is being treated as a domestic homicide."
    )
    parsed = parse_file(_prose_review(tmp_path, sentence), csps=csps)
    assert parsed.errors == []
    review = _review(parsed)
    assert (review["decision"], review["death_type"]) == ("commissioned", "domestic_homicide")
    assert parsed.inferred["decision"] == ("commissioned", "sentence")
    assert review["as_written"]["decision"] == "The CSP has therefore commissioned a Domestic Homicide Review."
    assert any(
        "'Decision' was read from the sentence 'The CSP has therefore commissioned" in w for w in parsed.warnings
    )


def test_paused_and_not_commissioned_decisions_in_prose(tmp_path, csps):
    paused = parse_file(
        _prose_review(
            tmp_path, "A DHR has been commissioned but is paused pending criminal proceedings.", name="a.docx"
        ),
        csps=csps,
    )
    assert _review(paused)["decision"] == "commissioned_paused"
    declined = parse_file(
        _prose_review(
            tmp_path,
            "The panel recommends that a DHR should not be commissioned. The death was a suicide.",
            name="b.docx",
        ),
        csps=csps,
    )
    assert (_review(declined)["decision"], _review(declined)["death_type"]) == ("not_commissioned", "suicide")


def test_words_domestic_homicide_review_do_not_make_a_death_type(tmp_path, csps):
    parsed = parse_file(_prose_review(tmp_path, "The CSP has commissioned a Domestic Homicide Review."), csps=csps)
    review = _review(parsed)
    assert parsed.errors == []
    assert (review["decision"], review["death_type"]) == ("commissioned", None)
    assert any("the title page does not say whether the death is a domestic homicide" in w for w in parsed.warnings)


def test_missing_decision_death_type_and_notification_date_are_accepted_with_warnings(tmp_path, csps):
    document = docx.Document()
    _table(document, [["Community Safety Partnership", "Medway"], ["Anonymised identifier", "Alice"]])
    _questions(document, actions=ACTIONS)
    parsed = parse_file(_save(document, tmp_path / "sr.docx"), csps=csps)
    assert parsed.errors == []
    warnings = "\n".join(parsed.warnings)
    assert "does not say whether the CSP has commissioned a DHR" in warnings
    assert "does not say whether the death is a domestic homicide" in warnings
    assert "the date the CSP was notified of the death is not given" in warnings
    assert "the Home Office scoping review template (Annex C)" in warnings
    assert "003" not in warnings


def test_notification_date_read_from_the_answer_to_question_1(tmp_path, csps):
    document = docx.Document()
    _table(
        document,
        [
            ["Community Safety Partnership", "Medway"],
            ["Anonymised identifier", "Alice"],
            ["Decision", "DHR commissioned"],
            ["Death type", "Domestic homicide"],
        ],
    )
    document.add_paragraph("1. How was the CSP notified of this death?", style="Heading 2")
    document.add_paragraph("Kent Police emailed the CSP manager on 3rd February 2025.")
    for n, question in list(enumerate(SCOPING_QUESTIONS, start=1))[1:]:
        document.add_paragraph(f"{n}. {question.label}", style="Heading 2")
    parsed = parse_file(_save(document, tmp_path / "sr.docx"), csps=csps)
    assert _review(parsed)["notification_date"] == date(2025, 2, 3)
    assert parsed.inferred["notification_date"] == (date(2025, 2, 3), "question 1")


def test_csp_taken_from_the_title_when_not_labelled(tmp_path, csps):
    parsed = parse_file(
        _prose_review(tmp_path, "", title="Safer Barnet – DHR Scoping Review", csp_line=None), csps=csps
    )
    assert parsed.errors == []
    review = _review(parsed)
    assert (review["csp_code"], review["csp_source"]) == ("E22000187", "title")
    assert parsed.inferred["csp"] == ("E22000187", "title")
    assert any(
        "the Community Safety Partnership was taken from the title ('Safer Barnet – DHR Scoping Review'): Barnet" in w
        for w in parsed.warnings
    )


def test_csp_taken_from_the_file_name_when_nowhere_in_the_document(tmp_path, csps):
    path = _prose_review(tmp_path, "", csp_line=None, name="Medway scoping review 2025.docx")
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert (_review(parsed)["csp_code"], _review(parsed)["csp_source"]) == ("E22000143", "file name")


def test_no_csp_anywhere_is_rejected_with_that_fix_first(tmp_path, csps):
    parsed = parse_file(_prose_review(tmp_path, "", csp_line=None, name="sr.docx"), csps=csps)
    assert parsed.errors[0] == (
        "sr.docx: no Community Safety Partnership is named anywhere in this scoping review: put the partnership's "
        "name on the title page, as 'Name of the Community Safety Partnership' in the Home Office scoping review "
        "template (Annex C)"
    )


def test_unknown_csp_written_in_a_labelled_field_stays_an_error_with_suggestions(tmp_path, csps):
    parsed = parse_file(_prose_review(tmp_path, "", csp_line="CSP name: Medwy"), csps=csps)
    assert len(parsed.errors) == 1
    assert "'Medwy' is not a Community Safety Partnership we know: did you mean 'Medway'?" in parsed.errors[0]


def test_reference_with_pseudonym_in_brackets_gives_the_identifier(tmp_path, csps):
    document = docx.Document()
    document.add_paragraph("Name of the Community Safety Partnership: Medway")
    document.add_paragraph("Scoping Review reference: MW/SR/2025/02 (‘Hannah’)")
    _questions(document, actions=ACTIONS)
    parsed = parse_file(_save(document, tmp_path / "sr.docx"), csps=csps)
    review = _review(parsed)
    assert (review["dhr_reference"], review["dhr_reference_source"], review["anonymised_identifier"]) == (
        "MW/SR/2025/02",
        "labelled",
        "Hannah",
    )
    assert review["as_written"]["dhr_reference"] == "MW/SR/2025/02 (‘Hannah’)"


# --------------------------------------------------------------------------------------------
# Early actions (question 5)
# --------------------------------------------------------------------------------------------
def test_early_actions_table_without_a_number_column_is_numbered_in_order(tmp_path, csps):
    rows = [
        ["Action", "Owner", "By when", "Outcome"],
        ["Share disclosures the same day", "Education", "April 2025", "Disclosures reach the MASH"],
        ["Book interpreters", "ICB", "June 2025", "Patients can disclose"],
    ]
    parsed = parse_file(_table_review(tmp_path, rows), csps=csps)
    assert parsed.errors == []
    first, second = parsed.rows["scoping_review__early_actions"]
    assert (first["action_number"], first["lead_agency"], first["target_date"]) == ("1", "Education", date(2025, 4, 30))
    assert (second["action_number"], second["outcome"]) == ("2", "Patients can disclose")
    assert any(
        "the early actions table has no number column: the actions are numbered 1, 2, 3" in w for w in parsed.warnings
    )


def _table_review(tmp_path: Path, actions: list[list[str]]) -> Path:
    document = docx.Document()
    _table(document, [[k, v] for k, v in ANNEX_C_TITLE.items()])
    _questions(document, actions=actions)
    return _save(document, tmp_path / "sr.docx")


def test_early_actions_written_as_sentences_one_action_per_sentence(tmp_path, csps):
    answers = scoping_answers()
    answers[5] = [
        "The GP practice has already arranged IRIS training for its clinicians (by June 2025). "
        "Kent Police will review how domestic incidents are recorded by September 2025."
    ]
    path = write_scoping_docx(tmp_path / "sr.docx", answers=answers, actions=[])
    document = docx.Document(str(path))
    document.tables[1]._element.getparent().remove(document.tables[1]._element)  # no early actions table
    parsed = parse_file(_save(document, path), csps=csps)
    assert parsed.errors == []
    first, second = parsed.rows["scoping_review__early_actions"]
    assert (first["action_number"], first["lead_agency"], first["target_date"]) == (
        "1",
        "GP practice",
        date(2025, 6, 30),
    )
    assert first["action"].startswith("The GP practice has already arranged IRIS training")
    assert (second["action_number"], second["lead_agency"], second["target_date"]) == (
        "2",
        "Kent Police",
        date(2025, 9, 30),
    )
    assert any(
        "question 5 has no early actions table: 2 actions were read from its answer" in w for w in parsed.warnings
    )


def test_question_5_saying_nothing_is_agreed_gives_no_actions(tmp_path, csps):
    answers = scoping_answers()
    answers[5] = ["No actions have been agreed at this stage. Actions will be identified through the DHR."]
    path = write_scoping_docx(tmp_path / "sr.docx", answers=answers, actions=[])
    document = docx.Document(str(path))
    document.tables[1]._element.getparent().remove(document.tables[1]._element)
    parsed = parse_file(_save(document, path), csps=csps)
    assert parsed.errors == [] and parsed.warnings == []
    assert parsed.rows["scoping_review__early_actions"] == []


# --------------------------------------------------------------------------------------------
# This project's own forms still load with no warnings; other documents are not scoping reviews
# --------------------------------------------------------------------------------------------
def test_project_template_filled_loads_with_zero_warnings(tmp_path, csps):
    review = ScopingReview(
        csp_name="Medway",
        dhr_reference="DHR/2023/07",
        anonymised_identifier="Bella",
        notification_date=date(2023, 7, 3),
        submitted_date=date(2023, 7, 28),
        decision="commissioned_paused",
        death_type="to_be_determined",
        q1_notification="Notified by the police by email on 3 July 2023.",
        q5_actions_intro="The following actions will be taken.",
        q6_not_commissioned_rationale="Not applicable.",
        early_actions=[
            EarlyAction("1", "Brief staff on routine enquiry", "ICB", "Staff ask about abuse", date(2023, 12, 31)),
            EarlyAction("2", "Review MARAC referral pathway", None, None, None),
        ],
    )
    parsed = parse_file(write_scoping_review(tmp_path / "scoping.docx", review), csps=csps)
    assert (parsed.errors, parsed.warnings, parsed.inferred) == ([], [], {})
    row = _review(parsed)
    assert (row["csp_source"], row["dhr_reference_source"]) == ("labelled", "labelled")
    assert len(parsed.rows["scoping_review__early_actions"]) == 2


def test_synthetic_corpus_scoping_reviews_load_with_zero_warnings(tmp_path):
    from dhr.synth.generator import generate_corpus

    generate_corpus(tmp_path / "corpus", dhrs=12, seed=3)
    reviews = [p for p in (tmp_path / "corpus").rglob("*.docx") if "scoping" in p.name.lower()]
    assert reviews
    for path in reviews:
        parsed = parse_file(path)
        assert (parsed.form_type, parsed.errors, parsed.warnings) == ("scoping_review", [], []), path.name


def test_builders_scoping_review_loads_with_zero_warnings(tmp_path, csps):
    parsed = parse_file(write_scoping_docx(tmp_path / "scoping.docx"), csps=csps)
    assert (parsed.errors, parsed.warnings) == ([], [])


def test_overview_report_with_background_heading_is_not_a_scoping_review(tmp_path):
    document = docx.Document()
    document.add_paragraph("Medway Community Safety Partnership")
    document.add_paragraph("Domestic Homicide Review Overview Report", style="Heading 1")
    for heading in (
        "1. Introduction",
        "2. Terms of reference",
        "3. Background information (the facts)",
        "4. Summary of the incident",
        "5. Agencies involved",
        "6. Family views",
        "7. Other reviews",
    ):
        document.add_paragraph(heading, style="Heading 2")
        document.add_paragraph("Text.")
    document.add_paragraph("Date completed: November 2023")
    path = _save(document, tmp_path / "overview.docx")
    assert not looks_like_scoping_review(open_form_file(path, "overview.docx").document)


# --------------------------------------------------------------------------------------------
# Files made outside this project (../shared/realworld), as expected.json says
# --------------------------------------------------------------------------------------------
REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"
needs_realworld = pytest.mark.skipif(
    not (REALWORLD / "expected.json").exists(), reason="../shared/realworld is not beside the repo"
)


def _expected(name: str) -> dict:
    return json.loads((REALWORLD / "expected.json").read_text())[name]


def _check_realworld(name: str) -> tuple:
    want = _expected(name)
    parsed = parse_file(REALWORLD / name)
    assert (parsed.accepted, parsed.errors) == (want["status"] == "accepted", [])
    review = _review(parsed)
    assert parsed.form_type == want["form_type"]
    assert parsed.dhr_reference == want["dhr_reference"]
    assert parsed.csp_code == csp_directory().resolve(want["csp"])
    assert (review["decision"], review["death_type"]) == (want["decision"], want["death_type"])
    assert review["notification_date"].isoformat() == want["date_notified"]
    assert len(parsed.rows["scoping_review__early_actions"]) == want["scoping_actions"]
    return parsed, review


@needs_realworld
def test_realworld_sr01_wakefield_label_value_paragraphs_and_prose_decision():
    parsed, review = _check_realworld("sr01_wakefield_prose.docx")
    assert review["anonymised_identifier"] == "Hannah"
    assert parsed.inferred["decision"] == ("commissioned", "sentence")
    first, second = parsed.rows["scoping_review__early_actions"]
    assert (first["target_date"], second["target_date"]) == (date(2025, 6, 30), date(2025, 9, 30))
    assert second["lead_agency"] == "West Yorkshire Police"


@needs_realworld
def test_realworld_sr04_cheshirewest_reworded_labels_and_unnumbered_actions():
    parsed, review = _check_realworld("sr04_cheshirewest_label_variants.docx")
    assert (review["dhr_reference_source"], review["csp_source"]) == ("identifier", "labelled")
    assert [a["action_number"] for a in parsed.rows["scoping_review__early_actions"]] == ["1", "2", "3"]


@needs_realworld
def test_realworld_rj01_overview_report_is_not_a_scoping_review():
    parsed = parse_file(REALWORLD / "rj01_overview_report_not_a_form.docx")
    assert parsed.form_type is None and parsed.errors


# --------------------------------------------------------------------------------------------
# Through LibreOffice (a file saved by another word processor), when it is installed
# --------------------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_question_response_table_saved_by_libreoffice_is_read(tmp_path, csps):
    rows = [["Question", "Response"], *[[k, v] for k, v in ANNEX_C_TITLE.items()]]
    rows += [[f"{n}. {q.label}", f"Answer to question {n}."] for n, q in enumerate(SCOPING_QUESTIONS, start=1)]
    document = docx.Document()
    _table(document, rows)
    (tmp_path / "source").mkdir()
    source = _save(document, tmp_path / "source" / "qr.docx")
    out = tmp_path / "converted"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    parsed = parse_file(out / "qr.docx", csps=csps)
    assert parsed.errors == []
    assert _review(parsed)["q9_other_reviews"] == "Answer to question 9."
