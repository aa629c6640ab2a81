"""Forms sent through the dashboards (issue 17): the path of `dhr ingest`, for one signed-in user.

A CSP officer cannot run `dhr ingest` on the server. This is what the "Send forms" page calls with
the files dropped on it; it has no Streamlit in it, so it is tested and benchmarked on its own.

For each file, in order:

1. **Limits first** (ingest/limits.py): a file over the size a form may be is refused before a byte
   of it is written anywhere.
2. **Scope**: the file is read (the same reader as `dhr ingest`) to learn whose form it is. A form of
   a CSP outside the user's scope (a `csp:` user's own CSP; a `pcc:` user's force area; `national`
   everything) is *refused*: nothing of it is stored or loaded, and the refusal is audited. A file
   that cannot be read at all has no CSP to check; it goes on to ingest, which quarantines it with
   its reasons under this user's name (what a CSP officer needs to fix it).
3. **Ingest**: the file goes through `ingest.pipeline.ingest_files` as `dhr ingest` would send it:
   raw store first, then reading, quarantine on rejection, a re-sent accepted file a duplicate
   ("already received"), a corrected file superseding the rejected one.
4. **Audit**: one `form_uploaded` event per file with the user, the outcome and the file's hash.

The staging copy (under the warehouse's folder, readable by the server only) is removed afterwards:
the raw store keeps the received bytes, as for `dhr ingest`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, Literal

from dhr import app_state
from dhr.access import Scope
from ingest.csp_names import csp_directory
from ingest.limits import MAX_FILE_BYTES, file_size_problem
from ingest.parse import parse_file
from ingest.pipeline import FileResult, Incoming, ingest_files

Outcome = Literal["accepted", "accepted_with_warnings", "rejected", "already_received", "refused"]

#: What each outcome says to the person who sent the file.
HEADLINES: dict[str, str] = {
    "accepted": "Accepted",
    "accepted_with_warnings": "Accepted, with things to check",
    "rejected": "Not accepted: please correct the file and send it again",
    "already_received": "Already received: this exact file was accepted before, nothing was added",
    "refused": "Refused: this form is for a CSP outside your access",
}
#: The largest file a sender may send (the limit of `dhr ingest`), for the page's uploader.
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
#: Where a file is kept while it is checked (beside the warehouse, never in the dashboards' folder).
STAGING_DIR_NAME = "uploads"


@dataclass(frozen=True)
class Upload:
    """One file as the page received it: the name the sender's computer gave it, and its bytes."""

    name: str
    content: bytes


@dataclass
class UploadOutcome:
    """What became of one sent file, in the words the sender reads."""

    file_name: str
    outcome: Outcome
    form_type: str | None = None
    dhr_reference: str | None = None
    csp_code: str | None = None
    records: dict[str, int] = field(default_factory=dict)
    #: For a rejected or refused file, the reasons in the order to fix them; for an accepted one,
    #: what was inferred or mapped (``warnings``).
    reasons: list[str] = field(default_factory=list)
    #: Values the file did not state in a labelled place and where they came from.
    inferred: dict[str, dict[str, Any]] = field(default_factory=dict)
    sha256: str | None = None

    @property
    def headline(self) -> str:
        return HEADLINES[self.outcome]


def safe_name(name: str) -> str:
    """The file's own name without any folder part (a sent name never chooses where it is written)."""
    base = PurePath(str(name).replace("\\", "/")).name.strip().lstrip(".")
    return base or "form"


def csps_in_scope(scope: Scope, reference_dir: Path | None = None) -> frozenset[str] | None:
    """The CSP codes whose forms ``scope`` may send; None for every CSP (national)."""
    if scope.kind == "national":
        return None
    if scope.kind not in ("pcc", "csp"):
        return frozenset()
    forces = set(scope.force_area_codes)
    directory = csp_directory(reference_dir)
    return frozenset(scope.csp_codes) | {c.code for c in directory.csps.values() if c.force_area_code in forces}


def receive(
    uploads: Sequence[Upload],
    *,
    user: str,
    scope: Scope,
    warehouse_path: Path,
    reference_dir: Path | None = None,
) -> list[UploadOutcome]:
    """Check, ingest and audit each sent file (see the module's docstring); one outcome per file."""
    if scope.kind not in ("national", "pcc", "csp"):
        raise PermissionError("Only national, PCC and CSP users may send forms.")
    allowed = csps_in_scope(scope, reference_dir)
    # A CSP officer's files belong to their CSP even when too damaged to say so: the file then stays
    # in that CSP's quarantine (raw.ingested_files.sender_csp_code). A PCC or national account
    # covers many CSPs, so nothing is assumed for theirs.
    sender_csp = next(iter(allowed)) if scope.kind == "csp" and allowed is not None and len(allowed) == 1 else None
    warehouse_path = Path(warehouse_path)
    staging_root = warehouse_path.parent / STAGING_DIR_NAME
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=staging_root))
    outcomes: list[UploadOutcome | None] = [None] * len(uploads)
    to_ingest: list[tuple[int, Incoming]] = []
    try:
        for index, upload in enumerate(uploads):
            name = safe_name(upload.name)
            too_big = file_size_problem(name, len(upload.content))
            if too_big:
                outcomes[index] = UploadOutcome(name, "rejected", reasons=[too_big])
                continue
            # One folder per file: two files of the same name in one drop stay two files.
            path = staging / f"{index:03d}" / name
            path.parent.mkdir()
            path.write_bytes(upload.content)
            path.chmod(0o600)
            refusal = _outside_scope(path, name, allowed, reference_dir)
            if refusal is not None:
                outcomes[index] = refusal
                continue
            to_ingest.append((index, Incoming(path, file_name=name, sender_csp_code=sender_csp)))
        if to_ingest:
            results = ingest_files([incoming for _, incoming in to_ingest], warehouse_path, reference_dir=reference_dir)
            for (index, _), result in zip(to_ingest, results, strict=True):
                outcomes[index] = _outcome_of(result)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    done = [o for o in outcomes if o is not None]
    _audit(done, user, scope, warehouse_path)
    return done


