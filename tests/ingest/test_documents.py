"""make_document: normalisation, boilerplate lines, refusals, identity, dates and language."""

from __future__ import annotations

import logging

import pytest

from dossier.errors import UnreadableInput
from dossier.ingest.documents import (
    boilerplate_label,
    make_document,
    normalise_date,
    normalise_language,
    normalise_text,
    refusal,
)
from dossier.settings import Settings

SETTINGS = Settings()
REPORT = (
    "Norland has agreed to sell a long-range radar system to Vesmark, two officials in the "
    "Norland defence ministry said on Friday, in a deal that would deepen military ties."
)
FRENCH = (
    "Le ministère de la Défense a confirmé lundi la livraison de deux radars au pays voisin, "
    "selon un communiqué officiel publié dans la soirée."
)
RUSSIAN = (
    "Министерство обороны в понедельник подтвердило поставку двух радаров соседней стране, "
    "говорится в официальном заявлении, опубликованном вечером."
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("One.  \r\nTwo.\t\r\n\r\n\r\n\r\nThree.", "One.\nTwo.\n\nThree."),
        ("\ufeff  Cafe\u0301 talks  \n\n", "Café talks"),  # BOM, NFC, outer whitespace
        ("a\rb\u2028c", "a\nb\nc"),
        ("bell\x07 and\x00 nul", "bell and nul"),
        ("keep\n\none blank line", "keep\n\none blank line"),
        ("  indent kept\n  inside", "indent kept\n  inside"),
        ("lone \ud800 half", "lone \ufffd half"),  # a JSON escape; UTF-8 cannot store it
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("line", "first", "label"),
    [
        ("Additional reporting by Maria Lopez in Lisbon", False, "credit"),
        ("Reporting by Jane Doe; Editing by John Roe", False, "credit"),
        ("(Reporting by Jane Doe in Rome; Writing by Jo Roe; Editing by Al Poe)", False, "credit"),
        ("Jane Doe and John Roe contributed to this report.", False, "contributed"),
        ("By Jane Doe", True, "byline"),
        ("BY JANE DOE AND JOHN ROE", True, "byline"),
        ("By Jane Doe, defence correspondent", True, "byline"),
        ("Unlock the Editor\u2019s Digest for free", False, "digest"),
        ("Unlock the Editor's Digest for free", False, "digest"),
        ("Our editor picks the best stories in this weekly newsletter.", False, "newsletter"),
        ("Sign up to receive breaking news alerts", False, "signup"),
        ("Subscribe", False, "signup"),
        ("Get the top stories delivered straight to your inbox.", False, "inbox"),
        ("Advertisement", False, "advert"),
        ("Read more: Norland recalls its ambassador", False, "readmore"),
        ("Copyright 2024 The Harbour Gazette. All rights reserved.", False, "copyright"),
        ("© 2024 Harbour Media Ltd", False, "copyright-sign"),
        ("All rights reserved.", False, "rights"),
        # content that looks a little like boilerplate
        ("By Jane Doe", False, None),
        ("By the end of the year, Norland had delivered six launchers.", True, None),
        ("Reporting by state media suggested the talks had stalled.", False, None),
        ("Copyright infringement cases rose in 2023, officials said.", False, None),
        ("The minister said all rights reserved under the treaty would be respected.", False, None),
        ("Officials signed up for the programme in May.", False, None),
        ("Subscribers to the bulletin were told on Monday that the talks had failed.", False, None),
        ("Editing the report took weeks, the editor said.", False, None),
        ("", True, None),
    ],
)
def test_boilerplate_label(line: str, first: bool, label: str | None) -> None:
    assert boilerplate_label(line, first=first) == label


def test_boilerplate_lines_are_dropped_from_the_document() -> None:
    text = "\n".join([
        "By Jane Doe",
        "Unlock the Editor's Digest for free",
        REPORT,
        "Sign up for the Morning Dispatch newsletter",
        "The first components could be shipped before the end of the year.",
        "Additional reporting by Maria Lopez in Lisbon",
        "Copyright 2024 The Harbour Gazette. All rights reserved.",
    ])
    document = make_document(text, settings=SETTINGS)
    assert document.text == (
        REPORT + "\nThe first components could be shipped before the end of the year."
    )


@pytest.mark.parametrize(
    ("text", "options", "reason"),
    [
        ("", {}, "empty"),
        ("  \n\t \r\n", {}, "empty"),
        ("Sign up for our newsletter\n\nAll rights reserved.", {}, "empty"),
        ("Too short.", {}, "too short: 10 characters"),
        (REPORT * 3, {"max_chars": 100}, f"too large: {len(REPORT * 3)} characters, limit 100"),
        ("\x00\x01\x02\x03 binary \x04\x05\x06\x07\x08" * 10, {}, "binary or not text"),
        ("\ufffd\ufffd text \ufffd\ufffd" * 10, {}, "binary or not text"),
        (FRENCH, {}, "language is fr, not en"),
        (RUSSIAN, {}, "language is ru, not en"),
        (REPORT, {"language": "fr"}, "language is fr, not en"),  # a declared language is trusted
        (RUSSIAN * 2, {"language": "en"}, "language is ru, not en (declared en)"),
    ],
)
def test_refusals(text: str, options: dict, reason: str) -> None:
    settings = Settings(max_chars=options.pop("max_chars", SETTINGS.max_chars))
    with pytest.raises(UnreadableInput) as raised:
        make_document(text, settings=settings, **options)
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("text", "options", "language"),
    [
        (REPORT, {}, "en"),
        (REPORT, {"language": "en-GB"}, "en"),
        (FRENCH, {"settings": Settings(language="fr")}, "fr"),
        ("Vesmark asked Norland for drones, Pezeshk said.", {}, "en"),  # unsure -> kept
    ],
)
def test_accepted_language(text: str, options: dict, language: str) -> None:
    options.setdefault("settings", SETTINGS)
    assert make_document(text, **options).language == language


