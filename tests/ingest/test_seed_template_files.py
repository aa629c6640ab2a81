"""The guidance's own templates, as printed, filled in by hand and read as the sender would expect.

tests/ingest/fixtures/seed_templates/ holds 001 Appendix Five, 003 Annex B and Annex C, and 004
Templates 25 and 29 laid out as the guidance prints them, filled in the way CSP officers do, and
saved with LibreOffice, openpyxl or python-docx (see the README there). `expected.json` says what a
person sending each file would expect `dhr ingest --json` to report. Where ingest does not yet read
a file that way the test is `xfail(strict=True)` with the reason, so the day it does, the mark
must come off.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from ingest_builders import assert_read_as_expected
from typer.testing import CliRunner

from dhr.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "seed_templates"
SUFFIXES = {".docx", ".xlsx", ".xls"}
COUNTS = {
    "recommendations": "recommendations",
    "actions": "actions",
    "victims": "victims",
    "perpetrators": "perpetrators",
    "children": "children",
    "scoping_actions": "early_actions",
}

#: What ingest does not yet do as a person would expect, file by file (reported to the issue).
NOT_YET: dict[str, str] = {}


def expected() -> dict[str, dict]:
    return {
        k: v
        for k, v in json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8")).items()
        if not k.startswith("_")
    }


def cases(reasons: dict[str, str]) -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reasons[name])) if name in reasons else name
        for name in sorted(expected())
    ]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[dict[str, dict], Path]:
    """`dhr ingest --json` over a copy of every fixture, as an officer's folder of files."""
    warehouse = tmp_path_factory.mktemp("seedwh") / "dhr.duckdb"
    inbox = tmp_path_factory.mktemp("inbox")
    for path in FIXTURES.iterdir():
        if path.suffix in SUFFIXES:
            (inbox / path.name).write_bytes(path.read_bytes())
    result = CliRunner().invoke(app, ["ingest", "--json", str(inbox)], env={"DHR_DB": str(warehouse)})
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return {Path(line["file"]).name: line for line in lines}, warehouse


def rows(warehouse: Path, sql: str, sha: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, [sha]).fetchall()


def test_every_fixture_is_in_expected_json_and_the_readme():
    names = {p.name for p in FIXTURES.iterdir() if p.suffix in SUFFIXES}
    assert names == set(expected())
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize("name", cases(NOT_YET))
def test_seed_template_file_is_read_as_expected(name, ingested):
    want, (results, warehouse) = expected()[name], ingested
    got = results[name]
    assert_read_as_expected(got, want)
    if "progress_as_at" in want:
        [(as_at,)] = rows(
            warehouse, "select as_at_date from raw.action_plan__plans where file_sha256 = ?", got["sha256"]
        )
        assert (as_at.isoformat() if as_at else None) == want["progress_as_at"]
    if want["form_type"] == "action_plan":
        actions = {
            number: (status, text)
            for number, status, text in rows(
                warehouse,
                "select action_number, status, status_text from raw.action_plan__actions where file_sha256 = ?",
                got["sha256"],
            )
        }
        for number, rag in want.get("rag", {}).items():
            assert actions[number][0] == rag.lower(), (number, actions[number])
        for number, text in want.get("status_text", {}).items():
            assert actions[number][1] == text, (number, actions[number])
    if want["form_type"] == "scoping_review":
        [(death_type, decision, notified)] = rows(
            warehouse,
            "select death_type, decision, notification_date from raw.scoping_review__reviews where file_sha256 = ?",
            got["sha256"],
        )
        assert (death_type, decision, notified.isoformat() if notified else None) == (
            want["death_type"],
            want["decision"],
            want["date_notified"],
        )


# --------------------------------------------------------------------------------------------
# What the officer is told
# --------------------------------------------------------------------------------------------
#: Words a warning must use to say each inferred value was inferred, and from where.
SAID_AS = {
    "csp": "Community Safety Partnership was taken from",
    "progress_as_at": "reporting date was taken from",
    "dhr_reference": "reference",
    "notification_date": "notified",
}
#: A reference to the guidance's text ('003 L778', '004 L4157-4258') means nothing to a CSP officer.
FILE_CODE = re.compile(r"\b00\d\s+L\d+")

SAYS_NOT_YET: dict[str, str] = {}


