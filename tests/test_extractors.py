"""Single behaviours of the extractors, on short news-style sentences, end to end."""

from __future__ import annotations

import pytest

from communique.model import Document
from communique.pipeline import Extractor

USER_ACTORS = """\
version: 1
groups:
  - code: MMR
    name: Arakan Army
    aliases: [Arakan Army, AA]
"""


def codes(doc: Document, actor_ids: list[str]) -> list[str]:
    return sorted(doc.actor(i).code for i in actor_ids)


def actor_table(doc: Document) -> list[tuple[str, str, list[str]]]:
    """(code, kind, mention texts) of every actor, in document order."""
    return [(a.code, a.kind, [m.text for m in a.mentions]) for a in doc.actors]


# --------------------------------------------------------------------------- actors


def test_us_abbreviation_resolves_to_usa(extractor: Extractor) -> None:
    doc = extractor.extract("The U.S. announced new export controls on Tuesday.")
    assert actor_table(doc) == [("USA", "country", ["U.S."])]


def test_america_resolves_to_usa(extractor: Extractor) -> None:
    doc = extractor.extract("America will send more air defence systems to the region.")
    assert actor_table(doc) == [("USA", "country", ["America"])]


def test_kremlin_is_a_russian_organization(extractor: Extractor) -> None:
    doc = extractor.extract("The Kremlin said the talks in Washington had failed.")
    assert [(a.name, a.kind, a.code) for a in doc.actors] == [
        ("Kremlin", "organization", "RUS")]


def test_washington_as_a_place_is_a_location_not_an_actor(extractor: Extractor) -> None:
    doc = extractor.extract("The Kremlin said the talks in Washington had failed.")
    assert [loc.name for loc in doc.locations] == ["Washington"]
    assert [m.text for a in doc.actors for m in a.mentions] == ["Kremlin"]


def test_south_china_sea_is_a_location(extractor: Extractor) -> None:
    doc = extractor.extract("Vessels from the Philippines sailed through the South China Sea.")
    assert [(loc.name, [m.text for m in loc.mentions]) for loc in doc.locations] == [
        ("South China Sea", ["South China Sea"])]


def test_south_china_sea_names_no_chinese_actor(extractor: Extractor) -> None:
    doc = extractor.extract("Vessels from the Philippines sailed through the South China Sea.")
    assert [a.code for a in doc.actors] == ["PHL"]


def test_titled_person_gets_country_and_role(extractor: Extractor) -> None:
    doc = extractor.extract("Japanese Prime Minister Shigeru Ishiba arrived on Friday.")
    persons = [(a.name, a.code, a.role) for a in doc.actors if a.kind == "person"]
    assert persons == [("Shigeru Ishiba", "JPN", "Prime Minister")]


def test_later_surname_is_the_same_person(extractor: Extractor) -> None:
    text = ("Japanese Prime Minister Shigeru Ishiba arrived on Friday. "
            "Ishiba said the talks were useful.")
    doc = extractor.extract(text)
    persons = [[(m.text, m.start) for m in a.mentions] for a in doc.actors
               if a.kind == "person"]
    assert persons == [[("Shigeru Ishiba", 24), ("Ishiba", 58)]]


def test_national_companies_are_an_organization_of_that_country(extractor: Extractor) -> None:
    doc = extractor.extract("Japanese companies plan to build new factories in Ohio.")
    assert [(a.name, a.kind, a.code) for a in doc.actors] == [
        ("Japanese companies", "organization", "JPN")]


# --------------------------------------------------------------------------- events


def test_agreement_between_two_countries_is_an_agree_event(extractor: Extractor) -> None:
    doc = extractor.extract("Japan and the United States agreed to expand cooperation.")
    assert [(e.type, {frozenset(codes(doc, e.source)), frozenset(codes(doc, e.target))})
            for e in doc.events] == [("AGREE", {frozenset({"JPN"}), frozenset({"USA"})})]


def test_negated_agreement_is_not_an_event(extractor: Extractor) -> None:
    doc = extractor.extract("Russia did not sign the agreement with Ukraine.")
    assert "AGREE" not in [e.type for e in doc.events]


