"""One vocabulary: journal kinds and statuses are spelled in the records module only.

Everywhere else they are the enums of ``crisissim.journal.records``; a string literal that spells
one (``record.kind == "fired"``, ``status == "met"``) is a second source of truth waiting to drift.
The scenario layer is left out: its condition keywords (``{fired: ID}``, ``{met: EXP}``) are the
format's own words, not the journal's.
"""

from __future__ import annotations

import ast
from pathlib import Path

from crisissim.journal import records as r

PACKAGE = Path(__file__).resolve().parents[2] / "crisissim"
#: Words that only ever mean a journal kind or status (ambiguous ones such as "post", "start",
#: "storm" or "end" also name actions, fields or event kinds, and are left to review).
JOURNAL_WORDS = {
    *(s.value for s in r.EventStatus),
    *(s.value for s in r.ExpectationStatus),
    *(s.value for s in r.ClockStatus),
    *(s.value for s in r.ClockChange),
    *(s.value for s in r.StormChange),
    r.Kind.SEAT_CODE.value,
    r.Kind.REFUSED.value,
    r.Kind.EXPECTATION.value,
    r.Kind.REACTION.value,
} - {"open"}
EXEMPT = {"journal/records.py", "scenario"}


def _words(nodes: list[ast.expr]) -> list[tuple[int, str]]:
    return [(n.lineno, n.value) for n in nodes if isinstance(n, ast.Constant) and n.value in JOURNAL_WORDS]


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                items = side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side]
                found += [
                    (n.lineno, n.value) for n in items if isinstance(n, ast.Constant) and n.value in JOURNAL_WORDS
                ]
        elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) for v in node.values):
            # a lookup table keyed by statuses ({"fired": "ev", ...}); dicts of computed values are records
            found += [
                (k.lineno, k.value) for k in node.keys if isinstance(k, ast.Constant) and k.value in JOURNAL_WORDS
            ]
        elif isinstance(node, ast.keyword) and node.arg == "kinds":
            items = node.value.elts if isinstance(node.value, ast.Tuple | ast.List | ast.Set) else [node.value]
            found += [(n.lineno, n.value) for n in items if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return found


def test_no_journal_kind_or_status_is_spelled_outside_the_records_module():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in EXEMPT or relative.split("/")[0] in EXEMPT:
            continue
        offenders += [f"crisissim/{relative}:{line}: {word!r}" for line, word in _literals(path)]
    assert offenders == [], "use the enums of crisissim.journal.records:\n" + "\n".join(offenders)
