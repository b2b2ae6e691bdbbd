"""What `dossier watch` remembers per URL: upserted by the writer, read back as it was written, on
SQLite and PostgreSQL; a store from before the table gains it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, inspect

from dossier.records import UrlState
from dossier.store import MIGRATIONS, StoreWriter, open_store
from dossier.store import schema as t
from dossier.store.migrations import applied
from dossier.store.urls import load_url_states


def test_url_states_are_upserted_and_read_back(engine):
    now = datetime(2024, 10, 15, 9, 30, tzinfo=UTC)
    feed = UrlState("https://example.org/feed", etag='"v1"', last_modified="Tue, 15 Oct 2024 09:00:00 GMT",
                    checked_at=now, fetched_at=now)
    page = UrlState("https://example.org/a", checked_at=now, error="HTTP 500", failures=1,
                    retry_at=now + timedelta(minutes=1))
    writer = StoreWriter(engine)
    writer.save_url_states([feed, page])
    assert load_url_states(engine, [feed.url, page.url, "https://example.org/never"]) == {
        feed.url: feed, page.url: page}
    later = UrlState(page.url, etag='"p2"', checked_at=now + timedelta(hours=1), fetched_at=now + timedelta(hours=1))
    writer.save_url_states([later])
    assert load_url_states(engine, [page.url]) == {page.url: later}


def test_a_store_from_before_url_states_gains_the_table(store_url):
    url = store_url if "://" in store_url else f"sqlite:///{store_url}"
    old = create_engine(url)
    with old.begin() as conn:
        t.METADATA.create_all(conn)
        conn.exec_driver_sql("DROP TABLE url_states")
        for name, _ in MIGRATIONS[:[name for name, _ in MIGRATIONS].index("0006_url_states")]:
            conn.execute(t.migrations.insert(), {"name": name, "applied_at": datetime.now(UTC)})
    old.dispose()
    engine = open_store(store_url)
    with engine.connect() as conn:
        assert inspect(conn).has_table("url_states")
        assert "0006_url_states" in applied(conn)
    StoreWriter(engine).save_url_states([UrlState("https://example.org/feed", failures=2)])
    assert load_url_states(engine, ["https://example.org/feed"])["https://example.org/feed"].failures == 2
    engine.dispose()
