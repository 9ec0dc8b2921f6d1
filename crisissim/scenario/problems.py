"""Problems found in an author's file, reported the way cli.md promises.

Every check in crisissim reports through :class:`Problem` so that the command line can print
one line per problem, ``FILE:LINE:COL: error: WHERE: WHAT``, and decide the exit code in one
place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or doubtful) in a file, at a line and column counted from 1."""

    file: str
    line: int
    col: int
    where: str
    what: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity.value}: {self.where}: {self.what}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def format_path(path: tuple[str | int, ...], labels: dict[tuple[str | int, ...], str] | None = None) -> str:
    """Render a path in the data as an author reads it: ``events[soc-call].expects[holding].within``.

    ``labels`` names list items by their id where they have one; items without one are
    numbered from 1, as a person counts.
    """
    if not path:
        return "file"
    out = ""
    for i, part in enumerate(path):
        if isinstance(part, int):
            label = (labels or {}).get(path[: i + 1])
            out += f"[{label}]" if label else f"[#{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out
