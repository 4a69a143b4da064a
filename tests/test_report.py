"""The terminal report: layout at 100 columns and amount formatting."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console

from communique.model import (
    Actor,
    Amount,
    Commitment,
    DateRef,
    Document,
    Event,
    Location,
    Mention,
    NonEvent,
    Quote,
    Span,
)
from communique.report import format_amount, render_report, shorten

TEXT = (
    "Japan has pledged to increase its investment in the United States to an unprecedented "
    "level of $1 trillion during an in-person meeting between Japanese Prime Minister Shigeru "
    "Ishiba and U.S. President Donald J. Trump on February 7 in Washington, reaffirming their "
    "nations' strong alliance. \"We will bring the relationship to new heights, and Japan will "
    "invest in America like never before, creating many jobs for American workers in every "
    "state of this great country,\" Trump said. Japan did not threaten tariffs."
)


def _span(needle: str, start_at: int = 0) -> Span:
    start = TEXT.index(needle, start_at)
    return Span(start, start + len(needle), needle)


def _sentence(containing: str) -> Span:
    at = TEXT.index(containing)
    start = TEXT.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = TEXT.index(".", at) + 1
    while end < len(TEXT) and TEXT[end] not in " ":
        end += 1
    return Span(start, end, TEXT[start:end])


def make_doc() -> Document:
    first = _sentence("has pledged")
    amount_span = _span("$1 trillion")
    amount = Amount(1e12, "USD", amount_span.start, amount_span.end, amount_span.text)
    quote_text = TEXT[TEXT.index("We will") : TEXT.index(",\" Trump")]
    quote_start = TEXT.index("We will")
    date_span = _span("February 7")
    washington = _span("Washington")
    us = _span("United States")
    return Document(
        text=TEXT,
        published="2025-02-10",
        title="Japan pledges $1 trillion in U.S. investment",
        id="seed-000",
        actors=[
            Actor("a1", "Japan", "country", "JPN", mentions=[Mention(0, 5, "Japan")]),
            Actor("a2", "United States", "country", "USA",
                  mentions=[Mention(us.start, us.end, us.text)]),
            Actor("a3", "Donald J. Trump", "person", "USA", country="USA", role="President"),
        ],
        events=[
            Event("AGREE", "031", ["a1"], ["a2"], _span("pledged"), first, date="2025-02-07"),
        ],
        non_events=[
            NonEvent("THREATEN", "130", ["a1"], [], _span("threaten"),
                     _sentence("did not threaten"), reason="negated"),
        ],
        commitments=[
            Commitment(["a1"], ["a2"], "increase its investment in the United States to an "
                       "unprecedented level of $1 trillion", "investment", "new", first,
                       _span("pledged"), amount=amount),
        ],
        quotes=[Quote(quote_text, quote_start, quote_start + len(quote_text), ["a3"],
                      "Donald J. Trump", cue="said")],
        amounts=[amount],
        locations=[Location("Washington", "city", "USA", 38.9072, -77.0369,
                            [Mention(washington.start, washington.end, washington.text)])],
        dates=[DateRef("2025-02-07", "day", date_span.start, date_span.end, date_span.text)],
    )


def render(doc: Document, width: int = 100) -> str:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    render_report(doc, console)
    return console.export_text()


def _event_rows(out: str) -> list[str]:
    section = out.split("Events · ", 1)[1].split("Non-events", 1)[0]
    return [line for line in section.splitlines()[3:] if line.strip()]


def _event_cells(out: str) -> list[dict[str, str]]:
    """The events table read back by column: one dict per line, heading -> cell text."""
    section = out.split("Events · ", 1)[1].split("Non-events", 1)[0].splitlines()
    heading = section[1]
    names = heading.split()
    names = [" ".join(names[:3]), *names[3:]]  # "Who → whom" is one heading
    starts = [heading.index(name) for name in names] + [None]
    return [{name: line[starts[i]:starts[i + 1]].strip() for i, name in enumerate(names)}
            for line in section[3:] if line.strip()]


def _column(cells: list[dict[str, str]], name: str) -> str:
    return " ".join(c[name] for c in cells if c[name])


def test_event_row_holds_parties_type_code_date_place_and_sentence() -> None:
    doc = make_doc()
    doc.events[0].location = "Washington D.C."
    cells = _event_cells(render(doc))
    assert {k: v for k, v in cells[0].items() if k != "Sentence"} == {
        "Who → whom": "Japan → United States", "Type": "AGREE", "CAMEO": "031",
        "When": "2025-02-07", "Where": "Washington D.C."}
    assert _column(cells, "Sentence").startswith("pledged to increase its investment in")
    assert all(not c["Type"] for c in cells[1:])  # one event: its excerpt wraps alone


def test_sections_and_values() -> None:
    out = render(make_doc())
    for title in ("Actors · 3", "Events · 1", "Non-events · 1", "Commitments · 1",
                  "Quotes · 1", "Amounts · 1", "Places · 1", "Dates · 1"):
        assert title in out
    first = out.splitlines()[0]
    assert first.startswith("Japan pledges $1 trillion in U.S. investment")
    assert "published 2025-02-10" in first
    assert f"{len(TEXT):,} chars" in first
    assert "$1 trillion" in out.split("Commitments · 1", 1)[1].split("Quotes", 1)[0]
    assert "Donald J. Trump (USA)" in out
    assert "38.91°N 77.04°W" in out
    assert "negated" in out
    assert "THREATEN (130)" in out
    assert "said" in out


def test_empty_sections_are_omitted() -> None:
    doc = Document(text="Nothing happened.", published=None, title=None, id="x")
    out = render(doc)
    assert out.splitlines()[0].startswith("x")
    for title in ("Actors", "Events", "Commitments", "Quotes", "Amounts", "Places", "Dates"):
        assert title not in out


def test_symmetric_event_shows_dash() -> None:
    doc = make_doc()
    doc.events[0].target = []
    out = render(doc)
    assert _column(_event_cells(out), "Who → whom") == "Japan → —"


def test_multiple_sources_joined() -> None:
    doc = make_doc()
    doc.events[0].source = ["a1", "a2"]
    doc.events[0].target = ["unknown-id"]
    out = render(doc)
    assert _column(_event_cells(out), "Who → whom") == "Japan & United States → unknown-id"


@pytest.mark.parametrize("width", [100, 80])
def test_no_line_wider_than_console(width: int) -> None:
    doc = make_doc()
    doc.events[0].sentence = Span(0, len(TEXT), TEXT)  # a very long "sentence"
    out = render(doc, width)
    for line in out.splitlines():
        assert cell_len(line) <= width, line
    assert _column(_event_cells(out), "Sentence").endswith("…")


@pytest.mark.parametrize("width", [100, 80])
def test_event_fields_wrap_within_their_own_column(width: int) -> None:
    doc = make_doc()
    doc.events[0].source = ["a1", "a2", "a3"]
    doc.events[0].location = "Washington D.C."
    doc.events[0].type, doc.events[0].cameo = "PROTEST", "140"
    cells = _event_cells(render(doc, width))
    assert [cells[0][k] for k in ("Type", "CAMEO", "When", "Where")] == [
        "PROTEST", "140", "2025-02-07", "Washington D.C."]  # each whole, on its first line
    assert all(not c[k] for c in cells[1:] for k in ("Type", "CAMEO", "When", "Where"))
    assert _column(cells, "Who → whom") == (
        "Japan & United States & Donald J. Trump → United States")


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (1e12, "USD", "$1 trillion"),
        (1.2e8, "GBP", "£120 million"),
        (5.22e8, "EUR", "€522 million"),
        (7.345e8, "AED", "734.5 million AED"),
        (1000, "USD", "$1,000"),
        (4.07e9, "USD", "$4.07 billion"),
        (5e9, "JPY", "¥5 billion"),
        (2.5e6, "usd", "$2.5 million"),
        (999_999_999, "USD", "$1 billion"),
        (1234.5, "CHF", "1,234.5 CHF"),
        (-3e9, "USD", "-$3 billion"),
        (3.5e13, "USD", "$35 trillion"),
    ],
)
def test_format_amount(value: float, currency: str, expected: str) -> None:
    assert format_amount(value, currency) == expected


def test_shorten() -> None:
    assert shorten("short  text", 20) == "short text"
    cut = shorten("pledged to increase its investment in the United States", 30)
    assert cut.endswith("…")
    assert cell_len(cut) <= 30
    assert cut == "pledged to increase its…"
