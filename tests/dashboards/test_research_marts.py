"""The researcher topics read finished aggregates that dbt built (``models/marts/research/``,
issue 16), and those aggregates, before disclosure control, are for national users and the
researchers' fixed queries only (dhr/access.py)."""

from __future__ import annotations

import pytest
from dashboard_warehouse import HACKNEY, KENT, research_marts_sql

from dhr import research, warehouse_reader
from dhr.access import Scope

PCC_KENT = Scope.from_roles([f"pcc:{KENT}"])
CSP_HACKNEY = Scope.from_roles([f"csp:{HACKNEY}"])


def read(warehouse, sql: str, scope: Scope, **params):
    return warehouse_reader.run_query(warehouse, sql, params, scope)


def test_every_research_topic_reads_its_own_aggregate_mart():
    marts = set(research_marts_sql())
    assert {m.mart for m in research.RESEARCH_MARTS.values()} == marts
    for topic, sql in research.RESEARCH_TOPICS.items():
        assert f"from marts.{research.RESEARCH_MARTS[topic].mart}\n" in sql


@pytest.mark.parametrize("scope", [PCC_KENT, CSP_HACKNEY], ids=["pcc-kent", "csp-hackney"])
def test_research_aggregates_are_refused_to_pcc_and_csp_users(warehouse, scope):
    """By region and year before suppression, they hold other areas' small counts."""
    for mart in research_marts_sql():
        assert read(warehouse, f"select * from marts.{mart}", Scope.national()).height > 0, mart
        assert read(warehouse, f"select * from marts.{mart}", scope).height == 0, mart


def test_researchers_read_the_aggregates_in_full_through_the_topic_queries(warehouse):
    researcher = Scope.from_roles(["researcher"])
    for topic, sql in research.RESEARCH_TOPICS.items():
        params = {"regions": None, "year_from": None, "year_to": None}
        assert read(warehouse, sql, researcher, **params).equals(read(warehouse, sql, Scope.national(), **params)), (
            topic
        )


def test_the_dhrs_topic_counts_every_dhr_with_a_year_of_notification_once(warehouse):
    national = Scope.national()
    in_topic = read(warehouse, "select sum(dhr_count) as n from marts.rpt_research_dhrs", national).item()
    dhrs = read(warehouse, "select count(*) as n from marts.dim_dhrs where notification_year is not null", national)
    assert in_topic == dhrs.item() > 0


def test_the_learning_themes_topic_carries_the_taxonomy_codes_with_the_dhr_library_theme_beside_them(warehouse):
    """The theme codes are the contract exports carry (../shared/themes.yml); issue 20: the DHR
    Library's theme beside ours, so researchers can compare. A DHR counts once per theme in force of
    its recommendations; an action's or a learning text's themes are not recommendations'."""
    from dhr.themes.taxonomy import theme_codes

    sql = research.RESEARCH_TOPICS["Learning themes of recommendations"]
    table = read(warehouse, sql, Scope.national(), regions=None, year_from=None, year_to=None)
    assert table.columns == [
        "notification_year",
        "region_name",
        "theme_code",
        "theme_title",
        "dhr_library_theme",
        "dhr_count",
    ]
    assert set(table.get_column("theme_code")) <= set(theme_codes())
    # the fixture's one recommendation: final themes risk_assessment | training_awareness (its actions'
    # themes, multi_agency_working and coercive_control among them, do not count)
    assert sorted(table.get_column("theme_code").to_list()) == ["risk_assessment", "training_awareness"]
    assert table.get_column("dhr_count").to_list() == [1, 1]
    assert table.get_column("dhr_library_theme").null_count() == 0
