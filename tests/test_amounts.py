"""find_amounts: money expressions with exact values, currencies and offsets."""

from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

import pycountry
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.extract.amounts import find_amounts
from communique.model import Amount


def only(text: str, **kwargs: str) -> tuple[float, str, str]:
    """The single amount in `text` as (value, currency, text); checks its offsets too."""
    found = find_amounts(text, **kwargs)
    assert len(found) == 1, found
    a = found[0]
    assert text[a.start:a.end] == a.text
    return a.value, a.currency, a.text


def triples(text: str) -> list[tuple[float, str, str]]:
    found = find_amounts(text)
    for a in found:
        assert text[a.start:a.end] == a.text
    return [(a.value, a.currency, a.text) for a in found]


def load_yaml() -> dict:
    raw = (files("communique") / "data" / "currencies.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(raw)


# --- the data ---------------------------------------------------------------------------


def test_every_currency_in_the_yaml_is_a_real_iso_4217_code() -> None:
    data = load_yaml()
    codes = set(data["symbols"].values()) | set(data["words"]) | set(data["codes"])
    unknown = sorted(c for c in codes if pycountry.currencies.get(alpha_3=c) is None)
    assert unknown == []


def test_multiplier_and_number_values_are_exact_decimals() -> None:
    data = load_yaml()
    values = [*data["number_words"].values(), *data["fractions"].values()]
    for group in data["multipliers"].values():
        values.extend(group.values())
    for value in values:
        assert isinstance(value, str)
        Decimal(value)  # raises if the YAML holds something that is not a number


# --- symbols before the number ------------------------------------------------------------


def test_dollar_trillion() -> None:
    text = "Japan pledged $1 trillion of investment in the United States."
    assert only(text) == (1e12, "USD", "$1 trillion")


def test_us_dollar_symbol() -> None:
    text = "The bank approved a US$300 million credit line for Kenya."
    assert only(text) == (3e8, "USD", "US$300 million")


def test_yen_symbol_defaults_to_jpy() -> None:
    text = "Tokyo set aside ¥5 billion for reconstruction in Noto."
    assert only(text) == (5e9, "JPY", "¥5 billion")


def test_yen_symbol_follows_default_yen() -> None:
    text = "Beijing offered ¥5 billion in loans to Laos."
    assert only(text, default_yen="CNY") == (5e9, "CNY", "¥5 billion")


def test_yen_symbol_with_yuan_word_is_cny() -> None:
    text = "Beijing offered ¥5 billion yuan in loans to Laos."
    assert only(text) == (5e9, "CNY", "¥5 billion yuan")


def test_euro_glued_bn() -> None:
    text = "Brussels unveiled a €2.5bn package for Moldova on Thursday."
    assert only(text) == (2.5e9, "EUR", "€2.5bn")


def test_pound_glued_m() -> None:
    text = "London will send £3m to support demining in Ukraine."
    assert only(text) == (3e6, "GBP", "£3m")


def test_rupee_crore() -> None:
    text = "New Delhi approved Rs 10,000 crore for border roads."
    assert only(text) == (1e11, "INR", "Rs 10,000 crore")


def test_rupee_lakh_crore() -> None:
    text = "The budget allots ₹1.5 lakh crore to defence."
    assert only(text) == (1.5e12, "INR", "₹1.5 lakh crore")


def test_plain_dollars_with_thousands_separator() -> None:
    text = "Each family will receive $1,000 in emergency assistance."
    assert only(text) == (1000.0, "USD", "$1,000")


def test_decimal_billion_is_exact() -> None:
    text = "Suez Canal revenue reached a record $10.25 billion in 2023, the authority said."
    assert only(text) == (10_250_000_000.0, "USD", "$10.25 billion")


def test_pound_million() -> None:
    text = "Lammy announced £800 million in new aid."
    assert only(text) == (8e8, "GBP", "£800 million")


def test_amount_followed_by_a_noun() -> None:
    text = "G7 leaders agreed to back a $50 billion loan to Ukraine."
    assert only(text) == (5e10, "USD", "$50 billion")


def test_euro_billion() -> None:
    text = "The EU has immobilised about €210 billion of Russian central bank assets."
    assert only(text) == (2.1e11, "EUR", "€210 billion")


def test_dollar_million() -> None:
    text = "U.S. troops handed the $110 million drone facility to Nigerien authorities."
    assert only(text) == (1.1e8, "USD", "$110 million")


def test_up_to_keeps_the_qualifier_out() -> None:
    text = "Washington said it would provide up to $100 million for the mission."
    assert only(text) == (1e8, "USD", "$100 million")


def test_more_than_keeps_the_qualifier_out() -> None:
    text = "Donors pledged more than £800 million in humanitarian aid for Sudan."
    assert only(text) == (8e8, "GBP", "£800 million")


def test_dollar_two_decimals() -> None:
    text = "The United Nations is seeking $4.07 billion for humanitarian relief in Gaza."
    assert only(text) == (4.07e9, "USD", "$4.07 billion")


def test_pound_decimal_bn() -> None:
    text = "The Treasury found £1.2bn for the new frigates."
    assert only(text) == (1.2e9, "GBP", "£1.2bn")


def test_dollar_glued_bn() -> None:
    text = "Tariffs would have hit some $600bn of Chinese goods."
    assert only(text) == (6e11, "USD", "$600bn")


def test_other_dollar_symbols() -> None:
    text = "Canberra pledged A$2bn, Ottawa C$500 million and Hong Kong HK$3bn."
    assert triples(text) == [(2e9, "AUD", "A$2bn"), (5e8, "CAD", "C$500 million"),
                             (3e9, "HKD", "HK$3bn")]


def test_more_currency_symbols() -> None:
    text = "Losses ran to ₩5 trillion, ₽300 billion, ₴40 billion and ₪4 billion."
    assert triples(text) == [(5e12, "KRW", "₩5 trillion"), (3e11, "RUB", "₽300 billion"),
                             (4e10, "UAH", "₴40 billion"), (4e9, "ILS", "₪4 billion")]


# --- ISO codes ------------------------------------------------------------------------------


def test_iso_code_before_number() -> None:
    text = "The facility provides USD 3 million in seed funding."
    assert only(text) == (3e6, "USD", "USD 3 million")


def test_iso_code_before_glued_abbreviation() -> None:
    text = "Italy committed EUR 2bn to the Mattei Plan."
    assert only(text) == (2e9, "EUR", "EUR 2bn")


def test_iso_code_after_number() -> None:
    text = "The grant totals 5 million USD over three years."
    assert only(text) == (5e6, "USD", "5 million USD")


def test_chf_code() -> None:
    text = "Bern froze CHF 7.4 billion of Russian assets."
    assert only(text) == (7.4e9, "CHF", "CHF 7.4 billion")


def test_lowercase_code_lookalike_is_no_currency() -> None:
    assert find_amounts("They want 5 million usd in cash, all 5 of them.") == []


# --- currency words after the number --------------------------------------------------------


def test_number_words_trillion_dollars() -> None:
    text = "Japan will raise its investment to an unprecedented amount of one trillion dollars."
    assert only(text) == (1e12, "USD", "one trillion dollars")


def test_a_billion_euros() -> None:
    text = "The fund will mobilise a billion euros for Africa."
    assert only(text) == (1e9, "EUR", "a billion euros")


def test_two_hundred_million_dollars() -> None:
    text = "Congress approved two hundred million dollars for Taiwan."
    assert only(text) == (2e8, "USD", "two hundred million dollars")


def test_half_a_billion_dollars() -> None:
    text = "Riyadh deposited half a billion dollars in Egypt's central bank."
    assert only(text) == (5e8, "USD", "half a billion dollars")


def test_hyphenated_number_words() -> None:
    text = "Seoul announced twenty-five billion won in export credit."
    assert only(text) == (2.5e10, "KRW", "twenty-five billion won")


def test_won_after_number_and_multiplier() -> None:
    text = "Seoul will spend 20 billion won on shelters near the border."
    assert only(text) == (2e10, "KRW", "20 billion won")


def test_dirhams() -> None:
    text = "It pledged $200 million, or about 734.5 million dirhams, at a separate meeting."
    assert triples(text) == [(2e8, "USD", "$200 million"),
                             (7.345e8, "AED", "734.5 million dirhams")]


def test_cfa_francs() -> None:
    text = "The juntas owe about 519 billion CFA francs to regional lenders."
    assert only(text) == (5.19e11, "XOF", "519 billion CFA francs")


def test_yen_word() -> None:
    text = "Japan's parliament passed a 1.5 trillion yen extra budget."
    assert only(text) == (1.5e12, "JPY", "1.5 trillion yen")


def test_us_dollars_words() -> None:
    text = "The Kremlin said it had received 3 million US dollars from the deal."
    assert only(text) == (3e6, "USD", "3 million US dollars")


def test_u_s_dollars_words() -> None:
    text = "Officials seized 12 million U.S. dollars in cash."
    assert only(text) == (1.2e7, "USD", "12 million U.S. dollars")


def test_hryvnias() -> None:
    text = "Donors raised more than 100 million hryvnias to rebuild Okhmatdyt."
    assert only(text) == (1e8, "UAH", "100 million hryvnias")


def test_euros_word() -> None:
    text = "Germany added 5 million euros for the Red Cross."
    assert only(text) == (5e6, "EUR", "5 million euros")


def test_qualified_dollars_beat_plain_dollars() -> None:
    text = "Its 2023 budget, at 781.9 billion Guyana dollars (roughly $3.7 billion), was a record."
    assert triples(text) == [(7.819e11, "GYD", "781.9 billion Guyana dollars"),
                             (3.7e9, "USD", "$3.7 billion")]


def test_qualified_pesos_and_riyals() -> None:
    text = "Buenos Aires set 900 billion Argentine pesos aside; Doha gave 2 billion Qatari riyals."
    assert triples(text) == [(9e11, "ARS", "900 billion Argentine pesos"),
                             (2e9, "QAR", "2 billion Qatari riyals")]


def test_pounds_sterling() -> None:
    text = "The fund holds 4 billion pounds sterling in gilts."
    assert only(text) == (4e9, "GBP", "4 billion pounds sterling")


def test_egyptian_pounds() -> None:
    text = "Cairo lost 30 billion Egyptian pounds in canal fees."
    assert only(text) == (3e10, "EGP", "30 billion Egyptian pounds")


def test_ruble_spellings() -> None:
    text = "Moscow budgeted 10 trillion roubles, up from 9 trillion rubles."
    assert triples(text) == [(1e13, "RUB", "10 trillion roubles"),
                             (9e12, "RUB", "9 trillion rubles")]


def test_one_and_a_half_billion() -> None:
    text = "Tokyo offered one and a half billion dollars in loans."
    assert only(text) == (1.5e9, "USD", "one and a half billion dollars")


def test_chained_multipliers() -> None:
    text = "The ministry sought 10 thousand crore rupees, or Rs. 5,000 crore a year."
    assert triples(text) == [(1e11, "INR", "10 thousand crore rupees"),
                             (5e10, "INR", "Rs. 5,000 crore")]


def test_won_before_an_ordinary_noun_is_still_currency() -> None:
    text = "Samsung announced a 20 billion won investment in Pyeongtaek."
    assert only(text) == (2e10, "KRW", "20 billion won")


def test_hyphenated_multiplier() -> None:
    text = "The IMF approved a $1-billion loan for Sri Lanka."
    assert only(text) == (1e9, "USD", "$1-billion")


def test_hyphenated_currency_adjective() -> None:
    text = "Berlin announced a 5-million-euro grant for Moldovan schools."
    assert only(text) == (5e6, "EUR", "5-million-euro")


def test_a_billion_dollar_question_is_not_an_amount() -> None:
    assert find_amounts("Whether Congress acts is a billion-dollar question.") == []


# --- ranges -------------------------------------------------------------------------------


def test_between_range_with_both_multipliers() -> None:
    text = "Intercepting the barrage cost between 4 billion and 5 billion shekels, he said."
    assert triples(text) == [(4e9, "ILS", "4 billion"), (5e9, "ILS", "5 billion shekels")]


def test_and_range_without_between() -> None:
    text = "Estimates put the cost at 4 billion and 5 billion shekels."
    assert triples(text) == [(4e9, "ILS", "4 billion"), (5e9, "ILS", "5 billion shekels")]


def test_between_range_shares_the_multiplier() -> None:
    text = "The interceptors cost between 4 and 5 billion shekels."
    assert triples(text) == [(4e9, "ILS", "4"), (5e9, "ILS", "5 billion shekels")]


def test_to_range_shares_the_multiplier() -> None:
    text = "The war has cost 4 to 5 billion shekels so far."
    assert triples(text) == [(4e9, "ILS", "4"), (5e9, "ILS", "5 billion shekels")]


def test_dash_range_with_symbols_on_both_ends() -> None:
    text = "Analysts expect a $4bn-$5bn hit to exports."
    assert triples(text) == [(4e9, "USD", "$4bn"), (5e9, "USD", "$5bn")]


def test_dash_range_with_one_symbol() -> None:
    text = "Reconstruction will need $4-5 billion a year."
    assert triples(text) == [(4e9, "USD", "$4"), (5e9, "USD", "5 billion")]


def test_en_dash_range_with_abbreviations() -> None:
    text = "The package is worth €4bn–5bn."
    assert triples(text) == [(4e9, "EUR", "€4bn"), (5e9, "EUR", "5bn")]


def test_amount_then_count_is_not_a_range() -> None:
    text = "The agency will send $5 billion to 20 million refugees."
    assert triples(text) == [(5e9, "USD", "$5 billion")]


def test_year_then_amount_is_not_a_range() -> None:
    text = "Aid fell in 2023 and 5 billion dollars went unspent."
    assert triples(text) == [(5e9, "USD", "5 billion dollars")]


def test_em_dash_aside_is_not_a_range() -> None:
    text = "Egypt lost $5 billion—20 percent of its canal revenue."
    assert triples(text) == [(5e9, "USD", "$5 billion")]


# --- order, offsets, several amounts ---------------------------------------------------------


def test_several_amounts_in_text_order() -> None:
    text = ("The package is roughly $95 billion, including about $26 billion for Israel "
            "and $61 billion for Ukraine.")
    assert triples(text) == [(9.5e10, "USD", "$95 billion"), (2.6e10, "USD", "$26 billion"),
                             (6.1e10, "USD", "$61 billion")]


def test_offsets_point_into_the_text() -> None:
    text = "Japan pledged $1 trillion."
    (a,) = find_amounts(text)
    assert (a.start, a.end) == (14, 25)
    assert isinstance(a, Amount)


# --- must not match ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Tariffs of 25% on Canadian goods and 2% on energy were paused.",
    "Trump ordered 10,000 National Guard members to the border.",
    "Some 5,600 troops remain in the region.",
    "The Treasury sanctioned 116 individuals and entities.",
    "The agreement expires in 2025.",
    "Prices are quoted in 2025 dollars.",
])
def test_counts_percentages_and_years_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize("text", [
    "The ruling party won 20 seats in the April election.",
    "Lee won 48.6 percent of the vote.",
    "About 20 million won the right to vote in 1987.",
    "Ten million won't be enough, the minister said.",
])
def test_won_as_a_verb_is_not_korean_won(text: str) -> None:
    assert find_amounts(text) == []


