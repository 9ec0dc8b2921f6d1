"""What if: play a finished exercise again with some of its actions changed (``crisissim whatif``).

The journal is deterministic: the same scenario, seed and actions give the same exercise. So a
counterfactual is the journal's own exercise played again headless, with every action the team
and the facilitator took at the simulated moment they took it, except for the changes asked:

- ``--move 'statement#1=T+0:40'``: the first statement, taken at T+0:40 instead (``-1h`` or
  ``+30m``: that much earlier or later);
- ``--drop 'choose#2'``: the second choice, never taken;
- ``--add '{at: 2h, role: comms, action: statement, text: ...}'``: a step more, written as a
  playbook step (the same field names; ``after`` and ``delay`` work as in a playbook);
- ``--choose 'ransom-demand=pay'``: the choice on that event, with another option.

Actions are named by their kind and their number among the journal's actions of that kind
(``statement#1``, ``reply#3``, a facilitator's ``flag#1``), as ``crisissim whatif`` lists them
when a name is wrong. Up to the first change the replay is the original exercise record for
record (wall-clock times aside); from there on, an action the engine refuses (a reply to an inject
that never came, a choice on a decision that was not asked) is dropped and listed with its
reason, never silently kept. Nothing of the original journal is changed: the counterfactual goes
to a journal of its own, a temporary one unless asked to keep it.
"""

from __future__ import annotations

import math
import re
import shlex
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from crisissim.debrief.export import ReportError, check_target, default_target, render, write_private
from crisissim.debrief.fold import Debrief, NotAnExercise, fold
from crisissim.debrief.whatif import Applied, Dropped, Replayed, WhatIf, compare
from crisissim.engine.engine import ActionRefused, Engine
from crisissim.exercise.errors import BadInput
from crisissim.exercise.reports import Report
from crisissim.exercise.runs import new_run
from crisissim.journal import JournalError, Record, Store, open_store
from crisissim.journal import records as rec
from crisissim.journal.backends import journal_name
from crisissim.journal.interface import readable
from crisissim.journal.records import INPUT_KINDS
from crisissim.safetext import shown
from crisissim.scenario.durations import DurationError, format_offset, parse_duration
from crisissim.scenario.model import Scenario
from crisissim.scenario.playbook import Entry, parse_playbook
from crisissim.scenario.problems import Problem
from crisissim.scenario.suggest import did_you_mean

#: The changes a what-if can make, in the order the command line takes them.
VERBS = ("move", "drop", "add", "choose")
#: Simulated seconds played between two updates of the progress bar.
PROGRESS_STEP_S = 3600.0

_NAME = re.compile(r"^(?P<kind>[a-z_]+)#(?P<n>[0-9]+)$")
_OFFSET = re.compile(r"^T\+(?P<h>[0-9]+):(?P<m>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?$")
_ADD_PREFIX = "playbook: 1\nactions:\n  - "
_ADD_WHERE = re.compile(r"^actions(?:\[[^\]]*\])?\.?")

Progress = Callable[[float, float], None]
"""Told the simulated time reached and the exercise's duration, while a what-if plays."""


@dataclass(frozen=True)
class Change:
    """One change as it was asked: its verb, its value, and its place on the command line."""

    verb: str
    value: str
    n: int = 1
    """Its number among the changes of its verb (``--move #2``), to locate a problem."""
    group: str = ""
    """The what-if it belongs to, when a report carries several (``--whatif #2``)."""

    @property
    def where(self) -> str:
        own = f"--{self.verb} #{self.n}"
        return f"{self.group} {own}" if self.group else own

    def problem(self, what: str, col: int = 1) -> Problem:
        """A problem of this change, located at a column of its value."""
        return Problem(self.where, 1, col, self.verb, what)


@dataclass
class _Step:
    """An input of the what-if: one of the journal's (perhaps changed) or one added."""

    sim: float
    order: tuple[float, int]
    role: str | None
    data: rec.Action | rec.Control | rec.Hotwash | None
    name: str
    entry: Entry | None = None
    seq: int | None = None
    """The journal's seq of the input it plays again; None for an added step."""


