"""What the team did, as the screens show it: one role's history in its pane, and the words of an
action in full for the history and the console's team log.

An action is shown in the team's own words (its text, the option's label, the breach's nature)
under its form's title, with the message it answers by that message's title: never an id.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from crisissim.journal.readmodel import InboxItem, SentItem
from crisissim.scenario.actions import BY_KIND, DELAY_REASON, NOTIFICATION_FIELDS
from crisissim.tui.screen_session import ScreenSession
from crisissim.tui.widgets.status_bar import clock_text

#: Fields shown otherwise than as "label: value": the message answered and the option chosen are in
#: the heading and the first line; a statement's channels are the form's ticks, not the team's words.
_NOT_LISTED = frozenset({"event", "option", "channels"})


def _message(session: ScreenSession, item: SentItem) -> InboxItem | None:
    """The message an action answers or is about, as its role received it."""
    if item.event is None:
        return None
    return next((i for i in session.view.inbox.get(item.role, []) if i.event == item.event), None)


def gist(session: ScreenSession, item: SentItem) -> str:
    """An action's gist in the team's words; a choice by its option's label."""
    option = item.fields.get("option")
    if item.kind == "choose" and option:
        message = _message(session, item)
        return message.options.get(str(option), str(option)) if message else str(option)
    return item.summary


def sent_line(session: ScreenSession, item: SentItem, *, with_role: bool = False) -> Text:
    """One line: when, (whose,) what kind, the gist."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"↗ T+{clock_text(item.sim)} ", style="dim")
    if with_role:
        line.append(f"{session.scenario.roles[item.role].name} · ", style="bold")
    line.append(f"{session.labels.title(item.kind)}: ", style="cyan")
    line.append(gist(session, item))
    return line


def _words(kind: str, _: Any) -> dict[str, str]:
    """The field names of an action kind, in the words its form asks them."""
    words = {name: _(text) for name, text in NOTIFICATION_FIELDS.items()}
    words["delay_reason"] = _(DELAY_REASON)
    words.update({f.name: _(f.label) for f in BY_KIND[kind].form})
    return {name: text[:1].upper() + text[1:] for name, text in words.items()}


def sent_text(session: ScreenSession, item: SentItem, *, with_role: bool = False) -> Text:
    """An action in full: its heading (when, whose, what, about which message) and every field."""
    labels = session.labels
    text = Text()
    text.append(f"T+{clock_text(item.sim)}  ", style="dim")
    text.append(labels.moment(session.view.datetime_at(item.sim)), style="dim")
    text.append("\n")
    if with_role:
        text.append(f"{session.scenario.roles[item.role].name} · ", style="bold")
    text.append(labels.title(item.kind), style="bold cyan")
    message = _message(session, item)
    if message is not None:
        text.append(f"  {labels.about}: ", style="dim")
        text.append(message.title, style="italic")
    text.append("\n")
    if item.kind == "choose":
        text.append(f"{labels.chosen}: ", style="dim")
        text.append(gist(session, item) + "\n", style="bold magenta")
    words = _words(item.kind, labels.gettext)
    # a choice in its form's words (an Art. 34(3) ground, a filing's stage), not its value
    choices = {f.name: dict(f.choice_words) for f in BY_KIND[item.kind].form if f.choices}
    for name, value in item.fields.items():
        if name in _NOT_LISTED or value in ("", [], None):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        if isinstance(value, str) and value in choices.get(name, {}):
            shown = labels.gettext(choices[name][value])
        if name == "text":
            text.append(shown + "\n")
        else:
            text.append(f"{words.get(name, name)}: ", style="dim")
            text.append(shown + "\n")
    return text


class SentList(OptionList):
    """A role's history in its pane: what it sent, newest first, one line each.

    The pane shows the highlighted one in full in its message view while this list has focus.
    """

    DEFAULT_CLASSES = "sent"

    def __init__(self, session: ScreenSession, role: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.role = role
        self._count = -1

    @property
    def items(self) -> list[SentItem]:
        return self.session.view.sent.get(self.role, [])

    @property
    def selected(self) -> SentItem | None:
        index, items = self.highlighted, self.items
        return items[index] if index is not None and 0 <= index < len(items) else None

    def refresh_state(self) -> None:
        items = self.items
        if len(items) == self._count:
            return
        keep = self.highlighted
        newer = len(items) - max(self._count, 0)
        self._count = len(items)
        self.clear_options()
        if not items:
            self.add_option(Option(Text(self.session.labels.nothing_sent, style="dim"), disabled=True))
            return
        self.add_options([Option(sent_line(self.session, i)) for i in items])
        # while someone reads the list, the action they read stays under the cursor; else the newest
        self.highlighted = min(len(items) - 1, keep + newer) if keep is not None and self.has_focus else 0
