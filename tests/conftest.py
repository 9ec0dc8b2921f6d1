"""Shared fixtures: a small valid scenario that each test breaks in exactly one way."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crisissim.exercise import load_checked
from tests import postgres_server

VALID = """\
crisissim: 1
id: test-drill
title: Test drill
language: en
summary: A drill at {{ org.name }}.
organisation: {name: Test Org Ltd, short: TestOrg}
start: 2026-01-12T09:00:00+00:00
duration: 2h
speed: 10
seed: 5
roles:
  comms: {name: Communications}
  dpo: {name: Data Protection Officer}
  it: {name: IT}
objectives:
  contain: Contain the incident
  holding: Publish a holding statement in time
clocks:
  gdpr:
    label: Regulator notification
    starts: {fired: alert}
    limit: 72h
    stops: {action: notify_regulator}
    objective: contain
hotwash:
  - What went well?
events:
  - id: alert
    from: SOC
    to: [it, dpo]
    at: 5m
    title: Outbound traffic alert
    body: |
      Forty gigabytes left the network last night.
      Called in by {{ fake.name() }}.
    options:
      isolate: Isolate the systems
      monitor: Keep monitoring
    expects:
      - {id: decide, role: it, action: choose, within: 15m, objective: contain}
  - id: isolated
    after: {chose: alert.isolate}
    delay: 5m
    to: [it]
    title: Systems isolated
    body: Done.
  - id: monitoring
    after: {chose: alert.monitor}
    to: [it]
    title: Still leaking
    body: More data left.
  - id: press
    kind: enquiry
    journalist: {persona: regional-reporter}
    to: [comms]
    at: 30m
    deadline: 30m
    title: Reporter calls
    expects:
      - {id: holding, role: comms, action: statement, within: 30m, objective: holding}
  - id: storm
    kind: storm
    after: press
    title: Storm
    duration: 1h
    rate: {start: 1, peak: 10, peak_at: 20m, end: 1}
    crowd: {angry-customer: 3, troll: 1}
    hashtags: ["#{{ org.short | lower }}"]
    rumours: [passwords were stored in plain text]
    reacts:
      - {when: {action: statement}, rate: 0.5, sentiment: 0.3}
  - id: story
    kind: article
    after: {missed: holding}
    title: "{{ org.short }} silent"
    body: Nobody answered.
"""


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str, name: str = "drill.yaml") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return write


@pytest.fixture
def problems_of(write_scenario: Callable[[str], Path]) -> Callable[..., list[str]]:
    """The problem lines ``validate`` would print for a text, as strings."""

    def problems(text: str | bytes, *, warnings: bool = False) -> list[str]:
        path = write_scenario(text)
        loaded = load_checked(path)
        chosen = loaded.problems if warnings else loaded.errors
        return [str(p).replace(str(path), "drill.yaml") for p in chosen]

    return problems


def edit(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence, so a test cannot silently break nothing."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


@pytest.fixture(scope="session")
def postgresql() -> Iterator[postgres_server.Server]:
    """A throwaway PostgreSQL for the whole session (tests/postgres_server.py), stopped at the end whatever happens.

    Where it cannot be started, every test that asks for it is skipped, saying why; nothing else is.
    """
    try:
        server = postgres_server.start()
    except postgres_server.Unavailable as exc:
        pytest.skip(f"{exc}: the PostgreSQL journal tests are skipped (the SQLite ones run)")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_location(postgresql: postgres_server.Server) -> str:
    """A fresh exercise's location in the session's PostgreSQL (nothing created there yet)."""
    return postgresql.url(f"t{uuid.uuid4().hex[:12]}")
