"""Synthetic corpus: real .xlsx/.docx forms as CSPs send them, with the ground truth behind them.

`generate_corpus(out_dir, dhrs, seed, as_of)` writes, for each synthetic DHR:

* a scoping review (.docx, 003 Annex C), sent within weeks of notification;
* a data capture form (.xlsx, 004 Template 29 + 003 Annex A item 10) once the DHR has been
  submitted to the Home Office, with the publication date once published;
* an action plan snapshot every quarter end (003 L712) from the first quarter end after the
  report was completed up to `as_of`, stopping a few quarters after every action is COMPLETE;
  ~80 % of DHRs keep their plan in .xlsx, ~20 % in .docx.

Files go to `<out>/<csp_code>/<reference>/<file name in the CSP's own style>`. The ground truth
(`<out>/_synth/truth.json`) is computed from the generator's model, never by reading files back,
and applies the status rules of docs/design.md §4 at reporting date = `as_of`.

Each DHR is drawn from `random.Random(f"{seed}:{index}")` alone, so the corpus does not depend
on `workers`, and every document timestamp comes from the data: the same seed and arguments give
byte-for-byte the same files. No real person's data: pseudonyms are common first names, chair
and author are "Independent Chair CH-0412"-style labels, there are no addresses or postcodes.
The distributions are documented (with guidance citations) in `dhr.synth.model`.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dhr.forms import ActionPlanSeries, write_data_capture, write_scoping_review
from dhr.settings import CODE_LISTS_DIR, DEFAULT_SYNTH_AS_OF, REFERENCE_DIR
from dhr.synth.model import (
    Case,
    Context,
    CspRef,
    GuidanceRule,
    draw_case,
    draw_skeleton,
    file_names,
    plan_file_name,
    safe_name,
)
from form_contract.records import (
    Action,
    ActionPlan,
    DataCaptureForm,
    EarlyAction,
    Recommendation,
    ScopingReview,
)

TRUTH_DIR = "_synth"
TRUTH_FILE = "truth.json"
TRUTH_VERSION = 1

README = """# Synthetic ground truth

`truth.json` is the ground truth of a **synthetic** DHR corpus written by `dhr synth`
(`dhr.synth.generator`). It describes invented cases only: no real person's data, no real
addresses. It is computed from the generator's own model (not by reading the forms back) and
applies the status rules of docs/design.md §4 at reporting date = `as_of`, so tests can compare
what the warehouse makes of the forms with what the generator meant.

