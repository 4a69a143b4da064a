"""Commitment tracking: which stored commitments are the same real-world promise, and what
each mention does to it (made, repeated, reaffirmed, progress, modified, fulfilled,
abandoned, disputed).

Commitments are compared only within a *block*: those between the same parties (the set
of actor codes on either side). A block is linked from scratch, in a canonical order
(publication date, document id, position), so the result depends only on what is stored,
never on the order documents were ingested in: ingesting a document relinks the blocks it
touches, `link --rebuild` relinks them all, and both give the same tracks.

Within a block each mention joins the track it matches best, when the match scores at
least `LINK_THRESHOLD`: same topic, the same amount (or the same order of money, with a
word of change), similar wording of the promised action (a lexical similarity of the
content words; optionally a sentence embedding, see `Similarity`), and dates that are
not years apart. Each link keeps its score and a readable reason. The relation of a
mention comes from the words of its evidence sentence (`data/tracking.yaml`), else from
time: within `repeat_days` of the track's first mention, another document is a repeat;
later, a reaffirmation. A track's status is the state its latest decisive mention leaves
it in (progress → in_progress, fulfilled, abandoned, disputed; none → open).

This module is pure: it takes mentions and returns tracks; `communique.store` reads the
mentions and writes the tracks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from communique.resources import load_data

LINK_THRESHOLD = 0.5
# Score parts (they add up; LINK_THRESHOLD decides).
SAME_TOPIC = 0.3
RELATED_TOPIC = 0.15  # topics of one family (data/tracking.yaml): troops are defence, border
SAME_AMOUNT = 0.4
CHANGED_AMOUNT = 0.15  # the same currency and order of magnitude: maybe a modification
OTHER_AMOUNT = -0.3  # sums of another order: another promise ($13.9 billion, $1 trillion)
SAME_COUNT = 0.2  # the same number of things promised ("10,000 troops", "ten thousand")
SAME_DIRECTION = 0.15  # the same promiser: Mexico's pledge, not the U.S. one in return
SIMILARITY_WEIGHT = 0.6
FAR_APART = -0.2  # more than a year between the mentions
FAR_APART_DAYS = 366
# Two commitments stated apart in one document are two promises unless they are plainly
# one (the same sum, or nearly the same words): a text seldom makes the same promise twice.
SAME_DOCUMENT_SIMILARITY = 0.8

_WORD = re.compile(r"[a-z][a-z'-]+|\d[\d.,]*")


@dataclass(frozen=True, slots=True)
class LinkMention:
    """One stored commitment, as the tracker sees it."""

    commitment_id: int
    document_id: str
    published: str | None  # YYYY-MM-DD of its document
    position: int  # evidence_start: order within the document
    by: tuple[str, ...]  # actor codes
    to: tuple[str, ...]
    topic: str
    action: str
    evidence: str  # the sentence that states it
    amount: tuple[float, str] | None = None  # (value, currency)
    status: str = "new"  # the extractor's: new | reaffirmed
    outlet: str | None = None
    trigger: int = 0  # trigger_start: two commitments may share a sentence
    title: str | None = None  # its document's headline
    by_names: tuple[str, ...] = ()  # the promisers' names, as the text calls them
    to_names: tuple[str, ...] = ()


@dataclass(slots=True)
class TrackedMention:
    mention: LinkMention
    relation: str
    score: float | None  # None for the first mention of a track
    reason: str
    delivered: tuple[float, str] | None = None


@dataclass(slots=True)
class Track:
    id: str
    block: str
    mentions: list[TrackedMention] = field(default_factory=list)
    # A track loaded from the store to append to (append_to_block) holds only its
    # representatives in `mentions`; what the whole track holds is then `stored`:
    # (mentions, status, documents, first seen, last seen) before this run's additions.
    stored: tuple[int, str, int, str | None, str | None] | None = None
    added: list[TrackedMention] = field(default_factory=list)  # this run's additions

    @property
    def size(self) -> int:
        return self.stored[0] + len(self.added) if self.stored else len(self.mentions)

    @property
    def status(self) -> str:
        if self.stored is None:
            return track_status([m.relation for m in self.mentions])
        status = self.stored[1]
        for m in self.added:
            status = next_status(status, m.relation)
        return status

    @property
    def first(self) -> LinkMention:
        return self.mentions[0].mention


def block_key(by: Iterable[str], to: Iterable[str]) -> str:
    """The parties of a commitment, either side: 'JPN+USA'. Unknown actors do not count."""
    codes = sorted({c for c in (*by, *to) if c and c != "UNK"})
    return "+".join(codes) or "UNK"


def track_id(mention: LinkMention) -> str:
    """A track is named after its first mention (document, position, parties and sum), so
    its id is the same however and whenever the corpus was linked. (Parties and sum tell
    apart the promises one phrase makes: "Norway and Denmark pledged $50 million and $35
    million respectively".)"""
    key = (f"{mention.document_id}\0{mention.position}\0{mention.trigger}\0{mention.action}"
           f"\0{'+'.join(mention.by)}>{'+'.join(mention.to)}\0{mention.amount}")
    digest = hashlib.sha1(key.encode()).hexdigest()
    return f"t{digest[:8]}"


def _phrases_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, longest first, any run of spaces or a hyphen
    between words ("scaled back", "a scaled-back line")."""
    return re.compile(r"\b(?:" + "|".join(
        re.escape(p).replace(r"\ ", r"(?:\s+|-)") for p in sorted(phrases, key=len, reverse=True))
        + r")\b", re.I)


@cache
def _cues() -> dict[str, Any]:
    data = load_data("tracking.yaml")
    patterns = {relation: _phrases_pattern(phrases)
                for relation, phrases in data["relations"].items()}
    headline = {relation: _phrases_pattern(phrases)
                for relation, phrases in (data.get("headline_relations") or {}).items()}
    return {"patterns": patterns, "headline": headline,
            "repeat_days": int(data.get("repeat_days", 7)),
            "status_of": dict(data.get("status_of") or {}),
            "first_made": frozenset(str(w).lower() for w in data.get("first_made") or ()),
            "usd_per_unit": {str(k): float(v) for k, v in (data.get("usd_per_unit") or {}).items()},
            "stopwords": frozenset(data.get("stopwords") or ()),
            "families": [frozenset(f) for f in data.get("topic_families") or ()]}


def cue_relation(evidence: str, action: str | None = None) -> tuple[str, str] | None:
    """(relation, the words that say so) when the sentence says what became of a promise:
    'only $4 billion has been disbursed' → progress; 'the deal was called off' → abandoned.
    The words of a promise's own history ('the package it first unveiled in December':
    reaffirmed) are looked for in its `action` only, when given: a sentence may hold a
    new promise beside it."""
    for relation, pattern in _cues()["patterns"].items():
        text = (action or "") if relation in OWN_HISTORY else evidence
        for match in pattern.finditer(text):
            if relation in ("fulfilled", "progress") and _NEGATED.search(
                    text[max(0, match.start() - 16):match.start()]):
                continue  # "has not been honoured", "has yet to be disbursed"
            return relation, match.group(0)
    return None


OWN_HISTORY = frozenset({"reaffirmed"})
_NEGATED = re.compile(r"\b(?:not|never|yet to|yet to be|not yet)\s+(?:been\s+|be\s+)?$", re.I)


def track_status(relations: Sequence[str]) -> str:
    """open, in_progress, fulfilled, abandoned or disputed: what the latest mention that
    changes a promise's state (progress, fulfilled, abandoned, disputed) made it."""
    status = "open"
    for relation in relations:
        status = next_status(status, relation)
    return status


