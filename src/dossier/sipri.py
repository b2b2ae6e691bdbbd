"""SIPRI's arms-transfer register, read from its CSV export and set beside dossier's transfer register.

SIPRI's Arms Transfers Database is the reference list of deals in major conventional arms; news runs
ahead of it (requests, denials, this year's deliveries) and sometimes disagrees with it (numbers,
values, years). `read_register` is the I/O edge: it streams an export as users download it.
`match` and `format_comparison` are pure. SIPRI data is not openly licensed: the package ships no
SIPRI rows, only this reader, and every report carries SIPRI's credit line.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry
from rapidfuzz import fuzz, process

from dossier import lexicons
from dossier.errors import UnreadableInput
from dossier.records import Money

if TYPE_CHECKING:
    from _csv import Reader

LOGGER = logging.getLogger(__name__)

COVERAGE_END = 2024  # the export of 13 Mar 2025 records orders and deliveries up to the end of 2024
CREDIT = "Information from the SIPRI Arms Transfers Database; the comparison is dossier's, not SIPRI's."

Row = dict[str, Any]  # one transfer of dossier's register, in SCHEMA.md's `transfers` shape

# Header cells, lower-cased, of both variants: the export names its '?' columns ' ' (they are named
# after the column before them here), the cleaned subset names them and its status column.
_COLUMN_ALIASES = {"status (new/second-hand)": "status"}
_REQUIRED = ("recipient", "supplier", "year of order", "number ordered", "weapon designation",
             "weapon description", "number delivered", "year(s) of delivery", "status", "comments")


@dataclass(frozen=True, slots=True)
class SipriDeal:
    """One record of SIPRI's trade register: one weapon designation ordered by one party from another."""

    recipient: str  # as SIPRI writes it: 'Iran', 'Hezbollah (Lebanon)*', 'unknown recipient(s)'
    supplier: str
    recipient_code: str | None  # ISO alpha-3; None for non-state, international and unknown parties
    supplier_code: str | None
    year_ordered: int | None
    year_ordered_uncertain: bool
    number_ordered: int | None
    number_ordered_uncertain: bool
    designation: str
    description: str  # SIPRI's 'Weapon description'
    category: str  # ours, mapped from the description
    number_delivered: int | None
    number_delivered_uncertain: bool
    delivery_years: tuple[int, ...]
    condition: str  # SIPRI's 'status' column (New, Second hand ...): not a delivery status
    comments: str
    value: Money | None = field(hash=False)  # the deal value SIPRI gives in Comments
    tiv_unit: float | None
    tiv_order: float | None
    tiv_delivered: float | None
    line: int  # physical line in the full export (the cleaned subset's `source_line`)


@dataclass(frozen=True, slots=True)
class Difference:
    """One field on which a register row and its SIPRI deal disagree, each side as display text."""

    field: str  # number, value, ordered, delivered or status
    ours: str
    sipri: str


@dataclass(slots=True)
class Comparison:
    """Register rows that match a SIPRI deal (with their disagreements) and rows SIPRI lacks (with why)."""

    matched: list[tuple[Row, SipriDeal, list[Difference]]] = field(default_factory=list)
    missing_in_sipri: list[tuple[Row, str]] = field(default_factory=list)


# --- reading an export (I/O edge) ---------------------------------------------------------------

def read_register(path: Path) -> Iterator[SipriDeal]:
    """Every deal in a SIPRI trade-register export, streamed one at a time so memory stays flat.

    Reads the file as SIPRI's site exports it (Latin-1, note lines before the header, '?' flags in
    unnamed columns, records split by a newline in Comments) and the cleaned UTF-8 variant with
    named columns and a `source_line`; the header row tells which.
    """
    with path.open(encoding=_encoding(path), newline="") as handle:
        rows = csv.reader(handle)
        columns = _header(rows, path)
        for line, cells in _records(rows, len(columns)):
            yield _deal(dict(zip(columns, map(str.strip, cells))), line)


