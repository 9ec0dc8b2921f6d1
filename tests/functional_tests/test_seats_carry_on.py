"""Seats across a restart of the console, at the seat server's own level (its hub over the journal):
a seat's token opens its role again in a new hub, until a new code or a leave ends it; a request
sent again with its id is journaled once; a resumed run takes the requests left unanswered, once,
at the time its seats' clocks had reached, paused; and the console's codes screen says which codes
it cannot show."""

from __future__ import annotations

import time
from pathlib import Path

from crisissim.engine.seats import SeatDesk
from crisissim.exercise import resume_run
from crisissim.exercise.serve import ClockNotes, ShownClock, resume_seats_clock, seat_desk
from crisissim.journal import records as rec
from crisissim.web.hub import Hub
from tests.functional_tests.test_seats import exercise


def answers_of(run_journal, seq: int) -> list[str]:
    return [
        r.kind
        for r in run_journal.records(kinds=("action", "refused"))
        if isinstance(r.data, rec.Action | rec.Refused) and r.data.request == seq
    ]


def test_a_seats_token_opens_its_role_again_after_a_restart_until_it_is_ended(tmp_path: Path):
    run, desk, codes = exercise(tmp_path)
    run.journal.commit()
    first = Hub(str(run.journal.path))
    comms = first.join(codes["comms"], "10.0.0.1").seat
    dpo = first.join(codes["dpo"], "10.0.0.2").seat
    it = first.join(codes["it"], "10.0.0.3").seat
    assert comms and dpo and it
    first.leave(it.token)
    first.close()
    joins = [r.data for r in run.journal.records(kinds=("join",))]
    assert all(isinstance(j, rec.Join) for j in joins)
    assert all(comms.token not in r.text for r in run.journal.records(kinds=("join",)))  # only its salted hash

    again = Hub(str(run.journal.path))  # the console died; its seat server starts anew
    back = again.seat(comms.token)
    assert back is not None and back.role == "comms"
    assert again.seat(it.token) is None  # it left: ended for good
    assert again.seat("not-a-token") is None
    desk.issue("dpo")  # the console's r after the restart: the old code's seats end
    again.poll()
    assert again.seat(dpo.token) is None and again.seat(comms.token) is back
    again.close()
    third = Hub(str(run.journal.path))
    assert third.seat(dpo.token) is None and third.seat(comms.token) is not None
    third.close()
    run.journal.close()


def test_a_request_sent_again_with_its_id_is_journaled_once_even_across_a_restart(tmp_path: Path):
    run, _desk, codes = exercise(tmp_path)
    run.journal.commit()
    hub = Hub(str(run.journal.path))
    seat = hub.join(codes["comms"], "10.0.0.1").seat
    assert seat is not None
    first = hub.request(seat, "statement", {"text": "We are investigating."}, "a1b2")
    assert hub.request(seat, "statement", {"text": "We are investigating."}, "a1b2") == first
    other = hub.request(seat, "statement", {"text": "We are investigating."}, "c3d4")
    hub.close()
    again = Hub(str(run.journal.path))
    back = again.seat(seat.token)
    assert back is not None
    assert again.request(back, "statement", {"text": "We are investigating."}, "a1b2") == first
    assert again.request(back, "statement", {"text": "x"}, "bad id!") not in (first, other)  # not an id: a new one
    again.close()
    requests = [r for r in run.journal.records(kinds=("request",))]
    assert [r.seq for r in requests[:2]] == [first, other] and len(requests) == 3
    assert requests[0].payload["client_id"] == "a1b2" and "client_id" not in requests[2].payload
    run.journal.close()