def next_status(status: str, relation: str) -> str:
    """The status a mention leaves a track in: a decisive relation sets it; a promise made,
    restated or changed after it was abandoned is open again (revived)."""
    if status == "abandoned" and relation in ("made", "reaffirmed", "modified"):
        return "open"
    return _cues()["status_of"].get(relation, status)


def _related_topics(a: str, b: str) -> bool:
    return any(a in family and b in family for family in _cues()["families"])


# Number words as written in news copy ("ten thousand members", "two million doses"). A few
# lines rather than a dependency: linking compares counts, it does not parse amounts.
_UNITS = {w: n for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}
_UNITS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
               "eighty": 80, "ninety": 90})
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_COUNT = re.compile(r"\b(?:(\d[\d,]*)|(" + "|".join(_UNITS) + r"))(?:\s+(" + "|".join(_SCALES)
                    + r"))?\b", re.I)


def counts_in(text: str) -> set[int]:
    """The numbers of at least 100 a phrase states, in figures or words ("10,000 National
    Guard members", "ten thousand members"), years left out."""
    out = set()
    for match in _COUNT.finditer(text):
        figure, word, scale = match.groups()
        try:
            value = int(figure.replace(",", "")) if figure else _UNITS[word.lower()]
        except ValueError:
            continue
        value *= _SCALES.get((scale or "").lower(), 1)
        if value >= 100 and not (figure and not scale and 1900 <= value <= 2100):
            out.add(value)
    return out


