"""EndEx: the hot wash collects answers per role; then the debrief is written.

Answers are kept per role as they are typed (a draft per role), so changing the role never
carries one role's words to another, and each save files the answers of the role shown, in the
order of the questions. Quitting with answers typed but not saved saves them first.

Answers filed elsewhere (a role's seat answers its own hot wash) are shown as saved, and fill in
that role's draft unless something else was typed there. A terminal seat shows the same screen
for its one role, without the debrief (``seat=True``): its save sends the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from crisissim.i18n import NP_
from crisissim.journal.backends import shell_location
from crisissim.tui.labels import Labels, speak_keys
from crisissim.tui.screens.forms import after_queued


class HotwashScreen(Screen[None]):
    BINDINGS = [Binding("ctrl+s", "save", NP_("key", "Save role"), priority=True)]

    @dataclass
    class Saved(Message):
        """A role's answers, one per question in the scenario's order."""

        role: str
        answers: list[str]

    class Finished(Message):
        """The facilitator is done: write the debrief."""

    def __init__(
        self,
        questions: list[str],
        roles: dict[str, str],
        labels: Labels,
        *,
        filed: Mapping[str, list[str]] | None = None,
        seat: bool = False,
    ) -> None:
        super().__init__()
        self.questions, self.roles, self.labels = questions, roles, labels
        self.seat = seat
        speak_keys(self, labels)
        if seat:  # a seat sends its one role's answers: its key says so, as its button does
            self._bindings = BindingsMap.from_keys(
                {
                    key: [replace(b, description=labels.hotwash_send) if b.action == "save" else b for b in bindings]
                    for key, bindings in self._bindings.key_to_bindings.items()
                }
            )
        self.saved: set[str] = set()
        self.filed: dict[str, list[str]] = {}
        """What was filed per role, as it was filed."""
        self.drafts: dict[str, list[str]] = {role: [""] * len(questions) for role in roles}
        self._role = next(iter(roles))
        self._shown = False
        """Whether on_mount has put the drafts on screen: until then they are the truth, not the screen."""
        for role, answers in (filed or {}).items():
            self._take_filed(role, answers)

    def compose(self) -> ComposeResult:
        _ = self.labels.gettext
        hint = self.labels.hotwash_seat_hint if self.seat else self.labels.hotwash_hint
        with Vertical(classes="hotwash"):
            yield Static(f"{self.labels.hotwash}: {hint}", classes="form-title")
            with Horizontal(classes="hotwash-body"):
                with Vertical(classes="hotwash-roles"):
                    yield Static(_("Role (↑ ↓)"), classes="field-label")
                    yield OptionList(*self._role_options(), id="hotwash-role")
                with VerticalScroll(classes="hotwash-questions", can_focus=False):
                    yield Static(id="hotwash-answering", classes="hotwash-answering")
                    for n, question in enumerate(self.questions):
                        yield Static(f"{n + 1}. {question}", classes="field-label hotwash-question")
                        yield TextArea(id=f"answer-{n}", classes="field-text", soft_wrap=True)
            yield Static(id="hotwash-status", classes="form-intro")
            with Horizontal(classes="form-buttons"):
                save = self.labels.hotwash_send if self.seat else self.labels.save_role
                yield Button(f"{save} (ctrl+s)", id="save", variant="primary")
                if not self.seat:
                    yield Button(self.labels.finish, id="finish", variant="success")
        yield Footer()

    def _role_options(self) -> list[Option]:
        """A role per line: ▶ the role being answered, ✓ a role whose answers are saved."""
        options = []
        for role, name in self.roles.items():
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append("▶ " if role == self._role else "  ", style="bold")
            line.append(name, style="bold" if role == self._role else "")
            if role in self.saved:
                line.append(" ✓", style="green")
            options.append(Option(line, id=role))
        return options

    def _take_filed(self, role: str, answers: list[str]) -> bool:
        """Take ``role``'s answers as filed elsewhere; whether they were new to this screen. The
        draft takes them unless something else was typed in it since it was last filed."""
        if role not in self.roles or self.filed.get(role) == answers:
            return False
        draft = [a.strip() for a in self.drafts[role]]
        if not any(draft) or draft == self.filed.get(role):
            self.drafts[role] = (list(answers) + [""] * len(self.questions))[: len(self.questions)]
        self.saved.add(role)
        self.filed[role] = list(answers)
        return True

    def take_filed(self, filed: Mapping[str, list[str]]) -> None:
        """Answers the journal holds (the read model's ``hotwash``): a role answered at its seat."""
        if not self._shown:
            return  # not mounted yet: on_mount shows the drafts, which what it was given filled in
        try:
            self.drafts[self._role] = self._answers()
        except NoMatches:
            return  # being torn down
        if any([self._take_filed(role, answers) for role, answers in filed.items()]):
            self._show_role()

    def on_mount(self) -> None:
        for answer in self.query(TextArea):
            answer.cursor_blink = False
        self._show_role()
        self._shown = True
        self.query_one("#hotwash-role", OptionList).focus()

    @property
    def role(self) -> str:
        """The role whose answers are on screen, and whom a save files them under."""
        return self._role

    def _answers(self) -> list[str]:
        return [self.query_one(f"#answer-{n}", TextArea).text for n in range(len(self.questions))]

    def _show_role(self) -> None:
        _ = self.labels.gettext
        roles = self.query_one("#hotwash-role", OptionList)
        for option in self._role_options():
            assert option.id is not None
            roles.replace_option_prompt(option.id, option.prompt)
        index = list(self.roles).index(self._role)
        if roles.highlighted != index:
            with roles.prevent(OptionList.OptionHighlighted):
                roles.highlighted = index
        for n, text in enumerate(self.drafts[self._role]):
            self.query_one(f"#answer-{n}", TextArea).text = text
        heading = _("Answers of: {role}").format(role=self.roles[self._role])
        self.query_one("#hotwash-answering", Static).update(Text(heading, style="bold reverse"))

    def select_role(self, role: str) -> None:
        """Keep what was typed for the role shown, and show ``role``'s answers."""
        if role == self._role or role not in self.roles:
            return
        self.drafts[self._role] = self._answers()
        self._role = role
        self._show_role()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.select_role(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.select_role(event.option.id)
            self.query_one("#answer-0", TextArea).focus()

    def action_save(self) -> None:
        after_queued(self, self._save_now)

    def _save_now(self) -> None:
        _ = self.labels.gettext
        answers = [a.strip() for a in self._answers()]
        if not any(answers):
            self._status(_("Nothing typed yet for {role}.").format(role=self.roles[self._role]))
            return
        self.drafts[self._role] = self._answers()
        self.post_message(self.Saved(self._role, answers))
        self.saved.add(self._role)
        self.filed[self._role] = answers
        waiting = [r for r in self.roles if r not in self.saved]
        done = ", ".join(self.roles[r] for r in self.roles if r in self.saved)
        self._status(f"✓ {done}")
        if waiting:
            self.select_role(waiting[0])
            self.query_one("#answer-0", TextArea).focus()  # the next role starts at the first question
        else:
            self._show_role()

    def unsaved(self) -> dict[str, list[str]]:
        """Answers typed for a role and not filed as they stand: what quitting must not lose."""
        self.drafts[self._role] = self._answers()
        out = {}
        for role, draft in self.drafts.items():
            answers = [a.strip() for a in draft]
            if any(answers) and self.filed.get(role) != answers:
                out[role] = answers
        return out

    def _status(self, text: str | Text) -> None:
        self.query_one("#hotwash-status", Static).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.post_message(self.Finished())

    def show_written(self, paths: list[str]) -> None:
        lines = "\n".join(paths)
        self._status(f"{self.labels.debrief_written}:\n{lines}\n\nctrl+q")

    def show_unwritten(self, why: str, journal: str) -> None:
        """The debrief could not be written (a full disk, say): why, and how to write it later."""
        later = self.labels.debrief_later.format(command=f"crisissim report {shell_location(journal)}")
        self._status(Text(f"{self.labels.debrief_not_written}:\n{why}\n\n{later}\n\nctrl+q"))
