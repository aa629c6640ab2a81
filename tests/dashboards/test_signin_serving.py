"""Sign-in under load and when things go wrong (issue 15, "Serving"): the password is checked outside
the app-state lock, twenty people can sign in at once, nobody can lock another person out or learn
which names exist, a removed user never keeps access while the app-state file is busy, a refresh keeps
the session and the page's choices, and no traceback reaches a user."""

from __future__ import annotations

import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import filelock
import pytest
from dashboard_warehouse import APP_PATH, CSP_USER, NATIONAL_USER, PCC_USER, REPO_ROOT, TEST_PASSWORD
from page_tables import metrics_of, tables_of
from streamlit.testing.v1 import AppTest

from dashboards import signin, url_state
from dhr import app_state, auth

TIMEOUT = 60


def _app(monkeypatch, *, signed_in_as: str | None = None) -> AppTest:
    if signed_in_as is None:
        monkeypatch.delenv("DHR_TEST_SIGN_IN_AS", raising=False)
    else:
        monkeypatch.setenv("DHR_TEST_SIGN_IN_AS", signed_in_as)
    return AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)


def _submit(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="signin_user").input(user)
    at.text_input(key="signin_password").input(password)
    return at.button[0].click().run()


def _holding_the_lock(path: Path) -> filelock.FileLock:
    lock = filelock.FileLock(str(path) + ".lock")
    lock.acquire(timeout=5)
    return lock


# ----------------------------------------------------------------------------------------------
# Sign-in does not serialise everyone
# ----------------------------------------------------------------------------------------------


def test_the_password_is_checked_outside_the_app_state_lock(signed_in, monkeypatch):
    real_verify = auth._verify
    held_during_verify: list[bool] = []

    def verify(stored, password):
        probe = filelock.FileLock(str(signed_in) + ".lock")
        try:
            probe.acquire(timeout=0)
            probe.release()
            held_during_verify.append(False)
        except filelock.Timeout:
            held_during_verify.append(True)
        return real_verify(stored, password)

    monkeypatch.setattr(auth, "_verify", verify)
    assert auth.sign_in(PCC_USER, TEST_PASSWORD).ok
    assert not auth.sign_in(PCC_USER, "not the password").ok
    assert not auth.sign_in("nobody.here", TEST_PASSWORD).ok
    assert held_during_verify == [False, False, False]


def test_twenty_concurrent_sign_ins_all_succeed_without_a_timeout(signed_in, monkeypatch):
    monkeypatch.setattr(app_state, "WRITE_TIMEOUT", 20.0)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda n: auth.sign_in(NATIONAL_USER, TEST_PASSWORD, client=f"10.0.0.{n}"), range(20)))
    elapsed = time.monotonic() - started
    assert all(r.ok for r in results)
    assert len(app_state.audit_events(signed_in, action="sign_in")) == 20
    assert app_state.verify_audit(signed_in).ok
    assert elapsed < 20, elapsed


def test_reading_the_user_on_every_click_does_not_touch_the_file_lock(signed_in):
    assert auth.get_user(PCC_USER, cached=True) is not None
    lock = _holding_the_lock(signed_in)
    try:
        started = time.monotonic()
        for _ in range(50):
            assert auth.get_user(PCC_USER, cached=True) is not None
        assert time.monotonic() - started < 1.0
    finally:
        lock.release()


# ----------------------------------------------------------------------------------------------
# Lockout: nobody can lock another person out, and no message tells names apart
# ----------------------------------------------------------------------------------------------


def test_failures_from_one_client_do_not_lock_the_user_out_elsewhere(signed_in):
    for _ in range(auth.MAX_FAILURES + 2):
        assert not auth.sign_in(CSP_USER, "guessing away", client="203.0.113.9").ok
    # The attacker's client is locked, even with the right password ...
    locked = auth.sign_in(CSP_USER, TEST_PASSWORD, client="203.0.113.9")
    assert not locked.ok and locked.locked_until is not None
    # ... the user, from their own browser, is not.
    assert auth.sign_in(CSP_USER, TEST_PASSWORD, client="198.51.100.4").ok


