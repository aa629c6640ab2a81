"""`ingest_paths`: raw store, duplicates, quarantine, one transaction per file, a bad file never stops the run."""

from __future__ import annotations

import json
import shutil
import threading
import time

import duckdb
import pytest
from filelock import FileLock
from ingest_builders import (
    action_row,
    write_action_plan_docx,
    write_action_plan_xlsx,
    write_data_capture_xlsx,
    write_scoping_docx,
)

from form_contract.spec import ALL_RAW_TABLES
from ingest.pipeline import FileResult, ingest_paths, iter_files

CONTRACT_KEYS = [
    "file",
    "sha256",
    "status",
    "form_type",
    "dhr_reference",
    "csp_code",
    "records",
    "errors",
    "warnings",
    "inferred",
]


def table_counts(warehouse) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t.name: con.execute(f"select count(*) from {t.qualified_name}").fetchone()[0] for t in ALL_RAW_TABLES}


def ingested_files(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select file_name, status, form_type, csp_code, dhr_reference, record_counts, errors, stored_path "
            "from raw.ingested_files order by file_name"
        ).fetchall()


def test_all_three_forms_accepted_and_loaded(inbox, warehouse, reference_dir):
    write_data_capture_xlsx(inbox / "dc.xlsx")
    write_scoping_docx(inbox / "scoping.docx")
    write_action_plan_xlsx(inbox / "plan.xlsx")
    write_action_plan_docx(inbox / "plan.docx")
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert [(r.file.split("/")[-1], r.status, r.form_type) for r in results] == [
        ("dc.xlsx", "accepted", "data_capture"),
        ("plan.docx", "accepted", "action_plan"),
        ("plan.xlsx", "accepted", "action_plan"),
        ("scoping.docx", "accepted", "scoping_review"),
    ]
    assert all(r.errors == [] and r.csp_code == "E22000143" for r in results)
    assert results[1].records == {"plans": 1, "actions": 3, "recommendations": 2}
    assert results[3].records == {"reviews": 1, "early_actions": 2}
    counts = table_counts(warehouse)
    assert counts["action_plan__plans"] == 2 and counts["action_plan__actions"] == 6
    assert counts["data_capture__cases"] == 1 and counts["scoping_review__reviews"] == 1

    with duckdb.connect(str(warehouse), read_only=True) as con:
        lineage = con.execute(
            "select a.source_sheet, a.source_row, f.file_name from raw.action_plan__actions a "
            "join raw.ingested_files f using (file_sha256) order by f.file_name, a.source_row"
        ).fetchall()
        assert lineage[:3] == [("table 2", 2, "plan.docx"), ("table 2", 3, "plan.docx"), ("table 2", 4, "plan.docx")]
        assert lineage[3][0] == "Action plan"
        row = con.execute(
            "select status, record_counts, ingested_at from raw.ingested_files where file_name = 'plan.xlsx'"
        ).fetchone()
    assert row[0] == "accepted" and json.loads(row[1]) == {"plans": 1, "actions": 3, "recommendations": 2}
    assert row[2] is not None


def test_every_file_copied_to_the_raw_store_first(inbox, warehouse, reference_dir):
    path = write_action_plan_xlsx(inbox / "plan.xlsx")
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4 rejected but kept")
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    for result in results:
        suffix = ".pdf" if result.file.endswith(".pdf") else ".xlsx"
        stored = warehouse.parent / "raw_files" / result.sha256[:2] / f"{result.sha256}{suffix}"
        assert stored.exists()
    assert (
        warehouse.parent / "raw_files" / results[1].sha256[:2] / f"{results[1].sha256}.xlsx"
    ).read_bytes() == path.read_bytes()
    stored_paths = [row[7] for row in ingested_files(warehouse)]
    assert all(p.startswith("raw_files/") for p in stored_paths)


def test_duplicate_file_adds_nothing(inbox, warehouse, reference_dir):
    write_action_plan_xlsx(inbox / "plan.xlsx")
    [first] = ingest_paths([inbox / "plan.xlsx"], warehouse, reference_dir=reference_dir)
    before = table_counts(warehouse)
    copy = inbox / "plan (copy).xlsx"
    shutil.copyfile(inbox / "plan.xlsx", copy)
    [again] = ingest_paths([copy], warehouse, reference_dir=reference_dir)
    assert first.status == "accepted"
    assert (again.status, again.sha256, again.records, again.errors) == ("duplicate", first.sha256, {}, [])
    assert (again.form_type, again.csp_code, again.dhr_reference) == ("action_plan", "E22000143", "DHR 21-03")
    assert table_counts(warehouse) == before
    assert len(ingested_files(warehouse)) == 1


