"""Many teams played headless: one scenario, each team into its own journal, each with its own playbook.

``simulate SCENARIO --teams a,b,c --journal BASE`` is a dry run of a national exercise: every team
plays the same scenario as if alone (its own journal at :func:`team_location`, its own seed by the
teams plan's policy, its own scripted team), so that the comparative debrief
(:mod:`crisissim.debrief.compare`) can set them side by side. Everything a person can get wrong
(the teams, a ``TEAM=PLAYBOOK`` naming no team, a playbook, a journal already there for a team) is
found before the first journal is made, one line each: a bad exercise leaves nothing behind.

Teams are played one after the other, each as fast as possible: a team's journal is an ordinary
journal, complete and closed before the next is opened, so that a failure halfway leaves the teams
before it whole and resumable (``simulate --resume``) and no more connections are open than one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crisissim.exercise.checks import checked_scenario
from crisissim.exercise.errors import BadInput
from crisissim.exercise.runs import default_journal_path, new_run
from crisissim.exercise.simulate import Outcome, Simulation
from crisissim.exercise.teams import team_location, team_meta
from crisissim.journal import JournalError, open_store
from crisissim.journal.backends import is_postgres, sqlite_path
from crisissim.scenario import Scenario
from crisissim.scenario.conditions import did_you_mean
from crisissim.scenario.playbook import Playbook, load_playbook
from crisissim.scenario.teams import Team, TeamsPlan

#: How the command line's problems with the teams begin (the other lines name their file).
WHERE = "crisissim: error: simulate"


@dataclass(frozen=True)
class TeamRun:
    """One team's part of the exercise, checked and ready: where it journals, its seed, its script."""

    team: Team
    location: str
    seed: int
    playbook: Playbook | None
    playbook_path: str | None


@dataclass(frozen=True)
class TeamsExercise:
    """A many-team headless exercise, every part of it checked, nothing written yet."""

    scenario: Scenario
    scenario_text: str
    scenario_file: str
    base: str
    plan: TeamsPlan
    runs: tuple[TeamRun, ...]


def split_playbooks(specs: Sequence[str], plan: TeamsPlan) -> tuple[dict[str, str], list[str]]:
    """Each team's playbook from ``--playbook P`` (every team) and ``--playbook TEAM=P`` (that team),
    and the problems, one line each. A team with neither, or given ``TEAM=`` with no file, plays
    silent (no action at all).

    ``TEAM=P`` is read so only where ``TEAM`` looks like a team's name and no file is called
    ``TEAM=P``: a playbook whose own name holds ``=`` is still a plain playbook."""
    names = plan.names
    shared: str | None = None
    own: dict[str, str] = {}
    problems: list[str] = []
    for spec in specs:
        team, sep, path = spec.partition("=")
        if sep and team and not os.path.exists(spec) and team.replace("-", "").replace("_", "").isalnum():
            if team not in names:
                problems.append(
                    f"{WHERE}: --playbook {spec}: no team '{team}' in this exercise{did_you_mean(team, names)}"
                )
            elif team in own:
                problems.append(
                    f"{WHERE}: --playbook {spec}: team '{team}' has a playbook already ({own[team] or 'silent'})"
                )
            else:
                own[team] = path  # TEAM= (nothing after it): that team plays silent
        elif shared is not None:
            problems.append(
                f"{WHERE}: --playbook {spec}: a playbook for every team is given already ({shared}); "
                "give the others as TEAM=PLAYBOOK"
            )
        else:
            shared = spec
    chosen = {name: own.get(name, shared) for name in names}
    return {name: path for name, path in chosen.items() if path}, problems


def _journal_there(location: str) -> str | None:
    """The line saying a journal (or anything) is already at ``location``, or why it cannot be known; None if free."""
    if not is_postgres(location):
        try:
            path = sqlite_path(location, "cannot be created")
        except JournalError as exc:
            return str(exc)
        if path.exists():
            return str(JournalError(location, "already exists; choose a new --journal for a new exercise"))
        return None
    try:
        with open_store(location, readonly=True):
            return str(JournalError(location, "already exists; choose a new --journal for a new exercise"))
    except JournalError as exc:
        return None if exc.what.startswith("does not exist") else str(exc)


def prepare_teams(
    reference: str,
    plan: TeamsPlan,
    *,
    journal: str | None,
    playbooks: Sequence[str] = (),
    seed: int | None = None,
) -> TeamsExercise:
    """Every team's run, checked: the scenario, each playbook against it, each team's journal free.

    ``journal`` is the exercise's base location (None: ``runs/<id>-<time>.sqlite``), from which
    each team's is derived; ``seed`` replaces the scenario's as the exercise's seed, from which each
    team's follows by the plan's policy. BadInput with every problem found, one line each, before
    anything is written."""
    checked = checked_scenario(reference)
    scenario = checked.scenario
    by_team, problems = split_playbooks(playbooks, plan)
    books: dict[str, Playbook] = {}
    for path in dict.fromkeys(by_team.values()):
        book = load_playbook(path, scenario)
        problems.extend(str(p) for p in book.problems)
        books[path] = book
    base = journal or os.fspath(default_journal_path(scenario.id))
    exercise_seed = scenario.seed if seed is None else seed
    runs: list[TeamRun] = []
    for team in plan.teams:
        location = team_location(base, team.name)
        if (there := _journal_there(location)) is not None:
            problems.append(there)
        own = by_team.get(team.name)
        runs.append(TeamRun(team, location, plan.seed_of(team, exercise_seed), books.get(own) if own else None, own))
    if problems:
        raise BadInput(*problems)
    return TeamsExercise(scenario, checked.text, checked.file, base, plan, tuple(runs))


def play_teams(
    exercise: TeamsExercise,
    *,
    starting: Callable[[TeamRun], None] | None = None,
    played: Callable[[TeamRun, Outcome], None] | None = None,
) -> list[tuple[TeamRun, Outcome]]:
    """Play every team to EndEx in turn, each into its own new journal; the outcome of each.

    ``starting`` and ``played`` are told of each team before and after it plays (a progress bar).
    BadInput if a team's journal cannot be created or written after all (taken meanwhile, a full
    disk): the teams before it are whole, the ones after it not begun."""
    done: list[tuple[TeamRun, Outcome]] = []
    for run in exercise.runs:
        if starting is not None:
            starting(run)
        try:
            started = new_run(
                exercise.scenario,
                exercise.scenario_text,
                exercise.scenario_file,
                seed=run.seed,
                journal_path=run.location,
                mode="simulate",
                playbook_text=run.playbook.text if run.playbook is not None else None,
                extra_meta=team_meta(exercise.base, exercise.plan, run.team),
            )
        except JournalError as exc:
            raise BadInput(str(exc)) from None
        outcome = Simulation(started, resumed=False, playbook=run.playbook).play()
        done.append((run, outcome))
        if played is not None:
            played(run, outcome)
    return done
