"""`make bench` / `python -m bench.run`: measure every scale in BENCH_SCALES and write the results.

Environment (all optional):
  BENCH_SCALES           DHR counts, comma-separated (default "2000,20000")
  BENCH_QUICK=1          one small scale (BENCH_QUICK_DHRS, default 50) for a smoke run
  BENCH_SEED             synth seed (default 42)
  BENCH_BASELINE_FILES   files the baseline reader samples, evenly across the corpus (default 200; 0 = all)
  BENCH_REPEATS          runs per dashboard query (default 20); pages render BENCH_PAGE_REPEATS times (5)
  BENCH_OUT              where results.json and README.md go (default bench/)
  BENCH_LOAD_SESSIONS    signed-in browser sessions of the load phase (default 25; bench/load.py)
  BENCH_LOAD_SECONDS     how long each visits its role's pages (default 180; 0 skips the load phase)
  BENCH_LOAD_RUNS        load runs in a row, each on a fresh server and browser (default 3)
  BENCH_LOAD_THINK_SECONDS  average seconds a person reads a page before the next (default in bench/load.py)
  BENCH_ONLY=upload      only the upload-to-visible phase, on the scale's corpus and workspace as the last
                         full run left them (built; `bench/upload.py`)

Corpora are cached in bench/corpora/, warehouses live in bench/work/; neither is committed.
A scale that fails (or is interrupted) is recorded with its error and the run goes on.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench.app_latency import measure_dashboards, measure_export
from bench.baseline import baseline_read
from bench.floor import floor_read
from bench.load import load_runs
from bench.phases import (
    MB,
    Workspace,
    build_phase,
    corpus_files,
    direct_sql_phase,
    ensure_corpus,
    incremental_phase,
    ingest_phase,
)
from bench.report import write_results
from bench.stats import rate, ratio
from bench.upload import upload_phase

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
REPORTING_DATE = date(2026, 12, 31)  # a quarter after the corpus's as_of: the incremental snapshot is not in the future


def scales_from_env() -> list[int]:
    if os.environ.get("BENCH_QUICK") == "1":
        return [int(os.environ.get("BENCH_QUICK_DHRS", "50"))]
    return [int(s) for s in os.environ.get("BENCH_SCALES", "2000,20000").split(",") if s.strip()]


def sample_evenly(files: list[Path], limit: int) -> list[Path]:
    """At most `limit` files spread evenly over the list (every k-th), so every form type is in the sample."""
    if limit <= 0 or len(files) <= limit:
        return list(files)
    step = len(files) / limit
    return [files[int(i * step)] for i in range(limit)]


def machine() -> dict[str, Any]:
    import dbt.version
    import duckdb

    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            memory = round(int(handle.readline().split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "processor": _cpu_model(),
        "cpus": os.cpu_count(),
        "memory_gib": memory,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt_core": str(dbt.version.installed),
        "git_commit": _git("rev-parse", "HEAD"),
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def run_scale(dhrs: int, seed: int) -> dict[str, Any]:
    """Every measurement at one scale (BENCH_ONLY=upload: only the upload phase, on what is there)."""
    out: dict[str, Any] = {"dhrs": dhrs, "seed": seed}
    corpus, synth_seconds = ensure_corpus(BENCH_DIR / "corpora", dhrs, seed, workers=os.cpu_count() or 1)
    if os.environ.get("BENCH_ONLY") == "upload":
        workspace = Workspace(BENCH_DIR / "work" / f"dhrs{dhrs}")
        if not workspace.warehouse.exists():
            raise RuntimeError(f"{workspace.warehouse} is not built: run `make bench` at {dhrs} DHRs first")
        out["upload"] = upload_phase(workspace, corpus, REPORTING_DATE)
        log(f"upload to visible: {out['upload'].get('upload_to_visible_seconds')} s")
        return out
    files = corpus_files(corpus)
    size = sum(p.stat().st_size for p in files)
    out["corpus"] = {
        "files": len(files),
        "megabytes": round(size / MB, 2),
        "synth_seconds": synth_seconds,
        "by_suffix": {s: sum(p.suffix == s for p in files) for s in sorted({p.suffix for p in files})},
    }
    log(f"{dhrs} DHRs: {len(files)} files, {size / MB:.1f} MB")

    floor = floor_read(files, workers=os.cpu_count() or 1)
    out["floor"] = {
        "files": floor.files,
        "parts": floor.parts,
        "seconds": round(floor.seconds, 3),
        "workers": os.cpu_count(),
        "files_per_second": rate(floor.files, floor.seconds),
        "megabytes_per_second": rate(floor.bytes / MB, floor.seconds),
    }
    log(f"floor: {floor.seconds:.1f} s")
    sample = sample_evenly(files, int(os.environ.get("BENCH_BASELINE_FILES", "200")))
    baseline = baseline_read(sample)
    out["baseline"] = {
        "files": baseline.files,
        "sampled": baseline.files < len(files),
        "workers": 1,
        "seconds": round(baseline.seconds, 3),
        "files_per_second": rate(baseline.files, baseline.seconds),
        "megabytes_per_second": rate(baseline.bytes / MB, baseline.seconds),
    }
    log(f"baseline: {baseline.files} files in {baseline.seconds:.1f} s")

    workspace = Workspace(BENCH_DIR / "work" / f"dhrs{dhrs}")
    workspace.reset()
    out["ingest"] = ingest_phase(workspace, [corpus], REPORTING_DATE, size, len(files))
    log(f"ingest: {out['ingest']['seconds']:.1f} s ({out['ingest']['summary']})")
    out["build"] = build_phase(workspace, REPORTING_DATE)
    log(f"build: {out['build']['seconds']:.1f} s")
    out["end_to_end_seconds"] = round(out["ingest"]["seconds"] + out["build"]["seconds"], 3)
    # Each later phase is recorded even if another fails: a failure is kept as its error.
    direct = _attempt(lambda: direct_sql_phase(workspace, PROJECT_ROOT))
    out["build"]["direct_sql"] = direct
    out["build"]["direct_sql_seconds"] = direct.get("seconds")
    log(f"compiled SQL run directly: {direct}")
    repeats = int(os.environ.get("BENCH_REPEATS", "20"))
    page_repeats = int(os.environ.get("BENCH_PAGE_REPEATS", "5"))
    out["dashboards"] = _attempt(
        lambda: measure_dashboards(workspace.warehouse, repeats=repeats, page_repeats=page_repeats)
    )
    log(f"dashboards: worst query p95 {out['dashboards'].get('worst_query_p95_ms')} ms")
    out["export"] = _attempt(lambda: measure_export(workspace.warehouse))
    # Many signed-in people at once (BENCH_LOAD_SESSIONS, BENCH_LOAD_SECONDS; BENCH_LOAD_SECONDS=0 skips it).
    if float(os.environ.get("BENCH_LOAD_SECONDS", "180")) > 0:
        out["load"] = _attempt(lambda: load_runs(workspace.warehouse))
        log(f"load: { ({k: out['load'].get(k) for k in ('meets_target', 'errors', 'hangs', 'worst_p95_seconds')}) }")
    # Before the incremental phase: it ingests the same next quarter at a shell.
    out["upload"] = _attempt(lambda: upload_phase(workspace, corpus, REPORTING_DATE))
    log(f"upload to visible: {out['upload'].get('upload_to_visible_seconds')} s")
    out["incremental"] = _attempt(lambda: incremental_phase(workspace, corpus, REPORTING_DATE))
    log(f"incremental: {out['incremental'].get('total_seconds')} s")
    out["ratios"] = ratios(out)
    out["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    return out


def _attempt(phase: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The phase's results, or {'error': ...} if it failed (the other phases still run)."""
    try:
        return phase()
    except Exception as exc:
        log(f"phase failed: {type(exc).__name__}: {exc}")
        return {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()[-2000:]}


