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

Failed sign-ins are rate limited per user name *and client* (the browser's address, or ``cli:<os
user>``): after ``MAX_FAILURES`` failures within ``FAILURE_WINDOW`` that client may not try that name
for ``LOCKOUT`` (stored in app state, so a restart does not reset it). Someone elsewhere failing on
purpose cannot lock the owner of a name out. Every refusal (unknown name, wrong password, locked)
gives the same message, so the form does not reveal which names exist or are locked.

Sessions: a successful sign-in in the dashboards opens a server-side session (``create_session``):
a random token the browser keeps in a cookie, stored here only as its SHA-256, bound to the client,
expiring after ``SESSION_TTL``, revoked at sign-out, password change and user removal. A refresh of
the page resumes it (``resume_session``); anything that cannot be checked signs nobody in.

Reads of users on every click are cached per process until the app-state file changes (its size or
modification time, checked on every read) and for at most ``USER_CACHE_SECONDS``; a read that cannot
take the lock within ``app_state.READ_TIMEOUT`` raises ``app_state.AppStateBusy`` (fail closed).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
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
SESSION_TTL = timedelta(hours=8)
USER_CACHE_SECONDS = 10.0
#: The one answer to every refused sign-in: unknown name, wrong password, or locked.
REFUSED = (
    "The user name or password is not right. After repeated failures this browser must wait "
    f"{int(LOCKOUT.total_seconds() // 60)} minutes before trying that name again."
)
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
alter table sign_in_failures add column if not exists client varchar;
create table if not exists sign_in_client_lockouts (
    user_name      varchar not null,
    client         varchar not null,      -- browser address, or cli:<os user>
    locked_until   timestamp not null,
    primary key (user_name, client)
);
create table if not exists sign_in_sessions (
    token_sha256   varchar primary key,   -- the token itself is only in the browser's cookie
    user_name      varchar not null,
    client         varchar not null,
    created_at     timestamp not null,
    expires_at     timestamp not null
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
    locked_until: datetime | None = None  # for the audit and the tests; never shown


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


_user_cache: dict[tuple[str, str], tuple[tuple, float, User | None]] = {}
_cache_lock = threading.Lock()


def _file_stamp(path: Path) -> tuple:
    """What changes whenever another process or session writes the app-state file."""
    stamp: list = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            st = candidate.stat()
            stamp.append((st.st_mtime_ns, st.st_size, st.st_ino))
        except FileNotFoundError:
            stamp.append(None)
    return tuple(stamp)


def get_user(user_name: str, *, path: Path | None = None, cached: bool = False) -> User | None:
    """The user, or None when there is no such user.

    ``cached=True`` (the dashboards, on every click) answers from a per-process cache while the
    file is unchanged and the entry younger than ``USER_CACHE_SECONDS``; otherwise a short read under
    the lock, which raises ``app_state.AppStateBusy`` rather than wait long or guess."""
    name = normalise_user_name(user_name)
    path = path or app_state.app_state_path()
    key = (str(path), name)
    if cached:
        stamp = _file_stamp(path)
        with _cache_lock:
            hit = _user_cache.get(key)
        if hit is not None and hit[0] == stamp and time.monotonic() - hit[1] < USER_CACHE_SECONDS:
            return hit[2]
    stamp = _file_stamp(path)
    with app_state.read(path) as con:
        _create(con)
        row = con.execute(
            "select user_name, roles, created_at, updated_at from users where user_name = ?", [name]
        ).fetchone()
    user = _row_to_user(row) if row else None
    with _cache_lock:
        if len(_user_cache) > 10_000:
            _user_cache.clear()
        _user_cache[key] = (stamp, time.monotonic(), user)
    return user


def _forget_cached(path: Path | None = None) -> None:
    with _cache_lock:
        _user_cache.clear()


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
        con.execute("delete from sign_in_sessions where user_name = ?", [name])
        app_state.record_event(actor, "user_removed", {"user_name": name}, con=con)
        con.execute("commit")
    _forget_cached()


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
        _forget_cached()
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
        con.execute(
            "update users set password_hash = ?, updated_at = ? where user_name = ?", [password_hash, _now(), name]
        )
        con.execute("delete from sign_in_lockouts where user_name = ?", [name])
        con.execute("delete from sign_in_client_lockouts where user_name = ?", [name])
        con.execute("delete from sign_in_sessions where user_name = ?", [name])
        app_state.record_event(actor, "password_changed", {"user_name": name}, con=con)
        con.execute("commit")


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return bool(_HASHER.verify(stored_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def sign_in(user_name: str, password: str, *, client: str = "unknown", path: Path | None = None) -> SignInResult:
    """Check a user name and password, counting failures per name and client and honouring the lockout.

    The Argon2 check (~0.2 s) runs outside the app-state lock: the lock is held only for a short read
    and then to record the outcome, so one person signing in never makes everyone else wait.
    Every outcome is written to the audit log (``sign_in``, ``sign_in_failed``, ``sign_in_locked``);
    the detail never holds the password. Every refusal carries the same message (``REFUSED``).
    """
    name = normalise_user_name(user_name)[:64]
    client = (client or "unknown")[:128]
    if not name or not password:
        return SignInResult(False, message=REFUSED)
    now = _now()
    # A person who clicked "Sign in" may wait behind other sign-ins (writers' timeout), a page may not.
    with app_state.read(path, timeout=app_state.WRITE_TIMEOUT) as con:
        _create(con)
        locked = con.execute(
            "select locked_until from sign_in_client_lockouts where user_name = ? and client = ?", [name, client]
        ).fetchone()
        row = con.execute(
            "select user_name, roles, created_at, updated_at, password_hash from users where user_name = ?", [name]
        ).fetchone()
    if locked and locked[0] > now:
        app_state.record_event(
            name, "sign_in_locked", {"locked_until": locked[0].isoformat(), "client": client}, path=path
        )
        return SignInResult(False, message=REFUSED, locked_until=locked[0])
    stored_hash = row[4] if row else _DUMMY_HASH
    ok = _verify(stored_hash, password) and row is not None  # outside the lock
    new_hash = _HASHER.hash(password) if ok and _HASHER.check_needs_rehash(stored_hash) else None
    with app_state.connect(path) as con:
        _create(con)
        if ok:
            # Still the same user with the same password (not removed or changed meanwhile)?
            current = con.execute(
                "select user_name, roles, created_at, updated_at, password_hash from users where user_name = ?", [name]
            ).fetchone()
            ok = current is not None and current[4] == stored_hash
            row = current if ok else row
        if ok:
            con.execute("begin")
            con.execute("delete from sign_in_failures where user_name = ? and client = ?", [name, client])
            con.execute("delete from sign_in_client_lockouts where user_name = ? and client = ?", [name, client])
            if new_hash is not None:
                con.execute("update users set password_hash = ? where user_name = ?", [new_hash, name])
            app_state.record_event(name, "sign_in", {"roles": list(row[1] or ()), "client": client}, con=con)
            con.execute("commit")
            return SignInResult(True, user=_row_to_user(row))
        con.execute("begin")
        con.execute("insert into sign_in_failures (user_name, failed_at, client) values (?, ?, ?)", [name, now, client])
        failures = con.execute(
            "select count(*) from sign_in_failures where user_name = ? and client = ? and failed_at > ?",
            [name, client, now - FAILURE_WINDOW],
        ).fetchone()[0]
        detail = {"known_user": row is not None, "failures_in_window": int(failures), "client": client}
        locked_until = None
        if failures >= MAX_FAILURES:
            locked_until = now + LOCKOUT
            con.execute("insert or replace into sign_in_client_lockouts values (?, ?, ?)", [name, client, locked_until])
            detail["locked_until"] = locked_until.isoformat()
        app_state.record_event(name, "sign_in_failed", detail, con=con)
        con.execute("commit")
    return SignInResult(False, message=REFUSED, locked_until=locked_until)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(user_name: str, *, client: str = "unknown", path: Path | None = None) -> str:
    """A new random session token for a signed-in user (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = _now()
    with app_state.connect(path) as con:
        _create(con)
        con.execute("delete from sign_in_sessions where expires_at <= ?", [now])
        con.execute(
            "insert into sign_in_sessions values (?, ?, ?, ?, ?)",
            [_token_hash(token), normalise_user_name(user_name), (client or "unknown")[:128], now, now + SESSION_TTL],
        )
    return token


def resume_session(token: str | None, *, client: str = "unknown", path: Path | None = None) -> User | None:
    """The user of a live session token from this client, else None (expired, revoked, another
    client, or a user since removed). Raises ``app_state.AppStateBusy`` if it cannot be checked."""
    if not token or len(token) > 200:
        return None
    with app_state.read(path) as con:
        _create(con)
        row = con.execute(
            "select s.user_name, s.client, s.expires_at from sign_in_sessions s join users u using (user_name) "
            "where s.token_sha256 = ?",
            [_token_hash(token)],
        ).fetchone()
    if row is None or row[2] <= _now() or row[1] != (client or "unknown")[:128]:
        return None
    return get_user(row[0], path=path)


def end_session(token: str | None, *, path: Path | None = None) -> None:
    """Revoke a session token (sign-out)."""
    if not token:
        return
    with app_state.connect(path) as con:
        _create(con)
        con.execute("delete from sign_in_sessions where token_sha256 = ?", [_token_hash(token)])


def record_sign_out(user_name: str, *, path: Path | None = None) -> None:
    app_state.record_event(normalise_user_name(user_name) or "unknown", "sign_out", {}, path=path)
