"""Scoping below the pages (issue 6): every public ``get_*`` of the data layer (every module of
dashboards/data/) and every mart, read as a PCC user of Kent and as a CSP user of Hackney over the
multi-force fixture warehouse (Metropolitan Police, Kent, South Wales), never shows a DHR outside the
scope; injection attempts in every filter value; default deny; restricted columns; no role;
researchers."""

from __future__ import annotations

import inspect
from pathlib import Path

import duckdb
import polars as pl
import pytest
from dashboard_warehouse import (
    CARDIFF,
    HACKNEY,
    INJECTIONS,
    KENT,
    LAMBETH,
    MAIDSTONE,
    MEDWAY,
    MET,
    SOUTH_WALES,
    TEST_USERS,
    make_warehouse,
)
from data_modules import data_modules

from dashboards.data import _core, annual, oversight, overview, reference, research, themes
from dhr.access import AccessDenied, Scope, using_scope

PCC_KENT = Scope.from_roles([f"pcc:{KENT}"])
CSP_HACKNEY = Scope.from_roles([f"csp:{HACKNEY}"])
RESEARCHER = Scope.from_roles(["researcher"])
NO_ROLE = Scope.from_roles([])

#: What each scope may see: CSP codes, force-area codes, and the DHRs' ids, references and CSP names.
ALLOWED = {
    "pcc": {"csps": {MEDWAY, MAIDSTONE}, "forces": {KENT}, "names": {"Medway", "Maidstone"}},
    "csp": {"csps": {HACKNEY}, "forces": set(), "names": {"Hackney"}},
}
OUTSIDE_NAMES = {"pcc": {"Hackney", "Lambeth", "Cardiff"}, "csp": {"Lambeth", "Medway", "Maidstone", "Cardiff"}}

#: Values for the parameters of the get_* functions, by name; every filter value is tried both as a
#: value of another scope and as each injection attempt.
OTHER_SCOPE_VALUES = {"force_area_code": [MET, SOUTH_WALES, KENT], "csp_code": [HACKNEY, LAMBETH, CARDIFF, MEDWAY]}


def _dhrs_national() -> pl.DataFrame:
    with using_scope(Scope.national()):
        return _core._query("select dhr_id, dhr_reference, csp_code, csp_name, force_area_code from marts.dim_dhrs")


def _check_frame(frame: pl.DataFrame, scope: Scope, dhrs: pl.DataFrame, where: str) -> None:
    """No row of ``frame`` is about a DHR, CSP or force area outside ``scope``."""
    allowed = ALLOWED[scope.kind]
    in_scope = dhrs.filter(pl.col("csp_code").is_in(list(allowed["csps"])))
    ids = set(in_scope.get_column("dhr_id"))
    cols = set(frame.columns)
    if "csp_code" in cols:
        assert set(frame.get_column("csp_code").drop_nulls()) <= allowed["csps"], where
    if "dhr_id" in cols:
        assert set(frame.get_column("dhr_id").drop_nulls()) <= ids, where
    if "force_area_code" in cols and "geography_level" not in cols:
        forces = allowed["forces"] | set(in_scope.get_column("force_area_code"))
        assert set(frame.get_column("force_area_code").drop_nulls()) <= forces, where
    if "geography_level" in cols and "geography_code" in cols:
        for level, code in frame.select("geography_level", "geography_code").iter_rows():
            assert level in ("national", "force_area", "csp"), where
            if level == "force_area":
                assert code in allowed["forces"], where
            if level == "csp":
                assert code in allowed["csps"], where
    for text_col in ("csp_name", "group_name"):
        if text_col in cols:
            assert not set(frame.get_column(text_col).drop_nulls()) & OUTSIDE_NAMES[scope.kind], (where, text_col)
    if "dhr_reference" in cols:
        outside_refs = set(dhrs.filter(~pl.col("dhr_id").is_in(list(ids))).get_column("dhr_reference")) - set(
            in_scope.get_column("dhr_reference")
        )
        assert not set(frame.get_column("dhr_reference").drop_nulls()) & outside_refs, where


