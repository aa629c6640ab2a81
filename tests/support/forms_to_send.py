"""A one-recommendation, one-action action plan written as a real .xlsx: what the upload tests send
(tests/test_uploads.py, the Send forms page's AppTest and browser tests, the background build)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dhr.forms import write_action_plan
from form_contract.records import Action, ActionPlan, Recommendation


def one_action_plan(
    csp_name: str,
    reference: str,
    *,
    as_at: date | None = date(2026, 6, 30),
    status: str = "green",
    action: str = "Agree a protocol",
    lead: str = "Police",
) -> ActionPlan:
    """An update of ``reference``'s plan as at ``as_at`` (None: no 'Progress as at' in the file)."""
    return ActionPlan(
        dhr_title="DHR into the death of Gail (August 2024)",
        csp_name=csp_name,
        dhr_reference=reference,
        as_at_date=as_at,
        recommendations=[
            Recommendation(
                1,
                "Share risk information between agencies",
                actions=[Action("1.1", action, lead_agency=lead, target_date=date(2026, 3, 31), status=status)],
            )
        ],
    )


def write_plan(path: Path, form: ActionPlan) -> Path:
    """``form`` written to ``path`` (its folder made) by the project's own writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_action_plan(path, form)
    return path