def test_duplicate_within_one_run(inbox, warehouse, reference_dir):
    write_action_plan_xlsx(inbox / "a.xlsx")
    shutil.copyfile(inbox / "a.xlsx", inbox / "b.xlsx")
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert [r.status for r in results] == ["accepted", "duplicate"]
    assert table_counts(warehouse)["action_plan__actions"] == 3


def test_rejected_file_is_listed_but_loads_no_rows(inbox, warehouse, reference_dir):
    rows = [action_row(1, "Rec", "1.1", target="31/02/2024"), action_row(None, None, "1.1", action="Again")]
    write_action_plan_xlsx(inbox / "DHR 21-03 action plan.xlsx", rows=rows)
    [result] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert result.status == "rejected" and result.form_type == "action_plan"
    assert result.records == {}
    assert result.errors == [
        "DHR 21-03 action plan.xlsx, sheet 'Action plan', row 9, 'Target date': '31/02/2024' is not a real date",
        "DHR 21-03 action plan.xlsx, sheet 'Action plan', row 10, 'Action no.': action 1.1 appears twice (rows 9 and 10)",
    ]
    assert sum(table_counts(warehouse).values()) == 0
    [(name, status, form_type, csp_code, reference, counts, errors, _)] = ingested_files(warehouse)
    assert (name, status, form_type, csp_code, reference) == (
        "DHR 21-03 action plan.xlsx",
        "rejected",
        "action_plan",
        "E22000143",
        "DHR 21-03",
    )
    assert json.loads(counts) == {} and json.loads(errors) == result.errors