def _calls(values: dict[str, list]) -> list[tuple[str, object, dict]]:
    """Every public get_* function with each combination of filter values it takes (one at a time)."""
    calls = []
    functions = [
        (name, fn)
        for module in data_modules()
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("get_") and fn.__module__ == module.__name__
    ]
    for name, fn in functions:
        params = inspect.signature(fn).parameters
        base: dict = {}
        for p in params.values():
            if p.default is inspect.Parameter.empty:
                base[p.name] = {
                    "geography_level": "force_area",
                    "geography_code": MET,
                    "year": 2024,
                    "topic": None,
                    "group": "csp",
                    "csp_code": HACKNEY,
                    "force_area_code": MET,
                }.get(p.name)
        if "topic" in params:
            topics = list(research.RESEARCH_TOPICS) if "research" in name else list(annual.PREVALENCE_TOPICS)
        else:
            topics = [None]
        for topic in topics:
            kwargs = dict(base)
            if topic is not None:
                kwargs["topic"] = topic
            calls.append((name, fn, kwargs))
            for param, options in values.items():
                if param in params:
                    for value in options:
                        calls.append((f"{name}({param}={value!r})", fn, {**kwargs, param: value}))
            if "geography_level" in params:
                calls.append((f"{name}(csp)", fn, {**kwargs, "geography_level": "csp", "geography_code": HACKNEY}))
            if "group" in params:
                for group in oversight.ACTION_GROUPS:
                    calls.append((f"{name}({group})", fn, {**kwargs, "group": group}))
    return calls


