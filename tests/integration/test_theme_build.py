"""Issue 5 end to end, for real: forms written as CSPs write them, ingested and built with dbt (three
times: build, build again after an analyst's override, rebuild from the raw store).

Four DHRs with recommendations written for the test:

| DHR | CSP (force area) | notified | recommendation 1 |
|---|---|---|---|
| CW DHR 2019/01 | Cornwall (Devon & Cornwall) | 2019-05 | GP practices should ask every patient about domestic abuse and see them alone (actions RED) |
| CW DHR 2022/02 | Cornwall (Devon & Cornwall) | 2022-03 | GP practices should routinely ask patients about domestic abuse and see them alone |
| PL DHR 2023/01 | Plymouth (Devon & Cornwall) | 2023-02 | GP surgeries should ask every patient about domestic abuse and see them alone |
| BR DHR 2024/01 | Bristol (Avon & Somerset) | 2024-01 | (same words as CW DHR 2019/01) |

So CW 2022/02 R1 repeats CW 2019/01 R1 (same CSP, whose actions are RED); PL 2023/01 R1 repeats both
(same force area); the Bristol recommendation repeats nothing (another force area), and nothing
links to a later DHR.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dhr.app_state import app_state_path
from dhr.forms import write_action_plan, write_scoping_review
from dhr.rebuild import rebuild_warehouse
from dhr.themes.overrides import override_history, record_override
from dhr.themes.taxonomy import theme_codes
from dhr.warehouse_build import build_warehouse
from form_contract.records import Action, ActionPlan, EarlyAction, Recommendation, ScopingReview
from ingest.pipeline import ingest_paths

pytestmark = pytest.mark.slow

AS_OF = date(2026, 9, 30)
CW, PL, BR = "E22000356", "E22000056", "E22000002"
GP_ASK = "GP practices should ask every patient about domestic abuse and see them alone."
DVPO = "The police should review how often they apply for Domestic Violence Protection Orders after arrest."
CW_2019_R1, CW_2022_R1, PL_2023_R1, BR_2024_R1 = (
    f"{CW}:CWDHR201901#R1",
    f"{CW}:CWDHR202202#R1",
    f"{PL}:PLDHR202301#R1",
    f"{BR}:BRDHR202401#R1",
)
MARTS = (
    "dim_theme_texts",
    "fct_text_themes",
    "rpt_text_themes_by_year",
    "rpt_emerging_topics",
    "fct_repeated_learning",
)


def _case(csp: str, ref: str, notified: date, recs: list[tuple[str, str]]) -> tuple[ScopingReview, ActionPlan]:
    scoping = ScopingReview(
        csp_name=csp,
        dhr_reference=ref,
        anonymised_identifier="Pseudonym",
        notification_date=notified,
        decision="commissioned",
        death_type="domestic_homicide",
        q4_early_learning="Agencies did not share what they knew about the risk to her.",
        early_actions=[
            EarlyAction(
                "1",
                "Brief GP practices on routine enquiry.",
                lead_agency="ICB",
                target_date=date(notified.year + 1, 3, 31),
            )
        ],
    )
    plan = ActionPlan(
        dhr_title=f"DHR {ref}",
        csp_name=csp,
        dhr_reference=ref,
        as_at_date=date(2026, 6, 30),
        recommendations=[
            Recommendation(
                n,
                text,
                actions=[
                    Action(
                        f"{n}.1",
                        f"Deliver action {n} for {ref}",
                        lead_agency="ICB",
                        target_date=date(2026, 3, 31),
                        status=status,
                        progress="Under way",
                    ),
                ],
            )
            for n, (text, status) in enumerate(recs, start=1)
        ],
    )
    return scoping, plan


CASES = [
    ("Cornwall", "CW DHR 2019/01", date(2019, 5, 6), [(GP_ASK, "red"), (DVPO, "complete")]),
    (
        "Cornwall",
        "CW DHR 2022/02",
        date(2022, 3, 7),
        [("GP practices should routinely ask patients about domestic abuse and see them alone.", "amber")],
    ),
    (
        "Plymouth",
        "PL DHR 2023/01",
        date(2023, 2, 1),
        [("GP surgeries should ask every patient about domestic abuse and see them alone.", "green")],
    ),
    ("Bristol", "BR DHR 2024/01", date(2024, 1, 15), [(GP_ASK, "green")]),
]


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _marts(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {m: sorted(con.execute(f"select * from marts.{m}").fetchall(), key=repr) for m in MARTS}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("issue5")
    inbox = root / "inbox"
    inbox.mkdir()
    for i, (csp, ref, notified, recs) in enumerate(CASES):
        scoping, plan = _case(csp, ref, notified, recs)
        write_scoping_review(inbox / f"scoping {i}.docx", scoping)
        write_action_plan(inbox / f"plan {i}.xlsx", plan)
    warehouse = root / "warehouse" / "dhr.duckdb"
    results = ingest_paths([inbox], warehouse)
    assert [r.errors for r in results if r.status != "accepted"] == []
    first = build_warehouse(warehouse, reporting_date=AS_OF)
    assert first.status == "built", first.message
    return {"root": root, "warehouse": warehouse, "first": first, "first_marts": _marts(warehouse)}


def test_every_text_has_themes_with_model_version_and_a_score_per_theme(built):
    wh = built["warehouse"]
    texts = query(
        wh,
        "select text_source, count(*), count(model_version), count(predicted_themes) "
        "from marts.dim_theme_texts group by 1 order by 1",
    )
    assert texts == [
        ("action", 5, 5, 5),
        ("early_action", 4, 4, 4),
        ("recommendation", 5, 5, 5),
        ("scoping_learning", 4, 4, 4),
    ]
    per_text = query(
        wh,
        "select count(*), count(distinct theme_code), min(score) >= 0, max(score) <= 1 "
        "from marts.fct_text_themes group by text_id",
    )
    assert set(per_text) == {(17, 17, True, True)}
    codes = query(wh, "select distinct theme_code from marts.fct_text_themes order by 1")
    assert [c for (c,) in codes] == sorted(theme_codes())
    # at least one final theme per text, and with no override the final themes are the prediction
    assert query(wh, "select count(*) from marts.dim_theme_texts where final_themes <> predicted_themes") == [(0,)]


def test_repeated_learning_links_only_earlier_recommendations_in_scope(built):
    links = query(
        built["warehouse"],
        "select recommendation_id, earlier_recommendation_id, link_scope, earlier_status_summary, "
        "earlier_dhr_reference, earlier_year from marts.fct_repeated_learning order by 1, 2",
    )
    assert sorted(links) == sorted(
        [
            (CW_2022_R1, CW_2019_R1, "same_csp", "red", "CW DHR 2019/01", 2019),
            (PL_2023_R1, CW_2019_R1, "same_force_area", "red", "CW DHR 2019/01", 2019),
            (PL_2023_R1, CW_2022_R1, "same_force_area", "amber", "CW DHR 2022/02", 2022),
        ]
    )


def test_theme_step_caches_unchanged_texts(built):
    runs = query(built["warehouse"], "select text_count, scored_count, cached_count from themes.scoring_runs")
    assert runs[-1][1] == runs[-1][0] > 0  # first build: every text scored


@pytest.fixture(scope="module")
def overridden(built, tmp_path_factory):
    """An analyst changes CW 2022/02 R1's themes; the warehouse is built again, then rebuilt."""
    wh = built["warehouse"]
    ((text, predicted),) = query(
        wh, "select text, predicted_themes from marts.dim_theme_texts where text_id = ?", [CW_2022_R1]
    )
    saved = record_override(
        text_id=CW_2022_R1,
        text=text,
        text_source="recommendation",
        themes=["equality_access", "public_awareness"],
        previous_themes=predicted.split("|"),
        user="C. Analyst",
        note="test",
        path=app_state_path(wh),
    )
    assert saved.audit_event_id == 1
    second = build_warehouse(wh, reporting_date=AS_OF)
    assert second.status == "built", second.message
    after_build = _marts(wh)
    runs = query(wh, "select text_count, scored_count, cached_count from themes.scoring_runs order by run_at")
    rebuilt = rebuild_warehouse(wh, reporting_date=AS_OF)
    assert rebuilt.status == "built", rebuilt.message
    return {
        "predicted": predicted,
        "after_build": after_build,
        "runs": runs,
        "after_rebuild": _marts(wh),
        "second_message": second.message,
        "rebuilt_message": rebuilt.message,
    }


