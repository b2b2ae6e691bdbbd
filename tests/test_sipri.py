"""SIPRI trade-register reader and the comparison with dossier's transfer register.

The reader tests run on an invented register written in SIPRI's export format (SIPRI data may not
be copied into the repository); the tests on the real export read it from the shared folder.
"""

from __future__ import annotations

import itertools
import logging
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from dossier import lexicons, sipri
from dossier.errors import UnreadableInput
from dossier.records import WEAPON_CATEGORIES, Money
from support import shared_dir

# --- an invented register in SIPRI's export format ------------------------------------------------

HEADER = ("Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
          "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,"
          "SIPRI TIV of delivered weapons")
PREAMBLE = [
    "Invented transfers between Norland, Vesmark and others, for dossier's reader tests.",
    "A '?' in a column marks an uncertain figure.",
    "Every state, weapon and figure below is made up; none comes from SIPRI.",
    "",
    "Source: dossier test fixture.",
    "",
]
RECORDS = [
    "Norland,Vesmark,2019,?,12,,Krake-7,SAM system,12,,2020; 2021,New,$450 m deal; test,10,120,120",  # line 8
    "Vesmark,Soviet Union,1985,,40,?,Bora-3M,tank,38,?,1986; 1987,Second hand,,1.2,48,45.6",  # 9
    "Norway,France,2021,,3,,Épée-4,frigate,1,,2024,Second hand but modernized,"
    "Part of EUR1.2 b ($1.3 b) deal; hull modernisé à Brest,300,900,300",  # 10
    "Hezbollah (Lebanon)*,Iran,2018,?,,,Falak-9,surface-to-surface missile,100,?,2019; 2020,New,,,,",  # 11
    "unknown recipient(s),Vesmark,2010,,2,,Orka,patrol boat,2,,2012,New,Deal worth $30 m,5,10,10",  # 12
    "Brazil,Vesmark,2022,,6,,Kestrel-2,trainer aircraft,0,,,New,engines from Norland for six Kestrels",  # 13
    ",4.5,27,0",  # 14: the rest of line 13's record, after an unquoted newline in Comments
    "Côte d'Ivoire,unknown supplier(s),2016,,3,,Skua-1,UAV,3,,2017,New,3-year lease,3,9,9",  # 15
    "United Nations**,Norland,2013,,1,,Tern,light helicopter,1,,2014,New,,2,2,2",  # 16
]
LINES = [8, 9, 10, 11, 12, 13, 15, 16]


def write_export(folder: Path, encoding: str = "latin-1", records: list[str] = RECORDS, newline: str = "\r\n") -> Path:
    path = folder / f"register-{encoding}-{len(newline)}.csv"
    path.write_bytes(newline.join([*PREAMBLE, HEADER, *records, ""]).encode(encoding))
    return path


@pytest.fixture()
def invented(tmp_path: Path) -> dict[str, sipri.SipriDeal]:
    return {deal.designation: deal for deal in sipri.read_register(write_export(tmp_path))}


def test_reads_every_record_at_its_physical_line(tmp_path: Path) -> None:
    deals = list(sipri.read_register(write_export(tmp_path)))
    assert [deal.line for deal in deals] == LINES


