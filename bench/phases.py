"""The measured phases: corpus, ingest, build (dbt vs the compiled SQL run directly), incremental update.

Ingest and build run as the real `dhr` commands in a child process, so their wall time and the
peak memory of their whole process tree (ingest's parse workers included) are what a user sees.
The dashboard and export phases live in `bench.dashboards`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from bench.memory import Measured, run_measured
from bench.stats import rate

GIB = 1024**3
MB = 1_000_000
#: The action-plan lineage: what a new quarterly snapshot can change (a selective refresh).
ACTION_PLAN_SELECTION = "source:dhr_forms.action_plan__plans+ source:dhr_forms.action_plan__actions+"


def dhr_command(*args: str) -> list[str]:
    """The `dhr` CLI of this interpreter's environment."""
    return [sys.executable, "-m", "dhr.cli", *args]


@dataclass(frozen=True)
class Workspace:
    """Where one scale's warehouse and dbt artefacts live (never committed: bench/work/ is ignored)."""

    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "dhr.duckdb"

    @property
    def target(self) -> Path:
        return self.root / "target"

    def env(self, reporting_date: date) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DHR_DB": str(self.warehouse),
                "DHR_DBT_TARGET_DIR": str(self.target),
                "DHR_DBT_LOG_DIR": str(self.root / "logs"),
                "DHR_REPORTING_DATE": reporting_date.isoformat(),
            }
        )
        return env

    def reset(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.warehouse.parent.mkdir(parents=True)


def ensure_corpus(cache_dir: Path, dhrs: int, seed: int, workers: int) -> tuple[Path, float | None]:
    """The corpus for (dhrs, seed), generated once and cached; returns it and the seconds synth took (None if cached)."""
    corpus = cache_dir / f"dhrs{dhrs}-seed{seed}"
    done_marker = corpus / ".complete"
    if done_marker.exists():
        return corpus, None
    shutil.rmtree(corpus, ignore_errors=True)
    started = time.perf_counter()
    measured = run_measured(
        dhr_command("synth", "--dhrs", str(dhrs), "--seed", str(seed), "--out", str(corpus), "--workers", str(workers))
    )
    if measured.returncode != 0:
        raise RuntimeError(f"dhr synth failed: {measured.stderr[-2000:]}")
    seconds = time.perf_counter() - started
    done_marker.write_text(json.dumps({"dhrs": dhrs, "seed": seed, "synth_seconds": seconds}) + "\n")
    return corpus, seconds


def corpus_files(corpus: Path) -> list[Path]:
    """The files `dhr ingest` would read, in its walk order."""
    from ingest.pipeline import iter_files

    return list(iter_files([corpus]))


def _phase(measured: Measured, count: int | None = None, size: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "seconds": round(measured.seconds, 3),
        "peak_rss_gib": None if measured.peak_rss_bytes is None else round(measured.peak_rss_bytes / GIB, 3),
        "returncode": measured.returncode,
        "cpu_seconds": measured.cpu_seconds,
    }
    if count is not None:
        out["files_per_second"] = rate(count, measured.seconds)
        out["files_per_cpu_second"] = None if not measured.cpu_seconds else rate(count, measured.cpu_seconds)
    if size is not None:
        out["megabytes_per_second"] = rate(size / MB, measured.seconds)
    return out


def _summary_line(measured: Measured) -> str:
    lines = [line for line in measured.stdout.splitlines() if line.strip()]
    return lines[-1] if lines else measured.stderr[-500:]


def ingest_phase(
    workspace: Workspace, paths: list[Path], reporting_date: date, size: int, count: int
) -> dict[str, Any]:
    """`dhr ingest` of the corpus into a fresh warehouse. Exit code 1 (some file rejected) is normal for synth."""
    measured = run_measured(dhr_command("ingest", *map(str, paths)), env=workspace.env(reporting_date))
    if measured.returncode not in (0, 1):
        raise RuntimeError(f"dhr ingest failed: {measured.stderr[-2000:]}")
    out = _phase(measured, count, size)
    out["summary"] = _summary_line(measured)
    return out


def build_phase(workspace: Workspace, reporting_date: date, *args: str) -> dict[str, Any]:
    """`dhr build` (seeds, models, tests on a copy, then the swap), with dbt's own timings."""
    measured = run_measured(dhr_command("build", *args), env=workspace.env(reporting_date))
    if measured.returncode != 0:
        raise RuntimeError(f"dhr build failed: {measured.stdout[-2000:]} {measured.stderr[-2000:]}")
    out = _phase(measured)
    out["summary"] = _summary_line(measured)
    out["theme_step_seconds"] = _theme_step_seconds(workspace.warehouse) if "--if-stale" not in args else None
    run_results = workspace.target / "run_results.json"
    if run_results.exists() and "--if-stale" not in args:
        data = json.loads(run_results.read_text(encoding="utf-8"))
        out["dbt_seconds"] = round(float(data.get("elapsed_time", 0.0)), 3)
        out["nodes"] = len(data.get("results", []))
        out["node_seconds_sum"] = round(sum(float(r.get("execution_time") or 0) for r in data["results"]), 3)
    return out


def _theme_step_seconds(warehouse: Path) -> float | None:
    """How long the last build's theme step took (it records itself in themes.scoring_runs)."""
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            row = con.execute("select seconds from themes.scoring_runs order by run_at desc limit 1").fetchone()
    except duckdb.Error:
        return None
    return None if row is None else float(row[0])


# --------------------------------------------------------------------------------------------
# The compiled SQL run directly
# --------------------------------------------------------------------------------------------
def _statement(node: dict[str, Any], result: dict[str, Any], project_root: Path) -> str | None:
    """The SQL DuckDB runs for one dbt node, without dbt: None for nodes with nothing to run."""
    kind = node.get("resource_type")
    relation = node.get("relation_name") or result.get("relation_name")
    compiled = result.get("compiled_code") or node.get("compiled_code")
    if kind == "seed" and relation:
        # Loading the CSV is the work; into a scratch table, so the typed seed dbt made stays for the models.
        csv = (project_root / node["original_file_path"]).as_posix().replace("'", "''")
        return f"create or replace temp table bench_seed as select * from read_csv('{csv}')"
    if kind == "model" and relation and compiled:
        materialized = node.get("config", {}).get("materialized", "view")
        if materialized == "ephemeral":
            return None
        what = "view" if materialized == "view" else "table"
        return f"create or replace {what} {relation} as {compiled}"
    if kind == "test" and compiled:
        return f"select count(*) from ({compiled}) as dbt_internal_test"
    return None  # unit tests run on dbt's own fixtures; snapshots and analyses do not occur here


def direct_sql_phase(workspace: Workspace, project_root: Path) -> dict[str, Any]:
    """Run the SQL of every node of the last build, in the order dbt finished them, on a copy of the warehouse.

    The copy already holds every relation, so each `create or replace` rebuilds it from its
    inputs exactly as dbt's did; tests run as dbt wraps them (a count over the failing rows).
    The copy keeps the name `dhr.duckdb` so the catalog the compiled SQL names resolves.
    """
    run_results = json.loads((workspace.target / "run_results.json").read_text(encoding="utf-8"))
    manifest = json.loads((workspace.target / "manifest.json").read_text(encoding="utf-8"))
    nodes = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}
    copy = workspace.root / "direct" / workspace.warehouse.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(workspace.warehouse, copy)
    by_kind: dict[str, float] = {}
    skipped = 0
    con = duckdb.connect(str(copy))
    try:
        started = time.perf_counter()
        for result in run_results.get("results", []):
            node = nodes.get(result["unique_id"], {})
            sql = _statement(node, result, project_root)
            if sql is None:
                skipped += 1
                continue
            began = time.perf_counter()
            con.execute(sql).fetchall()
            kind = str(node.get("resource_type"))
            by_kind[kind] = by_kind.get(kind, 0.0) + time.perf_counter() - began
        seconds = time.perf_counter() - started
    finally:
        con.close()
        shutil.rmtree(copy.parent, ignore_errors=True)
    return {
        "seconds": round(seconds, 3),
        "by_resource_type": {k: round(v, 3) for k, v in by_kind.items()},
        "nodes_skipped": skipped,
    }


