"""Commitment mechanisms on invented sentences (none taken from the evaluation set):
parse-robust promisers, statement voice, forecasts and warnings that are no promises,
split sums, bulleted pledges, place and pair recipients, topics from solidarity wording."""

from __future__ import annotations

from communique.model import Document
from communique.pipeline import Extractor


def rows(doc: Document) -> list[tuple[list[str], list[str], str, float | None]]:
    """(by codes, to codes, topic, amount value) of each commitment, in text order."""
    code = {a.id: a.code for a in doc.actors}
    return [([code[a] for a in c.by], [code[a] for a in c.to], c.topic,
             c.amount.value if c.amount else None) for c in doc.commitments]


def test_promise_parsed_as_modifier_keeps_its_promiser(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Colonel Assimi Goïta, the leader of Mali, spoke in Bamako on Monday. Goïta, who "
        "commands the army, promised at the ceremony to release political detainees.",
        "2024-03-04")
    assert [(by, topic) for by, _, topic, _ in rows(doc)] == [(["MLI"], "human_rights")]


def test_statement_future_with_impersonal_subject_is_the_issuers(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Armenia: Statement by the Spokesperson on behalf of the EU on the border talks\n"
        "Brussels, 3 March 2025\n"
        "The European Union welcomes the progress in the talks between Armenia and "
        "Azerbaijan. Support for Armenian civil society will continue.", "2025-03-03")
    got = [(by, topic) for by, _, topic, _ in rows(doc)]
    assert (["EU"], "human_rights") in got


def test_noted_future_of_another_party_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract(
        "The Council of Ministers of ECOWAS met in Abuja on 12 May 2024. The Council noted "
        "that Senegal will hold local elections in November.", "2024-05-12")
    assert [by for by, *_ in rows(doc) if by == ["SEN"]] == []


def test_quoted_warning_about_another_state_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract(
        "\"Caracas will regret this provocation,\" Canadian Foreign Minister Mélanie Joly "
        "told reporters in Ottawa on Tuesday.", "2024-08-06")
    assert [by for by, *_ in rows(doc) if by == ["VEN"]] == []


def test_habitual_keep_asking_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Moldova keeps asking Romania for more electricity imports.", "2024-01-10")
    assert rows(doc) == []


def test_two_sums_in_one_promise_are_two_commitments(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Japan will provide $40 million in financial support and a further $25 million in "
        "humanitarian assistance to Myanmar's neighbours, Tokyo said on Friday.",
        "2024-06-07")
    got = [(by, topic, amount) for by, _, topic, amount in rows(doc)]
    assert got == [(["JPN"], "finance", 40e6), (["JPN"], "aid", 25e6)]


def test_sum_restated_in_another_currency_is_one_commitment(extractor: Extractor) -> None:
    doc = extractor.extract(
        "India pledged 25 billion rupees ($300 million) for Sri Lanka's reconstruction on "
        "Tuesday.", "2024-02-13")
    assert [amount for *_, amount in rows(doc)] == [25e9]


def test_bulleted_sums_belong_to_the_pledger_above(extractor: Extractor) -> None:
    doc = extractor.extract(
        "GENEVA, May 2 — Canada announced C$90 million for Sudan at the conference on "
        "Thursday. The package is divided as follows:\n"
        "- food aid: C$50 million\n"
        "- loans on concessional terms: C$40 million\n", "2024-05-02")
    got = [(by, to, topic, amount) for by, to, topic, amount in rows(doc)]
    assert got == [(["CAN"], ["SDN"], "aid", 90e6), (["CAN"], ["SDN"], "aid", 50e6),
                   (["CAN"], ["SDN"], "finance", 40e6)]


def test_capital_as_recipient_stands_for_its_country(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Sweden condemned the strikes on Ukraine. Prime Minister Ulf Kristersson said "
        "Sweden would keep up military aid to Kyiv worth $2 billion a year.", "2024-09-01")
    got = [(by, to, amount) for by, to, _, amount in rows(doc) if amount]
    assert got == [(["SWE"], ["UKR"], 2e9)]


