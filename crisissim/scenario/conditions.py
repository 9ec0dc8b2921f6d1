"""Conditions: data that says when something holds, never an expression to evaluate.

They are used by ``when``, ``after`` in mapping form, clocks and storm reactions. Parsing
turns the author's mapping into small frozen classes; the engine decides whether they hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from crisissim.safetext import shown
from crisissim.scenario.actions import ACTIONS
from crisissim.scenario.suggest import did_you_mean as did_you_mean  # where the checks have always found it

#: What ``{action: KIND}`` may name: the kinds of the action registry that feed that word.
ACTION_KINDS = tuple(spec.kind for spec in ACTIONS if "action" in spec.conditions)


@dataclass(frozen=True)
class Fired:
    event: str


@dataclass(frozen=True)
class Skipped:
    event: str


@dataclass(frozen=True)
class Met:
    expectation: str


@dataclass(frozen=True)
class Missed:
    expectation: str


@dataclass(frozen=True)
class Late:
    expectation: str


@dataclass(frozen=True)
class Chose:
    event: str
    option: str


@dataclass(frozen=True)
class ActionTaken:
    kind: str
    role: str | None = None


@dataclass(frozen=True)
class Flag:
    name: str


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Fired | Skipped | Met | Missed | Late | Chose | ActionTaken | Flag | AllOf | AnyOf | Not
# the members of Condition, for isinstance (the same classes, in the same order)
_CONDITION_CLASSES = (Fired, Skipped, Met, Missed, Late, Chose, ActionTaken, Flag, AllOf, AnyOf, Not)

_LEAVES: dict[str, Callable[[str], Condition]] = {
    "fired": Fired,
    "skipped": Skipped,
    "met": Met,
    "missed": Missed,
    "late": Late,
    "flag": Flag,
}
KINDS = (*_LEAVES, "chose", "action", "all", "any", "not")
EXAMPLE = "{fired: EVENT}, {met: EXPECTATION}, {chose: EVENT.OPTION}, {action: statement}, {flag: NAME}, {any: [...]}"


class ConditionError(ValueError):
    """An unreadable condition; ``path`` leads from the condition to the offending part."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _text(value: object, key: str, path: tuple[str | int, ...]) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value).strip() == "":
        raise ConditionError(f"'{shown(key)}' takes a name, got {shown(repr(value))}", (*path, key))
    return str(value)


def parse_condition(raw: object, path: tuple[str | int, ...] = ()) -> Condition:
    """Build a condition from the author's mapping, or raise :class:`ConditionError`."""
    if isinstance(raw, _CONDITION_CLASSES):  # already parsed (models re-validated)
        return raw
    if not isinstance(raw, dict) or not raw:
        raise ConditionError(f"a condition is a mapping such as {EXAMPLE}; got {raw!r}", path)
    keys = list(raw)
    if "action" in raw:
        extra = [k for k in keys if k not in ("action", "role")]
        if extra:
            raise ConditionError(f"'{shown(extra[0])}' does not go with 'action' (only 'role' does)", (*path, extra[0]))
        kind = _text(raw["action"], "action", path)
        if kind not in ACTION_KINDS:
            raise ConditionError(f"unknown action '{shown(kind)}'{did_you_mean(kind, ACTION_KINDS)}", (*path, "action"))
        role = raw.get("role")
        return ActionTaken(kind, None if role is None else _text(role, "role", path))
    if len(keys) != 1:
        raise ConditionError(
            f"a condition has one key, this one has {len(keys)} ({', '.join(map(str, keys))}); "
            "combine conditions with {all: [...]} or {any: [...]}",
            path,
        )
    key, value = keys[0], raw[keys[0]]
    if key in _LEAVES:
        return _LEAVES[key](_text(value, key, path))
    if key == "chose":
        text = _text(value, key, path)
        event, dot, option = text.partition(".")
        if not dot or not event or not option:
            raise ConditionError(
                f"'chose' takes EVENT.OPTION, for example ransom-note.pay; got '{shown(text)}'", (*path, key)
            )
        return Chose(event, option)
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{shown(key)}' takes a non-empty list of conditions", (*path, key))
        items = tuple(parse_condition(item, (*path, key, i)) for i, item in enumerate(value))
        return AllOf(items) if key == "all" else AnyOf(items)
    if key == "not":
        return Not(parse_condition(value, (*path, key)))
    raise ConditionError(f"unknown condition '{shown(key)}'{did_you_mean(str(key), KINDS)}", (*path, key))


def walk(condition: Condition, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Condition, tuple[str | int, ...]]]:
    """Yield every leaf condition with its path inside the author's mapping."""
    if isinstance(condition, (AllOf, AnyOf)):
        key = "all" if isinstance(condition, AllOf) else "any"
        for i, item in enumerate(condition.items):
            yield from walk(item, (*path, key, i))
    elif isinstance(condition, Not):
        yield from walk(condition.item, (*path, "not"))
    else:
        yield condition, path


def describe(condition: Condition) -> str:
    """A short reading of the condition for MSEL tables and controller notes."""
    match condition:
        case Fired(event):
            return f"{event} fired"
        case Skipped(event):
            return f"{event} skipped"
        case Met(exp):
            return f"{exp} met"
        case Missed(exp):
            return f"{exp} missed"
        case Late(exp):
            return f"{exp} late"
        case Chose(event, option):
            return f"{event} chose {option}"
        case ActionTaken(kind, role):
            return f"{role or 'any role'} did {kind}"
        case Flag(name):
            return f"flag {name}"
        case AllOf(items):
            return " and ".join(_grouped(i) for i in items)
        case AnyOf(items):
            return " or ".join(_grouped(i) for i in items)
        case Not(item):
            return f"not {_grouped(item)}"
    raise TypeError(condition)


def _grouped(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text


def to_mapping(condition: Condition) -> dict[str, object]:
    """The condition in the format's own mapping form, as an author writes it: what the journal
    keeps of a condition, so that it can be parsed and described again in any language."""
    match condition:
        case Fired(event):
            return {"fired": event}
        case Skipped(event):
            return {"skipped": event}
        case Met(exp):
            return {"met": exp}
        case Missed(exp):
            return {"missed": exp}
        case Late(exp):
            return {"late": exp}
        case Chose(event, option):
            return {"chose": f"{event}.{option}"}
        case ActionTaken(kind, role):
            return {"action": kind} if role is None else {"action": kind, "role": role}
        case Flag(name):
            return {"flag": name}
        case AllOf(items):
            return {"all": [to_mapping(i) for i in items]}
        case AnyOf(items):
            return {"any": [to_mapping(i) for i in items]}
        case Not(item):
            return {"not": to_mapping(item)}
    raise TypeError(condition)