# --------------------------------------------------------------------------------------------
# Incremental update: one new quarterly action plan
# --------------------------------------------------------------------------------------------
def latest_xlsx_plan(corpus: Path) -> tuple[Path, date]:
    """The most recent .xlsx action-plan snapshot in the corpus (from the generator's ground truth)."""
    truth = json.loads((corpus / "_synth" / "truth.json").read_text(encoding="utf-8"))
    plans = [
        (date.fromisoformat(f["as_at_date"]), f["path"])
        for d in truth["dhrs"]
        for f in d["files"]
        if f.get("form_type") == "action_plan" and f["path"].endswith(".xlsx") and f.get("as_at_date")
    ]
    if not plans:
        raise RuntimeError(f"{corpus} has no .xlsx action plan to resubmit")
    as_at, path = max(plans)
    return corpus / path, as_at


def next_quarter_snapshot(plan: Path, as_at: date, out_dir: Path, quarters: int = 1) -> Path:
    """A copy of an action plan re-dated `quarters` quarter ends later: the CSP's next quarterly submission.

    Only the 'Progress as at' value changes (openpyxl, normal mode, so the form keeps its layout).
    """
    from openpyxl import load_workbook

    from ingest.readers import fold

    new_date = _quarter_end_after(as_at, quarters)
    workbook = load_workbook(plan)
    changed = False
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and fold(cell.value) == fold("Progress as at"):
                    target = sheet.cell(row=cell.row, column=cell.column + 1)
                    target.value = datetime(new_date.year, new_date.month, new_date.day)
                    changed = True
    if not changed:
        raise RuntimeError(f"{plan.name}: no 'Progress as at' label to re-date")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{plan.stem} as at {new_date.isoformat()}{plan.suffix}"
    workbook.save(out)
    return out