def test_the_sweep_calls_the_get_functions_of_every_module_of_the_data_layer():
    on_disk = {f"dashboards.data.{p.stem}" for p in Path(_core.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert len(on_disk) >= 7
    assert {fn.__module__ for _, fn, _ in _calls({})} == on_disk


def _as_frames(result) -> list[pl.DataFrame]:
    if isinstance(result, pl.DataFrame):
        return [result]
    if isinstance(result, tuple) and result and isinstance(result[0], pl.DataFrame):
        return [result[0]]
    if isinstance(result, dict):
        return [pl.DataFrame([result])]
    return []


@pytest.mark.heavy
@pytest.mark.parametrize("scope", [PCC_KENT, CSP_HACKNEY], ids=["pcc-kent", "csp-hackney"])
def test_every_data_function_stays_in_scope(warehouse, scope):
    dhrs = _dhrs_national()
    calls = _calls(OTHER_SCOPE_VALUES | {"force_area_codes": [[MET], [KENT], None]})
    assert len(calls) > 60
    seen = 0
    with using_scope(scope):
        for where, fn, kwargs in calls:
            try:
                result = fn(**kwargs)
            except AccessDenied:
                continue
            for frame in _as_frames(result):
                _check_frame(frame, scope, dhrs, where)
                seen += frame.height
    assert seen > 0  # the scope does see its own DHRs


@pytest.mark.parametrize("scope", [PCC_KENT, CSP_HACKNEY], ids=["pcc-kent", "csp-hackney"])
def test_every_mart_read_directly_stays_in_scope(warehouse, scope):
    dhrs = _dhrs_national()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        ]
    assert len(marts) > 10
    with using_scope(scope):
        for mart in marts:
            _check_frame(_core._query(f"select * from marts.{mart}"), scope, dhrs, mart)


def test_scopes_see_their_own_dhrs_and_only_those(warehouse):
    with using_scope(PCC_KENT):
        pipeline = oversight.get_dhr_pipeline()
        assert set(pipeline.get_column("csp_name")) == {"Medway", "Maidstone"}
        assert oversight.get_dhr_pipeline(force_area_code=MET).height == 0  # asking for another force area
        assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 2
        assert set(reference.get_force_areas().get_column("force_area_code")) == {KENT}
    with using_scope(CSP_HACKNEY):
        assert oversight.get_dhr_pipeline().get_column("dhr_reference").to_list() == ["DHR/2021/01"]
        assert oversight.get_dhr_pipeline(csp_code=MEDWAY).height == 0
        assert set(reference.get_csps().get_column("csp_code")) == {HACKNEY}
        # A mart of whole force areas counts other CSPs' DHRs: refused for a CSP user.
        assert overview.get_dhr_counts_by_year_force_area().height == 0
        comparison = oversight.get_risk_factor_comparison("csp", HACKNEY)
        assert comparison.height > 0  # the national figures beside its own are shown


def test_the_scope_is_part_of_the_cache_key(warehouse):
    with using_scope(Scope.national()):
        assert oversight.get_dhr_pipeline().height == 6
    with using_scope(PCC_KENT):
        assert oversight.get_dhr_pipeline().height == 2  # the same call, cached for national, re-asked
    with using_scope(CSP_HACKNEY):
        assert oversight.get_dhr_pipeline().height == 1


@pytest.mark.heavy
@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("scope", [PCC_KENT, CSP_HACKNEY], ids=["pcc", "csp"])
def test_injection_attempts_in_every_filter_value(warehouse, scope, value):
    dhrs = _dhrs_national()
    values = {
        "force_area_code": [value],
        "csp_code": [value],
        "force_area_codes": [[value]],
        "regions": [[value]],
        "geography_code": [value],
    }
    with using_scope(scope):
        for where, fn, kwargs in _calls(values):
            injected = {k: v for k, v in kwargs.items() if v == value or v == [value]}
            if not injected:
                continue
            try:
                result = fn(**kwargs)
            except (AccessDenied, ValueError):
                continue
            for frame in _as_frames(result):
                if scope.kind != "national":
                    _check_frame(frame, scope, dhrs, where)
                for col in ("csp_code", "force_area_code", "dhr_id"):
                    if col in frame.columns and col in {k.rstrip("s") for k in injected}:
                        assert frame.height == 0, where
    # The warehouse is untouched and still answers in full.
    with using_scope(Scope.national()):
        assert overview.get_dhr_status_summary().row(0, named=True)["dhr_count"] == 6
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_dhrs").fetchone()[0] == 6


def test_queries_that_reach_around_the_views_are_refused(warehouse):
    with using_scope(PCC_KENT), pytest.raises(AccessDenied):
        _core._query("select * from dhr_wh_raw.marts.dim_dhrs")
    with using_scope(Scope.national()):
        for sql in ("select * from read_csv('/etc/passwd')", f"attach '{warehouse}' as again"):
            with pytest.raises(duckdb.Error):
                _core._query(sql)


@pytest.fixture
def extended_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture warehouse plus marts another engineer might add: one with no scope column, one
    national aggregate, and one carrying a restricted column (exact date of death)."""
    path = make_warehouse(tmp_path / "ext" / "dhr.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("create table marts.rpt_unplaced (label varchar, n integer)")
        con.execute("insert into marts.rpt_unplaced values ('a', 1)")
        con.execute(
            "create table marts.fct_new_row_level (dhr_id varchar, csp_code varchar, force_area_code varchar, "
            "death_date date, method_detail varchar, theme varchar)"
        )
        con.execute(
            "insert into marts.fct_new_row_level select dhr_id, csp_code, force_area_code, date '2021-02-03', "
            "'detail', 'theme' from marts.dim_dhrs"
        )
    monkeypatch.setenv("DHR_DB", str(path))
    return path


def test_default_deny_for_marts_without_a_scope_column(extended_warehouse):
    with using_scope(Scope.national()):
        assert _core._query("select * from marts.rpt_unplaced").height == 1
    for scope in (PCC_KENT, CSP_HACKNEY):
        with using_scope(scope):
            assert _core._query("select * from marts.rpt_unplaced").height == 0
            assert _core._query("select * from marts.meta_build").height == 1  # a listed national aggregate
    with using_scope(PCC_KENT):
        rows = _core._query("select csp_code from marts.fct_new_row_level")  # a new mart, scoped unedited
        assert set(rows.get_column("csp_code")) == {MEDWAY, MAIDSTONE}


def test_restricted_columns_need_the_restricted_flag(extended_warehouse):
    restricted_user = Scope.from_roles(TEST_USERS["t.restricted"])
    assert restricted_user.restricted
    for scope in (Scope.national(), PCC_KENT, CSP_HACKNEY):
        with using_scope(scope):
            frame = _core._query("select * from marts.fct_new_row_level")
            assert {"death_date", "method_detail"}.isdisjoint(frame.columns)
            assert "theme" in frame.columns
            with pytest.raises(AccessDenied):
                _core._query("select death_date from marts.fct_new_row_level")
    with using_scope(restricted_user):
        frame = _core._query("select * from marts.fct_new_row_level")
        assert {"death_date", "method_detail"} <= set(frame.columns) and frame.height == 6


#: The Home Office form's place of death and method of killing, as types, with their labels: in
#: dim_dhrs, but restricted in every view (003 section 13, L599-605; dhr/access.py).
PLACE_AND_METHOD = {"place_of_death", "place_of_death_label", "method_of_killing", "method_of_killing_label"}


def test_place_of_death_and_method_of_killing_are_for_restricted_users_only(warehouse):
    """Default deny: a reader without ``restricted`` (national, PCC, CSP alike) gets a view of
    dim_dhrs without the columns and is refused when naming them; a restricted reader sees them."""
    restricted_user = Scope.from_roles(TEST_USERS["t.restricted"])
    for scope in (Scope.national(), PCC_KENT, CSP_HACKNEY, Scope.from_roles([f"csp:{HACKNEY}", "restricted"])):
        with using_scope(scope):
            frame = _core._query("select * from marts.dim_dhrs")
            assert frame.height > 0 and "children_in_household" in frame.columns
            if scope.restricted:
                assert set(frame.columns) >= PLACE_AND_METHOD, scope
            else:
                assert PLACE_AND_METHOD.isdisjoint(frame.columns), scope
                for column in sorted(PLACE_AND_METHOD):
                    with pytest.raises(AccessDenied):
                        _core._query(f"select {column} from marts.dim_dhrs")
    with using_scope(restricted_user):
        hackney = _core._query(
            "select place_of_death_label, method_of_killing_label from marts.dim_dhrs where csp_code = $csp",
            csp=HACKNEY,
        )
        assert hackney.rows() == [("Victim's home", "Sharp instrument")]


def test_the_case_details_query_adds_place_and_method_for_restricted_users_only(warehouse):
    with using_scope(Scope.national()):
        open_view = oversight.get_dhr_case_details(csp_code=HACKNEY)
    with using_scope(Scope.from_roles(TEST_USERS["t.restricted"])):
        restricted_view = oversight.get_dhr_case_details(csp_code=HACKNEY)
    assert {"place_of_death_label", "method_of_killing_label"}.isdisjoint(open_view.columns)
    assert restricted_view.select("place_of_death_label", "method_of_killing_label").rows() == [
        ("Victim's home", "Sharp instrument")
    ]
    assert restricted_view.drop("place_of_death_label", "method_of_killing_label").equals(open_view)


def test_a_user_with_no_role_sees_nothing(warehouse):
    with using_scope(NO_ROLE):
        for where, fn, kwargs in _calls({}):
            with pytest.raises(AccessDenied):
                fn(**kwargs)
            del where


def test_outside_streamlit_without_a_scope_nothing_is_read(warehouse):
    from dhr.access import _CURRENT

    token = _CURRENT.set(None)
    try:
        with pytest.raises(AccessDenied):
            oversight.get_dhr_pipeline()
    finally:
        _CURRENT.reset(token)


def test_researchers_get_controlled_aggregates_only(warehouse):
    with using_scope(RESEARCHER):
        assert research.get_regions() == ["London", "South East", "Wales"]
        for name, fn, kwargs in _calls({}):
            if name.startswith(
                (
                    "get_controlled_research_table",
                    "get_regions",
                    "get_build_info",
                    "get_year_bounds",
                    "get_research_bands",
                )
            ):
                continue
            with pytest.raises(AccessDenied):
                fn(**kwargs)
        for topic in research.RESEARCH_TOPICS:
            for policy in ("hes", "threshold10"):
                frame, counts, chosen = research.get_controlled_research_table(topic, policy=policy)
                assert chosen.name == policy
                assert "notification_year" not in frame.columns  # pooled years only
                assert not {"dhr_id", "dhr_reference", "csp_code", "csp_name", "action_id"} & set(frame.columns)
                for col in counts:
                    values = frame.get_column(col).drop_nulls().to_list()
                    if policy == "threshold10":
                        assert all(v >= 10 for v in values), (topic, col)
                    else:
                        regional = frame.filter(pl.col("region_name") != research.NATIONAL_NAME).get_column(col)
                        assert all(v % 5 == 0 and not 1 <= v <= 7 for v in regional.drop_nulls()), (topic, col)


def test_theme_decisions_are_read_and_written_by_national_users_only(warehouse):
    # Overrides sit in the app-state file, outside the scoped views, and name texts of every force.
    for scope in (PCC_KENT, CSP_HACKNEY, RESEARCHER, NO_ROLE):
        with using_scope(scope):
            with pytest.raises(AccessDenied):
                themes.get_override_history()
            with pytest.raises(AccessDenied):
                themes.save_theme_override(
                    text_id="x",
                    text="Train GPs in DASH",
                    text_source="action",
                    themes=["training_awareness"],
                    previous_themes=[],
                    user="t.pcc.kent",
                )
    assert themes.get_override_history().height == 0  # the national scope of the autouse fixture
