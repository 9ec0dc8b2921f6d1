"""CSV crisissim writes is safe to open in a spreadsheet: formula cells neutralised (OWASP)."""

from __future__ import annotations

import csv

from crisissim.cli import main
from tests.conftest import VALID, edit


def test_timeline_csv_neutralises_formula_cells_and_keeps_a_leading_tab(tmp_path, write_scenario, capsys):
    text = edit(VALID, "title: Outbound traffic alert", "title: '=HYPERLINK(\"http://evil.example\")'")
    text = edit(text, "    from: SOC\n", '    from: "\\t=1+1"\n')
    text = edit(text, "title: Systems isolated", "title: '@SUM(1+9)*cmd|'' /C calc''!A0'")
    text = edit(text, "body: More data left.", 'body: "\\r-2+3"')
    out = tmp_path / "msel.csv"
    assert main(["timeline", str(write_scenario(text)), "--csv", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'\t=1+1" in cells
    assert "'@SUM(1+9)*cmd|' /C calc'!A0" in cells
    assert "'\r-2+3" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_a_csv_that_cannot_be_written_is_a_line_and_exit_2(tmp_path, capsys):
    assert main(["timeline", "first-hour-quickstart", "--csv", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{tmp_path}: error: file: is a folder; name a file\n"
    missing = tmp_path / "no-such-folder" / "msel.csv"
    assert main(["timeline", "first-hour-quickstart", "--csv", str(missing)]) == 2
    assert capsys.readouterr().err == f"{missing}: error: file: cannot be written: No such file or directory\n"