@pytest.mark.parametrize(("designation", "attribute", "expected"), [
    ("Krake-7", "recipient", "Norland"),
    ("Krake-7", "recipient_code", None),
    ("Krake-7", "year_ordered", 2019),
    ("Krake-7", "year_ordered_uncertain", True),
    ("Krake-7", "number_ordered", 12),
    ("Krake-7", "number_ordered_uncertain", False),
    ("Krake-7", "category", "air defence"),
    ("Krake-7", "delivery_years", (2020, 2021)),
    ("Krake-7", "value", Money(450e6, "USD", "$450 m deal")),
    ("Bora-3M", "supplier", "Soviet Union"),
    ("Bora-3M", "supplier_code", "RUS"),
    ("Bora-3M", "number_ordered_uncertain", True),
    ("Bora-3M", "number_delivered", 38),
    ("Bora-3M", "number_delivered_uncertain", True),
    ("Bora-3M", "condition", "Second hand"),
    ("Bora-3M", "comments", ""),
    ("Bora-3M", "value", None),
    ("Bora-3M", "tiv_delivered", 45.6),
    ("Épée-4", "recipient_code", "NOR"),
    ("Épée-4", "supplier_code", "FRA"),
    ("Épée-4", "comments", "Part of EUR1.2 b ($1.3 b) deal; hull modernisé à Brest"),
    ("Épée-4", "value", Money(1.3e9, "USD", "Part of EUR1.2 b ($1.3 b) deal")),
    ("Épée-4", "condition", "Second hand but modernized"),
    ("Épée-4", "category", "ships"),
    ("Falak-9", "recipient", "Hezbollah (Lebanon)*"),
    ("Falak-9", "recipient_code", None),
    ("Falak-9", "supplier_code", "IRN"),
    ("Falak-9", "number_ordered", None),
    ("Falak-9", "number_delivered_uncertain", True),
    ("Falak-9", "tiv_unit", None),
    ("Falak-9", "tiv_order", None),
    ("Orka", "recipient", "unknown recipient(s)"),
    ("Orka", "recipient_code", None),
    ("Orka", "value", Money(30e6, "USD", "Deal worth $30 m")),
    ("Kestrel-2", "recipient_code", "BRA"),
    ("Kestrel-2", "comments", "engines from Norland for six Kestrels"),
    ("Kestrel-2", "delivery_years", ()),
    ("Kestrel-2", "number_delivered", 0),
    ("Kestrel-2", "tiv_unit", 4.5),
    ("Kestrel-2", "tiv_order", 27.0),
    ("Kestrel-2", "tiv_delivered", 0.0),
    ("Kestrel-2", "line", 13),
    ("Skua-1", "recipient", "Côte d'Ivoire"),
    ("Skua-1", "recipient_code", "CIV"),
    ("Skua-1", "supplier_code", None),
    ("Skua-1", "category", "drones"),
    ("Tern", "recipient_code", None),
    ("Tern", "category", "aircraft"),
])
def test_reads_fields(invented: dict[str, sipri.SipriDeal], designation: str, attribute: str, expected: Any) -> None:
    assert getattr(invented[designation], attribute) == expected