def content_words(text: str) -> set[str]:
    stop = _cues()["stopwords"]
    words = set()
    for word in _WORD.findall(text.lower()):
        word = word.strip("'-.,")
        if word and word not in stop:
            words.add(_stem(word))
    return words


def _stem(word: str) -> str:
    """A crude suffix cut, so that 'investments'/'investment', 'buying'/'buy' meet; good
    enough for overlap between two short phrases."""
    for suffix in ("ments", "ment", "ings", "ing", "ies", "es", "s", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


MIN_WORDS = 3  # a phrase of fewer content words is compared as if it had this many


def lexical_similarity(a: str, b: str) -> float:
    """Overlap of the content words of two phrases: |A ∩ B| / min(|A|, |B|), so that a
    short restatement ('the $1 trillion investment') matches the full promise; a phrase of
    one or two words counts as three, so that one shared name ('Sudan') is not a match."""
    left, right = content_words(a), content_words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / max(min(len(left), len(right)), MIN_WORDS)


Similarity = Callable[[str, str], float]

STORY_SIMILARITY = 0.2  # Jaccard of what two sentences say happened
_PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def _happening_words(sentence: str) -> set[str]:
    """The content words of a sentence that are not names: the parties are the same by
    construction within a story group, so only the other words say what happened."""
    return content_words(" ".join(w for w in _PLAIN_WORD.findall(sentence) if w[0].islower()))


def story_numbers(sentences: Sequence[str]) -> list[int]:
    """Tell apart the events of one story group (same type, parties and day; sentences in
    publication order): each joins the first story whose first sentence says the same thing
    happened (a Jaccard overlap of their words of at least `STORY_SIMILARITY`, or the same
    count of things: "10,000 troops" / "10,000 National Guard members"), else starts one.
    "Signed a fisheries agreement" and "agreed to resume ferry service" on one day are two
    stories; two outlets' "signed an agreement on fisheries" are one."""
    firsts: list[tuple[set[str], set[int]]] = []
    numbers = []
    for sentence in sentences:
        words, counts = _happening_words(sentence), counts_in(sentence)
        for number, (first_words, first_counts) in enumerate(firsts):
            union = words | first_words
            if (not union or len(words & first_words) / len(union) >= STORY_SIMILARITY
                    or counts & first_counts):
                numbers.append(number)
                break
        else:
            numbers.append(len(firsts))
            firsts.append((words, counts))
    return numbers


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)  # type: ignore[index]
    except (TypeError, ValueError):
        return None


def _amounts(a: tuple[float, str] | None, b: tuple[float, str] | None) -> str | None:
    """'equal' (also in another currency, converted roughly), 'changed' (same currency,
    another sum of the same order), 'other', or None when either side has no amount or the
    currencies cannot be compared."""
    if a is None or b is None:
        return None
    (value_a, cur_a), (value_b, cur_b) = a, b
    if cur_a != cur_b:
        # The same sum told in another currency ("C$1.3 billion" / "US$900 million").
        rates = _cues()["usd_per_unit"]
        if cur_a not in rates or cur_b not in rates:
            return None  # no way to compare: no sign either way
        usd_a, usd_b = value_a * rates[cur_a], value_b * rates[cur_b]
        if usd_a and usd_b and 0.8 <= usd_a / usd_b <= 1.25:
            return "equal"
        return "other"
    if value_a and abs(value_a - value_b) <= 0.01 * max(value_a, value_b):
        return "equal"
    if cur_a == cur_b and value_a and value_b and 0.1 <= value_a / value_b <= 10:
        return "changed"
    return "other"


