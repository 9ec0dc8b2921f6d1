"""Text from an author's file made safe to echo on one terminal line.

A message that quotes what an author wrote (a value, a key, a file name) must not let that text
take over the terminal: a control character (NUL, ESC, a carriage return) or a bidirectional
override (U+202E) could hide or reorder what the line says, and a 20 000-character value would
bury the line it is quoted in. Every problem line and every error the command line prints goes
through here; and a YAML block's hard-wrapped lines joined into paragraphs (:func:`reflow`), for
every screen that wraps them itself. This module imports nothing of crisissim, so that every layer may use it.
"""

from __future__ import annotations

import unicodedata

#: The longest value a message quotes whole; a longer one is cut, with its length said.
VALUE_CHARS = 60
#: The longest message (the WHAT of a problem line) shown whole.
LINE_CHARS = 500

#: Characters shown escaped whatever their category says: the bidirectional controls.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Categories of characters that draw nothing and may steer the terminal: controls, formats,
#: line and paragraph separators, surrogates and unassigned code points.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_controls(text: str) -> str:
    """``text`` with every control, format and bidirectional character written as an escape
    (``\\x00``, ``\\u202e``): visible, and unable to move the cursor or reorder the line."""
    if text.isprintable() and not _BIDI.intersection(text):
        return text
    return "".join(
        _escaped(c) if c in _BIDI or (not c.isprintable() and unicodedata.category(c) in _HIDDEN) else c for c in text
    )


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters: a longer text keeps its start and ends in an ellipsis that
    says how long it was."""
    if len(text) <= limit:
        return text
    note = f"… ({len(text)} characters)"
    return text[: max(1, limit - len(note))] + note


def shown(value: object, limit: int = VALUE_CHARS) -> str:
    """A value as a message quotes it: escaped, and cut at ``limit`` characters."""
    return cut(escape_controls(str(value)), limit)


def one_line(text: str, limit: int = LINE_CHARS) -> str:
    """A message fit for one line: line breaks and controls escaped, at most ``limit`` characters."""
    return cut(escape_controls(text), limit)


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a YAML block into paragraphs, so that narrow panes wrap
    them cleanly. A line counts as wrapped when it runs close to the block's longest line;
    short lines (a letterhead, "Van: ...") and list items keep their breaks."""
    lines = text.splitlines()
    longest = max((len(line.rstrip()) for line in lines), default=0)
    out: list[str] = []
    joinable = False
    for line in lines:
        stripped = line.strip()
        starts_block = not stripped or stripped[:1] in "-*•>|" or stripped[:2].rstrip(".)").isdigit()
        if out and joinable and not starts_block:
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line.rstrip())
        joinable = bool(stripped) and len(line.rstrip()) >= longest - 20 and longest >= 50
    return "\n".join(out)
