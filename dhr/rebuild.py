"""`dhr rebuild`: recreate the warehouse from the raw store alone.

Every file ever received is kept in the content-addressed raw store (`warehouse/raw_files/`,
docs/design.md §2) with a receipt saying when it was first received and under what name
(ingest/raw_store.py). A rebuild, under the warehouse's file lock:

1. writes a receipt for any stored file that has none, from the current warehouse's own record
   (files stored before receipts were kept); a file with neither is dated by its modification time;
2. ingests every stored file into a fresh file beside the warehouse (`<name>.rebuild.duckdb`), in
   the order the files were first received (then by sha256), each under its original name and
   with its original received time as `ingested_at`, so "latest form wins" picks the same forms;
3. builds that file with dbt (`dhr build`'s copy-and-swap, tests included);
4. only if the build passes, atomically replaces the warehouse with it. Otherwise the warehouse
   is left as it was; the dashboards keep reading it throughout.

The marts of the rebuilt warehouse are identical, row for row, to the ones it replaces, apart
from `meta_build.built_at` (tests/integration/test_rebuild.py).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import duckdb
from filelock import FileLock

from dhr.warehouse_build import BuildResult, build_warehouse
from ingest.load import sha256_of
from ingest.pipeline import FileResult, Incoming, ingest_files, lock_path_for
from ingest.raw_store import Receipt, read_receipt, stored_files, write_receipt


@dataclass
class RebuildResult:
    status: Literal["built", "failed"]
    warehouse_path: Path
    seconds: float
    message: str
    results: list[FileResult] = field(default_factory=list)
    build: BuildResult | None = None
    skipped: list[str] = field(default_factory=list)  # stored files whose bytes no longer match their sha256


def rebuild_path_for(warehouse_path: Path) -> Path:
    """``dhr.duckdb`` -> ``dhr.rebuild.duckdb`` (same catalog name before the first dot, see warehouse_build)."""
    stem = warehouse_path.name.split(".", 1)[0]
    return warehouse_path.with_name(f"{stem}.rebuild.duckdb")


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def backfill_receipts(warehouse_path: Path, raw_store_dir: Path) -> int:
    """Write receipts from `raw.ingested_files` for stored files that have none; how many were written."""
    if not warehouse_path.exists():
        return 0
    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error:
        return 0
    try:
        rows = con.execute("select file_sha256, file_name, ingested_at from raw.ingested_files").fetchall()
    except duckdb.Error:
        rows = []
    finally:
        con.close()
    written = 0
    for sha, name, ingested_at in rows:
        stored = list((raw_store_dir / sha[:2]).glob(f"{sha}*")) if (raw_store_dir / sha[:2]).is_dir() else []
        if stored and ingested_at is not None and read_receipt(raw_store_dir, sha) is None:
            write_receipt(raw_store_dir, sha, Receipt(name, ingested_at))
            written += 1
    return written


def rebuild_warehouse(
    warehouse_path: Path,
    *,
    reporting_date: date | None = None,
    reference_dir: Path | None = None,
    progress: bool = False,
    workers: int | None = None,
    select: str | None = None,
) -> RebuildResult:
    """Recreate `warehouse_path` from its raw store (`<folder>/raw_files`) and build it; see the module doc.

    `select` is passed to `dhr build` (a dbt selection; default everything, tests included).
    """
    started = time.monotonic()
    warehouse_path = Path(warehouse_path).resolve()
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    raw_store_dir = warehouse_path.parent / "raw_files"
    fresh = rebuild_path_for(warehouse_path)

    def done(status: Literal["built", "failed"], message: str, **kwargs) -> RebuildResult:
        return RebuildResult(status, warehouse_path, time.monotonic() - started, message, **kwargs)

    with FileLock(str(lock_path_for(warehouse_path))):
        backfill_receipts(warehouse_path, raw_store_dir)
        incoming: list[Incoming] = []
        skipped: list[str] = []
        for stored in stored_files(raw_store_dir):
            if sha256_of(stored.path) != stored.sha256:
                skipped.append(f"{stored.path}: its bytes no longer match its sha256, so it was not ingested")
                continue
            receipt = stored.receipt
            incoming.append(Incoming(stored.path, receipt.file_name, receipt.received_at, receipt.sender_csp_code))
        _remove(fresh)
        try:
            results = ingest_files(incoming, fresh, progress=progress, reference_dir=reference_dir, workers=workers)
            build = build_warehouse(fresh, reporting_date=reporting_date, select=select)
            if build.status != "built":
                return done(
                    "failed",
                    f"the rebuilt warehouse did not build, the warehouse is unchanged: {build.message}",
                    results=results,
                    build=build,
                    skipped=skipped,
                )
            # Swap: drop the old warehouse's write-ahead log first so it is never replayed onto the new file.
            warehouse_path.with_name(warehouse_path.name + ".wal").unlink(missing_ok=True)
            os.replace(fresh, warehouse_path)
        finally:
            _remove(fresh)
            fresh.with_suffix(".lock").unlink(missing_ok=True)
    counts = {s: sum(r.status == s for r in results) for s in ("accepted", "rejected")}
    return done(
        "built",
        f"{len(results):,} stored files ingested ({counts['accepted']:,} accepted, "
        f"{counts['rejected']:,} rejected); {build.message}",
        results=results,
        build=build,
        skipped=skipped,
    )
