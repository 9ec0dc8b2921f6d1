"""What a seat's page shows, as plain values for its templates: one role's read model, in words.

Nothing here reads the journal or the engine: only the hub's :class:`~crisissim.web.hub.RoleState`
(the role's read model and requests) and the seat's own unread marks. The templates render these
values and nothing else, with autoescaping on: what the scenario and the team wrote is text.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from crisissim.exercise import filings
from crisissim.journal.explain import Names, refusal_text
from crisissim.journal.readmodel import ExerciseView, InboxItem
from crisissim.journal.records import ENGAGEMENT_GROWTH_S, ClockStatus
from crisissim.safetext import reflow
from crisissim.scenario.actions import HOTWASH
from crisissim.scenario.model import Scenario
from crisissim.scenario.regimes import REGIMES
from crisissim.web.hub import Asked, RoleState, Seat
from crisissim.web.words import Words


def clock_text(seconds: float) -> str:
    """``HH:MM`` of simulated time, as the terminal's status bar shows it."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}"


def moment(words: Words, when: dt.datetime) -> str:
    """``ma 2 mrt 06:30`` / ``Mon 2 Mar 06:30``, whatever the server's locale."""
    return f"{words.days[when.weekday()]} {when.day} {words.months[when.month - 1]} {when:%H:%M}"


@dataclass(frozen=True)
class ClockLine:
    label: str
    status: str
    value: str
    until: float | None
    """The simulated second it runs out, while it runs: the page counts down to it."""
    urgency: str


@dataclass(frozen=True)
class Status:
    state: str
    state_class: str
    now: float
    paused: bool
    rate: float
    ended: bool
    started: bool
    t_plus: str
    moment: str
    clocks: tuple[ClockLine, ...]
    start_epoch: float
    """T+0 as Unix time, and its offset from UTC in seconds: the page shows the simulated date-time."""
    utc_offset: float


def status(view: ExerciseView, scenario: Scenario, words: Words) -> Status:
    if view.ended:
        state, css = words.ended, "ended"
    elif view.paused:
        state, css = words.paused, "paused"
    else:
        state, css = words.running, "running"
    now = view.now
    lines = []
    for clock_id, clock in scenario.clocks.items():
        cs = view.clocks[clock_id]
        if cs.status == ClockStatus.IDLE:
            continue  # a clock not started would tell what is coming
        label = clock.label or clock_id
        limit = cs.limit_s if cs.limit_s is not None else clock.limit
        if cs.status == ClockStatus.RUNNING and cs.started_s is not None:
            until = cs.started_s + limit
            left = until - now
            urgency = "red" if left < limit / 5 else "yellow" if left < limit / 2 else "green"
            lines.append(ClockLine(label, "running", clock_text(left), until, urgency))
        elif cs.status == ClockStatus.BREACHED:
            lines.append(ClockLine(label, "breached", words.breached, None, "red"))
        else:
            lines.append(ClockLine(label, "met", words.met, None, "met"))
    start = view.datetime_at(0)
    offset = start.utcoffset()
    return Status(
        state,
        css,
        now,
        view.paused,
        view.rate,
        view.ended,
        view.started,
        clock_text(now),
        moment(words, view.datetime_at(now)),
        tuple(lines),
        start.timestamp(),
        offset.total_seconds() if offset else 0.0,
    )


@dataclass(frozen=True)
class Entry:
    """A message in the inbox list."""

    event: str
    title: str
    sender: str
    channel: str
    t_plus: str
    unread: bool
    to_decide: bool
    answered: bool
    selected: bool


def to_decide(item: InboxItem) -> bool:
    return bool(item.options) and not item.answered and item.decided is None


def inbox(state: RoleState, seat: Seat, words: Words, selected: str | None) -> list[Entry]:
    return [
        Entry(
            item.event,
            item.title,
            item.sender,
            words.channel(item.channel),
            clock_text(item.sim),
            not item.read and item.event not in seat.read,
            to_decide(item),
            item.answered or item.decided is not None,
            item.event == selected,
        )
        for item in state.view.inbox[seat.role]
    ]


