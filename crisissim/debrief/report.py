"""The after-action report in HTML and Markdown, from the debrief fold.

HTML is one self-contained file: inline CSS, inline SVG, no script, nothing fetched from
anywhere, printable on A4. Every text from the scenario or the team is escaped by Jinja2's
autoescape; Markdown escapes what would become markup or break a table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from crisissim import __version__
from crisissim.debrief.art34 import PUBLIC_MADE, VERDICT_WORDS, Art34Row
from crisissim.debrief.charts import mood_colour, offset, sparkline, storm_svg, timeline_svg
from crisissim.debrief.fold import ActionRow, Debrief, ExpectationRow, ReceptionRow
from crisissim.debrief.questions import QUESTION_WORDS, QuestionRow
from crisissim.debrief.regimes import RegimeRow
from crisissim.debrief.whatif import WhatIf
from crisissim.debrief.whatif_report import whatif_context, whatif_words
from crisissim.debrief.words import (
    duration,
    mood_read,
    names,
    number,
    problem_text,
    rating_words,
    translate_reason,
)
from crisissim.debrief.words import words as report_words
from crisissim.i18n import Translator, language_of, translator
from crisissim.journal import records as rec
from crisissim.journal.explain import Names, describe
from crisissim.journal.records import ExpectationStatus
from crisissim.scenario.actions import BY_KIND
from crisissim.scenario.model import CHANNEL_NAMES, EVENT_KIND_NAMES, POINT_TEXT, Scenario

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")
_RECORD = re.compile(r"^records? [0-9-]+(?: \([^)]*\))?: ")  # the problem's text names the record already


@pass_context
def _duration(ctx: Context, seconds: float | None) -> str:
    """``{{ x | duration }}``: in the language of the report being rendered."""
    return duration(seconds, ctx.get("lang", "en"))


@pass_context
def _number(ctx: Context, value: float, pattern: str = "0.00") -> str:
    """``{{ x | number("+0.00;−0.00") }}``: with the decimal sign of the report's language."""
    return number(value, ctx.get("lang", "en"), pattern)


@pass_context
def _reason(ctx: Context, cause: rec.Reason | str | None, language: str | None = None) -> str | None:
    """``{{ e.cause | reason }}``: why an event was skipped, naming things as the report does."""
    return translate_reason(cause, language or ctx.get("lang", "en"), ctx.get("named"))


def md(text: Any) -> str:
    """Text safe in a Markdown table cell: no markup, no line breaks, no pipes."""
    value = "" if text is None else str(text)
    value = value.replace("\r", "").replace("\n", " ").strip()
    return _MD_SPECIAL.sub(r"\\\1", value)


