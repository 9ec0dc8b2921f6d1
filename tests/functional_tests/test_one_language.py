"""One language on every screen: a Dutch exercise played by keys shows no English word, an English
one no Dutch word.

The tour goes where a facilitator and a team go: StartEx (with the journal's lines), the exercise
screen at two sizes, the command palette (searched, and every entry it offers), the hint ctrl+c
gives, the help, each role's form and each facilitator's form, a role's history (h), the team's
log (t), the journal (j), the room view (v) with its palette and a command it holds back, a
confirmation, a decision taken twice and an event skipped after it fired (two refusals), the
question esc asks on a filled form, firing an event (its question) and undoing it (u, twice:
undone, then why not), the toasts of what was sent, and the hot wash with its role list. The
room screen (``crisissim room``) is toured too, on the journal of a short exercise played beside
it: StartEx, every role's pane, message by message, and its history, the feed at three sizes,
the hint ctrl+c gives, and the hot wash's questions.
Everything drawn is read back from the screen (an SVG screenshot, line by line); toasts are kept
as they are raised.

The word lists hold words that cannot occur in correct text of the other language; each is a
regular expression matched as a whole word. "statement" is kept out of the English list: Dutch
crisis communication says "holding statement" (the Dutch scenario does), so it is matched only
where it does not follow "holding". The commands a screen gives to be typed (``crisissim resume
JOURNAL``, ``crisissim room JOURNAL``) and the journal's file name are no words of a language:
they alone are left out of what is checked (:data:`COMMAND`), the rest of their line is not.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App

from crisissim.engine.engine import PUBLIC_EVENT_KINDS
from crisissim.exercise import load_checked, new_run
from crisissim.exercise.room import open_room
from crisissim.journal import records as rec
from crisissim.scenario.library import resolve
from crisissim.tui.app import CrisisApp
from crisissim.tui.palette import Palette
from crisissim.tui.room import RoomApp, RoomEndEx, RoomScreen, RoomStartEx
from crisissim.tui.screens.codes import CodesScreen, shell_location
from crisissim.tui.screens.forms import ChooseScreen, ConfirmScreen, FormScreen
from crisissim.tui.screens.help import HelpScreen
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.screens.startex import StartExScreen
from crisissim.tui.screens.team_log import TeamLogScreen
from tests.functional_tests.tui_support import FrozenWall, make_app

ENGLISH = (
    "Quit",
    "palette",
    "Send",
    "Save",
    "Cancel",
    "Yes",
    "No",
    "enquiry",
    "article",
    r"\[storm\]",
    "phone",
    "press",
    "posts/min",
    "performed",
    "challenges",
    "decided",
    "already",
    "choose",
    "fire",
    "skip",
    "role",
    r"(?<!holding )statement",
    "Reply",
    "Close",
    "Search",
    "Nothing",
    "Faster",
    "Journal",
    "resume",
    "Every",
)
DUTCH = (
    "Stoppen",
    "Versturen",
    "Annuleren",
    "Opslaan",
    "Ja",
    "Nee",
    "persvraag",
    "telefoon",
    "pers",
    "berichten/min",
    "uitgevoerd",
    "knelpunten",
    "besloten",
    "kiezen",
    "afvuren",
    "overslaan",
    "rol",
    "verklaring",
    "Antwoorden",
    "Sluiten",
    "Zoek",
    "gevonden",
    "Sneller",
    "Journaal",
    "Pauze",
    "hervatten",
    "opdracht",
    "oefening",
    "gebeurtenis",
    "niet",
)
#: What a screen gives to be typed as it stands: a command that takes the journal, and the journal.
COMMAND = r"crisissim (?:resume|room)\b"
_LINE = re.compile(r'<text[^>]*clip-path="url\(#[\w-]*line-(\d+)\)"[^>]*>(.*?)</text>', re.S)


def screen_lines(app: App[None]) -> list[str]:
    """What the terminal shows, one string per line (the screens below a dialog included)."""
    lines: dict[int, list[str]] = {}
    for number, text in _LINE.findall(app.export_screenshot()):
        lines.setdefault(int(number), []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for _, parts in sorted(lines.items())]


class Tour:
    """Everything one exercise showed: screens by name, and every toast."""

    def __init__(self, app: App[None], journal: str | Path) -> None:
        self.app = app
        self.seen: list[tuple[str, str]] = []
        where = sorted({str(journal), shell_location(journal)}, key=len, reverse=True)
        self.command = re.compile("|".join([COMMAND, *(re.escape(w) for w in where)]))
        notify = app.notify

        def kept(message: str, *, title: str = "", **kwargs: Any) -> None:
            self.seen.append(("toast", f"{title}: {message}"))
            notify(message, title=title, **kwargs)

        app.notify = kept  # type: ignore[method-assign]

    def shot(self, where: str) -> None:
        self.seen.extend((where, line) for line in screen_lines(self.app))

    def add(self, where: str, texts: Iterable[str]) -> None:
        self.seen.extend((where, text) for text in texts)

    def offending(self, words: Iterable[str]) -> list[str]:
        pattern = re.compile("|".join(rf"(?<![\w/])(?:{w})(?![\w/])" for w in words))
        return [
            f"{where}: {text.strip()!r}" for where, text in self.seen if pattern.search(self.command.sub(" ", text))
        ]

    def screens(self) -> set[str]:
        return {where for where, _ in self.seen}


async def play_tour(app: CrisisApp) -> Tour:
    tour = Tour(app, app.session.run.journal.location)
    async with app.run_test(size=(160, 48)) as pilot:
        assert isinstance(app.screen, StartExScreen)
        tour.shot("startex")
        await pilot.press("space")
        main = app.main
        assert main is not None
        view = app.session.view
        yes = "j" if app.session.labels.yes.endswith("(j)") else "y"  # "Ja (j)" in a Dutch exercise
        # on to a decision sent to two roles (every scenario of the library has one early on)
        shared = None
        for _ in range(20):
            await pilot.press("n")
            shared = next(
                (e for e in app.session.scenario.events if e.options and len(_holders(app, e.id)) >= 2),
                None,
            )
            if shared is not None:
                break
        assert shared is not None, "no decision reached two roles"
        await pilot.pause()
        tour.shot("exercise")

        await pilot.press("ctrl+p")
        assert isinstance(app.screen, Palette)
        await pilot.pause()
        tour.shot("palette")
        await pilot.press(*"qqqzzz")
        await pilot.pause(0.8)
        tour.shot("palette, nothing found")
        await pilot.press("escape")
        for command in app.get_system_commands(main):
            tour.add("palette entry", [str(command.title), str(command.help)])

        await pilot.press("ctrl+c")  # a reflex to stop: the hint how, in the exercise's language
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        tour.shot("help")
        await pilot.press("escape")

        first, second = _holders(app, shared.id)[:2]
        await _select(pilot, app, first, shared.id)
        await pilot.press("c")
        assert isinstance(app.screen, ChooseScreen)
        tour.shot("choose")
        await pilot.press("enter")
        await pilot.pause()
        await _select(pilot, app, second, shared.id)
        await pilot.press("c")  # decided already: refused, or closed in this pane too
        await pilot.pause()
        if isinstance(app.screen, ChooseScreen):
            await pilot.press("enter")
            await pilot.pause()
        tour.shot("decided twice")

        await _select(pilot, app, first, shared.id)
        for key in ("r", "s", "p", "g", "a", "d", "o"):
            await pilot.press(key)
            if key == "g" and isinstance(app.screen, ChooseScreen):  # a scenario under more than GDPR
                await pilot.pause()
                tour.shot("choose filing")
                await pilot.press("enter")
                await pilot.pause()
            assert isinstance(app.screen, FormScreen), key
            await pilot.pause()
            tour.shot(f"form {key}")
            if key == "s":
                await pilot.press(*"Wij onderzoeken het incident.")
                await pilot.press("ctrl+s")
            elif key == "o":  # esc on a filled form asks before it discards
                await pilot.press(*"Half af", "escape")
                assert isinstance(app.screen, ConfirmScreen)
                await pilot.pause()
                tour.shot("confirm discard")
                await pilot.press(yes)
            else:
                await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, FormScreen | ConfirmScreen), key

        await _select(pilot, app, first, shared.id)
        await pilot.press("h")  # what the role sent: its choice and its statement
        assert main.pane(first).history.has_focus
        for _ in main.pane(first).history.items:
            await pilot.pause()
            tour.shot("history")
            await pilot.press("down")
        await pilot.press("h")
        await pilot.press("t")
        assert isinstance(app.screen, TeamLogScreen)
        for _ in range(1 + len(main.roles)):  # the whole team, then each role
            await pilot.pause()
            tour.shot("team log")
            await pilot.press("down")
        await pilot.press("escape")
        await pilot.press("j")
        assert isinstance(app.screen, CodesScreen)
        tour.shot("journal")
        await pilot.press("escape")
        await pilot.press("v")
        await pilot.pause()
        tour.shot("room view")
        await pilot.press("i")  # held back in the room view, and it says so
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, Palette)
        await pilot.pause()
        tour.shot("palette in the room view")
        await pilot.press("escape")
        for command in app.get_system_commands(main):
            tour.add("palette entry in the room view", [str(command.title), str(command.help)])
        await pilot.press("v")
        await pilot.pause()
        assert not main.room_view

        for key in ("i", "m", "x"):
            await pilot.press(key)
            assert isinstance(app.screen, FormScreen), key
            tour.shot(f"facilitator form {key}")
            await pilot.press("ctrl+s" if key == "m" else "escape")
            await pilot.pause()

        table = main.query_one("#msel-table")
        table.focus()
        fired = next(e.id for e in main.query_one("MselPanel")._order if view.events[e.id].status == "fired")
        while main.query_one("MselPanel").selected_event != fired:
            await pilot.press("down")
        await pilot.press("k")  # skip what has fired: refused
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):
            tour.shot("confirm skip")
            await pilot.press(yes)
            await pilot.pause()
        tour.shot("skipped after it fired")

        msel = main.query_one("MselPanel")
        pending = [e for e in msel._order if view.events[e.id].status == "pending"]
        quiet = [e for e in pending if e.kind not in PUBLIC_EVENT_KINDS] or pending
        while msel.selected_event != quiet[0].id:
            await pilot.press("down")
        await pilot.press("f")  # fire: it asks first
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.pause()
        tour.shot("confirm fire")
        await pilot.press(yes)
        await pilot.pause()
        await pilot.press("u")  # undo the fire: "undone", or why not
        await pilot.pause()
        tour.shot("undone")
        await pilot.press("u")  # nothing left to undo: why not
        await pilot.pause()

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        tour.shot("exercise 80x24")
        await pilot.resize_terminal(160, 48)
        await pilot.pause()

        await pilot.press("e")
        assert isinstance(app.screen, ConfirmScreen)
        tour.shot("confirm EndEx")
        await pilot.press(yes)
        for _ in range(100):  # the hot wash follows on the next refresh; a loaded machine may take a while
            await pilot.pause(0.1)
            if isinstance(app.screen, HotwashScreen) and app.screen.is_mounted and screen_lines(app):
                break  # pushed, mounted and painted: a shot taken earlier may hold no line at all
        hotwash = app.screen
        assert isinstance(hotwash, HotwashScreen)
        tour.shot("hot wash")
        await pilot.press("ctrl+s")  # nothing typed yet: it says so
        await pilot.pause()
        for _ in hotwash.roles:  # the role list, role by role
            tour.shot("hot wash roles")
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("enter", *"Goed samengewerkt", "ctrl+s")  # one role's answer, saved: its mark
        await pilot.pause()
        tour.shot("hot wash roles")
    return tour


def _holders(app: CrisisApp, event: str) -> list[str]:
    return [role for role, items in app.session.view.inbox.items() if any(i.event == event for i in items)]


async def _select(pilot: Any, app: CrisisApp, role: str, event: str) -> None:
    """To the role's pane by its F-key, then down its inbox to the message."""
    main = app.main
    assert main is not None
    await pilot.press(f"f{main.roles.index(role) + 1}")
    pane = main.pane(role)
    index = next(n for n, item in enumerate(pane.items) if item.event == event)
    await pilot.press("home")
    for _ in range(index):
        await pilot.press("down")
    assert pane.selected is not None and pane.selected.event == event


