"""A spreadsheet MSEL (CSV or XLSX) made into a scenario: what ``crisissim import`` writes.

Facilitators keep their master scenario events list in a spreadsheet: a title row or two,
a header row in their own words (English or Dutch), then one row per inject with a time,
a title, a text, sender, recipients, a method, the expected action and notes for the
controllers. :func:`import_msel` finds the header, reads each row into an event, and writes
a complete scenario that ``validate`` accepts. A row that cannot be read (a time such as
"soon") is reported as a :class:`Problem` at its row and column and left out; the rest is
still imported.

The choices (how clock times become scenario times, who an expected action is for, how
imported text is kept from being read as a template) are written down in
``docs/authoring.md`` under "Importing a spreadsheet MSEL".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypedDict

import yaml

from crisissim.i18n import LANGUAGES, translator
from crisissim.safetext import shown
from crisissim.scenario.durations import (
    MAX_DURATION_S,
    TOO_LONG,
    DurationError,
    format_duration,
    format_offset,
    parse_duration,
)
from crisissim.scenario.model import EXPECTED_ACTIONS, SLUG
from crisissim.scenario.problems import Problem, Severity

__all__ = ["ImportResult", "escape_template", "import_msel", "slugify"]

#: Window of an expectation whose text names none.
DEFAULT_WITHIN = 30 * 60
#: How far down the header row may be (title rows, logos, version lines above it).
HEADER_SEARCH_ROWS = 30
#: Clock times before this hour, with no day or date, are read as time since T+0.
ELAPSED_BEFORE = 3600
#: A header cell names a column in a few words; a longer cell is data.
MAX_HEADER_WORDS = 5

TIME_HINT = "write it as T+1:30, 1:30, 90 (minutes), 90m, 1h30m, 1u30 or Day 2 09:00"


@dataclass
class ImportResult:
    """The scenario text, the rows that could not be read, and how many rows became events.

    ``text`` is empty when nothing could be imported (no file, no header row, no readable
    row); then ``problems`` says why. Otherwise it is a complete scenario that ``validate``
    accepts, perhaps with warnings, even when some rows were left out.
    """

    text: str
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0


# --- columns ------------------------------------------------------------------------------------

#: Canonical column names, as ``timeline --csv`` writes them; also WHERE in problems.
COLUMN_NAMES = {
    "number": "#",
    "time": "scenario time",
    "title": "title",
    "description": "description",
    "sender": "from",
    "to": "to",
    "method": "method",
    "expected": "expected action",
    "notes": "controller notes",
    "objectives": "objectives",
    "phase": "phase",
}

# Header words per column and language ("" where English and Dutch write them alike), "|" between.
_ALIAS_TEXT: dict[str, dict[str, str]] = {
    "number": {
        "": "# | id",
        "en": "no | number | inject no | inject number | inject # | inject id | event # | event no | serial | seq",
        "nl": "nr | inject nr | nummer | volgnr | volgnummer",
    },
    "time": {
        "en": "time | scenario time | sim time | simulation time | exercise time | timing | offset | elapsed | when",
        "": "t +",
        "nl": "tijd | scenariotijd | scenario tijd | tijdstip | oefentijd",
    },
    "title": {
        "en": "title | event | subject | headline",
        "nl": "onderwerp | titel | gebeurtenis | kop",
    },
    "description": {
        "en": "description | details | detail | message | text | content | inject text | inject description",
        "": "inject",
        "nl": "omschrijving | beschrijving | bericht | inhoud | tekst",
    },
    "sender": {
        "en": "from | originator | sender | source",
        "nl": "van | afzender | bron",
    },
    "to": {
        "en": "to | recipient | player | audience",
        "nl": "aan | ontvanger | rol | speler",
    },
    "method": {
        "en": "method | delivery | channel | means",
        "": "medium",
        "nl": "kanaal | methode | middel",
    },
    "expected": {
        "en": "expected action | expected response | expected outcome | response",
        "nl": "verwachte actie | verwachte reactie | verwachting",
    },
    "notes": {
        "en": "notes | note | controller notes | remarks | remark | comments",
        "nl": "opmerkingen | opmerking | notities | notitie | toelichting",
    },
    "objectives": {
        "en": "objective",
        "nl": "doel | doelstelling",
    },
    "phase": {
        "en": "phase | stage",
        "nl": "fase",
    },
}
_ALIASES: dict[str, tuple[tuple[str, str], ...]] = {
    key: tuple((alias.strip(), language) for language, text in by.items() for alias in text.split("|"))
    for key, by in _ALIAS_TEXT.items()
}

#: A header is cut at these words: "Notes for controllers" is a notes column.
_CUT_WORDS = {"for", "of", "voor", "per", "bij"}
_TOKEN = re.compile(r"[a-z0-9]+|#|\+")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _words(text: str) -> set[str]:
    """Phrases written one after the other, "|" between."""
    return {w.strip() for w in text.split("|")}


def _fold(text: str) -> str:
    """Lower case, accents off: "Zoë" reads as "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_fold(text))


def _token_matches(header: str, alias: str) -> bool:
    return header in (alias, alias + "s", alias + "en")


def _subsequence(alias: list[str], words: list[str]) -> int | None:
    """The position (counted from 1) where the alias's last word matched, or None."""
    position = 0
    for want in alias:
        while position < len(words) and not _token_matches(words[position], want):
            position += 1
        if position == len(words):
            return None
        position += 1
    return position


@dataclass(frozen=True)
class _Match:
    key: str
    language: str
    score: tuple[int, int, int]