def test_negated_agreement_is_a_non_event_with_reason_negated(extractor: Extractor) -> None:
    doc = extractor.extract("Russia did not sign the agreement with Ukraine.")
    assert [(n.type, n.reason, codes(doc, n.source), codes(doc, n.target))
            for n in doc.non_events] == [("AGREE", "negated", ["RUS"], ["UKR"])]


def test_hypothetical_sanction_is_not_an_event(extractor: Extractor) -> None:
    doc = extractor.extract("China could impose sanctions on Japan if talks fail.")
    assert "SANCTION" not in [e.type for e in doc.events]


def test_hypothetical_sanction_is_a_non_event_with_reason_hypothetical(
        extractor: Extractor) -> None:
    doc = extractor.extract("China could impose sanctions on Japan if talks fail.")
    assert [(n.type, n.reason, codes(doc, n.source), codes(doc, n.target))
            for n in doc.non_events] == [("SANCTION", "hypothetical", ["CHN"], ["JPN"])]


def test_expelling_a_diplomat_is_a_sanction(extractor: Extractor) -> None:
    doc = extractor.extract("Britain expelled Russia's defence attaché.")
    assert [(e.type, codes(doc, e.source), codes(doc, e.target)) for e in doc.events] == [
        ("SANCTION", ["GBR"], ["RUS"])]


# --------------------------------------------------------------------------- quotes
# Quote texts are compared without the trailing comma or full stop that closes the quoted
# clause: whether that punctuation belongs to the quote is not what these tests are about.


def test_quote_gets_the_speakers_country(extractor: Extractor) -> None:
    doc = extractor.extract('"We will not back down," Iran\'s foreign minister said.')
    assert [(q.text.rstrip(",."), codes(doc, q.speaker)) for q in doc.quotes] == [
        ("We will not back down", ["IRN"])]


def test_quote_speaker_with_of_country_gets_the_country(extractor: Extractor) -> None:
    doc = extractor.extract('"We will not back down," the foreign minister of Iran said.')
    assert [(q.text.rstrip(",."), codes(doc, q.speaker)) for q in doc.quotes] == [
        ("We will not back down", ["IRN"])]


def test_quote_after_said_colon_is_just_the_quoted_words(extractor: Extractor) -> None:
    doc = extractor.extract("The Japanese foreign minister said: “We will work closely with "
                            "our allies.” He spoke in Tokyo.")
    assert [(q.text.rstrip(",."), codes(doc, q.speaker)) for q in doc.quotes] == [
        ("We will work closely with our allies", ["JPN"])]


# --------------------------------------------------------------------------- locations


def test_east_and_south_china_seas_are_two_locations(extractor: Extractor) -> None:
    doc = extractor.extract("The ministers opposed any attempt to change the status quo in "
                            "the East and South China Seas.")
    assert sorted(loc.name for loc in doc.locations) == ["East China Sea", "South China Sea"]


def test_east_and_south_china_seas_name_no_actor(extractor: Extractor) -> None:
    doc = extractor.extract("The ministers opposed any attempt to change the status quo in "
                            "the East and South China Seas.")
    assert doc.actors == []


# --------------------------------------------------------------------------- user actors


@pytest.fixture(scope="module")
def user_extractor(tmp_path_factory: pytest.TempPathFactory) -> Extractor:
    path = tmp_path_factory.mktemp("actors") / "my_actors.yaml"
    path.write_text(USER_ACTORS, encoding="utf-8")
    return Extractor(actor_files=[path])


def test_user_dictionary_group_is_found(user_extractor: Extractor) -> None:
    doc = user_extractor.extract("The Arakan Army seized the town.")
    assert actor_table(doc) == [("MMR", "group", ["Arakan Army"])]


def test_user_dictionary_alias_is_found(user_extractor: Extractor) -> None:
    # The packaged actors.yaml already knows "Arakan Army" but not the short form "AA",
    # so this is the test that shows the user's file is read.
    doc = user_extractor.extract("The AA seized the town.")
    assert actor_table(doc) == [("MMR", "group", ["AA"])]


# ----------------------------------------------------------- voices, pronouns, events


