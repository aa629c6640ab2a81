"""Where the dbt seeds the contract reads live: one list for Python and SQL (seeds/)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
CODE_LISTS_DIR = SEEDS_DIR / "code_lists"
REFERENCE_DIR = SEEDS_DIR / "reference"
