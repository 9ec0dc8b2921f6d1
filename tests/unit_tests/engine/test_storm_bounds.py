"""Storms that ask for too much: capped per minute, per storm and per exercise, and said at validate.

The issue's examples: a reaction with ``rate: 1e12`` hung ``simulate``; ``rate: 1e5`` wrote
1.1 million posts. Both are refused at validate now; what the format still allows (a peak of 600
posts a minute, a reaction of 100) is capped by the engine, and validate says where.
"""

from __future__ import annotations

import time

import pytest

from crisissim.engine import storms
from crisissim.scenario.model import MAX_POSTS_PER_MINUTE

LOUD = """\
events:
  - id: leak
    to: [comms]
    at: 5m
    title: Leak
    body: Data is out.
  - id: storm
    kind: storm
    after: leak
    duration: 4h
    rate: {start: 600, peak: 600, end: 600}
    crowd: {angry-customer: 3, troll: 1}
    reacts:
      - {when: {fired: leak}, rate: 100}
  - id: second
    kind: storm
    after: leak
    duration: 4h
    rate: 100
    crowd: {troll: 1}
"""


def posts_per_minute(sink, storm):
    minutes: dict[int, int] = {}
    for sim, kind, _, payload in sink.records:
        if kind == "post" and payload["storm"] == storm:
            minutes[int(sim // 60)] = minutes.get(int(sim // 60), 0) + 1
    return minutes


def test_a_storm_posts_no_faster_than_the_cap(harness, monkeypatch):
    monkeypatch.setattr(storms, "MAX_STORM_POSTS", 20_000)
    h = harness(LOUD).at(20)
    minutes = posts_per_minute(h.sink, "storm")
    # asked for 60 000 a minute (600 times 100): it gets the cap, give or take a Poisson draw
    assert minutes and max(minutes.values()) < MAX_POSTS_PER_MINUTE * 1.2
    assert sum(minutes.values()) / len(minutes) == pytest.approx(MAX_POSTS_PER_MINUTE, rel=0.1)


def test_a_storm_ends_at_its_most_posts_and_the_exercise_at_its(harness, monkeypatch):
    monkeypatch.setattr(storms, "MAX_STORM_POSTS", 2_000)
    monkeypatch.setattr(storms, "MAX_EXERCISE_POSTS", 3_000)
    begun = time.monotonic()
    h = harness(LOUD).at(4 * 60)
    assert time.monotonic() - begun < 10
    by_storm = {s: sum(posts_per_minute(h.sink, s).values()) for s in ("storm", "second")}
    assert by_storm["storm"] == 2_000
    assert sum(by_storm.values()) == 3_000
    ended = {p["storm"]: p["posts"] for p in h.sink.of("storm") if p["status"] == "ended"}
    assert ended == by_storm
    assert h.engine.ended


def test_validate_says_where_the_caps_cut(problems_of):
    from tests.conftest import VALID, edit

    text = edit(VALID, "rate: {start: 1, peak: 10, peak_at: 20m, end: 1}", "rate: 600")
    text = edit(text, "duration: 1h\n", "duration: 30h\n")
    text = edit(text, "rate: 0.5, sentiment: 0.3}", "rate: 50, sentiment: 0.3}")
    problems = problems_of(text, warnings=True)
    assert any(
        "events[storm].reacts: with every reaction that raises it, this storm would post 30,000" in p
        and "at most 600 a minute" in p
        for p in problems
    ), problems
    assert any(
        "events[storm].rate: this storm's curve comes to about 1,080,000 posts; a storm ends after 150,000" in p
        for p in problems
    ), problems
    assert any("every storm ends once an exercise holds 300,000" in p for p in problems), problems