def pair_score(earlier: LinkMention, later: LinkMention, similarity: Similarity
               ) -> tuple[float, str]:
    """How likely two mentions of one block state the same promise, and why."""
    score, reasons = 0.0, ["same parties"]
    if set(earlier.by) == set(later.by):
        score += SAME_DIRECTION
        reasons[0] = f"same promiser {'+'.join(sorted(later.by))}"
    elif set(earlier.by) <= set(later.by) or set(later.by) <= set(earlier.by):
        # "Ukraine will pay into the fund" and "Kyiv and Washington will run the fund": one
        # party of a joint promise.
        score += SAME_DIRECTION / 2
        reasons[0] = f"promisers {'+'.join(sorted(earlier.by))} ~ {'+'.join(sorted(later.by))}"
    if earlier.topic == later.topic:
        score += SAME_TOPIC
        reasons.append(f"topic {later.topic}")
    elif _related_topics(earlier.topic, later.topic):
        score += RELATED_TOPIC
        reasons.append(f"topics {earlier.topic} ~ {later.topic}")
    amounts = _amounts(earlier.amount, later.amount)
    if amounts == "equal":
        score += SAME_AMOUNT
        reasons.append(f"amount {_money(later.amount)} equal")
    elif amounts == "changed":
        score += CHANGED_AMOUNT
        reasons.append(f"amount {_money(earlier.amount)} → {_money(later.amount)}")
    elif amounts == "other":
        score += OTHER_AMOUNT
        reasons.append("amounts differ")
    shared = counts_in(earlier.action) & counts_in(later.action)
    if shared:
        score += SAME_COUNT
        reasons.append(f"the same number {max(shared):,}")
    sim = similarity(earlier.action, later.action)
    score += SIMILARITY_WEIGHT * sim
    reasons.append(f"similarity {sim:.2f}")
    if earlier.document_id == later.document_id and amounts != "equal" and (
            sim < SAME_DOCUMENT_SIMILARITY):
        return 0.0, ", ".join([*reasons, "another promise of the same document"])
    days = _days(earlier.published, later.published)
    if days is not None and days > FAR_APART_DAYS:
        score += FAR_APART
        reasons.append(f"{days} days apart")
    return round(score, 3), ", ".join(reasons)


def _money(amount: tuple[float, str] | None) -> str:
    if amount is None:
        return ""
    from communique.report import format_amount

    return format_amount(*amount)


def canonical(mentions: Iterable[LinkMention]) -> list[LinkMention]:
    return sorted(mentions, key=_canonical_key)


def link_block(mentions: Iterable[LinkMention], similarity: Similarity | None = None
               ) -> list[Track]:
    """The tracks of one block's mentions (see the module's docstring)."""
    similar = similarity or lexical_similarity
    tracks: list[Track] = []
    for mention in canonical(mentions):
        _link_one(tracks, mention, similar)
    return tracks


def _link_one(tracks: list[Track], mention: LinkMention, similar: Similarity) -> Track:
    """Add one mention (later in canonical order than all before it) to the track it
    matches best, or to a new track; the track it joined."""
    best: tuple[float, str, Track] | None = None
    # Earliest track first, so that a tie goes the same way whether the tracks were just
    # built (relinking) or read back from the store (appending).
    for track in sorted(tracks, key=lambda t: _canonical_key(t.first)):
        for seen in _representatives(track):
            score, reason = pair_score(seen.mention, mention, similar)
            if best is None or score > best[0]:
                best = (score, reason, track)
    if best is not None and best[0] >= LINK_THRESHOLD:
        score, reason, track = best
        relation, why = _relation(track, mention)
        tracked = TrackedMention(
            mention, relation, score, f"{reason}; {why}",
            _delivered(mention) if relation in ("progress", "fulfilled") else None)
    else:
        relation, why = _first_relation(mention)
        tracked = TrackedMention(
            mention, relation, None, why,
            _delivered(mention) if relation in ("progress", "fulfilled") else None)
        track = Track(track_id(mention), block_key(mention.by, mention.to), [], stored=None)
        tracks.append(track)
    track.mentions.append(tracked)
    track.added.append(tracked)
    return track