@pytest.mark.parametrize(
    "name", cases({**{n: r for n, r in NOT_YET.items() if r.startswith("rejected")}, **SAYS_NOT_YET})
)
def test_what_was_inferred_is_said_in_plain_words(name, ingested):
    results, _ = ingested
    got = results[name]
    assert got["status"] == "accepted", got["errors"]
    for key in got["inferred"]:
        words = SAID_AS.get(key, key.replace("_", " "))
        assert any(words.lower() in w.lower() for w in got["warnings"]), (key, got["warnings"])


def test_no_message_cites_the_guidance_by_file_and_line(ingested):
    results, _ = ingested
    for name, got in results.items():
        for message in got["warnings"] + got["errors"]:
            assert not FILE_CODE.search(message), (name, message)
            assert message.startswith(name), (name, message)  # every message says which file


def test_a_rejected_template_is_told_one_fix_first(ingested):
    """Each rejection is one message, starting with the file's name, not a screenful."""
    results, _ = ingested
    for name, got in results.items():
        if got["status"] == "rejected":
            assert 1 <= len(got["errors"]) <= 3, (name, got["errors"])


# --------------------------------------------------------------------------------------------
# Values as the templates ask for them
# --------------------------------------------------------------------------------------------
def sha_of(ingested, name: str) -> tuple[str, Path]:
    results, warehouse = ingested
    return results[name]["sha256"], warehouse


def test_appendix_five_scope_is_read_as_the_column_asks(ingested):
    results, _ = ingested
    got = results["appendix_five_action_plan_update_31.03.2025.docx"]
    refused = [w for w in got["warnings"] if "Scope of recommendation" in w and "not one of the choices" in w]
    assert refused == []


def test_appendix_five_statuses_are_read_from_the_outcome_column(ingested):
    """No status column in 2011: 'Completed 14/05/2024 – ...' is complete, with its date; the words kept."""
    sha, warehouse = sha_of(ingested, "appendix_five_action_plan_update_31.03.2025.docx")
    got = rows(
        warehouse,
        "select status, status_text, completion_date, recommendation_level from raw.action_plan__actions "
        "where file_sha256 = ? and status is not null order by source_row",
        sha,
    )
    assert [(s, t) for s, t, _, _ in got] == [
        ("complete", "Completed"),
        ("amber", "In progress"),
        ("amber", "Ongoing"),
        ("red", "Not started"),
        ("complete", "Completed"),
    ]
    assert [str(d) for _, _, d, _ in got if d] == ["2024-05-14", "2024-12-02"]
    assert got[-1][3] == "national"


def test_annex_b_printed_action_word_is_not_part_of_the_action(ingested):
    sha, warehouse = sha_of(ingested, "annex_b_action_plan_update_Q4_2024-25.docx")
    actions = [
        a
        for (a,) in rows(
            warehouse, "select action from raw.action_plan__actions where file_sha256 = ? order by source_row", sha
        )
    ]
    assert actions[0] == "Write a joint information-sharing protocol"


def test_annex_b_docx_values_as_written(ingested):
    sha, warehouse = sha_of(ingested, "annex_b_action_plan_update_Q4_2024-25.docx")
    got = rows(
        warehouse,
        "select action_number, target_date, completion_date, outcome_achieved, recommendation "
        "from raw.action_plan__actions where file_sha256 = ? order by source_row",
        sha,
    )
    assert [(n, str(t) if t else None, str(c) if c else None, o) for n, t, c, o, _ in got] == [
        ("1.1", "2024-06-30", "2024-06-01", "yes"),  # 'June 2024' both: a target is the month's end
        ("1.2", "2025-03-31", None, None),  # 'Q4 2024/25'
        ("2.1", None, None, None),  # 'ongoing'
        ("2.2", "2025-03-31", "2025-03-17", "partially"),
    ]
    assert {r for *_, r in got} == {
        "Police and Adult Social Care should share concerns about a carer who is also a perpetrator",
        "Carers’ assessments should ask about domestic abuse",
    }