#: The team's words in a played exercise, in the scenario's language.
TEAM_WORDS = {
    "nl": ("Wij onderzoeken het incident.", "Isolatie gestart.", "Melding gedaan bij de AP."),
    "en": ("We are looking into the incident.", "Isolating the systems.", "Reported to the regulator."),
}


async def play_room(tmp_path: Path, reference: str, language: str | None = None) -> Tour:
    """The room screen beside a short exercise played by the engine, as a console would play it:
    StartEx, the clock started, every kind of action of the team, a storm, EndEx and an answer."""
    path = resolve(reference)
    loaded = load_checked(path)
    assert loaded.scenario is not None, loaded.errors
    scenario = loaded.scenario
    run = new_run(
        scenario, loaded.text, str(path), seed=scenario.seed, journal_path=tmp_path / "room.sqlite", mode="run"
    )
    engine = run.engine
    engine.start()
    run.journal.commit()
    app = RoomApp(open_room(run.journal.location), language, wall=FrozenWall(), poll_s=0.05)
    tour = Tour(app, run.journal.location)
    statement, reply, notification = TEAM_WORDS[scenario.language]
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, RoomStartEx)
        tour.shot("room startex")
        engine.control(rec.Pace.RESUME)
        engine.advance_to(3 * 3600)  # a decision has come in by then
        run.journal.commit()
        await pilot.pause(0.2)
        assert isinstance(app.screen, RoomScreen)
        view = app.session.view
        role, item = next((r, i) for r, items in view.inbox.items() for i in items if i.options)
        others = [r for r in app.session.roles if r != role]
        engine.act(role, "choose", {"event": item.event, "option": next(iter(item.options))})
        engine.act(role, "reply", {"event": item.event, "text": reply})
        engine.act(others[0], "statement", {"text": statement})
        engine.act(others[0], "post", {"text": statement})
        engine.act(others[1], "notify_regulator", {"nature": notification, "measures": reply})
        engine.act(others[2], "notify_subjects", {"text": statement})
        engine.act(others[3], "decision", {"text": reply, "owner": scenario.roles[others[3]].name})
        engine.act(role, "note", {"text": notification})
        engine.advance_to(7 * 3600)  # the first storm is under way
        engine.control(rec.Pace.PAUSE)
        run.journal.commit()
        await pilot.pause(0.3)
        assert any(s.active and s.total for s in view.storms.values())
        room = app.room_screen
        assert room is not None
        for pane in room.panes:  # every message and everything sent, as the room reads them
            pane.focus_inbox()
            for _ in pane.items:
                await pilot.pause()
                tour.shot("room")
                await pilot.press("down")
            await pilot.press("h")
            for _ in pane.history.items:
                await pilot.pause()
                tour.shot("room history")
                await pilot.press("down")
            await pilot.press("h")
        await pilot.press("ctrl+c")  # a reflex to stop: the hint how, in the room's language
        for size in ((120, 36), (80, 24)):
            await pilot.resize_terminal(*size)
            for _ in range(len(app.session.roles) + 1):  # each role's tab, and at 80x24 the feed's
                await pilot.pause()
                tour.shot(f"room {size[0]}x{size[1]}")
                await pilot.press("tab")
        await pilot.resize_terminal(160, 48)
        engine.command("end")
        engine.hotwash(role, [reply])
        run.journal.commit()
        for _ in range(20):
            await pilot.pause(0.1)
            if isinstance(app.screen, RoomEndEx) and "✓" in " ".join(screen_lines(app)):
                break
        assert isinstance(app.screen, RoomEndEx)
        tour.shot("room hot wash")
    run.journal.close()
    return tour


