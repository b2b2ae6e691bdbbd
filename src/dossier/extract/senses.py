"""The sense conditions of the trigger lexicon, registered by the name its roles column uses.

A row with a sense ('order VERB AGREE ... @weapon') is a second sense of its lemma, tried before the
plain row and taken only where its check holds: 'ordered 30 jets' is a purchase, 'ordered an attack'
is not. A new sense is one function here under `@sense("@name")`; the lexicon refuses, when it is
read, a name no function is registered under.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token

from dossier import lexicons
from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.syntax import CLAUSES, child_of, noun_object, passive, pobj, relative_head, verb_object, verb_subject
from dossier.extract.vocabulary import (AIMING_PREPS, DEFINITE, DELIVERED_GOODS, FUNDS, NOT_GOODS, PRAISE, PROSPECTIVE,
                                        SEQUENCE_WORDS)

SenseCheck = Callable[[Token, ActorTokens], bool]  # (the trigger word, the document's actors) -> the sense holds
SENSES: dict[str, SenseCheck] = {}


def sense(name: str) -> Callable[[SenseCheck], SenseCheck]:
    """Registers a sense check under the name the lexicon refers to it by."""
    def register(check: SenseCheck) -> SenseCheck:
        if name in SENSES:
            raise ValueError(f"sense {name!r} is registered twice")
        SENSES[name] = check
        return check
    return register


def sense_holds(name: str | None, token: Token, actors: ActorTokens) -> bool:
    """Whether a trigger's sense applies at `token`; a trigger with no sense condition always does."""
    return name is None or SENSES[name](token, actors)


@sense("@goods")
def _gives_goods(token: Token, actors: ActorTokens) -> bool:
    """What is given, sent or delivered is not words or time: not 'the list, delivered to Doha by Kuwaiti
    mediators', 'sales sent a wrong signal', 'gives Qatar 10 days to comply'."""
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]  # 'gives Qatar 10 days': two objects
    if not objects:  # ... or a counted span of time the parser hangs apart, not 'last week'
        objects = [c for c in token.children if c.dep_ == "npadvmod" and child_of(c, "nummod") is not None]
    if token.dep_ in {"relcl", "acl"}:
        objects.append(token.head)
    return not any(relative_head(obj, token).lemma_ in NOT_GOODS for obj in objects)


@sense("@weapon")
def _object_is_weapon(token: Token, actors: ActorTokens) -> bool:
    """The object is a weapon: 'ordered 30 jets', 'an order for 36 Rafale jets', 'promised Ukraine 16 of
    the launchers', 'replace its fleet with Russian-made jets'."""
    # 'the aircraft it ordered', 'jets offered by Sweden': the goods the clause describes
    obj = _object(token) or (token.head if token.dep_ in {"relcl", "acl"} else None)
    if obj is None:
        return False
    if token.pos_ == "VERB" and (any(c.dep_ in {"dobj", "dative"} and _names_weapon(c, actors) for c in token.children)
                                 or _with_weapons(token, actors)):
        return True
    goods = relative_head(obj, token)
    if _names_weapon(goods, actors):  # 'Harop munitions, which it used against'
        return True
    if child_of(token, *CLAUSES) is not None:
        return False  # 'ordered the ship to leave': a command
    return (_goods_named_before(goods, actors) or _bought_from(token, goods, actors)  # 'ordered the first two boats'
            or goods.lemma_ in DELIVERED_GOODS and child_of(goods, "nummod") is not None)  # '12 planes ordered by'


def _bought_from(verb: Token, goods: Token, actors: ActorTokens) -> bool:
    """'Riyadh ordered 72 Typhoons from Britain': goods, not a party, had from a party."""
    source = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    return (verb.pos_ == "VERB" and source is not None and bool(actors.in_phrase(pobj(source)))
            and not actors.in_phrase(goods) and goods.pos_ in {"NOUN", "PROPN"})


@sense("@funds")
def _offers_money(token: Token, actors: ActorTokens) -> bool:
    """The object is money: 'offered a $500 million line of credit', 'pledged a loan of $300 million',
    'offered to pay compensation'; an offer of money is financing (AID), not an agreement."""
    clause = child_of(token, "xcomp")
    if clause is not None and clause.lemma_ in {"pay", "fund", "finance", "lend"}:
        return True
    obj = child_of(token, "dobj")  # the sense is a verb's: 'offered Vietnam a loan' offers the loan
    if obj is None:
        return False
    return any(t is not None and t.lemma_ in FUNDS for t in (obj, noun_object(obj))) or any(
        t.ent_type_ == "MONEY" for t in obj.subtree if t.head.i == obj.i or t.head.head.i == obj.i)


