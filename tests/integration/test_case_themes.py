"""The case-level theme marts (issue 3: risk factors, agency contact, protected characteristics and
demographics, DHR Library categories, timeliness) reconcile with the generator's ground truth.

The session's synthetic corpus (tests/conftest.py), generated, ingested and built with reporting date = the corpus's
as_of. Every expected figure is computed here from ``_synth/truth.json`` (the generator's own
model, never the forms read back) with the rules written out in this file: the warehouse is never
asked what the answer should be.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from form_contract.code_lists import agencies

pytestmark = pytest.mark.slow

AS_OF = date(2026, 9, 30)
# the session's corpus (60 DHRs, seed 3) has DHRs with and without a data capture form, some with no known agency contact
NATIONAL = "K04000001"
FACTORS = [
    ("agg_coercive_control", "victim"),
    ("vul_alcohol_misuse", "perpetrator"),
    ("mh_diagnosed", "children"),
    ("prev_aces", "victim"),
]


@pytest.fixture(scope="module")
def built(synthetic_build):
    """The session's synthetic corpus and warehouse (tests/conftest.py)."""
    assert [r.errors for r in synthetic_build.results if r.status == "rejected"] == []
    assert synthetic_build.build.status == "built", synthetic_build.build.message
    return {"warehouse": synthetic_build.warehouse, "truth": synthetic_build.truth["dhrs"]}


@pytest.fixture(scope="module")
def with_form(built):
    """Truth of the DHRs whose data capture form has been sent (the only ones with grids and people)."""
    return [d for d in built["truth"] if d["has_data_capture"]]


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


# --------------------------------------------------------------------------------------------
# rules, written out independently of the SQL
# --------------------------------------------------------------------------------------------
def library_age_band(age: int | None) -> str:
    """Home Office DHR Library bands: 16-19, 20-24, 25-34, 35-44, 45-54, 55-64, 65+."""
    if age is None:
        return "not_known"
    for upper, band in (
        (15, "under_16"),
        (19, "16_19"),
        (24, "20_24"),
        (34, "25_34"),
        (44, "35_44"),
        (54, "45_54"),
        (64, "55_64"),
    ):
        if age <= upper:
            return band
    return "65_plus"


def child_band(age: int | None) -> str:
    if age is None:
        return "not_known"
    return "0-4" if age < 5 else "5-10" if age < 11 else "11-15" if age < 16 else "16+"


def prevalence_counts(dhrs: list[dict], factor: str, subject: str) -> tuple[int, int, int]:
    answers = Counter(d["analysis"][f"{factor}:{subject}"] for d in dhrs)
    return answers["yes"], answers["no"], answers["not_known"]


def agency_answers(d: dict, agency: str) -> list[str]:
    return [answer for key, answer in d["agency_contact"].items() if key.split(":")[0] == agency]


def no_known_agency_contact_by_grid(d: dict) -> bool:
    return all(
        answer == "no" for key, answer in d["agency_contact"].items() if key.split(":")[1] in ("victim", "perpetrator")
    )


def library_categories(d: dict) -> set[str]:
    victim_rel = {
        "spouse_or_civil_partner": "intimate_partner",
        "partner": "intimate_partner",
        "ex_spouse_or_ex_partner": "ex_partner",
        "parent": "parent",
        "child": "child",
        "sibling": "other_relative",
        "grandparent": "other_relative",
        "grandchild": "other_relative",
        "other_relative": "other_relative",
    }
    perpetrator = min(d["perpetrators"], key=lambda p: p["person_number"])
    group = victim_rel.get(perpetrator["relationship"], "other")
    homicide = d["death_type"] == "domestic_homicide"
    people = d["victims"] + d["perpetrators"]
    analysis = d["analysis"]

    def mental_health(subject: str) -> bool:
        return "yes" in (
            analysis.get(f"{code}:{subject}") for code in ("mh_diagnosed", "mh_undiagnosed", "vul_mental_ill_health")
        )

    rules = {
        "intimate_partner_homicide": homicide and group in ("intimate_partner", "ex_partner"),
        "older_victim": any((v["age"] or 0) >= 65 for v in d["victims"]),
        "familial_homicide": homicide and group in ("parent", "child", "other_relative"),
        "parricide": homicide and perpetrator["relationship"] == "child",
        "homicide_suicide": any(p["verdict"] == "perpetrator_deceased" for p in d["perpetrators"]),
        "mental_health_victim": mental_health("victim"),
        "mental_health_perpetrator": mental_health("perpetrator"),
        "minority_communities": any(v["ethnicity"] not in ("white_british", "not_known", None) for v in d["victims"]),
        "lgbtq": any(
            p["sexual_orientation"] in ("gay_or_lesbian", "bisexual", "other") or p["gender_reassignment"] == "yes"
            for p in people
        ),
        "not_ruled_homicide_or_suicide": d["death_type"] == "to_be_determined",
        "suicide_of_victim": d["death_type"] == "suicide",
    }
    return {name for name, holds in rules.items() if holds}