# The delivered sum is read here from the evidence sentence: linking works from the store
# and does not reach back into the extractors (whose amounts list has no "delivered" role).
_MONEY = re.compile(r"(?P<sym>[$€£])\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>trillion|billion|"
                    r"million|bn|m)?", re.I)
_SCALE = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "m": 1e6}
_SYMBOL = {"$": "USD", "€": "EUR", "£": "GBP"}
_DELIVERY = re.compile(r"\b(?:disbursed|paid|delivered|handed over|transferred|received|"
                       r"arrived|spent|invested)\b", re.I)


def _delivered(mention: LinkMention) -> tuple[float, str] | None:
    """The sum a progress report says was delivered: the amount written nearest before the
    word of delivery ('so far $120 million has been disbursed'), else the first after it
    ('has disbursed $90 million of its $150 million pledge'), else the mention's own."""
    verb = _DELIVERY.search(mention.evidence)
    if verb is not None:
        sums = [m for m in _MONEY.finditer(mention.evidence[:verb.start()])][-1:] or [
            m for m in _MONEY.finditer(mention.evidence, verb.end())][:1]
        if sums:
            found = sums[-1]
            value = float(found.group("num").replace(",", "")) * _SCALE.get(
                (found.group("scale") or "").lower(), 1)
            return value, _SYMBOL[found.group("sym")]
    return mention.amount


REPRESENTATIVES = 4  # a track is compared through its first mention and its latest ones


def _representatives(track: Track) -> list[TrackedMention]:
    """The mentions a new one is compared with: the first (how the promise was made) and
    the latest few (how it stands now). Comparing with every mention made a promise
    reported ten thousand times cost ten thousand comparisons per new mention."""
    mentions = track.mentions
    if len(mentions) <= REPRESENTATIVES:
        return mentions
    return [mentions[0], *mentions[-(REPRESENTATIVES - 1):]]


# Where one clause of a sentence ends and a coordinated one begins: "The Kingdom reaffirmed
# its commitment to invest $600 billion, and the two sides signed agreements worth $300
# billion": the signing is the other promise's news.
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+(?=\S+\s+\S+)")


def _clauses(evidence: str) -> list[tuple[int, int]]:
    """(start, end) of each coordinated clause of a sentence, in order."""
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(evidence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(evidence)))
    return spans


def _without_others(evidence: str, at: int, mention: LinkMention) -> str:
    """The sentence without its coordinated clauses that name a country none of the
    mention's parties is ("Germany has disbursed $90 million of its pledge, while France
    has paid its $100 million in full": France's clause is France's news)."""
    if not 0 <= at < len(evidence) or _CLAUSE_BREAK.search(evidence) is None:
        return evidence
    parties = (mention.by_names + _code_names(mention.by) + mention.to_names
               + _code_names(mention.to))
    return " ".join(clause for start, end in _clauses(evidence)
                    for clause in [evidence[start:end]]
                    if start <= at < end or _names_in(clause, parties)
                    or not _country_named(clause))


def own_clause(evidence: str, at: int) -> str:
    """The clause of `evidence` holding character `at`; the whole sentence when `at` is
    outside it."""
    if not 0 <= at < len(evidence):
        return evidence
    start, end = next(((a, b) for a, b in _clauses(evidence) if at < b), (0, len(evidence)))
    return evidence[start:end]


