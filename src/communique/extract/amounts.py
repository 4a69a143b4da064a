"""Money amounts in text: "$1 trillion", "one trillion dollars", "Rs 10,000 crore".

Pure and regex-based (no spaCy). The currency knowledge lives in
`communique/data/currencies.yaml`; this module only holds the grammar:

    [PREFIX] NUMBER [MULTIPLIER [MULTIPLIER-WORD]] [SUFFIX]
    QUANTITY (-|to|and) QUANTITY [SUFFIX]            # ranges give both amounts

where PREFIX is a symbol or ISO code ("$", "US$", "EUR") and SUFFIX a currency word
or code ("dollars", "CFA francs", "USD"). An amount needs a currency from one of the
two, so counts ("5,600 troops"), percentages and years never match. Values are
computed with Decimal and only then turned into floats, so "$10.25 billion" is
exactly 10250000000.0.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib.resources import files
from typing import Any

from communique.model import Amount
from communique.resources import safe_load

__all__ = ["find_amounts"]

_SPACE = "[ \u00a0]"  # a single space inside a symbol or after it ("US $", "Rs. 10")
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"  # "US$" must not be the tail of "BUS$"
_NOT_ALNUM_AFTER = r"(?![^\W_])"  # "5 millionth" has no multiplier
_YEAR = re.compile(r"1[89]\d\d|20\d\d")  # "2025 dollars" is a price level, not an amount
_NEXT_WORD = re.compile(r"\s+([^\W_][\w'’-]*)")
_DASHES = "-–"
_PERCENT = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Rule:
    needs_multiplier: bool
    not_before: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    prefixes: dict[str, str]  # symbol or code, spaces removed -> ISO code
    yen: frozenset[str]  # symbols whose currency is find_amounts(default_yen=...)
    suffixes: dict[str, str]  # lower-cased word or code, spaces collapsed -> ISO code
    code_suffixes: frozenset[str]  # ISO codes, matched case-sensitively after numbers
    rules: dict[str, _Rule]
    multipliers: dict[str, Decimal]  # lower-cased
    numbers: dict[str, Decimal]
    fractions: dict[str, Decimal]


@dataclass(frozen=True, slots=True)
class _Grammar:
    lexicon: _Lexicon
    start: re.Pattern[str]  # where an amount may begin
    single: re.Pattern[str]
    range: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Part:
    """One quantity of a match: "$4", "5 billion", "one trillion"."""

    start: int
    end: int  # after the number or multiplier; a suffix is handled separately
    prefix: str | None  # the symbol or code as written, spaces removed
    number: Decimal
    word_needs_multiplier: bool  # "a", "an", "half a" mean nothing on their own
    year_like: bool  # bare digits such as 2025
    multiplier: Decimal | None


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """The parsed currencies.yaml, read once per process."""
    raw = (files("communique") / "data" / "currencies.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = safe_load(raw)
    return data


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = _data()
    prefixes = {k.replace(" ", ""): v for k, v in data["symbols"].items()}
    for code in data["codes"]:
        prefixes.setdefault(code, code)
    yen = frozenset(data["yen_symbols"])
    suffixes: dict[str, str] = {}
    for code, forms in data["words"].items():
        for form in forms:
            suffixes[_norm(form)] = code
    for code in data["codes"]:
        suffixes.setdefault(code.lower(), code)
    rules = {
        _norm(word): _Rule(bool(rule["needs_multiplier"]),
                           frozenset(_norm(w) for w in rule["not_before"]))
        for word, rule in data["context_rules"].items()
    }
    mult_data = data["multipliers"]
    multipliers = {
        _norm(k): _decimal(v)
        for group in ("words", "spaced_abbreviations", "glued_abbreviations")
        for k, v in mult_data[group].items()
    }
    return _Lexicon(
        prefixes=prefixes,
        yen=yen,
        suffixes=suffixes,
        code_suffixes=frozenset(data["codes"]),
        rules=rules,
        multipliers=multipliers,
        numbers={_norm(k): _decimal(v) for k, v in data["number_words"].items()},
        fractions={_norm(k): _decimal(v) for k, v in data["fractions"].items()},
    )


def _alternation(forms: Iterable[str], space: str = r"\s+") -> str:
    """Longest first, so "US dollars" wins over "dollars" and "US$" over "S$"."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(space.join(re.escape(w) for w in f.split(" ")) for f in ordered)


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    data = _data()
    lex = _lexicon()

    prefix_forms = [*data["symbols"], *data["yen_symbols"], *data["codes"]]
    # symbols and codes are case-sensitive: "EUR 2bn", never "eur"
    prefix = rf"(?-i:{_NOT_LETTER_BEFORE}(?:{_alternation(prefix_forms, _SPACE + '?')}))"
    word_forms = [f for forms in data["words"].values() for f in forms]
    suffix = (rf"(?:{_alternation(word_forms)}|(?-i:{_alternation(data['codes'])}))"
              rf"{_NOT_ALNUM_AFTER}")

    mults = data["multipliers"]
    mult_words = _alternation(mults["words"])
    multiplier = (
        rf"(?:(?:\s*|-)(?:{mult_words})|{_SPACE}?(?:{_alternation(mults['spaced_abbreviations'])})"
        rf"|(?:{_alternation(mults['glued_abbreviations'])})){_NOT_ALNUM_AFTER}"
    )

    # Indian grouping ("10,00,000") as well as thousands; never a lone trailing ",5"
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:\.\d+)?(?!\d)(?!,\d)"

    def words_of(values: dict[str, Any], keep: Callable[[int], bool]) -> str:
        return "|".join(sorted((k for k, v in values.items() if keep(int(v))),
                               key=lambda k: (-len(k), k)))

    nums = data["number_words"]
    unit = rf"(?:{words_of(nums, lambda v: 1 <= v <= 9)})\b"
    teen = rf"(?:{words_of(nums, lambda v: 10 <= v <= 19)})\b"
    tens = rf"(?:{words_of(nums, lambda v: v >= 20)})\b"
    small = rf"(?:{tens}(?:[-\s]{unit})?|{teen}|{unit})"
    basic = rf"(?:(?:{small}|an?\b)(?:\s+hundred\b(?:\s+(?:and\s+)?{small})?)?)"
    fraction = rf"(?:{_alternation(data['fractions'])})\b"
    word_number = rf"(?:{fraction}|{basic}(?:\s+and\s+a\s+half\b)?)"

    def quantity(t: str) -> str:
        # digits may follow a prefix; spelled-out numbers never do ("$ one" is not English)
        return (
            rf"(?:(?:(?P<p{t}>{prefix}){_SPACE}?|(?<![\w.])(?<!\d,))(?P<d{t}>{digits})"
            rf"|(?<![\w-])(?P<w{t}>{word_number}))"
            rf"(?P<m{t}>{multiplier}(?:\s+(?:{mult_words}){_NOT_ALNUM_AFTER})?)?"
        )

    # no em dash: "$5 billion—20 percent of GDP" is an aside, not a range
    connector = rf"(?P<conn>{_SPACE}?[-–]{_SPACE}?|\s+(?:to|and)\s+)"
    tail = rf"(?:(?:\s+|-)(?P<s>{suffix}))?"  # "5 million euros", "a 5-million-euro grant"
    flags = re.IGNORECASE
    return _Grammar(
        lexicon=lex,
        # a spelled-out number only starts an amount when a multiplier, a currency or a
        # range follows; checking that here keeps every "a" in the text cheap
        start=re.compile(
            rf"(?:{prefix}{_SPACE}?|(?<![\w.])(?<!\d,))\d|(?<![\w-]){word_number}"
            rf"(?={multiplier}|(?:\s+|-)(?:{suffix})|{connector})", flags),
        single=re.compile(quantity("1") + tail, flags),
        range=re.compile(quantity("1") + connector + quantity("2") + tail, flags),
    )


