"""A Dutch report says in Dutch why an event was skipped, from the engine's reason codes."""

from crisissim.debrief.words import translate_reason
from crisissim.journal import records as r


def test_skip_reasons_in_dutch():
    assert translate_reason(r.GuardFalse(when={"missed": "holding"}), "nl") == (
        "alleen als holding gemist, en dat was niet zo"
    )
    branch = r.Unreachable(
        after={"chose": "soc-call.monitor"},
        causes=(r.BranchNotTaken(event="soc-call", option="monitor", chosen="isolate"),),
    )
    assert translate_reason(branch, "nl") == (
        "wachtte op soc-call koos monitor, maar soc-call: er is gekozen voor isolate"
    )
    assert translate_reason(r.ByFacilitator(), "nl") == "overgeslagen door de facilitator"


def test_ids_inside_a_dutch_reason_stay_intact():
    """An event id that holds an English word of the phrases (``met``, ``fired``) is never translated."""
    reason = r.Unreachable(after={"met": "metro-call-met"}, causes=(r.EventWasSkipped(event="metro-call"),))
    assert translate_reason(reason, "nl") == "wachtte op metro-call-met gehaald, maar metro-call werd overgeslagen"


def test_english_and_free_text_stay_as_they_are():
    reason = r.Unreachable(after={"fired": "a"}, causes=(r.EventWasSkipped(event="a"),))
    assert translate_reason(reason, "en") == "waited for a fired, but a was skipped"
    assert translate_reason(r.ByFacilitator(text="not today"), "nl") == "not today"
    assert translate_reason("an older journal's sentence", "nl") == "an older journal's sentence"
    assert translate_reason(None, "nl") is None
