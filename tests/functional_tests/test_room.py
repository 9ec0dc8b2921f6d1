"""The room screen (``crisissim room``): the participants' view of a running exercise.

It follows a journal that another process writes, joins at any moment, and shows nothing that is
the facilitator's alone. What "shows" means here is what a person sees: every line of every
screen on the stack, collected while walking each role's inbox and history by keys.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Tab

from crisissim.exercise import load_checked, new_run
from crisissim.exercise.room import open_room
from crisissim.exercise.runs import Run
from crisissim.i18n import translator
from crisissim.journal import records as rec
from crisissim.journal.records import EventStatus
from crisissim.scenario.actions import RATINGS
from crisissim.scenario.library import resolve
from crisissim.tui.room import RoomApp, RoomEndEx, RoomScreen, RoomStartEx
from tests.conftest import VALID, edit
from tests.functional_tests.tui_support import FrozenWall, make_app

NOTE = "Controller: if comms stalls, phone the lead at once"
FACILITATOR_NOTE = "Facilitator aside: this team hesitates"


def drill_text() -> str:
    text = edit(VALID, "{id: decide, role: it", "{id: expect-decide-7, role: it")
    text = edit(text, "{id: holding, role: comms", "{id: expect-holding-8, role: comms")
    text = edit(text, "{missed: holding}", "{missed: expect-holding-8}")
    return edit(text, "    deadline: 30m\n", f'    deadline: 30m\n    notes: "{NOTE}"\n')


def start(tmp_path: Path, reference: str | None = None, *, seed: int = 5) -> Run:
    """A run being played in this process, as the console would: the room reads its journal."""
    if reference is None:
        path = tmp_path / "drill.yaml"
        path.write_text(drill_text(), encoding="utf-8")
    else:
        path = Path(resolve(reference))
    loaded = load_checked(path)
    assert loaded.scenario is not None, loaded.errors
    run = new_run(loaded.scenario, loaded.text, str(path), seed=seed, journal_path=tmp_path / "j.sqlite", mode="run")
    run.engine.start()
    run.journal.commit()
    return run


def room_app(run: Run, language: str | None = None) -> RoomApp:
    return RoomApp(open_room(run.journal.location), language, wall=FrozenWall(), poll_s=0.05)


def on_screen(app: App[None]) -> str:
    """Every line of every screen on the stack, as drawn."""
    return "\n".join(strip.text for screen in app.screen_stack for strip in screen._compositor.render_strips())


async def everything_shown(app: RoomApp, pilot: Pilot[None]) -> str:
    """What the room shows, walking every role's inbox message by message and its history."""
    seen = [on_screen(app)]
    room = app.room_screen
    assert room is not None
    for pane in room.panes:
        pane.focus_inbox()
        for _ in range(len(pane.items)):
            await pilot.pause()
            seen.append(on_screen(app))
            await pilot.press("down")
        await pilot.press("h")
        for _ in range(len(pane.history.items)):
            await pilot.pause()
            seen.append(on_screen(app))
            await pilot.press("down")
        await pilot.press("h")
    return "\n".join(seen)


async def test_the_room_joins_a_running_exercise_and_keeps_following_it(tmp_path):
    run = start(tmp_path)
    app = room_app(run)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.1)
        assert isinstance(app.screen, RoomStartEx)  # the clock has not run: the summary, to be read aloud
        assert "A drill at Test Org Ltd." in on_screen(app)
        run.engine.control(rec.Pace.RESUME)
        run.journal.commit()
        await pilot.pause(0.2)
        assert isinstance(app.screen, RoomScreen)  # StartEx closes once the facilitator starts the clock
        run.engine.advance_to(6 * 60)
        run.engine.control(rec.Pace.PAUSE)  # the room's clock stands where the console's does
        run.journal.commit()
        await pilot.pause(0.2)
        assert [i.title for i in app.session.view.inbox["it"]] == ["Outbound traffic alert"]
        assert "T+00:06" in on_screen(app) and "Regulator notification: 71:59 left" in on_screen(app)
        run.engine.act("it", "choose", {"event": "alert", "option": "isolate"})
        run.journal.commit()
        await pilot.pause(0.2)
        assert "Decision: Isolate the systems" in on_screen(app)  # what IT did, in its pane

    late = room_app(run)  # a room that joins now catches up from the journal
    async with late.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.1)
        assert isinstance(late.screen, RoomScreen)
        assert [i.title for i in late.session.view.inbox["dpo"]] == ["Outbound traffic alert"]
        assert late.session.view.inbox["it"][0].answered
        assert [i.summary for i in late.session.view.sent["it"]] == ["isolate"]
    run.journal.close()


