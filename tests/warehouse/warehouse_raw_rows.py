"""A handful of hand-written raw rows covering the warehouse's rules (docs/design.md section 4).

Reporting date 2026-09-30. Two CSPs in two force areas:
``E22000186`` Barking and Dagenham (Metropolitan Police, E23000001) and ``W14000003`` Conwy
(North Wales, W15000001).

| DHR | forms | expected status |
|---|---|---|
| E22000186:DHR202103 | data capture (published 2023-05), scoping review written `dhr 2021-03`, three plan files (2024-03-31; 2024-06-30 twice, the later-received one wins) | published |
| E22000186:DHR202201 | data capture, submitted 2025-01-10, published 2027 (after the reporting date) | submitted |
| W14000003:C1 | scoping review only, `DHR not commissioned` | not_commissioned |
| W14000003:D1 | scoping review `commissioned` (older) + data capture `commissioned_paused` (newer) | paused |
| W14000003:E1 | two scoping reviews: older not commissioned, newer commissioned | in_progress |
| E22000186:F1 | action plan only (as at 2026-06-30) | scoping |

The Home Office form's remaining fields (004 Template 29): DHR/2021/03 was notified to the Home
Office on 2021-01-20, in the victim's home, with a sharp instrument, one child in the household and
perpetrator 1 convicted of murder; DHR/2022/01 (a suicide) gives no Home Office date, place Not known,
method Not applicable and no children.

Restricted values (names, date and place detail, children's sex, incident summaries) contain the
marker ``RESTRICTED`` so a test can prove no mart carries them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from form_contract.spec import ALL_RAW_TABLES
from ingest.raw_schema import create_raw_schema

REPORTING_DATE = date(2026, 9, 30)
MET = "E23000001"
NORTH_WALES = "W15000001"
B_AND_D = "E22000186"
CONWY = "W14000003"
MARKER = "RESTRICTED"
#: Governance arrangements of the action plans' header (003 L776): DHR/2021/03's plans c and d say
#: BOARD, its latest update e says DA_BOARD (the latest update's wins); F-1's plan states none.
BOARD = "Reported to the CSP board quarterly."
DA_BOARD = "Overseen by the Barking and Dagenham DA strategic board, monthly."


def _sha(name: str) -> str:
    return (name * 64)[:64]


def _file(name: str, form_type: str, csp_code: str, reference: str, at: datetime) -> dict[str, Any]:
    return {
        "file_sha256": _sha(name),
        "file_name": f"{name}.xlsx",
        "file_size_bytes": 1000,
        "form_type": form_type,
        "status": "accepted",
        "csp_code": csp_code,
        "dhr_reference": reference,
        "record_counts": "{}",
        "errors": "[]",
        "stored_path": f"raw_files/{name}.xlsx",
        "ingested_at": at,
    }


def _case(name: str, csp_code: str, reference: str, **values: Any) -> dict[str, Any]:
    row = {
        "file_sha256": _sha(name),
        "source_sheet": "Case",
        "source_row": 4,
        "csp_code": csp_code,
        "csp_name": "as written",
        "dhr_reference": reference,
        "review_chair_name": f"{MARKER} chair",
        "report_author_name": f"{MARKER} author",
        "death_date": date(2020, 12, 24),
        "place_of_death": "Victim's home",
        "place_of_death_detail": f"{MARKER} 1 High Street",
        "method": "sharp_instrument",
        "method_detail": f"{MARKER} detail",
        "children_in_household": 1,
    }
    row.update(values)
    return row


def _review(name: str, csp_code: str, reference: str, **values: Any) -> dict[str, Any]:
    row = {
        "file_sha256": _sha(name),
        "source_sheet": "table 1",
        "source_row": 1,
        "csp_code": csp_code,
        "csp_name": "as written",
        "dhr_reference": reference,
        "anonymised_identifier": f"Scoping {reference}",
        "death_type": "Domestic homicide",
        "q2_incident_summary": f"{MARKER} summary",
        "q3_background": f"{MARKER} background",
        "q7_family_views": f"{MARKER} family",
        "q4_early_learning": "Early learning about information sharing.",
    }
    row.update(values)
    return row


def _plan(name: str, csp_code: str, reference: str, as_at: date, governance: str | None = BOARD) -> dict[str, Any]:
    return {
        "file_sha256": _sha(name),
        "source_sheet": "Action plan",
        "source_row": 1,
        "csp_code": csp_code,
        "file_format": "xlsx",
        "dhr_title": "DHR into the death of a pseudonym (month year)",
        "csp_name": "as written",
        "dhr_reference": reference,
        "governance": governance,
        "as_at_date": as_at,
    }


def _action(name: str, row: int, number: str, status: str, target: date | None, **values: Any) -> dict[str, Any]:
    action = {
        "file_sha256": _sha(name),
        "source_sheet": "Action plan",
        "source_row": row,
        "recommendation_number": int(number.split(".")[0]),
        "recommendation": f"Recommendation {number.split('.')[0]}",
        "action_number": number,
        "action": f"Action {number}",
        "lead_agency": "Police",
        "outcome": "Better risk assessment",
        "responsible_lead": "Head of safeguarding",
        "milestones": "Training delivered",
        "target_date": target,
        "status": status,
    }
    action.update(values)
    return action


FILES = [
    _file("a", "data_capture", B_AND_D, "DHR/2021/03", datetime(2023, 6, 1, 9)),
    _file("b", "scoping_review", B_AND_D, "dhr 2021-03", datetime(2021, 4, 1, 9)),
    _file("c", "action_plan", B_AND_D, "DHR/2021/03", datetime(2024, 4, 2, 9)),
    _file("d", "action_plan", B_AND_D, "DHR/2021/03", datetime(2024, 7, 1, 9)),
    _file("e", "action_plan", B_AND_D, "DHR-2021-03", datetime(2024, 7, 15, 9)),
    _file("f", "data_capture", B_AND_D, "DHR-2022-01", datetime(2025, 2, 1, 9)),
    _file("g", "scoping_review", CONWY, "C-1", datetime(2025, 3, 1, 9)),
    _file("h", "scoping_review", CONWY, "D-1", datetime(2025, 3, 1, 9)),
    _file("i", "data_capture", CONWY, "D/1", datetime(2025, 9, 1, 9)),
    _file("j", "scoping_review", CONWY, "E-1", datetime(2025, 3, 1, 9)),
    _file("k", "scoping_review", CONWY, "E 1", datetime(2025, 4, 1, 9)),
    _file("l", "action_plan", B_AND_D, "F-1", datetime(2026, 7, 1, 9)),
    # a rejected file loads no rows
    {**_file("m", None, None, None, datetime(2026, 7, 2, 9)), "status": "rejected", "errors": '["not a form"]'},
]

ROWS: dict[str, list[dict[str, Any]]] = {
    "ingested_files": FILES,
    "data_capture__cases": [
        _case(
            "a",
            B_AND_D,
            "DHR/2021/03",
            victim_pseudonym="Alice",
            notification_date=date(2021, 1, 15),
            ho_notified_date=date(2021, 1, 20),
            decision="DHR commissioned",
            death_type="domestic_homicide",
            submitted_date=date(2023, 1, 10),
            published_date=date(2023, 5, 2),
        ),
        _case(
            "f",
            B_AND_D,
            "DHR-2022-01",
            victim_pseudonym="Beth",
            notification_date=date(2022, 2, 1),
            place_of_death="Not known",
            method="Not applicable (suicide or neglect)",
            children_in_household=0,
            decision="commissioned",
            death_type="Suicide",
            submitted_date=date(2025, 1, 10),
            published_date=date(2027, 1, 1),
        ),
        _case(
            "i",
            CONWY,
            "D/1",
            victim_pseudonym="Dora",
            notification_date=date(2025, 1, 20),
            decision="DHR commissioned but paused for criminal proceedings",
            death_type="Domestic homicide",
        ),
    ],
    "data_capture__victims": [
        {
            "file_sha256": _sha("a"),
            "source_sheet": "Victims",
            "source_row": 4,
            "person_number": 1,
            "pseudonym": "Alice",
            "sex": "Female",
            "age": 34,
            "relationship": "Partner (not married)",
        },
    ],
    "data_capture__perpetrators": [
        {
            "file_sha256": _sha("a"),
            "source_sheet": "Perpetrators",
            "source_row": 4,
            "person_number": 1,
            "pseudonym": "Carl",
            "sex": "male",
            "age": 36,
            "relationship": "partner",
            "verdict": "Convicted of murder",
        },
    ],
    "data_capture__children": [
        {
            "file_sha256": _sha("a"),
            "source_sheet": "Children",
            "source_row": 4,
            "person_number": 1,
            "age": 7,
            "sex": "Female",
            "relationship": "Child of victim only",
        },
    ],
    "data_capture__analysis": [
        {
            "file_sha256": _sha("a"),
            "source_sheet": "Analysis",
            "source_row": 4,
            "factor_code": "agg_separation",
            "subject_type": "Victim",
            "answer": "Yes",
        },
    ],
    "data_capture__agency_contact": [
        {
            "file_sha256": _sha("a"),
            "source_sheet": "Agency contact",
            "source_row": 4,
            "agency_code": "police",
            "subject_type": "victim",
            "answer": "Not known",
        },
    ],
    "data_capture__equality": [
        {
            "file_sha256": _sha("a"),
            "source_sheet": "Equality",
            "source_row": 4,
            "characteristic_code": "age",
            "subject_type": "Perpetrator",
            "answer": "No",
        },
    ],
    "scoping_review__reviews": [
        _review("b", B_AND_D, "dhr 2021-03", notification_date=date(2021, 1, 14), decision="commissioned"),
        _review(
            "g", CONWY, "C-1", notification_date=date(2025, 2, 1), decision="DHR not commissioned", death_type="Neglect"
        ),
        _review("h", CONWY, "D-1", notification_date=date(2025, 1, 20), decision="commissioned"),
        _review("j", CONWY, "E-1", notification_date=date(2025, 2, 10), decision="not_commissioned"),
        _review("k", CONWY, "E 1", notification_date=date(2025, 2, 10), decision="DHR commissioned"),
    ],
    "scoping_review__early_actions": [
        {
            "file_sha256": _sha("b"),
            "source_sheet": "table 2",
            "source_row": 2,
            "action_number": "1",
            "action": "Share the learning",
            "lead_agency": "Police",
            "outcome": "Awareness",
            "target_date": date(2021, 6, 30),
        },
    ],
    "action_plan__plans": [
        _plan("c", B_AND_D, "DHR/2021/03", date(2024, 3, 31)),
        _plan("d", B_AND_D, "DHR/2021/03", date(2024, 6, 30)),
        _plan("e", B_AND_D, "DHR-2021-03", date(2024, 6, 30), DA_BOARD),
        _plan("l", B_AND_D, "F-1", date(2026, 6, 30), None),
    ],
    "action_plan__actions": [
        _action("c", 10, "1.1", "RED", date(2024, 12, 31)),
        _action("d", 10, "1.1", "AMBER", date(2024, 12, 31)),
        _action("e", 10, "1.1", "GREEN", date(2024, 12, 31)),
        _action(
            "e", 11, "1.2", "COMPLETE", date(2024, 12, 31), completion_date=date(2024, 6, 1), outcome_achieved="Yes"
        ),
        # DHR F: one action per overdue case; 1.2 has its recommendation cells merged (empty)
        _action("l", 10, "1.1", "AMBER", date(2026, 9, 29)),
        _action("l", 11, "1.2", "RED", date(2026, 9, 30), recommendation=None, recommendation_number=None),
        _action("l", 12, "2.1", "GREEN", date(2026, 10, 1), lead_agency=None),
        _action("l", 13, "2.2", "COMPLETE", date(2026, 1, 1), completion_date=None),
    ],
}


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows into raw.<table>; columns a row leaves out are null."""
    for row in rows:
        columns = list(row)
        placeholders = ", ".join("?" for _ in columns)
        con.execute(
            f"insert into raw.{table} ({', '.join(columns)}) values ({placeholders})",
            [row[c] for c in columns],
        )


def make_raw_warehouse(path: Path, rows: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """Create a warehouse file with the raw schema and the given rows (default: ROWS)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        create_raw_schema(con)
        for table, table_rows in (ROWS if rows is None else rows).items():
            insert_rows(con, table, table_rows)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


RAW_TABLE_NAMES = ["ingested_files", *(t.name for t in ALL_RAW_TABLES)]
