"""Shared pytest set-up: every test gets its own warehouse path, never the user's, and the slow
tests share one synthetic corpus built into one warehouse."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

#: The synthetic corpus the slow tests read: generated, ingested and dbt-built once per session
#: (about 80 s) instead of once per test module (issue 16: four such builds took five minutes).
SYNTHETIC_DHRS = 60
SYNTHETIC_SEED = 3
SYNTHETIC_AS_OF = date(2026, 9, 30)


@dataclass(frozen=True)
class SyntheticBuild:
    """What ``synth -> ingest -> dbt build`` made, as a person would run them. Read only: a test
    that writes to the warehouse works on ``copy_to(tmp_path)``."""

    corpus: Path
    warehouse: Path
    results: list[Any]
    build: Any
    truth: dict
    file_count: int

    def copy_to(self, directory: Path) -> Path:
        """A private copy of the warehouse and its raw store; returns the copy's warehouse path."""
        target = directory / "synthetic_copy"
        shutil.copytree(self.warehouse.parent, target)
        return target / self.warehouse.name


@pytest.fixture(scope="session", autouse=True)
def _theme_model_dir(tmp_path_factory):
    """One persisted theme model per test session: the first `dhr build` trains it (about 25 s).

    Set for the whole session (not per test), so session- and module-scoped build fixtures, which
    run before any per-test fixture, share it too instead of training beside their warehouse."""
    path = tmp_path_factory.mktemp("theme_model")
    # dbt's target and log folders too: under `make test` two workers build at once, and two dbt
    # runs in one target folder read each other's parse state (a node reported `no-op`).
    dbt = tmp_path_factory.mktemp("dbt")
    session_env = {
        "DHR_THEMES_MODEL_DIR": str(path),
        "DHR_DBT_TARGET_DIR": str(dbt / "target"),
        "DHR_DBT_LOG_DIR": str(dbt / "logs"),
    }
    previous = {name: os.environ.get(name) for name in session_env}
    os.environ.update(session_env)
    yield path
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _isolated_warehouse(tmp_path_factory, monkeypatch, _theme_model_dir):
    # A test that forgets to point DHR_DB somewhere must not touch warehouse/dhr.duckdb.
    monkeypatch.setenv("DHR_DB", str(tmp_path_factory.mktemp("default_wh") / "dhr.duckdb"))
    # ... and every build shares the session's theme model instead of training its own.
    monkeypatch.setenv("DHR_THEMES_MODEL_DIR", str(_theme_model_dir))
    monkeypatch.delenv("DHR_APP_STATE", raising=False)


@pytest.fixture(scope="session")
def synthetic_build(tmp_path_factory, _theme_model_dir) -> SyntheticBuild:
    from dhr.synth.generator import generate_corpus
    from dhr.warehouse_build import build_warehouse
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("synthetic")
    corpus = root / "corpus"
    summary = generate_corpus(corpus, dhrs=SYNTHETIC_DHRS, seed=SYNTHETIC_SEED, as_of=SYNTHETIC_AS_OF, workers=1)
    warehouse = root / "warehouse" / "dhr.duckdb"
    results = ingest_paths([corpus], warehouse)
    build = build_warehouse(warehouse, reporting_date=SYNTHETIC_AS_OF)
    truth = json.loads(summary.truth_path.read_text())
    return SyntheticBuild(corpus, warehouse, results, build, truth, summary.file_count)
