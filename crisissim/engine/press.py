"""The press desk: media enquiries generated from what goes on, and what an unanswered one costs.

Besides the scenario's scripted enquiries, reporters call when a post goes viral, when a rumour
keeps spreading, when the organisation stays silent past a threshold, when a statement
contradicts an earlier one, or when a competing outlet runs a story; an answer that dodges the
question draws a follow-up from the same reporter, and a generated enquiry left unanswered past
its deadline becomes an article ("... does not answer questions"), which sets off a wave of
posts like any article. Every decision here is a function of the records so far, so replay and
resume give the same press.

The scenario bounds it (``press:``): switched off, at most so many enquiries, the thresholds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from crisissim.content.enquiries import Enquiry as ContentEnquiry
from crisissim.content.fakers import SeededFaker
from crisissim.content.personas import PersonaLibrary
from crisissim.content.press import REPORTERS, PressFacts, press_enquiry
from crisissim.content.rubric import assess
from crisissim.content.streams import stream
from crisissim.journal import records as rec
from crisissim.scenario.model import Press, Scenario

#: Rubric points that show an answer gives the reporter something; one without any dodges.
SUBSTANCE = frozenset({"says-what", "says-who", "says-how-many", "advises", "gives-contact", "next-update"})
#: How long a reporter takes to call after what set them off (simulated seconds), per trigger.
DELAY_S = {"viral-post": 1200, "rumour": 1800, "silence": 0, "contradiction": 1500, "competitor": 2400}
FOLLOW_UP_S = 1800
#: A newsroom writes "X does not answer" at most this often in an exercise, and this far apart.
SILENCE_ARTICLES = 2
SILENCE_ARTICLE_GAP_S = 6 * 3600


@dataclass(frozen=True, slots=True)
class Call:
    """An enquiry the desk means to make at ``due_s``, if it still makes sense then."""

    due_s: float
    trigger: str
    facts: PressFacts
    follows: str | None = None
    """The enquiry a follow-up follows up."""


@dataclass
class Asked:
    """A generated enquiry as the desk remembers it: who asked what, by when, and the answer."""

    event: str
    trigger: str
    fired_s: float
    deadline_s: int
    enquiry: ContentEnquiry
    topic: str
    answered: bool = False


@dataclass
class PressDesk:
    scenario: Scenario
    seed: int
    personas: PersonaLibrary
    config: Press = field(init=False)
    calls: list[Call] = field(default_factory=list)
    asked: dict[str, Asked] = field(default_factory=dict)
    generated: int = 0
    last_call_s: float = -math.inf
    first_public_s: float | None = None
    spoke_s: float | None = None
    rumour_posts: int = 0
    rumours: list[str] = field(default_factory=list)
    """The storms' rumours as the crowd spreads them (rendered), in the order storms started."""
    _done: set[str] = field(default_factory=set)
    _silence_articles: int = 0
    _last_silence_article_s: float = -math.inf
    now_s: float = 0.0
    _articles: int = 0
    _statements: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.config = self.scenario.press

    @property
    def on(self) -> bool:
        return self.config.generate and self.config.max > 0

    def recipients(self) -> list[str]:
        """Who takes press calls: the scenario's say, else whoever its scripted enquiries go to."""
        roles = list(self.scenario.roles)
        if self.config.to:
            return [r for r in self.config.to if r in roles]
        scripted = [r for e in self.scenario.events if e.kind == "enquiry" for r in e.recipients(roles)]
        return list(dict.fromkeys(scripted)) or roles

    # what happens ----------------------------------------------------------------------------------

    def apply(self, seq: int, sim: float, role: str | None, record: rec.AnyRecord) -> None:
        self.now_s = sim
        if not self.on:
            return
        if isinstance(record, rec.Post):
            self._post(sim, record)
        elif isinstance(record, rec.Storm) and record.status == rec.StormChange.STARTED:
            self._public(sim)
        elif isinstance(record, rec.Fired) and record.kind == "enquiry" and record.enquiry and not record.trigger:
            e = record.enquiry
            lines = [ln[2:].strip() for ln in record.body.splitlines() if ln.startswith("- ")]
            self.asked[record.event] = Asked(
                record.event,
                "scripted",
                sim,
                record.deadline_s or self.config.deadline,
                ContentEnquiry(e.reporter, e.title, e.outlet, e.medium, e.email, e.phone, "", tuple(lines), ""),
                record.title,
            )
        elif isinstance(record, rec.Fired) and record.kind == "article":
            self._public(sim)
            if not record.trigger:
                self._articles += 1
                self._plan(
                    f"competitor:{record.event}",
                    Call(
                        sim + DELAY_S["competitor"],
                        "competitor",
                        PressFacts(outlet=record.sender, headline=record.title),
                    ),
                )
        elif isinstance(record, rec.Reception):
            if any(p.code == "contradicts-earlier" for p in record.points):
                earlier = self._statements[-2] if len(self._statements) >= 2 else ""
                later = self._statements[-1] if self._statements else ""
                self._plan(
                    f"contradiction:{seq}",
                    Call(sim + DELAY_S["contradiction"], "contradiction", PressFacts(earlier=earlier, later=later)),
                )
        elif isinstance(record, rec.Action) and role in self.scenario.roles:
            self._action(sim, record)

    def notices(self, post: rec.Post) -> bool:
        """Whether ``post`` can set anything off (it spreads a rumour, or it went viral): the
        storms' hot path hands the desk only those."""
        return post.rumour or post.likes + post.reposts >= self.config.viral

    def seen_post(self, sim: float, post: rec.Post) -> list[Call]:
        """A post of a storm that :meth:`notices`; the calls it planned."""
        self.now_s = sim
        before = len(self.calls)
        self._post(sim, post)
        return self.calls[before:] if len(self.calls) != before else []

    def _public(self, sim: float) -> None:
        if self.first_public_s is None:
            self.first_public_s = sim
            self._plan("silence", Call(sim + self.config.silence, "silence", PressFacts()))

    def _post(self, sim: float, post: rec.Post) -> None:
        # Each trigger calls once: after a storm's first viral post, or the rumour's threshold, the
        # posts that follow change nothing, so no call is made for them (a storm has thousands).
        if post.likes + post.reposts >= self.config.viral:
            key = f"viral-post:{post.storm}"
            if key not in self._done:
                self._plan(
                    key,
                    Call(
                        sim + DELAY_S["viral-post"],
                        "viral-post",
                        PressFacts(handle=post.handle, post=post.text, shares=post.reposts + post.likes // 4),
                    ),
                )
        if post.rumour:
            self.rumour_posts += 1
            if self.rumour_posts >= self.config.rumour and "rumour" not in self._done:
                rumour = next((r for r in self.rumours if r), "")
                if rumour:
                    self._plan("rumour", Call(sim + DELAY_S["rumour"], "rumour", PressFacts(rumour=rumour)))

    def _action(self, sim: float, action: rec.Action) -> None:
        text = str(action.fields.get("text", ""))
        if action.action == "statement":
            self.spoke_s = sim
            self._statements.append(text)
        event = str(action.fields.get("event", ""))
        if action.action != "reply" or not event:
            return
        asked = self.asked.get(event)
        if asked is not None:
            asked.answered = True
        if asked is None:
            return
        reading = assess(text, self.scenario.language, tuning=self.scenario.rubric)
        dodges = not (set(reading.codes) & SUBSTANCE)
        key = f"follow-up:{event}"
        if dodges and key not in self._done:
            question = asked.enquiry.questions[0] if asked.enquiry.questions else asked.topic
            facts = PressFacts(answer=text, question=question if question.endswith("?") else f"{question}.")
            self._plan(key, Call(sim + FOLLOW_UP_S, "follow-up", facts, follows=event))

    def _plan(self, key: str, call: Call) -> None:
        if key in self._done:
            return
        self._done.add(key)
        self.calls.append(call)

    # the engine asks ------------------------------------------------------------------------------

    def next_due(self) -> float | None:
        return min((c.due_s for c in self.calls), default=None)

    def take_due(self, now: float) -> tuple[list[Call], list[float]]:
        """The calls due by ``now`` that still make sense and fit the bounds, in order; and when
        the calls put off by the gap between enquiries are due again."""
        due = sorted((c for c in self.calls if c.due_s <= now), key=lambda c: (c.due_s, c.trigger))
        self.calls = [c for c in self.calls if c.due_s > now]
        out: list[Call] = []
        later: list[float] = []
        for call in due:
            if call.trigger == "silence" and self.spoke_s is not None:
                continue
            if call.trigger != "follow-up":
                if self.generated >= self.config.max:
                    continue
                if now < self.last_call_s + self.config.gap:  # (the same sum as the new due time: no loop)
                    again = replace(call, due_s=self.last_call_s + self.config.gap)
                    self.calls.append(again)
                    later.append(again.due_s)
                    continue
                self.generated += 1
                self.last_call_s = now
            if call.trigger == "silence":
                call = replace(
                    call, facts=replace(call.facts, hours=max(1, round((now - (self.first_public_s or 0)) / 3600)))
                )
            out.append(call)
        return out, later

    def enquiry(self, call: Call, now: float, number: int) -> tuple[str, rec.Fired, list[float]]:
        """The enquiry of a call as the engine journals it, and when to check whether it was
        answered (its deadline)."""
        lang = self.scenario.language
        rng = stream(self.seed, f"press:{number}")
        fake = SeededFaker(lang, stream(self.seed, f"press:{number}:people"))
        follows = self.asked.get(call.follows or "")
        persona_id = next(
            (p for p in REPORTERS.get(call.trigger, ()) if self.personas.journalist(p) is not None),
            next(iter(self.personas.ids("journalist")), ""),
        )
        persona = self.personas.journalist(persona_id)
        assert persona is not None
        title, enquiry = press_enquiry(
            call.trigger,
            persona,
            lang,
            rng,
            fake,
            org=self.scenario.organisation,
            facts=call.facts,
            deadline_s=self.config.deadline,
            reporter=follows.enquiry if follows is not None else None,
        )
        event_id = f"press-{number}"
        topic = follows.topic if follows is not None else title
        self.asked[event_id] = Asked(event_id, call.trigger, now, self.config.deadline, enquiry, topic)
        fired = rec.Fired(
            event=event_id,
            kind="enquiry",
            channel="phone" if enquiry.medium in ("radio", "tv", "broadcaster") else "email",
            title=title,
            body=enquiry.text,
            sender=enquiry.sender,
            to=self.recipients(),
            options={},
            deadline_s=self.config.deadline,
            due_s=None,
            forced=False,
            enquiry=rec.Enquiry(
                reporter=enquiry.reporter,
                title=enquiry.title,
                outlet=enquiry.outlet,
                medium=enquiry.medium,
                email=enquiry.email,
                phone=enquiry.phone,
            ),
            trigger=call.trigger if call.follows is None else f"follow-up:{call.follows}",
        )
        return event_id, fired, [now + self.config.deadline]

    def unanswered(self, event_id: str, now: float | None = None) -> rec.Fired | None:
        """At an enquiry's deadline: the article its silence becomes, if nobody answered (twice
        in an exercise at most, hours apart: one newsroom's "no answer" story is news, six are not)."""
        if now is not None:
            self.now_s = now
        asked = self.asked.get(event_id)
        if asked is None or asked.answered or asked.trigger == "scripted" or not self.config.articles:
            return None
        if (
            self._silence_articles >= SILENCE_ARTICLES
            or self.now_s - self._last_silence_article_s < SILENCE_ARTICLE_GAP_S
        ):
            return None
        self._silence_articles += 1
        self._last_silence_article_s = self.now_s
        nl = self.scenario.language == "nl"
        org = self.scenario.organisation
        short = org.get("short") or org.get("name", "")
        title = (
            f"{short} geeft geen antwoord op vragen van {asked.enquiry.outlet}"
            if nl
            else f"{short} fails to answer questions from {asked.enquiry.outlet}"
        )
        body = (
            f"{asked.enquiry.outlet} legde {short} vragen voor ({asked.topic}). Binnen de gestelde termijn kwam "
            "er geen antwoord."
            if nl
            else f"{asked.enquiry.outlet} put questions to {short} ({asked.topic}). No answer came within the deadline."
        )
        asked.answered = True  # one article per silence
        return rec.Fired(
            event=f"{event_id}-article",
            kind="article",
            channel="news",
            title=title,
            body=body,
            sender=asked.enquiry.outlet,
            to=list(self.scenario.roles),
            options={},
            deadline_s=None,
            due_s=None,
            forced=False,
            trigger=f"unanswered:{event_id}",
        )

    def knows(self, event_id: str) -> bool:
        """Whether the desk generated this enquiry (a team may reply to it)."""
        return event_id.startswith("press-") and event_id in self.asked
