"""Typed loader for the actor and place gazetteers.

The packaged data lives in ``communique/data/actors.yaml`` (countries, IGOs,
non-state groups, office holders) and ``communique/data/places.yaml``
(seas, straits, disputed territories, regions, bases ...). Users can add YAML
files in the same format; one file may hold any subset of the sections
``countries``, ``igos``, ``groups``, ``persons`` and ``places``.

Merging: an actor entry is identified by ``(code, name)``, a place by
``name``. A user entry with the identity of an existing one updates it: the
scalar fields it gives (``kind``, ``role``, ``country``, ``lat``, ``lon``)
replace the old values and its lists are appended to the old lists. Any other
entry is added at the end.

``name`` is always the first element of ``aliases`` (the loader prepends it),
so ``aliases`` is the complete list of surface forms denoting the entry.

No spaCy here: this module is pure data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from communique.errors import CommuniqueError
from communique.model import ACTOR_KINDS
from communique.resources import safe_load

__all__ = [
    "ACTOR_SECTIONS",
    "IGO_CODES",
    "PLACE_KINDS",
    "ActorEntry",
    "GazetteerError",
    "PlaceEntry",
    "load_actor_entries",
    "load_place_entries",
]

#: actor section -> default kind of its entries
ACTOR_SECTIONS: dict[str, str] = {
    "countries": "country",
    "igos": "igo",
    "groups": "group",
    "companies": "organization",
    "persons": "person",
}
#: the codes IGO actors may carry; any other international body is coded UNK
IGO_CODES: tuple[str, ...] = (
    "UN", "EU", "NATO", "ASEAN", "AU", "G7", "G20", "IAEA", "WTO", "IMF", "WB", "OPEC",
    "QUAD", "BRICS", "ICC", "ICJ", "WHO", "OSCE", "GCC", "SCO",
)
PLACE_KINDS: tuple[str, ...] = (
    "sea", "ocean", "strait", "gulf", "bay", "island", "islands", "shoal", "region",
    "continent", "river", "canal", "territory", "peninsula", "lake", "mountain", "desert",
    "base", "corridor", "city", "camp", "facility", "crossing", "border", "site", "place",
)

_TOP_LEVEL = frozenset({"version", *ACTOR_SECTIONS, "places"})
_ACTOR_LISTS = ("aliases", "demonyms", "capitals", "institutions")
_ACTOR_KEYS = frozenset({"code", "name", "kind", "role", *_ACTOR_LISTS})
_PLACE_KEYS = frozenset({"name", "kind", "country", "lat", "lon", "aliases"})
_CODE_RE = re.compile(r"[A-Z][A-Z0-9]{1,5}")
_ISO3_RE = re.compile(r"[A-Z]{3}")


class GazetteerError(CommuniqueError, ValueError):
    """A gazetteer file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class ActorEntry:
    code: str  # ISO 3166-1 alpha-3, an IGO code (IGO_CODES) or UNK
    name: str  # canonical display name
    kind: str  # one of communique.model.ACTOR_KINDS
    aliases: tuple[str, ...]  # surface forms of the actor itself, name first
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()  # metonyms: "Washington said"
    institutions: tuple[str, ...] = ()  # metonyms: "the Kremlin said"
    role: str | None = None  # for persons: "President", "Foreign Minister" ...


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    kind: str  # one of PLACE_KINDS
    country: str | None  # ISO3 of the single country it lies in, else None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]  # surface forms, name first


# --------------------------------------------------------------------------- reading


def _load_text(source: str, text: str) -> dict[str, Any]:
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise GazetteerError(f"{source}: invalid YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GazetteerError(f"{source}: top level must be a mapping of sections, "
                             f"got {type(data).__name__}")
    unknown = sorted(str(k) for k in data if k not in _TOP_LEVEL)
    if unknown:
        raise GazetteerError(f"{source}: unknown section {unknown[0]!r} "
                             f"(expected {', '.join(sorted(_TOP_LEVEL))})")
    version = data.get("version", 1)
    if version != 1:
        raise GazetteerError(f"{source}: unsupported version {version!r} (expected 1)")
    return data


