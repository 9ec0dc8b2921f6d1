"""The what-ifs' section of the report: its words, its chart, and what its templates are given.

Apart from report.py and words.py so that the what-if is one module to read: the section is
rendered only when a report carries what-ifs (``crisissim whatif``, ``crisissim report --whatif``).
Every word is a catalogue message in the exercise's language; every text from the journal
reaches the chart escaped (as in charts.py) and the templates autoescaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from crisissim.debrief.charts import LEFT, RIGHT, WIDTH, Axis, offset
from crisissim.debrief.fold import ReceptionRow
from crisissim.debrief.whatif import OWN_STREAM, RUNS, Applied, Side, WhatIf
from crisissim.i18n import N_, Translator, translator
from crisissim.journal import records as rec
from crisissim.journal.explain import Names, refusal_text
from crisissim.journal.records import EventStatus
from crisissim.scenario.actions import BY_KIND

#: The section's words: the templates' name -> message id.
WHATIF_WORDS: dict[str, str] = {
    "whatifs": N_("What if"),
    "whatifs_intro": N_(
        "The exercise played again with the team's and the facilitator's actions at the moments they were taken, "
        "except for the changes below, and every generator seeded as in the exercise: what would have followed."
    ),
    "whatif_n": N_("What if {n}"),
    "changes": N_("Changes"),
    "original": N_("Exercise"),
    "whatif": N_("What if"),
    "dropped": N_("Actions dropped: they no longer made sense"),
    "no_dropped": N_("No action had to be dropped."),
    "moved": N_("{action} of {role}, moved from {before} to {after}"),
    "left_out": N_("{action} of {role} at {time}, left out"),
    "chosen": N_("{action} of {role} on “{event}” at {time}: “{option}” instead of “{was}”"),
    "added_at": N_("{action} of {role}, added at {time}"),
    "added_after": N_("{action} of {role}, added {delay} after “{event}”"),
    "dropped_at": N_("{action} of {role}, due {time}: {reason}"),
    "diverged": N_("Where the two part"),
    "diverged_at": N_("The two exercises are the same record for record until {time}."),
    "same": N_("The what-if gives the same exercise: nothing changed."),
    "first_record": N_("First record that differs"),
    "side_fired": N_("“{title}” came"),
    "side_skipped": N_("“{title}” was skipped"),
    "side_post": N_("a post by {handle} in “{storm}”"),
    "side_action": N_("{role}: {action}"),
    "side_control": N_("the facilitator: {control}"),
    "side_expectation": N_("expectation {expectation} ({role}): {status}"),
    "side_clock": N_("clock {clock}: {status}"),
    "side_storm": N_("“{storm}”: {status}"),
    "side_other": N_("another record of the journal"),
    "receptions": N_("How the crowd read the team from there on"),
    "provenance": N_("What set the crowd's posts off from there on"),
    "reactions": N_("How the storms answered from there on"),
    "reaction": N_("{storm}: volume ×{rate:.2f}, mood {sentiment:+.2f}"),
    "posts": N_("Posts"),
    "storm_chart": N_("The crowd in both: posts per minute (above) and mood (below)"),
    "volume": N_("posts/min"),
    "mood": N_("mood"),
    "storm": N_("Storm"),
    "press": N_("The press"),
    "no_press": N_("No enquiry or article in either."),
    "came": N_("came {time}"),
    "did_not_come": N_("did not come"),
    "answered_in_time": N_("answered in time"),
    "answered_late": N_("answered late"),
    "not_answered": N_("not answered"),
    "events": N_("Events that fired or not"),
    "no_events": N_("Every event fired or not as in the exercise, at the same time."),
    "expectations": N_("Expectations"),
    "changed_expectations": N_("Expectations whose status changed: {names}."),
    "no_changed_expectations": N_("No expectation changed its status."),
    "clocks": N_("Clocks"),
    "deadlines": N_("The regulators' deadlines"),
    "changed": N_("changed"),
    "event": N_("Event"),
    "expectation": N_("Expectation"),
    "clock": N_("Clock"),
    "deadline": N_("Deadline"),
    "at": N_("at {time}"),
    "margin": N_("margin {margin}"),
    "storm_own": N_("the storm itself"),
    "statement_at": N_("the statement at {time}"),
    "post_at": N_("the post at {time}"),
    "mood_volume": N_("mood {mood:+.2f}, volume ×{volume:.2f}"),
    "none": N_("none"),
}


def whatif_words(_: Translator) -> dict[str, str]:
    return {name: _(message) for name, message in WHATIF_WORDS.items()}


def compare_svg(w: WhatIf, words: dict[str, str]) -> Markup:
    """Both runs' crowds on one chart: posts per minute above, the mood (-1 .. +1) below; the
    exercise solid, the what-if dashed; a line where the first change is and where they part."""
    d = w.runs["original"]
    axis = Axis(max(d.sim_seconds, d.scenario.duration, w.other.sim_seconds))
    curves = {run: w.curve(run) for run in RUNS}
    peak = max((v for run in RUNS for _, v, _ in curves[run]), default=1.0) or 1.0
    top, plot, gap, mood_h = 34, 150, 34, 90
    mood_top = top + plot + gap
    height = mood_top + mood_h + 36
    out = [
        f'<svg class="chart whatif" viewBox="0 0 {WIDTH} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(words['storm_chart'])}</title>",
    ]
    out += axis.ticks(top, top + plot)
    out += [line for line in axis.ticks(mood_top, mood_top + mood_h) if line.startswith("<line")]
    out.append(
        f'<text x="{LEFT - 8}" y="{top + 8}" class="tick" text-anchor="end">{peak:.0f} {escape(words["volume"])}</text>'
    )
    out.append(f'<text x="{LEFT - 8}" y="{top + plot}" class="tick" text-anchor="end">0</text>')
    for value, label in ((1.0, "+1"), (0.0, "0"), (-1.0, "−1")):
        y = mood_top + mood_h * (1 - value) / 2
        out.append(f'<text x="{LEFT - 8}" y="{y + 3:.1f}" class="tick" text-anchor="end">{label}</text>')
    middle = mood_top + mood_h / 2
    out.append(f'<line x1="{LEFT}" y1="{middle}" x2="{WIDTH - RIGHT}" y2="{middle}" class="rule"/>')
    out.append(f'<text x="{LEFT - 30}" y="{middle + 3}" class="tick" text-anchor="end">{escape(words["mood"])}</text>')
    for run in RUNS:
        cls = "run-" + run
        points = " ".join(f"{axis.x(t)},{round(top + plot - plot * v / peak, 1)}" for t, v, _ in curves[run])
        out.append(f'<polyline points="{points}" class="{cls}"><title>{escape(words[run])}</title></polyline>')
        segments: list[list[str]] = [[]]
        for t, _, m in curves[run]:
            if m is None:
                if segments[-1]:
                    segments.append([])
                continue
            segments[-1].append(f"{axis.x(t)},{round(mood_top + mood_h * (1 - max(-1.0, min(1.0, m))) / 2, 1)}")
        for seg in segments:
            if seg:
                out.append(f'<polyline points="{" ".join(seg)}" class="{cls}"/>')
    marks = [(w.replayed.first_change_s, words["changes"])]
    if w.diverged_s is not None and abs(w.diverged_s - w.replayed.first_change_s) > 1:
        marks.append((w.diverged_s, words["diverged"]))
    for at, label in marks:
        x = axis.x(at)
        out.append(f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{mood_top + mood_h}" class="marker"/>')
        out.append(f'<text x="{x + 3}" y="{top - 6}" class="marker-label">{escape(label)} {offset(at)}</text>')
    lx = WIDTH - RIGHT - 250
    for i, run in enumerate(RUNS):
        x = lx + i * 130
        out.append(f'<line x1="{x}" y1="12" x2="{x + 26}" y2="12" class="run-{run}"/>')
        out.append(f'<text x="{x + 31}" y="16" class="legend">{escape(words[run])}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _applied(
    a: Applied, words: dict[str, str], role_names: dict[str, str], w: WhatIf, span: Callable[[float], str]
) -> str:
    """A change as done, in the report's words: the action by its name, the role and event by theirs."""
    role = role_names.get(a.role, a.role)
    events = w.runs["original"].events
    event = events[a.event].title if a.event in events else (a.event or "")
    when = "—" if a.at_s is None else offset(a.at_s)
    match a.verb:
        case "move":
            return words["moved"].format(action=a.name, role=role, before=when, after=offset(a.to_s or 0))
        case "drop":
            return words["left_out"].format(action=a.name, role=role, time=when)
        case "choose":
            chosen = w.runs["original"].scenario.event(a.event or "")
            options = chosen.options if chosen is not None else {}
            return words["chosen"].format(
                action=a.name,
                role=role,
                event=event,
                time=when,
                option=options.get(a.option or "", a.option),
                was=options.get(a.was or "", a.was),
            )
        case _ if a.at_s is None:
            return words["added_after"].format(action=a.name, role=role, delay=span(a.delay_s or 0), event=event)
        case _:
            return words["added_at"].format(action=a.name, role=role, time=when)


