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
    [warning] = warnings_of(problems_of, text)
    assert "events[story]: is due at T+2:30" in warning


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