def _encoding(path: Path) -> str:
    """'utf-8-sig' with a byte-order mark, 'utf-8' when every byte decodes so, else 'latin-1' (what
    SIPRI's site exports). Decoded in chunks, so a large file is never held whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        if handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        try:
            while chunk := handle.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8"


def _header(rows: Reader, path: Path) -> list[str]:
    """Column names from the first row that starts 'Recipient, Supplier' (after an optional
    `source_line`), skipping the note lines above it; where the header row sits varies by export."""
    for cells in rows:
        first = [cell.strip() for cell in cells[:3]]
        if first[:2] == ["Recipient", "Supplier"] or first == ["source_line", "Recipient", "Supplier"]:
            columns = _column_names(cells)
            missing = [name for name in _REQUIRED if name not in columns]
            if missing:
                raise UnreadableInput(f"{path}: SIPRI header lacks the columns {', '.join(missing)}")
            return columns
    raise UnreadableInput(f"{path}: no header row starting 'Recipient,Supplier': not a SIPRI trade-register export")


def _column_names(cells: list[str]) -> list[str]:
    """Lower-cased names; an unnamed column holds the '?' flag of the one before it."""
    names: list[str] = []
    for cell in cells:
        name = cell.strip().lower()
        if not name and names:
            name = f"{names[-1]} uncertain"
        names.append(_COLUMN_ALIASES.get(name, name))
    return names


def _records(rows: Reader, width: int) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) of each record. A record cut short by an unquoted newline in
    Comments is re-joined with the next line when the two together have the header's width."""
    pending: list[str] = []
    first = 0
    for cells in rows:
        line = rows.line_num  # csv.reader counts the physical lines it has read
        if pending:
            joined = [*pending[:-1], " ".join(filter(None, (pending[-1], *cells[:1]))), *cells[1:]]
            if len(joined) <= width:
                cells, line = joined, first
            else:
                LOGGER.warning("line %d: %d fields where the header has %d; skipped", first, len(pending), width)
            pending = []
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < width:
            pending, first = cells, line
        elif len(cells) > width:
            LOGGER.warning("line %d: %d fields where the header has %d; skipped", line, len(cells), width)
        else:
            yield line, cells
    if pending:
        LOGGER.warning("line %d: record cut short at the end of the file; skipped", first)


def _deal(record: dict[str, str], line: int) -> SipriDeal:
    """A SipriDeal from one record keyed by lower-cased column names."""
    recipient, supplier, comments = record["recipient"], record["supplier"], record["comments"]
    source_line = record.get("source_line", "")
    return SipriDeal(
        recipient=recipient,
        supplier=supplier,
        recipient_code=state_code(recipient),
        supplier_code=state_code(supplier),
        year_ordered=_int(record["year of order"]),
        year_ordered_uncertain=record.get("year of order uncertain") == "?",
        number_ordered=_int(record["number ordered"]),
        number_ordered_uncertain=record.get("number ordered uncertain") == "?",
        designation=record["weapon designation"],
        description=record["weapon description"],
        category=category_of(record["weapon description"]),
        number_delivered=_int(record["number delivered"]),
        number_delivered_uncertain=record.get("number delivered uncertain") == "?",
        delivery_years=tuple([int(year) for year in re.findall(r"\d{4}", record["year(s) of delivery"])]),
        condition=record["status"],
        comments=comments,
        value=parse_value(comments),
        tiv_unit=_float(record.get("sipri tiv per unit", "")),
        tiv_order=_float(record.get("sipri tiv for total order", "")),
        tiv_delivered=_float(record.get("sipri tiv of delivered weapons", "")),
        line=int(source_line) if source_line.isdigit() else line,
    )


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@cache
def state_code(name: str) -> str | None:
    """ISO alpha-3 for a party as SIPRI names it; None for non-state parties ('*'), international
    ones ('**') and 'unknown ...', whose names the deal keeps.

    Our states gazetteer first: it gives 'Soviet Union' to RUS, our convention, so USSR-era deals
    line up with news about Russia. Then pycountry's fuzzy search for names the gazetteer lacks
    ('eSwatini'), kept only when the name is part of the country's own names, so that a province
    ('Katanga') or a former state ('Yugoslavia') does not land on today's country.
    """
    if name.endswith("*") or name.lower().startswith("unknown"):
        return None
    entry = lexicons.states().get(name)
    if entry is not None:
        return entry.id
    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    wanted = name.casefold()
    for country in found:
        own = (getattr(country, attr, "") for attr in ("name", "official_name", "common_name"))
        if any(wanted in text.casefold() for text in own):
            return str(country.alpha_3)
    return None


