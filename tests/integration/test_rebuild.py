"""Issue 7 end to end, for real: messy, resubmitted, privacy-flagged and rejected files are ingested and
built with dbt; the marts use the latest version of each form and show what changed, withhold flagged
free text, and `dhr rebuild` recreates the warehouse from the raw store alone with identical marts.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from dhr.forms import write_action_plan, write_data_capture, write_scoping_review
from dhr.rebuild import rebuild_warehouse
from dhr.synth.generator import generate_corpus
from dhr.warehouse_build import build_warehouse
from form_contract.records import Action, ActionPlan, DataCaptureForm, Person, Recommendation, ScopingReview
from form_contract.spec import ALL_RAW_TABLES
from ingest.parse import parse_file
from ingest.pipeline import ingest_paths
from ingest.privacy_scan import WITHHELD_TEXT

pytestmark = pytest.mark.slow

AS_OF = date(2026, 9, 30)
LIBREOFFICE = Path(__file__).parents[1] / "ingest" / "fixtures" / "libreoffice"
#: dbt nodes that make tables: the rebuild compares tables, and skipping data tests keeps it quick
#: (with DBT_INDIRECT_SELECTION=empty, selecting models does not also select their tests).
MODELS_ONLY = "resource_type:seed resource_type:model"


def _data_capture(**changes) -> DataCaptureForm:
    form = DataCaptureForm(
        csp_name="Safer Cornwall",
        dhr_reference="SC DHR 2024/09",
        force_area_name="Devon and Cornwall Police",
        victim_pseudonym="Gail",
        review_chair_name="Independent Chair CH-0911",
        notification_date=date(2024, 9, 2),
        decision="commissioned",
        death_type="domestic_homicide",
        death_date=date(2024, 8, 30),
        place_of_death_detail="Her home",
        children_in_household=0,
        victims=[Person(1, "Gail", "female", 44, "spouse_or_civil_partner")],
        perpetrators=[Person(1, "Hal", "male", 47, "spouse_or_civil_partner")],
    )
    from form_contract.code_lists import agencies, analysis_factors, asked_subjects, protected_characteristics

    form.analysis = {(r["factor_code"], s): "no" for r in analysis_factors() for s in asked_subjects(r)}
    form.agency_contact = {(r["agency_code"], s): "no" for r in agencies() for s in asked_subjects(r)}
    form.equality = {
        (r["characteristic_code"], s): "no" for r in protected_characteristics() for s in ("victim", "perpetrator")
    }
    for name, value in changes.items():
        setattr(form, name, value)
    return form


def _scoping(**changes) -> ScopingReview:
    review = ScopingReview(
        csp_name="Safer Cornwall",
        dhr_reference="SC DHR 2024/09",
        anonymised_identifier="Gail",
        notification_date=date(2024, 9, 2),
        decision="commissioned",
        death_type="domestic_homicide",
        q4_early_learning="Agencies did not share risk.",
    )
    for name, value in changes.items():
        setattr(review, name, value)
    return review


#: Governance arrangements of the plan's header (003 L776): the first update's and the later one's.
FIRST_GOVERNANCE = "Reported to the Safer Cornwall board quarterly"
LATER_GOVERNANCE = "Overseen monthly by the Cornwall DA and sexual violence strategic board"


def _plan(progress: str, governance: str | None = FIRST_GOVERNANCE) -> ActionPlan:
    return ActionPlan(
        dhr_title="DHR into the death of Gail (August 2024)",
        csp_name="Safer Cornwall",
        dhr_reference="SC DHR 2024/09",
        governance=governance,
        as_at_date=date(2026, 6, 30),
        recommendations=[
            Recommendation(
                1,
                "Share risk information",
                actions=[
                    Action(
                        "1.1",
                        "Agree a protocol",
                        lead_agency="Cornwall Council",
                        target_date=date(2026, 3, 31),
                        status="green",
                        progress=progress,
                    ),
                    Action(
                        "1.2",
                        "Train staff",
                        lead_agency="Cornwall Council",
                        target_date=date(2026, 12, 31),
                        status="amber",
                        progress="Sessions booked",
                    ),
                ],
            )
        ],
    )


def _tables(warehouse: Path, schema: str) -> dict[str, list[tuple]]:
    """Every table of a schema, rows sorted, build timestamps left out."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
                "order by table_name",
                [schema],
            ).fetchall()
        ]
        tables = {}
        for name in names:
            exclude = " exclude (built_at)" if (schema, name) == ("marts", "meta_build") else ""
            tables[name] = con.execute(f"select *{exclude} from {schema}.{name} order by all").fetchall()
    return tables


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("issue7")
    corpus = root / "corpus"
    generate_corpus(corpus, dhrs=4, seed=7, as_of=AS_OF, workers=1)
    inbox = root / "inbox"
    (inbox / "first").mkdir(parents=True)
    (inbox / "later").mkdir()
    write_data_capture(inbox / "first" / "dc.xlsx", _data_capture())
    write_scoping_review(inbox / "first" / "scoping.docx", _scoping())
    write_action_plan(
        inbox / "first" / "plan.xlsx", _plan("Protocol drafted; call 01632 960 123 or email jo@example.org")
    )
    (inbox / "first" / "scan.pdf").write_bytes(b"%PDF-1.4 not a form")
    bad = _plan("x")
    # No recommendation text anywhere: what nothing can supply, so rejected (a blank 'Progress as at'
    # is no longer a reason: the date received dates the plan, issue 14).
    bad.recommendations[0].recommendation = ""
    write_action_plan(inbox / "first" / "plan q3.xlsx", bad)
    # Resubmitted: an amended data capture form and a corrected scoping review, and the corrected plan.
    write_data_capture(
        inbox / "later" / "dc amended.xlsx",
        _data_capture(
            decision="commissioned_paused",
            delay_reason="criminal_proceedings",
            death_date=date(2024, 8, 29),
            review_chair_name="Independent Chair CH-0912",
            place_of_death_detail="The home they shared",
            place_of_death="shared_home",
        ),
    )
    write_scoping_review(inbox / "later" / "scoping corrected.docx", _scoping(death_type="suicide"))
    good = _plan("Protocol drafted", LATER_GOVERNANCE)
    good.as_at_date = date(2026, 9, 30)
    write_action_plan(inbox / "later" / "plan q3.xlsx", good)

    warehouse = root / "warehouse" / "dhr.duckdb"
    first = ingest_paths([corpus, LIBREOFFICE, inbox / "first"], warehouse)
    later = ingest_paths([inbox / "later"], warehouse)
    build = build_warehouse(warehouse, reporting_date=AS_OF)
    return {"root": root, "warehouse": warehouse, "results": first + later, "build": build}


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_build_passes_with_versions_findings_and_rejections(built):
    assert built["build"].status == "built", built["build"].message
    statuses = {Path(r.file).name: r.status for r in built["results"] if "inbox" in r.file}
    assert statuses == {
        "dc.xlsx": "accepted",
        "scoping.docx": "accepted",
        "plan.xlsx": "accepted",
        "scan.pdf": "rejected",
        "plan q3.xlsx": "accepted",
        "dc amended.xlsx": "accepted",
        "scoping corrected.docx": "accepted",
    }
    assert [r.status for r in built["results"] if r.file.endswith("plan q3.xlsx")] == ["rejected", "accepted"]


