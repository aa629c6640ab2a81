"""The theme step of `dhr build` (dhr/themes/warehouse_step.py) on a real DuckDB file with the
hand-written raw rows: caching (an unchanged text is never scored twice), determinism (the same
model gives the same scores), privacy-flagged text never scored, and overrides copied read-only."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest
from warehouse_raw_rows import make_raw_warehouse

from dhr.themes.model import load_model
from dhr.themes.overrides import record_override, text_sha256
from dhr.themes.warehouse_step import collect_texts, prepare_theme_tables


@pytest.fixture
def raw_warehouse(tmp_path):
    return make_raw_warehouse(tmp_path / "dhr.duckdb")


def _scores(path) -> dict[tuple[str, str], float]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            (s, c): v
            for s, c, v in con.execute("select text_sha256, theme_code, score from themes.text_scores").fetchall()
        }


def _texts(path) -> dict[str, str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {text_sha256(t): t for t, _, _ in collect_texts(con)}


def test_unchanged_texts_are_not_scored_again(raw_warehouse, tmp_path):
    state = tmp_path / "app_state.duckdb"
    first = prepare_theme_tables(raw_warehouse, app_state_path=state)
    assert first.text_count > 0 and first.scored_count == first.text_count and first.cached_count == 0
    with duckdb.connect(str(raw_warehouse), read_only=True) as con:
        stamps = con.execute("select text_sha256, scored_at from themes.text_scores order by all").fetchall()
    second = prepare_theme_tables(raw_warehouse, app_state_path=state)
    assert (second.scored_count, second.cached_count) == (0, first.text_count)
    with duckdb.connect(str(raw_warehouse), read_only=True) as con:
        assert con.execute("select text_sha256, scored_at from themes.text_scores order by all").fetchall() == stamps
        # one text rewritten: exactly one new text scored, the rest from the cache
        con.close()
    with duckdb.connect(str(raw_warehouse)) as con:
        con.execute(
            "update raw.action_plan__actions set action = 'Commission an IDVA based in the GP practice.' "
            "where rowid = (select min(rowid) from raw.action_plan__actions where action is not null)"
        )
    third = prepare_theme_tables(raw_warehouse, app_state_path=state)
    assert third.scored_count == 1
    with duckdb.connect(str(raw_warehouse), read_only=True) as con:
        runs = con.execute("select scored_count, cached_count from themes.scoring_runs order by run_at").fetchall()
    assert [r[0] for r in runs] == [first.text_count, 0, 1]


def test_scores_are_the_models_and_the_same_every_time(raw_warehouse, tmp_path):
    other = make_raw_warehouse(tmp_path / "other" / "dhr.duckdb")
    prepare_theme_tables(raw_warehouse, app_state_path=tmp_path / "a.duckdb")
    prepare_theme_tables(other, app_state_path=tmp_path / "b.duckdb")
    assert _scores(raw_warehouse) == _scores(other)
    texts = _texts(raw_warehouse)
    model = load_model()
    shas = sorted(texts)
    direct = model.scores([texts[s] for s in shas])
    stored = _scores(raw_warehouse)
    table = np.array([[stored[(s, c)] for c in model.codes] for s in shas])
    assert np.allclose(table, direct, atol=1e-6)


def test_privacy_flagged_text_is_never_scored(raw_warehouse, tmp_path):
    flagged = "Call Jo on 01632 960123 about the referral to the IDVA."
    with duckdb.connect(str(raw_warehouse)) as con:
        sha, sheet, row = con.execute(
            "select file_sha256, source_sheet, source_row from raw.action_plan__actions "
            "where action is not null order by source_row limit 1"
        ).fetchone()
        con.execute(
            "update raw.action_plan__actions set action = ? where file_sha256 = ? and source_row = ?",
            [flagged, sha, row],
        )
        con.execute(
            "insert into raw.text_findings values (?, 'action_plan__actions', ?, ?, 'action', 'phone', 'x')",
            [sha, sheet, row],
        )
    prepare_theme_tables(raw_warehouse, app_state_path=tmp_path / "a.duckdb")
    scored = {s for s, _ in _scores(raw_warehouse)}
    assert scored and text_sha256(flagged) not in scored
    assert flagged not in _texts(raw_warehouse).values()


def test_overrides_are_copied_from_the_app_state_file(raw_warehouse, tmp_path):
    state = tmp_path / "app_state.duckdb"
    record_override(
        text_id="X#R1",
        text="Some text",
        text_source="recommendation",
        themes=["risk_assessment"],
        previous_themes=["training_awareness"],
        user="D. Analyst",
        path=state,
    )
    record_override(
        text_id="X#R1",
        text="Some text",
        text_source="recommendation",
        themes=["risk_assessment", "information_sharing"],
        previous_themes=["risk_assessment"],
        user="E. Analyst",
        path=state,
    )
    result = prepare_theme_tables(raw_warehouse, app_state_path=state)
    assert result.override_count == 2
    with duckdb.connect(str(raw_warehouse), read_only=True) as con:
        rows = con.execute(
            "select override_id, text_id, themes, overridden_by from themes.overrides order by 1"
        ).fetchall()
    assert rows == [
        (1, "X#R1", ["risk_assessment"], "D. Analyst"),
        (2, "X#R1", ["risk_assessment", "information_sharing"], "E. Analyst"),
    ]