def event_table(doc: Document) -> list[tuple[str, list[str], list[str], str]]:
    """(type, source codes, target codes, trigger) of every event, in text order."""
    return [(e.type, codes(doc, e.source), codes(doc, e.target), e.trigger.text)
            for e in doc.events]


def test_first_person_in_a_statement_speaks_for_the_signatory(extractor: Extractor) -> None:
    doc = extractor.extract("Press Statement\nAnnalena Baerbock, Foreign Minister\n"
                            "We condemn the attack on the embassy of Chile in Caracas.")
    assert event_table(doc) == [("ACCUSE", ["DEU"], ["CHL"], "condemn")]


def test_first_person_in_a_transcript_turn_speaks_for_the_labelled_speaker(
        extractor: Extractor) -> None:
    doc = extractor.extract("Question (Reuters): Any news?\n"
                            "NATO Secretary General Jens Stoltenberg: I met the President "
                            "of Finland yesterday.")
    assert event_table(doc) == [("CONSULT", ["NATO"], ["FIN"], "met")]


def test_relative_pronoun_object_is_the_noun_it_modifies(extractor: Extractor) -> None:
    doc = extractor.extract("Delegates criticised Ethiopia, which Egypt accuses of arming rebels.")
    assert ("ACCUSE", ["EGY"], ["ETH"], "accuses") in event_table(doc)


def test_an_urged_action_is_a_request_not_an_event(extractor: Extractor) -> None:
    doc = extractor.extract("Norway urged Colombia to sign the agreement with the rebels.")
    assert event_table(doc) == [("REQUEST", ["NOR"], ["COL"], "urged")]
    assert [(e.type, e.reason) for e in doc.non_events] == [("AGREE", "hypothetical")]


def test_phrasal_verb_back_down_is_a_concession(extractor: Extractor) -> None:
    doc = extractor.extract("After a week of pressure from Brazil, Argentina backed down.")
    assert [e.type for e in doc.events] == ["CONCEDE"]


def test_call_on_is_a_request_aimed_at_its_object(extractor: Extractor) -> None:
    doc = extractor.extract("Kenya called on Ethiopia to reopen the border.")
    assert event_table(doc) == [("REQUEST", ["KEN"], ["ETH"], "called")]


def test_money_added_to_a_fund_is_aid(extractor: Extractor) -> None:
    doc = extractor.extract("Japan gave $50 million to Ukraine, and Norway added $20 million.")
    assert [(e.type, codes(doc, e.source)) for e in doc.events] == [
        ("AID", ["JPN"]), ("AID", ["NOR"])]


def test_condemning_the_strikes_targets_who_struck(extractor: Extractor) -> None:
    doc = extractor.extract("Israeli jets struck targets in Syria on Monday. "
                            "Turkey condemned the strikes on Tuesday.")
    assert event_table(doc) == [("ASSAULT", ["ISR"], ["SYR"], "struck"),
                                ("ACCUSE", ["TUR"], ["ISR"], "condemned")]


def test_a_reported_it_is_the_reporter(extractor: Extractor) -> None:
    doc = extractor.extract("Iraq said it had lodged a complaint against Turkey.")
    assert event_table(doc) == [("ACCUSE", ["IRQ"], ["TUR"], "lodged")]


def test_a_dateline_is_not_the_subject(extractor: Extractor) -> None:
    doc = extractor.extract("LONDON, March 3 — British warships shelled positions in Yemen.")
    assert [(e.type, codes(doc, e.source)) for e in doc.events] == [("ASSAULT", ["GBR"])]


def test_protesters_without_a_named_target_protest_at_home(extractor: Extractor) -> None:
    doc = extractor.extract("Thousands of Georgians took to the streets of Tbilisi.")
    assert event_table(doc) == [("PROTEST", ["GEO"], ["GEO"], "took")]


def test_ready_to_is_a_commitment(extractor: Extractor) -> None:
    doc = extractor.extract("Indonesia said it was ready to send 2,000 peacekeepers to Gaza.")
    assert [(codes(doc, c.by), c.topic) for c in doc.commitments] == [(["IDN"], "security")]