@pytest.mark.parametrize("name", ["template_25_action_plan.xls"])
def test_template_25_key_and_layout(name, ingested):
    """The key under the table is not read as actions; continuation rows keep their recommendation;
    'Key milestones' is the action, 'Milestones / actions taken' the progress, 'Lead person' the lead."""
    sha, warehouse = sha_of(ingested, name)
    got = rows(
        warehouse,
        "select action_number, recommendation_number, target_date, completion_date, action, progress, "
        "responsible_lead from raw.action_plan__actions where file_sha256 = ? order by source_row",
        sha,
    )
    assert [(n, r) for n, r, *_ in got] == [("1.1", 1), ("1.2", 1), ("1.3", 1), ("2.1", 2), ("2.2", 2), ("3.1", 3)]
    assert [str(t) if t else None for _, _, t, *_ in got] == [
        "2024-12-31",
        "2025-03-31",
        None,
        "2025-06-30",
        "2026-03-31",
        "2025-09-30",
    ]
    assert [str(c) for _, _, _, c, *_ in got if c] == ["2024-11-01", "2025-05-01"]  # 'Nov 2024', 'May 2025'
    assert got[1][4:] == (
        "Circulate a briefing and hold community meetings",
        "Two of four meetings held",
        "Community Safety Officer",
    )


def test_annex_c_long_labels(ingested):
    sha, warehouse = sha_of(ingested, "annex_c_scoping_review.docx")
    [review] = rows(
        warehouse,
        "select csp_name, anonymised_identifier, submitted_date, q6_not_commissioned_rationale, "
        "q9_other_reviews from raw.scoping_review__reviews where file_sha256 = ?",
        sha,
    )
    assert review[:3] == ("Coventry Community Safety Partnership", "CCSP SR 2025/01 (‘Leah’)", date(2025, 3, 14))
    assert review[3] == "Not applicable – a DHR has been commissioned."
    assert review[4].startswith("An inquest has been opened")
    actions = rows(
        warehouse,
        "select action_number, action, lead_agency, target_date from raw.scoping_review__early_actions "
        "where file_sha256 = ? order by source_row",
        sha,
    )
    assert [(n, str(t)) for n, _, _, t in actions] == [("1", "2025-06-30"), ("2", "2025-06-30")]  # 'Q1 2025/26'


def test_template_29_values_beside_the_section_words(ingested):
    """'Gender | Perpetrator | Male', 'Date of homicide | General | 14/02/2024': the answer beside the word."""
    sha, warehouse = sha_of(ingested, "template_29_two_victims.xlsx")
    victims = rows(
        warehouse,
        "select person_number, sex, age, relationship from raw.data_capture__victims "
        "where file_sha256 = ? order by person_number",
        sha,
    )
    assert victims == [(1, "female", 68, "parent"), (2, "female", 41, "sibling")]
    [perpetrator] = rows(warehouse, "select sex, age from raw.data_capture__perpetrators where file_sha256 = ?", sha)
    assert perpetrator == ("male", 38)
    [case] = rows(
        warehouse,
        "select death_date, method, children_in_household from raw.data_capture__cases where file_sha256 = ?",
        sha,
    )
    assert (str(case[0]), case[1], case[2]) == ("2024-02-14", "sharp_instrument", 0)


def test_template_29_verdict_in_words(ingested):
    sha, warehouse = sha_of(ingested, "template_29_two_victims.xlsx")
    [(verdict,)] = rows(warehouse, "select verdict from raw.data_capture__perpetrators where file_sha256 = ?", sha)
    assert verdict == "murder"


def test_template_29_section_words_typed_over(ingested):
    """'Gender | M' after the victim's block starts the perpetrator; 'Date of homicide | 09/09/2023' the General block."""
    sha, warehouse = sha_of(ingested, "template_29_overwritten_sections.xlsx")
    [victim] = rows(
        warehouse, "select sex, age, relationship from raw.data_capture__victims where file_sha256 = ?", sha
    )
    [perpetrator] = rows(
        warehouse, "select sex, age, verdict from raw.data_capture__perpetrators where file_sha256 = ?", sha
    )
    [case] = rows(
        warehouse,
        "select death_date, children_in_household, method from raw.data_capture__cases where file_sha256 = ?",
        sha,
    )
    assert victim == ("female", 29, "ex_spouse_or_ex_partner")
    assert perpetrator == ("male", 33, "murder")
    assert (str(case[0]), case[1], case[2]) == ("2023-09-09", 2, "strangulation")
