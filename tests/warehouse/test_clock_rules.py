"""The rules of the clocks (issue 18): seeds/code_lists/guidance_rules.csv is their one source, and
the dbt unit tests of int_dhr_clocks run on exactly its rows, so a changed rule cannot leave the
tests checking an old one."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import yaml

from dhr.guidance import cite

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "code_lists" / "guidance_rules.csv"
CLOCKS_YML = ROOT / "models" / "intermediate" / "int_dhr_clocks.yml"
VERSIONS = ("2011", "2016", "2024_draft")


def seed_rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_unit_tests_of_the_clocks_run_on_the_rules_of_the_seed():
    unit_tests = yaml.safe_load(CLOCKS_YML.read_text())["unit_tests"]
    assert {t["name"] for t in unit_tests} == {
        f"test_clocks_of_the_{v}_guidance_the_day_before_and_after_each_deadline"
        for v in ("2011", "2016", "2024_draft")
    }
    seed = [{k: v or None for k, v in row.items()} for row in seed_rows()]
    for test in unit_tests:
        (given,) = [g for g in test["given"] if g["input"] == "ref('guidance_rules')"]
        rows = [{k: (None if v is None else str(v)) for k, v in row.items()} for row in given["rows"]]
        assert rows == seed, test["name"]


def test_each_guidance_version_has_one_notification_window_and_the_windows_do_not_overlap():
    windows = {
        (r["guidance_version"], r["applies_from_notification_date"], r["applies_to_notification_date"])
        for r in seed_rows()
    }
    assert sorted(v for v, _, _ in windows) == sorted(VERSIONS)
    ordered = sorted(windows, key=lambda w: w[1])
    for (_, _, end), (_, start, _) in itertools.pairwise(ordered):
        assert end < start


def test_every_clock_names_a_rule_in_words_and_a_citation_a_reader_can_follow():
    """Pages show the rule with its citation by name (dhr.guidance.plain), never a file code."""
    for row in seed_rows():
        assert row["rule_text"].strip(), row["duty"]
        for code in row["source"].split(";"):
            assert cite(code.strip()), code


def test_completion_is_due_one_year_after_commencement_under_the_2024_draft_and_six_months_before():
    """003 L763 one year from commencement; 004 L4000 six months from commencement (not 214 days from
    notification); 001 L238 six months from the decision."""
    completion = {r["guidance_version"]: r for r in seed_rows() if r["duty"] == "completion"}
    assert {v: (r["clock_starts"], r["length"], r["length_unit"]) for v, r in completion.items()} == {
        "2011": ("decision", "6", "month"),
        "2016": ("commenced", "6", "month"),
        "2024_draft": ("commenced", "1", "year"),
    }
    # when the commencement is not recorded, the clock still starts: its proxies end at a date every DHR has
    for row in completion.values():
        assert row["start_proxies"].split("|")[-1].startswith("first_known")