def test_with_both_is_the_two_named_before(extractor: Extractor) -> None:
    doc = extractor.extract(
        "\"I met President Ruto on Monday and President Museveni today, and I will continue "
        "to consult closely with both,\" Norwegian Foreign Minister Espen Barth Eide said.",
        "2024-04-09")
    got = [(sorted(to), topic) for _, to, topic, _ in rows(doc)]
    assert got == [(["KEN", "UGA"], "diplomacy")]


def test_standing_at_a_partners_side_is_security(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Portugal will remain at Timor-Leste's side for as long as it takes, the Portuguese "
        "prime minister said.", "2024-05-20")
    assert [(by, topic) for by, _, topic, _ in rows(doc)] == [(["PRT"], "security")]


def test_reaffirmed_decision_to_deploy_is_a_commitment(extractor: Extractor) -> None:
    doc = extractor.extract(
        "The ECOWAS summit reaffirmed its decision of 10 March to deploy a standby force in "
        "support of Guinea-Bissau.", "2024-07-01")
    got = [(to, topic) for _, to, topic, _ in rows(doc)]
    assert got == [(["GNB"], "defense")]


def test_troops_to_pull_back_is_a_defence_promise(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Under the accord, Armenian troops are to pull back from four villages, while "
        "Azerbaijan is to free 30 prisoners.", "2024-04-19")
    got = [(by, topic) for by, _, topic, _ in rows(doc)]
    assert (["ARM"], "defense") in got


def test_unnamed_recipient_of_a_sum_is_that_of_the_sum_before(extractor: Extractor) -> None:
    doc = extractor.extract(
        "The United States hosted the pledging meeting in Washington, and the United States "
        "chaired it. Norway pledged $50 million for Haiti. Denmark added $20 million.",
        "2024-03-01")
    got = [(by, to, amount) for by, to, _, amount in rows(doc)]
    assert got == [(["NOR"], ["HTI"], 50e6), (["DNK"], ["HTI"], 20e6)]


def test_paragraph_after_a_list_has_its_own_pledgers(extractor: Extractor) -> None:
    doc = extractor.extract(
        "ROME, June 4 — Italy announced €90 million for Libya on Tuesday. It breaks down as "
        "follows:\n"
        "- grants: €60 million\n"
        "- Italy's loan share: €30 million, announced by Foreign Minister Antonio Tajani\n\n"
        "Spain and Greece pledged €20 million and €10 million respectively.\n",
        "2024-06-04")
    got = [(by, amount) for by, _, _, amount in rows(doc)]
    assert (["ESP"], 20e6) in got and (["GRC"], 10e6) in got
    assert (["ITA"], 20e6) not in got


def test_own_clause_after_a_negated_one_is_a_promise(extractor: Extractor) -> None:
    doc = extractor.extract(
        "\"Spain will not let the militias win in Mali, and we will stay at the side of the "
        "Malians for as long as it takes,\" Spanish Prime Minister Pedro Sánchez said.",
        "2024-02-02")
    got = [(by, to, topic) for by, to, topic, _ in rows(doc)]
    assert got == [(["ESP"], ["MLI"], "security")]


def test_infinitive_anywhere_in_a_restated_decision(extractor: Extractor) -> None:
    doc = extractor.extract(
        "The ECOWAS summit reaffirmed its decision of 10 March, taken in Accra, to deploy a "
        "standby force in support of Guinea-Bissau.", "2024-07-01")
    got = [(to, topic) for _, to, topic, _ in rows(doc)]
    assert got == [(["GNB"], "defense")]


def test_statement_voice_recipient_from_the_subject(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Armenia: Statement by the Spokesperson on behalf of the EU on the border talks\n"
        "Brussels, 3 March 2025\n"
        "The European Union welcomes the progress in the talks. Support for Armenian civil "
        "society will continue.", "2025-03-03")
    got = [(by, to) for by, to, topic, _ in rows(doc) if topic == "human_rights"]
    assert got == [(["EU"], ["ARM"])]


