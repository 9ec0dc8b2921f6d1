"""How long ``crisissim --version`` takes over a bare Python start, and how long an alias bomb
takes to be refused.

Run: python bench/startup.py            (15 starts of each, min and median)
     python bench/startup.py --quick    (3 starts of each: that it works, not how fast)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def best_of(command: list[str], runs: int = 15) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def alias_bomb_seconds() -> float:
    from crisissim.scenario import parse

    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    started = time.perf_counter()
    loaded = parse("\n".join(lines).encode(), "bomb.yaml")
    assert loaded.problems and "alias bomb" in loaded.problems[0].what
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 starts of each instead of 15 (for CI)")
    args = parser.parse_args()
    runs = 3 if args.quick else 15
    bare_min, bare_med = best_of([sys.executable, "-c", "pass"], runs)
    ver_min, ver_med = best_of([sys.executable, "-m", "crisissim", "--version"], runs)
    print(f"bare python start      min {bare_min * 1000:6.1f} ms  median {bare_med * 1000:6.1f} ms")
    print(f"crisissim --version    min {ver_min * 1000:6.1f} ms  median {ver_med * 1000:6.1f} ms")
    print(f"--version over bare    median {(ver_med - bare_med) * 1000:6.1f} ms (limit 300 ms)")
    print(f"alias bomb (10**10 values if expanded) refused in {alias_bomb_seconds() * 1000:.1f} ms")


if __name__ == "__main__":
    main()