def test_a_time_phrase_is_not_the_preposition_a_verb_requires(extractor: Extractor) -> None:
    doc = extractor.extract("Serbia called Croatia's decision a provocation and, on Monday, "
                            "recalled its ambassador.")
    assert event_table(doc)[:1] == [("ACCUSE", ["SRB"], ["HRV"], "called")]


def test_coordinated_leaders_who_meet_a_third_party_also_meet_each_other(
        extractor: Extractor) -> None:
    doc = extractor.extract("Armenia and Azerbaijan met in Washington with the "
                            "President of France on Friday.")
    assert ("CONSULT", ["ARM"], ["AZE"], "met") in event_table(doc)


def test_a_participial_passive_takes_its_agent_as_source(extractor: Extractor) -> None:
    doc = extractor.extract("Pressed by Qatar, Israel agreed to a pause in the fighting.")
    assert ("REQUEST", ["QAT"], ["ISR"], "Pressed") in event_table(doc)


def test_an_object_that_changes_the_type_changes_the_cameo_code(extractor: Extractor) -> None:
    doc = extractor.extract("Russia ordered 5,000 troops to the border with Finland.")
    assert [(e.type, e.cameo) for e in doc.events] == [("MOBILIZE", "150")]


def test_a_country_is_named_as_the_text_names_it(extractor: Extractor) -> None:
    doc = extractor.extract("Britain sent a warship to the region, British officials said.")
    assert [(a.name, a.code) for a in doc.actors if a.kind == "country"] == [("Britain", "GBR")]


def test_the_canonical_name_wins_when_the_text_uses_it(extractor: Extractor) -> None:
    doc = extractor.extract("The United Kingdom and Britain's allies met.")
    assert [a.name for a in doc.actors if a.kind == "country"] == ["United Kingdom"]


def test_the_security_council_is_an_actor_of_its_own_coded_un(extractor: Extractor) -> None:
    doc = extractor.extract("The Security Council adopted the resolution on Friday.")
    assert [(a.name, a.kind, a.code) for a in doc.actors] == [
        ("UN Security Council", "igo", "UN")]


def test_a_transcript_label_is_not_a_person(extractor: Extractor) -> None:
    doc = extractor.extract("QUESTION: Will Brazil join?\nMR MILLER: We have seen the reports.")
    assert "QUESTION" not in [a.name for a in doc.actors]


def test_a_capital_that_is_a_place_is_a_location_not_a_person(extractor: Extractor) -> None:
    doc = extractor.extract("Russia launched missiles at Kyiv, Dnipro and Kramatorsk.")
    # The attack's target is the country of those places (an implied actor), not a person.
    assert [(a.name, a.kind) for a in doc.actors] == [("Russia", "country"),
                                                      ("Ukraine", "country")]
    assert sorted(loc.name for loc in doc.locations) == ["Dnipro", "Kramatorsk", "Kyiv"]


def test_a_reporters_question_in_a_briefing_is_not_a_quote(extractor: Extractor) -> None:
    doc = extractor.extract("QUESTION: Will Brazil join the talks?\n"
                            "MR PRICE: Brazil has been invited to the talks.")
    assert [(q.speaker_name, q.text) for q in doc.quotes] == [
        ("Mr Price", "Brazil has been invited to the talks.")]


def test_a_quote_after_the_previous_quotes_attribution_continues_it(
        extractor: Extractor) -> None:
    doc = extractor.extract("Peru's foreign minister, Elmer Schialer, spoke after the vote. "
                            "“The region is watching,” he said. “We will not back down.”")
    assert [(q.text, codes(doc, q.speaker)) for q in doc.quotes] == [
        ("The region is watching,", ["PER"]), ("We will not back down.", ["PER"])]


def test_he_without_a_named_person_is_the_last_subject_that_names_an_actor(
        extractor: Extractor) -> None:
    doc = extractor.extract("The representative of Kenya said the force would be ready. "
                            "“We go as partners,” he said.")
    assert [(q.speaker_name, codes(doc, q.speaker)) for q in doc.quotes] == [
        ("representative", ["KEN"])]


def test_an_inverted_condition_makes_the_main_clause_hypothetical(extractor: Extractor) -> None:
    doc = extractor.extract("Should the talks fail, Russia will strike Ukraine again.")
    assert doc.events == []
    assert [(n.type, n.reason) for n in doc.non_events] == [("ASSAULT", "hypothetical")]