def test_the_second_build_scores_nothing_new(built, overridden):
    text_count, scored, cached = overridden["runs"][-1]
    assert (scored, cached) == (0, text_count)


def test_unchanged_recommendations_reuse_their_similar_pairs_and_topics(built, overridden):
    # The second build's copy came from the first: same texts, so nothing is recomputed; the
    # rebuild starts from an empty warehouse, so both force areas are computed again.
    assert "(0 of 2 force areas recomputed)" in overridden["second_message"]
    assert "topics (unchanged texts, not refitted)" in overridden["second_message"]
    assert "(2 of 2 force areas recomputed)" in overridden["rebuilt_message"]
    assert "not refitted" not in overridden["rebuilt_message"]


def test_a_changed_recommendation_recomputes_only_its_force_area(built, overridden, tmp_path):
    from dhr.themes.warehouse_step import prepare_theme_tables
    from dhr.warehouse_build import theme_model_dir

    wh = built["warehouse"]
    copy = tmp_path / "dhr.duckdb"
    shutil.copyfile(wh, copy)
    before = query(
        copy,
        "select text_sha256, similar_text_sha256, max(similarity) from themes.similar_pairs group by all order by all",
    )
    new_text = "GP practices should ask every patient about domestic abuse, alone, at every appointment."
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "update raw.action_plan__actions set recommendation = ? where recommendation = ? and file_sha256 in "
            "(select file_sha256 from raw.action_plan__plans where csp_code = ?)",
            [new_text, GP_ASK, BR],
        )
    step = prepare_theme_tables(copy, model_dir=theme_model_dir(wh), app_state_path=app_state_path(wh))
    assert (step.similarity_recomputed, step.similarity_force_areas) == (1, 2)  # Bristol's force area only
    assert step.topics_refitted  # the set of texts changed
    after = query(
        copy,
        "select text_sha256, similar_text_sha256, max(similarity) from themes.similar_pairs group by all order by all",
    )
    assert after != before
    devon_and_cornwall = [r for r in before if r[0] != r[1] and r[2] < 1]
    assert devon_and_cornwall and set(devon_and_cornwall) <= set(after)  # the other force area's pairs are kept


