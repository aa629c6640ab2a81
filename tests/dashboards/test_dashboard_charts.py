"""Chart builders: one theme, Okabe-Ito colours, and status words that never rely on colour alone."""

from __future__ import annotations

import json

import polars as pl
import pytest

from dashboards import charts
from dashboards.data import oversight, overview, research
from dashboards.pictures import draw_svg


@pytest.fixture
def frames(warehouse):
    return {
        "year": overview.get_dhr_counts_by_year_force_area(),
        "status": overview.get_action_status_by_force_area(),
    }


def spec(chart) -> dict:
    return json.loads(chart.to_json())


def test_year_chart_has_title_axes_tooltips_and_pipeline_order(frames):
    s = spec(charts.dhrs_by_year_chart(frames["year"]))
    assert s["title"]["text"] == "DHRs by year of notification"
    bars = s["layer"][0]
    assert bars["encoding"]["x"]["title"] == "Year of notification"
    assert bars["encoding"]["y"]["title"] == "DHRs"
    assert bars["encoding"]["tooltip"]
    assert bars["encoding"]["x"]["sort"] == ["2020", "2021", "2022", charts.YEAR_NOT_KNOWN]
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"][0] == "Scoping review (no decision recorded)" and scale["domain"][-1] == "Published"
    assert set(scale["range"]) <= set(charts.OKABE_ITO.values())


def test_force_area_chart_sorted_and_truncated(frames):
    s = spec(charts.dhrs_by_force_area_chart(frames["year"], top_n=2))
    assert s["layer"][0]["encoding"]["y"]["sort"] == ["Kent", "Metropolitan Police"]
    assert s["title"]["subtitle"] == "Top 2 of 3 force areas"
    everything = spec(charts.dhrs_by_force_area_chart(frames["year"], top_n=None))
    assert everything["title"]["subtitle"] == "All 3 force areas with DHRs"


def test_action_status_segments_carry_their_word(frames):
    seg = charts.prepare_action_status(frames["status"])
    assert set(seg.get_column("bar_text").drop_nulls()) == {"RED 1", "GREEN 1", "COMPLETE 1", "AMBER 1"}
    # Force area with the most open actions first.
    assert seg.sort("area_rank").get_column("force_area_name").unique(maintain_order=True).to_list() == [
        "Metropolitan Police",
        "Kent",
    ]
    s = spec(charts.action_status_chart(frames["status"]))
    bars, words = s["layer"]
    assert words["mark"]["type"] == "text" and words["encoding"]["text"]["field"] == "bar_text"
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == [charts.RAG_DEFAULT_LABELS[w] for w in charts.RAG_ORDER]
    assert scale["range"] == [charts.RAG_COLOURS[w] for w in charts.RAG_ORDER]
    assert {t["title"] for t in bars["encoding"]["tooltip"]} >= {"Status", "Actions", "Of which overdue"}


def test_narrow_segments_leave_the_word_to_legend_and_tooltip():
    df = pl.DataFrame(
        {
            "force_area_code": ["A", "A"],
            "force_area_name": ["Kent", "Kent"],
            "status": ["RED", "COMPLETE"],  # upper-case codes are read the same way
            "status_label": ["RED - Action required", "COMPLETE - Action completed"],
            "status_sort_order": [1, 4],
            "action_count": [1, 99],
            "overdue_action_count": [1, 0],
        }
    )
    seg = charts.prepare_action_status(df)
    assert dict(seg.select("rag", "bar_text").iter_rows()) == {"RED": None, "COMPLETE": "COMPLETE 99"}


def assert_draws_titled_and_empty(chart) -> None:
    """A chart of no rows still says what it would show, and draws (a page with nothing to count
    shows an empty, titled chart rather than an error)."""
    s = spec(chart)
    assert s["title"]["text"]
    assert s.get("datasets") and all(rows == [] for rows in s["datasets"].values())
    assert s["title"]["text"] in draw_svg(chart, 560)


@pytest.mark.parametrize("builder", [charts.dhrs_by_year_chart, charts.dhrs_by_force_area_chart])
def test_a_year_or_force_area_chart_of_no_dhrs_draws_titled_and_empty(frames, builder):
    assert_draws_titled_and_empty(builder(frames["year"].head(0)))


