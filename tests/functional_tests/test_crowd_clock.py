"""The crowd keeps to the story's clock: nothing said early in an exercise assumes days have passed,
and no "this morning" is posted in the night.

Plays the default scenario (Dutch; silent and with the example playbook) and the English one
headless and reads every post with the story clock beside it, as a participant would: at T+7h
"Een hele dag verder" or "Dagen later" is false, and so is "vanochtend" at three in the night or
"gisteren" on the exercise's first day (each built-in scenario starts in the morning).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from crisissim.engine.drivers import play
from crisissim.exercise import load_checked, new_run
from crisissim.journal import Journal
from crisissim.journal import records as rec
from crisissim.scenario.library import resolve
from crisissim.scenario.playbook import parse_playbook

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "rijnoord-team.playbook.yaml"

#: Words that say a day or more has passed since it began: false before T+20h.
DAYS_LATER = re.compile(
    r"\b(?:een hele dag|dagen (?:later|verder|nadat|na|eerder)|twee dagen|al dagen|dag (?:twee|drie|vier|zoveel)"
    r"|a (?:whole|full) day|(?<!within )days (?:later|after|on|ago|behind)|(?<!first )two days"
    r"|day (?:two|three|four))\b",
    re.I,
)
#: Words that name the morning just gone by: false in the night (00:00 to 06:00).
MORNING = re.compile(r"\b(?:vanochtend|sinds vanochtend|this morning|all morning|hele ochtend)\b", re.I)
#: Words that name yesterday or a night gone by: false on the exercise's first day (it starts in the
#: morning; "tonight" and "vanavond" are left out, as people say them of the evening to come).
YESTERDAY = re.compile(
    r"\b(?:gisteren|gisteravond|gisterochtend|de hele nacht|twee nachten|yesterday|last night|through the night"
    r"|all night|on day one|op dag één)\b",
    re.I,
)
#: What a post quotes (the team's words, a headline) is theirs, not the poster's clock.
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^']{12,}'")


def _posts(tmp: Path, scenario_id: str, playbook: Path | None) -> tuple[dt.datetime, list[tuple[float, str]]]:
    path = resolve(scenario_id)
    loaded = load_checked(path)
    scenario = loaded.scenario
    assert scenario is not None and scenario.start is not None
    entries, text = [], None
    if playbook is not None:
        book = parse_playbook(playbook.read_bytes(), playbook.name, scenario)
        assert book.problems == []
        entries, text = book.entries, book.text
    journal = tmp / "run.sqlite"
    run = new_run(
        scenario, loaded.text, str(path), seed=scenario.seed, journal_path=journal, mode="simulate", playbook_text=text
    )
    play(run.engine, entries)
    run.journal.close()
    with Journal.open(journal, readonly=True) as j:
        posts = [(r.sim, r.data.text) for r in j.records(kinds=(rec.Kind.POST,)) if isinstance(r.data, rec.Post)]
    return scenario.start, posts


@pytest.mark.parametrize(
    ("scenario_id", "playbook"),
    [("rijnoord-ransomware", None), ("rijnoord-ransomware", EXAMPLE), ("northwind-customer-leak", None)],
    ids=["rijnoord-silent", "rijnoord-playbook", "northwind-silent"],
)
def test_no_post_contradicts_the_story_clock(scenario_id: str, playbook: Path | None, tmp_path: Path) -> None:
    start, posts = _posts(tmp_path, scenario_id, playbook)
    assert len(posts) > 5_000
    early_days, night_mornings, first_day_yesterdays = [], [], []
    first_day = start.date()
    for sim, text in posts:
        own = QUOTED.sub(" ", text)
        clock = start + dt.timedelta(seconds=sim)
        where = f"T+{sim / 3600:.1f}h ({clock:%a %H:%M}): {text}"
        if sim < 20 * 3600 and DAYS_LATER.search(own):
            early_days.append(where)
        if clock.hour < 6 and MORNING.search(own):
            night_mornings.append(where)
        if clock.date() == first_day and YESTERDAY.search(own):
            first_day_yesterdays.append(where)
    assert early_days == [], early_days[:5]
    assert night_mornings == [], night_mornings[:5]
    assert first_day_yesterdays == [], first_day_yesterdays[:5]
