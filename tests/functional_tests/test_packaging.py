"""The wheel carries what an installed crisissim needs: the built-in library, the screen styles,
the report templates, the seat page's templates and files, and the message catalogues compiled
(hatch_build.py), not their sources.

One wheel is built for the module: ``pip install .`` works from any folder only if it ships all of it.
"""

import gettext
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from crisissim import i18n

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(folder)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [built] = folder.glob("crisissim-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_ships_scenarios_and_personas(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    for folder in ("scenarios", "personas"):
        shipped = {Path(n).name for n in names if n.startswith(f"crisissim/_library/{folder}/")}
        expected = {p.name for p in (ROOT / folder).glob("*.yaml")}
        assert expected and shipped == expected
    assert "crisissim/cli.py" in names
    for needed in (
        "crisissim/tui/styles/app.tcss",
        "crisissim/tui/control/control.tcss",
        "crisissim/debrief/templates/report.html.j2",
        "crisissim/debrief/templates/report.md.j2",
        "crisissim/debrief/templates/compare.html.j2",
        "crisissim/debrief/templates/compare.md.j2",
        # the seats' web app: its pages and the files it serves itself (nothing from elsewhere)
        *(
            f"crisissim/web/templates/{name}"
            for name in ("base.html", "join.html", "seat.html", "form.html", "choose.html")
        ),
        *(f"crisissim/web/static/{name}" for name in ("seat.css", "seat.js", "icon.svg")),
    ):
        assert needed in names, needed


def test_wheel_ships_compiled_catalogues(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    for language in i18n.LANGUAGES:
        compiled = f"crisissim/locale/{language}/LC_MESSAGES/crisissim.mo"
        assert compiled in names
        translations = gettext.GNUTranslations(io.BytesIO(wheel.read(compiled)))
        assert translations.gettext("Send") == {"en": "Send", "nl": "Versturen"}[language]
    assert not [n for n in names if n.endswith((".po", ".pot"))]
