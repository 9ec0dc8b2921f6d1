"""A seeded mutator of scenarios and playbooks, and the child process that runs the cases.

The mutator works on the YAML's data (delete a key, change a type, a huge, negative or infinite
number, an impossible date, a long text, control characters, a ``null:`` key) and then on the text
(a NUL byte, a cut, a tab). Each case is run through the command line's own ``main`` (validate, then
simulate when it validates) in one child process that holds itself to a memory limit and each case
to a limit of CPU time, so that a case that hangs or grows is reported, never left to hang the tests.

Run the child by hand to explore further than the test does::

    python -m tests.fuzz_support --cases 300 --seed 7
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
#: Each case may take this much CPU time (not wall time: the machine may be shared) ...
CASE_SECONDS = 10
#: ... and the child this much memory beyond what it holds once crisissim is imported.
CASE_BYTES = 1024**3

#: Values a mutation puts in place of another: every type, and the numbers and texts that broke things.
NUMBERS: list[Any] = [10**20, -(10**20), float("inf"), float("-inf"), float("nan"), 1e308, -5, 0, 2**63, 0.5]
TYPES: list[Any] = [None, True, False, 0, "text", [], {}, [1, "two"], {"a": 1}, "1h", "-30m"]
TEXTS: list[str] = [
    "x" * 20_000,
    "\u202e" + "lees dit" * 2_000,
    "nul\x00byte",
    "esc\x1b[2Jcleared",
    "\u202eevil\u2066",
    "line\r\nbreak",
    '\t=HYPERLINK("http://evil.example")',
    "{{ fake.name() }}",
    "",
]
#: YAML written unquoted in the text after dumping (safe_dump would quote them as strings).
RAW = ["2026-02-30", "2026-13-01T09:00:00", "2026-03-02T25:00:00", "9999-12-31T23:59:00", "999999999d", ".inf", "~"]


@dataclass(frozen=True)
class Case:
    """One mutated file and what to run on it."""

    name: str
    kind: str  # "scenario" or "playbook"
    text: str
    mutations: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    name: str
    mutations: tuple[str, ...]
    commands: tuple[tuple[str, int | str, str], ...]
    """(command, exit code or 'hang'/'memory', stderr) for each command run."""


def _paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*path, i))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def mutate(data: Any, rng: random.Random) -> tuple[Any, str, dict[str, str]]:
    """One mutation of ``data`` in place; returns the data, what was done, and the raw texts to
    write unquoted (placeholder to YAML)."""
    paths = [p for p in _paths(data) if p]
    path = rng.choice(paths)
    parent, last = _parent(data, path), path[-1]
    op = rng.choice(["delete", "type", "number", "text", "raw", "null-key", "duplicate"])
    raw: dict[str, str] = {}
    if op == "delete":
        del parent[last]
    elif op == "type":
        parent[last] = rng.choice(TYPES)
    elif op == "number":
        parent[last] = rng.choice(NUMBERS)
    elif op == "text":
        parent[last] = rng.choice(TEXTS)
    elif op == "raw":
        marker = f"@@raw{rng.randrange(10**9)}@@"
        raw[marker] = rng.choice(RAW)
        parent[last] = marker
    elif op == "null-key" and isinstance(parent, dict):
        parent[None] = parent.pop(last)
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    else:
        parent[last] = rng.choice(TYPES)
        op = "type"
    return data, f"{op} {'/'.join(map(str, path))}"[:120], raw


def dump(data: Any, raw: dict[str, str]) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
    for marker, value in raw.items():
        text = text.replace(f"'{marker}'", value).replace(marker, value)
    return text


def text_mutation(text: str, rng: random.Random) -> tuple[str, str]:
    at = rng.randrange(max(1, len(text)))
    op = rng.choice(["nul", "cut", "tab"])
    if op == "nul":
        return text[:at] + "\x00" + text[at:], f"NUL at {at}"
    if op == "cut":
        return text[:at], f"cut at {at}"
    line_start = text.rfind("\n", 0, at) + 1
    return text[:line_start] + "\t" + text[line_start:], f"tab at {line_start}"


def cases(count: int, seed: int, playbooks: int, bases: list[str]) -> list[Case]:
    """``count`` mutated scenarios (round-robin over ``bases``) and ``playbooks`` mutated playbooks."""
    rng = random.Random(seed)
    out: list[Case] = []
    sources = {name: (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8") for name in bases}
    for n in range(count + playbooks):
        kind = "scenario" if n < count else "playbook"
        base = bases[n % len(bases)] if kind == "scenario" else "rijnoord-ransomware"
        source = sources[base] if kind == "scenario" else PLAYBOOK.read_text(encoding="utf-8")
        data = yaml.safe_load(source)
        done: list[str] = []
        raw: dict[str, str] = {}
        for _ in range(rng.choice([1, 1, 2, 3])):
            data, what, more = mutate(data, rng)
            done.append(what)
            raw |= more
        text = dump(data, raw)
        if rng.random() < 0.15:
            text, what = text_mutation(text, rng)
            done.append(what)
        out.append(Case(f"{kind}-{n}-{base}", kind, text, tuple(done)))
    return out


class Hang(BaseException):
    """A case ran out of its CPU time (a BaseException: the command line catches Exception)."""


def _on_alarm(_signum: int, _frame: object) -> None:
    raise Hang


def _run(argv: list[str]) -> tuple[int | str, str]:
    from crisissim.cli import main

    err, out = io.StringIO(), io.StringIO()
    signal.setitimer(signal.ITIMER_PROF, CASE_SECONDS)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code: int | str = main(argv)
    except Hang:
        code = "hang"
    except MemoryError:
        code = "memory"
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 2
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return code, err.getvalue()


def run_cases(batch: list[Case]) -> list[Result]:
    """Run every case here, in this process (the child): validate, then simulate if it validated."""
    # imported before the memory is measured, so that the limit is on what a case adds
    import crisissim.cli
    import crisissim.exercise.simulate
    import crisissim.scenario.msel_import

    del crisissim

    signal.signal(signal.SIGPROF, _on_alarm)
    with open("/proc/self/statm") as statm:
        held = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (held + CASE_BYTES, resource.RLIM_INFINITY))
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for n, case in enumerate(batch):
            path = Path(folder) / f"case-{n}.yaml"
            path.write_bytes(case.text.encode("utf-8", errors="surrogatepass"))
            journal = str(Path(folder) / f"case-{n}.sqlite")
            commands: list[tuple[str, int | str, str]] = []
            if case.kind == "scenario":
                code, err = _run(["validate", str(path)])
                commands.append(("validate", code, err))
                if code == 0:
                    code, err = _run(["simulate", str(path), "--journal", journal])
                    commands.append(("simulate", code, err))
            else:
                code, err = _run(["simulate", "rijnoord-ransomware", "--playbook", str(path), "--journal", journal])
                commands.append(("simulate --playbook", code, err))
            results.append(Result(case.name, case.mutations, tuple(commands)))
    return results


def main() -> None:
    """The child: cases as JSON on stdin (or made here from --cases and --seed), results as JSON out."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int)
    parser.add_argument("--playbooks", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cases is not None:
        bases = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
        batch = cases(args.cases, args.seed, args.playbooks, bases)
    else:
        batch = [Case(c["name"], c["kind"], c["text"], tuple(c["mutations"])) for c in json.load(sys.stdin)]
    begun = time.monotonic()
    results = run_cases(batch)
    json.dump({"seconds": time.monotonic() - begun, "results": [asdict(r) for r in results]}, sys.stdout)


if __name__ == "__main__":
    main()
