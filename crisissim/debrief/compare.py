"""The comparative debrief: the teams of one exercise side by side, from each team's own debrief fold.

A national exercise asks, after the fact, which organisation met which deadline, how fast each
spoke and filed, how its crowd took it and how complete its filings were. Each team's journal is
folded as its own report folds it (:func:`crisissim.debrief.fold.fold`), so that the comparison
cannot disagree with a team's own report; nothing here re-reads a report or a journal.

The rows are built once (:func:`compare`) and rendered as JSON (the format's values, no words),
HTML (one self-contained file, one inline SVG chart with a line per team) and Markdown, in the
scenario's language: every team played the same scenario, so the exercise has one language.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from crisissim import __version__
from crisissim.debrief.charts import LEFT, RIGHT, ROLE_COLOURS, WIDTH, Axis, sparkline
from crisissim.debrief.fold import Debrief
from crisissim.debrief.report import environment
from crisissim.debrief.summary import as_json
from crisissim.debrief.words import legend_word
from crisissim.debrief.words import words as report_words
from crisissim.i18n import N_, Translator, language_of, translator
from crisissim.journal.records import ClockStatus, ExpectationStatus

FORMAT = 1
"""The comparative debrief JSON's format: ``{"teams": {name: debrief JSON}, "comparison": {...}}``."""
LEGEND_STEP = 125
"""The width of a team's entry in the chart's legend (a team's name is at most 40 characters; long ones are cut)."""
TEAM_COLOURS = ROLE_COLOURS
"""A team's line in the chart and its mark in the tables: the report's palette, in the teams' order."""

#: The comparative report's own words (the rest are the team report's: crisissim/debrief/words.py).
COMPARE_WORDS: dict[str, str] = {
    "title": N_("Comparative debrief"),
    "intro": N_(
        "{count} teams played the same scenario, each in its own journal. Each column is one team, folded as "
        "its own report folds it."
    ),
    "team": N_("Team"),
    "teams": N_("Teams"),
    "summary": N_("At a glance"),
    "deadlines_met": N_("Deadlines met"),
    "expectations_met": N_("Expectations met / late / missed"),
    "first_statement": N_("First statement"),
    "first_filing": N_("First filing"),
    "replies": N_("Media enquiries answered (in time)"),
    "posts": N_("Posts"),
    "mean_mood": N_("Mean mood"),
    "journal_state": N_("Journal"),
    "deadlines": N_("Deadlines"),
    "deadlines_intro": N_(
        "Each regulator's deadline and each clock of the scenario: met or missed, when, and with what margin."
    ),
    "expectations": N_("Expectations"),
    "expectations_intro": N_("What the scenario expected of each role, and how long each team took."),
    "response": N_("Response times"),
    "response_intro": N_(
        "From the start of the exercise (T+0:00) to each team's first word in public and first filing, "
        "and how long each media enquiry waited for its answer."
    ),
    "enquiry_reply": N_("Reply to “{title}”"),
    "not_asked": N_("not asked"),
    "never": N_("never"),
    "curves": N_("Mood and volume"),
    "curves_caption": N_(
        "Above: posts per minute; below: the crowd's mean mood (-1 hostile, +1 supportive). One line per team."
    ),
    "volume_axis": N_("posts/min"),
    "mood_axis": N_("mood"),
    "filings": N_("Filings' completeness"),
    "filings_intro": N_(
        "Each filing a regime asks for: when the team first filed it, from when it was complete, or what it "
        "still lacked at the end."
    ),
    "stage_missing": N_("incomplete: {missing}"),
    "own_reports": N_("Each team's own report"),
    "own_report_link": N_("report"),
    "own_report_command": N_("make it with"),
    "seed": N_("Seed"),
    "journal_location": N_("Journal"),
}


@dataclass
class TeamDebrief:
    """One team of the exercise: its name, its journal's location, its fold, and where its own report is."""

    name: str
    location: str
    debrief: Debrief
    report: str | None = None
    """Its own report, as the comparative report links to it (a file name beside it), if one was written."""


