"""Fills each event's arguments from the parse: weapons (with their numbers), money, place.

An argument belongs to the event whose trigger governs it in the dependency tree (the first
trigger met walking up from the argument's head); an argument no trigger governs goes to the
nearest event in its sentence. Dates are given by `dating.py`, which reads the same tree.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dossier import lexicons
from dossier.extract.actors import ACTORS_KEY, WEAPONS_KEY
from dossier.extract.quantities import find_money, parse_quantity
from dossier.extract.syntax import definite, infinitive
from dossier.extract.vocabulary import CIVILIAN_CRAFT, EVENT_PLACE_PREPS, GOODS_OF_A_KIND, MANNER_PREPS, SEQUENCE_WORDS
from dossier.records import Event, Location, Weapon

_COUNT_NOUNS = {"unit", "batch", "battery", "squadron", "system", "number", "shipment", "consignment",
                "hundred", "dozen", "thousand", "score", "set", "regiment", "battalion", "round", "piece"}


def trigger_token(doc: Doc, event: Event) -> Token:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None else doc[0]


def _np_head(token: Token) -> Token:
    """The noun a modifier belongs to ('Fath-360' in 'Fath-360 missiles', even when mis-parsed: 'Chinese
    CH-92A armed drones' with 'CH-92A' hung on 'Chinese')."""
    while token.head is not token and (token.dep_ in {"compound", "amod", "nmod", "nummod", "preconj"} or (
            token.dep_ in {"punct", "dep"} and token.head.pos_ in {"NOUN", "PROPN"} and token.head.i > token.i)):
        token = token.head
    return token


def governing(token: Token, triggers: dict[int, Event]) -> Event | None:
    """The event whose trigger is `token` or its nearest ancestor."""
    for node in [token, *token.ancestors]:
        if node.i in triggers:
            return triggers[node.i]
    return None


def _nested_in_weapon(token: Token, triggers: dict[int, Event], other_weapons: set[int]) -> bool:
    """True for 'the S-400' in 'the S-300, the predecessor to the S-400': another weapon comes first."""
    for node in token.ancestors:
        if node.i in triggers:
            return False
        if node.i in other_weapons:
            return True
    return False


def nearest(token: Token, events: list[tuple[Token, Event]]) -> Event | None:
    sentence = token.sent  # once: a token's sentence is found by walking the text
    same_sentence = [(abs(t.i - token.i), e) for t, e in events if sentence.start <= t.i < sentence.end]
    return min(same_sentence, key=lambda pair: pair[0])[1] if same_sentence else None


def _weapon(span: Span) -> Weapon:
    return Weapon(span.kb_id_ or None, span.label_, span.text, span.start_char, span.end_char)


def _quantity_of(weapon: Span):
    """The count that goes with a weapon phrase: '180 missiles', 'five to six units of the S-300'."""
    head = _np_head(weapon.root)
    candidates = [head] if head is weapon.root else [head, weapon.root]  # '32 F-35A fighter jets': 32 hangs on F-35A
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in _COUNT_NOUNS | {
            "dozens", "hundreds", "thousands"}:
        candidates.append(head.head.head)
    for node in candidates:
        for child in node.children:
            if weapon.start <= child.i < weapon.end:
                continue  # 'Arrow 3', 'Leopard 2': the number names the system
            if child.dep_ in {"nummod", "quantmod"} or (child.like_num and child.i < node.i):
                doc = node.doc  # the count's whole phrase, else up to the number: '40 F-35' hangs the F-35 on 40
                phrase, number = doc[child.left_edge.i:child.right_edge.i + 1], doc[child.left_edge.i:child.i + 1]
                for words in (phrase.text, number.text):
                    quantity = parse_quantity(words)
                    if quantity is not None:
                        return quantity
        if node is not head and node.lemma_.lower() in {"hundred", "dozen", "thousand", "hundreds", "dozens",
                                                         "thousands"}:
            words = node.doc[node.left_edge.i:node.i + 1].text
            quantity = parse_quantity(words)
            if quantity is not None:
                return quantity
    return None


def attach_arguments(doc: Doc, events: list[Event]) -> None:
    """Fills weapons, quantity, value and location of `events` in place (`dating.py` gives their dates)."""
    if not events:
        return
    pairs = [(trigger_token(doc, e), e) for e in events]
    triggers = {t.i: e for t, e in pairs}
    weapons = list(doc.spans.get(WEAPONS_KEY, []))
    weapons = sorted(weapons + _referring_weapons(doc, weapons), key=lambda span: span.start)
    systems_by_head: dict[int, Span] = {}
    for span in weapons:
        if span.kb_id_:
            systems_by_head.setdefault(_np_head(span.root).i, span)
    # 'S-400 surface-to-air missile batteries': the system says it all
    weapons = [w for w in weapons if w.kb_id_ or _np_head(w.root).i not in systems_by_head]
    for span in weapons:
        head = _np_head(span.root).i
        others = {i for w in weapons if _np_head(w.root).i != head for i in range(w.start, w.end)}
        if _nested_in_weapon(span.root, triggers, others):
            continue
        event = governing(span.root, triggers) or nearest(span.root, pairs)
        if event is None:
            continue
        event.weapons.append(_weapon(span))
        if event.quantity is None:
            event.quantity = _quantity_of(span)
    for trigger, event in pairs:  # 'the S-400 system, which it received this month'
        if trigger.dep_ in {"relcl", "acl"} and not event.weapons:
            for span in weapons:
                if _np_head(span.root).i == trigger.head.i and (span.kb_id_ or trigger.head.i not in systems_by_head):
                    event.weapons.append(_weapon(span))
                    event.quantity = event.quantity or _quantity_of(span)
    for event, money in _money(doc, pairs, triggers):
        if event.value is None:
            event.value = money
    for ent in doc.ents:
        if ent.label_ in {"GPE", "LOC", "FAC"} and ent.root.dep_ == "pobj" and ent.root.head.lower_ in EVENT_PLACE_PREPS:
            event = governing(ent.root, triggers)
            if event is not None and event.location is None:
                event.location = Location(ent.text, _place_country(ent.text))
    _share_among_parties(events)
    _share_within_deal(pairs, triggers)


def _share_within_deal(pairs: list[tuple[Token, Event]], triggers: dict[int, Event]) -> None:
    """One deal told by two triggers: 'signed a $4.6 billion contract to buy 32 F-35A jets' (the
    purchase is the contract's purpose), 'would send four S-300 units under the revised contract,
    valued at $1 billion' (the delivery is made under it). The figures the contract carries go to
    the act that names the weapons."""
    for token, event in pairs:
        deal, _ = deal_of(token, event, triggers)
        if deal is not None:
            event.value = event.value or deal.value
            event.quantity = event.quantity or deal.quantity


def deal_of(token: Token, event: Event, triggers: dict[int, Event]) -> tuple[Event | None, bool]:
    """The deal an AGREE or AID event is told as part of (see `_share_within_deal`), and whether the
    event is that deal's purpose ('signed a deal on December 3 to buy')."""
    purpose = token.dep_ in {"advcl", "xcomp", "acl"} and infinitive(token)
    if purpose:
        head = token.head.head if token.dep_ == "acl" and token.head.i not in triggers else token.head
        deal = triggers.get(head.i)
    else:
        deal = next((triggers[c.i] for prep in token.children if prep.dep_ == "prep" and prep.lower_ in MANNER_PREPS
                     for c in prep.children if c.dep_ == "pobj" and c.i in triggers), None)
    if deal is None or deal is event or not {deal.type, event.type} <= {"AGREE", "AID"}:
        return None, False
    return deal, purpose


def _referring_weapons(doc: Doc, weapons: list[Span]) -> list[Span]:
    """Nouns that take up weapons named before: 'the jets' after 'the first Su-35 fighter jets' (the
    head noun of a system named before stands for that system); and, in a text that has named a
    weapon, 'the jets', '36 jets', 'two more boats' for the last system of their kind ('the jets'
    after 'Rafales'), else for their kind alone. The catalogue leaves 'jet', 'aircraft' and 'boat'
    out on their own, where they are as often airliners and ferries."""
    inside = {i for span in weapons for i in range(span.start, span.end)}
    inside |= {_np_head(span.root).i for span in weapons}  # 'jets' in '40 F-35 jets' is the F-35 itself
    named = [span for span in weapons if span.kb_id_]
    first_weapon = min((span.start for span in weapons), default=len(doc))
    forces = {i for span in doc.spans.get(ACTORS_KEY, []) if ":" not in span.kb_id_  # a state's (ids: bare ISO codes)
              for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in inside:
            continue
        earlier = [span for span in named if span.end <= token.i and _np_head(span.root).lemma_ == token.lemma_]
        if earlier and definite(token):
            found.append(Span(doc, token.i, token.i + 1, label=earlier[-1].label_, kb_id=earlier[-1].kb_id_))
            continue
        kind = GOODS_OF_A_KIND.get(token.lemma_)
        armed = any(c.dep_ in {"amod", "compound", "poss"} and c.i in forces for c in token.children)  # 'Israeli jets'
        if kind is None or not (armed or token.i > first_weapon and _counted_or_definite(token)) or _described(token) \
                or any(c.lower_ in CIVILIAN_CRAFT for c in token.children):
            continue
        same_kind = [span for span in named if span.end <= token.i and span.label_ == kind]
        system = same_kind[-1].kb_id_ if same_kind else ""
        found.append(Span(doc, token.i, token.i + 1, label=kind, kb_id=system))
    return found


def _described(noun: Token) -> bool:
    """'The fighters would be the first aircraft it has acquired': a subject a predicate noun describes,
    a kind spoken of, not goods handed over."""
    return noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and any(c.dep_ == "attr" for c in noun.head.children)


def _counted_or_definite(noun: Token) -> bool:
    """'the jets', '36 jets', 'two more boats', 'the first aircraft': goods counted or taken up."""
    return definite(noun) or any(c.dep_ == "nummod" or c.lower_ in SEQUENCE_WORDS for c in noun.children)


def _share_among_parties(events: list[Event]) -> None:
    """The events one trigger names for each of conjoined parties ('Denmark and the Netherlands
    pledged F-16s') have the same weapons, figures and place: those it got go to all."""
    groups: dict[tuple[int, str], list[Event]] = {}
    for event in events:
        groups.setdefault((event.trigger.start, event.type), []).append(event)
    for group in (g for g in groups.values() if len(g) > 1):
        weapons = next((e.weapons for e in group if e.weapons), [])
        for field in ("quantity", "value", "location"):
            found = next((getattr(e, field) for e in group if getattr(e, field) is not None), None)
            for event in group:
                setattr(event, field, getattr(event, field) or found)
        for event in group:
            event.weapons = event.weapons or list(weapons)


def _money(doc: Doc, pairs, triggers):
    for sent in {t.sent.start: t.sent for t, _ in pairs}.values():
        for start, _end, money in find_money(sent.text, sent.start_char):
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is None:
                continue
            event = governing(span.root, triggers) or nearest(span.root, pairs)
            if event is not None:
                yield event, money


def _place_country(name: str) -> str | None:
    """The state a named place is or lies in: a state's own name, or a city, region or site."""
    bare = name.removeprefix("the ")
    entry = lexicons.states().get(name) or lexicons.states().get(bare)
    return entry.country if entry else lexicons.places().get(bare)
