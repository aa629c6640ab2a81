"""Forms sent through the dashboards (issue 17): the data layer's one write path for forms, and the
registers that show what was received.

``send_forms`` hands the files to ``dhr.uploads.receive`` (the path of `dhr ingest`, refused outside
the reader's scope, audited) and, when anything was accepted, asks the server's build queue
(``dhr.build_queue``) for a background rebuild. The pages go on reading the last good warehouse;
the cache is keyed by the warehouse file's identity, so the new figures appear on the next rerun
after the new file is swapped in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dashboards.data._core import _query, current_scope, warehouse_path
from dhr import uploads
from dhr.build_queue import QueueState, fast_lane, queue_for
from dhr.uploads import MAX_UPLOAD_BYTES, UploadOutcome, template_bytes, templates_for

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Sent",
    "UploadOutcome",
    "build_state",
    "get_files_received",
    "last_ticket",
    "send_forms",
    "template_bytes",
    "templates_for",
]

SQL_FILES_RECEIVED = """
select
    f.form_type, f.dhr_reference, f.csp_code, c.csp_name, f.quarantine_state, f.error_count, f.received_at,
    f.superseded_at, f.rejection_reasons
from marts.fct_files_received as f
left join marts.dim_csps as c on c.csp_code = f.csp_code
where ($csp_code is null or f.csp_code = $csp_code)
order by f.received_at desc, f.file_sha256
limit $limit
"""


@dataclass(frozen=True)
class Sent:
    """What became of the files sent together, and the build ticket when anything was accepted."""

    outcomes: list[uploads.UploadOutcome]
    ticket: int | None


def send_forms(files: Sequence[tuple[str, bytes]], user: str) -> Sent:
    """Check, ingest and audit the files as the signed-in ``user`` in their scope; rebuild in the
    background if any was accepted."""
    path = warehouse_path()
    outcomes = uploads.receive(
        [uploads.Upload(name, content) for name, content in files],
        user=user,
        scope=current_scope(),
        warehouse_path=path,
    )
    accepted = [o for o in outcomes if o.outcome in ("accepted", "accepted_with_warnings")]
    if not accepted:
        return Sent(outcomes, None)
    # The CSP board and the files received first (the fast lane), then every page (dhr/build_queue.py).
    lane = fast_lane(o.form_type for o in accepted)
    return Sent(outcomes, queue_for(path).request(lane, sender=user))


def last_ticket(user: str) -> int | None:
    """The last build ticket this server gave ``user`` (a reloaded page has lost its own)."""
    return queue_for(warehouse_path()).last_ticket(user)


def build_state() -> QueueState:
    """Whether the background rebuild runs, and whether a given ticket is live yet."""
    return queue_for(warehouse_path()).state()


def get_files_received(csp_code: str | None = None, limit: int = 200) -> pl.DataFrame:
    """Files received (``marts.fct_files_received``) in the reader's scope, newest first."""
    return _query(SQL_FILES_RECEIVED, csp_code=None if csp_code is None else str(csp_code), limit=int(limit))
