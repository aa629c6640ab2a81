"""Shared pytest set-up: every test gets its own warehouse path, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _theme_model_dir(tmp_path_factory):
    """One persisted theme model per test session: `dhr build` trains it on first use (about 25 s)."""
    return tmp_path_factory.mktemp("theme_model")


@pytest.fixture(autouse=True)
def _isolated_warehouse(tmp_path_factory, monkeypatch, _theme_model_dir):
    # A test that forgets to point DHR_DB somewhere must not touch warehouse/dhr.duckdb.
    monkeypatch.setenv("DHR_DB", str(tmp_path_factory.mktemp("default_wh") / "dhr.duckdb"))
    # ... and every build shares the session's theme model instead of training its own.
    monkeypatch.setenv("DHR_THEMES_MODEL_DIR", str(_theme_model_dir))
    monkeypatch.delenv("DHR_APP_STATE", raising=False)
