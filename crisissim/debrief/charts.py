"""Inline SVG charts for the report: no JavaScript, no outside resource, readable in print.

Every text that reaches a chart is escaped here, in element content and in attributes alike (an
event's kind, read from the journal, becomes a class name: a hand-made ``fired`` row must not
close the attribute and open a ``<script>``); the charts are handed to the template as
``Markup`` so that they are not escaped twice.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from crisissim.debrief.fold import Debrief
from crisissim.debrief.words import names, translate_reason
from crisissim.i18n import translator
from crisissim.journal.records import EventStatus
from crisissim.scenario.actions import ACTIONS

WIDTH = 1000
LEFT = 250
RIGHT = 20
TICKS = (900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
ROLE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
#: Each action kind's letter on the timeline, from the action registry.
KIND_SHAPES = {spec.kind: spec.mark for spec in ACTIONS}


def offset(seconds: float) -> str:
    seconds = int(seconds)
    return f"T+{seconds // 3600}:{seconds % 3600 // 60:02d}"


def mood_colour(mood: float | None) -> str:
    """-1 hostile (red) through 0 (amber) to +1 supportive (green)."""
    if mood is None:
        return "#cccccc"
    mood = max(-1.0, min(1.0, mood))
    if mood < 0:
        t = mood + 1
        r, g, b = 200, int(60 + 120 * t), int(40 + 10 * t)
    else:
        t = mood
        r, g, b = int(200 - 150 * t), int(180 - 30 * t), int(50 + 30 * t)
    return f"#{r:02x}{g:02x}{b:02x}"


class Axis:
    def __init__(self, span: float) -> None:
        self.span = max(span, 60.0)
        self.step = next((t for t in TICKS if self.span / t <= 12), TICKS[-1])

    def x(self, seconds: float) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * max(0.0, min(seconds, self.span)) / self.span, 1)

    def ticks(self, top: float, bottom: float) -> list[str]:
        out = []
        t = 0.0
        while t <= self.span + 1:
            x = self.x(t)
            out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>')
            out.append(f'<text x="{x}" y="{bottom + 14}" class="tick" text-anchor="middle">{offset(t)}</text>')
            t += self.step
        return out


def _label(text: str, limit: int = 34) -> str:
    return str(escape(text if len(text) <= limit else text[: limit - 1] + "…"))


_EVENT_CLASS = {EventStatus.FIRED: "ev", EventStatus.SKIPPED: "ev skipped", EventStatus.PENDING: "ev pending"}


def timeline_svg(d: Debrief, role_names: dict[str, str], language: str = "en") -> Markup:
    """Planned against actual time of every inject, skipped ones crossed out, and the team's
    actions in one lane per role."""
    _ = translator(language)
    named = names(d.scenario, language)
    title = _("Timeline: planned and actual times, team actions per role")
    axis = Axis(max(d.sim_seconds, d.scenario.duration))
    events = sorted(
        d.events.values(),
        key=lambda e: e.fired_s if e.fired_s is not None else e.planned_s if e.planned_s is not None else 1e12,
    )
    events = [e for e in events if e.kind != "storm" or e.status == EventStatus.FIRED]
    row, top = 16, 24
    lanes_top = top + row * len(events) + 20
    roles = list(role_names)
    height = lanes_top + 22 * len(roles) + 40
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    out += axis.ticks(top - 8, height - 30)
    for i, e in enumerate(events):
        y = top + i * row
        cls = _EVENT_CLASS[e.status]
        out.append(f'<text x="{LEFT - 8}" y="{y + 4}" class="{cls}" text-anchor="end">{_label(e.title)}</text>')
        planned = e.planned_s if e.planned_s is not None else e.due_s
        if e.status == EventStatus.FIRED and e.fired_s is not None:
            if planned is not None and abs(planned - e.fired_s) > 1:
                out.append(f'<line x1="{axis.x(planned)}" y1="{y}" x2="{axis.x(e.fired_s)}" y2="{y}" class="drift"/>')
                out.append(f'<circle cx="{axis.x(planned)}" cy="{y}" r="4" class="planned"/>')
            out.append(
                f'<circle cx="{axis.x(e.fired_s)}" cy="{y}" r="4.5" class="actual {escape(e.kind)}">'
                f"<title>{escape(e.title)} {offset(e.fired_s)}</title></circle>"
            )
        elif e.status == EventStatus.SKIPPED:
            x = axis.x(planned if planned is not None else 0)
            out.append(
                f'<path d="M{x - 4},{y - 4} L{x + 4},{y + 4} M{x - 4},{y + 4} L{x + 4},{y - 4}" class="cross">'
                f"<title>{escape(translate_reason(e.cause, language, named) or '')}</title></path>"
            )
        elif planned is not None:
            out.append(f'<circle cx="{axis.x(planned)}" cy="{y}" r="4" class="planned"/>')
    out.append(f'<line x1="{LEFT}" y1="{lanes_top - 10}" x2="{WIDTH - RIGHT}" y2="{lanes_top - 10}" class="rule"/>')
    for j, role in enumerate(roles):
        y = lanes_top + j * 22 + 6
        colour = ROLE_COLOURS[j % len(ROLE_COLOURS)]
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4}" class="lane" text-anchor="end">{_label(role_names[role], 30)}</text>'
        )
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" class="lane-line"/>')
        for a in d.actions:
            if a.role != role:
                continue
            x = axis.x(a.at_s)
            out.append(
                f'<g><rect x="{x - 6}" y="{y - 7}" width="12" height="14" rx="2" fill="{colour}"/>'
                f'<text x="{x}" y="{y + 4}" class="mark" text-anchor="middle">{escape(KIND_SHAPES.get(a.kind, "•"))}'
                f"</text><title>{escape(named.action(a.kind))} {offset(a.at_s)}</title></g>"
            )
    out.append("</svg>")
    return Markup("".join(out))


def storm_svg(d: Debrief, storm_id: str, markers: list[tuple[float, str, str]], language: str = "en") -> Markup:
    """Posts per minute in each time bucket, each bar coloured by the crowd's mood, with the
    team's public words (statements, posts) marked."""
    _ = translator(language)
    series = d.storms[storm_id]
    axis = Axis(max(d.sim_seconds, d.scenario.duration))
    top, plot = 20, 140
    height = top + plot + 40
    per_minute = {b: n * 60 / series.bucket_s for b, n in series.counts.items()}
    peak = max(per_minute.values(), default=1) or 1
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(series.title)}</title>",
    ]
    out += axis.ticks(top, top + plot)
    per = escape(_("{count} posts per minute").format(count=f"{peak:.0f}"))
    out.append(f'<text x="{LEFT - 8}" y="{top + 8}" class="tick" text-anchor="end">{per}</text>')
    out.append(f'<text x="{LEFT - 8}" y="{top + plot}" class="tick" text-anchor="end">0</text>')
    width = max(1.0, axis.x(series.bucket_s) - axis.x(0) - 0.5)
    bar = _("{time}: {rate:.1f}/min, mood {mood:+.2f}")
    for bucket, rate in sorted(per_minute.items()):
        h = round(plot * rate / peak, 1)
        x = axis.x(bucket * series.bucket_s)
        mood = series.mood(bucket)
        out.append(
            f'<rect x="{x}" y="{top + plot - h}" width="{width:.1f}" height="{h}" fill="{mood_colour(mood)}">'
            f"<title>{escape(bar.format(time=offset(bucket * series.bucket_s), rate=rate, mood=mood))}</title></rect>"
        )
    for at, kind, text in markers:
        x = axis.x(at)
        out.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{top + plot}" class="marker"/>')
        out.append(
            f'<text x="{x + 3}" y="{top - 8}" class="marker-label">{escape(kind)}<title>{escape(text)}</title></text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def sparkline(values: list[float]) -> str:
    """A text sparkline for the Markdown report."""
    bars = "▁▂▃▄▅▆▇█"
    if not values:
        return ""
    peak = max(values) or 1
    return "".join(bars[min(7, int(v / peak * 7.999))] for v in values)
