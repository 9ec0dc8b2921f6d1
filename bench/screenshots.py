"""The two screens of one exercise as SVG screenshots for the documentation: the facilitator's
console and the room screen, at 120x36, of the default scenario at T+5:30 (paused, half an hour
into its first storm, after the team's first decision, a reply and a holding statement).

Everything is fixed (seed, actions, a wall clock that stands still), so the same code draws the
same screens; run it again after a change to what the screens show:

    python bench/screenshots.py            # writes docs/screens/console-120x36.svg and room-120x36.svg
    python bench/screenshots.py --quick    # draws both into a temporary folder: CI's check that it still runs
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from crisissim.exercise import load_checked, new_run
from crisissim.exercise.room import open_room
from crisissim.journal import records as rec
from crisissim.scenario.library import resolve
from crisissim.tui.app import CrisisApp
from crisissim.tui.room import RoomApp
from crisissim.tui.session import live_session

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "screens"
T_2H45, T_5H30 = 2 * 3600 + 45 * 60, 5 * 3600 + 30 * 60
HOLDING = "Ziekenhuis Rijnoord onderzoekt een storing in de ICT. De zorg gaat door."
ISOLATING = "Isolatie gestart; geheugenkopieën worden veiliggesteld."


def still() -> float:
    """A wall clock that stands still: nothing on screen moves between two runs."""
    return 1_000.0


def console_at_5h30(folder: Path) -> CrisisApp:
    path = resolve("rijnoord-ransomware")
    loaded = load_checked(path)
    assert loaded.scenario is not None
    scenario = loaded.scenario
    run = new_run(scenario, loaded.text, str(path), seed=scenario.seed, journal_path=folder / "j.sqlite", mode="run")
    session = live_session(run, speed=scenario.speed, wall=still)
    engine = run.engine
    engine.control(rec.Pace.RESUME)
    for to, role, kind, fields in (
        (25 * 60, "it", "choose", {"event": "soc-call", "option": "isolate"}),
        (25 * 60, "it", "reply", {"event": "soc-call", "text": ISOLATING}),
        (T_2H45, "comms", "statement", {"text": HOLDING}),
    ):
        engine.advance_to(to)
        engine.act(role, kind, fields)
    engine.advance_to(T_5H30)
    session.clock.jump_to(T_5H30)
    engine.control(rec.Pace.PAUSE)
    run.journal.commit()
    return CrisisApp(session, report_folder=folder / "reports", live=False)


async def shoot(app: CrisisApp | RoomApp, keys: list[str], target: Path) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*keys)
        await pilot.pause(0.5)
        svg = app.export_screenshot()
    if "T+05:30" not in svg:
        raise SystemExit(f"{target.name}: the screenshot does not show the exercise at T+5:30")
    target.write_text(svg, encoding="utf-8")
    print(f"{target}: written")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="draw into a temporary folder, not docs/screens")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "screens" if args.quick else TARGET
        target.mkdir(parents=True, exist_ok=True)
        console = console_at_5h30(Path(tmp))
        room = RoomApp(open_room(Path(tmp) / "j.sqlite"), wall=still)
        await shoot(console, [], target / "console-120x36.svg")  # the MSEL: the facilitator's own
        await shoot(room, ["f1"], target / "room-120x36.svg")
        room.session.journal.close()
        console.session.run.journal.close()


if __name__ == "__main__":
    asyncio.run(main())
