"""The debrief JSON of every built-in scenario stays byte-identical across refactors.

Plays each built-in scenario headless (a silent team, and the default, NIS2 and DORA scenarios with
their example playbooks too) and compares the debrief JSON, wall time aside, with the copies kept in
``tests/golden/``. ``--write`` records new copies (only when a change of behaviour is meant).

    python bench/debrief_identity.py          # compare; exit 1 on a difference
    python bench/debrief_identity.py --write  # record
    python bench/debrief_identity.py --quick  # the same (it takes seconds already): for CI
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "docs" / "examples"
#: The scenarios played by a scripted team too, each with its example playbook: the default
#: scenario, and the two whose regimes (NIS2, DORA) only a team that files exercises.
PLAYBOOKS = {
    "rijnoord-ransomware": EXAMPLES / "rijnoord-team.playbook.yaml",
    "lindemeer-drinkwater": EXAMPLES / "lindemeer-team.playbook.yaml",
    "zuiderhaven-bank-storing": EXAMPLES / "zuiderhaven-team.playbook.yaml",
}


def cases() -> list[tuple[str, str, Path | None]]:
    from crisissim.scenario.library import builtin_scenarios

    found = [(f"{sid}.silent", sid, None) for sid in builtin_scenarios()]
    return [*found, *((f"{sid}.playbook", sid, playbook) for sid, playbook in PLAYBOOKS.items())]


def debrief_json(scenario_id: str, playbook: Path | None, folder: Path) -> str:
    """The debrief JSON text of one headless run, with ``wall_seconds`` set to 0 and the journal's last hash blank."""
    from crisissim.cli import main

    journal = folder / f"{scenario_id}-{'pb' if playbook else 'silent'}.sqlite"
    out = folder / f"{journal.stem}.json"
    argv = ["simulate", scenario_id, "--journal", str(journal), "--report", str(out)]
    if playbook is not None:
        argv += ["--playbook", str(playbook)]
    code = main(argv)
    if code != 0:
        raise SystemExit(f"simulate {scenario_id} exited {code}")
    data = json.loads(out.read_text(encoding="utf-8"))
    data["wall_seconds"] = 0
    data["journal"]["head"] = ""  # the hash chain covers wall time, so its last hash differs from run to run
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="record the copies in tests/golden/")
    parser.add_argument("--quick", action="store_true", help="accepted for CI; the comparison is quick already")
    args = parser.parse_args()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, scenario_id, playbook in cases():
            text = debrief_json(scenario_id, playbook, Path(tmp))
            target = GOLDEN / f"{name}.json"
            if args.write:
                target.write_text(text, encoding="utf-8")
                print(f"{target.relative_to(ROOT)}: written")
            elif not target.exists() or target.read_text(encoding="utf-8") != text:
                differ += 1
                print(f"{target.relative_to(ROOT)}: DIFFERS")
            else:
                print(f"{target.relative_to(ROOT)}: identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
