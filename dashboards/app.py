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

from dashboards import filters, page_registry, preload, signin, ui, url_state
from dhr.access import Scope

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"

# The icon is a file of ours: a Material icon here makes every reader's browser fetch it from
# fonts.gstatic.com (an outside request; unreachable where the dashboards run, issue 19).
st.set_page_config(
    page_title="DHR Learning Warehouse", page_icon=str(Path(__file__).with_name("favicon.png")), layout="wide"
)

# The pages' slow imports and the chart-drawing processes, loaded in the background while the first
# visitor signs in, rather than by the first reader of each page with every other reader waiting.
preload.start_once()

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
    for spec in page_registry.PAGES:
        if spec.url_path not in allowed:
            refused.append(
                st.Page(
                    signin.not_for_role(spec.title),
                    title=spec.title,
                    icon=":material/lock:",
                    url_path=spec.url_path,
                    visibility="hidden",
                )
            )
            continue
        page = functools.partial(st.Page, PAGES_DIR / spec.file, title=spec.title, icon=spec.icon)
        menu.setdefault(spec.section, []).extend(
            [page(url_path=START_PATH, default=True), page(url_path=spec.url_path, visibility="hidden")]
            if first
            else [page(url_path=spec.url_path)]
        )
        first = False
    if menu and refused:
        menu.setdefault(next(reversed(menu)), []).extend(refused)
    return menu


# Nobody reads anything before signing in; the data layer also refuses a session without roles.
# The form answers at every page's address, so a link to a page opens it once signed in.
status = signin.resolve()


def _only(render, title: str, icon: str) -> None:
    """Answer every page's address with one page (sign-in, or try again) and stop: nothing else runs."""
    st.navigation(
        [
            st.Page(render, title=title, icon=icon, url_path=START_PATH, default=True),
            *(
                st.Page(render, title=title, icon=icon, url_path=spec.url_path, visibility="hidden")
                for spec in page_registry.PAGES
            ),
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
shown = page_registry.page_titled(page.title)
if shown is None or shown.choices is page_registry.Choices.ON_PAGE:
    filters.render_page_note()
elif shown.choices is page_registry.Choices.SIDEBAR:
    filters.render_sidebar(force_areas=True)
ui.build_banner(signin.current_user())
page.run()
url_state.save(st.session_state, st.query_params, filters.PERSISTENT_KEYS)
ui.render_footer()
