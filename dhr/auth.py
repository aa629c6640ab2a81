"""Who may sign in, and as what: users, roles, password hashes and the lockout after failed sign-ins.

Users live in the app-state file (``dhr.app_state``), never in the warehouse, which ``dhr build``
rebuilds and swaps. Passwords are hashed with Argon2id (``argon2-cffi``, the maintained binding of
the Password Hashing Competition winner); this module never stores, logs or returns a password.

Roles (issue 6):

* ``national``: every DHR (Home Office, the Commissioner's office);
* ``pcc:<force area code>``: the DHRs of the CSPs in that police force area;
* ``csp:<CSP code>``: that CSP's DHRs;
* ``researcher``: aggregates only, after disclosure control (``dhr.disclosure``);
* ``restricted``: a flag, not a role: with it a user may also see restricted fields
  (exact dates, place and method detail, restricted free text: 003 section 13, L599-605).

A user with no role (or only ``restricted``) signs in and sees nothing.

Failed sign-ins are rate limited per user name: after ``MAX_FAILURES`` failures within
``FAILURE_WINDOW`` the name is locked for ``LOCKOUT`` (stored in app state, so a restart does not
reset it). An unknown user name is treated like a wrong password (same message, same counting), so
the form does not reveal which names exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dhr import app_state

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12

ROLE_NATIONAL = "national"
ROLE_RESEARCHER = "researcher"
FLAG_RESTRICTED = "restricted"
_CODE = r"[A-Z][0-9]{8}"  # ONS GSS codes: E23000001 (force area), E22000012 (CSP)
_ROLE_RE = re.compile(rf"^(national|researcher|restricted|pcc:{_CODE}|csp:{_CODE})$")
_USER_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,62}$")

_HASHER = PasswordHasher()
#: Verified against when the user name is unknown, so both paths cost the same time.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")

USERS_DDL = """
create table if not exists users (
    user_name      varchar primary key,
    password_hash  varchar not null,      -- Argon2id, never the password
    roles          varchar[] not null,
    created_at     timestamp not null,    -- UTC
    updated_at     timestamp not null
);
create table if not exists sign_in_failures (
    user_name      varchar not null,      -- as typed (lower-cased), known or not
    failed_at      timestamp not null
);
create table if not exists sign_in_lockouts (
    user_name      varchar primary key,
    locked_until   timestamp not null
);
"""


class AuthError(ValueError):
    """A user-management request that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class User:
    user_name: str
    roles: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    user: User | None = None
    message: str = ""
    locked_until: datetime | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def normalise_user_name(user_name: str) -> str:
    return (user_name or "").strip().lower()


def validate_user_name(user_name: str) -> str:
    name = normalise_user_name(user_name)
    if not _USER_RE.match(name):
        raise AuthError(
            "a user name is 2-63 characters of lower-case letters, digits and . _ @ -, starting with a letter or digit"
        )
    return name


def parse_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """Validated, de-duplicated, sorted roles; raises ``AuthError`` on an unknown one."""
    out: set[str] = set()
    for raw in roles:
        for part in str(raw).split(","):
            role = part.strip()
            if not role:
                continue
            kind, _, code = role.partition(":")
            role = f"{kind.lower()}:{code.upper()}" if code else kind.lower()
            if not _ROLE_RE.match(role):
                raise AuthError(
                    f"unknown role {part.strip()!r}: expected national, researcher, restricted, "
                    "pcc:<force area code> (e.g. pcc:E23000001) or csp:<CSP code> (e.g. csp:E22000012)"
                )
            out.add(role)
    return tuple(sorted(out))


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AuthError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def _create(con) -> None:
    con.execute(USERS_DDL)


def _row_to_user(row) -> User:
    return User(row[0], tuple(row[1] or ()), row[2], row[3])


def get_user(user_name: str, *, path: Path | None = None) -> User | None:
    name = normalise_user_name(user_name)
    # Under the app-state lock like every writer: a read-only connection in the same process as a
    # writer's would be refused by DuckDB (two configurations of one file).
    with app_state.connect(path) as con:
        _create(con)
        row = con.execute(
            "select user_name, roles, created_at, updated_at from users where user_name = ?", [name]
        ).fetchone()
    return _row_to_user(row) if row else None


def list_users(*, path: Path | None = None) -> list[User]:
    with app_state.connect(path) as con:
        _create(con)
        rows = con.execute("select user_name, roles, created_at, updated_at from users order by user_name").fetchall()
    return [_row_to_user(r) for r in rows]


def add_user(user_name: str, password: str, roles: Iterable[str], *, actor: str, path: Path | None = None) -> User:
    name = validate_user_name(user_name)
    parsed = parse_roles(roles)
    check_password_strength(password)
    password_hash = _HASHER.hash(password)
    now = _now()
    with app_state.connect(path) as con:
        _create(con)
        if con.execute("select 1 from users where user_name = ?", [name]).fetchone():
            raise AuthError(f"user {name!r} exists already (use `dhr users set-role` or remove it first)")
        con.execute("begin")
        con.execute("insert into users values (?, ?, ?, ?, ?)", [name, password_hash, list(parsed), now, now])
        app_state.record_event(actor, "user_added", {"user_name": name, "roles": list(parsed)}, con=con)
        con.execute("commit")
    return User(name, parsed, now, now)