@dataclass(frozen=True)
class Message:
    """The message shown in full: its paragraphs, its deadline, its options or who decided."""

    event: str
    title: str
    sender: str
    channel: str
    t_plus: str
    paragraphs: tuple[str, ...]
    deadline_at: float | None
    options: tuple[tuple[str, str], ...]
    decided: str
    answered: bool


def message(state: RoleState, seat: Seat, scenario: Scenario, words: Words, event: str | None) -> Message | None:
    item = next((i for i in state.view.inbox[seat.role] if i.event == event), None)
    if item is None:
        return None
    decided = ""
    if item.options and item.decided is not None:
        option, by = item.decided
        name = scenario.roles[by].name if by in scenario.roles else by
        decided = words.decided_by.format(role=name, option=item.options.get(option, option))
    return Message(
        item.event,
        item.title,
        item.sender,
        words.channel(item.channel),
        clock_text(item.sim),
        tuple(p for p in reflow(item.body).split("\n\n") if p.strip()),
        None if item.answered else item.deadline_at,
        tuple(item.options.items()) if to_decide(item) else (),
        decided,
        item.answered,
    )


@dataclass(frozen=True)
class Sent:
    """One request of the role's seats, or an action taken for the role at the console, with what
    became of it: waiting, taken, or refused with the reason in the reader's words."""

    t_plus: str
    what: str
    summary: str
    about: str
    state: str
    why: str


def history(state: RoleState, scenario: Scenario, words: Words) -> list[Sent]:
    """Newest first: the seats' requests with their answers, and what was taken from the console."""
    view = state.view
    names = Names(scenario, view.titles, view.options)
    out: list[tuple[float, int, Sent]] = []
    asked_taken = set()
    for asked in state.asked.values():
        why = ""
        if asked.taken is None:
            word, css = words.waiting, "waiting"
        elif asked.taken:
            word, css = words.taken, "taken"
            asked_taken.add(asked.seq)
        else:
            word, css = words.not_taken, "refused"
            why = refusal_text(asked.refusal or "", words.gettext, names) if asked.refusal is not None else ""
        out.append((asked.sim, asked.seq, _sent(asked, words, names, word, css, why)))
    for number, item in enumerate(view.sent[view.roles[0]]):
        if item.request in asked_taken:
            continue
        about = names.event(item.event) if item.event else ""
        summary = _summary(item.kind, item.fields, names, words)
        out.append(
            (
                item.sim,
                -number,
                Sent(clock_text(item.sim), words.action(item.kind), summary, about, "taken", words.taken),
            )
        )
    out.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [sent for _sim, _seq, sent in out]


def _sent(asked: Asked, words: Words, names: Names, word: str, css: str, why: str) -> Sent:
    event = asked.fields.get("event")
    return Sent(
        clock_text(asked.sim),
        words.action(asked.kind),
        _summary(asked.kind, asked.fields, names, words),
        names.event(str(event)) if event else "",
        css,
        f"{word}: {why}" if why else word,
    )


def _summary(kind: str, fields: dict[str, Any], names: Names, words: Words) -> str:
    if kind == HOTWASH:  # its first answer given, as a line of text
        fields = {"text": next((str(a) for a in fields.get("answers", ()) if str(a).strip()), "")}
    if kind == "choose":
        return names.option(str(fields.get("event", "")), str(fields.get("option", "")))
    choice = f"{fields.get('regime', '')}.{fields.get('stage', '')}"
    change = fields.get("change")
    if kind == "notify_regulator" and change in (filings.AMEND, filings.WITHDRAW) and _stands_for(fields):
        title = filings.filing_title(choice, words.gettext)  # which filing it changes, by its name
        changed = filings.AMENDED_TITLE if change == filings.AMEND else filings.WITHDRAW_TITLE
        return words.gettext(changed).format(title=title)
    if kind == "notify_regulator" and filings.is_filing(choice, tuple(REGIMES)):
        return filings.filing_title(choice, words.gettext)  # a NIS2 or DORA filing, by its name
    for name in ("text", "nature", "reason", "reasoning"):
        value = fields.get(name)
        if value:
            text = " ".join(str(value).split())
            return text if len(text) <= 160 else text[:159] + "…"
    return ""


