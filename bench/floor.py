"""The floor: the time merely to open each file's zip and parse its XML parts, with no interpretation.

Every `.xml`/`.rels` part is inflated and run through expat with no handlers: that is the least
any reader of .xlsx/.docx must do, so ingest's throughput as a multiple of it says how close to
the limit ingest is (issue 8, item 3).
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat


@dataclass(frozen=True)
class ReadTally:
    """What a reader got through: files, bytes on disk, XML parts (floor only) and seconds."""

    files: int
    bytes: int
    parts: int
    seconds: float


def parse_parts(path: Path) -> int:
    """Open one .xlsx/.docx and parse every XML part; returns the number of parts parsed."""
    parsed = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                parser = expat.ParserCreate()
                with archive.open(info) as handle:
                    parser.ParseFile(handle)
                parsed += 1
    return parsed


def _parse_chunk(paths: Sequence[Path]) -> int:
    return sum(parse_parts(p) for p in paths)


def floor_read(files: Sequence[Path], workers: int = 1) -> ReadTally:
    """Parse every file's XML parts, in `workers` processes (the pool start is timed too)."""
    started = time.perf_counter()
    if workers <= 1:
        parts = _parse_chunk(files)
    else:
        chunks = [files[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = sum(pool.map(_parse_chunk, chunks))
    seconds = time.perf_counter() - started
    return ReadTally(len(files), sum(p.stat().st_size for p in files), parts, seconds)