def test_marts_use_the_latest_version_and_show_what_changed(built):
    warehouse = built["warehouse"]
    dhr = "E22000356:SCDHR202409"
    assert query(
        warehouse,
        f"select form_type, version_number, version_count, is_latest_version, changed_field_count "
        f"from marts.fct_form_versions where dhr_id = '{dhr}' order by all",
    ) == [
        ("data_capture", 1, 2, False, 0),
        ("data_capture", 2, 2, True, 3),
        ("scoping_review", 1, 2, False, 0),
        ("scoping_review", 2, 2, True, 1),
    ]
    assert query(
        warehouse,
        f"select form_type, version_number, field, field_label, old_value, new_value "
        f"from marts.fct_form_changes where dhr_id = '{dhr}' order by form_type, field_order",
    ) == [
        ("data_capture", 2, "decision", "Decision", "commissioned", "commissioned_paused"),
        ("data_capture", 2, "delay_reason", "Main reason for delay", None, "criminal_proceedings"),
        # the type of place changed too: restricted in the marts, so its value is withheld here
        ("data_capture", 2, "place_of_death", "Place of death", None, "[withheld: restricted]"),
        ("scoping_review", 2, "death_type", "Death type", "domestic_homicide", "suicide"),
    ]
    # The date of death, the chair and the place detail changed too, but are restricted: never shown.
    every_value = " ".join(str(v) for row in query(warehouse, "select * from marts.fct_form_changes") for v in row)
    assert "CH-091" not in every_value and "2024-08-29" not in every_value and "home" not in every_value.lower()
    assert "shared_home" not in every_value
    assert query(warehouse, f"select decision, dhr_status from marts.dim_dhrs where dhr_id = '{dhr}'") == [
        ("commissioned_paused", "paused")
    ]
    assert query(
        warehouse, "select count(*) from marts.fct_form_versions where version_number = 1 and changed_field_count <> 0"
    ) == [(0,)]