@sense("@untargeted")
def _fired_at_no_one(token: Token, actors: ActorTokens) -> bool:
    """A weapon fired or tested with no target named: 'North Korea fired an intercontinental ballistic
    missile', a show of force (MOBILIZE); 'fired missiles at Riyadh' is an attack, read by its own row."""
    obj = child_of(token, "dobj")
    return obj is not None and _names_weapon(obj, actors) and not any(
        c.dep_ == "prep" and c.lower_ in AIMING_PREPS and pobj(c) is not None
        and (pobj(c).ent_type_ not in {"DATE", "TIME"} or pobj(c).i in actors.by_token)  # not 'on Thursday'
        for c in (*token.children, *obj.children))  # 'missiles at Ukrainian cities', however attached


@sense("@party")
def _object_is_party(token: Token, actors: ActorTokens) -> bool:
    """The object names an actor: 'welcomed Zelensky' is a visit, 'welcomed the decision' is support."""
    obj = _object(token)
    return obj is not None and relative_head(obj, token).i in actors.by_token


@sense("@verdict")
def _called_condemnable(token: Token, actors: ActorTokens) -> bool:
    """The object is called something condemnatory (resources/verdicts.tsv): 'called the transfer a
    dangerous escalation'; or labelled with a quotation that has no word of praise in it ('called the
    allegations "absurd"'): a label quoted in a report is the speaker's charge."""
    return any(t.lemma_.lower() in lexicons.verdicts() for t in _predicated(token)) or _quoted_label(token)


def _quoted_label(verb: Token) -> bool:
    """'called the remarks "very unfortunate"', 'called the case against Meng "political persecution"':
    a quotation opens right after the object (the parser may hang it on the object itself)."""
    obj = child_of(verb, "dobj")
    if obj is None or obj.pos_ == "PRON" and obj.lower_ != "it":
        return False
    after = obj.doc[obj.i + 1:min(len(obj.doc), max(obj.right_edge.i, obj.i) + 2)]
    opening = next((t for t in after if t.is_quote), None)
    if opening is None:
        return False
    closing = next((t for t in opening.doc[opening.i + 1:opening.sent.end] if t.is_quote), None)
    quoted = opening.doc[opening.i + 1:closing.i if closing is not None else opening.sent.end]
    return len(quoted) > 0 and not any(t.lemma_.lower() in PRAISE for t in quoted)


@sense("@directive")
def _told_to_act(token: Token, actors: ActorTokens) -> bool:
    """The object is told to act: 'told Israel to avoid', not 'told reporters that'."""
    clause = child_of(token, "xcomp")
    return clause is not None and child_of(token, "dobj") is not None and child_of(clause, "aux") is not None


@sense("@own_act")
def _warns_of_own_act(token: Token, actors: ActorTokens) -> bool:
    """A warning of what the warner's own side will or may do is a threat: 'Putin warned that Russia
    would hit targets in Ukraine', 'Borrell warned that the bloc could suspend its support'; not a
    warning of what another will do ('Washington warned that Moscow would retaliate')."""
    clause = child_of(token, "ccomp")
    if clause is None or not any(c.dep_ == "aux" and c.lower_ in PROSPECTIVE for c in clause.children):
        return False
    warner = next((actor for actor, _ in actors.in_phrase(verb_subject(token))), None)
    doer = next((actor for actor, _ in actors.in_phrase(verb_subject(clause))), None)
    return warner is not None and doer is not None and actors.same_side(warner, doer)


@sense("@cargo")
def _weapons_arrive(token: Token, actors: ActorTokens) -> bool:
    """The subject is a weapon or a load of weapons ('the first batch of Su-35 jets arrived'), or weapons
    come with it ('instructors arrived with an air defence system')."""
    if _with_weapons(token, actors):
        return True
    if token.pos_ == "ADJ" and child_of(token, *CLAUSES) is not None:
        return False  # 'are due to arrive': the arrival is the event
    obj = child_of(token, "dobj")
    if obj is not None and _names_other_event(obj):
        return False  # 'the shipments follow a framework agreement': after an event, not at a place
    subject = verb_subject(token) or child_of(token, "nsubj") or (verb_object(token) if passive(token) else None)
    if subject is None:  # 'Four more followed', parsed with 'more' as the verb's adverb
        subject = next((c for c in token.children if c.lower_ == "more" and c.i < token.i), None)
    if subject is None:
        return False
    if token.dep_ == "relcl" and any(t.lower_ == "which" for t in subject.subtree) and _names_weapon(token.head, actors):
        return True  # 'Dolphin-class submarines, the first of which arrived from Germany in 1999'
    return any(t.i in actors.weapon_tokens for t in subject.subtree) or _goods_named_before(subject, actors)