def test_unknown_wrong_and_locked_all_get_the_same_message(signed_in):
    for _ in range(auth.MAX_FAILURES):
        auth.sign_in(PCC_USER, "not the password", client="a")
        auth.sign_in("no.such.user", "not the password", client="a")
    messages = {
        auth.sign_in(PCC_USER, TEST_PASSWORD, client="a").message,  # locked, right password
        auth.sign_in("no.such.user", TEST_PASSWORD, client="a").message,  # unknown, "locked"
        auth.sign_in(PCC_USER, "not the password", client="b").message,  # wrong password
        auth.sign_in("no.such.other", "not the password", client="b").message,  # unknown
    }
    assert messages == {auth.REFUSED}
    assert "until" not in auth.REFUSED  # no time that would show a lock exists


# ----------------------------------------------------------------------------------------------
# Fail closed: a removed user never keeps access while the file is busy
# ----------------------------------------------------------------------------------------------


def test_a_removed_user_sees_nothing_while_the_app_state_file_is_busy(warehouse, signed_in, monkeypatch):
    monkeypatch.setattr(app_state, "READ_TIMEOUT", 0.2)
    at = _app(monkeypatch, signed_in_as=PCC_USER).run()
    assert at.session_state["dhr_user_name"] == PCC_USER and metrics_of(at)
    auth.remove_user(PCC_USER, actor="cli:test")
    lock = _holding_the_lock(signed_in)  # e.g. a CLI command writing for a few seconds
    try:
        at.run()
        assert not at.exception
        assert not metrics_of(at) and not tables_of(at)
        assert at.session_state["dhr_user_roles"] == []
        assert any("try again" in w.value for w in at.warning)
    finally:
        lock.release()
    at.run()  # the file is free again: the removal is seen and the session ends
    assert "dhr_user_name" not in at.session_state
    assert at.text_input(key="signin_password")


def test_sign_in_while_the_file_is_busy_gives_a_plain_message(warehouse, signed_in, monkeypatch):
    monkeypatch.setattr(app_state, "READ_TIMEOUT", 0.2)
    monkeypatch.setattr(app_state, "WRITE_TIMEOUT", 0.5)  # sign-in waits this long behind other writers (30 s)
    at = _app(monkeypatch).run()
    lock = _holding_the_lock(signed_in)
    try:
        at = _submit(at, PCC_USER, TEST_PASSWORD)
    finally:
        lock.release()
    assert not at.exception
    assert [e.value for e in at.error] == [signin.SIGN_IN_ERROR]
    assert "dhr_user_name" not in at.session_state


def test_a_password_manager_may_fill_a_saved_password(warehouse, monkeypatch):
    """Issue 19: the form said "new-password", which tells a password manager it is a sign-up form."""
    at = _app(monkeypatch).run()
    assert at.text_input(key="signin_user").proto.autocomplete == "username"
    assert at.text_input(key="signin_password").proto.autocomplete == "current-password"


def test_users_never_see_error_details():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    # "none": a generic message only (`false` now means "stacktrace", which still shows the traceback).
    assert config["client"]["showErrorDetails"] == "none"


# ----------------------------------------------------------------------------------------------
# A refresh keeps the session (server-side token in a cookie) and the page's choices (query params)
# ----------------------------------------------------------------------------------------------


def test_signing_in_opens_a_session_the_browser_keeps(warehouse, signed_in, monkeypatch):
    at = _submit(_app(monkeypatch).run(), PCC_USER, TEST_PASSWORD)
    token = at.session_state[signin.TOKEN_KEY]
    assert token and len(token) >= 40
    assert auth.resume_session(token).user_name == PCC_USER
    html = [str(h.proto) for h in at.get("html")]
    assert any(signin.COOKIE_NAME in h and token in h for h in html)
    # Only the token's hash is stored.
    with app_state.connect(signed_in) as con:
        stored = [r[0] for r in con.execute("select token_sha256 from sign_in_sessions").fetchall()]
    assert token not in stored and len(stored) == 1