def remove_user(user_name: str, *, actor: str, path: Path | None = None) -> None:
    name = normalise_user_name(user_name)
    with app_state.connect(path) as con:
        _create(con)
        if not con.execute("select 1 from users where user_name = ?", [name]).fetchone():
            raise AuthError(f"there is no user {name!r}")
        con.execute("begin")
        con.execute("delete from users where user_name = ?", [name])
        app_state.record_event(actor, "user_removed", {"user_name": name}, con=con)
        con.execute("commit")


def set_roles(user_name: str, roles: Iterable[str], *, actor: str, path: Path | None = None) -> User:
    name = normalise_user_name(user_name)
    parsed = parse_roles(roles)
    with app_state.connect(path) as con:
        _create(con)
        row = con.execute("select roles from users where user_name = ?", [name]).fetchone()
        if not row:
            raise AuthError(f"there is no user {name!r}")
        con.execute("begin")
        con.execute("update users set roles = ?, updated_at = ? where user_name = ?", [list(parsed), _now(), name])
        app_state.record_event(
            actor, "role_changed", {"user_name": name, "from": list(row[0] or ()), "to": list(parsed)}, con=con
        )
        con.execute("commit")
    user = get_user(name, path=path)
    assert user is not None  # noqa: S101 - just updated under the lock
    return user


def set_password(user_name: str, password: str, *, actor: str, path: Path | None = None) -> None:
    name = normalise_user_name(user_name)
    check_password_strength(password)
    password_hash = _HASHER.hash(password)
    with app_state.connect(path) as con:
        _create(con)
        if not con.execute("select 1 from users where user_name = ?", [name]).fetchone():
            raise AuthError(f"there is no user {name!r}")
        con.execute("begin")
        con.execute("update users set password_hash = ?, updated_at = ? where user_name = ?", [password_hash, _now(), name])
        con.execute("delete from sign_in_lockouts where user_name = ?", [name])
        app_state.record_event(actor, "password_changed", {"user_name": name}, con=con)
        con.execute("commit")


def sign_in(user_name: str, password: str, *, path: Path | None = None) -> SignInResult:
    """Check a user name and password, counting failures and honouring the lockout.

    Every outcome is written to the audit log (``sign_in``, ``sign_in_failed``, ``sign_in_locked``);
    the detail never holds the password.
    """
    name = normalise_user_name(user_name)[:64]
    generic = "The user name or password is not right."
    if not name or not password:
        return SignInResult(False, message=generic)
    now = _now()
    with app_state.connect(path) as con:
        _create(con)
        locked = con.execute("select locked_until from sign_in_lockouts where user_name = ?", [name]).fetchone()
        if locked and locked[0] > now:
            app_state.record_event(name, "sign_in_locked", {"locked_until": locked[0].isoformat()}, con=con)
            return SignInResult(
                False,
                message=f"Too many failed sign-ins: this user name is locked until {locked[0]:%H:%M} UTC.",
                locked_until=locked[0],
            )
        row = con.execute(
            "select user_name, roles, created_at, updated_at, password_hash from users where user_name = ?", [name]
        ).fetchone()
        stored_hash = row[4] if row else _DUMMY_HASH
        try:
            ok = _HASHER.verify(stored_hash, password) and row is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if ok:
            con.execute("begin")
            con.execute("delete from sign_in_failures where user_name = ?", [name])
            con.execute("delete from sign_in_lockouts where user_name = ?", [name])
            if _HASHER.check_needs_rehash(stored_hash):
                con.execute("update users set password_hash = ? where user_name = ?", [_HASHER.hash(password), name])
            app_state.record_event(name, "sign_in", {"roles": list(row[1] or ())}, con=con)
            con.execute("commit")
            return SignInResult(True, user=_row_to_user(row))
        con.execute("begin")
        con.execute("insert into sign_in_failures values (?, ?)", [name, now])
        failures = con.execute(
            "select count(*) from sign_in_failures where user_name = ? and failed_at > ?", [name, now - FAILURE_WINDOW]
        ).fetchone()[0]
        detail = {"known_user": row is not None, "failures_in_window": int(failures)}
        locked_until = None
        if failures >= MAX_FAILURES:
            locked_until = now + LOCKOUT
            con.execute("insert or replace into sign_in_lockouts values (?, ?)", [name, locked_until])
            detail["locked_until"] = locked_until.isoformat()
        app_state.record_event(name, "sign_in_failed", detail, con=con)
        con.execute("commit")
    if locked_until is not None:
        return SignInResult(
            False,
            message=f"Too many failed sign-ins: this user name is locked until {locked_until:%H:%M} UTC.",
            locked_until=locked_until,
        )
    return SignInResult(False, message=generic)


def record_sign_out(user_name: str, *, path: Path | None = None) -> None:
    app_state.record_event(normalise_user_name(user_name) or "unknown", "sign_out", {}, path=path)
