"""Each condition of the format, evaluated by the engine: a table of facts and outcomes."""

import pytest

BODY = """\
events:
  - {id: a, to: [it], at: 10m, title: A, body: a, options: {x: X, y: Y},
     expects: [{id: quick, role: it, action: reply, within: 10m}]}
  - {id: b, to: [it], at: 20m, title: B, body: b}
  - {id: c, to: [it], title: C, body: c}
  - {id: probe, to: [it], title: Probe, body: p}
"""


def run(harness, *steps):
    h = harness(BODY)
    for step in steps:
        step(h)
    return h


def at(minutes):
    return lambda h: h.at(minutes)


def act(role, kind, **fields):
    return lambda h: h.engine.act(role, kind, fields)


def cmd(name, **fields):
    return lambda h: h.engine.command(name, fields)


CASES = [
    ("fired", {"fired": "a"}, [at(10)], True),
    ("fired-not-yet", {"fired": "a"}, [at(9)], False),
    ("skipped", {"skipped": "c"}, [at(1), cmd("skip", event="c")], True),
    ("skipped-not", {"skipped": "b"}, [at(30)], False),
    ("met", {"met": "quick"}, [at(12), act("it", "reply", event="a", text="on it")], True),
    ("met-not-when-late", {"met": "quick"}, [at(25), act("it", "reply", event="a", text="late")], False),
    ("missed", {"missed": "quick"}, [at(21)], True),
    ("missed-still-after-late-answer", {"missed": "quick"}, [at(25), act("it", "reply", event="a", text="x")], True),
    ("missed-not-while-open", {"missed": "quick"}, [at(15)], False),
    ("late", {"late": "quick"}, [at(25), act("it", "reply", event="a", text="late")], True),
    ("late-not-when-missed-only", {"late": "quick"}, [at(25)], False),
    ("chose", {"chose": "a.x"}, [at(11), act("it", "choose", event="a", option="x")], True),
    ("chose-other", {"chose": "a.y"}, [at(11), act("it", "choose", event="a", option="x")], False),
    ("action", {"action": "statement"}, [at(1), act("comms", "statement", text="We know.")], True),
    ("action-by-role", {"action": "statement", "role": "dpo"}, [at(1), act("comms", "statement", text="x")], False),
    ("action-by-that-role", {"action": "decision", "role": "dpo"}, [at(1), act("dpo", "decision", text="x")], True),
    ("flag", {"flag": "paid"}, [at(1), cmd("flag", flag="paid")], True),
    ("flag-cleared", {"flag": "paid"}, [at(1), cmd("flag", flag="paid"), cmd("unflag", flag="paid")], False),
    ("all", {"all": [{"fired": "a"}, {"fired": "b"}]}, [at(15)], False),
    ("all-both", {"all": [{"fired": "a"}, {"fired": "b"}]}, [at(20)], True),
    ("any", {"any": [{"fired": "b"}, {"flag": "z"}]}, [at(20)], True),
    ("any-none", {"any": [{"fired": "b"}, {"flag": "z"}]}, [at(15)], False),
    ("not", {"not": {"fired": "b"}}, [at(15)], True),
    ("not-holds", {"not": {"fired": "b"}}, [at(20)], False),
]


@pytest.mark.parametrize(("name", "condition", "steps", "expected"), CASES, ids=[c[0] for c in CASES])
def test_condition(harness, name, condition, steps, expected):
    from crisissim.scenario.conditions import parse_condition

    h = run(harness, *steps)
    assert h.engine.state.holds(parse_condition(condition)) is expected


IMPOSSIBLE = [
    ({"fired": "c"}, [at(1), cmd("skip", event="c")], "c was skipped"),
    ({"met": "quick"}, [at(21)], "quick was missed"),
    ({"missed": "quick"}, [at(12), act("it", "reply", event="a", text="x")], "quick was met"),
    ({"chose": "a.y"}, [at(11), act("it", "choose", event="a", option="x")], "a was decided: x"),
    (
        {"any": [{"fired": "c"}, {"chose": "a.y"}]},
        [at(11), cmd("skip", event="c"), act("it", "choose", event="a", option="x")],
        "c was skipped",
    ),
]


@pytest.mark.parametrize(("condition", "steps", "reason"), IMPOSSIBLE)
def test_settled_facts_make_a_condition_impossible(harness, condition, steps, reason):
    from crisissim.journal.explain import cause_text
    from crisissim.scenario.conditions import parse_condition

    h = run(harness, *steps)
    causes = h.engine.state.impossible(parse_condition(condition), h.engine.owners)
    found = "; ".join(cause_text(c) for c in causes) if causes else None
    assert found is not None and reason in found


def test_flags_and_actions_never_become_impossible(harness):
    from crisissim.scenario.conditions import parse_condition

    h = run(harness, at(239))
    for condition in ({"flag": "z"}, {"action": "statement"}, {"not": {"flag": "z"}}):
        assert not h.engine.state.impossible(parse_condition(condition), h.engine.owners)