def test_sum_at_a_summit_is_a_contribution_not_diplomacy(extractor: Extractor) -> None:
    doc = extractor.extract(
        "The summit of the East African Community approved an additional contribution by "
        "member states of $5 million towards the operation.", "2024-05-05")
    assert [(topic, amount) for _, _, topic, amount in rows(doc)] == [("aid", 5e6)]


def test_country_named_as_a_place_is_the_recipient(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Armenia and Azerbaijan signed the accord. Under the terms, Azerbaijani troops "
        "would withdraw from southern Armenia within 30 days.", "2024-04-19")
    got = [(by, to) for by, to, topic, _ in rows(doc) if topic == "defense"]
    assert got == [(["AZE"], ["ARM"])]


def test_question_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract("What did Brazil offer? Soldiers. Will Germany send more tanks "
                            "to Ukraine?", "2025-03-01")
    assert rows(doc) == []


def test_absent_guarantee_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract("The accord contains no explicit French security guarantee for "
                            "Chad.", "2025-03-01")
    assert rows(doc) == []


def test_promised_noun_of_a_relative_clause_is_the_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Kenya says the 2,000 police officers it promised Haiti last year "
                            "are now in Port-au-Prince.", "2025-03-01")
    assert rows(doc) == [(["KEN"], ["HTI"], "defense", None)]
    assert doc.commitments[0].action.startswith("the 2,000 police officers")


def test_recipient_after_to_is_no_promised_action(extractor: Extractor) -> None:
    doc = extractor.extract("All 500 engineers that Chancellor Olaf Scholz pledged to Ukraine "
                            "in May have arrived.", "2025-03-01")
    assert [c.action.split()[:3] for c in doc.commitments] == [["All", "500", "engineers"]]


def test_future_verb_with_object_and_recipient_is_one_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Lammy said Britain would keep up military aid to Kyiv worth "
                            "£3 billion a year.", "2025-03-01")
    assert rows(doc) == [(["GBR"], ["UKR"], "aid", 3e9)]


def test_unaddressed_pledge_goes_to_whom_its_maker_dealt_with(extractor: Extractor) -> None:
    # Nigeria is the text's most named other party; Ghana dealt with Washington.
    doc = extractor.extract(
        "Nigeria and Ghana won a reprieve from U.S. sanctions after each offered Washington "
        "new anti-fraud measures. Nigeria said Nigeria would act. Nigeria's president "
        "spoke in Abuja. Ghana will press ahead with its $40 million cyber unit.",
        "2025-03-01")
    assert (["GHA"], ["USA"], "technology", 4e7) in rows(doc)


def test_distributive_subject_stands_for_the_coordinated_actors(extractor: Extractor) -> None:
    doc = extractor.extract("Peru and Chile signed the accord in Lima, and both promised "
                            "Bolivia fresh access to the sea.", "2025-03-01")
    assert (["PER", "CHL"], ["BOL"], "territorial", None) in rows(doc)


def test_plant_money_is_investment(extractor: Extractor) -> None:
    doc = extractor.extract("Japan has committed $13.9 billion to a battery plant in North "
                            "Carolina.", "2025-03-01")
    assert [topic for _, _, topic, _ in rows(doc)] == ["investment"]


def test_what_money_comes_from_is_not_its_topic(extractor: Extractor) -> None:
    doc = extractor.extract("Under the text, Ukraine is to contribute 50% of the revenue from "
                            "state-owned mineral deposits, oil and gas to a joint "
                            "reconstruction fund.", "2025-03-01")
    assert [topic for _, _, topic, _ in rows(doc)] == ["finance"]


def test_parties_promising_together_promise_each_other(extractor: Extractor) -> None:
    doc = extractor.extract("Kenya and Uganda will run the new railway fund on an equal "
                            "footing.", "2025-03-01")
    assert rows(doc) == [(["KEN", "UGA"], ["KEN", "UGA"], "investment", None)]


def test_a_ratified_agreement_binds_the_ratifier(extractor: Extractor) -> None:
    doc = extractor.extract("Ghana's parliament ratified the fisheries agreement with Senegal "
                            "on Thursday.", "2025-03-01")
    assert rows(doc) == [(["GHA"], ["SEN"], "other", None)]


