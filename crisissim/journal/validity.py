"""Does a well-formed record fit its exercise? The ids it names must be the scenario's.

A typed record can be well-formed and still impossible: a ``fired`` row added by hand for an
event the scenario does not have, an action of a role nobody plays, a rating of an expectation
that does not exist. Whatever reads a journal with its scenario (the debrief, a resume) asks
:func:`misfit` first, so such a record is one line naming its field, never a ``KeyError`` later.
"""

from __future__ import annotations

from crisissim.journal import records as rec
from crisissim.scenario.actions import ACTION_FIELDS, FACILITATOR_FIELDS, field_problems
from crisissim.scenario.model import Scenario

__all__ = ["OFFSTAGE_ROLES", "Fit"]

OFFSTAGE_ROLES = ("facilitator", "observer")
"""Roles that act without being one of the scenario's: the facilitator's and observers' notes."""


class Fit:
    """Checks records against one scenario, in journal order (an ad-hoc inject is known once it fired)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._events = {e.id for e in scenario.events}
        self._storms = {e.id for e in scenario.events if e.kind == "storm"}
        self._expectations = {x.id for _, x in scenario.expectations}

    def misfit(self, role: str | None, data: rec.AnyRecord) -> str | None:
        """What in the record does not fit the scenario (``payload.event: 'x' is no event ...``), or None."""
        if isinstance(data, rec.Fired):
            if data.event in self._events:
                return None
            if data.adhoc or data.trigger is not None:  # the facilitator's ad-hoc inject, or the press desk's
                self._events.add(data.event)
                return None
            return self._unknown("event", data.event, "event", 'or "adhoc": true for an ad-hoc inject')
        if isinstance(data, rec.Due | rec.Skipped):
            return None if data.event in self._events else self._unknown("event", data.event, "event")
        if isinstance(data, rec.Expectation):
            if data.expectation not in self._expectations:
                return self._unknown("expectation", data.expectation, "expectation")
            return None
        if isinstance(data, rec.Clock):
            return None if data.clock in self.scenario.clocks else self._unknown("clock", data.clock, "clock")
        if isinstance(data, rec.Storm | rec.Reaction | rec.Post):
            return None if data.storm in self._storms else self._unknown("storm", data.storm, "storm")
        if isinstance(data, rec.Action):
            return self._action(role, data)
        if isinstance(data, rec.Control) and data.pace is None:
            return self._command(data)
        return None

    def _unknown(self, name: str, value: str, what: str, otherwise: str = "") -> str:
        known = sorted(
            {"event": self._events, "storm": self._storms, "expectation": self._expectations}.get(what)
            or self.scenario.clocks
        )
        shown = ", ".join(known[:6]) + (", ..." if len(known) > 6 else "")
        rest = f" ({otherwise})" if otherwise else ""
        return f"payload.{name}: {value!r} is no {what} of this scenario; it must be one of: {shown}{rest}"

    def _action(self, role: str | None, data: rec.Action) -> str | None:
        if role not in self.scenario.roles and role not in OFFSTAGE_ROLES:
            roles = ", ".join([*self.scenario.roles, *OFFSTAGE_ROLES])
            return f"role: {role!r} is no role of this scenario; it must be one of: {roles}"
        for name, what in field_problems(data.action, dict(data.fields), ACTION_FIELDS):
            return f"payload.{name}: {what}"
        event = data.fields.get("event")
        if event is not None and event not in self._events:
            return self._unknown("event", str(event), "event")
        return None

    def _command(self, data: rec.Control) -> str | None:
        if data.control == rec.Command.UNDO:
            # what the engine wrote it took back (docs/journal.md, "Undo"), not a command's input
            if not isinstance(data.fields.get("seq"), int) or isinstance(data.fields.get("seq"), bool):
                return "payload.seq: an undo names the record it takes back"
            return None
        for name, what in field_problems(data.control, dict(data.fields), FACILITATOR_FIELDS):
            return f"payload.{'control' if name == 'facilitator' else name}: {what}"
        expectation = data.fields.get("expectation")
        if expectation is not None and expectation not in self._expectations:
            return self._unknown("expectation", str(expectation), "expectation")
        return None
