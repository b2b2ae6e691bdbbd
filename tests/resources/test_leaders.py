"""Which office a state's 'leader' holds (leaders.tsv): each row names an office the office-holders
table has for that state, periods are ordered, and the offices news means are the ones we get."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dossier import lexicons
from dossier.extract.coref import leader_office

SINCE = re.compile(r"(\d{4}(-\d{2}(-\d{2})?)?)?")


def test_every_row_names_an_office_the_table_has_for_that_state():
    held = {(term.country, term.role) for terms in lexicons.office_holders().values() for term in terms}
    offices = lexicons.leader_offices()
    assert len(offices) >= 100
    for country, periods in offices.items():
        for since, role in periods:
            assert (country, role) in held, (country, role)
            assert SINCE.fullmatch(since), (country, since)
        assert len({since for since, _ in periods}) == len(periods), country  # one office a period


@pytest.mark.parametrize("country, day, office", [
    ("RUS", date(2024, 10, 11), "president"),
    ("IRN", date(2024, 10, 11), "supreme leader"),
    ("GBR", date(2024, 10, 11), "prime minister"),
    ("DEU", date(2024, 10, 11), "chancellor"),
    ("IND", date(2024, 10, 11), "prime minister"),
    ("TUR", date(2010, 6, 1), "prime minister"),  # Erdogan led as prime minister before 2014
    ("TUR", date(2016, 6, 1), "president"),
    ("LBN", date(2024, 10, 11), None),  # left out: news speaks of 'Lebanese leaders'
])
def test_the_leader_is_the_office_news_means(country, day, office):
    assert leader_office(country, day) == office
