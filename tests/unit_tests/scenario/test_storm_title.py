"""A storm needs no title, and a broken event still hears about all its other mistakes."""

from __future__ import annotations

from tests.conftest import VALID, edit


def test_a_storm_without_a_title_is_named_by_its_hashtags(problems_of, write_scenario):
    from crisissim.exercise import load_checked

    text = edit(VALID, "    after: press\n    title: Storm\n", "    after: press\n")
    assert problems_of(text) == []
    scenario = load_checked(write_scenario(text)).scenario
    assert scenario is not None and scenario.event("storm").title == "#{{ org.short | lower }}"


def test_a_storm_with_no_title_and_no_hashtags_is_named_by_its_id(problems_of, write_scenario):
    from crisissim.exercise import load_checked

    text = edit(VALID, "    after: press\n    title: Storm\n", "    after: press\n")
    text = edit(text, '    hashtags: ["#{{ org.short | lower }}"]\n', "")
    scenario = load_checked(write_scenario(text)).scenario
    assert scenario is not None and scenario.event("storm").title == "storm"


def test_a_broken_field_does_not_hide_the_events_other_problems(problems_of):
    text = edit(VALID, "    title: Storm\n", "    title: [a, list]\n")
    text = edit(text, "    rate: {start: 1, peak: 10, peak_at: 20m, end: 1}\n", "")
    found = problems_of(text)
    assert any("events[storm].title: should be text" in line for line in found), found
    assert any("events[storm]: a storm needs 'rate'" in line for line in found), found


def test_an_inject_still_needs_its_title(problems_of):
    text = edit(VALID, "    title: Systems isolated\n", "")
    assert any("events[isolated]" in line and "title" in line for line in problems_of(text))
