"""The report's words, read from the message catalogue in the scenario's language.

:data:`WORDS` names each word the templates use (``w.overview``, ``w[event.status]``) and gives
its message id; the translations are in crisissim/locale (see :mod:`crisissim.i18n`). Why an
event was skipped is rendered from its reason code (:mod:`crisissim.journal.explain`), phrase by
phrase, so the ids inside a reason are never translated.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.numbers import format_decimal
from babel.units import format_unit

from crisissim.i18n import N_, Translator, translator
from crisissim.journal import records as rec
from crisissim.journal.chain import Problem, ProblemCode
from crisissim.journal.explain import Names, reason_text
from crisissim.scenario.actions import ACTIONS, BY_KIND, key_label
from crisissim.scenario.model import Scenario

#: The templates' name for a word -> its message id. Statuses are named by the journal's own
#: values, so that ``w[status]`` reads the word for a status.
WORDS: dict[str, str] = {
    "report": N_("After-action report and improvement plan"),
    "overview": N_("Overview"),
    "timeline": N_("Timeline"),
    "expectations": N_("Expectations"),
    "clocks": N_("Clocks"),
    "notification": N_("Breach notification"),
    "media": N_("Media and social media"),
    "receptions": N_("How the crowd read the team"),
    "receptions_intro": N_(
        "Each statement and post of the team, as the crowd read it: what it did well and what it lacked, "
        "and what that did to the mood of the storm (from -1 hostile to +1 supportive) and to its volume "
        "from then on."
    ),
    "gained": N_("Gained"),
    "lost": N_("Lost"),
    "mood_shift": N_("Mood"),
    "volume_factor": N_("Volume"),
    "decisions": N_("Decision log"),
    "notes": N_("Notes"),
    "hotwash": N_("Hot wash"),
    "improvement": N_("Improvement plan"),
    "organisation": N_("Organisation"),
    "scenario": N_("Scenario"),
    "exercise_date": N_("Exercise played"),
    "scenario_date": N_("Scenario date"),
    "sim_duration": N_("Simulated duration"),
    "wall_duration": N_("Wall-clock duration"),
    "speed": N_("Speed"),
    # a change of speed during the exercise, after the speed it started at: "×120 from T+2:00"
    "speed_from": N_("{speed} from {at}"),
    "seed": N_("Seed"),
    "seed_short": N_("seed"),
    "roles": N_("Roles"),
    "objectives": N_("Objectives"),
    "rating": N_("Rating"),
    "ended_by": N_("Ended"),
    "by_duration": N_("at the end of the scenario"),
    "by_facilitator": N_("by the facilitator"),
    "not_ended": N_("not ended (interrupted)"),
    "pauses": N_("Pauses"),
    "planned": N_("Planned"),
    "actual": N_("Actual"),
    "status": N_("Status"),
    "event": N_("Event"),
    "to": N_("To"),
    "remarks": N_("Remarks"),
    rec.EventStatus.FIRED: N_("fired"),
    rec.EventStatus.SKIPPED: N_("skipped"),
    #: an event never reached: its condition did not come about, or nobody fired a spare inject
    rec.EventStatus.PENDING: N_("did not come up"),
    "chosen": N_("chosen"),
    "by": N_("by"),
    "fired_by_hand": N_("fired by the facilitator"),
    "role": N_("Role"),
    "action": N_("Action"),
    "window": N_("Window"),
    "latency": N_("Answered after"),
    rec.ExpectationStatus.MET: N_("met"),  # and ClockStatus.MET, the same word
    rec.ExpectationStatus.LATE: N_("late"),
    rec.ExpectationStatus.MISSED: N_("missed"),
    "objective": N_("Objective"),
    "counts": N_("Met / late / missed / pending"),
    "clock": N_("Clock"),
    "started": N_("Started"),
    "stopped": N_("Stopped"),
    "limit": N_("Limit"),
    "margin": N_("Margin"),
    "verdict": N_("Verdict"),
    rec.ClockStatus.RUNNING: N_("running"),
    rec.ClockStatus.BREACHED: N_("breached"),
    rec.ClockStatus.IDLE: N_("not started"),
    "spare": N_("to spare"),
    "over": N_("over"),
    "art33": N_("Art. 33(3) GDPR: notification to the supervisory authority"),
    "element": N_("Element"),
    "given": N_("Given"),
    "filed_at": N_("Filed at"),
    "not_filed": N_("No notification to the regulator was filed."),
    "late_filing": N_("Filed after the limit of the notification clock."),
    "delay_reason": N_("Reason for the delay"),
    "none_given": N_("none given"),
    "complete": N_("Complete"),
    "incomplete": N_("Incomplete; missing"),
    "art34": N_("Art. 34 GDPR: communication to the people affected"),
    "audience": N_("Audience"),
    "channel": N_("Channel"),
    "text": N_("Text"),
    "when": N_("When"),
    "no_art34": N_("No communication to the people affected was sent, and no exception of Art. 34(3) recorded."),
    "art34_public": N_("a public communication, Art. 34(3)(c)"),
    "art34_complete": N_("complete: every element Art. 34(2) asks"),
    "art34_exception": N_("no communication, an exception of Art. 34(3)"),
    "reasoning": N_("Reasoning"),
    "art34_order": N_("Required by the supervisory authority (Art. 34(4)) at"),
    "art34_answered": N_("answered at {time} by {what}."),
    "notify_subjects": N_("a communication to the people affected"),
    "subjects_exception": N_("an exception of Art. 34(3), with its reasoning"),
    "art34_unanswered": N_("not answered within the time the scenario gives."),
    "regime": N_("Notification regime"),
    "regimes_intro": N_(
        "Each regime as its regulator would read it: every deadline of the chain, counted from the moment "
        "the regulation names, met or missed with the margin; every filing, element by element."
    ),
    "deadlines": N_("Deadlines"),
    "filing": N_("Filing"),
    "article": N_("Article"),
    "counted_from": N_("Counted from"),
    "due_at": N_("Due"),
    "filed": N_("Filed"),
    "open": N_("not yet due"),
    "filings": N_("Filings"),
    "new": N_("new"),
    "amend": N_("amends the last one"),
    "withdraw": N_("withdraws it"),
    "unknown_given": N_("given as unknown"),
    "missing_elements": N_("missing"),
    "complete_from": N_("complete from {time}"),
    "followup_owed": N_("not complete: a later filing still owes what was unknown or missing"),
    #: what an element given as "unknown" (or "onbekend", "?") reads as, in the report's language
    "unknown_value": N_("unknown / being investigated"),
    "withdrawn_at": N_("withdrawn at {time}"),
    "stage_not_filed": N_("not filed"),
    "volume": N_(
        "Posts per minute, coloured by mood (red hostile, amber mixed, green supportive); "
        "vertical lines: the team's statements (S) and posts (P)"
    ),
    "posts_total": N_("posts"),
    # the mean mood of a storm, with what the number means: "-0.05 on a scale from -1 (hostile) to +1 ..."
    "mood_read": N_(
        "The crowd's mean mood was {mood} on a scale from −1 (hostile) through 0 (mixed) to +1 (supportive): {verdict}."
    ),
    "mood_hostile": N_("hostile"),
    "mood_negative": N_("rather negative"),
    "mood_mixed": N_("mixed, neither for nor against the organisation"),
    "mood_positive": N_("rather positive"),
    "mood_supportive": N_("supportive"),
    "timeline_read": N_(
        "Each line is an event of the scenario, in the order it came: a filled dot where it happened, an open "
        "dot where it was planned (a grey line between the two when it came later or earlier), a cross for an "
        "event that was skipped. Below, one lane per role with a square for each action of the team."
    ),
    "storm_read": N_(
        "The bars show how many posts per minute the crowd wrote about the organisation, over the whole "
        "exercise; their colour is the crowd's mood in that half hour. A dashed line marks each public word of "
        "the team, so the chart shows what the storm did after it."
    ),
    "pending_contingency": N_("a spare inject for the facilitator, not used"),
    "pending_after": N_("what it waits for did not happen before the end: {condition}"),
    "pending_late": N_("the exercise ended before it was due"),
    "top_posts": N_("Posts with most engagement"),
    "author": N_("Author"),
    "post": N_("Post"),
    "likes": N_("Likes"),
    "reposts": N_("Reposts"),
    "enquiries": N_("Media enquiries"),
    "outlet": N_("Outlet"),
    "reporter": N_("Reporter"),
    "deadline": N_("Deadline"),
    "answered": N_("Answered"),
    "in_time": N_("In time"),
    "answer": N_("Answer"),
    "unanswered": N_("not answered"),
    "articles": N_("Articles that ran"),
    "headline": N_("Headline"),
    "by_silence": N_("ran because the team was silent or late"),
    "no_articles": N_("No article ran."),
    "decision": N_("Decision"),
    "options": N_("Options weighed"),
    "rationale": N_("Rationale"),
    "owner": N_("Owner"),
    "choices": N_("Choices on injects"),
    "option": N_("Option"),
    "no_decisions": N_("No decision was logged."),
    "general": N_("General"),
    "no_notes": N_("No notes were taken."),
    "question": N_("Question"),
    "no_hotwash": N_("No hot-wash answers were recorded."),
    "strengths": N_("Strengths"),
    "areas": N_("Areas for improvement"),
    "observation": N_("Observation"),
    "root_cause": N_("Root cause"),
    "corrective": N_("Corrective action"),
    "capability": N_("Capability element"),
    "due": N_("Due date"),
    "capability_hint": N_("Capability elements: planning, organisation, equipment, training, exercise."),
    "obs_met": N_("{role}: {action} {latency} after “{event}”, within the {window} allowed."),
    "obs_late": N_("{role}: {action} only {latency} after “{event}”, past the {window} allowed."),
    "obs_missed": N_("{role}: no {action} within {window} of “{event}”."),
    "obs_not_reached": N_("{role}: “{event}” did not come up, so no {action} was asked."),
    "obs_rated": N_("Rated {rating} by the facilitator."),
    "no_items": N_("None."),
    "journal": N_("Journal"),
    "journal_intact": N_("intact: {records} records, each chained to the one before (SHA-256)"),
    "journal_broken": N_("not intact: see “Journal integrity”"),
    "journal_unchained": N_("no hash chain (written by a crisissim before tamper evidence): it cannot be verified"),
    "last_hash": N_("last hash"),
    "integrity": N_("Journal integrity"),
    "integrity_intro": N_(
        "Where the journal is not as crisissim wrote it. A record that cannot be read is left out of every "
        "table and chart of this report; the others are shown as the journal holds them."
    ),
    "head_hint": N_(
        "Write the last hash down outside the journal (in the minutes, an e-mail): crisissim verify then "
        "shows later that nothing was changed since."
    ),
    "generated": N_("Generated by crisissim from the journal"),
    "fictional": N_("All organisations and people in this exercise are fictional."),
}
#: The legend of the timeline; its marks come from the action registry.
LEGEND_TIMELINE = N_("● actual time · ○ planned time · ✕ skipped · squares: team actions ({marks})")

#: What is wrong at one place of a journal, by :class:`crisissim.journal.chain.ProblemCode`.
PROBLEM_WORDS: dict[str, str] = {
    ProblemCode.MISSING: N_("Record {first} is missing: deleted after it was written, or lost to damage."),
    "missing-many": N_("Records {first} to {last} are missing: deleted after they were written, or lost to damage."),
    ProblemCode.CHANGED: N_("Record {first} ({kind}) does not match its hash: it was changed after it was written."),
    ProblemCode.UNCHAINED: N_(
        "Record {first} ({kind}) carries no hash: it was not written by crisissim (added by hand?)."
    ),
    ProblemCode.META: N_(
        "Record {first} ({kind}) does not match its hash: it, or the scenario and seed stored with the "
        "journal, was changed after it was written."
    ),
    ProblemCode.UNREADABLE: N_("Record {first} ({kind}) cannot be read and is left out of this report."),
    "unreadable-many": N_("Records {first} to {last} cannot be read and are left out of this report."),
}

RATING_WORDS = {
    "P": N_("Performed without challenges"),
    "S": N_("Performed with some challenges"),
    "M": N_("Performed with major challenges"),
    "U": N_("Unable to be performed"),
}


def legend_word(kind: str, _: Translator, regimes: Sequence[str] = ()) -> str:
    """An action's word in the legend and the report's text; the regulator form's is the name
    its button has under the scenario's regimes ("AP-melding", "Melding aan toezichthouder")."""
    if kind == "notify_regulator":
        return _.pgettext("key", key_label(kind, regimes))
    return _(BY_KIND[kind].legend)


