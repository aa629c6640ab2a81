"""Filled forms: a record written and re-read with openpyxl / python-docx shows its values where design.md says."""

from __future__ import annotations

from datetime import date, datetime

import docx
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from dhr.forms import write_action_plan, write_data_capture, write_scoping_review
from form_contract.code_lists import analysis_factors
from form_contract.records import (
    Action,
    ActionPlan,
    Child,
    DataCaptureForm,
    EarlyAction,
    Person,
    Recommendation,
    ScopingReview,
)
from form_contract.spec import ACTION_FIELDS, ACTION_PLAN_HEADER_FIELDS, CHILD_FIELDS, PERPETRATOR_FIELDS, VICTIM_FIELDS


def _form() -> DataCaptureForm:
    return DataCaptureForm(
        csp_name="Exampleshire Community Safety Partnership",
        dhr_reference="DHR 2021-03",
        force_area_name="Exampleshire",
        victim_pseudonym="Alice",
        review_chair_name="Independent Chair CH-0412",
        report_author_name="Independent Author AU-0077",
        notification_date=date(2021, 3, 4),
        scoping_submitted_date=date(2021, 3, 30),
        decision="commissioned",
        death_type="domestic_homicide",
        completed_date=date(2022, 5, 31),
        submitted_date=date(2022, 6, 15),
        delay_reason="criminal_proceedings",
        place_of_death="shared_home",
        place_of_death_detail="Kitchen of the shared address",
        method="sharp_instrument",
        children_in_household=2,
        victims=[
            Person(
                1,
                pseudonym="Alice",
                sex="female",
                age=47,
                relationship="spouse_or_civil_partner",
                ethnicity="white_british",
                disability="not_known",
                pregnancy_maternity="no",
            )
        ],
        perpetrators=[
            Person(
                1,
                pseudonym="Brian",
                sex="male",
                age=51,
                relationship="spouse_or_civil_partner",
                ethnicity="white_british",
                verdict="murder",
            ),
            Person(2, pseudonym="Colin", sex="male", age=23, relationship="child", verdict="awaiting_trial"),
        ],
        children=[
            Child(1, age=12, sex="female", relationship="child_of_both"),
            Child(2, age=7, relationship="child_of_victim"),
        ],
        analysis={
            ("agg_coercive_control", "victim"): "yes",
            ("mh_diagnosed", "perpetrator"): "not_known",
            ("child_present_at_death", "children"): "no",
        },
        agency_contact={("police", "victim"): "yes", ("marac", "victim"): "no", ("gp_primary_care", "children"): "yes"},
        equality={("sex", "victim"): "yes", ("age", "perpetrator"): "no"},
    )


def _case_values(ws) -> dict[str, object]:
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)}


