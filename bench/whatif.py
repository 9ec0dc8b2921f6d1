"""What if in the hot wash: how long ``crisissim whatif`` takes beside a plain ``simulate`` of the same exercise.

The default scenario (72 hours) with the example playbook is played once (``crisissim simulate``);
then, round after round, alternating so that both see the same load on the machine:

- ``simulate``: the same exercise again, into a new journal (the reference);
- ``whatif``: ``crisissim whatif JOURNAL --move statement#1=-1h`` to an HTML report (the journal
  folded, the exercise replayed with the change, the what-if folded, compared and rendered);
- ``report --whatif`` x3: ``crisissim report JOURNAL`` with three what-ifs (the two or three a
  room discusses), to HTML.

Each is a fresh process, as a facilitator runs it; wall time and CPU time (user + system of the
child) are both reported, with the median and the range, and each one's ratio to ``simulate`` of
the same round. The target: a 72-hour what-if in under 10 s of wall time.

Run: python bench/whatif.py              (5 rounds)
     python bench/whatif.py --rounds 3
     python bench/whatif.py --quick      (one round of first-hour-quickstart, 45 minutes: that it
                                          works, not how fast)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
TARGET_S = 10.0
FULL = {
    "scenario": "rijnoord-ransomware",
    "playbook": str(PLAYBOOK),
    "change": ["--move", "statement#1=-1h"],
    "groups": ["--move statement#1=-1h", "--choose ransom-demand=pay", "--drop choose#2"],
}
QUICK = {
    "scenario": "first-hour-quickstart",
    "playbook": None,
    "change": ["--add", "{at: 10m, role: comms, action: statement, text: We are looking into it.}"],
    "groups": ["--add '{at: 10m, role: comms, action: statement, text: We are looking into it.}'"],
}


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``crisissim ARGV`` in a fresh process; exits on a failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "crisissim", *argv], cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"crisissim {' '.join(argv[:2])} ... exited {done.returncode}:\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def simulate_argv(case: dict, journal: Path) -> list[str]:
    argv = ["simulate", case["scenario"], "--journal", str(journal)]
    return argv + (["--playbook", case["playbook"]] if case["playbook"] else [])


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s median ({min(values):.2f} to {max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one round of a 45-minute scenario")
    args = parser.parse_args()
    case, rounds = (QUICK, 1) if args.quick else (FULL, args.rounds)
    results: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "cpu": [], "ratio": []} for name in ("simulate", "whatif", "report --whatif x3")
    }
    with tempfile.TemporaryDirectory(prefix="bench-whatif-") as tmp:
        folder = Path(tmp)
        journal = folder / "exercise.sqlite"
        timed(simulate_argv(case, journal))
        for n in range(rounds):
            wall, cpu = timed(simulate_argv(case, folder / f"again-{n}.sqlite"))
            results["simulate"]["wall"].append(wall)
            results["simulate"]["cpu"].append(cpu)
            out = folder / f"whatif-{n}.json"
            w_wall, w_cpu = timed(["whatif", str(journal), *case["change"], "-o", str(out)])
            data = json.loads(out.read_text(encoding="utf-8"))
            if not data.get("whatifs") or "posts" not in data["whatifs"][0]["whatif"]:
                sys.exit("the what-if's JSON has no what-if with the debrief's keys")
            results["whatif"]["wall"].append(w_wall)
            results["whatif"]["cpu"].append(w_cpu)
            results["whatif"]["ratio"].append(w_wall / wall)
            groups = [arg for g in case["groups"] for arg in ("--whatif", g)]
            r_wall, r_cpu = timed(["report", str(journal), *groups, "-o", str(folder / f"report-{n}.html")])
            results["report --whatif x3"]["wall"].append(r_wall)
            results["report --whatif x3"]["cpu"].append(r_cpu)
            results["report --whatif x3"]["ratio"].append(r_wall / wall)
            os.unlink(folder / f"again-{n}.sqlite")
    name = f"{case['scenario']}{' + example playbook' if case['playbook'] else ''}, {rounds} round(s)"
    print(f"What if beside simulate: {name}, each a fresh `crisissim` process")
    print()
    print("| command | wall time | CPU time (user + sys) | wall / simulate of the same round |")
    print("|---|---|---|---|")
    for label, r in results.items():
        ratio = (
            "1"
            if label == "simulate"
            else f"{statistics.median(r['ratio']):.2f} ({min(r['ratio']):.2f} to {max(r['ratio']):.2f})"
        )
        print(f"| `{label}` | {spread(r['wall'])} | {spread(r['cpu'])} | {ratio} |")
    worst = max(results["whatif"]["wall"])
    print()
    print(
        f"slowest what-if: {worst:.2f} s (target: under {TARGET_S:.0f} s)"
        + (" (quick: not timed)" if args.quick else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
