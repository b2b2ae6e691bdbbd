"""Hypothesis strategies for hostile input: article text, HTML pages, JSONL lines and feeds.

Words come from the project's own lexicons (states, weapon systems, trigger lemmas), so that
generated text reaches the extractors rather than stopping at the readers.
"""

from __future__ import annotations

import json
from datetime import date, timedelta, timezone

from hypothesis import strategies as st

from dossier import lexicons
from dossier.extract.triggers import lexicon

NESTING = 10**4  # tags deep, the depth the hardening issue asks for

_STATES = sorted(form for form in lexicons.states() if form.isascii())
_WEAPONS = sorted(lexicons.weapon_systems()) + sorted(lexicons.weapon_phrases())
_TRIGGERS = sorted({" ".join(word.split("|")[0] for word in t.lemma.split()) for t in lexicon().triggers.values()})
_INFLECTIONS = ("", "s", "ed", "d", "ing")

_ODD_CHARACTERS = [
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\r", "\r\n", "\t",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
    "\u0301", "\u0336", "\u0488", "\u20dd", "\ufeff", "\ufffd", "\ufff9", "\u2028", "\u2029",
    "\U0001F680", "\U0001D54F", "\U00012000", "\U0001F1FA\U0001F1E6", "\U0001F469\u200d\U0001F680",
    "\U0010FFFF", "\ue000", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u05e2\u05d1\u05e8\u05d9\u05ea",
    "\u00ad", "\u2060", "\u3000", "\u00a0",
]
_HUGE_NUMBERS = [
    "10^400 dollars", "99999999999999999999 tanks", "$1e308bn", "$" + "9" * 400 + "bn",
    "9" * 400 + " tanks", "9" * 400 + " dollars", "€" + "9," * 200 + "999 trillion", "1e309 rockets",
    "0.0000000000000000001 jets", "-5 missiles", "NaN drones", "inf dollars", "infinity dollars",
    "nan", "Infinity", "between 10 and 9 tanks", "more than " + "9" * 40 + " shells",
    "up to a billion billion rounds", "one hundred hundred thousand million billion howitzers",
    "US$999,999,999,999,999,999,999 trillion", "₽0", "¥-1", "1,2,3,4,5,6 tanks", "12.34.56 dollars",
    "one " + "hundred " * 200 + "tanks", "a billion " * 50 + "dollars",
]
_DATE_PHRASES = [
    "on 31 December 9999", "in the year 0001", "on 1 January 0001", "December 31, 9999", "9999-12-31",
    "0001-01-01", "0000-00-00", "12/31/9999", "31/12/9999", "2024-02-30", "30 February 2024",
    "in 10000000 years", "10000000 days ago", "10000000 years ago", "99999999 months ago",
    "99999999999 weeks ago", "99999999999 days later", "99999999999 years later", "99999999 months later",
    "tomorrow", "yesterday", "today", "on Monday", "on Sunday", "last week", "next week", "next month",
    "last month", "last year", "next year", "this decade", "last decade", "September last year",
    "next December", "last January", "that day", "the same day", "that month", "that year", "that July",
    "a day earlier", "the following year", "the previous month", "two days later", "in the 1990s",
    "in the 18000s", "in 1800", "the 0s", "late 2099", "mid-9999", "the end of December 9999",
    "next winter", "early this spring", "at 25:61", "at 23:59:60",
]
_EMPTY_SENTENCES = [
    ".", ". . .", "...", "!!!", "?!?!", "\n", "\n\n", " ", "\u2014", "\u201c \u201d", "()", "[]", "-", ";",
    "\u2026", ". . . . . . . . . .", "\" \"", "' '",
]
_FILLER = ["the", "a", "of", "to", "with", "said", "officials", "said on", "according to", "reportedly",
           "denied", "not", "and", "or", "that", "it", "he", "they", "its", "their", "which", "who"]


def _one_of_list(words: list[str]) -> st.SearchStrategy[str]:
    """sampled_from without its repr, which would spell out the whole lexicon in every warning."""
    def word(index: int) -> str:
        return words[index]
    return st.integers(0, len(words) - 1).map(word)


def _inflected(lemma: str) -> st.SearchStrategy[str]:
    return st.sampled_from(_INFLECTIONS).map(lambda ending: lemma + ending)


states = _one_of_list(_STATES)
weapons = _one_of_list(_WEAPONS)
triggers = _one_of_list(_TRIGGERS).flatmap(_inflected)
huge_numbers = st.sampled_from(_HUGE_NUMBERS) | st.integers(min_value=10**15, max_value=10**500).map(str)
date_phrases = st.sampled_from(_DATE_PHRASES)
odd_characters = st.sampled_from(_ODD_CHARACTERS)
random_unicode = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
long_tokens = st.builds(lambda piece, n: piece * n, st.sampled_from(["A", "9", "-", "S-400", "\u0301", "ab"]),
                        st.integers(1, 3000))