def test_a_refresh_resumes_the_session_from_the_cookie(warehouse, signed_in, monkeypatch):
    token = auth.create_session(PCC_USER)
    monkeypatch.setattr(signin, "_session_cookie", lambda: token)
    at = _app(monkeypatch).run()  # a new browser session, as after a refresh
    assert not at.exception
    assert at.session_state["dhr_user_name"] == PCC_USER
    assert metrics_of(at)
    # Signing out revokes it: the same cookie no longer signs anyone in.
    at.button(key="signin_sign_out").click().run()
    assert "dhr_user_name" not in at.session_state
    assert auth.resume_session(token) is None
    at = _app(monkeypatch).run()
    assert "dhr_user_name" not in at.session_state and at.text_input(key="signin_password")


def test_a_session_fails_closed(signed_in, monkeypatch):
    token = auth.create_session(CSP_USER, client="198.51.100.4")
    assert auth.resume_session(token, client="198.51.100.4").user_name == CSP_USER
    assert auth.resume_session(token, client="203.0.113.9") is None  # another client
    assert auth.resume_session("made-up-token", client="198.51.100.4") is None
    assert auth.resume_session(None) is None
    with monkeypatch.context() as later:
        later.setattr(auth, "_now", lambda: auth.datetime(2999, 1, 1))
        assert auth.resume_session(token, client="198.51.100.4") is None  # expired
    auth.remove_user(CSP_USER, actor="cli:test")
    assert auth.resume_session(token, client="198.51.100.4") is None  # removed


def test_a_password_change_revokes_every_session(signed_in):
    token = auth.create_session(NATIONAL_USER)
    auth.set_password(NATIONAL_USER, "another password 5678", actor="cli:test")
    assert auth.resume_session(token) is None


def test_a_busy_file_never_resumes_a_session(warehouse, signed_in, monkeypatch):
    monkeypatch.setattr(app_state, "READ_TIMEOUT", 0.2)
    token = auth.create_session(PCC_USER)
    monkeypatch.setattr(signin, "_session_cookie", lambda: token)
    lock = _holding_the_lock(signed_in)
    try:
        at = _app(monkeypatch).run()
    finally:
        lock.release()
    assert not at.exception and not metrics_of(at)
    assert any("try again" in w.value for w in at.warning)


def test_the_page_choices_survive_a_refresh_in_the_address_bar(warehouse, monkeypatch):
    at = _app(monkeypatch, signed_in_as=NATIONAL_USER)
    at.query_params["flt_years"] = "[2020,2021]"
    at.run()
    assert not at.exception
    assert tuple(at.session_state["flt_years"]) == (2020, 2021)
    assert at.query_params["flt_years"] in ("[2020,2021]", ["[2020,2021]"])


def test_url_state_accepts_only_plain_choices():
    assert url_state.decode('["E23000032","E23000001"]') == ["E23000032", "E23000001"]
    assert url_state.decode("2021") == 2021
    assert url_state.decode('{"a": 1}') is None
    assert url_state.decode("[[1]]") is None
    assert url_state.decode("true") is None
    assert url_state.decode("not json") is None
    assert url_state.decode("[" + ",".join(["1"] * 2000) + "]") is None
    state: dict = {"flt_years": (2019, 2023), "flt_csp": "E22000012"}
    params: dict = {"flt_regions": '["x"]'}
    url_state.save(state, params, ["flt_years", "flt_csp", "flt_regions"])
    assert params == {"flt_years": "[2019,2023]", "flt_csp": '"E22000012"'}
    fresh: dict = {}
    url_state.restore(fresh, params, ["flt_years", "flt_csp"])
    assert fresh["flt_years"] == [2019, 2023] and fresh["flt_csp"] == "E22000012"


def test_sign_in_threads_do_not_block_each_other_on_reads(signed_in):
    """Many sessions reading at once (cache misses) all answer."""
    auth._forget_cached()
    errors: list[BaseException] = []

    def read():
        try:
            for _ in range(5):
                auth._forget_cached()
                auth.get_user(PCC_USER, cached=True)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []


@pytest.fixture(autouse=True)
def _fresh_user_cache():
    auth._forget_cached()
    yield
    auth._forget_cached()


def test_the_served_app_neither_watches_its_files_nor_collects_all_garbage_after_each_rerun():
    """Under load (issue 15, py-spy), the source watcher walked every module after every rerun and
    gc.collect(2) ran after every rerun: together about two thirds of the server's CPU per page."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["runOnSave"] is False
    assert config["runner"]["postScriptGC"] is False
