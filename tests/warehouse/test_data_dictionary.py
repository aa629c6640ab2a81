"""The data dictionary is generated from the dbt yml and form_contract/spec.py, and agrees with both."""

from __future__ import annotations

import copy

from dhr.data_dictionary import (
    _check_sources,
    check_data_dictionary,
    generate_data_dictionary,
    load_models,
    load_sources,
    render_pages,
)
from dhr.settings import DATA_DICTIONARY_DIR
from form_contract.spec import ALL_RAW_TABLES

MARTS = [
    "dim_force_areas",
    "dim_csps",
    "dim_dhrs",
    "fct_actions",
    "fct_action_snapshots",
    "rpt_dhrs_by_year_force_area",
    "rpt_action_status_by_force_area",
    "meta_build",
]


def test_no_problems_and_committed_pages_up_to_date():
    assert check_data_dictionary() == []


def test_generated_pages_match_the_committed_ones(tmp_path):
    written = generate_data_dictionary(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == set(render_pages())
    for path in written:
        relative = path.relative_to(tmp_path)
        assert path.read_text() == (DATA_DICTIONARY_DIR / relative).read_text(), relative


def test_readme_says_it_is_generated():
    readme = render_pages()["README.md"]
    assert "GENERATED" in readme and "Do not edit by hand" in readme


def test_one_page_per_mart_and_per_form():
    pages = render_pages()
    for mart in MARTS:
        assert f"marts/{mart}.md" in pages
    for form in ("data_capture", "scoping_review", "action_plan"):
        assert f"forms/{form}.md" in pages
    assert "code_lists.md" in pages


def test_marts_have_the_columns_the_design_names():
    models = load_models()
    design = {
        "dim_force_areas": "force_area_code, force_area_name, country, region_code, region_name, pcc_office_title",
        "dim_csps": "csp_code, csp_name, force_area_code, force_area_name, region_name",
        "dim_dhrs": "dhr_id, csp_code, csp_name, force_area_code, force_area_name, region_name, dhr_reference, "
        "victim_pseudonym, death_type, death_type_label, decision, decision_label, dhr_status, dhr_status_label, "
        "notification_month, notification_year, published_year, guidance_version, has_scoping_review, "
        "has_data_capture, has_action_plan, latest_action_plan_as_at, action_count, open_action_count, overdue_action_count",
        "fct_actions": "action_id, dhr_id, csp_code, force_area_code, recommendation_number, action_number, "
        "recommendation, action, lead_agency, outcome, responsible_lead, target_date, status, status_label, progress, "
        "completion_date, outcome_achieved, snapshot_as_at_date, is_complete, is_overdue, days_overdue, reporting_date",
        "fct_action_snapshots": "action_snapshot_id, action_id, dhr_id, csp_code, force_area_code, snapshot_as_at_date, "
        "status, target_date, completion_date, is_latest_snapshot",
        "rpt_dhrs_by_year_force_area": "notification_year, force_area_code, force_area_name, region_name, dhr_status, "
        "dhr_status_label, dhr_count",
        "rpt_action_status_by_force_area": "force_area_code, force_area_name, status, status_label, status_sort_order, "
        "action_count, overdue_action_count",
        "meta_build": "built_at, reporting_date, dbt_version, dhr_count, action_count, file_count",
    }
    for mart, columns in design.items():
        documented = {c.name for c in models[mart].columns}
        missing = {c.strip() for c in columns.split(",")} - documented
        assert not missing, f"{mart} lacks {missing}"


def test_form_pages_list_every_field_and_flag_restricted_ones():
    pages = render_pages()
    for table in ALL_RAW_TABLES:
        page = pages[f"forms/{table.form_type}.md"]
        assert f"## `raw.{table.name}`" in page
        section = page.split(f"## `raw.{table.name}`", 1)[1].split("\n## ", 1)[0]
        for f in table.fields:
            line = next(line for line in section.splitlines() if line.startswith(f"| `{f.name}` |"))
            assert ("**yes**" in line) == f.restricted, line


def test_a_spec_column_missing_from_the_sources_yml_is_reported():
    sources = copy.deepcopy(load_sources())
    del sources["action_plan__actions"]["columns"]["status"]
    sources["action_plan__plans"]["columns"]["not_in_spec"] = {"name": "not_in_spec", "description": "x"}
    problems = _check_sources(sources)
    assert any(
        "raw.action_plan__actions.status is in form_contract/spec.py but not in the sources yml" in p for p in problems
    )
    assert any(
        "raw.action_plan__plans.not_in_spec is in the sources yml but not in form_contract/spec.py" in p
        for p in problems
    )


def test_an_out_of_date_page_is_reported(tmp_path):
    generate_data_dictionary(tmp_path)
    (tmp_path / "marts" / "dim_dhrs.md").write_text("edited by hand\n")
    (tmp_path / "marts" / "old_mart.md").write_text("left over\n")
    problems = check_data_dictionary(tmp_path)
    assert any("marts/dim_dhrs.md is out of date" in p for p in problems)
    assert any("marts/old_mart.md has no model" in p for p in problems)


def test_the_fast_yml_reader_reads_every_models_file_as_the_safe_loader_does():
    # The dashboards read the models' yml with libyaml (issue 15: the pure-Python loader held the
    # server's interpreter lock for seconds); what it reads must be exactly what yaml.safe_load reads.
    import yaml

    from dhr.data_dictionary import MODELS_DIR, _yml_files, read_yml

    files = _yml_files(MODELS_DIR)
    assert len(files) > 10
    for path in files:
        assert read_yml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path
