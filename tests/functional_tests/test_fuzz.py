"""The built-in scenarios and playbook, mutated: every result is exit 0 or a located exit 2.

Never a traceback, an exit 1, a case over 10 s of CPU time or over 1 GB (tests/fuzz_support.py
runs the cases in a child process that holds them to those limits). The seed is fixed, so a
failure is the same failure on every machine; ``CRISISSIM_FUZZ_SEED`` and ``CRISISSIM_FUZZ_CASES``
explore further.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import asdict

from tests.fuzz_support import ROOT, SCENARIOS, cases

SEED = int(os.environ.get("CRISISSIM_FUZZ_SEED", "13"))
#: About a minute on a shared CI machine: mostly cheap refusals, some full simulations.
SCENARIO_CASES = int(os.environ.get("CRISISSIM_FUZZ_CASES", "48"))
PLAYBOOK_CASES = 6
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): \S")


def test_mutated_inputs_exit_0_or_a_located_2():
    bases = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    batch = cases(SCENARIO_CASES, SEED, PLAYBOOK_CASES, bases)
    child = subprocess.run(
        [sys.executable, "-m", "tests.fuzz_support"],
        input=json.dumps([asdict(c) for c in batch]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    results = json.loads(child.stdout)["results"]
    assert len(results) == len(batch)
    failures = []
    codes = set()
    for result in results:
        for command, code, err in result["commands"]:
            codes.add((command, code))
            lines = [line for line in err.splitlines() if line.strip()]
            if code not in (0, 2):
                why = f"exit {code}"
            elif "Traceback" in err:
                why = "a traceback"
            elif code == 2 and not lines:
                why = "exit 2 without a line"
            elif code == 2 and not all(LOCATED.match(line) or line.startswith("warning: ") for line in lines):
                why = "a line without its place"
            elif any(len(line) > 700 for line in lines):
                why = "a line longer than a line"
            else:
                continue
            failures.append(f"{result['name']} {result['mutations']}: {command}: {why}\n{err[:800]}")
    assert failures == []
    # the mutations reach both ends: refusals, and scenarios that still play to their end
    assert ("validate", 2) in codes and ("simulate", 0) in codes