def test_a_bare_forecast_is_not_a_commitment(extractor: Extractor) -> None:
    doc = extractor.extract("Analysts said Egypt will read the silence as a signal.")
    assert doc.commitments == []


def test_a_future_with_a_topic_is_a_commitment(extractor: Extractor) -> None:
    doc = extractor.extract("Norway will fund the reconstruction of schools in Gaza.")
    assert [(codes(doc, c.by), c.topic) for c in doc.commitments] == [(["NOR"], "aid")]


def test_a_reported_future_price_is_a_threat_at_the_clause_subject(
        extractor: Extractor) -> None:
    doc = extractor.extract("A Hamas official said Israel would pay a heavy price for the raid.")
    assert event_table(doc) == [("THREATEN", ["PSE"], ["ISR"], "price")]


def test_a_reported_past_response_is_not_a_threat(extractor: Extractor) -> None:
    doc = extractor.extract("Turkey said Greece had received a response to its letter.")
    assert [e.type for e in doc.events] == []


def test_their_call_is_a_consultation_between_the_two(extractor: Extractor) -> None:
    doc = extractor.extract("Canada and Mexico agreed on a plan. Officials praised their call.")
    assert ("CONSULT", ["CAN"], ["MEX"], "call") in event_table(doc)


def test_a_resolution_demanding_something_is_a_request_by_who_passed_it(
        extractor: Extractor) -> None:
    doc = extractor.extract("The Security Council passed a resolution demanding that Sudan "
                            "stop the bombing.")
    assert ("REQUEST", ["UN"], ["SDN"], "demanding") in event_table(doc)


def test_a_verdict_in_a_statements_own_voice_accuses_who_it_names(
        extractor: Extractor) -> None:
    doc = extractor.extract("Statement by the Ministry of Foreign Affairs of Poland\n"
                            "This is a grave violation of Lithuania's airspace by Belarus.")
    assert [(e.type, codes(doc, e.source), codes(doc, e.target)) for e in doc.events] == [
        ("ACCUSE", ["POL"], ["BLR"])]


def test_a_dateline_parsed_as_subject_gives_way_to_its_apposition(
        extractor: Extractor) -> None:
    doc = extractor.extract("NEW DELHI, March 14 — India and Australia signed a minerals "
                            "agreement on Thursday.")
    assert [(e.type, codes(doc, e.source), codes(doc, e.target)) for e in doc.events] == [
        ("AGREE", ["IND"], ["AUS"])]
    assert [(loc.name, loc.kind) for loc in doc.locations] == [("New Delhi", "city")]


def test_a_purpose_clause_is_aimed_where_its_verb_is(extractor: Extractor) -> None:
    doc = extractor.extract("Pakistan summoned India's deputy high commissioner to protest "
                            "against the firing.")
    assert event_table(doc) == [("ACCUSE", ["PAK"], ["IND"], "summoned"),
                                ("PROTEST", ["PAK"], ["IND"], "protest")]


def test_rejecting_the_accusation_targets_the_accuser(extractor: Extractor) -> None:
    doc = extractor.extract("Armenia accused Azerbaijan of provocation. Azerbaijan's "
                            "government rejected the accusation.")
    assert [(e.type, codes(doc, e.target)) for e in doc.events][-1:] == [("REJECT", ["ARM"])]


def test_criticising_a_deal_targets_both_parties(extractor: Extractor) -> None:
    doc = extractor.extract("Japan and Vietnam signed a defence pact. China criticised the deal.")
    assert event_table(doc)[-1] == ("ACCUSE", ["CHN"], ["JPN", "VNM"], "criticised")


def test_the_decision_is_the_last_act_not_the_last_comment(extractor: Extractor) -> None:
    doc = extractor.extract("Canada imposed sanctions on Iran. Iran condemned the measures. "
                            "Australia supported the decision.")
    assert event_table(doc)[-1] == ("SUPPORT", ["AUS"], ["CAN"], "supported")