@pytest.mark.parametrize(("encoding", "newline"), [("latin-1", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\n")])
def test_reads_other_encodings_and_line_ends(tmp_path: Path, encoding: str, newline: str) -> None:
    latin1 = list(sipri.read_register(write_export(tmp_path)))
    assert list(sipri.read_register(write_export(tmp_path, encoding, newline=newline))) == latin1


def test_reads_the_cleaned_variant_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "subset.csv"
    path.write_text(
        "source_line,Recipient,Supplier,Year of order,Year of order uncertain,Number ordered,Number ordered uncertain,"
        "Weapon designation,Weapon description,Number delivered,Number delivered uncertain,Year(s) of delivery,"
        "Status (new/second-hand),Comments,SIPRI TIV per unit,SIPRI TIV for total order,"
        "SIPRI TIV of delivered weapons\n"
        "4711,Norland,Iran,2020,?,8,,Épée-4,frigate,2,?,2022; 2023,New,$90 m deal,1,8,2\n",
        encoding="utf-8")
    [deal] = sipri.read_register(path)
    assert (deal.line, deal.supplier_code, deal.designation, deal.year_ordered_uncertain,
            deal.number_delivered_uncertain, deal.delivery_years, deal.condition, deal.value) == (
        4711, "IRN", "Épée-4", True, True, (2022, 2023), "New", Money(90e6, "USD", "$90 m deal"))


@pytest.mark.parametrize(("records", "lines", "warning"), [
    (RECORDS[:2] + ["Norland,Vesmark,2019,,1,,Krake-7,SAM system"], [8, 9], "cut short"),  # truncated at the end
    # too short to join with the next line
    (RECORDS[:1] + ["Norland,Vesmark,2019,,1,,Krake-7,SAM system"] + RECORDS[1:2], [8, 10], "fields"),
    (RECORDS[:1] + [RECORDS[0] + ",extra"] + RECORDS[1:2], [8, 10], "fields"),  # a field too many
])
def test_skips_broken_records_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             records: list[str], lines: list[int], warning: str) -> None:
    with caplog.at_level(logging.WARNING, logger="dossier.sipri"):
        deals = list(sipri.read_register(write_export(tmp_path, records=records)))
    assert [deal.line for deal in deals] == lines
    assert warning in caplog.text


def test_refuses_a_file_without_the_header(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,country\nKrake-7,Norland\n", encoding="utf-8")
    with pytest.raises(UnreadableInput, match="Recipient,Supplier"):
        list(sipri.read_register(path))


@pytest.mark.parametrize(("name", "code"), [
    ("Iran", "IRN"), ("Russia", "RUS"), ("Soviet Union", "RUS"), ("Turkiye", "TUR"), ("Viet Nam", "VNM"),
    ("eSwatini", "SWZ"),  # not in our gazetteer: pycountry's fuzzy search
    ("Hezbollah (Lebanon)*", None), ("Libya HoR*", None), ("United Nations**", None),
    ("unknown supplier(s)", None), ("unknown recipient(s)", None),
    ("Katanga", None), ("Czechoslovakia", None), ("Norland", None),  # a province and a former state: no code
])
def test_state_code(name: str, code: str | None) -> None:
    assert sipri.state_code(name) == code


@pytest.mark.parametrize(("description", "category"), [
    ("SAM system", "air defence"), ("portable SAM", "air defence"), ("FGA aircraft", "aircraft"),
    ("one-way attack drone", "drones"), ("armed UAV", "drones"), ("tank", "armoured vehicles"),
    ("Armoured supply vehicle", "armoured vehicles"), ("armoured supply vehicle", "armoured vehicles"),
    ("surface-to-surface missile", "missiles"), ("towed gun", "artillery"), ("frigate", "ships"),
    ("fire control radar", "sensors"), ("signals intelligence system", "electronic warfare"),
    ("turbofan", "engines"), ("anti-submarine torpedo", "other"), ("torpdeo boat", "ships"),
    ("laser cannon", "other"),  # not in the table: 'other'
])
def test_category_of(description: str, category: str) -> None:
    assert sipri.category_of(description) == category


def test_description_table_uses_our_categories() -> None:
    assert {row["category"] for row in lexicons.read_table("sipri_descriptions.tsv")} <= set(WEAPON_CATEGORIES)


@pytest.mark.parametrize(("comments", "expected"), [
    ("$1 b deal", Money(1e9, "USD", "$1 b deal")),
    ("$700m deal (part of $1 b deal)", Money(7e8, "USD", "$700m deal")),
    ("Part of $2.5 b deal; for the navy", Money(2.5e9, "USD", "Part of $2.5 b deal")),
    ("Second-hand; Deal worth $12 m", Money(12e6, "USD", "Deal worth $12 m")),
    ("EUR80 m deal", Money(80e6, "EUR", "EUR80 m deal")),
    ("SEK2.1 b ($230 m) deal; offsets 50%", Money(230e6, "USD", "SEK2.1 b ($230 m) deal")),
    ("$150-200 m deal", Money(150e6, "USD", "$150-200 m deal")),
    ("AUD90 m ($60 m) 'Project Gull'", Money(60e6, "USD", "AUD90 m ($60 m) 'Project Gull'")),
    ("$40 m aid", Money(40e6, "USD", "$40 m aid")),
    ("offsets $250 m; local production", None),
    ("For $24 m modification of 2 transport aircraft", None),
    ("MTU-12V diesel engines for 3 frigates", None),
    ("", None),
])
def test_parse_value(comments: str, expected: Money | None) -> None:
    assert sipri.parse_value(comments) == expected


@pytest.mark.parametrize(("designation", "system"), [
    ("S-300PMU2 Favorit", "S-300PMU-2"),  # first word an alias
    ("S-300PMU-2", "S-300PMU-2"),
    ("Su-35S", "Su-35"),  # alias
    ("Su-35SK", "Su-35"),  # variant suffix after the model number
    ("T-72M1A", "T-72"),
    ("Project-877E (Kilo)", "Kilo class"),  # prefix 'Project 877' ignoring punctuation
    ("Pantsyr-S1M", "Pantsir-S1"),
    ("Shahed-136", "Shahed-136"),
    ("Kornett", "Kornet"),  # rapidfuzz: a spelling variant
    ("Shahed-137", None),  # a different number is another weapon
    ("Shahed-1366", None),  # close by rapidfuzz, but the digits differ
    ("Krake-7", None),
    ("48N6", None),
])
def test_canonical_system(designation: str, system: str | None) -> None:
    assert sipri.canonical_system(designation) == system


@pytest.mark.parametrize(("designation", "family"), [
    ("S-300PMU-2", "s300"), ("S-300", "s300"), ("MiG-29SMT", "mig29"), ("Su-35", "su35"), ("Su-25", "su25"),
    ("Shahed-136", "shahed136"), ("9M338", "9m338"), ("Kilo class", "kiloclass"),
])
def test_family(designation: str, family: str) -> None:
    assert sipri.family(designation) == family


# --- match on invented deals --------------------------------------------------------------------------

def make_deal(designation: str, *, supplier: str = "RUS", recipient: str = "IRN", ordered: int | None = 2015,
              ordered_uncertain: bool = False, deliveries: tuple[int, ...] = (2016,), category: str = "air defence",
              number_ordered: int | None = 4, number_delivered: int | None = 4, value: Money | None = None,
              line: int = 100) -> sipri.SipriDeal:
    return sipri.SipriDeal(
        recipient=recipient, supplier=supplier, recipient_code=recipient, supplier_code=supplier,
        year_ordered=ordered, year_ordered_uncertain=ordered_uncertain, number_ordered=number_ordered,
        number_ordered_uncertain=False, designation=designation, description="", category=category,
        number_delivered=number_delivered, number_delivered_uncertain=False, delivery_years=deliveries,
        condition="New", comments="", value=value, tiv_unit=None, tiv_order=None, tiv_delivered=None, line=line)


def make_row(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": "t1", "supplier": "RUS", "recipient": "IRN", "system": None, "category": "air defence",
                           "number": None, "value": None, "ordered": None, "delivered": None, "status": "delivered",
                           "events": [], "documents": []}
    return {**row, **fields}


FAVORIT = make_deal("S-300PMU2 Favorit", line=1)
PMU1 = make_deal("S-300PMU1", ordered=2014, deliveries=(2015, 2016), line=2)
SHAHED = make_deal("Shahed-136", supplier="IRN", recipient="RUS", ordered=2022, deliveries=(2022, 2023),
                   category="drones", line=3)
BILLION = make_deal("X", value=Money(1e9, "USD", "$1 b deal"))
PENDING = make_deal("Su-35S", ordered=2023, ordered_uncertain=True, deliveries=(), category="aircraft",
                    number_ordered=24, number_delivered=0, line=4)


@pytest.mark.parametrize(("row", "deals", "expected"), [
    (make_row(system="S-300PMU-2", delivered="2016"), [FAVORIT], 1),
    (make_row(system="S-300", delivered="2016"), [FAVORIT], 1),  # family
    (make_row(system="S-300PMU-2", delivered="2016"), [PMU1, FAVORIT], 1),  # the exact system beats the family
    (make_row(system="S-300PMU-1", delivered="2016"), [FAVORIT, PMU1], 2),
    (make_row(system="S-300", delivered="2015"), [FAVORIT, PMU1], 2),  # only PMU1 delivered in 2015
    (make_row(system="S-300", ordered="2015-04-10"), [FAVORIT], 1),
    (make_row(system="S-300", delivered="2017"), [FAVORIT], 1),  # last delivery + 1
    (make_row(system="S-300", delivered="2018"), [FAVORIT], "no matching deal"),
    (make_row(system="S-300", ordered="2013"), [FAVORIT], "no matching deal"),
    (make_row(system="Krake-7"), [make_deal("Krake-7B", line=5), make_deal("Krake 7", line=6)], 6),  # not catalogued
    (make_row(system="Krake-7"), [make_deal("Krake-7B", line=5)], 5),
    (make_row(system="Krake-7"), [make_deal("Krake-8", line=5)], "no matching deal"),
    (make_row(system="S-300", supplier="BLR"), [FAVORIT], "no matching deal"),
    (make_row(system="S-400", delivered="2016"), [FAVORIT], "no matching deal"),
    (make_row(system="Shahed-131", supplier="IRN", recipient="RUS", category="drones"), [SHAHED], "no matching deal"),
    (make_row(system="Su-35", ordered="2022", status="ordered", category="aircraft"), [PENDING], 4),  # '?' order year
    (make_row(system="Su-35", delivered="2026", category="aircraft"), [PENDING], 4),  # nothing delivered: open-ended
    (make_row(category="air defence", delivered="2016"), [SHAHED, FAVORIT], 1),  # no system: the category
    (make_row(category="ships", delivered="2016"), [FAVORIT], "no matching deal"),
    (make_row(system="S-300", delivered="2016", status="requested"), [FAVORIT], "request, not a deal"),
    (make_row(system="S-300", status="offered"), [FAVORIT], "offer, not a deal"),
    (make_row(system="S-300", status="negotiating"), [FAVORIT], "negotiation, not a deal"),
    (make_row(system="S-400", status="denied", delivered="2025"), [FAVORIT], "denied"),
    (make_row(system="S-400", status="alleged", delivered="2023"), [FAVORIT], "alleged"),
    (make_row(system="S-400", status="alleged", delivered="2025-02"), [FAVORIT],
     "after SIPRI's coverage (data to 2024)"),
    (make_row(system="S-400", ordered="2024", delivered="2025"), [FAVORIT], "no matching deal"),
])
def test_match(row: dict[str, Any], deals: list[sipri.SipriDeal], expected: int | str) -> None:
    comparison = sipri.match([row], deals)
    if isinstance(expected, int):
        assert [deal.line for _, deal, _ in comparison.matched] == [expected]
        assert comparison.missing_in_sipri == []
    else:
        assert comparison.missing_in_sipri == [(row, expected)]
        assert comparison.matched == []


@pytest.mark.parametrize(("row", "deal", "expected"), [
    (make_row(number={"min": 4, "max": 4}, delivered="2016"), FAVORIT, []),
    (make_row(number={"min": 5, "max": 6}), FAVORIT, [("number", "5-6", "4 ordered, 4 delivered")]),
    (make_row(number={"min": 10, "max": None}), FAVORIT, [("number", "at least 10", "4 ordered, 4 delivered")]),
    (make_row(number={"min": 6, "max": 6}, status="delivering"),
     make_deal("Yak-130", number_ordered=24, number_delivered=6), []),  # the delivered count agrees
    (make_row(number={"min": 3, "max": 3}, status="ordered"), make_deal("X", number_ordered=None, number_delivered=0),
     []),  # SIPRI gives no number to compare
    (make_row(value={"amount": 8e8, "currency": "USD", "text": "$800mn"}), BILLION,
     [("value", "USD 800m ($800mn)", "USD 1b ($1 b deal)")]),
    (make_row(value={"amount": 1.05e9, "currency": "USD", "text": "$1.05bn"}), BILLION, []),  # within 10%
    (make_row(value={"amount": 1e9, "currency": "EUR", "text": "1 billion euros"}), BILLION,
     [("value", "EUR 1b (1 billion euros)", "USD 1b ($1 b deal)")]),
    (make_row(ordered="2014-11"), make_deal("X", ordered=2015), [("ordered", "2014", "2015")]),
    (make_row(ordered="2015"), make_deal("X", ordered=2015), []),
    (make_row(delivered="2017"), make_deal("X", deliveries=(2016,)), [("delivered", "2017", "2016")]),
    (make_row(delivered="2024"), make_deal("X", deliveries=(), number_delivered=0),
     [("delivered", "2024", "none recorded"), ("status", "delivered", "ordered")]),
    (make_row(status="alleged"), FAVORIT, [("status", "alleged", "delivered")]),
    (make_row(status="denied"), FAVORIT, [("status", "denied", "delivered")]),
    (make_row(status="ordered"), FAVORIT, []),
    (make_row(status="delivered"), make_deal("X", number_ordered=24, number_delivered=6), []),
])
def test_differences(row: dict[str, Any], deal: sipri.SipriDeal, expected: list[tuple[str, str, str]]) -> None:
    assert sipri.differences(row, deal) == [sipri.Difference(*item) for item in expected]


def test_match_streams_deals_and_rows() -> None:
    rows = (make_row(id=str(number), system="S-300", delivered="2016") for number in range(2))
    comparison = sipri.match(rows, iter([SHAHED, FAVORIT]))
    assert [(row["id"], deal.line) for row, deal, _ in comparison.matched] == [("0", 1), ("1", 1)]


def test_format_comparison() -> None:
    rows = [make_row(id="t1", system="S-300", number={"min": 5, "max": 6}, delivered="2016"),
            make_row(id="t2", status="requested", ordered="2024")]
    text = sipri.format_comparison(sipri.match(rows, [FAVORIT]))
    assert "1 of 2 register rows match" in text
    assert "t1  RUS -> IRN  S-300 (delivered; delivery 2016)  =  S-300PMU2 Favorit" in text
    assert "number     ours 5-6" in text and "SIPRI 4 ordered, 4 delivered" in text
    assert "t2  RUS -> IRN  air defence (requested; order 2024): request, not a deal" in text
    assert text.endswith(sipri.CREDIT)


# --- the real export (read-only reference data) -------------------------------------------------------

SIPRI_DIR = shared_dir() / "data" / "sipri-trade-register-2025"
FULL = SIPRI_DIR / "trade-register.csv"
SUBSET = SIPRI_DIR / "russia-iran-subset.csv"


def need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"SIPRI export not found at {path} (set DOSSIER_SHARED to the shared folder)")
    return path


@pytest.fixture(scope="module")
def full_register() -> list[sipri.SipriDeal]:
    return list(sipri.read_register(need(FULL)))


@pytest.fixture(scope="module")
def subset() -> list[sipri.SipriDeal]:
    return list(sipri.read_register(need(SUBSET)))


def test_full_export_has_every_record(full_register: list[sipri.SipriDeal]) -> None:
    lines = [deal.line for deal in full_register]
    assert len(full_register) == 29515
    assert lines[0] == 13 and lines == sorted(set(lines))


@pytest.mark.parametrize("line", [5432, 21488, 25178, 27955])
def test_full_export_rejoins_split_records(full_register: list[sipri.SipriDeal], line: int) -> None:
    [deal] = [deal for deal in full_register if deal.line == line]
    assert deal.comments and "\n" not in deal.comments
    assert None not in (deal.tiv_unit, deal.tiv_order, deal.tiv_delivered)
    assert line + 1 not in {other.line for other in full_register}


def test_full_export_descriptions_are_all_mapped(full_register: list[sipri.SipriDeal]) -> None:
    mapped = {row["description"].lower() for row in lexicons.read_table("sipri_descriptions.tsv")}
    assert {deal.description.lower() for deal in full_register} <= mapped


def test_reading_the_full_export_keeps_memory_flat() -> None:
    path = need(FULL)
    list(itertools.islice(sipri.read_register(path), 10))  # load the gazetteers and tables first
    sipri.state_code("eSwatini")  # and pycountry's database
    tracemalloc.start()
    try:
        count = sum(1 for _ in sipri.read_register(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 29515
    assert peak < path.stat().st_size / 10


def test_subset_parties(subset: list[sipri.SipriDeal]) -> None:
    pairs = [(deal.supplier, deal.supplier_code, deal.recipient_code) for deal in subset]
    assert len(subset) == 56
    assert pairs.count(("Russia", "RUS", "IRN")) == 30
    assert pairs.count(("Soviet Union", "RUS", "IRN")) == 21
    assert pairs.count(("Iran", "IRN", "RUS")) == 5


@pytest.mark.parametrize(("line", "expected"), [
    (11510, {"designation": "S-300PMU2 Favorit", "supplier_code": "RUS", "recipient_code": "IRN", "year_ordered": 2015,
             "number_ordered": 4, "number_delivered": 4, "delivery_years": (2016,), "category": "air defence",
             "condition": "New", "value": Money(1e9, "USD", "$1 b deal")}),
    (11553, {"designation": "48N6", "year_ordered": 2015, "number_ordered": 150, "category": "air defence"}),
    (11554, {"designation": "64N6", "number_ordered": 2, "category": "sensors"}),
    (11781, {"designation": "Su-35S", "year_ordered": 2023, "number_ordered": 24, "number_delivered": 0,
             "delivery_years": (), "category": "aircraft"}),
    (11782, {"designation": "Yak-130", "year_ordered": 2022, "number_ordered": 24, "number_delivered": 6,
             "delivery_years": (2023, 2024)}),
    (20878, {"designation": "Shahed-136", "supplier_code": "IRN", "recipient_code": "RUS", "year_ordered": 2022,
             "number_ordered": 6600, "number_delivered": 4600, "delivery_years": (2022, 2023, 2024),
             "category": "drones"}),
    (20880, {"designation": "Shahed-238", "year_ordered": 2023, "number_ordered": None}),
    (20882, {"designation": "Fath-360", "year_ordered": 2023, "number_delivered": 200, "delivery_years": (2024,),
             "category": "missiles"}),
])
def test_subset_fields(subset: list[sipri.SipriDeal], line: int, expected: dict[str, Any]) -> None:
    [deal] = [deal for deal in subset if deal.line == line]
    assert {name: getattr(deal, name) for name in expected} == expected


def test_subset_equals_the_full_export(subset: list[sipri.SipriDeal], full_register: list[sipri.SipriDeal]) -> None:
    lines = {deal.line for deal in subset}
    assert [deal for deal in full_register if deal.line in lines] == sorted(subset, key=lambda deal: deal.line)


def test_match_register_rows_against_the_subset(subset: list[sipri.SipriDeal]) -> None:
    s300 = make_row(id="s300", system="S-300", number={"min": 5, "max": 6}, delivered="2016",
                    value={"amount": 8e8, "currency": "USD", "text": "$800mn"})
    fath = make_row(id="fath", supplier="IRN", recipient="RUS", system="Fath-360", category="missiles",
                    delivered="2024", status="alleged")
    request = make_row(id="request", category="air defence", ordered="2024", status="requested")
    su35 = make_row(id="su35", system="Su-35", category="aircraft", ordered="2023", status="ordered")
    comparison = sipri.match([s300, fath, request, su35], subset)
    found = {row["id"]: (deal.line, [(item.field, item.ours, item.sipri) for item in items])
             for row, deal, items in comparison.matched}
    assert found == {
        "s300": (11510, [("number", "5-6", "4 ordered, 4 delivered"),
                         ("value", "USD 800m ($800mn)", "USD 1b ($1 b deal)")]),
        "fath": (20882, [("status", "alleged", "delivered")]),
        "su35": (11781, []),
    }
    assert comparison.missing_in_sipri == [(request, "request, not a deal")]
