"""The server loads the pages' slow imports in the background when it starts (dashboards/preload.py,
issue 15), so no reader's first visit imports them while every other reader waits."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from dashboards import drawing

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PAGES = PROJECT_ROOT / "dashboards" / "app_pages"


def modules_pages_import() -> set[str]:
    """Every project module a page file imports (``from dashboards import ui`` is dashboards.ui)."""
    found: set[str] = set()
    for page in PAGES.glob("*.py"):
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in {"dashboards", "dhr"}:
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    is_module = (PROJECT_ROOT / candidate.replace(".", "/")).with_suffix(".py").exists() or (
                        PROJECT_ROOT / candidate.replace(".", "/") / "__init__.py"
                    ).exists()
                    found.add(candidate if is_module else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] in {"dashboards", "dhr"})
    return found


def test_every_module_a_page_imports_is_loaded_before_anyone_opens_a_page():
    wanted = sorted(modules_pages_import() | {"scipy.optimize"})  # scipy: imported inside the disclosure audit
    assert "dashboards.reports.annex_b" in wanted  # the reader of what the pages import works
    script = (
        "import json, sys\n"
        "from dashboards import filters, page_registry, preload, signin, ui, url_state\n"  # what the router imports
        "preload.drawing.warm = lambda: None\n"  # this test is about imports; drawing has its own tests
        "preload._preload()\n"
        f"print(json.dumps([m for m in {wanted!r} if m not in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    assert json.loads(out.stdout) == [], "add these to dashboards.preload.MODULES"


def test_warming_starts_every_drawing_process_before_the_first_chart():
    drawers = drawing.Drawers(workers=2)
    try:
        drawers.warm()
        assert len(drawers.pids()) == 2
    finally:
        drawers.stop()
