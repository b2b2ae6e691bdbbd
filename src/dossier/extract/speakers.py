"""Who a source is: the kind of speaker an attribution's source span names (a government, state media,
an outlet, an analyst, an unnamed official, a named person), from the gazetteer, the generic words in
`resources/speaker_words.tsv` and the titles in `resources/roles.tsv`.
"""

from __future__ import annotations

import re
from functools import cache

from dossier import lexicons
from dossier.extract.vocabulary import SUBJECT_PRONOUNS

Range = tuple[int, int]  # character offsets [start, end) into the document text
_PRONOUNS = SUBJECT_PRONOUNS | {"i", "you", "who", "which", "that"}
_COUNTED = re.compile(r"^(?:a|an|one|two|three|four|five|six|several|some|many|\d+)\b")
_ANONYMITY = re.compile(r"anonymity|anonymously|familiar with|briefed on|not authori[sz]ed"
                        r"|not to be (?:named|identified)"
                        r"|declined to be (?:named|identified)|unnamed|who (?:asked|spoke) on")

# Gazetteer subkind -> speaker kind. States (names, aliases, capitals) speak as governments; an armed
# group's or an international body's statement is an official one too; a company is a named source.
_SUBKIND_KINDS = {
    "state_media": "state_media", "outlet": "outlet", "think_tank": "analyst", "government": "government",
    "military": "government", "intelligence": "government", "igo": "government", "armed_group": "government",
    "name": "government", "alias": "government", "metonym": "government", "demonym": "government", "company": "named",
}


@cache
def _kind_words() -> dict[str, re.Pattern[str]]:
    """Speaker kind -> one pattern of the generic words that mark it (resources/speaker_words.tsv)."""
    alternatives: dict[str, list[str]] = {}
    for row in lexicons.read_table("speaker_words.tsv"):
        alternatives.setdefault(row["kind"], []).append(row["pattern"])
    return {kind: re.compile(r"\b(" + "|".join(words) + r")\b") for kind, words in alternatives.items()}


@cache
def _gazetteer() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over every state and organisation form that names a speaker, and form -> speaker kind."""
    kinds = {}
    for table in (lexicons.states(), lexicons.organizations()):
        for form, entry in table.items():
            kind = _SUBKIND_KINDS.get(entry.subkind)
            if kind is not None:
                kinds.setdefault(form.replace("'", "\u2019"), kind)
                kinds.setdefault(form, kind)
    forms = sorted(kinds, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)"), kinds


def speaker_kind(text: str, ents: list[tuple[int, int, str]], source: Range | None,
                 earlier: list[tuple[str, str]]) -> str:
    """The kind of speaker a source span of `text` names, given the named entities of the text
    (start, end, label) and the earlier sources' texts and kinds.

    In order: state media; a person (an analyst if described as one); an outlet; an analyst or think
    tank; an unnamed source ('two officials'); a government body or a state; else a named source
    (a company, an organisation the gazetteer does not know). A pronoun takes the kind of the nearest
    earlier source it can stand for, and a short name ('Kaushal') the kind of the earlier source that
    introduced it ('Sidharth Kaushal, senior research fellow').
    """
    if source is None:
        return "anonymous"
    whole, text = text, text[source[0]:source[1]]
    words = text.lower().replace("\u2019", "'")
    if words in _PRONOUNS:
        wanted = {"he": ("named", "analyst"), "she": ("named", "analyst"), "i": ("named", "analyst"),
                  "it": ("government", "state_media", "outlet")}.get(words)
        for _, kind in reversed(earlier):
            if wanted is None or kind in wanted:
                return kind
        return "named" if words in ("he", "she", "i") else "government"
    pattern, form_kinds = _gazetteer()
    named = [(match.start(), match.end(), form_kinds[match.group()]) for match in pattern.finditer(text)]
    found = {kind for _, _, kind in named}
    for kind, words_pattern in _kind_words().items():
        if words_pattern.search(words):
            found.add(kind)
    person = any(label == "PERSON" and start < source[1] and end > source[0]
                 and not any(source[0] + a <= start and end <= source[0] + b for a, b, _ in named)
                 for start, end, label in ents)
    if "state_media" in found:
        return "state_media"
    surname = text.split()[-1]
    if len(text.split()) <= 3 and surname[:1].isupper() and any(
            kind == "analyst" and surname in previous for previous, kind in earlier):
        return "analyst"
    if person:
        return "analyst" if "analyst" in found or _analyst_roles().search(words) else "named"
    if "anonymous" in found and not _unnamed_on_purpose(words, whole[source[1]:source[1] + 120]):
        return "government"  # 'Iranian military officials have confirmed', 'Officials said': on the record
    for kind in ("outlet", "analyst", "anonymous", "government", "named"):
        if kind in found:
            return kind
    if _roles().search(words):
        return "named"  # 'the Russian leader', 'the defence minister': one identifiable person
    if any(label in ("GPE", "NORP") and start < source[1] and end > source[0] for start, end, label in ents):
        return "government"
    return "named"


def _unnamed_on_purpose(source: str, after: str) -> bool:
    """Sources the text leaves unnamed on purpose: counted or singled out ('two officials', 'a senior
    official'), or marked so ('familiar with', 'speaking on condition of anonymity' just after)."""
    return bool(_COUNTED.match(source) or _ANONYMITY.search(source) or _ANONYMITY.search(after.split(".")[0]))


@cache
def _analyst_roles() -> re.Pattern[str]:
    """Titles that make a named person an analyst ('senior research fellow'), from roles.tsv."""
    roles = [role for role, kind in lexicons.roles().items() if kind == "analyst"]
    return re.compile(r"\b(" + "|".join(map(re.escape, roles)) + r")\b")


@cache
def _roles() -> re.Pattern[str]:
    """Titles of office holders ('foreign minister', 'leader', 'general'), from roles.tsv."""
    roles = [role for role, kind in lexicons.roles().items() if kind in ("government", "military", "group_leader")]
    return re.compile(r"\b(" + "|".join(map(re.escape, roles)) + r")\b")
