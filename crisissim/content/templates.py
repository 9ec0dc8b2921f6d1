"""Jinja2 in a sandbox, for every text an author or a persona writes.

Scenario files come from anywhere (a colleague, a download); their templates must not reach
Python's internals, read files or exhaust the machine. The sandbox refuses unsafe attribute
access, ``StrictUndefined`` turns a misspelt variable into an error instead of empty text,
and ``*`` and ``**`` are capped so that ``{{ 'x' * 10**10 }}`` cannot eat the memory.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_TEXT = 100_000
_TEMPLATE_FILE = "<crisissim-template>"


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large for a scenario template")
            return left**right
        result_size = 1
        for side, other in ((left, right), (right, left)):
            if isinstance(side, (str, list, tuple)) and isinstance(other, int):
                result_size = len(side) * other
        if result_size > MAX_TEXT:
            raise SecurityError("repetition too large for a scenario template")
        return left * right


ENV = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


class TemplateFault(Exception):
    """A template that cannot be rendered; ``line`` counts from 1 within the template."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@lru_cache(maxsize=4096)
def compile_template(source: str) -> Template:
    """Compile once; storms render the same persona templates many thousand times."""
    try:
        code = ENV.compile(source, filename=_TEMPLATE_FILE)
        return ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)
    except TemplateSyntaxError as exc:
        raise TemplateFault(f"template syntax: {exc.message}", exc.lineno or 1) from None


def _template_line(exc: BaseException) -> int:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == _TEMPLATE_FILE and frame.lineno:
            return frame.lineno
    return 1


_SIMPLE = re.compile(
    r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z][A-Za-z0-9_]*)|\[(\d)\])?"
    r"((?:\s*\|\s*(?:lower|upper))*)\s*\}\}"
)
_FILTER = re.compile(r"lower|upper")


@dataclass(frozen=True, slots=True)
class _Part:
    """Literal text, then (unless ``name`` is None) ``{{ name }}``, ``{{ name.field }}`` or
    ``{{ name[i] }}``, through ``lower`` / ``upper`` filters in order."""

    literal: str
    name: str | None = None
    attribute: str | None = None
    index: int | None = None
    filters: tuple[str, ...] = ()


@lru_cache(maxsize=4096)
def _plan(source: str) -> tuple[_Part, ...] | None:
    """The template's parts, when it is only literal text and plain substitutions (with an
    attribute or a one-digit index, and the ``lower`` and ``upper`` filters). Storm posts and
    account names are mostly such templates; substituting them directly is many times faster
    than running Jinja and gives the same text (a test compares every built-in template)."""
    if "{%" in source or "{#" in source:
        return None
    parts: list[_Part] = []
    position = 0
    for match in _SIMPLE.finditer(source):
        index = int(match.group(3)) if match.group(3) is not None else None
        filters = tuple(_FILTER.findall(match.group(4)))
        parts.append(_Part(source[position : match.start()], match.group(1), match.group(2), index, filters))
        position = match.end()
    rest = source[position:]
    if "{{" in rest or any("{{" in part.literal or "}}" in part.literal for part in parts):
        return None
    parts.append(_Part(rest))
    return tuple(parts)


def _fast(plan: tuple[_Part, ...], context: dict[str, Any]) -> str | None:
    out = []
    for part in plan:
        out.append(part.literal)
        if part.name is None:
            continue
        value = context.get(part.name, _MISSING)
        if part.attribute is not None:
            value = value.get(part.attribute, _MISSING) if isinstance(value, dict) else _MISSING
        if value is _MISSING or not isinstance(value, str | int | float):
            return None  # let Jinja raise (or render) exactly as it would
        if part.index is not None:
            if not isinstance(value, str) or len(value) <= part.index:
                return None
            value = value[part.index]
        text = str(value)
        if part.filters and not isinstance(value, str):
            return None  # Jinja's filters on numbers: leave them to Jinja
        for name in part.filters:
            text = text.lower() if name == "lower" else text.upper()
        out.append(text)
    text = "".join(out)
    return text[:-1] if text.endswith("\n") else text  # as Jinja without keep_trailing_newline


_MISSING = object()


def render(source: str, context: dict[str, Any]) -> str:
    """Render ``source``; every failure becomes a :class:`TemplateFault` with its line."""
    plan = _plan(source)
    if plan is not None:
        text = _fast(plan, context)
        if text is not None:
            return text
    template = compile_template(source)
    try:
        return template.render(context)
    except SecurityError as exc:
        raise TemplateFault(f"template reaches outside the sandbox: {exc}", _template_line(exc)) from None
    except TemplateError as exc:
        raise TemplateFault(f"template: {exc.message or exc}", _template_line(exc)) from None
    except Exception as exc:
        raise TemplateFault(f"template: {type(exc).__name__}: {exc}", _template_line(exc)) from None


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text
