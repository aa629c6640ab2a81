"""The free-text privacy scan: what it finds, what it must not find, and what it keeps (a masked snippet only)."""

from __future__ import annotations

import json
import re
from datetime import date

import duckdb
import pytest
from ingest_builders import action_row, case_values, write_action_plan_xlsx, write_data_capture_xlsx

from dhr.settings import PROJECT_ROOT
from form_contract.spec import ALL_RAW_TABLES, raw_table
from ingest.parse import parse_file
from ingest.pipeline import ingest_paths
from ingest.privacy_scan import (
    FINDING_TYPES,
    WITHHELD_TEXT,
    free_text_fields,
    masked_snippet,
    nhs_number_is_valid,
    scan_text,
    shape_mask,
)


def kinds(text: str, **kwargs) -> list[str]:
    return [m.finding_type for m in scan_text(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The victim died on 20/02/2021 at home.", ["date_of_birth_or_death"]),
        ("DOB 01.02.1980; seen by the GP", ["date_of_birth_or_death"]),
        ("born 3 February 1990 in Kent", ["date_of_birth_or_death"]),
        ("Date of death: 2021-02-20", ["date_of_birth_or_death"]),
        ("20th February 2021 (the date of death)", ["date_of_birth_or_death"]),
        ("Visited the address at ME1 4AB twice", ["postcode"]),
        ("Moved to SW1A1AA in 2020", ["postcode"]),
        ("Call 01632 960 123 for the team", ["phone_number"]),
        ("mobile +44 7700 900123", ["phone_number"]),
        ("(01622) 123456 is the duty desk", ["phone_number"]),
        ("Contact jo.bloggs@example.org.uk for copies", ["email_address"]),
        ("NHS number 943 476 5919 recorded", ["nhs_number"]),
        ("NHS no. 9434765919", ["nhs_number"]),
    ],
)
def test_finds_each_kind_of_detail(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Training delivered on 12/03/2024 to 40 staff",  # a full date, but not a birth or a death
        "Following the death, training was delivered on 31/03/2025",  # the clause ends before the date
        "DHR into the death of Alice (March 2023)",  # month and year only
        "Target Q3 2024/25; action 1.2 then 2.10",
        "Reported to the board in 2021, 2022 and 2023",
        "Junction M25 3rd exit; COVID19 2nd wave; ref B12 3CD",  # not postcodes (lower case, invalid letters)
        "NHS number 943 476 5918 (fails the check digit)",
        "Phone log ref 1234 567 890",  # does not start 0 or +44
        "Budget £12,345,678 agreed",
        "Email the team via the secure portal",
    ],
)
def test_does_not_flag_ordinary_text(text):
    assert kinds(text) == []


def test_nhs_check_digit():
    assert nhs_number_is_valid("9434765919")
    assert nhs_number_is_valid("4010232137")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("0000000000")  # same digit ten times is not issued
    assert not nhs_number_is_valid("943476591")


def test_restricted_dates_and_names_of_the_same_form():
    from ingest.privacy_scan import _address_patterns, _name_patterns

    patterns = _name_patterns(["Dr Jane Smith", "Independent Author AU-0042"]) + _address_patterns(
        ["The victim's flat at 12 Acacia Avenue, Medway"]
    )
    assert kinds("Chaired by Jane Smith", names=patterns) == ["restricted_name"]
    assert kinds("Dr Smith presented the report", names=patterns) == ["restricted_name"]
    assert kinds("J. Smith to circulate", names=patterns) == ["restricted_name"]
    assert kinds("Drafted by independent author AU-0042", names=patterns) == ["restricted_name"]
    assert kinds("Patrols near Acacia Avenue increased", names=patterns) == ["restricted_name"]
    assert kinds("Smith & Sons supplied leaflets", names=patterns) == []  # a surname alone is not enough
    assert kinds("Seen on 14/05/2022 by the GP", restricted_dates=[date(2022, 5, 14)]) == ["date_of_birth_or_death"]