def _quarter_end_after(day: date, quarters: int) -> date:
    """The `quarters`-th quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) strictly after `day`."""
    current = day
    for _ in range(quarters):
        month = ((current.month - 1) // 3 + 1) * 3  # the end month of current's quarter
        end = date(current.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if end == current:  # already a quarter end: the next one
            current = current + timedelta(days=1)
            month = ((current.month - 1) // 3 + 1) * 3
            end = date(current.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        current = end
    return current


def incremental_phase(workspace: Workspace, corpus: Path, reporting_date: date) -> dict[str, Any]:
    """One new quarterly plan ingested and the marts refreshed: by a full build, then (a second plan)
    by building only the action-plan lineage. Also a `--if-stale` build with nothing new (a no-op)."""
    plan, as_at = latest_xlsx_plan(corpus)
    new_dir = workspace.root / "incoming"
    out: dict[str, Any] = {"resubmitted_plan": plan.name, "was_as_at": as_at.isoformat()}
    first = next_quarter_snapshot(plan, as_at, new_dir / "1", 1)
    ingest = run_measured(dhr_command("ingest", str(first)), env=workspace.env(reporting_date))
    out["ingest_summary"] = _summary_line(ingest)
    build = build_phase(workspace, reporting_date)
    out["ingest_seconds"] = round(ingest.seconds, 3)
    out["build_seconds"] = build["seconds"]
    out["total_seconds"] = round(ingest.seconds + build["seconds"], 3)
    noop = build_phase(workspace, reporting_date, "--if-stale")
    out["if_stale_noop_seconds"] = noop["seconds"]
    second = next_quarter_snapshot(plan, as_at, new_dir / "2", 2)
    ingest2 = run_measured(dhr_command("ingest", str(second)), env=workspace.env(reporting_date))
    selective = build_phase(workspace, reporting_date, "--select", ACTION_PLAN_SELECTION)
    out["selective_ingest_seconds"] = round(ingest2.seconds, 3)
    out["selective_build_seconds"] = selective["seconds"]
    out["selective_nodes"] = selective.get("nodes")
    out["selective_total_seconds"] = round(ingest2.seconds + selective["seconds"], 3)
    return out
