"""Actors: states, organisations and people named in a Doc, with people's roles and countries.

States and organisations come from the gazetteer; people from spaCy's PERSON entities (and
name-like ORG/NORP entities that stand as the subject of a reporting verb or name a known office
holder, which the small model often mislabels). A person's role and affiliation are read from
premodifiers ('former Russian Defence Minister Sergey Shoigu'), appositions ('Iran's new president,
Masoud Pezeshkian') and 'of' phrases ('Hanna Notte of the James Martin Center'); a short name
('Pezeshkian') resolves to the full name earlier in the same document. Names in the office-holders
table ('Putin', 'Sergey Shoigu') take the table's canonical id, and its country where the text gives
none: the term in office at the publication date, else the one state all the person's terms share. A
person still without a country who holds a government or military office takes the one state the text
names ('President Gbagbo' in a report naming only Ivory Coast). An acronym the text defines after a
known name ('Forces for Defence of Democracy (FDD)') names that body wherever the text uses it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from dossier import lexicons
from dossier.components.datelines import dateline_end
from dossier.extract.vocabulary import SPEECH_VERBS
from dossier.records import Actor, Event, Mention

# names of the Doc span groups the components fill and the extractors read
GAZETTEER_KEY = "gazetteer_actors"  # states and organisations the gazetteer matched
WEAPONS_KEY = "weapons"  # weapon designations and phrases
ACTORS_KEY = "actors"  # every actor mention: gazetteer, people, references
_ROLE_PREFIXES = {"former", "deputy", "acting", "vice", "ex"}
_ORG_WORDS = {"group", "center", "centre", "institute", "ministry", "council", "agency", "corps",
              "force", "forces", "army", "bank", "company", "university", "academy", "party",
              "committee", "court", "office", "department", "times", "post", "news", "service"}
_MAX_ROLE_WORDS = 7
_OFFICE_KINDS = {"government", "military"}  # role kinds whose holders serve a state
_ARTICLES = {"the", "a", "an"}
_GROUP_NOUNS = {"rebel", "guerrilla", "militia", "militiaman", "fighter", "militant", "separatist", "insurgent",
                "force", "troop", "soldier", "civilian", "refugee", "majority", "minority", "population",
                "community", "tribe", "clan", "people", "group", "peninsula", "region", "province", "district"}
# nouns a person's name may modify ('Erdogan aide', 'Khashoggi family'); a name modifying any other
# common noun is a make or a thing's ('Kalashnikov rifles', 'MiG-21 Bison jets'), not a person
_PEOPLES_NOUNS = {"aide", "ally", "supporter", "loyalist", "adviser", "advisor", "spokesman", "spokeswoman", "family",
                  "administration", "government", "camp", "campaign", "era", "visit", "trip", "case", "murder",
                  "killing", "death", "trial", "affair", "doctrine", "plan", "team", "lawyer", "son", "daughter"}
_NAME_PARTICLES = {"der", "den", "de", "la", "le", "van", "von", "bin", "al", "el", "da", "du", "ibn"}  # 'von der Leyen'
_SITE_LABELS = {"FAC", "LOC"}  # not GPE: the small model gives it to many names of people ("Kordahi")
_SITE_NOUNS = {"base", "airbase", "airport", "airfield", "port", "harbour", "harbor", "shipyard", "dockyard", "camp",
               "crossing", "checkpoint", "garrison", "range"}  # a name modifying one is a place's: 'Cam Ranh naval base'
_BODY_HEADS = {"committee", "council", "union", "party", "front", "army", "movement", "organisation", "organization",
               "agency", "association", "commission", "forces", "brigade", "brigades", "service", "ministry",
               "institute", "centre", "center", "corporation", "company", "group", "league", "alliance", "bureau",
               "authority", "office", "court", "assembly", "congress", "federation", "coalition", "network",
               "mission", "corps", "bank", "fund", "directorate", "administration", "department", "board",
               "society", "foundation", "tribunal", "militia", "resistance", "guard", "command", "institution"}
_ARMED_HEADS = {"army", "front", "movement", "brigade", "brigades", "militia", "resistance"}
_NAME_JOINERS = {"of", "for", "the", "and", "on", "in", "&"}
_HONORIFICS = {"Sheikh", "Shaikh", "Prince", "Princess", "Queen", "Emperor", "Sayyed", "Sayyid", "Mr", "Mr.",
               "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame", "Lord"}  # titles roles.tsv leaves out


@dataclass(slots=True)
class Person:
    id: str
    name: str
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    wikidata: str | None = None
    body: str | None = None  # the organisation the describing phrases say the person speaks for


@dataclass(frozen=True, slots=True)
class Holder:
    """What the office-holders table says about a name: the person, when it names one, and the
    country, when the terms that count agree on one."""

    form: str  # the name as looked up, honorifics dropped
    name: str | None
    country: str | None
    wikidata: str | None


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def office_holder(text: str, published: date | None = None) -> Holder | None:
    """Looks a name up in the office-holders table, dropping honorifics ('Sheikh Tamim') if need be.

    The terms in office on the publication date count; with no date, or none in office then, all
    the form's terms do ('Bush' is American either way, but only a date says which Bush).
    """
    table = lexicons.office_holders()
    words = text.split()
    while " ".join(words) not in table and len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    form = " ".join(words)
    terms = table.get(form)
    if not terms:
        return None
    current = [term for term in terms if published and term.covers(published)]
    counted = current or terms
    everyone = {term.name for term in terms}
    names = everyone if len(everyone) == 1 else {term.name for term in counted}
    countries = {term.country for term in counted}
    name = next(iter(names)) if len(names) == 1 else None
    wikidata = next((term.wikidata for term in terms if term.name == name and term.wikidata), None)
    return Holder(form, name, countries.pop() if len(countries) == 1 else None, wikidata)


def _in_office(text: str, published: date | None) -> bool:
    """Whether a name in the office-holders table held office on the publication date."""
    return published is not None and any(term.covers(published) for term in lexicons.office_holders().get(text, ()))


def _bare(span: Span) -> str:
    """A name without its possessive ending."""
    return span.text.removesuffix("’s").removesuffix("'s").strip()


def _is_person(ent: Span) -> bool:
    """A PERSON entity, or an ORG/NORP/GPE one that is really a person: a known office holder
    ('Museveni', 'Pezeshkian', 'Erdogan') or (ORG/NORP) name words speaking. A PERSON entity the model
    gave to a people or a place is not one (see `_names_a_people_or_place`)."""
    if ent.label_ == "PERSON":
        return not _names_a_people_or_place(ent) and _bare(ent) not in lexicons.places()  # not 'Kharkiv'
    known = office_holder(_bare(_strip_titles(ent)[0])) is not None
    if ent.label_ == "GPE":
        return known  # 'a call with Erdogan'
    if ent.label_ not in {"ORG", "NORP"}:
        return False
    return known or _is_person_like(ent)


def _names_a_people_or_place(ent: Span) -> bool:
    """An article before the name ('the Rhine', 'a Karen stronghold', 'the Hutu majority') or one word
    modifying a group or region noun ('Hutu rebel group', 'Jaffna peninsula'): news does not write
    people's names that way. Known office holders ('the Obama administration') stay people."""
    doc = ent.doc
    after_article = ent.start > 0 and doc[ent.start - 1].lower_ in _ARTICLES
    head = ent.root.head
    modifies_group = (len(ent) == 1 and ent.root.dep_ in {"compound", "amod"} and head.pos_ == "NOUN"
                      and head.lemma_.lower() in _GROUP_NOUNS)
    names_site = ent.root.dep_ in {"compound", "amod"} and head.lemma_.lower() in _SITE_NOUNS  # 'Meiktila air base'
    after = doc[ent.end] if ent.end < len(doc) else None  # the parser may not see the compound: read the word
    names_a_make = (after is not None and after.pos_ == "NOUN" and after.text.islower()
                    and after.lemma_ not in _PEOPLES_NOUNS | _NAME_PARTICLES
                    and not ent.text.endswith(("'s", "’s")))  # 'Kalashnikov assault rifles', 'Bison jets'
    return (after_article or modifies_group or names_site or names_a_make) and office_holder(_bare(ent)) is None