def test_won_needs_a_multiplier() -> None:
    assert find_amounts("The squad won 3 of its 5 matches and 20 won overall.") == []


def test_dollar_denominated_without_number() -> None:
    assert find_amounts("Russia sold a dollar-denominated bond to Chinese buyers.") == []


def test_pound_as_a_verb() -> None:
    assert find_amounts("Russian artillery continued to pound the city for 3 days.") == []


def test_pounds_as_weight() -> None:
    assert find_amounts("The jets dropped 2,000-pound bombs and 500 pounds of explosives.") == []


def test_real_estate_is_not_brazilian_real() -> None:
    assert find_amounts("The 5 billion real estate deal collapsed.") == []


def test_a_alone_is_not_a_number() -> None:
    assert find_amounts("It was a dollar short and a euro late.") == []


# --- properties -----------------------------------------------------------------------------

_DATA = load_yaml()
_MULTIPLIERS: list[tuple[str, Decimal]] = [
    (k, Decimal(v))
    for group in ("words", "spaced_abbreviations", "glued_abbreviations")
    for k, v in _DATA["multipliers"][group].items()
    if Decimal(v) in (Decimal("1e6"), Decimal("1e9"), Decimal("1e12")) and k != "lakh crore"
]
_GLUED = set(_DATA["multipliers"]["glued_abbreviations"])
_PREFIXES: list[tuple[str, str]] = sorted(
    [*_DATA["symbols"].items(), *((c, c) for c in _DATA["codes"]),
     *((y, "JPY") for y in _DATA["yen_symbols"])])
