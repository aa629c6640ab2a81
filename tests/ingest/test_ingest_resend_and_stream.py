"""Issue 15, ingest: a rejected file sent again is rejected again with its reasons; a file over the
size limit is refused before it is hashed or stored; results are handed out file by file, in walk
order, as each one finishes (so `dhr ingest --json` streams)."""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest
from ingest_builders import plan_header, write_action_plan_xlsx
from typer.testing import CliRunner

from dhr.cli import app
from ingest.limits import MAX_FILE_BYTES
from ingest.pipeline import ingest_paths

runner = CliRunner()


def ingested(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select file_name, status, errors from raw.ingested_files order by ingested_at").fetchall()


def rejected_plan(path):
    return write_action_plan_xlsx(path, header=plan_header(**{"Community Safety Partnership": "Saffer Medwy"}))


# -- a rejected file sent again ------------------------------------------------------------------
def test_a_rejected_file_sent_again_is_rejected_again_with_its_reasons(inbox, warehouse, reference_dir):
    rejected_plan(inbox / "plan.xlsx")
    [first] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert first.status == "rejected" and first.errors
    shutil.copyfile(inbox / "plan.xlsx", inbox / "plan (resent).xlsx")
    again = ingest_paths([inbox / "plan (resent).xlsx"], warehouse, reference_dir=reference_dir)
    [resent] = again
    assert (resent.status, resent.sha256, resent.errors, resent.records) == ("rejected", first.sha256, first.errors, {})
    assert any("received before" in note and "plan.xlsx" in note for note in resent.notes), resent.notes
    assert [row[:2] for row in ingested(warehouse)] == [("plan.xlsx", "rejected")]  # nothing added


def test_two_copies_of_a_rejected_file_in_one_run_are_both_rejected(inbox, warehouse, reference_dir):
    rejected_plan(inbox / "a.xlsx")
    shutil.copyfile(inbox / "a.xlsx", inbox / "b.xlsx")
    first, copy = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert (first.status, copy.status) == ("rejected", "rejected")
    assert copy.errors == first.errors and copy.notes
    assert len(ingested(warehouse)) == 1


def test_an_accepted_file_sent_again_is_still_a_duplicate(inbox, warehouse, reference_dir):
    write_action_plan_xlsx(inbox / "plan.xlsx")
    [first] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    [again] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert (first.status, again.status, again.errors) == ("accepted", "duplicate", [])


def test_cli_repeats_the_reasons_and_exits_1_for_a_rejected_file_sent_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DHR_DB", str(tmp_path / "wh" / "dhr.duckdb"))
    bad = tmp_path / "minutes.pdf"
    bad.write_bytes(b"%PDF-1.4 not a form")
    first = runner.invoke(app, ["ingest", "--json", str(bad)])
    assert first.exit_code == 1
    errors = json.loads(first.stdout)["errors"]
    assert errors
    again = runner.invoke(app, ["ingest", "--json", str(bad)])
    assert again.exit_code == 1
    line = json.loads(again.stdout)
    assert (line["status"], line["errors"]) == ("rejected", errors)
    text = runner.invoke(app, ["ingest", str(bad)])
    assert text.exit_code == 1
    assert "0 accepted, 0 duplicate, 1 rejected" in text.stdout
    assert errors[0] in text.stderr and "received before" in text.stderr


# -- files over the size limit -------------------------------------------------------------------
def test_an_oversized_file_is_refused_before_it_is_stored(inbox, warehouse, reference_dir):
    big = inbox / "scan of plan.xlsx"
    with big.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(MAX_FILE_BYTES + 1)
    [result] = ingest_paths([big], warehouse, reference_dir=reference_dir)
    assert result.status == "rejected"
    assert result.errors == [
        f"{big.name}: the file is 25.0 MB, larger than the 25.0 MB a form may be: send the form "
        "on its own (no pasted pictures or other data), saved as .xlsx or .docx"
    ]
    raw_store = warehouse.parent / "raw_files"
    assert not raw_store.exists() or not [p for p in raw_store.rglob("*") if p.is_file()]
    assert ingested(warehouse) == []  # nothing kept: no copy, so nothing a rebuild could replay


@pytest.mark.timeout(60)
def test_a_file_that_is_not_a_regular_file_is_refused_without_reading_it(inbox, warehouse, reference_dir):
    os.mkfifo(inbox / "plan.xlsx")  # reading it would wait for a writer forever
    [result] = ingest_paths([inbox], warehouse, reference_dir=reference_dir)
    assert result.status == "rejected" and "not a regular file" in result.errors[0]


# -- results as each file finishes ---------------------------------------------------------------
def test_each_result_is_handed_out_in_walk_order_as_it_finishes(inbox, warehouse, reference_dir):
    for i in range(4):
        write_action_plan_xlsx(inbox / f"plan {i}.xlsx", header=plan_header(**{"Local DHR reference": f"DHR {i}"}))
    shutil.copyfile(inbox / "plan 0.xlsx", inbox / "plan 0 copy.xlsx")
    rejected_plan(inbox / "plan 9 bad.xlsx")
    seen = []
    results = ingest_paths([inbox], warehouse, reference_dir=reference_dir, on_result=seen.append)
    assert seen == results
    assert [r.file.rsplit("/", 1)[-1] for r in seen] == sorted(p.name for p in inbox.iterdir())
    assert [r.status for r in seen] == ["accepted", "duplicate", "accepted", "accepted", "accepted", "rejected"]


@pytest.mark.timeout(120)
def test_ingest_json_prints_each_line_before_the_next_file_is_done(tmp_path):
    """A real `dhr ingest --json` whose second file is held back until the test has read the first line."""
    first, second = tmp_path / "a minutes.pdf", tmp_path / "b minutes.pdf"
    first.write_bytes(b"%PDF-1.4 first")
    second.write_bytes(b"%PDF-1.4 second")
    release = tmp_path / "release"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        import ingest.pipeline as pipeline
        receive = pipeline._receive
        def held(incoming, *args, **kwargs):
            if incoming.path.name == {second.name!r}:
                deadline = time.monotonic() + 60
                while not Path({str(release)!r}).exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
            return receive(incoming, *args, **kwargs)
        pipeline._receive = held
        from dhr.cli import main
        main()
    """)
    env = {**os.environ, "DHR_DB": str(tmp_path / "wh" / "dhr.duckdb")}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "ingest", "--json", str(first), str(second)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        started = time.monotonic()
        assert selector.select(timeout=60), "no line within 60 s"
        line = proc.stdout.readline()
        assert json.loads(line)["file"] == str(first)
        assert proc.poll() is None and not release.exists()  # the second file is still held back
        assert time.monotonic() - started < 60
        release.touch()
        rest, err = proc.communicate(timeout=60)
        assert json.loads(rest)["file"] == str(second), err
        assert proc.returncode == 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
