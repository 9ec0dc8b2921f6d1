"""Pydantic's validation errors, said the way a scenario author needs to hear them."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from crisissim.safetext import shown
from crisissim.scenario import model as m
from crisissim.scenario.conditions import did_you_mean
from crisissim.scenario.problems import Problem, format_path
from crisissim.scenario.yamlsource import Path, SourceMap

#: Which model describes the mapping at a path (ints and free keys as '*').
_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): m.ScenarioHead,
    ("roles", "*"): m.Role,
    ("clocks", "*"): m.Clock,
    ("rubric",): m.Rubric,
    ("regulator", "*"): m.Asking,
    ("events", "*"): m.Event,
    ("events", "*", "expects", "*"): m.Expectation,
    ("events", "*", "rate"): m.Rate,
    ("events", "*", "reacts", "*"): m.React,
    ("events", "*", "journalist"): m.PersonaRef,
    ("events", "*", "from"): m.Sender,
}
_FREE_KEYS = ("roles", "clocks", "regulator")

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping (key: value lines)",
    "list_type": "a list (lines starting with '- ', or [a, b])",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "finite_number": "a finite number",
    "datetime_type": "a date-time such as 2026-03-02T07:40:00+01:00",
    "datetime_parsing": "a date-time such as 2026-03-02T07:40:00+01:00",
    "datetime_from_date_parsing": "a date-time such as 2026-03-02T07:40:00+01:00",
}


def _pattern(path: Path) -> tuple[str, ...]:
    out: list[str] = []
    for i, part in enumerate(path):
        free = i > 0 and path[i - 1] in _FREE_KEYS and len(out) == 1
        out.append("*" if isinstance(part, int) or free else str(part))
    return tuple(out)


def _fields(path: Path) -> list[str]:
    model = _MODELS.get(_pattern(path))
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{shown(value)}'" if len(value) < 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


def _misspelt(errors: list[ErrorDetails], prefix: Path) -> set[Path]:
    """Required fields that an unknown key nearby probably meant: the 'did you mean' says it all."""
    covered: set[Path] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = (*prefix, *err["loc"])
            hint = did_you_mean(str(loc[-1]), _fields(loc[:-1]))
            if hint.startswith("; did you mean"):
                covered.add((*loc[:-1], hint.split("'")[1]))
    return covered


def translate(exc: ValidationError, prefix: Path, source: SourceMap, labels: dict[Path, str]) -> list[Problem]:
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    misspelt = _misspelt(errors, prefix)
    for err in errors:
        if err["type"] == "missing" and (*prefix, *err["loc"]) in misspelt:
            continue
        loc: Path = (*prefix, *err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        mark = source.value(loc)
        where = loc
        if "[key]" in loc:
            where = loc[: loc.index("[key]")]
            mark = source.key(where)
            what = str(ctx.get("msg", err["msg"])) if kind == "crisissim" else err["msg"]
            what = what.replace("'{value}'", "")
        elif kind == "missing":
            where, mark = loc[:-1], source.value(loc[:-1])
            what = f"'{loc[-1]}' is required"
        elif kind == "extra_forbidden":
            mark = source.key(loc)
            where = loc[:-1]
            what = f"unknown field '{shown(loc[-1])}'{did_you_mean(str(loc[-1]), _fields(loc[:-1]))}"
            if err["input"] is None and source.value(loc[:-1]).flow:
                what += " (a comma inside {...} starts a new field: put text that has commas in quotes)"
        elif kind == "condition":
            sub = tuple(ctx.get("subpath", ()))
            where = (*loc, *sub)
            mark = source.key(where) if sub else source.value(where)
            what = str(ctx["msg"])
        elif kind == "crisissim":
            what = err["msg"]
        elif kind == "literal_error":
            what = f"{_kind(err['input'])} is not allowed; expected {ctx.get('expected', '')}"
        elif kind in _TYPE_WORDS:
            what = f"should be {_TYPE_WORDS[kind]}, not {_kind(err['input'])}"
            if kind == "string_type" and isinstance(err["input"], dict) and len(err["input"]) == 1:
                what += " (a ': ' inside text makes it a mapping: put the whole text in quotes)"
        elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            sign = {
                "greater_than": "more than",
                "greater_than_equal": "at least",
                "less_than": "less than",
                "less_than_equal": "at most",
            }[kind]
            limit = next(iter(ctx.values()), "")
            what = f"{_kind(err['input'])} is out of range; it should be {sign} {limit}"
        elif kind == "too_short":
            what = "should not be empty"
        elif kind == "value_error":
            what = str(ctx.get("error", err["msg"]))
        else:
            what = err["msg"]
        problems.append(Problem(source.file, mark.line, mark.col, format_path(where, labels), what))
    return problems
