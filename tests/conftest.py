"""Shared pytest set-up: every test gets its own warehouse path, never the user's, and the slow
tests share one synthetic corpus built into one warehouse."""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path

import pytest
from shared_session import once_for_all_workers, shared_dir
from synthetic_warehouse import SYNTHETIC_AS_OF, SYNTHETIC_DHRS, SYNTHETIC_SEED, SyntheticBuild


@pytest.fixture(scope="session", autouse=True)
def _theme_model_dir(tmp_path_factory):
    """One persisted theme model per test session: the first `dhr build` trains it (about 25 s).

    Set for the whole session (not per test), so session- and module-scoped build fixtures, which
    run before any per-test fixture, share it too instead of training beside their warehouse."""
    # One model for both xdist workers (tests/support/shared_session.py): the first build trains it,
    # under the model folder's lock (dhr/themes/model.py), and every later build loads it.
    path = shared_dir(tmp_path_factory, "theme_model")
    # dbt's target and log folders too: under `make test` two workers build at once, and two dbt
    # runs in one target folder read each other's parse state (a node reported `no-op`).
    dbt = tmp_path_factory.mktemp("dbt")
    session_env = {
        # Pages rendered in tests do not start a build process each (dashboards/preload.py).
        "DHR_WARM_BUILD_PROCESS": "0",
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

    def make(root: Path) -> SyntheticBuild:
        corpus = root / "corpus"
        summary = generate_corpus(corpus, dhrs=SYNTHETIC_DHRS, seed=SYNTHETIC_SEED, as_of=SYNTHETIC_AS_OF, workers=1)
        warehouse = root / "warehouse" / "dhr.duckdb"
        results = ingest_paths([corpus], warehouse)
        build = build_warehouse(warehouse, reporting_date=SYNTHETIC_AS_OF)
        truth = json.loads(summary.truth_path.read_text())
        return SyntheticBuild(corpus, warehouse, results, build, truth, summary.file_count)

    # Made by one xdist worker and read by both: the warehouse is read only (tests write to copy_to).
    return once_for_all_workers(tmp_path_factory, "synthetic", make)


#: Markers of the test files that take tens of seconds (pyproject.toml's `markers`).
SLOW_MARKERS = frozenset({"slow", "browser", "heavy"})


#: Session builds made once and shared by both workers (tests/support/shared_session.py), by the
#: conftest that defines them: a worker that needs one while the other is making it waits.
SHARED_BUILDS = {"synthetic_build": "tests/conftest.py", "built": "tests/warehouse/conftest.py"}


def _shared_build_of(item: pytest.Item) -> str:
    """Which shared session build the test needs ("own" for none); the first in SHARED_BUILDS."""
    defined = getattr(item, "_fixtureinfo", None)
    for name, conftest in SHARED_BUILDS.items():
        for fixturedef in defined.name2fixturedefs.get(name, ()) if defined else ():
            if Path(inspect.getfile(fixturedef.func)).as_posix().endswith(conftest):
                return name
    return "own"


def pytest_collection_modifyitems(config, items):
    """The slow files first, and spread so the two workers do not wait on the same shared build.

    `make test` runs two workers that take a whole file at a time (`--dist loadfile`, with
    `--no-loadscope-reorder`: by default xdist reorders files by their number of tests), in this
    order. A 100 s file collected last kept one worker busy for minutes while the other had finished
    (issue 16), so the slow files start first. They are taken in turn from each kind of build they
    need (the session's synthetic warehouse, the hand-written one, or their own), so that while
    one worker makes a shared warehouse the other runs a file that does not need it. The quick files
    fill the gaps; the order within a file is kept."""
    slow_files = {item.path for item in items if any(m.name in SLOW_MARKERS for m in item.iter_markers())}
    needs: dict[Path, str] = {}
    for item in items:
        if item.path in slow_files and needs.get(item.path, "own") == "own":
            needs[item.path] = _shared_build_of(item)
    # The first file goes to one worker and the second to the other: the synthetic build, which the
    # most files need, on one while the other runs a file with its own build.
    by_kind: dict[str, list[Path]] = {"synthetic_build": [], "own": [], "built": []}
    for path in sorted(needs):
        by_kind[needs[path]].append(path)
    kinds = [kind for kind in by_kind.values() if kind]
    turns = [kind[i] for i in range(max(map(len, kinds), default=0)) for kind in kinds if i < len(kind)]
    rank = {path: n for n, path in enumerate(turns)}
    items.sort(key=lambda item: rank.get(item.path, len(rank)))
