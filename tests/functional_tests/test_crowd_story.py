"""The crowd and the press know the story: what they say follows what happened and what was said.

Plays the default scenario headless (72 hours, Dutch) with scripted teams and reads the journal
as a trainer would read the feed: posts that never repeat, that only speak of what exists, that
quote the team, that follow the news; a mood that answers what a statement says; a press that
calls about the rumour and the viral post, and comes back when an answer dodges.
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from crisissim.content.grammar import Composer, Grammar, sentences, without_hashtags
from crisissim.debrief.summary import summarise
from crisissim.engine.drivers import play
from crisissim.exercise import load_checked, new_run
from crisissim.journal import Journal
from crisissim.journal import records as rec
from crisissim.scenario.library import resolve
from crisissim.scenario.playbook import parse_playbook

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "rijnoord-team.playbook.yaml"

HONEST = (
    "Het spijt ons zeer. Bij de cyberaanval op Ziekenhuis Rijnoord zijn gegevens van ongeveer 40.000 patiënten "
    "buitgemaakt: namen, adressen, geboortedata en afspraken. Wees alert op phishing en geef nooit uw DigiD-code "
    "af. Met vragen kunt u bellen met ons gratis informatienummer 0800 123 4567. Vanavond om 20:00 uur geven wij "
    "een nieuwe update."
)
DEFENSIVE = (
    "Ziekenhuis Rijnoord neemt de privacy van patiënten zeer serieus. Er zijn geen aanwijzingen dat gegevens "
    "zijn misbruikt. Een beperkt aantal patiënten is mogelijk getroffen. Het incident is veroorzaakt door een "
    "leverancier."
)
STATEMENT_AT = "7h"


@dataclass
class Played:
    journal: Path
    records: list[tuple[int, float, str, str | None, rec.AnyRecord]]
    moments: list[tuple[float, frozenset[str], tuple[str, ...], Grammar]]

    def of(self, kind: type) -> list[tuple[int, float, str | None, rec.AnyRecord]]:
        return [(seq, sim, role, data) for seq, sim, _, role, data in self.records if isinstance(data, kind)]

    @property
    def posts(self) -> list[tuple[int, float, rec.Post]]:
        return [(seq, sim, data) for seq, sim, _, data in self.of(rec.Post)]  # type: ignore[misc]


def _play(tmp: Path, extra: str = "", *, playbook: bool = True, capture: bool = False) -> Played:
    path = resolve("rijnoord-ransomware")
    loaded = load_checked(path)
    scenario = loaded.scenario
    assert scenario is not None
    entries = []
    text = None
    if playbook or extra:
        body = EXAMPLE.read_text(encoding="utf-8") if playbook else "playbook: 1\nactions:\n"
        book = parse_playbook((body + extra).encode(), "playbook.yaml", scenario)
        assert book.problems == [], [str(p) for p in book.problems]
        entries, text = book.entries, book.text
    journal = tmp / "run.sqlite"
    run = new_run(
        scenario, loaded.text, str(path), seed=scenario.seed, journal_path=journal, mode="simulate", playbook_text=text
    )
    moments: list[tuple[float, frozenset[str], tuple[str, ...], Grammar]] = []
    real = Composer.compose
    if capture:  # every post's story and fragments, as the storms compose them

        def spy(self: Composer, rng, moment, sentiment, at=None):  # type: ignore[no-untyped-def]
            text, fragments = real(self, rng, moment, sentiment, at)
            moments.append((run.engine.now, moment.topics, fragments, self.grammar))
            return text, fragments

        Composer.compose = spy  # type: ignore[method-assign]
    try:
        report = play(run.engine, entries)
    finally:
        Composer.compose = real  # type: ignore[method-assign]
    assert report.refused == []
    run.journal.close()
    with Journal.open(journal, readonly=True) as j:
        records = [(r.seq, r.sim, r.kind, r.role, r.data) for r in j.records()]
    return Played(journal, records, moments)


def _statement(text: str) -> str:
    """A playbook line: the communications role publishes ``text`` at T+7h, in the first storm."""
    return f"  - {{at: {STATEMENT_AT}, role: comms, action: statement, text: {text!r}}}\n"


@pytest.fixture(scope="module")
def silent(tmp_path_factory: pytest.TempPathFactory) -> Played:
    return _play(tmp_path_factory.mktemp("silent"), playbook=False)


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Played:
    return _play(tmp_path_factory.mktemp("scripted"), _statement(HONEST), capture=True)


# -- text that does not repeat -----------------------------------------------------------------------


def _repeats(texts: list[str], window: int = 500) -> float:
    recent: collections.deque[str] = collections.deque(maxlen=window)
    counts: collections.Counter[str] = collections.Counter()
    repeated = 0
    for text in texts:
        if counts[text]:
            repeated += 1
        if len(recent) == window:
            counts[recent[0]] -= 1
        recent.append(text)
        counts[text] += 1
    return repeated / max(1, len(texts))


@pytest.mark.parametrize("scenario_id", ["rijnoord-ransomware", "northwind-customer-leak"])
def test_a_72_hour_storm_reads_as_thousands_of_different_people(scenario_id: str, tmp_path: Path) -> None:
    path = tmp_path / "run.sqlite"
    loaded = load_checked(resolve(scenario_id))
    assert loaded.scenario is not None
    run = new_run(
        loaded.scenario, loaded.text, scenario_id, seed=loaded.scenario.seed, journal_path=path, mode="simulate"
    )
    play(run.engine)
    run.journal.close()
    with Journal.open(path, readonly=True) as j:
        posts = [r.data for r in j.records(kinds=(rec.Kind.POST,))]
    texts = [without_hashtags(p.text).strip().lower() for p in posts if isinstance(p, rec.Post)]
    assert len(texts) > 20_000
    assert len(set(texts)) / len(texts) >= 0.90
    assert _repeats(texts) <= 0.01
    names: dict[str, set[str]] = collections.defaultdict(set)
    for p in posts:
        assert isinstance(p, rec.Post)
        names[p.handle].add(p.name)
    assert all(len(n) == 1 for n in names.values()), [h for h, n in names.items() if len(n) > 1][:5]


def test_no_post_says_one_of_its_sentences_twice(silent: Played) -> None:
    # "Dit is buitengewoon ernstig. [...] Dit is buitengewoon ernstig." reads as a copy-paste slip
    for _, sim, post in silent.posts:
        said = sentences(without_hashtags(post.text))
        assert len(said) == len(set(said)), (sim, post.text)


def test_an_article_wave_is_not_the_same_few_comments(silent: Played) -> None:
    """A trainer reads the national article's wave post after post: under the shared headline, the
    comments must differ (before, one in five said "En van Rijnoord zelf hoor ik niks")."""
    national = next(
        (sim, fired.title)
        for _, sim, _, fired in silent.of(rec.Fired)
        if fired.kind == "article" and not fired.trigger and sim >= 24 * 3600
    )
    start, headline = national
    wave = [p for _, s, p in silent.posts if start <= s < start + 3 * 3600]
    # the headlines quoted (this one and any other article's) are shared by design, not comments
    quoted = {s for _, _, _, f in silent.of(rec.Fired) if f.kind in ("article", "tv") for s in sentences(f.title)}
    assert len(wave) >= 200
    about = sum(1 for p in wave if headline in p.text)
    assert about >= 50  # the wave is about the article
    for i in range(0, len(wave) - 50, 10):
        comments = collections.Counter(
            s
            for p in wave[i : i + 50]
            for s in set(sentences(without_hashtags(p.text)))
            if len(s.split()) >= 2 and not any(q in s for q in quoted)
        )
        (text, times), *_ = comments.most_common(1)
        assert times <= 5, (text, times)


# -- a story the crowd knows ------------------------------------------------------------------------


def test_no_post_speaks_of_what_does_not_exist_yet(scripted: Played) -> None:
    first = {
        "letter": min(s for _, s, _, d in scripted.of(rec.Action) if d.action == "notify_subjects"),
        "statement": min(s for _, s, _, d in scripted.of(rec.Action) if d.action == "statement"),
        "team-post": min(s for _, s, _, d in scripted.of(rec.Action) if d.action == "post"),
        "article": min(s for _, s, _, d in scripted.of(rec.Fired) if d.kind == "article"),
    }
    assert scripted.moments
    for sim, topics, fragments, grammar in scripted.moments:
        for topic, since in first.items():
            if topic in topics:
                assert sim >= since, f"a post at {sim} knew of {topic}, which exists from {since}"
        assert "paid" not in topics  # this team refused to pay
        for fragment_id in fragments:
            slot, _, number = fragment_id.partition("#")
            needs = grammar.fragments(slot)[int(number) - 1].topics
            assert needs <= topics | {"breach"}, f"{fragment_id} needs {needs}, the story had {topics}"


def test_the_team_is_quoted_within_the_hour(scripted: Played) -> None:
    statements = [(seq, sim, d) for seq, sim, _, d in scripted.of(rec.Action) if d.action == "statement"]
    seq, sim, statement = next(s for s in statements if s[2].fields["text"] == HONEST)
    words = re.findall(r"\w+", statement.fields["text"].lower())
    runs = {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}
    quoting = [p for _, s, p in scripted.posts if sim <= s <= sim + 3600 and p.quotes == seq]
    assert len(quoting) >= 3
    for post in quoting:
        said = " ".join(re.findall(r"\w+", post.text.lower()))
        assert any(run in said for run in runs), post.text


def test_an_article_raises_the_volume_of_the_hour_after_it(silent: Played) -> None:
    crowd_since = min(sim for _, sim, _, d in silent.of(rec.Storm) if d.status == rec.StormChange.STARTED)
    for _, sim, _, fired in silent.of(rec.Fired):
        if fired.kind != "article" or fired.trigger or sim < crowd_since:
            continue
        before = sum(1 for _, s, _ in silent.posts if sim - 3600 <= s < sim)
        after = sum(1 for _, s, _ in silent.posts if sim <= s < sim + 3600)
        if before < 50:  # the national article, a day after the first storm faded
            assert after > before + 100, (fired.title, before, after)
            return
    pytest.fail("no article fell in a quiet stretch")


# -- answers to what the team says ------------------------------------------------------------------


def _after_statement(played: Played, hours: float = 3.0) -> tuple[float, int]:
    sim = next(s for _, s, _, d in played.of(rec.Action) if d.action == "statement" and s >= 7 * 3600)
    window = [p for _, s, p in played.posts if sim < s <= sim + hours * 3600]
    return sum(p.sentiment for p in window) / len(window), len(window)


def test_what_a_statement_says_moves_the_crowd(tmp_path: Path) -> None:
    honest = _play(
        tmp_path / "honest", f"  - {{at: {STATEMENT_AT}, role: comms, action: statement, text: {HONEST!r}}}\n"
    )
    defensive = _play(
        tmp_path / "defensive", f"  - {{at: {STATEMENT_AT}, role: comms, action: statement, text: {DEFENSIVE!r}}}\n"
    )
    honest_mood, honest_posts = _after_statement(honest)
    defensive_mood, defensive_posts = _after_statement(defensive)
    assert honest_mood > defensive_mood + 0.3
    assert defensive_posts > 1.5 * honest_posts
    # the debrief says why, point by point
    json_honest = summarise_journal(honest.journal)
    json_defensive = summarise_journal(defensive.journal)
    read_honest = [r for r in json_honest["receptions"] if r["action"] == "statement"][-1]
    read_defensive = [r for r in json_defensive["receptions"] if r["action"] == "statement"][-1]
    assert {"apologises", "gives-contact", "next-update"} <= {p["code"] for p in read_honest["points"]}
    assert {"cliche", "minimises", "no-contact"} <= {p["code"] for p in read_defensive["points"]}
    assert read_honest["mood"] > 0 > read_defensive["mood"]


def summarise_journal(path: Path) -> dict:  # type: ignore[type-arg]
    with Journal.open(path, readonly=True) as journal:
        return summarise(journal)


# -- a press that is generated ------------------------------------------------------------------------


def test_a_silent_team_is_asked_about_the_rumour_and_the_viral_post(silent: Played) -> None:
    generated = {d.trigger: d for _, _, _, d in silent.of(rec.Fired) if d.kind == "enquiry" and d.trigger}
    assert {"rumour", "viral-post", "silence"} <= set(generated)
    rumour = generated["rumour"]
    assert "HIV-statussen" in rumour.title and rumour.deadline_s
    viral = generated["viral-post"]
    handle = re.search(r"@(\w+)", viral.title)
    assert handle is not None
    assert any(p.handle == handle.group(1) for _, _, p in silent.posts)
    assert viral.deadline_s


def test_an_answer_that_dodges_draws_a_follow_up(tmp_path: Path) -> None:
    dodge = (
        "  - {after: regional-enquiry, delay: 10m, role: comms, action: reply, event: regional-enquiry,"
        " text: Wij doen op dit moment geen mededelingen.}\n"
    )
    played = _play(tmp_path, dodge, playbook=False)
    follow_ups = [d for _, _, _, d in played.of(rec.Fired) if d.trigger == "follow-up:regional-enquiry"]
    assert len(follow_ups) == 1
    assert "Wij doen op dit moment geen mededelingen" in follow_ups[0].body
