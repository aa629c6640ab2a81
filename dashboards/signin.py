"""Sign-in for the dashboards: the form, the session keys, and which pages each role may open.

After a successful sign-in the session holds ``dhr_user_name`` (str) and ``dhr_user_roles`` (list of
role strings, ``dhr.auth``); the data layer reads the roles on every query (``dashboards.data``), so
signing in decides what every page can read. The roles are re-read on every rerun (from a per-process
cache that any write to the app-state file invalidates): a user removed or given other roles with
``dhr users`` sees the change on their next click. When the roles cannot be read (the file held by
another process for longer than ``app_state.READ_TIMEOUT``), the session fails closed: its roles are
emptied, nothing is shown, and the page says to try again (``Status.UNAVAILABLE``).

A refresh keeps the session: signing in opens a server-side session (``auth.create_session``) whose
random token the browser keeps in the ``dhr_session`` cookie (SameSite=Strict; Secure over https),
set by a one-off script once signed in; a new browser session resumes it from
``st.context.cookies``. The token is bound to the client address, expires after
``auth.SESSION_TTL``, and is revoked at sign-out, password change and user removal.

Tests only: when the process runs under pytest (``pytest`` is imported) and ``DHR_TEST_SIGN_IN_AS``
names an existing user, that user is signed in without the form. A Streamlit server started with
``dhr serve`` or ``streamlit run`` never imports pytest, so the variable does nothing there.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from enum import Enum

import streamlit as st

from dashboards import page_registry
from dhr import auth
from dhr.access import Scope

USER_KEY = "dhr_user_name"
ROLES_KEY = "dhr_user_roles"
TEST_USER_ENV = "DHR_TEST_SIGN_IN_AS"
TOKEN_KEY = "dhr_session_token"  # noqa: S105 - a session_state key, not a secret
SET_COOKIE_KEY = "dhr_set_cookie"
CLEAR_COOKIE_KEY = "dhr_clear_cookie"
REJECTED_TOKEN_KEY = "dhr_rejected_token"  # noqa: S105 - a session_state key
COOKIE_NAME = "dhr_session"
UNAVAILABLE_MESSAGE = (
    "Your account could not be checked just now, so nothing is shown. Please try again in a moment (reload the page)."
)
SIGN_IN_ERROR = "Signing in is not possible just now. Please try again in a moment."

_log = logging.getLogger(__name__)


class Status(Enum):
    SIGNED_OUT = "signed_out"
    SIGNED_IN = "signed_in"
    UNAVAILABLE = "unavailable"  # roles could not be read: show nothing (fail closed)


def allowed_pages(scope: Scope) -> frozenset[str]:
    """The addresses of the pages ``scope`` may open (``dashboards.page_registry``)."""
    return page_registry.allowed_pages(scope.kind)


def _set_session(user: auth.User) -> None:
    st.session_state[USER_KEY] = user.user_name
    st.session_state[ROLES_KEY] = list(user.roles)


def client_address() -> str:
    """Who is asking, for the lockout and the session binding: the browser's address, else ``unknown``."""
    try:
        address = st.context.ip_address
    except Exception:  # no script context (bare mode)
        return "unknown"
    return address if isinstance(address, str) and address else "unknown"


def _session_cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:
        return None
    return value if isinstance(value, str) and value else None


def sign_out() -> None:
    name = st.session_state.get(USER_KEY)
    token = st.session_state.get(TOKEN_KEY)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[CLEAR_COOKIE_KEY] = True
    if token:
        st.session_state[REJECTED_TOKEN_KEY] = token
    try:
        auth.end_session(token)
        if name:
            auth.record_sign_out(name)
    except Exception:  # signed out here anyway; the session token expires by itself
        _log.exception("could not record the sign-out of %s", name)


def _test_user() -> auth.User | None:
    name = os.environ.get(TEST_USER_ENV)
    if not name or "pytest" not in sys.modules:
        return None
    return auth.get_user(name)


def _resumed_user() -> auth.User | None:
    """The user of the browser's session cookie after a refresh, if it is live (else None)."""
    token = _session_cookie()
    if not token or token == st.session_state.get(REJECTED_TOKEN_KEY):
        return None
    user = auth.resume_session(token, client=client_address())
    if user is None:
        st.session_state[REJECTED_TOKEN_KEY] = token
        st.session_state[CLEAR_COOKIE_KEY] = True
        return None
    st.session_state[TOKEN_KEY] = token
    return user


def resolve() -> Status:
    """Who is signed in on this rerun, their roles refreshed; fails closed when they cannot be read."""
    name = st.session_state.get(USER_KEY)
    try:
        if not name:
            user = _test_user() or _resumed_user()
            if user is None:
                return Status.SIGNED_OUT
            _set_session(user)
            return Status.SIGNED_IN
        user = auth.get_user(name, cached=True)
    except Exception:  # app state busy or unreadable: never keep roles we could not check
        _log.warning("could not read the account of %s; showing nothing", name or "a resumed session", exc_info=True)
        st.session_state[ROLES_KEY] = []
        return Status.UNAVAILABLE
    if user is None:
        sign_out()
        return Status.SIGNED_OUT
    st.session_state[ROLES_KEY] = list(user.roles)
    return Status.SIGNED_IN


