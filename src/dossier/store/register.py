"""Register rows kept in step with their steps, in the writer's transaction.

Each fusion event's register steps are filed with it (`register_steps`). A batch of new documents
brings each row it adds steps to up to date from the row's stored state (`fuse.register.RowState`)
and those steps alone, so a busy row costs a batch what the batch adds to it, not its history. Only
a cancellation's row depends on other steps: a pair's cancellations are placed again when the batch
brings one, or opens a row they might join; if a stored one moves, its rows are recomputed. A
change that takes steps away (re-analysis, a review of an event, an actor given a country)
recomputes the rows of the pairs and weapons it touches from their stored steps, as `rebuild`
does for every row; a review of a row writes it again from its state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, literal, select, tuple_, update

from dossier.fuse.register import RowKey, RowState, Step, event_steps, place, step_figure
from dossier.store import reviews
from dossier.store import schema as t
from dossier.store.queries import LISTED_PARTS, TRANSFER_PARTS, any_of

LOGGER = logging.getLogger(__name__)

CHUNK = 500
ROWS = 20  # groups recomputed from their steps together: their steps are read in one pass
Group = tuple[str, str, str]  # the rows of one pair of countries (low, high) and one weapon name


def step_rows(event: dict, countries: dict[str, str | None], latest: dict[str, str], pair: tuple[str, str]
              ) -> list[dict[str, Any]]:
    """The `register_steps` rows of one complete event, its cancellations not yet placed."""
    return [{"event": step.rank[1], "item": step.rank[2], "phase": step.rank[0], "low": pair[0], "high": pair[1],
             "name": step.row[2], "supplier": step.row[0], "recipient": step.row[1],
             "transfer": None if step.rank[0] == 1 else reviews.transfer_key(*step.row), "day": step.when[0],
             "undated": step.when[1], "category": step.category, "halts": step.halts, "maker": step.maker,
             "document": step.entry["document"], "date": step.entry["date"], "entry": step.entry,
             "figure": step_figure(step.entry) is not None}
            for step in event_steps(event, countries, latest)]


def group_of(step: Mapping[str, Any]) -> Group:
    return step["low"], step["high"], step["name"]


def _step(row: Mapping[str, Any]) -> Step:
    """A stored (or about to be stored) step as fusion made it."""
    return Step((row["supplier"], row["recipient"], row["name"]), (row["phase"], row["event"], row["item"]),
                (row["day"], row["undated"]), row["category"], row["entry"], row["halts"], row["maker"])


def _row_key(transfer: str) -> RowKey:
    supplier, recipient, name = transfer.split("|", 2)
    return supplier, recipient, name


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def write(conn: Connection, whole: set[Group], added: list[dict[str, Any]], reviewed: set[Group],
          progress: Callable[[str, int, int], None] | None = None) -> None:
    """File the `added` steps (of new documents) and bring the register rows up to date: those of the
    `whole` groups from all their stored steps (steps filed already), the others from their stored
    state and their added steps alone; the rows of `reviewed` groups are written again with their
    latest reviews."""
    by_group: dict[Group, list[dict[str, Any]]] = {}
    for step in added:
        by_group.setdefault(group_of(step), []).append(step)
    growing = {group: by_group.get(group, []) for group in (set(by_group) | reviewed) - whole}
    stored = _stored_rows(conn, sorted(growing))
    whole = whole | _misplaced(conn, growing, stored)
    growing = {group: steps for group, steps in growing.items() if group not in whole}
    known = _known_documents(conn, sorted({(step["transfer"], step["document"]) for steps in growing.values()
                                           for step in steps if step["transfer"] is not None}))
    insert_steps(conn, added)
    done = 0
    for chunk in _chunks(sorted(whole), ROWS):
        _write_whole(conn, chunk)
        done += len(chunk)
        if progress is not None:
            progress("register", done, len(whole))
    _write_grown(conn, growing, stored, known, reviewed)


def insert_steps(conn: Connection, steps: list[dict[str, Any]]) -> None:
    for chunk in _chunks(steps):
        conn.execute(t.register_steps.insert(), list(chunk))


def _stored_rows(conn: Connection, groups: Sequence[Group]) -> dict[Group, dict[str, Any]]:
    """The stored rows of these groups: group -> row key -> (rank, state)."""
    tr = t.transfers.c
    found: dict[Group, dict[str, Any]] = {group: {} for group in groups}
    for chunk in _chunks(groups):
        stmt = select(tr.key, tr.low, tr.high, tr.name, tr.phase, tr.first, tr.item, tr.state).where(
            any_of((tr.low, tr.high, tr.name), chunk))
        for row in conn.execute(stmt):
            found[(row.low, row.high, row.name)][row.key] = row
    return found


def _misplaced(conn: Connection, growing: dict[Group, list[dict[str, Any]]], stored: dict[Group, dict[str, Any]]
               ) -> set[Group]:
    """Place the new cancellations of these groups (setting their `transfer`); return the groups
    where a stored cancellation moves (their rows are recomputed whole).

    While the rows transfers open stay the same, a new cancellation goes where `place` puts it
    alone among the group's open rows: with a transfer's row open, no cancellation opens another;
    with none, the row the first cancellation opened takes every later one. Otherwise (a row
    opens, or a cancellation comes before the one that opened the group's row) the group's
    stored cancellations are placed again with the new ones."""
    placing = []
    for group, steps in growing.items():
        opened = {_row_key(key) for key, row in stored[group].items() if row.phase == 0}
        opening = {_step(s).row for s in steps if s["phase"] == 0} - opened
        new = [s for s in steps if s["phase"] == 1]
        first = [(row.phase, row.first, row.item, _row_key(key)) for key, row in stored[group].items() if row.phase == 1]
        rows = opened or {row for *_, row in first}
        if opening or (new and not opened and not (first and all(_rank(s) > first[0][:3] for s in new))):
            placing.append(group)
            continue
        for step in new:
            [(_, step["transfer"])] = _placements(rows, [step])
    return _placed_again(conn, {group: growing[group] for group in placing}, stored)


def _rank(step: Mapping[str, Any]) -> tuple[int, str, int]:
    return step["phase"], step["event"], step["item"]


def _placed_again(conn: Connection, growing: dict[Group, list[dict[str, Any]]], stored: dict[Group, dict[str, Any]]
                  ) -> set[Group]:
    """Place the new cancellations of these groups with their stored ones; return the groups where
    a stored one moves."""
    old = _cancellations(conn, sorted(growing))
    moved = set()
    for group, steps in growing.items():
        opened = {_row_key(key) for key, row in stored[group].items() if row.phase == 0}
        opened |= {_step(s).row for s in steps if s["phase"] == 0}
        for step, key in _placements(opened, old[group] + [s for s in steps if s["phase"] == 1]):
            if isinstance(step, dict):
                step["transfer"] = key
            elif step["transfer"] != key:
                moved.add(group)
    return moved


def _cancellations(conn: Connection, groups: Sequence[Group]) -> dict[Group, list[Any]]:
    """The stored cancellations of these groups."""
    rs = t.register_steps.c
    found: dict[Group, list[Any]] = {group: [] for group in groups}
    for chunk in _chunks(groups):
        stmt = select(t.register_steps).where(any_of((rs.low, rs.high, rs.name), chunk), rs.phase == 1)
        for row in conn.execute(stmt):
            found[(row.low, row.high, row.name)].append(row._mapping)
    return found


def _placements(opened: set[RowKey], cancellations: list[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], str | None]]:
    """Each cancellation, in order, with the key of the row `place` puts it in (None: in none)."""
    ordered = sorted(cancellations, key=_rank)
    return [(step, None if row is None else reviews.transfer_key(*row))
            for step, row in zip(ordered, place(opened, [_step(s) for s in ordered]))]


def _known_documents(conn: Connection, pairs: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (row, document) pairs stored steps cite already. Rows and documents are matched as two
    lists, each pair looked up in `ix_register_steps_document` (SQLite scans the whole index for a
    list of pairs)."""
    rs = t.register_steps.c
    found: set[tuple[str, str]] = set()
    for chunk in _chunks(pairs):
        wanted = set(chunk)
        stmt = select(rs.transfer, rs.document).where(rs.transfer.in_(sorted({row for row, _ in wanted})),
                                                      rs.document.in_(sorted({doc for _, doc in wanted})))
        found.update(pair for pair in map(tuple, conn.execute(stmt)) if pair in wanted)
    return found


def _write_grown(conn: Connection, growing: dict[Group, list[dict[str, Any]]], stored: dict[Group, dict[str, Any]],
                 known: set[tuple[str, str]], reviewed: set[Group]) -> None:
    """Fold each group's added steps into its rows' stored states, and write the rows they change
    (and every row of a reviewed group), with their new dates."""
    states: dict[str, tuple[Group, RowState]] = {}
    for group in growing:
        for key, row in stored[group].items():
            states[key] = (group, RowState(**row.state))
    changed: set[str] = {key for group in reviewed & set(growing) for key in stored[group]}
    dates: set[tuple[str, str]] = set()
    for group, steps in growing.items():
        for step in steps:
            key = step["transfer"]
            if key is None:
                continue
            made = _step(step)
            state = states.setdefault(key, (group, RowState.of(made)))[1]
            state.add(made, (key, step["document"]) not in known, LISTED_PARTS)
            known.add((key, step["document"]))
            changed.add(key)
            if step["date"]:
                dates.add((key, step["date"]))
    if not changed:
        return
    td = t.transfer_dates.c
    for chunk in _chunks(sorted(dates)):
        stmt = select(td.transfer, td.date).where(any_of((td.transfer, td.date), chunk))
        dates -= {tuple(row) for row in conn.execute(stmt)}
    keys = sorted(changed)
    values = _row_values(conn, [(key, *states[key]) for key in keys])
    old = {key for group in growing for key in stored[group]}
    if new := [v for v in values if v["key"] not in old]:
        conn.execute(t.transfers.insert(), new)
    if kept := [{f"b_{k}": v for k, v in value.items()} for value in values if value["key"] in old]:
        columns = [name for name in values[0] if name != "key"]
        stmt = update(t.transfers).where(t.transfers.c.key == bindparam("b_key"))
        conn.execute(stmt.values({name: bindparam(f"b_{name}") for name in columns}), kept)
    if dates:
        conn.execute(t.transfer_dates.insert(), [{"transfer": key, "date": date} for key, date in sorted(dates)])


def _write_whole(conn: Connection, groups: Sequence[Group]) -> None:
    """The rows of these groups from all their stored steps: cancellations placed again, then
    every placed step folded in, read in one pass."""
    rs, tr = t.register_steps.c, t.transfers.c
    conn.execute(delete(t.transfers).where(any_of((tr.low, tr.high, tr.name), groups)))
    in_groups = any_of((rs.low, rs.high, rs.name), groups)
    opened: dict[Group, set[RowKey]] = {group: set() for group in groups}
    stmt = select(rs.low, rs.high, rs.name, rs.supplier, rs.recipient).distinct().where(in_groups, rs.phase == 0)
    for row in conn.execute(stmt):
        opened[(row.low, row.high, row.name)].add((row.supplier, row.recipient, row.name))
    moves = []
    for group, steps in _cancellations(conn, groups).items():
        for step, key in _placements(opened[group], steps):
            if step["transfer"] != key:
                moves.append({"b_event": step["event"], "b_item": step["item"], "b_transfer": key})
    if moves:
        stmt = update(t.register_steps).where(rs.event == bindparam("b_event"), rs.item == bindparam("b_item"))
        conn.execute(stmt.values(transfer=bindparam("b_transfer")), moves)
    states: dict[str, tuple[Group, RowState]] = {}
    documents: set[tuple[str, str]] = set()
    dates: set[tuple[str, str]] = set()
    for row in conn.execute(select(t.register_steps).where(in_groups, rs.transfer.is_not(None))):
        step = _step(row._mapping)
        state = states.setdefault(row.transfer, ((row.low, row.high, row.name), RowState.of(step)))[1]
        state.add(step, (row.transfer, row.document) not in documents, LISTED_PARTS)
        documents.add((row.transfer, row.document))
        if row.date:
            dates.add((row.transfer, row.date))
    values = _row_values(conn, [(key, *states[key]) for key in sorted(states)])
    if values:
        conn.execute(t.transfers.insert(), values)
    if dates:
        conn.execute(t.transfer_dates.insert(), [{"transfer": key, "date": date} for key, date in sorted(dates)])


def _row_values(conn: Connection, rows: list[tuple[str, Group, RowState]]) -> list[dict[str, Any]]:
    """`transfers` rows for these states, as their latest reviews have them."""
    held = reviews.latest_transfer_reviews(conn, [key for key, _, _ in rows])
    values = []
    for key, (low, high, name), state in rows:
        machine = state.record(_row_key(key))
        row, rejected = reviews.review_transfer(machine, held.get(key))
        listed = {**row, **{f"{part}_total": state.totals()[part] for part in TRANSFER_PARTS}}
        values.append({
            "key": key, "id": row["id"], "low": low, "high": high, "name": name, "supplier": row["supplier"],
            "recipient": row["recipient"], "system": row["system"], "category": row["category"],
            "status": row["status"], "rejected": rejected, "reviewed": "review" in row,
            "documents_total": state.documents, "phase": state.rank[0], "first": state.rank[1],
            "item": state.rank[2], "listed": listed, "state": vars(state),
        })
    return values


def groups_of_documents(conn: Connection, documents: Sequence[str]) -> set[Group]:
    """The groups the stored steps of these documents' fusion events belong to."""
    fe, rs = t.fusion_events.c, t.register_steps.c
    stmt = select(rs.low, rs.high, rs.name).distinct().join(t.fusion_events, fe.event == rs.event) \
        .where(fe.document.in_(list(documents)))
    return {tuple(row) for row in conn.execute(stmt)}


def mark_figures(conn: Connection) -> None:
    """Mark the stored steps that state numbers or a value (`figure`), for a store from before steps
    were marked."""
    rs = t.register_steps.c
    last = None
    while True:
        stmt = select(rs.event, rs.item, rs.entry).order_by(rs.event, rs.item).limit(CHUNK)
        if last is not None:
            stmt = stmt.where(tuple_(rs.event, rs.item) > tuple_(*(literal(v) for v in last)))
        rows = list(conn.execute(stmt))
        if not rows:
            return
        figures = [{"b_event": row.event, "b_item": row.item} for row in rows if step_figure(row.entry) is not None]
        if figures:
            stmt = update(t.register_steps).where(rs.event == bindparam("b_event"), rs.item == bindparam("b_item"))
            conn.execute(stmt.values(figure=True), figures)
        last = (rows[-1].event, rows[-1].item)


def refile(conn: Connection) -> None:
    """File every fusion event's steps again and write every row from them (after the rules of steps
    changed, or for a store from before steps were filed)."""
    fe, fd = t.fusion_events.c, t.fusion_documents.c
    conn.execute(delete(t.register_steps))
    conn.execute(delete(t.transfers))
    groups: set[Group] = set()
    last = None
    while True:
        stmt = select(fe.event, fe.record, fe.source, fe.target, fe.low, fe.high, fd.latest) \
            .join(t.fusion_documents, fd.document == fe.document).order_by(fe.event).limit(CHUNK)
        rows = list(conn.execute(stmt if last is None else stmt.where(fe.event > last)))
        if not rows:
            break
        steps = []
        for row in rows:
            countries = {row.record["source"]: row.source, row.record["target"]: row.target}
            latest = {row.record["document"]: row.latest} if row.latest is not None else {}
            steps += step_rows(row.record, countries, latest, (row.low, row.high))
        insert_steps(conn, steps)
        groups.update(group_of(step) for step in steps)
        last = rows[-1].event
    for chunk in _chunks(sorted(groups), ROWS):
        _write_whole(conn, chunk)
    LOGGER.info("filed register steps again: %d rows of pairs and weapons", len(groups))