def _side(
    side: Side | None, words: dict[str, str], report_words: dict[str, str], names: Names, _: Translator
) -> dict[str, Any] | None:
    """The first record that differs on one side, in the report's words: an event or storm by its
    title, a role by its name, an action by what the screens call it, a status as the report writes it."""
    if side is None:
        return None
    data = side.record.data if side.record is not None else None
    role = names.role(side.record.role or "") if side.record is not None else ""

    def status(value: object) -> str:
        return report_words.get(str(value), str(value))

    match data:
        case rec.Fired():
            what = words["side_fired"].format(title=data.title or names.event(data.event))
        case rec.Skipped():
            what = words["side_skipped"].format(title=names.event(data.event))
        case rec.Post():
            what = words["side_post"].format(handle=data.handle, storm=names.event(data.storm))
        case rec.Action():
            spec = BY_KIND.get(data.action)
            what = words["side_action"].format(role=role, action=_(spec.title) if spec else data.action)
        case rec.Control():
            what = words["side_control"].format(control=data.control)
        case rec.Expectation():
            what = words["side_expectation"].format(expectation=data.expectation, role=role, status=status(data.status))
        case rec.Clock():
            what = words["side_clock"].format(clock=data.clock, status=status(data.status))
        case rec.Storm():
            what = words["side_storm"].format(storm=names.event(data.storm), status=status(data.status))
        case rec.Reaction():
            what = words["reaction"].format(storm=names.event(data.storm), rate=data.rate, sentiment=data.sentiment)
        case _:
            what = words["side_other"]
    return {"at_s": side.at_s, "what": what}


