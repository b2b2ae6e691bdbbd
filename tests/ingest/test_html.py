"""HTML: main text and metadata through trafilatura; pages without article text are refused."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

import dossier.ingest.html
from dossier.errors import UnreadableInput
from dossier.ingest import read_paths
from dossier.ingest.html import extract_html
from dossier.records import Document, Outcome
from dossier.settings import Settings

PAGE = Path(__file__).parent.parent / "fixtures" / "ingest" / "page.html"
SETTINGS = Settings()
PARAGRAPH = (
    "The Norland government denied on Saturday that it had shipped artillery shells to Vesmark, "
    "calling the reports baseless."
)


def test_page_gives_article_text_and_metadata() -> None:
    [document] = read_paths([PAGE], SETTINGS)
    assert isinstance(document, Document)
    assert (document.title, document.outlet, document.published, document.url, document.origin) == (
        "Norland agrees radar sale to Vesmark",
        "The Harbour Gazette",
        "2024-10-11",
        "https://gazette.example/world/radar-sale",
        str(PAGE),
    )
    assert document.text.startswith("Norland has agreed to sell a long-range radar system")
    assert document.text.endswith("had refused similar requests twice before.")
    assert document.text.count("\n") == 2  # the three paragraphs, nothing else


@pytest.mark.parametrize(
    "unwanted",
    ["Home", "Weather", "Sign up", "inbox", "Most read", "bakery", "Copyright", "rights reserved",
     "Privacy", "By Jane Doe", "Norland agrees radar sale"],
)
def test_page_leaves_out_everything_but_the_article(unwanted: str) -> None:
    [document] = read_paths([PAGE], SETTINGS)
    assert isinstance(document, Document)
    assert unwanted not in document.text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (f"<p>{PARAGRAPH}</p>", PARAGRAPH),  # a lone fragment, as feeds carry
        (f"<div>{PARAGRAPH}<br>It gave no details.</div>", f"{PARAGRAPH}\nIt gave no details."),
        (f"<html><body><p>{PARAGRAPH}</p></body></html>".encode(), PARAGRAPH),
    ],
)
def test_extract_html_fragments(markup: str | bytes, text: str) -> None:
    assert extract_html(markup, SETTINGS).text.strip() == text


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<html><body></body></html>",
        "<html><body><script>var article = 'not text';</script><style>p {}</style></body></html>",
        "<html><head><title>Only a title</title></head><body><p></p></body></html>",
        "<html><body><div><p><p></div></span></body>",
    ],
)
def test_no_article_text(markup: str) -> None:
    with pytest.raises(UnreadableInput, match=r"^no article text found in HTML$"):
        extract_html(markup, SETTINGS)


def test_html_that_breaks_the_date_finder_fails_and_the_run_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "article.htm"  # found by the fuzz suite: lxml's AssertionError was an 'unexpected error'
    broken.write_bytes(b"</html><body><svg><foreignObject><div><p>10^400 dollars</p>")
    outcomes = list(read_paths([broken, PAGE], SETTINGS))
    assert outcomes[0] == Outcome(str(broken), "failed", "HTML too broken to read")
    assert isinstance(outcomes[1], Document)


@pytest.mark.parametrize("name", ["broken.html", "broken.htm"])
def test_malformed_html_file_fails_and_the_run_goes_on(tmp_path: Path, name: str) -> None:
    broken = tmp_path / name
    broken.write_bytes(b"<html><body><div><span></div></body")
    outcomes = list(read_paths([broken, PAGE], SETTINGS))
    assert outcomes[0] == Outcome(str(broken), "failed", "no article text found in HTML")
    assert isinstance(outcomes[1], Document)


def test_page_with_only_navigation_gives_no_document(tmp_path: Path) -> None:
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav></body>")
    [outcome] = read_paths([page], SETTINGS)
    assert isinstance(outcome, Outcome)
    assert outcome.reason is not None and outcome.reason.startswith("too short")


@pytest.fixture
def no_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    """trafilatura refuses to run: its time and memory grow fast with the markup's size."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("markup over the limit reached trafilatura")

    monkeypatch.setattr(dossier.ingest.html.trafilatura, "bare_extraction", refuse)


FRAGMENT = f"<p>{PARAGRAPH}</p>"


@pytest.mark.usefixtures("no_trafilatura")
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("page.html", f"<html><body>{FRAGMENT}</body></html>", "too large: 153 bytes, limit 100"),
        ("lines.jsonl", json.dumps({"html": FRAGMENT}) + "\n", "too large: 127 bytes of HTML, limit 100"),
        ("feed.rss", '<rss version="2.0"><channel><title>Gazette</title><item><title>T</title>'
                     f"<description>{escape(FRAGMENT)}</description></item></channel></rss>",
         "too large: 127 bytes of HTML, limit 100"),
    ],
)
def test_html_over_its_limit_never_reaches_trafilatura(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [outcome] = read_paths([path], Settings(max_html_bytes=100))
    assert outcome == Outcome(str(path) + {".jsonl": ":1", ".rss": "#1"}.get(path.suffix, ""), "skipped", reason)
