"""Reading arms transfers across a document: which mentions are transfers and in which direction,
who supplied whom so far, so that a later mention that leaves a party out takes it from the
transfer the text is about ('the systems had been received'), and the maker of a system named as
the supplier where the grammar names none or puts it second.
"""

from __future__ import annotations

from spacy.tokens import Token

from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.matching import Found
from dossier.extract.syntax import PHRASE_STOPS, event_object, purpose_clauses
from dossier.extract.triggers import Trigger, index
from dossier.extract.vocabulary import SUPPLYING


def armed_tokens(actors: ActorTokens) -> set[int]:
    """Tokens that have a weapon among their arguments: each weapon's heads up to its clause."""
    armed: set[int] = set()
    stops = PHRASE_STOPS - {"conj"}
    for node in actors.weapon_roots:
        while node.head.i != node.i and node.dep_ not in stops and node.head.i not in armed:
            node = node.head
            armed.add(node.i)
    return armed


class Transfers:
    """Who supplied whom, mention by mention as the text goes, so that a later mention that leaves a
    party out ('the systems had been received', 'India signed a contract', 'the contract was signed')
    takes it from the transfer the text is about."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []  # (supplier, recipient), latest last

    def complete(self, supplier: str | None, recipient: str | None, reciprocal: bool) -> tuple[str | None, str | None]:
        if supplier is None or recipient is None:
            supplier, recipient = self._antecedent(supplier, recipient, reciprocal)
        if supplier is not None and recipient is not None and supplier != recipient:
            self.pairs.append((supplier, recipient))
        return supplier, recipient

    def _antecedent(self, supplier: str | None, recipient: str | None,
                    reciprocal: bool) -> tuple[str | None, str | None]:
        """The latest transfer that shares the known party in its role; else, for a reciprocal trigger
        whose one party is the other transfer's recipient, that transfer; else the latest without it."""
        known = supplier or recipient
        for pair in reversed(self.pairs):
            if known is None or pair[0] == supplier or pair[1] == recipient:
                return pair
        for pair in reversed(self.pairs):
            if reciprocal and known == pair[1]:
                return pair  # 'India signed a contract' after Russia supplied India
            if known not in pair:
                return (supplier, pair[1]) if supplier else (pair[0], recipient)
        return supplier, recipient


def _transfer_direction(item: Found, armed: bool) -> int:
    """1 for a mention of an arms transfer read as supplier > recipient (AID; an AGREE on weapons, a
    purchase or a contract), -1 for a request for one (the asker receives), 0 for other events."""
    trigger = item.trigger
    about_transfer = armed or _names_transfer(item.anchor)
    if trigger.type == "AID" or (trigger.type == "AGREE" and (about_transfer or _is_transfer(trigger))):
        return 1
    if trigger.type == "REQUEST" and about_transfer:
        return -1
    return 0


def _is_transfer(trigger: Trigger) -> bool:
    return trigger.type == "AID" or (trigger.type == "AGREE" and bool({"military", "economic"} & set(trigger.context)))


def _names_transfer(anchor: Token) -> bool:
    """'seek further deliveries', 'signed the contract', 'approved the transfers', 'signed the purchase
    agreement': the object is a transfer noun, or a noun a transfer noun qualifies."""
    obj = event_object(anchor)
    words, _ = index()
    nouns = [obj, *(c for c in obj.children if c.dep_ in {"compound", "nmod"})] if obj is not None else []
    return any(_is_transfer(t) for noun in nouns for t in words.get((noun.lemma_, "NOUN"), ()))


def complete_transfer(item: Found, transfers: Transfers, armed: bool, actors: ActorTokens) -> bool:
    """Fills a transfer mention's missing parties from the system's maker or else from the transfers named
    before it; False for other events."""
    direction = _transfer_direction(item, armed)
    if direction == 0:
        return False
    if not _maker_as_supplier(item, actors):
        _seller_signed_with(item)
    parties = (item.source, item.target)[::direction]
    supplier, recipient = transfers.complete(*parties, item.trigger.reciprocal)
    item.source, item.target = (supplier, recipient)[::direction]
    item.others = tuple(o for o in item.others if o not in {item.source, item.target})
    return True


def _maker_as_supplier(item: Found, actors: ActorTokens) -> bool:
    """A deal runs from seller to buyer: where the grammar put the maker of the system it names second
    ('Egypt signed a contract with Moscow for Su-35 fighters'), the parties swap. A transfer that names
    its recipient and a system but no supplier ('five Rafale jets landed in India', 'Mali took delivery
    of Su-25 jets') takes the system's maker, and so does a deal signed by one party alone, who buys
    ('Egypt signed a deal for 24 Rafale jets'); a request that names no one asked, the maker too. True
    when the mention names a system whose maker is known."""
    first, last = item.anchor.left_edge.i, item.anchor.right_edge.i  # the anchor's subtree: a parse is projective
    maker = next((country for i, country in sorted(actors.makers.items()) if first <= i <= last), None)
    if maker is None:
        return False
    country = actors.countries.get
    source, target = country(item.source, item.source), country(item.target, item.target)
    if item.trigger.type == "REQUEST":
        if item.target is None and source not in {None, maker}:
            item.target = maker
    elif item.source is None and target not in {None, maker}:
        item.source = maker
    elif item.trigger.type == "AGREE" and target == maker and source != maker:
        item.source, item.target = item.target, item.source
    elif item.trigger.type == "AGREE" and item.target is None and source not in {None, maker}:
        item.source, item.target = maker, item.source  # 'Egypt signed a deal for 24 Rafale jets': Egypt buys
    return True


def _seller_signed_with(item: Found) -> None:
    """'Georgia signed a contract with France for air defence systems': an arms deal signed with a
    party, naming no maker, is bought from that party, unless its clause says the signer supplies
    ('Russia signed a contract with Iran to supply S-300 systems')."""
    if item.trigger.type != "AGREE" or not item.trigger.reciprocal or item.target_slot != "with":
        return
    if not any(c.pos_ == "VERB" and c.lemma_ in SUPPLYING for c in purpose_clauses(item.anchor)):
        item.source, item.target = item.target, item.source
