"""Data capture forms as CSPs send them (issue 14): the Home Office data collection form as 004
Template 29 prints it (004 L4157-4258), one row per person, and this project's own workbook.

Each fixture is built here with openpyxl the way a CSP officer would fill it in; what must come out
is what the guidance asks for: every victim, perpetrator and child, the case, the CSP, and a
warning (never a rejection) for what was written loosely or left out. The genuinely impossible
(an age of 150, a death in the future, a police force of another area) is still rejected.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from ingest_builders import case_values, grid_answers, write_data_capture_xlsx
from openpyxl import Workbook

from form_contract.code_lists import analysis_factors
from ingest.data_capture import looks_like_data_capture
from ingest.detect import open_form_file
from ingest.parse import parse_file
from ingest.pipeline import ingest_paths

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"


# --------------------------------------------------------------------------------------------
# Builders: Template 29 as printed, and one-row-per-person workbooks
# --------------------------------------------------------------------------------------------
CASE_BLOCK = [
    ("Community Safety Partnership", "Medway Community Safety Partnership"),
    ("Local DHR Reference", "MCSP DHR 2023/01"),
    ("Police Force", "Kent Police"),
    ("Date first notified to Home Office", "12/06/2023"),
    ("Name of Review Panel Chair", "Independent chair"),
    ("Name of Report Author", "As chair"),
    ("Date report completed", "30/09/2024"),
    ("Date submitted to Home Office", "15/10/2024"),
]
VICTIM_LABELS = [
    "Victim Gender",
    "Age at time of incident",
    "Relationship to perpetrator",
    "Ethnicity (ONS)",
    "Nationality",
    "Religion",
    "Sexual Orientation",
    "Disability",
]
PERPETRATOR_LABELS = [
    "Gender",
    "Age at time of incident",
    "Relationship to victim",
    "Ethnicity (ONS)",
    "Nationality",
    "Religion",
    "Sexual Orientation",
    "Disability",
    "Details of verdict",
]
GENERAL_LABELS = ["Date of homicide", "Place of murder", "Method of killing", "Number of Children in Household"]


def beyond_mappings(warnings: list[str]) -> list[str]:
    """The warnings other than "'F' read as 'Female'": every mapping is said (issue 14), and these tests
    are about what else the officer is told."""
    return [w for w in warnings if "' read as '" not in w]


def test_every_mapping_of_a_word_to_a_code_is_said(tmp_path, csps):
    path = template_29(
        tmp_path / "t29.xlsx",
        victims=[["F", 71, "Mother", "white british", "British", "Christian", "Heterosexual", "No"]],
    )
    parsed = parse_file(path, csps=csps)
    said = "\n".join(parsed.warnings)
    for written, label in (("F", "Female"), ("Mother", "Parent")):
        assert f"'{written}' read as '{label}" in said, said


def _save(rows: list[list], path: Path, title: str = "DHR data") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def template_29(
    path: Path,
    *,
    victims: list[list] | None = None,
    perpetrator: list | None = None,
    general: list | None = None,
    case: list[tuple[str, object]] | None = None,
    printed_section_words: str = "own row",
) -> Path:
    """Template 29 on one sheet. `printed_section_words`: 'own row' (a row 'Gender | Perpetrator' above
    the answers, as dc01), 'overwritten' (the officer typed over 'Perpetrator' and 'General'), or
    'beside' (answers written in column C, beside the printed section word)."""
    victims = victims or [["Female", 34, "Wife", "White British", "British", "None", "Heterosexual", "No"]]
    perpetrator = perpetrator or [
        "Male",
        40,
        "Husband",
        "White British",
        "British",
        "None",
        "Straight",
        "No",
        "Convicted of murder",
    ]
    general = general or ["20/02/2023", "Shared home", "Sharp instrument", 0]
    rows: list[list] = [
        ["DOMESTIC HOMICIDE REVIEW – HOME OFFICE DATA COLLECTION"],
        ["This form is not for publication – for Home Office data collection only."],
        [],
    ]
    rows += [[label, value] for label, value in (CASE_BLOCK if case is None else case)]
    rows.append([])
    headings = ["Victim"] if len(victims) == 1 else [f"Victim {i}" for i in range(1, len(victims) + 1)]
    rows.append(["(Please include information for all victims)", *headings])
    rows += [[label, *(v[i] for v in victims)] for i, label in enumerate(VICTIM_LABELS)]
    rows.append([])
    for block, labels, values, word in (
        (1, PERPETRATOR_LABELS, perpetrator, "Perpetrator"),
        (2, GENERAL_LABELS, general, "General"),
    ):
        first, *others = list(zip(labels, values, strict=True))
        if printed_section_words == "own row":
            rows.append([first[0], word])
            rows.append(list(first))
        elif printed_section_words == "overwritten":
            rows.append(list(first))
        else:
            rows.append([first[0], word, first[1]])
        rows += [[label, value] for label, value in others]
        if block == 1:
            rows.append([])
    return _save(rows, path)


def per_person_workbook(
    path: Path, people: list[list], *, header: list[str] | None = None, case: list[tuple[str, object]] | None = None
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Case details"
    for label, value in CASE_BLOCK if case is None else case:
        ws.append([label, value])
    ws.append(["Date of homicide", "20/02/2023"])
    people_ws = wb.create_sheet("People")
    people_ws.append(header or ["Role", "Sex", "Age", "Relationship", "Ethnicity", "Notes"])
    for row in people:
        people_ws.append(row)
    wb.save(path)
    return path


def _by_number(rows: list[dict]) -> dict[int, dict]:
    return {r["person_number"]: r for r in rows}


# --------------------------------------------------------------------------------------------
# Template 29: one sheet of label / value blocks
# --------------------------------------------------------------------------------------------
def test_template_29_single_sheet_with_two_victims_side_by_side(tmp_path, csps):
    path = template_29(
        tmp_path / "t29.xlsx",
        victims=[
            ["Female", 71, "Mother", "White British", "British", "Christian", "Heterosexual", "No"],
            ["Female", 44, "Sister", "White British", "British", "None", "Heterosexual", "No"],
        ],
        perpetrator=[
            "Male",
            46,
            "Son (of victim 1); brother (of victim 2)",
            "White British",
            "British",
            "None",
            "Heterosexual",
            "No",
            "Manslaughter by reason of diminished responsibility",
        ],
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert (parsed.form_type, parsed.csp_code, parsed.dhr_reference) == (
        "data_capture",
        "E22000143",
        "MCSP DHR 2023/01",
    )
    assert parsed.record_counts() == {"cases": 1, "victims": 2, "perpetrators": 1}
    victims = _by_number(parsed.rows["data_capture__victims"])
    assert [(v["sex"], v["age"], v["relationship"], v["religion"]) for v in victims.values()] == [
        ("female", 71, "parent", "christian"),
        ("female", 44, "sibling", "no_religion"),
    ]
    [perpetrator] = parsed.rows["data_capture__perpetrators"]
    assert (perpetrator["sex"], perpetrator["age"], perpetrator["relationship"], perpetrator["verdict"]) == (
        "male",
        46,
        "child",
        "manslaughter_diminished",
    )
    assert perpetrator["as_written"]["relationship"] == "Son (of victim 1); brother (of victim 2)"
    [case] = parsed.rows["data_capture__cases"]
    assert (case["death_date"], case["place_of_death"], case["method"], case["children_in_household"]) == (
        date(2023, 2, 20),
        "shared_home",
        "sharp_instrument",
        0,
    )
    assert (case["ho_notified_date"], case["csp_source"], case["dhr_reference_source"]) == (
        date(2023, 6, 12),
        "labelled",
        "labelled",
    )
    assert (case["notification_date"], case["decision"], case["death_type"]) == (None, None, None)
    assert parsed.rows["data_capture__children"] == []
    assert (
        "t29.xlsx, sheet 'DHR data', row 26, 'Relationship to victim': 'Son (of victim 1); brother (of victim "
        "2)' read as 'Son or daughter'" in parsed.warnings
    )


def test_a_second_victim_is_named_in_messages_about_its_column(tmp_path, csps):
    path = template_29(
        tmp_path / "t29.xlsx",
        victims=[
            ["Female", 71, "Mother", "White British", "British", "Christian", "Heterosexual", "No"],
            ["Female", 44, "Sister", "White British", "British", "None", "Heterosexual", "Partly – arthritis"],
        ],
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert beyond_mappings(parsed.warnings) == [
        "t29.xlsx, sheet 'DHR data', row 21, 'Disability (Victim 2)': 'Partly – arthritis' "
        "is not one of the choices: kept as written, and not counted"
    ]


@pytest.mark.parametrize("printed_section_words", ["overwritten", "beside"])
def test_blank_printed_template_29_filled_in_around_its_section_words(tmp_path, csps, printed_section_words):
    # The printed template puts 'Perpetrator' and 'General' in the value column of the first row of
    # their blocks; officers type over them or write beside them.
    path = template_29(tmp_path / "t29.xlsx", printed_section_words=printed_section_words)
    parsed = parse_file(path, csps=csps)
    assert (parsed.errors, beyond_mappings(parsed.warnings)) == ([], [])
    [victim] = parsed.rows["data_capture__victims"]
    [perpetrator] = parsed.rows["data_capture__perpetrators"]
    assert (victim["sex"], victim["age"], victim["relationship"]) == ("female", 34, "spouse_or_civil_partner")
    assert (perpetrator["sex"], perpetrator["age"], perpetrator["sexual_orientation"]) == ("male", 40, "heterosexual")
    assert parsed.rows["data_capture__cases"][0]["death_date"] == date(2023, 2, 20)


def test_template_29_without_sex_or_age_is_loaded_with_a_warning(tmp_path, csps):
    path = template_29(
        tmp_path / "t29.xlsx", victims=[[None, None, "Wife", "White British", "British", "None", "Heterosexual", "No"]]
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert beyond_mappings(parsed.warnings) == [
        "t29.xlsx, sheet 'DHR data', row 13: no sex (gender) or age is given for victim 1: loaded without it"
    ]
    [victim] = parsed.rows["data_capture__victims"]
    assert (victim["person_number"], victim["sex"], victim["age"]) == (1, None, None)


def test_csp_taken_from_the_file_name_when_not_filled_in(tmp_path, csps):
    case = [("Community Safety Partnership", None), *CASE_BLOCK[1:]]
    parsed = parse_file(template_29(tmp_path / "Medway DHR data form.xlsx", case=case), csps=csps)
    assert parsed.errors == []
    assert parsed.csp_code == "E22000143"
    assert parsed.inferred == {"csp": ("E22000143", "file name")}
    assert parsed.rows["data_capture__cases"][0]["csp_source"] == "file name"
    assert parsed.warnings[0].startswith(
        "Medway DHR data form.xlsx: the Community Safety Partnership is not filled in: taken from the file name"
    )


def test_no_csp_anywhere_is_rejected_with_that_fix_first(tmp_path, csps):
    case = [label_value for label_value in CASE_BLOCK if label_value[0] != "Community Safety Partnership"]
    parsed = parse_file(
        template_29(tmp_path / "form.xlsx", case=case, victims=[["Female", 150, "Wife", "", "", "", "", ""]]), csps=csps
    )
    assert parsed.errors[0] == (
        "form.xlsx: no Community Safety Partnership is named anywhere in the file: write the "
        "partnership's name beside 'Community Safety Partnership', as on the Home Office "
        "data collection form"
    )
    assert len(parsed.errors) == 2  # and the age


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"victims": [["Female", 150, "Wife", "", "", "", "", ""]]},
            "row 15, 'Age at time of incident': 150 is not an age in years (0 to 120)",
        ),
        (
            {"general": ["20/02/2099", "Shared home", "Sharp instrument", 0]},
            "'Date of homicide': 20/02/2099 is in the future: check the date",
        ),
        (
            {"general": ["20/07/2023", "Shared home", "Sharp instrument", 0]},
            "'Date of homicide': 20/07/2023 is after the date the Home Office was first notified (12/06/2023)",
        ),
        (
            {"case": [*CASE_BLOCK[:2], ("Police Force", "Merseyside Police"), *CASE_BLOCK[3:]]},
            "'Police Force': 'Merseyside Police' does not match the CSP: Medway is in the Kent police force area",
        ),
    ],
    ids=["age-150", "future-death", "death-after-home-office-notified", "police-force-of-another-area"],
)
def test_the_impossible_is_still_rejected_on_template_29(tmp_path, csps, change, message):
    parsed = parse_file(template_29(tmp_path / "t29.xlsx", **change), csps=csps)
    assert len(parsed.errors) == 1 and message in parsed.errors[0], parsed.errors


# --------------------------------------------------------------------------------------------
# One row per person
# --------------------------------------------------------------------------------------------
def test_one_row_per_person_sheet_with_a_role_column_and_several_of_each(tmp_path, csps):
    path = per_person_workbook(
        tmp_path / "people.xlsx",
        [
            ["Victim 1", "F", "29", "Partner (cohabiting)", "white british", "seen by GP"],
            ["Victim 2", "female", 3, "Daughter", "White British", None],
            ["Perpetrator", "male", "31", "partner", "White - British", None],
            ["Perpetrator 2", "M", 52, "Father", "N/K", None],
        ],
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert parsed.record_counts() == {"cases": 1, "victims": 2, "perpetrators": 2}
    victims = _by_number(parsed.rows["data_capture__victims"])
    perpetrators = _by_number(parsed.rows["data_capture__perpetrators"])
    assert [(v["sex"], v["age"], v["relationship"], v["ethnicity"]) for v in victims.values()] == [
        ("female", 29, "partner", "white_british"),
        ("female", 3, "child", "white_british"),
    ]
    assert [(p["sex"], p["age"], p["relationship"], p["ethnicity"]) for p in perpetrators.values()] == [
        ("male", 31, "partner", "white_british"),
        ("male", 52, "parent", "not_known"),
    ]
    assert beyond_mappings(parsed.warnings) == [
        "people.xlsx, sheet 'People', row 1: the column 'Notes' (column F) is not on the Home "
        "Office data collection form and was not read"
    ]


def test_separate_victims_and_perpetrators_sheets_with_loose_headings(tmp_path, csps):
    wb = Workbook()
    ws = wb.active
    ws.title = "Case"
    for label, value in CASE_BLOCK:
        ws.append([label, value])
    victims = wb.create_sheet("Victim details")
    victims.append(["Gender", "Age at death", "Relationship to the perpetrator", "Religion or belief"])
    victims.append(["Female", 44, "Ex-partner", "Muslim"])
    perpetrators = wb.create_sheet("Perpetrator")
    perpetrators.append(["Gender", "Age", "Relationship to the victim", "Verdict"])
    perpetrators.append(["Male", 47, "Ex-husband", "Murder"])
    children = wb.create_sheet("Children in household")
    children.append(["Child", "Age", "Relationship"])
    children.append(["Child 1", 12, "Child of victim only"])
    wb.save(tmp_path / "loose.xlsx")
    parsed = parse_file(tmp_path / "loose.xlsx", csps=csps)
    assert (parsed.errors, beyond_mappings(parsed.warnings)) == ([], [])
    [victim] = parsed.rows["data_capture__victims"]
    [perpetrator] = parsed.rows["data_capture__perpetrators"]
    [child] = parsed.rows["data_capture__children"]
    assert (victim["age"], victim["relationship"], victim["religion"]) == (44, "ex_spouse_or_ex_partner", "muslim")
    assert (perpetrator["relationship"], perpetrator["verdict"]) == ("ex_spouse_or_ex_partner", "murder")
    assert (child["person_number"], child["age"], child["relationship"]) == (1, 12, "child_of_victim")


def test_risk_factor_questions_are_matched_to_the_annex_a_factors(tmp_path, csps):
    path = per_person_workbook(
        tmp_path / "risk.xlsx",
        [["Victim", "F", 30, "Wife", "White British", None]],
        header=["Role", "Sex", "Age", "Relationship", "Ethnicity", "Pseudonym"],
    )
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.create_sheet("Risk factors")
    for row in (
        ["Question", "Victim", "Perpetrator"],
        ["Stalking", "yes - see report", "n/a"],
        ["Alcohol misuse", "N/K", "Y"],
        ["Referred to MARAC", "Yes x1 (2021)", "n/a"],
        ["Owned a dog", "Yes", "No"],
        ["Mental ill-health", "anxiety (GP)", "unknown"],
    ):
        ws.append(row)
    wb.save(path)
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    analysis = {(r["factor_code"], r["subject_type"]): r["answer"] for r in parsed.rows["data_capture__analysis"]}
    assert analysis == {
        ("agg_stalking", "victim"): "yes",
        ("vul_alcohol_misuse", "victim"): "not_known",
        ("vul_alcohol_misuse", "perpetrator"): "yes",
        ("vul_mental_ill_health", "victim"): None,
        ("vul_mental_ill_health", "perpetrator"): "not_known",
    }
    assert [(r["agency_code"], r["answer"]) for r in parsed.rows["data_capture__agency_contact"]] == [("marac", "yes")]
    assert (
        "risk.xlsx, sheet 'Risk factors', row 5: 'Owned a dog' is not a question on the Home Office data "
        "collection form: its answers were not read" in parsed.warnings
    )
    assert (
        "risk.xlsx, sheet 'Risk factors', row 6, 'Victim': 'anxiety (GP)' is not Yes, No or Not known: kept as "
        "written, and not counted" in parsed.warnings
    )


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------
def test_every_layout_is_detected_as_a_data_capture_form_and_an_action_plan_is_not(tmp_path):
    from ingest_builders import write_action_plan_xlsx

    for path in (
        template_29(tmp_path / "a.xlsx"),
        per_person_workbook(tmp_path / "b.xlsx", [["Victim", "F", 3]]),
        write_data_capture_xlsx(tmp_path / "c.xlsx"),
    ):
        assert looks_like_data_capture(open_form_file(path).grids), path.name
    assert not looks_like_data_capture(open_form_file(write_action_plan_xlsx(tmp_path / "plan.xlsx")).grids)


# --------------------------------------------------------------------------------------------
# This project's workbook: zero warnings, and what used to be rejected is accepted with warnings
# --------------------------------------------------------------------------------------------
def test_the_projects_own_workbook_loads_with_zero_warnings(tmp_path, csps):
    from test_ingest_roundtrip import data_capture_record

    from dhr import forms

    for path in (
        write_data_capture_xlsx(tmp_path / "built.xlsx"),
        forms.write_data_capture(tmp_path / "written.xlsx", data_capture_record()),
    ):
        parsed = parse_file(path, csps=csps)
        assert (parsed.errors, parsed.warnings, parsed.inferred) == ([], [], {}), path.name
        [case] = parsed.rows["data_capture__cases"]
        assert (case["csp_source"], case["dhr_reference_source"]) == ("labelled", "labelled")


@pytest.mark.parametrize(
    ("name", "make", "warning"),
    [
        (
            "data-capture-sheet-missing",
            lambda folder: write_data_capture_xlsx(
                folder / "dc.xlsx", sheets=["Case", "Victims", "Perpetrators", "Children", "Analysis", "Agency contact"]
            ),
            "dc.xlsx: the sheet 'Equality' is not in the workbook, so no protected characteristic answers were loaded",
        ),
        (
            "invalid-decision-code",
            lambda folder: write_data_capture_xlsx(folder / "dc.xlsx", case=case_values(Decision="Maybe")),
            "dc.xlsx, sheet 'Case', row 9, 'Decision': 'Maybe' is not one of the choices: kept as written, and not counted",
        ),
        (
            "month-for-an-exact-date",
            lambda folder: write_data_capture_xlsx(
                folder / "dc.xlsx", case=case_values(**{"Date of death": "February 2021"})
            ),
            "dc.xlsx, sheet 'Case', row 11, 'Date of death': 'February 2021' gives a month, not a day: read as February 2021",
        ),
        (
            "blank-required-grid-answer",
            lambda folder: write_data_capture_xlsx(
                folder / "dc.xlsx",
                answers={
                    "analysis": {
                        k: v
                        for k, v in grid_answers("analysis").items()
                        if k != (analysis_factors()[0]["factor_code"], "victim")
                    }
                },
            ),
            f"dc.xlsx, sheet 'Analysis', row 4, 'Victim': '{analysis_factors()[0]['label']}' is not answered: answer Yes, "
            "No or Not known",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and "-" in v and " " not in v else "",
)
def test_what_used_to_be_rejected_is_accepted_with_warnings(tmp_path, reference_dir, name, make, warning):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = make(inbox)
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    [result] = ingest_paths([path], warehouse, reference_dir=reference_dir)
    assert result.status == "accepted", result.errors
    assert result.errors == []
    assert any(w.startswith(warning) for w in result.warnings), result.warnings
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.data_capture__cases").fetchone()[0] == 1


# --------------------------------------------------------------------------------------------
# The real-world-style sample (../shared/realworld): one test per data capture file
# --------------------------------------------------------------------------------------------
def _expected(name: str) -> dict:
    return json.loads((REALWORLD / "expected.json").read_text(encoding="utf-8"))[name]


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not here")
@pytest.mark.parametrize("name", ["dc01_herefordshire_two_victims.xlsx", "dc03_banes_free_text_codes.xlsx"])
def test_realworld_data_capture_form_is_read_as_expected(name):
    from ingest.csp_names import csp_directory

    expected = _expected(name)
    csps = csp_directory()
    parsed = parse_file(REALWORLD / name)
    assert parsed.errors == []
    assert ("accepted" if parsed.accepted else "rejected") == expected["status"]
    assert parsed.form_type == expected["form_type"]
    assert parsed.dhr_reference == expected["dhr_reference"]
    assert parsed.csp_code == csps.resolve(expected["csp"])
    counts = parsed.record_counts()
    for kind in ("victims", "perpetrators", "children"):
        assert counts.get(kind, 0) == expected[kind], kind


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not here")
def test_realworld_free_text_codes_are_mapped_or_kept_as_written():
    parsed = parse_file(REALWORLD / "dc03_banes_free_text_codes.xlsx")
    [victim] = parsed.rows["data_capture__victims"]
    [perpetrator] = parsed.rows["data_capture__perpetrators"]
    assert (victim["sex"], victim["ethnicity"], victim["religion"]) == ("female", "white_british", "no_religion")
    assert (perpetrator["nationality"], perpetrator["religion"], perpetrator["sexual_orientation"]) == (
        "british",
        "not_known",
        "heterosexual",
    )
    assert perpetrator["disability"] is None and perpetrator["as_written"]["disability"] == "ADHD (undiagnosed?)"
    answers = {(r["factor_code"], r["subject_type"]): r["answer"] for r in parsed.rows["data_capture__analysis"]}
    assert answers[("agg_separation", "victim")] == "yes"
    assert answers[("agg_stalking", "victim")] == "not_known"
    assert answers[("vul_substance_misuse", "perpetrator")] is None  # 'cannabis daily', kept as written
    assert answers[("child_known_to_csc", "children")] == "yes"
    assert any("'cannabis daily' is not Yes, No or Not known: kept as written" in w for w in parsed.warnings)