def test_a_corrupt_file_does_not_stop_the_next(inbox, warehouse, reference_dir):
    good = write_action_plan_xlsx(inbox / "b good.xlsx")
    (inbox / "a broken.xlsx").write_bytes(good.read_bytes()[:500])  # a truncated zip
    (inbox / "c scan.pdf").write_bytes(b"%PDF-1.5")
    (inbox / "d old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert [r.status for r in results] == ["rejected", "accepted", "rejected", "rejected"]
    assert "could not be opened" in results[0].errors[0]
    assert "save" in results[2].errors[0] and ".docx" in results[2].errors[0]
    assert "save it as a Word Document (.docx)" in results[3].errors[0]
    assert table_counts(warehouse)["action_plan__actions"] == 3
    assert [row[1] for row in ingested_files(warehouse)] == ["rejected", "accepted", "rejected", "rejected"]


def test_unexpected_parser_failure_is_a_rejection_not_a_crash(inbox, warehouse, reference_dir, monkeypatch):
    import ingest.pipeline as pipeline

    write_action_plan_xlsx(inbox / "a.xlsx")
    write_action_plan_xlsx(inbox / "b.xlsx", header=None, rows=[action_row(1, "Other", "1.1")])
    calls = []

    def flaky(path, **kwargs):
        calls.append(path.name)
        if path.name == "a.xlsx":
            raise RuntimeError("boom")
        return original(path, **kwargs)

    original = pipeline.parse_file
    monkeypatch.setattr(pipeline, "parse_file", flaky)
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert [r.status for r in results] == ["rejected", "accepted"]
    assert results[0].errors == ["a.xlsx: the file could not be read (RuntimeError: boom)"]


def test_walk_skips_underscore_and_hidden_folders_and_office_lock_files(inbox, warehouse, reference_dir):
    (inbox / "_synth").mkdir()
    (inbox / "_synth" / "truth.json").write_text("{}")
    (inbox / ".git").mkdir()
    (inbox / ".git" / "config").write_text("x")
    (inbox / "medway" / "2021").mkdir(parents=True)
    write_action_plan_xlsx(inbox / "medway" / "2021" / "plan.xlsx")
    (inbox / "medway" / "~$plan.xlsx").write_bytes(b"lock")
    (inbox / "medway" / ".DS_Store").write_bytes(b"x")
    write_scoping_docx(inbox / "medway" / "a scoping.docx")
    files = [p.relative_to(inbox).as_posix() for p in iter_files([inbox])]
    assert files == ["medway/a scoping.docx", "medway/2021/plan.xlsx"]
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert [r.status for r in results] == ["accepted", "accepted"]


def test_missing_path_fails_before_anything_is_written(tmp_path, warehouse, reference_dir):
    with pytest.raises(FileNotFoundError):
        ingest_paths([tmp_path / "nowhere"], warehouse, reference_dir=reference_dir)
    assert not warehouse.exists()


def test_unknown_csp_rejected_with_suggestions(inbox, warehouse, reference_dir):
    from ingest_builders import plan_header

    write_action_plan_xlsx(inbox / "plan.xlsx", header=plan_header(**{"Community Safety Partnership": "Medwy CSP"}))
    [result] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert result.status == "rejected" and result.csp_code is None
    assert result.errors == [
        "plan.xlsx, sheet 'Action plan', row 3, 'Community Safety Partnership': 'Medwy CSP' is "
        "not a Community Safety Partnership we know: did you mean 'Medway'?"
    ]


def test_file_result_to_dict_is_the_json_contract(inbox, warehouse, reference_dir):
    write_action_plan_xlsx(inbox / "plan.xlsx")
    [result] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    as_dict = result.to_dict()
    assert list(as_dict) == CONTRACT_KEYS
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert as_dict["status"] == "accepted" and as_dict["records"]["actions"] == 3
    assert FileResult("f", "s", "duplicate", None, None, None).to_dict() == {
        "file": "f",
        "sha256": "s",
        "status": "duplicate",
        "form_type": None,
        "dhr_reference": None,
        "csp_code": None,
        "records": {},
        "errors": [],
        "warnings": [],
        "inferred": {},
    }


def test_run_waits_for_the_warehouse_lock(inbox, warehouse, reference_dir):
    """`dhr build` holds the same lock while it swaps the warehouse; ingest must wait for it."""
    write_action_plan_xlsx(inbox / "plan.xlsx")
    warehouse.parent.mkdir(parents=True)
    held, released = threading.Event(), []

    def build() -> None:
        with FileLock(str(warehouse.with_suffix(".lock"))):
            held.set()
            time.sleep(0.5)
            released.append(time.monotonic())

    thread = threading.Thread(target=build)
    thread.start()
    held.wait(5)
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    finished = time.monotonic()
    thread.join()
    assert results[0].status == "accepted"
    assert finished > released[0]


def test_progress_bar_writes_to_stderr(inbox, warehouse, reference_dir, capsys):
    write_action_plan_xlsx(inbox / "plan.xlsx")
    ingest_paths([inbox], warehouse, progress=True, reference_dir=reference_dir)
    assert "Ingesting" in capsys.readouterr().err


def test_many_files_parsed_in_worker_processes_load_in_walk_order(inbox, warehouse, reference_dir):
    from ingest_builders import plan_header

    from ingest.pipeline import PARALLEL_MIN_FILES

    count = PARALLEL_MIN_FILES + 2
    for i in range(count):
        write_action_plan_xlsx(inbox / f"plan {i:02d}.xlsx", header=plan_header(**{"Local DHR reference": f"DHR {i}"}))
    shutil.copyfile(inbox / "plan 00.xlsx", inbox / "plan zz copy of 00.xlsx")
    (inbox / "plan 01 broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir, workers=2)
    names = [r.file.rsplit("/", 1)[-1] for r in results]
    assert names == sorted(p.name for p in inbox.iterdir())
    by_name = dict(zip(names, results, strict=True))
    assert by_name["plan zz copy of 00.xlsx"].status == "duplicate"
    assert by_name["plan zz copy of 00.xlsx"].dhr_reference == "DHR 0"
    assert by_name["plan 01 broken.xlsx"].status == "rejected"
    accepted = [r for r in results if r.status == "accepted"]
    assert [r.dhr_reference for r in accepted] == [f"DHR {i}" for i in range(count)]
    assert table_counts(warehouse)["action_plan__plans"] == count
    with duckdb.connect(str(warehouse), read_only=True) as con:
        order = [
            row[0]
            for row in con.execute(
                "select dhr_reference from raw.ingested_files where status = 'accepted' order by ingested_at"
            ).fetchall()
        ]
    assert order == [f"DHR {i}" for i in range(count)]


def test_retry_rejected_reparses_a_quarantined_file_after_a_fix(inbox, warehouse, reference_dir):
    from ingest_builders import plan_header

    write_action_plan_xlsx(inbox / "plan.xlsx", header=plan_header(**{"Community Safety Partnership": "Saffer Medwy"}))
    [first] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert first.status == "rejected"
    [again] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    # Same bytes, nothing added; rejected again with the same reasons (issue 15).
    assert (again.status, again.errors) == ("rejected", first.errors)

    with (reference_dir / "csp_aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("Saffer Medwy,E22000143\n")  # the fix: a new alias in the reference
    fixed_reference = reference_dir.parent / "fixed_reference"
    shutil.copytree(reference_dir, fixed_reference)  # a new directory: the directory cache is per path
    [retried] = ingest_paths([inbox], warehouse, reference_dir=fixed_reference, retry_rejected=True)
    assert (retried.status, retried.csp_code) == ("accepted", "E22000143")
    assert [(row[1], row[3]) for row in ingested_files(warehouse)] == [("accepted", "E22000143")]
    assert table_counts(warehouse)["action_plan__actions"] == 3
    [accepted_again] = ingest_paths([inbox], warehouse, reference_dir=fixed_reference, retry_rejected=True)
    assert accepted_again.status == "duplicate"
