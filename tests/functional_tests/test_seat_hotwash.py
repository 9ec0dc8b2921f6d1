"""The hot wash at EndEx on a terminal seat: the role's questions on its own screen, the answers
sent as a request that the console's desk takes through the engine's hot wash."""

from __future__ import annotations

import time

from textual.widgets import Button, TextArea

from crisissim.exercise.seat_client import SeatClient as ApiSeatClient
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.seat import SeatApp
from tests.functional_tests.test_seats import exercise
from tests.functional_tests.web_support import seat_server


async def test_a_terminal_seat_answers_its_hot_wash_at_endex(tmp_path):
    run, desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server):
        client = ApiSeatClient(url, "comms")
        app = SeatApp(client, "comms")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(*codes["comms"], "enter")
            await pilot.pause(0.6)
            assert app.session is not None and not isinstance(app.screen, HotwashScreen)
            run.engine.command("end")
            await pilot.pause(0.8)
            screen = app.screen
            assert isinstance(screen, HotwashScreen)
            assert screen.roles == {"comms": "Communications"}  # its own role only
            assert [b.id for b in screen.query(Button)] == ["save"]  # no debrief to write here
            assert [b.description for b in screen._bindings.key_to_bindings["ctrl+s"]] == ["Send the answers"]
            screen.query_one("#answer-0", TextArea).focus()
            await pilot.press(*"The statement went out in time.")
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            request = run.journal.last("request")
            assert request.role == "comms" and request.payload == {
                "action": "hotwash",
                "answers": ["The statement went out in time."],
            }
            desk.poll(
                lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra),
                lambda role, answers, seq: run.engine.hotwash(role, answers, seq),
            )
            await pilot.pause(0.8)
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
            await pilot.pause(0.6)
            run.engine.command("end")
            run.engine.hotwash("it", ["Op tijd geïsoleerd."])  # typed at the console
            time.sleep(0.3)
            await pilot.pause(0.8)
            screen = app.screen
            assert isinstance(screen, HotwashScreen)
            assert screen.query_one("#answer-0", TextArea).text == "Op tijd geïsoleerd."
            assert "it" in screen.saved
        client.close()
    run.journal.close()
