"""The benchmark's own pure logic: percentiles, the floor reader, sampling and the results table."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from bench.floor import floor_read, parse_parts
from bench.phases import _quarter_end_after
from bench.report import END, START, end_to_end_target, results_table, write_results
from bench.run import ratios, sample_evenly
from bench.stats import latency_summary, percentile


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 3.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)  # numpy.percentile([1..5], 95)
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_latency_summary_is_in_milliseconds():
    summary = latency_summary([0.010, 0.020, 0.030, 0.040, 0.100])
    assert summary == {"p50_ms": 30.0, "p95_ms": 88.0, "max_ms": 100.0, "runs": 5}


def test_floor_parses_every_xml_part_of_a_real_workbook(tmp_path):
    workbook = Workbook()
    workbook.active.append(["Rec. no.", "Action"])
    workbook.create_sheet("Second").append([1, 2])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        xml_parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
    assert parse_parts(path) == len(xml_parts) >= 5
    tally = floor_read([path, path], workers=1)
    assert (tally.files, tally.parts, tally.bytes) == (2, 2 * len(xml_parts), 2 * path.stat().st_size)


def test_floor_refuses_a_broken_xml_part(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body>")  # never closed
    with pytest.raises(Exception, match=r"no element found|unclosed|not well-formed"):
        parse_parts(path)


def test_sample_evenly_spreads_over_the_list(tmp_path):
    files = [tmp_path / f"{i}.xlsx" for i in range(10)]
    assert sample_evenly(files, 0) == files
    assert sample_evenly(files, 20) == files
    assert [p.stem for p in sample_evenly(files, 5)] == ["0", "2", "4", "6", "8"]


def test_quarter_end_after():
    assert _quarter_end_after(date(2026, 9, 30), 1) == date(2026, 12, 31)
    assert _quarter_end_after(date(2026, 12, 31), 1) == date(2027, 3, 31)
    assert _quarter_end_after(date(2026, 2, 10), 2) == date(2026, 6, 30)


def _scale(dhrs: int, ingest_fps: float, seconds: float) -> dict:
    scale = {
        "dhrs": dhrs,
        "corpus": {"files": 10 * dhrs, "megabytes": 1.5},
        "end_to_end_seconds": seconds,
        "ingest": {"seconds": seconds / 2, "files_per_second": ingest_fps, "peak_rss_gib": 0.5},
        "baseline": {"files_per_second": 10.0},
        "floor": {"files_per_second": 200.0},
        "build": {"seconds": 40.0, "direct_sql_seconds": 10.0},
    }
    scale["ratios"] = ratios(scale)
    return scale


def test_ratios_and_table_judge_each_figure_against_its_target():
    scale = _scale(2000, 100.0, 50.0)
    assert scale["ratios"] == {"ingest_over_baseline": 10.0, "floor_over_ingest": 2.0, "dbt_overhead_share": 75.0}


def test_dbt_overhead_leaves_out_the_theme_step():
    scale = _scale(2000, 100.0, 50.0)
    scale["build"]["theme_step_seconds"] = 20.0  # 40 s build: 20 s themes, 20 s dbt of which 10 s DuckDB
    assert ratios(scale)["dbt_overhead_share"] == 50.0
    slow = _scale(200, 20.0, 30.0)
    table = results_table({"scales": [slow, scale]})
    lines = table.splitlines()
    assert lines[0] == "| Figure | 200 DHRs | 2,000 DHRs | Target | Met |"
    row = next(line for line in lines if line.startswith("| Ingest + build"))
    assert row == "| Ingest + build (end to end) | 30.0 s | 50.0 s | < 6 s (pro rata) / < 60 s | **no** / yes |"
    assert "| Ingest / baseline | 2.00 x | 10.00 x | >= 5 x | **no** / yes |" in lines
    assert "| Floor / ingest (ingest's cost in floors) | 10.00 x | 2.00 x | <= 3 x | **no** / yes |" in lines
    assert not any(line.startswith("| Dashboard") for line in lines)  # not measured: no row
    assert end_to_end_target(200) == 6.0 and end_to_end_target(20000) == 600.0


def test_write_results_replaces_only_the_table(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bench\n\nBefore.\n\n{START}\nold table\n{END}\n\nAfter.\n", encoding="utf-8")
    results = {"scales": [_scale(2000, 100.0, 50.0)], "date": "2026-11-23"}
    write_results(results, tmp_path / "results.json", readme)
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and text.startswith("# Bench\n\nBefore.") and text.endswith("After.\n")
    assert "| Ingest + build (end to end) | 50.0 s | < 60 s | yes |" in text
    assert json.loads((tmp_path / "results.json").read_text())["date"] == "2026-11-23"
