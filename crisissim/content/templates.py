"""Jinja2 in a sandbox, for every text an author or a persona writes.

Scenario files come from anywhere (a colleague, a download); their templates must not reach
Python's internals, read files, change the exercise, break its determinism or exhaust the
machine. The sandbox:

- refuses unsafe attribute access, and every method that changes a value it was given
  (``{{ org.clear() }}``): the context is read-only;
- lets dates (``now``, ``scenario.start``, a date from ``fake``) do only what does not read the
  computer's clock, and ``fake`` offer only its seeded providers (``crisissim.content.fakers``);
- refuses to show a method or an object instead of a value (``{{ fake.name }}``);
- bounds what one render may cost: each value's size, everything built, loop steps, calls
  and time, with the limits below (docs/security.md lists them); every operation that can
  multiply a size (``*``, padding, ``indent``, ``replace``, ``format``, ``join``...) is
  checked *before* it runs, so a bomb is refused, not computed;
- makes ``StrictUndefined`` turn a misspelt variable into an error instead of empty text.

Every refusal is a :class:`TemplateFault` with the template line it happened on.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import random
import re
import string
import time
import traceback
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.constants import LOREM_IPSUM_WORDS
from jinja2.exceptions import SecurityError, TemplateRuntimeError
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, modifies_known_mutable
from jinja2.utils import Namespace

from crisissim.content.fakers import FakerRefused, SeededFaker, check_provider_call, is_provider_method
from crisissim.scenario.suggest import did_you_mean

#: Characters of a rendered body or summary.
MAX_OUTPUT = 20_000
#: Characters of a rendered one-line text: a title, a sender, a hashtag, a rumour.
MAX_LINE = 2_000
#: Characters (or items) of one value a template builds on the way: a string, a list.
MAX_VALUE = 100_000
#: Characters and items built in one render, every value and all output together.
MAX_BUILT = 1_000_000
#: Items of one ``range()``.
MAX_RANGE = 1_000
#: Loop iterations in one render, all loops together.
MAX_LOOP_STEPS = 10_000
#: Calls in one render: functions, methods, filters and macros together.
MAX_CALLS = 10_000
#: Bits of an integer a template computes (about 1 200 digits).
MAX_INT_BITS = 4_096
#: The largest exponent of ``**``.
MAX_EXPONENT = 64
#: Paragraphs of ``lipsum()``, and words in one of its paragraphs.
MAX_LIPSUM_PARAGRAPHS = 10
MAX_LIPSUM_WORDS = 200
#: The indent of ``tojson``.
MAX_JSON_INDENT = 8
#: Seconds one render may take: a backstop behind the counted limits, which are what a
#: template meets first (they do not depend on the machine's speed).
MAX_RENDER_SECONDS = 2.0

_TEMPLATE_FILE = "<crisissim-template>"


class TemplateFault(Exception):
    """A template that cannot be rendered; ``line`` counts from 1 within the template."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _Refused(TemplateRuntimeError):
    """A bound reached or something a template may not do; its message says which."""


class _Outside(_Refused):
    """Raised when a hook runs outside a render (Jinja folding constants at compile time):
    the expression is then left to run time, inside a budget."""


