"""Plain text: decoding, the title rule, and `.txt` files through `read_paths`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dossier.errors import UnreadableInput
from dossier.ingest import read_paths, read_text
from dossier.ingest.text import decode_bytes, read_txt, split_header, split_title
from dossier.records import Document, Outcome
from dossier.settings import Settings

SETTINGS = Settings()
BODY = (
    "Vesmark has formally asked Norland for a batch of coastal surveillance drones, the Vesmark "
    "foreign ministry said on Thursday. Norland officials said the request was under review."
)
ACCENTED = "The café owner in Portmère said the naïve plan for the façade was à la mode."
RANDOM = random.Random(7)
LONG = BODY * 20
NOISE = bytes(RANDOM.randrange(128, 256) for _ in range(3000))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ACCENTED.encode("utf-8"), ACCENTED),
        (ACCENTED.encode("utf-8-sig"), ACCENTED),
        (ACCENTED.encode("latin-1"), ACCENTED),
        (ACCENTED.encode("utf-16"), ACCENTED),  # with a BOM
        (ACCENTED.encode("utf-16-le"), ACCENTED),  # without one: NUL bytes, then detection
        (b"", ""),
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50, NOISE, b"\xff\xfe\x00\xd8"],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableInput, match=r"^binary or not text$"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"Vesmark asks Norland for drones\n\n{BODY}", "Vesmark asks Norland for drones"),
        (f"Vesmark asks Norland for drones\n{BODY}", "Vesmark asks Norland for drones"),
        (f"Will Norland arm Vesmark?\n\n{BODY}", "Will Norland arm Vesmark?"),
        (f"Unlock the Editor's Digest for free\nDrones wanted\n\n{BODY}", "Drones wanted"),
        (f"Vesmark has asked for drones.\n\n{BODY}", None),  # a sentence
        (f"Vesmark said on Thursday:\n\n{BODY}", None),
        (f"{'Vesmark asks Norland for drones ' * 7}\n\n{BODY}", None),  # 200 characters or more
        ("Vesmark asks Norland for drones", None),  # nothing follows
        ("Vesmark has formally asked Norland for a lot of\ncoastal drones, officials said.", None),
        ("", None),
    ],
)
def test_split_title(text: str, title: str | None) -> None:
    found, body = split_title(text)
    assert found == title
    if title:
        assert not body.startswith(title)


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_txt_file_with_title_and_command_line_metadata(tmp_path: Path) -> None:
    content = f"Vesmark asks Norland for drones\r\n\r\nBy Jane Doe\r\n{BODY}\r\n"
    path = _write(tmp_path / "drones.txt", content)
    settings = Settings(published="2024-10-10", outlet="Harbour Gazette")
    [document] = read_paths([path], settings)
    assert isinstance(document, Document)
    found = (document.title, document.text, document.published, document.outlet, document.origin)
    assert found == (
        "Vesmark asks Norland for drones", BODY, "2024-10-10", "Harbour Gazette", str(path)
    )


@pytest.mark.parametrize(
    ("name", "content", "title"),
    [
        ("plain.txt", BODY, None),
        ("latin1.txt", f"Drones wanted\n\n{BODY} Café.".encode("latin-1"), "Drones wanted"),
        ("utf16.txt", f"Drones for Vesmark\n\n{BODY}".encode("utf-16"), "Drones for Vesmark"),
        ("UPPER.TXT", BODY, None),
    ],
)
def test_txt_encodings(tmp_path: Path, name: str, content: str | bytes, title: str | None) -> None:
    [document] = read_paths([_write(tmp_path / name, content)], SETTINGS)
    assert isinstance(document, Document)
    assert document.title == title
    assert document.text.startswith(BODY)


@pytest.mark.parametrize(
    ("content", "options", "status", "reason"),
    [
        (b"", {}, "skipped", "empty"),
        (b"\x00\x01\x02PK\x03\x04" * 100, {}, "skipped", "binary or not text"),
        ("Le ministère de la Défense a confirmé lundi la livraison de deux radars au pays voisin.",
         {}, "skipped", "language is fr, not en"),
        ("Министерство обороны в понедельник подтвердило поставку двух радаров соседней стране.",
         {}, "skipped", "language is ru, not en"),
        (LONG, {"max_chars": 1000}, "skipped", f"too large: {len(LONG)} characters, limit 1000"),
        (LONG, {"max_file_bytes": 1000}, "skipped", f"too large: {len(LONG)} bytes, limit 1000"),
    ],
)
def test_txt_refused(
    tmp_path: Path, content: str | bytes, options: dict, status: str, reason: str
) -> None:
    path = _write(tmp_path / "report.txt", content)
    [outcome] = read_paths([path], Settings(**options))
    assert outcome == Outcome(origin=str(path), status=status, reason=reason)


@pytest.mark.parametrize(
    ("text", "options", "title", "body"),
    [
        (f"Vesmark asks for drones\n\n{BODY}", {}, "Vesmark asks for drones", BODY),
        (f"Drones wanted\n\n{BODY}", {"title": "Given"}, "Given", f"Drones wanted\n\n{BODY}"),
        (BODY, {}, None, BODY),
    ],
)
def test_read_text_for_pasted_text(text: str, options: dict, title: str | None, body: str) -> None:
    document = read_text(text, settings=SETTINGS, **options)
    assert (document.title, document.text, document.origin) == (title, body, None)


@pytest.mark.parametrize("text, metadata, body", [
    ("Title: Tanks for Kyiv\nOutlet: Example Wire\nPublished: 2023-01-25\nURL: https://example.org/t\n\nBody.",
     {"title": "Tanks for Kyiv", "outlet": "Example Wire", "published": "2023-01-25", "url": "https://example.org/t"},
     "Body."),
    ("date: 2024-09-02\n\nBody.", {"published": "2024-09-02"}, "Body."),
    ("\ufeffTitle: With a byte-order mark\n\nBody.", {"title": "With a byte-order mark"}, "Body."),
    # not a header: a dateline, a field it does not know, no blank line after it, or only a title line
    ("WASHINGTON: The United States said.\n\nMore.", {}, "WASHINGTON: The United States said.\n\nMore."),
    ("Title: x\nAuthor: y\n\nBody.", {}, "Title: x\nAuthor: y\n\nBody."),
    ("Title: no body follows", {}, "Title: no body follows"),
    ("Iran and Russia\n\nBody.", {}, "Iran and Russia\n\nBody."),
])
def test_a_text_file_may_open_with_a_header_of_its_metadata(text, metadata, body):
    assert split_header(text) == (metadata, body)


def test_the_header_becomes_the_documents_metadata(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title: Tanks\nPublished: 2023-01-25\n\nGermany will send 14 Leopard 2 tanks to Ukraine, "
                    "Chancellor Olaf Scholz said on Wednesday.\n", encoding="utf-8")
    document = read_txt(path, Settings(published="1999-01-01"))
    assert (document.title, document.published) == ("Tanks", "2023-01-25")
    assert document.text.startswith("Germany will send")