_SUFFIXES: list[tuple[str, str]] = sorted(
    [(form, code) for code, forms in _DATA["words"].items() for form in forms]
    + [(c, c) for c in _DATA["codes"]])


@st.composite
def numbers(draw: st.DrawFn) -> Decimal:
    if draw(st.booleans()):
        return Decimal(draw(st.integers(min_value=1, max_value=999)))
    return draw(st.decimals(min_value=1, max_value=999, places=2, allow_nan=False,
                            allow_infinity=False))


def multiplier_text(draw: st.DrawFn) -> tuple[str, Decimal]:
    word, value = draw(st.sampled_from(_MULTIPLIERS))
    glue = word in _GLUED or (len(word) <= 3 and draw(st.booleans()))
    return ("" if glue else " ") + word, value


@st.composite
def prefixed(draw: st.DrawFn) -> tuple[str, Decimal, str]:
    symbol, code = draw(st.sampled_from(_PREFIXES))
    number = draw(numbers())
    mult, value = multiplier_text(draw)
    space = " " if symbol[-1].isalpha() and draw(st.booleans()) else ""
    return f"{symbol}{space}{number}{mult}", number * value, code


@st.composite
def suffixed(draw: st.DrawFn) -> tuple[str, Decimal, str]:
    form, code = draw(st.sampled_from(_SUFFIXES))
    number = draw(numbers())
    mult, value = multiplier_text(draw)
    return f"{number}{mult} {form}", number * value, code