def _multiplier_value(lex: _Lexicon, text: str | None) -> tuple[bool, Decimal | None]:
    """(valid, value) of the multiplier words; "thousand crore" multiplies out."""
    if text is None:
        return True, None
    # glued abbreviations, single words, "lakh crore"; "$1-billion" has a hyphen
    whole = _norm(text).lstrip("-")
    if whole in lex.multipliers:
        return True, lex.multipliers[whole]
    words = whole.split(" ")
    first = lex.multipliers.get(" ".join(words[:-1]))
    last = lex.multipliers.get(words[-1])
    if first is None or last is None or last <= first:
        return False, None  # "5 million thousand": not a number anyone writes
    return True, first * last


def _word_value(lex: _Lexicon, text: str) -> Decimal:
    text = _norm(text)
    if text in lex.fractions:
        return lex.fractions[text]
    extra = Decimal(0)
    if text.endswith(" and a half"):
        text, extra = text[: -len(" and a half")], Decimal("0.5")
    total = Decimal(0)
    for token in re.split(r"[\s-]+", text):
        if token == "hundred":
            total = (total or Decimal(1)) * 100
        elif token != "and":
            total += lex.numbers[token]
    return total + extra


def _part(lex: _Lexicon, m: re.Match[str], t: str) -> _Part | None:
    valid, mult = _multiplier_value(lex, m.group(f"m{t}"))
    if not valid:
        return None
    end = m.end(f"m{t}") if m.group(f"m{t}") is not None else -1
    if m.group(f"d{t}") is not None:
        digits = m.group(f"d{t}")
        try:
            number = Decimal(digits.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only lets digits through
            return None
        prefix = m.group(f"p{t}")
        start = m.start(f"p{t}") if prefix is not None else m.start(f"d{t}")
        return _Part(start, end if end >= 0 else m.end(f"d{t}"),
                     prefix.replace(" ", "").replace("\u00a0", "") if prefix else None,
                     number, False, bool(_YEAR.fullmatch(digits)), mult)
    words = m.group(f"w{t}")
    number = _word_value(lex, words)
    lone = _norm(words) in ("a", "an") or _norm(words) in lex.fractions
    return _Part(m.start(f"w{t}"), end if end >= 0 else m.end(f"w{t}"), None, number, lone,
                 False, mult)


def _suffix_currency(lex: _Lexicon, text: str, m: re.Match[str],
                     multiplier: Decimal | None) -> str | None:
    """The currency of the word after the number, unless context says it is English."""
    if m.group("s") is None:
        return None
    form = _norm(m.group("s"))
    rule = lex.rules.get(form)
    if rule is not None:
        if rule.needs_multiplier and multiplier is None:
            return None
        after = m.end("s")
        if text[after:after + 2] in ("'t", "’t"):  # "20 million won't"
            return None
        nxt = _NEXT_WORD.match(text, after)
        if nxt and _norm(nxt.group(1)) in rule.not_before:
            return None
    return lex.suffixes.get(form)


def _prefix_currency(lex: _Lexicon, prefix: str, default_yen: str) -> str:
    return default_yen if prefix in lex.yen else lex.prefixes[prefix]


def _combine(lex: _Lexicon, prefix: str | None, prefix_cur: str | None,
             suffix_form: str | None, suffix_cur: str | None) -> tuple[str | None, bool]:
    """(currency, whether the suffix belongs to the amount) for a prefix and a suffix."""
    if prefix_cur is None:
        return suffix_cur, suffix_cur is not None
    if suffix_cur is None:
        return prefix_cur, False
    if suffix_cur == prefix_cur:
        return prefix_cur, True  # "€5 billion euros"
    if prefix in lex.yen and suffix_cur in ("CNY", "JPY"):
        return suffix_cur, True  # "¥5 billion yuan" settles the ambiguous symbol
    if prefix == "$" and suffix_form is not None and suffix_form.endswith(("dollar", "dollars")):
        return suffix_cur, True  # "$781.9 billion Guyana dollars"
    return prefix_cur, False  # "$20 billion real estate": the word is not ours


def _amount(text: str, start: int, end: int, value: Decimal, currency: str) -> Amount | None:
    if value <= 0:
        return None
    return Amount(float(value), currency, start, end, text[start:end])


def _value(part: _Part, multiplier: Decimal | None) -> Decimal:
    return part.number * (multiplier if multiplier is not None else Decimal(1))


def _single(lex: _Lexicon, text: str, m: re.Match[str], default_yen: str) -> Amount | None:
    part = _part(lex, m, "1")
    if part is None:
        return None
    if part.word_needs_multiplier and part.multiplier is None:
        return None  # "a dollar-denominated bond", "half a dollar"
    prefix_cur = _prefix_currency(lex, part.prefix, default_yen) if part.prefix else None
    suffix_cur = _suffix_currency(lex, text, m, part.multiplier)
    if suffix_cur and part.word_needs_multiplier and text[m.start("s") - 1] == "-":
        suffix_cur = None  # "a billion-dollar question" sizes a thing, it is no sum of money
    suffix_form = _norm(m.group("s")) if m.group("s") is not None else None
    currency, with_suffix = _combine(lex, part.prefix, prefix_cur, suffix_form, suffix_cur)
    if currency is None:
        return None
    if part.prefix is None and part.multiplier is None and part.year_like:
        return None
    end = m.end("s") if with_suffix else part.end
    return _amount(text, part.start, end, _value(part, part.multiplier), currency)


def _range(lex: _Lexicon, text: str, m: re.Match[str],
           default_yen: str) -> tuple[Amount, Amount] | None:
    """Both ends of "$4bn-$5bn", "4 to 5 billion shekels", "between 4 and 5 billion ..."."""
    first, second = _part(lex, m, "1"), _part(lex, m, "2")
    if first is None or second is None:
        return None
    suffix_cur = _suffix_currency(lex, text, m, second.multiplier)
    suffix_form = _norm(m.group("s")) if m.group("s") is not None else None
    cur1 = _prefix_currency(lex, first.prefix, default_yen) if first.prefix else None
    cur2p = _prefix_currency(lex, second.prefix, default_yen) if second.prefix else None
    cur2, with_suffix = _combine(lex, second.prefix, cur2p, suffix_form, suffix_cur)
    dash = m.group("conn").strip() in tuple(_DASHES)

    if cur1 is None and second.prefix is not None:
        return None  # "4 billion to $5 billion": the first number is not money
    if cur1 is not None and cur2 is None:
        # "$4-5 billion", "$4 to 5 billion", "€4bn-5bn"; but "$5 billion to 20 million
        # refugees" is one amount and a count
        if not (dash or (first.multiplier is None and second.multiplier is not None)):
            return None
        cur2 = cur1
    elif cur1 is None:
        cur1 = cur2
    if cur1 is None or cur2 is None or cur1 != cur2:
        return None

    mult1, mult2 = first.multiplier, second.multiplier
    if mult1 is None and mult2 is not None:
        # the shared multiplier only makes sense for an ascending range; "in 2023 and 5
        # billion dollars" is not one
        if first.number > second.number:
            return None
        mult1 = mult2
    elif mult1 is not None and mult2 is None:
        return None  # "$5bn-20 percent", "4 billion to 5 shekels": no range we can trust
    if _PERCENT.match(text, second.end):
        return None  # "$4-5%"
    if first.word_needs_multiplier and mult1 is None:
        return None
    if second.word_needs_multiplier and mult2 is None:
        return None
    if mult1 is None and ((first.year_like and first.prefix is None)
                          or (second.year_like and second.prefix is None)):
        return None  # "from 2019 to 2024 dollars"
    a = _amount(text, first.start, first.end, _value(first, mult1), cur1)
    end2 = m.end("s") if with_suffix else second.end
    b = _amount(text, second.start, end2, _value(second, mult2), cur2)
    if a is None or b is None:
        return None
    return a, b


def find_amounts(text: str, default_yen: str = "JPY") -> list[Amount]:
    """Money amounts in `text`, in text order and non-overlapping.

    `default_yen` is the currency of a bare "¥" (JPY or CNY); words after the
    number ("¥5 billion yuan") override it. Qualifiers such as "more than" or
    "up to" stay outside the amount's span and value.
    """
    grammar = _grammar()
    lex = grammar.lexicon
    found: list[Amount] = []
    pos = 0
    while True:
        cand = grammar.start.search(text, pos)
        if cand is None:
            return found
        at = cand.start()
        rm = grammar.range.match(text, at)
        pair = _range(lex, text, rm, default_yen) if rm else None
        if pair is not None:
            found.extend(pair)
            pos = pair[1].end
            continue
        sm = grammar.single.match(text, at)
        one = _single(lex, text, sm, default_yen) if sm else None
        if one is not None:
            found.append(one)
            pos = one.end
        else:
            pos = at + 1
