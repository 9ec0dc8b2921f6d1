"""Problems found in an author's file, reported the way cli.md promises.

Every check in crisissim reports through :class:`Problem` so that the command line can print
one line per problem, ``FILE:LINE:COL: error: WHERE: WHAT``, and decide the exit code in one
place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crisissim.safetext import one_line, shown

#: The longest WHERE of a problem line (a path in the data) shown whole.
WHERE_CHARS = 120
#: A file's name is escaped, and cut only when it is absurdly long (paths are long, and tools read them).
FILE_CHARS = 1000


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or doubtful) in a file, at a line and column counted from 1.

    Its texts are made safe when it is made (controls and bidirectional characters escaped,
    each text cut to one line), so that no consumer can echo an author's text raw."""

    file: str
    line: int
    col: int
    where: str
    what: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", one_line(self.file, FILE_CHARS))
        object.__setattr__(self, "where", one_line(self.where, WHERE_CHARS))
        object.__setattr__(self, "what", one_line(self.what))

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
            out += f"[{shown(label)}]" if label else f"[#{part + 1}]"
        else:
            out += f".{shown(part)}" if out else shown(part)
    return out
