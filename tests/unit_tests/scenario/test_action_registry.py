"""The action registry: each action kind declared once, and what is derived from it agrees."""

from __future__ import annotations

import re
from pathlib import Path

from crisissim.scenario import conditions as cond
from crisissim.scenario.actions import (
    ACTION_FIELDS,
    ACTION_KINDS,
    ACTIONS,
    BY_KIND,
    COMMANDS,
    FACILITATOR_FIELDS,
    field_problems,
)
from crisissim.scenario.model import EXPECTED_ACTIONS

ROOT = Path(__file__).resolve().parents[3]
#: The exercise screen's own keys, which a role pane's action key must not take.
SCREEN_KEYS = {"f", "k", "i", "m", "x", "e", "n", "j", "space", "plus", "minus", "question_mark", "tab"}


def test_every_kind_once_and_everything_derived_from_it():
    assert len(set(ACTION_KINDS)) == len(ACTIONS) == len(BY_KIND)
    assert list(ACTION_FIELDS) == list(ACTION_KINDS)
    assert tuple(s.kind for s in ACTIONS if "action" in s.conditions) == cond.ACTION_KINDS
    assert ("any", *(s.kind for s in ACTIONS if s.expected)) == EXPECTED_ACTIONS
    assert list(FACILITATOR_FIELDS) == [c.name for c in COMMANDS]


def test_keys_marks_and_places_are_distinct():
    keys = [s.key for s in ACTIONS]
    assert len(set(keys)) == len(keys) and not set(keys) & SCREEN_KEYS
    marks = [s.mark for s in ACTIONS]
    assert len(set(marks)) == len(marks)
    assert sorted(s.legend_place for s in ACTIONS) == list(range(1, len(ACTIONS) + 1))
    lines = [s.help_line for s in ACTIONS]
    assert lines == sorted(lines), "actions that share a help line stand together"


def test_a_condition_accepts_every_kind_and_suggests_one():
    for kind in cond.ACTION_KINDS:
        assert cond.parse_condition({"action": kind}) == cond.ActionTaken(kind)
    try:
        cond.parse_condition({"action": "statment"})
    except cond.ConditionError as exc:
        assert "did you mean 'statement'" in str(exc)
    else:
        raise AssertionError("an unknown action kind is accepted")


def test_the_least_fields_of_each_kind_are_accepted():
    for spec in ACTIONS:
        fields = spec.least_fields("an-event", "(path)")
        if spec.kind == "choose":
            fields["option"] = "an-option"
        assert field_problems(spec.kind, fields, ACTION_FIELDS) == [], spec.kind


def test_forms_ask_the_fields_of_their_kind():
    for spec in ACTIONS:
        if spec.kind == "notify_regulator":  # counts apart: crisissim/tui/formspecs.py writes subjects and records
            continue
        asked = {question.name for question in spec.form}
        assert asked <= set(spec.fields), spec.kind
        if spec.form:  # a choice has options, not a form; the event is the message answered
            assert {name for name, required in spec.fields.items() if required} - {"event"} <= asked, spec.kind


def test_the_playbook_table_in_the_docs_is_the_registry():
    table = (ROOT / "docs" / "playbooks.md").read_text(encoding="utf-8")
    documented: dict[str, dict[str, bool]] = {}
    for kind, cell in re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", table, flags=re.MULTILINE):
        fields = re.findall(r"(\*\*)?`([a-z_]+)`", cell)
        documented[kind] = {name: bool(bold) for bold, name in fields}
    assert documented == ACTION_FIELDS
