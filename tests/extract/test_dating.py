"""Each event gets the date the text tells for it: its own clause's, the closest in the parse, counted
from a date told before, or the one of the event it hangs on in its sentence (`extract/dating.py`)."""

import pytest

from support import analyse_text


def dates_of(text, published="2024-10-11"):  # a Friday
    """(type, trigger) -> the dates of the events so named, in the order of the text."""
    found = {}
    for event in analyse_text(text, published).events:
        found.setdefault((event.type, event.trigger.text), []).append(event.date.start if event.date else None)
    return found


@pytest.mark.parametrize("text, event, start", [
    # the closest date in the parse, not the first in the sentence
    ("Chile, which fought a war with Peru in the 1880s, bought six frigates from Britain in 2019.",
     ("AGREE", "bought"), "2019"),
    # a dateline's date is the filing date, not the act's
    ("LIMA, Peru, October 11 (Andes Wire) - Peru signed a contract on Tuesday to buy 24 F-16 jets from Denmark.",
     ("AGREE", "signed"), "2024-10-08"),
    # a weekday the model tags as a time
    ("The Indian army said on Friday that Pakistani troops had fired mortars at Indian posts on Thursday night.",
     ("ASSAULT", "fired"), "2024-10-10"),
    # a date naming a thing is no anchor for 'two days later'
    ("On March 3, Australia cancelled a 2016 contract with France. Paris recalled its ambassador from Canberra "
     "two days later.", ("SANCTION", "recalled its ambassador"), "2024-03-05"),
    # 'the same day' as a month told before: the month; 'at the time': the date told before
    ("The row began in September last year, when Canada accused India of the killing. Canada expelled an Indian "
     "diplomat the same day.", ("SANCTION", "expelled"), "2023-09"),
    ("Kuleba thanked Slovakia on Friday. Erdogan warned at the time that Turkey would respond.",
     ("THREATEN", "warned"), "2024-10-11"),
    # 'a day after' counts back from the date its sentence told before it
    ("On Sunday, Russia expelled 20 Czech diplomats, a day after Prague expelled 18 Russian diplomats.",
     ("SANCTION", "expelled"), "2024-10-05"),
    # a comparison is no date
    ("Turkey bought S-400 systems from Russia in 2017, a year earlier than Washington expected.",
     ("AGREE", "bought"), "2017"),
])
def test_the_date_told_for_the_act(text, event, start):
    assert dates_of(text)[event][-1] == start


@pytest.mark.parametrize("text, event, start", [
    ("On Monday, Blinken warned Lavrov in a telephone call that Washington would respond.",
     ("CONSULT", "telephone call"), "2024-10-07"),
    ("Japarov and Rahmon met on Friday and agreed to pull their troops back.", ("AGREE", "agreed"), "2024-10-11"),
    ("Vietnam signed the contract for six submarines during a visit to Moscow in December 2009.",
     ("AGREE", "signed"), "2009-12"),
])
def test_an_event_its_sentence_leaves_undated_takes_the_date_of_its_neighbour_in_the_parse(text, event, start):
    assert dates_of(text)[event] == [start]


def test_a_planned_act_takes_no_date_from_its_neighbour():
    dates = dates_of("Poland signed a contract with South Korea on Monday and will receive the first tanks.")
    assert dates[("AGREE", "signed")] == ["2024-10-07"]
    assert dates[("AID", "receive")] == [None]
