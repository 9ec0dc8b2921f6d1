"""The exercise service: the use cases behind the commands (check, start, resume, simulate, serve, room, report).

Each use case takes plain values (a SCENARIO reference, a journal path, a seed) and returns what
happened; it prints nothing and raises :class:`BadInput` with the lines to show for anything a
person can fix. ``crisissim.cli`` turns arguments into these calls, and their results into
output and exit codes; tests and benchmarks call them directly.

The names below load their module on first use (PEP 562), so that importing this package (as the
CLI does to catch ``BadInput``) stays as quick as ``crisissim --version`` must be: the engine,
pydantic and Faker are loaded only by a command that uses them. Type checkers see ordinary
imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from crisissim.exercise.errors import BadInput

if TYPE_CHECKING:
    from crisissim.exercise.checks import Checked, builtin_library, checked_scenario, load_checked, validation_targets
    from crisissim.exercise.live import LiveRun, resume_live, select_roles, start_live
    from crisissim.exercise.reports import Report, render_report, report_format, save_report
    from crisissim.exercise.room import RoomJournal, open_room
    from crisissim.exercise.runs import INPUT_KINDS, Run, default_journal_path, new_run, resume_run
    from crisissim.exercise.serve import LOOPBACK, beyond_loopback, seat_desk, seat_url
    from crisissim.exercise.simulate import Outcome, Simulation, resume_simulation, start_simulation

#: Each public name and the module of this package that defines it.
_HOMES = {
    "Checked": "checks",
    "builtin_library": "checks",
    "checked_scenario": "checks",
    "load_checked": "checks",
    "validation_targets": "checks",
    "LiveRun": "live",
    "resume_live": "live",
    "select_roles": "live",
    "start_live": "live",
    "Report": "reports",
    "render_report": "reports",
    "report_format": "reports",
    "save_report": "reports",
    "RoomJournal": "room",
    "open_room": "room",
    "INPUT_KINDS": "runs",
    "Run": "runs",
    "default_journal_path": "runs",
    "new_run": "runs",
    "resume_run": "runs",
    "LOOPBACK": "serve",
    "beyond_loopback": "serve",
    "seat_desk": "serve",
    "seat_url": "serve",
    "Outcome": "simulate",
    "Simulation": "simulate",
    "resume_simulation": "simulate",
    "start_simulation": "simulate",
}

__all__ = [
    "INPUT_KINDS",
    "LOOPBACK",
    "BadInput",
    "Checked",
    "LiveRun",
    "Outcome",
    "Report",
    "RoomJournal",
    "Run",
    "Simulation",
    "beyond_loopback",
    "builtin_library",
    "checked_scenario",
    "default_journal_path",
    "load_checked",
    "new_run",
    "open_room",
    "render_report",
    "report_format",
    "resume_live",
    "resume_run",
    "resume_simulation",
    "save_report",
    "seat_desk",
    "seat_url",
    "select_roles",
    "start_live",
    "start_simulation",
    "validation_targets",
]


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first use, and keep the name here from then on."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