class _Budget:
    """What one render has used so far."""

    __slots__ = ("built", "calls", "deadline", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.calls = 0
        self.built = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def call(self) -> None:
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise _Refused(f"more than {MAX_CALLS} calls in one render (MAX_CALLS)")
        if time.monotonic() > self.deadline:
            raise _Refused(f"took longer than {MAX_RENDER_SECONDS:g} s to render (MAX_RENDER_SECONDS)")

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise _Refused(f"more than {MAX_LOOP_STEPS} loop steps in one render (MAX_LOOP_STEPS)")
        if not self.steps & 0xFF and time.monotonic() > self.deadline:
            raise _Refused(f"took longer than {MAX_RENDER_SECONDS:g} s to render (MAX_RENDER_SECONDS)")

    def allow(self, size: int, what: str) -> None:
        """Account for a value of ``size`` about to be made; refuse it if it is too large."""
        if size > MAX_VALUE:
            raise _Refused(
                f"{what} would make {size} characters or items; a value may hold at most {MAX_VALUE} (MAX_VALUE)"
            )
        self.built += size
        if self.built > MAX_BUILT:
            raise _Refused(f"builds more than {MAX_BUILT} characters or items in one render (MAX_BUILT)")

    def made(self, value: Any, what: str) -> Any:
        """Account for a value just made (its weight: length, plus the strings it holds)."""
        if isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > MAX_INT_BITS:
                raise _Refused(f"{what} makes a number of more than {MAX_INT_BITS} bits (MAX_INT_BITS)")
        else:
            self.allow(_weight(value), what)
        return value


_BUDGET: ContextVar[_Budget | None] = ContextVar("crisissim_template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:
        raise _Outside("outside a render")
    return budget


def _weight(value: Any) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(len(v) for v in value if isinstance(v, str | list | tuple | dict))
    if isinstance(value, dict):
        return len(value) + sum(len(v) for v in value.values() if isinstance(v, str | list | tuple | dict))
    return 0


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 0


def _number(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Refused(f"{what} must be a number, not {type(value).__name__}")
    return int(value)


# formats --------------------------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")
_STRFTIME = re.compile(r"%[-_0^#]*(\d*)(.)")


def _check_percent(text: str, what: str) -> None:
    """``'%999999999s' % x``: a width or precision over MAX_VALUE, or one taken from an argument."""
    for match in _PERCENT.finditer(text):
        for number in match.groups():
            if number == "*":
                raise _Refused(f"{what}: a width taken from an argument ('%*s') is not available in scenario templates")
            if number and int(number) > MAX_VALUE:
                raise _Refused(f"{what}: width {number} would make a text longer than {MAX_VALUE} (MAX_VALUE)")


def _check_format(text: str, what: str) -> None:
    """``'{:>999999999}'.format(x)``: every number in a format spec bounded, no nested fields."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format itself says what is wrong
    for _literal, _field, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _Refused(
                f"{what}: a format spec taken from an argument ('{{:{{}}}}') is not available in scenario templates"
            )
        if "%" in spec:
            _check_strftime(spec, what)
        for number in _DIGITS.findall(spec):
            if int(number) > MAX_VALUE:
                raise _Refused(f"{what}: width {number} would make a text longer than {MAX_VALUE} (MAX_VALUE)")


def _check_strftime(text: str, what: str) -> None:
    for match in _STRFTIME.finditer(text):
        width, code = match.groups()
        if width and int(width) > MAX_VALUE:
            raise _Refused(f"{what}: width {width} would make a text longer than {MAX_VALUE} (MAX_VALUE)")
        if code == "s":
            raise _Refused(
                f"{what}: '%s' counts seconds in the computer's time zone, so runs on two machines differ; "
                "write the time with %H:%M"
            )


# what templates may ask of values -------------------------------------------------------------

_STR_METHODS = frozenset(
    [
        "capitalize",
        "casefold",
        "center",
        "count",
        "endswith",
        "expandtabs",
        "find",
        "format",
        "format_map",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "isidentifier",
        "islower",
        "isnumeric",
        "isprintable",
        "isspace",
        "istitle",
        "isupper",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rindex",
        "rjust",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
        "zfill",
    ]
)
_NUMBER_ATTRIBUTES = frozenset(
    [
        "as_integer_ratio",
        "bit_count",
        "bit_length",
        "conjugate",
        "denominator",
        "imag",
        "is_integer",
        "numerator",
        "real",
    ]
)
_DATE_ATTRIBUTES = frozenset(
    [
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "second",
        "microsecond",
        "tzinfo",
        "fold",
        "weekday",
        "isoweekday",
        "isocalendar",
        "isoformat",
        "strftime",
        "date",
        "time",
        "timetz",
        "replace",
        "utcoffset",
        "tzname",
        "dst",
        "ctime",
        "toordinal",
        "timetuple",
        "days",
        "seconds",
        "microseconds",
        "total_seconds",
    ]
)
_CLOCK_ATTRIBUTES = frozenset(
    ["now", "today", "utcnow", "fromtimestamp", "utcfromtimestamp", "astimezone", "timestamp"]
)


def _date_refusal(obj: Any, attribute: str) -> str:
    kind = type(obj).__name__
    if attribute in _CLOCK_ATTRIBUTES:
        return (
            f"{attribute}() of a {kind} reads the computer's clock or time zone, not the exercise's: "
            "now is already the simulated time (write {{ now.strftime('%H:%M') }}, {{ now.day }}...)"
        )
    return f"'{attribute}' of a {kind} is not available in scenario templates"


class _Generator(CodeGenerator):
    """Jinja's code generator with the budget's hooks where the sandbox has none: every piece
    of output is counted as written (in loops, macros and ``{% set %}`` blocks too), ``~``
    concatenation is sized before it joins, and every ``for`` loop's steps are counted."""

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.crisissim_written({super()._output_const_repr(group)})"

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.crisissim_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not getattr(node, "crisissim_counted", False):
            counted = nodes.Call(
                nodes.EnvironmentAttribute("crisissim_loop"), [node.iter], [], None, None, lineno=node.lineno
            )
            node.iter = counted.set_environment(self.environment)
            node.crisissim_counted = True  # type: ignore[attr-defined]
        super().visit_For(node, frame)


def _shown(value: Any) -> Any:
    """Every ``{{ ... }}`` on its way out: a value, not a method or ``fake`` itself."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, Undefined):
        text = str(value)  # StrictUndefined raises with the variable's name
    elif isinstance(value, SeededFaker):
        raise _Refused("{{ fake }} shows the generator itself, not a made-up value: call a provider, as in fake.name()")
    elif callable(value) and not isinstance(value, Namespace):
        raise _Refused(_uncalled(value))
    else:
        text = str(value)
    budget = _BUDGET.get()
    if budget is not None:
        budget.allow(len(text), "the output")
    return text


def _uncalled(value: Any) -> str:
    name = getattr(value, "__name__", None) or type(value).__name__
    if is_provider_method(value):
        return (
            f"fake.{name} without parentheses shows the method itself ('<bound method ...>'), "
            f"not a made-up value{did_you_mean(f'fake.{name}', [f'fake.{name}()'])}"
        )
    return f"'{name}' without parentheses shows the function itself, not its result{did_you_mean(name, [f'{name}()'])}"


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _Generator

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_shown, **options)
        self.globals["range"] = _range
        self.globals["lipsum"] = _lipsum
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    # hooks the generated code calls ----------------------------------------------------------

    def crisissim_written(self, text: str) -> str:
        budget = _BUDGET.get()
        if budget is not None:
            budget.allow(len(text), "the output")
        return text

    def crisissim_concat(self, parts: tuple[Any, ...]) -> str:
        texts = [str(p) for p in parts]
        _budget().allow(sum(map(len, texts)), "'~'")
        return "".join(texts)

    def crisissim_loop(self, iterable: Any) -> Iterator[Any]:
        budget = _budget()
        for item in iterable:
            budget.step()
            yield item

    # the sandbox's own hooks -------------------------------------------------------------------

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise _Refused(f"exponent {right} is over {MAX_EXPONENT} (MAX_EXPONENT)")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * max(right, 0) > MAX_INT_BITS:
                raise _Refused(f"'**' makes a number of more than {MAX_INT_BITS} bits (MAX_INT_BITS)")
        elif operator == "*":
            for side, other in ((left, right), (right, left)):
                if isinstance(side, str | list | tuple) and isinstance(other, int):
                    budget.allow(_weight(side) * other, "'*' (repetition)")
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > MAX_INT_BITS
            ):
                raise _Refused(f"'*' makes a number of more than {MAX_INT_BITS} bits (MAX_INT_BITS)")
        elif operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                budget.allow(_weight(left) + _weight(right), "'+'")
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, "'%' formatting")
        result = self.binop_table[operator](left, right)
        if operator == "%" and isinstance(left, str):
            budget.made(result, "'%' formatting")
        return result

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.call()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            args = _check_str_call(budget, owner, name, args, kwargs)
        elif isinstance(owner, dt.date | dt.time) and name == "strftime" and args and isinstance(args[0], str):
            _check_strftime(args[0], "strftime")
        elif is_provider_method(__obj):
            try:
                check_provider_call(__obj, args, kwargs)
            except FakerRefused as refused:
                raise _Refused(str(refused)) from None
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        return budget.made(__context.call(__obj, *args, **kwargs), f"{name or 'a call'}()")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, SeededFaker):  # reached by the attr filter, which bypasses getattr
            return obj.refusal(attr) is None
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, int | float):
            return attr in _NUMBER_ATTRIBUTES
        if isinstance(obj, dt.date | dt.time | dt.timedelta | dt.tzinfo):
            return attr in _DATE_ATTRIBUTES
        return True

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        if isinstance(obj, SeededFaker):
            hint = obj.refusal(attribute) or f"fake.{attribute} is not available in scenario templates"
        elif modifies_known_mutable(obj, attribute):
            hint = f"{attribute}() would change a value templates may only read (org, scenario, event are read-only)"
        elif isinstance(obj, dt.date | dt.time | dt.timedelta | dt.tzinfo):
            hint = _date_refusal(obj, attribute)
        elif isinstance(obj, str | int | float) and not attribute.startswith("_"):
            hint = f"'{attribute}' of a {type(obj).__name__} is not available in scenario templates"
        else:
            return super().unsafe_undefined(obj, attribute)
        return self.undefined(hint, name=attribute, obj=obj, exc=_Refused)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, SeededFaker):
            return self._provider(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, SeededFaker) and isinstance(argument, str):
            return self._provider(obj, argument)
        return super().getitem(obj, argument)

    def _provider(self, fake: SeededFaker, name: str) -> Any:
        try:
            return fake.template_attribute(name)
        except FakerRefused as refused:
            return self.undefined(str(refused), name=name, obj=fake, exc=_Refused)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        text: str = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            budget = _budget()
            _check_format(text, f"'{value.__name__}'")
            return budget.made(wrapper(*args, **kwargs), f"{value.__name__}()")  # type: ignore[no-any-return]

        return functools.update_wrapper(checked, value)


def _check_str_call(
    budget: _Budget, text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Size a string method's result before it runs; ``join`` gets its items as a list."""
    what = f"'{name}'"
    if name in ("format", "format_map"):  # the sandbox wraps these at access; checked again here
        _check_format(text, what)
    elif name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        budget.allow(_number(width, what), what)
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        budget.allow(len(text) + text.count("\t") * _number(size, what), what)
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = text.count(args[0])
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        budget.allow(len(text) + count * max(0, len(args[1]) - len(args[0])), what)
    elif name == "join" and args:
        items = list(args[0])
        budget.allow(len(text) * len(items) + sum(_length(i) for i in items), what)
        return (items, *args[1:])
    return args


# filters, range, lipsum -----------------------------------------------------------------------


def _predict_filter(budget: _Budget, name: str, a: Mapping[str, Any]) -> None:
    what = f"the '{name}' filter"
    if name == "random":
        raise _Refused("the 'random' filter is not seeded, so two runs would differ: use fake.random_element([...])")
    if name == "center":
        budget.allow(_number(a.get("width", 80), what), what)
    elif name == "indent":
        text = str(a.get("s", ""))
        width = a.get("width", 4)
        pad = len(width) if isinstance(width, str) else _number(width, what)
        budget.allow(len(text) + pad * (text.count("\n") + 1), what)
    elif name == "wordwrap":
        text = str(a.get("s", ""))
        width = max(_number(a.get("width", 79), what), 1)
        wrap = a.get("wrapstring") or "\n"
        budget.allow(len(text) + len(str(wrap)) * (len(text) // width + text.count("\n") + 1), what)
    elif name == "format":
        _check_percent(str(a.get("value", "")), what)
    elif name == "replace":
        text, old, new = str(a.get("s", "")), str(a.get("old", "")), str(a.get("new", ""))
        count = a.get("count")
        found = text.count(old) if count is None else min(text.count(old), max(_number(count, what), 0))
        budget.allow(len(text) + found * max(0, len(new) - len(old)), what)
    elif name == "batch" and a.get("fill_with") is not None:
        budget.allow(_number(a.get("linecount", 0), what), what)
    elif name == "slice":
        budget.allow(_number(a.get("slices", 0), what), what)
    elif name == "tojson" and a.get("indent") is not None and _number(a["indent"], what) > MAX_JSON_INDENT:
        raise _Refused(f"{what}: indent {a['indent']} is over {MAX_JSON_INDENT} (MAX_JSON_INDENT)")


def _materialise(name: str, a: dict[str, Any]) -> None:
    """``join`` and ``sum`` of an iterable: take the items once, to size the result before it is made."""
    if name in ("join", "sum") and "value" in a and not isinstance(a["value"], str | list | tuple | dict):
        a["value"] = list(a["value"])


def _size_reduction(budget: _Budget, name: str, a: Mapping[str, Any]) -> None:
    what = f"the '{name}' filter"
    if name == "join" and isinstance(a.get("value"), list | tuple):
        items = a["value"]
        budget.allow(len(str(a.get("d", ""))) * len(items) + sum(_length(i) for i in items), what)
    elif name == "sum" and isinstance(a.get("start"), str | list | tuple) and isinstance(a.get("value"), list | tuple):
        budget.allow(_weight(a["start"]) + sum(_weight(i) for i in a["value"]), what)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that counts as a call, is sized before it runs and accounts for what it made."""
    try:
        signature: inspect.Signature | None = inspect.signature(function)
    except (TypeError, ValueError):
        signature = None

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.call()
        for value in args:
            if isinstance(value, types.MethodType | types.BuiltinMethodType) or (
                isinstance(value, SeededFaker) and name != "attr"
            ):
                _shown(value)  # refuses, saying what to write
        if signature is not None:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                return function(*args, **kwargs)  # the filter itself says what is wrong
            _materialise(name, bound.arguments)
            _predict_filter(budget, name, bound.arguments)
            _size_reduction(budget, name, bound.arguments)
            args, kwargs = bound.args, bound.kwargs
        return budget.made(function(*args, **kwargs), f"the '{name}' filter")

    return bounded


def _range(*args: int) -> range:
    """``range()`` of at most MAX_RANGE items (the loops over it count as loop steps)."""
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise _Refused(f"range() of {len(items)} items; at most {MAX_RANGE} (MAX_RANGE)")
    return items


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum()``, bounded and seeded by its arguments: Jinja's own draws from the
    process's random source and would differ between runs."""
    if _number(n, "lipsum(n=...)") > MAX_LIPSUM_PARAGRAPHS:
        raise _Refused(f"lipsum(n={n}): at most {MAX_LIPSUM_PARAGRAPHS} paragraphs (MAX_LIPSUM_PARAGRAPHS)")
    if _number(max, "lipsum(max=...)") > MAX_LIPSUM_WORDS or _number(min, "lipsum(min=...)") > max:
        raise _Refused(f"lipsum(min={min}, max={max}): at most {MAX_LIPSUM_WORDS} words a paragraph (MAX_LIPSUM_WORDS)")
    rng = random.Random(f"lipsum:{n}:{min}:{max}")
    words = LOREM_IPSUM_WORDS.split()
    paragraphs = []
    for _ in range(n):
        chosen = [rng.choice(words) for _ in range(rng.randrange(min, max) if max > min else min)]
        sentences, sentence = [], []
        for word in chosen:
            sentence.append(word)
            if len(sentence) >= rng.randrange(8, 16):
                sentences.append(" ".join(sentence).capitalize() + ".")
                sentence = []
        if sentence:
            sentences.append(" ".join(sentence).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    if html:
        return "\n\n".join(f"<p>{p}</p>" for p in paragraphs)
    return "\n\n".join(paragraphs)


class _BudgetedTemplate(Template):
    """A template whose every render runs in a fresh budget (a render inside a render, such as
    a macro's, shares its caller's)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        if _BUDGET.get() is not None:
            return super().render(*args, **kwargs)
        token = _BUDGET.set(_Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


ENV = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
ENV.template_class = _BudgetedTemplate


@lru_cache(maxsize=4096)
def compile_template(source: str) -> Template:
    """Compile once; storms render the same persona templates many thousand times."""
    try:
        code = ENV.compile(source, filename=_TEMPLATE_FILE)
        return ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)
    except TemplateSyntaxError as exc:
        raise TemplateFault(f"template syntax: {exc.message}", exc.lineno or 1) from None


@lru_cache(maxsize=4096)
def uses(source: str, name: str) -> bool:
    """Whether the template reads the variable ``name`` (``now``, ``fake``): validate renders
    those at every moment, or with every stream, they can be rendered with."""
    if name not in source:
        return False
    try:
        return name in meta.find_undeclared_variables(ENV.parse(source))
    except TemplateSyntaxError:
        return False


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
#: What Python shows for an object that is not a value: a method, a function, a generator.
_OBJECT = re.compile(r"<[^<>\n]{0,200} at 0x[0-9a-f]+>", re.IGNORECASE)


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


def render(source: str, context: dict[str, Any], limit: int = MAX_OUTPUT) -> str:
    """Render ``source`` into at most ``limit`` characters (:data:`MAX_OUTPUT` for a body,
    :data:`MAX_LINE` for a one-line text); every failure and every bound reached becomes a
    :class:`TemplateFault` with its line."""
    plan = _plan(source)
    text: str | None = None
    if plan is not None:
        text = _fast(plan, context)
    if text is None:
        text = _render(source, context)
    if len(text) > limit:
        what = "a body" if limit == MAX_OUTPUT else "a one-line text" if limit == MAX_LINE else "this text"
        name = "MAX_OUTPUT" if limit == MAX_OUTPUT else "MAX_LINE" if limit == MAX_LINE else "its limit"
        raise TemplateFault(f"template: renders {len(text)} characters; {what} may have at most {limit} ({name})")
    shown = _OBJECT.search(text)
    if shown is not None:
        raise TemplateFault(
            f"template: shows a Python object instead of a value ({shown.group(0)[:60]}): "
            "a method or function written without calling it, as in fake.name for fake.name()"
        )
    return text


def _render(source: str, context: dict[str, Any]) -> str:
    template = compile_template(source)
    token = _BUDGET.set(_Budget())
    try:
        return str(template.render(context))
    except _Refused as exc:
        raise TemplateFault(f"template: {exc}", _template_line(exc)) from None
    except SecurityError as exc:
        raise TemplateFault(f"template reaches outside the sandbox: {exc}", _template_line(exc)) from None
    except TemplateError as exc:
        raise TemplateFault(f"template: {exc.message or exc}", _template_line(exc)) from None
    except RecursionError as exc:
        raise TemplateFault(
            "template: calls itself too deeply (a macro that never stops)", _template_line(exc)
        ) from None
    except MemoryError:
        raise TemplateFault("template: ran out of memory") from None
    except Exception as exc:
        raise TemplateFault(f"template: {type(exc).__name__}: {exc}", _template_line(exc)) from None
    finally:
        _BUDGET.reset(token)


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text
