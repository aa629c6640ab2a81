"""The synthetic corpus: deterministic, real files, spread over areas and years, truth that follows design.md §4."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from dhr.settings import DEFAULT_SYNTH_AS_OF
from dhr.synth.generator import dhr_status, generate_corpus
from dhr.synth.model import dhr_id
from form_contract.spec import ACTION_FIELDS, ACTION_PLAN_HEADER_FIELDS

SEED = 20240601
DHRS = 20
AS_OF = DEFAULT_SYNTH_AS_OF
STATUS_ORDER = {"red": 0, "amber": 1, "green": 2, "complete": 3}
WORDS = {"RED": "red", "AMBER": "amber", "GREEN": "green", "COMPLETE": "complete"}


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _truth(root: Path) -> dict:
    return json.loads((root / "_synth" / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus_a")
    summary = generate_corpus(out, dhrs=DHRS, seed=SEED, as_of=AS_OF, workers=1)
    assert summary.dhr_count == DHRS
    assert summary.truth_path == out / "_synth" / "truth.json"
    return out


@pytest.fixture(scope="module")
def corpus_parallel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus_b")
    generate_corpus(out, dhrs=DHRS, seed=SEED, as_of=AS_OF, workers=2)
    return out


@pytest.fixture(scope="module")
def truth(corpus) -> dict:
    return _truth(corpus)


def test_same_seed_same_truth_and_bytes_whatever_the_workers(corpus, corpus_parallel):
    # two runs (one with 1 process, one with 2): the same truth and byte-for-byte the same files
    assert _truth(corpus) == _truth(corpus_parallel)
    assert _hashes(corpus) == _hashes(corpus_parallel)


def test_different_seed_differs(corpus, tmp_path):
    other = generate_corpus(tmp_path / "c", dhrs=6, seed=SEED + 1, as_of=AS_OF)
    mine = {(d["dhr_id"], d["notification_date"]) for d in _truth(corpus)["dhrs"][:6]}
    theirs = {(d["dhr_id"], d["notification_date"]) for d in _truth(other.out_dir)["dhrs"]}
    assert mine != theirs


def test_summary_matches_files(corpus, truth):
    listed = [f["path"] for d in truth["dhrs"] for f in d["files"]]
    on_disk = sorted(
        p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file() and "_synth" not in p.parts
    )
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)
    assert truth["summary"]["file_count"] == len(listed)
    assert truth["generator"] == {
        "seed": SEED,
        "dhrs": DHRS,
        "as_of": AS_OF.isoformat(),
        "reporting_date": AS_OF.isoformat(),
    }
    assert (corpus / "_synth" / "README.md").read_text().startswith("# Synthetic ground truth")


def test_layout_and_names(truth):
    for d in truth["dhrs"]:
        assert d["dhr_id"] == dhr_id(d["csp_code"], d["dhr_reference"])
        assert re.sub(r"[^A-Za-z0-9]", "", d["dhr_reference"]).upper() == d["dhr_id"].split(":", 1)[1]
        kinds = [f["form_type"] for f in d["files"]]
        assert kinds.count("scoping_review") == 1
        assert kinds.count("data_capture") == (1 if d["has_data_capture"] else 0)
        for f in d["files"]:
            parts = f["path"].split("/")
            assert len(parts) == 3 and parts[0] == d["csp_code"]
            suffix = Path(parts[2]).suffix
            expected = {"scoping_review": {".docx"}, "data_capture": {".xlsx"}, "action_plan": {".xlsx", ".docx"}}[
                f["form_type"]
            ]
            assert suffix in expected
        plan_suffixes = {Path(f["path"]).suffix for f in d["files"] if f["form_type"] == "action_plan"}
        assert len(plan_suffixes) <= 1  # a DHR keeps one format
    all_dhr_ids = [d["dhr_id"] for d in truth["dhrs"]]
    assert len(set(all_dhr_ids)) == len(all_dhr_ids)


def test_every_file_opens_and_names_its_case(corpus, truth):
    for d in truth["dhrs"]:
        plans = [f for f in d["files"] if f["form_type"] == "action_plan"]
        for f in [f for f in d["files"] if f["form_type"] != "action_plan"] + plans[:1] + plans[1:][-1:]:
            path = corpus / f["path"]
            if path.suffix == ".docx":
                document = docx.Document(path)
                values = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
                assert values["Local DHR reference"] == d["dhr_reference"]
            else:
                wb = openpyxl.load_workbook(path, read_only=True)
                sheet = wb["Case"] if f["form_type"] == "data_capture" else wb["Action plan"]
                values = {
                    row[0]: row[1]
                    for row in sheet.iter_rows(min_row=1, max_row=40, max_col=2, values_only=True)
                    if row[0]
                }
                assert values["Local DHR reference"] == d["dhr_reference"]
                wb.close()


def test_spread_over_force_areas_and_years(truth):
    dhrs = truth["dhrs"]
    assert len({d["force_area_code"] for d in dhrs}) >= 8
    assert len({d["csp_code"] for d in dhrs}) >= 10
    years = {d["notification_year"] for d in dhrs}
    assert min(years) == 2019 and max(years) >= 2025 and len(years) >= 5
    assert all(date(2019, 1, 1) <= date.fromisoformat(d["notification_date"]) <= AS_OF for d in dhrs)


def test_statuses_follow_design_rules(truth):
    seen = set()
    for d in truth["dhrs"]:
        expected = dhr_status(d["decision"], _d(d["submitted_date"]), _d(d["published_date"]), AS_OF)
        assert d["dhr_status"] == expected
        # the rules, spelled out (design.md §4)
        if d["published_date"]:
            assert d["dhr_status"] == "published"
        elif d["submitted_date"]:
            assert d["dhr_status"] == "submitted"
        else:
            assert (
                d["dhr_status"]
                == {
                    "not_commissioned": "not_commissioned",
                    "commissioned_paused": "paused",
                    "commissioned": "in_progress",
                }[d["decision"]]
            )
        seen.add(d["dhr_status"])
        assert (d["submitted_date"] is not None) == d["has_data_capture"]
    assert {"published", "in_progress"} <= seen
    assert dhr_status(None, None, None, AS_OF) == "scoping"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        day, month, year = value.split("/")
        return date(int(year), int(month), int(day))
    return value.date()


def _plan_statuses(path: Path) -> tuple[date, dict[str, str], dict[str, date | None]]:
    """(as at date, action number -> status code, action number -> completion date) read from a plan file."""
    names = [f.name for f in ACTION_FIELDS]
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path, read_only=True)
        ws = wb["Action plan"]
        labels = [ws.cell(row=r, column=1).value for r in range(1, 2 + len(ACTION_PLAN_HEADER_FIELDS))]
        as_at = ws.cell(row=1 + labels.index("Progress as at"), column=2).value.date()
        header = 3 + len(ACTION_PLAN_HEADER_FIELDS)
        rows = [list(r) for r in ws.iter_rows(min_row=header + 1, max_col=len(names), values_only=True)]
        rows = [r for r in rows if r[names.index("action_number")]]
        wb.close()
    else:
        document = docx.Document(path)
        header = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
        as_at = _as_date(header["Progress as at"])
        rows = [[c.text for c in r.cells] for r in document.tables[1].rows[1:]]
    statuses = {r[names.index("action_number")]: WORDS[r[names.index("status")]] for r in rows}
    completion = {r[names.index("action_number")]: _as_date(r[names.index("completion_date")]) for r in rows}
    return as_at, statuses, completion


def test_action_statuses_never_go_back(corpus, truth):
    with_plans = [d for d in truth["dhrs"] if d["action_plan"]]
    assert with_plans
    for d in with_plans:  # truth: a monotonic history for every action
        for action in d["action_plan"]["actions"]:
            history = [STATUS_ORDER[s] for s in action["status_history"]]
            assert history == sorted(history), action
            assert action["status"] == action["status_history"][-1]
    # the files themselves, snapshot by snapshot, for a few DHRs (one .docx plan among them if any)
    docx_plans = [d for d in with_plans if d["action_plan"]["file_format"] == "docx"][:1]
    sample = docx_plans + [d for d in with_plans if d not in docx_plans][:3]
    for d in sample:
        plan = d["action_plan"]
        plan_files = sorted((f for f in d["files"] if f["form_type"] == "action_plan"), key=lambda f: f["as_at_date"])
        assert [f["as_at_date"] for f in plan_files] == plan["snapshots"]
        previous: dict[str, int] = {}
        for f in plan_files:
            as_at, statuses, completion = _plan_statuses(corpus / f["path"])
            assert as_at.isoformat() == f["as_at_date"]
            for number, status in statuses.items():
                assert STATUS_ORDER[status] >= previous.get(number, 0), (f["path"], number)
                previous[number] = STATUS_ORDER[status]
                if status != "complete":
                    assert completion[number] is None
                elif completion[number] is not None:
                    assert completion[number] <= as_at
        assert statuses == {a["action_number"]: a["status"] for a in plan["actions"]}


def test_snapshots_are_quarter_ends_after_completion(truth):
    quarter_ends = {(3, 31), (6, 30), (9, 30), (12, 31)}
    for d in truth["dhrs"]:
        plan = d["action_plan"]
        if plan is None:
            continue
        snaps = [date.fromisoformat(s) for s in plan["snapshots"]]
        assert all((s.month, s.day) in quarter_ends for s in snaps)
        assert snaps == sorted(snaps) and snaps[-1] <= AS_OF
        assert snaps[0] > date.fromisoformat(plan["plan_start"])
        assert (snaps[0] - date.fromisoformat(plan["plan_start"])).days <= 92


def test_action_truth_is_consistent(truth):
    actions = [a for d in truth["dhrs"] if d["action_plan"] for a in d["action_plan"]["actions"]]
    assert actions
    for a in actions:
        target = date.fromisoformat(a["target_date"])
        assert a["is_overdue"] == (target < AS_OF and a["status"] != "complete")
        if a["status"] == "complete":
            assert a["outcome_achieved"] in ("yes", "partially", "no")
            assert (a["completion_date"] is None) == a["missing_completion_date"]
        else:
            assert a["completion_date"] is None and a["outcome_achieved"] is None
        assert re.fullmatch(r"\d+\.\d+", a["action_number"])
        assert a["action_number"].split(".")[0] == str(a["recommendation_number"])
        assert a["themes"]
    for d in truth["dhrs"]:
        plan = d["action_plan"]
        if plan:
            assert 2 <= len(plan["recommendations"]) <= 8
            assert all(1 <= r["action_count"] <= 5 for r in plan["recommendations"])
            assert plan["overdue_action_count"] == sum(a["is_overdue"] for a in plan["actions"])


_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_PHONE = re.compile(r"(\+44\s?\d|\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _all_text(path: Path) -> str:
    if path.suffix == ".docx":
        document = docx.Document(path)
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join(parts)
    wb = openpyxl.load_workbook(path, read_only=True)
    parts = [
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)
    ]
    wb.close()
    return "\n".join(parts)


def test_no_postcodes_phone_numbers_or_emails(corpus, truth):
    for d in truth["dhrs"]:
        # every scoping review and data capture form, and the latest action plan
        plans = [f for f in d["files"] if f["form_type"] == "action_plan"]
        files = [f for f in d["files"] if f["form_type"] != "action_plan"] + plans[-1:]
        for f in files:
            text = _all_text(corpus / f["path"])
            for pattern in (_POSTCODE, _PHONE, _EMAIL):
                match = pattern.search(text)
                assert match is None, (f["path"], match.group(0) if match else None)


def test_restricted_values_are_fictional(corpus, truth):
    d = next(d for d in truth["dhrs"] if d["has_data_capture"])
    path = corpus / next(f["path"] for f in d["files"] if f["form_type"] == "data_capture")
    ws = openpyxl.load_workbook(path)["Case"]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    assert re.fullmatch(r"Independent Chair CH-\d{4}", values["Name of review panel chair"])
    assert values["Name of report author"].startswith("Independent ")
    assert values["Police force"] == d["force_area_name"]
    assert values["Victim pseudonym"] == d["victim_pseudonym"]


def test_reference_dir_parameter(tmp_path):
    ref = tmp_path / "reference"
    ref.mkdir()
    (ref / "force_areas.csv").write_text(
        "force_area_code,force_area_name\nF1,Testshire\nF2,Sampleshire\n", encoding="utf-8"
    )
    (ref / "csps.csv").write_text(
        "csp_code,csp_name,force_area_code\nC1,Alpha Town,F1\nC2,Beta District,F2\n", encoding="utf-8"
    )
    summary = generate_corpus(tmp_path / "out", dhrs=5, seed=3, as_of=date(2024, 12, 31), reference_dir=ref)
    truth = _truth(summary.out_dir)
    assert {d["csp_code"] for d in truth["dhrs"]} <= {"C1", "C2"}
    # no alias file: every form names the CSP officially
    assert all(d["csp_name_on_scoping_review"] in ("Alpha Town", "Beta District") for d in truth["dhrs"])
    assert all(d["notification_date"] <= "2024-12-31" for d in truth["dhrs"])
    # writing again into the same folder replaces the earlier corpus
    again = generate_corpus(tmp_path / "out", dhrs=2, seed=4, as_of=date(2024, 12, 31), reference_dir=ref)
    listed = {f["path"] for d in _truth(again.out_dir)["dhrs"] for f in d["files"]}
    on_disk = {
        p.relative_to(again.out_dir).as_posix()
        for p in again.out_dir.rglob("*")
        if p.is_file() and "_synth" not in p.parts
    }
    assert listed == on_disk


def test_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate_corpus(tmp_path, dhrs=1, seed=1)
