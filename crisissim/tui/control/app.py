"""The control cell: every team of a many-team exercise on one screen, paced and steered from here.

``crisissim serve SCENARIO --teams a,b,c`` opens it. It plays no team: each team's engine is a
process of its own (``crisissim engine``), and the control cell follows each team's journal
(:mod:`crisissim.tui.control.watch`) and asks its engine through control requests. So a key here
does to a team exactly what the same key does at a single team's console, and the team's journal
says so in the same records.

The table shows each team's clock, the regulator's clocks, expectations met and missed, its storm,
pending decisions, flags, whether its engine plays and how many seats are in. Keys pace all teams
(space, + -) or the selected one (s, > <, n), broadcast an inject to all teams or some (b), drill
into one team (enter) and start a dead engine again (r).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from crisissim.i18n import NP_
from crisissim.journal import JournalError
from crisissim.journal import records as rec
from crisissim.tui.control.watch import TeamWatch
from crisissim.tui.formspecs import flag_form, inject_form
from crisissim.tui.labels import Labels, speak_keys
from crisissim.tui.screens.forms import ConfirmScreen, Field, FormScreen
from crisissim.tui.screens.main import SPEEDS
from crisissim.tui.widgets.feed import FeedPanel
from crisissim.tui.widgets.msel import MselPanel
from crisissim.tui.widgets.sent import sent_line
from crisissim.tui.widgets.status_bar import StatusBar, clock_text

REFRESH_S = 0.5
"""How often the control cell reads the teams' journals: the engines note their clocks every half second."""
DEADLINE_ID = 18
"""The most of a clock's id the table shows beside its time left."""
COLUMNS = ("team", "clock", "engine", "speed", "expectations", "decisions", "clocks", "storm", "flags", "seats")
"""The table's columns, what a control cell looks at first on the left (80 columns show the first six)."""


def next_speed(rate: float, step: int) -> float:
    """One step up or down the console's ladder of speeds from ``rate``."""
    ladder = sorted(set(SPEEDS) | {rate})
    return float(ladder[max(0, min(len(ladder) - 1, ladder.index(rate) + step))])


def ask_team(app: App[Any], team: TeamWatch, control: str, fields: dict[str, Any] | None = None) -> bool:
    """Ask a team's engine; a journal that cannot be written is said on screen (False), never a crash."""
    try:
        team.ask(control, fields)
    except JournalError as exc:
        app.notify(str(exc), title=team.labels.refused, severity="error")
        return False
    return True


