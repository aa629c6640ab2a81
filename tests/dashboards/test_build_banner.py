"""The banner after sending forms (issue 17): which stage it says, so the page redraws itself when
the stage moves on (dashboards/ui.py, build_banner; the redraw itself is seen in Chromium in
tests/dashboards/test_browser_send_forms.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboards.ui import build_stage
from dhr.build_queue import QueueState


def state(**changes) -> QueueState:
    base = {
        "state": "building",
        "requested": 3,
        "live": 2,
        "waiting": False,
        "last_status": "ok",
        "last_message": None,
        "last_finished_at": datetime(2026, 12, 5, tzinfo=UTC),
        "sender_pages_live": 2,
        "running_lane": "fast",
    }
    return QueueState(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "stage"),
    [
        ({}, "waiting"),  # the fast lane for ticket 3 still runs
        ({"sender_pages_live": 3, "running_lane": "whole"}, "sender_pages"),
        ({"sender_pages_live": 3, "live": 3, "state": "idle", "running_lane": None}, "live"),
        ({"live": 4, "state": "idle"}, "live"),  # a later whole build carries ticket 3's forms too
        ({"state": "idle", "last_status": "failed", "running_lane": None}, "failed"),
        # a failed build with another one waiting is not the end: the next may carry the forms
        ({"state": "building", "last_status": "failed", "waiting": True}, "waiting"),
    ],
)
def test_the_banner_names_where_the_sent_forms_are(changes, stage):
    assert build_stage(state(**changes), ticket=3) == stage