def environment(autoescape: bool) -> Environment:
    """The debrief's templates with their filters; HTML ones autoescaped (the comparative report's too)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html.j2"]) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        offset=lambda s: "—" if s is None else offset(s),
        duration=_duration,
        number=_number,
        md=md,
        mood=mood_colour,
        reason=_reason,
    )
    return env


def anonymise(d: Debrief, role_names: dict[str, str]) -> None:
    """Participants' names give way to their roles: the decision owner and the contact point
    a notification names. Free text is left as the team wrote it."""
    for action in d.actions:
        name = role_names.get(action.role, action.role)
        if "owner" in action.fields:
            action.fields["owner"] = name
        if "contact" in action.fields:
            action.fields["contact"] = name


def _observation(
    x: ExpectationRow,
    d: Debrief,
    words: dict[str, str],
    role_names: dict[str, str],
    actions: dict[str, str],
    language: str,
) -> str:
    """One line of the improvement plan: who did what, how soon after what, against the time allowed."""
    event = d.events.get(x.event)
    key = {ExpectationStatus.MET: "obs_met", ExpectationStatus.LATE: "obs_late"}.get(x.status, "obs_missed")
    if event is not None and event.status == rec.EventStatus.PENDING:
        key = "obs_not_reached"
    text = words[key].format(
        role=role_names.get(x.role, x.role),
        action=actions.get(x.action, x.action),
        latency=duration(x.latency_s, language),
        event=event.title if event is not None else x.event,
        window=duration(x.within_s, language),
    )
    if x.rating:
        text += " " + words["obs_rated"].format(rating=x.rating)
    return text


def _pending(event: str, scenario: Scenario, words: dict[str, str], named: Names, _: Translator) -> str:
    """Why an event never came up, for a trainer: a spare inject nobody fired, a condition that
    never came about, or an end that came first."""
    found = scenario.event(event)
    if found is None:
        return ""
    if found.contingency:
        return words["pending_contingency"]
    wanted = found.when if found.when is not None else found.after
    if wanted is not None:
        return words["pending_after"].format(condition=describe(wanted, _, named))
    return words["pending_late"]


def _translated(notification: dict[str, Any], _: Translator) -> dict[str, Any]:
    """The checklist's element names in the report's language (the fold, like the debrief JSON,
    names them in the catalogue's English)."""
    checklist = [{**item, "element": _(item["element"])} for item in notification["checklist"]]
    missing = [_(m) for m in notification["missing"]]
    return {**notification, "checklist": checklist, "missing": missing}


def _regime(r: RegimeRow, _: Translator) -> dict[str, Any]:
    """A regime's rating with its words in the report's language; articles stay as cited."""
    return {
        "id": r.id,
        "name": _(r.name),
        "law": _(r.law),
        "authority": _(r.authority),
        "deadlines": [
            {
                **vars(d),
                "label": _(d.label),
                "stage_words": _(d.stage_words),
                "article": _(d.article),
                "margin_s": d.margin_s,
            }
            for d in r.deadlines
        ],
        "filings": [
            {
                **vars(f),
                "stage_words": _(f.stage_words),
                "complete": f.complete,
                "unknown": [_(e.words) for e in f.unknown],
                "missing": [_(e.words) for e in f.missing],
            }
            for f in r.filings
        ],
        "stages": [
            {
                **vars(s),
                "words": _(s.words),
                "article": _(s.article),
                "elements": [{**vars(e), "words": _(e.words)} for e in s.elements],
            }
            for s in r.stages
        ],
        "questions": [_question(q, _) for q in r.questions],
    }


def _question(q: QuestionRow, _: Translator) -> dict[str, Any]:
    """A regulator's question as the report says it: what it asked, each ask's fate, in words."""
    qw = {k: _(v) for k, v in QUESTION_WORDS.items()}

    def asked(a: Any) -> str:
        element = _(a.words)
        if a.what == "changed":
            return qw["changed"].format(element=element, earlier=a.earlier, later=a.later)
        return qw["unknown"].format(element=element) if a.what == "unknown" else element

    def fate(a: Any) -> str:
        if a.supplied_s is None:
            return ""
        return qw["by_filing" if a.supplied_by == "filing" else "by_reply"].format(time=offset(a.supplied_s))

    about = qw["filing_at"].format(
        filing=_(q.filing_words), time="—" if q.filing_at_s is None else offset(q.filing_at_s)
    )
    missing = ", ".join(asked(a) for a in q.missing)
    answered = q.answered_s
    verdict = qw[q.status].format(time="—" if answered is None else offset(answered))
    if q.status in ("partly", "unanswered") and missing:
        verdict += "; " + qw["still_missing"].format(missing=missing)
    return {
        "event": q.event,
        "title": q.title,
        "sender": q.sender,
        "to": q.to,
        "asked_s": q.asked_s,
        "due_s": q.due_s,
        "about": about,
        "asks": [{"text": asked(a), "fate": fate(a), "supplied": a.supplied_s is not None} for a in q.asks],
        "status": q.status,
        "verdict": verdict,
        "reply": "" if q.replied_s is None else qw["reply_at"].format(time=offset(q.replied_s), text=q.reply),
    }


def _art34(r: Art34Row, _: Translator, words: dict[str, str]) -> dict[str, Any]:
    """Art. 34 with its words in the report's language: each communication element by element,
    each exception with its verdict and why, each requirement of the authority with its answer."""
    return {
        "said": r.said,
        "communications": [
            {
                **vars(c),
                "complete": c.complete,
                "missing": [_(e.words) for e in c.missing],
                "elements": [{**vars(e), "words": _(e.words)} for e in c.elements],
            }
            for c in r.communications
        ],
        "exceptions": [
            {
                **vars(x),
                "words": _(x.words),
                "article": _(x.article),
                "verdict_words": _(VERDICT_WORDS[x.verdict]),
                "findings": [
                    _(f).format(time=offset(x.public_s)) if f == PUBLIC_MADE and x.public_s is not None else _(f)
                    for f in x.findings
                ],
            }
            for x in r.exceptions
        ],
        "orders": [
            {**vars(o), "answer_words": words[o.answer.kind] if o.answer else None}
            for o in r.orders
            if o.fired_s is not None
        ],
    }


def _reception(r: ReceptionRow, _: Translator) -> dict[str, Any]:
    """One reading of the team's words, as the report says it: what it gained and lost, in words."""

    def said(point: rec.RubricPoint) -> str:
        return _(POINT_TEXT.get(point.code, point.code)).format(evidence=point.evidence or "")

    return {
        "at_s": r.at_s,
        "role": r.role,
        "action": r.action,
        "text": r.text,
        "mood": r.mood,
        "volume": r.volume,
        "gained": [said(p) for p in r.gained],
        "lost": [said(p) for p in r.lost],
    }


def _integrity(d: Debrief, words: dict[str, str], language: str) -> dict[str, Any]:
    """The journal's verdict as the report says it: one line for the overview, and its problems."""
    verdict = d.journal
    if not verdict.chained:
        summary = words["journal_unchained"]
    elif verdict.intact:
        summary = words["journal_intact"].format(records=verdict.records)
    else:
        summary = words["journal_broken"]
    problems = [
        {"text": problem_text(p, language), "detail": _RECORD.sub("", p.what), "seqs": p.seqs, "code": str(p.code)}
        for p in verdict.problems
    ]
    return {
        "intact": verdict.intact,
        "chained": verdict.chained,
        "summary": summary,
        "head": verdict.head,
        "problems": problems,
    }


def context(d: Debrief, *, anonymous: bool = False, whatifs: Sequence[WhatIf] = ()) -> dict[str, Any]:
    scenario = d.scenario
    language = language_of(scenario.language)
    _ = translator(language)
    words = report_words(language, scenario.regime)
    role_names = {r: role.name for r, role in scenario.roles.items()}
    if anonymous:
        anonymise(d, role_names)
    role_names_all = {**role_names, "facilitator": _("Facilitator"), "observer": _("Observer")}
    named = names(scenario, language)
    actions = dict(named.actions)
    markers = [(a.at_s, BY_KIND[a.kind].mark, a.fields.get("text", "")) for a in d.of_kind("statement", "post")]
    storms = [
        {
            "id": s.id,
            "title": s.title,
            "total": s.total,
            "mood": s.mean_mood,
            "mood_read": mood_read(s.mean_mood, language, words) if s.mean_mood is not None else "",
            "svg": storm_svg(d, s.id, markers, language),
            "spark": sparkline([s.counts.get(b, 0) for b in range(max(s.counts, default=-1) + 1)]),
            "bucket": duration(s.bucket_s, language),
        }
        for s in d.storms.values()
    ]
    notes: dict[str, list[ActionRow]] = {}
    for a in d.of_kind("note"):
        event = a.fields.get("event")
        title = d.events[event].title if event in d.events else words["general"]
        notes.setdefault(title, []).append(a)
    by_role = {r: [x for x in d.expectations.values() if x.role == r] for r in role_names}
    played = dt.datetime.fromtimestamp(d.started_wall) if d.started_wall else None
    return {
        "d": d,
        "w": words,
        "lang": language,
        "ratings": rating_words(language),
        "scenario": scenario,
        "org": scenario.organisation.get("name", ""),
        "roles": role_names_all,
        "role_ids": list(role_names),
        "played": played.strftime("%Y-%m-%d %H:%M") if played else "—",
        "scenario_date": scenario.start.strftime("%Y-%m-%d %H:%M") if scenario.start else "—",
        "objectives": d.objectives,
        "events": sorted(
            d.events.values(),
            key=lambda e: e.fired_s if e.fired_s is not None else e.planned_s if e.planned_s is not None else 1e12,
        ),
        "timeline_svg": timeline_svg(d, role_names, language),
        "by_role": by_role,
        "clocks": list(d.clocks.values()),
        "notification": _translated(d.notification, _),
        "regimes": [_regime(r, _) for r in d.regimes],
        "qw": {k: _(v) for k, v in QUESTION_WORDS.items()},
        "art34": _art34(d.art34, _, words),
        "storms": storms,
        "top_posts": [p for _, _, _, p in d.top_posts],
        "top_times": [sim for _, _, sim, _ in d.top_posts],
        "enquiries": d.enquiries,
        "receptions": [_reception(r, _) for r in d.receptions],
        "actions": actions,
        "kinds": {kind: _.pgettext("channel", name) for kind, name in EVENT_KIND_NAMES.items()},
        "channels": {channel: _.pgettext("channel", name) for channel, name in CHANNEL_NAMES.items()},
        "articles": d.articles,
        "decisions": d.of_kind("decision"),
        "choices": [e for e in d.events.values() if e.chosen],
        "notes": notes,
        "hotwash": d.hotwash,
        "questions": scenario.hotwash,
        "strengths": [(x, _observation(x, d, words, role_names_all, actions, language)) for x in d.strengths],
        "areas": [(x, _observation(x, d, words, role_names_all, actions, language)) for x in d.improvements],
        "objective_text": scenario.objectives,
        "integrity": _integrity(d, words, language),
        "version": __version__,
        "ww": whatif_words(_),
        "named": named,
        "pending": {
            e.id: _pending(e.id, scenario, words, named, _)
            for e in d.events.values()
            if e.status == rec.EventStatus.PENDING
        },
        "whatifs": [
            whatif_context(w, n, language, words, role_names_all, lambda s: duration(s, language))
            for n, w in enumerate(whatifs, 1)
        ],
    }


def render_html(d: Debrief, *, anonymous: bool = False, whatifs: Sequence[WhatIf] = ()) -> str:
    """The report as one HTML file; ``whatifs``, counterfactuals of the exercise, add their section."""
    return environment(True).get_template("report.html.j2").render(context(d, anonymous=anonymous, whatifs=whatifs))


def render_markdown(d: Debrief, *, anonymous: bool = False, whatifs: Sequence[WhatIf] = ()) -> str:
    """The report in Markdown; ``whatifs`` add their section."""
    return environment(False).get_template("report.md.j2").render(context(d, anonymous=anonymous, whatifs=whatifs))
