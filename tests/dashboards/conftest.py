"""Dashboard test fixtures: the small warehouse of `dashboard_warehouse.py`, a real warehouse built
from a synthetic corpus (once per session, for the slow and browser tests), and clean Streamlit caches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from dashboard_warehouse import NATIONAL_USER, TEST_PASSWORD, TEST_USERS, make_warehouse

from dhr import auth
from dhr.access import Scope, using_scope


def pytest_collection_modifyitems(config, items):
    """Tests that drive whole pages with Streamlit's AppTest are marked ``apptest``: they take most
    of this folder's time, so ``make check`` (the edit loop) leaves them to ``make test``."""
    drives_pages: dict[str, bool] = {}
    for item in items:
        path = str(item.fspath)
        if path not in drives_pages:
            drives_pages[path] = "AppTest" in Path(path).read_text(encoding="utf-8")
        if drives_pages[path]:
            item.add_marker(pytest.mark.apptest)


def _clear_streamlit_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def clean_caches():
    _clear_streamlit_caches()
    yield
    _clear_streamlit_caches()


@pytest.fixture(scope="session")
def app_state_template(tmp_path_factory) -> Path:
    """An app-state file with one user per role (dashboard_warehouse.TEST_USERS), hashed once."""
    path = tmp_path_factory.mktemp("app_state_template") / "app_state.duckdb"
    for name, roles in TEST_USERS.items():
        auth.add_user(name, TEST_PASSWORD, roles, actor="cli:test", path=path)
    return path


@pytest.fixture(autouse=True)
def signed_in(app_state_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every dashboard test runs signed in as the national user unless it says otherwise:

    * AppTest: ``DHR_TEST_SIGN_IN_AS`` (honoured only under pytest, dashboards/signin.py) names a
      real user of a private copy of the app-state file, so roles come from the users table;
    * direct data-layer calls: the national scope (``dhr.access.using_scope``).

    Tests of other roles call ``as_user`` / ``using_scope`` themselves."""
    path = tmp_path / "app_state" / "app_state.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(app_state_template, path)
    monkeypatch.setenv("DHR_APP_STATE", str(path))
    monkeypatch.setenv("DHR_TEST_SIGN_IN_AS", NATIONAL_USER)
    with using_scope(Scope.national()):
        yield path


@pytest.fixture
def as_user(monkeypatch: pytest.MonkeyPatch):
    """``as_user(name)``: later AppTests sign in as that test user; returns the user's scope."""

    def switch(name: str) -> Scope:
        monkeypatch.setenv("DHR_TEST_SIGN_IN_AS", name)
        return Scope.from_roles(TEST_USERS[name])

    return switch


@pytest.fixture(scope="session")
def warehouse_template(tmp_path_factory) -> Path:
    """The fixture warehouse, written once per worker: each test gets a copy of the file (writing
    it took 0.4 s, a copy takes a few ms, and about 250 tests take one: issue 16)."""
    return make_warehouse(tmp_path_factory.mktemp("warehouse_template") / "dhr.duckdb")


@pytest.fixture
def warehouse(warehouse_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture warehouse, a file of the test's own (it may write to it), with `DHR_DB` pointing at it."""
    path = tmp_path / "warehouse" / "dhr.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(warehouse_template, path)
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


@pytest.fixture(scope="session")
def built_warehouse(synthetic_build) -> Path:
    """The session's synthetic warehouse (tests/conftest.py); the build must pass every dbt test."""
    rejected = [(r.file, r.errors) for r in synthetic_build.results if r.status == "rejected"]
    assert rejected == []
    assert synthetic_build.build.status == "built", synthetic_build.build.message
    return synthetic_build.warehouse


@pytest.fixture
def real_warehouse(built_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The built warehouse, with `DHR_DB` pointing at it."""
    monkeypatch.setenv("DHR_DB", str(built_warehouse))
    return built_warehouse