def _storm_title(w: WhatIf, storm: str) -> str:
    series = w.runs["original"].storms.get(storm) or w.other.storms.get(storm)
    return series.title if series else storm


def _sparks(w: WhatIf) -> dict[str, str]:
    """Both runs' volume as text sparklines on one scale, for the Markdown report."""
    bars = "▁▂▃▄▅▆▇█"
    values = {run: [v for _, v, _ in w.curve(run)] for run in RUNS}
    peak = max((v for run in RUNS for v in values[run]), default=0.0) or 1.0
    return {run: "".join(bars[min(7, int(v / peak * 7.999))] for v in values[run]) for run in RUNS}


def _reception(r: ReceptionRow, words: dict[str, str]) -> dict[str, Any]:
    return {
        "at_s": r.at_s,
        "role": r.role,
        "action": r.action,
        "text": r.text,
        "effect": words["mood_volume"].format(mood=r.mood, volume=r.volume),
    }


def _set_off(label: str, words: dict[str, str]) -> str:
    """What set posts off (the comparison's provenance label) in the report's words."""
    if label == OWN_STREAM:
        return words["storm_own"]
    kind, _, rest = label.partition(" ")
    if kind in ("statement", "post") and rest.startswith("T+"):
        return words[f"{kind}_at"].format(time=rest)
    return label.split(": ", 1)[1] if ": " in label else label


def _press_cell(side: dict[str, Any], words: dict[str, str]) -> str:
    if side["status"] != EventStatus.FIRED or side["fired_s"] is None:
        return words["did_not_come"]
    text = words["came"].format(time=offset(side["fired_s"]))
    if side["in_time"] is True:
        text += "; " + words["answered_in_time"]
    elif side["answered_s"] is not None:
        text += "; " + words["answered_late"]
    elif side["in_time"] is False:
        text += "; " + words["not_answered"]
    return text