def prose_word(kind: str, _: Translator, regimes: Sequence[str] = ()) -> str:
    """An action as the report's sentences and tables name it ("publieke verklaring"); the
    regulator's filing by the name it has under the scenario's regimes, as in :func:`legend_word`."""
    if kind == "notify_regulator" and regimes:
        return legend_word(kind, _, regimes)
    return _.pgettext("prose", BY_KIND[kind].prose)


#: The units of a duration, largest first, and their CLDR names (Babel says them in each language).
_UNITS = ((86400, "duration-day"), (3600, "duration-hour"), (60, "duration-minute"))


def duration(seconds: float | None, language: str = "en") -> str:
    """A duration as people write it: "2 dagen 23 uur 40 minuten", "2 hours 41 minutes"; under a
    minute in seconds. Babel's units give the plural forms, so the catalogue needs none."""
    if seconds is None:
        return "—"
    left = int(abs(seconds))
    if left < 60:
        return format_unit(left, "duration-second", length="long", locale=language)
    parts = []
    for size, unit in _UNITS:
        count, left = divmod(left, size)
        if count:
            parts.append(format_unit(count, unit, length="long", locale=language))
    return " ".join(parts)


def number(value: float, language: str = "en", pattern: str = "0.00") -> str:
    """A number with the language's decimal sign ("-0,05"), signed with ``pattern`` "+0.00;-0.00"."""
    return format_decimal(value, format=pattern, locale=language)


