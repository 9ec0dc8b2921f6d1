"""Teams of one exercise: the command line's list, the teams file, and where each team's journal is."""

from __future__ import annotations

from crisissim.exercise.teams import exercise_name, sibling_locations, team_location, team_meta
from crisissim.scenario.teams import Team, TeamsPlan, parse_teams_file, teams_from_list


def test_a_list_of_names_is_a_plan_in_order() -> None:
    plan, problems = teams_from_list("rijnoord, noordwest,zuid")
    assert problems == []
    assert plan is not None and plan.names == ["rijnoord", "noordwest", "zuid"]


def test_bad_names_are_each_said_once() -> None:
    plan, problems = teams_from_list("a,,a,x.y")
    assert plan is None
    assert problems == [
        "--teams: an empty team name (two commas, or one at the end)",
        "--teams: team 'a' is named twice",
        "--teams: 'x.y' is not a team name: letters, digits, '_' and '-', starting with a letter or digit, "
        "at most 40 characters",
    ]


def test_a_teams_file_gives_languages_and_seeds() -> None:
    text = b"teams: 1\nseed: per-team\nlist:\n  - name: a\n  - {name: b, language: en}\n  - {name: c, seed: 7}\n"
    plan, problems = parse_teams_file(text, "teams.yaml")
    assert problems == [] and plan is not None
    assert plan.teams[1] == Team("b", "en", None)
    assert [plan.seed_of(t, 100) for t in plan.teams] == [100, 101, 7]
    assert TeamsPlan(plan.teams).seed_of(plan.teams[1], 100) == 100


def test_a_bad_teams_file_is_located_line_by_line() -> None:
    text = b"teams: 1\nlist:\n  - {name: a, langauge: en}\n  - {name: a, seed: -1}\n  - 3\n"
    plan, problems = parse_teams_file(text, "teams.yaml")
    assert plan is None
    lines = [str(p) for p in problems]
    assert lines[0].startswith("teams.yaml:3:") and "unknown field 'langauge'" in lines[0] and "language" in lines[0]
    assert any(line.startswith("teams.yaml:4:") and "'seed' is a whole number" in line for line in lines)
    assert any(line.startswith("teams.yaml:5:") and "a team is a mapping" in line for line in lines)


def test_each_team_has_its_own_stream_or_file_and_finds_the_others() -> None:
    pg = "postgresql://u@localhost/db?exercise=isidoor&connect_timeout=3"
    assert team_location(pg, "rijnoord") == "postgresql://u@localhost/db?exercise=isidoor.rijnoord&connect_timeout=3"
    assert team_location("runs/isidoor.sqlite", "a") == "runs/isidoor.a.sqlite"
    assert team_location("sqlite:///srv/x.sqlite", "b") == "sqlite:///srv/x.b.sqlite"
    assert exercise_name(pg) == "isidoor" and exercise_name("runs/isidoor.sqlite") == "isidoor"
    plan, _ = teams_from_list("a,b")
    assert plan is not None
    meta = team_meta(pg, plan, plan.teams[1])
    assert meta == {"exercise": "isidoor", "team": "b", "teams": "a,b"}
    found = sibling_locations(team_location(pg, "b"), meta)
    assert found == {"a": team_location(pg, "a"), "b": team_location(pg, "b")}
    found = sibling_locations("runs/isidoor.b.sqlite", meta)
    assert found == {"a": "runs/isidoor.a.sqlite", "b": "runs/isidoor.b.sqlite"}
