"""What parsing one file gives: the raw rows it would load, and every problem found in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from form_contract.spec import ALL_RAW_TABLES

Row = dict[str, Any]


class FormRejected(Exception):
    """The whole file cannot be read as a form (wrong format, damaged, not a DHR form)."""


#: How urgent a problem is, so a file's messages lead with the one fix that matters (issue 14):
#: what makes the file unusable, then whole columns or fields, then single cells.
FILE_LEVEL, COLUMN_LEVEL, CELL_LEVEL = 0, 1, 2


@dataclass(frozen=True)
class _Entry:
    rank: int
    where: str | None
    label: str | None
    message: str
    row: int | None


def _row_ranges(rows: list[int]) -> str:
    """[5, 6, 7, 9] -> 'rows 5-7, 9'."""
    rows = sorted(set(rows))
    parts: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{start}-{prev}" if prev > start else str(start))
        if r is not None:
            start = prev = r
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(parts)


@dataclass
class Problems:
    """Collects every problem (or warning) in a file, each worded to point a CSP officer at the cell.

    Messages read like: ``DHR 21-03 action plan.xlsx, sheet 'Action plan', row 14, 'Target date':
    '31/02/2024' is not a real date``; parts that do not apply are left out. `messages` puts the
    most urgent first (`rank`) and folds the same message about the same column on many rows into
    one line ("... 'Status': required, but the cell is blank (rows 5-16)"), so the one real fix is
    not buried under twenty copies of another.
    """

    file_name: str
    entries: list[_Entry] = field(default_factory=list)

    def add(
        self,
        message: str,
        *,
        where: str | None = None,
        row: int | None = None,
        label: str | None = None,
        rank: int | None = None,
    ) -> None:
        if rank is None:
            rank = CELL_LEVEL if row is not None else COLUMN_LEVEL
        self.entries.append(_Entry(rank, where, label, message, row))

    @property
    def messages(self) -> list[str]:
        groups: dict[tuple, list[_Entry]] = {}
        for entry in self.entries:
            groups.setdefault((entry.rank, entry.where, entry.label, entry.message), []).append(entry)
        lines: list[tuple[int, int, str]] = []
        for order, ((rank, where, label, message), entries) in enumerate(groups.items()):
            parts = [self.file_name]
            if where:
                parts.append(where)
            rows = sorted({e.row for e in entries if e.row is not None})
            if len(rows) == 1:
                parts.append(f"row {rows[0]}")
            if label:
                parts.append(f"'{label}'")
            text = f"{', '.join(parts)}: {message}"
            if len(rows) > 1:
                text += f" ({len(rows)} rows: {_row_ranges(rows).removeprefix('rows ')})"
            lines.append((rank, order, text))
        return [text for _, _, text in sorted(lines)]

    def __bool__(self) -> bool:
        return bool(self.entries)

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
    #: What was inferred, mapped or left out, in plain words: the file is accepted, and these say
    #: how it was read ("the reporting date was taken from the file name"). In `dhr ingest --json`.
    warnings: list[str] = field(default_factory=list)
    #: Values the file did not state in a labelled place, and where they came from, e.g.
    #: {"csp": ("Stockport", "title"), "progress_as_at": (None, "not in the file")}: for --json.
    inferred: dict[str, tuple[Any, str]] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.form_type is not None and not self.errors

    def record_counts(self) -> dict[str, int]:
        """`{record_kind: rows}` for each raw table with rows, plus extra counts (design.md §2)."""
        kinds = {t.name: t.record_kind for t in ALL_RAW_TABLES}
        counts = {kinds[name]: len(rows) for name, rows in self.rows.items() if rows}
        counts.update(self.extra_counts)
        return counts
