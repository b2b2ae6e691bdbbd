"""RSS and Atom: one Document per entry; broken or foreign XML gives one Outcome for the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest import read_paths
from dossier.records import Document, Outcome
from dossier.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"
SETTINGS = Settings()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("feed.rss", [
            ("Vesmark asks Norland for coastal drones", "Harbour Gazette: World",
             "https://gazette.example/world/drones", "2024-10-11T09:30:00+00:00",
             "Vesmark has formally asked Norland for a batch of coastal surveillance drones, the "
             "Vesmark foreign ministry said on Thursday.\nNorland officials said the request was "
             "under review and that no decision had been taken."),
            ("Defence ministers meet in Portmere", "Lakeside Wire",
             "https://gazette.example/world/meeting", "2024-10-12T14:00:00+02:00",
             "The defence ministers of Norland and Vesmark met in Portmere on Saturday to discuss "
             "joint naval exercises planned for next spring."),
        ]),
        ("feed.atom", [
            ("Norland denies shipping artillery to Vesmark", "Lakeside Wire", "https://wire.example/1",
             "2024-10-12",
             "The Norland government denied on Saturday that it had shipped artillery shells to "
             "Vesmark, calling the reports baseless."),
            ("Vesmark navy receives patrol boats", "Lakeside Wire", "https://wire.example/2",
             "2024-10-11T08:15:00+01:00",
             "The Vesmark navy took delivery of two patrol boats built in Norland, a navy "
             "spokeswoman said."),
        ]),
    ],
)
def test_feed_entries(name: str, expected: list[tuple[str, str, str, str, str]]) -> None:
    path = FIXTURES / name
    documents = list(read_paths([path], SETTINGS))
    assert all(isinstance(document, Document) for document in documents)
    assert [(d.title, d.outlet, d.url, d.published, d.text) for d in documents] == expected
    assert [d.origin for d in documents] == [f"{path}#1", f"{path}#2"]
    assert {d.language for d in documents} == {"en"}


RSS_HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'


@pytest.mark.parametrize(
    ("name", "content", "status", "reason"),
    [
        ("half.rss", RSS_HEAD[:-12], "failed", "malformed feed: "),
        ("garbage.atom", "this is not XML at all", "failed", "malformed feed: "),
        # found by the fuzz suite: feedparser raised on these, an 'unexpected error'
        ("surrogate.rss", RSS_HEAD + "<item><description>&#xD800;</description></item></channel></rss>",
         "failed", "malformed feed: "),
        ("beyond.rss", RSS_HEAD + "<item><description>&#1114112;</description></item></channel></rss>",
         "failed", "malformed feed: "),
        ("huge.rss", RSS_HEAD + "<item><description>&#99999999999999999999;</description></item></channel></rss>",
         "failed", "malformed feed: "),
        ("config.xml", '<?xml version="1.0"?><config><item name="a">1</item></config>',
         "skipped", "not an RSS or Atom feed"),
        ("empty.rss", RSS_HEAD + "</channel></rss>", "skipped", "feed has no entries"),
        ("blank.xml", "  \n", "skipped", "empty"),
    ],
)
def test_unusable_feed_files(
    tmp_path: Path, name: str, content: str, status: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [outcome] = read_paths([path], SETTINGS)
    assert isinstance(outcome, Outcome)
    assert (outcome.origin, outcome.status) == (str(path), status)
    assert outcome.reason is not None and outcome.reason.startswith(reason)
    if reason.startswith("malformed"):
        assert len(outcome.reason) > len(reason)  # feedparser's own words follow


def test_bad_entry_does_not_stop_the_feed(tmp_path: Path) -> None:
    path = tmp_path / "mixed.rss"
    path.write_text(
        RSS_HEAD
        + "<item><title>Teaser</title><description>Too short.</description></item>"
        + "<item><title>Empty</title></item>"
        + "<item><title>Full</title><description>The defence ministers of Norland and Vesmark "
        "met in Portmere on Saturday to discuss joint naval exercises.</description></item>"
        + "<item><title>Cut off",  # malformed: the entries before the break are still read
        encoding="utf-8",
    )
    teaser, empty, full, cut = read_paths([path], SETTINGS)
    assert teaser == Outcome(f"{path}#1", "skipped", "too short: 10 characters")
    assert empty == Outcome(f"{path}#2", "skipped", "empty")
    assert isinstance(full, Document) and full.title == "Full" and full.outlet == "Gazette"
    assert cut == Outcome(f"{path}#4", "skipped", "empty")
