"""Export the corpus store: CSV, JSON Lines, Parquet, and a GDELT 2.0 event table.

`export(rows_for, fmt, out_dir)` takes `rows_for(kind)`, an iterable of the store's
export row dicts for one of `KINDS` (the CLI passes `Store.export_rows`), and writes:

* ``jsonl``: ``events.jsonl``, ``commitments.jsonl``, ``quotes.jsonl``, ``actors.jsonl``,
  one row dict per line exactly as given (actor lists and the location stay nested).
* ``csv`` / ``parquet``: one file per kind with the flat columns of `COLUMNS` (the same
  columns, in the same order, for both formats; an empty export still has them). Actor
  lists become two ";"-joined columns, codes and names (``source`` ->
  ``source_codes``, ``source_names``; likewise ``target``, ``by``, ``to``, ``speaker``);
  the event location becomes ``location_name``, ``location_country``, ``location_lat``,
  ``location_lon``. A missing value is an empty CSV field and a Parquet null. Parquet
  columns are typed: ids, counts and offsets int64, coordinates and amounts float64, the
  rest strings (`INT_COLUMNS`, `FLOAT_COLUMNS`).
* ``gdelt``: ``events.gdelt.csv``, events in the GDELT 2.0 Event table layout (see below).

CSV and JSONL stream rows; Parquet writes record batches of `PARQUET_BATCH_ROWS` rows.
Each file is written under a temporary name and renamed when complete.

GDELT 2.0 mapping
-----------------
61 tab-separated columns, no header, UTF-8, in the codebook order of `GDELT_COLUMNS`.
The lookup tables are in ``communique/data/cameo.yaml`` (with their sources).

* One GDELT row per story event of the store (the same PLOVER type between the same
  parties on the same day, however many documents report it); an event with no story
  (rows from elsewhere) groups with those sharing (SQLDATE, Actor1Code, Actor1Name,
  Actor2Code, Actor2Name, EventCode, ActionGeo_FullName), across documents (the actor
  names are part of that key so that two people with the same code, ``JPNGOV``, stay
  apart).
  NumMentions = event rows in the group, NumArticles = distinct documents, NumSources =
  distinct outlets (a document without an outlet counts as its URL's host, without a
  URL as its own document id).
* GLOBALEVENTID: 1, 2, 3 ... in order of each group's first event in the export.
* SQLDATE: the event date, else the document's published date, as YYYYMMDD (only a full
  day counts: "2025-02" falls back to published). Events with neither are skipped.
  MonthYear YYYYMM, Year YYYY, FractionDate = year + day_of_year / 365, 4 decimals.
* Actor1 = the first source actor, Actor2 = the first target actor (further actors of a
  list are not exported; an empty list leaves the actor's fields blank).
  - ActorCode: countries -> the CAMEO country code; persons, organisations and groups ->
    the CAMEO code of the country they belong to (their ``country``, else their own
    ``code``), followed by ``GOV`` for persons whose role is a head of state or
    government, a minister or a senior government official (``gov_roles`` in
    cameo.yaml; any other role adds nothing). The role is the actor dict's ``role``
    when the row has one, else the packaged gazetteer's role for that person (export
    rows' actor dicts carry no role), so people the gazetteer does not know get no type.
    IGOs and people of an IGO -> the IGO's CAMEO code (``IGOUNO`` for the UN,
    ``IGOEEC`` for the EU, ``IGONAT`` for NATO, ...; ``igos`` in cameo.yaml), the
    generic ``IGO`` when CAMEO has none (African Union, G20, BRICS, ...). A few NGOs and
    IGOs that communique codes UNK get their CAMEO code by canonical name (``groups``:
    ECOWAS ``IGOWAS``, Amnesty ``NGOAMN``, ...). UNK with no such entry -> blank
    (``GOV`` alone for a government official).
  - CAMEO country codes are ISO 3166-1 alpha-3 except Romania ROM, Timor-Leste TMP,
    Montenegro MTN and the Isle of Man IMY (``country_codes``).
  - ActorName: the canonical name, upper-cased. ActorCountryCode: the CAMEO country
    code (blank for IGOs). ActorKnownGroupCode: CAMEO's known-group code where the IGO,
    NGO or armed group has one (UNO, EEC, NAT, ASN, HMS, HEZ, TAL ...), else blank.
    ActorType1Code: ``GOV`` (government officials as above), ``IGO`` / ``NGO`` (the
    prefix of their CAMEO code), else blank. Ethnic, religion, Type2 and Type3 codes
    are blank.
* IsRootEvent: 1. EventCode: the CAMEO code as a string with its leading zero ("031");
  EventBaseCode its first 3 digits, EventRootCode its first 2. Events whose code is not
  2 to 4 digits under a root 01-20 are skipped.
* QuadClass from the root: 01-05 -> 1 verbal cooperation, 06-08 -> 2 material
  cooperation, 09-13 -> 3 verbal conflict, 14-20 -> 4 material conflict.
* GoldsteinScale: GDELT's CAMEO Goldstein table for the code, else its base code, else
  its root.
* AvgTone: 0 (tone is not computed).
* Actor1Geo_* and Actor2Geo_*: not located (Type 0, the rest blank).
* ActionGeo_* from the event's location: Type 1 country; 2 US state (a region or
  territory in the US); 3 US city or landmark; 5 world state (a region or territory
  elsewhere); 4 world city or landmark (cities, seas, straits, islands, bases and every
  other place kind). FullName = the location name. CountryCode = the FIPS 10-4 code of
  the location's country (``fips``; blank when the place has no single country, e.g. the
  South China Sea). Lat/Long as stored. ADM1Code, ADM2Code and FeatureID blank. No
  location -> Type 0, the rest blank.
* DATEADDED: the ingestion time of the group's earliest-ingested event, UTC,
  YYYYMMDDHHMMSS. SOURCEURL: that event's document URL, or ``communique:<document_id>``
  for a document without one.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq

from communique.gazetteer import IGO_CODES, load_actor_entries
from communique.resources import load_data

FORMATS = ("csv", "jsonl", "parquet", "gdelt")
KINDS = ("events", "commitments", "quotes", "actors")

PARQUET_BATCH_ROWS = 10_000

# Flat columns for CSV and Parquet, per kind.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "document_id", "date", "published", "type", "cameo", "modality",
    "source_codes", "source_names", "target_codes", "target_names",
    "trigger", "trigger_start", "trigger_end", "sentence", "sentence_start", "sentence_end",
    "location_name", "location_country", "location_lat", "location_lon",
    "url", "outlet", "ingested_at",
)
COMMITMENT_COLUMNS: tuple[str, ...] = (
    "commitment_id", "document_id", "published",
    "by_codes", "by_names", "to_codes", "to_names",
    "action", "topic", "status", "trigger", "trigger_start", "trigger_end",
    "evidence_start", "evidence_end", "amount_value", "amount_currency", "deadline", "url",
)
QUOTE_COLUMNS: tuple[str, ...] = (
    "quote_id", "document_id", "published", "text", "start", "end",
    "speaker_codes", "speaker_names", "speaker_name", "cue", "url",
)
ACTOR_COLUMNS: tuple[str, ...] = (
    "actor_id", "name", "kind", "code", "country", "role", "documents", "mentions",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    "events": EVENT_COLUMNS,
    "commitments": COMMITMENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "actors": ACTOR_COLUMNS,
}
# Parquet types; every other flat column is a string.
INT_COLUMNS = frozenset({
    "event_id", "commitment_id", "quote_id", "actor_id", "documents", "mentions",
    "trigger_start", "trigger_end", "sentence_start", "sentence_end",
    "evidence_start", "evidence_end", "start", "end",
})
FLOAT_COLUMNS = frozenset({"location_lat", "location_lon", "amount_value"})

# Row keys holding actor lists, per kind: each becomes <key>_codes and <key>_names.
_ACTOR_LISTS: dict[str, tuple[str, ...]] = {
    "events": ("source", "target"),
    "commitments": ("by", "to"),
    "quotes": ("speaker",),
    "actors": (),
}


def _actor_columns(n: int) -> tuple[str, ...]:
    return tuple(f"Actor{n}{name}" for name in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code"))


def _geo_columns(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}_{name}" for name in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"))


# The GDELT 2.0 Event table, in codebook order (61 columns).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *_actor_columns(1), *_actor_columns(2),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *_geo_columns("Actor1Geo"), *_geo_columns("Actor2Geo"), *_geo_columns("ActionGeo"),
    "DATEADDED", "SOURCEURL",
)
GDELT_FILE = "events.gdelt.csv"

_CAMEO_RE = re.compile(r"\d{2,4}")
_REGION_KINDS = frozenset({"region", "territory"})  # GDELT "state": an ADM1-like area
_UNSAFE = re.compile(r"[\t\r\n]+")  # would break a tab-separated line


# --------------------------------------------------------------------------- entry point


def export(rows_for: Callable[[str], Iterable[Mapping[str, Any]]], fmt: str,
           out_dir: Path, raw: bool = False) -> list[Path]:
    """Write the export `fmt` (one of `FORMATS`) into `out_dir`; the paths written.

    `rows_for(kind)` yields the store's export rows for `kind` (one of `KINDS`). CSV text
    cells that would run as spreadsheet formulas get a leading apostrophe unless `raw`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "gdelt":
        path = out_dir / GDELT_FILE
        with _atomic_text(path) as out:
            write_gdelt(rows_for("events"), out)
        return [path]
    paths = []
    for kind in KINDS:
        path = out_dir / f"{kind}.{fmt}"
        if fmt == "parquet":
            _write_parquet(kind, rows_for(kind), path)
        else:
            with _atomic_text(path) as out:
                if fmt == "csv":
                    write_csv(kind, rows_for(kind), out, raw=raw)
                else:
                    write_jsonl(rows_for(kind), out)
        paths.append(path)
    return paths


