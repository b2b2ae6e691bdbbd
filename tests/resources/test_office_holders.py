"""The office-holders table (office_holders.tsv): shape, valid codes and dates, terms that never
overlap, coverage, a table of known facts, and the surface forms the loader derives from it."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import pycountry
import pytest

from dossier import lexicons

FILE = "office_holders.tsv"
HEADER = ["name", "aliases", "country", "role", "start", "end", "wikidata"]
SOURCE = ("Written by the dossier team from public facts (official government lists of office holders); "
          "no third-party dataset copied")
# Posts in international organisations: the only rows without a country.
INTERNATIONAL_ROLES = {
    "un secretary-general", "nato secretary-general", "eu foreign policy chief", "european commission president",
    "european council president", "iaea director general", "arab league secretary-general",
    "un high commissioner for human rights",
}
HEAD_ROLES = {"president", "acting president", "prime minister", "chancellor", "king", "queen", "emir", "sultan",
              "supreme leader", "premier", "emperor", "leader", "chairman of the sovereignty council"}
LATEST = date(2026, 11, 30)
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Table:
    comments: list[str]
    header: list[str]
    rows: list[list[str]]


@cache
def read() -> Table:
    text = resources.files("dossier.resources").joinpath(FILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    header, *rows = csv.reader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    return Table(comments, header, rows)


def rows() -> list[dict[str, str]]:
    table = read()
    return [dict(zip(table.header, row)) for row in table.rows]


def earliest(value: str) -> date:
    """First day a partial ISO date can stand for: '2004' -> 2004-01-01."""
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    return date(int(year), int(month), int(day))


def latest(value: str) -> date:
    """Last day a partial ISO date can stand for: '2004-02' -> 2004-02-29."""
    parts = value.split("-")
    if len(parts) == 3:
        return date.fromisoformat(value)
    if len(parts) == 1:
        return date(int(value), 12, 31)
    year, month = int(parts[0]), int(parts[1])
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# --- file shape -------------------------------------------------------------------------------

def test_header_comments_and_columns() -> None:
    table = read()
    text = resources.files("dossier.resources").joinpath(FILE).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert any(SOURCE in line for line in table.comments)
    assert any("Columns" in line for line in table.comments)
    assert table.header == HEADER
    assert all(len(row) == len(HEADER) for row in table.rows)


def test_cells_are_clean() -> None:
    for row in read().rows:
        for cell in row:
            assert cell == cell.strip(), row
            assert "" not in (cell.split("|") if cell else []), row  # no '||' or dangling '|'
            assert "’" not in cell, row  # apostrophes are written as U+0027


def test_size() -> None:
    assert len(rows()) >= 600


def test_no_duplicate_rows() -> None:
    keys = [(r["name"], r["country"], r["role"], r["start"]) for r in rows()]
    assert len(keys) == len(set(keys))


# --- values -----------------------------------------------------------------------------------

def test_countries_are_iso_codes() -> None:
    for row in rows():
        if row["country"]:
            assert pycountry.countries.get(alpha_3=row["country"]) is not None, row
        else:
            assert row["role"] in INTERNATIONAL_ROLES, row


def test_roles_are_lower_case() -> None:
    assert all(row["role"] and row["role"] == row["role"].lower() for row in rows())


def test_dates_parse_and_are_ordered() -> None:
    for row in rows():
        assert DATE.fullmatch(row["start"]), row
        assert row["end"] == "" or DATE.fullmatch(row["end"]), row
        start = earliest(row["start"])
        assert start <= LATEST, row
        if row["end"]:
            assert start <= latest(row["end"]) <= date(2026, 12, 31), row


def test_wikidata_ids() -> None:
    """Q-ids are well formed, and one person has one id, one id one person."""
    by_name: dict[str, set[str]] = defaultdict(set)
    by_id: dict[str, set[str]] = defaultdict(set)
    for row in rows():
        if row["wikidata"]:
            assert re.fullmatch(r"Q\d+", row["wikidata"]), row
            by_id[row["wikidata"]].add(row["name"])
        by_name[row["name"]].add(row["wikidata"])
    assert {name: ids for name, ids in by_name.items() if len(ids) > 1} == {}
    assert {qid: names for qid, names in by_id.items() if len(names) > 1} == {}


def test_terms_of_one_role_in_one_state_never_overlap() -> None:
    """Sorted by start, each term ends (at the latest) before the next one surely begins."""
    terms: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows():
        terms[(row["country"], row["role"])].append(row)
    clashes = []
    for key, group in terms.items():
        group.sort(key=lambda r: earliest(r["start"]))
        for before, after in zip(group, group[1:]):
            if not before["end"] or latest(after["start"]) < earliest(before["end"]):
                clashes.append((key, before["name"], before["start"], after["name"], after["start"]))
    assert clashes == []


def test_forty_states_have_heads() -> None:
    states = {row["country"] for row in rows() if row["role"] in HEAD_ROLES and row["country"]}
    assert len(states) >= 40


@pytest.mark.parametrize("country", [
    "USA", "RUS", "CHN", "IRN", "ISR", "UKR", "GBR", "FRA", "DEU", "TUR", "IND", "PAK", "PRK", "KOR", "JPN",
    "SAU", "ARE", "QAT", "EGY", "SYR", "IRQ", "BLR", "POL", "ITA", "ESP", "NLD", "SWE", "NOR", "DNK", "FIN",
    "CAN", "AUS", "BRA", "VEN", "CUB", "KAZ", "AZE", "ARM", "GEO", "LBN", "JOR", "DZA", "MAR", "TWN", "VNM",
    "IDN", "MYS", "SGP", "PHL", "THA", "ZAF", "NGA", "ETH", "SDN",
])
def test_state_has_a_head_in_office(country: str) -> None:
    """Every listed state has a head of state or government with an open term."""
    assert any(row["country"] == country and row["role"] in HEAD_ROLES and not row["end"] for row in rows())


# --- known facts ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "country", "role", "start", "end"), [
    ("Vladimir Putin", "RUS", "president", "2012-05-07", ""),
    ("Dmitry Medvedev", "RUS", "president", "2008-05-07", "2012-05-07"),
    ("Sergei Shoigu", "RUS", "defence minister", "2012-11-06", "2024-05-12"),
    ("Valery Gerasimov", "RUS", "chief of the general staff", "2012-11-09", ""),
    ("Sergei Lavrov", "RUS", "foreign minister", "2004-03-09", ""),
    ("Ali Khamenei", "IRN", "supreme leader", "1989-06-04", ""),
    ("Ebrahim Raisi", "IRN", "president", "2021-08-03", "2024-05-19"),
    ("Masoud Pezeshkian", "IRN", "president", "2024-07-28", ""),
    ("Mohammad Javad Zarif", "IRN", "foreign minister", "2013-08-15", "2021-08-25"),
    ("Barack Obama", "USA", "president", "2009-01-20", "2017-01-20"),
    ("George W. Bush", "USA", "president", "2001-01-20", "2009-01-20"),
    ("Antony Blinken", "USA", "secretary of state", "2021-01-26", "2025-01-20"),
    ("Lloyd Austin", "USA", "secretary of defense", "2021-01-22", "2025-01-20"),
    ("Angela Merkel", "DEU", "chancellor", "2005-11-22", "2021-12-08"),
    ("Yoav Gallant", "ISR", "defence minister", "2022-12-29", "2024-11-07"),
    ("Volodymyr Zelenskyy", "UKR", "president", "2019-05-20", ""),
    ("Recep Tayyip Erdogan", "TUR", "prime minister", "2003-03-14", "2014-08-28"),
    ("Xi Jinping", "CHN", "president", "2013-03-14", ""),
    ("Mohammed bin Salman", "SAU", "crown prince", "2017-06-21", ""),
    ("Kim Jong Un", "PRK", "supreme leader", "2011-12-17", ""),
    ("Yoweri Museveni", "UGA", "president", "1986-01-29", ""),
    ("Ismail Haniyeh", "PSE", "political leader", "2017-05-06", "2024-07-31"),
    ("Hassan Nasrallah", "LBN", "secretary-general", "1992-02-16", "2024-09-27"),
    ("Jens Stoltenberg", "", "nato secretary-general", "2014-10-01", "2024-10-01"),
])
def test_known_term(name: str, country: str, role: str, start: str, end: str) -> None:
    expected = {"name": name, "country": country, "role": role, "start": start, "end": end}
    assert any(expected.items() <= row.items() for row in rows())


@pytest.mark.parametrize(("name", "wikidata"), [
    ("Vladimir Putin", "Q7747"), ("Barack Obama", "Q76"), ("Angela Merkel", "Q567"),
])
def test_known_wikidata_id(name: str, wikidata: str) -> None:
    assert {row["wikidata"] for row in rows() if row["name"] == name} == {wikidata}


# --- surface forms (lexicons.office_holders) --------------------------------------------------

@pytest.mark.parametrize(("form", "names"), [
    ("Vladimir Putin", {"Vladimir Putin"}),
    ("Putin", {"Vladimir Putin"}),  # surname of one person
    ("Sergey Shoigu", {"Sergei Shoigu"}),  # alias
    ("Pezeshkian", {"Masoud Pezeshkian"}),
    ("Erdoğan", {"Recep Tayyip Erdogan"}),
    ("MBS", {"Mohammed bin Salman"}),
    ("Kim Jong-un", {"Kim Jong Un"}),
    ("Salman", {"Salman bin Abdulaziz"}),  # an alias beats another person's derived surname
    ("Bush", {"George H. W. Bush", "George W. Bush"}),  # listed on both, the date decides
    ("Museveni", {"Yoweri Museveni"}),
])
def test_surface_form_names(form: str, names: set[str]) -> None:
    assert {term.name for term in lexicons.office_holders()[form]} == names


@pytest.mark.parametrize("form", [
    "Singh",  # surname of several people, listed on none
    "Yilmaz",
    "II",  # regnal numbers are not surnames
    "Jr.",
    "Abdulaziz",  # 'bin Abdulaziz' is a patronymic
])
def test_form_not_derived(form: str) -> None:
    assert form not in lexicons.office_holders()


@pytest.mark.parametrize(("form", "day", "covered"), [
    ("Masoud Pezeshkian", date(2024, 10, 11), True),
    ("Masoud Pezeshkian", date(2024, 1, 1), False),
    ("Donald Trump", date(2025, 6, 1), True),
    ("Donald Trump", date(2022, 6, 1), False),
])
def test_term_covers(form: str, day: date, covered: bool) -> None:
    assert any(term.covers(day) for term in lexicons.office_holders()[form]) is covered