@dataclass
class Cell:
    """One team's figure in one row: a status (the journal's or the regime's word), a time, a margin, words."""

    status: str | None = None
    at_s: float | None = None
    margin_s: float | None = None
    missing: list[str] = field(default_factory=list)
    """A filing's elements not given (their names in the format, as the debrief JSON names them)."""
    words: list[str] = field(default_factory=list)
    """The same elements' words (message ids: the report translates them)."""
    in_time: bool | None = None


@dataclass
class Row:
    """One thing compared across teams: a deadline, an expectation, an enquiry, a filing."""

    id: str
    label: str
    article: str = ""
    detail: str = ""
    about: str = ""
    """What it is about, as the scenario says: an expectation's event."""
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Curve:
    """A team's crowd over the exercise: posts per minute and mean mood, bucket by bucket, all its storms together."""

    bucket_s: int
    volume: dict[int, float] = field(default_factory=dict)
    mood: dict[int, float] = field(default_factory=dict)


@dataclass
class Comparison:
    """Everything the comparative report shows, in the order it shows it."""

    teams: list[TeamDebrief]
    deadlines: list[Row]
    expectations: list[Row]
    response: list[Row]
    filings: list[Row]
    curves: dict[str, Curve]

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.teams]


def _deadlines(teams: Sequence[TeamDebrief]) -> list[Row]:
    """Every regime's deadline (rated as its regulator would), then the scenario's other clocks."""
    first = teams[0].debrief
    rows: dict[str, Row] = {}
    for team in teams:
        for regime in team.debrief.regimes:
            for d in regime.deadlines:
                row = rows.setdefault(d.id, Row(d.id, d.label, d.article, d.stage_words))
                row.cells[team.name] = Cell(d.status, d.filed_s, d.margin_s)
    for clock_id, clock in first.clocks.items():
        if clock_id in rows:
            continue
        row = rows[clock_id] = Row(clock_id, clock.label)
        for team in teams:
            c = team.debrief.clocks.get(clock_id)
            if c is not None:
                row.cells[team.name] = Cell(str(c.status), c.stopped_s, c.margin_s)
    return list(rows.values())


def _expectations(teams: Sequence[TeamDebrief]) -> list[Row]:
    rows = []
    for x_id, x in teams[0].debrief.expectations.items():
        event = teams[0].debrief.events.get(x.event)
        row = Row(x_id, x.action, detail=x.role, about=event.title if event else x.event)
        for team in teams:
            seen = team.debrief.expectations.get(x_id)
            if seen is not None:
                at = None
                event = team.debrief.events.get(seen.event)
                if seen.latency_s is not None and event is not None and event.fired_s is not None:
                    at = event.fired_s + seen.latency_s
                row.cells[team.name] = Cell(str(seen.status), at, seen.latency_s)
        rows.append(row)
    return rows


def _response(teams: Sequence[TeamDebrief]) -> list[Row]:
    """First statement, first filing of each regime, then each media enquiry's reply: the times that count."""
    statement = Row("first_statement", "statement")
    for team in teams:
        said = team.debrief.of_kind("statement")
        statement.cells[team.name] = Cell(at_s=said[0].at_s if said else None)
    rows = [statement]
    for regime in teams[0].debrief.regimes:
        row = Row(f"first_filing.{regime.id}", "notify_regulator", detail=regime.id)
        for team in teams:
            mine = next((r for r in team.debrief.regimes if r.id == regime.id), None)
            filed = [f for f in mine.filings if f.change != "withdraw"] if mine else []
            row.cells[team.name] = Cell(at_s=filed[0].at_s if filed else None)
        rows.append(row)
    enquiries: dict[str, Row] = {}
    for team in teams:
        for q in team.debrief.enquiries:
            row = enquiries.setdefault(q.event, Row(f"enquiry.{q.event}", q.title, detail=q.outlet))
            status = "answered" if q.answered_s is not None else "unanswered"
            row.cells[team.name] = Cell(status, q.answered_s, q.latency_s, in_time=q.in_time)
    return rows + list(enquiries.values())


