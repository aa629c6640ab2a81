"""Analyst overrides (dhr/themes/overrides.py) in a real app-state file, the learning_themes seed kept
in sync with the taxonomy, and `dhr themes train` learning from the overrides."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dhr.app_state import audit_events, verify_audit_chain
from dhr.cli import app
from dhr.themes.corpus import read_corpus
from dhr.themes.overrides import latest_overrides, override_history, record_override, training_examples


def _save(
    path, text_id="D#R1", text="Audit MARAC referrals.", themes=("multi_agency_working",), user="A. Analyst", **kw
):
    return record_override(
        text_id=text_id,
        text=text,
        text_source="recommendation",
        themes=list(themes),
        previous_themes=["risk_assessment"],
        user=user,
        path=path,
        **kw,
    )


def test_history_is_append_only_and_the_latest_decision_per_text_is_in_force(tmp_path):
    state = tmp_path / "app_state.duckdb"
    first = _save(state)
    second = _save(state, themes=("multi_agency_working", "risk_assessment"), user="B. Analyst", note="R1")
    other = _save(state, text_id="D#R2", text="Train GPs in DASH.", themes=("training_awareness",))
    assert [o.override_id for o in override_history(state)] == [1, 2, 3]
    assert [o.override_id for o in latest_overrides(state)] == [second.override_id, other.override_id]
    assert override_history(state, "D#R1")[0] == first  # never lost
    events = audit_events(state, action="theme_override")
    assert [e.event_id for e in events] == [o.audit_event_id for o in override_history(state)]
    assert events[1].actor == "B. Analyst" and events[1].detail["note"] == "R1"
    assert verify_audit_chain(state) == []
    examples = training_examples(state)
    assert [(e.text, e.themes) for e in examples] == [
        ("Audit MARAC referrals.", ("multi_agency_working", "risk_assessment")),
        ("Train GPs in DASH.", ("training_awareness",)),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"user": "  "}, "analyst's name"),
        ({"themes": ()}, "at least one theme"),
        ({"themes": ("not_a_theme",)}, "unknown theme codes"),
        ({"text": ""}, "the text it is about"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(tmp_path, changes, message):
    state = tmp_path / "app_state.duckdb"
    with pytest.raises(ValueError, match=message):
        _save(state, **changes)
    assert override_history(state) == []
    assert audit_events(state) == []


@pytest.mark.heavy
def test_train_learns_from_the_overrides_and_says_so(tmp_path, monkeypatch):
    state = tmp_path / "app_state.duckdb"
    monkeypatch.setenv("DHR_APP_STATE", str(state))
    monkeypatch.setenv("DHR_THEMES_MODEL_DIR", str(tmp_path / "model"))
    _save(
        state,
        text="Commission an Independent Domestic Violence Advisor in every emergency department.",
        themes=("specialist_support", "health_response"),
    )
    result = CliRunner().invoke(app, ["themes", "train"])
    assert result.exit_code == 0, result.output
    assert "(1 analyst override(s))" in result.output
    meta = json.loads((tmp_path / "model" / "theme_model.json").read_text())
    assert meta["n_overrides"] == 1
    assert meta["n_texts"] == len(read_corpus()) + 1  # the corpus's rows plus the override


def test_history_reads_while_another_session_of_the_same_server_writes_the_app_state(tmp_path):
    """Found by the load phase (issue 15): the theme review page read the history with a read-only
    connection while another session of the same server process held a read-write one (a sign-in's
    audit event), and DuckDB refuses both at once in one process: the page showed an error."""
    import threading

    from dhr import app_state

    state = tmp_path / "app_state.duckdb"
    _save(state)
    writing, finish = threading.Event(), threading.Event()

    def another_session_writes() -> None:
        with app_state.connect(state) as con:
            con.execute("select count(*) from audit_log").fetchone()
            writing.set()
            finish.wait(5)

    writer = threading.Thread(target=another_session_writes)
    writer.start()
    try:
        assert writing.wait(5)
        threading.Timer(0.3, finish.set).start()  # the sign-in finishes a moment later
        assert [o.text_id for o in override_history(state)] == ["D#R1"]
    finally:
        finish.set()
        writer.join()