async def test_the_room_shows_nothing_that_is_the_facilitators_alone(tmp_path):
    run = start(tmp_path)
    engine = run.engine
    engine.control(rec.Pace.RESUME)
    engine.advance_to(8 * 60)
    engine.act("it", "choose", {"event": "alert", "option": "isolate"})  # 'Still leaking' is skipped
    engine.command("note", {"text": FACILITATOR_NOTE})
    engine.command("flag", {"flag": "secret-branch"})
    engine.command("rate", {"expectation": "expect-decide-7", "rating": "S"})
    engine.act("it", "reply", {"event": "alert", "text": "Isolating now"})
    engine.command("inject", {"title": "Board asks for a summary", "body": "Two lines, please.", "to": ["comms"]})
    engine.advance_to(20 * 60)
    run.journal.commit()
    state = engine.state
    unfired = [e for e in run.scenario.events if state.events[e.id].status != EventStatus.FIRED]
    assert {e.id for e in unfired} >= {"monitoring", "press", "storm", "story"}

    app = room_app(run)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.1)
        shown = await everything_shown(app, pilot)
    assert "Outbound traffic alert" in shown and "Board asks for a summary" in shown  # what the team received
    assert "Isolating now" in shown  # and what it sent
    forbidden = [
        *(e.title for e in unfired),  # the MSEL: what is coming, and the branch not taken
        NOTE,
        FACILITATOR_NOTE,
        "secret-branch",
        *(x.id for _e, x in run.scenario.expectations),
        *(translator("en")(v) for v in RATINGS.values()),
        "MSEL",
    ]
    assert [word for word in forbidden if word in shown] == []
    run.journal.close()


async def test_the_default_exercise_in_the_room_shows_no_script_no_note_no_score(tmp_path):
    """The default Dutch scenario at T+1:30, played with a choice and facilitator commands."""
    run = start(tmp_path, "rijnoord-ransomware", seed=2016)
    engine = run.engine
    engine.control(rec.Pace.RESUME)
    engine.advance_to(30 * 60)
    engine.act("it", "choose", {"event": "soc-call", "option": "isolate"})
    engine.command("note", {"text": FACILITATOR_NOTE})
    engine.command("rate", {"expectation": "containment-choice", "rating": "P"})
    engine.command("skip", {"event": "backup-status"})
    engine.advance_to(90 * 60)
    run.journal.commit()
    state = engine.state
    unfired = [e for e in run.scenario.events if state.events[e.id].status != EventStatus.FIRED]
    idle = [c.label for c_id, c in run.scenario.clocks.items() if state.clocks[c_id].status == "idle"]
    # the ransom demand is still to come, and NIS2's final report counts from a notification not yet made
    assert idle == ["NIS2: eindverslag", "Ultimatum DuskLocker: besluit over de losgeldeis"]
    notes = [line.strip() for e in run.scenario.events for line in e.notes.splitlines() if len(line.strip()) > 20]
    assert unfired and notes

    app = room_app(run)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.1)
        shown = await everything_shown(app, pilot)
    assert "Losgeldbriefje aangetroffen" in shown  # fired at T+0:45
    dutch = translator("nl")
    forbidden = [
        *(e.title for e in unfired),
        *(line[:30] for line in notes),
        FACILITATOR_NOTE,
        *(x.id for _e, x in run.scenario.expectations if "-" in x.id),  # ids plain words could also spell
        *(dutch(v) for v in RATINGS.values()),
        "MSEL",
        *idle,  # a clock that has not started would tell what is coming
    ]
    assert [word for word in forbidden if word in shown] == []
    run.journal.close()


async def test_after_endex_the_room_shows_the_hot_wash_and_who_has_answered(tmp_path):
    run = start(tmp_path)
    run.engine.control(rec.Pace.RESUME)
    run.engine.advance_to(10 * 60)
    run.engine.command("end")
    run.journal.commit()
    app = room_app(run)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.1)
        assert isinstance(app.screen, RoomEndEx)
        assert "1. What went well?" in on_screen(app) and "ENDEX" in on_screen(app)
        run.engine.hotwash("comms", ["The statement."])
        run.journal.commit()
        await pilot.pause(0.2)
        assert "Answers in from: ✓ Communications" in on_screen(app)
    run.journal.close()


async def test_below_full_size_the_roles_are_tabs_and_every_one_is_reached_by_key(tmp_path):
    run = start(tmp_path)
    run.engine.control(rec.Pace.RESUME)
    run.engine.advance_to(6 * 60)
    run.journal.commit()
    app = room_app(run, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        room = app.room_screen
        assert room is not None and room.layout_mode == "narrow"
        visited = []
        for _ in range(4):
            panes = [p.role for p in room.panes if p.display]
            visited.append(panes or (["feed"] if room.query_one("#feed").display else []))
            await pilot.press("tab")
        assert visited == [["comms"], ["dpo"], ["it"], ["feed"]]
        await pilot.press("f2")
        assert [p.role for p in room.panes if p.display] == ["dpo"]
        assert "Uitgaand verkeer" not in on_screen(app)  # the drill is English; the labels are Dutch
        assert "Nog niets verstuurd" in on_screen(app)
    async with room_app(run).run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.1)
        assert pilot.app.room_screen.layout_mode == "split"
        assert pilot.app.room_screen.query_one("#feed").display
    run.journal.close()


