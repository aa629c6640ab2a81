"""The quarterly progress update (003 L712) in the 003 Annex B layout, per CSP.

Choice: **a zip of one workbook per DHR**, each written by ``dhr.forms.write_action_plan`` (the
writer of the forms CSPs fill in), not one workbook with a sheet per DHR. One workbook per DHR is
exactly the file a CSP sends every quarter, so it can be forwarded as it is, edited and returned, and
``dhr ingest`` reads it back as that DHR's next snapshot; a multi-sheet workbook would be a layout no
other part of the system knows. A README in the zip says what each workbook holds.

Each workbook re-states the DHR's latest action-plan snapshot from the marts
(``oversight.get_action_plan_rows``): the governance arrangements the CSP last gave in the header
(003 L776), every recommendation and action with its status, progress and dates;
"Progress as at" is the date of that snapshot, so the file says truthfully what it describes. The
CSP updates the status, progress and dates, sets "Progress as at" to the new quarter's date and sends
it (003 L712-716).
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from dashboards import data
from dashboards.data import oversight, reference
from dashboards.formatting import dhr_name, fmt_date, plural
from dashboards.pl_format import date_text
from dhr.forms import write_action_plan
from dhr.guidance import plain
from form_contract.records import Action, ActionPlan, Recommendation

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"
#: Fixed timestamp inside the zip so the same data gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ProgressUpdate:
    """One DHR's workbook: its file name, bytes, and what it holds (for the README and the page)."""

    dhr_id: str
    dhr_reference: str
    file_name: str
    content: bytes
    as_at_date: date | None
    action_count: int
    overdue_count: int


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9 _.-]+", "-", text).strip(" -.") or "DHR"


def _value(row: dict, name: str):
    value = row.get(name)
    return None if value is None or value == "" else value


def plans_from_rows(rows: pl.DataFrame) -> list[ActionPlan]:
    """The ActionPlan records (form_contract.records) of every DHR in ``rows``, in the rows' order."""
    plans: list[ActionPlan] = []
    for (dhr_id,), dhr_rows in rows.group_by("dhr_id", maintain_order=True):
        first = dhr_rows.row(0, named=True)
        pseudonym = first.get("victim_pseudonym")
        title = dhr_name(first["dhr_reference"]) + (f" into the death of {pseudonym}" if pseudonym else "")
        plan = ActionPlan(
            dhr_title=title,
            csp_name=first["csp_name"],
            dhr_reference=first["dhr_reference"],
            governance=_value(first, "action_plan_governance"),
            as_at_date=first.get("latest_action_plan_as_at"),
        )
        recommendations: dict[object, Recommendation] = {}
        for row in dhr_rows.iter_rows(named=True):
            key = row["recommendation_number"]
            rec = recommendations.get(key)
            if rec is None:
                rec = Recommendation(
                    recommendation_number=int(key) if key is not None else 0,
                    recommendation=row["recommendation"] or "",
                    recommendation_level=_value(row, "recommendation_level"),
                    addressee=_value(row, "addressee"),
                    addressee_notified_date=_value(row, "addressee_notified_date"),
                    response_date=_value(row, "response_date"),
                    response=_value(row, "response"),
                    implementation_status=_value(row, "implementation_status"),
                    recommendation_completion_date=_value(row, "recommendation_completion_date"),
                )
                recommendations[key] = rec
                plan.recommendations.append(rec)
            rec.actions.append(
                Action(
                    action_number=str(row["action_number"]),
                    action=row["action"] or "",
                    lead_agency=_value(row, "lead_agency"),
                    outcome=_value(row, "outcome"),
                    responsible_lead=_value(row, "responsible_lead"),
                    milestones=_value(row, "milestones"),
                    target_date=_value(row, "target_date"),
                    status=_value(row, "status"),
                    progress=_value(row, "progress"),
                    completion_date=_value(row, "completion_date"),
                    outcome_achieved=_value(row, "outcome_achieved"),
                )
            )
        plans.append(plan)
        del dhr_id
    return plans