repeated_punctuation = st.builds(lambda mark, n: mark * n, st.sampled_from(list(".,;:!?-—\"'()[]{}/\\|*&%$#@")),
                                 st.integers(2, 500))

sentences = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.one_of(states, weapons, triggers, huge_numbers, date_phrases, st.sampled_from(_FILLER)),
             min_size=1, max_size=14),
    st.sampled_from([".", "", "!", "?", ":", "\u3002", " \u2014", "..."]),
)
pieces = st.one_of(
    sentences, sentences, sentences, huge_numbers, date_phrases, odd_characters, random_unicode,
    long_tokens, repeated_punctuation, st.sampled_from(_EMPTY_SENTENCES),
)
articles = st.builds(
    lambda parts, glue: glue.join(parts),
    st.lists(pieces, min_size=1, max_size=25),
    st.sampled_from([" ", "\n", "\n\n", "", " \u200f", "\r\n"]),
)

_CALENDAR_ENDS = [date.min.isoformat(), date.max.isoformat(), "0001-01-02", "9999-12-30", "1970-01-01"]
_OFFSETS = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59))
# Publication dates as readers store them (ISO dates or datetimes, or none), and as inputs carry them.
published = st.one_of(
    st.none(),
    st.sampled_from(_CALENDAR_ENDS),
    st.dates().map(date.isoformat),
    st.datetimes(timezones=_OFFSETS.map(timezone)).map(lambda moment: moment.isoformat(timespec="seconds")),
)
raw_published = published | st.sampled_from([
    "Fri, 31 Dec 9999 23:59:59 +0000", "Mon, 01 Jan 0001 00:00:00 GMT", "31 December 9999", "0000-00-00",
    "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "yesterday", "tomorrow", "99999999999999999999",
    "10^400", "Thu, 32 Foo 2024 99:99:99 +9999", "2024-13-45", "", " ",
]) | random_unicode

# HTML
_BROKEN_MARKUP = [
    "&#xD800;", "&#1114112;", "&#99999999999999999999;", "&#0;", "&#x;", "&#;", "&amp", "&nosuch;", "&lt",
    "&#x1F680;", "<!--", "<!-- unclosed comment", "-->", "<![CDATA[", "<![CDATA[ x ]]>", "]]>", "<?xml version='1.0'?>",
    "<!DOCTYPE html>", "<!DOCTYPE", "<script>", "<script>var a = '</p>';</script>", "<style>p{}</style>", "</div>",
    "<p", "<p class='", "<a href=\"javascript:x\">", "<img src=x onerror=y>", "<br/>", "</html>", "<body>",
    "<meta property='article:published_time' content='9999-12-31'>", "<meta name='date' content='0001-01-01'>",
    "<time datetime='99999-01-01'>", "<html lang='xx'>", "<title>\u202e</title>", "<table><tr><td>",
    "<svg><foreignObject>", "<math><mi>", "<template>", "<noscript>", "<iframe>",
]
_TAGS = ["div", "p", "span", "b", "i", "article", "section", "table", "td", "li", "ul", "a", "font", "blockquote"]


def _nested(draw: st.DrawFn, body: str, deepest: int) -> str:
    """`body` inside many levels of one tag, closed or left open."""
    tag = draw(st.sampled_from(_TAGS))
    depth = draw(st.sampled_from([1, 2, 255, 257, 1000, NESTING, deepest]) | st.integers(0, deepest))
    closing = draw(st.booleans())
    return f"<{tag}>" * depth + body + (f"</{tag}>" * depth if closing else "")


@st.composite
def html_pages(draw: st.DrawFn, deepest: int = NESTING) -> str:
    """A page or fragment around adversarial article text, with broken markup around and inside."""
    text = draw(articles)
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    parts = draw(st.lists(st.sampled_from(_BROKEN_MARKUP), max_size=6))
    body = _nested(draw, paragraphs, deepest)
    cut = draw(st.integers(0, len(parts)))
    page = "".join(parts[:cut]) + body + "".join(parts[cut:])
    if draw(st.booleans()):
        title = draw(st.one_of(sentences, random_unicode))
        page = f"<html><head><title>{title}</title></head><body>{page}</body></html>"
    return page


