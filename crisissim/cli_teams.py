"""The many-team parts of ``simulate`` and ``report`` (``--teams``): arguments to calls, results to output.

Apart from crisissim/cli.py so that the commands of a many-team exercise (headless here; live
engines, the control cell and the seats' workers elsewhere) grow beside the single-team ones
without rewriting them; cli.py hands over to these when ``--teams`` or ``--teams-file`` is given.
What they do is the exercise service's (crisissim/exercise/team_runs.py, team_reports.py).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from crisissim.exercise.errors import BadInput
from crisissim.safetext import one_line

if TYPE_CHECKING:
    from crisissim.exercise.simulate import Outcome
    from crisissim.exercise.team_runs import TeamRun

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def simulate_teams(args: argparse.Namespace) -> int:
    """``simulate SCENARIO --teams a,b,c | --teams-file FILE [--journal BASE] [--playbook [TEAM=]P ...]``."""
    from crisissim.exercise.reports import report_format
    from crisissim.exercise.team_runs import play_teams, prepare_teams
    from crisissim.exercise.teams import read_teams
    from crisissim.journal.backends import shell_location
    from crisissim.scenario.durations import format_offset

    where = "crisissim: error: simulate"
    if args.resume:
        raise BadInput(
            f"{where}: --resume continues one team's journal: crisissim simulate --resume TEAM_JOURNAL; drop --teams"
        )
    if not args.scenario:
        raise BadInput(f"{where}: give a SCENARIO (a file or a built-in id) for the teams to play")
    if args.speed is not None:
        raise BadInput(f"{where}: --teams plays each team as fast as possible, one after the other; drop --speed")
    if args.report:
        report_format(args.report, None)
    plan = read_teams(args.teams, args.teams_file, "simulate")
    exercise = prepare_teams(args.scenario, plan, journal=args.journal, playbooks=args.playbook or [], seed=args.seed)
    print(f"exercise: {exercise.base} ({len(exercise.runs)} teams of {exercise.scenario.id})")
    progress = _progress(len(exercise.runs)) if sys.stdout.isatty() else None
    task: list[Any] = []
    refused: list[str] = []

    def starting(run: TeamRun) -> None:
        if progress is not None:
            progress.update(task[0], description=f"team {run.team.name}")

    def played(run: TeamRun, outcome: Outcome) -> None:
        book = run.playbook_path or "none (silent)"
        line = one_line(
            f"team {run.team.name}: EndEx at {format_offset(outcome.now)}: {outcome.fired} events fired, "
            f"{outcome.skipped} skipped, {outcome.pending} pending; {outcome.posts} posts "
            f"(seed {run.seed}, playbook {book})"
        )
        if progress is not None:  # above the bar, which stays at the bottom
            progress.console.print(line, markup=False, highlight=False)
        else:
            print(line)
        refused.extend(f"warning: team {run.team.name}: {line}" for line in outcome.refused)
        if progress is not None:
            progress.advance(task[0])

    with progress if progress is not None else nullcontext():
        if progress is not None:
            task.append(progress.add_task("teams", total=len(exercise.runs)))
        done = play_teams(exercise, starting=starting, played=played)
    for line in refused:
        print(one_line(line), file=sys.stderr)
    for run, _outcome in done:
        print(f"journal of {run.team.name}: {run.location}")
    for run, _outcome in done:
        print(f"report of {run.team.name}: crisissim report {shell_location(run.location)}")
    print(f"comparative report: crisissim report {shell_location(exercise.base)} --teams")
    if args.report:
        return write_teams_report(exercise.base, args.report, None)
    return EXIT_OK


def _progress(total: int) -> Any:
    """A Rich progress bar over the teams, on a terminal only (a pipe or CI gets the lines alone)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())


def write_teams_report(
    location: str, output: str | None, fmt: str | None, *, teams: str | None = None, anonymous: bool = False
) -> int:
    """``report LOCATION --teams [a,b,c]``: the comparative report to stdout or a file (each team's own beside
    it); each team journal's problems on stderr, exit 2."""
    from crisissim.exercise.reports import report_format
    from crisissim.exercise.team_reports import teams_report

    fmt = report_format(output, fmt)
    report = teams_report(location, output, fmt, teams=teams, anonymous=anonymous)
    if report.path is None:
        sys.stdout.write(report.text)
    for line in report.problems:
        print(one_line(line), file=sys.stderr)
    for name, path in report.own.items():
        print(f"report of {name}: {path}")
    if report.path is not None:
        left_out = (
            " (what could be read; the journals' problems are above and in the reports)" if report.problems else ""
        )
        print(f"comparative report: {report.path}{left_out}")
    return EXIT_BAD_INPUT if report.problems else EXIT_OK
