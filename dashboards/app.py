"""DHR Learning Warehouse dashboards: the router (`streamlit run dashboards/app.py`).

Runs on every rerun: page config, navigation, the shared sidebar filters, the current page,
then the footer. Pages live in `dashboards/app_pages/`, one file per page, and hold only UI.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts this file's folder on sys.path, not the repository root. The project is
# normally pip-installed (editable), but a bare checkout must work too.
try:
    import dashboards  # noqa: F401
except ImportError:  # pragma: no cover - exercised by `streamlit run` from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboards import filters, ui

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="DHR Learning Warehouse", page_icon=":material/menu_book:", layout="wide")

# Sections of the navigation menu, one audience per page (issue 4):
#   "Oversight": PCC oversight (003 L705-716), CSP board (003 L321, L411, L696)
#   "National":  Commissioner's annual thematic report (003 L727-732)
#   "Analysis":  Researcher (aggregates only); Theme review (analysts confirm or correct learning themes)
#   "Reference": Data dictionary
PAGES: dict[str, list[st.Page]] = {
    "Overview": [
        st.Page(
            PAGES_DIR / "home.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True
        ),
    ],
    "Oversight": [
        st.Page(
            PAGES_DIR / "pcc_oversight.py", title="PCC oversight", icon=":material/shield:", url_path="pcc-oversight"
        ),
        st.Page(PAGES_DIR / "csp_board.py", title="CSP board", icon=":material/groups:", url_path="csp-board"),
    ],
    "National": [
        st.Page(
            PAGES_DIR / "annual_report.py",
            title="Commissioner's annual report",
            icon=":material/summarize:",
            url_path="annual-report",
        ),
    ],
    "Analysis": [
        st.Page(PAGES_DIR / "researcher.py", title="Researcher", icon=":material/query_stats:", url_path="researcher"),
        st.Page(PAGES_DIR / "theme_review.py", title="Theme review", icon=":material/label:", url_path="theme-review"),
    ],
    "Reference": [
        st.Page(PAGES_DIR / "data_dictionary.py", title="Data dictionary", icon=":material/dictionary:", url_path="data-dictionary"),
    ],
}

#: Pages that read the sidebar filters (by url_path; the default page, Overview, is ""), and
#: whether they use its force areas. Every other page has
#: its own choices at the top (filters.choose), remembered across pages as well.
SIDEBAR_FILTERS = {"": True, "researcher": False}

page = st.navigation(PAGES, position="sidebar")
filters.keep_selections()
if page.url_path in SIDEBAR_FILTERS:
    filters.render_sidebar(force_areas=SIDEBAR_FILTERS[page.url_path])
elif page.url_path != "data-dictionary":
    filters.render_page_note()
page.run()
ui.render_footer()
