"""Specifications of the mechanisms that read text nobody wrote for the extractor: collective
references, statements inside quotations, consultation, evaluative speech, commitments in
nouns and lists. Every sentence here is invented for the rule it specifies."""

from __future__ import annotations

from communique.model import Document
from communique.pipeline import Extractor


def events(doc: Document) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    code = {a.id: a.code for a in doc.actors}
    return {(e.type, tuple(sorted({code[s] for s in e.source})),
             tuple(sorted({code[t] for t in e.target}))) for e in doc.events}


def commitments(doc: Document) -> set[tuple[tuple[str, ...], tuple[str, ...], float | None]]:
    code = {a.id: a.code for a in doc.actors}
    return {(tuple(sorted({code[s] for s in c.by})), tuple(sorted({code[t] for t in c.to})),
             c.amount.value if c.amount else None) for c in doc.commitments}


# --- collective references ------------------------------------------------------------

def test_the_ministers_are_the_body_named_with_them_before(extractor: Extractor) -> None:
    doc = extractor.extract("Foreign ministers of the G7 met in Capri. "
                            "The ministers called on Iran to release the detainees.")
    assert ("REQUEST", ("G7",), ("IRN",)) in events(doc)


def test_a_bare_capitalised_summit_is_the_organisation_that_convened(
        extractor: Extractor) -> None:
    doc = extractor.extract("The Summit of Heads of State of the African Union met in Addis "
                            "Ababa. Summit condemned the attacks by Sudan on Chad.")
    assert ("ACCUSE", ("AU",), ("SDN",)) in events(doc)


def test_the_parties_of_a_joint_statement_are_its_two_issuers(extractor: Extractor) -> None:
    doc = extractor.extract("Joint Statement of Brazil and Argentina\n\nThe two countries "
                            "held talks in Brasilia. The Parties condemned the coup in Bolivia.")
    assert ("ACCUSE", ("ARG", "BRA"), ("BOL",)) in events(doc)


def test_donors_named_by_no_one_stand_for_no_party(extractor: Extractor) -> None:
    doc = extractor.extract("Norway hosted talks with Kenya. Donors pledged $40 million.")
    assert all(by != ("KEN", "NOR") for by, _, _ in commitments(doc))


# --- statements inside quotations -----------------------------------------------------

def test_a_request_inside_a_quotation_is_an_event(extractor: Extractor) -> None:
    doc = extractor.extract('"Beijing urges Tokyo to stop provoking," the Chinese foreign '
                            "ministry spokesman said.")
    assert ("REQUEST", ("CHN",), ("JPN",)) in events(doc)


def test_we_inside_a_quotation_is_the_speakers_country(extractor: Extractor) -> None:
    doc = extractor.extract('"We will send two more air-defence systems to Ukraine," German '
                            "Chancellor Olaf Scholz said.")
    assert (("DEU",), ("UKR",), None) in commitments(doc)


# --- consultation, evaluation and intent ----------------------------------------------

def test_holding_talks_with_a_country_is_consultation(extractor: Extractor) -> None:
    doc = extractor.extract("Turkey held talks with Greece in Ankara on Monday.")
    assert ("CONSULT", ("TUR",), ("GRC",)) in events(doc)


def test_receiving_a_leader_is_hosting_but_receiving_a_report_is_not(
        extractor: Extractor) -> None:
    assert ("CONSULT", ("EGY",), ("JOR",)) in events(
        extractor.extract("Egypt's president received Jordan's king in Cairo."))
    assert not any(t == "CONSULT" for t, _, _ in events(
        extractor.extract("Egypt received the report on Tuesday.")))


def test_expressed_concern_over_a_deed_accuses_its_author(extractor: Extractor) -> None:
    doc = extractor.extract("Japan expressed concern over China's military drills.")
    assert ("ACCUSE", ("JPN",), ("CHN",)) in events(doc)


def test_concern_that_is_only_mentioned_is_no_event(extractor: Extractor) -> None:
    doc = extractor.extract("Japan's concern about the drills is well known.")
    assert not any(t == "ACCUSE" for t, _, _ in events(doc))


def test_vowing_to_support_is_an_intent_to_cooperate(extractor: Extractor) -> None:
    doc = extractor.extract("Russia vowed to support Venezuela at the Security Council.")
    coded = {(e.type, e.cameo[:2]) for e in doc.events}
    assert ("AGREE", "03") in coded and ("SUPPORT", "05") not in coded


