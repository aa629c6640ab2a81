"""The content-addressed raw store: every file received, by sha256, with a receipt beside it.

design.md §2: each received file is copied to `<raw_files>/<sha256[:2]>/<sha256><suffix>` before it
is parsed (ingest/load.py `store_raw_copy`). Beside it this module keeps a small receipt,
`<sha256>.received.json`: the file's name and the time it was first received. The receipt is
written once and never changed, so the time a file was received is the same however often it is
sent again; `raw.ingested_files.ingested_at` is that time. With the receipts the raw store alone
is enough to recreate the warehouse (`dhr rebuild`, dhr/rebuild.py): every file, in the order it
was received, under the name it was sent with.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

RECEIPT_SUFFIX = ".received.json"
_STORED_NAME = re.compile(r"^([0-9a-f]{64})(\.[^.]+)?$")


@dataclass(frozen=True)
class Receipt:
    """When a file was first received, the name it was sent with, and the CSP of the account that
    sent it through the dashboards when that account covers one CSP (issue 17: a file too damaged
    to say its CSP stays in that CSP's quarantine)."""

    file_name: str
    received_at: datetime
    sender_csp_code: str | None = None


@dataclass(frozen=True)
class StoredFile:
    """A file in the raw store and its receipt."""

    path: Path
    sha256: str
    receipt: Receipt


def receipt_path(raw_store_dir: Path, sha256: str) -> Path:
    return Path(raw_store_dir) / sha256[:2] / f"{sha256}{RECEIPT_SUFFIX}"


def read_receipt(raw_store_dir: Path, sha256: str) -> Receipt | None:
    path = receipt_path(raw_store_dir, sha256)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sender = data.get("sender_csp_code")
        return Receipt(
            str(data["file_name"]), datetime.fromisoformat(data["received_at"]), str(sender) if sender else None
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_receipt(raw_store_dir: Path, sha256: str, receipt: Receipt, *, replace: bool = False) -> Receipt:
    """Write the receipt of a stored file, atomically; an existing receipt is kept and returned
    (unless `replace`, used only to backfill receipts from a warehouse's own records)."""
    existing = read_receipt(raw_store_dir, sha256)
    if existing is not None and not replace:
        return existing
    path = receipt_path(raw_store_dir, sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = {"file_name": receipt.file_name, "received_at": receipt.received_at.isoformat()}
    if receipt.sender_csp_code:
        fields["sender_csp_code"] = receipt.sender_csp_code
    body = json.dumps(fields, indent=1)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body + "\n")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return receipt


def record_receipt(
    raw_store_dir: Path,
    sha256: str,
    file_name: str,
    received_at: datetime | None = None,
    sender_csp_code: str | None = None,
) -> Receipt:
    """The receipt of a file just stored: the one already there, else a new one (now, UTC)."""
    when = received_at or datetime.now(UTC).replace(tzinfo=None)
    return write_receipt(raw_store_dir, sha256, Receipt(file_name, when, sender_csp_code))


def stored_files(raw_store_dir: Path) -> list[StoredFile]:
    """Every file in the raw store, in the order received (then by sha256).

    A file without a receipt (stored before receipts were kept) is dated by its modification time
    and named by its stored name.
    """
    found: list[StoredFile] = []
    root = Path(raw_store_dir)
    if not root.is_dir():
        return found
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            match = _STORED_NAME.match(path.name)
            if not match or not path.is_file():
                continue  # receipts, '.incoming-' temporaries
            sha = match.group(1)
            receipt = read_receipt(root, sha) or Receipt(
                path.name, datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
            )
            found.append(StoredFile(path, sha, receipt))
    found.sort(key=lambda f: (f.receipt.received_at, f.sha256))
    return found
