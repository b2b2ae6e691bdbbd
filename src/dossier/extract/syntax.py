"""Reading the dependency parse: who does a verb's act and to whom, through passives, control
('Iran denies supplying', 'urged Russia to supply'), relative clauses and reported pronouns. Plain
functions of spaCy tokens, for the role slots of the event reader (`slots.py`) and the clause
readers of `attribution.py`.
"""

from __future__ import annotations

from spacy.tokens import Token

from dossier.extract.vocabulary import DEFINITE, RELATIVE_PRONOUNS, SUBJECT_PRONOUNS

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
MODIFIERS = {"poss", "compound", "amod", "nmod"}
CLAUSES = {"ccomp", "xcomp"}
# dependents that open another clause or list item: an argument phrase stops there
PHRASE_STOPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "conj", "cc", "punct", "parataxis",
                "mark", "det", "appos"}
_REPORTED = {"ccomp", "xcomp", "conj", "advcl", "pcomp", "prep"}  # the way up from a reported clause
# verbs whose object does what their 'to' clause says: 'urged Russia to supply', not 'summoned X to complain'
_OBJECT_CONTROL = {"urge", "ask", "order", "force", "persuade", "tell", "allow", "permit", "invite", "encourage",
                   "press", "pressure", "call", "require", "compel", "authorize", "enable", "push", "advise",
                   "request", "instruct", "direct", "oblige", "expect", "want", "help", "clear", "authorise"}
# prepositions whose gerund the verb's object does: 'accused Iran of arming', 'warned the West against
# supplying', not 'answered by attacking'
_OBJECT_PREPS = {"of", "for", "from", "against"}
_STATEMENTS = {"statement", "declaration", "letter", "communique", "communiqué", "message", "note", "resolution", "appeal"}
_ISSUING = {"issue", "release", "publish", "send", "adopt", "pass", "sign", "circulate", "post", "deliver", "make"}


def infinitive(verb: Token) -> bool:
    """A 'to' clause: 'to buy', 'to fight'."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def np_role(token: Token) -> str:
    """The dependency of the noun phrase a word belongs to: 'nsubj' for 'Iran' in 'Iran's navy has'."""
    while token.dep_ in MODIFIERS and token.head.i != token.i:
        token = token.head
    return token.dep_


def passive(verb: Token) -> bool:
    """A passive clause, or a past participle describing a noun ('missiles supplied by Iran'); not a
    clause with a subject of its own that a noun takes ('a report that it had sent launchers')."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in verb.children)


def child_of(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def pobj(prep: Token) -> Token | None:
    return child_of(prep, "pobj", "pcomp") if prep.pos_ == "ADP" else prep


def relative_head(token: Token, clause: Token) -> Token:
    """'who'/'which' stands for the noun its relative clause hangs on."""
    if token.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl":
        return clause.head
    return token


def _subject_child(verb: Token) -> Token | None:
    """The verb's subject; of two, the one nearer the verb ('LONDON — Russia has received': Russia)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else next(iter(subjects), None)


def _grammatical_subject(verb: Token) -> Token | None:
    subject = _subject_child(verb)
    if subject is None:
        return _controller(verb)
    if subject.lower_ in SUBJECT_PRONOUNS:
        return _antecedent(verb) or subject
    return relative_head(subject, verb)


def _antecedent(verb: Token) -> Token | None:
    """The subject a reported 'it'/'he'/'they' stands for: 'Switzerland said it had expelled'."""
    node = verb
    for _ in range(4):
        if node.dep_ not in _REPORTED or node.head.i == node.i:
            return None
        node = node.head
        subject = _subject_child(node)
        if subject is not None and node.pos_ in {"VERB", "AUX"}:
            return None if subject.lower_ in SUBJECT_PRONOUNS else relative_head(subject, node)
    return None


def _controller(verb: Token) -> Token | None:
    """Who does a subjectless verb: 'Iran denies supplying', 'Tehran is expected to seek'."""
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "xcomp":
        obj = child_of(head, "dobj") if head.lemma_ in _OBJECT_CONTROL else None
        return obj if obj is not None else _grammatical_subject(head)
    if verb.dep_ in {"conj", "advcl", "acomp"}:
        return _grammatical_subject(head)
    if verb.dep_ == "pcomp" and head.head.i != head.i:
        obj = child_of(head.head, "dobj") if head.lower_ in _OBJECT_PREPS else None
        return obj if obj is not None else _grammatical_subject(head.head)  # 'are guilty of violating'
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        if head.lemma_ in _STATEMENTS and head.dep_ == "dobj" and head.head.lemma_ in _ISSUING:
            return _grammatical_subject(head.head)  # 'the PKK issued a declaration demanding': the PKK demands
        return head
    if verb.dep_ in {"acl", "relcl"} and head.dep_ == "dobj" and infinitive(verb):
        return _grammatical_subject(head.head)  # 'Iran has finalised a deal to buy': Iran buys
    return None


def verb_subject(verb: Token | None) -> Token | None:
    """The doer: the subject, or a passive's 'by' agent, or the controller of a 'to' clause."""
    if verb is None:
        return None
    if passive(verb):
        agent = child_of(verb, "agent")
        return pobj(agent) if agent is not None else None
    return _grammatical_subject(verb)


def verb_object(verb: Token) -> Token | None:
    """The one done to: the direct object, or a passive's subject, or the noun a participle modifies."""
    if passive(verb):
        subject = child_of(verb, "nsubjpass")
        if subject is not None:
            return relative_head(subject, verb)
        return verb.head if verb.dep_ == "acl" else None
    obj = child_of(verb, "dobj")
    return relative_head(obj, verb) if obj is not None else None


def noun_object(noun: Token) -> Token | None:
    """What a noun is of or for: 'an order of S-400 systems', 'the order for 36 jets'."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "for"}), None)
    return pobj(prep) if prep is not None else None


def definite(noun: Token) -> bool:
    """'the demand', 'these requests', 'such deals': a noun that refers back; not 'a demand'."""
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


def purpose_clauses(verb: Token) -> list[Token]:
    """The clauses that say what an act is for, on the verb or its object: 'signed a deal to supply',
    'signed a contract with France to assemble'."""
    obj = child_of(verb, "dobj")
    return [c for head in (verb, obj) if head is not None for c in head.children if c.dep_ in {"xcomp", "advcl", "acl"}]


def event_object(verb: Token) -> Token | None:
    """The noun a verb takes as its object, directly or through a preposition ('agreed to a truce')."""
    obj = child_of(verb, "dobj", "nsubjpass")
    if obj is not None:
        return obj
    prep = child_of(verb, "prep")
    return pobj(prep) if prep is not None else None