def test_a_resumed_run_takes_what_waited_once_where_the_seats_clocks_were(tmp_path: Path):
    run, _desk, codes = exercise(tmp_path)
    run.engine.control(rec.Pace.RESUME)
    notes = ClockNotes(run.journal)
    notes.note(run.engine.now, 60.0, False)
    shown = ShownClock.read(run.journal)
    assert shown is not None and shown.until == run.engine.now + 120.0
    hub = Hub(str(run.journal.path))
    assert hub.until == shown.until  # the seats' clocks stop there if the console goes
    seat = hub.join(codes["comms"], "10.0.0.1").seat
    assert seat is not None
    waiting = hub.request(seat, "statement", {"text": "We are investigating."})
    late = hub.request(seat, "choose", {"event": "no-such-event", "option": "x"})
    hub.close()
    last = run.engine.now
    run.journal.close()  # the console dies (nothing of it is left but its journal)

    for _crash in (1, 2):
        resumed = resume_run(tmp_path / "j.sqlite")
        at = resume_seats_clock(resumed)
        assert at >= shown.until >= last
        resumed_desk = seat_desk(resumed, resumed=True)
        assert resumed_desk.codes == {} and resumed_desk.given == set(codes)  # the old codes still work
        act = resumed.engine.act
        resumed_desk.poll(lambda role, kind, fields, extra, act=act: act(role, kind, fields, extra=extra))
        assert answers_of(resumed.journal, waiting) == ["action"] and answers_of(resumed.journal, late) == ["refused"]
        controls = [
            r.data.control for r in resumed.journal.records(kinds=("control",)) if isinstance(r.data, rec.Control)
        ]
        assert controls[-1] == rec.Pace.PAUSE  # paused where the seats' clocks were
        resumed.journal.close()


def test_the_codes_screen_says_a_code_given_before_the_restart_cannot_be_shown(tmp_path: Path):
    import asyncio
    import io

    from rich.console import Console
    from textual.app import App
    from textual.widgets import OptionList

    from crisissim.tui.screens.codes import CodesScreen

    run, desk, _codes = exercise(tmp_path)
    run.journal.commit()
    after = SeatDesk(run.journal, desk.roles, now=lambda: run.engine.now, wall=time.time, given=set(desk.roles))

    async def look() -> tuple[str, str]:
        app: App[None] = App()
        async with app.run_test(size=(120, 36)) as pilot:
            screen = CodesScreen(after, run.engine.scenario, "http://127.0.0.1:8000", "nl", str(run.journal.path))
            await app.push_screen(screen)
            await pilot.pause()
            options = screen.query_one(OptionList)
            before = shown(options.get_option_at_index(0).prompt)
            await pilot.press("r")  # a new code for the first role: now it can be shown
            await pilot.pause()
            return before, shown(options.get_option_at_index(0).prompt)

    def shown(prompt: object) -> str:
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(prompt)
        return " ".join(console.export_text().split())

    before, renewed = asyncio.run(look())
    assert "gegeven vóór de herstart; r maakt een nieuwe" in before
    assert after.codes[desk.roles[0]] in renewed and "herstart" not in renewed
    run.journal.close()


async def test_the_terminal_seat_says_the_exercise_is_gone_keeps_what_it_sends_and_sends_it_once_back(tmp_path: Path):
    import asyncio

    from textual.widgets import Static

    from crisissim.exercise.seat_client import SeatClient
    from crisissim.tui.seat import SeatApp
    from crisissim.tui.widgets.status_bar import StatusBar
    from crisissim.web.server import bind, serve_seats
    from tests.functional_tests.web_support import seat_server

    run, _desk, codes = exercise(tmp_path)
    run.journal.commit()
    with seat_server(run.journal.path) as (url, server):
        port = int(url.rsplit(":", 1)[1].strip("/"))
        client = SeatClient(url, "comms")
        app = SeatApp(client, "comms", "nl")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(*codes["comms"], "enter")
            await pilot.pause(0.5)
            assert app.session is not None and not app.lost
            banner = app.screen.query_one("#unreachable", Static)
            assert not banner.has_class("shown")
            server.stop()  # the console is gone, and its seat server with it
            await pilot.pause(0.6)
            assert app.lost and banner.has_class("shown")
            assert str(banner.render()).startswith("De oefening is niet bereikbaar")
            assert app.screen.query_one(StatusBar).render().plain.startswith(" NIET BEREIKBAAR ")
            stopped = app.session.follower.now
            await pilot.pause(0.5)
            assert app.session.follower.now == stopped  # no moving clock on a dead console
            await pilot.press("s")
            await pilot.press(*"We are investigating.")
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert len(client.outbox) == 1 and run.journal.count("request") == 0
            assert "Wacht op verzending: 1" in str(banner.render())
            back = serve_seats(str(run.journal.path), bind("127.0.0.1", port))  # served again, on the same port
            try:
                for _ in range(40):
                    await pilot.pause(0.1)
                    if not client.outbox and not app.lost:
                        break
                assert client.outbox == [] and not app.lost and not banner.has_class("shown")
                await asyncio.sleep(0.3)
            finally:
                back.stop()
        client.close()
    requests = list(run.journal.records(kinds=("request",)))
    assert len(requests) == 1 and requests[0].payload["text"] == "We are investigating."
    run.journal.close()