def _recognise(header: object) -> _Match | None:
    """Which MSEL column a header names, case, space and punctuation aside."""
    if header is None:
        return None
    raw = str(header).strip()
    if not raw:
        return None
    words = _tokens(_PARENS.sub(" ", raw)) or _tokens(raw)
    for i, word in enumerate(words):
        if i and word in _CUT_WORDS:
            words = words[:i]
            break
    if not words or len(words) > MAX_HEADER_WORDS:
        return None
    best: _Match | None = None
    for key, aliases in _ALIASES.items():
        for alias, language in aliases:
            want = alias.split()
            exact = len(want) == len(words) and all(_token_matches(w, a) for w, a in zip(words, want, strict=True))
            end = len(words) if exact else _subsequence(want, words)
            if end is None:
                continue
            score = (int(exact), len(want), end)
            if best is None or score > best.score:
                best = _Match(key, language, score)
    return best


@dataclass
class _Header:
    row: int  # index in the rows read (0-based)
    columns: dict[str, int]  # key -> 0-based column
    labels: dict[int, str]  # 0-based column -> the header as written
    language: str
    offsets: bool  # the time column says T+ (or offset, elapsed): its times count from T+0
    found: int = 0


def _find_header(rows: Sequence[Sequence[object]]) -> _Header | None:
    best: _Header | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matches: dict[int, _Match] = {}
        for col, cell in enumerate(row):
            if isinstance(cell, str):
                match = _recognise(cell)
                if match is not None:
                    matches[col] = match
        keys = {m.key for m in matches.values()}
        if len(keys) < 2 or not keys & {"time", "title", "description"}:
            continue
        if best is not None and len(keys) <= best.found:
            continue
        best = _build_header(index, row, matches, rows[index + 1 :])
        best.found = len(keys)
    return best


def _build_header(
    index: int, row: Sequence[object], matches: dict[int, _Match], below: Sequence[Sequence[object]]
) -> _Header:
    columns: dict[str, int] = {}
    ambiguous: list[int] = []
    for col, match in sorted(matches.items()):
        if _tokens(str(row[col])) == ["inject"]:  # "Inject" is the number in some sheets, the text in others
            ambiguous.append(col)
        elif match.key not in columns:
            columns[match.key] = col
    for col in ambiguous:
        if "description" in columns and "number" not in columns:
            columns["number"] = col
        elif "description" not in columns and "number" in columns:
            columns["description"] = col
        elif "description" not in columns:
            values = [str(r[col]).strip() for r in below if col < len(r) and _cell_text(r[col])]
            numeric = sum(1 for v in values if len(v) <= 6 and any(c.isdigit() for c in v))
            columns["number" if values and numeric >= 0.8 * len(values) else "description"] = col
    nl = sum(1 for m in matches.values() if m.language == "nl")
    en = sum(1 for m in matches.values() if m.language == "en")
    labels = {col: str(cell).strip() for col, cell in enumerate(row) if _cell_text(cell)}
    offsets = False
    if "time" in columns:
        words = _tokens(str(row[columns["time"]]))
        offsets = "+" in words or bool({"offset", "elapsed"} & set(words))
    return _Header(index, columns, labels, "nl" if nl > en else "en", offsets)


# --- reading the spreadsheet --------------------------------------------------------------------

_EXCEL_ERRORS = {"#REF!", "#VALUE!", "#N/A", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}


class _Unreadable(Exception):
    """The file as a whole cannot be read; the message says why and what to do, and where when
    the trouble is at a row."""

    def __init__(self, message: str, line: int = 1, col: int = 1, where: str = "file") -> None:
        super().__init__(message)
        self.line, self.col, self.where = line, col, where


