"""The baseline: a straightforward reader, as one would first write it (issue 8, item 2).

openpyxl in its normal mode and python-docx, one file at a time in one process, touching every
cell row by row and every paragraph and table cell. It does no validation and loads nothing, so
it flatters itself: ingest does all of that and more.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from bench.floor import ReadTally


def read_naively(path: Path) -> int:
    """Every value of one workbook or Word document; returns how many values were read."""
    values = 0
    if path.suffix.lower() == ".docx":
        import docx

        document = docx.Document(str(path))
        for paragraph in document.paragraphs:
            values += bool(paragraph.text)
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    values += bool(cell.text)
        return values
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                values += cell.value is not None
    return values


def baseline_read(files: Sequence[Path], time_budget: float | None = None) -> ReadTally:
    """Read `files` in order, one at a time; stops after `time_budget` seconds (a sample: see `files`)."""
    started = time.perf_counter()
    done, size = 0, 0
    for path in files:
        read_naively(path)
        done += 1
        size += path.stat().st_size
        if time_budget is not None and time.perf_counter() - started > time_budget:
            break
    return ReadTally(done, size, 0, time.perf_counter() - started)
