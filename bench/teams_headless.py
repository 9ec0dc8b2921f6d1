"""What a team costs in a many-team headless exercise, and what the comparative report costs.

``simulate --teams`` plays the teams one after the other, each as ``simulate`` plays one team
alone; so N teams should cost N times one team, no more (nothing is shared between the teams'
runs that could grow with N). The comparative report folds each team's journal once, as each
team's own report does, so it should cost about the sum of their folds. Side by side in one run,
for the default scenario with the example playbook:

* one team alone (``start_simulation`` + ``play``), against each team of ``--teams`` playing the
  same playbook (the mean per team of ``prepare_teams`` + ``play_teams``): the ratio per team;
* one team's own report (HTML), against the comparative report of N teams (HTML, each team's own
  report written beside it, as ``report --teams -o FILE`` does): the ratio per team.

Each is repeated; medians and the spread (lowest to highest) are printed. ``--screenshot PNG``
also plays the teams with different playbooks (the example team, the hesitant team, silence) and
renders their comparative report's chart in headless Chromium (/usr/bin/chromium, through
Playwright) for docs/teams.md.

Run: python bench/teams_headless.py                 (3 teams, 3 repetitions: about 2 minutes)
     python bench/teams_headless.py --teams 5       (any number of teams)
     python bench/teams_headless.py --screenshot docs/screens/teams-chart.png
     python bench/teams_headless.py --quick         (the 45-minute quickstart, 2 teams, once: that it works)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from crisissim.exercise.reports import save_report
from crisissim.exercise.simulate import start_simulation
from crisissim.exercise.team_reports import teams_report
from crisissim.exercise.team_runs import play_teams, prepare_teams
from crisissim.scenario.library import DEFAULT_SCENARIO
from crisissim.scenario.teams import teams_from_list

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
LATE = ROOT / "docs" / "examples" / "rijnoord-hesitant.playbook.yaml"
CHROMIUM = "/usr/bin/chromium"


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s median ({min(times):.2f} to {max(times):.2f})"


def playbooks(names: list[str], quick: bool, *, mixed: bool = False) -> list[str]:
    """For the timings, every team the example team (the one played alone): each team then costs
    what one alone does. ``mixed``: the example team for the first, the hesitant team for the
    second, silence for the rest (a silent team's storms run several times as many posts), for the
    screenshot."""
    if quick:
        return []
    if not mixed:
        return [str(PLAYBOOK)]
    books = [f"{names[0]}={PLAYBOOK}"]
    if len(names) > 1:
        books.append(f"{names[1]}={LATE}")
    return books + [f"{name}=" for name in names[2:]]


def screenshot(html: Path, target: Path) -> None:
    """The comparative report's chart, as a browser draws it, into ``target`` (PNG)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1120, "height": 900})
        page.goto(html.resolve().as_uri())
        page.locator("#curves + figure").screenshot(path=str(target))
        browser.close()
    print(f"screenshot: {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the quickstart scenario, 2 teams, once (for CI)")
    parser.add_argument("--teams", type=int, default=3, help="how many teams (default 3)")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help="also render the chart to this file")
    args = parser.parse_args()
    quick = args.quick
    scenario = "first-hour-quickstart" if quick else DEFAULT_SCENARIO
    count, repeats = (2, 1) if quick else (args.teams, args.repeats)
    names = [f"team{n + 1}" for n in range(count)]
    plan, problems = teams_from_list(",".join(names))
    assert plan is not None, problems
    alone_times, team_times, own_times, compare_times = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = None if quick else str(PLAYBOOK)
        shared = playbooks(names, quick)
        start_simulation(scenario, playbook=book, journal=folder / "warm.sqlite").play()  # imports, caches: untimed
        save_report(folder / "warm.sqlite", str(folder / "warm.html"), "html")  # the templates compiled: untimed
        for r in range(repeats):
            alone = folder / f"alone{r}.sqlite"
            alone_times.append(timed(lambda j=alone: start_simulation(scenario, playbook=book, journal=j).play()))
            base = str(folder / f"ex{r}.sqlite")
            team_times.append(
                timed(lambda b=base: play_teams(prepare_teams(scenario, plan, journal=b, playbooks=shared))) / count
            )
            own = str(folder / f"alone{r}.html")
            own_times.append(timed(lambda j=alone, o=own: save_report(j, o, "html")))
            target = folder / "reports" / f"ex{r}.html"
            compare_times.append(timed(lambda b=base, t=str(target): teams_report(b, t, "html")) / count)
            if not target.is_file() or len(list(target.parent.glob(f"ex{r}.team*.html"))) != count:
                print(f"the comparative report or a team's own report was not written: {target}")
                return 1
        print(f"{scenario}, {count} teams, {repeats} repetition(s)")
        print(f"{'what':44} {'time':34} ratio")
        alone_m, team_m = statistics.median(alone_times), statistics.median(team_times)
        own_m, compare_m = statistics.median(own_times), statistics.median(compare_times)
        print(f"{'one team alone: simulate':44} {spread(alone_times):34} 1.00")
        print(f"{'each team of --teams: simulate (per team)':44} {spread(team_times):34} {team_m / alone_m:.2f}")
        print(f"{'one team: its own report (html)':44} {spread(own_times):34} 1.00")
        print(f"{'comparative report (html, per team)':44} {spread(compare_times):34} {compare_m / own_m:.2f}")
        if args.screenshot:
            base = str(folder / "mixed.sqlite")
            play_teams(prepare_teams(scenario, plan, journal=base, playbooks=playbooks(names, quick, mixed=True)))
            teams_report(base, str(folder / "reports" / "mixed.html"), "html")
            screenshot(folder / "reports" / "mixed.html", args.screenshot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
