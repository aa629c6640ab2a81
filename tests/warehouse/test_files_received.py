"""fct_files_received says what `dhr quarantine list` says of every file: the superseding rule is
written twice (ingest/quarantine.py for the command line, SQL for the dashboards) and must agree."""

from __future__ import annotations

import duckdb

from ingest.quarantine import received_files


def test_every_files_state_in_the_mart_is_the_quarantines(built):
    with duckdb.connect(str(built.warehouse_path), read_only=True) as con:
        from_ingest = {
            f.sha256: (f.state, f.superseded_by.sha256 if f.superseded_by else None) for f in received_files(con)
        }
        from_mart = {
            sha: (state, by)
            for sha, state, by in con.execute(
                "select file_sha256, quarantine_state, superseded_by_file_sha256 from marts.fct_files_received"
            ).fetchall()
        }
    assert from_mart == from_ingest
    assert {state for state, _ in from_mart.values()} >= {"accepted", "open"}
