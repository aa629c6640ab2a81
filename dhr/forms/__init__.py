"""Writers for the three forms a CSP sends: blank templates and filled-in forms.

* `write_data_capture`: the Home Office data capture form (.xlsx), docs/design.md §1.1.
* `write_scoping_review`: the scoping review (.docx) of 003 Annex C, docs/design.md §1.2.
* `write_action_plan`: an action plan snapshot (.xlsx or .docx by suffix), docs/design.md §1.3.
* `write_template`: the blank template of a form type of `form_contract.spec.FORM_TYPES`.
* `ActionPlanSeries`: writes the quarterly snapshots of one plan, faster than one by one.

Passing no record writes the blank template. Values are written as code-list labels; dates are
real date cells in .xlsx and dd/mm/yyyy text in .docx. The same record always gives the same
bytes (document timestamps come from the record, not the clock).
"""

from __future__ import annotations

from pathlib import Path

from dhr.forms.action_plan import ActionPlanSeries, write_action_plan
from dhr.forms.data_capture import write_data_capture
from dhr.forms.scoping_review import write_scoping_review
from form_contract.spec import FORM_TYPES


def write_template(form_type: str, path: Path) -> Path:
    """Write the blank template of `form_type` ('data_capture', 'scoping_review', 'action_plan')."""
    path = Path(path)
    if form_type == "data_capture":
        return write_data_capture(path)
    if form_type == "scoping_review":
        return write_scoping_review(path)
    if form_type == "action_plan":
        return write_action_plan(path)
    raise ValueError(f"unknown form type {form_type!r}: expected one of {', '.join(FORM_TYPES)}")


__all__ = ["ActionPlanSeries", "write_action_plan", "write_data_capture", "write_scoping_review", "write_template"]