def test_a_veto_is_aimed_at_the_drafter(extractor: Extractor) -> None:
    doc = extractor.extract("Russia vetoed the resolution drafted by the United States.")
    assert ("REJECT", ("RUS",), ("USA",)) in events(doc)


# --- commitments in nouns, lists and directions ---------------------------------------

def test_respectively_splits_a_pledge_between_its_pledgers(extractor: Extractor) -> None:
    doc = extractor.extract("Norway and Denmark pledged $50 million and $35 million "
                            "respectively for Yemen.")
    assert commitments(doc) == {(("NOR",), ("YEM",), 5e7), (("DNK",), ("YEM",), 3.5e7)}


def test_money_received_from_a_lender_is_the_lenders_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Jordan will receive $1.5 billion from the World Bank.")
    assert commitments(doc) == {(("WB",), ("JOR",), 1.5e9)}


def test_a_priced_loan_binds_whoever_approved_it(extractor: Extractor) -> None:
    doc = extractor.extract("The IMF approved a $3 billion loan to Egypt.")
    assert commitments(doc) == {(("IMF",), ("EGY",), 3e9)}


def test_the_terms_of_a_deal_are_promises_though_written_with_would(
        extractor: Extractor) -> None:
    doc = extractor.extract("Under the terms, Ethiopian troops would withdraw from Somalia "
                            "within 90 days.")
    assert [(by, c.topic) for (by, _, _), c in zip(commitments(doc), doc.commitments,
                                                    strict=True)] == [(("ETH",), "defense")]


def test_agreements_signed_bind_both_signatories(extractor: Extractor) -> None:
    doc = extractor.extract("Kenya and Tanzania signed three agreements on trade and energy.")
    assert {by for by, _, _ in commitments(doc)} == {("KEN", "TZA")}


def test_a_contract_takes_the_price_given_later_in_its_sentence(extractor: Extractor) -> None:
    doc = extractor.extract("Romania signed a contract with France for 54 tanks, a deal "
                            "worth about $2.1 billion.")
    assert commitments(doc) == {(("ROU",), ("FRA",), 2.1e9)}


def test_a_city_attacked_stands_for_its_country_though_the_country_is_unnamed(
        extractor: Extractor) -> None:
    doc = extractor.extract("Russian forces shelled residential districts of Kharkiv.")
    assert ("ASSAULT", ("RUS",), ("UKR",)) in events(doc)
    assert [(a.name, [m.text for m in a.mentions]) for a in doc.actors
            if a.code == "UKR"] == [("Ukraine", ["Kharkiv"])]


def test_a_capital_called_on_is_its_government(extractor: Extractor) -> None:
    doc = extractor.extract("Australia called on Beijing to release the activists.")
    assert ("REQUEST", ("AUS",), ("CHN",)) in events(doc)


def test_coordinated_sides_disengaging_withdraw_from_each_other(extractor: Extractor) -> None:
    doc = extractor.extract("Armenia and Azerbaijan disengaged their troops from the border.")
    assert ("RETREAT", ("ARM",), ("AZE",)) in events(doc)


def test_money_pledged_is_aid(extractor: Extractor) -> None:
    doc = extractor.extract("Japan pledged $40 million for Ukraine.")
    assert ("AID", ("JPN",), ("UKR",)) in events(doc)


def test_an_attack_by_gunmen_is_unconventional_violence(extractor: Extractor) -> None:
    doc = extractor.extract("Gunmen from Niger attacked a Malian army convoy.")
    assert [(e.type, e.cameo) for e in doc.events] == [("ASSAULT", "180")]


def test_gratitude_stated_with_an_adjective_is_support(extractor: Extractor) -> None:
    doc = extractor.extract("Moldova is grateful to Romania for its help.")
    assert events(doc) == {("SUPPORT", ("MDA",), ("ROU",))}


def test_concern_stated_with_an_adjective_accuses_the_deeds_author(
        extractor: Extractor) -> None:
    doc = extractor.extract("Japan was deeply concerned about China's military drills.")
    assert ("ACCUSE", ("JPN",), ("CHN",)) in events(doc)


def test_an_adjective_with_no_one_named_is_no_event(extractor: Extractor) -> None:
    doc = extractor.extract("Japan was deeply concerned about the weather.")
    assert events(doc) == set()


def test_the_ministry_is_the_ministry_named_before(extractor: Extractor) -> None:
    doc = extractor.extract("China's commerce ministry announced new export rules on Monday. "
                            "The ministry condemned the American tariffs on Chinese steel.")
    assert ("ACCUSE", ("CHN",), ("USA",)) in events(doc)