class TeamsTable(DataTable[Text]):
    """One row per team: what the control cell watches (read from each team's read model only)."""

    def __init__(self, teams: Sequence[TeamWatch], labels: Labels, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.teams = list(teams)
        self.labels = labels
        self._shown: dict[str, tuple[Text, ...]] = {}

    def on_mount(self) -> None:
        _ = self.labels.gettext
        heads = {
            "team": _("Team"),
            "clock": _("Clock"),
            "speed": _("Speed"),
            "clocks": _("Deadlines"),
            "expectations": _("Met/missed"),
            "storm": _("Storm"),
            "decisions": _("Decisions"),
            "flags": _("Flags"),
            "engine": _("Engine"),
            "seats": _("Seats"),
        }
        for key in COLUMNS:
            self.add_column(heads[key], key=key)
        for team in self.teams:
            self.add_row(*self.cells(team), key=team.name)

    def cells(self, team: TeamWatch) -> tuple[Text, ...]:
        """A team's row, in the order of :data:`COLUMNS`."""
        labels, view = self.labels, team.view
        _ = labels.gettext
        state = labels.ended if view.ended else labels.paused if view.paused else labels.running
        style = "dim" if view.ended else "yellow" if view.paused else "green"
        clock = Text(f"T+{clock_text(view.now)} ")
        clock.append(state, style=style)
        deadlines = Text()
        running = sorted(team.running_clocks, key=lambda pair: pair[1])
        if running:  # the most urgent, and how many more run: the drill-in shows them all
            clock_id, left = running[0]
            deadlines.append(
                f"{clock_id[:DEADLINE_ID]} {'-' if left < 0 else ''}{clock_text(abs(left))}",
                style="bold red" if left < 0 else "",
            )
            if len(running) > 1:
                deadlines.append(f" +{len(running) - 1}", style="dim")
        met, missed = team.expectations
        expectations = Text(f"{met}")
        expectations.append("/")
        expectations.append(f"{missed}", style="bold red" if missed else "")
        storm = team.storm
        storm_text = (
            Text("—", style="dim")
            if storm is None
            else Text(_("mood {mood:+.1f}, {posts}/min").format(mood=storm[0], posts=storm[1]))
        )
        decisions = len(team.pending_decisions)
        if team.alive:
            engine = Text(_("plays"), style="green")
        elif team.starting:
            engine = Text(_("starting"), style="yellow")
        else:
            engine = Text(_("STOPPED"), style="bold red")
        return (
            Text(team.name, style="bold"),
            clock,
            engine,
            Text(f"{view.rate:g}×"),
            expectations,
            Text(str(decisions), style="bold yellow" if decisions else ""),
            deadlines or Text("—", style="dim"),
            storm_text,
            Text(", ".join(sorted(view.flags)) or "—", style="" if view.flags else "dim"),
            Text(str(team.seats)),
        )

    def refresh_rows(self) -> None:
        for team in self.teams:
            cells = self.cells(team)
            if self._shown.get(team.name) == cells:
                continue
            self._shown[team.name] = cells
            for key, cell in zip(COLUMNS, cells, strict=True):
                self.update_cell(team.name, key, cell, update_width=True)

    @property
    def selected(self) -> TeamWatch | None:
        if not self.teams:
            return None
        return self.teams[max(0, min(self.cursor_row, len(self.teams) - 1))]


def control_bindings(labels: Labels) -> list[Binding]:
    """The control cell's keys, described in its language."""
    _ = labels.gettext
    return [
        Binding("space", "pace_all", _.pgettext("key", "Pause/resume all")),
        Binding("s", "pace_one", _.pgettext("key", "Pause/resume team")),
        Binding("plus,equals_sign", "speed_all(1)", _.pgettext("key", "All faster")),
        Binding("minus", "speed_all(-1)", _.pgettext("key", "All slower")),
        Binding("greater_than_sign", "speed_one(1)", _.pgettext("key", "Team faster"), show=False),
        Binding("less_than_sign", "speed_one(-1)", _.pgettext("key", "Team slower"), show=False),
        Binding("n", "advance", _.pgettext("key", "Team: next inject"), show=False),
        Binding("b", "broadcast", _.pgettext("key", "Broadcast")),
        Binding("enter", "drill", _.pgettext("key", "Open team")),
        Binding("r", "restart", _.pgettext("key", "Restart engine")),
        Binding("j", "codes", _.pgettext("key", "Codes")),
    ]


class ControlScreen(Screen[None]):
    """The teams' table; made by :func:`control_screen`, which gives it its keys."""

    def __init__(self, teams: Sequence[TeamWatch], labels: Labels, exercise: str, seats_url: str | None) -> None:
        super().__init__()
        self.teams = list(teams)
        self.labels = labels
        self.exercise = exercise
        self.seats_url = seats_url

    def compose(self) -> ComposeResult:
        _ = self.labels.gettext
        title = _("Control cell: {exercise}, {count} teams").format(exercise=self.exercise, count=len(self.teams))
        yield Static(title, id="control-title", classes="panel-title")
        yield TeamsTable(self.teams, self.labels, id="teams")
        yield Static(
            _("space all · s team · + - all · > < team · n next · b broadcast · enter open · r restart · j codes"),
            id="control-keys",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TeamsTable).focus()

    @property
    def table(self) -> TeamsTable:
        return self.query_one(TeamsTable)

    def refresh_state(self) -> None:
        self.table.refresh_rows()

    def _live(self, teams: Iterable[TeamWatch]) -> list[TeamWatch]:
        return [t for t in teams if not t.view.ended]

    # pace -----------------------------------------------------------------------------------------

    def action_pace_all(self) -> None:
        """Space: pause every running team; if none runs, start every team together."""
        live = self._live(self.teams)
        running = [t for t in live if not t.view.paused]
        if running:
            for team in running:
                ask_team(self.app, team, rec.Pace.PAUSE)
        else:
            for team in live:
                ask_team(self.app, team, rec.Pace.RESUME)

    def action_pace_one(self) -> None:
        team = self.table.selected
        if team is None or team.view.ended:
            return
        ask_team(self.app, team, rec.Pace.RESUME if team.view.paused else rec.Pace.PAUSE)

    def action_speed_all(self, step: int) -> None:
        for team in self._live(self.teams):
            ask_team(self.app, team, rec.Pace.SPEED, {"speed": next_speed(team.view.rate, step)})

    def action_speed_one(self, step: int) -> None:
        team = self.table.selected
        if team is not None and not team.view.ended:
            ask_team(self.app, team, rec.Pace.SPEED, {"speed": next_speed(team.view.rate, step)})

    def action_advance(self) -> None:
        team = self.table.selected
        if team is not None and not team.view.ended:
            ask_team(self.app, team, rec.Pace.ADVANCE)

    # broadcast, drill-in, restart -----------------------------------------------------------------

    def action_broadcast(self) -> None:
        """b: an ad-hoc inject (title, body, to which roles) to every team ticked."""
        if not self.teams:
            return
        _ = self.labels.gettext
        spec = inject_form(self.labels, self.teams[0].scenario)
        names = [(t.name, t.name) for t in self.teams]
        spec.fields.insert(
            0, Field("teams", _("Teams"), "", "checks", choices=names, value=[t.name for t in self.teams])
        )
        spec.title = _("Broadcast an inject")

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            chosen = set(values.pop("teams", []))
            fields = {k: v for k, v in values.items() if v not in ("", [])}
            sent = [
                t.name for t in self._live(self.teams) if t.name in chosen and ask_team(self.app, t, "inject", fields)
            ]
            if sent:
                self.app.notify(_("Inject sent to {teams}").format(teams=", ".join(sent)), timeout=4)

        self.app.push_screen(FormScreen(spec, self.labels), done)

    def action_drill(self) -> None:
        team = self.table.selected
        if team is not None:
            self.app.push_screen(team_screen(team))

    def on_data_table_row_selected(self, _message: DataTable.RowSelected) -> None:
        self.action_drill()

    def action_codes(self) -> None:
        """j: every team's join codes, for the facilitator to hand out (only this screen shows them)."""
        self.app.push_screen(TeamCodesScreen(self.teams, self.labels, self.seats_url))

    def action_restart(self) -> None:
        """r: start the selected team's engine again, if it is not playing (it resumes, paused)."""
        team = self.table.selected
        _ = self.labels.gettext
        if team is None:
            return
        if team.alive:
            self.app.notify(_("{team}'s engine is playing.").format(team=team.name), timeout=4)
            return
        if team.engine is None:
            self.app.notify(
                _("{team}'s engine was not started from here: run crisissim engine on its journal.").format(
                    team=team.name
                ),
                severity="warning",
            )
            return
        team.engine.start()
        self.app.notify(_("{team}'s engine is starting again, paused.").format(team=team.name), timeout=4)


def control_screen(teams: Sequence[TeamWatch], labels: Labels, exercise: str, seats_url: str | None) -> ControlScreen:
    cls = type("ControlScreen", (ControlScreen,), {"BINDINGS": control_bindings(labels)})
    screen: ControlScreen = cls(teams, labels, exercise, seats_url)
    return screen


class TeamCodesScreen(ModalScreen[None]):
    """Every team's join codes and where the seats are served: a participant opens the address and
    types their role's code, which tells the seats' server their team too."""

    BINDINGS = [Binding("escape,j", "close", NP_("key", "Close"))]

    def __init__(self, teams: Sequence[TeamWatch], labels: Labels, seats_url: str | None) -> None:
        super().__init__(classes="form-screen")
        self.teams = list(teams)
        self.labels = labels
        self.seats_url = seats_url
        speak_keys(self, labels)

    def compose(self) -> ComposeResult:
        _ = self.labels.gettext
        text = Text()
        if self.seats_url:
            text.append(_("Seats: {url}").format(url=self.seats_url) + "\n\n", style="bold")
        else:
            text.append(_("The seats are not served from here.") + "\n\n", style="yellow")
        for team in self.teams:
            text.append(_("Team {team}").format(team=team.name) + "\n", style="bold")
            if not team.codes:
                text.append("  " + _("the codes given before the restart still work") + "\n", style="dim")
            for role, code in team.codes.items():
                name = team.scenario.roles[role].name if role in team.scenario.roles else role
                text.append(f"  {name}: ")
                text.append(code, style="bold cyan")
                text.append("\n")
        with VerticalScroll(classes="form"):
            yield Static(_("Join codes"), classes="form-title")
            yield Static(text, id="team-codes")

    def action_close(self) -> None:
        self.dismiss(None)


class TeamActions(VerticalScroll):
    """What the team did (decisions, statements, filings ...), newest first: the read model's actions."""

    def __init__(self, team: TeamWatch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.team = team
        self._count = -1

    def compose(self) -> ComposeResult:
        yield Static(self.team.labels.team_log, classes="panel-title")
        yield Static(id="team-done")

    def refresh_state(self) -> None:
        actions = self.team.view.actions
        if len(actions) == self._count:
            return
        self._count = len(actions)
        text = Text()
        for item in reversed(actions):
            if item.role in self.team.scenario.roles:
                text.append_text(sent_line(self.team, item, with_role=True))
                text.append("\n")
        self.query_one("#team-done", Static).update(text or Text("—", style="dim"))


def team_bindings(labels: Labels) -> list[Binding]:
    _ = labels.gettext
    return [
        Binding("escape", "close", _.pgettext("key", "Back")),
        Binding("space", "pace", labels.key_pause),
        Binding("n", "advance", labels.key_next),
        Binding("f", "fire", _.pgettext("key", "Fire")),
        Binding("k", "skip", _.pgettext("key", "Skip")),
        Binding("i", "inject", _.pgettext("key", "Inject")),
        Binding("x", "flag", _.pgettext("key", "Flag")),
        Binding("e", "end", labels.key_endex),
    ]


class TeamScreen(Screen[None]):
    """One team's full state (its clocks, its MSEL, what it did, its feed); its facilitator's
    commands go to its engine as control requests. Made by :func:`team_screen`."""

    def __init__(self, team: TeamWatch) -> None:
        super().__init__()
        self.team = team

    def compose(self) -> ComposeResult:
        _ = self.team.labels.gettext
        yield Static(_("Team {team}").format(team=self.team.name), classes="panel-title", id="team-title")
        yield StatusBar(self.team, id="status")
        with Horizontal(id="team-body"):
            yield MselPanel(self.team, id="msel", classes="area")
            with Vertical(id="team-middle", classes="area"):
                yield TeamActions(self.team, id="team-actions")
            yield FeedPanel(self.team, id="feed", classes="area")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#msel-table").focus()
        self.refresh_state()

    def refresh_state(self) -> None:
        self.query_one(StatusBar).refresh_if_changed()
        self.query_one(MselPanel).refresh_state()
        self.query_one(TeamActions).refresh_state()
        self.query_one(FeedPanel).refresh_state()

    def _ask(self, control: str, fields: dict[str, Any] | None = None) -> None:
        if self.team.view.ended:
            self.app.notify(self.team.labels.refusal(rec.HasEnded(), self.team.scenario, {}), severity="warning")
            return
        ask_team(self.app, self.team, control, fields)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_pace(self) -> None:
        self._ask(rec.Pace.RESUME if self.team.view.paused else rec.Pace.PAUSE)

    def action_advance(self) -> None:
        self._ask(rec.Pace.ADVANCE)

    def _event_command(self, command: str) -> None:
        event_id = self.query_one(MselPanel).selected_event
        event = self.team.scenario.event(event_id or "")
        if event is None:
            return
        _ = self.team.labels.gettext
        title = (_("Fire “{title}” now?") if command == "fire" else _("Skip “{title}”?")).format(title=event.title)
        text = _("Team {team}'s engine is asked to do it; its journal says whether it did.").format(team=self.team.name)

        def done(yes: bool | None) -> None:
            if yes:
                self._ask(command, {"event": event.id})

        self.app.push_screen(ConfirmScreen(title, text, self.team.labels), done)

    def action_fire(self) -> None:
        self._event_command("fire")

    def action_skip(self) -> None:
        self._event_command("skip")

    def action_inject(self) -> None:
        def done(values: dict[str, Any] | None) -> None:
            if values:
                self._ask("inject", {k: v for k, v in values.items() if v not in ("", [])})

        self.app.push_screen(FormScreen(inject_form(self.team.labels, self.team.scenario), self.team.labels), done)

    def action_flag(self) -> None:
        def done(values: dict[str, Any] | None) -> None:
            if values and values.get("flag"):
                self._ask(str(values.get("mode") or "flag"), {"flag": values["flag"]})

        self.app.push_screen(FormScreen(flag_form(self.team.labels), self.team.labels), done)

    def action_end(self) -> None:
        _ = self.team.labels.gettext

        def done(yes: bool | None) -> None:
            if yes:
                self._ask("end")

        title = _("End team {team}'s exercise (EndEx)?").format(team=self.team.name)
        self.app.push_screen(
            ConfirmScreen(title, _("Its clock stops for good; then the hot wash."), self.team.labels), done
        )


def team_screen(team: TeamWatch) -> TeamScreen:
    cls = type("TeamScreen", (TeamScreen,), {"BINDINGS": team_bindings(team.labels)})
    screen: TeamScreen = cls(team)
    return screen


class ControlApp(App[None]):
    """The control cell's app: the teams' table, a team's drill-in, the forms."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../styles/app.tcss", "control.tcss"]
    TITLE = "crisissim"
    BINDINGS = [Binding("ctrl+q", "quit", NP_("key", "Quit"), priority=True)]

    def __init__(self, teams: Sequence[TeamWatch], labels: Labels, exercise: str, seats_url: str | None = None) -> None:
        super().__init__()
        self.teams = list(teams)
        self.labels = labels
        self.exercise = exercise
        self.seats_url = seats_url
        """Where every team's seats are served (None: not from here)."""
        speak_keys(self, labels)
        self.control: ControlScreen | None = None

    def on_mount(self) -> None:
        self.follow()
        self.control = control_screen(self.teams, self.labels, self.exercise, self.seats_url)
        self.push_screen(self.control)
        self.set_interval(REFRESH_S, self.refresh_state)

    def follow(self) -> None:
        """Read what is new in every team's journal; say the refusals of what was asked."""
        for team in self.teams:
            try:
                team.follow()
            except JournalError as exc:
                self.notify(str(exc), title=team.name, severity="error")
                continue
            while team.refusals:
                why = team.labels.refusal(team.refusals.pop(0), team.scenario, team.view.titles)
                self.notify(why, title=team.name, severity="warning")

    def refresh_state(self) -> None:
        self.follow()
        screen = self.screen
        if isinstance(screen, ControlScreen | TeamScreen) and screen.is_mounted:
            screen.refresh_state()