@dataclass
class Plan:
    """The what-if's inputs, in the order they will be taken, and where the first change is."""

    steps: list[_Step]
    descriptions: list[Applied]
    first_change_s: float
    after: list[_Step] = field(default_factory=list)
    """Added steps due ``after`` an event: their time is known only once it fires."""


def _named_inputs(inputs: Sequence[Record]) -> list[_Step]:
    """The journal's inputs, each named by its kind and its number among those of that kind."""
    counts: dict[str, int] = {}
    steps = []
    for record in inputs:
        data = record.data
        if isinstance(data, rec.Action):
            kind = data.action
        elif isinstance(data, rec.Control):
            kind = data.control if data.pace is None else ""
        elif isinstance(data, rec.Hotwash):
            kind = ""
        else:
            continue
        name = ""
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
            name = f"{kind}#{counts[kind]}"
        steps.append(_Step(record.sim, (record.sim, record.seq), record.role, data, name, seq=record.seq))
    return steps


def _select(change: Change, text: str, steps: list[_Step]) -> _Step:
    """The journal's input ``text`` names (``statement#1``); a located problem if none."""
    named = {s.name: s for s in steps if s.name}
    match = _NAME.match(text.strip())
    if match is None:
        raise BadInput(
            str(
                change.problem(f"'{shown(text)}' names no action: write KIND#N, e.g. statement#1 (the first statement)")
            )
        )
    found = named.get(text.strip())
    if found is None:
        kind = match["kind"]
        held = [f"{s.name} at {format_offset(s.sim)}" for s in steps if s.name.startswith(f"{kind}#")]
        if held:
            what = f"the journal holds {len(held)} {kind} action(s), not {shown(text)}: {', '.join(held)}"
        else:
            kinds = sorted({s.name.split("#")[0] for s in steps if s.name})
            what = f"the journal holds no {shown(kind)}{did_you_mean(kind, kinds)}"
        raise BadInput(str(change.problem(what)))
    return found


def _when(change: Change, text: str, before: float, duration: int, col: int) -> float:
    """A what-if's time: ``T+H:MM[:SS]``, a duration from T+0, or ``-DURATION`` / ``+DURATION``
    from the action's own time; within the exercise."""
    text = text.strip()
    hint = "write T+0:40, a duration such as 40m, or -1h / +30m from the action's own time"
    at: float
    try:
        if (m := _OFFSET.match(text)) is not None:
            at = int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"] or 0)
        elif text[:1] in "+-" and text:
            delta = parse_duration(text[1:])
            at = before + (delta if text[0] == "+" else -delta)
        else:
            at = parse_duration(text)
    except DurationError:
        raise BadInput(str(change.problem(f"'{shown(text)}' is not a time; {hint}", col))) from None
    if not 0 <= at <= duration:
        raise BadInput(
            str(change.problem(f"{shown(text)} is outside the exercise (T+0:00 to {format_offset(duration)})", col))
        )
    return float(at)


def _split(change: Change, sep: str = "=") -> tuple[str, str]:
    if sep not in change.value:
        example = {"move": "statement#1=T+0:40", "choose": "ransom-demand=pay"}[change.verb]
        raise BadInput(str(change.problem(f"'{shown(change.value)}' needs '{sep}': write it as {example}")))
    left, right = change.value.rsplit(sep, 1)
    return left, right


def _added(change: Change, scenario: Scenario) -> Entry:
    """A ``--add`` value read as one playbook step, its problems located in the value itself."""
    book = parse_playbook((_ADD_PREFIX + change.value).encode("utf-8"), change.where, scenario)
    if book.problems:
        lines = []
        for p in book.problems:
            line, col = (p.line - 2, p.col - 4) if p.line == 3 else (max(1, p.line - 2), p.col)
            where = _ADD_WHERE.sub("", p.where) or "add"
            lines.append(str(Problem(change.where, max(1, line), max(1, col), where, p.what)))
        raise BadInput(*lines)
    if len(book.entries) != 1:
        raise BadInput(str(change.problem("--add takes one step, a mapping such as {at: 2h, role: comms, ...}")))
    return book.entries[0]


