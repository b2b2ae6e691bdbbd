"""The store: tables, migrations, the single writer and read-only queries (the pipeline's I/O edge)."""

from dossier.store.engine import open_store, write_transaction
from dossier.store.migrations import MIGRATIONS
from dossier.store.queries import (
    count_claims,
    count_events,
    count_transfers,
    counts,
    get_document,
    iter_actors,
    iter_attributions,
    iter_documents,
    iter_events,
    last_run_outcomes,
    list_actors,
    list_attributions,
    list_claims,
    list_documents,
    list_events,
    list_transfers,
)
from dossier.store.writer import OUTCOME_STATUSES, StoreWriter

__all__ = [
    "MIGRATIONS",
    "count_claims",
    "count_transfers",
    "OUTCOME_STATUSES",
    "StoreWriter",
    "count_events",
    "counts",
    "get_document",
    "iter_actors",
    "iter_attributions",
    "iter_documents",
    "iter_events",
    "last_run_outcomes",
    "list_actors",
    "list_attributions",
    "list_claims",
    "list_documents",
    "list_events",
    "list_transfers",
    "open_store",
    "write_transaction",
]
