"""Storms: the rate curve, the crowd, and posts that do not depend on how time is stepped."""

import itertools
import statistics

import pytest

from crisissim.engine.storms import expected_posts, rate_per_minute
from crisissim.scenario.model import Rate

# The generated press is off: these tests are about the storm's own curve and its reactions.
STORM = """\
press: {generate: false}
events:
  - {id: press, kind: enquiry, journalist: {persona: regional-reporter}, to: [comms], at: 5m, title: Press,
     expects: [{id: holding, role: comms, action: statement, within: 20m}]}
  - id: storm
    kind: storm
    at: 10m
    title: Storm
    duration: 3h
    rate: {start: 2, peak: 40, peak_at: 1h, end: 2}
    crowd: {angry-customer: 4, troll: 1, supporter: 1}
    hashtags: ["#{{ org.short | lower }}"]
    rumours: [passwords were in plain text]
    reacts:
      - {when: {action: statement}, rate: 0.4, sentiment: 0.4}
      - {when: {missed: holding}, rate: 2, sentiment: -0.3}
"""


HONEST = (
    "We are sorry: criminals stole the names and email addresses of about 12,000 TestOrg customers on Monday. "
    "Be alert to phishing and change your password. Call our free helpline 0800 123 4567. "
    "We will update at noon."
)


def test_rate_curve_rises_to_the_peak_and_falls_to_the_end():
    rate = Rate(start=1, peak=30, peak_at="90m", end=2)
    assert rate_per_minute(rate, 28800, 0) == pytest.approx(1)
    assert rate_per_minute(rate, 28800, 5400) == pytest.approx(30)
    assert rate_per_minute(rate, 28800, 28800) == pytest.approx(2)
    values = [rate_per_minute(rate, 28800, t) for t in range(0, 28801, 60)]
    peak = values.index(max(values))
    assert all(a <= b for a, b in itertools.pairwise(values[: peak + 1]))
    assert all(a >= b for a, b in itertools.pairwise(values[peak:]))


def test_expected_posts_is_the_integral():
    rate = Rate(start=1, peak=30, peak_at="90m", end=2)
    numeric = sum(rate_per_minute(rate, 28800, t + 0.5) for t in range(28800)) / 60
    assert expected_posts(rate, 28800) == pytest.approx(numeric, rel=1e-3)


def posts(sink):
    return [(sim, p["handle"], p["text"], p["sentiment"]) for sim, kind, _, p in sink.records if kind == "post"]


def test_posts_do_not_depend_on_how_time_is_stepped(harness):
    coarse = harness(STORM).at(240)
    fine = harness(STORM)
    for minute in range(0, 241):
        fine.engine.advance_to(minute * 60 + 0.37)
    assert posts(coarse.sink) == posts(fine.sink)
    assert len(posts(coarse.sink)) > 1000


def test_volume_follows_the_curve(harness):
    h = harness(STORM).at(240)
    # a silent team: the holding statement is missed at T+0:25, doubling the rate from then on
    times = [sim for sim, *_ in posts(h.sink)]
    assert len(times) == pytest.approx(2 * expected_posts(Rate(start=2, peak=40, peak_at="1h", end=2), 10800), rel=0.15)
    assert min(times) >= 600 and max(times) <= 600 + 10800


def test_a_few_loud_accounts_and_many_that_post_once(harness):
    h = harness(STORM).at(240)
    counts = {}
    for _, handle, _, _ in posts(h.sink):
        counts[handle] = counts.get(handle, 0) + 1
    per_account = sorted(counts.values(), reverse=True)
    assert per_account[0] >= 10 * statistics.median(per_account)


def test_a_statement_calms_the_storm(harness):
    silent = harness(STORM).at(240)
    active = harness(STORM).at(8)
    active.engine.act("comms", "statement", {"text": HONEST})
    active.at(240)
    quiet, loud = posts(active.sink), posts(silent.sink)
    assert len(quiet) * 3 < len(loud)
    assert statistics.mean(p[3] for p in quiet) > statistics.mean(p[3] for p in loud) + 0.3
    reactions = active.sink.of("reaction")
    (reception,) = active.sink.of("reception")
    # the scenario's reaction to any statement, times how the crowd read this one (issue 11: the rubric)
    assert reactions and reactions[-1]["rate"] == pytest.approx(0.4 * reception["volume"], abs=1e-6)
    assert reactions[-1]["reception"] is not None


def test_hashtags_and_rumours_are_woven_in(harness):
    h = harness(STORM).at(240)
    texts = [text for _, _, text, _ in posts(h.sink)]
    assert any("#testorg" in t for t in texts)
    assert any("passwords were in plain text" in t for t in texts)


def test_the_storm_ends_on_time(harness):
    h = harness(STORM).at(240)
    ended = [p for p in h.sink.of("storm") if p["status"] == "ended"]
    assert ended and ended[0]["posts"] == len(posts(h.sink))