`dhr ingest` skips this folder (its name starts with `_`).
"""


@dataclass
class CorpusSummary:
    out_dir: Path
    dhr_count: int
    file_count: int
    files_by_form: dict[str, int]
    truth_path: Path


# ------------------------------------------------------------------------------------------------
# reference data
# ------------------------------------------------------------------------------------------------
def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_csps(reference_dir: Path) -> list[CspRef]:
    """CSPs with their force area and aliases, from seeds/reference (aliases optional)."""
    reference_dir = Path(reference_dir)
    forces = {row["force_area_code"]: row["force_area_name"] for row in _read_csv(reference_dir / "force_areas.csv")}
    aliases: dict[str, list[str]] = {}
    alias_path = reference_dir / "csp_aliases.csv"
    if alias_path.exists():
        for row in _read_csv(alias_path):
            aliases.setdefault(row["csp_code"], []).append(row["alias"])
    csps = []
    for row in _read_csv(reference_dir / "csps.csv"):
        code = row["csp_code"]
        official = row["csp_name"]
        own = tuple(a for a in aliases.get(code, ()) if a.strip().lower() != official.strip().lower())
        csps.append(
            CspRef(
                code, official, row["force_area_code"], forces.get(row["force_area_code"], row["force_area_code"]), own
            )
        )
    if not csps:
        raise ValueError(f"no CSPs in {reference_dir / 'csps.csv'}")
    return sorted(csps, key=lambda c: c.csp_code)


def load_guidance_rules(code_lists_dir: Path = CODE_LISTS_DIR) -> list[GuidanceRule]:
    """Each guidance version with its completion clock: the `completion` rows of guidance_rules.csv."""
    rules = [
        GuidanceRule(
            row["guidance_version"],
            date.fromisoformat(row["applies_from_notification_date"]),
            date.fromisoformat(row["applies_to_notification_date"]),
            int(row["length"]),
            row["length_unit"],
            row["clock_starts"],
        )
        for row in _read_csv(Path(code_lists_dir) / "guidance_rules.csv")
        if row["duty"] == "completion"
    ]
    return sorted(rules, key=lambda r: r.applies_from)


# ------------------------------------------------------------------------------------------------
# records (what goes on each form)
# ------------------------------------------------------------------------------------------------
def _visible(d: date | None, as_of: date) -> date | None:
    return d if d is not None and d <= as_of else None


def scoping_record(case: Case) -> ScopingReview:
    a = case.scoping_answers
    clocks = case.clock_dates
    return ScopingReview(
        csp_name=case.scoping_csp_name,
        dhr_reference=case.reference,
        anonymised_identifier=case.anonymised_identifier,
        notification_date=case.notification_date,
        submitted_date=case.scoping_submitted_date,
        decision=case.decision,
        death_type=case.scoping_death_type,
        decision_date=clocks.decision_date if clocks and clocks.decision_date_on_scoping_review else None,
        commissioned_date=clocks.commissioned_date if clocks and clocks.commissioned_date_on_scoping_review else None,
        q1_notification=a["q1_notification"],
        q2_incident_summary=a["q2_incident_summary"],
        q3_background=a["q3_background"],
        q4_early_learning=a["q4_early_learning"],
        q5_actions_intro=a["q5_actions_intro"] if case.early_actions else "No actions have been agreed at this stage.",
        q6_not_commissioned_rationale=a["q6_not_commissioned_rationale"],
        q7_family_views=a["q7_family_views"],
        q8_agencies_consulted=a["q8_agencies_consulted"],
        q9_other_reviews=a["q9_other_reviews"],
        early_actions=[
            EarlyAction(e.number, e.text, e.lead_agency, e.outcome, e.target_date) for e in case.early_actions
        ],
    )


def data_capture_record(case: Case, as_of: date) -> DataCaptureForm:
    clocks = case.clock_dates
    return DataCaptureForm(
        csp_name=case.data_capture_csp_name,
        dhr_reference=case.reference,
        force_area_name=case.csp.force_area_name,
        victim_pseudonym=case.victims[0].pseudonym,
        review_chair_name=case.chair,
        report_author_name=case.author,
        notification_date=case.notification_date,
        ho_notified_date=case.ho_notified_date,
        scoping_submitted_date=case.scoping_submitted_date,
        decision=case.decision,
        death_type=case.death_type,
        decision_date=clocks.decision_date if clocks else None,
        commissioned_date=clocks.commissioned_date if clocks else None,
        commenced_date=case.commenced_date,
        tor_agreed_date=_visible(clocks.tor_agreed_date, as_of) if clocks else None,
        completed_date=case.completed_date,
        submitted_date=case.submitted_date,
        qa_response_date=_visible(clocks.qa_response_date, as_of) if clocks else None,
        published_date=_visible(case.published_date, as_of),
        delay_reason=case.delay_reason,
        death_date=case.death_date,
        place_of_death=case.place_of_death,
        place_of_death_detail=case.place_of_death_detail,
        method=case.method,
        method_detail=case.method_detail,
        children_in_household=len(case.children),
        victims=case.victims,
        perpetrators=case.perpetrators,
        children=case.children,
        analysis=case.analysis,
        agency_contact=case.agency_contact,
        equality=case.equality,
    )


def _action_on(a, as_at: date) -> Action:
    status = a.status_on(as_at)
    word = status.upper()
    complete = status == "complete"
    return Action(
        action_number=a.number,
        action=a.text,
        lead_agency=a.lead_agency,
        outcome=a.outcome,
        responsible_lead=a.responsible_lead,
        milestones=a.milestones,
        target_date=a.target_date,
        status=status,
        progress=a.progress[word],
        completion_date=a.complete_on if complete and not a.missing_completion_date else None,
        outcome_achieved=a.outcome_achieved if complete else None,
    )


def plan_record(case: Case, as_at: date) -> ActionPlan:
    plan = case.plan
    if plan is None:
        raise ValueError(f"{case.reference} has no action plan")
    status = case.clock_dates if case.clock_dates and case.clock_dates.status_update_on_action_plan else None
    recs = []
    for r in plan.recommendations:
        recs.append(
            Recommendation(
                recommendation_number=r.number,
                recommendation=r.text,
                recommendation_level=r.level,
                addressee=r.addressee,
                addressee_notified_date=_visible(r.notified_on, as_at),
                response_date=_visible(r.response_on, as_at),
                response=r.response if _visible(r.response_on, as_at) else None,
                implementation_status=r.implementation_status_on(as_at),
                recommendation_completion_date=r.completion_date_on(as_at),
                actions=[_action_on(a, as_at) for a in r.actions],
            )
        )
    return ActionPlan(
        dhr_title=plan.title,
        csp_name=plan.csp_name,
        dhr_reference=case.reference,
        governance=plan.governance,
        as_at_date=as_at,
        # the optional status update (issue 18), on the plans of some CSPs
        commissioned_date=_visible(status.commissioned_date, as_at) if status else None,
        commenced_date=_visible(case.commenced_date, as_at) if status else None,
        tor_agreed_date=_visible(status.tor_agreed_date, as_at) if status else None,
        recommendations=recs,
    )


# ------------------------------------------------------------------------------------------------
# truth
# ------------------------------------------------------------------------------------------------
def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def dhr_status(decision: str | None, submitted: date | None, published: date | None, reporting_date: date) -> str:
    """docs/design.md §4: the first rule that matches."""
    if published is not None and published <= reporting_date:
        return "published"
    if submitted is not None and submitted <= reporting_date:
        return "submitted"
    return {"not_commissioned": "not_commissioned", "commissioned_paused": "paused", "commissioned": "in_progress"}.get(
        decision or "", "scoping"
    )


def _person_truth(p) -> dict[str, Any]:
    return {
        k: getattr(p, k)
        for k in (
            "person_number",
            "pseudonym",
            "sex",
            "age",
            "relationship",
            "ethnicity",
            "nationality",
            "immigration_status",
            "religion",
            "sexual_orientation",
            "disability",
            "gender_reassignment",
            "marital_status",
            "pregnancy_maternity",
            "verdict",
        )
    }


def _grid_truth(grid: dict[tuple[str, str], str]) -> dict[str, str]:
    return {f"{code}:{subject}": answer for (code, subject), answer in grid.items()}


def _clock_truth(case: Case, as_of: date, has_data_capture: bool, files: list[dict[str, str]]) -> dict[str, Any]:
    """The clock dates the forms written so far record (issue 18): the latest data capture form wins,
    else the scoping review (decision, commissioning); the action plans' status update is not
    needed where a data capture form gives the same dates."""
    clocks = case.clock_dates
    if clocks is None:
        return {}
    has_scoping = any(f["form_type"] == "scoping_review" for f in files)
    decision = (
        clocks.decision_date if has_data_capture or (has_scoping and clocks.decision_date_on_scoping_review) else None
    )
    commissioned = None
    if has_data_capture or (has_scoping and clocks.commissioned_date_on_scoping_review):
        commissioned = clocks.commissioned_date
    return {
        "decision_date": _iso(decision),
        "commissioned_date": _iso(_visible(commissioned, as_of)),
        "tor_agreed_date": _iso(_visible(clocks.tor_agreed_date, as_of)) if has_data_capture else None,
        "qa_response_date": _iso(_visible(clocks.qa_response_date, as_of)) if has_data_capture else None,
    }


def case_truth(case: Case, as_of: date, files: list[dict[str, str]]) -> dict[str, Any]:
    has_data_capture = case.submitted_date is not None and case.submitted_date <= as_of
    # case facts come from the latest data capture form if there is one, else the scoping review (design.md §4)
    death_type = case.death_type if has_data_capture else case.scoping_death_type
    submitted = case.submitted_date if has_data_capture else None
    published = _visible(case.published_date, as_of) if has_data_capture else None
    truth: dict[str, Any] = {
        "index": case.index,
        "csp_code": case.csp.csp_code,
        "csp_name": case.csp.csp_name,
        "force_area_code": case.csp.force_area_code,
        "force_area_name": case.csp.force_area_name,
        "dhr_reference": case.reference,
        "dhr_id": case.dhr_id,
        "csp_name_on_scoping_review": case.scoping_csp_name,
        "csp_name_on_data_capture": case.data_capture_csp_name if has_data_capture else None,
        "csp_name_on_action_plan": case.plan.csp_name if case.plan is not None and case.plan.snapshots else None,
        "victim_pseudonym": case.victims[0].pseudonym,
        "notification_date": _iso(case.notification_date),
        "notification_year": case.notification_date.year,
        "guidance_version": case.guidance_version,
        "decision": case.decision,
        "death_type": death_type,
        "scoping_death_type": case.scoping_death_type,
        "scoping_submitted_date": _iso(case.scoping_submitted_date),
        "commenced_date": _iso(case.commenced_date) if has_data_capture else None,
        "completed_date": _iso(case.completed_date) if has_data_capture else None,
        "submitted_date": _iso(submitted),
        "published_date": _iso(published),
        "delay_reason": case.delay_reason if has_data_capture else None,
        "dhr_status": dhr_status(case.decision, submitted, published, as_of),
        "timeline": {  # the model's dates up to as_of (what has happened, whether or not a form says so yet)
            "commenced": _iso(_visible(case.commenced_date, as_of)),
            "completed": _iso(_visible(case.completed_date, as_of)),
            "submitted": _iso(_visible(case.submitted_date, as_of)),
            "published": _iso(_visible(case.published_date, as_of)),
        },
        "clock_dates": _clock_truth(case, as_of, has_data_capture, files),
        "has_scoping_review": any(f["form_type"] == "scoping_review" for f in files),
        "has_data_capture": has_data_capture,
        "has_action_plan": any(f["form_type"] == "action_plan" for f in files),
        "victims": [_person_truth(p) for p in case.victims],
        "perpetrators": [_person_truth(p) for p in case.perpetrators],
        "children": [
            {"person_number": c.person_number, "age": c.age, "sex": c.sex, "relationship": c.relationship}
            for c in case.children
        ],
        "children_in_household": len(case.children),
        # the rest of 004 Template 29's Case sheet, as the data capture form gives it (null without one)
        "ho_notified_date": _iso(case.ho_notified_date) if has_data_capture else None,
        "place_of_death": case.place_of_death if has_data_capture else None,
        "method": case.method if has_data_capture else None,
        "no_known_agency_contact": case.no_known_agency_contact,
        "analysis": _grid_truth(case.analysis),
        "agency_contact": _grid_truth(case.agency_contact),
        "equality": _grid_truth(case.equality),
        "themes": case.themes,
        "early_actions": [
            {
                "action_number": e.number,
                "lead_agency": e.lead_agency,
                "target_date": _iso(e.target_date),
                "theme": e.theme,
            }
            for e in case.early_actions
        ],
        "action_plan": None,
        "files": files,
    }
    plan = case.plan
    if plan is not None and plan.snapshots:
        latest = plan.snapshots[-1]
        actions = []
        for r in plan.recommendations:
            for a in r.actions:
                status = a.status_on(latest)
                complete = status == "complete"
                completion = a.complete_on if complete and not a.missing_completion_date else None
                actions.append(
                    {
                        "action_number": a.number,
                        "recommendation_number": a.recommendation_number,
                        "recommendation_level": r.level,
                        "lead_agency": a.lead_agency,
                        "status": status,
                        "target_date": _iso(a.target_date),
                        "completion_date": _iso(completion),
                        "outcome_achieved": a.outcome_achieved if complete else None,
                        "is_overdue": a.target_date < as_of and status != "complete",
                        "days_overdue": (as_of - a.target_date).days
                        if a.target_date < as_of and status != "complete"
                        else None,
                        "themes": a.themes,
                        "stalled": a.stalled,
                        "missing_completion_date": complete and a.missing_completion_date,
                        "missing_outcome": a.outcome is None,
                        "status_history": [a.status_on(s) for s in plan.snapshots],
                    }
                )
        truth["action_plan"] = {
            "file_format": plan.file_format,
            "plan_start": _iso(plan.start),
            "snapshots": [_iso(s) for s in plan.snapshots],
            "latest_as_at_date": _iso(latest),
            "recommendations": [
                {
                    "recommendation_number": r.number,
                    "recommendation_level": r.level,
                    "addressee": r.addressee,
                    "themes": r.themes,
                    "addressee_notified_date": _iso(_visible(r.notified_on, latest)),
                    "response_date": _iso(_visible(r.response_on, latest)),
                    "implementation_status": r.implementation_status_on(latest),
                    "implementation_status_history": [r.implementation_status_on(s) for s in plan.snapshots],
                    "action_count": len(r.actions),
                    "all_actions_complete": r.is_complete_on(latest),
                    "recommendation_completion_date": _iso(r.completion_date_on(latest)),
                    "missing_recommendation_completion_date": r.is_complete_on(latest)
                    and r.completion_date_on(latest) is None,
                }
                for r in plan.recommendations
            ],
            "actions": actions,
            "action_count": len(actions),
            "open_action_count": sum(1 for a in actions if a["status"] != "complete"),
            "overdue_action_count": sum(1 for a in actions if a["is_overdue"]),
        }
    return truth


# ------------------------------------------------------------------------------------------------
# writing one DHR
# ------------------------------------------------------------------------------------------------
def write_case(case: Case, out_dir: Path, as_of: date) -> list[dict[str, str]]:
    """Write the forms of one DHR; returns the files written (path relative to out_dir, form type)."""
    ref = safe_name(case.reference)
    folder = out_dir / case.csp.csp_code / ref
    folder.mkdir(parents=True, exist_ok=True)
    scoping_name, capture_name, plan_pattern = file_names(case.csp.csp_code, ref)
    files: list[dict[str, str]] = []

    def record(path: Path, form_type: str, **extra: str) -> None:
        files.append({"path": path.relative_to(out_dir).as_posix(), "form_type": form_type, **extra})

    if case.scoping_submitted_date <= as_of:
        record(write_scoping_review(folder / scoping_name, scoping_record(case)), "scoping_review")
    if case.submitted_date is not None and case.submitted_date <= as_of:
        record(write_data_capture(folder / capture_name, data_capture_record(case, as_of)), "data_capture")
    if case.plan is not None:
        ext = "." + case.plan.file_format
        series = ActionPlanSeries()
        for as_at in case.plan.snapshots:
            path = series.write(folder / plan_file_name(plan_pattern, as_at, ext), plan_record(case, as_at))
            record(path, "action_plan", as_at_date=as_at.isoformat())
    return files


def _build_case(ctx: Context, index: int, seq: int) -> Case:
    rng = random.Random(f"{ctx.seed}:{index}")
    skeleton = draw_skeleton(rng, index, ctx)
    return draw_case(rng, skeleton, seq, ctx)


def _generate_chunk(ctx: Context, out_dir: str, items: list[tuple[int, int]]) -> list[dict[str, Any]]:
    out = Path(out_dir)
    truths = []
    for index, seq in items:
        case = _build_case(ctx, index, seq)
        files = write_case(case, out, ctx.as_of)
        truths.append(case_truth(case, ctx.as_of, files))
    return truths


# ------------------------------------------------------------------------------------------------
# the corpus
# ------------------------------------------------------------------------------------------------
def _sequence_numbers(ctx: Context, dhrs: int) -> list[int]:
    """Each DHR's number within its CSP and notification year, in notification order (one cheap pass)."""
    keys = []
    for index in range(dhrs):
        sk = draw_skeleton(random.Random(f"{ctx.seed}:{index}"), index, ctx)
        keys.append((sk.csp.csp_code, sk.notification_date.year, sk.notification_date, index))
    seqs = [0] * dhrs
    counters: Counter[tuple[str, int]] = Counter()
    for code, year, _, index in sorted(keys):
        counters[(code, year)] += 1
        seqs[index] = counters[(code, year)]
    return seqs


