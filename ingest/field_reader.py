"""Read spec fields out of grid cells, recording every problem with its place on the form.

Shared by the three form parsers: parse a cell by its field's kind, check required fields, read
a 'label | value' header block and resolve the CSP. Problems are collected, never raised, so one
file reports all its errors at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from form_contract.code_lists import CodeLists, code_lists
from form_contract.spec import CSP, Field
from ingest.csp_names import CspDirectory, UnknownName
from ingest.parsed import Problems, Row
from ingest.readers import Grid, KeyValue
from ingest.values import CellError, is_blank, parse_value

#: Ages are years at the time of the incident (003 L1086); anything outside this is a typing slip.
AGE_RANGE = (0, 120)


class FieldReader:
    """Parses cells for fields and reports problems into one `Problems`."""

    def __init__(self, problems: Problems, lists: CodeLists | None = None, csps: CspDirectory | None = None) -> None:
        self.problems = problems
        self.lists = lists or code_lists()
        self.csps = csps

    def report(self, message: str, grid: Grid | None = None, row: int | None = None, label: str | None = None) -> None:
        self.problems.add(message, where=grid.where if grid else None, row=row, label=label)

    def parse(self, f: Field, value: Any, grid: Grid, row: int, label: str | None = None) -> Any:
        """The typed value of a cell, or None after reporting why it cannot be read."""
        try:
            parsed = parse_value(f, value, self.lists)
        except CellError as exc:
            self.report(str(exc), grid, row, label or f.label)
            return None
        if f.name == "age" and parsed is not None and not AGE_RANGE[0] <= parsed <= AGE_RANGE[1]:
            self.report(f"{parsed} is not an age in years (0 to {AGE_RANGE[1]})", grid, row, label or f.label)
            return None
        return parsed

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

    def header_block(self, grid: Grid, fields: Sequence[Field], found: dict[str, KeyValue], *, where_to_add: str) -> Row:
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
                    self.report(f"'{f.label}' is missing: add it {where_to_add}", grid)
                continue
            parsed = self.parse(f, kv.value, grid, kv.row, kv.label)
            self.required(f, parsed, kv.value, grid, kv.row, kv.label)
            row[f.name] = parsed
        return row
