"""The session's synthetic warehouse, as a value both pytest-xdist workers can share.

It lives here, not in tests/conftest.py, because the first worker pickles it for the second
(tests/support/shared_session.py) and pickle finds a class by its module's name: several files
are called ``conftest``, one module is called ``synthetic_warehouse``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

#: The synthetic corpus the slow tests read: generated, ingested and dbt-built once per session
#: (about 80 s) instead of once per test module (issue 16: four such builds took five minutes), and
#: once for both xdist workers of `make test` (tests/support/shared_session.py).
SYNTHETIC_DHRS = 60
SYNTHETIC_SEED = 3
SYNTHETIC_AS_OF = date(2026, 9, 30)


@dataclass(frozen=True)
class SyntheticBuild:
    """What ``synth -> ingest -> dbt build`` made, as a person would run them. Read only: a test
    that writes to the warehouse works on ``copy_to(tmp_path)``."""

    corpus: Path
    warehouse: Path
    results: list[Any]
    build: Any
    truth: dict
    file_count: int

    def copy_to(self, directory: Path) -> Path:
        """A private copy of the warehouse and its raw store; returns the copy's warehouse path."""
        target = directory / "synthetic_copy"
        shutil.copytree(self.warehouse.parent, target)
        return target / self.warehouse.name