@cache
def _descriptions() -> dict[str, str]:
    return {row["description"].lower(): row["category"] for row in lexicons.read_table("sipri_descriptions.tsv")}


def category_of(description: str) -> str:
    """Our weapon category for SIPRI's 'Weapon description' (the export has no category column)."""
    category = _descriptions().get(description.strip().lower())
    if category is None:
        _report_unmapped(description)
        return "other"
    return category


@cache
def _report_unmapped(description: str) -> None:
    """Warns once per description missing from sipri_descriptions.tsv (a newer SIPRI release)."""
    LOGGER.warning("SIPRI weapon description %r is not in sipri_descriptions.tsv; category 'other'", description)


_SCALES = {"tr": 1e12, "billion": 1e9, "b": 1e9, "million": 1e6, "m": 1e6}
_AMOUNT = r"(?P<cur>\$|\b[A-Z]{2,3}) ?(?P<amount>\d+(?:\.\d+)?)(?:-\d+(?:\.\d+)?)? ?(?P<scale>million|billion|tr|m|b)\b"
_IN_USD = r"(?: \(\$(?P<usd>\d+(?:\.\d+)?)(?:-\d+(?:\.\d+)?)? ?(?P<usd_scale>million|billion|tr|m|b)\))?"
_VALUE_RE = re.compile(
    rf"(?:(?i:part of|possibly|probably) )?(?P<worth>(?i:deal|aid|lease) worth )?{_AMOUNT}{_IN_USD}"
    rf"(?P<name> +'[^']*')?(?P<deal> +(?:\d+-year )?(?i:deal|aid|lease|programme)\b)?"
)


def parse_value(comments: str) -> Money | None:
    """The deal value SIPRI writes in Comments ('$1 b deal', 'Deal worth $30 m', 'Part of EUR1.2 b
    ($1.3 b) deal', "AUD1 b ($760 m) 'Project X'"), or None. The first sum that 'deal', 'aid',
    'lease', 'programme' or a quoted programme name follows wins, so an item's own value beats the
    package it is part of, and offsets or debts never count; SIPRI's dollar conversion beats the
    local currency, so sums compare; a range keeps its low end. The text keeps SIPRI's words,
    'part of' included."""
    for found in _VALUE_RE.finditer(comments):
        if not (found.group("worth") or found.group("name") or found.group("deal")):
            continue
        if found.group("usd"):
            amount, scale, currency = found.group("usd"), found.group("usd_scale"), "USD"
        else:
            cur = found.group("cur")
            amount, scale, currency = found.group("amount"), found.group("scale"), "USD" if cur == "$" else cur
        return Money(float(amount) * _SCALES[scale], currency, found.group(0).strip())
    return None


# --- matching systems -----------------------------------------------------------------------------