def _load_file(path: Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise GazetteerError(f"{path}: cannot read: {reason}") from None
    return _load_text(str(path), text)


def _load_packaged(filename: str) -> dict[str, Any]:
    text = resources.files("communique").joinpath("data", filename).read_text(encoding="utf-8")
    return _load_text(f"communique/data/{filename}", text)


# --------------------------------------------------------------------------- validation


def _section(source: str, data: Mapping[str, Any], section: str) -> list[Mapping[str, Any]]:
    entries = data.get(section)
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise GazetteerError(f"{source}: section {section!r} must be a list of entries")
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise GazetteerError(f"{source}: {section}[{i}] must be a mapping, "
                                 f"got {type(entry).__name__}")
    return entries


def _where(source: str, section: str, i: int, entry: Mapping[str, Any]) -> str:
    name = entry.get("name")
    label = f" ({name!r})" if isinstance(name, str) and name.strip() else ""
    return f"{source}: {section}[{i}]{label}"


def _string(where: str, entry: Mapping[str, Any], key: str, *, required: bool) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise GazetteerError(f"{where}: missing {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise GazetteerError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    return value.strip()


def _strings(where: str, entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise GazetteerError(f"{where}: {key!r} must be a list of strings")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise GazetteerError(f"{where}: {key!r} holds {item!r}, not a non-empty string")
        out.append(item.strip())
    return tuple(out)


def _coordinate(where: str, entry: Mapping[str, Any], key: str, limit: float) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GazetteerError(f"{where}: {key!r} must be a number, got {value!r}")
    if not -limit <= value <= limit:
        raise GazetteerError(f"{where}: {key!r} {value} is outside [-{limit:g}, {limit:g}]")
    return float(value)


def _unknown_keys(where: str, entry: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(str(k) for k in entry if k not in allowed)
    if unknown:
        raise GazetteerError(f"{where}: unknown field {unknown[0]!r}")


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _parse_actors(source: str, data: Mapping[str, Any]) -> list[tuple[ActorEntry, set[str]]]:
    """Entries of one file, each with the set of fields the file gave explicitly."""
    out = []
    for section, default_kind in ACTOR_SECTIONS.items():
        for i, entry in enumerate(_section(source, data, section)):
            where = _where(source, section, i, entry)
            _unknown_keys(where, entry, _ACTOR_KEYS)
            name = _string(where, entry, "name", required=True)
            code = _string(where, entry, "code", required=True)
            assert name is not None and code is not None
            if not _CODE_RE.fullmatch(code):
                raise GazetteerError(f"{where}: code {code!r} is not an ISO alpha-3, "
                                     "IGO or UNK code")
            kind = _string(where, entry, "kind", required=False) or default_kind
            if kind not in ACTOR_KINDS:
                raise GazetteerError(f"{where}: unknown kind {kind!r} "
                                     f"(expected one of {', '.join(ACTOR_KINDS)})")
            lists = {key: _strings(where, entry, key) for key in _ACTOR_LISTS}
            actor = ActorEntry(
                code=code,
                name=name,
                kind=kind,
                aliases=_dedupe((name, *lists["aliases"])),
                demonyms=_dedupe(lists["demonyms"]),
                capitals=_dedupe(lists["capitals"]),
                institutions=_dedupe(lists["institutions"]),
                role=_string(where, entry, "role", required=False),
            )
            out.append((actor, {k for k in entry if entry[k] is not None}))
    return out


def _parse_places(source: str, data: Mapping[str, Any]) -> list[tuple[PlaceEntry, set[str]]]:
    out = []
    for i, entry in enumerate(_section(source, data, "places")):
        where = _where(source, "places", i, entry)
        _unknown_keys(where, entry, _PLACE_KEYS)
        name = _string(where, entry, "name", required=True)
        assert name is not None
        kind = _string(where, entry, "kind", required=False) or "place"
        if kind not in PLACE_KINDS:
            raise GazetteerError(f"{where}: unknown kind {kind!r} "
                                 f"(expected one of {', '.join(PLACE_KINDS)})")
        country = _string(where, entry, "country", required=False)
        if country is not None and not _ISO3_RE.fullmatch(country):
            raise GazetteerError(f"{where}: country {country!r} is not an ISO alpha-3 code")
        place = PlaceEntry(
            name=name,
            kind=kind,
            country=country,
            lat=_coordinate(where, entry, "lat", 90),
            lon=_coordinate(where, entry, "lon", 180),
            aliases=_dedupe((name, *_strings(where, entry, "aliases"))),
        )
        # country: null is an explicit value for places, so it counts as given
        out.append((place, {k for k in entry if entry[k] is not None or k == "country"}))
    return out


# --------------------------------------------------------------------------- merging


def _merge_actor(old: ActorEntry, new: ActorEntry, given: set[str]) -> ActorEntry:
    return ActorEntry(
        code=old.code,
        name=old.name,
        kind=new.kind if "kind" in given else old.kind,
        aliases=_dedupe((*old.aliases, *new.aliases)),
        demonyms=_dedupe((*old.demonyms, *new.demonyms)),
        capitals=_dedupe((*old.capitals, *new.capitals)),
        institutions=_dedupe((*old.institutions, *new.institutions)),
        role=new.role if "role" in given else old.role,
    )


def _merge_place(old: PlaceEntry, new: PlaceEntry, given: set[str]) -> PlaceEntry:
    return PlaceEntry(
        name=old.name,
        kind=new.kind if "kind" in given else old.kind,
        country=new.country if "country" in given else old.country,
        lat=new.lat if "lat" in given else old.lat,
        lon=new.lon if "lon" in given else old.lon,
        aliases=_dedupe((*old.aliases, *new.aliases)),
    )


def _merge_actors(base: dict[tuple[str, str], ActorEntry],
                  parsed: list[tuple[ActorEntry, set[str]]]) -> None:
    for actor, given in parsed:
        key = (actor.code, actor.name)
        base[key] = _merge_actor(base[key], actor, given) if key in base else actor


def _merge_places(base: dict[str, PlaceEntry],
                  parsed: list[tuple[PlaceEntry, set[str]]]) -> None:
    for place, given in parsed:
        key = place.name
        base[key] = _merge_place(base[key], place, given) if key in base else place


# --------------------------------------------------------------------------- public API


@functools.lru_cache(maxsize=1)
def _packaged_actors() -> tuple[ActorEntry, ...]:
    merged: dict[tuple[str, str], ActorEntry] = {}
    _merge_actors(merged, _parse_actors("communique/data/actors.yaml",
                                        _load_packaged("actors.yaml")))
    return tuple(merged.values())


@functools.lru_cache(maxsize=1)
def _packaged_places() -> tuple[PlaceEntry, ...]:
    merged: dict[str, PlaceEntry] = {}
    _merge_places(merged, _parse_places("communique/data/places.yaml",
                                        _load_packaged("places.yaml")))
    return tuple(merged.values())


def load_actor_entries(extra: list[Path] | None = None) -> list[ActorEntry]:
    """The packaged actors, then those of the user files in `extra` (merged in order)."""
    merged = {(a.code, a.name): a for a in _packaged_actors()}
    for path in extra or ():
        _merge_actors(merged, _parse_actors(str(path), _load_file(Path(path))))
    return list(merged.values())


def load_place_entries(extra: list[Path] | None = None) -> list[PlaceEntry]:
    """The packaged places, then those of the user files in `extra` (merged in order)."""
    merged = {p.name: p for p in _packaged_places()}
    for path in extra or ():
        _merge_places(merged, _parse_places(str(path), _load_file(Path(path))))
    return list(merged.values())