#: Where on the scale from -1 to +1 a mood is: below each limit, its word.
_MOODS = ((-0.5, "mood_hostile"), (-0.15, "mood_negative"), (0.15, "mood_mixed"), (0.5, "mood_positive"))


def mood_read(mood: float, language: str, w: dict[str, str]) -> str:
    """A storm's mean mood, -1 to +1, with the scale and a word for where on it the crowd was
    (``w``: the report's :func:`words`)."""
    verdict = next((word for limit, word in _MOODS if mood < limit), "mood_supportive")
    return w["mood_read"].format(mood=number(mood, language, "+0.00;−0.00"), verdict=w[verdict])


def names(scenario: Scenario, language: str) -> Names:
    """What the report calls the scenario's things in ``language``: titles, role names, actions."""
    _ = translator(language)
    regimes = scenario.regime
    return Names(scenario, actions={kind: prose_word(kind, _, regimes) for kind in BY_KIND} | {"any": _("any action")})


def words(language: str, regimes: Sequence[str] = ()) -> dict[str, str]:
    """Every word of the report in ``language`` (English for a language without a catalogue);
    ``regimes``, the scenario's, name the regulator's filing."""
    _ = translator(language)
    out = {str(name): _(message) for name, message in WORDS.items()}
    ordered = sorted(ACTIONS, key=lambda s: s.legend_place)
    marks = ", ".join(f"{spec.mark} {legend_word(spec.kind, _, regimes)}" for spec in ordered)
    out["legend_timeline"] = _(LEGEND_TIMELINE).format(marks=marks)
    return out


def rating_words(language: str) -> dict[str, str]:
    """The HSEEP ratings, P to U, in ``language``."""
    _ = translator(language)
    return {rating: _(message) for rating, message in RATING_WORDS.items()}


def translate_reason(cause: rec.Reason | str | None, language: str, named: Names | None = None) -> str | None:
    """Why an event was skipped, in the report's language, from its reason code; with ``named``,
    the report's names for the events, options, roles and actions in it (:func:`names`)."""
    return reason_text(cause, translator(language), named)


def problem_text(problem: Problem, language: str) -> str:
    """One problem of the journal, in the report's language (the technical detail stays apart)."""
    _ = translator(language)
    key: str = problem.code
    if problem.first != problem.last:
        key = "missing-many" if problem.code == ProblemCode.MISSING else "unreadable-many"
    return _(PROBLEM_WORDS[key]).format(first=problem.first, last=problem.last, kind=problem.kind or "?")
