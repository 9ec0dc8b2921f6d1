"""One role's pane: its inbox, the selected message, what the role sent, and a composer.

The pane decides nothing: keys and the composer post messages that the screen turns into
forms and actions, and the engine accepts or refuses. On the room screen it is read-only: the
same inbox, messages and history, without the composer and the action keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from crisissim.i18n import NP_
from crisissim.journal.readmodel import InboxItem
from crisissim.scenario.actions import ACTIONS
from crisissim.tui.labels import CHANNEL_ICONS, reflow, speak_keys
from crisissim.tui.screen_session import ScreenSession
from crisissim.tui.widgets.quiet import update_if_changed
from crisissim.tui.widgets.sent import SentList, sent_text
from crisissim.tui.widgets.status_bar import clock_text


class RolePane(Vertical, can_focus=False):
    #: a key per action kind, from the action registry; and the role's history
    BINDINGS = [
        *[Binding(spec.key, f"compose('{spec.kind}')", spec.key_label, show=False) for spec in ACTIONS],
        Binding("h", "history", NP_("key", "Sent"), show=False),
    ]

    @dataclass
    class ComposeRequested(Message):
        """The role wants to act; ``event`` is the selected message, if any."""

        role: str
        kind: str
        event: str | None

    @dataclass
    class QuickReply(Message):
        role: str
        event: str | None
        text: str

    def __init__(
        self, session: ScreenSession, role: str, number: int, *, readonly: bool = False, **kwargs: Any
    ) -> None:
        classes = " ".join(("role-pane", kwargs.pop("classes", "")))
        super().__init__(id=f"pane-{role}", classes=classes.strip(), **kwargs)
        self.session = session
        self.role = role
        self.number = number
        self.readonly = readonly
        """The room screen's pane: shows, never acts."""
        speak_keys(self, session.labels)
        self._signature: tuple[tuple[str, bool, bool], ...] = ()
        self.border_title = self._title(0)

    def _title(self, unread: int) -> str:
        name = self.session.scenario.roles[self.role].name
        extra = f"  ● {unread} {self.session.labels.new}" if unread else ""
        return f"F{self.number} {name}{extra}"

    def compose(self) -> ComposeResult:
        yield OptionList(id=f"inbox-{self.role}", classes="inbox")
        with VerticalScroll(classes="message"):
            yield Static(id=f"message-{self.role}", classes="message-body")
        yield SentList(self.session, self.role, id=f"sent-{self.role}")
        if not self.readonly:
            yield Input(placeholder=self.session.labels.composer, id=f"composer-{self.role}", classes="composer")

    def on_mount(self) -> None:
        for composer in self.query(Input):
            composer.cursor_blink = False
        self.refresh_state()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The room's panes take no action keys."""
        return not (self.readonly and action == "compose")

    @property
    def history(self) -> SentList:
        return self.query_one(SentList)

    def action_history(self) -> None:
        """h: to what this role sent and back; the highlighted action shows in full meanwhile."""
        if self.history.has_focus:
            self.focus_inbox()
        else:
            self.history.focus()
        self.show_message()

    @property
    def inbox(self) -> OptionList:
        return self.query_one(f"#inbox-{self.role}", OptionList)

    @property
    def items(self) -> list[InboxItem]:
        return self.session.view.inbox[self.role]

    @property
    def selected(self) -> InboxItem | None:
        index = self.inbox.highlighted
        items = self.items
        return items[index] if index is not None and 0 <= index < len(items) else None

    def focus_inbox(self) -> None:
        self.inbox.focus()

    def _line(self, item: InboxItem) -> Text:
        icon = CHANNEL_ICONS.get(item.channel, "•")
        style = "" if item.read else "bold"
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{icon} ", style="cyan")
        line.append(f"{clock_text(item.sim)} ", style="dim")
        if item.answered:
            line.append("✓ ", style="green")
        elif item.options:
            line.append("? ", style="bold magenta")
        line.append(item.title, style=style)
        return line

    def refresh_state(self) -> None:
        items = self.items
        signature = tuple((i.event, i.answered, i.read) for i in items)
        if signature != self._signature:
            inbox = self.inbox
            highlighted = self.selected.event if self.selected else None
            self._signature = signature
            inbox.clear_options()
            inbox.add_options([Option(self._line(i), id=f"{i.event}@{i.sim}") for i in items])
            if items:
                index = next((n for n, i in enumerate(items) if i.event == highlighted), 0)
                inbox.highlighted = index
            self.border_title = self._title(sum(1 for i in items if not i.read))
        self.history.refresh_state()
        self.show_message()

    def show_message(self) -> None:
        labels, item = self.session.labels, self.selected
        body = self.query_one(f"#message-{self.role}", Static)
        sent = self.history.selected if self.history.has_focus else None
        if sent is not None:
            update_if_changed(body, sent_text(self.session, sent))
            return
        if item is None:
            update_if_changed(body, Text(labels.inbox_empty, style="dim"))
            return
        now = self.session.view.now
        text = Text()
        text.append(f"{labels.sender}: ", style="dim")
        text.append(f"{item.sender or '—'}  ", style="bold")
        text.append(f"[{labels.channel(item.channel)}]\n", style="cyan")
        text.append(item.title + "\n", style="bold")
        if item.deadline_at is not None and not item.answered:
            left = item.deadline_at - now
            if left > 0:
                text.append(
                    f"◷ {labels.deadline} {clock_text(left)}\n", style="bold yellow" if left > 600 else "bold red"
                )
            else:
                text.append(f"◷ {labels.deadline_passed}\n", style="bold red")
        text.append(reflow(item.body) + "\n")
        if item.options:
            text.append(f"\n{labels.options}:\n", style="bold magenta")
            for n, label in enumerate(item.options.values(), start=1):  # by number and label: ids are the author's
                text.append(f" {n}. {label}\n", style="magenta")
        update_if_changed(body, text)

    def on_descendant_blur(self) -> None:
        self.show_message()  # back from the history: the selected message again

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.history:
            self.show_message()
            return
        item = self.selected
        if item is not None and not item.read:
            item.read = True
            self._signature = ()
            self.call_later(self.refresh_state)
        self.show_message()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.readonly or event.option_list is self.history:
            return
        self.action_compose(
            "choose" if self.selected and self.selected.options and not self.selected.answered else "reply"
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.post_message(self.QuickReply(self.role, self.selected.event if self.selected else None, text))
            event.input.value = ""

    def action_compose(self, kind: str) -> None:
        self.post_message(self.ComposeRequested(self.role, kind, self.selected.event if self.selected else None))
