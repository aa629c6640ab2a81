"""The dbt project keeps the layout docs/design.md section 7 declares (issue 16): every model has a
declared prefix, sits in the folder of that prefix (a mart in one of the audience folders), and has its
own `<model>.yml` beside its SQL describing it and each of its columns, with its unit tests.

The declaration is read from docs/design.md itself, so the page and the project cannot drift apart.
That the yml lists every column the SQL really builds is checked on a built warehouse by
tests/warehouse/test_warehouse_marts.py (`test_every_built_column_is_documented_with_its_type`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DESIGN = ROOT / "docs" / "design.md"
MODELS = ROOT / "models"
#: The source definitions and the pages keep their own files (docs/design.md section 7).
NOT_MODEL_YML = {"_dhr_forms__sources.yml", "_themes__sources.yml", "exposures.yml"}

_PREFIX_ROW = re.compile(r"^\|\s*`(\w+_)`\s*\|.*\|\s*`models/([\w/<>]+)/`\s*\|\s*$")
_AUDIENCE_ROW = re.compile(r"^\|\s*`models/marts/(\w+)/`\s*\|")


def declared_layout(design: str) -> tuple[dict[str, str], set[str]]:
    """{prefix: folder under models/} and the audience folders under marts/, from section 7's tables."""
    section = design.split("\n## 7. ", 1)[1].split("\n## ", 1)[0]
    prefixes: dict[str, str] = {}
    audiences: set[str] = set()
    for line in section.splitlines():
        if match := _PREFIX_ROW.match(line):
            prefixes[match.group(1)] = match.group(2)
        elif match := _AUDIENCE_ROW.match(line):
            audiences.add(match.group(1))
    return prefixes, audiences


def _folders(pattern: str, audiences: set[str]) -> set[str]:
    if "<audience>" in pattern:
        return {pattern.replace("<audience>", audience) for audience in audiences}
    return {pattern}


def _own_yml_problems(name: str, yml: Path, in_marts: bool) -> list[str]:
    if not yml.is_file():
        return [f"{name}: no {yml.name} beside its SQL"]
    content: dict[str, Any] = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
    entries = content.get("models") or []
    if [entry.get("name") for entry in entries] != [name]:
        return [f"{name}: {yml.name} must describe this model and no other"]
    problems = []
    (entry,) = entries
    if not (entry.get("description") or "").strip():
        problems.append(f"{name}: no description")
    if not entry.get("columns"):
        problems.append(f"{name}: no columns documented")
    for column in entry.get("columns") or []:
        if not (column.get("description") or "").strip():
            problems.append(f"{name}.{column['name']}: column has no description")
        if in_marts and not column.get("data_type"):
            problems.append(f"{name}.{column['name']}: mart column has no data_type")
    for unit in content.get("unit_tests") or []:
        if unit.get("model") != name:
            problems.append(f"{name}: unit test {unit.get('name')} of {unit.get('model')} belongs in that model's yml")
    return problems


def layout_problems(models_dir: Path, prefixes: dict[str, str], audiences: set[str]) -> list[str]:
    problems = []
    for sql in sorted(models_dir.rglob("*.sql")):
        name = sql.stem
        folder = sql.parent.relative_to(models_dir).as_posix()
        prefix = next((p for p in prefixes if name.startswith(p)), None)
        if prefix is None:
            problems.append(f"{name}: no declared prefix ({', '.join(prefixes)})")
        elif folder not in (allowed := _folders(prefixes[prefix], audiences)):
            problems.append(f"{name}: in models/{folder}/, but {prefix} models belong in {sorted(allowed)}")
        problems += _own_yml_problems(name, sql.with_suffix(".yml"), folder.startswith("marts"))
    for yml in sorted(models_dir.rglob("*.yml")):
        if yml.name in NOT_MODEL_YML or yml.with_suffix(".sql").is_file():
            continue
        content = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
        if content.get("models") or content.get("unit_tests"):
            problems.append(f"{yml.relative_to(models_dir)}: models belong in their own <model>.yml")
    return problems