def test_a_reissued_annex_b_workbook_keeps_the_governance_the_csp_gave_last(built, tmp_path, monkeypatch):
    """003 L776: two quarterly updates sent with different governance arrangements, ingested and
    built; the PCC's re-issued Annex B workbook (dashboards/reports/annex_b.py) states the later
    one in its header, as openpyxl and `dhr ingest`'s own reader both read it back."""
    from dashboards.reports import annex_b
    from dhr.access import Scope, using_scope

    warehouse = built["warehouse"]
    dhr = "E22000356:SCDHR202409"
    ((csp, governance),) = query(
        warehouse, f"select csp_code, action_plan_governance from marts.dim_dhrs where dhr_id = '{dhr}'"
    )
    assert governance == LATER_GOVERNANCE
    monkeypatch.setenv("DHR_DB", str(warehouse))
    with using_scope(Scope.national()):
        _, _, updates = annex_b.build_csp_progress_update(csp)
    (update,) = [u for u in updates if u.dhr_id == dhr]
    workbook = tmp_path / update.file_name
    workbook.write_bytes(update.content)
    ws = openpyxl.load_workbook(workbook)["Action plan"]
    header = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 8)}
    assert header["Governance arrangements"] == LATER_GOVERNANCE
    parsed = parse_file(workbook)
    assert parsed.errors == [] and parsed.dhr_reference == "SC DHR 2024/09"
    (plan,) = parsed.rows["action_plan__plans"]
    assert plan["governance"] == LATER_GOVERNANCE


def test_flagged_free_text_is_withheld_from_the_marts(built):
    warehouse = built["warehouse"]
    # The snapshot of 30/06 carried a phone number and an email address in its progress text.
    rows = (
        query(
            warehouse,
            "select snapshot_as_at_date, action_number, progress from marts.fct_action_snapshots "
            "where dhr_id = 'E22000356:SCDHR202409' order by all",
        )
        if _has_column(warehouse, "fct_action_snapshots", "progress")
        else []
    )
    assert all("01632" not in str(r) for r in rows)
    latest = query(
        warehouse,
        "select action_number, progress, has_privacy_finding from marts.fct_actions "
        "where dhr_id = 'E22000356:SCDHR202409' order by action_number",
    )
    assert latest == [
        ("1.1", "Protocol drafted", False),
        ("1.2", "Sessions booked", False),
    ]  # the latest snapshot is clean
    staged = query(
        warehouse,
        "select progress, has_privacy_finding from staging.stg_dhr_forms__action_plan_actions "
        "where action_id = 'E22000356:SCDHR202409#1.1' order by ingested_at",
    )
    assert staged == [(WITHHELD_TEXT, True), ("Protocol drafted", False)]
    for schema in ("marts", "intermediate"):
        for table, rows in _tables(warehouse, schema).items():
            text = " ".join(str(v) for row in rows for v in row)
            assert "01632 960 123" not in text and "jo@example.org" not in text, f"{schema}.{table}"
    assert query(warehouse, "select field, finding_type from staging.stg_dhr_forms__text_findings order by all") == [
        ("progress", "email_address"),
        ("progress", "phone_number"),
    ]


def _has_column(warehouse: Path, table: str, column: str) -> bool:
    return bool(
        query(
            warehouse,
            f"select count(*) from information_schema.columns where table_schema = 'marts' "
            f"and table_name = '{table}' and column_name = '{column}'",
        )[0][0]
    )


def test_rebuild_from_the_raw_store_alone_gives_identical_marts(built, tmp_path, monkeypatch):
    warehouse = built["warehouse"]
    before = {schema: _tables(warehouse, schema) for schema in ("raw", "marts")}
    assert before["marts"]["fct_form_changes"] and before["raw"]["text_findings"]

    # Only the raw store goes along: a copy of it beside an empty warehouse location.
    elsewhere = tmp_path / "restored" / "dhr.duckdb"
    elsewhere.parent.mkdir()
    shutil.copytree(warehouse.parent / "raw_files", elsewhere.parent / "raw_files")
    monkeypatch.setenv("DBT_INDIRECT_SELECTION", "empty")
    result = rebuild_warehouse(elsewhere, reporting_date=AS_OF, select=MODELS_ONLY)
    assert result.status == "built", result.message
    assert result.skipped == []
    after = {schema: _tables(elsewhere, schema) for schema in ("raw", "marts")}
    assert set(after["marts"]) == set(before["marts"])
    for schema in ("raw", "marts"):
        for table, rows in before[schema].items():
            assert after[schema][table] == rows, f"{schema}.{table} differs after the rebuild"
    assert len(before["raw"]) >= len(ALL_RAW_TABLES) + 2  # every form table, ingested_files, text_findings