def ratios(scale: dict[str, Any]) -> dict[str, float | None]:
    ingest_rate = scale["ingest"].get("files_per_second")
    build = scale["build"]
    direct = build.get("direct_sql_seconds")
    # The theme step (classifier, similarity, topics) runs before dbt and is not dbt's: leave it out.
    dbt_part = build["seconds"] - (build.get("theme_step_seconds") or 0.0)
    overhead = None if direct is None else ratio(dbt_part - direct, dbt_part)
    return {
        "ingest_over_baseline": ratio(ingest_rate, scale["baseline"]["files_per_second"]),
        "floor_over_ingest": ratio(scale["floor"]["files_per_second"], ingest_rate),
        "dbt_overhead_share": None if overhead is None else overhead * 100,
    }


def main() -> int:
    # AppTest runs the pages outside a server: Streamlit warns about it once per page render.
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    seed = int(os.environ.get("BENCH_SEED", "42"))
    out_dir = Path(os.environ.get("BENCH_OUT", str(BENCH_DIR)))
    out_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    requested = scales_from_env()
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "reporting_date": REPORTING_DATE.isoformat(),
        "scales_requested": requested,
        "scales": [],
        "not_run": [],
    }
    started = time.perf_counter()
    for dhrs in requested:
        log(f"scale {dhrs} DHRs")
        try:
            results["scales"].append(run_scale(dhrs, seed))
        except (Exception, KeyboardInterrupt) as exc:
            results["not_run"].append(
                {"dhrs": dhrs, "reason": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()[-2000:]}
            )
            log(f"scale {dhrs} failed: {exc}")
            if isinstance(exc, KeyboardInterrupt):
                break
        write_results(results, out_dir / "results.json", out_dir / "README.md")
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    write_results(results, out_dir / "results.json", out_dir / "README.md")
    log(f"wrote {out_dir / 'results.json'}")
    return 0 if not results["not_run"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
