"""The closed word lists the extraction rules check words against: pronouns, auxiliaries, number
words, prepositions and the few verb and noun classes the rules name. One home for each list, so
that a rule and its neighbour in another module read the same words; where two rules need different
words, the lists have names that say how they differ.

Written by the dossier team from common English news usage; no third-party list copied.
"""

from __future__ import annotations

SUBJECT_PRONOUNS = {"he", "she", "it", "they", "we"}  # personal pronouns a clause's subject may be
RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "whose"}
# pronouns that stand for an actor named earlier: True for a person, False for a state or body, None for either
PRONOUN_IS_PERSON = {"he": True, "she": True, "his": True, "her": True, "it": False, "its": False,
                     "they": None, "their": None, "we": None, "our": None}
# Nouns that, as 'the two X' or 'both X', stand for the last two parties of their kind named before.
PAIR_NOUNS = {"country": "state", "nation": "state", "state": "state", "government": "state", "capital": "state",
              "side": "party", "party": "party", "leader": "person", "president": "person", "minister": "person"}
STATE_NOUNS = {"country", "kingdom", "emirate", "republic", "island", "nation"}  # 'the kingdom': a state named before
STYLED_STATE_NOUNS = {"kingdom", "republic"}  # 'the kingdom' stands only for a state one of whose names says so
# a state's own bodies named without their state ('security forces killed', 'the junta arrested', 'the ministry
# said'): the state the text is mostly about
STATE_BODIES = {"military", "army", "navy", "junta", "government", "police", "authority", "regime", "ministry",
                "force", "troop", "soldier", "administration", "cabinet", "parliament"}
PAIR_WORDS = {"two", "both"}  # 'the two countries', 'both leaders', 'the two agreed'
# nouns that name a claim: a denial's object that refers back to the act alleged ('Iran rejected the
# charges'); a claim a copula calls false may also be a rumour or a story ('reports that ... were wrong')
CLAIM_NOUNS = {"accusation", "allegation", "claim", "charge", "report", "assertion", "suggestion"}
CLAIM_NOUNS_CALLED_FALSE = CLAIM_NOUNS - {"charge"} | {"rumour", "rumor", "story"}

# nouns that retell an act of any kind, told before: 'welcomed the decision', 'condemned the move'
RETOLD_ACTS = {"decision", "move", "step", "plan", "approval", "announcement", "measure", "action", "remark",
               "comment", "statement", "proposal", "takeover", "policy", "ruling"}

DENYING = {"deny", "reject", "dismiss", "refute", "rebuff"}
DELIVERED_GOODS = {"aircraft", "jet", "plane", "fighter", "helicopter", "ship", "vessel", "boat", "frigate", "corvette",
                   "submarine", "tank", "launcher", "system", "battery", "unit", "batch", "shipment", "consignment",
                   "delivery", "drone", "vehicle", "gun", "howitzer", "missile", "radar"}  # 'the first two aircraft arrived'
GOODS_OF_A_KIND = {"jet": "aircraft", "aircraft": "aircraft", "plane": "aircraft", "fighter": "aircraft",
                   "boat": "ships", "ship": "ships", "vessel": "ships"}  # 'the jets' in a text about arms
CIVILIAN_CRAFT = {"passenger", "cargo", "fishing", "merchant", "commercial", "civilian", "private", "container",
                  "cruise", "charter"}  # 'a cargo ship' is no weapon
DEFINITE = {"the", "this", "that", "these", "those", "such"}  # determiners of a noun that refers back
SEQUENCE_WORDS = {"first", "second", "third", "last", "final", "next", "remaining", "more", "further", "other", "rest"}
SUPPLYING = {"supply", "sell", "deliver", "provide", "give", "export", "transfer", "send", "ship", "lease"}
AIMING_PREPS = {"at", "on", "into", "against", "towards", "toward"}  # 'fired missiles at': whom an attack is aimed at
FUNDS = {"loan", "credit", "grant", "aid", "assistance", "funding", "financing", "money", "payment", "compensation",
         "subsidy", "fund"}  # what an offer of money offers
