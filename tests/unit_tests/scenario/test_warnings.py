"""Doubts that validate warns about and --strict turns into errors."""

from tests.conftest import VALID, edit


def warnings_of(problems_of, text):
    return [p for p in problems_of(text, warnings=True) if ": warning: " in p]


def test_event_due_after_the_end(problems_of):
    warnings = warnings_of(problems_of, edit(VALID, "    at: 30m\n", "    at: 3h\n"))
    assert any(
        "events[press]: is due at T+3:00 at the earliest, after the exercise ends (duration 2h)" in w for w in warnings
    )
    assert any("events[storm]: is due at T+3:00" in w for w in warnings)  # it waits for the press call


def test_event_after_a_missed_window_counts_the_window(problems_of):
    text = edit(VALID, "within: 30m, objective: holding", "within: 2h, objective: holding")
    warnings = warnings_of(problems_of, text)
    assert any("events[story]: is due at T+2:30" in w for w in warnings)


def test_role_that_receives_nothing(problems_of):
    text = edit(VALID, "  it: {name: IT}", "  it: {name: IT}\n  legal: {name: Legal}")
    [warning] = warnings_of(problems_of, text)
    assert "roles.legal: role 'legal' receives no inject" in warning


def test_objective_no_expectation_tests(problems_of):
    text = edit(
        VALID,
        "  holding: Publish a holding statement in time",
        "  holding: Publish a holding statement in time\n  recover: Restore service",
    )
    [warning] = warnings_of(problems_of, text)
    assert "objectives.recover: objective 'recover' is tested by no expectation or clock" in warning


def test_option_no_branch_uses(problems_of):
    text = edit(VALID, "      monitor: Keep monitoring", "      monitor: Keep monitoring\n      pay: Pay the ransom")
    [warning] = warnings_of(problems_of, text)
    assert "events[alert].options.pay: option 'pay' is used by no branch" in warning


def test_event_no_sequence_of_actions_can_make_due(problems_of):
    text = edit(
        VALID, "    after: {chose: alert.monitor}", "    after: {all: [{chose: alert.isolate}, {chose: alert.monitor}]}"
    )
    warnings = warnings_of(problems_of, text)
    assert any(
        "events[monitoring].after: can never be due: alert cannot be decided both isolate and monitor" in w
        for w in warnings
    )


def test_never_due_carries_over_to_what_waits_for_it(problems_of):
    text = edit(
        VALID, "    after: {chose: alert.monitor}", "    after: {all: [{chose: alert.isolate}, {chose: alert.monitor}]}"
    )
    text = edit(text, "    after: press\n", "    after: monitoring\n")
    warnings = warnings_of(problems_of, text)
    assert any("events[storm].after: can never be due: monitoring is never due" in w for w in warnings)


def test_storm_nothing_the_team_does_can_change(problems_of):
    text = edit(
        VALID,
        "      - {when: {action: statement}, rate: 0.5, sentiment: 0.3}",
        "      - {when: {fired: alert}, rate: 0.5, sentiment: 0.3}",
    )
    [warning] = warnings_of(problems_of, text)
    assert "events[storm]: nothing the team does changes this storm" in warning


def test_role_idle_for_a_long_stretch(problems_of):
    text = edit(VALID, "duration: 2h", "duration: 9h")
    warnings = warnings_of(problems_of, text)
    assert any("roles.comms: role 'comms' receives nothing from T+0:30 to T+9:00" in w for w in warnings)


def test_expectation_window_that_ends_after_the_exercise(problems_of):
    text = edit(VALID, "within: 30m, objective: holding", "within: 100m, objective: holding")
    warnings = warnings_of(problems_of, text)
    assert any(
        "events[press].expects[holding].within: the window of 'holding' ends at T+2:10" in w
        and "can never be missed" in w
        for w in warnings
    )