def _filings(teams: Sequence[TeamDebrief]) -> list[Row]:
    rows: dict[str, Row] = {}
    for team in teams:
        for regime in team.debrief.regimes:
            for s in regime.stages:
                if not s.owed and s.filed_s is None:
                    continue
                key = f"{regime.id}.{s.stage}"
                row = rows.setdefault(key, Row(key, s.words, s.article, regime.id))
                if s.withdrawn_s is not None:
                    status, at = "withdrawn", s.withdrawn_s
                elif s.complete_s is not None:
                    status, at = "complete", s.complete_s
                elif s.filed_s is not None:
                    status, at = "incomplete", s.filed_s
                else:
                    status, at = "not_filed", None
                lacking = [e for e in s.elements if e.status != "given"] if status == "incomplete" else []
                row.cells[team.name] = Cell(
                    status, at, missing=[e.name for e in lacking], words=[e.words for e in lacking]
                )
    return list(rows.values())


def _curve(d: Debrief) -> Curve:
    """All the team's storms together: posts per minute and the mean mood of each bucket."""
    bucket = next(iter(d.storms.values())).bucket_s if d.storms else 3600
    counts: dict[int, int] = {}
    sums: dict[int, float] = {}
    for series in d.storms.values():
        for b, n in series.counts.items():
            counts[b] = counts.get(b, 0) + n
            sums[b] = sums.get(b, 0.0) + series.mood_sums.get(b, 0.0)
    curve = Curve(bucket)
    for b in sorted(counts):
        curve.volume[b] = counts[b] * 60 / bucket
        curve.mood[b] = sums[b] / counts[b]
    return curve


def compare(teams: Sequence[TeamDebrief]) -> Comparison:
    """The comparison of ``teams`` (at least one, all of one scenario), in the order given."""
    if not teams:
        raise ValueError("a comparison needs at least one team")
    return Comparison(
        list(teams),
        _deadlines(teams),
        _expectations(teams),
        _response(teams),
        _filings(teams),
        {t.name: _curve(t.debrief) for t in teams},
    )


# JSON ---------------------------------------------------------------------------------------------


def _cell_json(c: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"status": c.status, "at_s": c.at_s, "margin_s": c.margin_s}
    if c.missing:
        out["missing"] = c.missing
    if c.in_time is not None:
        out["in_time"] = c.in_time
    return out


def _rows_json(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "label": r.label,
            **({"article": r.article} if r.article else {}),
            "teams": {name: _cell_json(c) for name, c in r.cells.items()},
        }
        for r in rows
    ]


def comparison_json(c: Comparison, exercise: str) -> dict[str, Any]:
    """``{"teams": {name: that team's debrief JSON}, "comparison": ...}``: values of the format, no words."""
    first = c.teams[0].debrief
    return {
        "format": FORMAT,
        "exercise": exercise,
        "scenario": first.scenario.id,
        "teams": {t.name: as_json(t.debrief) for t in c.teams},
        "comparison": {
            "teams": c.names,
            "journals": {t.name: t.location for t in c.teams},
            "reports": {t.name: t.report for t in c.teams},
            "deadlines": _rows_json(c.deadlines),
            "expectations": _rows_json(c.expectations),
            "response": _rows_json(c.response),
            "filings": _rows_json(c.filings),
            "curves": {
                name: {
                    "bucket_s": curve.bucket_s,
                    "volume": [[b * curve.bucket_s, round(v, 3)] for b, v in curve.volume.items()],
                    "mood": [[b * curve.bucket_s, round(m, 4)] for b, m in curve.mood.items()],
                }
                for name, curve in c.curves.items()
            },
        },
    }


# the chart ----------------------------------------------------------------------------------------


