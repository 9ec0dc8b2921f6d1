"""A small engine on a memory sink, for table tests of the scenario semantics."""

from __future__ import annotations

import textwrap

import pytest

from crisissim.engine.engine import Engine
from crisissim.engine.sinks import MemorySink
from crisissim.scenario import Scenario, parse

HEAD = """\
crisissim: 1
id: engine-test
title: Engine test
organisation: {name: Test Org Ltd, short: TestOrg}
duration: 4h
roles:
  comms: {name: Communications}
  dpo: {name: DPO}
  it: {name: IT}
"""


def scenario(body: str) -> Scenario:
    """A scenario from the common head and the given YAML (events, clocks, ...)."""
    loaded = parse((HEAD + textwrap.dedent(body)).encode(), "engine-test.yaml")
    assert loaded.scenario is not None, [str(p) for p in loaded.errors]
    return loaded.scenario


class Harness:
    def __init__(self, body: str, seed: int = 1) -> None:
        self.scenario = scenario(body)
        self.sink = MemorySink()
        self.engine = Engine(self.scenario, seed=seed, sink=self.sink)
        self.engine.start()

    def at(self, minutes: float) -> Harness:
        self.engine.advance_to(minutes * 60)
        return self

    def status(self, event_id: str) -> str:
        return self.engine.state.events[event_id].status

    def fired_at(self, event_id: str) -> float | None:
        return self.engine.state.events[event_id].fired_s

    def expectation(self, exp_id: str) -> str:
        return self.engine.state.expectations[exp_id].status

    def clock(self, clock_id: str):
        return self.engine.state.clocks[clock_id]

    def kinds(self) -> list[str]:
        return [kind for _, kind, _, _ in self.sink.records]


@pytest.fixture
def harness():
    return Harness
