"""Numbers and dates written for people: thousands separators, percentages with their denominators.

Pure functions, no Streamlit, so every page formats the same way and the rules are unit-tested.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

NOT_AVAILABLE = "–"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: int | float | None) -> str:
    """`12345` -> `12,345`; a missing value -> `–`."""
    if _is_missing(value):
        return NOT_AVAILABLE
    return f"{round(float(value)):,}"  # type: ignore[arg-type]


def pct(numerator: int | float | None, denominator: int | float | None) -> float | None:
    """numerator / denominator as a percentage, or None when the denominator is 0 or missing."""
    if _is_missing(numerator) or _is_missing(denominator) or not denominator:
        return None
    return 100.0 * float(numerator) / float(denominator)  # type: ignore[arg-type]


def fmt_pct(numerator: int | float | None, denominator: int | float | None, *, with_counts: bool = True) -> str:
    """A percentage that always says what it is a percentage of: `37% (112 of 301)`.

    Shares under 1% (but above 0) read `<1%` rather than a misleading `0%`; with a zero or missing
    denominator the result is `– (0 of 0)` because there is nothing to take a share of.
    """
    share = pct(numerator, denominator)
    if share is None:
        text = NOT_AVAILABLE
    elif 0 < share < 1:
        text = "<1%"
    elif 99 < share < 100:
        text = ">99%"
    else:
        text = f"{share:.0f}%"
    if not with_counts:
        return text
    return f"{text} ({fmt_int(numerator or 0)} of {fmt_int(denominator or 0)})"


def fmt_date(value: date | datetime | str | None) -> str:
    """A date the way the forms write it: `30/09/2026` (dd/mm/yyyy, design.md §1)."""
    if _is_missing(value) or value == "":
        return NOT_AVAILABLE
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def fmt_datetime(value: date | datetime | str | None) -> str:
    """A timestamp to the minute: `30/09/2026 14:05`."""
    if _is_missing(value) or value == "":
        return NOT_AVAILABLE
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return fmt_date(value)
    return value.strftime("%d/%m/%Y %H:%M")


def fmt_year_range(years: tuple[int, int] | None) -> str:
    """`2019–2023`, `2021`, or `all years`."""
    if years is None:
        return "all years"
    start, end = years
    return str(start) if start == end else f"{start}–{end}"


def dhr_name(reference: object) -> str:
    """A DHR as people name it: "DHR/2023/01" and "HB DHR 2023/001" as they are, "2023-01" as
    "DHR 2023-01" (CSPs' own references often carry "DHR" already; "DHR DHR/2023/01" is noise)."""
    text = "" if reference is None else str(reference).strip()
    return text if re.search(r"(?i)\bDHR\b", text) else f"DHR {text}".strip()


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 DHR`, `2 DHRs`, `1,204 actions`."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{fmt_int(count)} {word}"


#: Escaped wherever they are; a colon only when text follows it (':red[', ':material/', 'http:'),
#: so 'Emerging: ...' reads as it is written.
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]()<>!~$|&]|:(?=\S))")
_MD_LINE_START = re.compile(r"^([ \t]*)([#=+\-]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(value: object) -> str:
    """Text from a form (or a user) made literal for ``st.markdown``, ``st.caption``, ``st.info`` ...

    Backslash-escapes what Markdown, GitHub's extensions and Streamlit's own (``:red[...]``,
    ``:material/...:``, ``$math$``) would act on: images and links (``![x](...)``, ``<http://...>``,
    ``http:``), emphasis, code, tables, HTML, and a heading, list or rule at the start of a line.
    So ``![x](http://example.invalid/a.png)`` shows those characters and fetches nothing (issue 15).
    Blocks of sender text are shown with ``st.text`` instead; this is for text inside a sentence.
    """
    if value is None:
        return ""
    text = _MD_ANYWHERE.sub(r"\\\1", str(value))

    def line_start(match: re.Match[str]) -> str:
        indent, marker = match.group(1), match.group(2)
        if marker.isdigit():  # '1. item' -> '1\. item'
            return indent + marker + "\\"
        return indent + "\\" + marker

    return _MD_LINE_START.sub(line_start, text)
