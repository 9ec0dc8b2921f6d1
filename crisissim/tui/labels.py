"""The screens' words in the exercise's language (``--lang`` overrides), read from the message
catalogue (crisissim/locale; see :mod:`crisissim.i18n`); the channel icons; text reflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from crisissim.i18n import N_, Translator, translator, wait_words
from crisissim.journal import records as rec
from crisissim.journal.explain import Names, refusal_text
from crisissim.safetext import reflow
from crisissim.scenario.actions import BY_KIND, COMMAND_BY_NAME, REQUEST_BY_KIND, STATEMENT_CHANNEL_NAMES
from crisissim.scenario.model import CHANNEL_NAMES, EVENT_KIND_NAMES, Scenario

__all__ = ["CHANNEL_ICONS", "Labels", "reflow", "speak_keys"]

#: One cell wide each: emoji take two cells in some terminals and one in others.
CHANNEL_ICONS = {
    "email": "✉",
    "phone": "☎",
    "chat": "»",
    "sms": "✆",
    "social": "#",
    "news": "▤",
    "tv": "▭",
    "letter": "✉",
    "internal": "▣",
    "regulator": "§",
}

DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)
#: The catalogue's context for a key's description (the footer, the keys panel): the same English
#: may read otherwise there than as a title (``Reply``, ``Help``).
KEY_CONTEXT = "key"
#: The context of a channel's, a statement channel's and an event kind's name.
CHANNEL_CONTEXT = "channel"


class Labels:
    """The screens' words in one language (English when the catalogue has not that language).

    ``labels.gettext`` (also ``labels._``) translates any other message id, such as the words of
    the action registry.
    """

    def __init__(self, language: str | None) -> None:
        _ = self._ = self.gettext = translator(language)
        self.language = _.language
        # the status bar
        self.running = _("RUNNING")
        self.paused = _("PAUSED")
        self.ended = _("ENDEX")
        self.left = _("left")
        self.met = _("met")
        self.breached = _("BREACHED")
        self.idle = _("not started")
        # the MSEL
        self.msel = _("Scenario events (MSEL)")
        self.msel_tab = _("MSEL")
        self.next = _("Next")
        self.due_in = _("in")
        self.none_due = _("nothing else is due by time")
        self.msel_first = _("Select the event in the MSEL first (tab)")
        # the feed
        self.feed = _("Social media")
        self.news = _("News")
        self.no_posts = _("quiet, for now")
        self.hostile = _("hostile")
        self.supportive = _("supportive")
        self.neutral = _("mixed")
        self.posts_per_min = _("posts/min")
        # role panes
        self.inbox_empty = _("No messages yet")
        self.new = _("new")
        self.deadline = _("deadline")
        self.deadline_passed = _("deadline passed")
        self.options = _("Options")
        self.sender = _("From")
        self.composer = _("Reply… (enter sends)")
        self.no_message = _("Select a message first")
        self.no_options = _("This message asks for no decision")
        # forms and toasts
        self.send = _("Send")
        self.cancel = _("Cancel")
        self.yes = _("Yes (y)")
        self.no = _("No (n)")
        self.required = _("Fill in")
        self.not_a_number = _("is not a number")
        self.sent = _("Sent")
        self.refused = _("Not sent")
        self.delay_hint = _("owed now: the notification is past the clock's limit")
        self.approx = _("approx.")
        self.inject_title = _("Ad-hoc inject")
        self.rate_title = _("Rate an expectation (HSEEP)")
        self.flag_title = _("Set or clear a flag")
        self.end_title = _("End the exercise (EndEx)?")
        self.end_text = _("The exercise ends now for every role; the hot wash follows.")
        # StartEx, the hot wash, help
        self.startex = _("StartEx")
        self.startex_hint = _("Read the summary aloud, then press space to start the clock.")
        self.hotwash = _("Hot wash")
        self.hotwash_hint = _("Answers per role; save each role's answers, then finish.")
        self.hotwash_seat_hint = _("Your role's answers: send them; you can change them until the facilitator closes.")
        self.hotwash_send = _("Send the answers")
        self.save_role = _("Save answers for this role")
        self.finish = _("Finish and write the debrief")
        self.debrief_written = _("Debrief written")
        self.debrief_not_written = _("The debrief could not be written")
        self.debrief_later = _("The journal holds everything: write the debrief later with {command}")
        self.help = _("Keys")
        # the footer
        self.key_pause = _("Pause")
        self.key_faster = _("Faster")
        self.key_slower = _("Slower")
        self.key_next = _("Next event")
        self.key_endex = _("EndEx")
        self.key_help = _("Help")
        # a seat
        self.join = _("Join the exercise")
        self.join_code = _("Your role's join code (from the facilitator)")
        self.wrong_code = _("Wrong code.")
        self.taken = _("Received by the exercise")
        self.not_taken = _("Not taken")
        self.joined = _("You play")
        self.beyond_loopback = _(
            "The seats can be reached from other machines: the join codes are the only guard and traffic "
            "is not encrypted. Put a TLS proxy in front (docs/seats.md) and share the codes in person."
        )
        self.seat_ended = _("This seat has ended: the facilitator gave your role a new code. Join with it.")
        # the command palette (Textual's own words included)
        self.palette_search = _.pgettext("palette", "Search for a command…")
        self.palette_nothing = _.pgettext("palette", "Nothing found")
        self.quit_hint = _("To stop, press ctrl+q.")  # what ctrl+c says: it copies, it does not stop
        # what the team did: a role's history, the console's log of the team
        self.nothing_sent = _("Nothing sent yet")
        self.about = _("about")
        self.chosen = _("Chosen")
        self.team_log = _("What the team did")
        self.whole_team = _("The whole team")
        self.team_log_hint = _("↑ ↓ a role, tab to its actions, esc back")
        # the room screen, and the console's room view (v)
        self.room_waiting = _("The facilitator starts the clock in a moment.")
        self.room_ended = _("The exercise has ended (EndEx).")
        self.room_hotwash_answered = _("Answers in from")
        self.room_view_on = _("Room view: the facilitator's areas are hidden (v shows them again)")
        self.room_view_off = _("The facilitator's areas are shown again")
        self.room_view_refused = _("Hidden in the room view (v shows the facilitator's areas again)")
        # the journal, on StartEx and behind j
        self.journal = _("Journal")
        self.resume_with = _("Continue later with")
        self.room_with = _("The room screen, in a second terminal or on a projector")

    def wait(self, seconds: float) -> str:
        """How long a seat waits before the next try at a join code."""
        return wait_words(self._, seconds)

    def title(self, kind: str) -> str:
        """The title of an action kind's form (of a choice: its options)."""
        return self._(BY_KIND[kind].title)

    def action(self, kind: str) -> str:
        """An action kind's name, as the command palette calls it (``choose``: ``kiezen``); a
        seat's other requests (the hot wash) by their own name."""
        spec = BY_KIND.get(kind)
        if spec is None:
            request = REQUEST_BY_KIND.get(kind)
            return self._(request.label) if request else kind
        return self._.pgettext("palette", spec.label)

    def channel(self, channel: str) -> str:
        """A channel's name (an inbox tag, the inject form's choice)."""
        name = CHANNEL_NAMES.get(channel)
        return self._.pgettext(CHANNEL_CONTEXT, name) if name else channel

    def statement_channel(self, channel: str) -> str:
        """Where a statement is published (website, social media, press)."""
        name = STATEMENT_CHANNEL_NAMES.get(channel)
        return self._.pgettext(CHANNEL_CONTEXT, name) if name else channel

    def event_kind(self, kind: str) -> str:
        """An event kind's name (the MSEL's tag)."""
        name = EVENT_KIND_NAMES.get(kind)
        return self._.pgettext(CHANNEL_CONTEXT, name) if name else kind

    def refusal(
        self,
        refusal: rec.Refusal | str,
        scenario: Scenario,
        titles: Mapping[str, str],
        options: Mapping[str, Mapping[str, str]] | None = None,
    ) -> str:
        """Why the exercise refused an action, in this language, naming events, roles and options
        as the screen shows them (``titles``: the delivered events' titles; ``options``: their options)."""
        return refusal_text(refusal, self._, Names(scenario, titles, options or {}))

    def done(self, command: str, fields: Mapping[str, Any], scenario: Scenario, titles: Mapping[str, str]) -> str:
        """What the console says once a facilitator's command is done."""
        spec = COMMAND_BY_NAME.get(command)
        if spec is None or not spec.done:
            return self.sent
        words = {key: str(value) for key, value in fields.items()}
        if "event" in fields:
            words["event"] = Names(scenario, titles).event(str(fields["event"]))
        return self._(spec.done).format_map(_Blank(words))

    def key(self, description: str) -> str:
        """A key's description, for the footer and the keys panel."""
        return self._.pgettext(KEY_CONTEXT, description)

    def moment(self, when: dt.datetime) -> str:
        """``ma 2 mrt 06:30`` / ``Mon 2 Mar 06:30``, whatever the machine's locale."""
        day = self._(DAYS[when.weekday()])
        return f"{day} {when.day} {self._(MONTHS[when.month - 1])} {when:%H:%M}"


class _Blank(dict[str, str]):
    """A command's fields for its message: one not given reads as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


def speak_keys(node: DOMNode, labels: Labels | Translator) -> None:
    """Give ``node``'s keys (its class's ``BINDINGS``, whose descriptions are message ids in the
    ``key`` context) their descriptions in the labels' language.

    Textual reads a class's bindings once, before any exercise has a language; this replaces the
    node's own copy of them, as ``App.bind`` does.
    """
    _ = labels.gettext if isinstance(labels, Labels) else labels
    node._bindings = BindingsMap.from_keys(
        {
            key: [_describe(binding, _) for binding in bindings]
            for key, bindings in node._bindings.key_to_bindings.items()
        }
    )


def _describe(binding: Binding, _: Translator) -> Binding:
    if not binding.description:
        return binding
    return replace(binding, description=_.pgettext(KEY_CONTEXT, binding.description))