def test_an_offer_is_its_makers_promise(extractor: Extractor) -> None:
    doc = extractor.extract("He said Kyiv's offer of a full ceasefire stays on the table.",
                            "2025-03-01")
    assert [(by, topic) for by, _, topic, _ in rows(doc)] == [(["UKR"], "security")]


def test_a_relative_clause_of_its_own_subject_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract("The leaders who agreed on the plan met in Paris.", "2025-03-01")
    assert rows(doc) == []


def test_a_leaders_word_on_his_countrys_future_is_its_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Prime Minister Narendra Modi told Joe Biden that Indian investment "
                            "in the United States would climb to $50 billion.", "2025-03-01")
    assert rows(doc) == [(["IND"], ["USA"], "investment", 5e10)]


def test_an_analysts_word_on_a_countrys_future_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Analysts told reporters that Indian investment in the United "
                            "States would climb to $50 billion.", "2025-03-01")
    assert [by for by, *_ in rows(doc)] == []


def test_an_infinitive_parsed_as_adverbial_is_the_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Washington, by Sheinbaum's account, promised in return to act "
                            "against the flow of American firearms into Mexico.", "2025-03-01")
    assert rows(doc) == [(["USA"], ["MEX"], "security", None)]


def test_a_restated_goal_is_the_promise_made_before(extractor: Extractor) -> None:
    doc = extractor.extract("President Lula told Xi Jinping that Brazilian exports to China "
                            "would climb to $100 billion. Foreign Minister Mauro Vieira of "
                            "Brazil restated the goal on Tuesday.", "2025-03-01")
    assert [(by, topic, amount, c.status) for (by, _, topic, amount), c in
            zip(rows(doc), doc.commitments, strict=True)] == [
        (["BRA"], "trade", 1e11, "new"), (["BRA"], "trade", 1e11, "reaffirmed")]


def test_a_company_is_its_home_countrys_actor(extractor: Extractor) -> None:
    doc = extractor.extract("Samsung is the example most often cited. The chipmaker has "
                            "committed $17 billion to a new plant in Texas.", "2025-03-01")
    assert [(by, topic, amount) for by, _, topic, amount in rows(doc)] == [
        (["KOR"], "investment", 1.7e10)]


def test_an_aside_on_what_money_buys_does_not_set_its_topic(extractor: Extractor) -> None:
    doc = extractor.extract("Lima will press ahead with the $90 million border package it first "
                            "unveiled in May, money already earmarked for trucks, radios and "
                            "more officers.", "2025-03-01")
    assert [topic for _, _, topic, _ in rows(doc)] == ["security"]


def test_a_priced_plan_being_carried_out_is_its_owners_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Poland's $2 billion housing plan is being carried out, Warsaw "
                            "says.", "2025-03-01")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["POL"], 2e9)]


def test_a_promise_in_a_relative_clause_names_what_it_is_about(extractor: Extractor) -> None:
    doc = extractor.extract("The money goes into the Andean Water Fund, which Peru and Bolivia "
                            "are to run on an equal footing.", "2025-03-01")
    assert [c.action for c in doc.commitments] == [
        "the Andean Water Fund, which Peru and Bolivia are to run on an equal footing"]


def test_who_reacts_to_a_promise_did_not_make_it(extractor: Extractor) -> None:
    doc = extractor.extract("Macron welcomed the pledge. Germany rejected Poland's offer.",
                            "2025-03-01")
    assert [(by, to) for by, to, _, _ in rows(doc)] == [(["POL"], ["DEU"])]


def test_an_unaddressed_pledge_goes_where_a_fellow_promiser_promised(
        extractor: Extractor) -> None:
    # Peru is the text's most named other party, but Peru is a promiser too, to the U.S.
    doc = extractor.extract("President Dina Boluarte offered Donald Trump 2,000 Peruvian "
                            "police officers for the border. Peru's president spoke in Lima. "
                            "Peru's army agreed. Chile, for its part, will appoint a fentanyl "
                            "envoy.", "2025-03-01")
    assert [(by, to) for by, to, _, _ in rows(doc)] == [(["PER"], ["USA"]), (["CHL"], ["USA"])]


