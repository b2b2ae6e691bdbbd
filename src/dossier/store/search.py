"""Full-text search over titles and texts: the store's own index (SQLite FTS5, PostgreSQL text
search) where it has one, parts of words elsewhere; results as offsets into the stored text, never
markup, with the events whose evidence holds a match."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, ColumnElement, Engine, inspect, or_, select, text

from dossier.store import filters
from dossier.store import schema as t
from dossier.store.migrations import DOCUMENT_VECTOR, FULL_TEXT_TABLE, TEXT_SEARCH_CONFIG
from dossier.store.queries import _children, _contains, _page, count_rows

MAX_SEARCH_TERMS = 20
MAX_MATCHES = 100  # match offsets returned per search hit (`match_count` has them all)
SNIPPET_CHARS = 240
# Control characters the stored text never holds (ingest strips them) mark the index's highlights.
_OPEN, _CLOSE = "\x02", "\x03"
# ts_headline marks every match in the whole text (not fragments), as FTS5's highlight() does.
_HEADLINE_OPTIONS = f"StartSel={_OPEN}, StopSel={_CLOSE}, HighlightAll=true"
_MARKS = re.compile(f"([{_OPEN}{_CLOSE}])")
_WORD = re.compile(r"\w")


def search(engine: Engine, q: str, *, limit: int | None = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Documents whose title or text holds every word of `q`, best first, with match offsets.

    Each hit carries `matches` (offsets into the stored text), `title_matches` (into the title),
    a `snippet` around the first match (its offsets into the text, and its text), and the
    `events` whose evidence sentence holds a match. Words are matched as words, stemmed, where the
    store has a full-text index (SQLite FTS5, PostgreSQL text search); a trailing `*` matches a
    prefix. Elsewhere they are matched as parts of words.
    """
    terms = _search_terms(q)
    limit, offset = filters.limit(limit), filters.offset(offset)
    if not terms:
        return []
    with engine.connect() as conn:
        index = _full_text_index(conn)
        if index == "fts5":
            stmt = text(
                f"SELECT document, highlight({FULL_TEXT_TABLE}, 1, :open, :close) AS title, "
                f"highlight({FULL_TEXT_TABLE}, 2, :open, :close) AS text FROM {FULL_TEXT_TABLE} "
                f"WHERE {FULL_TEXT_TABLE} MATCH :query ORDER BY rank, document LIMIT :limit OFFSET :offset"
            )
            params = {"open": _OPEN, "close": _CLOSE, "query": _fts_query(terms),
                      "limit": -1 if limit is None else limit, "offset": offset}
        elif index == "tsvector":
            query, params = _tsquery(terms)
            headline = f"ts_headline('{TEXT_SEARCH_CONFIG}', %s, q, :options)"
            stmt = text(
                f"SELECT id AS document, {headline % 'title'} AS title, {headline % 'text'} AS text "
                f"FROM documents, {query} AS query(q) WHERE {DOCUMENT_VECTOR} @@ q "
                f"ORDER BY ts_rank({DOCUMENT_VECTOR}, q) DESC, id LIMIT :limit OFFSET :offset"
            )
            params |= {"options": _HEADLINE_OPTIONS, "limit": limit, "offset": offset}
        else:
            d = t.documents.c
            stmt = select(d.id, d.title, d.text).where(*_like_terms(terms))
            rows = conn.execute(_page(stmt, d.id, limit=limit, offset=offset))
            return _search_hits(conn, [
                (row.id, row.title, _find(row.title or "", terms), row.text, _find(row.text, terms))
                for row in rows
            ])
        marked = [(row.document, *_unmark(row.title), *_unmark(row.text)) for row in conn.execute(stmt, params)]
        return _search_hits(conn, marked)


def count_search(engine: Engine, q: str, cap: int | None = None) -> int:
    """How many documents `search` finds for `q`, without a limit, counting no further than `cap`."""
    terms = _search_terms(q)
    if not terms:
        return 0
    bound = "" if cap is None else f" LIMIT {int(cap)}"
    with engine.connect() as conn:
        index = _full_text_index(conn)
        if index == "fts5":
            stmt = text(f"SELECT count(*) FROM (SELECT 1 FROM {FULL_TEXT_TABLE} WHERE {FULL_TEXT_TABLE} MATCH :query{bound})")
            return int(conn.execute(stmt, {"query": _fts_query(terms)}).scalar_one())
        if index == "tsvector":
            query, params = _tsquery(terms)
            stmt = text(f"SELECT count(*) FROM (SELECT 1 FROM documents, {query} AS query(q) "
                        f"WHERE {DOCUMENT_VECTOR} @@ q{bound}) AS found")
            return int(conn.execute(stmt, params).scalar_one())
        return count_rows(conn, select(t.documents.c.id).where(*_like_terms(terms)), cap)


