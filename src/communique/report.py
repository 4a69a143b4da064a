"""A readable terminal report of one extracted `Document` (Rich, tuned for ~100 columns)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from communique.model import Actor, Document, Event, Location, NonEvent, Quote

# PLOVER quad classes -> colour.
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
VERBAL_CONFLICT = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST"})
MATERIAL_CONFLICT = frozenset({"SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})

CURRENCY_SYMBOLS: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_SCALES: tuple[tuple[float, str], ...] = (
    (1e12, "trillion"),
    (1e9, "billion"),
    (1e6, "million"),
)
ELLIPSIS = "…"
NO_ACTOR = "—"


# --------------------------------------------------------------------------- helpers


def format_amount(value: float, currency: str) -> str:
    """`1e12, "USD"` -> "$1 trillion"; `7.345e8, "AED"` -> "734.5 million AED".

    Values of a million and more are written with a scale word and at most two decimals;
    smaller ones in full with thousands separators. USD, EUR, GBP and JPY take their
    symbol as a prefix, every other currency its ISO code as a suffix.
    """
    if not math.isfinite(value):
        number = str(value)
    else:
        sign = "-" if value < 0 else ""
        magnitude = abs(value)
        number = ""
        for i, (scale, word) in enumerate(_SCALES):
            if magnitude >= scale * 0.9995:  # 999.999 million reads as 1 billion
                scaled = round(magnitude / scale, 2)
                if scaled >= 1000 and i > 0:  # rounding crossed into the next scale
                    scaled, word = round(magnitude / _SCALES[i - 1][0], 2), _SCALES[i - 1][1]
                number = f"{sign}{_trim(f'{scaled:,.2f}')} {word}"
                break
        if not number:
            number = f"{sign}{_trim(f'{round(magnitude, 2):,.2f}')}"
    code = (currency or "").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        if number.startswith("-"):
            return f"-{symbol}{number[1:]}"
        return f"{symbol}{number}"
    return f"{number} {code}".rstrip()


def _trim(number: str) -> str:
    """'120.00' -> '120', '734.50' -> '734.5'."""
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number


def shorten(text: str, width: int) -> str:
    """Collapse whitespace and cut `text` at a word boundary to fit `width` cells, with '…'."""
    text = re.sub(r"\s+", " ", text).strip()
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS if width == 1 else ""
    cut = text
    while cell_len(cut) > width - 1:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) // 2:  # break on a word unless that throws away half the room
        cut = cut[:space]
    return cut.rstrip(" ,;:—-") + ELLIPSIS


def event_style(plover_type: str) -> str:
    """Colour of a PLOVER type by its quad class."""
    if plover_type in COOPERATIVE:
        return "green"
    if plover_type in VERBAL_CONFLICT:
        return "yellow"
    if plover_type in MATERIAL_CONFLICT:
        return "red"
    return "white"


class _Names:
    """Actor ids -> display names (unknown ids show as themselves)."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.by_id: dict[str, Actor] = {a.id: a for a in actors}

    def name(self, actor_id: str) -> str:
        actor = self.by_id.get(actor_id)
        return actor.name if actor else actor_id

    def join(self, ids: Sequence[str]) -> str:
        return " & ".join(self.name(i) for i in ids) if ids else NO_ACTOR

    def code(self, actor_id: str) -> str | None:
        actor = self.by_id.get(actor_id)
        return actor.code if actor else None


def _excerpt(sentence: str, sentence_start: int, trigger_start: int, width: int) -> str:
    """The sentence if it fits, else the part from the trigger on, shortened to `width`.

    The actors are already on the line, so a sentence too long to show whole starts at
    its trigger ("pledged to increase its investment…").
    """
    flat = re.sub(r"\s+", " ", sentence).strip()
    if cell_len(flat) <= width:
        return flat
    offset = trigger_start - sentence_start
    if 0 < offset < len(sentence):
        return shorten(sentence[offset:], width)
    return shorten(sentence, width)


def _section(console: Console, title: str, count: int) -> None:
    console.print()
    console.print(Rule(Text.assemble((title, "bold"), (f" · {count}", "dim")), align="left",
                       style="dim"))


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold",
                  expand=False)
    for column in columns:
        table.add_column(column)
    return table


def _event_line(event: Event | NonEvent, names: _Names, width: int, text: str) -> Text:
    """`Japan → United States  AGREE (CAMEO 031)  "pledged to …"  2025-02-07`."""
    style = event_style(event.type)
    line = Text()
    line.append(names.join(event.source), style="bold")
    line.append(" → ")
    line.append(names.join(event.target), style="bold")
    line.append("  ")
    line.append(event.type, style=f"bold {style}")
    line.append(f" (CAMEO {event.cameo})", style=style)
    tail = Text()
    if isinstance(event, Event):
        if event.modality and event.modality != "asserted":
            tail.append(f"  [{event.modality}]", style="italic dim")
        if event.date:
            tail.append(f"  {event.date}", style="cyan")
        if event.location:
            tail.append(f"  @ {event.location}", style="dim")
    sentence = event.sentence.text or text[event.sentence.start:event.sentence.end]
    room = width - line.cell_len - tail.cell_len - 4  # two spaces and two quote marks
    room = max(room, 24)  # long actor lists wrap rather than starve the excerpt
    line.append("  ")
    line.append('"' + _excerpt(sentence, event.sentence.start, event.trigger.start, room) + '"',
                style="italic")
    line.append_text(tail)
    return line


