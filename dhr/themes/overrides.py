"""Analyst overrides of a text's learning themes: stored in the app-state file, never in the warehouse.

An analyst confirms or changes the themes of one text on the "Theme review" page. Each decision is
a new row of ``theme_overrides`` in ``app_state.duckdb`` (dhr/app_state.py), written in the same
transaction as its ``theme_override`` audit event; nothing is updated or deleted, so the history is
never lost. The latest decision per ``text_id`` is in force, for the text it was made on
(``text_sha256``): if a later action-plan update rewrites the text, the prediction for the new
text shows again and the old decision stays in the history.

Where overrides go:

* ``dhr build`` copies the table, read-only, into the warehouse copy it builds
  (``themes.overrides``, :func:`copy_into`), and the marts let the latest override win over the
  prediction (``fct_text_themes.is_final``). ``dhr rebuild`` builds the same way, so overrides
  survive both.
* ``dhr themes train`` adds the latest override of every text to the labelled corpus
  (:func:`training_examples`; an override replaces a corpus row with the same normalised text), and
  records how many it used in the model metadata (``n_overrides``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dhr import app_state
from dhr.themes.corpus import LabelledText
from dhr.themes.taxonomy import theme_codes

#: The kinds of text that carry themes (marts.dim_theme_texts.text_source).
TEXT_SOURCES = ("recommendation", "action", "early_action", "scoping_learning")

_COLUMNS = (
    "override_id, text_id, text_sha256, text_source, text, themes, previous_themes, overridden_by, "
    "overridden_at, note, audit_event_id"
)


@dataclass(frozen=True)
class ThemeOverride:
    override_id: int
    text_id: str
    text_sha256: str
    text_source: str
    text: str
    themes: tuple[str, ...]
    previous_themes: tuple[str, ...]
    overridden_by: str
    overridden_at: datetime
    note: str | None
    audit_event_id: int


def text_sha256(text: str) -> str:
    """The key the warehouse joins predictions and overrides on: sha256 of the text as stored (SQL ``sha256(text)``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row(r: tuple) -> ThemeOverride:
    return ThemeOverride(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), tuple(r[6]), r[7], r[8], r[9], r[10])


def record_override(
    *,
    text_id: str,
    text: str,
    text_source: str,
    themes: Sequence[str],
    previous_themes: Sequence[str],
    user: str,
    note: str | None = None,
    path: Path | None = None,
) -> ThemeOverride:
    """Append one decision and its audit event (one transaction). Raises ValueError on a bad request."""
    user = (user or "").strip()
    if not user:
        raise ValueError("an override needs the analyst's name")
    if not text_id or not (text or "").strip():
        raise ValueError("an override needs the text it is about")
    if text_source not in TEXT_SOURCES:
        raise ValueError(f"text_source {text_source!r} not in {TEXT_SOURCES}")
    codes = theme_codes()
    chosen = list(dict.fromkeys(themes))
    if not chosen:
        raise ValueError("choose at least one theme")
    if unknown := [c for c in [*chosen, *previous_themes] if c not in codes]:
        raise ValueError(f"unknown theme codes {unknown}")
    sha = text_sha256(text)
    note = (note or "").strip() or None
    with app_state.connect(path) as con:
        con.execute("begin transaction")
        try:
            event = app_state.record_event(
                user,
                "theme_override",
                {
                    "text_id": text_id,
                    "text_sha256": sha,
                    "text_source": text_source,
                    "themes": chosen,
                    "previous_themes": list(previous_themes),
                    "note": note,
                },
                con=con,
            )
            next_id = con.execute("select coalesce(max(override_id), 0) + 1 from theme_overrides").fetchone()[0]
            con.execute(
                f"insert into theme_overrides ({_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    next_id,
                    text_id,
                    sha,
                    text_source,
                    text,
                    chosen,
                    list(previous_themes),
                    user,
                    event.occurred_at,
                    note,
                    event.event_id,
                ],
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return ThemeOverride(
        next_id,
        text_id,
        sha,
        text_source,
        text,
        tuple(chosen),
        tuple(previous_themes),
        user,
        event.occurred_at,
        note,
        event.event_id,
    )


def override_history(path: Path | None = None, text_id: str | None = None) -> list[ThemeOverride]:
    """Every decision, oldest first (optionally for one text).

    Read under the app-state lock like every other read in a server process: a read-only connection
    is refused while another session of the same process holds a read-write one (issue 15)."""
    path = path or app_state.app_state_path()
    reading = app_state.read(path) if path.exists() else app_state.connect(path, read_only=True)
    with reading as con:
        rows = con.execute(
            f"select {_COLUMNS} from theme_overrides where ? is null or text_id = ? order by override_id",
            [text_id, text_id],
        ).fetchall()
    return [_row(r) for r in rows]


def latest_overrides(path: Path | None = None) -> list[ThemeOverride]:
    """The decision in force for each text: the latest per text_id."""
    latest: dict[str, ThemeOverride] = {}
    for o in override_history(path):
        latest[o.text_id] = o
    return sorted(latest.values(), key=lambda o: o.override_id)


def training_examples(path: Path | None = None) -> list[LabelledText]:
    """The latest decision per distinct text, as labelled examples for `dhr themes train`."""
    by_text: dict[str, ThemeOverride] = {}
    for o in latest_overrides(path):
        by_text[o.text_sha256] = o
    return [
        LabelledText(
            text_id=f"override-{o.override_id}",
            text=o.text,
            themes=o.themes,
            text_type="action"
            if o.text_source in ("action", "early_action")
            else "learning"
            if o.text_source == "scoping_learning"
            else "recommendation",
            source="handwritten",
            labelling_note=f"analyst override by {o.overridden_by}",
            batch="override",
        )
        for o in sorted(by_text.values(), key=lambda o: o.override_id)
    ]


_WAREHOUSE_DDL = """
create schema if not exists themes;
create or replace table themes.overrides (
    override_id bigint, text_id varchar, text_sha256 varchar, text_source varchar, themes varchar[],
    previous_themes varchar[], overridden_by varchar, overridden_at timestamp, note varchar,
    audit_event_id bigint, copied_at timestamp
);
"""


def copy_into(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> int:
    """Replace ``themes.overrides`` in the warehouse ``con`` with every row of the app-state history.

    The app-state file is only read, under its writers' lock so no half-written decision is seen.
    The text itself is not copied: the marts have it already.
    """
    rows = app_state.history_rows(
        "theme_overrides",
        "override_id, text_id, text_sha256, text_source, themes, previous_themes, overridden_by, overridden_at, note, "
        "audit_event_id",
        "override_id",
        path,
    )
    con.execute(_WAREHOUSE_DDL)
    copied_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    if rows:
        con.executemany(
            "insert into themes.overrides values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(*r, copied_at) for r in rows]
        )
    return len(rows)
