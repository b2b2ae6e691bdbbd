"""Finding the triggers of one document: every lexicon entry whose words and sense are there, the
longest phrase winning ('hunger strike' over 'strike'), then only those that name an event of their
own ('signed an agreement' is one AGREE, 'denies supplying' one supply, denied).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.senses import sense_holds
from dossier.extract.syntax import CLAUSES, child_of, event_object
from dossier.extract.triggers import Trigger, index, lexicon, phrase_at
from dossier.extract.vocabulary import ANONYMITY_VERBS, COMMENTING, LACKING, MANNER_PREPS


@dataclass(slots=True)
class Found:
    """A trigger occurrence while the document is being read."""

    trigger: Trigger
    span: Span
    anchor: Token  # the token the roles are read from: the clause verb for 'must', the head of 'mediation effort'
    source: str | None = None
    target: str | None = None
    others: tuple[str, ...] = ()
    co_sources: tuple[str, ...] = ()  # conjoined with the source: 'Denmark and the Netherlands pledged'
    co_targets: tuple[str, ...] = ()  # conjoined with the target: 'supplied drones to Iran and Syria'
    target_slot: str = ""  # the role slot the target was read from: 'with' in 'signed a contract with France'
    mutual: bool = False  # two sources, each aimed at the other: 'expelled each other's envoys'


def _root(words: list[Token], trigger: Trigger) -> Token | None:
    """The phrase's head word; None when a phrase with gaps is not one syntactic unit."""
    head = words[0] if trigger.pos in {"VERB", "AUX"} else words[-1]
    if words[-1].i - words[0].i + 1 == len(words):
        return head
    for word in words:
        if word.i != head.i and not word.is_punct and head not in word.ancestors:
            return None
    return head


def anchor_of(root: Token, trigger: Trigger) -> Token | None:
    """The token the roles are read from; None for a noun that only modifies another ('aid groups')."""
    if trigger.pos == "AUX":
        return root.head
    if trigger.pos == "NOUN" and root.dep_ == "compound":
        return root.head if root.head.lemma_ in lexicon().carriers else None  # 'a mediation effort'
    return root


def _candidates(doc: Doc, actors: ActorTokens) -> Iterator[tuple[Trigger, list[Token]]]:
    """Every trigger occurrence with its words, overlapping ones included; one sense a word."""
    words, phrases = index()
    for token in doc:
        senses = words.get((token.lemma_, token.pos_), ())
        trigger = next((t for t in senses if sense_holds(t.sense, token, actors)), None)
        if trigger is not None:
            yield trigger, [token]
        for trigger in phrases.get(token.lemma_, ()):
            found = phrase_at(doc, token.i, trigger)
            if found is not None:
                yield trigger, found


def trigger_matches(doc: Doc, actors: ActorTokens) -> list[Found]:
    """One occurrence per trigger word, the longest phrase winning: 'hunger strike' over 'strike'."""
    spans: list[Span] = []
    roots: dict[tuple[int, int, str], Token] = {}
    for trigger, words in _candidates(doc, actors):
        root = _root(words, trigger)
        if root is None or root.i in actors.weapon_tokens:
            continue  # not one phrase; or 'attack helicopters', a weapon, not an attack
        if len(words) > 1 and not sense_holds(trigger.sense, root, actors):
            continue  # a phrase's sense is read on its head, as a word's is on the word
        if len(words) > 1 and any(c.dep_ == "prt" and c not in words for c in words[0].children):
            continue  # a verb with a particle of its own is another verb: 'will end up supplying'
        span = Span(doc, min(w.i for w in words), max(w.i for w in words) + 1, label=trigger.key)
        roots[span.start, span.end, span.label_] = root
        spans.append(span)
    found: dict[int, Found] = {}
    for span in filter_spans(spans):
        trigger = lexicon().triggers[span.label_]
        root = roots[span.start, span.end, span.label_]
        anchor = anchor_of(root, trigger)
        key = root.i if trigger.pos == "AUX" else anchor.i if anchor is not None else -1
        if anchor is not None and key not in found:
            found[key] = Found(trigger, span, anchor)
    return sorted(found.values(), key=lambda f: f.span.start)