def _coords(location: Location) -> str:
    if location.lat is None or location.lon is None:
        return ""
    lat = f"{abs(location.lat):.2f}°{'N' if location.lat >= 0 else 'S'}"
    lon = f"{abs(location.lon):.2f}°{'E' if location.lon >= 0 else 'W'}"
    return f"{lat} {lon}"


def _speaker(quote: Quote, names: _Names) -> str:
    codes = [c for c in (names.code(i) for i in quote.speaker) if c and c != "UNK"]
    name = quote.speaker_name or (names.join(quote.speaker) if quote.speaker else "unattributed")
    unique = list(dict.fromkeys(codes))
    return f"{name} ({', '.join(unique)})" if unique else name


# --------------------------------------------------------------------------- report


def render_report(doc: Document, console: Console) -> None:
    """Print a sectioned report of `doc`; empty sections are left out."""
    names = _Names(doc.actors)
    width = console.width

    header = Text()
    header.append(doc.title or doc.id or "Untitled document", style="bold")
    meta = []
    if doc.published:
        meta.append(f"published {doc.published}")
    meta.append(f"{len(doc.text):,} chars")
    if doc.id and doc.title:
        meta.append(f"id {doc.id}")
    header.append("  ·  " + "  ·  ".join(meta), style="dim")
    console.print(header)

    if doc.actors:
        _section(console, "Actors", len(doc.actors))
        table = _table("Name", "Kind", "Code", "Role", "Mentions")
        table.columns[4].justify = "right"
        for actor in doc.actors:
            role = actor.role or ""
            if actor.country and actor.kind != "country" and actor.country != actor.code:
                role = f"{role} ({actor.country})" if role else actor.country
            table.add_row(actor.name, actor.kind, actor.code, role, str(len(actor.mentions)))
        console.print(table)

    if doc.events:
        _section(console, "Events", len(doc.events))
        for event in doc.events:
            console.print(_event_line(event, names, width, doc.text), overflow="fold")

    if doc.non_events:
        _section(console, "Non-events", len(doc.non_events))
        table = _table("Type", "Actors", "Reason", "Sentence")
        for ne in doc.non_events:
            actors = f"{names.join(ne.source)} → {names.join(ne.target)}"
            sentence = ne.sentence.text or doc.text[ne.sentence.start:ne.sentence.end]
            table.add_row(f"{ne.type} ({ne.cameo})", actors, ne.reason,
                          _excerpt(sentence, ne.sentence.start, ne.trigger.start, 120))
        table.style = "dim"
        console.print(table, style="dim")

    if doc.commitments:
        _section(console, "Commitments", len(doc.commitments))
        deadlines = any(c.deadline for c in doc.commitments)
        columns = ["By → To", "Topic", "Status", "Amount", "Deadline", "Action"]
        table = _table(*(c for c in columns if deadlines or c != "Deadline"))
        for c in doc.commitments:
            parties = f"{names.join(c.by)} → {names.join(c.to)}"
            amount = format_amount(c.amount.value, c.amount.currency) if c.amount else ""
            status_style = "green" if c.status == "new" else "cyan"
            cells: list[str | Text] = [parties, c.topic, Text(c.status, style=status_style),
                                       Text(amount, style="bold")]
            if deadlines:
                cells.append(c.deadline or "")
            cells.append(shorten(c.action, 90))
            table.add_row(*cells)
        console.print(table)

    if doc.quotes:
        _section(console, "Quotes", len(doc.quotes))
        table = _table("Speaker", "Quote", "Cue")
        quote_room = max(2 * (width - 40), 60)  # about two lines of the quote column
        for q in doc.quotes:
            table.add_row(_speaker(q, names), Text(f"“{shorten(q.text, quote_room)}”",
                          style="italic"), q.cue or "")
        console.print(table)

    if doc.amounts:
        _section(console, "Amounts", len(doc.amounts))
        table = _table("Amount", "Currency", "As written")
        for a in doc.amounts:
            table.add_row(Text(format_amount(a.value, a.currency), style="bold"), a.currency,
                          shorten(a.text, 60))
        console.print(table)

    if doc.locations:
        _section(console, "Places", len(doc.locations))
        table = _table("Name", "Kind", "Country", "Coordinates", "Mentions")
        table.columns[4].justify = "right"
        for loc in doc.locations:
            table.add_row(loc.name, loc.kind, loc.country or "", _coords(loc),
                          str(len(loc.mentions)))
        console.print(table)

    if doc.dates:
        _section(console, "Dates", len(doc.dates))
        table = _table("Value", "Granularity", "Text")
        for d in doc.dates:
            table.add_row(Text(d.value, style="cyan"), d.granularity, shorten(d.text, 60))
        console.print(table)
