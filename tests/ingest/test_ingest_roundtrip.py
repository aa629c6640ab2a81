"""Round trips: a record written by `dhr.forms` and ingested comes back as the same raw rows.

The writers and the parsers are built from the same `form_contract.spec`; these tests prove they agree
on the layouts of docs/design.md §1, for .xlsx and .docx.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

forms = pytest.importorskip("dhr.forms")

from form_contract.code_lists import agencies, analysis_factors, asked_subjects, protected_characteristics  # noqa: E402
from form_contract.records import (  # noqa: E402
    Action,
    ActionPlan,
    Child,
    DataCaptureForm,
    EarlyAction,
    Person,
    Recommendation,
    ScopingReview,
)
from form_contract.spec import (  # noqa: E402
    ACTION_PLAN_HEADER_FIELDS,
    DATA_CAPTURE_CASE_FIELDS,
    SCOPING_QUESTIONS,
    SCOPING_TITLE_FIELDS,
)
from ingest.parse import parse_file  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402

LINEAGE = {"file_sha256", "source_sheet", "source_row"}


def _grid(rows, code_column: str) -> dict[tuple[str, str], str]:
    return {(r[code_column], r["subject_type"]): r["answer"] for r in rows}


def _full_grids() -> tuple[dict, dict, dict]:
    answers = ("yes", "no", "not_known")
    analysis = {
        (r["factor_code"], s): answers[i % 3] for i, r in enumerate(analysis_factors()) for s in asked_subjects(r)
    }
    contact = {(r["agency_code"], s): answers[(i + 1) % 3] for i, r in enumerate(agencies()) for s in asked_subjects(r)}
    equality = {
        (r["characteristic_code"], s): answers[(i + 2) % 3]
        for i, r in enumerate(protected_characteristics())
        for s in ("victim", "perpetrator")
    }
    return analysis, contact, equality


def data_capture_record() -> DataCaptureForm:
    analysis, contact, equality = _full_grids()
    return DataCaptureForm(
        csp_name="Medway Community Safety Partnership",
        dhr_reference="DHR 2021-03",
        force_area_name="Kent",
        victim_pseudonym="Alice",
        review_chair_name="Independent Chair CH-0412",
        report_author_name="Independent Author AU-0077",
        notification_date=date(2021, 3, 4),
        ho_notified_date=date(2021, 3, 10),
        scoping_submitted_date=date(2021, 3, 30),
        decision="commissioned",
        death_type="domestic_homicide",
        commenced_date=date(2021, 4, 20),
        completed_date=date(2022, 5, 31),
        submitted_date=date(2022, 6, 15),
        published_date=date(2023, 1, 9),
        delay_reason="criminal_proceedings",
        death_date=date(2021, 2, 27),
        place_of_death="shared_home",
        place_of_death_detail="Kitchen",
        method="sharp_instrument",
        method_detail="Knife",
        children_in_household=2,
        victims=[
            Person(
                1,
                "Alice",
                "female",
                47,
                "spouse_or_civil_partner",
                "white_british",
                "british",
                "citizen",
                "christian",
                "heterosexual",
                "no",
                "no",
                "married_or_civil_partnership",
                "no",
            )
        ],
        perpetrators=[
            Person(1, "Brian", "male", 51, "spouse_or_civil_partner", "white_british", verdict="murder"),
            Person(2, "Colin", "male", 23, "child", verdict="awaiting_trial"),
        ],
        children=[Child(1, 12, "female", "child_of_both"), Child(2, 7, None, "child_of_victim")],
        analysis=analysis,
        agency_contact=contact,
        equality=equality,
    )


def test_data_capture_round_trip(tmp_path, csps):
    record = data_capture_record()
    path = forms.write_data_capture(tmp_path / "dc.xlsx", record)
    parsed = parse_file(path, sha256="s", csps=csps)
    assert parsed.errors == []
    [case] = parsed.rows["data_capture__cases"]
    assert {f.name: case[f.name] for f in DATA_CAPTURE_CASE_FIELDS} == {
        f.name: getattr(record, f.name) for f in DATA_CAPTURE_CASE_FIELDS
    }
    assert case["csp_code"] == "E22000143"

    def people(table: str) -> list[dict]:
        return [{k: v for k, v in row.items() if k not in LINEAGE} for row in parsed.rows[table]]

    victim_fields = set(people("data_capture__victims")[0])
    assert people("data_capture__victims") == [
        {k: v for k, v in dataclasses.asdict(p).items() if k in victim_fields} for p in record.victims
    ]
    assert people("data_capture__perpetrators") == [dataclasses.asdict(p) for p in record.perpetrators]
    assert people("data_capture__children") == [dataclasses.asdict(c) for c in record.children]
    assert _grid(parsed.rows["data_capture__analysis"], "factor_code") == record.analysis
    assert _grid(parsed.rows["data_capture__agency_contact"], "agency_code") == record.agency_contact
    assert _grid(parsed.rows["data_capture__equality"], "characteristic_code") == record.equality


def scoping_record() -> ScopingReview:
    return ScopingReview(
        csp_name="Medway",
        dhr_reference="DHR 2021-03",
        anonymised_identifier="Alice",
        notification_date=date(2021, 3, 4),
        submitted_date=date(2021, 3, 30),
        decision="commissioned",
        death_type="domestic_homicide",
        **{q.name: f"Answer to {q.name}.\n\nA second paragraph." for q in SCOPING_QUESTIONS},
        early_actions=[
            EarlyAction("1", "Brief GP practices", "NHS Kent", "GPs ask about abuse", date(2021, 6, 30)),
            EarlyAction("2", "Share MARAC minutes", None, None, None),
        ],
    )


def test_scoping_review_round_trip(tmp_path, csps):
    record = scoping_record()
    parsed = parse_file(forms.write_scoping_review(tmp_path / "sr.docx", record), csps=csps)
    assert parsed.errors == []
    [review] = parsed.rows["scoping_review__reviews"]
    for f in (*SCOPING_TITLE_FIELDS, *SCOPING_QUESTIONS):
        assert review[f.name] == getattr(record, f.name), f.name
    actions = [
        {k: v for k, v in row.items() if k not in LINEAGE} for row in parsed.rows["scoping_review__early_actions"]
    ]
    assert actions == [dataclasses.asdict(a) for a in record.early_actions]


def plan_record() -> ActionPlan:
    return ActionPlan(
        dhr_title="DHR into the death of Alice (February 2021)",
        csp_name="Medway",
        dhr_reference="DHR 2021-03",
        governance="CSP board, quarterly",
        as_at_date=date(2025, 3, 31),
        recommendations=[
            Recommendation(
                1,
                "Improve training",
                "multi_agency",
                "Kent Police",
                actions=[
                    Action(
                        "1.1",
                        "Train staff",
                        "Kent Police",
                        "Staff recognise coercion",
                        "DA lead",
                        "Course by May",
                        date(2025, 6, 30),
                        "green",
                        "Half trained",
                    ),
                    Action(
                        "1.2",
                        "Audit referrals",
                        "NHS Kent",
                        "Audit done",
                        None,
                        None,
                        date(2025, 3, 31),
                        "complete",
                        "Audit complete",
                        date(2025, 3, 1),
                        "partially",
                    ),
                ],
            ),
            Recommendation(
                2,
                "National guidance on X",
                "national",
                "Home Office",
                date(2024, 1, 5),
                date(2024, 3, 1),
                "Accepted",
                "partly_met",
                actions=[
                    Action(
                        "2.1",
                        "Write to the Home Office",
                        "Medway CSP",
                        "Letter sent",
                        target_date=date(2024, 1, 31),
                        status="red",
                    ),
                ],
            ),
        ],
    )


def _flatten(plan: ActionPlan) -> list[dict]:
    rows = []
    for rec in plan.recommendations:
        rec_values = {k: v for k, v in dataclasses.asdict(rec).items() if k != "actions"}
        for action in rec.actions:
            rows.append({**rec_values, **dataclasses.asdict(action)})
    return rows


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_action_plan_round_trip(tmp_path, csps, suffix):
    record = plan_record()
    parsed = parse_file(forms.write_action_plan(tmp_path / f"plan{suffix}", record), csps=csps)
    assert parsed.errors == []
    assert parsed.warnings == []  # the project's own forms are read exactly as written (issue 14)
    [plan] = parsed.rows["action_plan__plans"]
    assert {f.name: plan[f.name] for f in ACTION_PLAN_HEADER_FIELDS} == {
        f.name: getattr(record, f.name) for f in ACTION_PLAN_HEADER_FIELDS
    }
    assert plan["file_format"] == suffix[1:]
    how_read = {"status_text", "status_source", "lead_agencies", "recommendation_ref"}
    actions = [
        {k: v for k, v in row.items() if k not in LINEAGE | how_read} for row in parsed.rows["action_plan__actions"]
    ]
    assert actions == _flatten(record)
    assert parsed.extra_counts == {"recommendations": 2}


@pytest.mark.parametrize(
    ("form_type", "suffix"),
    [("data_capture", ".xlsx"), ("scoping_review", ".docx"), ("action_plan", ".xlsx"), ("action_plan", ".docx")],
)
def test_blank_templates_are_recognised_and_rejected_as_incomplete(tmp_path, csps, form_type, suffix):
    path = forms.write_template(form_type, tmp_path / f"blank{suffix}")
    parsed = parse_file(path, csps=csps)
    assert parsed.form_type == form_type
    assert parsed.errors and all(e.startswith(f"blank{suffix}, ") for e in parsed.errors)
    assert any("'Community Safety Partnership': required, but the cell is blank" in e for e in parsed.errors)
    if form_type == "action_plan":  # the one fix that matters comes first
        assert "Community Safety Partnership" in parsed.errors[0]


@pytest.mark.slow
def test_synthetic_corpus_is_accepted_whole(tmp_path):
    synth = pytest.importorskip("dhr.synth.generator")
    corpus = tmp_path / "corpus"
    synth.generate_corpus(corpus, 6, 7)
    results = ingest_paths([corpus], tmp_path / "warehouse" / "dhr.duckdb")
    rejected = [e for r in results if r.status == "rejected" for e in r.errors]
    assert rejected == []
    assert {r.form_type for r in results} >= {"scoping_review", "action_plan"}
    again = ingest_paths([corpus], tmp_path / "warehouse" / "dhr.duckdb")
    assert {r.status for r in again} == {"duplicate"}


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_recommendation_without_actions_round_trip(tmp_path, csps, suffix):
    record = plan_record()
    record.recommendations.append(Recommendation(3, "A recommendation not yet broken into actions", "single_agency"))
    parsed = parse_file(forms.write_action_plan(tmp_path / f"plan{suffix}", record), csps=csps)
    assert parsed.errors == []
    assert parsed.record_counts() == {"plans": 1, "actions": 3, "recommendations": 3}
