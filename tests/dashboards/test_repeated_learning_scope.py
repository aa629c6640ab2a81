"""What a CSP may see of its neighbours under "Learning that repeats" (issue 15): that a similar
earlier recommendation exists elsewhere in the force area, its year, similarity and how its actions
stand; never the other CSP's DHR reference, its text, its month or the identifiers that embed them.
Enforced in the scoped views (dhr/access.py), so every query a csp: user runs obeys it."""

from __future__ import annotations

import duckdb
import pytest
from dashboard_warehouse import CSP_USER, HACKNEY, LAMBETH, MET, PAGES_DIR
from page_tables import card_texts_of
from streamlit.testing.v1 import AppTest

from dashboards.data import _core, themes
from dhr.access import Scope, using_scope

NEIGHBOUR_TEXT = "Lambeth's own words about the family's GP"
NEIGHBOUR_REFERENCE = "DHR/2018/03"


@pytest.fixture
def linked_warehouse(warehouse):
    """The fixture warehouse plus a Hackney recommendation whose most similar earlier one is Lambeth's."""
    conn = duckdb.connect(str(warehouse))
    try:
        conn.execute(
            """insert into marts.fct_repeated_learning values
            ('E22000012:DHR202101#R1>E22000022:DHR201803#R1', 'E22000012:DHR202101#R1', 'E22000012:DHR202101',
             'E22000012', 'E23000001', 'E22000022:DHR201803#R1', 'E22000022:DHR201803', 'E22000022',
             'same_force_area', 'amber', 'Improve risk assessment', $text, $reference, 0.61, 0.38, 1, 2024, 2018,
             3, 0, 1, 1, 1, 0, date '2024-05-01', date '2018-03-01')""",
            {"text": NEIGHBOUR_TEXT, "reference": NEIGHBOUR_REFERENCE},
        )
    finally:
        conn.close()
    return warehouse


def _values(frame) -> set[str]:
    return {str(v) for row in frame.rows() for v in row if v is not None}


def test_a_csp_user_sees_that_a_neighbours_recommendation_exists_but_not_its_reference_or_text(linked_warehouse):
    with using_scope(Scope.from_roles([f"csp:{HACKNEY}"])):
        frame = themes.get_repeated_learning(csp_code=HACKNEY)
        everything = _core._query("select * from marts.fct_repeated_learning")
    assert frame.height == 2  # its own earlier recommendation, and the neighbour's
    neighbour = frame.filter(frame["link_scope"] == "same_force_area").row(0, named=True)
    assert neighbour["earlier_year"] == 2018 and neighbour["earlier_status_summary"] == "amber"
    assert neighbour["earlier_dhr_reference"] is None and neighbour["earlier_recommendation"] is None
    for result in (frame, everything):
        leaked = {
            v
            for v in _values(result)
            if NEIGHBOUR_TEXT in v or NEIGHBOUR_REFERENCE in v or LAMBETH in v or "DHR201803" in v
        }
        assert leaked == set()
    # Its own CSP's earlier recommendation is shown in full.
    own = frame.filter(frame["link_scope"] == "same_csp").row(0, named=True)
    assert own["earlier_dhr_reference"] == "DHR/2019/07"


def test_the_force_areas_pcc_and_national_users_see_the_link_in_full(linked_warehouse):
    for scope in (Scope.from_roles([f"pcc:{MET}"]), Scope.national()):
        with using_scope(scope):
            frame = themes.get_repeated_learning(MET)
        assert NEIGHBOUR_REFERENCE in _values(frame) and NEIGHBOUR_TEXT in _values(frame)


def test_the_csp_board_says_another_csp_without_naming_it(linked_warehouse, as_user):
    as_user(CSP_USER)
    at = AppTest.from_file(str(PAGES_DIR / "csp_board.py"), default_timeout=60)
    at.session_state["dhr_user_roles"] = [f"csp:{HACKNEY}"]
    at.session_state["dhr_user_name"] = CSP_USER
    at.run()
    assert not at.exception
    text = " ".join([*(str(m.value) for m in [*at.markdown, *at.caption]), *card_texts_of(at)])
    assert "another CSP in the force area" in text
    assert NEIGHBOUR_REFERENCE not in text and NEIGHBOUR_TEXT not in text