def _cue(mention: LinkMention) -> tuple[str, str] | None:
    """The words of the mention's sentence, else of its document's headline: a headline
    says what the news is ("Ukraine's parliament ratifies minerals deal", "Mexico and Canada
    have not kept border promises") for every promise the story reports. A promise the
    extractor saw restated is read in its own clause only: what another clause of the
    sentence says happened is the news of another promise, while "pledged $500 million in
    March; so far $120 million has been disbursed" tells of the same one."""
    evidence = mention.evidence
    at = mention.trigger - mention.position
    if mention.status == "reaffirmed":
        evidence = own_clause(evidence, at)
    else:
        evidence = _without_others(evidence, at, mention)
    cue = cue_relation(evidence, mention.action)
    if cue is None and mention.title:
        found = cue_relation(mention.title) or next(
            ((relation, m.group(0)) for relation, pattern in _cues()["headline"].items()
             for m in [pattern.search(mention.title)] if m), None)
        if found is not None and _headline_is_about(mention, found[1]):
            cue = (found[0], f"{found[1]} (headline)")
    return cue


_HEADLINE_BREAK = re.compile(r"[,;:]\s")


def _headline_is_about(mention: LinkMention, cue: str) -> bool:
    """Whether the headline's news is of this mention's promise: when the words before the
    cue name a country or one of the mention's parties ("Mexico kept its troop pledge,
    Canada half-way"; "Chile shelves Peru rail project"), one of its promisers must be
    among them; a headline naming no one ("Guard deploys") is news of every promise."""
    title = mention.title or ""
    at = title.lower().find(cue.lower())
    if at < 0:
        return True
    before = title[:at]
    breaks = list(_HEADLINE_BREAK.finditer(before))
    subject = before[breaks[-1].end():] if breaks else before
    promisers = mention.by_names + _code_names(mention.by)
    parties = promisers + mention.to_names + _code_names(mention.to)
    if not _names_in(subject, parties) and not _country_named(subject):
        return True
    return _names_in(subject, promisers)


def _code_names(codes: Iterable[str]) -> tuple[str, ...]:
    """The country names of actor codes (ISO 3166, from pycountry)."""
    return tuple(name for code in codes for name in _names_of_code(code))


@cache
def _names_of_code(code: str) -> tuple[str, ...]:
    import pycountry

    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is None:
        return ()
    return tuple(n for n in (country.name, getattr(country, "common_name", None)) if n)


def _names_in(text: str, names: Iterable[str]) -> bool:
    """A name, or its last word, said in `text` ("Trump" for "Donald Trump")."""
    lowered = f" {text.lower()} "
    for name in names:
        words = name.lower().split()
        if not words:
            continue
        for form in {name.lower(), words[-1]}:
            if len(form) >= 4 and re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", lowered):
                return True
    return False


@cache
def _country_pattern() -> re.Pattern[str]:
    """Any country's name (ISO 3166, from pycountry) as whole words, in one pattern: it is
    asked of every clause of every mention linked."""
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and len(value) >= 4:
                names.add(value.lower())
    return re.compile(r"(?<![\w-])(?:" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])", re.I)


def _country_named(text: str) -> bool:
    return _country_pattern().search(text) is not None


def _signing(cue: tuple[str, str] | None) -> bool:
    """A word of progress that makes a promise when it is the first heard of ("signed")."""
    return cue is not None and cue[0] == "progress" and (
        cue[1].removesuffix(" (headline)").lower() in _cues()["first_made"])


def _first_relation(mention: LinkMention) -> tuple[str, str]:
    cue = _cue(mention)
    if _signing(cue):
        return "made", f"first seen; the text says {cue[1]!r}"
    if cue is not None and cue[0] != "modified":
        return cue[0], f"first seen; the text says {cue[1]!r}"
    if mention.status == "reaffirmed":
        return "reaffirmed", "first seen, as a reaffirmation"
    return "made", "first seen"