def test_data_capture_filled_values(tmp_path):
    path = write_data_capture(tmp_path / "form.xlsx", _form())
    wb = openpyxl.load_workbook(path)
    ws = wb["Case"]
    assert ws["A2"].value == "OFFICIAL-SENSITIVE"
    values = _case_values(ws)
    assert values["Community Safety Partnership"] == "Exampleshire Community Safety Partnership"
    assert values["Local DHR reference"] == "DHR 2021-03"
    assert values["Police force"] == "Exampleshire"
    assert values["Decision"] == "DHR commissioned"
    assert values["Death type"] == "Domestic homicide"
    assert values["Main reason for delay"] == "Criminal proceedings"
    assert values["Place of death"] == "Shared home"
    assert values["Method of killing"] == "Sharp instrument"
    assert values["Number of children in household"] == 2
    assert values["Date CSP notified of the death"] == datetime(2021, 3, 4)
    assert values["Date published"] is None
    assert values["Name of review panel chair"] == "Independent Chair CH-0412"
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Date submitted to Home Office")
    assert ws.cell(row=row, column=2).number_format == "dd/mm/yyyy"
    assert ws.cell(row=row, column=2).is_date

    victims = wb["Victims"]
    vcol = {f.name: i for i, f in enumerate(VICTIM_FIELDS, start=1)}
    assert victims.cell(row=4, column=vcol["person_number"]).value == 1
    assert victims.cell(row=4, column=vcol["sex"]).value == "Female"
    assert victims.cell(row=4, column=vcol["age"]).value == 47
    assert victims.cell(row=4, column=vcol["relationship"]).value == "Spouse or civil partner"
    assert (
        victims.cell(row=4, column=vcol["ethnicity"]).value
        == "White: English, Welsh, Scottish, Northern Irish or British"
    )
    assert victims.cell(row=4, column=vcol["disability"]).value == "Not known"
    assert victims.cell(row=4, column=vcol["nationality"]).value is None
    assert victims.max_row == 4

    perps = wb["Perpetrators"]
    pcol = {f.name: i for i, f in enumerate(PERPETRATOR_FIELDS, start=1)}
    assert [perps.cell(row=r, column=pcol["pseudonym"]).value for r in (4, 5)] == ["Brian", "Colin"]
    assert perps.cell(row=4, column=pcol["verdict"]).value == "Convicted of murder"
    assert perps.cell(row=5, column=pcol["relationship"]).value == "Son or daughter"

    children = wb["Children"]
    ccol = {f.name: i for i, f in enumerate(CHILD_FIELDS, start=1)}
    assert [children.cell(row=r, column=ccol["age"]).value for r in (4, 5)] == [12, 7]
    assert children.cell(row=4, column=ccol["relationship"]).value == "Child of victim and perpetrator"
    assert children.cell(row=5, column=ccol["sex"]).value is None

    analysis = wb["Analysis"]
    rows = {analysis.cell(row=r, column=1).value: r for r in range(4, analysis.max_row + 1)}
    assert analysis.cell(row=rows["agg_coercive_control"], column=4).value == "Yes"
    assert analysis.cell(row=rows["agg_separation"], column=4).value is None
    assert analysis.cell(row=rows["mh_diagnosed"], column=5).value == "Not known"
    assert analysis.cell(row=rows["child_present_at_death"], column=6).value == "No"
    assert analysis.cell(row=rows["child_present_at_death"], column=4).value == "n/a"
    assert len(rows) == len(analysis_factors())

    agency = wb["Agency contact"]
    rows = {agency.cell(row=r, column=1).value: r for r in range(4, agency.max_row + 1)}
    assert agency.cell(row=rows["police"], column=3).value == "Yes"
    assert agency.cell(row=rows["marac"], column=3).value == "No"
    assert agency.cell(row=rows["marac"], column=4).value == "n/a"
    assert agency.cell(row=rows["gp_primary_care"], column=5).value == "Yes"

    equality = wb["Equality"]
    rows = {equality.cell(row=r, column=1).value: r for r in range(4, equality.max_row + 1)}
    assert equality.cell(row=rows["sex"], column=3).value == "Yes"
    assert equality.cell(row=rows["age"], column=4).value == "No"


def test_data_capture_same_record_same_bytes(tmp_path):
    one = write_data_capture(tmp_path / "1.xlsx", _form()).read_bytes()
    two = write_data_capture(tmp_path / "2.xlsx", _form()).read_bytes()
    assert one == two
    wb = openpyxl.load_workbook(tmp_path / "1.xlsx")
    assert wb.properties.created == datetime(2022, 6, 15, 9, 0)  # latest process date on the form
    assert wb.properties.modified == datetime(2022, 6, 15, 9, 0)


def _review() -> ScopingReview:
    return ScopingReview(
        csp_name="Exampleshire CSP",
        dhr_reference="DHR/2023/07",
        anonymised_identifier="Bella",
        notification_date=date(2023, 7, 3),
        submitted_date=date(2023, 7, 28),
        decision="commissioned_paused",
        death_type="to_be_determined",
        q1_notification="Notified by the police by email.",
        q4_early_learning="First paragraph of learning.\n\nSecond paragraph of learning.",
        q5_actions_intro="The following actions were agreed.",
        early_actions=[
            EarlyAction("1", "Brief staff on routine enquiry", "ICB", "Staff ask about abuse", date(2023, 12, 31)),
            EarlyAction("2", "Review MARAC referral pathway", None, None, None),
        ],
    )


