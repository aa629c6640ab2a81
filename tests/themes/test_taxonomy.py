"""The taxonomy is a contract: the package copy must equal ../shared/themes.yml byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from dhr.settings import PROJECT_ROOT
from dhr.themes.taxonomy import TAXONOMY_PATH, load_taxonomy, theme_codes

SHARED = PROJECT_ROOT.parent / "shared" / "themes.yml"


def test_package_copy_is_in_sync_with_shared_taxonomy():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not present (only in the shared workspace); nothing to sync against")
    assert TAXONOMY_PATH.read_bytes() == SHARED.read_bytes(), (
        f"dhr/themes/themes.yml differs from {SHARED}: copy it again (cp {SHARED} {TAXONOMY_PATH})"
    )


def test_taxonomy_has_17_unique_codes_with_all_fields():
    themes = load_taxonomy()
    assert len(themes) == 17
    assert len({t.code for t in themes}) == 17
    for t in themes:
        assert t.code and t.title and t.description and t.dhr_library_theme
    assert theme_codes()[0] == "risk_assessment"
    assert isinstance(TAXONOMY_PATH, Path)
