"""Audit of every researcher output at once (issue 15), on a real warehouse built from a synthetic
corpus: every topic, both policies, both bandings, both geographies, as the Researcher page and
`dhr export` give them, taken together by an attacker with linear programming
(``tests/release_audit.py``). No hidden cell may have a single possible value.

Run with ``-s`` to see the numbers (hidden cells checked, recovered)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import polars as pl
import pytest
from dashboard_warehouse import APP_PATH, PAGES_DIR, RESEARCHER_USER, TEST_PASSWORD
from page_tables import tables_of
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboards import filters
from dashboards.data import research
from dhr import disclosure
from dhr import research as research_core
from dhr.access import Scope, using_scope
from dhr.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from release_audit import Output, audit

pytestmark = pytest.mark.slow
RESEARCHER = Scope.from_roles(["researcher"])


def _every_output(topic: str) -> list[Output]:
    outs = []
    with using_scope(RESEARCHER):
        for policy in disclosure.POLICIES:
            for band in research.YEAR_BANDS:
                for geography in research.GEOGRAPHIES:
                    frame, _counts, _ = research.get_controlled_research_table(
                        topic, geography=geography, year_band=band, policy=policy
                    )
                    outs.append(Output(topic, policy, frame, by_region=geography == "region"))
    return outs


def test_no_hidden_cell_of_any_researcher_output_is_recoverable(real_warehouse, capsys):
    total_hidden, recovered, lines = 0, [], []
    for topic in research.RESEARCH_TOPICS:
        truth = research.get_research_table(topic)  # as counted (national scope): only to know what * holds
        counts, dims, _ = research_core.research_columns(truth)
        outs = _every_output(topic)
        together = audit(truth, outs, counts, dims)
        per_policy = [
            audit(truth, [o for o in outs if o.policy == p], counts, dims, only_never_published=False)
            for p in disclosure.POLICIES
        ]
        total_hidden += together.hidden
        recovered += together.recovered + [r for result in per_policy for r in result.recovered]
        lines.append(
            f"{topic}: {together.hidden} hidden cells (all outputs together), recovered {len(together.recovered)}; "
            + "; ".join(
                f"{p} alone {r.hidden} hidden, recovered {len(r.recovered)}"
                for p, r in zip(disclosure.POLICIES, per_policy, strict=True)
            )
        )
    with capsys.disabled():
        print("\n" + "\n".join(lines) + f"\nTOTAL hidden {total_hidden}, recovered {len(recovered)}")
    assert total_hidden > 0  # the corpus is small enough for suppression to happen
    assert recovered == []


def test_every_output_is_a_slice_of_one_release(real_warehouse):
    """The same band, region and item has the same figure in every table of a policy, and England
    and Wales is the national figure whichever regions are picked."""
    topic = "Agency contact"
    with using_scope(RESEARCHER):
        full, counts, _ = research.get_controlled_research_table(topic, policy="hes")
        national, _, _ = research.get_controlled_research_table(topic, geography="national", policy="hes")
        region = research.get_regions()[0]
        picked, _, _ = research.get_controlled_research_table(topic, [region][:0] or None, policy="hes")
        one, _, _ = research.get_controlled_research_table(topic, regions=[region], policy="hes")
    keys = ["years", "region_name", "agency"]
    assert (
        full.filter(pl.col("region_name") == research.NATIONAL_NAME)
        .select(keys + counts)
        .equals(national.select(keys + counts))
    )
    assert picked.equals(full)
    assert set(one.get_column("region_name")) == {region, research.NATIONAL_NAME}
    assert (
        one.join(full, on=keys, how="left", suffix="_full")
        .filter(pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_full")) for c in counts))
        .height
        == 0
    )


def test_dhr_export_writes_the_same_release(real_warehouse, signed_in, tmp_path):
    from dhr import auth

    auth.add_user(RESEARCHER_USER, TEST_PASSWORD, ["researcher"], actor="cli:test", path=signed_in) if auth.get_user(
        RESEARCHER_USER, path=signed_in
    ) is None else None
    runner = CliRunner()
    for years, band in (("3", "3-year bands"), ("all", "All years pooled")):
        out = tmp_path / f"risk-{years}"
        result = runner.invoke(
            app,
            [
                "export",
                "Risk factors (Annex A of the statutory guidance)",
                "--user",
                RESEARCHER_USER,
                "--password-stdin",
                "-o",
                str(out),
                "--years",
                years,
            ],
            input=TEST_PASSWORD + "\n",
        )
        assert result.exit_code == 0, result.output
        written = pl.read_csv(
            io.StringIO(out.with_suffix(".csv").read_bytes().decode("utf-8-sig")),
            comment_prefix="#",
            infer_schema=False,
        )
        with using_scope(RESEARCHER):
            frame, counts, _ = research.get_controlled_research_table(
                "Risk factors (Annex A of the statutory guidance)", year_band=band
            )
        expected = disclosure.for_output(frame, counts)
        for c in counts:
            assert written.get_column(c).to_list() == expected.get_column(c).to_list()
    five = runner.invoke(
        app,
        [
            "export",
            "Timeliness",
            "--user",
            RESEARCHER_USER,
            "--password-stdin",
            "-o",
            str(tmp_path / "t"),
            "--years",
            "5",
        ],
        input=TEST_PASSWORD + "\n",
    )
    assert five.exit_code == 2  # overlapping bands are no longer offered


def test_the_researcher_page_offers_only_the_fixed_bands(real_warehouse):
    at = AppTest.from_file(str(APP_PATH), default_timeout=120)
    at.session_state[filters.YEARS_KEY] = (2022, 2022)  # a single year remembered from another page
    at.run()
    at.switch_page(str((PAGES_DIR / "researcher.py").relative_to(APP_PATH.parent))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="res_year_band").options == list(research.YEAR_BANDS)
    assert not at.slider  # no choice of single years anywhere on the page
    table = tables_of(at)[0].value
    bands = {disclosure.band_label(b) for b in research.get_research_bands()}
    assert set(table["Years of notification"]) == bands
