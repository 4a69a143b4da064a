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

from communique.model import Actor, Document, Event, Location, Quote

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


_EVENT_COLUMNS: tuple[tuple[str, str, int, bool, bool], ...] = (
    ("Who → whom", "parties", 22, False, False), ("Type", "type", 9, False, False),
    ("CAMEO", "cameo", 5, False, False), ("When", "date", 10, False, True),
    ("Where", "place", 16, False, True), ("Sentence", "sentence", 400, False, False))


def _events_table(events: Sequence[Event], names: _Names, width: int, text: str) -> Table:
    """One row per event: who → whom (wrapping between names), type and CAMEO code, date,
    place, and the sentence from its trigger on, cut to the room left: a long value wraps
    or is cut within its own column, never into the next field."""
    rows = []
    for event in events:
        sentence = event.sentence.text or text[event.sentence.start:event.sentence.end]
        rows.append({"parties": f"{names.join(event.source)} → {names.join(event.target)}",
                     "type": event.type, "cameo": event.cameo, "date": event.date or "",
                     "place": event.location or "",
                     "sentence": re.sub(r"\s+", " ", sentence).strip(),
                     "modality": event.modality})
    # When and Where are shown whenever an event has one (they are "optional" only in the
    # sense of being left out when empty); the sentence gives up room first.
    columns = [(*c[:4], False) for c in _EVENT_COLUMNS if any(r[c[1]] for r in rows)
               or not c[4]]
    columns, widths = _fit(columns, "sentence", rows, width)
    table = _table()
    for (heading, key, _cap, _right, _optional), cells in zip(columns, widths, strict=True):
        wraps = key in ("parties", "sentence")  # names and the excerpt wrap, codes never
        table.add_column(heading, width=cells, no_wrap=not wraps,
                         overflow="fold" if wraps else "ellipsis")
    room = 2 * widths[-1] - 4  # the excerpt: about two lines of its column
    for event, row in zip(events, rows, strict=True):
        style = event_style(event.type)
        hedge = (f"[{event.modality}] " if event.modality and event.modality != "asserted"
                 else "")
        excerpt = Text(hedge, style="italic dim")
        excerpt.append(_excerpt(row["sentence"], event.sentence.start, event.trigger.start,
                                max(room - len(hedge), 8)), style="italic")
        cells: dict[str, str | Text] = {
            **row, "parties": Text(row["parties"], style="bold"),
            "type": Text(event.type, style=f"bold {style}"),
            "cameo": Text(event.cameo, style=style), "date": Text(row["date"], style="cyan"),
            "place": Text(row["place"], style="dim"), "sentence": excerpt}
        table.add_row(*(cells[key] for _h, key, *_ in columns))
    return table


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
        console.print(_events_table(doc.events, names, width, doc.text))

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
            parties = parties_text(names.join(c.by), names.join(c.to),
                                   set(c.by) == set(c.to))
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


# --------------------------------------------------------------------------- listings

# The table view of each stored listing, designed for 100 columns: (heading, field,
# at most this many cells wide in the narrow view, right-aligned, optional). The elastic
# column of each listing takes what room is left and ends with "…"; optional columns make
# way when it would be left too little room, and columns empty on every row are left out.
# --wide shows every column and every cell whole.
LISTING_COLUMNS: dict[str, tuple[tuple[str, str, int, bool, bool], ...]] = {
    "events": (("When", "when", 10, False, False), ("Type", "type", 9, False, False),
               ("CAMEO", "cameo", 5, False, False),
               ("Source", "source_names", 24, False, False),
               ("Target", "target_names", 24, False, False),
               ("Trigger", "trigger", 18, False, False),
               ("Document", "document_id", 24, False, True)),
    "commitments": (("Published", "published", 10, False, False),
                    ("By → To", "parties", 30, False, False),
                    ("Topic", "topic", 11, False, False), ("Amount", "amount", 16, True, False),
                    ("Deadline", "deadline", 10, False, True),
                    ("Action", "action", 70, False, False),
                    ("Document", "document_id", 24, False, True)),
    "quotes": (("Published", "published", 10, False, False),
               ("Speaker", "speaker_name", 24, False, False),
               ("Quote", "text", 90, False, False),
               ("Document", "document_id", 24, False, True)),
    "actors": (("Name", "name", 40, False, False), ("Kind", "kind", 12, False, False),
               ("Code", "code", 8, False, False), ("Country", "country", 7, False, False),
               ("Documents", "documents", 9, True, False),
               ("Mentions", "mentions", 8, True, False)),
    "search": (("Document", "document_id", 28, False, False),
               ("Title", "title", 30, False, True), ("Snippet", "snippet", 90, False, False)),
}
# The column that gives up room first (ellipsis) when a row is too wide.
_ELASTIC = {"events": "target_names", "commitments": "action", "quotes": "text",
            "actors": "name", "search": "snippet"}
_COMFORTABLE_ELASTIC = 28  # below this the optional columns make way


def parties_text(by: str, to: str, mutual: bool) -> str:
    """'Japan & United States → each other' for a promise its makers make to one another."""
    return f"{by} → each other" if mutual and " & " in by else f"{by} → {to}"


