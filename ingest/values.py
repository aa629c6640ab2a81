"""Turn what people type into form cells into typed values, or say precisely why not.

Every parser takes a raw cell value (str, int, float, bool, date, datetime, time or None, as
openpyxl, xlrd and python-docx give them) and returns the typed value, ``None`` for an empty
cell, or raises `CellError` whose message quotes the value and says what to write instead. The
message carries no location: the form parsers add file, sheet, row and field.

Dates are UK day/month/year (the forms print ``dd/mm/yyyy``, docs/design.md §1). A value that
could mean two different days is an error, never a guess (e.g. 'Q3 2024' could be a calendar or
a financial quarter).
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from form_contract.code_lists import CodeLists, code_lists
from form_contract.spec import Field


class CellError(ValueError):
    """A cell value that cannot be read as its field's kind; the message is for a CSP officer."""


class _NotAsked:
    """Marker for 'n/a' in a grid cell: the question is not asked of that subject (design.md §1.1)."""

    def __repr__(self) -> str:
        return "NOT_ASKED"


NOT_ASKED: Final = _NotAsked()

#: What people write in a grid cell for "this question does not apply to this subject".
_NOT_ASKED_WORDS = {"n a", "na", "not applicable", "not asked", "n/a"}

#: Two-digit years: 00-68 are 2000-2068, 69-99 are 1969-1999 (the POSIX/Python `%y` pivot).
_TWO_DIGIT_PIVOT = 69

#: Excel serial day numbers are read as dates only from 1950 on, so a stray number such as
#: 2024 typed into a date cell is an error rather than a day in 1905.
_EARLIEST_SERIAL_DATE = date(1950, 1, 1)
_EXCEL_EPOCH = date(1899, 12, 30)


def _month_numbers() -> dict[str, int]:
    months: dict[str, int] = {}
    for number in range(1, 13):
        months[calendar.month_name[number].lower()] = number
        months[calendar.month_abbr[number].lower()] = number
    months["sept"] = 9
    return months


_MONTHS = _month_numbers()

_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ISO = re.compile(r"(\d{4})\s*([\-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_D_MONTH_Y = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+([a-z]+)\.?,?[\s\-]+'?(\d{4}|\d{2})")
_MONTH_D_Y = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_Y = re.compile(r"([a-z]+)\.?[\s\-/,]+'?(\d{4}|\d{2})")
_NUMERIC_MONTH_Y = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{4})")
_QUARTER_FIRST = re.compile(r"q(?:uarter)?\s*([1-4])\s*,?\s*(?:of\s+)?(?:fy\s*)?(\d{4}|\d{2})\s*[/\-–]\s*(\d{4}|\d{2})")
_QUARTER_LAST = re.compile(r"(?:fy\s*)?(\d{4}|\d{2})\s*[/\-–]\s*(\d{4}|\d{2})\s*,?\s*q(?:uarter)?\s*([1-4])")
_QUARTER_NO_FY = re.compile(r"q(?:uarter)?\s*([1-4])\s*,?\s*(?:fy\s*)?(\d{4}|\d{2})|(\d{4})\s*q([1-4])")
#: Leading words people put before a target month ("by March 2025", "end of Q3 2024/25").
_TARGET_PREFIX = re.compile(r"^(?:by the end of|by end of|before the end of|before end of|the end of|end of|by|end)\s+")

_DATE_HINT = "write it as dd/mm/yyyy"
_TARGET_HINT = "write it as dd/mm/yyyy, a month such as 'Mar 2025', or a financial quarter such as 'Q3 2024/25'"


@dataclass(frozen=True)
class MonthCell:
    """A date cell formatted without a day (e.g. Excel 'mmm-yy' showing 'Mar-24').

    When someone types 'Mar 2024' Excel stores 01/03/2024 and shows 'Mar-24'; the reader hands
    such cells over as a month so a target date means the end of that month, as written, and a
    full-date field reports that no day was given.
    """

    year: int
    month: int

    def __str__(self) -> str:
        return f"{calendar.month_abbr[self.month]} {self.year}"


def is_blank(value: Any) -> bool:
    """True for an empty cell: None, or text that is only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A value as quoted in an error message: what the officer sees in the cell."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text if len(text) <= 60 else text[:57] + "..."


def parse_text(value: Any) -> str | None:
    """Text trimmed of surrounding space; empty becomes None. Numbers and dates are written out."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # A whole number typed into a general cell arrives as 34.0; keep what was typed.
        return str(int(value)) if value.is_integer() else repr(value)
    # Non-breaking spaces come in from Word and web pages; Windows line ends from pasted text.
    text = str(value).replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


_INTEGER_TEXT = re.compile(r"([+-]?\d+)(?:\.0+)?(?:\s*(?:years?|yrs?)(?:\s+old)?)?")