def _relation(track: Track, mention: LinkMention) -> tuple[str, str]:
    cue = _cue(mention)
    if _signing(cue) and track.mentions and track.mentions[0].relation == "made":
        days = _days(track.first.published, mention.published)
        if days is not None and days <= _cues()["repeat_days"]:
            # The signing that made the promise, told again by another outlet.
            return "repeated", f"the text says {cue[1]!r}, within days of the first"
    if cue is not None:
        return cue[0], f"the text says {cue[1]!r}"
    # Only the track's representatives are consulted, so that linking a new mention needs
    # only them (see append_to_block) and gives what relinking the whole block gives.
    seen = _representatives(track)
    # The sum promised now: a partial delivery ("signed agreements worth $300 billion as a
    # first step") is no change of the promise.
    current = next((m.mention.amount for m in reversed(seen)
                    if m.mention.amount is not None
                    and m.relation not in ("progress", "fulfilled")), None)
    if _amounts(current, mention.amount) == "changed":
        return "modified", "the amount changed"
    first = track.first
    days = _days(first.published, mention.published)
    if any(m.mention.document_id == mention.document_id for m in seen) or (
            days is not None and days <= _cues()["repeat_days"]):
        return "repeated", "reported again within days of the first"
    return "reaffirmed", "stated again later"


# --------------------------------------------------------------------------- with a store


def mention_from_row(row: dict[str, Any]) -> LinkMention:
    """A `Store.commitments()` row as the tracker sees it."""
    amount = None if row.get("amount_value") is None else (
        float(row["amount_value"]), str(row["amount_currency"]))
    return LinkMention(
        commitment_id=int(row["commitment_id"]), document_id=str(row["document_id"]),
        published=row.get("published"), position=int(row["evidence_start"]),
        by=tuple(a["code"] for a in row["by"]), to=tuple(a["code"] for a in row["to"]),
        topic=str(row["topic"]), action=str(row["action"]),
        evidence=str(row.get("evidence") or ""), amount=amount,
        status=str(row.get("status") or "new"), outlet=row.get("outlet"),
        trigger=int(row.get("trigger_start") or 0), title=row.get("title"),
        by_names=tuple(a["name"] for a in row["by"] if a.get("name")),
        to_names=tuple(a["name"] for a in row["to"] if a.get("name")))


def track_rows(tracks: Sequence[Track]) -> list[dict[str, Any]]:
    """Tracks as `Store.write_tracks` takes them."""
    rows = []
    for track in tracks:
        dates = [m.mention.published for m in track.mentions if m.mention.published]
        rows.append({
            "id": track.id, "block": track.block, "status": track.status,
            "topic": track.first.topic, "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
            "sources": len({m.mention.document_id for m in track.mentions}),
            "size": len(track.mentions),
            "mentions": [{
                "commitment_id": m.mention.commitment_id, "relation": m.relation,
                "score": m.score, "reason": m.reason,
                "delivered_value": m.delivered[0] if m.delivered else None,
                "delivered_currency": m.delivered[1] if m.delivered else None}
                for m in track.mentions]})
    return rows


def relink_blocks(store: Any, blocks: Iterable[str], similarity: Similarity | None = None
                  ) -> int:
    """Link each block from scratch (its commitments found through the actor index) and
    store its tracks; the number of tracks written."""
    written = 0
    for block in sorted(set(blocks)):
        codes = [] if block == "UNK" else block.split("+")
        rows = store.commitments_of_parties(codes) if codes else []
        mentions = [m for m in map(mention_from_row, rows)
                    if block_key(m.by, m.to) == block]
        prepare = getattr(similarity, "prepare", None)
        if prepare is not None:  # embed a block's phrases in one batch
            prepare([m.action for m in mentions])
        tracks = link_block(mentions, similarity)
        store.write_tracks([block], track_rows(tracks))
        written += len(tracks)
    return written


def link_documents(store: Any, document_ids: Iterable[str],
                   similarity: Similarity | None = None, *, fresh: bool = False) -> int:
    """Incremental linking after an ingest: the blocks the documents' commitments belong
    to, and only those. With `fresh` (the documents were just added, not replaced), a
    block whose new mentions all come after what it holds (in the canonical order, the
    usual case when news arrives day by day) gets them appended, comparing each with the
    tracks' representatives only; any other block is linked again from scratch. Both give
    the same tracks."""
    ids = list(document_ids)
    if not ids:
        return 0
    store.refresh_stories(ids, split=story_numbers)
    blocks = {block_key(by, to) for by, to in store.commitment_parties(ids)}
    blocks.discard("UNK")
    if not fresh:
        return relink_blocks(store, blocks, similarity)
    similar = similarity or lexical_similarity
    new_rows = [r for r in store.commitments_of_documents(ids)]
    written, rest = 0, set()
    for block in sorted(blocks):
        mentions = [m for m in map(mention_from_row, new_rows)
                    if block_key(m.by, m.to) == block]
        appended = append_to_block(store, block, mentions, similar)
        if appended is None:
            rest.add(block)
        else:
            written += appended
    return written + relink_blocks(store, rest, similarity)


