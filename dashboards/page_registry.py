"""Every page of the dashboards, declared once (issue 16: the page list lived in three places keyed by
title strings): its address, file, menu section, title and icon, the roles that may open it, and
which choices it reads. The router (``dashboards/app.py``) builds the menu from it and sign-in
(``dashboards/signin.py``) decides from it what a role may open. No Streamlit here.

Sections of the menu, one audience per page (issue 4): "Oversight" for the PCC's oversight (003
L705-716) and the CSP board (003 L321, L411, L696); "National" for the Commissioner's annual
thematic report (003 L727-732); "Analysis" for research aggregates and theme review; "Reference"
for the data dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: Kinds of scope (``dhr.access.Scope.kind``).
NATIONAL, PCC, CSP, RESEARCHER = "national", "pcc", "csp", "researcher"


class Choices(Enum):
    """Where a page's choices are made."""

    SIDEBAR = "sidebar"  # the shared sidebar filters: force areas and years of notification
    ON_PAGE = "on page"  # its own choices at the top, remembered across pages (filters.choose)
    NONE = "none"  # nothing to choose (the data dictionary)


@dataclass(frozen=True)
class PageSpec:
    url_path: str
    file: str  # in dashboards/app_pages/
    section: str
    title: str
    icon: str
    scopes: frozenset[str]
    choices: Choices = Choices.ON_PAGE


#: In menu order; a role's first page is its default, served at `/`.
PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        "home.py",
        "Overview",
        "Overview",
        ":material/dashboard:",
        frozenset({NATIONAL, PCC}),
        Choices.SIDEBAR,
    ),
    PageSpec(
        "pcc-oversight",
        "pcc_oversight.py",
        "Oversight",
        "PCC oversight",
        ":material/shield:",
        frozenset({NATIONAL, PCC}),
    ),
    PageSpec(
        "csp-board", "csp_board.py", "Oversight", "CSP board", ":material/groups:", frozenset({NATIONAL, PCC, CSP})
    ),
    # Forms come in where their senders are: CSP officers for their CSP, PCC offices for their force
    # area's CSPs, the national team for any (issue 17).
    PageSpec(
        "send-forms",
        "send_forms.py",
        "Oversight",
        "Send forms",
        ":material/upload_file:",
        frozenset({NATIONAL, PCC, CSP}),
        Choices.NONE,
    ),
    PageSpec(
        "annual-report",
        "annual_report.py",
        "National",
        "Commissioner's annual report",
        ":material/summarize:",
        frozenset({NATIONAL}),
    ),
    # The Commissioner's office tracks national recommendations and sets the Commissioner's status,
    # which is stored and audited (issue 18; 003 L684, L730): national users only.
    PageSpec(
        "national-recommendations",
        "national_recommendations.py",
        "National",
        "National recommendations",
        ":material/account_balance:",
        frozenset({NATIONAL}),
    ),
    # Not the sidebar's years: the Researcher page's years are fixed bands, never a range of single
    # years (issue 15).
    PageSpec(
        "researcher",
        "researcher.py",
        "Analysis",
        "Researcher",
        ":material/query_stats:",
        frozenset({NATIONAL, RESEARCHER}),
    ),
    # Theme review writes overrides that change national figures: the Commissioner's analysts only.
    PageSpec("theme-review", "theme_review.py", "Analysis", "Theme review", ":material/label:", frozenset({NATIONAL})),
    PageSpec(
        "data-dictionary",
        "data_dictionary.py",
        "Reference",
        "Data dictionary",
        ":material/dictionary:",
        frozenset({NATIONAL, PCC, CSP, RESEARCHER}),
        Choices.NONE,
    ),
)


def allowed_pages(scope_kind: str) -> frozenset[str]:
    """The addresses of the pages a kind of scope may open; none for an unknown kind (default deny)."""
    return frozenset(p.url_path for p in PAGES if scope_kind in p.scopes)


def page_titled(title: str) -> PageSpec | None:
    return next((p for p in PAGES if p.title == title), None)
