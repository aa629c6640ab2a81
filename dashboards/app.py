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

# Sections of the navigation menu. Audience pages slot in as they are written:
#   "Oversight": PCC oversight (003 L712-716), CSP board (003 L321, L411, L696)
#   "National":  Commissioner's annual report (003 L727-732)
#   "Analysis":  Researcher
#   "Reference": Data dictionary
PAGES: dict[str, list[st.Page]] = {
    "Overview": [
        st.Page(
            PAGES_DIR / "home.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True
        ),
    ],
    "Reference": [
        st.Page(PAGES_DIR / "data_dictionary.py", title="Data dictionary", icon=":material/dictionary:", url_path="data-dictionary"),
    ],
}

page = st.navigation(PAGES, position="sidebar")
filters.render_sidebar()
page.run()
ui.render_footer()
