"""dbt exposures name every page and the marts it reads (issue 16), and they are true: each page is
run, as a national analyst who may open every page, with every query the data layer sends recorded;
the marts those queries read are exactly the ones its exposure declares. So `dbt ls --select
+exposure:pcc_oversight` is what the page depends on, and a mart no page reads is seen as such."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from dashboard_warehouse import NATIONAL_USER
from test_access_pages import _sign_in_as

from dashboards import data, page_registry
from dashboards.data import research
from dhr import warehouse_reader

pytestmark = pytest.mark.apptest

EXPOSURES = Path(__file__).resolve().parents[2] / "models" / "exposures.yml"
MART = re.compile(r"\bmarts\.(\w+)")
REF = re.compile(r"ref\(\s*['\"](\w+)['\"]\s*\)")


def exposure_name(url_path: str) -> str:
    return url_path.replace("-", "_")


def declared() -> dict[str, set[str]]:
    doc = yaml.safe_load(EXPOSURES.read_text(encoding="utf-8"))
    return {e["name"]: {REF.search(d).group(1) for d in e.get("depends_on", [])} for e in doc["exposures"]}


def test_every_page_has_an_exposure_and_every_exposure_a_page():
    assert set(declared()) == {exposure_name(p.url_path) for p in page_registry.PAGES}


def test_each_page_reads_exactly_the_marts_its_exposure_declares(warehouse, monkeypatch):
    read: set[str] = set()
    real = warehouse_reader.run_query

    def recording(path, sql, params, scope):
        read.update(MART.findall(sql))
        return real(path, sql, params, scope)

    monkeypatch.setattr(warehouse_reader, "run_query", recording)
    at = _sign_in_as(monkeypatch, NATIONAL_USER)
    wrong = {}
    for page in page_registry.PAGES:
        data.clear_cache()
        read.clear()
        at.switch_page(f"app_pages/{page.file}").run()
        assert not at.exception, (page.url_path, [e.value for e in at.exception])
        if page.url_path == "researcher":  # each topic reads its own mart
            for topic in research.RESEARCH_TOPICS:
                at.session_state["res_topic"] = topic
                at.run()
        expected = declared()[exposure_name(page.url_path)]
        if read != expected:
            wrong[page.url_path] = {"read, not declared": read - expected, "declared, not read": expected - read}
    assert not wrong, wrong
