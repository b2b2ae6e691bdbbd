"""The closed word lists the event reader checks words against: pronouns, auxiliaries, prepositions
and the few verb and noun classes its rules name. One home for each list, so that a rule and its
neighbour in another module read the same words; where two rules need different words, the lists
have different names that say why.

Written by the dossier team from common English news usage; no third-party list copied.
"""

from __future__ import annotations

# pronouns that stand for an actor named earlier: True for a person, False for a state or body, None for either
PRONOUN_IS_PERSON = {"he": True, "she": True, "his": True, "her": True, "it": False, "its": False,
                     "they": None, "their": None, "we": None, "our": None}
# Nouns that, as 'the two X' or 'both X', stand for the last two parties of their kind named before.
PAIR_NOUNS = {"country": "state", "nation": "state", "state": "state", "government": "state", "capital": "state",
              "side": "party", "party": "party", "leader": "person", "president": "person", "minister": "person"}
STATE_NOUNS = {"country", "kingdom", "emirate", "republic", "island", "nation"}  # 'the kingdom': a state named before

RECEIVING = {"obtain", "acquire", "get", "buy", "purchase", "receive", "import", "procure", "replace"}
WISHING = {"seek", "want", "look", "try", "hope", "aim", "leverage", "wish", "need", "push", "press",
           "lobby", "strive", "attempt"}
INTENDING = {"want", "plan", "intend", "swear", "vow", "decide", "resolve", "prepare"}  # 'wants to attack': one's own plan
PLACE_TARGETING_VERBS = {"strike", "hit", "bomb", "shell", "attack", "raid", "target"}  # 'struck Aleppo airport'

FUTURE_AUXILIARIES = {"will", "would", "'ll", "shall", "wo"}
NEGATIONS = {"not", "n't", "never"}
HEDGES_OF_PLANS = {"probably", "likely", "possibly", "perhaps", "may", "might", "could", "not", "n't", "never"}  # no plan
CONDITIONS = {"unless", "if"}

MANNER_PREPS = {"in", "under", "through", "via", "as"}  # 'delivered ... in a $800mn deal'
# where an attack, deployment or withdrawal lands: 'struck targets in Syria', 'drills around Taiwan'
TARGET_PLACE_PREPS = {"in", "at", "on", "near", "around", "into", "inside", "across", "over", "of", "off"}