def _is_person_like(ent: Span) -> bool:
    """An ORG/NORP entity that is really a person: two or three capitalised name words speaking."""
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 3 or ent[0].lower_ == "the":
        return False
    if any(t.pos_ != "PROPN" or not t.text[:1].isupper() or t.lower_ in _ORG_WORDS for t in words):
        return False
    head = ent.root.head
    return ent.root.dep_ == "nsubj" and head.lemma_ in SPEECH_VERBS


def _strip_titles(ent: Span) -> tuple[Span, list[str]]:
    """'Brigadier General Mohammad Bagheri' -> ('Mohammad Bagheri', ['brigadier general'])."""
    role_table = lexicons.roles()
    start, titles = ent.start, []
    while start < ent.end - 1:
        for width in range(min(3, ent.end - 1 - start), 0, -1):
            words = ent.doc[start:start + width].text.lower()
            if words in role_table:
                titles.append(words)
                start += width
                break
        else:
            break
    return ent.doc[start:ent.end], titles


def _role_region(name: Span) -> list[Span]:
    """The phrases around a name that describe the person: premodifiers, appositions, 'of X'."""
    doc, root = name.doc, name.root
    regions = []
    left = root.left_edge.i
    if left < name.start:
        regions.append(doc[left:name.start])
    if root.dep_ == "appos" and root.head.i < name.start:
        head = root.head
        regions.append(doc[head.left_edge.i:name.start])
    for child in root.rights:
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ in {"of", "from", "at"}):
            regions.append(doc[child.left_edge.i:child.right_edge.i + 1])
    return regions


