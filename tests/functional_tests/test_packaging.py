"""The wheel carries the built-in library, so that ``pip install .`` works from any folder."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_scenarios_and_personas(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("crisissim-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("scenarios", "personas"):
        shipped = {Path(n).name for n in names if n.startswith(f"crisissim/_library/{folder}/")}
        expected = {p.name for p in (ROOT / folder).glob("*.yaml")}
        assert expected and shipped == expected
    assert "crisissim/cli.py" in names
    for needed in (
        "crisissim/tui/styles/app.tcss",
        "crisissim/debrief/templates/report.html.j2",
        "crisissim/debrief/templates/report.md.j2",
    ):
        assert needed in names, needed
