"""A Dutch report says in Dutch why an event was skipped."""

from crisissim.debrief.words import translate_reason


def test_skip_reasons_in_dutch():
    assert translate_reason("only when holding missed, which did not hold", "nl") == (
        "alleen als holding gemist, en dat was niet zo"
    )
    assert translate_reason("waited for soc-call chose monitor, but soc-call was decided: isolate", "nl") == (
        "wachtte op soc-call koos monitor, maar soc-call: er is gekozen voor isolate"
    )
    assert translate_reason("skipped by the facilitator", "nl") == "overgeslagen door de facilitator"


def test_english_and_free_text_stay_as_they_are():
    assert translate_reason("waited for a fired, but a was skipped", "en") == "waited for a fired, but a was skipped"
    assert translate_reason(None, "nl") is None