# --------------------------------------------------------------------------------------------
# 1. risk factors
# --------------------------------------------------------------------------------------------
def test_one_risk_factor_row_per_dhr_with_a_form_and_item_asked(built, with_form):
    rows = query(built["warehouse"], "select dhr_id, factor_code, subject_type, answer from marts.fct_dhr_risk_factors")
    got = {(r[0], f"{r[1]}:{r[2]}"): r[3] for r in rows}
    expected = {(d["dhr_id"], key): answer for d in with_form for key, answer in d["analysis"].items()}
    assert len(rows) == len(got)
    assert got == expected


@pytest.mark.parametrize(("factor", "subject"), FACTORS)
def test_prevalence_nationally_excludes_not_known_from_the_denominator(built, with_form, factor, subject):
    (row,) = query(
        built["warehouse"],
        "select yes_count, no_count, not_known_count, prevalence_denominator, answered_count, prevalence_pct, not_known_pct "
        "from marts.rpt_risk_factor_prevalence where geography_level = 'national' and period_type = 'all_years' "
        "and factor_code = ? and subject_type = ?",
        [factor, subject],
    )
    yes, no, not_known = prevalence_counts(with_form, factor, subject)
    assert row[:5] == (yes, no, not_known, yes + no, len(with_form))
    assert row[5] == (round(100 * yes / (yes + no), 1) if yes + no else None)
    assert row[6] == round(100 * not_known / len(with_form), 1)


@pytest.mark.parametrize(("factor", "subject"), FACTORS[:2])
def test_prevalence_by_force_area_and_year(built, with_form, factor, subject):
    rows = query(
        built["warehouse"],
        "select geography_code, period_type, notification_year, yes_count, no_count, not_known_count "
        "from marts.rpt_risk_factor_prevalence where geography_level = 'force_area' and factor_code = ? and subject_type = ?",
        [factor, subject],
    )
    got = {(r[0], r[1], r[2]): r[3:] for r in rows}
    groups: dict[tuple, list[dict]] = {}
    for d in with_form:
        groups.setdefault((d["force_area_code"], "all_years", None), []).append(d)
        groups.setdefault((d["force_area_code"], "year", d["notification_year"]), []).append(d)
    expected = {key: prevalence_counts(dhrs, factor, subject) for key, dhrs in groups.items()}
    assert got == expected


# --------------------------------------------------------------------------------------------
# 2. agency contact
# --------------------------------------------------------------------------------------------
def test_agency_contact_grid_reconciles(built, with_form):
    rows = query(
        built["warehouse"], "select dhr_id, agency_code, subject_type, answer from marts.fct_dhr_agency_contacts"
    )
    got = {(r[0], f"{r[1]}:{r[2]}"): r[3] for r in rows}
    expected = {(d["dhr_id"], key): answer for d in with_form for key, answer in d["agency_contact"].items()}
    assert got == expected


def test_share_of_dhrs_each_agency_was_involved_in(built, with_form):
    rows = query(
        built["warehouse"],
        "select agency_code, dhrs_with_data_capture, dhrs_with_contact, contact_not_known_count, dhrs_without_contact, contact_pct "
        "from marts.rpt_agency_contact where geography_level = 'national' and period_type = 'all_years'",
    )
    got = {r[0]: r[1:] for r in rows}
    expected = {}
    for agency in (a["agency_code"] for a in agencies()):
        answers = [agency_answers(d, agency) for d in with_form]
        contact = sum("yes" in a for a in answers)
        not_known = sum("yes" not in a and "not_known" in a for a in answers)
        expected[agency] = (
            len(with_form),
            contact,
            not_known,
            len(with_form) - contact - not_known,
            round(100 * contact / len(with_form), 1),
        )
    assert got == expected


