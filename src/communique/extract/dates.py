"""Date expressions: find them in a parsed document and resolve them to ISO values.

`resolve_date` turns one expression ("on Dec. 22 last year", "Tuesday", "early 2024")
into `(value, granularity)`; `find_dates` finds the expressions in a spaCy `Doc` and
returns `DateRef`s whose offsets cover the date expression proper (no leading
preposition, no trailing "(Washington D.C. time)").

Design. A small deterministic grammar handles the forms news text uses: it normalises
the expression, rejects anything containing a word outside a closed date vocabulary
(so durations such as "five consecutive years", "two years of war", "42-day", and
vague phrases such as "an early date", "recent years", "now" never resolve), and then
applies the rules below. dateparser is kept as the fallback for all-numeric forms
("02/20/2024", "20.02.2024"); its parser is created once per (publication date,
future) and cached. Most entities therefore never reach dateparser, which keeps the
per-document cost low.

Rules (the spec):
- A day or month without a year takes the publication year ("March 10" published
  2024-02-20 is 2024-03-10), except that a date more than `YEAR_ROLLOVER_DAYS` on the
  "wrong" side of publication rolls over: "Dec. 3" in a past-tense sentence published
  2024-01-05 is 2023-12-03, "January 15" in a future sentence published 2024-12-20 is
  2025-01-15. Set `YEAR_ROLLOVER_DAYS = None` to disable.
- A bare weekday ("Tuesday", "on Sunday") is the most recent such day on or before
  publication (0-6 days back), or with `future=True` the next such day on or after it
  (0-6 days ahead). "last Tuesday" is strictly before publication (1-7 days back),
  "next"/"coming Tuesday" strictly after (1-7 days ahead), "this Tuesday" follows
  `future`.
- "today"/"tonight"/"this morning", "yesterday"/"last night", "tomorrow" → day.
- "last/this/next month" → month; "last/this/next year" → year; "last/this/next
  December" → the month in the previous/current/next year relative to publication.
- "N days/weeks ago" → day, "N months ago" → month, "N years ago" → year.
- "Dec. 22 last year" / "March this year" / "June next year" shift the year.
- Qualifiers "early", "late", "mid", "the end/beginning/start/middle of", "the
  first half of" keep the granularity of what they qualify ("late September" →
  month, "early 2024" → year, "late on Tuesday" → day); "the end of the year" is
  read as this year (year granularity), "the end of the month" as this month.
- No date is produced for: durations and counts ("15 months", "30 days", "weeks",
  "for more than a century", "73-year-old"), ranges ("2023-24", "March 3 to March 5"
  as a whole — `find_dates` still finds "March 3" and "March 5" separately), weeks
  ("this week", "last week", "the weekend"), decades ("the 1990s"), vague time
  ("now", "recently", "the past", "an early date", "the coming weeks"), and dates
  anchored to another event rather than to publication ("two days later", "the
  following day", "two days before the vote", "the eve of ..."): `resolve_date`
  skips them; `find_dates` anchors the simple ones (below).
- Without a publication date only expressions carrying their own year resolve.

find_dates:
- Candidates are spaCy DATE/TIME entities (two entities separated only by spaces or
  a comma are first tried as one expression: "Dec. 22" + "last year"), then a regex
  pass for what the recogniser misses or splits ("Feb 20" in a dateline, "late
  September", "Feb. 5" in "Feb. 5-8"). A regex hit overlapping an already resolved
  entity is dropped unless it contains it and is at least as fine.
- `future` is decided from the parse: walk from the entity root up the heads to the
  nearest VERB/AUX; future if it has an aux "will"/"shall"/"'ll"/"may"/"might" (and
  no "have"), if it is "scheduled/slated/expected/planned/due" (not in a finite past
  tense), if it is the xcomp of "be"/"plan"/"due"/"set"/"expect"/"intend"/"aim"/
  "going"... ("is to visit", "are due to resume", "is set to vote"; "was due to
  begin" stays past), through conjuncts sharing the auxiliary; also after "ahead
  of" ("ahead of Thursday's vote"). Otherwise past.
- Anchored relatives ("N days/weeks later/earlier/after/before", "the next/
  following/previous day", "the day after/before") resolve against the nearest
  preceding day-granularity date of the same or the two previous sentences (never a
  dateline date); with no such anchor they are skipped.
- `datelines=False` drops dates inside a leading dateline ("UNITED NATIONS, Feb 20 —").
  Annotators tend to list only event dates, so callers building `Document.dates` may
  want it; the default keeps them.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right, insort
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from dateparser.date import DateDataParser

from communique.model import DateRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["YEAR_ROLLOVER_DAYS", "find_dates", "resolve_date"]

#: A yearless date further than this from publication, on the side the tense does not
#: point to, is moved to the adjacent year. None disables the roll-over (results are
#: cached: call `_resolve_core.cache_clear()` after changing it at run time).
YEAR_ROLLOVER_DAYS: int | None = 183

_MAX_EXPRESSION = 120  # longer strings are not date expressions

# ---------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "tues": 1, "weds": 2, "thurs": 3,
}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_UNITS: dict[str, str] = {
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
    "months": "month", "year": "year", "years": "year",
}
_ORDINAL_WORDS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
         "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
         "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth")
    )
}
_ORDINAL_WORDS |= {f"twenty {w}": 20 + n for w, n in list(_ORDINAL_WORDS.items())[:9]}
_ORDINAL_WORDS |= {"thirtieth": 30, "thirty first": 31}

_RELATIVE = {"last": -1, "this": 0, "next": 1, "coming": 1}
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_TIME_OF_DAY = {"morning", "afternoon", "evening", "night", "noon", "midday", "midnight",
                "overnight", "dawn", "dusk"}
# Qualifiers that keep the granularity of what they qualify.
_QUALIFIERS = {"early", "earlier", "late", "later", "mid", "middle", "end", "beginning",
               "start", "half", "quarter", "first", "second", "third", "fourth"}
_PERIOD_QUALIFIERS = {"end", "beginning", "start", "middle", "mid"}
_FILLERS = {"the", "of", "on", "in", "at"}
_ALLOWED = (set(_MONTHS) | set(_WEEKDAYS) | set(_NUMBER_WORDS) | set(_UNITS)
            | set(_RELATIVE) | set(_DAY_WORDS) | _TIME_OF_DAY | _QUALIFIERS | _FILLERS
            | {"ago"})

# ---------------------------------------------------------------------------------------
# Trimming: the date expression proper inside an entity / phrase
# ---------------------------------------------------------------------------------------

_MONTH_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
_LEAD_RE = re.compile(
    r"""^(?:
        [\s,;:(\[\"'“”‘’—–-]+
      | (?:(?:early|late|earlier|later)\s+on
        | as\s+(?:of|from|early\s+as|late\s+as|soon\s+as)
        | no[t]?\s+(?:later|earlier)\s+than | not\s+(?:before|until) | up\s+to
        | the\s+(?:early\s+)?(?:morning|afternoon|evening|night|hours)\s+of
        | the\s+early\s+hours\s+of | the\s+weekend\s+of
        | (?:starting|beginning|effective)(?!\s+of\b)
        | on|by|since|until|till|til|from|in|at|before|after|during|through|throughout
        | to|around|about|circa|approximately|sometime|some\s+time
        )\b[\s,]*
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_TRAIL_RE = re.compile(
    r"""(?:
        \s*\([^()]*\)
      | \s*[’']s
      | ,?\s+(?:local\s+time|gmt|utc|et|est|edt|cet|cest|bst)
      | [\s,;:!?\"“”‘’—–)\]-]+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_ABBR_DOT_RE = re.compile(rf"\b{_MONTH_ABBR}\.$", re.IGNORECASE)


def _core_bounds(expression: str) -> tuple[int, int]:
    """(start, end) of the date expression proper inside `expression`."""
    start, end = 0, len(expression)
    while start < end:
        m = _LEAD_RE.match(expression, start, end)
        if not m or m.end() == start:
            break
        start = m.end()
    while start < end:
        piece = expression[start:end]
        m = _TRAIL_RE.search(piece)
        if m and m.start() < len(piece):
            end = start + m.start()
            continue
        if piece.endswith(".") and not _ABBR_DOT_RE.search(piece):
            end -= 1
            continue
        break
    return start, max(start, end)


# ---------------------------------------------------------------------------------------
# Normalisation and the rule layer
# ---------------------------------------------------------------------------------------

_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_NUMERIC_RE = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{4}$|^\d{4}[/.]\d{1,2}[/.]\d{1,2}$")
_CLOCK_RE = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?)|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
_ORDINAL_SUFFIX_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_ORDINAL_OF_RE = re.compile(
    r"\b(" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + r")\s+of\b"
)
_PUNCT_RE = re.compile(r"[.,;:()\[\]\"'“”‘’!?/]")
_DASH_RE = re.compile(r"[-‐‑‒–—]")
_TZ_RE = re.compile(r"\b(?:local\s+time|gmt|utc|est|edt|cet|cest|bst)\b")


def _tokens(core: str) -> list[str]:
    s = core.lower().replace("\u00a0", " ")
    s = re.sub(r"[’']s\b", "", s)
    s = _CLOCK_RE.sub(" ", s)
    s = _TZ_RE.sub(" ", s)
    s = _DASH_RE.sub(" ", s)
    s = _ORDINAL_SUFFIX_RE.sub(r"\1", s)
    s = _PUNCT_RE.sub(" ", s)
    s = " ".join(s.split())
    s = _ORDINAL_OF_RE.sub(lambda m: f"{_ORDINAL_WORDS[m.group(1)]} of", s)
    return s.split()


def _weekday(published: dt.date, weekday: int, relative: int | None, future: bool) -> dt.date:
    back = (published.weekday() - weekday) % 7  # 0..6 days back
    ahead = (weekday - published.weekday()) % 7  # 0..6 days ahead
    if relative == -1:  # last Tuesday: strictly before publication
        return published - dt.timedelta(days=back or 7)
    if relative == 1:  # next / coming Tuesday: strictly after
        return published + dt.timedelta(days=ahead or 7)
    if future:
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _rollover(year: int, month: int, day: int | None, published: dt.date,
              future: bool) -> int:
    """The year for a yearless month/day, given the publication date and tense."""
    if YEAR_ROLLOVER_DAYS is None:
        return year
    try:
        candidate = dt.date(year, month, day or 1)
    except ValueError:
        return year
    delta = (candidate - published).days
    if not future and delta > YEAR_ROLLOVER_DAYS:
        return year - 1
    if future and -delta > YEAR_ROLLOVER_DAYS + (0 if day else 31):
        return year + 1
    return year


def _weekday_year(published: dt.date, month: int, day: int, weekday: int) -> int | None:
    """The year next to publication in which `month`/`day` falls on `weekday`."""
    fits: list[tuple[int, int]] = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday:
            fits.append((abs((candidate - published).days), year))
    return min(fits)[1] if fits else None


def _day(year: int, month: int, day: int) -> tuple[str, str] | None:
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return None


def _digits(token: str) -> bool:
    return token.isascii() and token.isdigit()


def _valid_year(token: str) -> int | None:
    if len(token) == 4 and _digits(token) and 1000 <= int(token) <= 2999:
        return int(token)
    return None


def _resolve_tokens(tokens: list[str], published: dt.date | None,
                    future: bool) -> tuple[str, str] | None:
    if not tokens or any(t not in _ALLOWED and not _digits(t) for t in tokens):
        return None

    # Time of day: "tonight", "last night", "this morning", "Tuesday night".
    if tokens[-2:] == ["last", "night"] and len(tokens) == 2:
        tokens = ["yesterday"]
    elif len(tokens) == 2 and tokens[0] == "this" and tokens[1] in _TIME_OF_DAY:
        tokens = ["today"]
    tokens = [t for t in tokens if t not in _TIME_OF_DAY]

    # "the last year", "the next day", "the coming weeks": durations or anchored.
    for a, b in pairwise(tokens):
        if a == "the" and b in _RELATIVE and b != "coming":
            return None

    period = any(t in _PERIOD_QUALIFIERS for t in tokens)
    body = [t for t in tokens if t not in _QUALIFIERS and t not in _FILLERS]
    if not body:
        return None
    if period and body in (["year"], ["month"]):  # "the end of the year"
        body = ["this", *body]

    # N units ago
    if len(body) == 3 and body[2] == "ago" and body[1] in _UNITS:
        n = _NUMBER_WORDS.get(body[0]) or (int(body[0]) if _digits(body[0]) else None)
        if not n or n > 100 or published is None:
            return None
        unit = _UNITS[body[1]]
        if unit in ("day", "week"):
            days = n * (7 if unit == "week" else 1)
            return (published - dt.timedelta(days=days)).isoformat(), "day"
        if unit == "month":
            y, m = _add_months(published, -n)
            return f"{y:04d}-{m:02d}", "month"
        return f"{published.year - n:04d}", "year"
    if "ago" in body:
        return None

    # today / yesterday / tomorrow
    if len(body) == 1 and body[0] in _DAY_WORDS:
        if published is None:
            return None
        return (published + dt.timedelta(days=_DAY_WORDS[body[0]])).isoformat(), "day"

    # last / this / next year|month (week has no granularity: None)
    if len(body) == 2 and body[0] in _RELATIVE and body[1] in _UNITS:
        if published is None:
            return None
        off = _RELATIVE[body[0]]
        if body[1] == "year":
            return f"{published.year + off:04d}", "year"
        if body[1] == "month":
            y, m = _add_months(published, off)
            return f"{y:04d}-{m:02d}", "month"
        return None

    # Trailing year shift: "Dec. 22 last year", "March this year".
    year_shift: int | None = None
    if len(body) >= 3 and body[-1] == "year" and body[-2] in _RELATIVE:
        year_shift = _RELATIVE[body[-2]]
        body = body[:-2]
    prefix: int | None = None
    if body and body[0] in _RELATIVE:
        prefix = _RELATIVE[body[0]]
        body = body[1:]

    months = [_MONTHS[t] for t in body if t in _MONTHS]
    weekdays = [_WEEKDAYS[t] for t in body if t in _WEEKDAYS]
    years = [y for t in body if (y := _valid_year(t)) is not None]
    days = [int(t) for t in body if _digits(t) and len(t) <= 2]
    if len(months) + len(weekdays) + len(years) + len(days) != len(body):
        return None  # stray words ("day", "week", "ago", number words)
    if len(months) > 1 or len(years) > 1 or len(days) > 1 or len(weekdays) > 1:
        return None  # ranges and lists
    if days and not 1 <= days[0] <= 31:
        return None

    if weekdays and not months:  # "Tuesday", "last Tuesday"
        if days or years or year_shift is not None or published is None:
            return None
        return _weekday(published, weekdays[0], prefix, future).isoformat(), "day"

    if not months:
        if years and not days and prefix is None and year_shift is None:
            return f"{years[0]:04d}", "year"
        return None
    month = months[0]
    day = days[0] if days else None

    if years:
        if year_shift is not None or prefix is not None:
            return None
        year = years[0]
    else:
        if published is None:
            return None
        if year_shift is not None:
            if prefix is not None:
                return None
            year = published.year + year_shift
        elif prefix == -1:  # last December: the most recent December before this month
            year = published.year if month < published.month else published.year - 1
        elif prefix == 1:
            year = published.year if month > published.month else published.year + 1
        elif prefix == 0:
            year = published.year
        elif weekdays and day is not None:  # "Tuesday, Feb. 20": the year that fits
            year = _weekday_year(published, month, day, weekdays[0]) or published.year
        else:
            year = _rollover(published.year, month, day, published, future)
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    return _day(year, month, day)


# ---------------------------------------------------------------------------------------
# dateparser fallback (numeric forms)
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _parser(published: dt.date | None, future: bool) -> DateDataParser:
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(core: str, published: dt.date | None, future: bool) -> tuple[str, str] | None:
    try:
        data = _parser(published, future).get_date_data(core)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    value = data.date_obj.date()
    if data.period == "year":
        return f"{value.year:04d}", "year"
    if data.period == "month":
        return f"{value.year:04d}-{value.month:02d}", "month"
    return value.isoformat(), "day"


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _resolve_core(core: str, published: dt.date | None, future: bool) -> tuple[str, str] | None:
    if not core or len(core) > _MAX_EXPRESSION:
        return None
    compact = core.strip()
    iso = _ISO_RE.match(compact)
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
        if not 1 <= month <= 12:
            return None
        if iso.group(3) is None:
            return f"{year:04d}-{month:02d}", "month"
        return _day(year, month, int(iso.group(3)))
    if _NUMERIC_RE.match(compact):
        return _dateparser(compact, published, future)
    try:
        return _resolve_tokens(_tokens(core), published, future)
    except (OverflowError, ValueError):  # date arithmetic at the ends of the calendar
        return None


def resolve_date(expression: str, published: dt.date | None,
                 future: bool = False) -> tuple[str, str] | None:
    """Resolve one date expression to `(value, granularity)`, or None.

    `value` is `YYYY-MM-DD` (granularity "day"), `YYYY-MM` ("month") or `YYYY`
    ("year"). `published` anchors relative and yearless expressions; `future` says
    the sentence points forward ("will ... on Tuesday"). Never raises.
    """
    if not isinstance(expression, str) or len(expression) > 4 * _MAX_EXPRESSION:
        return None
    if isinstance(published, dt.datetime):
        published = published.date()
    start, end = _core_bounds(expression)
    return _resolve_core(expression[start:end], published, bool(future))


# ---------------------------------------------------------------------------------------
# Finding dates in a document
# ---------------------------------------------------------------------------------------

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "may", "might"}
# Verbs that, governing the date directly, point forward: "scheduled for Thursday".
_FUTURE_VERBS = {"schedule", "slate", "due", "expect", "plan"}
# Heads whose infinitival complement points forward: "is to visit", "are due to
# resume", "plans to sign", "set to meet", "is going to".
_FUTURE_XCOMP_HEADS = {"be", "plan", "schedule", "slate", "due", "set", "expect", "intend",
                       "aim", "prepare", "propose"}
_FEAST_WORDS = {"black", "good", "super", "bloody", "holy", "ash", "easter", "palm",
                "cyber", "maundy", "giving", "shrove", "fat"}

_M = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
      r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_Q = r"(?:(?i:early|late|mid)[- ])?"
_YEAR_TAIL = r"(?:,?\s+\d{4}\b(?![,.]?\d))?"
_NOT_NUM = r"(?![,.]?\d|\s*%)"
_REGEX_PASS = re.compile(
    "|".join([
        rf"\b{_Q}{_M}\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b{_NOT_NUM}{_YEAR_TAIL}",
        rf"(?<![\d,.])\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\b\.?{_YEAR_TAIL}",
        rf"\b{_Q}{_M}\b\.?,?\s+\d{{4}}\b{_NOT_NUM}",
        r"\b(?:(?i:last|next|this|early|late|mid)[- ])?(?:January|February|April|June|July"
        r"|August|September|October|November|December)\b",
        r"\b(?:(?i:last|next|this|early|late)\s+)?"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    ])
)
_GAP_RE = re.compile(r"^[\s,]*$")


def _governing_verb(span: Span) -> Token | None:
    token = span.root
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and seen < 12:
        token = token.head
        seen += 1
    return token if token.pos_ in ("VERB", "AUX") else None


def _has_future_aux(verb: Token) -> bool:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux} | {c.lemma_.lower() for c in aux}
    return bool(words & _FUTURE_AUX) and "have" not in words


def _finite_past(verb: Token) -> bool:
    """"was due to", "had planned", "planned": a plan seen from the past."""
    if "Past" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and "Past" in c.morph.get("Tense")
               and "Fin" in c.morph.get("VerbForm") for c in verb.children)


_AHEAD_RE = re.compile(r"\b(?:ahead\s+of|in\s+the\s+run[- ]up\s+to)\s+$", re.IGNORECASE)


def _is_future(span: Span, text: str) -> bool:
    """Whether the clause governing `span` points to the future (see module doc).

    `text` is `span.doc.text`, passed in because spaCy rebuilds it on every access.
    """
    if _AHEAD_RE.search(text, max(0, span.start_char - 30), span.start_char):
        return True  # "ahead of Thursday's vote"
    verb = _governing_verb(span)
    for _ in range(4):
        if verb is None:
            return False
        if _has_future_aux(verb):
            return True
        if verb.lemma_.lower() in _FUTURE_VERBS:  # "(is) scheduled for Thursday"
            return not _finite_past(verb)
        head = verb.head
        if head.i == verb.i:
            return False
        if verb.dep_ == "conj":  # shared auxiliary: "will begin on Monday and end on Tuesday"
            verb = head
            continue
        if verb.dep_ == "xcomp":
            if (head.lemma_.lower() in _FUTURE_XCOMP_HEADS or head.lower_ == "going"
                    or any(c.dep_ in ("acomp", "attr")
                           and c.lemma_.lower() in _FUTURE_XCOMP_HEADS
                           for c in head.children)):
                # "is due to resume", not "was due to"
                return not (_finite_past(head)
                            or (head.dep_ in ("acomp", "attr") and _finite_past(head.head)))
            verb = head
            continue
        return False
    return False


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _feast(text: str, start: int, core: str) -> bool:
    """Weekday names that are holidays or events: "Black Friday", "Super Tuesday"."""
    words = core.lower().split()
    if words and words[0] in _FEAST_WORDS:
        return True
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in _FEAST_WORDS


def _resolve_at(doc: Doc, text: str, start: int, end: int,
                published: dt.date | None) -> tuple[int, int, str, str] | None:
    """Resolve text[start:end] (text is doc.text); (start, end, value, granularity) of the
    date expression proper, or None."""
    cs, ce = _core_bounds(text[start:end])
    core = text[start + cs:start + ce]
    if not core or _feast(text, start + cs, core):
        return None
    span = _char_span(doc, start + cs, start + ce)
    future = _is_future(span, text) if span is not None else False
    resolved = _resolve_core(core, published, future)
    if resolved is None:
        return None
    return start + cs, start + ce, resolved[0], resolved[1]


_GRANULARITY_RANK = {"day": 0, "month": 1, "year": 2}
_NUM = "|".join(_NUMBER_WORDS) + r"|\d{1,2}"
# Dates anchored to the previous dated event: "two days later", "the next day".
_ANCHORED_RE = re.compile(
    rf"""^(?:
        (?P<n>{_NUM})\s+(?P<unit>days?|weeks?)\s+(?P<dir>later|earlier|after|before|afterwards)
      | (?:the\s+)?(?P<next>next|following)\s+day
      | the\s+(?P<prev>previous|preceding)\s+day
      | the\s+day\s+(?P<dayrel>after|before)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_ANCHOR_SENTENCES = 2  # how many sentences back an anchor may be
_RELATION_AFTER_RE = re.compile(r"\s+(later|earlier|after|before|afterwards)\b", re.IGNORECASE)
_DATELINE_RE = re.compile(r"^[^\n]{0,100}?\s(?:—|–|--|-)\s")


def _anchored_offset(expression: str) -> int | None:
    """Days from the anchor for "two days later", "the next day"; None if not of that form."""
    m = _ANCHORED_RE.match(" ".join(expression.split()))
    if not m:
        return None
    if m.group("n"):
        word = m.group("n").lower()
        n = _NUMBER_WORDS.get(word) or int(word)
        days = n * (7 if m.group("unit").lower().startswith("week") else 1)
        return -days if m.group("dir").lower() in ("earlier", "before") else days
    if m.group("next"):
        return 1
    if m.group("prev"):
        return -1
    return 1 if m.group("dayrel").lower() == "after" else -1


def _sentence_starts(doc: Doc) -> list[int]:
    try:
        return [sent.start_char for sent in doc.sents]
    except ValueError:  # no sentence boundaries set
        return [0]


def _sentence_index(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


_DATE_REACH = 200  # characters: longer than any date expression


def find_dates(doc: Doc, published: dt.date | None, *,
               datelines: bool = True) -> list[DateRef]:
    """Resolvable date expressions of `doc`, in text order, one per (start, end).

    Candidates are DATE/TIME entities (adjacent ones merged: "Dec. 22" + "last year"),
    plus a regex pass for what the recogniser misses ("Feb 20" in a dateline), plus
    dates anchored to the nearest preceding day-date of the same or the two previous
    sentences ("Niger followed two days later", "Two days before the vote"), never to
    a dateline date. `datelines=False`
    drops dates in a leading dateline ("UNITED NATIONS, Feb 20 — ...").
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    text = doc.text
    ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    found: list[tuple[int, int, str, str]] = []
    anchored: list[tuple[int, int, int]] = []  # (start, end, offset in days)

    i = 0
    while i < len(ents):
        ent = ents[i]
        # Adjacent entities may form one expression: "Dec. 22" + "last year".
        if i + 1 < len(ents) and _GAP_RE.match(text[ent.end_char:ents[i + 1].start_char]):
            merged = _resolve_at(doc, text, ent.start_char, ents[i + 1].end_char, published)
            if merged is not None:
                found.append(merged)
                i += 2
                continue
        single = _resolve_at(doc, text, ent.start_char, ent.end_char, published)
        if single is not None:
            found.append(single)
        else:
            start, end = ent.start_char, ent.end_char
            relation = _RELATION_AFTER_RE.match(text, end)
            if relation and not _RELATION_AFTER_RE.search(ent.text):
                end = relation.end()
            offset = _anchored_offset(text[start:end])
            if offset is not None:
                anchored.append((start, end, offset))
        i += 1

    # Regex pass: forms the entity recogniser misses or splits ("Feb 20" in a dateline,
    # "late September", the parts of "March 3 to March 5").
    matches = sorted(_REGEX_PASS.finditer(text), key=lambda m: (m.start(), -m.end()))
    # `found` is kept sorted, so that the dates a match overlaps are found by bisection
    # (checking each against all made a long text's thousands of dates quadratic). Dates
    # are short: only one starting within _DATE_REACH characters before can reach a match.
    found.sort()
    for m in matches:
        hit = _resolve_at(doc, text, m.start(), m.end(), published)
        if hit is None:
            continue
        lo, hi = bisect_left(found, (hit[0] - _DATE_REACH,)), bisect_left(found, (hit[1],))
        window = found[lo:hi]
        overlapping = [f for f in window if hit[0] < f[1]]
        if not overlapping:
            insort(found, hit)
            continue
        contained = all(hit[0] <= f[0] and f[1] <= hit[1] for f in overlapping)
        finer = all(_GRANULARITY_RANK[hit[3]] <= _GRANULARITY_RANK[f[3]] for f in overlapping)
        if contained and finer and any(f[:2] != hit[:2] for f in overlapping):
            found[lo:hi] = [f for f in window if f not in overlapping]
            insort(found, hit)

    dateline = _DATELINE_RE.match(text)
    dateline_end = dateline.end() if dateline else 0
    if anchored:
        starts = _sentence_starts(doc)
        for start, end, offset in anchored:
            sentence = _sentence_index(starts, start)
            # Only dates of the few sentences before can anchor: looked up by bisection
            # in `found` (kept sorted), not by a scan of every date of a long text.
            first = starts[max(0, sentence - _ANCHOR_SENTENCES)] if starts else 0
            near = found[bisect_left(found, (first,)):bisect_left(found, (start,))]
            anchors = [f for f in near if f[3] == "day" and f[1] <= start
                       and f[0] >= dateline_end
                       and _sentence_index(starts, f[0]) >= sentence - _ANCHOR_SENTENCES]
            if not anchors:
                continue
            anchor = max(anchors, key=lambda f: f[1])
            value = dt.date.fromisoformat(anchor[2]) + dt.timedelta(days=offset)
            insort(found, (start, end, value.isoformat(), "day"))

    if not datelines:
        found = [f for f in found if f[0] >= dateline_end]

    seen: set[tuple[int, int]] = set()
    out: list[DateRef] = []
    for start, end, value, granularity in sorted(found):
        if (start, end) in seen:
            continue
        seen.add((start, end))
        out.append(DateRef(value=value, granularity=granularity, start=start, end=end,
                           text=text[start:end]))
    return out