def parse_integer(value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """A whole number; 34.0 from Excel is 34, 34.5 is an error. Optional inclusive bounds."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"'{shown(value)}' is not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise CellError(f"'{shown(value)}' is not a whole number")
        number = int(value)
    elif isinstance(value, str):
        match = _INTEGER_TEXT.fullmatch(value.strip().lower())
        if match is None:
            raise CellError(f"'{shown(value)}' is not a whole number")
        number = int(match.group(1))
    else:
        raise CellError(f"'{shown(value)}' is not a whole number")
    if minimum is not None and number < minimum:
        raise CellError(f"{number} is too small: it must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise CellError(f"{number} is too large: it must be at most {maximum}")
    return number


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < _TWO_DIGIT_PIVOT else 1900
    return year


def _real_date(year: int, month: int, day: int, original: Any) -> date:
    if not 1 <= month <= 12:
        raise CellError(f"'{shown(original)}' is not a real date (there is no month {month}; dates are day/month/year)")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"'{shown(original)}' is not a real date") from None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _financial_quarter_end(quarter: int, start_text: str, end_text: str, original: Any) -> date:
    """End of a UK financial-year quarter: Q1 April-June ... Q4 January-March of the next year."""
    start, end = _year(start_text), _year(end_text)
    if end != start + 1:
        raise CellError(
            f"'{shown(original)}' is not a financial year: {start}/{str(start + 1)[-2:]} runs April {start} to March {start + 1}"
        )
    if quarter == 4:
        return date(end, 3, 31)
    return _month_end(start, quarter * 3 + 3)


def _excel_serial(value: float | int, hint: str) -> date:
    if not math.isfinite(value) or value < (_EARLIEST_SERIAL_DATE - _EXCEL_EPOCH).days or value > 2958465:
        raise CellError(f"'{shown(value)}' is not a date: {hint}")
    return _EXCEL_EPOCH + timedelta(days=int(value))


def parse_date(value: Any, *, month_only: bool = False) -> date | None:
    """A date from a date cell or from text in any of the accepted ways of writing one.

    Accepted: date/datetime cells; '31/03/2024', '31.3.24', '31-03-2024' (day/month/year);
    ISO '2024-03-31'; '3 February 2025', '3rd Feb 2025', 'February 3, 2025'; Excel serial
    numbers from a cell that lost its date format. With ``month_only`` (the `target_date` kind,
    003 L778 'TARGET DATE', 004 L4628 'e.g. Dec 2017'), also 'March 2025', 'Mar-24', '03/2025'
    (the last day of that month) and 'Q3 2024/25' (the last day of that financial quarter).
    """
    hint = _TARGET_HINT if month_only else _DATE_HINT
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, MonthCell):
        if not month_only:
            raise CellError(f"'{value}' has no day: write the whole date as dd/mm/yyyy")
        return _month_end(value.year, value.month)
    if isinstance(value, bool | time):
        raise CellError(f"'{shown(value)}' is not a date: {hint}")
    if isinstance(value, int | float):
        return _excel_serial(value, value)
    text = " ".join(str(value).replace("\xa0", " ").lower().split())
    if month_only:
        text = _TARGET_PREFIX.sub("", text)

    if match := _DMY.fullmatch(text):
        day, _, month, year = match.groups()
        return _real_date(_year(year), int(month), int(day), value)
    if match := _ISO.fullmatch(text):
        year, _, month, day = match.groups()
        return _real_date(int(year), int(month), int(day), value)
    if (match := _D_MONTH_Y.fullmatch(text)) and match.group(2) in _MONTHS:
        day, month_name, year = match.groups()
        return _real_date(_year(year), _MONTHS[month_name], int(day), value)
    if (match := _MONTH_D_Y.fullmatch(text)) and match.group(1) in _MONTHS:
        month_name, day, year = match.groups()
        return _real_date(int(year), _MONTHS[month_name], int(day), value)

    month_year: tuple[int, int] | None = None
    if (match := _MONTH_Y.fullmatch(text)) and match.group(1) in _MONTHS:
        month_year = (_year(match.group(2)), _MONTHS[match.group(1)])
    elif match := _NUMERIC_MONTH_Y.fullmatch(text):
        month_year = (int(match.group(2)), int(match.group(1)))
    if month_year is not None:
        year, month = month_year
        if not 1 <= month <= 12:
            raise CellError(f"'{shown(value)}' is not a real month")
        if not month_only:
            raise CellError(f"'{shown(value)}' has no day: write the whole date as dd/mm/yyyy")
        return _month_end(year, month)

    quarter: tuple[str, str, str] | None = None
    if match := _QUARTER_FIRST.fullmatch(text):
        quarter = (match.group(1), match.group(2), match.group(3))
    elif match := _QUARTER_LAST.fullmatch(text):
        quarter = (match.group(3), match.group(1), match.group(2))
    if quarter is not None:
        number, start, end = quarter
        if not month_only:
            raise CellError(f"'{shown(value)}' is a quarter, not a date: write the whole date as dd/mm/yyyy")
        return _financial_quarter_end(int(number), start, end, value)
    if _QUARTER_NO_FY.fullmatch(text):
        raise CellError(
            f"'{shown(value)}' is ambiguous (calendar or financial quarter?): write the financial year, "
            "e.g. 'Q3 2024/25', or a date"
        )
    if re.fullmatch(r"\d{4}", text):
        raise CellError(f"'{shown(value)}' is only a year: {hint}")
    raise CellError(f"'{shown(value)}' is not a date: {hint}")


def parse_code(value: Any, code_list: str, lists: CodeLists | None = None) -> str | None:
    """The canonical code of a value written as a label, a code or a known synonym."""
    text = parse_text(value)
    if text is None:
        return None
    lists = lists or code_lists()
    code = lists.resolve(code_list, text)
    if code is not None:
        return code
    labels = lists.labels(code_list)
    if len(labels) <= 10:
        raise CellError(f"'{shown(text)}' is not one of the choices: {', '.join(labels)}")
    close = difflib.get_close_matches(text, labels, n=3, cutoff=0.5)
    suggestion = f"; did you mean {or_list(close)}?" if close else "; choose from the drop-down list"
    raise CellError(f"'{shown(text)}' is not one of the choices{suggestion}")


def parse_grid_answer(value: Any, lists: CodeLists | None = None) -> str | _NotAsked | None:
    """A Yes / No / Not known grid cell (003 L757-759); 'n/a' means not asked of this subject."""
    text = parse_text(value)
    if text is None:
        return None
    if " ".join(re.sub(r"[^a-z/]+", " ", text.lower()).split()) in _NOT_ASKED_WORDS:
        return NOT_ASKED
    return parse_code(text, "yes_no_not_known", lists)


def parse_value(field: Field, value: Any, lists: CodeLists | None = None) -> Any:
    """Parse a cell for a spec field according to its kind (form_contract/spec.py)."""
    if field.kind == "date":
        return parse_date(value)
    if field.kind == "target_date":
        return parse_date(value, month_only=True)
    if field.kind == "integer":
        return parse_integer(value)
    if field.kind == "code" and field.code_list is not None:
        return parse_code(value, field.code_list, lists)
    return parse_text(value)


def or_list(items: list[str]) -> str:
    """'a', 'b' or 'c': suggestions as quoted in messages."""
    quoted = [f"'{item}'" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


# --------------------------------------------------------------------------------------------
# Reading values as people write them (issue 14): the mapping is recorded, never silent.
# --------------------------------------------------------------------------------------------
_CLAUSE_BREAK = re.compile(r"\s*(?:[-–—(;,:/]|\bx\d|\s\+\s)\s*")
#: A target date written as a recurrence or a state, not a date: no date, with a note (issue 14).
_NOT_A_DATE_WORDS = re.compile(
    r"^(?:ongoing|on-going|on going|continuous|continual|quarterly|monthly|annually|annual|yearly|weekly|"
    r"tbc|tba|tbd|to be confirmed|to be agreed|asap|as soon as possible|immediate(?:ly)?|n/?a|none|"
    r"not applicable|complete[d]?|in place|business as usual|bau)\b",
    re.IGNORECASE,
)


def loose_code(code_list: str, text: str, lists: CodeLists | None = None) -> str | None:
    """The code a free-text answer stands for ('yes - see report' -> yes, 'F' -> female), or None.

    Tried in order: the words before the first dash, bracket, comma or semicolon ('Yes – mobility
    (arthritis)'); the first word ('Yes x1 (2021)'); then the closest label or synonym whose words
    all appear in the answer ('white british'), by rapidfuzz's token-set ratio.
    """
    from rapidfuzz import fuzz, process

    lists = lists or code_lists()
    head = _CLAUSE_BREAK.split(text.strip(), maxsplit=1)[0]
    for candidate in (head, head.split()[0] if head.split() else ""):
        if candidate and (code := lists.resolve(code_list, candidate)) is not None:
            return code
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
    if len(folded) < 4:
        return None
    choices = lists.lookup_keys(code_list)
    best = process.extractOne(folded, choices, scorer=fuzz.token_set_ratio, score_cutoff=95)
    if best is None:
        return None
    # A one-word key found inside a longer answer is too weak a sign ('no' in 'no contact since').
    if len(best[0].split()) < 2 and len(folded.split()) > 2:
        return None
    return lists.resolve(code_list, best[0])


def not_a_date(value: Any) -> bool:
    """Whether a target date cell holds a word for 'no fixed date' ('Ongoing', 'Quarterly', 'TBC')."""
    return isinstance(value, str) and bool(_NOT_A_DATE_WORDS.match(value.strip()))


def month_of(value: Any) -> tuple[int, int] | None:
    """(year, month) from a value written as a month only ('June 2024', 'Aug 2024', a 'mmm-yy' cell)."""
    if isinstance(value, MonthCell):
        return value.year, value.month
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace("\xa0", " ").lower().split())
    text = _TARGET_PREFIX.sub("", text)
    if (match := _MONTH_Y.fullmatch(text)) and match.group(1) in _MONTHS:
        return _year(match.group(2)), _MONTHS[match.group(1)]
    if match := _NUMERIC_MONTH_Y.fullmatch(text):
        month = int(match.group(1))
        return (int(match.group(2)), month) if 1 <= month <= 12 else None
    return None
