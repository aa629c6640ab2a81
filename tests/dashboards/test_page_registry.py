"""Every page is declared once, in dashboards/page_registry.py (issue 16), and what each role may open
is the policy the guidance gives it (the access tests check the same policy through the pages)."""

from __future__ import annotations

from pathlib import Path

from dashboards import page_registry
from dashboards.page_registry import PAGES, Choices

APP_PAGES = Path(page_registry.__file__).with_name("app_pages")


def test_every_page_file_is_declared_once_with_its_own_address_and_title():
    assert sorted(p.file for p in PAGES) == sorted(f.name for f in APP_PAGES.glob("*.py") if f.name != "__init__.py")
    assert len({p.url_path for p in PAGES}) == len(PAGES)
    assert len({p.title for p in PAGES}) == len(PAGES)


def test_theme_review_changes_national_figures_so_only_the_commissioners_analysts_open_it():
    assert page_registry.allowed_pages("pcc") >= {"pcc-oversight", "csp-board"}
    assert "theme-review" not in page_registry.allowed_pages("pcc") | page_registry.allowed_pages("csp")
    assert "theme-review" in page_registry.allowed_pages("national")


def test_a_csp_sees_its_board_and_sends_its_forms_a_researcher_the_aggregates_and_nobody_else_anything():
    assert page_registry.allowed_pages("csp") == {"csp-board", "send-forms", "data-dictionary"}
    assert page_registry.allowed_pages("researcher") == {"researcher", "data-dictionary"}
    assert page_registry.allowed_pages("none") == frozenset()
    assert page_registry.allowed_pages("someone we never heard of") == frozenset()


def test_only_the_overview_reads_the_sidebar_and_the_researcher_never_does():
    assert [p.url_path for p in PAGES if p.choices is Choices.SIDEBAR] == ["overview"]
    assert page_registry.page_titled("Researcher").choices is Choices.ON_PAGE
