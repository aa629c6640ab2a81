"""The learning-theme taxonomy: the 17 codes classifiers predict (the contract).

`themes.yml` next to this module is a byte-for-byte copy of `../shared/themes.yml`; a test keeps
the two in sync. Codes are stable; titles and descriptions may be reworded upstream.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TAXONOMY_PATH = Path(__file__).with_name("themes.yml")


@dataclass(frozen=True)
class Theme:
    code: str
    title: str
    description: str
    dhr_library_theme: str


@lru_cache(maxsize=1)
def _load(path: str) -> tuple[Theme, ...]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    themes = tuple(
        Theme(
            code=str(t["code"]),
            title=str(t["title"]),
            description=" ".join(str(t.get("description", "")).split()),
            dhr_library_theme=str(t["dhr_library_theme"]),
        )
        for t in data["themes"]
    )
    codes = [t.code for t in themes]
    if len(set(codes)) != len(codes):
        raise ValueError(f"duplicate theme codes in {path}")
    return themes


def load_taxonomy(path: Path | None = None) -> list[Theme]:
    """The themes in taxonomy order (the order of `themes.yml`)."""
    return list(_load(str(path or TAXONOMY_PATH)))


def theme_codes() -> list[str]:
    """The theme codes in taxonomy order: the label space of every classifier here."""
    return [t.code for t in load_taxonomy()]
