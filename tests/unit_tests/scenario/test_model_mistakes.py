"""Every mistake an author can make in the structure gets one line naming file, line and field."""

import pytest

from tests.conftest import VALID, edit


def only(problems_of, text):
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


def test_unknown_key_with_did_you_mean(problems_of):
    problem = only(problems_of, edit(VALID, "    title: Systems isolated", "    titel: Systems isolated"))
    assert problem.startswith("drill.yaml:")
    assert "events[isolated]" in problem and "unknown field 'titel'; did you mean 'title'?" in problem


def test_unknown_top_level_key(problems_of):
    problem = only(problems_of, edit(VALID, "speed: 10", "sped: 10"))
    assert problem == "drill.yaml:9:1: error: file: unknown field 'sped'; did you mean 'speed'?"


def test_wrong_type(problems_of):
    problem = only(problems_of, edit(VALID, "speed: 10", "speed: fast"))
    assert problem == "drill.yaml:9:8: error: speed: should be a number, not the text 'fast'"


def test_wrong_type_in_event(problems_of):
    problem = only(problems_of, edit(VALID, "    expects:\n      - {id: decide", "    expects:\n      - {id: [decide]"))
    assert "events[alert].expects[#1].id: should be text, not a list" in problem


def test_bad_slug(problems_of):
    problem = only(problems_of, edit(VALID, "  - id: isolated", "  - id: Systems Isolated"))
    assert "events[Systems Isolated].id" in problem and "not a valid id" in problem


def test_bad_duration(problems_of):
    problem = only(problems_of, edit(VALID, "    at: 30m", "    at: half an hour"))
    assert "events[press].at: 'half an hour' is not a duration" in problem and "1h30m" in problem


def test_negative_duration(problems_of):
    problem = only(problems_of, edit(VALID, "    at: 5m", "    at: -5m"))
    assert "events[alert].at: '-5m' is negative" in problem


def test_unsupported_version(problems_of):
    problem = only(problems_of, edit(VALID, "crisissim: 1", "crisissim: 2"))
    assert problem == (
        "drill.yaml:1:12: error: crisissim: format version 2 is not supported; this crisissim reads version 1"
    )


def test_missing_version(problems_of):
    problem = only(problems_of, edit(VALID, "crisissim: 1\n", ""))
    assert (
        problem == "drill.yaml:1:1: error: crisissim: the format version is missing; start the file with 'crisissim: 1'"
    )


def test_missing_required_field(problems_of):
    problem = only(problems_of, edit(VALID, "    title: Still leaking\n", ""))
    assert "events[monitoring]: 'title' is required" in problem


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("to: [it, dpo]", "to: [it, dpoo]", "events[alert].to[#2]: unknown role 'dpoo'; did you mean 'dpo'?"),
        ("after: {chose: alert.monitor}", "after: {fired: alrt}", "unknown event 'alrt'; did you mean 'alert'?"),
        (
            "after: {missed: holding}",
            "after: {missed: holdin}",
            "unknown expectation 'holdin'; did you mean 'holding'?",
        ),
        (
            "within: 30m, objective: holding",
            "within: 30m, objective: holdng",
            "unknown objective 'holdng'; did you mean 'holding'?",
        ),
        (
            "after: {chose: alert.monitor}",
            "after: {chose: alert.monitr}",
            "event 'alert' offers no option 'monitr'; did you mean 'monitor'? (its options: isolate, monitor)",
        ),
        (
            "crowd: {angry-customer: 3, troll: 1}",
            "crowd: {angry-customr: 3, troll: 1}",
            "unknown crowd persona 'angry-customr'; did you mean 'angry-customer'?",
        ),
        (
            "journalist: {persona: regional-reporter}",
            "journalist: {persona: local-reporter}",
            "unknown journalist persona 'local-reporter'",
        ),
        (
            "stops: {action: notify_regulator}",
            "stops: {action: notify_regulator, role: legal}",
            "clocks.gdpr.stops.role: unknown role 'legal'",
        ),
    ],
)
def test_unknown_references(problems_of, old, new, expected):
    problem = only(problems_of, edit(VALID, old, new))
    assert expected in problem
    assert problem.startswith("drill.yaml:")


def test_duplicate_event_ids(problems_of):
    problem = only(problems_of, edit(VALID, "  - id: monitoring", "  - id: isolated"))
    assert "duplicate event id 'isolated' (first on line 41)" in problem


def test_duplicate_expectation_ids_share_one_namespace(problems_of):
    text = edit(
        VALID,
        "      - {id: holding, role: comms",
        "      - {id: decide, role: comms, within: 5m}\n      - {id: holding, role: comms",
    )
    problem = only(problems_of, text)
    assert "duplicate expectation id 'decide'" in problem and "across the file" in problem


def test_at_with_after(problems_of):
    problem = only(problems_of, edit(VALID, "    after: press\n", "    after: press\n    at: 10m\n"))
    assert "events[storm].after: 'at' and 'after' are both given" in problem


def test_cycle_names_the_ids(problems_of):
    text = edit(VALID, "    after: {chose: alert.monitor}", "    after: storm")
    text = edit(text, "    after: press\n", "    after: monitoring\n")
    problem = only(problems_of, text)
    assert "monitoring -> storm -> monitoring" in problem and "cycle" in problem


def test_storm_without_rate(problems_of):
    problem = only(problems_of, edit(VALID, "    rate: {start: 1, peak: 10, peak_at: 20m, end: 1}\n", ""))
    assert "events[storm]: a storm needs 'rate'" in problem


def test_storm_without_crowd(problems_of):
    problem = only(problems_of, edit(VALID, "    crowd: {angry-customer: 3, troll: 1}\n", ""))
    assert "events[storm]: a storm needs 'crowd'" in problem


def test_empty_to(problems_of):
    problem = only(problems_of, edit(VALID, "to: [it, dpo]", "to: []"))
    assert "events[alert].to: 'to' is empty" in problem


def test_clock_limit_not_a_duration(problems_of):
    problem = only(problems_of, edit(VALID, "limit: 72h", "limit: three days"))
    assert "clocks.gdpr.limit: 'three days' is not a duration" in problem


def test_condition_with_unknown_kind(problems_of):
    problem = only(problems_of, edit(VALID, "after: {missed: holding}", "after: {mised: holding}"))
    assert "events[story].after.mised: unknown condition 'mised'; did you mean 'missed'?" in problem


def test_comma_in_flow_mapping_gets_a_hint(problems_of):
    problem = only(problems_of, edit(VALID, "comms: {name: Communications}", "comms: {name: Press, web and social}"))
    assert "put text that has commas in quotes" in problem


def test_all_errors_are_reported_not_only_the_first(problems_of):
    text = edit(VALID, "speed: 10", "speed: fast")
    text = edit(text, "to: [it, dpo]", "to: [it, dpoo]")
    text = edit(text, "    title: Still leaking", "    titel: Still leaking")
    problems = problems_of(text)
    assert len(problems) == 3
    assert [int(p.split(":")[1]) for p in problems] == sorted(int(p.split(":")[1]) for p in problems)


def test_storm_is_seen_by_every_role(problems_of):
    problem = only(problems_of, edit(VALID, "    after: press\n", "    after: press\n    to: [comms]\n"))
    assert "events[storm].to: every role sees a storm" in problem


def test_kind_specific_field_on_another_kind(problems_of):
    problem = only(problems_of, edit(VALID, "    body: Done.", "    body: Done.\n    rate: 5"))
    assert "events[isolated].rate: 'rate' is only for storms" in problem
