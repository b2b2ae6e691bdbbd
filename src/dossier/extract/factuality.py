"""How sure the text is of each event, and who vouches for it.

Cues are read in the dependency tree above the trigger ('denies supplying', 'charged that ...
shipped', 'is expected to seek') and in its modifiers ('reportedly', 'probably', 'will'); the
attribution whose content holds the trigger says who is speaking. The strongest signal wins:
denied > expected > speculated > requested > alleged > reported > asserted. A claim about an act
is `alleged` when the speaker's country is not a party to it ('US officials say Iran shipped
missiles to Russia') and `reported` when it is (a state speaking of its own deliveries).
The words that decided an event's factuality come back as `Cue` records for the page to highlight.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dossier import lexicons
from dossier.extract.arguments import trigger_token
from dossier.extract.speakers import speaker_kind
from dossier.extract.syntax import verb_subject
from dossier.extract.vocabulary import (APPROVING, CIRCUMSTANCE_MARKS, CLAIM_NOUNS_CALLED_FALSE, DENYING,
                                        FUTURE_AUXILIARIES, RECEIVING)
from dossier.records import Attribution, Cue, Event, EventAttribution

PRECEDENCE = ("denied", "expected", "speculated", "requested", "alleged", "reported", "asserted")
_GOVERNING = {
    **dict.fromkeys(DENYING | {"fail"}, "denied"),
    "charge": "alleged", "accuse": "alleged", "allege": "alleged", "claim": "alleged", "blame": "alleged",
    "expect": "expected", "plan": "expected", "consider": "expected", "talk": "expected",
    "negotiation": "expected", "negotiate": "expected", "intend": "expected", "schedule": "expected",
    "prepare": "expected", "aim": "expected", "hope": "expected", "pledge": "expected",
    "promise": "expected", "vow": "expected", "offer": "expected", "propose": "expected",
    "order": "expected", "threaten": "expected",
    **dict.fromkeys(APPROVING | {"allow", "permit"}, "expected"),  # 'cleared the Netherlands to deliver': allowed
    "request": "requested", "ask": "requested", "seek": "requested", "want": "requested",
    "press": "requested", "urge": "requested", "demand": "requested", "look": "requested",
}
_COMMITTING = {"agree", "decide"}  # 'agreed to sell', 'decided to send': a supply to come ('agreed that': no;
# 'agreed to buy' is the purchase itself, asserted)
_CUE_KINDS = {"denial": "denied", "accusation": "alleged", "forecast": "expected", "belief": "speculated",
              "speculation": "speculated"}
_VERB_CUE_KINDS = {"denied": "denial", "alleged": "allegation", "expected": "forecast", "requested": "request"}
_SPEAKER_KINDS = {"analyst": "speculated", "outlet": "reported"}  # a newspaper relays; it charges no one
_FALSITY = {"wrong", "false", "baseless", "untrue", "unfounded", "groundless", "fabricated", "lie", "nonsense",
            "fake", "incorrect", "inaccurate", "absurd", "ridiculous", "fiction"}  # 'claims that ... were wrong'
_NEGOTIATING = {"talk", "negotiation", "discussion"}  # 'is in talks with China to buy': not bought yet
# verbs whose '... against doing' says the act has not happened: 'warned the West against supplying'
_ADVISING = {"warn", "caution", "advise", "urge", "vote", "campaign", "lobby", "argue", "protest"}
_NOT_CLAIMS = {"request", "question"}  # cue kinds whose content is asked for, not stated
SPEECH_ACTS = {"ACCUSE", "THREATEN", "SUPPORT"}  # events that are themselves acts of saying
_PROMISES = {"pledge", "promise", "vow", "offer", "plan", "propose", "invite"}  # triggers that are future by nature


def _strongest(found: set[str]) -> str:
    return next(value for value in PRECEDENCE if value in found or value == "asserted")


def _scope(trigger: Token) -> list[Token]:
    """The trigger and the words above it whose modality it takes on: up to the first speech verb
    or the root, not out of a prepositional phrase ('retaliation for a missile attack') nor out of a
    past clause of time or cause ('offered a credit line when he visited Hanoi': the visit happened)."""
    nodes = [trigger]
    for node in trigger.ancestors:
        previous = nodes[-1]
        if previous.dep_ in {"ROOT", "relcl"} or (previous.dep_ == "pobj" and previous.head.lower_ != "of"):
            break  # a relative clause states its own fact: 'pressed Ankara to give up the S-400 it bought'
        if previous.dep_ == "advcl" and previous.tag_ == "VBD" and any(
                c.dep_ in {"mark", "advmod"} and c.lower_ in CIRCUMSTANCE_MARKS for c in previous.children):
            break  # past: 'when they meet' in 'are expected to discuss it when they meet' is to come
        nodes.append(node)
        if node.pos_ == "VERB" and node.lemma_ in {"say", "report", "tell"}:
            break
    return nodes


def _called_false(scope: list[Token]) -> list[Token]:
    """'wrong' in 'claims that Iran had supplied missiles were wrong': a claim the trigger sits in,
    called false by a copula above it (or beside it, where the parser hangs 'were' on the verb of saying)."""
    claim = next((node for node in scope[1:] if node.lemma_.lower() in CLAIM_NOUNS_CALLED_FALSE), None)
    if claim is None:
        return []
    copulas = scope[scope.index(claim):] + [c for c in claim.head.children if c.lemma_ == "be" and c.i > claim.i]
    return [c for node in copulas for c in node.children
            if c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in _FALSITY]


def _cues_above(scope: list[Token]) -> dict[str, list[tuple[Token, str]]]:
    """Factuality signalled by the words governing the trigger and by its modifiers, each value
    with the tokens that signal it and their cue kind ('hedge', 'denial', 'forecast' ...)."""
    found: dict[str, list[tuple[Token, str]]] = {}
    hedges = lexicons.hedges()
    if scope[0].lemma_ in _PROMISES:
        found.setdefault("expected", [])  # the trigger itself: already marked as the event
    for word in _called_false(scope):
        found.setdefault("denied", []).append((word, "denial"))
    for depth, node in enumerate(scope):
        if depth and node.lemma_ in _GOVERNING and scope[depth - 1].dep_ != "conj":  # not a coordinate act:
            # 'ordered 72 Typhoons, and the last of those jets was delivered' (its auxiliaries still count)
            value = _GOVERNING[node.lemma_]
            found.setdefault(value, []).append((node, _VERB_CUE_KINDS[value]))
        if depth == 1 and node.lemma_ in _COMMITTING and scope[0].dep_ == "xcomp" and scope[0].lemma_ not in RECEIVING:
            found.setdefault("expected", []).append((node, "forecast"))  # 'agreed to sell': a deal, not a delivery
        if node.dep_ == "pcomp" and node.head.lower_ == "against" and node.head.head.lemma_ in _ADVISING:
            found.setdefault("speculated", []).append((node.head, "hedge"))  # 'warned against supplying': not done
        for child in node.children:
            if depth and child.dep_ == "prep" and any(g.lemma_ in _NEGOTIATING and g.i != scope[0].i
                                                      for g in child.children):  # not the talks themselves
                found.setdefault("expected", []).append((child, "forecast"))  # 'is in talks to buy'
            if child.dep_ == "neg" and depth == 0:
                found.setdefault("denied", []).append((child, "denial"))
            if child.dep_ in {"advmod", "aux", "amod", "acomp"} and child.lower_ in hedges:
                found.setdefault(hedges[child.lower_], []).append((child, "hedge"))
        if depth and node.lower_ in hedges and node.pos_ in {"ADJ", "ADV", "VERB", "AUX"}:
            found.setdefault(hedges[node.lower_], []).append((node, "hedge"))
    return found


def _hedged_future(signals: dict[str, list[tuple[Token, str]]]) -> bool:
    """'will probably seek', 'would likely send': the future told only by an auxiliary, with a hedge."""
    future = signals.get("expected", [])
    return bool(future) and "speculated" in signals and all(
        token.dep_ == "aux" and token.lower_ in FUTURE_AUXILIARIES for token, _ in future)


def _claim(speaker_country: str | None, event: Event, countries: dict[str, str | None]) -> str:
    """'alleged' when a state charges another with an act it is no party to, else 'reported'."""
    doer = countries.get(event.source) if event.source else None
    if speaker_country and doer and speaker_country not in {doer, countries.get(event.target)}:
        return "alleged"
    return "reported"


def _own_voice(doc: Doc, ents: list[tuple[int, int, str]], event: Event, trigger: Token, cue_kind,
               outlet: str | None) -> list[EventAttribution]:
    """A speech act no one is reported saying ('Kallas accused the embassy of spreading propaganda',
    'Peskov urged the two countries'): its doer is its speaker, of the kind its words name (`ents`:
    the document's named entities as character offsets, as `speaker_kind` reads them)."""
    subject = verb_subject(trigger) if trigger.pos_ == "VERB" and event.source else None
    if subject is None or cue_kind(trigger.lemma_) is None:
        return []
    phrase = doc[subject.left_edge.i:subject.right_edge.i + 1]
    kind = speaker_kind(doc.text, ents, (phrase.start_char, phrase.end_char), [])
    return [EventAttribution(event.source, phrase.text, kind, trigger.text, outlet)]


def _speaker(attribution: Attribution, outlet: str | None) -> EventAttribution:
    source = attribution.source.text if attribution.source else None
    return EventAttribution(attribution.speaker, source, attribution.speaker_kind, attribution.cue.text, outlet)


def set_factuality(doc: Doc, events: list[Event], attributions: list[Attribution],
                   cue_kind, outlet: str | None, countries: dict[str, str | None], document: str) -> list[Cue]:
    """Sets `factuality` and `attributions` of each event in place; returns the hedges and
    governing words that decided some event's factuality, once each, in text order.

    `cue_kind` maps a cue's text to its kind ('denial', 'accusation', 'statement' ...);
    `countries` maps actor ids to their country; `document` is the id the cues point into.
    """
    cues: dict[tuple[int, int], Cue] = {}  # one kind a word: a governing verb's before the hedge's
    ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]  # once: read per speech act
    for event in events:
        scope = _scope(trigger_token(doc, event))
        signals = _cues_above(scope)
        if event.type == "REJECT" and any(c.dep_ == "neg" for c in scope[0].children):
            signals.pop("denied", None)  # 'will not accept': the negation makes the refusal, stated now
            signals.pop("expected", None)
        if event.type == "THREATEN":  # 'would face sanctions', 'will retaliate': the forecast is the threat
            signals.pop("expected", None)
            signals.pop("speculated", None)
        found = set(signals)
        if _hedged_future(signals):
            found.discard("expected")  # 'will probably send': a forecast the text hedges is speculation
        if event.type == "AID" and scope[0].lemma_ in APPROVING:
            found.add("expected")  # a sale approved is allowed, not contracted: 'approved a possible sale of F-16s'
        if event.type == "REQUEST":
            found.add("requested")
        above = {t.i for t in scope[1:]}
        for attribution in attributions:
            if attribution.cue.start <= event.trigger.start < attribution.cue.end:
                event.attributions.append(_speaker(attribution, outlet))  # the saying is the act: 'urged', 'called'
            elif attribution.content.start <= event.trigger.start < attribution.content.end:
                cue = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
                governs = cue is not None and cue.root.i in above
                if attribution.source is None and not governs:
                    continue  # 'as Tehran is expected to seek' says nothing of the main clause
                kind = cue_kind(attribution.cue.text)
                if kind in _NOT_CLAIMS:
                    continue  # 'called for a response to Iran's attack' does not vouch for the attack
                controlled = cue is not None and scope[0].dep_ == "xcomp" and scope[0].head == cue.root
                if kind == "belief" and controlled:
                    continue  # 'Ankara agreed to buy': a commitment, not an opinion
                if governs and kind in _CUE_KINDS:
                    found.add(_CUE_KINDS[kind])
                if event.type not in SPEECH_ACTS:  # 'X said Iran was lying': the saying is the act
                    found.add(_SPEAKER_KINDS.get(attribution.speaker_kind)
                              or _claim(countries.get(attribution.speaker), event, countries))
                event.attributions.append(_speaker(attribution, outlet))
        event.factuality = _strongest(found)
        if not event.attributions:
            event.attributions.extend(_own_voice(doc, ents, event, scope[0], cue_kind, outlet))
        for token, kind in signals.get(event.factuality, []):
            end = token.idx + len(token.text)
            cues.setdefault((token.idx, end), Cue(document, token.idx, end, token.text, kind))
    return sorted(cues.values(), key=lambda c: (c.start, c.end))
