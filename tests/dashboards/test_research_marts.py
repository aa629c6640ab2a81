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
