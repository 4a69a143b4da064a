"""Actors, quote speakers and places on wording the rules were not written for: one
behaviour per test, on invented sentences."""

from __future__ import annotations

from communique.model import Document
from communique.pipeline import Extractor


def actors(doc: Document) -> list[tuple[str, str, str]]:
    """(name, code, kind) of every actor, in document order."""
    return [(a.name, a.code, a.kind) for a in doc.actors]


def actor_named(doc: Document, name: str) -> tuple[str, str]:
    found = [(a.code, a.kind) for a in doc.actors if a.name == name]
    assert len(found) == 1, actors(doc)
    return found[0]


def speakers(doc: Document) -> list[tuple[str, list[str]]]:
    """(first words of the quote, speaker codes) of every quote."""
    return [(" ".join(q.text.split()[:3]), [doc.actor(i).code for i in q.speaker])
            for q in doc.quotes]


# ------------------------------------------------------------------ persons in context


def test_titled_person_takes_the_country_before_in_the_sentence(extractor: Extractor) -> None:
    doc = extractor.extract("Voters in Moldova re-elected President Maia Sandu on Sunday, "
                            "according to Moldova's electoral commission.")
    assert actor_named(doc, "Maia Sandu") == ("MDA", "person")


def test_titled_person_takes_the_paragraph_subject(extractor: Extractor) -> None:
    doc = extractor.extract("Chile condemned the vote on Tuesday.\n"
                            "Later, government spokeswoman Camila Vallejo said the "
                            "result was unacceptable.")
    assert actor_named(doc, "Camila Vallejo") == ("CHL", "person")


def test_titled_person_takes_the_dateline_country(extractor: Extractor) -> None:
    doc = extractor.extract("NAIROBI, May 3 — \"We will not back down,\" Interior Minister "
                            "Kipchumba Murkomen told reporters.")
    assert actor_named(doc, "Kipchumba Murkomen") == ("KEN", "person")


def test_untitled_person_stays_unknown(extractor: Extractor) -> None:
    doc = extractor.extract("Lebanon reopened the airport. Rania Haddad, a teacher, flew "
                            "home on Monday.")
    assert actor_named(doc, "Rania Haddad") == ("UNK", "person")


def test_lowercase_role_before_a_name_is_its_title(extractor: Extractor) -> None:
    doc = extractor.extract("Hezbollah's demands were relayed by parliament speaker "
                            "Nabih Berri.")
    assert actor_named(doc, "Nabih Berri") == ("LBN", "person")


def test_split_name_is_one_person(extractor: Extractor) -> None:
    doc = extractor.extract("LIBREVILLE, Sept 4 — Gen. Brice Clotaire Oligui Nguema was sworn "
                            "in as Gabon's transitional president on Monday.")
    assert [a.name for a in doc.actors if a.kind == "person"] == ["Brice Clotaire Oligui Nguema"]


def test_part_of_a_name_is_the_same_person(extractor: Extractor) -> None:
    doc = extractor.extract("Foreign Minister Dmytro Kuleba of Ukraine met his Polish "
                            "counterpart. \"Thank you, Dmytro,\" Sikorski said.")
    kuleba = [a for a in doc.actors if a.name == "Dmytro Kuleba"]
    assert [m.text for m in kuleba[0].mentions] == ["Dmytro Kuleba", "Dmytro"]


# ------------------------------------------------------------------ companies and bodies


def test_demonym_descriptor_names_a_company(extractor: Extractor) -> None:
    doc = extractor.extract("Belgian chemicals maker Solvay said it would close the plant.")
    assert actor_named(doc, "Solvay") == ("BEL", "organization")


def test_possessive_country_owns_a_company(extractor: Extractor) -> None:
    doc = extractor.extract("Poland bought 96 helicopters from America's Sikorsky Aircraft "
                            "Company on Friday.")
    assert actor_named(doc, "Sikorsky Aircraft Company") == ("USA", "organization")


def test_bare_adjective_does_not_make_a_company(extractor: Extractor) -> None:
    doc = extractor.extract("The EU banned the reloading of Russian LNG in its ports.")
    assert actors(doc) == [("European Union", "EU", "igo"), ("Russia", "RUS", "country")]


def test_un_agency_is_named_as_the_text_names_it(extractor: Extractor) -> None:
    doc = extractor.extract("UNHCR said 20,000 people had crossed the border.")
    assert actors(doc) == [("UNHCR", "UN", "igo")]


def test_brussels_acting_is_the_eu(extractor: Extractor) -> None:
    doc = extractor.extract("Brussels warned Budapest against blocking the package.")
    assert actor_named(doc, "European Union") == ("EU", "igo")


def test_place_inside_a_name_is_no_location(extractor: Extractor) -> None:
    doc = extractor.extract("The Kremlin's Africa Corps sent instructors to Bamako.")
    assert ("Africa Corps", "RUS", "organization") in actors(doc)
    assert "Africa" not in [loc.name for loc in doc.locations]


