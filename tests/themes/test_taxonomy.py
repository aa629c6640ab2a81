"""The taxonomy is a contract: the one copy in this repository (the seed learning_themes.csv) must
say what ../shared/themes.yml says, code by code, in its order, with the same titles, DHR Library
themes and descriptions (issue 16: one file, not five)."""

from __future__ import annotations

import pytest
import yaml

from dhr.settings import PROJECT_ROOT
from dhr.themes.taxonomy import TAXONOMY_PATH, load_taxonomy, theme_codes

SHARED = PROJECT_ROOT.parent / "shared" / "themes.yml"


def test_the_seed_says_what_the_shared_taxonomy_says():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not present (only in the shared workspace); nothing to check against")
    shared = yaml.safe_load(SHARED.read_text(encoding="utf-8"))["themes"]
    expected = [
        (t["code"], t["title"], t["dhr_library_theme"], " ".join(str(t["description"]).split())) for t in shared
    ]
    ours = [(t.code, t.title, t.dhr_library_theme, t.description) for t in load_taxonomy()]
    assert ours == expected, f"{TAXONOMY_PATH} differs from {SHARED}: regenerate the seed from it"


def test_taxonomy_has_17_unique_codes_with_all_fields():
    themes = load_taxonomy()
    assert len(themes) == 17
    assert len({t.code for t in themes}) == 17
    for t in themes:
        assert t.code and t.title and t.description and t.dhr_library_theme
    assert theme_codes()[0] == "risk_assessment"


def test_no_other_copy_of_the_taxonomy_is_kept():
    assert not (PROJECT_ROOT / "dhr" / "themes" / "themes.yml").exists()
