"""The party the grammar left out of an event, from the actors around it.

An event whose trigger names one party but not the other ('Iran's foreign ministry condemned the
strikes', 'Scholz's government has so far turned down' a request, 'Algeria halted gas exports
through a pipeline crossing Morocco') is often about another actor named in the same sentence.
Candidates are the actor mentions there that are not the known party (nor of its country); the
nearest to the trigger fills the gap. A missing source may be the one who speaks ('Kirby said ...,
calling the transfer a significant escalation', preferred then); a missing target never is. (Looking
in the sentence before as well changed nothing on the development sets, so it does not.)

Measured on the development sets (blind sets 1-4), a party filled this way is right about one time
in three overall, which would cost more precision than it gains whole events; it is right more
often than not only for the target of an accusation and the source of a visit or talks, so only
those gaps are filled (`FILLED`). The other events stay incomplete.
"""

from __future__ import annotations

from bisect import bisect_right

from dossier.records import Attribution, Event, Mention

_SPEAKER = 1.5  # a missing source taken from the one who says it, before a nearer actor
_PER_CHAR = 1 / 200  # closeness to the trigger
FILLED = {("ACCUSE", "target"), ("CONSULT", "source")}  # (type, missing role) filled from context


def side(actor: str | None, countries: dict[str, str | None]) -> str | None:
    """The state an actor stands for (itself when it has none): a minister and his state are one side."""
    return (countries.get(actor) or actor) if actor else None


def complete_parties(events: list[Event], mentions: list[Mention], attributions: list[Attribution],
                     countries: dict[str, str | None], sentence_starts: list[int]) -> None:
    """Fills, in place, the one missing party of each event that names the other (`sentence_starts`:
    the offset where each sentence begins, in order)."""
    gaps = [e for e in events if (e.source is None) != (e.target is None)
            and (e.type, "source" if e.source is None else "target") in FILLED]
    if not gaps:
        return

    def sentence(offset: int) -> int:
        return bisect_right(sentence_starts, offset) - 1

    spoken = [a for a in attributions if a.source is not None and a.speaker]
    placed = [(mention, sentence(mention.start), any(a.source.start <= mention.start < a.source.end for a in spoken))
              for mention in mentions]  # (mention, its sentence, whether it names who speaks)
    for event in gaps:
        index = sentence(event.trigger.start)
        speakers = {a.speaker for a in spoken if a.content.start <= event.trigger.start < a.content.end}
        best = _best(event, index, placed, speakers, countries)
        if best is None:
            continue
        if event.source is None:
            event.source = best
        else:
            event.target = best
        event.others = [o for o in event.others if o != best]


def _best(event: Event, index: int, placed: list[tuple[Mention, int, bool]], speakers: set[str],
          countries: dict[str, str | None]) -> str | None:
    """The highest-scoring other actor in the event's sentence (`index`), or None."""
    known = event.source or event.target
    own = side(known, countries)
    scores: dict[str, float] = {}
    for mention, where, speaking in placed:
        actor = mention.actor
        if actor in {known, *event.others} or side(actor, countries) == own:
            continue
        if where != index:
            continue
        score = -abs(mention.start - event.trigger.start) * _PER_CHAR
        if speaking or actor in speakers:
            if event.target is None:
                continue  # a missing target is never the one who speaks
            score += _SPEAKER
        scores[actor] = max(score, scores.get(actor, float("-inf")))
    return max(scores, key=scores.__getitem__, default=None)
