"""Within one process, the warehouse file's readers and its writer take turns.

DuckDB lets a process hold a database file in one configuration only. While ingest has the
warehouse open for writing (a form sent through the dashboards' Send forms page is ingested in the
server's own process), a page's read-only attach of the same file fails ("Unique file handle
conflict"), and while any page's read is attached, ingest cannot open it. Across processes DuckDB's
file lock orders them and the readers retry (dhr/warehouse_reader.py); within the server this gate
does: any number of readers at once, one writer alone, and a writer that is waiting goes before
readers that come after it, so a server busy with readers cannot keep an upload waiting for ever.
Reads are short (one query); an ingest of a few files takes about a second.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Gate:
    """A readers-writer lock for one file, writers first."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._turn:
            self._turn.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1
        try:
            yield
        finally:
            with self._turn:
                self._readers -= 1
                self._turn.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._turn:
            self._writers_waiting += 1
            try:
                self._turn.wait_for(lambda: not self._writing and self._readers == 0)
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._turn:
                self._writing = False
                self._turn.notify_all()


_GATES: dict[Path, Gate] = {}
_GATES_LOCK = threading.Lock()


def gate(warehouse_path: Path) -> Gate:
    """This process's gate for the warehouse at ``warehouse_path`` (one per file, however named)."""
    key = Path(warehouse_path).resolve()
    with _GATES_LOCK:
        return _GATES.setdefault(key, Gate())
