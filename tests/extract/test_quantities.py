import pytest

from dossier.extract.quantities import find_money, parse_quantity


@pytest.mark.parametrize("text, low, high", [
    ("five to six", 5, 6),
    ("more than 180", 180, None),
    ("at least 12", 12, None),
    ("up to 24", None, 24),
    ("about 30", 30, 30),
    ("hundreds", 200, None),
    ("dozens", 24, None),
    ("180", 180, 180),
    ("1,200", 1200, 1200),
    ("twenty-four", 24, 24),
    ("two hundred", 200, 200),
    ("between 20 and 30", 20, 30),
    ("5-6", 5, 6),
])
def test_counts(text, low, high):
    quantity = parse_quantity(text)
    assert (quantity.min, quantity.max, quantity.text) == (low, high, text)


@pytest.mark.parametrize("text", [
    "units", "the", "modern", "", "several", "a small number",
    "1e309", "9" * 400, "nan", "inf", "more than 1e309",  # found by the fuzz suite: infinite counts
    "hundred " * 155,  # an int too large for a float: OverflowError
])
def test_non_counts(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize("text, amount, currency, surface", [
    ("in a $800mn deal", 800e6, "USD", "$800mn"),
    ("worth 4 billion euros", 4e9, "EUR", "4 billion euros"),
    ("a $5.4bn contract", 5.4e9, "USD", "$5.4bn"),
    ("for US$1.2 billion", 1.2e9, "USD", "US$1.2 billion"),
    ("some 300 million dollars", 300e6, "USD", "300 million dollars"),
    ("a £2bn order", 2e9, "GBP", "£2bn"),
    ("€950m", 950e6, "EUR", "€950m"),
])
def test_money(text, amount, currency, surface):
    [(start, end, money)] = find_money(text)
    assert (money.amount, money.currency, money.text) == (pytest.approx(amount), currency, surface)
    assert text[start:end] == surface


@pytest.mark.parametrize("text", [
    "180 missiles", "the 400km range", "in 2016",
    "$" + "9" * 400 + "bn", "9" * 400 + " dollars",  # found by the fuzz suite: an infinite sum
])
def test_no_money(text):
    assert find_money(text) == []