def _roles_in(region: Span) -> list[str]:
    """Role phrases in a region, longest first at each position, with 'former'-style prefixes."""
    role_table, found = lexicons.roles(), []
    words = [t.lower_ for t in region]
    i = last_end = 0
    while i < len(words):
        for width in range(min(_MAX_ROLE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + width])
            if phrase in role_table:
                prefix = next((w for w in words[last_end:i] if w in _ROLE_PREFIXES), None)
                found.append(f"{prefix} {phrase}" if prefix else phrase)
                i = last_end = i + width
                break
        else:
            i += 1
    return found


def _affiliation(regions: list[Span], gazetteer: list[Span]) -> str | None:
    """The country of the first state or organisation named in the describing phrases, else of a place
    they name ('the governor of the Odesa region')."""
    for region in regions:
        for span in gazetteer:
            if region.start <= span.start and span.end <= region.end:
                country = _country_of(span)
                if country:
                    return country
    return next((country for region in regions if (country := place_in(region))), None)


def _body_named(regions: list[Span], gazetteer: list[Span]) -> str | None:
    """The organisation named first in the phrases that describe a person ('NATO spokesperson Oana
    Lungescu', 'Sevim Dagdelen, a Left Party lawmaker', 'Andrew Smith of CAAT'): the body the person
    speaks for, which acts through them."""
    return next((span.kb_id_ for region in regions for span in gazetteer
                 if region.start <= span.start and span.end <= region.end and span.kb_id_.startswith("org:")), None)


def place_in(span: Span) -> str | None:
    """The state a place named within a span lies in ('Aleppo international airport', 'the governor of the
    Odesa region'), from resources/places.tsv; None when it names none."""
    places, doc = lexicons.places(), span.doc
    for size in (4, 3, 2, 1):  # 'Deir ez - Zor' is four tokens
        for i in range(span.start, span.end - size + 1):
            country = places.get(doc[i:i + size].text)
            if country is not None:
                return country
    return None


def home_state(doc: Doc, spans: Iterable[Span]) -> str | None:
    """The state whose bodies a text names bare ('the junta arrested', 'security forces killed'): the
    dateline's, else the state the text names most, when one leads."""
    filed = dateline_state(doc)
    if filed is not None:
        return filed
    ranked = Counter(span.kb_id_ for span in spans if span.label_ == "state" and span.kb_id_).most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def dateline_state(doc: Doc) -> str | None:
    """The state of the place a newswire dateline opens the text with ('BERLIN, March 3 (Agency) -',
    'DEBLIN, Poland -'): where the report is filed, most often the state whose bodies it names bare."""
    start = next((t.i for t in doc if not t.is_space), None)
    dash = dateline_end(doc, start) if start is not None else None
    if dash is None:
        return None
    words = [t.text for t in doc[start:dash] if t.is_alpha]
    states, places = lexicons.states(), lexicons.places()
    for size in (3, 2, 1):  # 'NEW YORK', 'BANDAR SERI BEGAWAN'
        for i in range(len(words) - size + 1):
            name = " ".join(words[i:i + size]).title()
            entry = states.get(name)
            if entry is not None or name in places:
                return entry.country if entry is not None else places[name]
    return None