def test_an_action_status_chart_of_no_actions_draws_titled_and_empty(frames):
    assert_draws_titled_and_empty(charts.action_status_chart(frames["status"].head(0)))


def test_every_audience_chart_compiles_in_vega_lite(warehouse):
    """Each builder's spec compiles and draws (vl-convert runs Vega-Lite as the browser does): a
    spec Altair accepts can still fail in Vega-Lite, as a layered chart with clashing scales does."""
    import json

    import vl_convert as vlc

    from dashboards import figures
    from dashboards.reports import annual

    met = "E23000001"
    built = [
        charts.dhr_pipeline_chart(oversight.get_dhr_status_by_csp(met)),
        charts.action_status_chart(
            oversight.get_action_status_by("lead_agency", met),
            "group_name",
            "Lead agency",
            "t",
            top_n=1,
            legend_columns=1,
        ),
        charts.status_trend_chart(oversight.get_action_status_trend(met)),
        charts.dot_comparison_chart(
            figures.risk_factor_comparison_long(
                oversight.get_risk_factor_comparison("force_area", met), "Met", "victim"
            ),
            "t",
        ),
        charts.count_bar_chart(
            figures.quality_flag_counts(oversight.get_action_quality_flags()), "flag_label", "flag_count", "t", "a", "b"
        ),
        charts.heatmap_chart(research.get_research_table("DHRs by status"), "dhr_count", "DHRs", "t"),
    ]
    report = annual.gather(2024)
    built += [recipe.build() for section in annual.sections(report) for recipe in section.charts]
    for chart in built:
        svg = vlc.vegalite_to_svg(json.dumps(chart.to_dict()))
        assert svg.startswith("<svg") and "<text" in svg


def test_the_quarter_in_progress_says_to_date_on_a_line_of_its_own():
    """Issue 19: drawn 560 px wide (a 1024 px window), "2026-Q4 (to date)" ran into "2026-Q3"."""
    import re

    import vl_convert as vlc

    quarters = [(f"2026-Q{q}", q == 4) for q in (1, 2, 3, 4)] + [(f"2025-Q{q}", False) for q in (1, 2, 3, 4)]
    trend = pl.DataFrame(
        {
            "quarter": [q for q, _ in quarters],
            "quarter_start": [f"{q[:4]}-{3 * int(q[-1]) - 2:02d}-01" for q, _ in quarters],
            "is_quarter_in_progress": [p for _, p in quarters],
            "status": ["complete"] * 8,
            "status_label": ["COMPLETE - Action completed"] * 8,
            "action_count": [1465] * 8,
            "overdue_action_count": [0] * 8,
        }
    ).with_columns(pl.col("quarter_start").str.to_date())
    spec = charts.status_trend_chart(trend).properties(width=560, autosize={"type": "fit-x", "contains": "padding"})
    svg = vlc.vegalite_to_svg(spec.to_dict(validate=False))
    assert re.search(r"<tspan[^>]*>2026-Q4</tspan><tspan[^>]*>\(to date\)</tspan>", svg), "one line each"
    assert not re.search(r">2026-Q4 \(to date\)<", svg)  # never as one axis label


def test_a_long_title_is_drawn_on_lines_and_read_as_one_sentence():
    """Vega clips a one-line title at the chart's width (a three-band heatmap lost the end of its
    item's name); the screen reader and the report's alt text still read the title as words."""
    from dashboards.reports.annual import ChartRecipe, chart_alt
    from dashboards.ui import chart_alt_text

    title = "Learning themes of recommendations: Risk identification, assessment and management"
    frame = pl.DataFrame({"label": ["a", "b"], "n": [3, 5]})
    bars = charts.alt.Chart(frame.to_pandas()).mark_bar().encode(x="n:Q", y="label:N")
    chart = charts.style(bars, title, "Sub")
    lines = chart.to_dict(validate=False)["title"]["text"]
    assert isinstance(lines, list) and len(lines) >= 2 and all(len(line) <= charts.TITLE_LINE_CHARS for line in lines)
    assert " ".join(lines) == title
    assert chart_alt_text(chart.to_dict(validate=False)).startswith(title + ". Sub.")
    alt = chart_alt(ChartRecipe("style", (bars, title, "Sub")))
    assert alt.startswith(f"Chart: {title}.") and "[" not in alt