def test_no_known_agency_contact_marac_and_mappa(built, with_form):
    assert any(d["no_known_agency_contact"] for d in with_form), (
        "the corpus should hold a DHR with no known agency contact"
    )
    # the generator's flag and the grid rule agree in this corpus, so the share is the truth's
    assert [d["no_known_agency_contact"] for d in with_form] == [no_known_agency_contact_by_grid(d) for d in with_form]
    (row,) = query(
        built["warehouse"],
        "select dhrs_with_data_capture, no_known_agency_contact_count, no_known_agency_contact_pct, marac_referral_count, "
        "mappa_count, marac_answered_count, marac_referral_pct, mappa_answered_count, mappa_pct "
        "from marts.rpt_agency_contact_summary where geography_level = 'national' and period_type = 'all_years'",
    )
    no_contact = sum(d["no_known_agency_contact"] for d in with_form)
    marac = [d["agency_contact"]["marac:victim"] for d in with_form]
    mappa = [d["agency_contact"]["mappa:perpetrator"] for d in with_form]
    # Every share of DHRs has the DHRs answered Yes or No as its denominator (issue 18): Not known is
    # left out, as the agency-contact table and the risk factors do.
    marac_answered = sum(a in ("yes", "no") for a in marac)
    mappa_answered = sum(a in ("yes", "no") for a in mappa)
    assert marac_answered < len(with_form) or mappa_answered < len(with_form), "the corpus should hold a Not known"
    assert row == (
        len(with_form),
        no_contact,
        round(100 * no_contact / len(with_form), 1),
        marac.count("yes"),
        mappa.count("yes"),
        marac_answered,
        round(100 * marac.count("yes") / marac_answered, 1),
        mappa_answered,
        round(100 * mappa.count("yes") / mappa_answered, 1),
    )
    flags = dict(query(built["warehouse"], "select dhr_id, no_known_agency_contact from marts.dim_dhrs"))
    assert flags == {
        d["dhr_id"]: (d["no_known_agency_contact"] if d["has_data_capture"] else None) for d in built["truth"]
    }


def test_no_known_agency_contact_by_force_area(built, with_form):
    rows = query(
        built["warehouse"],
        "select geography_code, dhrs_with_data_capture, no_known_agency_contact_count from marts.rpt_agency_contact_summary "
        "where geography_level = 'force_area' and period_type = 'all_years'",
    )
    expected: dict[str, list[int]] = {}
    for d in with_form:
        cell = expected.setdefault(d["force_area_code"], [0, 0])
        cell[0] += 1
        cell[1] += int(d["no_known_agency_contact"])
    assert {r[0]: (r[1], r[2]) for r in rows} == {k: tuple(v) for k, v in expected.items()}


# --------------------------------------------------------------------------------------------
# 3. protected characteristics and demographics
# --------------------------------------------------------------------------------------------
def test_people_reconcile_with_age_bands_and_no_names(built, with_form):
    rows = query(
        built["warehouse"],
        "select dhr_id, subject_type, person_number, sex, age_band, ethnicity, sexual_orientation, relationship from marts.fct_dhr_people",
    )
    got = {(r[0], r[1], r[2]): r[3:] for r in rows}
    expected = {}
    for d in with_form:
        for subject, people in (("victim", d["victims"]), ("perpetrator", d["perpetrators"])):
            for p in people:
                expected[(d["dhr_id"], subject, p["person_number"])] = (
                    p["sex"],
                    library_age_band(p["age"]),
                    p["ethnicity"],
                    p["sexual_orientation"],
                    p["relationship"],
                )
    assert got == expected
    columns = {
        r[0]
        for r in query(
            built["warehouse"],
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = 'fct_dhr_people'",
        )
    }
    assert not columns & {"pseudonym", "age"}  # bands only; sex of adults is a protected characteristic