def progress_updates(rows: pl.DataFrame) -> list[ProgressUpdate]:
    """One Annex B workbook per DHR in ``rows`` (``oversight.get_action_plan_rows``)."""
    updates: list[ProgressUpdate] = []
    counts = {
        dhr_id: (n, overdue)
        for dhr_id, n, overdue in rows.group_by("dhr_id")
        .agg(pl.len(), pl.col("is_overdue").fill_null(False).sum())
        .iter_rows()
    }
    dhr_ids = rows.get_column("dhr_id").unique(maintain_order=True).to_list()
    with tempfile.TemporaryDirectory(prefix="annex_b_") as tmp:
        for dhr_id, plan in zip(dhr_ids, plans_from_rows(rows), strict=True):
            as_at = plan.as_at_date
            name = f"{_safe(plan.csp_name or '')} {_safe(plan.dhr_reference or dhr_id)} progress update"
            if as_at:
                name += f" as at {as_at.isoformat()}"
            path = write_action_plan(Path(tmp) / f"{name}.xlsx", plan)
            n, overdue = counts[dhr_id]
            updates.append(
                ProgressUpdate(
                    dhr_id, plan.dhr_reference or "", path.name, path.read_bytes(), as_at, int(n), int(overdue)
                )
            )
    return updates


def readme(csp_name: str, updates: list[ProgressUpdate], reporting_date: date | None) -> str:
    lines = [
        f"Quarterly progress update: {csp_name}",
        "",
        "One workbook per DHR in the action plan layout of 003 Annex B, with the status key",
        "of 004 Template 25 (RED / AMBER / GREEN / COMPLETE).",
        "Each states the DHR's latest action-plan update received; 'Progress as at' is its date.",
        f"Overdue actions are judged at the reporting date {fmt_date(reporting_date)}: target date passed",
        "and not COMPLETE.",
        "",
        "To send the next quarterly update to the Police and Crime Commissioner (003 L712): update",
        "Overall RAG, Progress, Date of completion and Was outcome achieved?, set 'Progress as at' to",
        "the new date, and return the workbook. Do not rename recommendation or action numbers.",
        "",
        "Workbooks:",
    ]
    for u in updates:
        lines.append(
            f"- {u.file_name}: {plural(u.action_count, 'action')}, {u.overdue_count} overdue; "
            f"progress as at {fmt_date(u.as_at_date)}"
        )
    lines += ["", "OFFICIAL-SENSITIVE (003 L609). Synthetic data in this repository."]
    return plain("\n".join(lines)) + "\n"


def zip_updates(csp_name: str, updates: list[ProgressUpdate], reporting_date: date | None) -> bytes:
    """The workbooks and a README in one zip (deterministic bytes for the same data)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        entries = [("README.txt", readme(csp_name, updates, reporting_date).encode("utf-8"))]
        entries += [(u.file_name, u.content) for u in updates]
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return buffer.getvalue()


def zip_file_name(csp_name: str, reporting_date: date | None) -> str:
    when = reporting_date.isoformat() if reporting_date else "latest"
    return f"{_safe(csp_name)} quarterly progress update {when}.zip"


def build_csp_progress_update(csp_code: str) -> tuple[str, bytes, list[ProgressUpdate]]:
    """(file name, zip bytes, the workbooks) of a CSP's quarterly progress update; the zip is
    empty of workbooks when the CSP has no action plan."""
    rows = oversight.get_action_plan_rows(csp_code)
    build = data.get_build_info()
    reporting_date = build.get_column("reporting_date")[0] if build.height else None
    csps = reference.get_csps()
    match = csps.filter(pl.col("csp_code") == csp_code)
    csp_name = match.get_column("csp_name")[0] if match.height else csp_code
    updates = progress_updates(rows) if rows.height else []
    return zip_file_name(csp_name, reporting_date), zip_updates(csp_name, updates, reporting_date), updates


def workbook_summary(rows: pl.DataFrame) -> pl.DataFrame:
    """What the zip will hold, without writing it: one row per DHR with its actions, overdue actions
    and the date of its latest update (for the page, before the person downloads)."""
    if rows.height == 0:
        return pl.DataFrame(
            schema={"DHR reference": pl.Utf8, "Actions": pl.Int64, "Overdue": pl.Int64, "Progress as at": pl.Utf8}
        )
    return (
        rows.group_by("dhr_id", "dhr_reference", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("Actions"),
            pl.col("is_overdue").fill_null(False).sum().cast(pl.Int64).alias("Overdue"),
            pl.col("latest_action_plan_as_at").first().alias("as_at"),
        )
        .select(
            pl.col("dhr_reference").alias("DHR reference"),
            "Actions",
            "Overdue",
            date_text("as_at").alias("Progress as at"),
        )
    )


def zip_for_rows(csp_name: str, rows: pl.DataFrame, reporting_date: date | None) -> bytes:
    """The zip for rows already fetched (a download button's deferred callable: no warehouse access)."""
    return zip_updates(csp_name, progress_updates(rows) if rows.height else [], reporting_date)