def _check(tour: Tour, words: Iterable[str]) -> None:
    screens = {"startex", "exercise", "palette", "help", "choose", "hot wash", "toast"}
    screens |= {"history", "team log", "journal", "room view", "palette in the room view"}
    screens |= {"confirm fire", "confirm discard", "undone", "hot wash roles"}
    assert screens <= tour.screens()
    assert len([w for w, _ in tour.seen if w == "toast"]) >= 5  # ctrl+c, choice, refusal, statement, rating, ...
    assert tour.offending(words) == []


async def test_a_dutch_exercise_shows_no_english_word(tmp_path: Path):
    tour = await play_tour(make_app(tmp_path, "rijnoord-ransomware"))
    _check(tour, ENGLISH)
    toasts = " ".join(text for where, text in tour.seen if where == "toast")
    assert "al besloten door" in toasts or "al afgevuurd" in toasts  # a refusal, with names
    assert "Verstuurd" in toasts
    assert "Ongedaan gemaakt" in toasts or "kan niet meer ongedaan worden gemaakt" in toasts  # u
    assert "Er is geen opdracht" in toasts or "kan niet meer ongedaan" in toasts  # u again: why not


def _check_room(tour: Tour, words: Iterable[str]) -> None:
    screens = {"room startex", "room", "room history", "room 120x36", "room 80x24", "room hot wash", "toast"}
    assert screens <= tour.screens()
    assert tour.offending(words) == []