def plan(
    inputs: Sequence[Record], changes: Sequence[Change], scenario: Scenario, fired: dict[str, float] | None = None
) -> Plan:
    """The journal's inputs with ``changes`` made, or BadInput with one located line per bad change.

    ``fired`` is when each event fired in the journal (where an added ``after`` step first
    changes anything). Every change is checked before anything is played, and every problem is
    said, not only the first."""
    fired = fired or {}
    steps = _named_inputs(inputs)
    problems: list[str] = []
    descriptions: list[Applied] = []
    changed_at: list[float] = []
    after: list[_Step] = []
    added = 0
    duration = scenario.duration
    touched: set[int] = set()
    left_out: set[int] = set()  # dropped steps stay until every change is read: a second change names them too
    for change in changes:
        try:
            if change.verb == "move":
                name, when = _split(change)
                step = _select(change, name, steps)
                _not_twice(change, step, touched)
                at = _when(change, when, step.sim, duration, len(name) + 2)
                changed_at.append(min(at, step.sim))
                descriptions.append(Applied("move", step.name, step.role or "", step.sim, to_s=at))
                step.sim, step.order = at, (at, step.order[1])
            elif change.verb == "drop":
                step = _select(change, change.value, steps)
                _not_twice(change, step, touched)
                changed_at.append(step.sim)
                descriptions.append(Applied("drop", step.name, step.role or "", step.sim))
                left_out.add(id(step))
            elif change.verb == "choose":
                descriptions.append(_choose(change, steps, scenario, touched, changed_at))
            elif change.verb == "add":
                entry = _added(change, scenario)
                added += 1
                who = entry.role if entry.facilitator is None else "facilitator"
                kind = entry.action or entry.facilitator or ""
                step = _Step(0.0, (0.0, 10**9 + added), who, None, f"{kind} (added #{added})", entry=entry)
                if entry.at is not None:
                    if entry.at > duration:
                        raise BadInput(
                            str(
                                change.problem(
                                    f"at {format_offset(entry.at)} is after EndEx ({format_offset(duration)})"
                                )
                            )
                        )
                    step.sim, step.order = float(entry.at), (float(entry.at), 10**9 + added)
                    steps.append(step)
                    changed_at.append(step.sim)
                    descriptions.append(Applied("add", kind, who or "", step.sim))
                else:
                    after.append(step)
                    descriptions.append(
                        Applied("add", kind, who or "", None, event=entry.after, delay_s=float(entry.delay))
                    )
            else:
                raise BadInput(
                    str(change.problem(f"unknown change '{shown(change.verb)}'; the changes: {', '.join(VERBS)}"))
                )
        except BadInput as exc:
            problems.extend(exc.lines)
    if problems:
        raise BadInput(*problems)
    if not changes:
        raise BadInput("crisissim: error: whatif: give at least one change: --move, --drop, --add or --choose")
    for step in after:
        # until something else changes, its event fires when it fired in the journal
        assert step.entry is not None and step.entry.after is not None
        if step.entry.after in fired:
            changed_at.append(fired[step.entry.after] + step.entry.delay)
    first = min(changed_at, default=float(duration))
    kept = sorted((s for s in steps if id(s) not in left_out), key=lambda s: s.order)
    return Plan(kept, descriptions, first, after)


def _not_twice(change: Change, step: _Step, touched: set[int]) -> None:
    assert step.seq is not None
    if step.seq in touched:
        raise BadInput(str(change.problem(f"{step.name} is changed twice; give it one change")))
    touched.add(step.seq)