def _names_other_event(noun: Token) -> bool:
    """An event noun that names no transfer: 'an agreement', not 'the first deliveries'."""
    from dossier.extract.triggers import noun_event_types  # the lexicon reads this module's registry when it loads

    types = noun_event_types(noun.lemma_)
    return bool(types) and "AID" not in types


def _goods_named_before(phrase: Token, actors: ActorTokens) -> bool:
    """A phrase that takes up weapons the text named before: 'the first two aircraft', 'the last of them',
    'four more', 'the remaining six', 'a second batch', 'the jets' (once a weapon is named in an earlier
    sentence)."""
    start = phrase.sent.start
    if not any(root.i < start for root in actors.weapon_roots):
        return False
    of = next((c for c in phrase.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    member = pobj(of) if of is not None else None
    if member is not None and (member.lower_ in {"them", "those", "these"} or member.lemma_ in DELIVERED_GOODS):
        return True  # 'the first of them', 'the last of the aircraft'
    ordinal = any(c.lower_ in SEQUENCE_WORDS | DEFINITE or c.dep_ == "nummod" for c in phrase.children)
    if phrase.lemma_ in DELIVERED_GOODS and ordinal or phrase.lower_ == "more":  # 'more are expected to follow'
        return True
    after = phrase.doc[phrase.i + 1] if phrase.i + 1 < len(phrase.doc) else None  # 'four more': 'more' may hang apart
    return phrase.pos_ == "NUM" and (any(c.lower_ in SEQUENCE_WORDS for c in phrase.children)
                                     or (after is not None and after.lower_ == "more"))


@sense("@contents")
def _holds_weapons(token: Token, actors: ActorTokens) -> bool:
    """A package or consignment that holds weapons: 'a $1bn package including Bradley fighting vehicles',
    'a package of 66 F-16 jets', 'the package includes 44 THAAD launchers'; not 'a package of reforms',
    nor an 'aid package', whose modifier names the event already."""
    from dossier.extract.triggers import noun_event_types  # the lexicon reads this module's registry when it loads

    if any(c.dep_ in {"compound", "amod"} and noun_event_types(c.lemma_) for c in token.children):
        return False
    held = [pobj(c) for c in token.subtree if c.dep_ == "prep" and c.lower_ in {"of", "including", "with"}
            and (c.head.i == token.i or c.lower_ == "including")]  # 'a package for Ukraine including
    if token.dep_ == "nsubj" and token.head.lemma_ in {"include", "comprise", "contain"}:
        held.append(child_of(token.head, "dobj"))
    return any(goods is not None and _names_weapon(goods, actors) for goods in held)


@sense("@trainees")
def _trainees_train(token: Token, actors: ActorTokens) -> bool:
    """Trained with no one to train: the subject are the trainees ('Thai sailors finished training in
    China', 'pilots spent a year training in Pakistan'), not the trainers ('Russia trained the crews')."""
    if token.pos_ == "NOUN":  # 'finished training in China': the training of the support verb's subject
        return token.dep_ == "dobj" and noun_object(token) is None and not any(
            c.dep_ in {"poss", "compound", "amod"} for c in token.children)
    return child_of(token, "dobj") is None and not passive(token)


def _object(token: Token) -> Token | None:
    """A verb's object (a passive's subject, an indirect object), a noun's 'of' or 'for' phrase."""
    return child_of(token, "dobj", "nsubjpass", "dative") if token.pos_ != "NOUN" else noun_object(token)


def _with_weapons(verb: Token, actors: ActorTokens) -> bool:
    """A 'with' phrase on the verb names weapons: 'replace its fleet with Russian-made jets'."""
    with_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"), None)
    goods = pobj(with_) if with_ is not None else None
    return goods is not None and _names_weapon(goods, actors)


def _names_weapon(noun: Token, actors: ActorTokens) -> bool:
    """A weapon, a noun a weapon designation qualifies ('36 Rafale jets'), or a group of weapons ('its
    fleet of fighter aircraft')."""
    if noun.i in actors.weapon_tokens or any(
            c.dep_ in {"compound", "amod", "nmod", "nummod"} and c.i in actors.weapon_tokens for c in noun.children):
        return True
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    member = pobj(of) if of is not None else None
    return member is not None and _names_weapon(member, actors)  # 'the sale of 66 F-16 jets'


def _predicated(verb: Token) -> Iterator[Token]:
    """What a verb of calling says its object is: 'called it "extremely dangerous"', 'described the
    sanctions as illegal'."""
    for child in verb.children:
        if child.dep_ in {"oprd", "xcomp", "ccomp"} or (child.dep_ == "prep" and child.lower_ == "as"):
            yield from child.subtree