# ------------------------------------------------------------------ what is not an actor


def test_weapon_named_like_a_person_is_no_actor(extractor: Extractor) -> None:
    doc = extractor.extract("Kyiv asked Berlin for two more Patriot batteries.")
    assert "Patriot" not in [a.name for a in doc.actors]


def test_bare_title_is_no_person(extractor: Extractor) -> None:
    doc = extractor.extract("Summit elected the President of Malawi as Incoming Chairperson.")
    assert "Incoming Chairperson" not in [a.name for a in doc.actors]


def test_country_named_only_as_a_venue_is_no_actor(extractor: Extractor) -> None:
    doc = extractor.extract("Foreign ministers meeting in Luxembourg agreed new sanctions "
                            "on Iran.")
    assert "Luxembourg" not in [a.name for a in doc.actors]


def test_country_struck_in_stays_an_actor(extractor: Extractor) -> None:
    doc = extractor.extract("Israeli jets struck depots in Lebanon on Monday.")
    assert ("Lebanon", "LBN", "country") in actors(doc)


def test_demonym_on_a_title_names_no_country(extractor: Extractor) -> None:
    doc = extractor.extract("Nigerian President Bola Tinubu urged calm on Monday.")
    assert actors(doc) == [("Bola Tinubu", "NGA", "person")]


def test_troops_are_their_country(extractor: Extractor) -> None:
    doc = extractor.extract("France said French troops would leave Chad by January.")
    assert [a.name for a in doc.actors if a.code == "FRA"] == ["France"]


def test_group_that_does_not_act_is_its_country(extractor: Extractor) -> None:
    doc = extractor.extract("Russia expelled two British diplomats, and Britain protested.")
    assert [a.name for a in doc.actors if a.code == "GBR"] == ["Britain"]


def test_acting_group_stays_a_group(extractor: Extractor) -> None:
    doc = extractor.extract("Egypt reopened the crossing. Egyptian officials said aid "
                            "trucks would pass.")
    assert actor_named(doc, "Egyptian officials") == ("EGY", "group")


def test_group_of_an_unnamed_country_stays_a_group(extractor: Extractor) -> None:
    doc = extractor.extract("Israel released 90 Palestinian prisoners on Monday.")
    assert actor_named(doc, "Palestinian prisoners") == ("PSE", "group")


# ------------------------------------------------------------------ unnamed speakers


def test_unnamed_speaker_with_a_demonym(extractor: Extractor) -> None:
    doc = extractor.extract("\"We are talking to everyone,\" a senior Qatari official said.")
    assert actors(doc) == [("senior Qatari official", "QAT", "person")]


def test_unnamed_speaker_based_in_a_capital(extractor: Extractor) -> None:
    doc = extractor.extract("\"The talks are stuck,\" said a Cairo-based analyst who asked "
                            "not to be named.")
    assert actors(doc) == [("Cairo-based analyst", "EGY", "person")]


def test_unnamed_speaker_without_a_country(extractor: Extractor) -> None:
    doc = extractor.extract("\"Nobody expects a deal this week,\" a Western diplomat said.")
    assert actors(doc) == [("Western diplomat", "UNK", "person")]


# ------------------------------------------------------------------ quote speakers


def test_he_said_is_the_paragraph_subject_not_the_object(extractor: Extractor) -> None:
    doc = extractor.extract("Peru's Minister of Defence, Walter Astudillo, criticised "
                            "Nicolás Maduro on Monday. \"Our patience has limits,\" he said.")
    assert speakers(doc) == [("Our patience has", ["PER"])]


def test_she_added_continues_the_quote_before(extractor: Extractor) -> None:
    doc = extractor.extract("\"Talks resume next week,\" said a Vienna-based diplomat. "
                            "\"If Tehran walks away, President Trump will act,\" she added.")
    assert speakers(doc) == [("Talks resume next", ["AUT"]), ("If Tehran walks", ["AUT"])]


def test_quotes_after_a_colon_are_the_paragraph_person(extractor: Extractor) -> None:
    doc = extractor.extract("Japanese Prime Minister Shigeru Ishiba spoke in Tokyo on "
                            "Monday. Excerpts:\n“We will defend our islands.”\n"
                            "“Japan will stand with its allies.”")
    assert speakers(doc) == [("We will defend", ["JPN"]), ("Japan will stand", ["JPN"])]


def test_the_kingdom_is_the_kingdom_named_before(extractor: Extractor) -> None:
    doc = extractor.extract("The Kingdom of Morocco signed the deal with Spain on Monday. The "
                            "Kingdom reaffirmed its commitment to build the tunnel.")
    code = {a.id: a.code for a in doc.actors}
    assert [[code[a] for a in c.by] for c in doc.commitments] == [["MAR"]]



def test_the_country_of_a_currency_is_no_actor(extractor: Extractor) -> None:
    doc = extractor.extract("Japan pledged 20 million U.S. dollars for Myanmar.")
    assert [a.code for a in doc.actors] == ["JPN", "MMR"]
