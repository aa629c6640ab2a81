"""The case-level theme marts built from the hand-written raw rows (warehouse_raw_rows.py).

The rows answer almost nothing on the grids, which is what a form sent half-filled looks like:
the marts must keep every item asked, count the unanswered ones as Not known (never as No), and
keep what needs a data capture form null until one has arrived. Expected values are written out
by hand from the rules.
"""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.slow

ALICE = "E22000186:DHR202103"  # data capture: victim 34 and partner, one child aged 7, two grid answers
BETH = "E22000186:DHR202201"  # data capture, suicide, no people listed
C1 = "W14000003:C1"  # scoping review only: not commissioned, neglect


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect(str(built.warehouse_path), read_only=True)
    yield connection
    connection.close()


def one(con, sql: str, params: list | None = None) -> dict:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    (row,) = cursor.fetchall()
    return dict(zip(names, row, strict=True))


def test_unanswered_items_are_not_known_not_no(con):
    counts = dict(
        con.execute(
            "select answer, count(*) from marts.fct_dhr_risk_factors where dhr_id = ? group by answer", [ALICE]
        ).fetchall()
    )
    asked = con.execute(
        "select count(*) from reference.analysis_factors "
        "unpivot (asked for subject in (asked_for_victim, asked_for_perpetrator, asked_for_children)) where asked"
    ).fetchone()[0]
    assert counts == {"yes": 1, "not_known": asked - 1}
    recorded = con.execute(
        "select factor_code, subject_type from marts.fct_dhr_risk_factors where dhr_id = ? and is_recorded", [ALICE]
    ).fetchall()
    assert recorded == [("agg_separation", "victim")]


def test_prevalence_with_only_not_known_answers_has_no_rate(con):
    row = one(
        con,
        "select * from marts.rpt_risk_factor_prevalence where geography_level = 'national' and period_type = 'all_years' "
        "and factor_code = 'agg_coercive_control' and subject_type = 'victim'",
    )
    # three DHRs have a data capture form (Alice, Beth, Dora); none answered coercive control
    assert (row["answered_count"], row["yes_count"], row["not_known_count"], row["prevalence_denominator"]) == (
        3,
        0,
        3,
        0,
    )
    assert row["prevalence_pct"] is None
    assert row["not_known_pct"] == 100.0
    separation = one(
        con,
        "select yes_count, prevalence_denominator, prevalence_pct from marts.rpt_risk_factor_prevalence "
        "where geography_level = 'csp' and geography_code = 'E22000186' and period_type = 'year' and notification_year = 2021 "
        "and factor_code = 'agg_separation' and subject_type = 'victim'",
    )
    assert separation == {"yes_count": 1, "prevalence_denominator": 1, "prevalence_pct": 100.0}


def test_case_profile_and_library_categories(con):
    alice = one(con, "select * from marts.dim_dhrs where dhr_id = ?", [ALICE])
    assert (alice["victim_count"], alice["perpetrator_count"], alice["child_count"]) == (1, 1, 1)
    assert alice["perpetrator_relationship_group"] == "intimate_partner"
    assert alice["is_intimate_partner_homicide"] is True
    assert alice["is_older_victim"] is False
    # police (victim) Not known and the rest unanswered: not "no known agency contact"
    assert alice["no_known_agency_contact"] is False
    assert alice["victim_referred_to_marac"] == "not_known"

    beth = one(con, "select * from marts.dim_dhrs where dhr_id = ?", [BETH])
    assert beth["is_suicide_of_victim"] is True
    assert (beth["victim_count"], beth["is_intimate_partner_homicide"], beth["is_lgbtq"]) == (0, False, False)

    c1 = one(con, "select * from marts.dim_dhrs where dhr_id = ?", [C1])
    assert c1["has_data_capture"] is False
    assert (
        c1["victim_count"],
        c1["no_known_agency_contact"],
        c1["is_older_victim"],
        c1["is_perpetrator_known_to_agency"],
    ) == (None, None, None, None)
    assert (c1["is_suicide_of_victim"], c1["is_not_ruled_homicide_or_suicide"]) == (False, False)

    bridge = con.execute(
        "select dhr_id, dhr_library_category from marts.bridge_dhr_library_categories order by all"
    ).fetchall()
    assert bridge == [(ALICE, "intimate_partner_homicide"), (BETH, "suicide_of_victim")]


def test_people_and_children_carry_bands_not_names(con):
    people = con.execute(
        "select person_id, sex, age_band, relationship_group, ethnicity, sexual_orientation from marts.fct_dhr_people order by all"
    ).fetchall()
    assert people == [
        (f"{ALICE}#perpetrator#1", "male", "35_44", "intimate_partner", "not_known", "not_known"),
        (f"{ALICE}#victim#1", "female", "25_34", "intimate_partner", "not_known", "not_known"),
    ]
    assert con.execute(
        "select child_id, child_age_band, child_relationship from marts.fct_dhr_children"
    ).fetchall() == [
        (f"{ALICE}#child#1", "5-10", "child_of_victim"),
    ]
    columns = dict(
        con.execute(
            "select table_name, list(column_name) from information_schema.columns where table_schema = 'marts' "
            "and table_name in ('fct_dhr_people', 'fct_dhr_children') group by table_name"
        ).fetchall()
    )
    assert not {"pseudonym", "age"} & set(columns["fct_dhr_people"])  # age bands only
    assert not {"sex", "age"} & set(columns["fct_dhr_children"])  # bands only (003 L604)


def test_timeliness_uses_the_guidance_of_the_notification_date(con):
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select dhr_id, guidance_version, completion_clock_starts, completion_target_days, days_notification_to_submission, "
            "days_notification_to_publication, is_submitted, is_published from marts.fct_dhr_timeliness"
        ).fetchall()
    }
    # Alice: notified 2021-01-15 (2016 guidance), submitted 2023-01-10 (725 days), published 2023-05-02 (837 days);
    # six months from commencement (004 L4000), not recorded: from notification + 28 days, 2021-02-12 to
    # 2021-08-12 is 181 days (docs/clocks.md)
    assert rows[ALICE] == ("2016", "commencement", 181, 725, 837, True, True)
    # Beth: published 2027-01-01, after the reporting date: not yet published
    # (2022-03-01 to 2022-09-01: 184 days)
    assert rows[BETH] == ("2016", "commencement", 184, 1074, None, True, False)
    # C1: notified 2025-02-01 on the scoping review only (2024 draft guidance), no DHR commissioned: no
    # completion clock
    assert rows[C1] == ("2024_draft", "commencement", None, None, None, False, False)
