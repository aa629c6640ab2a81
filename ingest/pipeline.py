"""`dhr ingest`: walk folders, and for each file store, detect, parse, validate and load it.

design.md §2. Per file: refuse it unread if it is over the size limit or not a regular file; hash
it; copy it into the content-addressed raw store before anything else (rejected files are kept
too); a sha256 already received adds nothing (a `duplicate` if it was accepted, `rejected` again
with its reasons if it was rejected); otherwise parse it and load it in one transaction
(`accepted`) or record it in the quarantine with its errors (`rejected`). A bad file never stops
the others. The whole run holds the warehouse file lock that `dhr build` also takes, so a build
never swaps out rows an ingest just wrote.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

import duckdb
from filelock import FileLock
from tqdm import tqdm

from form_contract.code_lists import code_lists
from ingest.csp_names import csp_directory
from ingest.limits import file_size_problem
from ingest.load import (
    LoadItem,
    PreviousFile,
    load_accepted,
    load_batch,
    previous_files,
    record_rejected,
    sha256_of,
    store_raw_copy,
)
from ingest.parse import parse_file
from ingest.parsed import ParsedForm
from ingest.raw_schema import create_raw_schema
from ingest.raw_store import record_receipt
from ingest.warehouse_gate import gate

Status = Literal["accepted", "rejected", "duplicate"]

#: Files that are never forms: Office lock files ('~$Plan.xlsx'), editor temporaries, OS clutter.
_SKIPPED_NAMES = {"thumbs.db", "desktop.ini"}


@dataclass
class FileResult:
    """What became of one file; `to_dict` is the `dhr ingest --json` object (design.md §2)."""

    file: str
    sha256: str
    status: Status
    form_type: str | None
    dhr_reference: str | None
    csp_code: str | None
    records: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    #: Not part of the --json contract: shown by `dhr ingest` and kept in raw.ingested_files.notes.
    notes: list[str] = field(default_factory=list)
    #: How an accepted file was read, in plain words (issue 14): every inference and mapping.
    warnings: list[str] = field(default_factory=list)
    #: Values not stated in a labelled field, with where they came from: {name: {value, source}}.
    inferred: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "status": self.status,
            "form_type": self.form_type,
            "dhr_reference": self.dhr_reference,
            "csp_code": self.csp_code,
            "records": dict(self.records),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "inferred": dict(self.inferred),
        }


def is_skipped_file(name: str) -> bool:
    """Hidden files, Office lock files (`~$...`) and temporaries ('~...', '*.tmp') are not forms."""
    lower = name.lower()
    return name.startswith((".", "~")) or lower in _SKIPPED_NAMES or lower.endswith(".tmp")


def iter_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files to ingest: files as given, and folders walked recursively in sorted order.

    Folders whose name starts with `_` or `.` are skipped (the generator keeps its ground truth in
    `_synth/`, design.md §2), as are hidden and temporary files.
    """
    for path in paths:
        path = Path(path)
        if path.is_file():
            yield path
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
                for name in sorted(files):
                    if not is_skipped_file(name):
                        yield Path(root) / name
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")


def lock_path_for(warehouse_path: Path) -> Path:
    """The lock shared with `dhr build` (same rule as `dhr.settings.Settings.lock_path`)."""
    return Path(warehouse_path).with_suffix(".lock")


#: Below this many files to parse, worker processes cost more to start than they save.
PARALLEL_MIN_FILES = 16


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


class Incoming(NamedTuple):
    """A file to ingest. `file_name` and `received_at` override the file's own name and now (rebuild);
    `sender_csp_code` is the CSP of the dashboard account that sent it, when it covers one CSP."""

    path: Path
    file_name: str | None = None
    received_at: datetime | None = None
    sender_csp_code: str | None = None