def current_user() -> str | None:
    """The signed-in user name (roles refreshed from app state), or None (also when unavailable)."""
    if resolve() is not Status.SIGNED_IN:
        return None
    return st.session_state.get(USER_KEY)


def render_unavailable() -> None:
    st.title("DHR Learning Warehouse")
    st.warning(UNAVAILABLE_MESSAGE, icon=":material/hourglass:")


def _cookie_script(token: str | None) -> str:
    if token is None:
        value, max_age = "", 0
    else:
        value, max_age = token, int(auth.SESSION_TTL.total_seconds())
    cookie = json.dumps(f"{COOKIE_NAME}={value}; path=/; max-age={max_age}; samesite=strict")
    return f'<script>document.cookie = {cookie} + (location.protocol === "https:" ? "; secure" : "");</script>'


def write_cookie_if_pending() -> None:
    """Set (after sign-in) or clear (after sign-out) the session cookie in the browser, once."""
    token = st.session_state.pop(SET_COOKIE_KEY, None)
    clear = st.session_state.pop(CLEAR_COOKIE_KEY, False)
    if token:
        st.html(_cookie_script(token), unsafe_allow_javascript=True)
    elif clear:
        st.html(_cookie_script(None), unsafe_allow_javascript=True)


def render_form() -> None:
    """The sign-in page."""
    st.title("DHR Learning Warehouse")
    st.markdown(
        "DHR data is **Official-Sensitive** until publication (2024 draft statutory guidance, para 14.1). "
        "Sign in to see the DHRs your role allows. Accounts are made by an administrator."
    )
    with st.form("sign_in", width=420, clear_on_submit=True):
        # Say what the fields are so a password manager fills a saved password; Streamlit's default
        # for a password field, "new-password", tells it this is a sign-up form (issue 19).
        user_name = st.text_input("User name", key="signin_user", autocomplete="username")
        password = st.text_input("Password", type="password", key="signin_password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    write_cookie_if_pending()
    if submitted:
        client = client_address()
        try:
            result = auth.sign_in(user_name, password, client=client)
            token = auth.create_session(result.user.user_name, client=client) if result.ok and result.user else None
        except Exception:  # never a traceback, a path or a lock name on the sign-in page
            _log.exception("sign-in failed")
            st.error(SIGN_IN_ERROR, icon=":material/hourglass:")
            return
        if result.ok and result.user is not None:
            _set_session(result.user)
            st.session_state[TOKEN_KEY] = token
            st.session_state[SET_COOKIE_KEY] = token
            st.session_state.pop(REJECTED_TOKEN_KEY, None)
            st.rerun()
        st.error(result.message, icon=":material/lock:")


ROLE_WORDS = {"pcc": "PCC office", "csp": "CSP", "national": "national", "researcher": "researcher"}


def place_names() -> dict[str, str]:
    """Names of the force areas and CSPs the reader may see, by code ({} when the warehouse cannot
    say), so the sidebar says "the Kent force area" rather than its code (issue 19)."""
    from dashboards import data
    from dashboards.data import reference

    try:
        csps = reference.get_csps()
    except (data.WarehouseError, data.AccessDenied):
        return {}
    names = dict(zip(csps.get_column("force_area_code"), csps.get_column("force_area_name"), strict=True))
    names.update(zip(csps.get_column("csp_code"), csps.get_column("csp_name"), strict=True))
    return names


def role_words(role: str, names: dict[str, str]) -> str:
    """``pcc:E23000032`` -> ``PCC office, Kent``; ``restricted`` -> ``restricted fields``."""
    kind, _, code = role.partition(":")
    if kind == "restricted":
        return "restricted fields"
    words = ROLE_WORDS.get(kind, kind)
    return f"{words}, {names.get(code, code)}" if code else words


def render_account(scope: Scope) -> None:
    """Who is signed in, as what, and the sign-out button (sidebar)."""
    names = place_names() if scope.kind in ("pcc", "csp") else {}
    roles = [role_words(r, names) for r in st.session_state.get(ROLES_KEY) or []]
    with st.sidebar:
        st.caption(
            f"Signed in as **{st.session_state.get(USER_KEY)}** "
            f"({'; '.join(roles) or 'no role'}): you see {scope.describe(names)}."
        )
        st.button("Sign out", key="signin_sign_out", on_click=sign_out, icon=":material/logout:")
        write_cookie_if_pending()


def not_for_role(title: str) -> Callable[[], None]:
    """The page a signed-in user gets at the address of a page their role may not open (a shared
    link, an old bookmark): it says so, instead of landing silently on another page (issue 19).
    Nothing of the page runs; its data stay refused by the data layer all the same."""

    def render() -> None:
        st.title(title)
        st.warning(
            f"**{title} is not open to your role.** Your account's role is shown at the foot of the "
            "menu on the left, with the pages you may open above it. Ask an administrator if you need this page.",
            icon=":material/lock:",
        )

    render.__name__ = f"not_for_role_{title}"
    return render


def render_no_role() -> None:
    """What a signed-in user without a role sees: nothing of the data."""
    st.title("No access yet")
    st.info(
        "You are signed in, but your account has no role, so there is nothing you may see. "
        "Ask an administrator to give you one.",
        icon=":material/block:",
    )