def _deadline_cell(
    side: dict[str, Any], words: dict[str, str], status: Callable[[Any], str], span: Callable[[float], str]
) -> str:
    """A deadline in one run: its status, when it was filed, and the margin (spare or overrun)."""
    text = status(side["status"])
    if side["filed_s"] is not None:
        text += " " + words["at"].format(time=offset(side["filed_s"]))
    if side["margin_s"] is not None:
        sign = "" if side["margin_s"] >= 0 else "−"
        text += " (" + words["margin"].format(margin=sign + span(side["margin_s"])) + ")"
    return text


def whatif_context(
    w: WhatIf,
    n: int,
    language: str,
    report_words: dict[str, str],
    role_names: dict[str, str],
    span: Callable[[float], str],
) -> dict[str, Any]:
    """One what-if as its part of the section needs it, every word in ``language``; ``span``
    writes a length of time as the rest of the report does."""
    _ = translator(language)
    words = whatif_words(_)
    names = Names(w.other.scenario)
    expectations = w.expectations()
    changed = [x for x in expectations if x["changed"]]

    def status(value: Any) -> str:
        return "—" if value is None else report_words.get(str(value), str(value))

    def status_at(side: dict[str, Any], when: str) -> str:
        """A run's status of an event or clock, with the moment it came (``when``: the side's key for it)."""
        at = side[when]
        return status(side["status"]) + ("" if at is None else " " + words["at"].format(time=offset(at)))

    return {
        "n": n,
        "title": words["whatif_n"].format(n=n),
        "changes": w.replayed.changes,
        "applied": [_applied(a, words, role_names, w, span) for a in w.replayed.applied],
        "dropped": [
            words["dropped_at"].format(
                action=x.name,
                role=role_names.get(x.role, x.role),
                time="—" if x.at_s is None else offset(x.at_s),
                reason=refusal_text(x.refusal, _, names),
            )
            for x in w.replayed.dropped
        ],
        "same": w.diverged_s is None,
        "diverged": None if w.diverged_s is None else words["diverged_at"].format(time=offset(w.diverged_s)),
        "sides": {run: _side(w.sides.get(run), words, report_words, names, _) for run in RUNS},
        "receptions": {run: [_reception(r, words) for r in w.receptions.get(run, [])] for run in RUNS},
        "reactions": {
            run: [
                (at, words["reaction"].format(storm=_storm_title(w, storm), rate=rate, sentiment=mood))
                for at, storm, rate, mood in w.reactions.get(run, [])
            ]
            for run in RUNS
        },
        "provenance": {
            run: [(_set_off(label, words), count) for label, count in w.provenance.get(run, [])] for run in RUNS
        },
        "svg": compare_svg(w, words),
        "spark": _sparks(w),
        "storms": [
            {
                "title": (w.runs["original"].storms.get(s) or w.other.storms[s]).title,
                "original": w.runs["original"].posts_by_storm.get(s, 0),
                "whatif": w.other.posts_by_storm.get(s, 0),
            }
            for s in dict.fromkeys([*w.runs["original"].posts_by_storm, *w.other.posts_by_storm])
        ],
        "totals": {run: sum(w.runs[run].posts_by_storm.values()) for run in RUNS},
        "press": [{**row, "cells": {run: _press_cell(row[run], words) for run in RUNS}} for row in w.press()],
        "events": [
            {
                **row,
                "cells": {run: status_at(row[run], "fired_s") for run in RUNS},
            }
            for row in w.events()
        ],
        "expectations": [{**x, "cells": {run: status(x[run]["status"]) for run in RUNS}} for x in expectations],
        "changed_expectations": words["changed_expectations"].format(names=", ".join(x["id"] for x in changed))
        if changed
        else words["no_changed_expectations"],
        "clocks": [
            {
                **c,
                "cells": {run: status_at(c[run], "stopped_s") for run in RUNS},
            }
            for c in w.clocks()
        ],
        "deadlines": [
            {
                **dl,
                "label": _(dl["label"]),
                "cells": {run: _deadline_cell(dl[run], words, status, span) for run in RUNS},
            }
            for dl in w.deadlines()
        ],
    }


def section_words(language: str) -> dict[str, str]:
    return whatif_words(translator(language))