def _stands_for(fields: dict[str, Any]) -> bool:
    """Whether a filing's fields name a regime and a stage this version knows (GDPR's too)."""
    regime = REGIMES.get(str(fields.get("regime", "")))
    return regime is not None and str(fields.get("stage", "")) in regime.stage_names


@dataclass(frozen=True)
class FeedPost:
    author: str
    handle: str
    text: str
    mood: str
    likes: int
    reposts: int
    t_plus: str


@dataclass(frozen=True)
class StormLine:
    title: str
    per_minute: int
    mood: str
    mood_word: str
    bars: tuple[int, ...]


@dataclass(frozen=True)
class Feed:
    storms: tuple[StormLine, ...]
    news: tuple[tuple[str, str, str], ...]
    posts: tuple[FeedPost, ...]


FEED_SHOWN = 40
"""Posts the page shows, newest first."""


def _mood(sentiment: float) -> str:
    """The crowd's mood in the terminal feed's bands."""
    return "hostile" if sentiment <= -0.35 else "supportive" if sentiment >= 0.15 else "mixed"


def feed(view: ExerciseView, words: Words) -> Feed:
    mood_words = {"hostile": words.hostile, "supportive": words.supportive, "mixed": words.neutral}
    storms = []
    for storm in view.storms.values():
        if not storm.active and not storm.total:
            continue
        storm.roll_to(view.now)
        bars = tuple(list(storm.buckets)[-30:])
        mood = _mood(storm.mood)
        rate = bars[-1] if bars and storm.active else 0
        storms.append(StormLine(storm.title or storm.storm, rate, mood, mood_words[mood], bars))
    news = tuple((clock_text(sim), source, title) for sim, source, title in view.news)
    now = view.now
    posts = []
    for sim, post in list(view.posts)[::-1][:FEED_SHOWN]:
        growth = 1 - math.exp(-max(0.0, now - sim) / ENGAGEMENT_GROWTH_S)  # likes grow as the post spreads
        posts.append(
            FeedPost(
                post.name,
                post.handle,
                post.text,
                _mood(post.sentiment),
                int(post.likes * growth),
                int(post.reposts * growth),
                clock_text(sim),
            )
        )
    return Feed(tuple(storms), news, tuple(posts))


@dataclass(frozen=True)
class HotwashView:
    """A role's hot wash at EndEx: each question with the role's answer as it stands (from a seat
    or the console), whether one of its seats' answers is still waiting, or why it was refused."""

    answers: tuple[tuple[str, str], ...]
    answered: bool
    waiting: bool
    refused: str


def hotwash(state: RoleState, seat: Seat, scenario: Scenario, words: Words) -> HotwashView | None:
    """The hot wash, once the exercise has ended and the scenario asks one; else None."""
    view = state.view
    if not view.ended or not scenario.hotwash:
        return None
    given = view.hotwash.get(seat.role)
    answers = list(given or ()) + [""] * len(scenario.hotwash)
    asked = [a for a in state.asked.values() if a.kind == HOTWASH]
    last = max(asked, key=lambda a: a.seq) if asked else None
    refused = ""
    if last is not None and last.taken is False and last.refusal is not None:
        names = Names(scenario, view.titles, view.options)
        refused = f"{words.not_taken}: {refusal_text(last.refusal, words.gettext, names)}"
    return HotwashView(
        tuple((str(q), answers[n]) for n, q in enumerate(scenario.hotwash)),
        given is not None,
        last is not None and last.taken is None,
        refused,
    )
