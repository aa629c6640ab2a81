"""`dhr themes classify` as an analyst runs it: the input copied, a `themes` column and a score per theme."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from dhr.cli import app
from dhr.themes import theme_codes

runner = CliRunner()


@pytest.mark.heavy
def test_classify_copies_the_input_and_adds_themes_best_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DHR_DB", str(tmp_path / "wh" / "dhr.duckdb"))  # the model is cached beside the warehouse
    source = tmp_path / "recs.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "recommendation"])
        writer.writerow(
            ["R1", "The ICB should commission IRIS in every GP practice so that clinicians ask about abuse."]
        )
        writer.writerow(
            ["R2", "Housing providers to flag repeat repair requests for damage to doors as a possible sign of abuse."]
        )
    out = tmp_path / "out.csv"

    result = runner.invoke(
        app, ["themes", "classify", "--input", str(source), "--text-column", "recommendation", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output

    rows = list(csv.DictReader(out.open()))
    codes = theme_codes()
    assert [r["ref"] for r in rows] == ["R1", "R2"]
    assert list(rows[0])[:2] == ["ref", "recommendation"]
    assert {f"score_{c}" for c in codes} <= set(rows[0])
    for row in rows:
        predicted = row["themes"].split("|")
        assert predicted and set(predicted) <= set(codes)
        scores = [float(row[f"score_{c}"]) for c in predicted]
        assert scores == sorted(scores, reverse=True)
    assert "health_response" in rows[0]["themes"].split("|")
    assert "housing_homelessness" in rows[1]["themes"].split("|")


def test_classify_names_the_missing_column(tmp_path, monkeypatch):
    monkeypatch.setenv("DHR_DB", str(tmp_path / "wh" / "dhr.duckdb"))
    source = tmp_path / "recs.csv"
    source.write_text("ref,text\nR1,Train staff\n")
    result = runner.invoke(
        app,
        [
            "themes",
            "classify",
            "--input",
            str(source),
            "--text-column",
            "recommendation",
            "--output",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code != 0
    assert "recommendation" in result.output