def _choose(
    change: Change, steps: list[_Step], scenario: Scenario, touched: set[int], changed_at: list[float]
) -> Applied:
    target, option = (part.strip() for part in _split(change))
    if _NAME.match(target):
        step = _select(change, target, steps)
        if not step.name.startswith("choose#"):
            raise BadInput(str(change.problem(f"{step.name} is no choice; --choose changes a choose action")))
    else:
        event = scenario.event(target)
        if event is None:
            ids = [e.id for e in scenario.events if e.options]
            raise BadInput(str(change.problem(f"unknown event '{shown(target)}'{did_you_mean(target, ids)}")))
        step_found = next(
            (
                s
                for s in steps
                if isinstance(s.data, rec.Action) and s.data.action == "choose" and s.data.fields.get("event") == target
            ),
            None,
        )
        if step_found is None:
            raise BadInput(
                str(
                    change.problem(
                        f"the journal holds no choice on '{shown(target)}'; add one: --add "
                        f"'{{at: ..., role: ..., action: choose, event: {shown(target)}, option: {shown(option)}}}'"
                    )
                )
            )
        step = step_found
    assert isinstance(step.data, rec.Action)
    event_id = str(step.data.fields.get("event", ""))
    event = scenario.event(event_id)
    offered = list(event.options) if event is not None else []
    if option not in offered:
        raise BadInput(
            str(
                change.problem(
                    f"event '{shown(event_id)}' offers no option '{shown(option)}'"
                    f"{did_you_mean(option, offered)} (its options: {', '.join(offered) or 'none'})",
                    len(change.value) - len(option) + 1,
                )
            )
        )
    was = step.data.fields.get("option")
    if was == option:
        raise BadInput(str(change.problem(f"{step.name} chose '{shown(option)}' already; choose another option")))
    _not_twice(change, step, touched)
    step.data = msgspec.structs.replace(step.data, fields={**step.data.fields, "option": option})
    changed_at.append(step.sim)
    return Applied("choose", step.name, step.role or "", step.sim, event=event_id, option=option, was=str(was))


# the replay ---------------------------------------------------------------------------------------


def _take(engine: Engine, step: _Step, dropped: list[Dropped]) -> None:
    """Take one input; a refusal drops it, with the engine's reason."""
    try:
        if step.entry is not None:
            _take_entry(engine, step.entry)
            return
        data = step.data
        if isinstance(data, rec.Hotwash):
            engine.hotwash(step.role or "", data.answers, data.request)
            return
        assert data is not None
        extra = {k: v for k, v in (("playbook", data.playbook), ("request", data.request)) if v is not None} or None
        if isinstance(data, rec.Action):
            engine.act(step.role or "", data.action, dict(data.fields), extra=extra)
        elif (pace := data.pace) is not None:
            engine.control(pace, **data.fields)
        else:
            engine.command(data.control, dict(data.fields), extra=extra)
    except ActionRefused as exc:
        dropped.append(Dropped(step.name, step.role or "", step.sim, engine.now, exc.refusal, step.seq))


def _take_entry(engine: Engine, entry: Entry) -> None:
    if entry.facilitator:
        engine.command(entry.facilitator, entry.fields)
    else:
        assert entry.role is not None and entry.action is not None
        engine.act(entry.role, entry.action, entry.fields)


def _due(engine: Engine, step: _Step) -> float | None:
    entry = step.entry
    assert entry is not None and entry.after is not None
    state = engine.state.events.get(entry.after)
    if state is None or state.status != rec.EventStatus.FIRED or state.fired_s is None:
        return None
    return state.fired_s + entry.delay


