"""DHR Learning Warehouse dashboards: the router (`streamlit run dashboards/app.py`).

Runs on every rerun: page config, navigation, the shared sidebar filters, the current page,
then the footer. Pages live in `dashboards/app_pages/`, one file per page, and hold only UI.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

# Streamlit puts this file's folder on sys.path, not the repository root. The project is
# normally pip-installed (editable), but a bare checkout must work too.
try:
    import dashboards  # noqa: F401
except ImportError:  # pragma: no cover - exercised by `streamlit run` from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboards import filters, signin, ui, url_state
from dhr.access import Scope

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"

# The icon is a file of ours: a Material icon here makes every reader's browser fetch it from
# fonts.gstatic.com (an outside request; unreachable where the dashboards run, issue 19).
st.set_page_config(
    page_title="DHR Learning Warehouse", page_icon=str(Path(__file__).with_name("favicon.png")), layout="wide"
)

# Sections of the navigation menu, one audience per page (issue 4):
#   "Oversight": PCC oversight (003 L705-716), CSP board (003 L321, L411, L696)
#   "National":  Commissioner's annual thematic report (003 L727-732)
#   "Analysis":  Researcher (aggregates only); Theme review (analysts confirm or correct learning themes)
#   "Reference": Data dictionary
#: (section, file, title, icon, url_path); the first page a role may open is its default.
PAGE_SPECS = [
    ("Overview", "home.py", "Overview", ":material/dashboard:", "overview"),
    ("Oversight", "pcc_oversight.py", "PCC oversight", ":material/shield:", "pcc-oversight"),
    ("Oversight", "csp_board.py", "CSP board", ":material/groups:", "csp-board"),
    ("National", "annual_report.py", "Commissioner's annual report", ":material/summarize:", "annual-report"),
    ("Analysis", "researcher.py", "Researcher", ":material/query_stats:", "researcher"),
    ("Analysis", "theme_review.py", "Theme review", ":material/label:", "theme-review"),
    ("Reference", "data_dictionary.py", "Data dictionary", ":material/dictionary:", "data-dictionary"),
]


#: Where a role's first page is served besides `/` (any other address would do; it is never shown).
START_PATH = "start"


def pages_for(scope: Scope) -> dict[str, list[st.Page]]:
    """The navigation menu of a role: only the pages it may open (dashboards/signin.py).

    A role's first page is its default, served at `/`. Streamlit does not also serve the default at
    its own address, so a bookmark, a shared link or a refresh at `/overview` or a CSP member's
    `/csp-board` would say "Page not found": each default page also answers at its own address
    through a hidden entry that runs the same file. The address of a page the role may not open
    answers with a hidden page that says so (``signin.not_for_role``)."""
    allowed = signin.allowed_pages(scope)
    menu: dict[str, list[st.Page]] = {}
    refused: list[st.Page] = []
    first = True
    for section, file, title, icon, url_path in PAGE_SPECS:
        if url_path not in allowed:
            refused.append(
                st.Page(
                    signin.not_for_role(title),
                    title=title,
                    icon=":material/lock:",
                    url_path=url_path,
                    visibility="hidden",
                )
            )
            continue
        page = functools.partial(st.Page, PAGES_DIR / file, title=title, icon=icon)
        menu.setdefault(section, []).extend(
            [page(url_path=START_PATH, default=True), page(url_path=url_path, visibility="hidden")]
            if first
            else [page(url_path=url_path)]
        )
        first = False
    if menu and refused:
        menu.setdefault(next(reversed(menu)), []).extend(refused)
    return menu


#: Pages that read the sidebar filters (by title: the default page's url_path is ""), and
#: whether they use its force areas. Every other page has
#: its own choices at the top (filters.choose), remembered across pages as well. Not the
#: Researcher page: its years are fixed bands, never a range of single years (issue 15).
SIDEBAR_FILTERS = {"Overview": True}

# Nobody reads anything before signing in; the data layer also refuses a session without roles.
# The form answers at every page's address, so a link to a page opens it once signed in.
status = signin.resolve()


def _only(render, title: str, icon: str) -> None:
    """Answer every page's address with one page (sign-in, or try again) and stop: nothing else runs."""
    st.navigation(
        [
            st.Page(render, title=title, icon=icon, url_path=START_PATH, default=True),
            *(st.Page(render, title=title, icon=icon, url_path=spec[4], visibility="hidden") for spec in PAGE_SPECS),
        ],
        position="hidden",
    ).run()
    st.stop()


if status is signin.Status.UNAVAILABLE:
    _only(signin.render_unavailable, "Try again", ":material/hourglass:")  # fail closed (issue 15)
if status is signin.Status.SIGNED_OUT:
    _only(signin.render_form, "Sign in", ":material/login:")
scope = Scope.from_roles(st.session_state.get(signin.ROLES_KEY))
menu = pages_for(scope)
if not menu:
    st.navigation(
        [st.Page(signin.render_no_role, title="No access", icon=":material/block:", url_path="no-access")]
    ).run()
    signin.render_account(scope)
    st.stop()
page = st.navigation(menu, position="sidebar")
signin.render_account(scope)
# A refresh starts a new browser session: the choices come back from the address bar.
url_state.restore(st.session_state, st.query_params, filters.PERSISTENT_KEYS)
filters.keep_selections()
if page.title in SIDEBAR_FILTERS:
    filters.render_sidebar(force_areas=SIDEBAR_FILTERS[page.title])
elif page.title != "Data dictionary":
    filters.render_page_note()
page.run()
url_state.save(st.session_state, st.query_params, filters.PERSISTENT_KEYS)
ui.render_footer()