def _country_of(span: Span) -> str | None:
    if span.label_ == "state":
        return span.kb_id_
    entry = _organizations_by_id().get(span.kb_id_)
    return entry.country if entry else None


@cache
def _organizations_by_id() -> dict[str, lexicons.Entry]:
    return {entry.id: entry for entry in lexicons.organizations().values()}


def _defined_acronyms(doc: Doc, gazetteer: list[Span]) -> list[Span]:
    """The gazetteer spans with acronyms the text defines ('Forces for Defence of Democracy (FDD)') read
    as the body they follow, wherever the text uses them, over any other body the acronym names. A state,
    or a name after a preposition, is only the tail of the name defined ('the force in Lebanon (UNIFIL)')."""
    defined: dict[str, Span] = {}
    for span in gazetteer:
        start, end = span.start, span.end
        if span.label_ == "state" or (start > 0 and doc[start - 1].dep_ == "prep"):
            continue
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            word = doc[end + 1].text
            if len(word) > 1 and word.isupper() and word != span.text:
                defined.setdefault(word, span)
    if not defined:
        return gazetteer
    kept = [span for span in gazetteer if span.text not in defined]
    covered = {i for span in kept for i in range(span.start, span.end)}
    added = [Span(doc, t.i, t.i + 1, label=defined[t.text].label_, kb_id=defined[t.text].kb_id_)
             for t in doc if t.text in defined and t.i not in covered]
    return sorted(kept + added, key=lambda s: s.start)


def _defined_bodies(doc: Doc, gazetteer: list[Span]) -> tuple[list[Span], dict[str, lexicons.Entry]]:
    """Bodies no table knows, named with an acronym the text defines ('The Ceasefire Violations Committee
    (CFVC)', 'the Nigerian Union of Teachers (NUT)'): organisations, or armed groups where the name's head
    says so, tied to the state named inside the name, wherever the text uses the name or the acronym.
    The name's head word must name a body ('Memorandum of Understanding (MOU)' names none)."""
    taken = {i for span in gazetteer if span.label_ != "state" for i in range(span.start, span.end)}
    taken |= {i for span in doc.spans.get(WEAPONS_KEY, []) for i in range(span.start, span.end)}
    states = [span for span in gazetteer if span.label_ == "state"]
    bodies: dict[str, lexicons.Entry] = {}
    by_acronym: dict[str, str] = {}
    names: list[Span] = []
    for bracket in doc[:-2]:
        if bracket.text != "(" or doc[bracket.i + 2].text != ")" or bracket.i + 1 in taken:
            continue
        acronym = doc[bracket.i + 1].text
        if not (2 <= len(acronym) <= 8 and acronym.isupper() and acronym.replace("/", "").isalpha()):
            continue
        name = _name_before(doc, bracket.i, taken)
        if name is None or any(span.start == name.start and span.end == name.end for span in states):
            continue
        head = doc[next((t.i for t in name if t.lower_ in {"of", "for"}), name.end) - 1]  # 'Union' of '... of Teachers'
        initials = {t.text[0] for t in name if t.text[:1].isupper()}
        if head.lower_ not in _BODY_HEADS or acronym[0] != name[0].text[0] or not initials <= set(acronym):
            continue
        inside = [span for span in states if span.start < name.end and name.start < span.end]
        kind = "group" if head.lower_ in _ARMED_HEADS else "organization"
        body = lexicons.Entry("org:" + slug(name.text), name.text, kind, inside[0].kb_id_ if inside else None)
        bodies.setdefault(body.id, body)
        by_acronym.setdefault(acronym, body.id)
        names.append(Span(doc, name.start, name.end, label=body.kind, kb_id=body.id))
    if not bodies:
        return gazetteer, {}
    covered = {i for span in names for i in range(span.start, span.end)}
    names += [Span(doc, t.i, t.i + 1, label=bodies[by_acronym[t.text]].kind, kb_id=by_acronym[t.text])
              for t in doc if t.text in by_acronym and t.i not in covered and t.i not in taken]
    kept = [span for span in gazetteer if not any(span.start < n.end and n.start < span.end for n in names)]
    return sorted(kept + names, key=lambda s: s.start), bodies