def play_plan(
    engine: Engine, steps: list[_Step], after: list[_Step], progress: Progress | None = None
) -> list[Dropped]:
    """Play the what-if's inputs to EndEx and past it (hot-wash answers, late ratings); the
    inputs the engine refused, in the order they were due."""
    dropped: list[Dropped] = []
    duration = float(engine.scenario.duration)
    queue = list(steps)
    waiting = list(after)
    engine.start()

    def advance(target: float) -> None:
        while engine.now < target and not engine.ended:
            engine.advance_to(min(target, engine.now + PROGRESS_STEP_S))
            if progress is not None:
                progress(engine.now, duration)

    while not engine.ended:
        known = [(d, s) for s in waiting if (d := _due(engine, s)) is not None]
        target = min(
            queue[0].sim if queue else math.inf,
            min((d for d, _ in known), default=math.inf),
            duration,
        )
        if waiting and len(known) < len(waiting):
            nxt = engine.next_event_due()
            if nxt is not None:
                target = min(target, nxt)
        advance(max(engine.now, target))
        if engine.ended:
            break
        due_now = [(s.order, s) for s in queue if s.sim <= engine.now]
        due_now += [((d, s.order[1]), s) for d, s in known if d <= engine.now]
        for _, step in sorted(due_now, key=lambda pair: pair[0]):
            if step in queue:
                queue.remove(step)
            else:
                waiting.remove(step)
            _take(engine, step, dropped)
            if engine.ended:
                break
        for step in list(waiting):
            assert step.entry is not None and step.entry.after is not None
            if engine.state.events[step.entry.after].status == rec.EventStatus.SKIPPED:
                waiting.remove(step)
                dropped.append(
                    Dropped(step.name, step.role or "", None, engine.now, rec.NotYetSent(event=step.entry.after), None)
                )
    if progress is not None:
        progress(duration, duration)
    for step in queue:  # after EndEx: hot-wash answers and ratings are taken; anything else is refused
        _take(engine, step, dropped)
    for step in waiting:
        assert step.entry is not None and step.entry.after is not None
        dropped.append(
            Dropped(step.name, step.role or "", None, engine.now, rec.NotYetSent(event=step.entry.after), None)
        )
    return dropped


@contextmanager
def _target(journal: Path | str | None) -> Iterator[Path | str]:
    if journal is not None:
        yield journal
        return
    with tempfile.TemporaryDirectory(prefix="crisissim-whatif-") as folder:
        yield Path(folder) / "whatif.sqlite"


def _finished(original: Store) -> list[Record]:
    """The journal's inputs, if it holds a finished exercise; BadInput otherwise."""
    ended = next(iter(original.records(kinds=(str(rec.Kind.END),))), None)
    if ended is None:
        raise BadInput(
            f"{original.location}: error: journal: the exercise in it has not ended; a what-if replays a finished "
            f"exercise (continue it first: crisissim simulate --resume or crisissim resume)"
        )
    return list(readable(original, kinds=INPUT_KINDS))


def whatif(
    original: Store,
    changes: Sequence[Change],
    *,
    journal: Path | str | None = None,
    progress: Progress | None = None,
    debrief: Debrief | None = None,
) -> WhatIf:
    """Play ``original``'s exercise again with ``changes``, and compare the two.

    ``journal`` keeps the counterfactual's journal there (default: a temporary one, removed once
    folded). BadInput for bad changes (one located line each), a journal that is not a finished
    exercise, or one this version plays differently before the first change."""
    base = debrief or fold(original)
    scenario = base.scenario
    inputs = _finished(original)
    fired = {
        r.data.event: r.sim for r in readable(original, kinds=(str(rec.Kind.FIRED),)) if isinstance(r.data, rec.Fired)
    }
    the_plan = plan(inputs, changes, scenario, fired)
    meta = original.meta
    with _target(journal) as target:
        try:
            run = new_run(
                scenario,
                meta.get("scenario_text", ""),
                meta.get("scenario_path", "?"),
                seed=int(meta.get("seed", "0")),
                journal_path=target,
                mode="whatif",
                speed=float(meta["speed"]) if meta.get("speed") else None,
            )
        except JournalError as exc:
            raise BadInput(str(exc)) from None
        with run.journal:
            dropped = play_plan(run.engine, the_plan.steps, the_plan.after, progress)
            other = fold(run.journal, scenario)
            replayed = Replayed(list(changes_text(changes)), the_plan.descriptions, dropped, the_plan.first_change_s)
            result = compare(base, original, other, run.journal, replayed)
    if result.diverged_s is not None and result.diverged_s < the_plan.first_change_s - 1e-6:
        raise BadInput(
            f"{original.location}: error: journal: cannot be replayed: this crisissim plays it differently from "
            f"{format_offset(result.diverged_s)} on, before the first change; it may come from another version "
            "of crisissim or its personas"
        )
    return result


def changes_text(changes: Sequence[Change]) -> Iterator[str]:
    """Each change as it would be typed again."""
    for change in changes:
        yield f"--{change.verb} {change.value}"


def whatif_of(
    location: Path | str,
    changes: Sequence[Change],
    *,
    journal: Path | str | None = None,
    progress: Progress | None = None,
) -> tuple[Debrief, WhatIf]:
    """The what-if of the journal at ``location``: the original's debrief and the comparison."""
    try:
        with open_store(location, readonly=True) as original:
            base = fold(original)
            return base, whatif(original, changes, journal=journal, progress=progress, debrief=base)
    except JournalError as exc:
        raise BadInput(str(exc)) from None


def parse_group(text: str, group: str) -> list[Change]:
    """One ``--whatif`` of ``crisissim report``: its changes written as for ``crisissim whatif``
    (``"--move statement#1=-1h --drop choose#2"``, the dashes optional)."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise BadInput(f"{group}:1:1: error: whatif: {exc}; quote each change's value") from None
    changes: list[Change] = []
    counts: dict[str, int] = {}
    i = 0
    while i < len(words):
        verb = words[i].removeprefix("--")
        value: str | None = None
        if "=" in verb and verb.split("=", 1)[0] in VERBS and words[i].startswith("--"):
            verb, value = verb.split("=", 1)
        if verb not in VERBS:
            raise BadInput(
                f"{group}:1:1: error: whatif: '{shown(words[i])}' is no change; write --move, --drop, --add or "
                "--choose, each followed by its value"
            )
        if value is None:
            if i + 1 >= len(words):
                raise BadInput(f"{group}:1:1: error: whatif: --{verb} needs a value")
            value = words[i + 1]
            i += 1
        counts[verb] = counts.get(verb, 0) + 1
        changes.append(Change(verb, value, counts[verb], group))
        i += 1
    if not changes:
        raise BadInput(f'{group}:1:1: error: whatif: give at least one change, e.g. --whatif "--move statement#1=-1h"')
    return changes


def changes_from(
    moves: Sequence[str], drops: Sequence[str], adds: Sequence[str], chooses: Sequence[str]
) -> list[Change]:
    """The changes of ``crisissim whatif``'s options, each numbered within its verb."""
    out: list[Change] = []
    for verb, values in (("move", moves), ("drop", drops), ("add", adds), ("choose", chooses)):
        out += [Change(verb, v, n) for n, v in enumerate(values, 1)]
    return out


def whatif_report(
    location: Path | str,
    groups: Sequence[Sequence[Change]],
    fmt: str,
    output: str | None,
    *,
    anonymous: bool = False,
    journal: Path | str | None = None,
    progress: Callable[[int], Progress] | None = None,
) -> Report:
    """The debrief of the journal at ``location`` with one what-if per group of changes: its text
    (``output`` '-') or the file written (None: ``reports/<journal>-whatif.<fmt>``), as ``report``
    writes it (whole or not at all, 0600).

    ``progress(n)`` gives the progress callback of the n-th what-if; ``journal`` keeps the (one)
    what-if's journal. BadInput for bad changes, a journal that is not a finished exercise, or a
    report that cannot be written."""
    target = (
        None if output == "-" else Path(output) if output else default_target(f"{journal_name(location)}-whatif", fmt)
    )
    try:
        if target is not None:
            check_target(target)
        with open_store(location, readonly=True) as original:
            base = fold(original)
            problems: list[str] = []
            inputs = _finished(original)
            for group in groups:  # every group's changes are checked before anything is played
                try:
                    plan(inputs, group, base.scenario)
                except BadInput as exc:
                    problems.extend(exc.lines)
            if problems:
                raise BadInput(*problems)
            results = [
                whatif(
                    original,
                    group,
                    journal=journal,
                    progress=progress(n) if progress else None,
                    debrief=base,
                )
                for n, group in enumerate(groups, 1)
            ]
            text = render(base, fmt, anonymous=anonymous, whatifs=results)
            if target is None:
                return Report(original.location, base.journal, text=text)
            write_private(target, text)
            return Report(original.location, base.journal, path=target)
    except (JournalError, ReportError) as exc:
        raise BadInput(str(exc)) from None
    except NotAnExercise as exc:
        raise BadInput(f"{location}: error: journal: {exc}") from None