def _key(text: str) -> str:
    """Case and punctuation folded away: 'S-300PMU2' and 'S-300 PMU-2' both give 's300pmu2'."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


@cache
def _catalogue_keys() -> dict[str, str]:
    """Folded designation or alias -> our catalogue designation."""
    keys: dict[str, str] = {}
    for form, entry in lexicons.weapon_systems().items():
        if len(_key(form)) >= 2:
            keys.setdefault(_key(form), entry.id)
    return keys


def _parts(designation: str) -> list[str]:
    """The designation, its text outside and inside brackets and its first word, where SIPRI
    adds a name or a NATO name to the designation: 'Project-877E (Kilo)', 'S-300PMU2 Favorit'."""
    outside = re.sub(r"\([^)]*\)", " ", designation).strip()
    inside = re.findall(r"\(([^)]*)\)", designation)
    parts = [designation, outside, *inside, *designation.split()[:1]]
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


@cache
def canonical_system(designation: str) -> str | None:
    """Our catalogue's designation for a SIPRI (or any) designation, None when the catalogue lacks it.

    Tried in turn, each over every part of the designation: an exact name or alias; the same
    ignoring case and punctuation; the longest alias that starts the designation and ends in a
    digit, the rest being a variant suffix that starts with a letter ('Su-35S' -> Su-35,
    'Project-877E' -> Kilo class); a rapidfuzz ratio of 90 or more with the same digits, for
    spelling variants ('Pantsyr' / 'Pantsir') that never confuses 'Shahed-131' with 'Shahed-136'.
    """
    forms, keys = lexicons.weapon_systems(), _catalogue_keys()
    parts = _parts(designation)
    for part in parts:
        if part in forms:
            return forms[part].id
    folded = [_key(part) for part in parts]
    for key in folded:
        if key in keys:
            return keys[key]
    for key in folded:
        prefixes = [known for known in keys if known[-1].isdigit() and key.startswith(known)
                    and key[len(known):len(known) + 1].isalpha()]
        if prefixes:
            return keys[max(prefixes, key=len)]
    for key in folded:
        if len(key) < 5:
            continue
        for known, _score, _index in process.extract(key, list(keys), scorer=fuzz.ratio, score_cutoff=90, limit=5):
            if re.findall(r"\d+", known) == re.findall(r"\d+", key):
                return keys[known]
    return None


def family(designation: str) -> str:
    """The family a designation belongs to: its letters and model number before any variant
    suffix, folded ('S-300PMU-2' -> 's300', 'MiG-29SMT' -> 'mig29'), so a report's 'S-300' meets
    SIPRI's 'S-300PMU2 Favorit'. A designation not of that shape ('9M338', 'Kilo class') is its own family."""
    found = re.match(r"[A-Za-z]+-?\d+", designation)
    return _key(found.group(0) if found else designation)


def _system_rank(system: str, deal: SipriDeal) -> int | None:
    """2 when the deal's designation is our system, 1 when it is of the same family, else None.
    Designations the catalogue lacks are compared as they are, folded."""
    ours = canonical_system(system) or system
    theirs = canonical_system(deal.designation) or deal.designation
    if _key(theirs) == _key(ours):
        return 2
    if family(theirs) == family(ours):
        return 1
    return None


# --- comparing rows with deals (pure) ---------------------------------------------------------------

_NOT_A_DEAL = {"requested": "request, not a deal", "offered": "offer, not a deal",
               "negotiating": "negotiation, not a deal"}
# Our status -> the SIPRI states that agree with it. A report of an order may predate deliveries;
# alleged, denied and cancelled rows disagree with any deal SIPRI lists.
_AGREEING = {"agreed": {"ordered", "delivering", "delivered"}, "ordered": {"ordered", "delivering", "delivered"},
             "delivering": {"delivering", "delivered"}, "delivered": {"delivering", "delivered"}}
_VALUE_TOLERANCE = 0.1  # sums within 10% agree: news rounds '$1.05 billion' to '$1bn'


def match(rows: Iterable[Row], deals: Iterable[SipriDeal], coverage_end: int = COVERAGE_END) -> Comparison:
    """Each register row's SIPRI deal and their disagreements, or why SIPRI has none.

    A deal matches when supplier and recipient codes are the row's, the designation is the row's
    system or of its family (a row without a system: the same category), and the row's order and
    delivery years fall between the deal's order year (a year earlier when SIPRI marks it '?') and
    its last delivery year + 1, unknown years passing. The best match is the exact system, then the
    nearest years. Requests, offers and negotiations are never matched: SIPRI records deals only.
    """
    rows = list(rows)
    wanted = {(row.get("supplier"), row.get("recipient")) for row in rows}
    by_parties: dict[tuple[str, str], list[SipriDeal]] = defaultdict(list)
    for deal in deals:  # a streamed export: only the deals between the rows' parties are kept
        if deal.supplier_code and deal.recipient_code and (deal.supplier_code, deal.recipient_code) in wanted:
            by_parties[(deal.supplier_code, deal.recipient_code)].append(deal)
    comparison = Comparison()
    for row in rows:
        reason = _NOT_A_DEAL.get(row.get("status") or "")
        found = None if reason else _best_deal(row, by_parties.get((row.get("supplier"), row.get("recipient")), []))
        if found is None:
            comparison.missing_in_sipri.append((row, reason or _missing_reason(row, coverage_end)))
        else:
            comparison.matched.append((row, found, differences(row, found)))
    return comparison


