"""One language on every screen: a Dutch exercise played by keys shows no English word, an English
one no Dutch word.

The tour goes where a facilitator and a team go: StartEx, the exercise screen at two sizes, the
command palette (searched, and every entry it offers), the hint ctrl+c gives, the help, each
role's form and each facilitator's form, a confirmation, a decision taken twice and an event
skipped after it fired (two refusals), the toasts of what was sent, and the hot wash. Everything
drawn is read back from the screen (an SVG screenshot, line by line); toasts are kept as they are
raised.

The word lists hold words that cannot occur in correct text of the other language; each is a
regular expression matched as a whole word. "statement" is kept out of the English list: Dutch
crisis communication says "holding statement" (the Dutch scenario does), so it is matched only
where it does not follow "holding"; "resume" where it is not the command ``crisissim resume``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from crisissim.tui.app import CrisisApp
from crisissim.tui.palette import Palette
from crisissim.tui.screens.forms import ChooseScreen, ConfirmScreen, FormScreen
from crisissim.tui.screens.help import HelpScreen
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.screens.startex import StartExScreen
from tests.functional_tests.tui_support import make_app

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
    "matches",
    "Faster",
    "Slower",
    r"(?<!crisissim )resume",
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
    "Langzamer",
    "Pauze",
    "hervatten",
    "opdracht",
    "oefening",
    "gebeurtenis",
    "niet",
)
_LINE = re.compile(r'<text[^>]*clip-path="url\(#[\w-]*line-(\d+)\)"[^>]*>(.*?)</text>', re.S)


def screen_lines(app: CrisisApp) -> list[str]:
    """What the terminal shows, one string per line (the screens below a dialog included)."""
    lines: dict[int, list[str]] = {}
    for number, text in _LINE.findall(app.export_screenshot()):
        lines.setdefault(int(number), []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for _, parts in sorted(lines.items())]


class Tour:
    """Everything one exercise showed: screens by name, and every toast."""

    def __init__(self, app: CrisisApp) -> None:
        self.app = app
        self.seen: list[tuple[str, str]] = []
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
        return [f"{where}: {text.strip()!r}" for where, text in self.seen if pattern.search(text)]

    def screens(self) -> set[str]:
        return {where for where, _ in self.seen}


async def play_tour(app: CrisisApp) -> Tour:
    tour = Tour(app)
    async with app.run_test(size=(160, 48)) as pilot:
        assert isinstance(app.screen, StartExScreen)
        tour.shot("startex")
        await pilot.press("space")
        main = app.main
        assert main is not None
        view = app.session.view
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
            assert isinstance(app.screen, FormScreen), key
            await pilot.pause()
            tour.shot(f"form {key}")
            if key == "s":
                await pilot.press(*"Wij onderzoeken het incident.")
                await pilot.press("ctrl+s")
            else:
                await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, FormScreen), key

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
            await pilot.press("y")
            await pilot.pause()
        tour.shot("skipped after it fired")

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        tour.shot("exercise 80x24")
        await pilot.resize_terminal(160, 48)
        await pilot.pause()

        await pilot.press("e")
        assert isinstance(app.screen, ConfirmScreen)
        tour.shot("confirm EndEx")
        await pilot.press("y")
        for _ in range(100):  # the hot wash follows on the next refresh; a loaded machine may take a while
            await pilot.pause(0.1)
            if isinstance(app.screen, HotwashScreen):
                break
        assert isinstance(app.screen, HotwashScreen)
        tour.shot("hot wash")
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


def _check(tour: Tour, words: Iterable[str]) -> None:
    assert {"startex", "exercise", "palette", "help", "choose", "hot wash", "toast"} <= tour.screens()
    assert len([w for w, _ in tour.seen if w == "toast"]) >= 5  # ctrl+c, choice, refusal, statement, rating, ...
    assert tour.offending(words) == []


async def test_a_dutch_exercise_shows_no_english_word(tmp_path: Path):
    tour = await play_tour(make_app(tmp_path, "rijnoord-ransomware"))
    _check(tour, ENGLISH)
    toasts = " ".join(text for where, text in tour.seen if where == "toast")
    assert "al besloten door" in toasts or "al afgevuurd" in toasts  # a refusal, with names
    assert "Verstuurd" in toasts


async def test_an_english_exercise_shows_no_dutch_word(tmp_path: Path):
    tour = await play_tour(make_app(tmp_path, "northwind-customer-leak"))
    _check(tour, DUTCH)
    toasts = " ".join(text for where, text in tour.seen if where == "toast")
    assert "already" in toasts and "Sent" in toasts


async def test_the_word_lists_find_what_they_are_for(tmp_path: Path):
    """A Dutch exercise shown with English labels (--lang en) is caught: the check can fail."""
    tour = await play_tour(make_app(tmp_path, "rijnoord-ransomware", language="en"))
    assert len(tour.offending(ENGLISH)) > 20
    assert len(ENGLISH) == len(DUTCH) == 30
