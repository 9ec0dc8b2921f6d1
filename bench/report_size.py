"""How long the after-action report takes, and how big it gets, for a 72-hour journal with
about 100 000 posts (the storms of bench/engine_throughput.py, played by a silent team).

Run: python bench/report_size.py            (3 reports per format)
     python bench/report_size.py --quick    (storms at 1/20 of the rate, one report per format:
                                             that it works, not how fast)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from engine_throughput import QUICK_SCALE, write_scenario

from crisissim.debrief.export import report_text
from crisissim.engine.drivers import play
from crisissim.exercise import load_checked, new_run
from crisissim.journal import Journal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a journal of about 5 000 posts, one report per format (for CI)"
    )
    args = parser.parse_args()
    scale, repeats = (QUICK_SCALE, 1) if args.quick else (1.0, 3)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario_path = write_scenario(folder, scale)
        loaded = load_checked(scenario_path)
        run = new_run(
            loaded.scenario,
            loaded.text,
            str(scenario_path),
            seed=loaded.scenario.seed,
            journal_path=folder / "big.sqlite",
            mode="simulate",
        )
        play(run.engine)
        run.journal.close()
        with Journal.open(folder / "big.sqlite", readonly=True) as journal:
            posts = journal.count("post")
            print(f"journal: {posts} posts, {journal.count()} records")
            for fmt in ("html", "md", "json"):
                times, size = [], 0
                for _ in range(repeats):
                    started = time.perf_counter()
                    text = report_text(journal, fmt)
                    times.append(time.perf_counter() - started)
                    size = len(text.encode("utf-8"))
                print(
                    f"{fmt:5} median {statistics.median(times):.2f} s  (runs {', '.join(f'{t:.2f}' for t in times)})"
                    f"  size {size / 1024:.0f} KiB"
                )


if __name__ == "__main__":
    main()