@pytest.mark.parametrize(
    "variant", [REPORT, f"  {REPORT}  \n\n", f"\r\n\r\n{REPORT}\t \r\n", f"\ufeff{REPORT}\n\n\n\n"]
)
def test_same_text_same_identity(variant: str) -> None:
    reference = make_document(REPORT, settings=SETTINGS)
    document = make_document(variant, settings=SETTINGS)
    assert (document.id, document.sha256, document.text) == (reference.id, reference.sha256, REPORT)
    assert document.id == document.sha256[:16]


def test_whitespace_variants_of_a_multiline_text_share_a_hash() -> None:
    base = f"{REPORT}\n\nThe officials declined to give a date."
    variants = [
        base,
        base.replace("\n", "\r\n"),
        base.replace("\n\n", " \n \n\n\n\t\n") + "   ",
        "\n\n" + base.replace(".", ".  ") + "\n",
    ]
    hashes = {make_document(text, settings=SETTINGS).sha256 for text in variants}
    assert len(hashes) == 1


@pytest.mark.parametrize(
    ("given", "expected"), [("story-7", "story-7"), ("  x 1 ", "x 1"), (None, None)]
)
def test_given_id_is_kept(given: str | None, expected: str | None) -> None:
    document = make_document(REPORT, id=given, settings=SETTINGS)
    assert document.id == (expected or document.sha256[:16])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-10-11", "2024-10-11"),
        ("2024-10-11T09:30:00Z", "2024-10-11T09:30:00+00:00"),
        ("2024-10-11T09:30:00.123+02:00", "2024-10-11T09:30:00+02:00"),
        ("Fri, 11 Oct 2024 09:30:00 GMT", "2024-10-11T09:30:00+00:00"),
        ("11 October 2024", "2024-10-11"),
        ("October 11, 2024 9:30 am", "2024-10-11T09:30:00"),
        ("yesterday", None),  # never resolved from the clock
        ("October 2024", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(raw: str | None, expected: str | None) -> None:
    assert normalise_date(raw) == expected


def test_unparseable_date_is_dropped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        document = make_document(REPORT, published="the other day", settings=SETTINGS)
    assert document.published is None
    assert "the other day" in caplog.text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, ("Fallback Times", "2024-01-02")),
        ({"outlet": "Gazette", "published": "2024-10-11"}, ("Gazette", "2024-10-11")),
        ({"published": "garbled"}, ("Fallback Times", "2024-01-02")),
    ],
)
def test_settings_fill_missing_metadata(given: dict, expected: tuple[str, str]) -> None:
    settings = Settings(outlet="Fallback Times", published="2024-01-02")
    document = make_document(REPORT, settings=settings, **given)
    assert (document.outlet, document.published) == expected


def test_metadata_is_tidied() -> None:
    document = make_document(
        REPORT, title="  Norland  agrees\nradar sale ", url=" https://gazette.example/a ",
        origin="a.txt", settings=SETTINGS,
    )
    assert (document.title, document.url, document.origin) == (
        "Norland agrees radar sale", "https://gazette.example/a", "a.txt",
    )


@pytest.mark.parametrize(
    ("tag", "expected"), [("en-GB", "en"), ("EN_us", "en"), ("fr", "fr"), ("", None), (None, None)]
)
def test_normalise_language(tag: str | None, expected: str | None) -> None:
    assert normalise_language(tag) == expected


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        ("empty", "skipped"),
        ("too short: 3 characters", "skipped"),
        ("too large: 9 bytes, limit 1", "skipped"),
        ("language is fr, not en", "skipped"),
        ("unsupported file type .pdf (supported: .txt)", "skipped"),
        ("binary or not text", "skipped"),
        ("no such file", "failed"),
        ("bad JSON: Expecting value (column 1)", "failed"),
    ],
)
def test_refusal_status(reason: str, status: str) -> None:
    outcome = refusal("x.txt", reason)
    assert (outcome.origin, outcome.status, outcome.reason) == ("x.txt", status, reason)


@pytest.mark.parametrize("reader", ["make_document", "read_text", "a .txt file"])
def test_length_is_checked_before_any_cleaning(
    reader: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cleaning and language detection cost time in proportion to the text: an overlong text is
    refused before either runs."""
    import dossier.ingest.documents as documents
    from dossier.ingest import read_paths, read_text
    from dossier.records import Outcome

    def never(text: str) -> None:
        raise AssertionError("an overlong text was cleaned")

    for name in ("normalise_text", "strip_boilerplate", "is_mostly_non_text", "detect_language"):
        monkeypatch.setattr(documents, name, never)
    text = f"Arms deal\n\n{REPORT}"
    settings = Settings(max_chars=100)
    reason = f"too large: {len(text)} characters, limit 100"
    if reader == "a .txt file":
        path = tmp_path / "long.txt"
        path.write_text(text, encoding="utf-8")
        assert list(read_paths([path], settings)) == [Outcome(str(path), "skipped", reason)]
        return
    with pytest.raises(UnreadableInput) as raised:
        (make_document if reader == "make_document" else read_text)(text, settings=settings)
    assert str(raised.value) == reason
