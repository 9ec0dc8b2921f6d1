"""The wheel carries the message catalogues compiled (hatch_build.py), and not their sources."""

import gettext
import io
import subprocess
import sys
import zipfile
from pathlib import Path

from crisissim import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_compiled_catalogues(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("crisissim-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for language in i18n.LANGUAGES:
            compiled = f"crisissim/locale/{language}/LC_MESSAGES/crisissim.mo"
            assert compiled in names
            translations = gettext.GNUTranslations(io.BytesIO(archive.read(compiled)))
            assert translations.gettext("Send") == {"en": "Send", "nl": "Versturen"}[language]
    assert not [n for n in names if n.endswith((".po", ".pot"))]
    assert "crisissim/i18n.py" in names