PROMISING = {"promise", "pledge", "donate", "offer"}  # goods promised by a party come from it
# words that make calling an act so no charge: 'called the talks "a big step forward"'
PRAISE = {"historic", "important", "positive", "constructive", "productive", "success", "successful", "good",
          "great", "excellent", "welcome", "milestone", "breakthrough", "friendly", "fruitful", "strategic",
          "partner", "friend", "ally", "step", "forward", "progress", "landmark", "win"}
RECEIVING = {"obtain", "acquire", "get", "buy", "purchase", "receive", "import", "procure", "replace"}
WISHING = {"seek", "want", "look", "try", "hope", "aim", "leverage", "wish", "need", "push", "press",
           "lobby", "strive", "attempt"}
INTENDING = {"want", "plan", "intend", "swear", "vow", "decide", "resolve", "prepare"}  # 'wants to attack': one's own plan
PLACE_TARGETING_VERBS = {"strike", "hit", "bomb", "shell", "attack", "raid", "target"}  # 'struck Aleppo airport'

PROSPECTIVE = {"will", "would", "'ll", "shall", "could", "may", "might"}  # what one will or may do: 'would respond'
FUTURE_AUXILIARIES = {"will", "would", "'ll", "shall", "wo"}  # an act announced: 'will give Tanzania a grant'
# words that put an event ahead of its report, for its date: 'will visit', 'is expected to sign', 'the upcoming summit'
FUTURE_MARKERS = {"will", "'ll", "shall", "expect", "plan", "schedule", "intend", "set", "upcoming"}
PARTS_OF_DAY = {"morning", "afternoon", "evening", "night"}  # 'that evening': the day told before
APPROVING = {"approve", "clear", "authorize", "authorise", "license", "licence"}  # a sale allowed, not yet made
NEGATIONS = {"not", "n't", "never"}
MODALS_OF_POSSIBILITY = {"may", "might", "could"}
HEDGES_OF_PLANS = {"probably", "likely", "possibly", "perhaps"} | MODALS_OF_POSSIBILITY | NEGATIONS  # no plan
CONDITIONS = {"unless", "if"}
LACKING = {"lack", "need", "require"}  # 'lacked the training': an event noun as their object names no act
ANONYMITY_VERBS = {"name", "identify", "quote"}  # 'asked not to be named', 'declined to be identified'
SPEECH_VERBS = {"say", "tell", "add", "write", "state", "announce", "note", "warn", "insist", "argue", "explain"}
COMMENTING = {"comment", "say", "elaborate", "confirm", "specify", "speculate", "disclose"}  # 'declined to comment'
# what is handed over that is no goods: words and time ('delivered a list of demands', 'sent a wrong signal',
# 'gives Qatar 10 days to comply')
NOT_GOODS = {"signal", "message", "list", "letter", "note", "demand", "ultimatum", "statement", "speech", "invitation",
             "verdict", "warning", "day", "hour", "week", "month", "year", "chance", "time", "opportunity", "blow",
             "impression", "boost", "lifeline", "lesson", "answer", "reply", "response"}
CIRCUMSTANCE_MARKS = {"after", "before", "when", "since", "while", "because", "as", "until"}  # a clause told as fact

MANNER_PREPS = {"in", "under", "through", "via", "as"}  # 'delivered ... in a $800mn deal'
EVENT_PLACE_PREPS = {"in", "at", "near", "outside", "inside"}  # where an event happens; not "from": "requested X from Russia"
# where an attack, deployment or withdrawal lands: 'struck targets in Syria', 'drills around Taiwan'
TARGET_PLACE_PREPS = {"in", "at", "on", "near", "around", "into", "inside", "across", "over", "of", "off"}

# the value of a number word: 'two', 'a dozen', 'three hundred'; 'a'/'an' count one ('a year ago')
NUMBER_WORDS = {"zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
                "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90, "dozen": 12, "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9}