@pytest.mark.parametrize("characteristic", ["age_band", "sex"])
def test_age_band_and_sex_counts(built, with_form, characteristic):
    rows = query(
        built["warehouse"],
        "select subject_type, category, person_count from marts.rpt_protected_characteristics "
        "where geography_level = 'national' and period_type = 'all_years' and characteristic = ? and subject_type <> 'children'",
        [characteristic],
    )
    expected: Counter = Counter()
    for d in with_form:
        for subject, people in (("victim", d["victims"]), ("perpetrator", d["perpetrators"])):
            for p in people:
                expected[(subject, library_age_band(p["age"]) if characteristic == "age_band" else p["sex"])] += 1
    assert {(r[0], r[1]): r[2] for r in rows} == dict(expected)


def test_children_by_age_band_only(built, with_form):
    rows = query(
        built["warehouse"],
        "select characteristic, category, person_count from marts.rpt_protected_characteristics "
        "where geography_level = 'national' and period_type = 'all_years' and subject_type = 'children'",
    )
    expected = Counter(child_band(c["age"]) for d in with_form for c in d["children"])
    assert {r[0] for r in rows} <= {"child_age_band"}
    assert {r[1]: r[2] for r in rows} == dict(expected)
    columns = {
        r[0]
        for r in query(
            built["warehouse"],
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = 'fct_dhr_children'",
        )
    }
    assert not columns & {"sex", "age"}


def test_equality_relevance_reconciles(built, with_form):
    rows = query(
        built["warehouse"],
        "select dhr_id, characteristic_code, subject_type, judged_relevant from marts.fct_dhr_equality_relevance",
    )
    got = {(r[0], f"{r[1]}:{r[2]}"): r[3] for r in rows}
    assert got == {(d["dhr_id"], key): answer for d in with_form for key, answer in d["equality"].items()}


# --------------------------------------------------------------------------------------------
# 4. DHR Library categories
# --------------------------------------------------------------------------------------------
def test_dhr_library_categories(built, with_form):
    rows = query(
        built["warehouse"],
        "select dhr_id, dhr_library_category from marts.bridge_dhr_library_categories where agency_code is null",
    )
    got: dict[str, set[str]] = {}
    for dhr_id, category in rows:
        got.setdefault(dhr_id, set()).add(category)
    expected = {d["dhr_id"]: library_categories(d) for d in with_form}
    # without a data capture form only the death-type categories are known (from the scoping review)
    for d in built["truth"]:
        if not d["has_data_capture"]:
            expected[d["dhr_id"]] = {
                name
                for name, holds in (
                    ("not_ruled_homicide_or_suicide", d["death_type"] == "to_be_determined"),
                    ("suicide_of_victim", d["death_type"] == "suicide"),
                )
                if holds
            }
    assert got == {k: v for k, v in expected.items() if v}


def test_known_to_agency_as_a_perpetrator(built, with_form):
    rows = query(
        built["warehouse"],
        "select dhr_id, agency_code from marts.bridge_dhr_library_categories where dhr_library_category = 'known_to_agency_as_perpetrator'",
    )
    expected = {
        (d["dhr_id"], key.split(":")[0])
        for d in with_form
        if d["analysis"]["prev_known_perpetrator:perpetrator"] == "yes"
        for key, answer in d["agency_contact"].items()
        if key.endswith(":perpetrator") and answer == "yes"
    }
    assert set(rows) == expected


# --------------------------------------------------------------------------------------------
# the rest of the Home Office form (004 Template 29)
# --------------------------------------------------------------------------------------------
def test_the_home_office_form_fields_reach_dim_dhrs(built, with_form):
    """004 Template 29 (004 L4169, L4241, L4250-4256): every DHR with a data capture form has the
    month the Home Office was first notified (month and year only, 003 L602), the verdict of
    perpetrator 1, the types of place and method and the children in the household, as generated;
    a DHR without one has none of them."""
    got = {
        dhr_id: rest
        for dhr_id, *rest in query(
            built["warehouse"],
            "select dhr_id, ho_notified_month, perpetrator_verdict, place_of_death, method_of_killing, "
            "children_in_household from marts.dim_dhrs",
        )
    }
    for d in built["truth"]:
        if not d["has_data_capture"]:
            assert got[d["dhr_id"]] == [None] * 5, d["dhr_id"]
            continue
        notified = date.fromisoformat(d["ho_notified_date"]).replace(day=1)
        first = min(d["perpetrators"], key=lambda p: p["person_number"], default={"verdict": None})
        expected = [notified, first["verdict"], d["place_of_death"], d["method"], d["children_in_household"]]
        assert got[d["dhr_id"]] == expected, d["dhr_id"]
    assert len({tuple(got[d["dhr_id"]][2:4]) for d in with_form}) > 1  # the generator varies them