def _verb_kept(item: Found, nouns: dict[int, Found], light: frozenset[str]) -> bool:
    anchor, flags = item.anchor, item.trigger.flags
    if anchor.dep_ in {"amod", "compound"}:
        return False  # 'the Israeli-occupied West Bank'
    if anchor.dep_ == "acl" and anchor.tag_ == "VBN" and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in anchor.children):
        return False  # 'militiamen armed with machetes': how they were, not an act
    if any(c.dep_ == "xcomp" and c.lemma_ in ANONYMITY_VERBS and child_of(c, "auxpass") is not None
           for c in anchor.children):
        return False  # 'an official who asked not to be named': a source's anonymity, not a request
    if item.trigger.type == "REJECT" and any(c.dep_ == "xcomp" and c.lemma_ in COMMENTING for c in anchor.children):
        return False  # 'the US embassy declined to comment': no one's demand refused
    obj = event_object(anchor)
    object_is_event = obj is not None and obj.i in nouns
    if ("!event" in flags and object_is_event) or ("!clause" in flags and child_of(anchor, *CLAUSES) is not None):
        return False  # 'denies supplying': the denial is the supply event's factuality
    return not (object_is_event and anchor.lemma_ in light and child_of(anchor, "dobj") == obj)  # 'gave a welcome'


def _complements(verb: Token) -> list[Token]:
    """The clauses that say what a verb commits to: 'agreed to buy', 'signed a contract to buy'."""
    obj = child_of(verb, "dobj")
    return [c for c in verb.children if c.dep_ == "xcomp"] + [
        c for c in (obj.children if obj is not None else ()) if c.dep_ == "acl"]


def _restated(item: Found, verbs: dict[int, Found]) -> bool:
    """An agreement whose complement is itself an agreement is that one: 'agreed to buy' and 'signed a
    contract to buy' are one AGREE, read on 'buy', the verb that holds the seller, the goods and the date.
    ('summoned the ambassador to complain' keeps both: the summons names the one complained to.)"""
    return item.trigger.type == "AGREE" and any(
        c.i in verbs and verbs[c.i].trigger.type == "AGREE" for c in _complements(item.anchor))


def _noun_kept(item: Found, verbs: dict[int, Found]) -> bool:
    """False for an event noun that only names the verb's own event ('rejected a request', 'lifted the
    curfew', 'bought the system in a deal') or names what is missing ('lacked the training')."""
    anchor, trigger = item.anchor, item.trigger
    if anchor.dep_ == "dobj" and anchor.head.lemma_ in LACKING:
        return False  # 'the air force lacked the training': what is missing happened nowhere
    governor = anchor.head.head if anchor.dep_ == "pobj" else anchor.head
    owner = verbs.get(governor.i)
    if owner is None:
        return True
    if event_object(governor) == anchor and (owner.trigger.type == trigger.type or "absorb" in owner.trigger.flags):
        return False
    return not (anchor.dep_ == "pobj" and anchor.head.lower_ in MANNER_PREPS and owner.trigger.type == trigger.type)


def own_events(found: list[Found], light: frozenset[str]) -> list[Found]:
    """Drops triggers that are part of another event: 'signed an agreement' is one AGREE."""
    nouns = {f.anchor.i: f for f in found if f.trigger.pos == "NOUN"}
    verbs = {f.anchor.i: f for f in found if f.trigger.pos == "VERB" and _verb_kept(f, nouns, light)}
    verbs = {i: f for i, f in verbs.items() if not _restated(f, verbs)}
    kept = []
    for item in found:
        if item.trigger.pos == "VERB" and item.anchor.i not in verbs:
            continue
        if item.trigger.pos == "NOUN" and not _noun_kept(item, verbs):
            continue
        kept.append(item)
    return kept