def test_a_promise_named_only_as_a_promise_is_told_by_its_sentence(
        extractor: Extractor) -> None:
    doc = extractor.extract("Prime Minister Luc Frieden on Tuesday named Anne Weber as the "
                            "country's fentanyl envoy, ticking off one of the promises "
                            "Luxembourg made to win the pause.", "2025-03-01")
    [commitment] = doc.commitments
    assert (commitment.topic, commitment.action) == ("security", doc.text)


def test_a_granted_exemption_is_its_givers_promise(extractor: Extractor) -> None:
    doc = extractor.extract("President Lula is giving a one-month exemption from the new "
                            "tariffs to cars from Chile and Peru.", "2025-03-01")
    assert [(by, topic) for by, _, topic, _ in rows(doc)] == [(["BRA"], "trade")]


def test_an_exemption_asked_for_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Ghana asked Brazil for an exemption.", "2025-03-01")
    assert rows(doc) == []


def test_a_priced_plan_named_without_owner_is_the_actor_in_focus(
        extractor: Extractor) -> None:
    doc = extractor.extract(
        "Norway's record on Arctic pledges is mixed. The NOK 4 billion coastal protection "
        "plan is another matter: most of it remains unspent.", "2025-06-02")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["NOR"], 4e9)]


def test_a_priced_plan_beside_its_subject_is_the_actor_in_focus(
        extractor: Extractor) -> None:
    doc = extractor.extract(
        "What did Kenya bring to the talks? The centrepiece, a rail plan worth $2 billion "
        "that links Mombasa to the border, was unveiled in March.", "2025-06-02")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["KEN"], 2e9)]


def test_a_priced_plan_beside_an_owned_subject_is_the_owners(extractor: Extractor) -> None:
    doc = extractor.extract(
        "Kenya met Uganda on Monday. Nairobi's centrepiece, a rail plan worth $2 billion, "
        "was unveiled in March.", "2025-06-02")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["KEN"], 2e9)]


def test_a_priced_plan_with_nobody_named_before_it_is_nobodys(extractor: Extractor) -> None:
    doc = extractor.extract("The $3 billion drought plan is another matter.", "2025-06-02")
    assert rows(doc) == []


def test_a_fellow_promisers_recipient_named_in_its_promise_is_passed_on(
        extractor: Extractor) -> None:
    doc = extractor.extract(
        "Nigeria threatened tariffs on its two neighbours on Monday. What did Ghana offer? "
        "Accra said it would post 2,000 police along its frontier with Nigeria, and Ghanaian "
        "officials said the first units would leave within days. Ghana is the bigger of the "
        "two. What did Togo offer? Togo said it would close the smuggling routes.",
        "2025-02-04")
    assert [(by, to) for by, to, _, _ in rows(doc)] == [(["GHA"], ["NGA"]), (["TGO"], ["NGA"])]


def test_what_a_new_post_will_do_is_the_promise_of_the_actor_in_focus(
        extractor: Extractor) -> None:
    doc = extractor.extract(
        "Peru's answer to the protests is modest. Its one new item is a security "
        "commissioner, an official who will oversee the police in the mining provinces.",
        "2025-02-04")
    assert [(by, topic, c.action) for (by, _, topic, _), c in zip(
        rows(doc), doc.commitments, strict=True)] == [
        (["PER"], "security", "a security commissioner, an official who will oversee the "
         "police in the mining provinces")]


def test_what_a_thing_will_do_in_a_quote_is_no_promise_of_the_actor_in_focus(
        extractor: Extractor) -> None:
    doc = extractor.extract(
        "Moldova signed the fund deal with the United States on Monday. \"Together with the "
        "United States we are building a fund that will draw investment into our country,\" "
        "Minister Ana Rusu said.", "2025-02-04")
    assert [by for by, *_ in rows(doc) if by == ["USA"]] == []


