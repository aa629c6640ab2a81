"""Cell values: dates in every accepted form, target months and quarters, whole numbers, codes."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from ingest.values import (
    NOT_ASKED,
    CellError,
    MonthCell,
    parse_code,
    parse_date,
    parse_grid_answer,
    parse_integer,
    parse_text,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 3, 31), date(2024, 3, 31)),
        (datetime(2024, 3, 31, 0, 0), date(2024, 3, 31)),
        ("31/03/2024", date(2024, 3, 31)),
        ("1/4/2024", date(2024, 4, 1)),
        ("30.9.23", date(2023, 9, 30)),
        ("30-09-2023", date(2023, 9, 30)),
        (" 31/03/2024 ", date(2024, 3, 31)),
        ("31/03/2024 00:00:00", date(2024, 3, 31)),
        ("2024-03-31", date(2024, 3, 31)),
        ("2024-03-31T00:00:00", date(2024, 3, 31)),
        ("3 February 2025", date(2025, 2, 3)),
        ("3rd Feb 2025", date(2025, 2, 3)),
        ("3-Feb-25", date(2025, 2, 3)),
        ("Monday 3 February 2025", date(2025, 2, 3)),
        ("February 3, 2025", date(2025, 2, 3)),
        (45382, date(2024, 3, 31)),  # an Excel serial from a cell that lost its date format
        (None, None),
        ("  ", None),
    ],
)
def test_dates_in_every_accepted_format(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("March 2025", date(2025, 3, 31)),
        ("Mar-24", date(2024, 3, 31)),
        ("Mar 2024", date(2024, 3, 31)),
        ("Feb 2024", date(2024, 2, 29)),
        ("Sept 2024", date(2024, 9, 30)),
        ("by Dec 2017", date(2017, 12, 31)),
        ("03/2025", date(2025, 3, 31)),
        (MonthCell(2024, 3), date(2024, 3, 31)),
        ("Q1 2024/25", date(2024, 6, 30)),
        ("Q2 2024/25", date(2024, 9, 30)),
        ("Q3 2024/25", date(2024, 12, 31)),
        ("Q4 2024/25", date(2025, 3, 31)),
        ("Q3 2024-25", date(2024, 12, 31)),
        ("q4 24/25", date(2025, 3, 31)),
        ("2024/25 Q3", date(2024, 12, 31)),
        ("31/03/2025", date(2025, 3, 31)),
    ],
)
def test_target_dates_accept_months_and_financial_quarters(value, expected):
    assert parse_date(value, month_only=True) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2024", "'31/02/2024' is not a real date"),
        ("29/02/2023", "'29/02/2023' is not a real date"),
        ("12/31/2024", "no month 31"),
        ("soon", "'soon' is not a date"),
        ("2024", "only a year"),
        (2024, "'2024' is not a date"),
        ("March 2025", "has no day"),
        (MonthCell(2025, 3), "has no day"),
        ("Q3 2024/25", "a quarter, not a date"),
        (True, "is not a date"),
        (time(9, 30), "is not a date"),
    ],
)
def test_impossible_or_incomplete_dates_are_errors(value, message):
    with pytest.raises(CellError, match=message):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Q3 2024", "ambiguous"),
        ("2024 Q3", "ambiguous"),
        ("Q3 2024/26", "not a financial year"),
        ("Ongoing", "not a date"),
        ("13/2025", "not a real month"),
    ],
)
def test_ambiguous_target_dates_are_errors_never_guesses(value, message):
    with pytest.raises(CellError, match=message):
        parse_date(value, month_only=True)


@pytest.mark.parametrize(
    ("value", "expected"), [(34, 34), (34.0, 34), ("34", 34), (" 34 ", 34), ("34 years", 34), (None, None), ("", None)]
)
def test_integers(value, expected):
    assert parse_integer(value) == expected


@pytest.mark.parametrize("value", [34.5, "34.5", "thirty", True, "3/4"])
def test_non_whole_numbers_are_errors(value):
    with pytest.raises(CellError, match="is not a whole number"):
        parse_integer(value)


def test_integer_bounds():
    with pytest.raises(CellError, match="at least 1"):
        parse_integer(0, minimum=1)
    with pytest.raises(CellError, match="at most 120"):
        parse_integer(121, maximum=120)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Green", "green"),
        ("green ", "green"),
        ("G", "green"),
        ("GREEN", "green"),
        ("Complete", "complete"),
        ("COMPLETE", "complete"),
        ("Completed", "complete"),
        ("Amber", "amber"),
        ("A", "amber"),
        ("Red", "red"),
        ("R", "red"),
        ("RED - Action required", "red"),
        ("Action completed", "complete"),
    ],
)
def test_status_synonyms(value, expected):
    assert parse_code(value, "action_status") == expected


def test_code_labels_codes_and_unknowns():
    assert parse_code("DHR commissioned", "scoping_decision") == "commissioned"
    assert parse_code("not_known", "yes_no_not_known") == "not_known"
    assert parse_code("  ", "sex") is None
    with pytest.raises(CellError, match="'Purple' is not one of the choices: RED - Action required"):
        parse_code("Purple", "action_status")
    with pytest.raises(CellError, match="did you mean 'White: Irish'"):
        parse_code("White Irsh", "ethnicity")  # long lists suggest the closest labels


def test_grid_answers_and_not_asked():
    assert parse_grid_answer("Yes") == "yes"
    assert parse_grid_answer("not known") == "not_known"
    assert parse_grid_answer("n/a") is NOT_ASKED
    assert parse_grid_answer("N/A ") is NOT_ASKED
    assert parse_grid_answer(None) is None
    with pytest.raises(CellError):
        parse_grid_answer("Maybe")


def test_text_is_trimmed_and_empty_is_none():
    assert parse_text("  DHR 21-03 \n") == "DHR 21-03"
    assert parse_text("\xa0 ") is None
    assert parse_text(2103.0) == "2103"
    assert parse_text("line one\r\nline two") == "line one\nline two"
