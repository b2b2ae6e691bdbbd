"""The act a request, a refusal, a halt or a lifting is about is part of that event, not one of its own.

'Thailand asked to buy eight F-35s from the United States' is one REQUEST; 'Indonesia cancelled a
contract to buy 12 Mirage jets from Qatar' one SANCTION; 'Obama lifted a freeze on deliveries of
F-16s' one CONCEDE; 'Seoul has refused to supply weapons to Ukraine' one REJECT. Read apart, the
purchase or delivery inside would stand as an act of its own in the timeline, the claims and the
register (a 'delivered' row for F-16s still frozen), though nothing says it happened; analysts list
the governing act alone (on the blind sets, 1 in 9 such inner acts was listed).

The inner act is the governing trigger's content: its 'to' clause ('asked Japan to supply'), its
object ('suspended a planned sale'), a clause on that object ('cancelled a deal to buy') or the
object of 'on', 'of' or 'for' ('a freeze on deliveries', 'permission to send' as a clause).
A denial is not folded: 'denied that Iran had shipped missiles' keeps the shipment, denied, which
is how the conventions code it; nor is a speech act asked for ('urged the European Community to
support the PLO'), which the PLOVER records code as the act itself. The governing event takes what
it lacks from its content: the weapons, number and value of a transfer, and the party it misses
('asked to buy ... from the United States': the United States is whom Thailand asked), so the
register still reads the request, halt or lifting.

A deal to supply is not folded (the analysts list both the deal and the supply to come: 'agreed to
sell the S-400 to Turkey'), but the deal takes the goods, number and value of the supply it is for.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dossier.extract.arguments import trigger_token
from dossier.extract.factuality import SPEECH_ACTS
from dossier.extract.parties import side
from dossier.extract.restated import TRANSFER_TYPES  # contents whose goods the governing act is about
from dossier.extract.syntax import child_of, infinitive
from dossier.extract.vocabulary import DENYING
from dossier.records import UNDOING_STEMS, Event

GOVERNING_TYPES = {"REQUEST", "SANCTION", "CONCEDE", "REJECT"}  # acts about another act that did not happen
SHARING_TYPES = {"AGREE"}  # a deal to supply: the supply stands beside it, and the deal is for its goods
_CONTENT_DEPS = {"xcomp", "dobj", "pobj", "pcomp", "acl", "nsubjpass"}
_CONTENT_PREPS = {"on", "of", "for"}  # not 'over': 'suspended over the leak of a call' is a cause
_STEPS = 4  # 'urged the United States to stop arming Taiwan': xcomp, xcomp


def fold_contents(doc: Doc, events: list[Event], countries: dict[str, str | None]) -> list[Event]:
    """`events` without the acts that are another's content, that other completed from them."""
    tokens = [trigger_token(doc, event) for event in events]
    anchors: dict[int, Event] = {}
    for event, token in zip(events, tokens):
        anchors.setdefault(token.i, event)
    folded = set()
    for event, token in zip(events, tokens):
        if child_of(token, "relcl") is not None:
            continue  # 'lifted the sanctions it had imposed': an act told in its own right
        governor, direct = _governor(token, anchors)
        if governor is None or governor is event or governor.type == event.type:
            continue
        if governor.type in GOVERNING_TYPES and event.type not in SPEECH_ACTS:
            _complete(governor, event, countries, direct)
            folded.add(id(event))
        elif direct and event.type in TRANSFER_TYPES:  # 'agreed to sell the S-400 to Turkey': both stand
            _take_goods(governor, event)
    return [event for event in events if id(event) not in folded]


def _governor(token: Token, anchors: dict[int, Event]) -> tuple[Event | None, bool]:
    """The event whose content `token` is (the nearest trigger above it along content links), and
    whether no word that undoes it stands between them ('urged Washington to cancel the sale')."""
    direct = True
    for _ in range(_STEPS):
        if not _content_link(token):
            return None, False
        token = token.head
        if token.i in anchors:
            governor = anchors[token.i]
            kept = governor.type in GOVERNING_TYPES | SHARING_TYPES and token.lemma_.lower() not in DENYING
            return (governor, direct) if kept else (None, False)
        direct = direct and not (token.pos_ == "VERB" and token.lemma_.lower().startswith(UNDOING_STEMS))
    return None, False


def _content_link(token: Token) -> bool:
    """Whether `token` says what its head is about ('to buy' in 'cancelled a deal to buy', however parsed)."""
    return (token.dep_ in _CONTENT_DEPS or (token.dep_ == "prep" and token.lower_ in _CONTENT_PREPS)
            or (token.dep_ == "advcl" and infinitive(token)))


def _complete(governor: Event, content: Event, countries: dict[str, str | None], direct: bool) -> None:
    if direct and content.type in TRANSFER_TYPES:  # the goods of a request to cancel are no request for them
        _take_goods(governor, content)
    if (governor.source is None) == (governor.target is None):
        return
    known = side(governor.source or governor.target, countries)
    other = next((party for party in (content.source, content.target)
                  if party and side(party, countries) != known), None)
    if other is not None:
        if governor.target is None:
            governor.target = other
        else:
            governor.source = other


def _take_goods(governor: Event, content: Event) -> None:
    governor.weapons = governor.weapons or content.weapons
    governor.quantity = governor.quantity or content.quantity
    governor.value = governor.value or content.value
