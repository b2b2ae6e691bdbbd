"""The weapon catalogue (weapons.tsv) and the generic weapon phrases (weapon_phrases.tsv): shape,
valid categories and maker codes, one owner per name, a table of known facts, and names left out
because they would match ordinary text."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
import pytest

from dossier import lexicons
from dossier.annotate import load_pipeline
from dossier.components.gazetteer import NOT_A_WEAPON
from dossier.records import WEAPON_CATEGORIES

SYSTEMS_HEADER = ["system", "category", "maker", "aliases"]
PHRASES_HEADER = ["phrase", "category"]
SYSTEMS_SOURCE = ("Written by the dossier team from public facts: manufacturers' and governments' "
                  "published designations, NATO reporting names; no third-party dataset copied")
PHRASES_SOURCE = "Written by the dossier team from common English news usage"
# Nouns whose plural the matcher must not build: already plural or invariable.
INVARIABLE_LAST_WORDS = {"arms", "awacs", "manpads", "mlrs"}


@dataclass(frozen=True)
class Table:
    comments: list[str]
    header: list[str]
    rows: list[list[str]]

    def dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row)) for row in self.rows]


@cache
def read(name: str) -> Table:
    text = resources.files("dossier.resources").joinpath(name).read_text(encoding="utf-8")
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    header, *rows = csv.reader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    return Table(comments, header, rows)


def systems() -> list[dict[str, str]]:
    return read("weapons.tsv").dicts()


def phrases() -> dict[str, str]:
    return {row["phrase"]: row["category"] for row in read("weapon_phrases.tsv").dicts()}


def aliases(row: dict[str, str]) -> list[str]:
    return row["aliases"].split("|")


@cache
def by_system() -> dict[str, dict[str, str]]:
    return {row["system"]: row for row in systems()}


def all_names() -> set[str]:
    return {name for row in systems() for name in [row["system"], *aliases(row)]}


# --- file shape -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "header", "source"), [
    ("weapons.tsv", SYSTEMS_HEADER, SYSTEMS_SOURCE),
    ("weapon_phrases.tsv", PHRASES_HEADER, PHRASES_SOURCE),
])
def test_header_comments_and_columns(name: str, header: list[str], source: str) -> None:
    table = read(name)
    text = resources.files("dossier.resources").joinpath(name).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert any(source in line for line in table.comments)
    assert any("Columns" in line for line in table.comments)
    assert table.header == header
    assert all(len(row) == len(header) for row in table.rows)


@pytest.mark.parametrize("name", ["weapons.tsv", "weapon_phrases.tsv"])
def test_cells_are_clean(name: str) -> None:
    for row in read(name).rows:
        for cell in row:
            assert cell and cell == cell.strip(), row
            assert "" not in cell.split("|"), row  # no '||' or dangling '|'
            assert "  " not in cell, row
            assert "’" not in cell, row  # the gazetteer adds the curly-apostrophe variants itself


# --- systems ----------------------------------------------------------------------------------

def test_catalogue_size() -> None:
    assert len(systems()) >= 260


def test_categories_are_the_record_categories() -> None:
    used = {row["category"] for row in systems()}
    assert used <= set(WEAPON_CATEGORIES)
    assert used == set(WEAPON_CATEGORIES)  # every category has at least one system


def test_makers_are_iso_alpha3() -> None:
    for row in systems():
        assert pycountry.countries.get(alpha_3=row["maker"]) is not None, row


def test_system_designations_are_unique() -> None:
    names = [row["system"] for row in systems()]
    assert len(names) == len(set(names))


def test_each_name_has_one_owner() -> None:
    """No alias under two systems, none equal to a designation, none repeated within a row."""
    designations = {row["system"] for row in systems()}
    owner: dict[str, str] = {}
    clashes = []
    for row in systems():
        names = aliases(row)
        assert len(names) == len(set(names)), row
        for name in names:
            if name in designations:
                clashes.append((name, row["system"]))
            elif owner.setdefault(name, row["system"]) != row["system"]:
                clashes.append((name, owner[name], row["system"]))
    assert clashes == []


def test_no_weapon_name_is_an_actor_name() -> None:
    """Actors win an overlap in the gazetteer, so a shared form would hide the weapon."""
    actors = set(lexicons.states()) | set(lexicons.organizations())
    assert all_names() & actors == set()


def test_loader_resolves_every_name() -> None:
    loaded = lexicons.weapon_systems()
    for row in systems():
        for name in [row["system"], *aliases(row)]:
            entry = loaded[name]
            assert (entry.id, entry.kind, entry.country) == (row["system"], row["category"],
                                                            row["maker"])


@pytest.mark.parametrize(("system", "category", "maker", "alias"), [
    ("S-400", "air defence", "RUS", "SA-21 Growler"),
    ("S-400", "air defence", "RUS", "Triumf"),
    ("S-300PMU-2", "air defence", "RUS", "S-300 PMU-2"),
    ("Tor-M1", "air defence", "RUS", "SA-15 Gauntlet"),
    ("Pantsir-S1", "air defence", "RUS", "SA-22 Greyhound"),
    ("Buk", "air defence", "RUS", "Buk-M2"),
    ("Verba", "air defence", "RUS", "9K333 Verba"),
    ("Su-35", "aircraft", "RUS", "Sukhoi Su-35"),
    ("MiG-29", "aircraft", "RUS", "Mig-29"),
    ("Yak-130", "aircraft", "RUS", "Yakovlev Yak-130"),
    ("Mi-24", "aircraft", "RUS", "Mi-35"),
    ("Iskander", "missiles", "RUS", "SS-26 Stone"),
    ("Kinzhal", "missiles", "RUS", "Kh-47M2"),
    ("Kalibr", "missiles", "RUS", "3M-14"),
    ("Kh-101", "missiles", "RUS", "Kh 101"),
    ("Oniks", "missiles", "RUS", "Yakhont"),
    ("Tornado-S", "artillery", "RUS", "9K515 Tornado-S"),
    ("TOS-1", "artillery", "RUS", "TOS-1A"),
    ("T-90", "armoured vehicles", "RUS", "T-90M"),
    ("Kilo class", "ships", "RUS", "Project 636"),
    ("Nebo-M", "sensors", "RUS", "55Zh6M Nebo-M"),
    ("Krasukha", "electronic warfare", "RUS", "Krasukha-4"),
    ("Murmansk-BN", "electronic warfare", "RUS", "Murmansk BN"),
    ("AL-31F", "engines", "RUS", "AL-31FN"),
    ("AK-47", "small arms", "RUS", "AK47"),
    ("KAB-500", "other", "RUS", "KAB-500KR"),
    ("Shahed-136", "drones", "IRN", "Geran-2"),
    ("Shahed-131", "drones", "IRN", "Geran-1"),
    ("Shahed-238", "drones", "IRN", "Geran-3"),
    ("Mohajer-6", "drones", "IRN", "Mohajer 6"),
    ("Fath-360", "missiles", "IRN", "Fath 360"),
    ("Fattah-1", "missiles", "IRN", "Fattah 1"),
    ("Kheibar Shekan", "missiles", "IRN", "Kheibar-Shekan"),
    ("Bavar-373", "air defence", "IRN", "Bavar 373"),
    ("Khordad-15", "air defence", "IRN", "15th Khordad"),
    ("KN-23", "missiles", "PRK", "Hwasong-11A"),
    ("Hwasong-15", "missiles", "PRK", "KN-22"),
    ("Koksan", "artillery", "PRK", "M-1978 Koksan"),
    ("J-10", "aircraft", "CHN", "J-10C"),
    ("JF-17", "aircraft", "PAK", "FC-1"),
    ("HQ-9", "air defence", "CHN", "FD-2000"),
    ("Wing Loong", "drones", "CHN", "Wing Loong II"),
    ("DF-21", "missiles", "CHN", "DF-21D"),
    ("Type 054A", "ships", "CHN", "Jiangkai II"),
    ("F-35", "aircraft", "USA", "F-35I Adir"),
    ("F-16", "aircraft", "USA", "F-16 Fighting Falcon"),
    ("AH-64 Apache", "aircraft", "USA", "AH-64"),
    ("Patriot", "air defence", "USA", "MIM-104"),
    ("PAC-3", "air defence", "USA", "PAC-3 MSE"),
    ("NASAMS", "air defence", "NOR", "NASAMS 3"),
    ("HIMARS", "artillery", "USA", "M142 HIMARS"),
    ("ATACMS", "missiles", "USA", "MGM-140"),
    ("Javelin", "missiles", "USA", "FGM-148"),
    ("Stinger", "air defence", "USA", "FIM-92 Stinger"),
    ("M1 Abrams", "armoured vehicles", "USA", "M1A1"),
    ("MQ-9 Reaper", "drones", "USA", "MQ-9B"),
    ("JDAM", "other", "USA", "Joint Direct Attack Munition"),
    ("F414", "engines", "USA", "GE F414"),
    ("AN/TPY-2", "sensors", "USA", "TPY-2"),
    ("Storm Shadow", "missiles", "GBR", "SCALP"),
    ("Leopard 2", "armoured vehicles", "DEU", "Leopard 2A6"),
    ("IRIS-T", "air defence", "DEU", "IRIS-T SLM"),
    ("PzH 2000", "artillery", "DEU", "Panzerhaubitze 2000"),
    ("Gepard", "air defence", "DEU", "Flakpanzer Gepard"),
    ("Gripen", "aircraft", "SWE", "JAS 39 Gripen"),
    ("NLAW", "missiles", "SWE", "MBT LAW"),
    ("Iron Dome", "air defence", "ISR", "Kipat Barzel"),
    ("Barak-8", "air defence", "ISR", "MR-SAM"),
    ("Bayraktar TB2", "drones", "TUR", "TB2"),
    ("Akinci", "drones", "TUR", "Akıncı"),
    ("R-360 Neptune", "missiles", "UKR", "Neptune missile"),
    ("K9", "artillery", "KOR", "K9 Thunder"),
    ("Chunmoo", "artillery", "KOR", "Homar-K"),
    ("BrahMos", "missiles", "IND", "PJ-10"),
])
def test_system_fact(system: str, category: str, maker: str, alias: str) -> None:
    row = by_system()[system]
    assert (row["category"], row["maker"]) == (category, maker)
    assert alias in aliases(row)


@pytest.mark.parametrize("name", [
    # common English words and NATO names that are ordinary words
    "Tornado", "Typhoon", "Hornet", "Eagle", "Bear", "Hind", "Fencer", "Fulcrum", "Flanker",
    "Hercules", "Raptor", "Osprey", "Reaper", "Mamba", "Triumph", "Tank", "Drone",
    # people's names and titles
    "Fattah", "Abrams", "Bradley", "Kalashnikov", "Tejas", "Akash", "Bayraktar", "Zulfiqar",
    "Tayfun", "Korkut", "Bogdana", "Malka", "Carl Gustaf", "Zuzana",
    # places, organisations, newspapers and brands
    "Voronezh", "Lancet", "Neptune", "Shahed", "Rodong", "Nodong", "Astros", "Dezful", "Sumar",
    "MILAN", "Vityaz", "Kunpeng", "Taishan", "Oplot", "Umkhonto",
])
def test_ambiguous_name_left_out(name: str) -> None:
    assert name not in all_names()


# --- generic phrases --------------------------------------------------------------------------

def test_phrase_count_and_categories() -> None:
    table = phrases()
    assert len(table) >= 100
    assert len(table) == len(read("weapon_phrases.tsv").rows)  # no phrase listed twice
    assert set(table.values()) <= set(WEAPON_CATEGORIES) | {NOT_A_WEAPON}


def test_phrases_are_lower_case_and_singular() -> None:
    for phrase in phrases():
        assert phrase == phrase.lower(), phrase
        last = phrase.split()[-1]
        plural_looking = last.endswith("s") and not last.endswith("ss")
        assert last in INVARIABLE_LAST_WORDS or not plural_looking, phrase


@pytest.mark.parametrize(("british", "american"), [("defence", "defense"), ("armoured", "armored"),
                                                   ("refuelling", "refueling")])
def test_both_spellings(british: str, american: str) -> None:
    table = phrases()
    for phrase, category in table.items():
        assert table.get(phrase.replace(british, american)) == category, phrase
        assert table.get(phrase.replace(american, british)) == category, phrase


@pytest.mark.parametrize(("phrase", "category"), [
    ("air defence system", "air defence"), ("air defense system", "air defence"),
    ("air-defence system", "air defence"), ("surface-to-air missile", "air defence"),
    ("man-portable air defense system", "air defence"), ("interceptor", "air defence"),
    ("missile", "missiles"), ("ballistic missile", "missiles"),
    ("short-range ballistic missile", "missiles"), ("cruise missile", "missiles"),
    ("anti-tank missile", "missiles"), ("precision-guided munition", "missiles"),
    ("fighter jet", "aircraft"), ("fighter aircraft", "aircraft"), ("helicopter", "aircraft"),
    ("drone", "drones"), ("attack drone", "drones"), ("kamikaze drone", "drones"),
    ("loitering munition", "drones"), ("unmanned aerial vehicle", "drones"),
    ("electronic warfare system", "electronic warfare"), ("jammer", "electronic warfare"),
    ("radar", "sensors"), ("radar equipment", "sensors"), ("air defence radar", "sensors"),
    ("tank", "armoured vehicles"), ("armoured vehicle", "armoured vehicles"),
    ("armored personnel carrier", "armoured vehicles"), ("artillery shell", "artillery"),
    ("howitzer", "artillery"), ("multiple rocket launcher", "artillery"),
    ("warship", "ships"), ("submarine", "ships"), ("jet engine", "engines"),
    ("rifle", "small arms"), ("small arm", "small arms"), ("ammunition", "other"),
    ("weapon", "other"), ("weaponry", "other"), ("arms", "other"),
    ("military equipment", "other"),
])
def test_phrase_fact(phrase: str, category: str) -> None:
    assert phrases()[phrase] == category


@pytest.mark.parametrize("phrase", [
    "air defence", "air defence capability", "electronic warfare", "fighter", "bomber", "jet",
    "engine", "shell", "vessel", "sam", "military aid", "military cooperation",
])
def test_phrase_left_out(phrase: str) -> None:
    """Too vague ('air defence capabilities') or ordinary in other senses ('fighters', 'shells')."""
    assert phrase not in phrases()


# --- the catalogue at work in the gazetteer ---------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize(("text", "surface", "system", "category"), [
    ("Iran supplied Geran-2 drones to Russia.", "Geran-2", "Shahed-136", "drones"),
    ("Moscow sold S-300PMU-2 batteries.", "S-300PMU-2", "S-300PMU-2", "air defence"),
    ("Ankara took delivery of the S-400 Triumf.", "S-400 Triumf", "S-400", "air defence"),
    ("Two F/A-18 Super Hornet jets flew.", "F/A-18 Super Hornet", "F/A-18", "aircraft"),
    ("Kyiv received more F-16s.", "F-16s", "F-16", "aircraft"),
    ("David’s Sling intercepted it.", "David’s Sling", "David's Sling", "air defence"),
    ("Tor-M1 launchers were seen.", "Tor-M1", "Tor-M1", "air defence"),
    ("Russia fired 3M-14 missiles.", "3M-14", "Kalibr", "missiles"),
    ("Pyongyang shipped KN-23 missiles.", "KN-23", "KN-23", "missiles"),
    ("Tehran wants Russian air defence systems.", "air defence systems", "", "air defence"),
    ("It delivered modern radar equipment.", "radar equipment", "", "sensors"),
    ("Hundreds of short-range ballistic missiles went.", "short-range ballistic missiles", "",
     "missiles"),
])
def test_weapon_found(nlp, text: str, surface: str, system: str, category: str) -> None:
    doc = nlp(text)
    found = {(span.text, span.kb_id_, span.label_) for span in doc.spans["weapons"]}
    assert (surface, system, category) in found


@pytest.mark.parametrize("text", [
    "Abdel Fattah el-Sisi met the delegation in Cairo.",
    "The Rodong Sinmun carried the statement.",
    "Tayfun Korkut and Mustafa Kemal spoke to Sumar.",
    "The Houston Astros won again.",
    "MILAN, Oct 3 (Reuters) - Shares rose.",
])
def test_no_weapon_in_ordinary_text(nlp, text: str) -> None:
    doc = nlp(text)
    assert [span.text for span in doc.spans["weapons"]] == []
