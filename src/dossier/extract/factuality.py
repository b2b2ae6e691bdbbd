"""How sure the text is of each event, and who vouches for it.

Cues are read in the dependency tree above the trigger ('denies supplying', 'charged that ...
shipped', 'is expected to seek') and in its modifiers ('reportedly', 'probably', 'will'); the
attribution whose content holds the trigger says who is speaking. The strongest signal wins:
denied > expected > speculated > requested > alleged > reported > asserted. A claim about an act
is `alleged` when the speaker's country is not a party to it ('US officials say Iran shipped
missiles to Russia') and `reported` when it is (a state speaking of its own deliveries).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dossier import lexicons
from dossier.extract.arguments import trigger_token
from dossier.records import Attribution, Event, EventAttribution

PRECEDENCE = ("denied", "expected", "speculated", "requested", "alleged", "reported", "asserted")
_GOVERNING = {
    "deny": "denied", "reject": "denied", "dismiss": "denied", "refute": "denied", "rebuff": "denied",
    "charge": "alleged", "accuse": "alleged", "allege": "alleged", "claim": "alleged", "blame": "alleged",
    "expect": "expected", "plan": "expected", "intend": "expected", "schedule": "expected",
    "prepare": "expected", "aim": "expected", "hope": "expected", "pledge": "expected",
    "promise": "expected", "vow": "expected", "offer": "expected", "propose": "expected",
    "order": "expected", "threaten": "expected",
    "request": "requested", "ask": "requested", "seek": "requested", "want": "requested",
    "press": "requested", "urge": "requested", "demand": "requested", "look": "requested",
}
_CUE_KINDS = {"denial": "denied", "accusation": "alleged", "forecast": "expected", "belief": "speculated",
              "speculation": "speculated"}
_SPEAKER_KINDS = {"analyst": "speculated"}
_PROMISES = {"pledge", "promise", "vow", "offer", "plan", "propose"}  # triggers that are future by nature


def _strongest(found: set[str]) -> str:
    return next(value for value in PRECEDENCE if value in found or value == "asserted")


def _cues_above(trigger: Token) -> set[str]:
    """Factuality signalled by the words governing the trigger and by its modifiers."""
    found: set[str] = set()
    hedges = lexicons.hedges()
    if trigger.lemma_ in _PROMISES:
        found.add("expected")
    for depth, node in enumerate([trigger, *trigger.ancestors]):
        if depth and node.lemma_ in _GOVERNING:
            found.add(_GOVERNING[node.lemma_])
        for child in node.children:
            if child.dep_ == "neg" and depth == 0:
                found.add("denied")
            if child.dep_ in {"advmod", "aux", "amod", "acomp"} and child.lower_ in hedges:
                found.add(hedges[child.lower_])
        if depth and node.lower_ in hedges and node.pos_ in {"ADJ", "ADV", "VERB", "AUX"}:
            found.add(hedges[node.lower_])
        if node.dep_ in {"ROOT"} or (depth and node.pos_ == "VERB" and node.lemma_ in {"say", "report", "tell"}):
            break
    return found


def _claim(speaker_country: str | None, event: Event, countries: dict[str, str | None]) -> str:
    """'alleged' when a state speaks of an act it is no party to, else 'reported'."""
    parties = {countries.get(actor) for actor in (event.source, event.target) if actor}
    if speaker_country and parties and speaker_country not in parties:
        return "alleged"
    return "reported"


def set_factuality(doc: Doc, events: list[Event], attributions: list[Attribution],
                   cue_kind, outlet: str | None, countries: dict[str, str | None]) -> None:
    """Sets `factuality` and `attributions` of each event in place.

    `cue_kind` maps a cue's text to its kind ('denial', 'accusation', 'statement' ...);
    `countries` maps actor ids to their country.
    """
    for event in events:
        trigger = trigger_token(doc, event)
        found = _cues_above(trigger)
        if event.type == "REQUEST":
            found.add("requested")
        for attribution in attributions:
            if attribution.content.start <= event.trigger.start < attribution.content.end:
                kind = cue_kind(attribution.cue.text)
                if kind in _CUE_KINDS:
                    found.add(_CUE_KINDS[kind])
                found.add(_SPEAKER_KINDS.get(attribution.speaker_kind)
                          or _claim(countries.get(attribution.speaker), event, countries))
                event.attributions.append(EventAttribution(
                    attribution.speaker, attribution.source.text if attribution.source else None,
                    attribution.speaker_kind, attribution.cue.text, outlet))
        event.factuality = _strongest(found)
