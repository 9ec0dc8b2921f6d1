"""The reference scenario loads as the model an engine will play."""

from crisissim.scenario import conditions as cond
from tests.conftest import VALID


def test_valid_scenario_has_no_problems(problems_of):
    assert problems_of(VALID, warnings=True) == []


def test_durations_and_conditions_are_typed(write_scenario):
    from crisissim.scenario import load

    scenario = load(write_scenario(VALID)).scenario
    assert scenario is not None
    assert scenario.duration == 7200
    alert = scenario.event("alert")
    assert alert.at == 300 and alert.sender.text == "SOC"
    assert scenario.event("isolated").after == cond.Chose("alert", "isolate")
    assert scenario.event("isolated").delay == 300
    assert scenario.event("story").after == cond.Missed("holding")
    assert scenario.clocks["gdpr"].limit == 72 * 3600
    storm = scenario.event("storm")
    assert storm.rate.peak == 10 and storm.rate.peak_at == 1200
    assert storm.reacts[0].when == cond.ActionTaken("statement")
    assert scenario.event("press").deadline == 1800


def test_after_shorthands(write_scenario):
    from crisissim.scenario import load

    text = VALID.replace("    after: press\n", "    after: [press, alert]\n")
    storm = load(write_scenario(text)).scenario.event("storm")
    assert storm.after == cond.AllOf((cond.Fired("press"), cond.Fired("alert")))
