"""Every page as its user reads it (issue 19): no file codes such as "003 L268" in anything a page
sends to the browser, for every role and every page it may open; the guidance is cited by name."""

from __future__ import annotations

import re

import pytest
from dashboard_warehouse import CSP_USER, NATIONAL_USER, PCC_USER, RESEARCHER_USER
from test_access_pages import ALLOWED_PAGES, PAGE_FILES, _content, _sign_in_as

from dhr import guidance

#: A line number left on its own after a citation ("003 Annex B, L773-803"): a file code all the same.
BARE_LINE = re.compile(r"\bL\d{2,4}(?:-\d+)?\b")


@pytest.mark.heavy
@pytest.mark.parametrize("user", [NATIONAL_USER, PCC_USER, CSP_USER, RESEARCHER_USER])
def test_no_page_shows_a_file_code_to_its_reader(warehouse, monkeypatch, user):
    at = _sign_in_as(monkeypatch, user)
    for name in sorted(ALLOWED_PAGES[user]):
        at.switch_page(PAGE_FILES[name]).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        content = _content(at)
        found = guidance.CITATION.findall(content)
        assert not found, f"{user} on {name}: file codes shown, first {guidance.CITATION.search(content)[0]!r}"
        assert not BARE_LINE.search(content), f"{user} on {name}: {BARE_LINE.search(content)[0]!r} shown"


def test_pcc_oversight_cites_the_guidance_by_name(warehouse, monkeypatch):
    at = _sign_in_as(monkeypatch, NATIONAL_USER)
    at.switch_page(PAGE_FILES["pcc-oversight"]).run()
    content = _content(at)
    assert "2024 draft statutory guidance, para 5.1" in content  # the 28-day scoping review
    assert "2024 draft statutory guidance, Annex B" in content  # the action plan layout


def test_every_data_dictionary_page_reads_without_file_codes_or_developer_words(warehouse, monkeypatch):
    """Issue 19: the dictionary was the developers' markdown (raw table names, SQL types, dbt tests,
    "added by ingest"); readers get the fields by their printed labels, tables by what they hold."""
    at = _sign_in_as(monkeypatch, NATIONAL_USER)
    at.switch_page(PAGE_FILES["data-dictionary"]).run()
    sections = at.get("button_group")[0].proto.options if at.get("button_group") else []
    assert [option.content for option in sections] == ["Forms", "Tables", "Code lists"]
    seen = 0
    for section in [option.content for option in sections]:
        at.session_state["dd_section"] = section
        at.run()
        pages = at.selectbox(key="dd_page").options if section != "Code lists" else [None]
        for page in pages:
            if page is not None:
                at.selectbox(key="dd_page").set_value(page).run()
            assert not at.exception, (section, page)
            text = _content(at)
            seen += 1
            assert "GENERATED" not in text and "<!--" not in text, (section, page)
            assert not guidance.CITATION.search(text), (section, page, guidance.CITATION.search(text)[0])
            assert not BARE_LINE.search(text), (section, page, BARE_LINE.search(text)[0])
            for developer_word in ("raw.", "stg_", "varchar", "not_null", "added by ingest", "seeds/", ".sql"):
                assert developer_word not in text, (section, page, developer_word)
    assert seen >= 30  # three forms, every mart, the code lists
