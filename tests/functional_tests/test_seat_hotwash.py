"""The hot wash at EndEx on a terminal seat: the role's questions on its own screen, the answers
sent as a request that the console's desk takes through the engine's hot wash."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Button, TextArea

from crisissim.exercise.seat_client import SeatClient as ApiSeatClient
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.seat import SeatApp
from tests.functional_tests.test_seats import exercise
from tests.functional_tests.web_support import seat_server


async def until(pilot: Pilot, holds: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let the seat poll the server until ``holds()`` (a loaded machine is slow; a right one is not)."""
    deadline = time.monotonic() + timeout
    while not holds() and time.monotonic() < deadline:
        await pilot.pause(0.1)


def shown(app: SeatApp) -> bool:
    """The hot-wash screen is up and mounted: its role list has the focus, as on_mount gives it."""
    focused = app.focused
    return isinstance(app.screen, HotwashScreen) and focused is not None and focused.id == "hotwash-role"


async def test_a_terminal_seat_answers_its_hot_wash_at_endex(tmp_path):
    run, desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server):
        client = ApiSeatClient(url, "comms")
        app = SeatApp(client, "comms")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(*codes["comms"], "enter")
            await until(pilot, lambda: app.session is not None)
            assert app.session is not None and not isinstance(app.screen, HotwashScreen)
            run.engine.command("end")
            await until(pilot, lambda: shown(app))
            screen = app.screen
            assert isinstance(screen, HotwashScreen)
            assert screen.roles == {"comms": "Communications"}  # its own role only
            assert [b.id for b in screen.query(Button)] == ["save"]  # no debrief to write here
            assert [b.description for b in screen._bindings.key_to_bindings["ctrl+s"]] == ["Send the answers"]
            screen.query_one("#answer-0", TextArea).focus()
            await pilot.press(*"The statement went out in time.")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: run.journal.last("request") is not None)
            request = run.journal.last("request")
            sent = request.payload
            assert request.role == "comms" and sent.pop("client_id")  # the seat's own id: a resend is not taken twice
            assert sent == {"action": "hotwash", "answers": ["The statement went out in time."]}
            desk.poll(
                lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra),
                lambda role, answers, seq: run.engine.hotwash(role, answers, seq),
            )
            await until(pilot, lambda: bool(app.session and app.session.view.hotwash))
            assert app.session.view.hotwash == {"comms": ["The statement went out in time."]}
            assert "comms" in screen.saved
        client.close()
    hotwash = run.journal.last("hotwash")
    assert hotwash.role == "comms" and hotwash.payload["request"] == request.seq
    run.journal.close()


async def test_answers_the_console_has_fill_in_the_seats_hot_wash(tmp_path):
    run, _desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server):
        client = ApiSeatClient(url, "it")
        app = SeatApp(client, "it", "nl")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(*codes["it"], "enter")
            await until(pilot, lambda: app.session is not None)
            run.engine.command("end")
            run.engine.hotwash("it", ["Op tijd geïsoleerd."])  # typed at the console
            await until(pilot, lambda: shown(app) and app.screen.query_one("#answer-0", TextArea).text != "")
            screen = app.screen
            assert isinstance(screen, HotwashScreen)
            assert screen.query_one("#answer-0", TextArea).text == "Op tijd geïsoleerd."
            assert "it" in screen.saved
        client.close()
    run.journal.close()
