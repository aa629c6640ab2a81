"""The page's choices in the address bar, so a refresh (or a bookmark) keeps them.

After every run the router writes the persistent choices (``filters.PERSISTENT_KEYS``) to the query
parameters as compact JSON; a new browser session (a refresh) reads them back into session state
before any widget is drawn. What comes back is only a hint: each widget still checks it against its
options (unknown codes are dropped, years are clamped), and only strings, integers and lists of them
are accepted. Nothing here is secret: the scope is applied in the data layer whatever the URL says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, MutableMapping
from typing import Any

RESTORED_KEY = "dhr_url_restored"
MAX_PARAM_LENGTH = 2000


def _valid(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str | int):
        return len(str(value)) <= 100
    if isinstance(value, list):
        return len(value) <= 100 and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value)
    return False


def decode(raw: str) -> Any:
    """A value written by ``encode``, or None when it is anything else."""
    if not raw or len(raw) > MAX_PARAM_LENGTH:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if _valid(value) else None


def encode(value: Any) -> str | None:
    if isinstance(value, tuple):
        value = list(value)
    if not _valid(value):
        return None
    return json.dumps(value, separators=(",", ":"))


def restore(state: MutableMapping[str, Any], params: MutableMapping[str, str], keys: Iterable[str]) -> None:
    """Once per browser session: choices from the URL into session state (widgets not drawn yet)."""
    if state.get(RESTORED_KEY):
        return
    state[RESTORED_KEY] = True
    for key in keys:
        if key in state or key not in params:
            continue
        value = decode(params[key])
        if value is not None:
            state[key] = value


def save(state: MutableMapping[str, Any], params: MutableMapping[str, str], keys: Iterable[str]) -> None:
    """The current choices into the URL (only when they changed, so the address bar is not rewritten needlessly)."""
    for key in keys:
        encoded = encode(state.get(key)) if key in state else None
        if encoded is None:
            if key in params:
                del params[key]
        elif params.get(key) != encoded:
            params[key] = encoded