@settings(max_examples=400)
@given(st.one_of(prefixed(), suffixed()))
def test_formatted_amount_is_found_exactly(case: tuple[str, Decimal, str]) -> None:
    formatted, value, code = case
    text = f"The ministry said it would spend {formatted} on the programme next year."
    found = find_amounts(text)
    assert len(found) == 1, (formatted, found)
    a = found[0]
    assert a.currency == code
    assert abs(a.value - float(value)) <= 1e-9 * float(value)
    assert text[a.start:a.end] == formatted == a.text


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int) -> str:
    """English words for 1..999, the way a reporter writes them."""
    hundreds, rest = divmod(n, 100)
    words = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if 10 <= rest <= 19:
        words.append(_TEENS[rest - 10])
    elif rest:
        tens, units = divmod(rest, 10)
        words.append("-".join(w for w in (_TENS[tens], _UNITS[units]) if w))
    return " and ".join(words) if hundreds and rest else " ".join(words)


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["million", "billion"]))
def test_spelled_out_numbers(n: int, mult: str) -> None:
    formatted = f"{spell(n)} {mult} dollars"
    text = f"Officials said {formatted} had been set aside."
    value = n * (1e6 if mult == "million" else 1e9)
    assert only(text) == (value, "USD", formatted)


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_never_raises_and_offsets_are_sane(text: str) -> None:
    found = find_amounts(text)
    last_end = 0
    for a in found:
        assert 0 <= last_end <= a.start < a.end <= len(text)
        assert text[a.start:a.end] == a.text
        assert a.value > 0
        last_end = a.end


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["$", "€", "5", "1,000", ".", "-", " ", "billion", "bn", "m",
                                 "won", "to", "and", "between", "a", "half", "dollars",
                                 "US$", "Rs", "crore", "the", "¥", "yuan", "USD"]),
                max_size=14))
def test_amount_like_text_never_raises_and_offsets_are_sane(tokens: list[str]) -> None:
    text = "".join(tokens)
    found = find_amounts(text)
    last_end = 0
    for a in found:
        assert last_end <= a.start < a.end <= len(text)
        assert text[a.start:a.end] == a.text
        last_end = a.end
