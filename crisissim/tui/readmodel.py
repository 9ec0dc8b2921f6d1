"""What the screens show, folded from the engine's records as they come (no Textual here).

Widgets read this and the engine's state; they never decide. The feed keeps only the newest
posts and per-minute counts, so memory stays flat however long the storm runs.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from crisissim.journal import records as rec

FEED_KEEP = 300
SPARK_BUCKETS = 60


@dataclass
class InboxItem:
    event: str
    sim: float
    kind: str
    channel: str
    title: str
    body: str
    sender: str
    options: dict[str, str]
    deadline_s: float | None
    answered: bool = False
    read: bool = False

    @property
    def deadline_at(self) -> float | None:
        return None if self.deadline_s is None else self.sim + self.deadline_s


@dataclass
class StormView:
    storm: str
    buckets: deque[int] = field(default_factory=lambda: deque([0] * SPARK_BUCKETS, maxlen=SPARK_BUCKETS))
    bucket_minute: int = 0
    moods: deque[float] = field(default_factory=lambda: deque(maxlen=50))
    total: int = 0
    active: bool = True

    def add(self, sim: float, sentiment: float) -> None:
        minute = int(sim // 60)
        if self.total == 0:
            self.bucket_minute = minute
        while self.bucket_minute < minute:
            self.buckets.append(0)
            self.bucket_minute += 1
        self.buckets[-1] += 1
        self.moods.append(sentiment)
        self.total += 1

    def roll_to(self, sim: float) -> None:
        """Quiet minutes count as zero, so the sparkline falls when the storm calms."""
        minute = int(sim // 60)
        gap = min(minute - self.bucket_minute, SPARK_BUCKETS)
        if self.total and gap > 0:
            for _ in range(gap):
                self.buckets.append(0)
            self.bucket_minute = minute

    @property
    def mood(self) -> float:
        return sum(self.moods) / len(self.moods) if self.moods else 0.0


@dataclass
class ExerciseView:
    roles: list[str]
    inbox: dict[str, list[InboxItem]] = field(default_factory=dict)
    posts: deque[tuple[float, rec.Post]] = field(default_factory=lambda: deque(maxlen=FEED_KEEP))
    storms: dict[str, StormView] = field(default_factory=dict)
    news: deque[tuple[float, str, str]] = field(default_factory=lambda: deque(maxlen=20))
    sent: dict[str, list[tuple[float, str, str]]] = field(default_factory=dict)
    version: int = 0  # bumps on anything but posts: widgets redraw when it changes
    post_version: int = 0

    def __post_init__(self) -> None:
        for role in self.roles:
            self.inbox.setdefault(role, [])
            self.sent.setdefault(role, [])

    def apply(self, sim: float, role: str | None, data: rec.AnyRecord) -> None:
        if isinstance(data, rec.Post):
            self.posts.append((sim, data))
            storm = self.storms.setdefault(data.storm, StormView(data.storm))
            storm.add(sim, data.sentiment)
            self.post_version += 1
            return
        self.version += 1
        if isinstance(data, rec.Fired):
            if data.kind == "storm":
                self.storms.setdefault(data.event, StormView(data.event))
                return
            if data.kind == "article":
                self.news.appendleft((sim, data.sender or data.channel, data.title))
            for target in data.to:
                if target in self.inbox:
                    self.inbox[target].insert(
                        0,
                        InboxItem(
                            data.event,
                            sim,
                            data.kind,
                            data.channel,
                            data.title,
                            data.body,
                            data.sender,
                            data.options,
                            data.deadline_s,
                            read=data.kind == "article",
                        ),
                    )
        elif isinstance(data, rec.Storm) and data.status == rec.StormChange.ENDED:
            self.storms.setdefault(data.storm, StormView(data.storm)).active = False
        elif isinstance(data, rec.Action) and role in self.sent:
            event = data.fields.get("event")
            if event:
                for item in self.inbox[role]:
                    if item.event == event and data.action in ("reply", "choose"):
                        item.answered = True
            summary = data.fields.get("text") or data.fields.get("option") or data.fields.get("nature") or ""
            self.sent[role].insert(0, (sim, data.action, str(summary)))