def test_parties_promising_together_promise_each_other_not_a_third(
        extractor: Extractor) -> None:
    doc = extractor.extract("Iran condemned the plan. Turkey and Greece agreed to resume talks "
                            "on maritime boundaries.")
    assert [(codes(doc, c.by), codes(doc, c.to)) for c in doc.commitments] == [
        (["GRC", "TUR"], ["GRC", "TUR"])]


def test_a_future_promise_is_the_verb_phrase_without_subject_or_dateline(
        extractor: Extractor) -> None:
    doc = extractor.extract("TOKYO, June 3 — Japan will provide $2 billion in loans to "
                            "Indonesia for solar projects.")
    assert [c.action for c in doc.commitments] == [
        "provide $2 billion in loans to Indonesia for solar projects"]


def test_a_finite_verb_after_and_does_not_share_the_first_verbs_modal(
        extractor: Extractor) -> None:
    doc = extractor.extract("Hungary said it would not send troops to Ukraine and criticised "
                            "the plan of Poland as dangerous.")
    assert [(e.type, codes(doc, e.source)) for e in doc.events] == [("ACCUSE", ["HUN"])]
    assert [(n.type, n.reason) for n in doc.non_events] == [("MOBILIZE", "hypothetical")]


def test_an_organisation_that_agrees_agrees_among_its_members(extractor: Extractor) -> None:
    doc = extractor.extract("Russia watched closely. NATO agreed on Thursday to raise its "
                            "spending target.")
    assert event_table(doc) == [("AGREE", ["NATO"], ["NATO"], "agreed")]
    assert [c.to for c in doc.commitments] == [[]]


def test_a_quotes_attribution_stays_in_its_paragraph(extractor: Extractor) -> None:
    doc = extractor.extract("“We cannot wait,” Rutte told reporters. “War is expensive.”\n"
                            "Hungary's foreign minister Peter Szijjarto said Budapest disagreed.")
    assert [q.speaker_name for q in doc.quotes] == ["Rutte", "Rutte"]


def test_a_joint_statement_speaks_for_every_issuer_in_its_heading(
        extractor: Extractor) -> None:
    doc = extractor.extract("Joint Statement by the Leaders of Egypt, Jordan and Qatar on Gaza\n"
                            "We welcome the efforts of the United States.")
    assert [(e.type, codes(doc, e.source), codes(doc, e.target)) for e in doc.events] == [
        ("SUPPORT", ["EGY", "JOR", "QAT"], ["USA"])]
    assert "Joint Statement" not in [a.name for a in doc.actors]


def test_member_states_is_not_a_place(extractor: Extractor) -> None:
    doc = extractor.extract("The Council asked Member States to send police to Haiti.")
    assert [loc.name for loc in doc.locations] == []


def test_conjoined_country_modifiers_all_act(extractor: Extractor) -> None:
    doc = extractor.extract("French and German warships shelled positions in Libya.")
    assert event_table(doc) == [("ASSAULT", ["DEU", "FRA"], ["LBY"], "shelled")]


def test_demanding_that_someone_act_targets_who_must_act(extractor: Extractor) -> None:
    doc = extractor.extract("The Security Council passed a resolution demanding that Armenia "
                            "withdraw its troops.")
    assert ("REQUEST", ["UN"], ["ARM"], "demanding") in event_table(doc)


def test_it_right_after_a_noun_that_names_an_actor_refers_to_it(extractor: Extractor) -> None:
    doc = extractor.extract("Israeli jets struck the Hezbollah group after it began firing "
                            "rockets at Israel.")
    assert ("ASSAULT", ["LBN"], ["ISR"], "firing") in event_table(doc)


def test_an_ability_to_act_is_not_an_act(extractor: Extractor) -> None:
    doc = extractor.extract("Sanctions will limit Iran's ability to arm militias in Iraq.")
    assert doc.events == []
    assert [(n.type, n.reason) for n in doc.non_events] == [("AID", "hypothetical")]


def test_handing_over_evidence_is_not_a_concession(extractor: Extractor) -> None:
    doc = extractor.extract("Ukraine handed over evidence to the International Criminal Court, "
                            "and Hamas handed over hostages to Israel.")
    assert [(e.type, codes(doc, e.source)) for e in doc.events] == [("CONCEDE", ["PSE"])]