def test_snippet_is_masked_and_holds_no_detail():
    text = "Officer visited ME1 4AB and phoned 01632 960 123 about the referral"
    matches = scan_text(text)
    snippets = [masked_snippet(text, matches, i) for i in range(len(matches))]
    assert snippets == [
        "Officer visited XX9 9XX and phoned 99999 999 999…",
        "…visited XX9 9XX and phoned 99999 999 999 about the referral",
    ]
    assert not any(re.search(r"ME1|4AB|01632|960", s) for s in snippets)
    assert shape_mask("jo@example.org") == "xx@xxxxxxx.xxx"


def test_only_free_text_that_is_not_restricted_is_scanned():
    scanned = {t.name: set(free_text_fields(t)) for t in ALL_RAW_TABLES}
    assert {"action", "progress", "recommendation", "outcome", "milestones", "response"} <= scanned[
        "action_plan__actions"
    ]
    assert "q4_early_learning" in scanned["scoping_review__reviews"]
    restricted = {f.name for t in ALL_RAW_TABLES for f in t.fields if f.restricted}
    assert not restricted & set().union(*scanned.values())
    assert "csp_name" not in scanned["action_plan__plans"]  # a reference, resolved to a code
    assert set(FINDING_TYPES) == {
        "date_of_birth_or_death",
        "postcode",
        "phone_number",
        "email_address",
        "nhs_number",
        "restricted_name",
    }
    assert raw_table("data_capture__cases").fields  # the spec is what the scan reads


def test_the_dbt_macro_withholds_with_the_same_words():
    macro = (PROJECT_ROOT / "macros" / "privacy_masked.sql").read_text()
    assert f"'{WITHHELD_TEXT}'" in macro


def test_findings_are_loaded_with_the_file_and_noted(inbox, warehouse, reference_dir):
    rows = [
        action_row(1, "Improve training", "1.1", Progress="Briefed the team; call 01632 960 123 for slides"),
        action_row(None, None, "1.2", action="Audit referrals", Progress="Email jo@example.org for the audit"),
        action_row(2, "Review MARAC", "2.1", Progress="Delivered on 12/03/2024"),
    ]
    write_action_plan_xlsx(inbox / "plan.xlsx", rows=rows)
    [result] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert result.status == "accepted"
    assert result.notes == [
        "plan.xlsx: the free text may contain personal details (sheet 'Action plan', row 9, 'Progress': a phone "
        "number; sheet 'Action plan', row 10, 'Progress': an email address). The file was loaded, but these texts "
        "are withheld from every published table: remove the details and send the form again"
    ]
    assert "notes" not in result.to_dict()  # the --json contract is unchanged
    with duckdb.connect(str(warehouse), read_only=True) as con:
        findings = con.execute(
            "select raw_table, source_sheet, source_row, field, finding_type, masked_snippet "
            "from raw.text_findings order by source_row"
        ).fetchall()
        notes = json.loads(con.execute("select notes from raw.ingested_files").fetchone()[0])
        progress = con.execute("select progress from raw.action_plan__actions order by source_row").fetchall()
    assert findings == [
        (
            "action_plan__actions",
            "Action plan",
            9,
            "progress",
            "phone_number",
            "Briefed the team; call 99999 999 999 for slides",
        ),
        ("action_plan__actions", "Action plan", 10, "progress", "email_address", "Email xx@xxxxxxx.xxx for the audit"),
    ]
    assert notes == result.notes
    assert progress[0][0] == "Briefed the team; call 01632 960 123 for slides"  # raw keeps the form as sent


def test_names_from_the_restricted_fields_of_a_data_capture_form(tmp_path, csps):
    case = case_values(
        **{
            "Name of review panel chair": "Dr Jane Smith",
            "Victim pseudonym": "Jane Smith",
            "Place of death (detail)": "Her flat at 12 Acacia Avenue",
        }
    )
    parsed = parse_file(write_data_capture_xlsx(tmp_path / "dc.xlsx", case=case), csps=csps, sha256="a" * 64)
    assert parsed.errors == []
    assert [(f["raw_table"], f["field"], f["finding_type"], f["masked_snippet"]) for f in parsed.text_findings] == [
        ("data_capture__cases", "victim_pseudonym", "restricted_name", "Xxxx Xxxxx")
    ]
    assert parsed.text_findings[0]["file_sha256"] == "a" * 64
