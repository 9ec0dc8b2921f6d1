"""The social-media feed, a volume sparkline and mood gauge per storm, and the news ticker.

The feed draws only the posts that fit on screen, from a bounded buffer, at a steady pace
(posts arrive in batches between redraws), so a storm at its peak never slows the screen.
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from crisissim.journal.records import ENGAGEMENT_GROWTH_S
from crisissim.tui.screen_session import ScreenSession
from crisissim.tui.widgets.quiet import update_if_changed
from crisissim.tui.widgets.status_bar import clock_text


def mood_style(sentiment: float) -> str:
    if sentiment <= -0.35:
        return "red"
    if sentiment < 0.15:
        return "yellow"
    return "green"


def mood_bar(sentiment: float, width: int = 11) -> Text:
    """-1 … +1 as a gauge: a marker on a red-to-green bar."""
    position = round((sentiment + 1) / 2 * (width - 1))
    bar = Text()
    for i in range(width):
        colour = "red" if i < width * 0.35 else "yellow" if i < width * 0.6 else "green"
        bar.append("●" if i == position else "─", style=f"bold {colour}" if i == position else colour)
    return bar


class PostList(Widget):
    """The newest posts that fit, newest first; likes and reposts grow with age."""

    def __init__(self, session: ScreenSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._drawn = (-1, -1.0)

    def refresh_state(self) -> None:
        key = (self.session.view.post_version, self.session.view.now)
        if key != self._drawn:
            self._drawn = key
            self.refresh()

    def render(self) -> Group | Text:
        view = self.session.view
        now = view.now
        if not view.posts:
            return Text(self.session.labels.no_posts, style="dim")
        width = max(20, self.size.width)
        budget = max(1, self.size.height)
        lines: list[Text] = []
        for sim, post in reversed(view.posts):
            growth = 1 - math.exp(-max(0.0, now - sim) / ENGAGEMENT_GROWTH_S)
            head = Text(no_wrap=True, overflow="ellipsis")
            head.append(post.name, style="bold")
            if post.verified:
                head.append(" ✓", style="cyan")
            head.append(f" @{post.handle}", style="dim")
            head.append(f"  {clock_text(sim)}", style="dim")
            body = Text(post.text, style=mood_style(post.sentiment))
            tail = Text(f"♥ {int(post.likes * growth)}  ↻ {int(post.reposts * growth)}", style="dim")
            body_lines = max(1, math.ceil(len(post.text) / width))
            need = 2 + body_lines
            if need > budget:
                break
            lines += [head, body, tail]
            budget -= need + 1
            lines.append(Text(""))
        return Group(*lines)


class StormGauge(Vertical):
    """Volume per simulated minute and the crowd's mood, for one storm."""

    def __init__(self, session: ScreenSession, storm: str, **kwargs: Any) -> None:
        super().__init__(classes="storm-gauge", **kwargs)
        self.session = session
        self.storm = storm

    def compose(self) -> ComposeResult:
        yield Static(classes="storm-label")
        yield Sparkline([], summary_function=max, classes="storm-spark")

    def refresh_state(self) -> None:
        view = self.session.view.storms[self.storm]
        view.roll_to(self.session.view.now)
        labels = self.session.labels
        rate = view.buckets[-1] if view.active else 0
        mood = view.mood
        word = labels.hostile if mood <= -0.35 else labels.supportive if mood >= 0.15 else labels.neutral
        label = self.query_one(".storm-label", Static)
        title = Text(view.title or self.storm, style="bold")
        title.truncate(max(10, label.size.width), overflow="ellipsis")  # one line: the volume and mood below
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append_text(title)
        text.append(f"\n{rate} {labels.posts_per_min}  ", style="")
        text.append(mood_bar(mood))
        text.append(f" {word}", style=mood_style(mood))
        update_if_changed(label, text)
        data = list(view.buckets)
        spark = self.query_one(Sparkline)
        if spark.data != data:
            spark.data = data


class FeedPanel(Vertical, can_focus=True):
    """Focusable so that tab reaches it like any pane (below the full size it is a tab)."""

    def __init__(self, session: ScreenSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(self.session.labels.feed, classes="panel-title")
        yield Vertical(id="storm-gauges")
        yield Static(id="news-ticker", classes="news-ticker")
        yield PostList(self.session, id="post-list")

    def refresh_state(self) -> None:
        gauges = self.query_one("#storm-gauges", Vertical)
        shown = {g.storm for g in gauges.query(StormGauge)}
        for storm in self.session.view.storms:
            if storm not in shown:
                gauges.mount(StormGauge(self.session, storm))
        for gauge in gauges.query(StormGauge):
            if gauge.is_mounted and gauge.children:
                gauge.refresh_state()
        labels = self.session.labels
        news = Text(no_wrap=False)
        for sim, outlet, headline in list(self.session.view.news)[:3]:
            news.append(f"{labels.news} {clock_text(sim)} ", style="bold reverse")
            news.append(f" {outlet}: ", style="bold")
            news.append(headline + "\n")
        ticker = self.query_one("#news-ticker", Static)
        if ticker.display != bool(self.session.view.news):
            ticker.display = bool(self.session.view.news)
        update_if_changed(ticker, news)
        self.query_one(PostList).refresh_state()
