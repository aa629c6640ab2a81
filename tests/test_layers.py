"""The layers import downwards only (issue 16): the form contract knows nothing of the code that uses
it, ingest nothing of the command line or the dashboards, the command line nothing of the
dashboards, and the pages read the warehouse and the form contract, never ingest's readers. In the
dashboards only the data layer (``dashboards/data/``) reads the warehouse.

Read from the source (every import, also those inside functions), so an import added anywhere is
caught, not only one that happens to run in a test."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Package -> the packages of ours it must never import.
FORBIDDEN = {
    "form_contract": {"ingest", "dhr", "dashboards"},
    "ingest": {"dhr", "dashboards"},
    "dhr": {"dashboards"},
    "dashboards": {"ingest"},
}


#: What only the dashboards' data layer may import: the database, and the warehouse's readers (the
#: scoped connections and the research core's queries).
WAREHOUSE_READERS = {"duckdb", "dhr.warehouse_reader", "dhr.research"}
DATA_LAYER = ROOT / "dashboards" / "data"


def imports_of(path: Path) -> set[tuple[str, int]]:
    """Every module ``path`` imports, with its line; ``from a import b`` counts as ``a`` and ``a.b``
    (``b`` may be a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name, node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add((node.module, node.lineno))
            found |= {(f"{node.module}.{alias.name}", node.lineno) for alias in node.names}
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_never_imports_a_layer_above_it(package):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for module, line in sorted(imports_of(path))
        if module.split(".")[0] in FORBIDDEN[package]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from dashboards import data\n    import ingest.reader\n")
    assert {m for m, _ in imports_of(module)} == {"dashboards", "dashboards.data", "ingest.reader"}


def reads_the_warehouse(path: Path) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for module, line in sorted(imports_of(path))
        if module in WAREHOUSE_READERS or module.split(".")[0] == "duckdb"
    ]


def test_only_the_data_layer_reads_the_warehouse():
    """Pages, charts and reports read through ``dashboards.data`` (scope checked, cached), never
    through a connection or query of their own."""
    outside = [p for p in sorted((ROOT / "dashboards").rglob("*.py")) if DATA_LAYER not in p.parents]
    assert ROOT / "dashboards" / "app_pages" / "researcher.py" in outside
    wrong = [found for path in outside for found in reads_the_warehouse(path)]
    assert not wrong, "\n".join(wrong)
    # The checker sees both spellings in the data layer's own imports.
    assert {"dhr.warehouse_reader", "dhr.research"} <= {m for m, _ in imports_of(DATA_LAYER / "_core.py")}
    assert reads_the_warehouse(DATA_LAYER / "research.py")  # `from dhr import research as ...`


def test_the_command_line_and_the_research_core_load_without_streamlit():
    """`dhr export` writes a file; it must not start (or import) a web framework to do it."""
    code = (
        "import sys; import dhr.cli, dhr.research, dhr.research_export, dhr.warehouse_reader; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'dashboards')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
