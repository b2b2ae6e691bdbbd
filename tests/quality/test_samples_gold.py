"""Quality gate on our own gold: the events an analyst lists in the bundled samples and the seeds.

Floors are pinned a little below the measured figures and never lowered silently; the gold file is
hashed so that an edit to it is a visible decision.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from dossier.quality.gold import FIELDS, gold_id, score
from dossier.quality.sets import analyse_folder, score_set

from support import sample_paths

GOLD = Path(__file__).resolve().parents[1] / "gold" / "samples_gold.json"
GOLD_SHA256 = "8144443da5fdb1539392fa61f4756515ec1d6a10ea00496a0e84177a62fbd9f2"
BLIND_SETS = {  # name -> (folder, sha256 of its gold.json)
    "blind": (GOLD.parent / "blind", "2e2c56b382b7593421f8356cc740e80aeb4db039f6ab37ff3b3150474331b0b2"),
    "blind2": (GOLD.parent / "blind2", "34917724b90623e7086743ca248746c391698478a09e1a24ff9f27048bc4e554"),
    "blind3": (GOLD.parent / "blind3", "d03797063acfa7de2990fb0f9da2f24c8551c0660b3e444af48a483dfb14c101"),
    "blind4": (GOLD.parent / "blind4", "595ba884159090fb80089660ce1dad3be4049f767ef3f91a34de9214a3ba2465"),
    "blind5": (GOLD.parent / "blind5", "b7baac3284435498ca36faaae70422a4125628424883c73222d2778d05031891"),
    "blind6": (GOLD.parent / "blind6", "c54b10a7decc03d67948e9d1b44a4482e6c7b6b99fb0e05961c3ff676e082adf"),
    "blind7": (GOLD.parent / "blind7", "152b72a0cd4ecd740f970880f20f9e6bd8c4698993c0c72dfbb246dc7b4a2615"),
}
# Measured 2026-11-25 (samples, then seeds): events found 0.90 / 0.76; source 0.88 / 0.86,
# target 0.79 / 0.86, date 0.86 / 1.00, weapon 0.84 / 0.95, quantity 0.93 / 1.00, value 1.00 / 0.95,
# factuality 0.90 / 0.73, speaker kind 0.85 / 0.86. Floors sit just below; never lower one silently.
# 2026-11-25: the seeds' weapon floor went from 0.97 to 0.93 when sought purchases became REQUEST
# events: three more seed events are found (0.66 -> 0.76) and one of them names its weapon loosely.
# 2026-11-25, second session: events referred back to ('Iran has rejected the accusations', 'the
# request was confirmed'), condemnation by naming ('called the transfer a dangerous escalation'),
# 'told X to', 'the two countries', a speech act's own speaker, and outlets that relay rather than
# allege. Samples then seeds: found 0.94 / 0.86; source 0.88 / 0.88, target 0.80 / 0.88, date 0.87 /
# 1.00, weapon 0.85 / 0.96, quantity 0.93 / 1.00, value 1.00 / 0.96, factuality 0.89 / 0.80, speaker
# kind 0.90 / 0.88. The seed misses were read for this round: the seeds are development data now.
# Then halts of a transfer ('Moscow suspended it'): samples target 0.82; then claims called false ('claims
# that ... were completely wrong') and surnames the model mislabels: samples target 0.83, factuality 0.92;
# then events aimed at a transfer named by reference ('called the transfer an escalation'): target 0.85;
# then technology shared as aid: seeds found 0.90, factuality 0.81; then 'seeking to replace its fleet with
# Russian-made jets' and officials on the record as government: seeds found 0.93, source and target 0.89,
# speaker kind 0.96; samples speaker kind 0.92.
# Blind set (tests/gold/blind/, ten reports two helpers wrote with their gold without seeing our code), first
# measured 2026-12-06 before anyone read its misses: found 0.78; source 0.75, target 0.72, date 0.73, weapon
# 0.85, quantity 0.92, value 1.00, factuality 0.88, speaker kind 0.92. Its misses were then read and fixed
# as general rules (it is development data from then on): found 0.86; source 0.79, target 0.76, date 0.79,
# weapon 0.83, quantity 0.91, value 1.00, factuality 0.88, speaker kind 0.92. Then promised weapons as aid and
# the gold's names read in our id scheme (gold.gold_id): blind source 0.80, target 0.77, date 0.78, speaker
# kind 0.91; samples target 0.86, seeds target 0.93 (a right person target had counted as wrong).
# Then warnings of sanctions as threats and weapons 'bound for' a party: blind found 0.90 (112/125); date
# 0.77, speaker kind 0.90 (the newly found events count in the field figures: some of theirs are wrong).
# Second blind set (tests/gold/blind2/, ten more reports by two other helpers), first measured 2026-12-06
# after the first set's misses had been fixed, before anyone read its own: found 0.74 (99/134); source
# 0.82, target 0.65, date 0.72, weapon 0.84, quantity 0.96, value 0.99, factuality 0.89, speaker kind 0.97.
# After the second set's misses were fixed as general rules (dates relative to one the text gave, the maker as
# supplier, places as targets, approved sales as AID): blind found 0.90, source 0.83, target 0.80, date 0.83;
# blind2 found 0.81, source 0.89, target 0.72, date 0.84. Floors raised to just below.
# Third blind set (tests/gold/blind3/, ten more reports by two other helpers), first measured 2026-12-06 at
# the end of the work on the first two sets, before anyone read its misses: found 0.72 (86/119); source 0.74,
# target 0.73, date 0.79, weapon 0.77, quantity 0.88, value 0.99, factuality 0.92, speaker kind 0.93.
# Then its misses were read too (development data from then on): found 0.82, source 0.74, target 0.73, date
# 0.84, weapon 0.82, quantity 0.91, value 0.99, factuality 0.91, speaker kind 0.94. Samples at the end of the
# session: found 0.96, source 0.91, target 0.86, date 0.88, factuality 0.93. Floors raised to just below.
# Last: invitations as visits to come and a table of places: seeds found 0.97; blind2 target 0.74; blind3
# source 0.76, target 0.74. Floors raised to just below.
# 2026-12-07: the whole event (type, source and target together) and precision (complete events that
# match a gold event whole, over complete events; incomplete ones counted apart) are gated too. Events
# with no source or target became incomplete (kept, never fed to claims or the register), and a party left
# out is filled from the document's other mentions of the system, or, for an accusation's target and a
# visit's source, from the sentence (extract/parties.py). Then: samples whole 0.76, precision 0.63; seeds
# whole 0.83, precision 0.62; blind whole 0.72, precision 0.67; blind2 0.60, 0.64; blind3 0.54, 0.64.
# Fourth blind set (tests/gold/blind4/: twenty full-length reports, 379 events, 65 register rows, by four
# helpers who never saw the code), first measured 2026-12-07 before anyone read its misses, on the code
# before extract/parties.py: whole 0.372, precision 0.500, found 0.681, register rows 0.277; with
# extract/parties.py filling every gap it could: whole 0.443, precision 0.404 (so it was cut back to the two
# gaps it fills well on blinds 1-3: whole 0.393, precision 0.505). Development data from then on.
# Fifth blind set (tests/gold/blind5/: twenty more full-length reports, 349 events, 52 register rows), written
# at the same time and kept sealed until the end of the session; first sight: found 0.699, whole 0.352,
# precision 0.512, register rows 0.192; source 0.68, target 0.64, date 0.78, weapon 0.79, quantity 0.92,
# value 0.97, factuality 0.83, speaker kind 0.91. Its misses have not been read yet.
# 2026-12-07, the learned role scorer (extract/roles.py, overriding the rules' party above 0.6 by a
# margin of 0.2; trained on these sets, so in sample): blind whole 0.728, precision 0.676; blind3 0.546,
# 0.651; blind4 0.398, 0.511; blind5 0.358, 0.520; samples, seeds, blind2 unchanged. Floors raised.
# Sixth blind set (tests/gold/blind6/: twenty full-length reports, 360 events, 67 register rows), written
# by four helpers at the start of the 2026-12-07 afternoon session and kept sealed until its end (the role
# scorer and every change of that session made without it); first sight: found 0.678, whole 0.342,
# precision 0.446, register rows 0.254; source 0.71, target 0.66, date 0.75, weapon 0.80, quantity 0.93,
# value 0.98, factuality 0.84, speaker kind 0.91. Development data from then on.
# 2026-12-07 evening, the learned event scorer (extract/vetting.py: holds back an event it scores under
# 0.3, completes a one-sided one with a reading it scores 0.4 or more; trained on these sets, so in sample;
# its cross-validated figures are in the README): samples whole 0.81, precision 0.76; seeds 0.83, 0.64;
# blind 0.75, 0.78; blind2 0.63, 0.69; blind3 0.57, 0.72; blind4 0.44, 0.74, register 0.31; blind5 0.43,
# 0.73, register 0.19; blind6 0.39, 0.66, register 0.239 (one row fewer than 0.254: a delivery held back,
# while register precision rose 0.25 -> 0.28), so its register floor is lowered to 0.23. Floors raised.
# Then verb phrases matched through the verb's arguments ('cancelled a 12.7-billion-peso deal'), bans of
# imports, expulsions by deadline, broken-off relations, offers and approved sales of weapons as AID (the
# conventions' pledge), and the event scorer retrained on that reading: samples whole 0.80, precision 0.77;
# blind4 0.46, 0.74; blind5 0.44, 0.73; blind6 0.39, 0.67; the seeds lose one event to the scorer (whole
# 0.79, target 0.86; 29 events), so their whole and target floors are lowered one event.
# Then both learned scorers rebuilt on those rules, and the scorer matching a body by any of its names:
# seeds whole 0.83, precision 0.66; blind5 0.45, 0.73; blind6 0.41, 0.68, register 0.254. Floors raised.
# Then halts take the transfer their object names, 'agreed to sell' is a supply to come, the weapon
# catalogue grows from 650 to 1,149 systems (written by a helper from public designations, without
# the gold), the scorer reads the gold's systems through the catalogue, and the event scorer is rebuilt:
# register rows blind4 0.354, blind5 0.288, blind6 0.284; whole blind6 0.417; the seeds lose one event
# to the rebuilt scorer again (whole 0.79, target 0.82), so their floors go down one event.
# Evening session of 2026-12-07: answers read through event nouns that point back, quoted labels as
# charges, arrivals of goods named before, training abroad, bodies named bare as the dateline's state,
# and the event scorer rebuilt on them (its fill threshold now 0.3, chosen by leave one set out): whole
# events blind4 0.50, blind5 0.51, blind6 0.47, register rows 0.35 / 0.31 / 0.31. Floors raised to just
# below; four lowered to the measured value, because the scorer now fills more one-sided events (pooled
# cross-validated precision 0.682 -> 0.680 for whole events 0.487 -> 0.524): precision blind3 0.70 ->
# 0.66, blind4 0.72 -> 0.70, blind5 0.71 -> 0.69, and blind2's date 0.82 -> 0.81 (one event). The last
# rebuild of the evening (deals signed with a party bought from it) moves the seeds by one event again
# (whole 0.86 -> 0.83, target 0.89 -> 0.86) and blind6's register by one row (0.313 -> 0.299): lowered.
# Night session of 2026-12-07: answers to acts told before ('welcomed the decision', 'a demand Ali refused'),
# halted contracts aimed at the maker of what they were for, recalled diplomats and lowered relations as
# sanctions, solidarity, and the event scorer rebuilt on them: whole events blind4 0.52, blind5 0.52,
# blind6 0.47; seeds 0.86. Floors raised to just below; blind6's target lowered one event (0.76 -> 0.75):
# the rebuilt scorer fills one target differently.
# Then a delivery told as one of several ('handed over the first of two frigates', 'took delivery of its
# second submarine', 'the first eight were delivered') makes its row 'delivering': register rows blind5
# 0.308 -> 0.404, blind6 0.313 -> 0.343; blind4 0.354 -> 0.338 (one row: 'took delivery of its first TB2
# drones', the first ever, read as partial), so blind4's register floor is lowered to 0.33.
# Then the scorer reads a gold system named by one word of one designation only ('Abrams' is 'M1 Abrams',
# 'Kilo' is 'Kilo class'): register rows blind4 0.369, blind5 0.442; weapons blind3 0.86. Floors raised.
# Then a signed contract or deal is an order and a memorandum or framework only an agreement: register
# rows blind4 0.385, blind5 0.462, blind6 0.388. Floors raised.
# Then the scorer reads a register row's parties by state, as the register is kept ('org:Saab' is SWE's
# row): register rows blind5 0.500, blind6 0.448. Floors raised.
# Then warnings of one's own acts as threats, bodies that act through the people who speak for them, 420 more
# organisations in the gazetteer, and the event scorer rebuilt on that reading (its fill threshold now 0.4,
# chosen by leave one set out: fewer one-sided events completed, precision up): whole blind4 0.53, precision
# blind2 0.74, blind3 0.73, blind5 0.73, blind6 0.70. Floors raised; lowered by one event or row where the
# scorer now completes less: source blind2 0.94 -> 0.93 and blind3 0.84 -> 0.83, target blind5 0.72 ->
# 0.71 and blind6 0.75 -> 0.74, register blind6 0.448 -> 0.418 (two rows: a delivery left one-sided).
# Then a sale cleared or authorised is approved, as one approved is (AID, expected; rules' whole events 863 ->
# 868 with relative dates the model does not tag): register rows blind4 0.385 -> 0.369 (one row: 'the sale
# would push' read as an agreement on a row the approvals hold as offered), blind5 0.538 -> 0.558. Floors moved.
# Then 'the four countries' as the list of that many named together before: whole blind6 0.48. Floors raised.
# 2026-12-07 (late night): dates from the parse and the text around (extract/dating.py): the closest date told for the act,
# anchors that skip dates naming things, 'a day after', the date of the event an undated one hangs on in its
# sentence. Date accuracy of found events rose on every set (blind4 0.77 -> 0.91); fields of whole events
# pooled 0.561 -> 0.637. Four floors went down, for one reason: the shipped event scorer was trained when fewer
# events had dates and weighs a date as evidence, so it now holds back fewer events (whole pooled 927 -> 940,
# precision 0.735 -> 0.723): precision blind3 0.729 -> 0.705, blind4 0.723 -> 0.710, blind6 0.714 -> 0.700;
# the register of blind6 0.42 -> 0.40 (claims link by overlapping dates). Rebuilt on the new reading, the
# scorer cross-validates as before (pooled whole .550 -> .551, precision .675 -> .676): a rebuild is its
# owner's call. Other floors raised.
# 2026-12-07 (late night, after the dates): 'the kingdom' styled, pronouns coreference resolved across
# sentences, 'the country' as the last state a clause was about, plurals and variant letters of designations,
# 751 more catalogued systems, goods taken up by their kind, speech acts spoken by their doers, hedged forecasts
# speculated; the event scorer rebuilt on these rules (cross-validated pooled whole .554 -> .573, precision
# .686 -> .687). In sample it holds back a little more on the short samples: precision 0.77 -> 0.76 and
# factuality 0.91 -> 0.90 there (one event each). Other floors raised.
# Seventh blind set (tests/gold/blind7/: twenty full-length reports, 325 events, 60 register rows), written at
# the start of the 2026-12-07 morning by four helpers from the conventions alone and kept sealed outside the
# repository until its first sight on 2026-12-07 at 22:12 UTC, on the late night's final code: whole 0.425,
# fields 0.638, precision 0.624, register rows 0.383 (60). From then on development data (the event scorer
# was trained on it at the session's end, below). Floors just below.
# Then the event scorer trained on set 7 as well (eight sets; leave one set out, pooled over the 1,909 gold
# events: whole .550, precision .687; on sets 4/5/6 cross-validated whole .528/.524/.469 and precision
# .723/.688/.652, against .515/.521/.467 and .715/.666/.632 trained without set 7). In sample it trades a
# little on the short sets: precision blind2 0.74 -> 0.73, blind3 whole 0.70 -> 0.69, precision 0.73 -> 0.72,
# target 0.85 -> 0.84 (one or two events each): lowered. Others raised.
# 2026-12-08: the acts a request, refusal, halt or lifting is about folded into it (extract/contents.py), offers of
# money and of weapons described by 'offered by', deals signed by a buyer alone, untargeted launches, and the
# event scorer rebuilt with completed readings weighed apart (cross-validated pooled whole .550 -> .559,
# precision .687 -> .690). In sample the short sets lose an event or two: blind target 0.90 -> 0.89, blind2
# target 0.91 -> 0.90, blind3 whole 0.69 -> 0.67 and target 0.84 -> 0.82, blind6 precision 0.71 -> 0.70, seeds
# source 0.95 -> 0.92 (one event of 29): lowered. Others raised (sets 4-7 whole, precision and register).
# Then coordinate acts and past clauses of time told as facts, deals taking the goods of the supply they are
# for, seasons of a year dated, anonymity asked for no request; the scorer rebuilt (cross-validated pooled
# .555 / .697). Floors raised.
# Then halts aimed at their goods' other side, sales named as things agreed, transfers allowed expected, definite
# retold transfers no new step; the scorer rebuilt (cross-validated pooled .569 / .698). Floors raised.
# 2026-12-08, morning: answers aimed at any earlier doer, a speaker's second act moved out of what it said, acts
# on each other, pairs never their own target, names before common nouns not people, the speaker offered as a
# doer left out (rules pooled 1,060 -> 1,074 of 1,909). The scorer rebuilt: cross-validated pooled .567 / .702
# (.569 / .698 before: the same within the thresholds' noise); the shipped fill threshold moved 0.4 -> 0.5,
# and in sample samples whole 0.82 -> 0.80, precision 0.76 -> 0.75, target 0.91 -> 0.90, blind4 whole 0.57 ->
# 0.56 and target 0.81 -> 0.79 (one to four events each): lowered. Others raised. Then a weapons deal signed
# is an order unless what is signed is an agreement or pact: blind7 register 0.47 -> 0.52, raised. Then goods
# that 'leave' a place and 'more' that follow are deliveries: blind6 register 0.48 -> 0.49, raised. Then goods
# pledged, supplied or sent 'for' a party go to it: blind4 register 0.52 -> 0.54, raised. Then words and time
# handed over are no goods ('the list, delivered to Doha'): blind6 target 0.75 -> 0.74 (a party the rules had
# reached through the list taken for a delivery), lowered.
FLOORS = {
    "samples": {"recall": 0.94, "whole": 0.80, "precision": 0.75, "source": 0.91, "target": 0.90, "date": 0.94,
                "weapon": 0.93, "quantity": 0.94, "value": 0.99, "factuality": 0.90, "speaker_kind": 0.90},
    "blind": {"recall": 0.90, "whole": 0.81, "precision": 0.80, "source": 0.93, "target": 0.89, "date": 0.94,
              "weapon": 0.87, "quantity": 0.91, "value": 0.99, "factuality": 0.88, "speaker_kind": 0.91},
    "blind2": {"recall": 0.83, "whole": 0.75, "precision": 0.73, "source": 0.94, "target": 0.91, "date": 0.94,
               "weapon": 0.91, "quantity": 0.98, "value": 0.98, "factuality": 0.88, "speaker_kind": 0.96},
    "blind3": {"recall": 0.88, "whole": 0.68, "precision": 0.75, "source": 0.84, "target": 0.83, "date": 0.91,
               "weapon": 0.93, "quantity": 0.90, "value": 0.99, "factuality": 0.89, "speaker_kind": 0.94},
    "blind4": {"recall": 0.75, "whole": 0.56, "precision": 0.76, "register": 0.52, "source": 0.84, "target": 0.79,
               "date": 0.89, "weapon": 0.90, "quantity": 0.96, "value": 0.97, "factuality": 0.89,
               "speaker_kind": 0.89},
    "blind5": {"recall": 0.79, "whole": 0.54, "precision": 0.78, "register": 0.56, "source": 0.79, "target": 0.74,
               "date": 0.86, "weapon": 0.90, "quantity": 0.94, "value": 0.97, "factuality": 0.86,
               "speaker_kind": 0.91},
    "blind6": {"recall": 0.73, "whole": 0.50, "precision": 0.71, "register": 0.48, "source": 0.83, "target": 0.74,
               "date": 0.88, "weapon": 0.89, "quantity": 0.95, "value": 0.97, "factuality": 0.86,
               "speaker_kind": 0.90},
    "blind7": {"recall": 0.74, "whole": 0.47, "precision": 0.69, "register": 0.50, "source": 0.78, "target": 0.70,
               "date": 0.89, "weapon": 0.88, "quantity": 0.93, "value": 0.96, "factuality": 0.87,
               "speaker_kind": 0.92},
    "seeds": {"recall": 0.95, "whole": 0.92, "precision": 0.68, "source": 0.95, "target": 0.95, "date": 0.99,
              "weapon": 0.95, "quantity": 0.99, "value": 0.99, "factuality": 0.81, "speaker_kind": 0.95},
}


def _gold_events(gold, key):
    return [dict(e, document=e.get("document") or e["file"]) for e in gold[key]]


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_gold_file_is_the_pinned_one():
    assert hashlib.sha256(GOLD.read_bytes()).hexdigest() == GOLD_SHA256


def _report(name, result):
    fields = ", ".join(f"{f} {result.accuracy(f):.2f}" for f in FIELDS)
    print(f"\n{name}: found {result.found}/{result.gold} = {result.recall:.2f}; whole {result.whole_recall:.2f}; "
          f"precision {result.precision:.2f} ({result.emitted} complete, {result.incomplete} incomplete); {fields}; "
          f"all fields right {result.all_fields_right:.2f}")
    for miss in result.misses:
        print("  missed:", miss["type"], miss["sentence_contains"][:70])


@pytest.mark.quality
def test_samples_gold(gold):
    result = score(_gold_events(gold, "events"), analyse_folder(sample_paths()))
    _report("samples", result)
    _assert_floors(result, FLOORS["samples"])


@pytest.mark.quality
def test_seeds_gold(gold, seeds_dir):
    result = score(_gold_events(gold, "seeds"), analyse_folder([seeds_dir]))
    _report("seeds", result)
    _assert_floors(result, FLOORS["seeds"])


def _assert_floors(result, floors, register=None):
    measured = {"recall": result.recall, "whole": result.whole_recall, "precision": result.precision,
                **{name: result.accuracy(name) for name in FIELDS}}
    if register is not None:
        measured["register"] = register.recall
    below = {name: round(measured[name], 3) for name, floor in floors.items() if measured[name] < floor}
    assert not below, f"below the pinned floors: {below}"


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_gold_file_is_the_pinned_one(name):
    folder, sha256 = BLIND_SETS[name]
    assert hashlib.sha256((folder / "gold.json").read_bytes()).hexdigest() == sha256


@pytest.mark.quality
@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_gold(name):
    folder, _ = BLIND_SETS[name]
    result = score_set(folder)
    _report(name, result.events)
    _assert_floors(result.events, FLOORS[name], result.register)


@pytest.mark.parametrize("gold, ours", [
    ("IRN", "IRN"), ("org:Iran Air", "org:iran-air"), ("org:nato", "org:nato"),
    ("Ismail Haniyeh", "person:ismail-haniyeh"), ("Ashot Mkrtychev", "person:ashot-mkrtychev"),
])
def test_the_golds_actors_are_read_in_our_id_scheme(gold, ours):
    assert gold_id(gold) == ours
