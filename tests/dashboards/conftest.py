"""Dashboard test fixtures: the small warehouse of `dashboard_warehouse.py`, and clean Streamlit caches."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from dashboard_warehouse import make_warehouse


def _clear_streamlit_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def clean_caches():
    _clear_streamlit_caches()
    yield
    _clear_streamlit_caches()


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture warehouse, with `DHR_DB` pointing at it."""
    path = make_warehouse(tmp_path / "warehouse" / "dhr.duckdb")
    monkeypatch.setenv("DHR_DB", str(path))
    return path


@pytest.fixture
def missing_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "warehouse" / "dhr.duckdb"
    monkeypatch.setenv("DHR_DB", str(path))
    return path


@pytest.fixture
def warehouse_without_marts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = make_warehouse(tmp_path / "warehouse" / "dhr.duckdb", with_marts=False)
    monkeypatch.setenv("DHR_DB", str(path))
    return path