def listing_cells(kind: str, row: dict[str, object]) -> dict[str, str]:
    """The table cells of one flat listing row (`export.flat_row` shape, or a search hit)."""
    cells = {key: "" if value is None else str(value) for key, value in row.items()}
    if kind == "events":
        cells["when"] = cells.get("date") or cells.get("published") or ""
        for side in ("source_names", "target_names"):
            cells[side] = cells.get(side, "").replace(";", " & ") or NO_ACTOR
    elif kind == "commitments":
        by = cells.get("by_names", "").replace(";", " & ") or NO_ACTOR
        to = cells.get("to_names", "").replace(";", " & ") or NO_ACTOR
        cells["parties"] = parties_text(by, to, set(by.split(" & ")) == set(to.split(" & ")))
        value, currency = row.get("amount_value"), row.get("amount_currency")
        cells["amount"] = (format_amount(float(value), str(currency or ""))  # type: ignore[arg-type]
                           if value is not None else "")
    elif kind == "actors":
        for count in ("documents", "mentions"):
            if isinstance(row.get(count), int):
                cells[count] = f"{row[count]:,}"
    elif kind == "search":
        cells["snippet"] = re.sub(r"\s+", " ", cells.get("snippet", "")).strip()
    return cells


def listing_table(kind: str, rows: Iterable[dict[str, object]], width: int = 100,
                  wide: bool = False) -> Table:
    """A stored listing as a table in the style of the extract report, `width` cells wide
    at most. Narrow (default): one line per row, long cells cut with "…", the elastic column
    (the action, the quote, the snippet) giving up room first; `wide`: every cell whole,
    wrapped within its column."""
    body = [listing_cells(kind, row) for row in rows]
    columns = list(LISTING_COLUMNS[kind])
    lines = [{key: re.sub(r"\s+", " ", cells.get(key, "")) for _h, key, *_ in columns}
             for cells in body]
    columns = [c for c in columns if any(line[c[1]] for line in lines) or c[1] == _ELASTIC[kind]]
    if wide:
        widths = _wide_widths(columns, _ELASTIC[kind], lines, width)
    else:
        columns, widths = _fit(columns, _ELASTIC[kind], lines, width)
    table = _table()
    for (heading, _key, _cap, right, _optional), cells in zip(columns, widths, strict=True):
        table.add_column(heading, justify="right" if right else "left", width=cells,
                         no_wrap=not wide, overflow="fold" if wide else "ellipsis")
    for cells, line in zip(body, lines, strict=True):
        values: list[str | Text] = []
        for _heading, key, *_ in columns:
            value = cells.get(key, "") if wide else line[key]
            values.append(Text(value, style=event_style(value)) if key == "type" else value)
        table.add_row(*values)
    return table


_GAP = 3  # cells between two columns of `_table()` (padding, divider, padding)
_MIN_ELASTIC = 12


def _fit(columns: list[tuple[str, str, int, bool, bool]], elastic: str,
         lines: list[dict[str, str]], width: int
         ) -> tuple[list[tuple[str, str, int, bool, bool]], list[int]]:
    """The columns to show and their widths within `width`. Each column gets its content,
    up to its cap; when that is too wide the elastic column shrinks first, optional columns
    make way (the rightmost first) while it would have under 28 cells, and then the others
    shrink in turn, widest first, never below their heading. (Rich's own collapsing shrinks
    every column alike, which cut dates and codes before long texts.)"""
    while True:
        natural = [max([cell_len(h), *(cell_len(line[k]) for line in lines)])
                   for h, k, *_ in columns]
        widths = [min(n, c[2]) for n, c in zip(natural, columns, strict=True)]
        room = width - _GAP * (len(widths) - 1)
        at = next((i for i, c in enumerate(columns) if c[1] == elastic), None)
        if at is None:
            break
        others = sum(widths) - widths[at]
        widths[at] = min(widths[at], max(room - others, 0))
        optional = [i for i, c in enumerate(columns) if c[4]]
        if widths[at] >= min(_COMFORTABLE_ELASTIC, natural[at]) or not optional:
            widths[at] = max(widths[at], min(_MIN_ELASTIC, natural[at]))
            break
        columns = [c for i, c in enumerate(columns) if i != optional[-1]]
    floors = [cell_len(c[0]) for c in columns]
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > max(floors[i], 4)]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return columns, widths


def _wide_widths(columns: list[tuple[str, str, int, bool, bool]], elastic: str,
                 lines: list[dict[str, str]], width: int) -> list[int]:
    """--wide: each column up to its cap (its cells wrap within it) and the elastic column
    the room that leaves; while that is under 30 cells the other columns narrow, widest
    first, down to their heading (or 10 cells)."""
    natural = [max([cell_len(h), *(cell_len(line[k]) for line in lines)])
               for h, k, *_ in columns]
    widths = [max(min(n, c[2]), cell_len(c[0])) for n, c in zip(natural, columns, strict=True)]
    room = width - _GAP * (len(widths) - 1)
    at = next(i for i, c in enumerate(columns) if c[1] == elastic)
    floors = [max(cell_len(c[0]), min(10, n)) for c, n in zip(columns, natural, strict=True)]
    while room - (sum(widths) - widths[at]) < min(30, natural[at]):
        narrower = [i for i, w in enumerate(widths) if i != at and w > floors[i]]
        if not narrower:
            break
        widths[max(narrower, key=lambda i: widths[i])] -= 1
    widths[at] = max(min(natural[at], room - (sum(widths) - widths[at])), 12)
    return widths


