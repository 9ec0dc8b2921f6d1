"""Updates that cost nothing when nothing changed.

The screen refreshes four times a second; rewriting a widget with the text it already shows
still redraws it and re-lays out the screen. Skipping equal updates keeps the event loop
free for keys while a storm is at its peak.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


def update_if_changed(widget: Static, content: Any) -> None:
    if getattr(widget, "_crisissim_shown", None) == content:
        return
    widget._crisissim_shown = content  # type: ignore[attr-defined]
    widget.update(content)
