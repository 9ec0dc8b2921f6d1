"""The seat page's words in the exercise's language, read from the message catalogue.

The same messages as the terminal's seat where the terminal says the same thing (its msgids are
reused, so both read alike), and the page's own where a page says what a terminal does not: its
tabs, its buttons, what it says while the connection is down. The templates read only these
attributes: every word they show is extracted from this file (docs/architecture.md, "Adding a
string, or a translation").
"""

from __future__ import annotations

from collections.abc import Sequence

from crisissim.i18n import N_, translator, wait_words
from crisissim.scenario.actions import BY_KIND, REQUEST_BY_KIND, key_label, palette_label
from crisissim.scenario.model import CHANNEL_NAMES

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
#: The actions a seat opens a form for, in the order of its buttons (a choice and a reply are
#: taken on the message itself).
FORM_KINDS = (
    "statement",
    "notify_regulator",
    "notify_subjects",
    "subjects_exception",
    "post",
    "decision",
    "note",
)


class Words:
    """The page's words in one language (English when the catalogue has not that language)."""

    def __init__(self, language: str | None, regimes: Sequence[str] = ()) -> None:
        _ = self.gettext = translator(language)
        self.regimes = tuple(regimes)
        """The scenario's regimes: they name the regulator form (crisissim.scenario.actions.regulator_labels)."""
        self.language = _.language
        self.days = [_(d) for d in DAYS]
        self.months = [_(m) for m in MONTHS]
        # the status bar, as the terminal's
        self.running = _("RUNNING")
        self.paused = _("PAUSED")
        self.ended = _("ENDEX")
        self.left = _("left")
        self.met = _("met")
        self.breached = _("BREACHED")
        self.clocks = _("Deadlines")
        # joining
        self.join = _("Join the exercise")
        self.join_code = _("Your role's join code (from the facilitator)")
        self.join_button = _("Join")
        self.wrong_code = _("Wrong code.")
        self.joined = _("You play")
        self.leave = _("Leave")
        self.left_seat = _("You have left the exercise on this device.")
        self.ended_seat = _("This seat has ended: the facilitator gave your role a new code. Join with it.")
        # the page's areas
        self.inbox = _("Inbox")
        self.message = _("Message")
        self.feed = _("Social media")
        self.news = _("News")
        self.history = _("What you sent")
        self.act = _("Act")
        self.inbox_empty = _("No messages yet")
        self.pick_message = _("Pick a message in the inbox.")
        self.unread = _("unread")
        self.to_decide = _("decision to take")
        self.answered = _("answered")
        self.no_posts = _("quiet, for now")
        self.posts_per_min = _("posts/min")
        self.hostile = _("hostile")
        self.supportive = _("supportive")
        self.neutral = _("mixed")
        # a message
        self.sender = _("From")
        self.deadline = _("deadline")
        self.deadline_passed = _("deadline passed")
        self.options = _("Options")
        self.decided_by = _("Decided by {role}: {option}")
        self.reply = _("Your reply")
        self.reply_hint = _("Your answer to this message, as you would write it.")
        self.send = _("Send")
        self.cancel = _("Cancel")
        # forms
        self.required = _("Fill in")
        self.required_mark = _("required")
        self.form_problems = _("Not sent yet: fill in what is marked.")
        # what was sent and what became of it
        self.sent = _("Sent")
        self.waiting = _("waiting for the exercise")
        self.taken = _("Received by the exercise")
        self.not_taken = _("Not taken")
        self.nothing_sent = _("Nothing sent yet")
        self.sent_notice = _("Sent: the exercise takes it in a moment.")
        # the state of the exercise
        self.not_started = _("The facilitator starts the clock in a moment.")
        self.room_ended = _("The exercise has ended (EndEx).")
        self.offline = _(
            "The exercise cannot be reached: the console has stopped or the connection is gone. "
            "What you send now goes out as soon as the exercise is back."
        )
        self.unreachable = _("UNREACHABLE")
        self.outbox = _("Waiting to be sent")
        self.outbox_waiting = _("goes out when the exercise is back")
        self.skip = _("Skip to the inbox")
        # the hot wash, at EndEx
        self.hotwash = _("Hot wash")
        self.hotwash_ask = _("The exercise has ended. The facilitator asks each role these questions:")
        self.hotwash_answer = _("Answer the questions")
        self.hotwash_change = _("Change the answers")
        self.hotwash_in = _("The exercise has your role's answers")
        self.hotwash_blank = _("(not answered)")
        self.hotwash_empty = _("Nothing typed yet: answer at least one question.")

    def wait(self, seconds: float) -> str:
        """How long an address waits before its next try at a join code."""
        return wait_words(self.gettext, seconds)

    def channel(self, channel: str) -> str:
        name = CHANNEL_NAMES.get(channel)
        return self.gettext.pgettext("channel", name) if name else channel

    def button(self, kind: str) -> str:
        """An action's button: its key's description, the shortest name the catalogue has for it;
        a post by its form's title, which says where it goes (a message is a "bericht" too)."""
        if kind == "post":
            return self.title(kind)
        return self.gettext.pgettext("key", key_label(kind, self.regimes))

    def title(self, kind: str) -> str:
        return self.gettext(BY_KIND[kind].title)

    def action(self, kind: str) -> str:
        """An action kind's name, as the command palette calls it (``choose``: ``kiezen``); a
        seat's other requests (the hot wash) by their own name."""
        spec = BY_KIND.get(kind)
        if spec is None:
            request = REQUEST_BY_KIND.get(kind)
            return self.gettext(request.label) if request else kind
        return self.gettext.pgettext("palette", palette_label(kind, self.regimes))