def test_the_speaker_of_what_he_called_is_not_the_target(extractor: Extractor) -> None:
    doc = extractor.extract("Mali's junta seized power in Bamako. The UN Secretary-General "
                            "condemned what he called a coup.")
    assert ("ACCUSE", ("UN",), ("MLI",)) in events(doc)


def test_a_heading_line_is_not_the_subject_of_the_line_below(extractor: Extractor) -> None:
    doc = extractor.extract("Reactions\nPresident Emmanuel Macron of France condemned the "
                            "Russian strikes on Odesa.")
    assert ("ACCUSE", ("FRA",), ("RUS",)) in events(doc)


def test_a_truce_between_two_parties_is_their_agreement(extractor: Extractor) -> None:
    doc = extractor.extract("A truce between Armenia and Azerbaijan took effect on Monday.")
    assert ("AGREE", ("ARM",), ("AZE",)) in events(doc)


# --- one act, one event (issue 9, item 11) ---------------------------------------------

def test_agreeing_to_an_act_is_one_event_coded_as_the_act(extractor: Extractor) -> None:
    doc = extractor.extract("Kenya agreed to send police officers to Haiti.")
    assert [(e.type, e.cameo, e.trigger.text) for e in doc.events] == [
        ("AGREE", "033", "send")]


def test_a_verb_and_its_own_object_noun_are_one_event(extractor: Extractor) -> None:
    doc = extractor.extract("The European Union imposed sanctions on Belarus.")
    assert [(e.type, e.trigger.text) for e in doc.events] == [("SANCTION", "imposed")]


def test_an_actor_is_never_the_target_of_its_own_act_unless_it_is_domestic() -> None:
    from communique.extract.events import _not_self_directed
    from communique.model import Event, Span

    def event(kind: str, source: list[str], target: list[str]) -> Event:
        return Event(kind, "000", source, target, Span(0, 1, "x"), Span(0, 1, "x"))

    kept = _not_self_directed([
        event("ACCUSE", ["dfa"], ["dfa"]),  # dropped: a ministry does not accuse itself
        event("CONSULT", ["dfa"], ["dfa", "chn"]),  # kept, aimed at China alone
        event("ASSAULT", ["gab"], ["gab"]),  # kept: a crackdown at home
        event("AGREE", ["mli", "bfa"], ["mli", "bfa"]),  # kept: each with the other
    ])
    assert [(e.type, e.target) for e in kept] == [
        ("CONSULT", ["chn"]), ("ASSAULT", ["gab"]), ("AGREE", ["mli", "bfa"])]


def test_a_protest_at_home_keeps_its_domestic_target(extractor: Extractor) -> None:
    doc = extractor.extract("Thousands of Georgians protested in Tbilisi on Sunday.")
    assert ("PROTEST", ("GEO",), ("GEO",)) in events(doc)


# --- reported, not requested ------------------------------------------------------------

def test_a_pledge_reported_before_its_teller_is_a_pledge(extractor: Extractor) -> None:
    doc = extractor.extract("Japan pledged to raise its investment in the United States to $1 "
                            "trillion, Prime Minister Shigeru Ishiba told President Donald "
                            "Trump.")
    assert ("AGREE", ("JPN",), ("USA",)) in events(doc)
    assert commitments(doc) == {(("JPN",), ("USA",), 1e12)}


def test_telling_someone_what_happened_is_no_request(extractor: Extractor) -> None:
    doc = extractor.extract("Blinken told reporters that Israel had agreed to the proposal.")
    assert [e.type for e in doc.events] == ["AGREE"]
    assert not doc.non_events


def test_telling_someone_to_act_is_still_a_request(extractor: Extractor) -> None:
    doc = extractor.extract("Blinken told Israel to accept the ceasefire.")
    assert [e.type for e in doc.events] == ["REQUEST"]
    assert [(n.type, n.reason) for n in doc.non_events] == [("AGREE", "hypothetical")]


def test_a_first_line_without_a_full_stop_is_a_sentence_of_its_own(
        extractor: Extractor) -> None:
    text = ("Statement of the Foreign Ministry on the missile strike on the children's "
            "hospital in Kyiv\nOn the morning of 8 July, Russia launched a missile attack.")
    assert [s.text.strip() for s in extractor.nlp(text).sents] == text.split("\n")


# --- announced intent ---------------------------------------------------------------

def test_an_act_its_doer_says_it_would_do_is_an_intent(extractor: Extractor) -> None:
    doc = extractor.extract("France said it would provide 110 million euros to Sudan.")
    assert [(e.type, e.cameo) for e in doc.events] == [("AGREE", "033")]
    assert not doc.non_events


