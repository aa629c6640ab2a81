"""Shared pytest set-up: every test gets its own warehouse path, never the user's."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _theme_model_dir(tmp_path_factory):
    """One persisted theme model per test session: the first `dhr build` trains it (about 25 s).

    Set for the whole session (not per test), so session- and module-scoped build fixtures, which
    run before any per-test fixture, share it too instead of training beside their warehouse."""
    path = tmp_path_factory.mktemp("theme_model")
    previous = os.environ.get("DHR_THEMES_MODEL_DIR")
    os.environ["DHR_THEMES_MODEL_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("DHR_THEMES_MODEL_DIR", None)
    else:
        os.environ["DHR_THEMES_MODEL_DIR"] = previous


@pytest.fixture(autouse=True)
def _isolated_warehouse(tmp_path_factory, monkeypatch, _theme_model_dir):
    # A test that forgets to point DHR_DB somewhere must not touch warehouse/dhr.duckdb.
    monkeypatch.setenv("DHR_DB", str(tmp_path_factory.mktemp("default_wh") / "dhr.duckdb"))
    # ... and every build shares the session's theme model instead of training its own.
    monkeypatch.setenv("DHR_THEMES_MODEL_DIR", str(_theme_model_dir))
    monkeypatch.delenv("DHR_APP_STATE", raising=False)
