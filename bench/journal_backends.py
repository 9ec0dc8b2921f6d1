"""The journal's two backends side by side: posts per second into SQLite and into PostgreSQL on loopback.

Three measures, each on a fresh journal in each backend, in one run so the machine is the same:

- **storm**: storms' posts as the engine writes them (``append_many`` of pre-encoded posts, 5 000
  per batch, a commit after each batch: ``engine.sinks.POST_BATCH``), in posts per second;
- **steps**: one record and a commit per step (what a team's action or an inject costs: the
  engine commits after each), in commits per second;
- **simulate**: the default scenario with the example playbook played headless to EndEx
  (``crisissim simulate``: the engine, its storms and the journal), in seconds.

PostgreSQL is a throwaway server started for the run (tests/postgres_server.py) listening on
127.0.0.1, with its defaults (fsync on); it is measured twice, with durable commits
(``synchronous_commit=on``, the default: each commit waits for the WAL on disk) and with
``synchronous_commit=off`` (a crash may lose the last few hundred milliseconds of commits, never
consistency: about what SQLite's ``synchronous=NORMAL`` in WAL mode, which crisissim uses, promises).
Where PostgreSQL cannot be started, only SQLite is measured and the reason is printed.

Run: python bench/journal_backends.py           (full: 100 000 posts, 2 000 steps, 3 simulates each; about 1 min)
     python bench/journal_backends.py --quick   (10 000 posts, 200 steps, no simulate: that it works)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crisissim.engine.sinks import POST_BATCH  # noqa: E402
from crisissim.journal import create_store, open_store  # noqa: E402
from crisissim.journal import records as rec  # noqa: E402
from crisissim.journal.interface import Row  # noqa: E402
from tests import postgres_server  # noqa: E402

META = {"scenario_id": "bench-journal", "seed": "7", "scenario_text": "crisissim: 1\nid: bench-journal\n" * 40}


def posts(n: int) -> list[Row]:
    """``n`` storm posts as the engine encodes them (``rec.encode_post``), a realistic size each."""
    out: list[Row] = []
    for i in range(n):
        post = rec.Post(
            storm="rumour",
            n=i + 1,
            name="Sanne de Vries",
            handle=f"@sanne{i % 500}",
            persona="worried-patient",
            followers=100 + i % 900,
            verified=i % 50 == 0,
            text=f"Klopt het dat mijn gegevens op straat liggen? Ziekenhuis Rijnoord zegt niets. #datalek #{i % 7}",
            sentiment=-0.5,
            likes=i % 40,
            reposts=i % 9,
        )
        out.append((60.0 + i * 0.5, 1_768_208_400.0 + i * 0.01, "post", None, rec.encode_post(post)))
    return out


def storm(location: str, n: int) -> float:
    """Posts per second through ``append_many`` in engine-sized batches, a commit after each."""
    batch = posts(n)
    with create_store(location, META) as store:
        started = time.perf_counter()
        for i in range(0, n, POST_BATCH):
            store.append_many(batch[i : i + POST_BATCH])
            store.commit()
        elapsed = time.perf_counter() - started
        assert store.count() == n
    return n / elapsed


def steps(location: str, n: int) -> float:
    """Commits per second: one typed record and a commit each, as an engine step writes an action."""
    action = rec.Action(action="statement", fields={"text": "We onderzoeken het incident en informeren u vandaag."})
    with create_store(location, META) as store:
        started = time.perf_counter()
        for i in range(n):
            store.append_record(float(i), 1_768_208_400.0 + i, "comms", action)
            store.commit()
        elapsed = time.perf_counter() - started
    with open_store(location, readonly=True) as reader:
        assert reader.count() == n
    return n / elapsed


def simulate(location: str) -> float:
    """Seconds for ``crisissim simulate`` of the default scenario with the example playbook, in this process."""
    from crisissim.exercise.simulate import start_simulation

    started = time.perf_counter()
    start_simulation(
        "rijnoord-ransomware", playbook=str(ROOT / "docs/examples/rijnoord-team.playbook.yaml"), journal=location
    ).play()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts and no simulate: that it works")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args()
    n_posts, n_steps = (10_000, 200) if args.quick else (100_000, 2_000)

    folder = Path(tempfile.mkdtemp(prefix="crisissim-bench-"))
    backends: dict[str, object] = {"SQLite (WAL, synchronous=NORMAL)": lambda name: str(folder / f"{name}.sqlite")}
    server = None
    try:
        server = postgres_server.start(tcp=True, durable=True)
    except postgres_server.Unavailable as exc:
        print(f"{exc}: only SQLite is measured", file=sys.stderr)
    if server is not None:
        lazy = quote("-c synchronous_commit=off", safe="")
        backends["PostgreSQL, loopback (synchronous_commit=on)"] = lambda name: server.url(name, tcp=True)
        backends["PostgreSQL, loopback (synchronous_commit=off)"] = lambda name: (
            server.url(name, tcp=True) + f"&options={lazy}"
        )
    figures: dict[str, dict[str, float]] = {}
    if not args.quick:
        simulate(str(folder / "warm-up.sqlite"))  # imports, the scenario's checks, Faker: not the journal's time
    try:
        for b, (label, place) in enumerate(backends.items()):
            assert callable(place)
            row = {
                "storm_posts_per_s": statistics.median(storm(place(f"storm{b}-{i}"), n_posts) for i in range(3)),
                "steps_commits_per_s": statistics.median(steps(place(f"steps{b}-{i}"), n_steps) for i in range(3)),
            }
            if not args.quick:
                row["simulate_s"] = statistics.median(simulate(place(f"simulate{b}-{i}")) for i in range(3))
            figures[label] = row
    finally:
        if server is not None:
            server.stop()
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    base = figures["SQLite (WAL, synchronous=NORMAL)"]
    print(
        f"{n_posts} posts in batches of {POST_BATCH}, {n_steps} steps, simulate of rijnoord-ransomware; median of 3\n"
    )
    print(f"{'backend':48} {'storm posts/s':>14} {'ratio':>6} {'steps commits/s':>16} {'ratio':>6} {'simulate':>9}")
    for label, row in figures.items():
        sim = f"{row['simulate_s']:8.2f}s" if "simulate_s" in row else f"{'-':>9}"
        print(
            f"{label:48} {row['storm_posts_per_s']:14,.0f} {row['storm_posts_per_s'] / base['storm_posts_per_s']:6.2f}"
            f" {row['steps_commits_per_s']:16,.0f} {row['steps_commits_per_s'] / base['steps_commits_per_s']:6.2f}"
            f" {sim}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