def _name_before(doc: Doc, end: int, taken: set[int]) -> Span | None:
    """The capitalised words (and the joiners between them) that end at `end`, within the sentence."""
    start, first = end, doc[end].sent.start
    while start > first and start - 1 not in taken and _in_name(doc[start - 1]):
        start -= 1
    while start < end and doc[start].lower_ in _NAME_JOINERS:
        start += 1
    capitals = sum(t.text[:1].isupper() for t in doc[start:end])
    return doc[start:end] if capitals >= 2 else None


def _in_name(token: Token) -> bool:
    """A word of a body's name: capitalised (a sentence's first word only as a proper noun) or a joiner."""
    if token.lower_ in _NAME_JOINERS:
        return True
    return token.text[:1].isupper() and not token.is_punct and (token.pos_ == "PROPN" or not token.is_sent_start)


def _office_kind(role: str) -> str | None:
    """The kind of a role as `_roles_in` writes it ('former defence minister' -> 'government')."""
    table = lexicons.roles()
    first, _, rest = role.partition(" ")
    return table.get(role) or (table.get(rest) if first in _ROLE_PREFIXES else None)


def _state_before(doc: Doc, spans: list[Span], start: int | None) -> str | None:
    """The country of the state or body named last before a person holding an office, within their sentence
    and the one before ('Sudan's army has made the charge. Lieutenant General Yasser al-Atta, a deputy
    commander, ...')."""
    if start is None:
        return None
    sentence = doc[start].sent
    floor = doc[sentence.start - 1].sent.start if sentence.start > 0 else 0
    countries = [_country_of(span) for span in spans if floor <= span.start < start]
    return next((country for country in reversed(countries) if country), None)


def _sole_state(spans: list[Span]) -> str | None:
    """The state a text names, when it names exactly one."""
    states = {span.kb_id_ for span in spans if span.label_ == "state"}
    return states.pop() if len(states) == 1 else None


def _sites(doc: Doc) -> set[str]:
    """Names the text uses for a place or facility somewhere ('the Cam Ranh naval base'): no person
    elsewhere in it either ('later at Cam Ranh'), unless an office holder."""
    names = {_bare(ent).removeprefix("the ").strip() for ent in doc.ents
             if ent.label_ in _SITE_LABELS or (ent.label_ == "PERSON" and _names_a_people_or_place(ent))}
    return {name for name in names if name and office_holder(name) is None}


def link_people(doc: Doc, published: date | None = None) -> dict[str, Person]:
    """Sets `doc.spans['actors']` (gazetteer actors plus people) and returns the people by id.

    `published` picks, for names in the office-holders table, the term in office that day.
    """
    gazetteer = _defined_acronyms(doc, list(doc.spans[GAZETTEER_KEY]) if GAZETTEER_KEY in doc.spans else [])
    gazetteer, bodies = _defined_bodies(doc, gazetteer)
    doc.user_data["bodies"] = bodies
    weapons = list(doc.spans.get(WEAPONS_KEY, []))
    taken = {i for span in gazetteer + weapons for i in range(span.start, span.end)}
    people: dict[str, Person] = {}
    by_surname: dict[str, str] = {}
    table_countries: dict[str, str | None] = {}
    spans = list(gazetteer)
    sites = _sites(doc)
    for ent in doc.ents:
        if any(i in taken for i in range(ent.start, ent.end)) or _bare(ent) in sites:
            continue
        if not _is_person(ent) and _bare(ent) not in by_surname:  # 'Blinken' after 'Antony Blinken', whatever its label
            continue
        name, titles = _strip_titles(ent)
        text = _bare(name)
        if not text:
            continue
        holder = office_holder(text, published)
        person = _person(text, holder, people, by_surname)
        if holder and person.id == _person_id(holder.form, holder):
            table_countries.setdefault(person.id, holder.country)
            person.wikidata = person.wikidata or holder.wikidata
        regions = _role_region(name)
        for role in titles + [r for region in regions for r in _roles_in(region)]:
            if role not in person.roles:
                person.roles.append(role)
        person.country = person.country or _affiliation(regions, gazetteer)
        person.body = person.body or _body_named(regions, gazetteer)
        spans.append(Span(doc, name.start, name.end, label="person", kb_id=person.id))
    named = taken | {i for span in spans for i in range(span.start, span.end)}
    entities = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for token in doc:  # a name the model tagged as no entity: 'Pezeshkian said' after 'Masoud Pezeshkian',
        if token.i in named or not token.text[:1].isupper():  # or an office holder in office that day
            continue
        if token.pos_ == "PROPN" and token.text in by_surname and token.ent_type_ not in _SITE_LABELS:
            spans.append(Span(doc, token.i, token.i + 1, label="person", kb_id=by_surname[token.text]))
        elif token.i not in entities and token.pos_ in {"PROPN", "ADJ"} and _in_office(token.text, published):
            holder = office_holder(token.text, published)
            person = _person(token.text, holder, people, by_surname)
            table_countries.setdefault(person.id, holder.country)
            person.wikidata = person.wikidata or holder.wikidata
            spans.append(Span(doc, token.i, token.i + 1, label="person", kb_id=person.id))
    for person_id, country in table_countries.items():
        people[person_id].country = people[person_id].country or country
    sole_state = _sole_state(gazetteer)
    first_mention = {}
    for span in spans:
        if span.label_ == "person":
            first_mention.setdefault(span.kb_id_, span.start)
    for person in people.values():
        if person.country is None and any(_office_kind(role) in _OFFICE_KINDS for role in person.roles):
            person.country = sole_state or _state_before(doc, gazetteer, first_mention.get(person.id))
    for span in spans:
        if span.label_ == "person":
            span._.country = people[span.kb_id_].country
        else:
            span._.country = bodies[span.kb_id_].country if span.kb_id_ in bodies else _country_of(span)
    doc.spans[ACTORS_KEY] = sorted(spans, key=lambda s: s.start)
    return people