def _best_deal(row: Row, candidates: list[SipriDeal]) -> SipriDeal | None:
    system = row.get("system")
    best: tuple[tuple[int, int, int], SipriDeal] | None = None
    for deal in candidates:
        rank = _system_rank(system, deal) if system else (0 if deal.category == row.get("category") else None)
        if rank is None or not _years_compatible(row, deal):
            continue
        score = (-rank, _year_distance(row, deal), deal.line)
        if best is None or score < best[0]:
            best = (score, deal)
    return best[1] if best else None


def _year(value: object) -> int | None:
    """The year of an ISO date or year ('2016-05-01', '2016', 2016)."""
    found = re.match(r"\d{4}", str(value)) if value is not None else None
    return int(found.group(0)) if found else None


def _row_years(row: Row) -> list[int]:
    return [year for year in (_year(row.get("ordered")), _year(row.get("delivered"))) if year is not None]


def _years_compatible(row: Row, deal: SipriDeal) -> bool:
    if deal.year_ordered is not None:
        low: int | None = deal.year_ordered - (1 if deal.year_ordered_uncertain else 0)
    else:
        low = min(deal.delivery_years, default=None)
    high = max(deal.delivery_years) + 1 if deal.delivery_years else None
    return all((low is None or year >= low) and (high is None or year <= high) for year in _row_years(row))


def _year_distance(row: Row, deal: SipriDeal) -> int:
    """Years between the row's order and the deal's, plus between the row's delivery and the
    deal's nearest delivery (its order year when nothing was delivered): the nearer deal wins."""
    distance = 0
    ordered, delivered = _year(row.get("ordered")), _year(row.get("delivered"))
    if ordered is not None and deal.year_ordered is not None:
        distance += abs(ordered - deal.year_ordered)
    targets = deal.delivery_years or ((deal.year_ordered,) if deal.year_ordered is not None else ())
    if delivered is not None and targets:
        distance += min(abs(delivered - year) for year in targets)
    return distance


def _missing_reason(row: Row, coverage_end: int) -> str:
    """Why SIPRI has no deal for an unmatched row, the most telling reason first."""
    status = row.get("status")
    if status == "denied":
        return "denied"
    years = _row_years(row)
    if years and min(years) > coverage_end:
        return f"after SIPRI's coverage (data to {coverage_end})"
    if status in ("alleged", "cancelled"):
        return str(status)
    return "no matching deal"


def differences(row: Row, deal: SipriDeal) -> list[Difference]:
    """Where a register row and its SIPRI deal disagree: number, value, ordered and delivered years, status."""
    found = [_number_difference(row, deal), _value_difference(row, deal), _ordered_difference(row, deal),
             _delivered_difference(row, deal), _status_difference(row, deal)]
    return [difference for difference in found if difference is not None]


def _number_difference(row: Row, deal: SipriDeal) -> Difference | None:
    """The row's range agrees when it holds SIPRI's number ordered or number delivered."""
    number = row.get("number")
    counts = [count for count in (deal.number_ordered, deal.number_delivered) if count]
    if not number or not counts or (number.get("min") is None and number.get("max") is None):
        return None
    low, high = number.get("min"), number.get("max")
    if any((low is None or count >= low) and (high is None or count <= high) for count in counts):
        return None
    return Difference("number", _range_text(low, high), _sipri_numbers(deal))


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}" if low == high else f"{low:g}-{high:g}"
    return f"at least {low:g}" if low is not None else f"up to {high:g}"


def _sipri_numbers(deal: SipriDeal) -> str:
    parts = []
    if deal.number_ordered is not None:
        parts.append(f"{deal.number_ordered}{'?' if deal.number_ordered_uncertain else ''} ordered")
    if deal.number_delivered is not None:
        parts.append(f"{deal.number_delivered}{'?' if deal.number_delivered_uncertain else ''} delivered")
    return ", ".join(parts)


