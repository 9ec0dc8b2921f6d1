"""Load and check: from a SCENARIO reference (a file or a built-in id) to a scenario fit to play.

Every command that plays, lists or prints a scenario runs the same checks as ``validate``, the
structural ones of the format and the content ones (templates, personas), so that nothing is
started that ``validate`` would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crisissim.content.check import check_content
from crisissim.content.personas import builtin_personas
from crisissim.exercise.errors import BadInput
from crisissim.scenario import Scenario, load, parse
from crisissim.scenario.library import UnknownScenario, builtin_scenarios, resolve
from crisissim.scenario.loader import Loaded


@dataclass(frozen=True)
class Checked:
    """A scenario that passed every check, with the file and text it came from (a journal keeps both)."""

    scenario: Scenario
    text: str
    file: str
    loaded: Loaded


def load_checked(path: Path) -> Loaded:
    """A scenario with the structural and the content checks: what ``validate`` runs.

    Its ``scenario`` is None when any error was found; ``problems`` holds every error and
    warning in file order."""
    loaded = load(path)
    if loaded.scenario is not None:
        problems = check_content(loaded, builtin_personas())
        loaded.problems = sorted(loaded.problems + problems, key=lambda p: (p.line, p.col))
        if loaded.errors:
            loaded.scenario = None
    return loaded


def check_text(text: str, file: str) -> Loaded:
    """The checks of :func:`load_checked` on a scenario not yet written (an imported MSEL): what
    ``validate`` would say of it, before anything is written under ``file``."""
    loaded = parse(text.encode("utf-8"), file)
    if loaded.scenario is not None:
        problems = check_content(loaded, builtin_personas())
        loaded.problems = sorted(loaded.problems + problems, key=lambda p: (p.line, p.col))
        if loaded.errors:
            loaded.scenario = None
    return loaded


def checked_scenario(reference: str | None) -> Checked:
    """Resolve a SCENARIO reference (None: the default) and check it; BadInput with its errors."""
    try:
        path = resolve(reference)
    except UnknownScenario:
        known = ", ".join(builtin_scenarios())
        raise BadInput(
            f"{reference}: error: scenario: no such file, and no built-in scenario has this id (built-in: {known})"
        ) from None
    loaded = load_checked(path)
    if loaded.scenario is None:
        raise BadInput(*(str(p) for p in loaded.errors))
    return Checked(loaded.scenario, loaded.text, str(loaded.file), loaded)


def validation_targets(references: Sequence[str]) -> list[Path]:
    """The files ``validate`` checks: the built-in library if none are named, a folder's YAML files.

    A reference that is neither a file nor a built-in id stays a path, so that it is reported as a
    file that cannot be read, in the same form as every other problem."""
    if not references:
        return list(builtin_scenarios().values())
    targets: list[Path] = []
    for reference in references:
        path = Path(reference)
        if path.is_dir():
            targets += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            continue
        try:
            targets.append(resolve(reference))
        except UnknownScenario:
            targets.append(path)
    return targets


def builtin_library() -> dict[str, Scenario | None]:
    """The built-in scenarios by id, in library order; None for one that does not load.

    Only the format is checked here (not the content), so that listing stays quick; ``validate``
    says what is wrong with one that does not load."""
    return {scenario_id: load(path).scenario for scenario_id, path in builtin_scenarios().items()}
