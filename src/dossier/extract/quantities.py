"""Numbers of things ('five to six units', 'more than 180', 'hundreds of') and sums of money
('$800mn', '4 billion euros'), parsed from the words of a phrase."""

from __future__ import annotations

import math
import re

from dossier.extract.vocabulary import NUMBER_WORDS
from dossier.records import Money, Quantity

# Plural amounts: the least they can mean, and the most where there is one. Vaguer words
# ('several', 'a small number') are not counts.
_VAGUE = {"dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
          "tens of thousands": (20000, None), "hundreds of thousands": (200000, None),
          "a couple": (2, 2), "a pair": (2, 2), "a dozen": (12, 12)}
_LOWER_BOUND = ("more than", "over", "at least", "upwards of", "in excess of", "no fewer than", "above")
_UPPER_BOUND = ("up to", "fewer than", "less than", "under", "at most", "as many as", "no more than")
_APPROX = ("about", "around", "roughly", "some", "nearly", "almost", "approximately", "an estimated",
           "close to", "estimated")
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "bn": 1e9,
          "b": 1e9, "billion": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR",
                   "eur": "EUR", "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "sterling": "GBP",
                   "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB",
                   "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "yen": "JPY",
                   "riyal": "SAR", "riyals": "SAR", "dirham": "AED", "dirhams": "AED", "lira": "TRY",
                   "won": "KRW", "shekel": "ILS", "shekels": "ILS", "rial": "IRR", "rials": "IRR"}
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE_RE = r"(?:trillion|billion|million|thousand|mln|mn|bn|tn|m|b|k)"
MONEY_RE = re.compile(
    rf"(?P<sign>US\$|\$|€|£|¥|₹|₽)\s?(?P<n1>{_NUMBER})\s?(?P<s1>{_SCALE_RE})?\b"
    rf"|(?P<n2>{_NUMBER})\s?(?P<s2>{_SCALE_RE})?\s(?P<word>{'|'.join(_CURRENCY_WORDS)})\b",
    re.I,
)


def _number(text: str) -> float | None:
    """'180' -> 180, '1,200' -> 1200, 'five' -> 5, 'twenty-four' -> 24, 'two hundred' -> 200; None for
    what is not a finite number ('nan', '1e309', 400 digits), which no store or JSON export can hold."""
    cleaned = text.lower().replace(",", "").strip()
    try:
        value: float | None = float(cleaned)
    except ValueError:
        value = _in_words(cleaned)
    return value if value is not None and math.isfinite(value) else None


def _in_words(cleaned: str) -> float | None:
    """'two hundred and five' -> 205; None when a word names no number."""
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", cleaned):
        if word == "and":
            continue
        if word not in NUMBER_WORDS:
            return None
        value = NUMBER_WORDS[word]
        if value in (100,):
            current = (current or 1.0) * value
        elif value >= 1000:
            total += (current or 1.0) * value
            current = 0
        else:
            current += value
    return total + current


def parse_quantity(text: str) -> Quantity | None:
    """A Quantity for a count phrase, or None when the words are not a count."""
    lower = " ".join(text.lower().replace("–", "-").split()).removesuffix(" of")
    for phrase, (low, high) in sorted(_VAGUE.items(), key=lambda item: -len(item[0])):
        if lower == phrase or lower.endswith(" " + phrase):
            return Quantity(float(low), float(high) if high is not None else None, text)
    match = re.match(r"^(?:between\s+)?(.+?)\s*(?:to|-|and|or)\s*(.+)$", lower)
    if match:
        low, high = _number(match.group(1)), _number(match.group(2))
        if low is not None and high is not None and low <= high:
            return Quantity(low, high, text)
    for prefixes, kind in ((_LOWER_BOUND, "min"), (_UPPER_BOUND, "max"), (_APPROX, "approx")):
        for prefix in prefixes:
            if lower.startswith(prefix + " "):
                value = _number(lower[len(prefix) + 1:])
                if value is None:
                    return None
                if kind == "min":
                    return Quantity(value, None, text)
                if kind == "max":
                    return Quantity(None, value, text)
                return Quantity(value, value, text)
    value = _number(lower)
    return Quantity(value, value, text) if value is not None else None


def find_money(text: str, offset: int = 0) -> list[tuple[int, int, Money]]:
    """Every sum of money in `text`, as (start, end, Money) with offsets shifted by `offset`."""
    found = []
    for match in MONEY_RE.finditer(text):
        number = match.group("n1") or match.group("n2")
        scale = (match.group("s1") or match.group("s2") or "").lower()
        if match.group("sign"):
            currency = _CURRENCY_SIGNS[match.group("sign").lower()]
        else:
            currency = _CURRENCY_WORDS[match.group("word").lower()]
        try:
            amount = float(number.replace(",", "")) * _SCALE.get(scale, 1)
        except ValueError:
            continue
        if not math.isfinite(amount):
            continue  # '$999...bn' with hundreds of digits: no sum any store can hold
        found.append((offset + match.start(), offset + match.end(), Money(amount, currency, match.group(0))))
    return found
