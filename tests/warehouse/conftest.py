"""Fixtures for the warehouse tests: one dbt build of the hand-written raw rows, shared.

dbt builds take 20-30 s, so the built warehouse is made once per session and tests that need to
change it work on a copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from shared_session import once_for_all_workers
from warehouse_raw_rows import REPORTING_DATE, make_raw_warehouse

from dhr.warehouse_build import BuildResult, build_warehouse


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildResult:
    """The hand-written raw rows, built with dbt at the reporting date 2026-09-30.

    With dbt's unit tests: a data build leaves them out, so this is where `make test` runs them.
    """

    def make(directory: Path) -> BuildResult:
        path = make_raw_warehouse(directory / "dhr.duckdb")
        return build_warehouse(path, reporting_date=REPORTING_DATE, unit_tests=True)

    # Once for both xdist workers (tests/support/shared_session.py); tests that change it use built_copy.
    result = once_for_all_workers(tmp_path_factory, "warehouse", make)
    assert result.status == "built", result.message
    return result


@pytest.fixture
def built_copy(built, tmp_path) -> Path:
    """A private copy of the built warehouse, for tests that change it."""
    path = tmp_path / "dhr.duckdb"
    shutil.copyfile(built.warehouse_path, path)
    return path