def _person_id(text: str, holder: Holder | None) -> str:
    """The table's canonical name where it names one person ('Sergey Shoigu' -> sergei-shoigu)."""
    return "person:" + slug(holder.name if holder and holder.name else text)


def _person(text: str, holder: Holder | None, people: dict[str, Person],
            by_surname: dict[str, str]) -> Person:
    """The person a name stands for: a surname first resolves to a full name earlier in the document,
    then to the office-holders table; a bare surname is named by the table's full name."""
    form = holder.form if holder else text
    words = form.split()
    person_id = by_surname.get(form) if len(words) == 1 else None
    if person_id is None:
        person_id = _person_id(form, holder)
    shown = holder.name if holder and holder.name and len(words) == 1 else form
    person = people.setdefault(person_id, Person(person_id, shown))
    if len(words) > 1:
        by_surname.setdefault(words[-1], person_id)
    return person


def actors_and_mentions(doc: Doc, document_id: str) -> tuple[list[Actor], list[Mention]]:
    """Actor records (one per actor named) and their mentions, from an annotated Doc."""
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    people: dict[str, Person] = doc.user_data.get("people", {})
    orgs = _organizations_by_id()
    for span in doc.spans[ACTORS_KEY] if ACTORS_KEY in doc.spans else []:
        actor_id = span.kb_id_
        actor = actors.get(actor_id)
        if actor is None:
            if span.label_ == "person":
                person = people[actor_id]
                actor = Actor(actor_id, person.name, "person", person.country, [], list(person.roles),
                              person.wikidata)
            elif span.label_ == "state":
                actor = _state_actor(actor_id)
            else:
                entry = orgs.get(actor_id) or doc.user_data["bodies"][actor_id]
                actor = Actor(actor_id, entry.name, entry.kind, entry.country,
                              wikidata=lexicons.wikidata().get(actor_id))
            actors[actor_id] = actor
        if span.text != actor.name and span.text not in actor.aliases and not span._.reference:
            actor.aliases.append(span.text)
        mentions.append(Mention(document_id, span.start_char, span.end_char, span.text, actor_id))
    return list(actors.values()), mentions


def _state_actor(iso3: str) -> Actor:
    """The record of a state, by its ISO alpha-3 code."""
    return Actor(iso3, lexicons.state_names().get(iso3, iso3), "state", iso3, wikidata=lexicons.wikidata().get(iso3))


def unnamed_states(actors: list[Actor], events: list[Event]) -> list[Actor]:
    """Records for the states that events name and the text does not: a system's maker as its supplier
    ('Five Rafale jets landed in India' runs from France). Without them the store refuses the document."""
    known = {actor.id for actor in actors}
    states = lexicons.state_names()
    named = {ref for event in events for ref in (event.source, event.target, *event.others) if ref in states}
    return [_state_actor(iso3) for iso3 in sorted(named - known)]