def _outside_scope(
    path: Path, name: str, allowed: frozenset[str] | None, reference_dir: Path | None
) -> UploadOutcome | None:
    """A refusal if the file is a form of a CSP the user may not send for, else None."""
    if allowed is None:
        return None
    try:
        parsed = parse_file(path, sha256="", display_name=name, csps=csp_directory(reference_dir))
    except Exception:  # unreadable: ingest quarantines it with its reasons
        return None
    if parsed.csp_code is None or parsed.csp_code in allowed:
        return None
    directory = csp_directory(reference_dir)
    csp = directory.csps.get(parsed.csp_code)
    whose = csp.name if csp else parsed.csp_code
    return UploadOutcome(
        name,
        "refused",
        form_type=parsed.form_type,
        dhr_reference=parsed.dhr_reference,
        csp_code=parsed.csp_code,
        reasons=[
            f"{name}: this form is for {whose}, which your account does not cover. Nothing of it was kept. "
            "If it was sent to you by mistake, return it to its CSP; if your access is wrong, ask your administrator."
        ],
    )


def _outcome_of(result: FileResult) -> UploadOutcome:
    if result.status == "duplicate":
        outcome: Outcome = "already_received"
        reasons: list[str] = []
    elif result.status == "rejected":
        outcome, reasons = "rejected", [*result.errors, *result.notes]
    else:
        outcome = "accepted_with_warnings" if result.warnings else "accepted"
        reasons = list(result.warnings)
    return UploadOutcome(
        file_name=Path(result.file).name,
        outcome=outcome,
        form_type=result.form_type,
        dhr_reference=result.dhr_reference,
        csp_code=result.csp_code,
        records=dict(result.records),
        reasons=reasons,
        inferred=dict(result.inferred),
        sha256=result.sha256 or None,
    )


def _audit(outcomes: Sequence[UploadOutcome], user: str, scope: Scope, warehouse_path: Path) -> None:
    path = app_state.app_state_path(warehouse_path)
    with app_state.connect(path) as con:
        for o in outcomes:
            app_state.record_event(
                user,
                "form_uploaded",
                {
                    "file": o.file_name,
                    "outcome": o.outcome,
                    "sha256": o.sha256,
                    "form_type": o.form_type,
                    "dhr_reference": o.dhr_reference,
                    "csp_code": o.csp_code,
                    "scope": scope.kind,
                },
                con=con,
            )


#: The blank template of each form, as the page offers it beside a rejected file.
TEMPLATE_FILES: dict[str, str] = {
    "data_capture": "DHR data capture form (blank).xlsx",
    "scoping_review": "DHR scoping review (blank).docx",
    "action_plan": "DHR action plan (blank).xlsx",
}
#: Which forms a file of this kind could have been meant as, when its form could not be told.
_FORMS_BY_SUFFIX = {
    ".xlsx": ("action_plan", "data_capture"),
    ".xls": ("action_plan", "data_capture"),
    ".xlsm": ("action_plan", "data_capture"),
    ".docx": ("scoping_review", "action_plan"),
    ".doc": ("scoping_review", "action_plan"),
}


def templates_for(outcome: UploadOutcome) -> tuple[str, ...]:
    """The blank templates to offer beside a rejected file: its own form's, or, when its form could
    not be told, those of the forms a file of its kind can be (every form for anything else)."""
    if outcome.form_type in TEMPLATE_FILES:
        return (outcome.form_type,)
    return _FORMS_BY_SUFFIX.get(PurePath(outcome.file_name).suffix.lower(), tuple(TEMPLATE_FILES))


def template_bytes(form_type: str) -> tuple[str, bytes]:
    """A blank template of ``form_type`` (dhr.forms, the same as `dhr template`): file name and bytes."""
    from dhr.forms import write_template

    name = TEMPLATE_FILES[form_type]
    with tempfile.TemporaryDirectory() as folder:
        path = write_template(form_type, Path(folder) / name)
        return name, path.read_bytes()


@dataclass(frozen=True)
class UploadSummary:
    """Forms sent through the dashboards, from the audit log (`dhr status` shows them beside ingests)."""

    files: int
    by_outcome: dict[str, int]
    senders: int
    latest_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "by_outcome": dict(self.by_outcome),
            "senders": self.senders,
            "latest_at": self.latest_at.isoformat() if self.latest_at else None,
        }


def upload_summary(path: Path | None = None) -> UploadSummary:
    """How many files were sent through the dashboards, by outcome, by how many people, and when last."""
    events = app_state.audit_events(path, action="form_uploaded")
    by_outcome: dict[str, int] = {}
    for event in events:
        outcome = str(event.detail.get("outcome"))
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
    return UploadSummary(
        files=len(events),
        by_outcome=dict(sorted(by_outcome.items())),
        senders=len({e.actor for e in events}),
        latest_at=max((e.occurred_at for e in events), default=None),
    )
