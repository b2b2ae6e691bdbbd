"""The shipped Wikidata ids: well-formed, for actors we know, and the ones we rely on right."""

import re

import pytest

from dossier import lexicons


def test_every_id_is_well_formed_and_names_a_known_actor():
    known = {e.id for e in lexicons.states().values()} | {e.id for e in lexicons.organizations().values()}
    for actor, qid in lexicons.wikidata().items():
        assert re.fullmatch(r"Q\d+", qid), (actor, qid)
        assert actor in known, actor


def test_no_id_is_given_twice():
    ids = list(lexicons.wikidata().values())
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("actor, qid", [("RUS", "Q159"), ("IRN", "Q794"), ("USA", "Q30"), ("org:nato", "Q7184")])
def test_known_ids(actor, qid):
    assert lexicons.wikidata()[actor] == qid
