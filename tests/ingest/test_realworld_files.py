"""Files made outside this project, in the layouts CSPs use, read as `../shared/realworld/expected.json` says.

Issue 14: the first round accepted none of these. Each was made with LibreOffice, openpyxl or
python-docx by someone else, after the Home Office 2011 Appendix Five, the 2024 draft's Annex B and
Annex C, and Sheffield's Template 25 and Template 29. This test runs `dhr ingest --json` on the
real files and checks status, form, reference, partnership, counts and each stated status.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from ingest_builders import assert_read_as_expected
from typer.testing import CliRunner

from dhr.cli import app

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"
pytestmark = pytest.mark.skipif(
    not (REALWORLD / "expected.json").exists(), reason="../shared/realworld is not beside the repo"
)


def expected() -> dict[str, dict]:
    # Read when the tests are collected (they are parametrised by file): without ../shared/realworld
    # there are none, and the module is skipped like the other real-world tests, not an error.
    if not (REALWORLD / "expected.json").exists():
        return {}
    return {k: v for k, v in json.loads((REALWORLD / "expected.json").read_text()).items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[dict[str, dict], Path]:
    warehouse = tmp_path_factory.mktemp("realworld") / "dhr.duckdb"
    inbox = tmp_path_factory.mktemp("inbox")
    for name in expected():
        (inbox / name).write_bytes((REALWORLD / name).read_bytes())
    result = CliRunner().invoke(app, ["ingest", "--json", str(inbox)], env={"DHR_DB": str(warehouse)})
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return {Path(line["file"]).name: line for line in lines}, warehouse


@pytest.mark.parametrize("name", sorted(expected()))
def test_realworld_file_is_read_as_expected(name, ingested):
    want, (results, warehouse) = expected()[name], ingested
    got = results[name]
    assert_read_as_expected(got, want)
    if want["status"] == "rejected":
        return
    if "progress_as_at" in want:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            [(as_at,)] = con.execute(
                "select as_at_date from raw.action_plan__plans where file_sha256 = ?", [got["sha256"]]
            ).fetchall()
        assert (as_at.isoformat() if as_at else None) == want["progress_as_at"]
    if want["form_type"] == "action_plan":
        with duckdb.connect(str(warehouse), read_only=True) as con:
            actions = {
                number: (status, text)
                for number, status, text in con.execute(
                    "select action_number, status, status_text from raw.action_plan__actions where file_sha256 = ?",
                    [got["sha256"]],
                ).fetchall()
            }
        for number, rag in want.get("rag", {}).items():
            assert actions[number][0] == rag.lower(), (number, actions[number])
        for number, text in want.get("status_text", {}).items():
            assert actions[number][1] == text, (number, actions[number])


def test_accepted_realworld_files_say_how_they_were_read(ingested):
    """Every inference is a warning in plain words: no file codes, and the source of the partnership."""
    results, _ = ingested
    for name, want in expected().items():
        got = results[name]
        if want["status"] != "accepted":
            continue
        for warning in got["warnings"]:
            assert " L" not in warning.split(":", 1)[-1] or "003" not in warning, warning
        if "csp" in got["inferred"]:
            assert any("Community Safety Partnership was taken from" in w for w in got["warnings"]), name


@pytest.mark.slow
def test_each_stated_rag_reaches_fct_actions(ingested):
    """A real dbt build of the real files: the statuses CSPs stated (as text, a tracker word, a key or a
    cell's colour) are the statuses the PCC and CSP pages read from `fct_actions`."""
    from datetime import date

    from dhr.warehouse_build import build_warehouse

    results, warehouse = ingested
    build = build_warehouse(warehouse, reporting_date=date(2025, 6, 30))
    assert build.status == "built", build.message
    with duckdb.connect(str(warehouse), read_only=True) as con:
        actions = {
            (csp, number): (status, text)
            for csp, number, status, text in con.execute(
                "select csp_code, action_number, status, status_text from marts.fct_actions"
            ).fetchall()
        }
        undated = con.execute(
            "select count(*) from marts.fct_action_snapshots where snapshot_as_at_date is null"
        ).fetchone()
    for name, want in expected().items():
        if want.get("form_type") != "action_plan" or want["status"] != "accepted":
            continue
        csp = results[name]["csp_code"]
        assert sum(1 for c, _ in actions if c == csp) == want["actions"], name
        for number, rag in want.get("rag", {}).items():
            assert actions[(csp, number)][0] == rag.lower(), (name, number)
        for number, text in want.get("status_text", {}).items():
            assert actions[(csp, number)][1] == text, (name, number)
    assert undated == (0,)  # a plan with no 'Progress as at' is dated by the day it was received