def test_talks_a_country_says_it_will_hold_are_an_intent_to_meet(
        extractor: Extractor) -> None:
    doc = extractor.extract("China said it would hold talks with India.")
    assert [(e.type, e.cameo, e.trigger.text) for e in doc.events] == [
        ("CONSULT", "036", "talks")]


def test_what_a_speaker_says_another_would_do_stays_hypothetical(
        extractor: Extractor) -> None:
    doc = extractor.extract("Officials said Russia would attack Ukraine.")
    assert not doc.events
    assert [(n.type, n.reason) for n in doc.non_events] == [("ASSAULT", "hypothetical")]


# --- events at home ------------------------------------------------------------------

def test_an_arrest_of_people_is_aimed_at_the_country_where_it_happens(
        extractor: Extractor) -> None:
    doc = extractor.extract("Security forces in Belarus detained more than 500 people after "
                            "the vote.")
    assert events(doc) == {("COERCE", ("BLR",), ("BLR",))}


def test_killing_civilians_with_no_one_else_in_sight_is_at_home(extractor: Extractor) -> None:
    doc = extractor.extract("Burkinabe soldiers killed 40 civilians in a raid on a village.")
    assert events(doc) == {("ASSAULT", ("BFA",), ("BFA",))}


def test_killing_civilians_in_a_named_place_is_aimed_at_its_country(
        extractor: Extractor) -> None:
    doc = extractor.extract("Russian troops killed 40 civilians in Kharkiv on Monday.")
    assert events(doc) == {("ASSAULT", ("RUS",), ("UKR",))}


def test_a_march_against_a_law_is_a_protest_at_home(extractor: Extractor) -> None:
    doc = extractor.extract("Tens of thousands of Armenians marched through the capital "
                            "against the law.")
    assert events(doc) == {("PROTEST", ("ARM",), ("ARM",))}


def test_crowds_with_no_country_of_their_own_are_of_the_place_they_march_in(
        extractor: Extractor) -> None:
    doc = extractor.extract("Thousands of protesters rallied in Caracas against the election "
                            "result. Police fired tear gas at the crowds outside the electoral "
                            "council.")
    assert events(doc) == {("PROTEST", ("VEN",), ("VEN",)), ("COERCE", ("VEN",), ("VEN",))}


def test_protesters_abroad_protesting_at_an_embassy_aim_at_its_country(
        extractor: Extractor) -> None:
    doc = extractor.extract("Protesters in Paris marched against the Russian embassy.")
    assert events(doc) == {("PROTEST", ("FRA",), ("RUS",))}


def test_a_list_parsed_as_an_appositive_is_still_every_member(extractor: Extractor) -> None:
    doc = extractor.extract("Mali, Burkina Faso and Niger withdrew from ECOWAS in January.")
    code = {a.id: a.code for a in doc.actors}
    assert [[code[s] for s in e.source] for e in doc.events] == [["MLI", "BFA", "NER"]]


def test_a_thing_offered_together_goes_to_a_third_party(extractor: Extractor) -> None:
    doc = extractor.extract("Kenya will lead the mission to Haiti. Senegal, Burkina Faso and "
                            "Benin have also offered police officers.")
    assert (("BEN", "BFA", "SEN"), ("HTI",), None) in commitments(doc)


def test_an_act_pledged_together_is_to_each_other(extractor: Extractor) -> None:
    doc = extractor.extract("Japan and South Korea pledged to deepen their security ties.")
    assert commitments(doc) == {(("JPN", "KOR"), ("JPN", "KOR"), None)}
    assert events(doc) == {("AGREE", ("JPN",), ("KOR",))}


def test_a_measure_cut_with_no_agent_is_its_owners_act(extractor: Extractor) -> None:
    doc = extractor.extract("U.S. tariffs on Chinese goods were cut to 30 percent for 90 days.")
    assert events(doc) == {("CONCEDE", ("USA",), ("CHN",))}


def test_troops_withdrawn_with_no_agent_are_withdrawn_by_their_country(
        extractor: Extractor) -> None:
    doc = extractor.extract("Russian troops were withdrawn from Kherson in November.")
    assert events(doc) == {("RETREAT", ("RUS",), ("UKR",))}


def test_officials_of_two_coordinated_nationalities_are_both_sides(
        extractor: Extractor) -> None:
    doc = extractor.extract("Chinese and American officials held talks in Geneva on May 10.")
    assert events(doc) == {("CONSULT", ("CHN",), ("USA",))}


