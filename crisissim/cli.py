"""The one entry point: commands, arguments, printing and exit codes (see shared/design/cli.md).

What a command does (check, start, resume, simulate, serve, report) is the exercise service's,
``crisissim.exercise``; this module turns arguments into its calls and its results into output.
Heavy imports (pydantic, Faker, Rich, Textual) happen inside the commands that need them, so
that ``--version`` and ``--help`` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from crisissim import __version__
from crisissim.exercise.errors import BadInput
from crisissim.safetext import one_line

if TYPE_CHECKING:
    import socket

    from crisissim.content.msel import MselRow
    from crisissim.engine.seats import SeatDesk
    from crisissim.exercise.live import LiveRun
    from crisissim.exercise.runs import Run
    from crisissim.exercise.serve import ClockNotes, SeatsSummary
    from crisissim.exercise.teams_live import EngineProcess, TeamJournal
    from crisissim.exercise.whatif import Change
    from crisissim.scenario import Scenario

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
"""Where ``serve`` (and a resumed served exercise) serves its seats unless told otherwise."""


# commands ---------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from crisissim.exercise.checks import builtin_library
    from crisissim.scenario.durations import format_duration
    from crisissim.scenario.library import DEFAULT_SCENARIO

    table = Table(
        title="Built-in scenarios",
        title_justify="left",
        caption="* the default scenario",
        caption_justify="left",
        expand=True,
    )
    table.add_column("", no_wrap=True, width=1)
    table.add_column("id", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("length", no_wrap=True, justify="right")
    table.add_column("events", no_wrap=True, justify="right")
    table.add_column("title", ratio=1, min_width=24)
    for scenario_id, s in builtin_library().items():
        marker = "*" if scenario_id == DEFAULT_SCENARIO else ""
        if s is None:
            table.add_row(marker, scenario_id, "", "", "", f"[red]invalid: crisissim validate {scenario_id}[/]")
            continue
        table.add_row(marker, scenario_id, s.language, format_duration(s.duration), str(len(s.events)), escape(s.title))
    Console().print(table)
    return EXIT_OK


def _shown(path: Path) -> str:
    """Built-in files by their short name, not a long site-packages path."""
    from crisissim.scenario.library import data_dir

    library = data_dir("scenarios")
    return f"scenarios/{path.name}" if path.resolve().parent == library.resolve() else str(path)


def cmd_validate(args: argparse.Namespace) -> int:
    from crisissim.exercise.checks import load_checked, validation_targets

    worst = EXIT_OK
    for path in validation_targets(args.paths):
        loaded = load_checked(path)
        for problem in loaded.problems:
            print(str(problem).replace(": warning: ", ": error: ") if args.strict else problem, file=sys.stderr)
        failed = bool(loaded.errors) or (args.strict and bool(loaded.warnings))
        if failed:
            worst = EXIT_BAD_INPUT
        else:
            s = loaded.scenario
            assert s is not None
            notes = f", {len(loaded.warnings)} warning(s)" if loaded.warnings else ""
            print(one_line(f"{_shown(path)}: ok ({s.id}: {len(s.events)} events, {len(s.roles)} roles{notes})"))
    return worst


def cmd_timeline(args: argparse.Namespace) -> int:
    from crisissim.content.msel import msel_rows, write_csv
    from crisissim.exercise.checks import checked_scenario

    scenario = checked_scenario(args.scenario).scenario
    if args.paths:
        print_paths(scenario)
        return EXIT_OK
    rows = msel_rows(scenario, seed=scenario.seed if args.seed is None else args.seed)
    if args.csv:
        if args.csv == "-":
            write_csv(rows, sys.stdout)
        else:
            try:
                with open(args.csv, "w", encoding="utf-8", newline="") as handle:
                    write_csv(rows, handle)
            except OSError as exc:
                raise _unwritable(args.csv, exc) from None
            print(f"{args.csv}: {len(rows)} rows in MSEL columns")
        return EXIT_OK
    print_timeline(scenario, rows)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from crisissim.scenario.model import SLUG
    from crisissim.scenario.scaffold import scaffold

    if not SLUG.match(args.id):
        raise BadInput(f"{args.id}: error: ID: use lower-case letters, digits, '-' and '_', e.g. water-utility-leak")
    target = Path(args.output or f"{args.id}.yaml")
    if target.exists():
        raise BadInput(f"{target}: error: file: already exists; choose another ID or -o FILE (nothing was written)")
    try:
        target.write_text(scaffold(args.id, str(target)), encoding="utf-8")
    except OSError as exc:
        raise _unwritable(target, exc) from None
    print(f"{target}: written; edit it, then: crisissim validate --strict {target}")
    return EXIT_OK


def _unwritable(path: Path | str, exc: OSError) -> BadInput:
    """A file the command was asked to write and cannot: a folder, a missing folder, no permission,
    a full disk; bad input, said in a line, not a failure with a traceback."""
    what = "is a folder; name a file" if Path(path).is_dir() else f"cannot be written: {exc.strerror or exc}"
    return BadInput(f"{path}: error: file: {what}")


def print_paths(scenario: Scenario) -> None:
    """Every branch path: what the team decided or achieved, how many events, how long."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from crisissim.engine.paths import MAX_COMBINATIONS, branch_paths
    from crisissim.scenario.durations import format_duration, format_offset

    paths, played = branch_paths(scenario)
    table = Table(
        title=f"{scenario.title}\n[dim]{len(paths)} distinct paths from {played} combinations of decisions, "
        f"outcomes and flags · speed {scenario.speed:g}[/]",
        title_justify="left",
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("decisions, outcomes, flags", ratio=1)
    table.add_column("events", justify="right", no_wrap=True)
    table.add_column("last event", no_wrap=True)
    table.add_column("wall time", no_wrap=True)
    for number, path in enumerate(paths, start=1):
        table.add_row(
            str(number),
            escape("; ".join(path.choices) or "(no decision, nothing met)"),
            str(len(path.fired)),
            format_offset(path.last_s),
            format_duration(path.wall_s(scenario.speed)),
        )
    Console().print(table)
    if played >= MAX_COMBINATIONS:
        print(f"(only the first {MAX_COMBINATIONS} combinations were played)")


def print_timeline(scenario: Scenario, rows: Sequence[MselRow]) -> None:
    """The MSEL in the terminal: one row per event, readable at 80 columns and up."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from crisissim.scenario.durations import format_duration

    table = Table(
        title=f"{scenario.title}\n[dim]{scenario.id} · {scenario.language} · "
        f"{format_duration(scenario.duration)} · speed {scenario.speed:g}[/]",
        title_justify="left",
        expand=True,
        show_lines=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("when", max_width=18, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("to", max_width=16, overflow="fold")
    table.add_column("event", ratio=1, min_width=30)
    for row in rows:
        kind = row.method if row.kind == "inject" else f"{row.kind}\n[dim]{row.method}[/]"
        cell = f"[bold]{escape(row.title)}[/]"
        if row.sender:
            cell += f"\n[dim]from {escape(row.sender)}[/]"
        if row.condition:
            cell += f"\n[yellow]only if {escape(row.condition)}[/]"
        if row.expected:
            cell += f"\n[cyan]expects {escape(row.expected)}[/]"
        when = row.time if row.due_s is not None else f"[yellow]{escape(row.time)}[/]"
        table.add_row(str(row.number), when, kind, escape(row.to), cell)
    Console().print(table)


def cmd_simulate(args: argparse.Namespace) -> int:
    from crisissim.exercise.reports import report_format
    from crisissim.exercise.simulate import resume_simulation, start_simulation

    if args.teams is not None or args.teams_file is not None:
        from crisissim.cli_teams import simulate_teams

        return simulate_teams(args)
    if args.playbook and len(args.playbook) > 1:
        raise BadInput("crisissim: error: simulate: one --playbook for one team; several are for --teams")
    args.playbook = args.playbook[0] if args.playbook else None
    if args.resume and args.scenario:
        raise BadInput("crisissim: error: simulate: give a SCENARIO or --resume JOURNAL, not both")
    if args.resume and (args.seed is not None or args.journal):
        raise BadInput(
            "crisissim: error: simulate: --resume continues with the journal's own seed and file; "
            "drop --seed and --journal"
        )
    if not args.resume and not args.scenario:
        raise BadInput("crisissim: error: simulate: give a SCENARIO (a file or a built-in id) or --resume JOURNAL")
    if args.report:
        report_format(args.report, None)
    if args.resume:
        simulation = resume_simulation(args.resume, playbook=args.playbook, speed=args.speed)
        _say_lost(simulation.run)
        print(f"journal: {simulation.run.journal.location} (resumed at {_offset(simulation.run.engine.now)})")
    else:
        simulation = start_simulation(
            args.scenario,
            playbook=args.playbook,
            seed=args.seed,
            speed=args.speed,
            journal=args.journal or None,
        )
        print(f"journal: {simulation.run.journal.location}")
    outcome = simulation.play()
    if outcome.already_ended:
        print(f"the exercise in {outcome.journal_path} already ended at {_offset(outcome.now)}")
        return EXIT_BAD_INPUT if simulation.run.lost else EXIT_OK
    for line in outcome.refused:
        print(f"warning: {line}", file=sys.stderr)
    print(
        f"EndEx at {_offset(outcome.now)}: {outcome.fired} events fired, "
        f"{outcome.skipped} skipped, {outcome.pending} pending; {outcome.posts} posts"
    )
    print(f"journal: {outcome.journal_path}")
    if args.report:
        written = _write_report(outcome.journal_path, args.report, None)
        return EXIT_BAD_INPUT if simulation.run.lost else written
    return EXIT_BAD_INPUT if simulation.run.lost else EXIT_OK


def _say_lost(run: Run) -> None:
    """A resumed journal's records that could not be read: one line each, before the run goes on."""
    for line in run.lost:
        print(line, file=sys.stderr)


def _offset(seconds: float) -> str:
    from crisissim.scenario.durations import format_offset

    return format_offset(seconds)


def _play_on_screen(
    run: Run,
    *,
    speed: float,
    language: str | None,
    roles: list[str] | None,
    desk: SeatDesk | None = None,
    seat_urls: Sequence[str] = (),
    seats: Callable[[], SeatsSummary] | None = None,
    notes: ClockNotes | None = None,
    resumed_seats: bool = False,
) -> int:
    """The exercise in this terminal; Textual is imported only here."""
    from crisissim.exercise.serve import ClockNotes
    from crisissim.journal.backends import shell_location
    from crisissim.tui.app import CrisisApp
    from crisissim.tui.session import live_session

    session = live_session(run, speed=speed, language=language, roles=roles)
    notes = notes or ClockNotes(run.journal)  # the room screen's clock stops where this console's did
    print(f"journal: {run.journal.location}")
    try:
        CrisisApp(session, desk=desk, seat_urls=seat_urls, seats=seats, notes=notes, resumed_seats=resumed_seats).run()
    finally:
        ended = run.engine.ended
        run.journal.close()
    print(f"journal: {run.journal.location}")
    for path in session.report_paths:
        print(f"report: {path}")
    if not ended:
        where = shell_location(run.journal.location)
        print(f"paused at {_offset(run.engine.now)}; continue with: crisissim resume {where}")
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from crisissim.exercise.live import start_live

    live = start_live(
        args.scenario,
        mode="run",
        seed=args.seed,
        speed=args.speed,
        journal=args.journal or None,
        roles=args.roles,
    )
    return _play_on_screen(live.run, speed=live.speed, language=args.lang, roles=live.roles)


def cmd_resume(args: argparse.Namespace) -> int:
    from crisissim.exercise.live import resume_live
    from crisissim.exercise.serve import resume_seats_clock, served
    from crisissim.journal import JournalError, open_store

    try:
        with open_store(args.journal, readonly=True) as peek:  # a served exercise is resumed with its seats
            serving = served(peek)
    except JournalError:
        serving = False  # resume_live says what is wrong with it
    if serving:
        return _serve_resumed(args, "resume")
    if args.host is not None or args.port is not None or args.proxy:
        raise BadInput(
            f"crisissim: error: resume: {args.journal} was not served (crisissim run made it): "
            "it has no seats; drop --host, --port and --proxy"
        )
    live = resume_live(args.journal, roles=args.roles)
    _say_lost(live.run)
    resume_seats_clock(live.run)  # where the room screen's clock stood, so that it never goes back
    played = _play_on_screen(live.run, speed=live.speed, language=args.lang, roles=live.roles)
    _say_lost(live.run)  # again, after the screen: what was lost must not scroll away behind it
    return EXIT_BAD_INPUT if live.run.lost else played


def _bind_seats(args: argparse.Namespace, command: str) -> socket.socket:
    """The seats' port, taken before the journal is made or resumed: a busy port is said at once,
    and nothing is written."""
    from crisissim.exercise.serve import beyond_loopback
    from crisissim.web.server import PortBusy, bind

    try:
        sock = bind(args.host or DEFAULT_HOST, DEFAULT_PORT if args.port is None else args.port)
    except PortBusy as exc:
        raise BadInput(
            f"crisissim: error: {command}: cannot serve seats on {exc.strerror}; "
            "is another crisissim serve running? Stop it, or choose another --port"
        ) from None
    if beyond_loopback(args.host or DEFAULT_HOST):
        print(
            f"warning: seats are served on {args.host}, beyond this machine. The join codes are the only guard "
            "and traffic is not encrypted: put a TLS proxy in front, and share the codes in person.",
            file=sys.stderr,
        )
    return sock


def _play_served(
    args: argparse.Namespace, live: LiveRun, sock: socket.socket, *, resumed: bool, language: str | None
) -> int:
    """The console with its seats: the desk, the seat server on ``sock``, the clock's notes."""
    from crisissim.exercise.addresses import seat_urls
    from crisissim.exercise.serve import ClockNotes, seat_desk
    from crisissim.web.server import serve_seats

    desk = seat_desk(live.run, resumed=resumed)
    notes = ClockNotes(live.run.journal)
    host, port = args.host or DEFAULT_HOST, DEFAULT_PORT if args.port is None else args.port
    notes.note(live.run.engine.now, live.speed, True)  # before a seat can ask: it never runs past the console
    server = serve_seats(str(live.run.journal.location), sock, language, proxies=args.proxy or "")
    urls = seat_urls(host, port)  # on 0.0.0.0: this machine's own addresses, which others can open
    again = ", the codes given before still work" if resumed else ""
    print(f"seats: {', '.join(urls)} (codes: press j in the console{again})")
    try:
        return _play_on_screen(
            live.run,
            speed=live.speed,
            language=language,
            roles=live.roles,
            desk=desk,
            seat_urls=urls,
            seats=server.summary,
            notes=notes,
            resumed_seats=resumed,
        )
    finally:
        server.stop()


def _serve_resumed(args: argparse.Namespace, command: str) -> int:
    """``serve --resume JOURNAL`` and ``resume`` of a served journal: the console goes on where the
    seats' clocks were, paused, and serves the seats again; they carry on without a new code."""
    from crisissim.exercise.live import resume_live
    from crisissim.exercise.serve import resume_seats_clock, served

    sock = _bind_seats(args, command)
    try:
        live = resume_live(args.resume if command == "serve" else args.journal, roles=getattr(args, "roles", None))
    except BaseException:
        sock.close()
        raise
    if not served(live.run.journal):
        live.run.journal.close()
        sock.close()
        raise BadInput(
            f"crisissim: error: serve: {live.run.journal.location} was not served (crisissim run made it): "
            "continue it with crisissim resume"
        )
    _say_lost(live.run)
    at = resume_seats_clock(live.run)
    print(f"journal: {live.run.journal.location} (resumed at {_offset(at)}, paused)")
    played = _play_served(args, live, sock, resumed=True, language=args.lang)
    _say_lost(live.run)
    return EXIT_BAD_INPUT if live.run.lost else played


def cmd_engine(args: argparse.Namespace) -> int:
    """One team's engine, headless, until SIGTERM or ctrl-c (``serve --teams`` starts one per team)."""
    from crisissim.exercise.team_engine import open_team_engine, run_team_engine

    team = open_team_engine(args.journal)
    _say_lost(team.run)
    where = team.run.journal.location
    print(f"engine: team {team.team or '-'}, journal {where} (at {_offset(team.run.engine.now)}, paused)", flush=True)
    run_team_engine(team)
    print(f"engine: team {team.team or '-'} stopped at {_offset(team.run.engine.now)}", flush=True)
    return EXIT_OK


def _serve_teams(args: argparse.Namespace) -> int:
    """``serve SCENARIO --teams a,b,c --journal BASE``, and ``serve --resume TEAM_JOURNAL``: every
    team's engine as a process, the seats' server for all, and the control cell here."""
    from crisissim.exercise.serve import seat_url
    from crisissim.exercise.teams import read_teams
    from crisissim.exercise.teams_live import (
        EngineProcess,
        SeatsProcess,
        existing_teams,
        log_path,
        make_team_journals,
        seats_args,
    )

    host, port = args.host or DEFAULT_HOST, DEFAULT_PORT if args.port is None else args.port
    teams: list[TeamJournal]
    if args.resume:
        teams = existing_teams(args.resume)
        seats_at = args.resume  # one team's journal: the seats' server finds all its teams from it
        print(f"exercise: {len(teams)} teams, from {args.resume}")
    else:
        plan = read_teams(args.teams, args.teams_file, "serve")
        base = args.journal
        if not base:
            from crisissim.exercise.checks import checked_scenario
            from crisissim.exercise.runs import default_journal_path

            base = str(default_journal_path(checked_scenario(args.scenario).scenario.id))
        teams = make_team_journals(args.scenario, plan, base, seed=args.seed, speed=args.speed)
        seats_at = base
        for team in teams:
            print(f"team {team.name}: journal {team.location}")
            for role, code in team.codes.items():
                print(f"  {role}: {code}")
    engines = {t.name: EngineProcess(t.name, t.location, log_path(t.location, t.name)) for t in teams}
    for engine in engines.values():
        engine.start()
    names = [t.name for t in teams]
    seats = SeatsProcess(seats_args(seats_at, [] if args.resume else names, host, port, args.workers, args.proxy))
    served = seats.start(log_path(teams[0].location, "seats").with_name("seats.log"))
    if served:
        print(f"seats: {seat_url(host, port)}/ (every team; a participant types their role's code)")
    else:
        print("seats: not served: this crisissim has no 'crisissim seats' command yet", file=sys.stderr)
    try:
        return _control_cell(args, teams, engines, f"{seat_url(host, port)}/" if served else None)
    finally:
        seats.stop()
        for engine in engines.values():
            engine.stop()
        print(f"paused; continue every team with: crisissim serve --resume {_shell(teams[0].location)}")


def _shell(location: str) -> str:
    from crisissim.journal.backends import shell_location

    return shell_location(location)


def _control_cell(
    args: argparse.Namespace,
    teams: Sequence[TeamJournal],
    engines: Mapping[str, EngineProcess],
    seats_url: str | None,
) -> int:
    """The control cell's screen over ``teams``; Textual is imported only here."""
    from crisissim.journal import JournalError
    from crisissim.tui.control.app import ControlApp
    from crisissim.tui.control.watch import watch_team
    from crisissim.tui.labels import Labels

    watches = []
    try:
        for team in teams:
            engine = engines.get(team.name)
            try:
                watches.append(watch_team(team.name, team.location, args.lang or team.language, engine, team.codes))
            except JournalError as exc:
                raise BadInput(str(exc)) from None
        labels = Labels(args.lang or watches[0].scenario.language)
        exercise = watches[0].journal.meta.get("exercise", "") or watches[0].name
        ControlApp(watches, labels, exercise, seats_url).run()
    finally:
        for watch in watches:
            watch.close()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from crisissim.exercise.live import start_live

    if args.teams or args.teams_file:
        if args.resume:
            raise BadInput(
                "crisissim: error: serve: --resume TEAM_JOURNAL finds the exercise's teams from the journal; "
                "drop --teams and --teams-file"
            )
        return _serve_teams(args)
    if args.workers is not None:
        raise BadInput("crisissim: error: serve: --workers is for an exercise of many teams (--teams)")
    if args.resume and _team_journal(args.resume):
        if args.scenario or args.seed is not None or args.speed is not None or args.journal:
            raise BadInput(
                "crisissim: error: serve: --resume continues with the journal's own scenario, seed, speed and file; "
                "drop SCENARIO, --seed, --speed and --journal"
            )
        return _serve_teams(args)
    if args.resume:
        if args.scenario or args.seed is not None or args.speed is not None or args.journal:
            raise BadInput(
                "crisissim: error: serve: --resume continues with the journal's own scenario, seed, speed and file; "
                "drop SCENARIO, --seed, --speed and --journal"
            )
        return _serve_resumed(args, "serve")
    bound: list[socket.socket] = []

    def bind_before_journal(_scenario: Scenario) -> None:
        """The port is taken before the journal is made: a busy port is said at once, and no journal is left behind."""
        bound.append(_bind_seats(args, "serve"))

    live = start_live(
        args.scenario,
        mode="serve",
        seed=args.seed,
        speed=args.speed,
        journal=args.journal or None,
        before_journal=bind_before_journal,
    )
    return _play_served(args, live, bound[0], resumed=False, language=args.lang)


def _team_journal(location: str) -> bool:
    """Whether ``location`` is a team's journal of a many-team exercise (its resume opens the control cell)."""
    from crisissim.exercise.teams import team_of
    from crisissim.journal import JournalError, open_store

    try:
        with open_store(location, readonly=True) as peek:
            return team_of(peek.meta) is not None
    except JournalError:
        return False  # the single-team resume says what is wrong with it


def cmd_seat(args: argparse.Namespace) -> int:
    from crisissim.exercise.seat_client import SeatClient, SeatUnreachable
    from crisissim.tui.seat import SeatApp

    try:
        client = SeatClient(args.url, args.role)
    except SeatUnreachable as exc:
        raise BadInput(f"crisissim: error: seat: {exc}") from None
    try:
        SeatApp(client, args.role, args.lang).run()
    finally:
        client.close()
    return EXIT_OK


def cmd_room(args: argparse.Namespace) -> int:
    from crisissim.exercise.room import open_room
    from crisissim.tui.room import RoomApp

    room = open_room(args.journal)
    try:
        RoomApp(room, args.lang).run()
    finally:
        room.close()
    return EXIT_OK


def cmd_import_msel(args: argparse.Namespace) -> int:
    from crisissim.exercise.checks import check_text
    from crisissim.scenario.msel_import import import_msel

    target = Path(args.output)
    if target.exists() and not args.force:
        raise BadInput(f"{target}: error: file: already exists; choose another -o or add --force (nothing was written)")
    try:
        result = import_msel(args.file, scenario_id=args.id, language=args.lang)
    except ValueError as exc:
        raise BadInput(f"crisissim: error: import-msel: {exc}") from None
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.text:
        return EXIT_BAD_INPUT
    loaded = check_text(result.text, str(target))  # checked before it is written, not after
    for problem in loaded.problems:
        print(problem, file=sys.stderr)
    if loaded.errors:
        print(f"{target}: error: file: the imported scenario would not validate; nothing was written", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        target.write_text(result.text, encoding="utf-8")
    except OSError as exc:
        raise _unwritable(target, exc) from None
    left_out = sum(1 for p in result.problems if p.is_error)
    skipped = f", {left_out} row(s) left out" if left_out else ""
    print(f"{target}: {result.rows} events imported{skipped}; check it with: crisissim validate --strict {target}")
    return EXIT_BAD_INPUT if left_out else EXIT_OK


REPORT_FORMATS = ("html", "md", "json")
#: ``crisissim report`` writes for paper too (docs/debrief.md, "On paper").
PRINTED_FORMATS = (*REPORT_FORMATS, "pdf")


def _emit(text: str | bytes) -> None:
    """A report on stdout: text as text, a PDF as its bytes."""
    if isinstance(text, str):
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(text)


def _write_report(journal_path: Path | str, output: str | None, fmt: str | None, anonymous: bool = False) -> int:
    """The report, to stdout or a file; a journal's problems (lost records, a broken chain) on stderr, exit 2."""
    from crisissim.exercise.reports import render_report, report_format, save_report

    fmt = report_format(output, fmt, printed=True)
    if output == "-":
        report = render_report(journal_path, fmt, anonymous=anonymous)
        _emit(report.text)
    else:
        report = save_report(journal_path, output, fmt, anonymous=anonymous)
    for line in report.problems:
        print(line, file=sys.stderr)
    if report.path is not None:
        left_out = (
            " (what could be read; the journal's problems are above and in the report)" if report.problems else ""
        )
        print(f"report: {report.path}{left_out}")
    return EXIT_BAD_INPUT if report.problems else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    if args.teams is not None:
        if args.whatif:
            raise BadInput(
                "crisissim: error: report: --whatif is for one team's journal; drop --teams, or name one team's journal"
            )
        from crisissim.cli_teams import write_teams_report

        return write_teams_report(
            args.journal, args.output, args.format, teams=args.teams or None, anonymous=args.anonymise
        )
    if args.whatif:
        from crisissim.exercise.whatif import parse_group

        groups: list[list[Change]] = []
        problems: list[str] = []
        for n, text in enumerate(args.whatif, 1):
            try:
                groups.append(parse_group(text, f"--whatif #{n}"))
            except BadInput as exc:
                problems.extend(exc.lines)
        if problems:
            raise BadInput(*problems)
        return _write_whatif(args.journal, groups, args.output, args.format, args.anonymise)
    return _write_report(args.journal, args.output, args.format, args.anonymise)


def cmd_whatif(args: argparse.Namespace) -> int:
    from crisissim.exercise.whatif import changes_from

    changes = changes_from(args.move or (), args.drop or (), args.add or (), args.choose or ())
    if not changes:
        raise BadInput("crisissim: error: whatif: give at least one change: --move, --drop, --add or --choose")
    return _write_whatif(args.journal, [changes], args.output, args.format, False, keep=args.keep)


def _write_whatif(
    journal: str,
    groups: Sequence[Sequence[Change]],
    output: str | None,
    fmt: str | None,
    anonymous: bool,
    keep: str | None = None,
) -> int:
    """The debrief with its what-ifs, to stdout or a file; a Rich progress bar on stderr while
    each what-if plays, when stderr is a terminal."""
    from contextlib import ExitStack

    from crisissim.exercise.reports import report_format
    from crisissim.exercise.whatif import whatif_report

    fmt = report_format(output, fmt)
    with ExitStack() as stack:
        progress = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            bar = stack.enter_context(
                Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    TextColumn("{task.fields[at]}"),
                    TimeElapsedColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
            )

            def progress(n: int) -> Callable[[float, float], None]:
                task = bar.add_task(f"what if {n}: replaying", total=1.0, at="T+0:00")

                def tell(now: float, duration: float) -> None:
                    done = now >= duration  # then it is folded and compared, which the bar says
                    what = f"what if {n}: {'comparing' if done else 'replaying'}"
                    bar.update(task, completed=now / duration if duration else 1.0, at=_offset(now), description=what)

                return tell

        report = whatif_report(journal, groups, fmt, output, anonymous=anonymous, journal=keep, progress=progress)
    if report.path is None:
        _emit(report.text)
    for line in report.problems:
        print(line, file=sys.stderr)
    if report.path is not None:
        print(f"report: {report.path}")
    if keep:
        print(f"what-if journal: {keep}")
    return EXIT_BAD_INPUT if report.problems else EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from crisissim.exercise.verify import NO_CHAIN, verify_journal

    report = verify_journal(args.journal)
    verdict = report.verdict
    if not verdict.chained:
        print(f"{report.location}: error: journal: {NO_CHAIN}", file=sys.stderr)
    for line in report.problems:
        print(line, file=sys.stderr)
    if not verdict.intact:
        return EXIT_BAD_INPUT
    print(
        f"{report.location}: intact: {verdict.records} records, each chained to the one before "
        f"and the first to the journal's meta; last hash {verdict.head or '(none: no records)'}"
    )
    return EXIT_OK


# parser -----------------------------------------------------------------------------------------


#: The bounds of --speed, --seed and --port; the scenario format holds speeds and seeds to the same
#: (crisissim.scenario.model's MAX_SPEED and MAX_SEED, not imported here: --help must stay quick).
MAX_SPEED = 100_000.0
MAX_SEED = 2**63 - 1


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{one_line(text, 60)}' is not a number; --speed takes simulated seconds per wall second, e.g. 60"
        ) from None
    if not value > 0:
        raise argparse.ArgumentTypeError("--speed must be more than 0")
    if not value <= MAX_SPEED:
        raise argparse.ArgumentTypeError(
            f"--speed is at most {MAX_SPEED:g} (more than a day of the exercise each second)"
        )
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{one_line(text, 60)}' is not a whole number; --seed takes one, e.g. 7"
        ) from None
    if not -MAX_SEED <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"--seed is a whole number from {-MAX_SEED} to {MAX_SEED}")
    return value


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= workers <= 64:
        raise argparse.ArgumentTypeError(f"{workers} workers: from 1 to 64")
    return workers


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{one_line(text, 60)}' is not a port number, e.g. 8000") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("--port is a number from 1 to 65535")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, with what it echoes of the command line (an unknown choice, a stray argument)
    escaped and cut to a line like every other message."""

    def error(self, message: str) -> NoReturn:
        super().error(one_line(message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crisissim",
        description="Data-breach crisis exercises, staged from a terminal.",
        epilog="SCENARIO is a YAML file or the id of a built-in scenario (crisissim list).",
    )
    parser.add_argument("--version", action="version", version=f"crisissim {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    command("list", cmd_list, "the built-in scenarios: id, title, language, duration")

    p = command("validate", cmd_validate, "check scenario files; nothing else happens")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario files, folders or built-in ids (default: the built-in library)",
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = command("timeline", cmd_timeline, "the MSEL as a table")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="file or built-in id (default: the default)")
    p.add_argument("--csv", metavar="FILE", help="write the MSEL in spreadsheet columns ('-' for stdout)")
    p.add_argument("--seed", type=_seed, help="seed for generated names (default: the scenario's)")
    p.add_argument("--paths", action="store_true", help="every branch path, with its length in simulated and wall time")

    def live_exercise(p: argparse.ArgumentParser) -> None:
        """What `run` and `serve` both take."""
        p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="file or built-in id (default: the default)")
        p.add_argument("--seed", type=_seed, help="seed for generated content (default: the scenario's)")
        p.add_argument(
            "--speed", type=_speed, metavar="X", help="simulated seconds per wall second (default: scenario)"
        )
        p.add_argument("--journal", metavar="FILE", help="where to journal (default: runs/<id>-<time>.sqlite)")
        p.add_argument("--lang", choices=("en", "nl"), help="screen labels (default: the scenario's language)")

    p = command("run", cmd_run, "the exercise in this terminal (the main job)")
    live_exercise(p)
    p.add_argument("--roles", metavar="a,b", help="only these roles' panes")

    def seat_options(p: argparse.ArgumentParser) -> None:
        """Where the seats are served: what `serve` and `resume` (of a served exercise) take."""
        p.add_argument("--host", help=f"where seats are served (default: {DEFAULT_HOST}, this machine only)")
        p.add_argument("--port", type=_port, help=f"the seats' port (default: {DEFAULT_PORT})")
        p.add_argument(
            "--proxy",
            metavar="ADDR[,ADDR]",
            help="the TLS proxy in front of the seats: its X-Forwarded-For and -Proto are believed (default: nobody's)",
        )

    p = command("resume", cmd_resume, "continue an interrupted exercise in the terminal (a served one with its seats)")
    p.add_argument("journal", metavar="JOURNAL")
    p.add_argument("--roles", metavar="a,b", help="only these roles' panes")
    p.add_argument("--lang", choices=("en", "nl"), help="screen labels (default: the scenario's language)")
    seat_options(p)

    p = command("serve", cmd_serve, "the facilitator console here, role seats in browsers")
    live_exercise(p)
    seat_options(p)
    p.add_argument(
        "--resume",
        metavar="JOURNAL",
        help="continue an interrupted served exercise, with its seats (their codes and tokens still work); "
        "a team's journal: every team of its exercise, in the control cell",
    )
    p.add_argument("--teams", metavar="a,b,c", help="many teams, one engine each, and the control cell here")
    p.add_argument("--teams-file", metavar="FILE", help="the teams in a file: names, languages, seeds")
    p.add_argument("--workers", type=_workers, metavar="N", help="seat server workers, for many teams")

    p = command("engine", cmd_engine, "one team's engine, headless, for its journal (serve --teams starts them)")
    p.add_argument("journal", metavar="TEAM_JOURNAL")

    p = command("seat", cmd_seat, "a role's seat in this terminal, for an exercise being served")
    p.add_argument("url", metavar="URL", help="where the exercise's seats are served, e.g. http://127.0.0.1:8000/")
    p.add_argument("--role", metavar="ROLE", help="the role to join as (its code is asked)")
    p.add_argument("--lang", choices=("en", "nl"), help="screen labels (default: the scenario's language)")

    p = command("room", cmd_room, "the room screen for the participants, following a running exercise's journal")
    p.add_argument("journal", metavar="JOURNAL")
    p.add_argument("--lang", choices=("en", "nl"), help="screen labels (default: the scenario's language)")

    p = command("simulate", cmd_simulate, "play a scenario headless, as fast as possible or paced with --speed")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="file or built-in id")
    p.add_argument(
        "--playbook",
        metavar="FILE",
        action="append",
        help="scripted team actions (see docs/playbooks.md); with --teams, TEAM=FILE for one team, repeatable",
    )
    p.add_argument("--seed", type=_seed, help="seed for generated content (default: the scenario's)")
    p.add_argument("--speed", type=_speed, metavar="X", help="pace at X simulated seconds per wall second")
    p.add_argument("--journal", metavar="FILE", help="where to journal (default: runs/<id>-<time>.sqlite)")
    p.add_argument("--report", metavar="FILE", help="write the debrief when done (format from the extension)")
    p.add_argument("--resume", metavar="JOURNAL", help="continue an interrupted run from its journal")
    p.add_argument(
        "--teams", metavar="a,b,c", help="every team plays the scenario into its own journal (docs/teams.md)"
    )
    p.add_argument("--teams-file", metavar="FILE", help="the teams, their languages and seeds (docs/teams.md)")

    p = command("report", cmd_report, "the debrief of a journal")
    p.add_argument("journal", metavar="JOURNAL")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it ('-' for stdout; default reports/)")
    p.add_argument("--format", choices=PRINTED_FORMATS, help="default: from the file's extension, else html")
    p.add_argument("--anonymise", action="store_true", help="participants' names give way to their roles")
    p.add_argument(
        "--teams",
        nargs="?",
        const="",
        metavar="a,b,c",
        help="the comparative report of a many-team exercise: JOURNAL is its --journal or any team's (docs/teams.md)",
    )
    p.add_argument(
        "--whatif",
        action="append",
        metavar="CHANGES",
        help="add a what-if, its changes in one argument as for `crisissim whatif` "
        '(e.g. "--move statement#1=-1h"); repeat for each what-if (see docs/debrief.md)',
    )

    p = command("whatif", cmd_whatif, "replay a finished exercise with changes, and report what would have followed")
    p.add_argument("journal", metavar="JOURNAL")
    p.add_argument("--move", action="append", metavar="ACTION=TIME", help="e.g. statement#1=T+0:40, or =-1h / =+30m")
    p.add_argument("--drop", action="append", metavar="ACTION", help="e.g. choose#2: never taken")
    p.add_argument("--add", action="append", metavar="STEP", help="a playbook step, e.g. '{at: 2h, role: comms, ...}'")
    p.add_argument("--choose", action="append", metavar="EVENT=OPTION", help="e.g. ransom-demand=pay")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it ('-' for stdout; default reports/)")
    p.add_argument("--format", choices=REPORT_FORMATS, help="default: from the file's extension, else html")
    p.add_argument(
        "--journal", dest="keep", metavar="FILE", help="keep the what-if's journal here (default: none kept)"
    )

    p = command("verify", cmd_verify, "whether a journal is as it was written: its hash chain, record by record")
    p.add_argument("journal", metavar="JOURNAL")

    p = command("import-msel", cmd_import_msel, "a spreadsheet MSEL (CSV or XLSX) to a scenario")
    p.add_argument("file", metavar="FILE", help="the MSEL: .csv or .xlsx")
    p.add_argument("-o", "--output", metavar="SCENARIO.yaml", required=True, help="the scenario file to write")
    p.add_argument("--id", help="the scenario's id (default: from the file name)")
    p.add_argument("--lang", choices=("en", "nl"), help="the scenario's language (default: from the headers)")
    p.add_argument("--force", action="store_true", help="overwrite SCENARIO.yaml if it exists")

    p = command("new", cmd_new, "a new scenario file to start from")
    p.add_argument("id", metavar="ID", help="the new scenario's id, e.g. water-utility-leak")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: ID.yaml)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if not handler:
        parser.print_help()
        return EXIT_OK
    try:
        return handler(args)
    except BadInput as exc:
        for line in exc.lines:
            print(one_line(line), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        print(
            one_line(f"crisissim: error: {type(exc).__name__}: {exc}") + " (run with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED
