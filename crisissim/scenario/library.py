"""The built-in library: where ``scenarios/`` and ``personas/`` are, installed or not.

In the repository both are top-level folders; a wheel carries them inside the package as
``crisissim/_library/``, so that ``pip install .`` works from any folder.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_SCENARIO = "rijnoord-ransomware"
_PACKAGE = Path(__file__).resolve().parent.parent
_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9_-]*)", re.MULTILINE)


def data_dir(name: str) -> Path:
    """The folder of built-in ``scenarios`` or ``personas``."""
    installed = _PACKAGE / "_library" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def builtin_scenarios() -> dict[str, Path]:
    """Built-in scenario ids and their files, in file-name order.

    The id is read from the file's ``id:`` line without loading it, so that listing stays
    quick and a broken file still shows up (and fails ``validate``) instead of vanishing.
    """
    found: dict[str, Path] = {}
    for path in sorted(data_dir("scenarios").glob("*.yaml")):
        match = _ID_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
        found[match.group(1) if match else path.stem] = path
    return found


class UnknownScenario(LookupError):
    """Neither a file nor a built-in id."""


def resolve(reference: str | None) -> Path:
    """A SCENARIO argument (a path, or the id of a built-in) to a file; None means the default."""
    reference = reference or DEFAULT_SCENARIO
    path = Path(reference)
    if path.is_file():
        return path
    library = builtin_scenarios()
    if reference in library:
        return library[reference]
    raise UnknownScenario(reference)