# Bounds on what is read, so that a spreadsheet cannot take the machine's memory or time. A real
# MSEL is tens to hundreds of rows of a dozen columns; each bound is far above that.
#: The largest file read (CSV or XLSX, on disk).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: The most rows read (below the header row); a longer sheet is refused, not cut.
MAX_ROWS = 5_000
#: The most columns a row may fill.
MAX_COLUMNS = 100
#: The most characters in one cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: The most an XLSX may unzip to, all its parts together.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
#: The most a part of an XLSX may have been compressed (unzipped size over zipped size): real
#: sheets are 5 to 30 times; a zip bomb is thousands. Parts under a mebibyte are not held to it.
MAX_RATIO = 100
_RATIO_FROM_BYTES = 1024 * 1024
#: The most shared strings (the texts of an XLSX's cells, kept once each) a workbook may hold.
MAX_SHARED_STRINGS = 100_000
#: A spreadsheet (CSV or a text cell) that starts with one of these runs it as a formula when the
#: file is opened: OWASP's list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Cells that start so and still cannot run anything: a social-media handle, a phone number or a
#: number, a bulleted list without a bracket in it. The import takes them as they are.
_HARMLESS = re.compile(r"@[\w.]+|[+-]?[\d\s().-]+|[-+•] [^(]*", re.DOTALL)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PART = "EncryptedPackage".encode("utf-16-le")
#: What no part of a workbook needs and every XML entity attack uses (in the encodings XML allows).
_DTD_MARKS = tuple(
    mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY") for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_SCAN_CHUNK = 1024 * 1024


def _cell_text(value: object) -> str:
    """A cell as text: numbers without a needless ``.0``, line breaks as ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _decode_csv(data: bytes) -> str:
    """The text of a CSV: UTF-8 (with or without its BOM), UTF-16 (what Excel saves as "Unicode
    text"), else Windows' cp1252, which reads any byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    head = data[:4096]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:  # UTF-16 without its BOM
        return data.decode("utf-16-le", errors="replace")
    if head[0::2].count(0) > len(head) // 4 and len(head) >= 4:
        return data.decode("utf-16-be", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _too_many_rows() -> _Unreadable:
    return _Unreadable(
        f"the sheet has more than {MAX_ROWS:,} rows below its header, more than any MSEL needs; "
        "split it, or delete the rows that are not injects"
    )


def _csv_rows(text: str, delimiter: str) -> list[list[object]]:
    """The rows of a CSV read with ``delimiter``, within the bounds on rows, columns and cells."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    try:
        for row in reader:
            rows.append(list(row))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows()
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _long_cell(reader.line_num, None, None) from None
        raise
    return rows


def _long_cell(row: int, col: int | None, length: int | None) -> _Unreadable:
    size = f"{length:,} characters" if length is not None else f"more than {csv.field_size_limit():,} characters"
    return _Unreadable(
        f"a cell holds {size}; a cell holds at most {MAX_CELL_CHARS:,} (Excel's own limit): shorten it, "
        "or link to the text instead",
        row,
        (col or 0) + 1,
        f"row {row}" + (f": column {col + 1}" if col is not None else ""),
    )


def _bounded(rows: list[list[object]]) -> list[list[object]]:
    """``rows``, or _Unreadable naming the first row that is too wide or the first cell too long."""
    for number, row in enumerate(rows, start=1):
        while row and _cell_text(row[-1]) == "":
            row.pop()  # trailing empty cells, as spreadsheets save them, are no columns
        if len(row) > MAX_COLUMNS:
            raise _Unreadable(
                f"the row fills {len(row)} columns; an MSEL has at most {MAX_COLUMNS}: delete the columns "
                "that are not part of it",
                number,
                MAX_COLUMNS + 1,
                f"row {number}",
            )
        for col, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise _long_cell(number, col, len(cell))
    return rows


def _read_csv(path: Path) -> tuple[list[list[object]], str | None]:
    text = _decode_csv(path.read_bytes())
    best: tuple[int, int, list[list[object]]] | None = None
    failure: _Unreadable | None = None
    for delimiter in (",", ";", "\t"):  # the one whose header row names the most columns
        try:
            rows = _csv_rows(text, delimiter)
        except csv.Error:
            continue
        except _Unreadable as exc:
            failure = failure or exc
            continue
        header = _find_header(rows)
        found = header.found if header is not None else 0
        width = max((len(r) for r in rows[:HEADER_SEARCH_ROWS]), default=0)
        score = (found, width if found else 0)
        if best is None or score > best[:2]:
            best = (*score, rows)
    if (best is None or best[0] == 0) and failure is not None:
        raise failure
    return _bounded(best[2] if best else []), None


def _check_workbook(path: Path) -> None:
    """Refuse a workbook before openpyxl reads it: an encrypted one, a zip bomb (too large unzipped,
    or compressed beyond any real sheet), XML with a DTD (external entities, billion laughs),
    too many shared strings."""
    with path.open("rb") as handle:
        magic = handle.read(len(_OLE_MAGIC))
    if magic == _OLE_MAGIC:
        if _ENCRYPTED_PART in path.read_bytes():
            raise _Unreadable(
                "the workbook is encrypted (protected with a password to open); save a copy without the "
                "password (File, Info, Protect Workbook) and import that"
            )
        raise _Unreadable("an Excel 97-2003 workbook (.xls); save it as .xlsx or CSV first")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _Unreadable(
            f"not a readable .xlsx workbook ({exc}); save it from the spreadsheet as .xlsx or CSV"
        ) from None
    with archive:
        parts = archive.infolist()
        unzipped = sum(p.file_size for p in parts)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise _Unreadable(
                f"the workbook unzips to {unzipped:,} bytes, more than the {MAX_UNZIPPED_BYTES:,} any MSEL needs "
                "(a zip bomb?); save the MSEL sheet alone as .xlsx or CSV"
            )
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > _RATIO_FROM_BYTES and ratio > MAX_RATIO:
                raise _Unreadable(
                    f"its part {part.filename} is compressed {ratio:,.0f} times, more than the {MAX_RATIO} "
                    "of any real sheet (a zip bomb?); save the MSEL sheet alone as .xlsx or CSV"
                )
        for part in parts:
            if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                _scan_part(archive, part)


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Refuse a part that declares a DTD (no workbook part needs one: external entities and entity
    expansion need one), and shared strings beyond :data:`MAX_SHARED_STRINGS`."""
    shared = part.filename.lower().endswith("sharedstrings.xml")
    strings = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_SCAN_CHUNK):
                window = tail + chunk
                if any(mark in window for mark in _DTD_MARKS):
                    raise _Unreadable(
                        f"its part {part.filename} declares a DTD or entities, which no workbook needs and XML "
                        "attacks use (external entities, entity expansion); save the sheet again as .xlsx or CSV"
                    )
                if shared:
                    strings += chunk.count(b"<si>") + chunk.count(b"<si ")
                    if strings > MAX_SHARED_STRINGS:
                        raise _Unreadable(
                            f"the workbook holds more than {MAX_SHARED_STRINGS:,} different texts (shared strings), "
                            "more than any MSEL; save the MSEL sheet alone as .xlsx or CSV"
                        )
                tail = window[-32:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _Unreadable(f"its part {part.filename} cannot be unzipped ({exc}); save the workbook again") from None


def _read_xlsx(path: Path) -> tuple[list[list[object]], str | None]:
    _check_workbook(path)
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - a dependency of crisissim
        raise _Unreadable("reading .xlsx needs openpyxl (pip install openpyxl)") from exc
    try:
        return _sheet_rows(openpyxl.load_workbook(path, read_only=True, data_only=True))
    except _Unreadable:
        raise
    except Exception as exc:  # openpyxl and the XML parser raise what they will for a broken part
        if type(exc).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            what = "declares entities or a DTD, which no workbook needs and XML attacks use"
        else:
            what = f"is broken ({type(exc).__name__}: {exc})"
        raise _Unreadable(
            f"not a readable .xlsx workbook: its XML {what}; save it from the spreadsheet as .xlsx or CSV"
        ) from None


def _sheet_rows(workbook: Any) -> tuple[list[list[object]], str | None]:
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise _Unreadable("the workbook has no sheets")
        named = [s for s in sheets if _fold(s.title).strip() in ("msel", "draaiboek")]
        named += [s for s in sheets if s not in named and ("msel" in _fold(s.title) or "draaiboek" in _fold(s.title))]
        first: list[list[object]] | None = None
        for sheet in named + [s for s in sheets if s not in named]:  # else the first sheet with a header row
            rows: list[list[object]] = []
            for number, cells in _numbered_rows(sheet):
                if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                    raise _too_many_rows()
                while len(rows) < number - 1:  # rows a writer left out are blank rows
                    rows.append([])
                rows.append(cells)
            rows = _bounded(rows)
            if _find_header(rows) is not None:
                return rows, sheet.title
            first = rows if first is None else first
        return first or [], sheets[0].title
    finally:
        workbook.close()


class _Sheet(Protocol):
    """What is read of a worksheet (openpyxl's read-only one gives cells with or without ``row``)."""

    def iter_rows(self, *, max_col: int | None = None) -> Iterable[Sequence[object]]: ...


def _numbered_rows(sheet: _Sheet) -> Iterable[tuple[int, list[object]]]:
    """Each row with the number the spreadsheet shows for it, one column past the most a row may
    fill (so that a row that fills more is seen, and a sheet 16 384 columns wide is not read so)."""
    expected = 1
    for cells in sheet.iter_rows(max_col=MAX_COLUMNS + 1):
        shown = (getattr(c, "row", None) for c in cells)  # openpyxl's empty cells in read-only mode have none
        number: int = next((n for n in shown if n is not None), expected)
        expected = number + 1
        yield number, [getattr(c, "value", None) for c in cells]


def _read_rows(path: Path) -> tuple[list[list[object]], str | None]:
    if not path.is_file():
        raise _Unreadable("no such file")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise _Unreadable(f"crisissim reads .xlsx and .csv; save this {suffix} file as .xlsx or CSV first")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _Unreadable(
            f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} any MSEL needs; save the MSEL sheet alone"
        )
    with path.open("rb") as handle:
        magic = handle.read(len(_OLE_MAGIC))
    if suffix in (".xlsx", ".xlsm") or magic.startswith(b"PK\x03\x04") or magic == _OLE_MAGIC:
        return _read_xlsx(path)
    return _read_csv(path)


# --- scenario times -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Offset:
    """Time since T+0, as written (T+1:30, 90m, a duration cell)."""

    seconds: int


@dataclass(frozen=True)
class _Clock:
    """A time of day (09:00, a time cell), perhaps with a day number or a date."""

    seconds: int
    day: int | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class _Contingency:
    """No time: fired by the facilitator (written as "contingency", "after ...", or left blank)."""

    text: str


class _BadTime(ValueError):
    pass


_CONTINGENCY_WORDS = _words(
    "contingency | contingent | on demand | on call | ad hoc | adhoc | as needed | if needed | when needed | "
    "optional | reserve | spare | tbd | n a | indien nodig | als nodig | naar behoefte | op afroep | facultatief | "
    "optioneel | nvt | n v t"
)
_TRIGGER = re.compile(r"^(after|na|when|once|zodra|wanneer|if|als)\b", re.IGNORECASE)
_DAY = re.compile(
    r"^(?:day|dag|d)\s*(\d+)\s*[,:.\-–]?\s*(?:(?:at|om)\s*)?(?:(\d{1,2})[:.hu](\d{2})(?:[:.](\d{2}))?\s*(?:uur|u|h)?)?$"
)
_HMS = re.compile(r"^(\d{1,3})[:.](\d{2})(?:[:.](\d{2}))?\s*(?:uur|u|h)?$")
_UNIT_WORDS = (
    (r"dagen|dag|days|day", "d"),
    (r"uren|uur|hours|hour|hrs|hr|u", "h"),
    (r"minuten|minuut|minutes|minute|mins|min", "m"),
    (r"seconden|seconde|seconds|second|secs|sec", "s"),
)


def _duration_text(text: str) -> int:
    """``90m``, ``1h30m``, ``1u30``, ``1 uur 30 min``, ``1,5 uur``, ``90``: whole seconds."""
    low = re.sub(r"(\d),(\d)", r"\1.\2", text.strip().lower())
    for words, unit in _UNIT_WORDS:
        low = re.sub(rf"(?<=[\d\s])(?:{words})\b", unit, low)
        low = re.sub(rf"(?<=\d)(?:{words})(?=\d)", unit, low)
    low = re.sub(r"\s*(?:\band\b|\ben\b|,)\s*", " ", low)
    low = re.sub(r"h\s*(\d+)\s*$", r"h\1m", low)  # 1h30, 1u30: the minutes after the hours
    return parse_duration(low.replace(" ", ""))


def _offset_text(text: str) -> int:
    match = _HMS.match(text.strip())
    if match:
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        if minutes > 59 or seconds > 59:
            raise _BadTime
        return hours * 3600 + minutes * 60 + seconds
    return _duration_text(text)


def _parse_time(value: object) -> _Offset | _Clock | _Contingency | None:
    """A scenario-time cell; raises _BadTime when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _BadTime
    if isinstance(value, dt.timedelta):
        if value.total_seconds() < 0:
            raise _BadTime
        return _Offset(round(value.total_seconds()))
    if isinstance(value, dt.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        if value.date() <= dt.date(1900, 1, 1):  # a time cell with a date format: Excel's day zero
            return _Clock(seconds)
        return _Clock(seconds, date=value.date())
    if isinstance(value, dt.date):
        return _Clock(0, date=value)
    if isinstance(value, dt.time):
        return _Clock(value.hour * 3600 + value.minute * 60 + value.second)
    if isinstance(value, (int, float)):
        if value < 0 or math.isnan(value) or math.isinf(value):
            raise _BadTime
        return _Offset(round(value * 60))
    text = _cell_text(value)
    if not text:
        return None
    low = " ".join(text.lower().split())
    if low in _CONTINGENCY_WORDS or " ".join(_tokens(low)) in _CONTINGENCY_WORDS or low in ("-", "–", "—"):
        return _Contingency(text)
    if _TRIGGER.match(low):
        return _Contingency(text)
    try:
        match = _DAY.match(low)
        if match:
            day = int(match.group(1))
            if day < 1:
                raise _BadTime
            hours, minutes, seconds = (int(g or 0) for g in match.groups()[1:])
            if hours > 24 or minutes > 59 or seconds > 59:
                raise _BadTime
            return _Clock(hours * 3600 + minutes * 60 + seconds, day=day)
        plus = re.match(r"^(?:t\s*)?\+\s*(.+)$", low)
        if plus:
            return _Offset(_offset_text(plus.group(1)))
        if _HMS.match(low):
            return _Clock(_offset_text(low))
        return _Offset(_duration_text(low))
    except DurationError:
        raise _BadTime from None


def _resolve_times(
    times: dict[int, _Offset | _Clock], offsets_header: bool
) -> tuple[dict[int, int], dt.datetime | None, str]:
    """Scenario seconds for each row; the ``start`` a dated sheet gives; a note on what T+0 is.

    Offsets count from T+0. Clock times do too when the sheet also has offsets (or its time
    header says T+). Otherwise the sheet is on the clock: T+0 is its earliest time on day 1
    (Day N adds N-1 days; dates count from the earliest date), unless that is before 01:00 and
    no day or date is given, when the times are read as time since T+0.
    """
    clocks = {row: t for row, t in times.items() if isinstance(t, _Clock)}
    explicit = offsets_header or any(isinstance(t, _Offset) for t in times.values())
    dates = [t.date for t in clocks.values() if t.date is not None]
    base = min(dates) if dates else None

    def day(t: _Clock) -> int:
        if t.date is not None and base is not None:
            return (t.date - base).days + 1
        return t.day or 1

    start = 0
    if clocks and not explicit:
        first_day = [t.seconds for t in clocks.values() if day(t) == 1]
        start = min(first_day, default=0)
        marked = any(t.day is not None or t.date is not None for t in clocks.values())
        if not marked and start < ELAPSED_BEFORE:
            start = 0
    out = {}
    for row, t in times.items():
        out[row] = t.seconds if isinstance(t, _Offset) else (day(t) - 1) * 86400 + t.seconds - start
    start_at = dt.datetime.combine(base, dt.time()) + dt.timedelta(seconds=start) if base is not None else None
    note = ""
    if start:
        note = f"T+0 is {start // 3600:02d}:{start % 3600 // 60:02d} on the sheet's first day"
        if start_at is not None:
            note += f" ({start_at:%Y-%m-%d})"
    return out, start_at, note


# --- text fields --------------------------------------------------------------------------------


def slugify(text: str, fallback: str = "item", limit: int = 40) -> str:
    """A valid id from a name: lower case, anything but letters and digits becomes '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut
        slug = slug.strip("-")
    return slug if slug and SLUG.match(slug) else fallback


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate


_TEMPLATE_START = re.compile(r"\{(?=[{%#])")


def escape_template(text: str) -> str:
    """Imported text shown as written: a ``{`` that would open a Jinja2 tag becomes ``{{ '{' }}``."""
    return _TEMPLATE_START.sub("{{ '{' }}", text)


def _first_sentence(text: str, limit: int = 80) -> str:
    line = text.strip().split("\n", 1)[0]
    match = re.match(r"(.+?[.!?])(?:\s|$)", line)
    sentence = (match.group(1) if match else line).strip()
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


_ALL_WORDS = _words(
    "all | everyone | everybody | all players | all roles | all teams | "
    "iedereen | allen | allemaal | alle spelers | alle rollen | alle teams"
)


def _recipients(text: str) -> list[str] | None:
    """The names in a "to" cell; None means every role."""
    names = [n.strip(" .") for n in re.split(r"[;,/\n]|\s+(?:en|and)\s+", text, flags=re.IGNORECASE)]
    names = [n for n in names if n]
    if not names or any(" ".join(_tokens(n)) in _ALL_WORDS for n in names):
        return None
    return names


#: Words of a method cell per channel; the one found first in the cell wins.
_CHANNEL_TEXT = {
    "social": "sociale media | social media | social | twitter | x | facebook | instagram | linkedin | tiktok",
    "internal": "in person | face to face | internal | intern | memo | persoonlijk | intranet | briefing",
    "sms": "text message | sms | text",
    "regulator": "autoriteit persoonsgegevens | regulator | toezichthouder | ap | ico | authority",
    "email": "e mail | email | mail",
    "phone": "phone | telephone | call | telefoon | telefonisch | bellen | voicemail",
    "chat": "chat | whatsapp | teams | slack | signal",
    "news": "news | newspaper | krant | nieuws | website | radio",
    "tv": "tv | television | televisie",
    "letter": "letter | brief | post | fax",
}
_CHANNELS = tuple((w.strip(), channel) for channel, text in _CHANNEL_TEXT.items() for w in text.split("|"))


def _channel(text: str) -> str | None:
    """The channel a method names: the phrase found first in the cell wins."""
    words = _tokens(text)
    best: tuple[int, int, str] | None = None
    for phrase, channel in _CHANNELS:
        want = phrase.split()
        for i in range(len(words) - len(want) + 1):
            if words[i : i + len(want)] == want or (len(want) == 1 and words[i] == want[0] + "s"):
                candidate = (i, -len(want), channel)
                if best is None or candidate < best:
                    best = candidate
                break
    return best[2] if best else None


_ACTION_WORDS: tuple[tuple[str, str], ...] = (
    (r"notify (?:the )?regulator|inform (?:the )?regulator|regulator|toezichthouder", "notify_regulator"),
    (
        r"melding (?:bij |aan )?(?:de )?ap|meld(?:en)? bij de ap|\bap\b|\bico\b|autoriteit persoonsgegevens",
        "notify_regulator",
    ),
    (r"art(?:ikel|icle|\.)? ?33|datalekmelding", "notify_regulator"),
    (
        r"(?:inform|notify|tell|contact) (?:the )?(?:affected|data subjects|customers|patients|clients)",
        "notify_subjects",
    ),
    (r"betrokkenen (?:informeren|inlichten)|(?:informeer|informeren|inlichten) (?:de )?betrokkenen", "notify_subjects"),
    (r"art(?:ikel|icle|\.)? ?34|data subjects", "notify_subjects"),
    (r"statement|press release|persbericht|verklaring|communique", "statement"),
    (r"\bdecide|\bdecision|besluit|besluiten|beslis", "decision"),
    (r"\breply|\banswer|antwoord|reageer|reageren|beantwoord", "reply"),
    (r"\bpost\b|\btweet", "post"),
)
_WITHIN = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(dagen|dag|days?|d|uren|uur|hours?|hrs?|h|u|minuten|minuut|minutes?|mins?|m)\b",
    re.IGNORECASE,
)
_EXPORTED = re.compile(
    r"^\s*([a-z0-9][a-z0-9_-]*):\s*(" + "|".join(EXPECTED_ACTIONS) + r")\s+within\s+(\S+)(\s*\(judged\))?\s*$"
)


def _action_kind(text: str) -> str:
    low = _fold(text)
    best: tuple[int, str] | None = None
    for pattern, kind in _ACTION_WORDS:
        match = re.search(pattern, low)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else "any"


def _window(text: str) -> int:
    match = _WITHIN.search(text)
    if match:
        try:
            return _duration_text(match.group(1) + match.group(2)) or DEFAULT_WITHIN
        except DurationError:
            pass
    return DEFAULT_WITHIN


def _exported_expectations(text: str) -> list[tuple[str, str, int, bool]] | None:
    """The form ``timeline --csv`` writes: ``it: choose within 10m (judged); dpo: ...``."""
    out = []
    for part in text.split(";"):
        match = _EXPORTED.match(part)
        if not match:
            return None
        try:
            within = parse_duration(match.group(3))
        except DurationError:
            return None
        out.append((match.group(1), match.group(2), within, bool(match.group(4))))
    return out or None


_EXPORT_NOTE = r"(?= \| (?:after: |only when: |options: |storm for |deadline )|$)"
_OPTIONS = re.compile(r"(?:^| \| )options: (.*?)" + _EXPORT_NOTE, re.DOTALL)
_OPTION = re.compile(r"(?:^|; )([a-z0-9][a-z0-9_-]*) = ")
_DEADLINE = re.compile(r"(?:^| \| )deadline (\S+)" + _EXPORT_NOTE)


def _options(notes: str) -> dict[str, str]:
    """Options as ``timeline --csv`` writes them in the notes: ``options: a = A; b = B``."""
    match = _OPTIONS.search(notes)
    if not match:
        return {}
    text = match.group(1)
    keys = list(_OPTION.finditer(text))
    options = {}
    for i, key in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(text)
        options[key.group(1)] = text[key.end() : end].strip()
    return {k: v for k, v in options.items() if v}


def _deadline(notes: str) -> int | None:
    match = _DEADLINE.search(notes)
    if not match:
        return None
    try:
        return parse_duration(match.group(1)) or None
    except DurationError:
        return None


# --- the scenario -------------------------------------------------------------------------------


class _Texts(TypedDict):
    organisation: dict[str, str]
    team: tuple[str, str]
    hotwash: list[str]


def _texts(language: str) -> _Texts:
    """What a new scenario says before its author does, in its language (the message catalogue)."""
    _ = translator(language)
    return {
        "organisation": {"name": _("Your organisation"), "short": _("Your org")},
        "team": (_.pgettext("role id", "team"), _("Crisis team")),
        "hotwash": [
            _("What went well, and what would you do the same way next time?"),
            _("Which decision would you take differently, and why?"),
        ],
    }


@dataclass
class _Row:
    number: int  # as the spreadsheet shows it
    cells: dict[str, object]
    extra: list[tuple[str, str]]
    time: _Offset | _Clock | _Contingency | None
    phase: str


class _Flow(list[str]):
    """A list written on one line: ``to: [it, dpo]``."""


class _FlowMap(dict[str, str]):
    """A mapping written on one line: ``comms: {name: Communications}``."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow(dumper: yaml.SafeDumper, value: list[str]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(
    _FlowMap, lambda dumper, value: dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)
)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


class _Importer:
    def __init__(self, path: Path, scenario_id: str | None, language: str | None) -> None:
        self.path = path
        self.file = str(path)
        self.scenario_id = scenario_id
        self.language = language
        self.problems: list[Problem] = []

    def problem(self, row: int, col: int, where: str, what: str) -> None:
        self.problems.append(Problem(self.file, row, col, where, what))

    # reading rows ---------------------------------------------------------------------------

    def run(self) -> ImportResult:
        try:
            rows, _sheet = _read_rows(self.path)
        except _Unreadable as exc:
            self.problem(exc.line, exc.col, exc.where, f"cannot be read: {exc}")
            return ImportResult("", self.problems, 0)
        except OSError as exc:
            self.problem(1, 1, "file", f"cannot be read: {exc.strerror or exc}")
            return ImportResult("", self.problems, 0)
        header = _find_header(rows)
        if header is None:
            self.problem(
                1,
                1,
                "header",
                f"no header row found in the first {HEADER_SEARCH_ROWS} rows; the sheet needs a row of column "
                "names such as #, Time, Title, Description, From, To, Method, Expected action, Notes",
            )
            return ImportResult("", self.problems, 0)
        title = next((_cell_text(c) for r in rows[: header.row] for c in r if _cell_text(c)), "")
        language = self.language or header.language
        parsed = self.read_rows(rows, header)
        if not parsed and not self.problems:
            self.problem(
                header.row + 1,
                1,
                "rows",
                "there are no injects below the header row; write one row per inject, with at least a title "
                "or a description",
            )
        text, count = self.scenario(parsed, header, language, title) if parsed else ("", 0)
        return ImportResult(text, sorted(self.problems, key=lambda p: (p.line, p.col)), count)

    def read_rows(self, rows: list[list[object]], header: _Header) -> list[_Row]:
        out: list[_Row] = []
        phase = ""
        known = set(header.columns.values())
        for index in range(header.row + 1, len(rows)):
            row, number = rows[index], index + 1
            filled = {col: v for col, v in enumerate(row) if _cell_text(v)}
            if not filled:
                continue
            for col, value in filled.items():
                if isinstance(value, str) and value.strip() in _EXCEL_ERRORS:
                    key = next((k for k, c in header.columns.items() if c == col), None)
                    where = COLUMN_NAMES[key] if key else header.labels.get(col, f"column {col + 1}")
                    self.problem(
                        number,
                        col + 1,
                        f"row {number}: {where}",
                        f"the cell shows the spreadsheet error {value.strip()}; type the value, "
                        "or fix the formula and save again",
                    )
            filled = {col: v for col, v in filled.items() if not (isinstance(v, str) and v.strip() in _EXCEL_ERRORS)}
            if not filled:
                continue
            row = self.defused(row, filled, header, number)
            cells = {key: row[col] for key, col in header.columns.items() if col in filled}
            extra = [
                (header.labels.get(col, f"column {col + 1}"), _cell_text(v))
                for col, v in filled.items()
                if col not in known
            ]
            if "phase" in cells:
                phase = _cell_text(cells["phase"])
            if self.heading(filled, header):  # "Phase 2: escalation" across the sheet
                if "phase" not in header.columns:
                    phase = _cell_text(next(iter(filled.values())))
                continue
            time_col = header.columns.get("time")
            try:
                time = _parse_time(cells.get("time"))
            except _BadTime:
                assert time_col is not None
                label = header.labels.get(time_col, "scenario time")
                self.problem(
                    number,
                    time_col + 1,
                    f"row {number}: scenario time",
                    f"'{_cell_text(cells['time'])}' in column '{label}' is not a scenario time; {TIME_HINT}, "
                    "or 'contingency' for an inject the facilitator fires by hand; the row was left out",
                )
                continue
            if not _cell_text(cells.get("title")) and not _cell_text(cells.get("description")):
                col = header.columns.get("title", header.columns.get("description", 0))
                self.problem(
                    number,
                    col + 1,
                    f"row {number}: title",
                    "the row has neither a title nor a description; write what happens, or clear the row",
                )
                continue
            out.append(_Row(number, cells, extra, time, phase))
        return out

    def defused(self, row: list[object], filled: dict[int, object], header: _Header, number: int) -> list[object]:
        """The row with every text cell that a spreadsheet would run as a formula (it starts with
        ``= + - @``, a tab or a carriage return) flagged and kept as text behind a leading ``'``, as
        ``timeline --csv`` writes it; a ``'`` already in front (that mark) is taken off. The time
        column is read as a time, never as text, and is left as it is; so are handles, phone
        numbers and bulleted lists (:data:`_HARMLESS`), which a facilitator writes often and which
        run nothing (``timeline --csv`` marks them all the same)."""
        out = list(row)
        time_col = header.columns.get("time")
        for col, value in filled.items():
            if col == time_col or not isinstance(value, str):
                continue
            if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
                out[col] = value[1:]
                filled[col] = out[col]
            elif value.startswith(FORMULA_STARTS) and not _HARMLESS.fullmatch(value):
                key = next((k for k, c in header.columns.items() if c == col), None)
                where = COLUMN_NAMES[key] if key else header.labels.get(col, f"column {col + 1}")
                self.problems.append(
                    Problem(
                        self.file,
                        number,
                        col + 1,
                        f"row {number}: {where}",
                        f"the cell starts with '{shown(value[0])}', which a spreadsheet runs as a formula; "
                        "it is imported as text, with a ' in front",
                        Severity.WARNING,
                    )
                )
                out[col] = filled[col] = "'" + _cell_text(value)
        return out

    @staticmethod
    def heading(filled: dict[int, object], header: _Header) -> bool:
        """A row with one text in it that is not a time: a section heading, not an inject."""
        if len(filled) != 1:
            return False
        ((col, value),) = filled.items()
        if not isinstance(value, str) or not re.search(r"[^\W\d_]", value):
            return False
        if col == header.columns.get("time"):
            try:
                return isinstance(_parse_time(value), _Contingency) and not _TRIGGER.match(value.strip())
            except _BadTime:
                return True
        return True

    # building the scenario ------------------------------------------------------------------

    def scenario(self, rows: list[_Row], header: _Header, language: str, title: str) -> tuple[str, int]:
        texts = _texts(language)
        timed = {r.number: r.time for r in rows if isinstance(r.time, (_Offset, _Clock))}
        seconds, start_at, start_note = _resolve_times(timed, header.offsets)
        time_col = header.columns.get("time", 0)
        for r in [r for r in rows if seconds.get(r.number, 0) > MAX_DURATION_S]:
            self.problem(
                r.number,
                time_col + 1,
                f"row {r.number}: scenario time",
                f"'{shown(_cell_text(r.cells.get('time')))}' is {format_offset(seconds[r.number])}, {TOO_LONG}; "
                "the row was left out",
            )
            rows.remove(r)
            del seconds[r.number]
        if not rows:
            return "", 0

        roles: dict[str, _FlowMap] = {}
        role_of: dict[str, str] = {}

        def role(name: str) -> str:
            key = " ".join(_fold(name).split())
            if key not in role_of:
                role_of[key] = _unique(slugify(name, "role"), set(roles))
                roles[role_of[key]] = _FlowMap(name=name)
            return role_of[key]

        recipients = {r.number: _recipients(_cell_text(r.cells.get("to"))) for r in rows}
        for names in recipients.values():
            for name in names or []:
                role(name)
        exported = {r.number: _exported_expectations(_cell_text(r.cells.get("expected"))) for r in rows}
        for found in exported.values():
            for role_name, *_ in found or []:
                role(role_name)
        if not roles:
            slug, name = texts["team"]
            roles[slug] = _FlowMap(name=name)

        objectives: dict[str, str] = {}
        objective_of: dict[str, str] = {}
        event_ids: set[str] = set()
        expectation_ids: set[str] = set()
        events = []
        for r in rows:
            cells = {k: _cell_text(v) for k, v in r.cells.items()}
            number = cells.get("number", "")
            if number:
                slug = slugify(number, "inject")
                base = f"inject-{slug}" if re.fullmatch(r"[0-9-]+", slug) else slug
            else:
                base = slugify(cells.get("title") or cells.get("description", ""), f"row-{r.number}")
            event_id = _unique(base, event_ids)
            event_title = cells.get("title") or _first_sentence(cells["description"])
            body = cells.get("description") or event_title
            event: dict[str, Any] = {"id": event_id}
            if r.number in seconds:
                event["at"] = format_duration(seconds[r.number])

            notes: list[str] = []
            if cells.get("notes"):
                notes.append(cells["notes"])
            method = cells.get("method", "")
            channel = _channel(method) if method else None
            if method and channel is None:
                channel = "internal"
                notes.append(f"method: {method}")
            if isinstance(r.time, _Contingency) and not any(r.time.text in n for n in notes):
                notes.append(f"scenario time: {r.time.text}")
            elif r.time is None and "time" in header.columns:
                notes.append("no scenario time: the facilitator fires it")

            row_objectives = []
            for text in re.split(r"[;\n]", cells.get("objectives", "")):
                text = text.strip()
                if not text:
                    continue
                key = " ".join(_fold(text).split())
                if key not in objective_of:
                    objective_of[key] = _unique(slugify(text, "objective"), set(objectives))
                    objectives[objective_of[key]] = text
                row_objectives.append(objective_of[key])

            options = _options(cells.get("notes", ""))
            expects = []
            expected = cells.get("expected", "")
            targets = [role(n) for n in recipients[r.number] or []] or list(roles)
            found = exported[r.number]
            if found:
                paired = len(row_objectives) == len(found)
                for i, (role_name, action, within, judged) in enumerate(found):
                    if action == "choose" and not options:
                        action = "any"
                        notes.append(f"'{role_name}: choose' became 'any': the row has no options")
                    item: dict[str, Any] = {
                        "id": _unique(f"{event_id}-{role(role_name)}", expectation_ids),
                        "role": role(role_name),
                        "action": action,
                        "within": format_duration(within),
                    }
                    if row_objectives:
                        item["objective"] = row_objectives[i] if paired else row_objectives[0]
                    if judged:
                        item["judged"] = True
                    expects.append(item)
            elif expected:
                action = _action_kind(expected)
                item = {
                    "id": _unique(f"{event_id}-expected", expectation_ids),
                    "role": targets[0],
                    "action": action,
                    "within": format_duration(_window(expected)),
                }
                if row_objectives:
                    item["objective"] = row_objectives[0]
                item["judged"] = True
                expects.append(item)
            if expected and not found:  # the exported form is all in `expects`
                notes.append(f"expected action: {expected}")
            if r.phase:
                notes.append(f"phase: {r.phase}")
            notes.extend(f"{label}: {value}" for label, value in r.extra)

            if cells.get("sender"):
                event["from"] = escape_template(cells["sender"])
            names = recipients[r.number]
            if names is not None:
                event["to"] = _Flow(dict.fromkeys(role(n) for n in names))
            if channel:
                event["channel"] = channel
            event["title"] = escape_template(event_title)
            event["body"] = escape_template(body)
            if options:
                event["options"] = options
            deadline = _deadline(cells.get("notes", ""))
            if deadline:
                event["deadline"] = format_duration(deadline)
            if expects:
                event["expects"] = expects
            if notes:
                event["notes"] = "\n".join(notes)
            events.append(event)

        last = max(seconds.values(), default=0)
        hours = min(max(1, last // 3600 + 1), MAX_DURATION_S // 3600)
        scenario_id = self.scenario_id or slugify(self.path.stem, "imported-msel", limit=60)
        data: dict[str, Any] = {
            "crisissim": 1,
            "id": scenario_id,
            "title": title or self.path.stem,
            "language": language,
            "organisation": dict(texts["organisation"]),
        }
        if start_at is not None:
            data["start"] = start_at
        data.update(
            {
                "duration": f"{hours}h",
                "speed": 1,
                "seed": 1,
                "roles": roles,
            }
        )
        if objectives:
            data["objectives"] = objectives
        data["hotwash"] = list(texts["hotwash"])
        data["events"] = events
        return self.write(data, len(rows), start_note), len(events)

    def write(self, data: dict[str, Any], count: int, start_note: str) -> str:
        head = [
            f"# Imported from {self.path.name} by crisissim: {count} row(s) of the MSEL became events.",
            "# Check it with:  crisissim validate --strict THIS-FILE   (the format: docs/authoring.md)",
        ]
        if start_note:
            head.append(f"# Scenario times count from T+0; {start_note}.")
        text = _dump(data)
        comments = {
            "organisation:": "# A placeholder: fill in your organisation (templates read org.name and org.short).\n"
            "# summary: |   (optional) what is read aloud at StartEx\n",
            "roles:": "# One role per recipient in the sheet; rename them freely, the ids are what events use.\n",
            "events:": "# Expected actions became judged expectations for the first recipient; the sheet's text\n"
            "# is in each event's notes, since an expectation has no text of its own.\n",
        }
        lines = []
        for line in text.splitlines(keepends=True):
            for key, comment in comments.items():
                if line.startswith(key):
                    lines.append(comment)
            lines.append(line)
        return "\n".join(head) + "\n" + "".join(lines)


def import_msel(path: str | Path, *, scenario_id: str | None = None, language: str | None = None) -> ImportResult:
    """Read a CSV or XLSX MSEL into a scenario's YAML text, with a problem per unreadable row."""
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if scenario_id is not None and not SLUG.match(scenario_id):
        raise ValueError(
            f"'{scenario_id}' is not a valid id; use lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit"
        )
    return _Importer(Path(path), scenario_id, language).run()
