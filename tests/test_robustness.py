"""No input crashes extraction: reference resolution ends on every sentence, however its
pronouns, possessives and coordinations refer to one another."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.model import Document
from communique.pipeline import Extractor

ACTORS = ["NATO", "the African Union", "France", "Germany", "the European Union", "Japan",
          "President Macron", "the United Nations", "China", "its members", "their allies"]
PRONOUNS = ["it", "they", "he", "she", "we", "its", "their", "his", "her", "our", "which"]
POSSESSED = ["members", "member states", "allies", "government", "troops", "ministers",
             "partners", "leader", "forces"]
VERBS = ["agreed", "met", "provided 3 billion euros to", "condemned", "urged", "will support",
         "said it would help", "accused", "signed a deal with", "pledged $5 million to"]

noun_phrase = st.one_of(
    st.sampled_from(ACTORS),
    st.builds(lambda p, n: f"{p} {n}", st.sampled_from(PRONOUNS), st.sampled_from(POSSESSED)),
    st.sampled_from(PRONOUNS),
)
coordination = st.lists(noun_phrase, min_size=1, max_size=4).map(" and ".join)
clause = st.builds(lambda s, v, o: f"{s} {v} {o}", coordination, st.sampled_from(VERBS),
                   coordination)
text = st.lists(clause, min_size=1, max_size=3).map(lambda cs: ". ".join(cs) + ".")


def test_an_organisation_and_its_members_agreeing_is_read(extractor: Extractor) -> None:
    doc = extractor.extract("NATO and its members agreed.")
    assert [a.name for a in doc.actors] == ["NATO"]


def test_a_union_and_its_member_states_providing_money_is_read(extractor: Extractor) -> None:
    doc = extractor.extract("The African Union and its member states provided 3 billion euros.")
    assert [(a.value, a.currency) for a in doc.amounts] == [(3e9, "EUR")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(text)
def test_extraction_returns_for_any_mix_of_references(
        extractor: Extractor, check_offsets: Callable[[Document], list[str]], text: str) -> None:
    doc = extractor.extract(text)
    assert check_offsets(doc) == []