def _polylines(points: list[tuple[int, float, float]], colour: str, cls: str) -> list[str]:
    """A line through ``points`` (bucket, x, y), broken where a bucket has no posts (no mood to draw)."""
    out, run, last = [], [], None
    for b, x, y in points:
        if last is not None and b != last + 1 and run:
            out.append(run)
            run = []
        run.append(f"{x},{y}")
        last = b
    if run:
        out.append(run)
    return [
        f'<polyline points="{" ".join(r)}" class="{cls}" fill="none" stroke="{colour}"/>'
        if len(r) > 1
        else f'<circle cx="{r[0].split(",")[0]}" cy="{r[0].split(",")[1]}" r="2" fill="{colour}"/>'
        for r in out
    ]


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def curves_svg(c: Comparison, cw: dict[str, str]) -> Markup:
    """Volume (posts per minute) above and mood below, on one time axis, one line per team; every
    name escaped, nothing loaded from outside."""
    first = c.teams[0].debrief
    axis = Axis(max(max(t.debrief.sim_seconds for t in c.teams), first.scenario.duration))
    per_row = (WIDTH - LEFT) // LEGEND_STEP
    legend_rows = (len(c.teams) + per_row - 1) // per_row
    top, plot, gap = 16 + 16 * legend_rows, 130, 40
    mood_top = top + plot + gap
    height = mood_top + plot + 36
    peak = max((v for curve in c.curves.values() for v in curve.volume.values()), default=1.0) or 1.0
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(cw['curves'])}</title>",
    ]
    out += axis.ticks(top, top + plot)
    out += axis.ticks(mood_top, mood_top + plot)
    tick = '<text x="{x}" y="{y}" class="tick" text-anchor="end">{text}</text>'
    out.append(tick.format(x=LEFT - 8, y=top + 8, text=escape(f"{peak:.0f} {cw['volume_axis']}")))
    out.append(tick.format(x=LEFT - 8, y=top + plot, text="0"))
    zero = mood_top + plot / 2
    out.append(f'<line x1="{LEFT}" y1="{zero}" x2="{WIDTH - RIGHT}" y2="{zero}" class="rule"/>')
    for value, y in ((1, mood_top + 8), (0, zero + 4), (-1, mood_top + plot)):
        out.append(tick.format(x=LEFT - 8, y=y, text=escape(f"{cw['mood_axis']} {value:+d}")))
    for i, team in enumerate(c.teams):
        colour = TEAM_COLOURS[i % len(TEAM_COLOURS)]
        curve = c.curves[team.name]
        middle = curve.bucket_s / 2
        vol = [
            (b, axis.x(b * curve.bucket_s + middle), round(top + plot - plot * v / peak, 1))
            for b, v in curve.volume.items()
        ]
        mood = [
            (b, axis.x(b * curve.bucket_s + middle), round(zero - plot / 2 * max(-1.0, min(1.0, m)), 1))
            for b, m in curve.mood.items()
        ]
        out.append(f"<g><title>{escape(team.name)}</title>")
        out += _polylines(vol, colour, "team-line")
        out += _polylines(mood, colour, "team-line")
        out.append("</g>")
        x, y = LEFT + (i % per_row) * LEGEND_STEP, 14 + (i // per_row) * 16
        out.append(
            f'<rect x="{x}" y="{y - 8}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{y - 3}" class="lane">{escape(_short(team.name))}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


# HTML and Markdown --------------------------------------------------------------------------------


def compare_words(language: str) -> dict[str, str]:
    """The comparative report's own words in ``language``."""
    _ = translator(language)
    return {name: _(message) for name, message in COMPARE_WORDS.items()}


def _label(row: Row, kind: str, _: Translator, regimes: Sequence[str], roles: dict[str, str]) -> str:
    """A row's name in the report's language: a regime's words translated, the scenario's own as written."""
    if kind == "deadlines":
        return _(row.label) if row.article else row.label
    if kind == "expectations":
        return f"{row.about} · {roles.get(row.detail, row.detail)}: {legend_word(row.label, _, regimes)}"
    if kind == "filings":
        return f"{_(row.label)} ({_(row.article)})"
    return row.label


def _summary(c: Comparison) -> dict[str, dict[str, Any]]:
    """Each team's headline figures, in the order the summary table shows them."""
    out: dict[str, dict[str, Any]] = {}
    for t in c.teams:
        d = t.debrief
        deadlines = [r.cells[t.name] for r in c.deadlines if t.name in r.cells]
        due = [x for x in deadlines if x.status not in _UNDECIDED]
        statuses = [x.status for x in d.expectations.values()]
        filings = [f.at_s for r in d.regimes for f in r.filings if f.change != "withdraw"]
        said = d.of_kind("statement")
        out[t.name] = {
            "deadlines": (sum(1 for x in due if x.status == ClockStatus.MET), len(due)),
            "expectations": tuple(statuses.count(s) for s in _OUTCOMES),
            "first_statement": said[0].at_s if said else None,
            "first_filing": min(filings) if filings else None,
            "replies": (
                sum(1 for q in d.enquiries if q.answered_s is not None),
                sum(1 for q in d.enquiries if q.in_time),
                len(d.enquiries),
            ),
            "posts": sum(d.posts_by_storm.values()),
            "mood": _mean_mood(d),
            "intact": d.journal.intact,
            "seed": d.seed,
        }
    return out


#: A deadline not (yet) met or missed: its clock never started, or it was not due by EndEx (a regime's
#: "open", a clock still running); "met" is the same word for a regime's deadline and a clock.
_UNDECIDED = (ClockStatus.IDLE, ClockStatus.RUNNING, "open")
_OUTCOMES = (ExpectationStatus.MET, ExpectationStatus.LATE, ExpectationStatus.MISSED)


def _mean_mood(d: Debrief) -> float | None:
    total = sum(s.total for s in d.storms.values())
    return sum(sum(s.mood_sums.values()) for s in d.storms.values()) / total if total else None


def context(c: Comparison, exercise: str) -> dict[str, Any]:
    first = c.teams[0].debrief
    scenario = first.scenario
    language = language_of(scenario.language)
    _ = translator(language)
    w = report_words(language, scenario.regime)
    cw = compare_words(language)
    roles = {r: role.name for r, role in scenario.roles.items()}
    sections = []
    for kind, rows in (("deadlines", c.deadlines), ("expectations", c.expectations)):
        sections.append((kind, [(r, _label(r, kind, _, scenario.regime, roles)) for r in rows]))
    response = []
    for r in c.response:
        if r.id == "first_statement":
            label = cw["first_statement"]
        elif r.id.startswith("first_filing."):
            regime = next(x for x in first.regimes if x.id == r.detail)
            label = f"{cw['first_filing']}: {_(regime.name)}"
        else:
            label = cw["enquiry_reply"].format(title=r.label) + (f" ({r.detail})" if r.detail else "")
        response.append((r, label))
    filings = [(r, _label(r, "filings", _, scenario.regime, roles)) for r in c.filings]
    played = dt.datetime.fromtimestamp(first.started_wall) if first.started_wall else None
    return {
        "c": c,
        "w": w,
        "cw": cw,
        "lang": language,
        "exercise": exercise,
        "scenario": scenario,
        "org": scenario.organisation.get("name", ""),
        "played": played.strftime("%Y-%m-%d %H:%M") if played else "—",
        "colours": {t.name: TEAM_COLOURS[i % len(TEAM_COLOURS)] for i, t in enumerate(c.teams)},
        "summary": _summary(c),
        "sections": sections,
        "response": response,
        "filings": filings,
        "chart": curves_svg(c, cw),
        "sparks": {
            name: sparkline([curve.volume.get(b, 0.0) for b in range(max(curve.volume, default=-1) + 1)])
            for name, curve in c.curves.items()
        },
        "commands": {t.name: t.location for t in c.teams},
        "version": __version__,
    }


def render_comparison(c: Comparison, fmt: str, *, exercise: str, commands: dict[str, str] | None = None) -> str:
    """The comparative report in ``fmt`` (html, md, json). ``commands`` gives, per team, the command
    that makes its own report where no file of it was written beside this one."""
    if fmt == "json":
        return json.dumps(comparison_json(c, exercise), ensure_ascii=False, indent=2) + "\n"
    values = context(c, exercise)
    values["commands"] = commands or {}
    name = {"html": "compare.html.j2", "md": "compare.md.j2"}.get(fmt)
    if name is None:
        raise ValueError(f"unknown report format '{fmt}'")
    env = environment(fmt == "html")
    env.filters["t"] = translator(values["lang"])
    return env.get_template(name).render(values)
