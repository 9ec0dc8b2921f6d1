"""One role's pane: its inbox, the selected message, what the role sent, and a composer.

The pane decides nothing: keys and the composer post messages that the screen turns into
forms and actions, and the engine accepts or refuses. On the room screen it is read-only: the
same inbox, messages and history, without the composer and the action keys.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from crisissim.i18n import NP_
from crisissim.journal.readmodel import InboxItem
from crisissim.scenario.actions import ACTIONS, key_label
from crisissim.tui.labels import CHANNEL_ICONS, reflow, speak_keys
from crisissim.tui.screen_session import ScreenSession
from crisissim.tui.widgets.quiet import update_if_changed
from crisissim.tui.widgets.sent import SentList, sent_text
from crisissim.tui.widgets.status_bar import clock_text


def unread(items: list[InboxItem]) -> int:
    return sum(1 for i in items if not i.read)


def open_decisions(items: list[InboxItem]) -> int:
    """Decisions asked for that nobody has taken yet."""
    return sum(1 for i in items if i.options and not i.answered and i.decided is None)


def tab_marks(items: list[InboxItem]) -> str:
    """A role tab's marks, on the console and the room screen: ``●2`` unread messages, ``?1``
    decisions to take."""
    n_unread, n_open = unread(items), open_decisions(items)
    return (f" ●{n_unread}" if n_unread else "") + (f" ?{n_open}" if n_open else "")


def fit_tabs(tabs: dict[str, tuple[str, str, str]], active: str, cells: int) -> dict[str, str]:
    """The role tabs' labels (``tabs``: each role's F key, name and marks) in ``cells`` cells
    together: the active tab keeps its role's whole name, the others' names are cut to what the
    bar holds, down to the F key alone, so that every tab and its marks stay on the bar."""

    def label(role: str, keep: int | None) -> str:
        key, name, marks = tabs[role]
        if keep is not None and len(name) > keep:
            name = name[: max(0, keep - 1)].rstrip() + "…"
        return f"{key} {name}{marks}" if keep is None or keep > 0 else f"{key}{marks}"

    chosen: dict[str, str] = {}
    for keep in (None, *range(max((len(name) for _, name, _ in tabs.values()), default=0), -1, -1)):
        chosen = {role: label(role, None if role == active else keep) for role in tabs}
        if sum(len(t) for t in chosen.values()) <= cells:
            break
    if sum(len(t) for t in chosen.values()) > cells and active in chosen:
        chosen[active] = label(active, 0)
    return chosen


class MessageView(VerticalScroll):
    """The selected message (or, reached from the history, the action read there), scrolled by
    keys (↑ ↓ PageUp PageDown Home End) once → has moved here; ← goes back to the inbox, → on to
    the reply line (a read-only pane has none)."""

    BINDINGS = [
        Binding("left", "inbox", NP_("key", "Inbox"), show=False),
        Binding("right", "composer", NP_("key", "Reply line"), show=False),
    ]

    def _pane(self) -> RolePane:
        return self.query_ancestor(RolePane)

    def action_inbox(self) -> None:
        self._pane().focus_inbox()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "composer" and self._pane().readonly)

    def action_composer(self) -> None:
        self._pane().focus_composer()


class Composer(Input):
    """The reply line: enter sends; esc (or ↑) goes back to the inbox."""

    BINDINGS = [
        Binding("escape,up", "inbox", NP_("key", "Inbox"), show=False),
    ]

    def action_inbox(self) -> None:
        self.query_ancestor(RolePane).focus_inbox()


class Inbox(OptionList):
    """The messages, newest first: ↑ ↓ pick one, PageDown and PageUp turn the pages of the
    message shown (the inbox is short, the message may be long)."""

    BINDINGS = [
        Binding("pagedown", "scroll_message(1)", NP_("key", "Read on"), show=False),
        Binding("pageup", "scroll_message(-1)", NP_("key", "Read back"), show=False),
    ]

    def on_focus(self) -> None:
        self.query_ancestor(RolePane).mark_read()

    def action_scroll_message(self, pages: int) -> None:
        view = self.query_ancestor(RolePane).query_one(MessageView)
        view.scroll_page_down() if pages > 0 else view.scroll_page_up()


class RolePane(Vertical, can_focus=False):
    #: a key per action kind, from the action registry; → from the inbox to the message, and on;
    #: and the role's history
    BINDINGS = [
        *[Binding(spec.key, f"compose('{spec.kind}')", spec.key_label, show=False) for spec in ACTIONS],
        Binding("right", "message", NP_("key", "Read on"), show=False),
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

    @property
    def open_decisions(self) -> int:
        """Decisions this role was asked for that nobody has taken yet: the tab's mark."""
        return open_decisions(self.items)

    @property
    def unread(self) -> int:
        return unread(self.items)

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
        self._name_actions(session)
        self._signature: tuple[tuple[str, bool, bool], ...] = ()
        self._shown_item: tuple[str, float] | None = None
        self._from_history = False
        """The message view was reached from the history: it goes on showing the action read there."""
        self.border_title = self._title(0)

    def _name_actions(self, session: ScreenSession) -> None:
        """Each action's key by the name the scenario gives it: the regulator form's is its one
        authority's under GDPR alone ("AP-melding"), the neutral words under NIS2 or DORA."""
        pgettext = session.labels.gettext.pgettext
        names = {f"compose('{spec.kind}')": key_label(spec.kind, session.scenario.regime) for spec in ACTIONS}
        self._bindings = BindingsMap.from_keys(
            {
                key: [
                    replace(b, description=pgettext("key", names[b.action])) if b.action in names else b
                    for b in bindings
                ]
                for key, bindings in self._bindings.key_to_bindings.items()
            }
        )

    def _title(self, unread: int) -> str:
        name = self.session.scenario.roles[self.role].name
        extra = f"  ● {unread} {self.session.labels.new}" if unread else ""
        return f"F{self.number} {name}{extra}"

    def compose(self) -> ComposeResult:
        yield Inbox(id=f"inbox-{self.role}", classes="inbox")
        with MessageView(classes="message", id=f"message-view-{self.role}"):
            yield Static(id=f"message-{self.role}", classes="message-body")
        yield SentList(self.session, self.role, id=f"sent-{self.role}")
        if not self.readonly:
            yield Composer(placeholder=self.session.labels.composer, id=f"composer-{self.role}", classes="composer")

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

    def focus_composer(self) -> None:
        for composer in self.query(Composer):  # none in a read-only pane
            composer.focus()

    def action_message(self) -> None:
        self.query_one(MessageView).focus()

    def _line(self, item: InboxItem) -> Text:
        icon = CHANNEL_ICONS.get(item.channel, "•")
        style = "" if item.read else "bold"
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{icon} ", style="cyan")
        line.append(f"{clock_text(item.sim)} ", style="dim")
        if item.answered or item.decided is not None:
            line.append("✓ ", style="green")
        elif item.options:
            line.append("? ", style="bold magenta")
        line.append(item.title, style=style)
        return line

    def refresh_state(self) -> None:
        items = self.items
        signature = tuple((i.event, i.answered or i.decided is not None, i.read) for i in items)
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
        view = self.query_one(MessageView)
        reading_sent = self.history.has_focus or (view.has_focus and self._from_history)
        sent = self.history.selected if reading_sent else None
        if sent is not None:
            update_if_changed(body, sent_text(self.session, sent))
            self._scroll_home_on_change(("sent", sent.sim))
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
        if item.options and item.decided is not None:
            option, by = item.decided
            text.append(
                "\n✓ "
                + labels.gettext("Decided by {role}: {option}").format(
                    role=self.session.scenario.roles[by].name if by in self.session.scenario.roles else by,
                    option=item.options.get(option, option),
                )
                + "\n",
                style="bold green",
            )
        elif item.options:
            text.append(f"\n{labels.options}:\n", style="bold magenta")
            for n, label in enumerate(item.options.values(), start=1):  # by number and label: ids are the author's
                text.append(f" {n}. {label}\n", style="magenta")
        update_if_changed(body, text)
        self._scroll_home_on_change((item.event, item.sim))

    def _scroll_home_on_change(self, shown: tuple[str, float]) -> None:
        """Another message (or action) shown starts at its top."""
        if shown != self._shown_item:
            self._shown_item = shown
            self.query_one(MessageView).scroll_home(animate=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not isinstance(event.widget, MessageView):
            self._from_history = event.widget is self.history

    def on_descendant_blur(self) -> None:
        self.show_message()  # back from the history: the selected message again

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.history:
            self.show_message()
            return
        if self.inbox.has_focus:
            self.mark_read()
        self.show_message()

    def mark_read(self) -> None:
        """The message picked in a pane that has the focus is read: one that only came up as
        the newest, in a pane nobody is in, still counts as unread on its tab."""
        item = self.selected
        if item is not None and not item.read:
            item.read = True
            self._signature = ()
            self.call_later(self.refresh_state)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.readonly or event.option_list is self.history:
            return
        item = self.selected
        self.action_compose("choose" if item and item.options and not item.answered and not item.decided else "reply")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.post_message(self.QuickReply(self.role, self.selected.event if self.selected else None, text))
            event.input.value = ""

    def action_compose(self, kind: str) -> None:
        self.post_message(self.ComposeRequested(self.role, kind, self.selected.event if self.selected else None))
