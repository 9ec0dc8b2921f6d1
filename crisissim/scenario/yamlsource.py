"""YAML read safely, with the line and column of every value kept for error messages.

PyYAML's loaders lose positions and silently keep the last of two equal keys. Here the file
is *composed* (parsed into nodes, no objects built), the composed graph is measured before
anything is expanded, so an alias bomb is refused in microseconds, and plain Python values
are then built from the nodes with the safe constructor, recording where each came from.

What the measure bounds is what aliases *add*: every value a ``*name`` would repeat, counted
without repeating it. A file's own values are bounded by its size (:data:`MAX_FILE_BYTES`), so
a national exercise of 30 000 injects written out in full is read, and three lines of aliases
that would expand to 10**10 values are not. Big files are composed by libyaml when PyYAML has
it (ten times faster); a file libyaml refuses is read again by the pure-Python parser, so
that every message about a mistake is the same, word for word and line for line, with or
without libyaml.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from crisissim.safetext import shown
from crisissim.scenario.problems import Problem, format_path

Path = tuple[str | int, ...]

#: More values than aliases add to any real scenario (each ``*name`` counts the values it
#: repeats); an alias bomb adds far more.
MAX_ALIASED_VALUES = 200_000
#: Bytes of a YAML file: more than a scenario of 30 000 injects with long bodies (its own
#: values, aliases aside, are bounded by this).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The composer: libyaml's when PyYAML was built with it; its nodes carry the same marks.
_FAST_LOADER: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
#: Composing (pure Python) or building (always) a file nested deeper than Python recurses.
_TOO_DEEP = "the YAML is nested too deeply to be a scenario"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@dataclass(frozen=True)
class Mark:
    """Where a value starts (line and column from 1) and whether it is a block scalar."""

    line: int
    col: int
    block: bool = False
    flow: bool = False


@dataclass
class SourceMap:
    """Positions of the values (and of the keys) of a loaded file, by path."""

    file: str
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)

    def value(self, path: Path) -> Mark:
        """The mark of ``path``, or of its nearest ancestor that has one."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Mark(1, 1))

    def key(self, path: Path) -> Mark:
        """The mark of the key that names ``path`` (falls back to its value)."""
        return self.keys.get(path) or self.value(path)


class YamlError(Exception):
    """The file could not be read as YAML; carries the problems found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _mark(node: Node) -> Mark:
    return Mark(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        block=getattr(node, "style", None) in ("|", ">"),
        flow=bool(getattr(node, "flow_style", False)),
    )


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def decode(data: bytes, file: str) -> str:
    """UTF-8 text, or one problem naming the line and column of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            [
                Problem(
                    file,
                    line,
                    col,
                    "file",
                    f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


class _Recursive(Exception):
    """An alias inside the value it names (``&a [*a]``): it would expand for ever."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node = node


def _children(node: Node) -> list[Node]:
    if isinstance(node, ScalarNode):
        return []
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value)


def _repeats(root: Node) -> bool:
    """Whether any node is reached twice: the one sign of an alias in a composed document,
    found in one cheap walk, so that a big file without aliases is not measured further."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        key = id(node)
        if key in seen:
            return True
        seen.add(key)
        stack.extend(_children(node))
    return False


def aliased_values(root: Node) -> int:
    """How many values aliases add to the document (its size once expanded, less its own nodes),
    counted without expanding; stops counting once more than :data:`MAX_ALIASED_VALUES`.

    Raises :class:`_Recursive` for an alias inside its own anchor's value.
    """
    if not _repeats(root):
        return 0
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_.discard(key)
            sizes[key] = size = 1 + sum(sizes[id(c)] for c in _children(node))
            # what aliases add below this node alone is at least its size less every node seen so far
            if size - len(sizes) > MAX_ALIASED_VALUES:
                return size - len(sizes)
            continue
        if key in sizes:
            continue
        if key in open_:
            raise _Recursive(node)
        open_.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_:
                raise _Recursive(child)
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)] - len(sizes)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off while a big file's nodes and values are made: they are all
    kept, and a full collection every few thousand of them made loading 30 000 injects several
    times slower. Back as it was in any case, error or not."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of a character offset in ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, ReaderError):  # a character YAML refuses: NUL, another control
        line, col = _position(text, exc.position)
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        what = (
            f"the character {shown(char)} is not allowed in a YAML file"
            + (" (a NUL byte: is this a text file?)" if char == "\x00" else "")
            + "; remove it"
        )
        return Problem(file, line, col, "file", what)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if "'\\t'" in problem or "\t" in problem:
        what = "a tab character is used for indentation; YAML indents with spaces only"
    else:
        context = getattr(exc, "context", None)
        what = f"{context}, {problem}" if context else problem
        what = f"not valid YAML: {what}"
    return Problem(file, line, col, "file", what)


