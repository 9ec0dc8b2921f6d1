"""At run time the template bounds hold too: a bomb validate could not meet (it waits for a
minute no scripted moment has, and the facilitator fires its event then) becomes a marked
body, fast, and the exercise goes on."""

import textwrap
import time

from crisissim.content.check import check_content
from crisissim.content.personas import builtin_personas
from crisissim.scenario import parse
from tests.unit_tests.engine.conftest import HEAD

BOMB = """\
events:
  - id: odd-minute
    to: [comms]
    title: "Update {{ now.strftime('%H:%M') }}"
    body: "{% if now.minute == 13 %}{{ 'x'|center(999999999) }}{% endif %}All quiet."
  - id: later
    to: [comms]
    at: 1h
    title: Later
    body: Still quiet.
"""


def test_validate_cannot_meet_this_minute():
    loaded = parse((HEAD + textwrap.dedent(BOMB)).encode(), "engine-test.yaml")
    assert check_content(loaded, builtin_personas()) == []


def test_a_bomb_at_run_time_is_a_marked_body_not_a_hang(harness):
    h = harness(BOMB).at(13)
    began = time.perf_counter()
    h.engine.command("fire", {"event": "odd-minute"})
    assert time.perf_counter() - began < 2
    [fired] = [r for _, kind, _, r in h.sink.records if kind == "fired" and r["event"] == "odd-minute"]
    assert "[template error: template: the 'center' filter would make 999999999 characters" in fired["body"]
    assert len(fired["body"]) < 500
    h.at(61)
    assert h.status("later") == "fired"


def test_the_same_template_at_another_minute_renders(harness):
    h = harness(BOMB).at(12)
    h.engine.command("fire", {"event": "odd-minute"})
    [fired] = [r for _, kind, _, r in h.sink.records if kind == "fired" and r["event"] == "odd-minute"]
    assert fired["body"] == "All quiet."
    assert fired["title"].startswith("Update ")