@contextlib.contextmanager
def _atomic_text(path: Path) -> Iterator[TextIO]:
    """A text file at `path` that appears only once complete (no half-written exports)."""
    part = path.with_name(path.name + ".part")
    try:
        with part.open("w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


# --------------------------------------------------------------------------- flat formats


def flat_row(kind: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The CSV/Parquet columns of one export row (`COLUMNS[kind]`, in order)."""
    flat: dict[str, Any] = {}
    lists = _ACTOR_LISTS[kind]
    for column in COLUMNS[kind]:
        key, _, part = column.rpartition("_")
        if key in lists and part in ("codes", "names"):
            actors = row.get(key) or []
            attribute = "code" if part == "codes" else "name"
            flat[column] = ";".join(str(a.get(attribute) or "") for a in actors)
        elif kind == "events" and column.startswith("location_"):
            location = row.get("location") or {}
            flat[column] = location.get(column.removeprefix("location_"))
        else:
            flat[column] = row.get(column)
    return flat


# A cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM(...)", "+1-2")
# starts with one of these; OWASP's advice is to put an apostrophe before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula, made inert with a leading
    apostrophe (the OWASP recommendation; Excel and LibreOffice then show the text as is).
    Numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(kind: str, rows: Iterable[Mapping[str, Any]], out: TextIO,
              raw: bool = False) -> int:
    """Write `rows` of `kind` as CSV with a header; the number of rows written. Text cells
    are `spreadsheet_safe` unless `raw`."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS[kind])
    n = 0
    for row in rows:
        values = flat_row(kind, row).values()
        writer.writerow(values if raw else map(spreadsheet_safe, values))  # None -> ""
        n += 1
    return n


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write `rows` as JSON Lines, nested values kept; the number of rows written."""
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str))
        out.write("\n")
        n += 1
    return n


def parquet_schema(kind: str) -> pa.Schema:
    """The explicit Parquet schema of `kind`: every column nullable."""
    def arrow_type(column: str) -> pa.DataType:
        if column in INT_COLUMNS:
            return pa.int64()
        if column in FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()
    return pa.schema([pa.field(c, arrow_type(c), nullable=True) for c in COLUMNS[kind]])


def _write_parquet(kind: str, rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    schema = parquet_schema(kind)
    part = path.with_name(path.name + ".part")
    n = 0
    try:
        with pq.ParquetWriter(part, schema) as writer:
            flat = (flat_row(kind, row) for row in rows)
            while batch := list(islice(flat, PARQUET_BATCH_ROWS)):
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                n += len(batch)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return n


# --------------------------------------------------------------------------- GDELT


@cache
def _cameo() -> dict[str, Any]:
    """cameo.yaml with the name-keyed table casefolded for lookups."""
    data = dict(load_data("cameo.yaml"))
    data["groups"] = {name.casefold(): v for name, v in data["groups"].items()}
    data["gov_roles"] = frozenset(r.casefold() for r in data["gov_roles"])
    return data


def goldstein(code: str) -> float | None:
    """CAMEO Goldstein value of `code`, falling back to its base code, then its root."""
    table: dict[str, float] = _cameo()["goldstein"]
    for key in (code, code[:3], code[:2]):
        if key in table:
            return float(table[key])
    return None


def quad_class(code: str) -> int:
    """GDELT QuadClass of a CAMEO code: 1 verbal / 2 material cooperation,
    3 verbal / 4 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def cameo_country(iso3: str | None) -> str:
    """CAMEO country code of an ISO 3166-1 alpha-3 code ("" for UNK, IGO codes, None)."""
    iso3 = (iso3 or "").upper()
    if len(iso3) != 3 or not iso3.isalpha() or iso3 == "UNK" or iso3 in IGO_CODES:
        return ""
    return str(_cameo()["country_codes"].get(iso3, iso3))


def fips_country(iso3: str | None) -> str:
    """FIPS 10-4 code of an ISO alpha-3 country code ("" when it has none)."""
    return str(_cameo()["fips"].get((iso3 or "").upper(), ""))


@dataclass(frozen=True, slots=True)
class GdeltActor:
    """The GDELT fields of one actor (empty strings where blank)."""

    code: str = ""
    name: str = ""
    country: str = ""
    known_group: str = ""
    type1: str = ""


@cache
def _gazetteer_roles() -> dict[tuple[str, str], str]:
    """(casefolded name, code) -> role of the packaged gazetteer's persons."""
    return {(e.name.casefold(), e.code): e.role for e in load_actor_entries()
            if e.kind == "person" and e.role}


def _is_gov_role(role: str | None) -> bool:
    if not role:
        return False
    role = role.strip().casefold()
    if role in _cameo()["gov_roles"]:
        return True
    return role.endswith("minister") and not role.startswith(("former", "opposition", "shadow"))


def gdelt_actor(actor: Mapping[str, Any] | None) -> GdeltActor:
    """Map one export actor dict (code, name, kind, country, role) to GDELT actor fields."""
    if not actor:
        return GdeltActor()
    tables = _cameo()
    kind = actor.get("kind") or ""
    code = (actor.get("code") or "").upper()
    name = str(actor.get("name") or "")
    upper = _clean(name).upper()
    igo = tables["igos"].get(code)
    named = tables["groups"].get(name.casefold())
    if igo is not None:
        return GdeltActor(igo["actor"], upper, "", igo["group"], "IGO")
    if named is not None and named["actor"]:
        return GdeltActor(named["actor"], upper, "", named["group"], named["actor"][:3])
    if kind == "igo" or code in IGO_CODES:
        return GdeltActor("IGO", upper, "", "", "IGO")
    home = code if kind == "country" else (actor.get("country") or code)
    country = cameo_country(home)
    role = actor.get("role") or _gazetteer_roles().get((name.casefold(), code))
    type1 = "GOV" if kind == "person" and _is_gov_role(role) else ""
    group = named["group"] if named is not None else ""
    return GdeltActor(country + type1, upper, country, group, type1)


def _actor_fields(n: int, actor: GdeltActor) -> dict[str, str]:
    values = (actor.code, actor.name, actor.country, actor.known_group, "", "", "",
              actor.type1, "", "")
    return dict(zip(_actor_columns(n), values, strict=True))


def _geo_fields(prefix: str, location: Mapping[str, Any] | None) -> dict[str, str]:
    columns = _geo_columns(prefix)
    if not location or not location.get("name"):
        return dict.fromkeys(columns, "") | {columns[0]: "0"}
    kind = location.get("kind") or ""
    country = location.get("country")
    in_us = (country or "").upper() == "USA"
    if kind == "country":
        geo_type = 1
    elif kind in _REGION_KINDS:
        geo_type = 2 if in_us else 5
    else:
        geo_type = 3 if in_us else 4
    values = (str(geo_type), _clean(str(location["name"])), fips_country(country), "", "",
              _number(location.get("lat")), _number(location.get("lon")), "")
    return dict(zip(columns, values, strict=True))


def _number(value: Any) -> str:
    return "" if value is None else str(value)


def _clean(text: str) -> str:
    return _UNSAFE.sub(" ", text).strip()


def _day(value: Any) -> dt.date | None:
    """The calendar day of an ISO date or datetime string; None for partial dates."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _timestamp(value: Any) -> str:
    """An ISO datetime as UTC YYYYMMDDHHMMSS ("" when missing or unreadable)."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y%m%d%H%M%S")


def _source_key(row: Mapping[str, Any]) -> tuple[str, str]:
    """What counts as one source for NumSources: outlet, else URL host, else document."""
    outlet = (row.get("outlet") or "").strip()
    if outlet:
        return "outlet", outlet.casefold()
    host = urlsplit(row.get("url") or "").hostname or ""
    if host:
        return "host", host.removeprefix("www.")
    return "document", str(row.get("document_id"))


@dataclass(slots=True)
class _Group:
    """One GDELT row under construction: fixed fields plus the counters."""

    fields: dict[str, str]
    added: str
    url: str
    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    sources: set[tuple[str, str]] = field(default_factory=set)


def gdelt_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[list[str]]:
    """Aggregate export event rows into GDELT 2.0 rows (61 strings each, codebook order).

    Holds one small record per distinct GDELT event (not per input row) in memory.
    """
    groups: dict[tuple[str, ...], _Group] = {}
    for row in rows:
        day = _day(row.get("date")) or _day(row.get("published"))
        code = str(row.get("cameo") or "")
        if day is None or not _CAMEO_RE.fullmatch(code) or not 1 <= int(code[:2]) <= 20:
            continue
        sources = row.get("source") or []
        targets = row.get("target") or []
        actor1 = gdelt_actor(sources[0] if sources else None)
        actor2 = gdelt_actor(targets[0] if targets else None)
        action_geo = _geo_fields("ActionGeo", row.get("location"))
        sqldate = day.strftime("%Y%m%d")
        # A stored story event (communique.store: same type, parties and day) is one GDELT
        # event whatever each document called its actors.
        key = (("story", str(row["story_id"])) if row.get("story_id") else
               (sqldate, actor1.code, actor1.name, actor2.code, actor2.name, code,
                action_geo["ActionGeo_FullName"]))
        document_id = str(row.get("document_id"))
        added = _timestamp(row.get("ingested_at"))
        url = row.get("url") or f"communique:{document_id}"
        group = groups.get(key)
        if group is None:
            score = goldstein(code)
            fields = {
                "SQLDATE": sqldate,
                "MonthYear": day.strftime("%Y%m"),
                "Year": str(day.year),
                "FractionDate": f"{day.year + day.timetuple().tm_yday / 365:.4f}",
                **_actor_fields(1, actor1),
                **_actor_fields(2, actor2),
                "IsRootEvent": "1",
                "EventCode": code,
                "EventBaseCode": code[:3],
                "EventRootCode": code[:2],
                "QuadClass": str(quad_class(code)),
                "GoldsteinScale": "" if score is None else str(score),
                "AvgTone": "0",
                **_geo_fields("Actor1Geo", None),
                **_geo_fields("Actor2Geo", None),
                **action_geo,
            }
            group = groups[key] = _Group(fields, added, str(url))
        elif added and (not group.added or added < group.added):
            group.added, group.url = added, str(url)  # DATEADDED: the first recording
        group.mentions += 1
        group.documents.add(document_id)
        group.sources.add(_source_key(row))
    for number, group in enumerate(groups.values(), start=1):
        values = group.fields | {
            "GLOBALEVENTID": str(number),
            "NumMentions": str(group.mentions),
            "NumSources": str(len(group.sources)),
            "NumArticles": str(len(group.documents)),
            "DATEADDED": group.added,
            "SOURCEURL": _clean(group.url),
        }
        yield [values[column] for column in GDELT_COLUMNS]


def write_gdelt(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write export event rows as a GDELT 2.0 event table; the number of lines written."""
    n = 0
    for fields in gdelt_rows(rows):
        out.write("\t".join(fields))
        out.write("\n")
        n += 1
    return n
