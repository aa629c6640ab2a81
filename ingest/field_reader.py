"""Read spec fields out of grid cells, recording every problem with its place on the form.

Shared by the three form parsers: parse a cell by its field's kind, check required fields, read
a 'label | value' header block and resolve the CSP. Problems are collected, never raised, so one
file reports all its errors at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from form_contract.code_lists import CodeLists, code_lists
from form_contract.spec import CSP, Field
from ingest.csp_names import CspDirectory, UnknownName
from ingest.parsed import Problems, Row
from ingest.readers import Grid, KeyValue
from ingest.values import CellError, is_blank, loose_code, month_of, not_a_date, parse_text, parse_value, shown

_UNREAD = object()  # a value that could not be read at all: the error is reported

#: Ages are years at the time of the incident (003 L1086); anything outside this is a typing slip.
AGE_RANGE = (0, 120)


class FieldReader:
    """Parses cells for fields and reports problems into one `Problems`."""

    def __init__(
        self,
        problems: Problems,
        lists: CodeLists | None = None,
        csps: CspDirectory | None = None,
        warnings: Problems | None = None,
    ) -> None:
        self.problems = problems
        self.warnings = warnings if warnings is not None else Problems(problems.file_name)
        self.lists = lists or code_lists()
        self.csps = csps
        #: Values the form did not state in a labelled field: name -> (value, where it came from).
        self.inferred: dict[str, tuple[Any, str]] = {}

    def report(
        self,
        message: str,
        grid: Grid | None = None,
        row: int | None = None,
        label: str | None = None,
        rank: int | None = None,
    ) -> None:
        self.problems.add(message, where=grid.where if grid else None, row=row, label=label, rank=rank)

    def warn(self, message: str, grid: Grid | None = None, row: int | None = None, label: str | None = None) -> None:
        """Something the officer should know about a file that is still accepted (issue 14)."""
        self.warnings.add(message, where=grid.where if grid else None, row=row, label=label)

    def parse(
        self, f: Field, value: Any, grid: Grid, row: int, label: str | None = None, record: Row | None = None
    ) -> Any:
        """The typed value of a cell, or None after reporting why it cannot be read.

        Read as people write (issue 14): a coded answer typed as words is mapped to its code, a
        full date written as a month is kept as the first of that month, a target date written as
        'Ongoing' or 'Quarterly' is no date; each is a warning, and what was written is kept in the
        row's `as_written` (when `record` is given). An answer that maps to no code is kept there
        as written, with a warning, never dropped. Impossible and ambiguous dates stay errors.
        """
        try:
            parsed = parse_value(f, value, self.lists)
        except CellError as exc:
            parsed = self._lenient(f, value, exc, grid, row, label or f.label, record)
            if parsed is _UNREAD:
                return None
        if (
            f.kind == "code"
            and f.code_list
            and parsed is not None
            and isinstance(value, str)
            and not self.lists.is_as_written(f.code_list, value)
        ):
            # 'F', 'white british', 'N/K': read into the code list, and the reading is said (issue 14).
            if record is not None:
                record.setdefault("as_written", {})[f.name] = value.strip()
            self.warn(
                f"'{shown(value)}' read as '{self.lists.label(f.code_list, parsed)}'", grid, row, label or f.label
            )
        if f.name == "age" and parsed is not None and not AGE_RANGE[0] <= parsed <= AGE_RANGE[1]:
            self.report(f"{parsed} is not an age in years (0 to {AGE_RANGE[1]})", grid, row, label or f.label)
            return None
        return parsed

    def _lenient(
        self, f: Field, value: Any, exc: CellError, grid: Grid, row: int, label: str, record: Row | None
    ) -> Any:
        text = parse_text(value) or ""
        if f.kind == "code" and f.code_list is not None:
            code = loose_code(f.code_list, text, self.lists)
            if record is not None:
                record.setdefault("as_written", {})[f.name] = text
            if code is not None:
                self.warn(f"'{shown(text)}' read as '{self.lists.label(f.code_list, code)}'", grid, row, label)
                return code
            self.warn(f"'{shown(text)}' is not one of the choices: kept as written, and not counted", grid, row, label)
            return None
        if f.kind == "target_date" and (
            not_a_date(value) or (isinstance(value, str) and not any(ch.isdigit() for ch in value))
        ):
            if record is not None:
                record.setdefault("as_written", {})[f.name] = text
            self.warn(f"'{shown(text)}' is not a date: kept as written, with no target date", grid, row, label)
            return None
        if f.kind == "date" and (month := month_of(value)) is not None:
            if record is not None:
                record.setdefault("as_written", {})[f.name] = text or shown(value)
            day = date(month[0], month[1], 1)
            self.warn(
                f"'{shown(value)}' gives a month, not a day: read as {day:%B %Y} (1 {day:%b %Y})", grid, row, label
            )
            return day
        self.report(str(exc), grid, row, label)
        return _UNREAD

    def required(self, f: Field, parsed: Any, raw: Any, grid: Grid, row: int, label: str | None = None) -> None:
        """Report a required field left blank (a value that failed to parse is already reported)."""
        if f.required and parsed is None and is_blank(raw):
            self.report("required, but the cell is blank", grid, row, label or f.label)

    def resolve_csp(self, written: str | None, grid: Grid, row: int | None, label: str | None = None) -> str | None:
        if written is None or self.csps is None:
            return None
        try:
            return self.csps.resolve(written)
        except UnknownName as exc:
            self.report(str(exc), grid, row, label or CSP.label)
            return None

    def header_block(
        self, grid: Grid, fields: Sequence[Field], found: dict[str, KeyValue], *, where_to_add: str
    ) -> Row:
        """A row from a 'label | value' block; missing or blank required fields are reported.

        `where_to_add` finishes the message for a missing label, e.g. "in column A, with the
        value in column B".
        """
        row: Row = {}
        for f in fields:
            kv = found.get(f.name)
            if kv is None:
                row[f.name] = None
                if f.required:
                    self.report(f"'{f.label}' is missing: add it {where_to_add}", grid, rank=0)
                continue
            parsed = self.parse(f, kv.value, grid, kv.row, kv.label, record=row)
            self.required(f, parsed, kv.value, grid, kv.row, kv.label)
            row[f.name] = parsed
        return row