# --------------------------------------------------------------------------------------------
# 6. timeliness and process
# --------------------------------------------------------------------------------------------
def test_guidance_version_and_scoping_within_four_weeks(built):
    rows = query(
        built["warehouse"],
        "select dhr_id, guidance_version, days_to_scoping_submission, is_scoping_within_target from marts.fct_dhr_timeliness",
    )
    expected = {}
    for d in built["truth"]:
        days = (date.fromisoformat(d["scoping_submitted_date"]) - date.fromisoformat(d["notification_date"])).days
        expected[d["dhr_id"]] = (d["guidance_version"], days, days <= 28)  # 003 L268
    assert {r[0]: r[1:] for r in rows} == expected
    (row,) = query(
        built["warehouse"],
        "select dhr_count, scoping_known_count, scoping_within_target_count from marts.rpt_timeliness "
        "where geography_level = 'national' and period_type = 'all_years'",
    )
    assert row == (len(built["truth"]), len(built["truth"]), sum(v[2] for v in expected.values()))
    assert 0 < row[2] < row[1], "the corpus should hold scoping reviews on time and late"


def test_completed_within_target_and_delay_reason(built, with_form):
    # the generator records a delay reason exactly when completion was later than the target of
    # the guidance version in force at notification (guidance_rules.csv), 'none' otherwise
    rows = query(
        built["warehouse"],
        "select dhr_id, is_completed_within_target, delay_reason from marts.fct_dhr_timeliness where is_completed",
    )
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        d["dhr_id"]: (d["delay_reason"] == "none", d["delay_reason"]) for d in with_form
    }
    (row,) = query(
        built["warehouse"],
        "select completion_known_count, completed_within_target_count, submitted_count, published_count from marts.rpt_timeliness "
        "where geography_level = 'national' and period_type = 'all_years'",
    )
    assert row == (
        len(with_form),
        sum(d["delay_reason"] == "none" for d in with_form),
        sum(d["submitted_date"] is not None for d in built["truth"]),
        sum(d["published_date"] is not None for d in built["truth"]),
    )


def test_days_to_submission_and_publication(built, with_form):
    rows = query(
        built["warehouse"],
        "select dhr_id, days_notification_to_submission, days_notification_to_publication from marts.fct_dhr_timeliness where is_submitted",
    )

    def days(d: dict, field: str) -> int | None:
        return (date.fromisoformat(d[field]) - date.fromisoformat(d["notification_date"])).days if d[field] else None

    assert {r[0]: r[1:] for r in rows} == {
        d["dhr_id"]: (days(d, "submitted_date"), days(d, "published_date")) for d in with_form
    }


def test_decisions_and_death_types_by_year(built):
    rows = query(
        built["warehouse"],
        "select outcome, notification_year, category, dhr_count from marts.rpt_process_outcomes "
        "where geography_level = 'national' and period_type = 'year' and outcome in ('decision', 'death_type')",
    )
    expected = Counter()
    for d in built["truth"]:
        expected[("decision", d["notification_year"], d["decision"])] += 1
        expected[("death_type", d["notification_year"], d["death_type"])] += 1
    assert {(r[0], r[1], r[2]): r[3] for r in rows} == dict(expected)


def test_no_milestone_date_in_the_case_theme_marts(built):
    marts = (
        "fct_dhr_timeliness",
        "rpt_timeliness",
        "fct_dhr_people",
        "fct_dhr_children",
        "fct_dhr_risk_factors",
        "fct_dhr_agency_contacts",
        "rpt_risk_factor_prevalence",
        "rpt_agency_contact",
        "rpt_agency_contact_summary",
        "rpt_protected_characteristics",
        "bridge_dhr_library_categories",
        "rpt_process_outcomes",
        "fct_dhr_equality_relevance",
    )
    dated = query(
        built["warehouse"],
        "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
        f"and table_name in ({', '.join('?' for _ in marts)}) and data_type in ('DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE')",
        list(marts),
    )
    assert dated == []
