"""Teams: many organisations playing one scenario, each as its own team with its own journal.

A national exercise (ISIDOOR, Cyber Europe) has every organisation play the same scenario as its
own team, watched by one control cell. A team is named on the command line (``--teams a,b,c``) or
in a teams file, which may also give each team the language of its screens and its seed::

    teams: 1
    seed: same            # same (default): every team plays the scenario's seed, so teams that
                          # act alike get the same storm; per-team: the scenario's seed + the
                          # team's place in the list (0, 1, 2 ...)
    list:
      - name: rijnoord
      - name: noordwest
        language: en      # the screens and report of this team (default: the scenario's)
      - {name: zuid, seed: 7}

Names are what a journal location can carry (a PostgreSQL exercise name or a file name): letters,
digits, ``_`` and ``-``, starting with a letter or digit, at most 40. Problems come back as lines
with file, line and field, like a playbook's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crisissim.safetext import shown
from crisissim.scenario.conditions import did_you_mean
from crisissim.scenario.problems import Problem, format_path
from crisissim.scenario.yamlsource import Path as YamlPath
from crisissim.scenario.yamlsource import SourceMap, YamlError, load_yaml

TEAM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
"""A team's name: it becomes part of a journal's location (no ``.``: that separates it from the exercise's name)."""
MAX_TEAMS = 200
"""More teams than any exercise of the field has had (ISIDOOR 2023: about 120 organisations)."""
LANGUAGES = ("en", "nl")
SEED_POLICIES = ("same", "per-team")
"""``same``: every team the scenario's seed (comparable storms); ``per-team``: the seed plus the team's place."""
_TOP = ("teams", "seed", "list")
_TEAM_FIELDS = ("name", "language", "seed")


@dataclass(frozen=True)
class Team:
    """One team: its name, the language of its screens (None: the scenario's), its seed (None: by the policy)."""

    name: str
    language: str | None = None
    seed: int | None = None


@dataclass(frozen=True)
class TeamsPlan:
    """The teams of an exercise, in the order given, and how seeds are chosen for those that name none."""

    teams: tuple[Team, ...]
    seed_policy: str = "same"

    def seed_of(self, team: Team, scenario_seed: int) -> int:
        """The seed ``team`` plays: its own, else the scenario's (``same``) or the scenario's plus its place."""
        if team.seed is not None:
            return team.seed
        if self.seed_policy == "per-team":
            return scenario_seed + self.teams.index(team)
        return scenario_seed

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.teams]


def _name_problem(name: str) -> str | None:
    if not TEAM_NAME.fullmatch(name):
        return (
            f"'{shown(name)}' is not a team name: letters, digits, '_' and '-', starting with a letter or digit, "
            "at most 40 characters"
        )
    return None


def teams_from_list(text: str, where: str = "--teams") -> tuple[TeamsPlan | None, list[str]]:
    """``a,b,c`` (the command line's ``--teams``) as a plan, or the problems with it, one line each."""
    names = [n.strip() for n in text.split(",")]
    problems: list[str] = []
    if not any(names):
        return None, [f"{where}: name at least one team, e.g. --teams rijnoord,noordwest"]
    seen: set[str] = set()
    for name in names:
        if not name:
            problems.append(f"{where}: an empty team name (two commas, or one at the end)")
            continue
        if (bad := _name_problem(name)) is not None:
            problems.append(f"{where}: {bad}")
        elif name in seen:
            problems.append(f"{where}: team '{name}' is named twice")
        seen.add(name)
    if len(names) > MAX_TEAMS:
        problems.append(f"{where}: {len(names)} teams; at most {MAX_TEAMS}")
    if problems:
        return None, problems
    return TeamsPlan(tuple(Team(n) for n in names)), []


def _problem(source: SourceMap, path: YamlPath, what: str, key: bool = False) -> Problem:
    mark = source.key(path) if key else source.value(path)
    return Problem(source.file, mark.line, mark.col, format_path(path), what)


def parse_teams_file(data: bytes, file: str) -> tuple[TeamsPlan | None, list[Problem]]:
    """A teams file (see the module's docstring) as a plan, or every problem in it, located."""
    try:
        raw, source = load_yaml(data, file)
    except YamlError as exc:
        return None, exc.problems
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        return None, [Problem(file, 1, 1, "file", "a teams file is a mapping: 'teams: 1' and 'list: [...]'")]
    for key in raw:
        if key not in _TOP:
            what = f"unknown field '{shown(key)}'{did_you_mean(str(key), _TOP)}"
            problems.append(_problem(source, (key,), what, key=True))
    if raw.get("teams") != 1:
        problems.append(_problem(source, ("teams",) if "teams" in raw else (), "a teams file starts with 'teams: 1'"))
    policy = raw.get("seed", "same")
    if policy not in SEED_POLICIES:
        problems.append(_problem(source, ("seed",), f"'seed' is one of {', '.join(SEED_POLICIES)}"))
    items = raw.get("list")
    if not isinstance(items, list) or not items:
        where = ("list",) if "list" in raw else ()
        problems.append(_problem(source, where, "'list' is a list of teams, each {name: ..., language: en|nl}"))
        return None, problems
    if len(items) > MAX_TEAMS:
        problems.append(_problem(source, ("list",), f"{len(items)} teams; at most {MAX_TEAMS}"))
    teams: list[Team] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        team = _team(item, ("list", i), source, problems)
        if team is None:
            continue
        if team.name in seen:
            problems.append(_problem(source, ("list", i, "name"), f"team '{team.name}' is named twice"))
        seen.add(team.name)
        teams.append(team)
    if problems:
        return None, sorted(problems, key=lambda p: (p.line, p.col))
    return TeamsPlan(tuple(teams), str(policy)), []


def _team(item: Any, p: YamlPath, source: SourceMap, problems: list[Problem]) -> Team | None:
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict):
        problems.append(_problem(source, p, "a team is a mapping such as {name: rijnoord, language: nl}"))
        return None
    before = len(problems)
    for key in item:
        if key not in _TEAM_FIELDS:
            what = f"unknown field '{shown(key)}'{did_you_mean(str(key), _TEAM_FIELDS)}"
            problems.append(_problem(source, (*p, key), what, key=True))
    name = item.get("name")
    if not isinstance(name, str):
        problems.append(_problem(source, (*p, "name") if "name" in item else p, "a team needs a 'name'"))
    elif (bad := _name_problem(name)) is not None:
        problems.append(_problem(source, (*p, "name"), bad))
    language = item.get("language")
    if language is not None and language not in LANGUAGES:
        problems.append(_problem(source, (*p, "language"), f"'language' is one of {', '.join(LANGUAGES)}"))
    seed = item.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63):
        problems.append(_problem(source, (*p, "seed"), "'seed' is a whole number, 0 or more"))
    if len(problems) > before:
        return None
    return Team(str(name), language, seed)
