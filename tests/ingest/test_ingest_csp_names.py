"""CSP names as written on forms resolve to ONS codes; unknown names get the closest suggestions."""

from __future__ import annotations

import pytest

from dhr.settings import REFERENCE_DIR
from ingest.csp_names import CspDirectory, UnknownName, fold_name, resolve_csp


@pytest.mark.parametrize(
    "written",
    [
        "Medway",
        "MEDWAY",
        " medway ",
        "The Medway CSP",
        "Medway Community Safety Partnership",
        "medway c.s.p.",
        "E22000143",
        "e22000143",
        "Medway Council",
    ],
)
def test_names_aliases_and_codes_resolve(csps, written):
    assert csps.resolve(written) == "E22000143"


def test_alias_file_and_punctuation(csps):
    assert csps.resolve("Safer Barnet") == "E22000187"
    assert csps.resolve("St Helens") == "E22000184"
    assert csps.resolve("ST. HELENS CSP") == "E22000184"
    assert fold_name("The St. Helens C.S.P.") == "st helens csp"


def test_unknown_name_offers_up_to_three_suggestions(csps):
    with pytest.raises(UnknownName) as caught:
        csps.resolve("Medwey")
    assert str(caught.value) == "'Medwey' is not a Community Safety Partnership we know: did you mean 'Medway'?"
    with pytest.raises(UnknownName, match="did you mean 'Maidstone'"):
        csps.resolve("Maidston CSP")
    with pytest.raises(UnknownName, match="write the partnership's name as on the ONS list"):
        csps.resolve("Atlantis")


def test_force_area_check(csps):
    assert csps.resolve_force_area("Kent Police") == "E23000032"
    assert csps.resolve_force_area("Metropolitan Police Service") == "E23000001"
    assert csps.check_force_area("E22000143", "Kent Police") is None
    assert csps.check_force_area("E22000143", "Merseyside Police") == (
        "'Merseyside Police' does not match the CSP: Medway is in the Kent police force area"
    )
    assert "is not a police force area" in csps.check_force_area("E22000143", "Gotham Police")


def test_reference_directory_is_injectable(reference_dir):
    assert resolve_csp("Medway", reference_dir) == "E22000143"


@pytest.mark.skipif(not (REFERENCE_DIR / "csps.csv").exists(), reason="seeds/reference not built yet")
def test_the_real_reference_seeds():
    directory = CspDirectory(REFERENCE_DIR)
    assert len(directory.csps) > 250
    for code, csp in list(directory.csps.items())[:50]:
        assert directory.resolve(csp.name) == code
        assert directory.resolve(code) == code
    assert directory.resolve("Medway Community Safety Partnership") == directory.resolve("Medway")
    with pytest.raises(UnknownName, match="did you mean"):
        directory.resolve("Medwayy")
