"""Turning a role's wish to act into the right form, shared by the console and the seats."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import App

from crisissim.journal.readmodel import InboxItem
from crisissim.journal.records import Post
from crisissim.scenario.actions import BY_KIND
from crisissim.tui.filings import (
    CHOICE_TITLE,
    GDPR_CHOICE,
    WITHDRAW,
    asks_which_filing,
    change_of,
    filing_choices,
    filing_fields,
    filing_form,
    withdraw_form,
)
from crisissim.tui.formspecs import action_fields, action_form
from crisissim.tui.labels import Labels
from crisissim.tui.screens.forms import ChooseScreen, FormScreen

Submit = Callable[[str, str, dict[str, Any]], object]


def open_action(
    app: App[Any],
    labels: Labels,
    inbox: list[InboxItem],
    role: str,
    kind: str,
    event: str | None,
    submit: Submit,
    *,
    late_notification: bool = False,
    posts: Sequence[tuple[float, Post]] = (),
    regimes: Sequence[str] = (),
    filed: Sequence[tuple[str, str]] = (),
) -> None:
    """Open the form (or the options) for ``kind``; ``submit(role, kind, fields)`` sends it.
    ``posts`` are the feed's, which a post may answer; ``regimes`` the scenario's, whose filings
    the regulator form asks to pick from first when there is more than the AP's; ``filed`` the
    filings that stand (crisissim/tui/filings.py's ``filed_stages``), which it offers to amend
    or withdraw."""
    if kind == "notify_regulator" and asks_which_filing(regimes, filed):

        def picked(choice: str | None) -> None:
            if choice == GDPR_CHOICE:
                _open_form(app, labels, inbox, role, kind, event, submit, late_notification, posts)
            elif choice:
                _open_filing(app, labels, role, choice, submit)

        title = labels.gettext(CHOICE_TITLE)
        app.push_screen(ChooseScreen(title, filing_choices(regimes, labels, filed), labels), picked)
        return
    _open_form(app, labels, inbox, role, kind, event, submit, late_notification, posts)


def _open_filing(app: App[Any], labels: Labels, role: str, choice: str, submit: Submit) -> None:
    """The form of one NIS2 or DORA filing (``choice`` is ``regime.stage``), of its amendment
    (``amend:regime.stage``), or of any filing's withdrawal (``withdraw:regime.stage``)."""
    change, filing = change_of(choice)

    def done(values: dict[str, Any] | None) -> None:
        if values is not None:
            submit(role, "notify_regulator", filing_fields(filing, values, change=change))

    spec = withdraw_form(filing, labels) if change == WITHDRAW else filing_form(filing, labels, change=change)
    app.push_screen(FormScreen(spec, labels), done)


def _open_form(
    app: App[Any],
    labels: Labels,
    inbox: list[InboxItem],
    role: str,
    kind: str,
    event: str | None,
    submit: Submit,
    late_notification: bool,
    posts: Sequence[tuple[float, Post]],
) -> None:
    item = next((i for i in inbox if i.event == event), None)
    about = BY_KIND[kind].fields.get("event")  # required: it answers a message; optional: it may be about one
    if about and item is None:
        app.notify(labels.no_message, severity="warning")
        return
    if kind == "choose":
        assert item is not None
        if not item.options:
            app.notify(labels.no_options, severity="warning")
            return

        def chosen(option: str | None) -> None:
            if option:
                submit(role, "choose", {"event": item.event, "option": option})

        app.push_screen(ChooseScreen(f"{labels.title(kind)}: {item.title}", item.options, labels), chosen)
        return
    context = item.title if item and about is not None else ""
    spec = action_form(kind, labels, context=context, late=late_notification, posts=posts)

    def done(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        fields = action_fields(kind, values, labels)
        if about or (about is not None and item is not None and not item.event.startswith("adhoc-")):
            assert item is not None
            fields["event"] = item.event
        submit(role, kind, fields)

    app.push_screen(FormScreen(spec, labels), done)
