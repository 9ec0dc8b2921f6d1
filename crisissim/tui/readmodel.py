"""What the screens show, folded from the engine's records as they come (no Textual here).

Widgets read this and the engine's state; they never decide. The feed keeps only the newest
posts and per-minute counts, so memory stays flat however long the storm runs.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

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
    posts: deque[tuple[float, dict[str, Any]]] = field(default_factory=lambda: deque(maxlen=FEED_KEEP))
    storms: dict[str, StormView] = field(default_factory=dict)
    news: deque[tuple[float, str, str]] = field(default_factory=lambda: deque(maxlen=20))
    sent: dict[str, list[tuple[float, str, str]]] = field(default_factory=dict)
    version: int = 0  # bumps on anything but posts: widgets redraw when it changes
    post_version: int = 0

    def __post_init__(self) -> None:
        for role in self.roles:
            self.inbox.setdefault(role, [])
            self.sent.setdefault(role, [])

    def apply(self, sim: float, kind: str, role: str | None, payload: dict[str, Any]) -> None:
        if kind == "post":
            self.posts.append((sim, payload))
            storm = self.storms.setdefault(payload["storm"], StormView(payload["storm"]))
            storm.add(sim, payload["sentiment"])
            self.post_version += 1
            return
        self.version += 1
        if kind == "fired":
            if payload["kind"] == "storm":
                self.storms.setdefault(payload["event"], StormView(payload["event"]))
                return
            if payload["kind"] == "article":
                self.news.appendleft((sim, payload.get("from") or payload["channel"], payload["title"]))
            for target in payload["to"]:
                if target in self.inbox:
                    self.inbox[target].insert(
                        0,
                        InboxItem(
                            payload["event"],
                            sim,
                            payload["kind"],
                            payload["channel"],
                            payload["title"],
                            payload["body"],
                            payload.get("from") or "",
                            payload.get("options") or {},
                            payload.get("deadline_s"),
                            read=payload["kind"] == "article",
                        ),
                    )
        elif kind == "storm" and payload.get("status") == "ended":
            self.storms.setdefault(payload["storm"], StormView(payload["storm"])).active = False
        elif kind == "action" and role in self.sent:
            event = payload.get("event")
            if event:
                for item in self.inbox[role]:
                    if item.event == event and payload["action"] in ("reply", "choose"):
                        item.answered = True
            summary = payload.get("text") or payload.get("option") or payload.get("nature") or ""
            self.sent[role].insert(0, (sim, payload["action"], str(summary)))