def append_to_block(store: Any, block: str, mentions: list[LinkMention],
                    similar: Similarity) -> int | None:
    """Link `mentions` into the stored tracks of `block` without reading the whole block:
    each track as its representatives and its totals. None when some new mention comes
    before what the block holds: then only a relink from scratch keeps the tracks
    independent of the ingest order. The number of tracks written otherwise."""
    state = store.block_tracks(block)
    tracks = []
    latest: tuple[Any, ...] | None = None
    for row in state:
        representatives = [TrackedMention(
            mention_from_row(r), r["relation"], r["score"], r["reason"],
            (r["delivered_value"], r["delivered_currency"])
            if r["delivered_value"] is not None else None) for r in row["representatives"]]
        track = Track(row["id"], block, representatives, stored=(
            row["size"], row["status"], row["sources"], row["first_seen"], row["last_seen"]))
        tracks.append(track)
        last = _canonical_key(representatives[-1].mention)
        latest = last if latest is None or last > latest else latest
    ordered = canonical(mentions)
    if ordered and latest is not None and _canonical_key(ordered[0]) <= latest:
        return None
    prepare = getattr(similar, "prepare", None)
    if prepare is not None:
        prepare([m.mention.action for t in tracks for m in t.mentions]
                + [m.action for m in ordered])
    for mention in ordered:
        _link_one(tracks, mention, similar)
    changed = [t for t in tracks if t.added]
    rows = []
    for track in changed:
        size, _status, sources, first_seen, last_seen = track.stored or (0, "open", 0, None,
                                                                           None)
        dates = [d for d in (first_seen, last_seen, *(m.mention.published for m in track.added))
                 if d]
        old_documents = {m.mention.document_id for m in track.mentions[:len(track.mentions)
                                                                       - len(track.added)]}
        new_documents = {m.mention.document_id for m in track.added} - old_documents
        rows.append({
            "id": track.id, "block": block, "status": track.status,
            "topic": track.first.topic, "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
            "sources": sources + len(new_documents), "size": size + len(track.added),
            "new": track.stored is None,
            "mentions": [{
                "commitment_id": m.mention.commitment_id, "relation": m.relation,
                "score": m.score, "reason": m.reason, "seq": size + n,
                "delivered_value": m.delivered[0] if m.delivered else None,
                "delivered_currency": m.delivered[1] if m.delivered else None}
                for n, m in enumerate(track.added)]})
    store.append_tracks(rows)
    return len(rows)


def _canonical_key(m: LinkMention) -> tuple[Any, ...]:
    return (m.published or "9999", m.document_id, m.position, m.trigger, m.action)


def similarity_named(name: str) -> Similarity:
    """"lexical" (the default, no extra needed) or "embed" (the offline MiniLM embedder of
    the [embed] extra)."""
    if name == "lexical":
        return lexical_similarity
    if name == "embed":
        from communique.embed import EmbeddingSimilarity, available

        if not available():
            from communique.embed import INSTALL_HINT
            from communique.errors import CommuniqueError

            raise CommuniqueError(f"--similarity embed: {INSTALL_HINT}")
        return EmbeddingSimilarity()
    raise ValueError(f"unknown similarity {name!r} (lexical or embed)")


def rebuild(store: Any, similarity: Similarity | None = None) -> int:
    """Every block linked again (after a change of lexicon or model): the same tracks as
    incremental linking gives, in whatever order the documents came."""
    store.refresh_stories(split=story_numbers)
    blocks = {block_key(by, to) for by, to in store.commitment_parties()}
    blocks.discard("UNK")
    store.write_tracks([], [])  # tracks of blocks that no longer exist go too
    return relink_blocks(store, blocks, similarity)
