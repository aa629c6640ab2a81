"""The evaluation runs end to end on a small subset and writes both report files.

Its speed is make bench's business, never a timing assertion here (a loaded CI machine is no measure)."""

from __future__ import annotations

import json

import pytest

from dhr.themes.evaluate import evaluate
from dhr.themes.taxonomy import theme_codes


@pytest.mark.heavy
def test_evaluation_on_a_subset_writes_both_reports_with_every_theme(tmp_path):
    report = evaluate(
        seed=0,
        folds=2,
        repeats=2,
        limit=300,
        unseen=True,
        params={"inner_folds": 2},
        report_path=tmp_path / "themes_evaluation.md",
        json_path=tmp_path / "evaluation.json",
    )
    s = report.summary
    assert 0 <= s["macro_f1"]["mean"] <= 1 and 0 <= s["micro_f1"]["mean"] <= 1
    assert s["macro_f1"]["sd"] >= 0
    assert len(report.per_repeat) == 2
    assert [p["code"] for p in report.per_theme] == theme_codes()
    assert 0 <= report.baseline_summary["macro_f1"]["mean"] <= 1
    assert report.unseen and report.unseen[0]["held_out"] == "batch = paraphrase"
    data = json.loads((tmp_path / "evaluation.json").read_text())
    assert data["generated_for"]["subset_limit"] == 300
    md = (tmp_path / "themes_evaluation.md").read_text()
    assert "| theme | support |" in md and all(f"`{c}`" in md for c in theme_codes())
    assert "keyword baseline" in md
