"""``crisissim report JOURNAL -o report.pdf``: the report on paper, several A4 pages, its text
readable, its emoji printed with a font that has them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is needed by WeasyPrint")
def test_the_default_scenario_prints_as_a_pdf(tmp_path):
    journal, pdf = tmp_path / "run.sqlite", tmp_path / "report.pdf"
    cli = [sys.executable, "-m", "crisissim"]
    played = subprocess.run(
        [*cli, "simulate", "rijnoord-ransomware", "--playbook", str(PLAYBOOK), "--journal", str(journal)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert played.returncode == 0, played.stderr
    done = subprocess.run([*cli, "report", str(journal), "-o", str(pdf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"report: {pdf}" in done.stdout
    reader = PdfReader(pdf)
    assert len(reader.pages) > 5
    text = " ".join(page.extract_text() for page in reader.pages[:2])
    assert "Ransomware en datalek met patiëntgegevens bij Ziekenhuis Rijnoord" in " ".join(text.split())
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
        if "/BaseFont" in font.get_object()
    }
    assert any("Symbola" in name for name in fonts), fonts  # the crowd's 🔒 and 🧵 are glyphs, not boxes


def test_a_pdf_is_refused_where_only_text_is_written(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "crisissim", "simulate", "rijnoord-ransomware", "--report", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "unknown format 'pdf'" in done.stderr and "Traceback" not in done.stderr