def _search_terms(q: str) -> list[tuple[str, bool]]:
    """The query's words (split at spaces, quotes dropped) and whether each ends in `*` (a prefix)."""
    terms = []
    for chunk in q.split()[:MAX_SEARCH_TERMS]:
        word = chunk.replace('"', "").rstrip("*")
        if _WORD.search(word):
            terms.append((word, chunk.endswith("*")))
    return terms


def _fts_query(terms: list[tuple[str, bool]]) -> str:
    """An FTS5 query that is always valid: every word a quoted phrase, all required."""
    return " ".join(f'"{word}"' + ("*" if prefix else "") for word, prefix in terms)


def _tsquery(terms: list[tuple[str, bool]]) -> tuple[str, dict[str, str]]:
    """A PostgreSQL tsquery requiring every word (a prefix for `word*`), and its parameters.

    Plain words go through `plainto_tsquery`, which never fails; a prefix is one quoted lexeme
    (quotes doubled, backslashes escaped) so that no character in it is read as an operator.
    """
    parts, params = [], {}
    for number, (word, prefix) in enumerate(terms):
        name = f"term{number}"
        if prefix:
            params[name] = "'" + word.replace("\\", "\\\\").replace("'", "''") + "':*"
            parts.append(f"to_tsquery('{TEXT_SEARCH_CONFIG}', CAST(:{name} AS text))")
        else:
            params[name] = word
            parts.append(f"plainto_tsquery('{TEXT_SEARCH_CONFIG}', CAST(:{name} AS text))")
    return f"(SELECT {' && '.join(parts)})", params


def _like_terms(terms: list[tuple[str, bool]]) -> list[ColumnElement[bool]]:
    d = t.documents.c
    return [or_(_contains(d.title, word), _contains(d.text, word)) for word, _ in terms]


def _find(content: str, terms: list[tuple[str, bool]]) -> list[tuple[int, int]]:
    pattern = re.compile("|".join(re.escape(word) for word, _ in terms), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(content)]


def _full_text_index(conn: Connection) -> str | None:
    """Which full-text index the store has: 'fts5' (SQLite), 'tsvector' (PostgreSQL) or None."""
    if conn.dialect.name == "postgresql":
        return "tsvector"
    if conn.dialect.name == "sqlite" and inspect(conn).has_table(FULL_TEXT_TABLE):
        return "fts5"
    return None


def _unmark(marked: str | None) -> tuple[str | None, list[tuple[int, int]]]:
    """Text highlighted by FTS5 between `_OPEN` and `_CLOSE` -> the plain text and the match offsets."""
    if marked is None:
        return None, []
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    position = start = 0
    for piece in _MARKS.split(marked):
        if piece == _OPEN:
            start = position
        elif piece == _CLOSE:
            spans.append((start, position))
        else:
            plain.append(piece)
            position += len(piece)
    return "".join(plain), spans


def _snippet(content: str, spans: list[tuple[int, int]]) -> dict[str, Any]:
    """About `SNIPPET_CHARS` of `content` around the first match, cut at spaces."""
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    end = min(len(content), start + SNIPPET_CHARS)
    if start > 0 and " " in content[start:first]:
        start = content.index(" ", start, first) + 1
    if end < len(content) and " " in content[max(first, end - 40):end]:
        end = content.rindex(" ", max(first, end - 40), end)
    return {"start": start, "end": end, "text": content[start:end]}


def _search_hits(
    conn: Connection, marked: list[tuple[str, str | None, list[tuple[int, int]], str, list[tuple[int, int]]]]
) -> list[dict[str, Any]]:
    """Search results in rank order, with metadata and the events whose evidence holds a match."""
    ids = [row[0] for row in marked]
    d, x = t.documents.c, t.evidence.c
    meta = {row.id: row for row in conn.execute(
        select(d.id, d.outlet, d.url, d.published).where(d.id.in_(ids)))}
    evidence = _children(conn, t.evidence, x.document, ids)
    er = t.event_reviews.c
    rejected = set(conn.execute(select(er.event).join(t.events, t.events.c.id == er.event).where(
        er.verdict == "rejected", t.events.c.document.in_(ids))).scalars())
    hits = []
    for document, title, title_spans, content, spans in marked:
        events = sorted({e.event for e in evidence[document] if e.event not in rejected
                         and any(e.start < end and start < e.end for start, end in spans)})
        row = meta[document]
        hits.append({
            "document": document, "title": title, "outlet": row.outlet, "url": row.url,
            "published": row.published,
            "matches": [{"start": a, "end": b, "text": content[a:b]} for a, b in spans[:MAX_MATCHES]],
            "match_count": len(spans),
            "title_matches": [{"start": a, "end": b} for a, b in title_spans],
            "snippet": _snippet(content, spans),
            "events": events,
        })
    return hits