def _value_difference(row: Row, deal: SipriDeal) -> Difference | None:
    value = row.get("value")
    if not value or value.get("amount") is None or deal.value is None:
        return None
    ours, theirs = float(value["amount"]), deal.value
    close = abs(ours - theirs.amount) <= _VALUE_TOLERANCE * max(ours, theirs.amount)
    if close and value.get("currency") == theirs.currency:
        return None
    return Difference("value", _money_text(ours, str(value.get("currency")), value.get("text")),
                      _money_text(theirs.amount, theirs.currency, theirs.text))


def _money_text(amount: float, currency: str, text: str | None) -> str:
    """'USD 800m ($800mn)': a common scale first, the words it came from after."""
    for scale, suffix in ((1e12, "tr"), (1e9, "b"), (1e6, "m")):
        if amount >= scale:
            figure = f"{currency} {amount / scale:g}{suffix}"
            break
    else:
        figure = f"{currency} {amount:g}"
    return f"{figure} ({text})" if text else figure


def _ordered_difference(row: Row, deal: SipriDeal) -> Difference | None:
    ordered = _year(row.get("ordered"))
    if ordered is None or deal.year_ordered is None or ordered == deal.year_ordered:
        return None
    return Difference("ordered", str(ordered), f"{deal.year_ordered}{'?' if deal.year_ordered_uncertain else ''}")


def _delivered_difference(row: Row, deal: SipriDeal) -> Difference | None:
    delivered = _year(row.get("delivered"))
    if delivered is None or delivered in deal.delivery_years:
        return None
    return Difference("delivered", str(delivered), "; ".join(map(str, deal.delivery_years)) or "none recorded")


def sipri_status(deal: SipriDeal) -> str:
    """The deal's state in our status words: 'ordered' (nothing delivered), 'delivering' (fewer
    delivered than ordered) or 'delivered'."""
    if not deal.number_delivered:
        return "ordered"
    if deal.number_ordered is not None and deal.number_delivered < deal.number_ordered:
        return "delivering"
    return "delivered"


def _status_difference(row: Row, deal: SipriDeal) -> Difference | None:
    """Flags a matched row whose status disagrees, above all one we hold alleged, denied or cancelled."""
    status = row.get("status")
    theirs = sipri_status(deal)
    if not status or theirs in _AGREEING.get(status, set()):
        return None
    return Difference("status", str(status), theirs)


# --- report -------------------------------------------------------------------------------------

def format_comparison(comparison: Comparison) -> str:
    """A plain-text report: matched rows with their disagreements side by side, then rows SIPRI lacks."""
    matched, missing = comparison.matched, comparison.missing_in_sipri
    lines = [f"SIPRI comparison: {len(matched)} of {len(matched) + len(missing)} register rows match a "
             f"SIPRI deal; {len(missing)} missing in SIPRI.", ""]
    if matched:
        lines.append("Matched")
        for row, deal, found in matched:
            ordered = f"{deal.year_ordered or '?'}{'?' if deal.year_ordered_uncertain else ''}"
            lines.append(f"  {_row_label(row)}  =  {deal.designation} ({deal.description}), "
                         f"ordered {ordered}, SIPRI line {deal.line}")
            lines.extend(f"      {item.field:<10} ours {item.ours:<28} SIPRI {item.sipri}" for item in found)
            if not found:
                lines.append("      no differences")
        lines.append("")
    if missing:
        lines.append("Missing in SIPRI")
        lines.extend(f"  {_row_label(row)}: {reason}" for row, reason in missing)
        lines.append("")
    lines.append(CREDIT)
    return "\n".join(lines)


def _row_label(row: Row) -> str:
    """'t1  RUS -> IRN  S-300 (delivered; delivery 2016)'."""
    years = [f"{word} {row[key]}" for key, word in (("ordered", "order"), ("delivered", "delivery")) if row.get(key)]
    detail = "; ".join(filter(None, (row.get("status"), *years)))
    what = row.get("system") or row.get("category") or "?"
    return f"{row.get('id', '?')}  {row.get('supplier') or '?'} -> {row.get('recipient') or '?'}  {what} ({detail})"