# JSONL
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**400, max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True) | random_unicode | articles,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(random_unicode, children, max_size=3),
    max_leaves=10,
)
_FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "language")


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    """One JSONL line: a record with fields of the right or wrong type, deep JSON, or broken bytes."""
    kind = draw(st.sampled_from(["record", "record", "deep", "broken", "value", "escapes"]))
    if kind == "record":
        record = {}
        for name in draw(st.lists(st.sampled_from(_FIELDS), unique=True)):
            if name == "html":
                record[name] = draw(html_pages(deepest=1000) | _JSON_VALUES)
            elif name == "published":
                record[name] = draw(raw_published | _JSON_VALUES)
            else:
                record[name] = draw(articles | _JSON_VALUES)
        return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    if kind == "deep":
        depth = draw(st.sampled_from([1000, NESTING, 10**5]) | st.integers(1, 10**5))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"text":', "}")]))
        return (opener * depth + json.dumps(draw(articles)) + closer * depth).encode()
    if kind == "broken":
        valid = json.dumps({"text": draw(articles)}).encode()
        broken = {"cut": valid[: draw(st.integers(0, len(valid)))], "utf-16 mark": b"\xff\xfe" + valid,
                  "utf-8 mark": b"\xef\xbb\xbf" + valid, "quotes": valid.replace(b'"', b"'"),
                  "brace": valid + b"}", "bytes": b"\x80\x81" + valid, "noise": draw(st.binary(max_size=200))}
        return broken[draw(st.sampled_from(sorted(broken)))]
    if kind == "escapes":  # lone surrogates and NULs written as JSON escapes, in any field
        escape = draw(st.sampled_from(["\\ud800", "\\udfff", "\\u0000", "\\ud83d\\ude80", "\\ufeff", "\\u202e"]))
        record = {"text": draw(articles)} | {name: draw(st.sampled_from(["", "x", "2024-10-11"]))
                                             for name in draw(st.lists(st.sampled_from(_FIELDS)))}
        name = draw(st.sampled_from(sorted(record)))
        line = json.dumps(record)
        at = line.index(f'"{name}": "') + len(name) + 5
        return (line[:at] + escape + line[at:]).encode()
    return json.dumps(draw(_JSON_VALUES)).encode("utf-8", "surrogatepass")


jsonl_files = st.lists(jsonl_lines(), min_size=0, max_size=4).map(b"\n".join)

# Feeds
_RSS_ITEM = ("<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
             "<description>{body}</description></item>")
_ATOM_ENTRY = ("<entry><title>{title}</title><link href=\"{link}\"/><updated>{date}</updated>"
               "<content type=\"{kind}\">{body}</content></entry>")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def feed_entries(draw: st.DrawFn, atom: bool) -> str:
    body = draw(st.one_of(articles.map(_escaped), html_pages(deepest=1000).map(_escaped),
                          html_pages(deepest=1000).map(lambda page: f"<![CDATA[{page}]]>"), articles))
    fields = {
        "title": draw(st.one_of(sentences, random_unicode).map(_escaped)),
        "link": draw(st.sampled_from(["https://example.org/a", "javascript:alert(1)", "", "file:///etc/passwd",
                                      "https://" + "a" * 3000, "http://[::1"])),
        "date": _escaped(draw(raw_published.map(str))),
        "kind": draw(st.sampled_from(["html", "xhtml", "text", "application/xhtml+xml", "bogus"])),
        "body": body,
    }
    return (_ATOM_ENTRY if atom else _RSS_ITEM).format(**fields)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """An RSS or Atom feed, often malformed: cut short, wrong encoding, undeclared entities."""
    atom = draw(st.booleans())
    entries = "".join(draw(st.lists(feed_entries(atom), max_size=3)))
    if atom:
        feed = f"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Wire</title>{entries}</feed>"
    else:
        feed = f"<rss version=\"2.0\"><channel><title>Wire</title>{entries}</channel></rss>"
    prolog = draw(st.sampled_from([
        "", "<?xml version='1.0' encoding='utf-8'?>", "<?xml version='1.0' encoding='iso-8859-1'?>",
        "<?xml version='1.0' encoding='utf-16'?>", "<?xml version='1.0' encoding='bogus'?>",
        "<!DOCTYPE rss [<!ENTITY e 'Russia supplied tanks'>]>", "<!DOCTYPE rss SYSTEM 'file:///etc/passwd'>",
        "\ufeff", "<?xml",
    ]))
    data = (prolog + feed).encode("utf-8", "surrogatepass")
    cut = draw(st.sampled_from([len(data), len(data), len(data) // 2]) | st.integers(0, len(data)))
    damage = draw(st.sampled_from([b"", b"&undefined;", b"<unclosed>", b"\x00", b"\xff\xfe", b"]]>"]))
    return data[:cut] + damage