def test_scoping_review_filled(tmp_path):
    path = write_scoping_review(tmp_path / "scoping.docx", _review())
    doc = docx.Document(path)
    assert doc.paragraphs[1].text == "OFFICIAL-SENSITIVE"
    title = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert title["Community Safety Partnership"] == "Exampleshire CSP"
    assert title["Local DHR reference"] == "DHR/2023/07"
    assert title["Date CSP notified of the death"] == "03/07/2023"
    assert title["Decision"] == "DHR commissioned but paused for criminal proceedings"
    assert title["Death type"] == "Still to be determined"
    # answers under their headings; blank lines split paragraphs
    texts = [(p.style.name, p.text) for p in doc.paragraphs]
    q4 = texts.index(("Heading 2", "4. What is the early learning that has been identified by agencies in this case?"))
    assert texts[q4 + 1] == ("Normal", "First paragraph of learning.")
    assert texts[q4 + 2] == ("Normal", "Second paragraph of learning.")
    assert texts[q4 + 3][0] == "Heading 2"
    actions = doc.tables[1]
    assert [c.text for c in actions.rows[1].cells] == [
        "1",
        "Brief staff on routine enquiry",
        "ICB",
        "Staff ask about abuse",
        "31/12/2023",
    ]
    assert [c.text for c in actions.rows[2].cells] == ["2", "Review MARAC referral pathway", "", "", ""]
    assert len(actions.rows) == 3
    assert doc.core_properties.created.replace(tzinfo=None) == datetime(2023, 7, 28, 9, 0)
    assert write_scoping_review(tmp_path / "again.docx", _review()).read_bytes() == path.read_bytes()


def _plan() -> ActionPlan:
    return ActionPlan(
        dhr_title="DHR into the death of Alice (March 2021)",
        csp_name="Exampleshire CSP",
        dhr_reference="DHR 2021-03",
        governance="Overseen by the CSP board quarterly.",
        as_at_date=date(2024, 3, 31),
        recommendations=[
            Recommendation(
                1,
                "Improve routine enquiry",
                "multi_agency",
                "CSP",
                actions=[
                    Action(
                        "1.1",
                        "Train GP staff",
                        "ICB",
                        "GPs ask about abuse",
                        "Head of Safeguarding",
                        "Training delivered",
                        date(2023, 9, 30),
                        "complete",
                        "Delivered to all practices.",
                        date(2023, 9, 1),
                        "yes",
                    ),
                    Action(
                        "1.2",
                        "Audit enquiry rates",
                        "ICB",
                        "Assurance",
                        "Designated Nurse",
                        None,
                        date(2024, 6, 30),
                        "amber",
                        "Audit tool drafted.",
                    ),
                ],
            ),
            Recommendation(
                2,
                "National guidance on stalking",
                "national",
                "Home Office",
                addressee_notified_date=date(2023, 1, 10),
                response_date=date(2023, 4, 1),
                response="Accepted in part.",
                implementation_status="partly_met",
                actions=[
                    Action(
                        "2.1",
                        "Write to the Home Office",
                        "CSP",
                        "Letter sent",
                        "CSP manager",
                        None,
                        date(2023, 1, 31),
                        "red",
                    )
                ],
            ),
        ],
    )


def test_action_plan_xlsx_filled(tmp_path):
    path = write_action_plan(tmp_path / "plan.xlsx", _plan())
    wb = openpyxl.load_workbook(path)
    ws = wb["Action plan"]
    header = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(2, 2 + len(ACTION_PLAN_HEADER_FIELDS))
    }
    assert header["Progress as at"] == datetime(2024, 3, 31)
    assert header["Local DHR reference"] == "DHR 2021-03"
    table_header = 3 + len(ACTION_PLAN_HEADER_FIELDS)
    col = {f.name: i for i, f in enumerate(ACTION_FIELDS, start=1)}

    def cell(row: int, name: str):
        return ws.cell(row=table_header + row, column=col[name])

    assert [cell(i, "action_number").value for i in (1, 2, 3)] == ["1.1", "1.2", "2.1"]
    assert [cell(i, "status").value for i in (1, 2, 3)] == ["COMPLETE", "AMBER", "RED"]
    assert cell(1, "status").fill.fgColor.rgb.endswith("9DC3E6")
    assert cell(1, "recommendation").value == "Improve routine enquiry"
    assert cell(2, "recommendation").value is None  # merged under 1.1
    assert cell(1, "recommendation_level").value == "Multi-agency"
    assert cell(3, "recommendation_level").value == "National"
    assert cell(1, "completion_date").value == datetime(2023, 9, 1)
    assert cell(1, "completion_date").number_format == "dd/mm/yyyy"
    assert cell(1, "target_date").value == datetime(2023, 9, 30)
    assert cell(1, "outcome_achieved").value == "Yes"
    assert cell(3, "implementation_status").value == "Partly met"
    assert cell(3, "addressee_notified_date").value == datetime(2023, 1, 10)
    merged = {str(m) for m in ws.merged_cells.ranges}
    for name in (
        "recommendation_number",
        "recommendation",
        "recommendation_level",
        "addressee",
        "implementation_status",
    ):
        letter = get_column_letter(col[name])
        assert f"{letter}{table_header + 1}:{letter}{table_header + 2}" in merged, name
    letter = get_column_letter(col["action"])
    assert not any(m.startswith(letter) and ":" in m and m.split(":")[0][len(letter) :].isdigit() for m in merged)
    assert ws.cell(row=table_header + 5, column=1).value == "Key to status"
    assert write_action_plan(tmp_path / "again.xlsx", _plan()).read_bytes() == path.read_bytes()