class _Builder:
    """Builds plain values from composed nodes, recording marks and duplicate keys."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap(file)
        self.problems: list[Problem] = []
        self._constructor = SafeConstructor()

    def build(self, node: Node, path: Path) -> Any:
        self.source.values[path] = _mark(node)
        if isinstance(node, ScalarNode):
            try:
                return self._constructor.construct_object(node, deep=True)
            except ConstructorError as exc:
                self.problems.append(
                    Problem(self.file, *_pos(node), "value", f"{exc.problem}; only plain YAML values are allowed")
                )
                return None
            except (ValueError, OverflowError) as exc:  # a date no calendar has, a number of 5 000 digits
                what = (
                    f"'{shown(node.value)}' is not a real date or time ({exc}); "
                    "write it as 2026-03-02 or 2026-03-02T07:40:00+01:00"
                    if node.tag == "tag:yaml.org,2002:timestamp"
                    else f"'{shown(node.value)}' is too long a number to read; no field takes one this large"
                )
                self.problems.append(Problem(self.file, *_pos(node), format_path(path), what))
                return None
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(
                Problem(
                    self.file, *_pos(node), "value", f"the tag {node.tag} is not allowed; only plain YAML values are"
                )
            )
            return None
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)  # composing yields only scalar, sequence and mapping nodes
        return self._build_mapping(node, path)

    def _build_mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(Problem(self.file, *_pos(key_node), "key", "a key must be plain text"))
                continue
            if key_node.tag == "tag:yaml.org,2002:null":
                self.problems.append(
                    Problem(
                        self.file,
                        *_pos(key_node),
                        format_path(path),
                        f"a key is empty ('{shown(key_node.value)}' before the ':' means nothing in YAML); "
                        "write the field's name",
                    )
                )
                continue
            key = key_node.value  # as written: 'on' stays 'on', not YAML 1.1's True
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self.file,
                        *_pos(key_node),
                        format_path((*path, key)),
                        f"duplicate key '{shown(key)}' (first given on line {first_seen[key]}); "
                        "YAML would silently keep only the last: remove one",
                    )
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.source.keys[(*path, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*path, key))
        for source in merged:
            if not isinstance(source, MappingNode):
                self.problems.append(Problem(self.file, *_pos(source), "<<", "a merge key takes a mapping"))
                continue
            for key, value in self._build_mapping(source, path).items():
                out.setdefault(key, value)
        return out


def too_big(file: str, size: int) -> Problem:
    """The one line for a file over :data:`MAX_FILE_BYTES`, whether its size was read or counted."""
    return Problem(
        file,
        1,
        1,
        "file",
        f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} a YAML file of crisissim "
        "may hold; split the exercise or shorten its texts",
    )


def load_yaml(data: bytes, file: str) -> tuple[Any, SourceMap]:
    """Parse ``data`` safely; raise :class:`YamlError` with every problem that stops reading."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlError([too_big(file, len(data))])
    text = decode(data, file)
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise YamlError([Problem(file, 1, 1, "file", "the file is empty; a scenario starts with 'crisissim: 1'")])
    with _collector_paused():
        return _load(text, file)


def _compose(text: str, file: str) -> list[Node]:
    """The file's documents as nodes; a mistake is reported as the pure-Python parser words it."""
    try:
        try:
            return list(yaml.compose_all(text, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            if _FAST_LOADER is yaml.SafeLoader:
                raise
            return list(yaml.compose_all(text, Loader=yaml.SafeLoader))  # raises again, in its words
    except yaml.YAMLError as exc:
        raise YamlError([_yaml_problem(file, exc, text)]) from None
    except RecursionError:
        raise YamlError([Problem(file, 1, 1, "file", _TOO_DEEP)]) from None


def _load(text: str, file: str) -> tuple[Any, SourceMap]:
    nodes = _compose(text, file)
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise YamlError([Problem(file, 1, 1, "file", "the file is empty; a scenario starts with 'crisissim: 1'")])
    if len(nodes) > 1:
        raise YamlError(
            [Problem(file, *_pos(nodes[1]), "file", "more than one YAML document ('---'); keep one per file")]
        )
    root = nodes[0]
    try:
        added = aliased_values(root)
    except _Recursive as exc:
        raise YamlError(
            [
                Problem(
                    file,
                    *_pos(exc.node),
                    "file",
                    "an alias (*name) is used inside the value it names, which would repeat for ever; "
                    "write the value out",
                )
            ]
        ) from None
    if added > MAX_ALIASED_VALUES:
        raise YamlError(
            [
                Problem(
                    file,
                    *_pos(root),
                    "file",
                    f"aliases (*name) would add more than {MAX_ALIASED_VALUES:,} values, which no scenario "
                    "needs (an alias bomb?); write the values out or use fewer aliases",
                )
            ]
        )
    builder = _Builder(file)
    try:
        value = builder.build(root, ())
    except RecursionError:  # libyaml composes any depth; building it is Python's recursion
        raise YamlError([Problem(file, 1, 1, "file", _TOO_DEEP)]) from None
    if builder.problems:
        raise YamlError(builder.problems)
    return value, builder.source
