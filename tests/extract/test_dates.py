from datetime import date

import pytest

from dossier.extract.dates import normalize_anchored, normalize_date
from dossier.records import DateValue

PUBLISHED = date(2024, 10, 11)  # a Friday


@pytest.mark.parametrize("text, start, end", [
    ("on Friday", "2024-10-11", "2024-10-11"),
    ("September last year", "2023-09", "2023-09"),  # published 2024-10-11
    ("the end of September last year", "2023-09", "2023-09"),
    ("in March this year", "2024-03", "2024-03"),
    ("last October", "2023-10", "2023-10"),  # the latest October before the report's month
    ("last March", "2024-03", "2024-03"),
    ("next March", "2025-03", "2025-03"),
    ("the end of 2021", "2021", "2021"),
    ("on Tuesday", "2024-10-08", "2024-10-08"),
    ("on 5 August", "2024-08-05", "2024-08-05"),
    ("5th of August", "2024-08-05", "2024-08-05"),
    ("October 1", "2024-10-01", "2024-10-01"),
    ("Sept. 12", "2024-09-12", "2024-09-12"),
    ("August 5, 2023", "2023-08-05", "2023-08-05"),
    ("last month", "2024-09", "2024-09"),
    ("later this month", "2024-10", "2024-10"),
    ("next month", "2024-11", "2024-11"),
    ("in 2016", "2016", "2016"),
    ("December 2021", "2021-12", "2021-12"),
    ("in July", "2024-07", "2024-07"),
    ("last year", "2023", "2023"),
    ("this week", "2024-10", "2024-10"),  # a week tells no one day: its month, as the analysts code it
    ("later this week", "2024-10", "2024-10"),
    ("last Thursday", "2024-10-10", "2024-10-10"),
    ("last Friday", "2024-10-04", "2024-10-04"),  # published on a Friday: the one before
    ("May 24 last year", "2023-05-24", "2023-05-24"),
    ("only last month", "2024-09", "2024-09"),
    ("fiscal 2025", "2025", "2025"),
    ("the summer", "2024", "2024"),  # the latest begun by the report
    ("the autumn of 2006", "2006", "2006"),  # a season of a year named: that year
    ("summer 2016", "2016", "2016"),
    ("between 2024 and 2026", "2024", "2026"),  # a range: from the first
    ("Jan 31, days", "2024-01-31", "2024-01-31"),  # the model ran the date on past a comma
    ("Saturday, October 5", "2024-10-05", "2024-10-05"),
    ("yesterday", "2024-10-10", "2024-10-10"),
    ("three weeks ago", "2024-09-20", "2024-09-20"),
    ("the 1990s", "1990", "1999"),
    ("this summer", "2024", "2024"),
    ("last winter", "2023", "2023"),
    ("2024-08-05", "2024-08-05", "2024-08-05"),
])
def test_dates_resolve_against_publication(text, start, end):
    value = normalize_date(text, PUBLISHED)
    assert (value.start, value.end, value.text) == (start, end, text)


def test_future_weekday_looks_ahead():
    assert normalize_date("on Tuesday", PUBLISHED, future=True).start == "2024-10-15"


def test_a_planned_season_is_the_next_not_over():
    assert normalize_date("in the summer", PUBLISHED, future=True).start == "2025"
    assert normalize_date("in the autumn", PUBLISHED, future=True).start == "2024"


def test_december_in_a_march_report_is_last_december():
    assert normalize_date("in December", date(2024, 3, 2)).start == "2023-12"


@pytest.mark.parametrize("text", ["on Friday", "last month", "on 5 August", "this week"])
def test_relative_dates_stay_unresolved_without_publication(text):
    value = normalize_date(text, None)
    assert (value.start, value.end, value.text) == (None, None, text)


@pytest.mark.parametrize("text", ["in 2016", "December 2021"])
def test_absolute_dates_resolve_without_publication(text):
    assert normalize_date(text, None).start is not None


@pytest.mark.parametrize("text", ["the first time", "decades", "a long time", "the weekly", "in 24 years", "for 10 days"])
def test_non_dates_give_nothing(text):
    assert normalize_date(text, PUBLISHED) is None


@pytest.mark.parametrize("text, anchor, start", [
    ("that day", "2022-09-16", "2022-09-16"),
    ("the same day", "2022-09-16", "2022-09-16"),
    ("a day earlier", "2022-09-16", "2022-09-15"),
    ("five days later", "2022-09-16", "2022-09-21"),
    ("the next day", "2022-09-16", "2022-09-17"),
    ("that month", "2022-09-16", "2022-09"),
    ("that July", "2023-03", "2023-07"),
    ("earlier that year", "2023-03", "2023"),
    ("a month later", "2023-03", "2023-04"),
    ("a day earlier", "2023-03", "2023-03"),  # the anchor is too coarse for a day: the month it gives
    ("the next day", "2023-09", "2023-09"),
    ("days later", "2022-09-16", "2022-09"),  # a few days: the month
    ("Only days earlier", "2022-09-16", "2022-09"),
    ("hours later", "2022-09-16", "2022-09-16"),
    ("at the time", "2012-06", "2012-06"),
    ("later that night", "2022-09-16", "2022-09-16"),
    ("November that year", "2019", "2019-11"),
    ("March of that year", "2019-05", "2019-03"),
    ("on Friday", "2022-09-16", None),  # not relative to the anchor
])
def test_dates_relative_to_one_the_text_gave(text, anchor, start):
    value = normalize_anchored(text, DateValue(anchor, anchor, anchor))
    assert (value.start if value else None) == start


@pytest.mark.parametrize("text, published", [
    ("yesterday", date.min), ("last week", date.min), ("three days ago", date.min), ("last year", date.min),
    ("on Monday", date.min), ("last month", date.min), ("tomorrow", date.max), ("next week", date.max),
    ("next year", date.max), ("next month", date.max),
])
def test_dates_at_the_ends_of_the_calendar_never_raise(text, published):
    value = normalize_date(text, published)
    assert value is None or all(part and 1 <= int(part[:4]) <= 9999 for part in (value.start, value.end))


def test_an_anchored_shift_past_the_calendar_is_no_date():
    assert normalize_anchored("a day earlier", DateValue("0001-01-01", "0001-01-01", "x")) is not None
    assert normalize_anchored("two years earlier", DateValue("0001", "0001", "x")) is None
