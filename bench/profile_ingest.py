"""Profile `dhr ingest` of one corpus in a single process (pyinstrument), so parse and load show together.

    python -m bench.profile_ingest CORPUS [--out bench/profiles/ingest.txt]

pyinstrument is not a project dependency: `pip install pyinstrument` first. The warehouse is a
throw-away one under bench/work/profile/.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from ingest.pipeline import ingest_paths

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "profiles" / "ingest.txt")
    args = parser.parse_args()
    from pyinstrument import Profiler

    work = BENCH_DIR / "work" / "profile"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    profiler = Profiler(interval=0.002)
    started = time.perf_counter()
    with profiler:
        results = ingest_paths([args.corpus], work / "dhr.duckdb", workers=1)
    seconds = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    print(
        f"{len(results)} files in {seconds:.1f} s ({len(results) / seconds:.1f} files/s, one process); "
        f"profile in {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
