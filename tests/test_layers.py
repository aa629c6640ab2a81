"""The layers import downwards only (issue 16): the form contract knows nothing of the code that uses
it, ingest nothing of the command line or the dashboards, the command line nothing of the
dashboards, and the pages read the warehouse and the form contract, never ingest's readers.

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


def imports_of(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name, node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add((node.module, node.lineno))
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
    assert {m for m, _ in imports_of(module)} == {"dashboards", "ingest.reader"}


def test_the_command_line_and_the_research_core_load_without_streamlit():
    """`dhr export` writes a file; it must not start (or import) a web framework to do it."""
    code = (
        "import sys; import dhr.cli, dhr.research, dhr.research_export, dhr.warehouse_reader; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'dashboards')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
