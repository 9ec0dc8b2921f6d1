"""The comparative report of a many-team exercise: its teams found from one location, folded, set side by side.

``report LOCATION --teams`` takes the exercise's base location (where no journal is: only its
teams' journals are, at ``team_location(LOCATION, team)``) or any one team's journal, whose meta
names all its teams (:func:`crisissim.exercise.teams.sibling_locations`); ``--teams a,b,c`` names
them instead. Each team's journal is folded once, as its own report folds it. Written to a file,
the comparative report has each team's own report written beside it, and links to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from crisissim.debrief.compare import TeamDebrief, compare, render_comparison
from crisissim.debrief.export import DEFAULT_FOLDER, ReportError, check_target, render, write_private
from crisissim.debrief.fold import fold
from crisissim.debrief.summary import NotAnExercise
from crisissim.exercise.errors import BadInput
from crisissim.exercise.teams import META_EXERCISE, exercise_name, sibling_locations, team_location, team_of
from crisissim.journal import JournalError, open_store
from crisissim.journal.backends import is_postgres, journal_name, shell_location, sqlite_path
from crisissim.journal.streams import named_after
from crisissim.scenario.teams import teams_from_list

WHERE = "crisissim: error: report"


@dataclass(frozen=True)
class TeamsReport:
    """A comparative report made: its text (for stdout) or file, each team's own report file, and
    each team journal's problems (one line each: lost records, a broken chain)."""

    exercise: str
    journals: dict[str, str]
    text: str = ""
    path: Path | None = None
    own: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _missing(location: str) -> bool | str:
    """True if no journal is at ``location``, False if one is; a line if it cannot be told (no database)."""
    if not is_postgres(location):
        try:
            return not sqlite_path(location).exists()
        except JournalError as exc:
            return str(exc)
    try:
        with open_store(location, readonly=True):
            return False
    except JournalError as exc:
        return True if exc.what.startswith("does not exist") else str(exc)


def _meta(location: str) -> dict[str, str]:
    with open_store(location, readonly=True) as journal:
        return dict(journal.meta)


def team_journals(location: str, teams: str | None = None) -> tuple[str, dict[str, str]]:
    """The exercise's name and each team's journal location, in the teams' order.

    ``teams`` (``a,b,c``) names them, ``location`` being the base; None finds them from
    ``location``: a team's journal, or the base beside which the teams' journals are. BadInput,
    one line, where neither leads to any team."""
    if teams:
        plan, lines = teams_from_list(teams)
        if plan is None:
            raise BadInput(*(f"{WHERE}: {line}" for line in lines))
        return exercise_name(location), {name: team_location(location, name) for name in plan.names}
    missing = _missing(location)
    if isinstance(missing, str):
        raise BadInput(missing)
    try:
        if not missing:
            meta = _meta(location)
            if team_of(meta) is None:
                raise BadInput(
                    f"{location}: error: journal: is the journal of an exercise played alone, not of a team; "
                    f"its report: crisissim report {shell_location(location)}"
                )
            return meta.get(META_EXERCISE) or exercise_name(location), sibling_locations(location, meta)
        name = exercise_name(location)
        for candidate in named_after(location):
            meta = _meta(candidate)
            if team_of(meta) is not None and meta.get(META_EXERCISE) == name:
                return name, sibling_locations(candidate, meta)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    example = shell_location(team_location(location, "TEAM"))
    raise BadInput(
        f"{location}: error: journal: holds no journal, and no team's journal is named after it ({example}); "
        "give a team's journal, or name the teams with --teams a,b,c"
    )


def _folded(journals: dict[str, str]) -> list[TeamDebrief]:
    """Each team's debrief fold, or BadInput with one line per team whose journal cannot be read."""
    teams: list[TeamDebrief] = []
    lines: list[str] = []
    for name, location in journals.items():
        try:
            with open_store(location, readonly=True) as journal:
                teams.append(TeamDebrief(name, journal.location, fold(journal)))
        except JournalError as exc:
            lines.append(f"{exc} (team {name})")
        except NotAnExercise as exc:
            lines.append(f"{location}: error: journal: {exc} (team {name})")
    scenarios = {t.debrief.scenario.id for t in teams}
    if len(scenarios) > 1:
        first = teams[0]
        lines += [
            f"{t.location}: error: journal: team {t.name} played {t.debrief.scenario.id}, not "
            f"{first.debrief.scenario.id} as team {first.name} did: a comparison is of one scenario"
            for t in teams
            if t.debrief.scenario.id != first.debrief.scenario.id
        ]
    if lines:
        raise BadInput(*lines)
    return teams


def _problems(teams: list[TeamDebrief]) -> list[str]:
    return [
        f"{t.location}: error: journal: {p.line()} (team {t.name})" for t in teams for p in t.debrief.journal.problems
    ]


def teams_report(
    location: str, output: str | None, fmt: str, *, teams: str | None = None, anonymous: bool = False
) -> TeamsReport:
    """The comparative report of the exercise at ``location``: to stdout (``output`` '-'), or to
    ``output`` (None: ``reports/<exercise>.<fmt>``) with each team's own report beside it (HTML and
    Markdown; the JSON holds every team's debrief already). Each file whole or not at all, 0600."""
    exercise, journals = team_journals(location, teams)
    target = None if output == "-" else Path(output) if output else DEFAULT_FOLDER / f"{exercise}.{fmt}"
    try:
        if target is not None:
            check_target(target)
        folded = _folded(journals)
        comparison = compare(folded)
        own: dict[str, Path] = {}
        commands = {t.name: f"crisissim report {shell_location(t.location)}" for t in folded}
        if target is not None and fmt != "json":
            for t in folded:
                beside = target.parent / f"{journal_name(t.location)}.{fmt}"
                if beside.resolve() == target.resolve():
                    beside = target.parent / f"{journal_name(t.location)}.team.{fmt}"
                write_private(beside, render(t.debrief, fmt, anonymous=anonymous))
                own[t.name] = beside
                t.report = os.path.relpath(beside, target.parent)
        text = render_comparison(comparison, fmt, exercise=exercise, commands=commands)
        if target is not None:
            write_private(target, text)
    except ReportError as exc:
        raise BadInput(str(exc)) from None
    return TeamsReport(
        exercise,
        {t.name: t.location for t in folded},
        text="" if target is not None else text,
        path=target,
        own=own,
        problems=_problems(folded),
    )
