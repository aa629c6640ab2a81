"""Sign-in for the dashboards: the form, the session keys, and which pages each role may open.

After a successful sign-in the session holds ``dhr_user_name`` (str) and ``dhr_user_roles`` (list of
role strings, ``dhr.auth``); the data layer reads the roles on every query (``dashboards.data``), so
signing in decides what every page can read. The roles are re-read from the app-state file on every
rerun: a user removed or given other roles with ``dhr users`` sees the change on their next click.

Tests only: when the process runs under pytest (``pytest`` is imported) and ``DHR_TEST_SIGN_IN_AS``
names an existing user, that user is signed in without the form. A Streamlit server started with
``dhr serve`` or ``streamlit run`` never imports pytest, so the variable does nothing there.
"""

from __future__ import annotations

import os
import sys

import streamlit as st

from dhr import auth
from dhr.access import Scope

USER_KEY = "dhr_user_name"
ROLES_KEY = "dhr_user_roles"
TEST_USER_ENV = "DHR_TEST_SIGN_IN_AS"

#: Pages (by url_path) each kind of scope may open; "" is the Overview.
PAGES_BY_SCOPE: dict[str, frozenset[str]] = {
    # Theme review writes overrides that change national figures: the Commissioner's analysts only.
    "national": frozenset(
        {"overview", "pcc-oversight", "csp-board", "annual-report", "researcher", "theme-review", "data-dictionary"}
    ),
    "pcc": frozenset({"overview", "pcc-oversight", "csp-board", "data-dictionary"}),
    "csp": frozenset({"csp-board", "data-dictionary"}),
    "researcher": frozenset({"researcher", "data-dictionary"}),
    "none": frozenset(),
}


def allowed_pages(scope: Scope) -> frozenset[str]:
    return PAGES_BY_SCOPE.get(scope.kind, frozenset())


def _set_session(user: auth.User) -> None:
    st.session_state[USER_KEY] = user.user_name
    st.session_state[ROLES_KEY] = list(user.roles)


def sign_out() -> None:
    name = st.session_state.get(USER_KEY)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if name:
        auth.record_sign_out(name)


def _test_user() -> auth.User | None:
    name = os.environ.get(TEST_USER_ENV)
    if not name or "pytest" not in sys.modules:
        return None
    return auth.get_user(name)


def current_user() -> str | None:
    """The signed-in user name (roles refreshed from app state), or None."""
    name = st.session_state.get(USER_KEY)
    if not name:
        user = _test_user()
        if user is None:
            return None
        _set_session(user)
        return user.user_name
    try:
        user = auth.get_user(name)
    except Exception:  # app state busy for a moment (a CLI writing): keep the roles of this session
        return name
    if user is None:
        sign_out()
        return None
    st.session_state[ROLES_KEY] = list(user.roles)
    return name


def render_form() -> None:
    """The sign-in page."""
    st.title("DHR Learning Warehouse")
    st.markdown(
        "DHR data is **Official-Sensitive** until publication (003 14.1). Sign in to see the DHRs your role "
        "allows. Accounts are made by an administrator with `dhr users add`."
    )
    with st.form("sign_in", width=420, clear_on_submit=True):
        user_name = st.text_input("User name", key="signin_user")
        password = st.text_input("Password", type="password", key="signin_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        result = auth.sign_in(user_name, password)
        if result.ok and result.user is not None:
            _set_session(result.user)
            st.rerun()
        st.error(result.message, icon=":material/lock:")


def render_account(scope: Scope) -> None:
    """Who is signed in, as what, and the sign-out button (sidebar)."""
    with st.sidebar:
        st.caption(
            f"Signed in as **{st.session_state.get(USER_KEY)}** "
            f"({', '.join(st.session_state.get(ROLES_KEY) or []) or 'no role'}): you see {scope.describe()}."
        )
        st.button("Sign out", key="signin_sign_out", on_click=sign_out, icon=":material/logout:")


def render_no_role() -> None:
    """What a signed-in user without a role sees: nothing of the data."""
    st.title("No access yet")
    st.info(
        "You are signed in, but your account has no role, so there is nothing you may see. "
        "Ask an administrator to give you one (`dhr users set-role`).",
        icon=":material/block:",
    )
