"""The journal's path is on the console from the start (StartEx, and j at any time), with the
commands that take it: ``crisissim resume`` and ``crisissim room``."""

from __future__ import annotations

import time

from textual.widgets import Static

from crisissim.engine.seats import SeatDesk
from crisissim.tui.screens.codes import CodesScreen
from crisissim.tui.screens.startex import StartExScreen
from tests.functional_tests.tui_support import make_app


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_startex_and_j_show_where_the_journal_is_and_how_to_resume_and_follow_it(tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware")
    journal = str((tmp_path / "journal.sqlite").resolve())
    async with app.run_test(size=(120, 36)) as pilot:
        startex = app.screen
        assert isinstance(startex, StartExScreen)
        assert "de klok linksboven is leidend" in text_of(startex, ".startex-summary")  # where the status bar is
        lines = text_of(startex, "#startex-journal")
        assert f"crisissim resume {journal}" in lines and f"crisissim room {journal}" in lines
        await pilot.press("space", "j")
        assert isinstance(app.screen, CodesScreen)  # also without seats
        lines = text_of(app.screen, "#codes-journal")
        assert lines.startswith(f"Journaal: {tmp_path / 'journal.sqlite'}")
        assert f"Later verder met: crisissim resume {journal}" in lines
        await pilot.press("escape")
        assert app.screen is app.main


async def test_on_a_small_terminal_the_summary_scrolls_and_the_journal_commands_stay_in_view(tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        startex = app.screen
        assert isinstance(startex, StartExScreen)
        journal = startex.query_one("#startex-journal")
        assert journal.region.bottom <= 24 and journal.region.height >= 3  # every line of it on the terminal
        body = startex.query_one(".startex-body")
        assert body.max_scroll_y > 0  # the rest of the summary is a scroll away
        await pilot.press("space")
        assert app.screen is app.main


async def test_with_seats_j_shows_the_journal_beside_the_codes(tmp_path):
    app = make_app(tmp_path, "first-hour-quickstart", advance_to=60)
    session = app.session
    app.desk = SeatDesk(
        session.run.journal, list(session.scenario.roles), now=lambda: session.engine.now, wall=time.time
    )
    codes = app.desk.issue()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape", "j")
        screen = app.screen
        assert isinstance(screen, CodesScreen)
        assert "crisissim room " in text_of(screen, "#codes-journal")
        rows = screen.query_one("#codes")
        assert rows.option_count == len(codes)