async def test_the_room_screen_of_a_dutch_exercise_shows_no_english_word(tmp_path: Path):
    tour = await play_room(tmp_path, "rijnoord-ransomware")
    _check_room(tour, ENGLISH)
    seen = " ".join(text for _, text in tour.seen)
    assert "Publieke verklaring" in seen and "Nog niets verstuurd" in seen  # the history, in Dutch
    assert "Stoppen doe je met ctrl+q." in seen  # ctrl+c


async def test_the_room_screen_of_an_english_exercise_shows_no_dutch_word(tmp_path: Path):
    tour = await play_room(tmp_path, "northwind-customer-leak")
    _check_room(tour, DUTCH)
    assert "Public statement" in " ".join(text for _, text in tour.seen)


async def test_an_english_exercise_shows_no_dutch_word(tmp_path: Path):
    tour = await play_tour(make_app(tmp_path, "northwind-customer-leak"))
    _check(tour, DUTCH)
    toasts = " ".join(text for where, text in tour.seen if where == "toast")
    assert "already" in toasts and "Sent" in toasts
    assert "Undone" in toasts or "cannot be undone" in toasts


async def test_the_word_lists_find_what_they_are_for(tmp_path: Path):
    """A Dutch exercise shown with English labels (--lang en) is caught: the check can fail."""
    tour = await play_tour(make_app(tmp_path, "rijnoord-ransomware", language="en"))
    assert len(tour.offending(ENGLISH)) > 20
    caught = " ".join(tour.offending(ENGLISH))
    assert all(where in caught for where in ("history", "team log", "journal", "room view"))
    room = await play_room(tmp_path, "rijnoord-ransomware", language="en")
    assert len(room.offending(ENGLISH)) > 20
    caught = " ".join(room.offending(ENGLISH))
    assert all(where in caught for where in ("room startex", "room history", "room 80x24", "room hot wash"))
    assert len(ENGLISH) == len(DUTCH) == 30
