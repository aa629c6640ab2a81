"""Data capture workbooks: case, people and grid rows with lineage; every validation rule."""

from __future__ import annotations

from datetime import date

from ingest_builders import case_values, grid_answers, person_rows, write_data_capture_xlsx

from form_contract.code_lists import agencies, analysis_factors, asked_subjects, protected_characteristics
from ingest.parse import parse_file


def test_workbook_parsed_into_rows_for_every_table(tmp_path, csps):
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx"), sha256="abc", csps=csps)
    assert parsed.errors == []
    assert parsed.form_type == "data_capture"
    assert (parsed.csp_code, parsed.dhr_reference) == ("E22000143", "DHR/2021/03")

    asked_analysis = sum(len(asked_subjects(r)) for r in analysis_factors())
    asked_agencies = sum(len(asked_subjects(r)) for r in agencies())
    assert parsed.record_counts() == {
        "cases": 1,
        "victims": 1,
        "perpetrators": 1,
        "children": 2,
        "analysis_answers": asked_analysis,
        "agency_contacts": asked_agencies,
        "equality_answers": 2 * len(protected_characteristics()),
    }

    [case] = parsed.rows["data_capture__cases"]
    assert case["csp_code"] == "E22000143" and case["csp_name"] == "Medway"
    assert case["notification_date"] == date(2021, 3, 1)
    assert (case["decision"], case["death_type"]) == ("commissioned", "domestic_homicide")
    assert case["children_in_household"] == 2 and case["ho_notified_date"] is None
    assert (case["source_sheet"], case["source_row"], case["file_sha256"]) == ("Case", 4, "abc")

    [victim] = parsed.rows["data_capture__victims"]
    assert (victim["person_number"], victim["sex"], victim["age"], victim["relationship"], victim["ethnicity"]) == (
        1,
        "female",
        34,
        "spouse_or_civil_partner",
        "not_known",
    )
    assert (victim["source_sheet"], victim["source_row"]) == ("Victims", 4)
    [perpetrator] = parsed.rows["data_capture__perpetrators"]
    assert perpetrator["age"] == 40 and perpetrator["verdict"] == "murder"
    children = parsed.rows["data_capture__children"]
    assert [(c["person_number"], c["age"], c["sex"], c["source_row"]) for c in children] == [
        (1, 5, "female", 4),
        (2, 7, None, 5),
    ]

    first = parsed.rows["data_capture__analysis"][0]
    factor = analysis_factors()[0]
    assert first == {
        "source_sheet": "Analysis",
        "source_row": 4,
        "factor_code": factor["factor_code"],
        "subject_type": asked_subjects(factor)[0],
        "answer": "yes",
        "file_sha256": "abc",
    }
    assert {r["subject_type"] for r in parsed.rows["data_capture__equality"]} == {"victim", "perpetrator"}


def test_blank_dhr_reference_is_the_one_error(tmp_path, csps):
    case = case_values(**{"Local DHR reference": None})
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", case=case), csps=csps)
    assert parsed.errors == [
        "dc.xlsx, sheet 'Case', row 5, 'Local DHR reference': required, but the cell is blank: "
        "write the reference the partnership uses for this review"
    ]


def test_fields_not_on_the_home_office_form_are_not_required(tmp_path, csps):
    # The Home Office data collection form (004 Template 29) has no notification date, decision,
    # death type or pseudonym: a form without them is loaded, with nothing to warn about.
    case = case_values()
    for label in ("Date CSP notified of the death", "Decision", "Death type", "Victim pseudonym"):
        del case[label]
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", case=case), csps=csps)
    assert (parsed.errors, parsed.warnings) == ([], [])
    [row] = parsed.rows["data_capture__cases"]
    assert (row["notification_date"], row["decision"], row["death_type"]) == (None, None, None)


def test_missing_reference_label_says_where_to_add_it(tmp_path, csps):
    case = case_values()
    del case["Local DHR reference"]
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", case=case), csps=csps)
    assert parsed.errors == [
        "dc.xlsx: no Local DHR Reference: add it beside 'Local DHR Reference', as on the Home "
        "Office data collection form"
    ]


def test_blank_grid_answer_for_an_asked_subject_is_a_warning(tmp_path, csps):
    answers = grid_answers("analysis")
    factor = analysis_factors()[0]
    del answers[(factor["factor_code"], "victim")]
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", answers={"analysis": answers}), csps=csps)
    assert parsed.errors == []
    assert parsed.warnings == [
        f"dc.xlsx, sheet 'Analysis', row 4, 'Victim': '{factor['label']}' is not answered: answer Yes, No or Not known"
    ]


def test_grid_answers_accept_synonyms_and_na(tmp_path, csps):
    answers = {
        key: ("Y" if i % 3 == 0 else "not known" if i % 3 == 1 else "n/a")
        for i, key in enumerate(grid_answers("agency_contact"))
    }
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", answers={"agency_contact": answers}), csps=csps)
    assert parsed.errors == []
    got = {(r["agency_code"], r["subject_type"]): r["answer"] for r in parsed.rows["data_capture__agency_contact"]}
    expected = {key: {"Y": "yes", "not known": "not_known"}[value] for key, value in answers.items() if value != "n/a"}
    assert got == expected