def test_similar_pairs_computed_in_worker_processes_equal_those_computed_in_process(
    built, overridden, tmp_path, monkeypatch
):
    from dhr.themes import warehouse_step
    from dhr.warehouse_build import theme_model_dir

    wh = built["warehouse"]
    copy = tmp_path / "dhr.duckdb"
    shutil.copyfile(wh, copy)
    in_process = query(
        copy,
        "select text_sha256, similar_text_sha256, max(similarity) from themes.similar_pairs group by all order by all",
    )
    with duckdb.connect(str(copy)) as con:
        con.execute("delete from themes.derived_inputs")  # every force area must be recomputed
    monkeypatch.setattr(warehouse_step, "PARALLEL_SIMILARITY_MIN_TEXTS", 0)
    monkeypatch.setattr(warehouse_step.os, "cpu_count", lambda: 2)
    step = warehouse_step.prepare_theme_tables(copy, model_dir=theme_model_dir(wh), app_state_path=app_state_path(wh))
    assert (step.similarity_recomputed, step.similarity_force_areas) == (2, 2)
    assert (
        query(
            copy,
            "select text_sha256, similar_text_sha256, max(similarity) from themes.similar_pairs group by all order by all",
        )
        == in_process
    )


def test_override_wins_over_the_prediction_in_the_marts(built, overridden):
    wh = built["warehouse"]
    final = query(
        wh,
        "select theme_code from marts.fct_text_themes where text_id = ? and is_final order by final_rank",
        [CW_2022_R1],
    )
    assert [c for (c,) in final] == ["equality_access", "public_awareness"]
    predicted = query(
        wh,
        "select theme_code from marts.fct_text_themes where text_id = ? and is_predicted order by theme_rank",
        [CW_2022_R1],
    )
    assert "|".join(c for (c,) in predicted) == overridden["predicted"]  # the prediction stays visible
    row = query(
        wh,
        "select final_themes, has_override, overridden_by, primary_theme_code from marts.dim_theme_texts "
        "where text_id = ?",
        [CW_2022_R1],
    )
    assert row == [("equality_access|public_awareness", True, "C. Analyst", "equality_access")]
    # the other texts keep their predictions
    assert query(wh, "select count(*) from marts.dim_theme_texts where has_override") == [(1,)]


def test_overrides_survive_build_and_rebuild(built, overridden):
    after_build, after_rebuild = overridden["after_build"], overridden["after_rebuild"]
    assert after_rebuild == after_build
    assert after_build["fct_repeated_learning"] == built["first_marts"]["fct_repeated_learning"]
    assert len(override_history(app_state_path(built["warehouse"]))) == 1  # the app-state file was only read


def test_rebuild_keeps_the_app_state_untouched_and_audited(built, overridden):
    from dhr.app_state import audit_events, verify_audit_chain

    state = app_state_path(built["warehouse"])
    assert [e.action for e in audit_events(state)] == ["theme_override"]
    assert verify_audit_chain(state) == []


def test_build_step_failure_leaves_the_warehouse_unchanged(built, overridden, monkeypatch, tmp_path):
    wh = built["warehouse"]
    before = wh.stat().st_mtime_ns
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "theme_model.json").write_text('{"n_overrides": 1}')  # "current" but no usable artifact
    (broken / "theme_model.joblib").write_bytes(b"not a model")
    monkeypatch.setenv("DHR_THEMES_MODEL_DIR", str(broken))
    monkeypatch.setattr("dhr.themes.model.train", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no training")))
    result = build_warehouse(wh, reporting_date=AS_OF)
    assert result.status == "failed" and "theme step failed" in result.message
    assert wh.stat().st_mtime_ns == before
    shutil.rmtree(broken)