def ingest_paths(
    paths: Sequence[Path],
    warehouse_path: Path,
    *,
    progress: bool = False,
    reference_dir: Path | None = None,
    workers: int | None = None,
    retry_rejected: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest every file under `paths` into the warehouse at `warehouse_path`; one result per file.

    Results are in walk order. `reference_dir` overrides where the CSP reference CSVs are read
    from (tests). Parsing runs in `workers` processes when there are many files (default: one per
    CPU, at most 8); loading stays in this process, in walk order, one transaction per file.

    A file already received is a `duplicate` if it was accepted. A file rejected before is
    `rejected` again, with the reasons it was rejected then and a note that it was received before
    (nothing is added); with `retry_rejected` it is parsed again instead (e.g. after a CSP alias was
    added to the reference) and its quarantine entry replaced by the new outcome.

    `on_result` is called with each file's result as soon as it and every file before it are done,
    in walk order (`dhr ingest --json` prints each line then).
    """
    files = [Incoming(p) for p in iter_files(paths)]  # a missing path fails here, before anything is written
    return ingest_files(
        files,
        warehouse_path,
        progress=progress,
        reference_dir=reference_dir,
        workers=workers,
        retry_rejected=retry_rejected,
        on_result=on_result,
    )


def ingest_files(
    files: Sequence[Incoming],
    warehouse_path: Path,
    *,
    progress: bool = False,
    reference_dir: Path | None = None,
    workers: int | None = None,
    retry_rejected: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest these files, in this order (see `ingest_paths`); one result per file."""
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    raw_store_dir = warehouse_path.parent / "raw_files"
    # Read the reference lists up front: a broken install fails once, not once per file.
    csp_directory(reference_dir)
    code_lists()

    results: list[FileResult | None] = [None] * len(files)
    # The file lock orders processes (`dhr ingest`, `dhr build`); the gate orders this process's own
    # readers of the file, the dashboards' pages when the Send forms page ingests (ingest/warehouse_gate.py).
    with FileLock(str(lock_path_for(warehouse_path))), gate(warehouse_path).writing():
        con = duckdb.connect(str(warehouse_path))
        try:
            create_raw_schema(con)
            with tqdm(total=len(files), desc="Ingesting", unit="file", disable=not progress, dynamic_ncols=True) as bar:
                tally = {"accepted": 0, "rejected": 0, "duplicate": 0}
                handed_out = 0  # results before this index have gone to `on_result`
                copies_waiting: dict[int, list[int]] = {}  # index of a first copy -> its later copies in this run

                def done(index: int, result: FileResult) -> None:
                    nonlocal handed_out
                    results[index] = result
                    tally[result.status] += 1
                    bar.update()
                    bar.set_postfix(tally, refresh=False)
                    for copy in copies_waiting.pop(index, []):
                        done(copy, _second_copy(files[copy], result))
                    while handed_out < len(results) and results[handed_out] is not None:
                        if on_result is not None:
                            on_result(results[handed_out])  # type: ignore[arg-type]
                        handed_out += 1

                # 1. Hash, store and check each file for duplicates, in walk order, handing each new
                #    file to the parse workers as soon as it is stored, so parsing starts with the
                #    first file rather than after the last has been hashed and copied.
                #    A second copy within the run reports what its first copy became, once it is known.
                # 2. Parse (in worker processes when worthwhile) and load in order, a batch of files
                #    per transaction (one Arrow insert per table instead of several per file). A batch
                #    is loaded when it is full or a second old, and a small run loads each file as it
                #    is parsed, so results come out as files finish rather than all at the end.
                known = previous_files(con)
                first_of: dict[str, int] = {}  # sha256 -> index of its first file in this run
                batch: list[tuple[_Received, ParsedForm]] = []

                def received_files() -> Iterator[_Received]:
                    for index, incoming in enumerate(files):
                        received = _receive(incoming, raw_store_dir, warehouse_path.parent, retry_rejected, known)
                        if isinstance(received, FileResult):
                            done(index, received)
                        elif received.sha256 in first_of:
                            first = first_of[received.sha256]
                            original = results[first]
                            if original is None:
                                copies_waiting.setdefault(first, []).append(index)
                            else:
                                done(index, _second_copy(files[index], original))
                        else:
                            first_of[received.sha256] = index
                            yield received._replace(index=index)

                parallel = len(files) >= PARALLEL_MIN_FILES
                batch_files = LOAD_BATCH_FILES if parallel else 1
                batch_started = time.monotonic()
                for received, parsed in _parse_all(
                    received_files(), reference_dir, workers, parallel=parallel, expected=len(files)
                ):
                    if not batch:
                        batch_started = time.monotonic()
                    batch.append((received, parsed))
                    if len(batch) >= batch_files or time.monotonic() - batch_started >= LOAD_BATCH_SECONDS:
                        for index, result in _load_all(con, batch):
                            done(index, result)
                        batch = []
                for index, result in _load_all(con, batch):
                    done(index, result)
                while copies_waiting:  # not reached: every first copy has a result by now
                    first, copies = copies_waiting.popitem()
                    for copy in copies:
                        done(
                            copy,
                            _second_copy(
                                files[copy],
                                results[first] or FileResult(_shown(files[first]), "", "duplicate", None, None, None),
                            ),
                        )
        finally:
            con.close()
    return [r for r in results if r is not None]


def _second_copy(incoming: Incoming, original: FileResult) -> FileResult:
    """A file with the same bytes as one earlier in this run: what that one became (a rejected file's
    copy is rejected too, with the same reasons)."""
    shown, name = _shown(incoming), incoming.file_name or incoming.path.name
    if original.status == "rejected":
        note = f"{name}: the same file as {original.file}, sent again in this run; nothing was added"
        return FileResult(
            shown,
            original.sha256,
            "rejected",
            original.form_type,
            original.dhr_reference,
            original.csp_code,
            {},
            list(original.errors),
            [note],
        )
    return FileResult(
        shown, original.sha256, "duplicate", original.form_type, original.dhr_reference, original.csp_code
    )


class _Received(NamedTuple):
    """A new file, stored and hashed, waiting to be parsed."""

    path: Path
    sha256: str
    size: int
    stored_path: str
    replaces_rejected: bool = False
    index: int = -1
    name: str = ""  # the file name as sent: how messages and raw.ingested_files name it
    shown: str = ""  # how the result names the file (the path given)
    received_at: datetime | None = None
    sender_csp_code: str | None = None


def _shown(incoming: Incoming) -> str:
    return str(incoming.path) if incoming.file_name is None else incoming.file_name


def _receive(
    incoming: Incoming,
    raw_store_dir: Path,
    warehouse_dir: Path,
    retry_rejected: bool,
    known: dict[str, PreviousFile],
) -> _Received | FileResult:
    """Hash the file and copy it into the raw store; a final result if it cannot be read, is too big,
    or was received before.

    The size is checked first, from the file system: a file over the limit (or not a regular file,
    e.g. a named pipe that would never finish reading) is rejected without being read, hashed or
    stored, and is not recorded in the warehouse, like a file that cannot be read: there is no copy
    to keep, and `dhr rebuild` replays only what the raw store holds (issue 15).

    The raw store keeps a receipt (ingest/raw_store.py) with the name and the time the bytes were
    first received; that time becomes `ingested_at`, so a rebuild from the raw store reproduces it.
    `known` is what the warehouse held when the run started (`previous_files`). A file accepted
    before is a `duplicate`; one rejected before is `rejected` again with its reasons.
    """
    path, shown = incoming.path, _shown(incoming)
    name = incoming.file_name or path.name
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return FileResult(
                shown,
                "",
                "rejected",
                None,
                None,
                None,
                errors=[
                    f"{name}: not a regular file (a folder, pipe or device), so it was not read: "
                    "send the form itself, saved as .xlsx or .docx"
                ],
            )
        too_big = file_size_problem(name, info.st_size)
        if too_big:
            return FileResult(shown, "", "rejected", None, None, None, errors=[too_big])
        sha = sha256_of(path)
        size = path.stat().st_size
        stored = store_raw_copy(path, sha, raw_store_dir)
        receipt = record_receipt(raw_store_dir, sha, name, incoming.received_at, incoming.sender_csp_code)
    except OSError as exc:
        # Not recorded in the warehouse: without a readable copy there is nothing to keep.
        return FileResult(
            shown, "", "rejected", None, None, None, errors=[f"{name}: the file could not be read or stored ({exc})"]
        )
    previous = known.get(sha)
    retry = previous is not None and retry_rejected and previous.status == "rejected"
    if previous is not None and not retry:
        if previous.status == "rejected":
            when = f" on {previous.ingested_at:%d %b %Y at %H:%M} UTC" if previous.ingested_at else ""
            note = (
                f"{name}: received before{when} as '{previous.file_name or name}' and rejected then, for the "
                "reasons given; nothing was added. Correct the form and send the corrected file"
            )
            return FileResult(
                shown,
                sha,
                "rejected",
                previous.form_type,
                previous.dhr_reference,
                previous.csp_code,
                {},
                list(previous.errors),
                [note],
            )
        return FileResult(shown, sha, "duplicate", previous.form_type, previous.dhr_reference, previous.csp_code)
    return _Received(
        path,
        sha,
        size,
        _relative(stored, warehouse_dir),
        replaces_rejected=retry,
        name=name,
        shown=shown,
        received_at=receipt.received_at,
        sender_csp_code=receipt.sender_csp_code,
    )


def _parse_one(path: Path, sha256: str, reference_dir: Path | None, name: str | None = None) -> ParsedForm:
    """Parse one file; any exception becomes a rejection of that file (runs in worker processes too)."""
    name = name or path.name
    try:
        return parse_file(path, sha256=sha256, display_name=name, csps=csp_directory(reference_dir))
    except Exception as exc:  # a file that breaks the parser is rejected, never the run
        return ParsedForm(None, name, errors=[f"{name}: the file could not be read ({type(exc).__name__}: {exc})"])


def _parse_chunk(chunk: Sequence[tuple[Path, str, Path | None, str]]) -> list[ParsedForm]:
    """Parse a few files in a worker: one round trip to the pool per chunk, not per file."""
    return [_parse_one(*args) for args in chunk]


#: Files sent to a parse worker at a time (at most), and chunks in flight per worker: enough to keep both
#: cores busy while this process hashes, stores and loads, few enough that memory stays flat.
PARSE_CHUNK_FILES = 16
CHUNKS_IN_FLIGHT_PER_WORKER = 4


def _parse_all(
    pending: Iterable[_Received],
    reference_dir: Path | None,
    workers: int | None,
    *,
    parallel: bool = True,
    expected: int = 0,
) -> Iterator[tuple[_Received, ParsedForm]]:
    """(received, parsed) in the order of `pending`; in a process pool when `parallel` and workers > 1.

    `pending` is consumed lazily: files are parsed while later ones are still being received.
    `expected` (how many files the run has) sizes the chunks so a small run still uses every worker.
    """
    workers = default_workers() if workers is None else max(1, workers)
    pending = iter(pending)
    if workers == 1 or not parallel:
        for received in pending:
            yield received, _parse_one(received.path, received.sha256, reference_dir, received.name)
        return
    # 'spawn': the parent holds a DuckDB connection and its threads, which must not be forked.
    context = multiprocessing.get_context("spawn")
    in_flight: deque[tuple[list[_Received], Future[list[ParsedForm]]]] = deque()
    chunk_files = max(1, min(PARSE_CHUNK_FILES, expected // (workers * CHUNKS_IN_FLIGHT_PER_WORKER)))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk: list[_Received] = []

            def submit(files: list[_Received]) -> None:
                args = [(r.path, r.sha256, reference_dir, r.name) for r in files]
                in_flight.append((files, pool.submit(_parse_chunk, args)))

            for received in pending:
                chunk.append(received)
                if len(chunk) >= chunk_files:
                    submit(chunk)
                    chunk = []
                # Hand back what is parsed, in order, without waiting for the rest; wait only when
                # enough is queued to keep every worker busy.
                while in_flight and (in_flight[0][1].done() or len(in_flight) > workers * CHUNKS_IN_FLIGHT_PER_WORKER):
                    yield from _next_parsed(in_flight)
            if chunk:
                submit(chunk)
                chunk = []
            while in_flight:
                yield from _next_parsed(in_flight)
    except BrokenProcessPool:
        # A worker died (out of memory, a crash in a C library): finish the rest in this process.
        leftovers = [r for files, _ in in_flight for r in files]
        for received in [*leftovers, *chunk, *pending]:
            yield received, _parse_one(received.path, received.sha256, reference_dir, received.name)


def _next_parsed(
    in_flight: deque[tuple[list[_Received], Future[list[ParsedForm]]]],
) -> list[tuple[_Received, ParsedForm]]:
    """The oldest chunk's results; the chunk leaves the queue only once they are in hand, so a
    broken pool leaves it there to be parsed again in this process."""
    files, future = in_flight[0]
    parsed = future.result()
    in_flight.popleft()
    return list(zip(files, parsed, strict=True))


#: Files loaded per transaction. A batch is all or nothing, like a single file: if it fails, its
#: files are loaded again one per transaction, so one bad file is rejected and the rest load.
LOAD_BATCH_FILES = 200
#: ... or the files parsed in this many seconds, whichever is fewer: results are handed out per batch.
LOAD_BATCH_SECONDS = 1.0


def _load_all(
    con: duckdb.DuckDBPyConnection, batch: Sequence[tuple[_Received, ParsedForm]]
) -> list[tuple[int, FileResult]]:
    """Load a batch of parsed files in one transaction; (index, result) for each, in order."""
    items = [
        LoadItem(
            parsed,
            [] if parsed.accepted else list(parsed.errors),
            sha256=received.sha256,
            file_name=received.name,
            size=received.size,
            stored_path=received.stored_path,
            replaces_rejected=received.replaces_rejected,
            ingested_at=received.received_at,
            sender_csp_code=received.sender_csp_code,
        )
        for received, parsed in batch
    ]
    try:
        counts = load_batch(con, items)
    except duckdb.Error:
        return [(received.index, _load(con, received, parsed)) for received, parsed in batch]
    results = []
    for (received, parsed), record_counts in zip(batch, counts, strict=True):
        status: Status = "accepted" if parsed.accepted else "rejected"
        results.append(
            (
                received.index,
                FileResult(
                    received.shown,
                    received.sha256,
                    status,
                    parsed.form_type,
                    parsed.dhr_reference,
                    parsed.csp_code,
                    record_counts,
                    [] if parsed.accepted else list(parsed.errors),
                    list(parsed.notes),
                    *_how_read(parsed),
                ),
            )
        )
    return results


def _how_read(parsed: ParsedForm) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The warnings and inferred values of a parsed file, as `FileResult` carries them."""
    inferred = {
        name: {"value": value.isoformat() if hasattr(value, "isoformat") else value, "source": source}
        for name, (value, source) in parsed.inferred.items()
    }
    return (list(parsed.warnings) if parsed.accepted else []), inferred


def _load(con: duckdb.DuckDBPyConnection, received: _Received, parsed: ParsedForm) -> FileResult:
    """Load an accepted form, or record a rejected one in the quarantine."""
    shown, sha, name = received.shown, received.sha256, received.name
    errors = list(parsed.errors)
    if parsed.accepted:
        try:
            counts = load_accepted(
                con,
                parsed,
                sha256=sha,
                file_name=name,
                size=received.size,
                stored_path=received.stored_path,
                replaces_rejected=received.replaces_rejected,
                ingested_at=received.received_at,
                sender_csp_code=received.sender_csp_code,
            )
            return FileResult(
                shown,
                sha,
                "accepted",
                parsed.form_type,
                parsed.dhr_reference,
                parsed.csp_code,
                counts,
                [],
                list(parsed.notes),
                *_how_read(parsed),
            )
        except duckdb.Error as exc:
            errors = [f"{name}: the form could not be loaded into the warehouse ({exc})"]
    record_rejected(
        con,
        parsed,
        errors,
        sha256=sha,
        file_name=name,
        size=received.size,
        stored_path=received.stored_path,
        replaces_rejected=received.replaces_rejected,
        ingested_at=received.received_at,
        sender_csp_code=received.sender_csp_code,
    )
    return FileResult(
        shown,
        sha,
        "rejected",
        parsed.form_type,
        parsed.dhr_reference,
        parsed.csp_code,
        {},
        errors,
        list(parsed.notes),
        *_how_read(parsed),
    )


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)