def test_what_a_new_post_will_do_with_nobody_named_is_nobodys(extractor: Extractor) -> None:
    doc = extractor.extract(
        "The only new item is a security commissioner, an official who will oversee the "
        "police in the provinces.", "2025-02-04")
    assert rows(doc) == []


def test_what_one_will_ask_of_another_is_no_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Trump said he would ask the emirate to raise the figure to "
                            "$1 trillion.", "2025-01-23")
    assert rows(doc) == []


def test_a_pledge_said_with_a_copula_is_its_owners_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Qatar's pledge to put $50 billion into the British economy is "
                            "the largest any Gulf state has made.", "2025-01-24")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["QAT"], 50e9)]


def test_a_promised_sum_is_its_owners_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Only a fraction of Qatar's promised $50 billion has reached "
                            "Britain.", "2025-11-20")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["QAT"], 50e9)]


def test_a_part_of_the_pledge_is_a_mention_of_it_without_its_sum(
        extractor: Extractor) -> None:
    doc = extractor.extract("Qatar has yet to deliver. About $8 billion of the pledge has been "
                            "invested so far.", "2025-11-20")
    assert rows(doc) == [(["QAT"], [], "investment", None)]


def test_a_part_of_the_pledge_is_its_subjects_not_its_recipients(
        extractor: Extractor) -> None:
    doc = extractor.extract(
        "Six months on, only a fraction of Qatar's promised $50 billion has reached "
        "Britain. About $8 billion of the pledge has been invested so far.", "2025-11-20")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["QAT"], 50e9),
                                                                (["QAT"], None)]


def test_a_promise_not_kept_is_still_named(extractor: Extractor) -> None:
    doc = extractor.extract("Kenya says Uganda has not kept its promise of $2 billion for the "
                            "railway.", "2025-10-02")
    assert [(by, amount) for by, _, _, amount in rows(doc)] == [(["UGA"], 2e9)]


def test_a_sum_approved_for_a_country_is_the_approvers_promise(
        extractor: Extractor) -> None:
    doc = extractor.extract("The IMF released $900 million to Sri Lanka on Friday.",
                            "2025-03-21")
    assert rows(doc) == [(["IMF"], ["LKA"], "aid", 900e6)]


def test_a_project_agreed_with_a_partner_is_both_partners_promise(
        extractor: Extractor) -> None:
    doc = extractor.extract("Bolivia has suspended its part of the $2 billion gas pipeline "
                            "agreed with Paraguay last year.", "2025-01-15")
    assert rows(doc) == [(["BOL", "PRY"], ["BOL", "PRY"], "energy", 2e9)]


def test_remaining_committed_to_a_project_restates_it(extractor: Extractor) -> None:
    doc = extractor.extract("Paraguay said it remained committed to the pipeline.",
                            "2025-01-15")
    assert [(by, topic) for by, _, topic, _ in rows(doc)] == [(["PRY"], "energy")]
    assert [c.status for c in doc.commitments] == ["reaffirmed"]


def test_a_promise_welcomed_by_another_is_made_to_it(extractor: Extractor) -> None:
    doc = extractor.extract("Qatar's promise to buy $40 billion of British gas was welcomed by "
                            "Britain.", "2025-05-14")
    assert rows(doc) == [(["QAT"], ["GBR"], "energy", 40e9)]


def test_vessels_given_are_a_defence_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Japan will give Vietnam two patrol vessels under a deal signed "
                            "in Hanoi.", "2025-05-14")
    assert rows(doc) == [(["JPN"], ["VNM"], "defense", None)]


def test_a_country_committed_to_an_act_promises_it(extractor: Extractor) -> None:
    doc = extractor.extract("Canada is committed to spending 2 percent of GDP on defence by "
                            "2032.", "2025-06-24")
    assert [(by, topic) for by, _, topic, _ in rows(doc)] == [(["CAN"], "defense")]


def test_a_promised_thing_of_an_owner_is_its_promise(extractor: Extractor) -> None:
    doc = extractor.extract("Germany's promised tanks arrived in Ukraine on Monday.",
                            "2025-03-03")
    assert rows(doc) == [(["DEU"], ["UKR"], "defense", None)]
