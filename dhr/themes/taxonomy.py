"""The learning-theme taxonomy: the 17 codes classifiers predict (the contract).

One file holds it in this repository: the dbt seed ``seeds/reference/learning_themes.csv`` (code,
title, Home Office DHR Library theme, order, description), which the warehouse loads and this module
reads. ``tests/themes/test_taxonomy.py`` checks it against ``../shared/themes.yml``, the contract
itself, field by field (issue 16: the codes were kept in five places). Codes are stable; titles and
descriptions may be reworded upstream, and then the seed is regenerated from it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from form_contract.paths import REFERENCE_DIR

TAXONOMY_PATH = REFERENCE_DIR / "learning_themes.csv"


@dataclass(frozen=True)
class Theme:
    code: str
    title: str
    description: str
    dhr_library_theme: str


@lru_cache(maxsize=1)
def _load(path: str) -> tuple[Theme, ...]:
    with Path(path).open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["sort_order"]))
    themes = tuple(
        Theme(
            code=r["theme_code"],
            title=r["theme_title"],
            description=" ".join(r["description"].split()),
            dhr_library_theme=r["dhr_library_theme"],
        )
        for r in rows
    )
    codes = [t.code for t in themes]
    if len(set(codes)) != len(codes):
        raise ValueError(f"duplicate theme codes in {path}")
    return themes


def load_taxonomy(path: Path | None = None) -> list[Theme]:
    """The themes in taxonomy order (``sort_order``, the order of ``../shared/themes.yml``)."""
    return list(_load(str(path or TAXONOMY_PATH)))


def theme_codes() -> list[str]:
    """The theme codes in taxonomy order: the label space of every classifier here."""
    return [t.code for t in load_taxonomy()]
