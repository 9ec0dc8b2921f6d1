"""Snapshots of the room screen at 80x24, 120x36 and 160x48: the default exercise at T+5:30,
paused, half an hour into its first storm, after the team's first decision, a reply and a
holding statement (see test_snapshots.py for the console).

Regenerate after a deliberate change with: pytest tests/functional_tests/test_room_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

from crisissim.exercise import load_checked, new_run
from crisissim.exercise.room import open_room
from crisissim.journal import records as rec
from crisissim.scenario.library import resolve
from crisissim.tui.room import RoomApp
from tests.functional_tests.tui_support import FrozenWall

T_2H45 = 2 * 3600 + 45 * 60
T_5H30 = 5 * 3600 + 30 * 60


def played_room(tmp_path: Path) -> RoomApp:
    path = resolve("rijnoord-ransomware")
    loaded = load_checked(path)
    assert loaded.scenario is not None
    run = new_run(loaded.scenario, loaded.text, str(path), seed=2016, journal_path=tmp_path / "j.sqlite", mode="run")
    engine = run.engine
    engine.start()
    engine.control(rec.Pace.RESUME)
    engine.advance_to(25 * 60)
    engine.act("it", "choose", {"event": "soc-call", "option": "isolate"})
    engine.act("it", "reply", {"event": "soc-call", "text": "Isolatie gestart; geheugenkopieën worden veiliggesteld."})
    engine.advance_to(T_2H45)
    holding = "Ziekenhuis Rijnoord onderzoekt een storing in de ICT. De zorg gaat door."
    engine.act("comms", "statement", {"text": holding})
    engine.advance_to(T_5H30)
    engine.control(rec.Pace.PAUSE)
    run.journal.commit()
    run.journal.close()
    return RoomApp(open_room(tmp_path / "j.sqlite"), wall=FrozenWall())


def test_room_160x48(snap_compare, tmp_path):
    assert snap_compare(played_room(tmp_path), terminal_size=(160, 48), press=["f3"])


def test_room_120x36(snap_compare, tmp_path):
    assert snap_compare(played_room(tmp_path), terminal_size=(120, 36), press=["f1"])


def test_room_80x24(snap_compare, tmp_path):
    assert snap_compare(played_room(tmp_path), terminal_size=(80, 24), press=["f3"])
