"""Fixtures for the ingest tests: a small CSP reference and a fresh warehouse file per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_builders import write_reference

from ingest.csp_names import CspDirectory


@pytest.fixture
def reference_dir(tmp_path: Path) -> Path:
    return write_reference(tmp_path / "reference")


@pytest.fixture
def csps(reference_dir: Path) -> CspDirectory:
    return CspDirectory(reference_dir)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "dhr.duckdb"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder
