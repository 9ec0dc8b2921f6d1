"""What the team did, on screen: a role sees what it sent, in its pane at the console and at its
seat, and the console logs every role's actions (t), whether they came from a key at the
console or from a seat, through the journal."""

from __future__ import annotations

import io
import time
from pathlib import Path

from rich.console import Console
from textual.widgets import OptionList, Static

from crisissim.engine.seats import SeatDesk
from crisissim.exercise import load_checked, new_run
from crisissim.exercise.seat_client import SeatClient as ApiSeatClient
from crisissim.journal.seat_client import SeatClient
from crisissim.tui.screens.team_log import TeamLogScreen
from crisissim.tui.seat import SeatApp
from crisissim.tui.widgets.role_pane import RolePane
from crisissim.tui.widgets.sent import SentList
from tests.conftest import VALID
from tests.functional_tests.tui_support import make_app
from tests.functional_tests.web_support import seat_server


def drill(tmp_path: Path) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def lines(history: SentList) -> list[str]:
    return [str(history.get_option_at_index(n).prompt) for n in range(history.option_count)]


def shown(pane: RolePane) -> str:
    return str(pane.query_one(f"#message-{pane.role}", Static).render())


async def test_a_role_pane_shows_what_its_role_sent_and_h_shows_it_in_full(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f3")  # IT: the alert asks for a decision
        pane = app.main.pane("it")
        assert lines(pane.history) == ["Nothing sent yet"]
        await pilot.press("c", "enter")  # the first option: isolate
        await pilot.press("r", *"Isolating the file servers now", "ctrl+s")
        await pilot.pause()
        assert [line.split(" ", 2)[2] for line in lines(pane.history)] == [
            "Reply: Isolating the file servers now",
            "Decision: Isolate the systems",  # the option's label, not its id
        ]
        assert "Outbound traffic alert" in shown(pane)  # the inbox's message, until h
        await pilot.press("h")
        assert "Isolating the file servers now" in shown(pane)  # the newest, in full
        await pilot.press("down")
        await pilot.pause()
        full = shown(pane)
        assert "Decision  about: Outbound traffic alert" in full and "Chosen: Isolate the systems" in full
        await pilot.press("h")  # back to the inbox: its message again
        assert pane.inbox.has_focus and "Forty gigabytes" in shown(pane)
        assert lines(app.main.pane("dpo").history) == ["Nothing sent yet"]


async def test_a_seat_sees_what_it_sent_once_the_exercise_took_it(tmp_path):
    path = drill(tmp_path)
    loaded = load_checked(path)
    run = new_run(loaded.scenario, loaded.text, str(path), seed=5, journal_path=tmp_path / "j.sqlite", mode="serve")
    desk = SeatDesk(run.journal, list(loaded.scenario.roles), now=lambda: run.engine.now, wall=time.time)
    codes = desk.issue()
    run.engine.start()
    run.engine.advance_to(40 * 60)
    with seat_server(run.journal.path) as (url, _server):
        client = ApiSeatClient(url, "comms")
        app = SeatApp(client, "comms")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(*codes["comms"], "enter")
            await pilot.pause(0.3)
            pane = app.seat_screen.query_one(RolePane)
            assert lines(pane.history) == ["Nothing sent yet"]
            await pilot.press("s", *"We are investigating a security incident.", "ctrl+s")
            await pilot.pause(0.2)
            desk.poll(lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra))
            await pilot.pause(0.8)  # the server reads the action the engine journaled; the seat's next poll gets it
            assert [line.split(" ", 2)[2] for line in lines(pane.history)] == [
                "Public statement: We are investigating a security incident."
            ]
        client.close()
    run.journal.close()


def team_log_text(app) -> str:
    """The log's text as printed, at the log's own width."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#team-actions-text", Static).content)
    return console.export_text().strip()


async def test_the_console_logs_every_action_per_role_including_a_seats(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=40 * 60)
    session = app.session
    desk = SeatDesk(session.run.journal, list(session.scenario.roles), now=lambda: session.engine.now, wall=time.time)
    codes = desk.issue()
    app.desk = desk
    seat = SeatClient(session.run.journal.location)
    assert seat.join(codes["comms"], "comms") == "comms"
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f2")
        await pilot.press("o", *"Ask legal about the contract", "ctrl+s")  # a note from the DPO's pane
        seat.request("statement", {"text": "We are investigating a security incident."})  # comms, from its seat
        await pilot.pause(0.4)  # the console takes seats' requests ten times a second
        assert "Public statement: We are investigating" in lines(app.main.pane("comms").history)[0]
        await pilot.press("t")
        assert isinstance(app.screen, TeamLogScreen)
        whole = team_log_text(app)
        assert whole.index("Communications · Public statement") < whole.index("Data Protection Officer · Note")
        assert "We are investigating a security incident." in whole and "Ask legal about the contract" in whole
        roles = app.screen.query_one("#team-roles", OptionList)
        assert [str(roles.get_option_at_index(n).prompt) for n in range(roles.option_count)] == [
            "The whole team  2",
            "Communications  1",
            "Data Protection Officer  1",
            "IT  0",
        ]
        await pilot.press("down")  # Communications alone
        only = team_log_text(app)
        assert "We are investigating" in only and "Ask legal" not in only
        await pilot.press("down", "down")  # IT
        assert team_log_text(app) == "Nothing sent yet"
        seat.request("post", {"text": "Updates follow on our website."})  # while the log is open
        await pilot.pause(1.0)
        await pilot.press("up", "up")
        assert "Updates follow on our website." in team_log_text(app)
        await pilot.press("escape")
        assert app.screen is app.main
    seat.close()