def test_design_declares_every_prefix_and_the_audience_folders():
    prefixes, audiences = declared_layout(DESIGN.read_text(encoding="utf-8"))
    assert prefixes == {
        "stg_": "staging",
        "int_": "intermediate",
        "dim_": "marts/<audience>",
        "fct_": "marts/<audience>",
        "bridge_": "marts/<audience>",
        "rpt_": "marts/<audience>",
        "meta_": "marts/meta",
    }
    assert {"core", "meta"} <= audiences


def test_every_model_has_a_declared_prefix_its_folder_and_its_own_documented_yml():
    prefixes, audiences = declared_layout(DESIGN.read_text(encoding="utf-8"))
    assert len(list(MODELS.rglob("*.sql"))) > 50  # the walk really sees the project
    assert layout_problems(MODELS, prefixes, audiences) == []


def test_no_mart_sits_directly_in_marts_but_in_a_folder_for_its_audience():
    _, audiences = declared_layout(DESIGN.read_text(encoding="utf-8"))
    folders = {sql.parent.relative_to(MODELS / "marts").as_posix() for sql in (MODELS / "marts").rglob("*.sql")}
    assert folders == audiences


def _model(models_dir: Path, folder: str, name: str, yml: str | None) -> None:
    (models_dir / folder).mkdir(parents=True, exist_ok=True)
    (models_dir / folder / f"{name}.sql").write_text("select 1 as id\n")
    if yml is not None:
        (models_dir / folder / f"{name}.yml").write_text(yml)


def _yml(
    name: str, column: str = "    columns:\n      - name: id\n        data_type: integer\n        description: Key.\n"
) -> str:
    return f"version: 2\nmodels:\n  - name: {name}\n    description: A model.\n{column}"


def test_a_model_off_the_declared_layout_is_reported(tmp_path):
    prefixes = {"stg_": "staging", "fct_": "marts/<audience>", "meta_": "marts/meta"}
    audiences = {"core", "meta"}
    _model(tmp_path, "staging", "stg_ok", _yml("stg_ok"))
    _model(tmp_path, "marts/core", "fct_ok", _yml("fct_ok"))
    _model(tmp_path, "marts/core", "summary_of_things", _yml("summary_of_things"))  # no prefix
    _model(tmp_path, "marts", "fct_flat", _yml("fct_flat"))  # not in an audience folder
    _model(tmp_path, "marts/core", "meta_build", _yml("meta_build"))  # meta_ belongs in marts/meta
    _model(tmp_path, "staging", "stg_shared", None)  # described in a shared file instead
    (tmp_path / "staging" / "_shared__models.yml").write_text(_yml("stg_shared"))
    _model(tmp_path, "marts/core", "fct_bare", _yml("fct_bare", "    columns:\n      - name: id\n"))
    _model(tmp_path, "staging", "stg_foreign_unit", _yml("stg_foreign_unit"))
    with (tmp_path / "staging" / "stg_foreign_unit.yml").open("a") as yml:
        yml.write("unit_tests:\n  - name: test_x\n    model: stg_ok\n")

    problems = layout_problems(tmp_path, prefixes, audiences)

    assert sorted(problems) == sorted(
        [
            "fct_bare.id: column has no description",
            "fct_bare.id: mart column has no data_type",
            "fct_flat: in models/marts/, but fct_ models belong in ['marts/core', 'marts/meta']",
            "meta_build: in models/marts/core/, but meta_ models belong in ['marts/meta']",
            "summary_of_things: no declared prefix (stg_, fct_, meta_)",
            "stg_foreign_unit: unit test test_x of stg_ok belongs in that model's yml",
            "stg_shared: no stg_shared.yml beside its SQL",
            "staging/_shared__models.yml: models belong in their own <model>.yml",
        ]
    )
