"""Durations as authors write them: ``90s``, ``20m``, ``1h30m``, ``2d``; a bare number is minutes."""

from __future__ import annotations

import math
import re

from crisissim.safetext import shown

_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_WHOLE = re.compile(r"^(?:\s*\d+(?:\.\d+)?\s*[dhms])+\s*$")

HINT = "write a duration like 90s, 20m, 1h30m or 2d (a bare number is minutes)"

#: The longest an exercise can sensibly last, and so the longest duration or offset anywhere in a
#: scenario, a playbook or an imported MSEL: a month of simulated time.
MAX_DURATION_S = 30 * 86400
TOO_LONG = "longer than 30 days, the most an exercise can last"


class DurationError(ValueError):
    """A value that is not a duration; the message says what would be right."""


def parse_duration(value: object) -> int:
    """Return whole seconds; reject negatives, booleans and anything unreadable."""
    if isinstance(value, bool) or value is None:
        raise DurationError(f"{shown(repr(value))} is not a duration; {HINT}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise DurationError(f"{value} is not a duration; {HINT}")
        if value < 0:
            raise DurationError(f"{shown(value)} is negative; durations count forward, {HINT}")
        return _bounded(value * 60, value)
    if not isinstance(value, str):
        raise DurationError(f"a {type(value).__name__} is not a duration; {HINT}")
    text = value.strip().lower()
    if text.startswith("-"):
        raise DurationError(f"'{shown(value)}' is negative; durations count forward, {HINT}")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return _bounded(float(text) * 60, value)
    if not _WHOLE.match(text):
        raise DurationError(f"'{shown(value)}' is not a duration; {HINT}")
    return _bounded(sum(float(n) * _UNIT_SECONDS[u] for n, u in _PART.findall(text)), value)


def _bounded(seconds: float, value: object) -> int:
    """Whole seconds, or a DurationError for more than :data:`MAX_DURATION_S` (a number too big
    for a float is just as much too long)."""
    if not seconds <= MAX_DURATION_S:
        raise DurationError(f"{shown(value)} is {TOO_LONG}")
    return round(seconds)


def format_duration(seconds: int | float) -> str:
    """The shortest form an author would write: ``1h30m``, ``45m``, ``2d``."""
    seconds = round(seconds)
    if seconds == 0:
        return "0m"
    out = ""
    for unit, size in _UNIT_SECONDS.items():
        n, seconds = divmod(seconds, size)
        if n:
            out += f"{n}{unit}"
    return out


def format_offset(seconds: int | float) -> str:
    """Scenario time as facilitators read it in an MSEL: ``T+1:30``, ``T+26:05``."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes = rest // 60
    return f"T+{hours}:{minutes:02d}"
