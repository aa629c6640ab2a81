"""Every path and environment variable the project reads, in one place.

Nothing else reads `os.environ` for configuration; `profiles.yml` reads the same variables
through dbt's `env_var`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

#: The repository root: the folder holding dbt_project.yml (the package is installed editable).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
CODE_LISTS_DIR = SEEDS_DIR / "code_lists"
REFERENCE_DIR = SEEDS_DIR / "reference"
DATA_DICTIONARY_DIR = PROJECT_ROOT / "data_dictionary"

#: Default "today" of the synthetic corpus, so a seed always gives the same files (end of a quarter).
DEFAULT_SYNTH_AS_OF = date(2026, 9, 30)


@dataclass(frozen=True)
class Settings:
    """Run-time settings, resolved from the environment when asked for."""

    warehouse_path: Path
    corpus_dir: Path
    reporting_date: date | None
    dbt_target_dir: Path
    dbt_log_dir: Path
    #: The persisted theme classifier (`dhr themes train`, and `dhr build` when none exists yet).
    themes_model_dir: Path | None = None

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_path.parent

    @property
    def raw_store_dir(self) -> Path:
        """Content-addressed copies of every file received (by sha256), kept whatever happens next."""
        return self.warehouse_dir / "raw_files"

    @property
    def lock_path(self) -> Path:
        """Serialises ingest and build so a build's swap never drops rows an ingest just wrote."""
        return self.warehouse_path.with_suffix(".lock")


def _resolve(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else (Path.cwd() / p)


def get_settings() -> Settings:
    reporting = os.environ.get("DHR_REPORTING_DATE")
    return Settings(
        warehouse_path=_resolve(os.environ.get("DHR_DB", "warehouse/dhr.duckdb")),
        corpus_dir=_resolve(os.environ.get("DHR_CORPUS", "corpus")),
        reporting_date=date.fromisoformat(reporting) if reporting else None,
        # dbt's compiled SQL and logs; separate folders let two builds run side by side.
        dbt_target_dir=_resolve(os.environ.get("DHR_DBT_TARGET_DIR", str(PROJECT_ROOT / "target"))),
        dbt_log_dir=_resolve(os.environ.get("DHR_DBT_LOG_DIR", str(PROJECT_ROOT / "logs"))),
        # default: <warehouse dir>/models/themes (dhr.themes.model.default_model_dir)
        themes_model_dir=_resolve(os.environ["DHR_THEMES_MODEL_DIR"])
        if os.environ.get("DHR_THEMES_MODEL_DIR")
        else None,
    )
