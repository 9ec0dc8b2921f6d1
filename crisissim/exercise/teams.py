"""Where each team of an exercise keeps its journal, and how a team's journal says whose it is.

One exercise of many teams is one journal location given as usual (``--journal``), from which each
team's own journal stream is derived, so that a team's journal is an ordinary journal: ``report``,
``verify``, ``resume`` and the seats take it as they take any other.

* PostgreSQL: ``postgresql://host/db?exercise=isidoor`` gives team ``rijnoord`` the stream
  ``exercise=isidoor.rijnoord`` in the same database;
* SQLite: ``runs/isidoor.sqlite`` gives ``runs/isidoor.rijnoord.sqlite`` beside it (a ``sqlite:``
  URL likewise).

Each team's journal carries, in its meta, the exercise's name (``exercise``), its own (``team``),
all the exercise's teams in order (``teams``, comma-separated) and the language of its screens
(``language``, when the team names one), so that any one team's journal leads to the others.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crisissim.exercise.errors import BadInput
from crisissim.journal.backends import is_postgres
from crisissim.journal.streams import SEPARATOR, with_exercise
from crisissim.scenario.problems import Problem
from crisissim.scenario.teams import Team, TeamsPlan, parse_teams_file, teams_from_list

META_EXERCISE = "exercise"
META_TEAM = "team"
META_TEAMS = "teams"
META_LANGUAGE = "language"
_SQLITE_URL = re.compile(r"(?i)sqlite:")


def team_location(base: str | os.PathLike[str], team: str) -> str:
    """The journal location of ``team`` in the exercise whose location is ``base`` (see the module's docstring)."""
    text = os.fspath(base)
    if is_postgres(text):
        return with_exercise(text, exercise_name(text) + SEPARATOR + team)
    folder, name, suffix = _file_parts(text)
    return f"{folder}{name}{SEPARATOR}{team}{suffix or '.sqlite'}"


def _file_parts(text: str) -> tuple[str, str, str]:
    """A file location (a path or a ``sqlite:`` URL) as what comes before its file's name, the
    name's stem and its suffix; taken apart as text, so that a URL's ``///`` stays as it was."""
    cut = max(text.rfind("/"), text.rfind(os.sep), len("sqlite:") - 1 if _SQLITE_URL.match(text) else -1)
    folder, name = text[: cut + 1], text[cut + 1 :]
    suffix = Path(name).suffix
    return folder, name[: -len(suffix)] if suffix else name, suffix


def exercise_name(base: str | os.PathLike[str]) -> str:
    """The exercise's own name as people see it: the PostgreSQL exercise, or the file's stem."""
    text = os.fspath(base)
    if is_postgres(text):
        for item in urlsplit(text).query.split("&"):
            key, _, value = item.partition("=")
            if unquote(key) == "exercise":
                return unquote(value)
        return ""
    return _file_parts(text)[1]


def team_meta(base: str | os.PathLike[str], plan: TeamsPlan, team: Team) -> dict[str, str]:
    """What a team's journal holds beside a run's own meta, so that it leads to the exercise and its other teams."""
    meta = {META_EXERCISE: exercise_name(base), META_TEAM: team.name, META_TEAMS: ",".join(plan.names)}
    if team.language is not None:
        meta[META_LANGUAGE] = team.language
    return meta


def team_of(meta: Mapping[str, str]) -> str | None:
    """The team a journal belongs to, from its meta (None: a journal of one team, played alone)."""
    return meta.get(META_TEAM) or None


def teams_of(meta: Mapping[str, str]) -> list[str]:
    """All the teams of the exercise a team's journal belongs to, in order ([] for a journal played alone)."""
    return [t for t in meta.get(META_TEAMS, "").split(",") if t]


def sibling_locations(location: str | os.PathLike[str], meta: Mapping[str, str]) -> dict[str, str]:
    """Every team's journal location, found from one team's journal (its location and meta)."""
    team = team_of(meta)
    if team is None:
        return {}
    text = os.fspath(location)
    own = SEPARATOR + team
    name = exercise_name(text)
    name = name[: -len(own)] if name.endswith(own) else name
    if is_postgres(text):
        base = with_exercise(text, name)
    else:
        folder, _stem, suffix = _file_parts(text)
        base = folder + name + suffix
    return {name: team_location(base, name) for name in teams_of(meta)}


def read_teams(teams: str | None, teams_file: str | None, command: str) -> TeamsPlan:
    """The teams of ``--teams a,b,c`` or ``--teams-file FILE``, as ``command`` (simulate, serve) was
    given them; BadInput with one line per problem."""
    where = f"crisissim: error: {command}"
    if (teams is None) == (teams_file is None):
        raise BadInput(f"{where}: give the teams once: --teams a,b,c or --teams-file FILE")
    if teams is not None:
        plan, lines = teams_from_list(teams)
        if plan is None:
            raise BadInput(*(f"{where}: {line}" for line in lines))
        return plan
    assert teams_file is not None
    try:
        data = Path(teams_file).read_bytes()
    except OSError as exc:
        raise BadInput(str(Problem(teams_file, 1, 1, "file", f"cannot be read: {exc.strerror or exc}"))) from None
    parsed, problems = parse_teams_file(data, teams_file)
    if parsed is None:
        raise BadInput(*(str(p) for p in problems))
    return parsed
