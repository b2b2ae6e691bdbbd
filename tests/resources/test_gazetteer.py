"""The actor gazetteers (states.tsv, organizations.tsv): coverage, valid codes, one owner per
surface form, and a table of facts the extractors rely on."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
import pytest

STATES_HEADER = ["iso3", "name", "status", "aliases", "demonyms", "metonyms"]
ORGS_HEADER = ["id", "name", "kind", "subkind", "country", "aliases"]
STATES_SOURCE = ("Codes and formal names from ISO 3166-1 via pycountry; common names, demonyms, "
                 "capitals and metonyms written by the dossier team from public facts")
SUBKINDS = {"igo", "ngo", "party", "armed_group", "government", "military", "intelligence", "state_media", "outlet",
            "company", "think_tank"}
TRANSNATIONAL_GROUPS = {"org:islamic-state", "org:al-qaeda"}  # armed groups with no home state


@dataclass(frozen=True)
class Table:
    comments: list[str]
    header: list[str]
    rows: list[list[str]]

    def dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row)) for row in self.rows]


@dataclass(frozen=True)
class Hit:
    """Who a surface form names: a state (kind 'state', subkind the column) or an organisation."""

    id: str
    kind: str
    subkind: str
    country: str


@cache
def read(name: str) -> Table:
    text = resources.files("dossier.resources").joinpath(name).read_text(encoding="utf-8")
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    header, *rows = csv.reader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    return Table(comments, header, rows)


def states() -> list[dict[str, str]]:
    return read("states.tsv").dicts()


def organizations() -> list[dict[str, str]]:
    return read("organizations.tsv").dicts()


def split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def owners() -> list[tuple[str, Hit]]:
    """Every (surface form, owner) pair in both files, in file order."""
    pairs: list[tuple[str, Hit]] = []
    for row in states():
        for column, forms in (("name", [row["name"]]), ("alias", split(row["aliases"])),
                              ("demonym", split(row["demonyms"])),
                              ("metonym", split(row["metonyms"]))):
            pairs += [(form, Hit(row["iso3"], "state", column, row["iso3"])) for form in forms]
    for row in organizations():
        hit = Hit(row["id"], row["kind"], row["subkind"], row["country"])
        pairs += [(form, hit) for form in [row["name"], *split(row["aliases"])]]
    return pairs


@cache
def index() -> dict[str, Hit]:
    return dict(owners())


# --- file shape -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "header", "source"), [
    ("states.tsv", STATES_HEADER, STATES_SOURCE),
    ("organizations.tsv", ORGS_HEADER, "written by the dossier team from public facts"),
])
def test_header_comments_and_columns(name: str, header: list[str], source: str) -> None:
    table = read(name)
    text = resources.files("dossier.resources").joinpath(name).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert any(source in line for line in table.comments)
    assert any("Columns" in line for line in table.comments)
    assert table.header == header
    assert all(len(row) == len(header) for row in table.rows)


@pytest.mark.parametrize("name", ["states.tsv", "organizations.tsv"])
def test_cells_are_clean(name: str) -> None:
    for row in read(name).rows:
        for cell in row:
            assert cell == cell.strip(), row
            assert "" not in split(cell), row  # no '||' or dangling '|'
            assert "’" not in cell, row  # apostrophes are written as U+0027


# --- states -----------------------------------------------------------------------------------

def test_state_counts() -> None:
    statuses = [row["status"] for row in states()]
    assert len(statuses) >= 195
    assert statuses.count("member") == 193
    assert statuses.count("observer") == 2
    assert statuses.count("other") == 2
    assert set(statuses) == {"member", "observer", "other"}


def test_iso3_codes_are_unique_and_valid() -> None:
    codes = [row["iso3"] for row in states()]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert code == "XKX" or pycountry.countries.get(alpha_3=code) is not None, code


@pytest.mark.parametrize(("iso3", "name", "status"), [
    ("AFG", "Afghanistan", "member"), ("ARG", "Argentina", "member"), ("AUS", "Australia", "member"),
    ("BRA", "Brazil", "member"), ("CAN", "Canada", "member"), ("CHN", "China", "member"),
    ("COD", "Democratic Republic of the Congo", "member"), ("CUB", "Cuba", "member"),
    ("DEU", "Germany", "member"), ("EGY", "Egypt", "member"), ("ETH", "Ethiopia", "member"),
    ("FJI", "Fiji", "member"), ("FRA", "France", "member"), ("GBR", "United Kingdom", "member"),
    ("IDN", "Indonesia", "member"), ("IND", "India", "member"), ("IRN", "Iran", "member"),
    ("IRQ", "Iraq", "member"), ("ISR", "Israel", "member"), ("JPN", "Japan", "member"),
    ("KAZ", "Kazakhstan", "member"), ("KOR", "South Korea", "member"), ("LBN", "Lebanon", "member"),
    ("MEX", "Mexico", "member"), ("MLI", "Mali", "member"), ("NGA", "Nigeria", "member"),
    ("PAK", "Pakistan", "member"), ("POL", "Poland", "member"), ("PRK", "North Korea", "member"),
    ("RUS", "Russia", "member"), ("SAU", "Saudi Arabia", "member"), ("SYR", "Syria", "member"),
    ("TUR", "Turkey", "member"), ("TUV", "Tuvalu", "member"), ("UKR", "Ukraine", "member"),
    ("USA", "United States", "member"), ("VEN", "Venezuela", "member"),
    ("VNM", "Vietnam", "member"), ("YEM", "Yemen", "member"), ("ZAF", "South Africa", "member"),
    ("CIV", "Ivory Coast", "member"), ("CZE", "Czech Republic", "member"),
    ("VAT", "Holy See", "observer"), ("PSE", "Palestine", "observer"),
    ("TWN", "Taiwan", "other"), ("XKX", "Kosovo", "other"),
])
def test_state_present(iso3: str, name: str, status: str) -> None:
    assert {"iso3": iso3, "name": name, "status": status}.items() <= {
        row["iso3"]: row for row in states()}[iso3].items()


def test_most_states_have_a_capital() -> None:
    assert sum(1 for row in states() if row["metonyms"]) >= 180


# --- organisations ----------------------------------------------------------------------------

def test_org_ids_unique_and_slugged() -> None:
    ids = [row["id"] for row in organizations()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"org:[a-z0-9]+(-[a-z0-9]+)*", oid) for oid in ids), ids


def test_org_kinds_and_countries() -> None:
    codes = {row["iso3"] for row in states()}
    for row in organizations():
        assert row["subkind"] in SUBKINDS, row
        assert row["kind"] == ("group" if row["subkind"] == "armed_group" else "organization"), row
        if row["subkind"] in {"igo", "ngo"} or row["id"] in TRANSNATIONAL_GROUPS:
            assert row["country"] == "", row
        else:
            assert row["country"] in codes, row


@pytest.mark.parametrize(("subkinds", "minimum"), [
    ({"igo"}, 30), ({"armed_group"}, 30), ({"state_media"}, 25), ({"outlet"}, 30),
    ({"think_tank"}, 15), ({"government", "military", "intelligence", "company"}, 80),
])
def test_org_coverage(subkinds: set[str], minimum: int) -> None:
    assert sum(1 for row in organizations() if row["subkind"] in subkinds) >= minimum


# --- surface forms ----------------------------------------------------------------------------

def test_each_surface_form_has_one_owner() -> None:
    """Case-insensitive, across both files: one form never names two entries, nor twice in one."""
    seen: dict[str, Hit] = {}
    clashes = []
    for form, hit in owners():
        key = form.casefold()
        if key in seen and seen[key].id != hit.id:
            clashes.append((form, seen[key].id, hit.id))
        seen.setdefault(key, hit)
    assert clashes == []


@pytest.mark.parametrize("name", ["states.tsv", "organizations.tsv"])
def test_no_form_listed_twice(name: str) -> None:
    forms = [form for form, hit in owners()
             if (hit.kind == "state") == (name == "states.tsv")]
    assert len(forms) == len(set(forms))


@pytest.mark.parametrize(("form", "expected"), [
    ("Iran", Hit("IRN", "state", "name", "IRN")),
    ("Tehran", Hit("IRN", "state", "metonym", "IRN")),
    ("the Islamic Republic", Hit("IRN", "state", "alias", "IRN")),
    ("Islamic Republic of Iran", Hit("IRN", "state", "alias", "IRN")),
    ("Iranian", Hit("IRN", "state", "demonym", "IRN")),
    ("Iranians", Hit("IRN", "state", "demonym", "IRN")),
    ("Russian Federation", Hit("RUS", "state", "alias", "RUS")),
    ("the Kremlin", Hit("RUS", "state", "metonym", "RUS")),
    ("Moscow", Hit("RUS", "state", "metonym", "RUS")),
    ("Soviet", Hit("RUS", "state", "demonym", "RUS")),
    ("US", Hit("USA", "state", "alias", "USA")),
    ("U.S.", Hit("USA", "state", "alias", "USA")),
    ("the United States", Hit("USA", "state", "alias", "USA")),
    ("American", Hit("USA", "state", "demonym", "USA")),
    ("the White House", Hit("USA", "state", "metonym", "USA")),
    ("Britain", Hit("GBR", "state", "alias", "GBR")),
    ("Briton", Hit("GBR", "state", "demonym", "GBR")),
    ("Downing Street", Hit("GBR", "state", "metonym", "GBR")),
    ("Kyiv", Hit("UKR", "state", "metonym", "UKR")),
    ("Kiev", Hit("UKR", "state", "metonym", "UKR")),
    ("the Jewish state", Hit("ISR", "state", "alias", "ISR")),
    ("Israelis", Hit("ISR", "state", "demonym", "ISR")),
    ("DPRK", Hit("PRK", "state", "alias", "PRK")),
    ("Pyongyang", Hit("PRK", "state", "metonym", "PRK")),
    ("ROK", Hit("KOR", "state", "alias", "KOR")),
    ("the UAE", Hit("ARE", "state", "alias", "ARE")),
    ("Emirati", Hit("ARE", "state", "demonym", "ARE")),
    ("KSA", Hit("SAU", "state", "alias", "SAU")),
    ("PRC", Hit("CHN", "state", "alias", "CHN")),
    ("Türkiye", Hit("TUR", "state", "alias", "TUR")),
    ("Turks", Hit("TUR", "state", "demonym", "TUR")),
    ("Côte d'Ivoire", Hit("CIV", "state", "alias", "CIV")),
    ("Czechia", Hit("CZE", "state", "alias", "CZE")),
    ("Burma", Hit("MMR", "state", "alias", "MMR")),
    ("the Netherlands", Hit("NLD", "state", "alias", "NLD")),
    ("Dutch", Hit("NLD", "state", "demonym", "NLD")),
    ("the Philippines", Hit("PHL", "state", "alias", "PHL")),
    ("Filipinos", Hit("PHL", "state", "demonym", "PHL")),
    ("Brasília", Hit("BRA", "state", "metonym", "BRA")),
    ("New Delhi", Hit("IND", "state", "metonym", "IND")),
    ("the Vatican", Hit("VAT", "state", "metonym", "VAT")),
    ("Ramallah", Hit("PSE", "state", "metonym", "PSE")),
    ("Taipei", Hit("TWN", "state", "metonym", "TWN")),
    ("Pristina", Hit("XKX", "state", "metonym", "XKX")),
    ("Hizbollah", Hit("org:hezbollah", "group", "armed_group", "LBN")),
    ("Hezbollah", Hit("org:hezbollah", "group", "armed_group", "LBN")),
    ("Hamas", Hit("org:hamas", "group", "armed_group", "PSE")),
    ("Ansar Allah", Hit("org:houthis", "group", "armed_group", "YEM")),
    ("Daesh", Hit("org:islamic-state", "group", "armed_group", "")),
    ("Wagner", Hit("org:wagner", "group", "armed_group", "RUS")),
    ("Kataib Hezbollah", Hit("org:kataib-hezbollah", "group", "armed_group", "IRQ")),
    ("IRGC", Hit("org:irgc", "organization", "military", "IRN")),
    ("Islamic Revolutionary Guard Corps", Hit("org:irgc", "organization", "military", "IRN")),
    ("the Revolutionary Guards", Hit("org:irgc", "organization", "military", "IRN")),
    ("Quds Force", Hit("org:quds-force", "organization", "military", "IRN")),
    ("Supreme National Security Council", Hit("org:snsc", "organization", "government", "IRN")),
    ("IDF", Hit("org:idf", "organization", "military", "ISR")),
    ("the Pentagon", Hit("org:pentagon", "organization", "government", "USA")),
    ("State Department", Hit("org:state-department", "organization", "government", "USA")),
    ("Russian Defence Ministry", Hit("org:russia-mod", "organization", "government", "RUS")),
    ("FSB", Hit("org:fsb", "organization", "intelligence", "RUS")),
    ("Mossad", Hit("org:mossad", "organization", "intelligence", "ISR")),
    ("MI6", Hit("org:mi6", "organization", "intelligence", "GBR")),
    ("Rosoboronexport", Hit("org:rosoboronexport", "organization", "company", "RUS")),
    ("Lockheed Martin", Hit("org:lockheed-martin", "organization", "company", "USA")),
    ("Raytheon", Hit("org:rtx", "organization", "company", "USA")),
    ("Baykar", Hit("org:baykar", "organization", "company", "TUR")),
    ("MBDA", Hit("org:mbda", "organization", "company", "FRA")),
    ("DSCA", Hit("org:dsca", "organization", "government", "USA")),
    ("TASS", Hit("org:tass", "organization", "state_media", "RUS")),
    ("Tasnim", Hit("org:tasnim", "organization", "state_media", "IRN")),
    ("Xinhua", Hit("org:xinhua", "organization", "state_media", "CHN")),
    ("KCNA", Hit("org:kcna", "organization", "state_media", "PRK")),
    ("The New York Times", Hit("org:nyt", "organization", "outlet", "USA")),
    ("FT", Hit("org:ft", "organization", "outlet", "GBR")),
    ("Al Jazeera", Hit("org:al-jazeera", "organization", "outlet", "QAT")),
    ("Soufan Group", Hit("org:soufan-group", "organization", "think_tank", "USA")),
    ("Royal United Services Institute", Hit("org:rusi", "organization", "think_tank", "GBR")),
    ("SIPRI", Hit("org:sipri", "organization", "think_tank", "SWE")),
    ("NATO", Hit("org:nato", "organization", "igo", "")),
    ("Nato", Hit("org:nato", "organization", "igo", "")),
    ("IAEA", Hit("org:iaea", "organization", "igo", "")),
    ("the UN Security Council", Hit("org:unsc", "organization", "igo", "")),
    ("Security Council resolution", Hit("org:unsc", "organization", "igo", "")),
    ("Bosnian Serbs", Hit("BIH", "state", "demonym", "BIH")),
    ("Bosnian Croat", Hit("BIH", "state", "demonym", "BIH")),
    ("Kosovo Albanians", Hit("XKX", "state", "demonym", "XKX")),
    ("Turkish Cypriots", Hit("CYP", "state", "demonym", "CYP")),
    ("Croatian Serbs", Hit("HRV", "state", "demonym", "HRV")),
    ("Northern Ireland", Hit("GBR", "state", "alias", "GBR")),
    ("East Jerusalem", Hit("PSE", "state", "metonym", "PSE")),
    ("the former Yugoslav Republic of Macedonia", Hit("MKD", "state", "alias", "MKD")),
    ("FYROM", Hit("MKD", "state", "alias", "MKD")),
    ("Yugoslavia", Hit("SRB", "state", "alias", "SRB")),
    ("Yugoslav", Hit("SRB", "state", "demonym", "SRB")),
    ("Zaire", Hit("COD", "state", "alias", "COD")),
    ("Kampuchean", Hit("KHM", "state", "demonym", "KHM")),
    ("Ceylon", Hit("LKA", "state", "alias", "LKA")),
    ("East Germany", Hit("DEU", "state", "alias", "DEU")),
    ("West German", Hit("DEU", "state", "demonym", "DEU")),
    ("Amnesty International", Hit("org:amnesty", "organization", "ngo", "")),
    ("Human Rights Watch", Hit("org:hrw", "organization", "ngo", "")),
    ("the Red Cross", Hit("org:icrc", "organization", "ngo", "")),
    ("Red Crescent", Hit("org:ifrc", "organization", "ngo", "")),
    ("Doctors Without Borders", Hit("org:msf", "organization", "ngo", "")),
    ("World Food Program", Hit("org:wfp", "organization", "igo", "")),
    ("Warsaw Pact", Hit("org:warsaw-pact", "organization", "igo", "")),
    ("European Community", Hit("org:eu", "organization", "igo", "")),
    ("OAU", Hit("org:au", "organization", "igo", "")),
    ("Tamil Tigers", Hit("org:ltte", "group", "armed_group", "LKA")),
    ("LTTE", Hit("org:ltte", "group", "armed_group", "LKA")),
    ("Karen rebels", Hit("org:knu", "group", "armed_group", "MMR")),
    ("UNITA", Hit("org:unita", "group", "armed_group", "AGO")),
    ("Moro Islamic Liberation Front", Hit("org:milf", "group", "armed_group", "PHL")),
    ("FARC", Hit("org:farc", "group", "armed_group", "COL")),
    ("KLA", Hit("org:kla", "group", "armed_group", "XKX")),
    ("Forces for the Defence of Democracy", Hit("org:cndd-fdd", "group", "armed_group", "BDI")),
    ("FDD", Hit("org:fdd", "organization", "think_tank", "USA")),  # the acronym stays the think tank's
    ("PLO", Hit("org:plo", "organization", "government", "PSE")),
    ("Fatah", Hit("org:fatah", "organization", "party", "PSE")),
    ("Islamic Salvation Front", Hit("org:fis", "organization", "party", "DZA")),
])
def test_surface_form_fact(form: str, expected: Hit) -> None:
    assert index()[form] == expected


@pytest.mark.parametrize("form", [
    "Korea", "Korean", "Congo", "Congolese", "the Kingdom", "Ministry of Defence", "Defence Ministry",
    "Security Council", "National Security Council", "Vienna", "Brussels", "The Hague", "Sanaa",
    "Rafael", "Shahed", "Kalashnikov", "CCTV", "IS", "Kingston", "Georgetown", "Azov", "Zvezda",
    "the Ukraine", "Karen", "Tigers", "Tamil", "Hutu", "Kurdish rebels", "Hutu rebels", "ethnic Albanians",
    "FIS", "GIA", "IRA", "ETA", "NPA", "EC",
])
def test_ambiguous_form_left_out(form: str) -> None:
    assert form.casefold() not in {known.casefold() for known in index()}
