"""A page's read and a form sent through the dashboards, in one server process (issue 17).

DuckDB refuses a read-only attach of a file the same process has open for writing, and the other
way round ("Unique file handle conflict"). Without the gate, an upload during a page's query failed,
or the page said the warehouse "cannot be opened"."""

from __future__ import annotations

import threading
import time
from datetime import date

import duckdb
from forms_to_send import one_action_plan, write_plan

from dhr.access import Scope
from dhr.warehouse_reader import run_query
from ingest.pipeline import Incoming, ingest_files, ingest_paths
from ingest.warehouse_gate import Gate

NATIONAL = Scope.national()


def test_pages_read_while_a_sent_form_is_ingested_and_both_succeed(tmp_path):
    warehouse = tmp_path / "wh" / "dhr.duckdb"
    first = write_plan(tmp_path / "a.xlsx", one_action_plan("Hackney", "HK DHR 2024/01", as_at=date(2026, 3, 31)))
    ingest_paths([first], warehouse)
    with duckdb.connect(str(warehouse)) as con:  # a stand-in mart, so the reader has something to read
        con.execute("create schema if not exists marts")
        con.execute("create table marts.dim_force_areas as select 'x' as force_area_code")
    errors: list[BaseException] = []
    reads = 0
    stop = threading.Event()

    def read() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                run_query(warehouse, "select count(*) as n from marts.dim_force_areas", {}, NATIONAL)
                reads += 1
            except BaseException as exc:
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    results = []
    for quarter in (date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)):
        path = write_plan(tmp_path / f"{quarter}.xlsx", one_action_plan("Hackney", "HK DHR 2024/01", as_at=quarter))
        results += ingest_files([Incoming(path)], warehouse)
        time.sleep(0.05)
    stop.set()
    for reader in readers:
        reader.join(timeout=30)
    assert errors == []
    assert [r.status for r in results] == ["accepted"] * 3
    assert reads > 0


def test_a_waiting_writer_goes_before_readers_who_come_after_it():
    gate = Gate()
    order: list[str] = []
    first_reader_in = threading.Event()
    release_first_reader = threading.Event()

    def first_reader() -> None:
        with gate.reading():
            first_reader_in.set()
            release_first_reader.wait(10)
            order.append("reader 1 done")

    def writer() -> None:
        with gate.writing():
            order.append("writer")

    def later_reader() -> None:
        with gate.reading():
            order.append("reader 2")

    threads = [threading.Thread(target=first_reader)]
    threads[0].start()
    assert first_reader_in.wait(10)
    threads.append(threading.Thread(target=writer))
    threads[1].start()
    time.sleep(0.2)  # the writer is waiting for reader 1
    threads.append(threading.Thread(target=later_reader))
    threads[2].start()
    time.sleep(0.2)
    assert order == []  # reader 2 waits behind the writer, not beside reader 1
    release_first_reader.set()
    for thread in threads:
        thread.join(timeout=10)
    assert order == ["reader 1 done", "writer", "reader 2"]
