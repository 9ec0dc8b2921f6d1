"""Snapshots of the main screens at 80x24 and 160x48, and of the help and the forms.

Regenerate after a deliberate change with: pytest tests/functional_tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from textual.widgets import Static

from crisissim.tui.screens.codes import journal_lines
from tests.functional_tests.tui_support import make_app

T_2H45 = 2 * 3600 + 45 * 60  # the default scenario after the regional reporter's call


def test_main_screen_160x48(snap_compare, tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=T_2H45)
    assert snap_compare(app, terminal_size=(160, 48), press=["escape", "f3"])


def test_main_screen_80x24(snap_compare, tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=T_2H45)
    assert snap_compare(app, terminal_size=(80, 24), press=["escape", "f1"])


def test_startex_80x24(snap_compare, tmp_path):
    """The summary scrolls; the journal's commands stay in view (shown for a fixed path: tmp_path varies)."""
    app = make_app(tmp_path, "first-hour-quickstart")

    async def fixed_path(pilot):
        screen = pilot.app.screen
        lines = journal_lines(screen.labels, "/tmp/oefening/journal.sqlite")
        screen.query_one("#startex-journal", Static).update(lines)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=fixed_path)


def test_help_160x48(snap_compare, tmp_path):
    app = make_app(tmp_path, "northwind-customer-leak", advance_to=3600)
    assert snap_compare(app, terminal_size=(160, 48), press=["escape", "question_mark"])


def test_regulator_form_160x48(snap_compare, tmp_path):
    """The AP's meldformulier, picked first among the hospital's GDPR and NIS2 filings."""
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=T_2H45)
    assert snap_compare(app, terminal_size=(160, 48), press=["escape", "f2", "g", "enter"])


def test_filing_choice_80x24(snap_compare, tmp_path):
    """Under NIS2 and GDPR, `g` asks which filing first: NIS2's chain in order, then the AP's."""
    app = make_app(tmp_path, "lindemeer-drinkwater", advance_to=2 * 3600)
    assert snap_compare(app, terminal_size=(80, 24), press=["escape", "f3", "g"])


def test_nis2_incident_notification_form_120x36(snap_compare, tmp_path):
    app = make_app(tmp_path, "lindemeer-drinkwater", advance_to=2 * 3600)
    assert snap_compare(app, terminal_size=(120, 36), press=["escape", "f3", "g", "down", "enter"])


def test_dora_initial_notification_form_80x24(snap_compare, tmp_path):
    app = make_app(tmp_path, "zuiderhaven-bank-storing", advance_to=2 * 3600)
    assert snap_compare(app, terminal_size=(80, 24), press=["escape", "f3", "g", "enter"])


def test_statement_form_80x24(snap_compare, tmp_path):
    app = make_app(tmp_path, "northwind-customer-leak", advance_to=3600)
    assert snap_compare(app, terminal_size=(80, 24), press=["escape", "f1", "s"])


def test_hotwash_80x24(snap_compare, tmp_path):
    """The role shown and its questions wrapped in full, at the smallest size."""
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=T_2H45)

    async def end(pilot):
        await pilot.press("escape")
        app.session.driver.command("end")
        for _ in range(100):
            if type(app.screen).__name__ == "HotwashScreen":
                break
            await pilot.pause(0.05)
        await pilot.press("down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=end)


def test_confirm_fire_120x36(snap_compare, tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=T_2H45)
    assert snap_compare(app, terminal_size=(120, 36), press=["escape", *["down"] * 9, "f"])  # T+03:30, still to come