def test_the_bombing_of_a_city_is_aimed_at_its_country(extractor: Extractor) -> None:
    doc = extractor.extract("The bombing of Kharkiv by Russian aircraft continued on Sunday.")
    assert events(doc) == {("ASSAULT", ("RUS",), ("UKR",))}


def test_joining_another_in_condemning_makes_both_accusers(extractor: Extractor) -> None:
    doc = extractor.extract("Australia joined the United States in condemning the missile "
                            "launch by North Korea.")
    assert events(doc) == {("ACCUSE", ("AUS", "USA"), ("PRK",))}


def test_two_countries_restoring_relations_restore_them_with_each_other(
        extractor: Extractor) -> None:
    doc = extractor.extract("Saudi Arabia and Iran restored diplomatic relations in March.")
    assert events(doc) == {("SUPPORT", ("SAU",), ("IRN",))}


def test_an_offer_to_send_troops_to_a_place_is_aimed_at_its_country(
        extractor: Extractor) -> None:
    doc = extractor.extract("Indonesia offered to send peacekeepers to Gaza.")
    assert events(doc) == {("AGREE", ("IDN",), ("PSE",))}


def test_voicing_support_for_a_countrys_bid_supports_the_country(
        extractor: Extractor) -> None:
    doc = extractor.extract("Germany voiced support for Moldova's bid to join the EU.")
    assert events(doc) == {("SUPPORT", ("DEU",), ("MDA",))}


def test_lodging_representations_is_a_protest(extractor: Extractor) -> None:
    doc = extractor.extract("Beijing lodged solemn representations with Washington over the "
                            "new export rules.")
    assert events(doc) == {("PROTEST", ("CHN",), ("USA",))}


def test_swapping_prisoners_is_a_concession_to_each_other(extractor: Extractor) -> None:
    doc = extractor.extract("Russia and Ukraine swapped 150 prisoners of war each.")
    assert events(doc) == {("CONCEDE", ("RUS",), ("UKR",))}


def test_trading_fire_is_an_attack_on_each_other(extractor: Extractor) -> None:
    doc = extractor.extract("Pakistan and Afghanistan traded fire at the border crossing.")
    assert events(doc) == {("ASSAULT", ("PAK",), ("AFG",))}


def test_trading_goods_is_no_event(extractor: Extractor) -> None:
    doc = extractor.extract("Pakistan and Afghanistan trade goods worth $2 billion a year.")
    assert events(doc) == set()


def test_vowing_revenge_is_a_threat(extractor: Extractor) -> None:
    doc = extractor.extract("Iran's supreme leader vowed revenge against Israel.")
    assert events(doc) == {("THREATEN", ("IRN",), ("ISR",))}


def test_what_another_must_do_in_a_quotation_is_a_demand_of_it(
        extractor: Extractor) -> None:
    doc = extractor.extract("\"Russia must withdraw its troops,\" the German chancellor said.")
    assert events(doc) == {("REQUEST", ("DEU",), ("RUS",))}


def test_what_another_should_do_in_reported_speech_is_a_demand_of_it(
        extractor: Extractor) -> None:
    doc = extractor.extract("Germany said Russia should withdraw its troops from Ukraine.")
    assert events(doc) == {("REQUEST", ("DEU",), ("RUS",))}


def test_what_the_speaker_must_do_itself_is_no_demand(extractor: Extractor) -> None:
    doc = extractor.extract("\"We must support Ukraine,\" the German chancellor said.")
    assert events(doc) == {("SUPPORT", ("DEU",), ("UKR",))}


def test_should_opening_a_condition_is_no_demand(extractor: Extractor) -> None:
    doc = extractor.extract("\"Should Syria attack the border, we will respond,\" the Turkish "
                            "defence minister said.")
    assert ("REQUEST", ("TUR",), ("SYR",)) not in events(doc)


def test_wanting_another_to_act_is_a_request_of_it(extractor: Extractor) -> None:
    doc = extractor.extract("The United States wants Israel to allow more aid into Gaza.")
    assert events(doc) == {("REQUEST", ("USA",), ("ISR",))}


def test_expecting_a_trend_is_no_request(extractor: Extractor) -> None:
    doc = extractor.extract("Japan expects growth to slow next year.")
    assert events(doc) == set()


def test_an_act_threatened_is_a_threat_not_the_act(extractor: Extractor) -> None:
    doc = extractor.extract("Washington threatened to impose 50 percent tariffs on Brazil.")
    assert events(doc) == {("THREATEN", ("USA",), ("BRA",))}
