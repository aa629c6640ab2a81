"""Shared pytest set-up: every test gets its own warehouse path, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_warehouse(tmp_path_factory, monkeypatch):
    # A test that forgets to point DHR_DB somewhere must not touch warehouse/dhr.duckdb.
    monkeypatch.setenv("DHR_DB", str(tmp_path_factory.mktemp("default_wh") / "dhr.duckdb"))
