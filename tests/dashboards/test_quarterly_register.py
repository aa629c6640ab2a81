"""The quarterly-update register on PCC oversight and the CSP board (issue 17, item 4): which
quarterly updates each open action plan owes were received, when, late or missing (003 L712;
004 L252-254), in words, with a reminder list a PCC office can download."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from dashboard_warehouse import APP_PATH, MET
from page_tables import tables_of
from streamlit.testing.v1 import AppTest

from dashboards import figures, filters

PCC, CSP_BOARD = "app_pages/pcc_oversight.py", "app_pages/csp_board.py"


def updates(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "dhr_id": f"E1:{ref}",
                "dhr_reference": ref,
                "csp_code": "E1",
                "csp_name": "One",
                "quarter_label": label,
                "quarter_start": start,
                "due_date": due,
                "update_status": status,
                "update_file_count": int(status.startswith("received")),
                "first_received_at": received,
                "days_past_due": late,
                "is_plan_complete": complete,
            }
            for ref, label, start, due, status, received, late, complete in rows
        ]
    )


REGISTER = updates(
    ("A", "2026 Q1", date(2026, 1, 1), date(2026, 5, 1), "received", datetime(2026, 4, 2), None, False),
    ("A", "2026 Q2", date(2026, 4, 1), date(2026, 7, 31), "missing", None, 61, False),
    ("A", "2026 Q3", date(2026, 7, 1), date(2026, 10, 31), "not_yet_due", None, None, False),
    ("B", "2026 Q2", date(2026, 4, 1), date(2026, 7, 31), "received_late", datetime(2026, 8, 12), 12, False),
    ("C", "2026 Q2", date(2026, 4, 1), date(2026, 7, 31), "missing", None, 61, True),  # complete: owes nothing more
    ("D", "2026 Q2", date(2026, 4, 1), date(2026, 7, 31), "received_in_backlog", datetime(2026, 9, 3), None, False),
)


def test_each_quarter_says_in_words_what_arrived_and_a_missing_update_puts_its_dhr_first():
    table = figures.quarterly_register(REGISTER)
    assert table.columns == ["CSP", "DHR", "2026 Q1", "2026 Q2", "2026 Q3", "Missing in all"]
    assert table.rows() == [
        ("One", "A", "received 02/04/2026", "MISSING", "not yet due", 1),
        ("One", "B", "", "late 12 days", "", 0),
        ("One", "D", "", "backlog, loaded 03/09/2026", "", 0),
    ]


def test_an_update_loaded_with_the_first_backlog_is_neither_on_time_nor_late():
    """When a CSP's files are first loaded, when each past update was sent is not known: it reads
    'backlog' and is not counted late (models/marts/oversight/fct_quarterly_updates.yml)."""
    cells = dict(figures.quarterly_register(REGISTER).select("DHR", "2026 Q2").iter_rows())
    assert cells["D"].startswith("backlog") and "late" not in cells["D"]


def test_the_reminder_list_holds_the_missing_updates_of_open_plans_only():
    reminders = figures.reminder_list(REGISTER)
    assert reminders.rows() == [("One", "A", "2026 Q2", date(2026, 7, 31), 61)]


def test_pcc_oversight_and_the_csp_board_show_the_register_and_the_reminder_download(warehouse):
    at = AppTest.from_file(str(APP_PATH), default_timeout=60)
    at.session_state[filters.FORCE_AREA_KEY] = MET
    at.run()
    at.switch_page(PCC).run()
    assert not at.exception, [e.value for e in at.exception]
    (register,) = [t.value for t in tables_of(at) if "Missing in all" in t.value.columns]
    assert register.to_dict("records") == [
        {
            "CSP": "Hackney",
            "DHR": "DHR/2021/01",
            "2026 Q1": "received 10/04/2026",
            "2026 Q2": "MISSING",
            "2026 Q3": "not yet due",
            "Missing in all": "1",
        }
    ]
    assert any("reminder list (1 missing" in b.label for b in at.get("download_button"))
    at.switch_page(CSP_BOARD).run()
    assert not at.exception
    assert any("Quarterly updates received" in h.value for h in at.header)
