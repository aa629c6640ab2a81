"""What parsing one file gives: the raw rows it would load, and every problem found in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from form_contract.spec import ALL_RAW_TABLES

Row = dict[str, Any]


class FormRejected(Exception):
    """The whole file cannot be read as a form (wrong format, damaged, not a DHR form)."""


@dataclass
class Problems:
    """Collects every problem in a file, each worded to point a CSP officer at the cell to fix.

    Messages read like: ``DHR 21-03 action plan.xlsx, sheet 'Action plan', row 14, 'Target date':
    '31/02/2024' is not a real date``; parts that do not apply are left out.
    """

    file_name: str
    messages: list[str] = field(default_factory=list)

    def add(self, message: str, *, where: str | None = None, row: int | None = None, label: str | None = None) -> None:
        parts = [self.file_name]
        if where:
            parts.append(where)
        if row is not None:
            parts.append(f"row {row}")
        if label:
            parts.append(f"'{label}'")
        self.messages.append(f"{', '.join(parts)}: {message}")

    def __bool__(self) -> bool:
        return bool(self.messages)

    def __len__(self) -> int:
        return len(self.messages)


@dataclass
class ParsedForm:
    """One file parsed: the rows for each raw table (keyed by raw column name) and its problems.

    Rows carry the lineage columns `source_sheet` and `source_row`; `file_sha256` is filled in by
    `ingest.parse.parse_file`. A form with any error is rejected whole: none of its rows load.
    """

    form_type: str | None
    file_name: str
    csp_code: str | None = None
    dhr_reference: str | None = None
    rows: dict[str, list[Row]] = field(default_factory=dict)  # raw table name -> rows
    errors: list[str] = field(default_factory=list)
    extra_counts: dict[str, int] = field(default_factory=dict)  # e.g. recommendations
    #: Things the officer should know that do not reject the file (extra columns ignored, hidden
    #: sheets skipped, free text withheld); kept in `raw.ingested_files.notes`, not in --json.
    notes: list[str] = field(default_factory=list)
    #: Free-text privacy findings (ingest/privacy_scan.py), loaded into `raw.text_findings`.
    text_findings: list[Row] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.form_type is not None and not self.errors

    def record_counts(self) -> dict[str, int]:
        """`{record_kind: rows}` for each raw table with rows, plus extra counts (design.md §2)."""
        kinds = {t.name: t.record_kind for t in ALL_RAW_TABLES}
        counts = {kinds[name]: len(rows) for name, rows in self.rows.items() if rows}
        counts.update(self.extra_counts)
        return counts