def test_a_question_left_out_of_the_grid_is_a_warning(tmp_path, csps):
    factor = analysis_factors()[1]
    path = write_data_capture_xlsx(tmp_path / "dc.xlsx", drop_grid_rows={"analysis": {factor["factor_code"]}})
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert parsed.warnings == [
        f"dc.xlsx, sheet 'Analysis': the question '{factor['label']}' is not on this sheet, so it has no answer"
    ]


def test_unknown_grid_ref_is_a_warning(tmp_path, csps):
    from openpyxl import load_workbook

    path = write_data_capture_xlsx(tmp_path / "dc.xlsx")
    wb = load_workbook(path)
    ws = wb["Equality"]
    ws.cell(ws.max_row + 1, 1, "star_sign")
    ws.cell(ws.max_row, 3, "Yes")
    wb.save(path)
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert parsed.warnings == [
        f"dc.xlsx, sheet 'Equality', row {ws.max_row}: 'star_sign' is not a protected "
        "characteristic on the Home Office data collection form: its answers were not read"
    ]


def test_people_validation_ages_codes_and_numbers(tmp_path, csps):
    victims = [
        *person_rows("victims"),
        {
            "Victim": 1,
            "Sex": "F",
            "Age at time of incident": 130,
            "Relationship to perpetrator": "Partner (not married)",
        },
    ]
    perpetrators = [
        {"Perpetrator": 1, "Sex": "Male", "Age at time of incident": 40.5, "Relationship to victim": "Neighbour"}
    ]
    children = [{"Child": 1, "Age at time of incident": 5}]
    path = write_data_capture_xlsx(
        tmp_path / "dc.xlsx", people={"victims": victims, "perpetrators": perpetrators, "children": children}
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == [
        "dc.xlsx, sheet 'Victims', row 5, 'Victim': victim 1 is listed twice (rows 4 and 5)",
        "dc.xlsx, sheet 'Victims', row 5, 'Age at time of incident': 130 is not an age in years (0 to 120)",
        "dc.xlsx, sheet 'Perpetrators', row 4, 'Age at time of incident': '40.5' is not a whole number",
    ]
    assert (
        "dc.xlsx, sheet 'Perpetrators', row 4, 'Relationship to victim': 'Neighbour' is not one of the choices: "
        "kept as written, and not counted" in parsed.warnings
    )


def test_no_victims_is_a_warning(tmp_path, csps):
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", people={"victims": []}), csps=csps)
    assert parsed.errors == []
    assert parsed.warnings == [
        "dc.xlsx: no victims are listed: the form was loaded without them. Add each victim "
        "(gender, age, relationship to the perpetrator, ...) and send the form again"
    ]


def test_police_force_must_cover_the_csp(tmp_path, csps):
    path = write_data_capture_xlsx(
        tmp_path / "dc.xlsx", case=case_values(**{"Police force": "Metropolitan Police Service"})
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == [
        "dc.xlsx, sheet 'Case', row 6, 'Police force': 'Metropolitan Police Service' does not "
        "match the CSP: Medway is in the Kent police force area"
    ]


def test_missing_sheet_is_a_warning(tmp_path, csps):
    path = write_data_capture_xlsx(
        tmp_path / "dc.xlsx", sheets=["Case", "Victims", "Perpetrators", "Children", "Analysis", "Equality"]
    )
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert parsed.warnings == [
        "dc.xlsx: the sheet 'Agency contact' is not in the workbook, so no agency answers were loaded"
    ]


def test_csp_written_as_alias_or_code(tmp_path, csps):
    for written in ("Medway Community Safety Partnership", "E22000143", "the medway csp"):
        parsed = parse_file(
            write_data_capture_xlsx(
                tmp_path / "dc.xlsx", case=case_values(**{"Community Safety Partnership": written})
            ),
            csps=csps,
        )
        assert parsed.errors == [] and parsed.csp_code == "E22000143", written


def test_dates_written_as_text_and_impossible_dates(tmp_path, csps):
    case = case_values(
        **{
            "Date CSP notified of the death": "1 March 2021",
            "Date DHR commenced": "31/04/2021",
            "Date report completed": "30.9.22",
        }
    )
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", case=case), csps=csps)
    assert parsed.errors == ["dc.xlsx, sheet 'Case', row 13, 'Date DHR commenced': '31/04/2021' is not a real date"]
    parsed_ok = parse_file(
        write_data_capture_xlsx(
            tmp_path / "ok.xlsx",
            case=case_values(**{"Date CSP notified of the death": "1 March 2021", "Date report completed": "30.9.22"}),
        ),
        csps=csps,
    )
    assert parsed_ok.errors == []
    [case_row] = parsed_ok.rows["data_capture__cases"]
    assert (case_row["notification_date"], case_row["completed_date"]) == (date(2021, 3, 1), date(2022, 9, 30))