def test_action_plan_docx_filled(tmp_path):
    path = write_action_plan(tmp_path / "plan.docx", _plan())
    doc = docx.Document(path)
    header = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert header["Progress as at"] == "31/03/2024"
    actions = doc.tables[1]
    names = [f.name for f in ACTION_FIELDS]
    rows = [[tc_text(tc) for tc in r._tr.tc_lst] for r in actions.rows]
    assert [r[names.index("action_number")] for r in rows[1:]] == ["1.1", "1.2", "2.1"]
    assert [r[names.index("status")] for r in rows[1:]] == ["COMPLETE", "AMBER", "RED"]
    assert rows[1][names.index("recommendation")] == "Improve routine enquiry"
    assert rows[2][names.index("recommendation")] == ""
    assert actions.rows[2]._tr.tc_lst[names.index("recommendation")].vMerge == "continue"
    assert rows[1][names.index("completion_date")] == "01/09/2023"
    assert rows[3][names.index("response_date")] == "01/04/2023"
    assert rows[3][names.index("implementation_status")] == "Partly met"
    assert [r.cells[0].text for r in doc.tables[2].rows] == ["RED", "AMBER", "GREEN", "COMPLETE"]
    assert write_action_plan(tmp_path / "again.docx", _plan()).read_bytes() == path.read_bytes()


def tc_text(tc) -> str:
    return "\n".join(
        "".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))) for p in tc.iter(docx.oxml.ns.qn("w:p"))
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_action_plan_recommendation_without_actions(tmp_path, suffix):
    plan = ActionPlan(
        csp_name="X",
        dhr_reference="R1",
        as_at_date=date(2024, 6, 30),
        recommendations=[Recommendation(1, "A recommendation not yet broken into actions")],
    )
    path = write_action_plan(tmp_path / f"plan{suffix}", plan)
    assert path.stat().st_size > 0


def _sheet_values(path):
    ws = openpyxl.load_workbook(path)["Action plan"]
    return [[c.value for c in row] for row in ws.iter_rows()], {str(m) for m in ws.merged_cells.ranges}


def test_action_plan_series_writes_the_same_values(tmp_path):
    from dataclasses import replace

    from dhr.forms import ActionPlanSeries

    first = _plan()
    later = replace(_plan(), as_at_date=date(2024, 6, 30))
    rec1 = later.recommendations[0]
    rec1.actions[1] = replace(
        rec1.actions[1],
        status="complete",
        progress="Audit done.",
        completion_date=date(2024, 6, 1),
        outcome_achieved="partially",
    )
    later.recommendations[1] = replace(later.recommendations[1], implementation_status="fully_implemented")
    reshaped = replace(_plan(), as_at_date=date(2024, 9, 30), recommendations=_plan().recommendations[:1])

    series = ActionPlanSeries()
    for i, plan in enumerate((first, later, reshaped)):
        via_series = series.write(tmp_path / f"series{i}.xlsx", plan)
        direct = write_action_plan(tmp_path / f"direct{i}.xlsx", plan)
        assert _sheet_values(via_series) == _sheet_values(direct), i
    col = {f.name: i for i, f in enumerate(ACTION_FIELDS)}
    values, _ = _sheet_values(tmp_path / "series1.xlsx")
    row = values[3 + len(ACTION_PLAN_HEADER_FIELDS) + 1]  # second action row
    assert row[col["status"]] == "COMPLETE" and row[col["outcome_achieved"]] == "Partially"
    # .docx snapshots are written as usual
    assert (
        series.write(tmp_path / "s.docx", first).read_bytes()
        == write_action_plan(tmp_path / "d.docx", first).read_bytes()
    )