# --------------------------------------------------------------------------- tracks


def _amount_text(amount: dict | None) -> str:
    return format_amount(amount["value"], amount["currency"]) if amount else ""


def _fitted_table(columns: list[tuple[str, str, int, bool, bool]], elastic: str,
                  lines: list[dict[str, str]], width: int) -> Table:
    columns = [c for c in columns if any(line[c[1]] for line in lines) or c[1] == elastic]
    columns, widths = _fit(columns, elastic, lines, width)
    table = _table()
    for (heading, _key, _cap, right, _optional), cells in zip(columns, widths, strict=True):
        table.add_column(heading, justify="right" if right else "left", width=cells,
                         no_wrap=True, overflow="ellipsis")
    for line in lines:
        table.add_row(*(line[key] for _h, key, *_ in columns))
    return table


def render_tracks(tracks: list[dict], console: Console) -> None:
    """Tracked commitments, one line each: by → to, topic, amount, status, sources, dates."""
    lines = [{"id": t["id"], "parties": parties_text(' & '.join(t['by']) or NO_ACTOR,
                                                     ' & '.join(t['to']) or NO_ACTOR,
                                                     set(t['by']) == set(t['to'])),
              "topic": t["topic"], "amount": _amount_text(t["amount"]), "status": t["status"],
              "sources": f"{t['sources']:,}", "first": t["first_seen"] or "",
              "last": t["last_seen"] or ""} for t in tracks]
    columns = [("Track", "id", 9, False, False), ("By → To", "parties", 30, False, False),
               ("Topic", "topic", 12, False, False), ("Amount", "amount", 16, True, False),
               ("Status", "status", 11, False, False), ("Sources", "sources", 7, True, False),
               ("First seen", "first", 10, False, False), ("Last seen", "last", 10, False,
                                                           False)]
    console.print(_fitted_table(columns, "parties", lines, console.width))


def render_track(track: dict, console: Console) -> None:
    """One track's life: every mention with its date, source, relation, amount and the
    sentence that says it."""
    mentions = track["mentions"]
    first = mentions[0] if mentions else {}
    header = Text()
    header.append(f"{track['id']}  ", style="bold")
    header.append(parties_text(' & '.join(first.get('by', [])) or NO_ACTOR,
                               ' & '.join(first.get('to', [])) or NO_ACTOR,
                               set(first.get('by', [])) == set(first.get('to', []))),
                  style="bold")
    header.append(f"  ·  {track['topic']}  ·  {track['status']}  ·  "
                  f"{track['sources']} source{'s' if track['sources'] != 1 else ''}", style="dim")
    console.print(header)
    if first.get("action"):
        console.print(Text(shorten(first["action"], console.width), style="italic"))
    lines = [{"date": m["published"] or "", "source": m["outlet"] or m["doc"],
              "relation": m["relation"],
              "amount": _amount_text(m["delivered"] or m["amount"]),
              "evidence": re.sub(r"\s+", " ", m["evidence"]["text"] or "").strip()}
             for m in mentions]
    columns = [("Date", "date", 10, False, False), ("Source", "source", 24, False, False),
               ("Relation", "relation", 10, False, False),
               ("Amount", "amount", 16, True, False), ("Evidence", "evidence", 400, False,
                                                       False)]
    console.print()
    console.print(_fitted_table(columns, "evidence", lines, console.width))
    reasons = [m["reason"] for m in mentions[1:]]
    if reasons:
        console.print()
        for n, (m, reason) in enumerate(zip(mentions[1:], reasons, strict=True), 2):
            console.print(Text(f"{n}. {m['doc']}: {reason}", style="dim"), overflow="fold")


def render_stories(stories: list[dict], console: Console) -> None:
    """Events several documents report, merged, most reported first."""
    lines = [{"date": s["date"], "type": s["type"], "cameo": s["cameo"],
              "source": " & ".join(s["source"]) or NO_ACTOR,
              "target": " & ".join(s["target"]) or NO_ACTOR,
              "documents": f"{s['documents']:,}", "events": f"{s['events']:,}",
              "ids": ", ".join(s["document_ids"])} for s in stories]
    columns = [("Date", "date", 10, False, False), ("Type", "type", 9, False, False),
               ("CAMEO", "cameo", 5, False, False), ("Source", "source", 20, False, False),
               ("Target", "target", 20, False, False), ("Docs", "documents", 5, True, False),
               ("Events", "events", 6, True, False), ("Documents", "ids", 200, False, False)]
    console.print(_fitted_table(columns, "ids", lines, console.width))