async def test_one_terminal_at_a_small_table_the_console_hides_the_facilitators_areas_with_v(tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=90 * 60)
    scenario = app.session.scenario
    events = app.session.view.events
    unfired = [e.title for e in scenario.events if events[e.id].status != EventStatus.FIRED]
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape")
        # (the idle ultimatum clock is left out of the status bar too: five clocks do not fit in 160 columns)
        assert "MSEL" in on_screen(app)
        await pilot.press("v")
        await pilot.pause()
        shown = on_screen(app)
        hidden = [*unfired, "MSEL", "Ultimatum DuskLocker"]  # the ultimatum's clock has not started
        assert [text for text in hidden if text in shown] == []
        assert "Losgeldbriefje aangetroffen" in shown  # the roles' panes stay
        palette = [str(c.title) for c in app.get_system_commands(app.screen)]
        words = ("Fire now: {title}", "Skip: {title}", "Ad-hoc inject", "Rate an expectation", "Set or clear a flag")
        held_back = tuple(translator("nl").pgettext("palette", w).removesuffix("{title}") for w in words)
        assert not any(title.startswith(held_back) for title in palette)
        for key in ("f", "k", "i", "m", "x"):  # the facilitator's commands are held back, and say so
            await pilot.press(key)
            assert app.screen is app.main
        assert all(s.status != EventStatus.SKIPPED for s in app.session.engine.state.events.values())
        await pilot.press("tab", "tab")
        assert app.main.focused is not None and app.main.focused.id != "msel-table"
        await pilot.press("v")
        await pilot.pause()
        assert "MSEL" in on_screen(app) and app.main.query_one("#msel").display
        palette = [str(c.title) for c in app.get_system_commands(app.screen)]
        assert {title.startswith(held_back) for title in palette} == {True, False}  # shown again, in Dutch
    compact = make_app(tmp_path / "compact", "rijnoord-ransomware", advance_to=90 * 60)
    async with compact.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "v")
        await pilot.pause()
        assert not compact.main.query_one("#msel").display
        assert "MSEL" not in on_screen(compact)


async def test_the_room_loses_a_fire_undone_and_closes_a_decision_in_every_pane(tmp_path):
    """The console's undo and its shared decisions reach the room: a fire undone leaves its
    panes and tabs, and a decision one role took is closed in the other's pane and tab."""
    run = start(tmp_path)
    engine = run.engine
    engine.control(rec.Pace.RESUME)
    engine.advance_to(2 * 60)
    engine.command("fire", {"event": "alert"})  # to it and dpo, a decision to take
    run.journal.commit()
    app = room_app(run)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        room = app.room_screen
        assert room is not None and room.layout_mode == "narrow"

        def tabs() -> dict[str, str]:
            bar = room.query_one("#room-tabs")
            assert all(tab.region.right <= bar.region.right for tab in bar.query(Tab))  # all on the bar
            return {str(tab.id).removeprefix("tab-"): str(tab.label) for tab in bar.query(Tab)}

        assert "?1" in tabs()["dpo"] and "?1" in tabs()["it"] and "?" not in tabs()["comms"]
        engine.command("undo")
        run.journal.commit()
        await pilot.pause(0.2)
        assert app.session.view.inbox["it"] == app.session.view.inbox["dpo"] == []
        assert "?" not in tabs()["dpo"] and "Regulator notification" not in on_screen(app)  # its clock too
        engine.advance_to(6 * 60)  # the alert comes at its own time after all
        engine.act("it", "choose", {"event": "alert", "option": "isolate"})
        run.journal.commit()
        await pilot.pause(0.2)
        assert "?" not in tabs()["dpo"] and "?" not in tabs()["it"]
        await pilot.press("f2")
        await pilot.pause(0.1)
        assert "Decided by IT: Isolate the systems" in on_screen(app)
    run.journal.close()


def test_the_rooms_clock_stops_where_a_console_that_died_last_vouched_for(tmp_path):
    """A console killed mid-exercise leaves the projector's clock standing, not running on for
    hours as if the exercise went on (as a seat's does: the console's clock notes bound it)."""
    from crisissim.exercise.serve import ClockNotes
    from crisissim.tui.labels import Labels
    from crisissim.tui.room import RoomSession

    wall = FrozenWall()
    run = start(tmp_path)
    run.engine.control(rec.Pace.RESUME)
    run.journal.commit()
    wall.now = run.journal.last().wall  # the journal's records carry the console's wall clock
    rate = float(run.journal.meta["speed"])
    ClockNotes(run.journal, wall=wall).note(0.0, rate, False)  # the console's last note: 2 s ahead
    room = open_room(run.journal.location)
    session = RoomSession(room.journal, room.scenario, Labels("en"), wall=wall)
    session.follow()
    wall.now += 1.0
    assert session.view.now == rate  # within what the console vouched for, the clock runs
    wall.now += 3600.0  # the console is gone: an hour later the clock still stands at its last note
    session.follow()
    assert session.view.now == 2 * rate
    room.close()
    run.journal.close()