def _clear_previous(out_dir: Path) -> None:
    """Remove an earlier corpus written here (the files its truth lists); refuse to mix with other files."""
    truth_path = out_dir / TRUTH_DIR / TRUTH_FILE
    if truth_path.exists():
        previous = json.loads(truth_path.read_text(encoding="utf-8"))
        for dhr in previous.get("dhrs", []):
            for f in dhr.get("files", []):
                (out_dir / f["path"]).unlink(missing_ok=True)
        for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if folder.name != TRUTH_DIR and not any(folder.iterdir()):
                folder.rmdir()
        shutil.rmtree(out_dir / TRUTH_DIR)
    leftovers = [p for p in out_dir.iterdir() if not p.name.startswith(".")] if out_dir.exists() else []
    if leftovers:
        raise FileExistsError(
            f"{out_dir} already holds files that are not a synthetic corpus (e.g. {leftovers[0].name}); choose an empty folder"
        )


def generate_corpus(
    out_dir: Path,
    dhrs: int,
    seed: int,
    as_of: date = DEFAULT_SYNTH_AS_OF,
    workers: int = 1,
    progress: bool = False,
    reference_dir: Path = REFERENCE_DIR,
) -> CorpusSummary:
    """Write a synthetic corpus of `dhrs` DHRs to `out_dir`, with its ground truth in `_synth/truth.json`.

    Deterministic per seed: each DHR comes from `random.Random(f"{seed}:{index}")`, so the files
    do not depend on `workers` (processes used). An earlier corpus in `out_dir` is replaced.
    """
    if dhrs < 0:
        raise ValueError("dhrs must be zero or more")
    if as_of < date(2019, 3, 1):
        raise ValueError("as_of must be on or after 2019-03-01: notifications start on 2019-01-01")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_previous(out_dir)

    ctx = Context.build(seed, as_of, load_csps(reference_dir), load_guidance_rules())
    seqs = _sequence_numbers(ctx, dhrs)
    items = list(enumerate(seqs))

    truths: list[dict[str, Any]] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=dhrs, unit="DHR", desc="dhr synth")
    workers = max(1, int(workers))
    if workers == 1 or dhrs < 2:
        step = 25
        for start in range(0, dhrs, step):
            truths.extend(_generate_chunk(ctx, str(out_dir), items[start : start + step]))
            if bar is not None:
                bar.update(len(items[start : start + step]))
    else:
        size = max(5, min(200, dhrs // (workers * 8) or 1))
        chunks = [items[i : i + size] for i in range(0, dhrs, size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for chunk, result in zip(
                chunks,
                pool.map(_generate_chunk, [ctx] * len(chunks), [str(out_dir)] * len(chunks), chunks),
                strict=True,
            ):
                truths.extend(result)
                if bar is not None:
                    bar.update(len(chunk))
    if bar is not None:
        bar.close()
    truths.sort(key=lambda t: t["index"])

    files_by_form: Counter[str] = Counter(f["form_type"] for t in truths for f in t["files"])
    truth_dir = out_dir / TRUTH_DIR
    truth_dir.mkdir(exist_ok=True)
    truth_path = truth_dir / TRUTH_FILE
    header = {
        "truth_version": TRUTH_VERSION,
        "generator": {"seed": seed, "dhrs": dhrs, "as_of": as_of.isoformat(), "reporting_date": as_of.isoformat()},
        "summary": {
            "dhr_count": len(truths),
            "file_count": sum(files_by_form.values()),
            "files_by_form": dict(sorted(files_by_form.items())),
            "dhr_status": dict(sorted(Counter(t["dhr_status"] for t in truths).items())),
            "action_count": sum(t["action_plan"]["action_count"] for t in truths if t["action_plan"]),
            "overdue_action_count": sum(t["action_plan"]["overdue_action_count"] for t in truths if t["action_plan"]),
        },
    }
    with truth_path.open("w", encoding="utf-8") as handle:
        text = json.dumps(header, ensure_ascii=False, indent=1)
        handle.write(text[:-2] + ',\n "dhrs": [\n')
        for i, t in enumerate(truths):
            handle.write(json.dumps(t, ensure_ascii=False, separators=(",", ":")))
            handle.write(",\n" if i < len(truths) - 1 else "\n")
        handle.write(" ]\n}\n")
    (truth_dir / "README.md").write_text(README, encoding="utf-8")
    return CorpusSummary(
        out_dir=out_dir,
        dhr_count=len(truths),
        file_count=sum(files_by_form.values()),
        files_by_form=dict(sorted(files_by_form.items())),
        truth_path=truth_path,
    )
