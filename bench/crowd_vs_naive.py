"""The crowd against the naive stack: CPU time per post of crisissim's storms, played headless as
``crisissim simulate`` plays them, beside the stack the crowd replaced, for the same number of
posts, side by side in one run (issue 11: the crowd must be at least 2x as fast).

crisissim: a 72-hour scenario (in Dutch, and the same in English) with three long storms (a mixed
crowd of eight built-in personas, rumours, a national article that sets off a wave, the generated
press) is played by a silent team as ``crisissim simulate`` does (``exercise.new_run`` +
``drivers.play``, no clock) into a real SQLite journal.

The naive stack, per post: a Faker ``first_name()`` and ``last_name()`` (nl_NL or en_GB) and a
handle made from them, one render of a sandboxed Jinja2 post template (compiled once, one of six
variants drawn at random, as the old personas' templates were), ``json.dumps`` of a dict like the
journal's post payload, and SQLite ``executemany`` into a journal-like table in WAL mode, one
transaction per batch of 1000.

Each run is a fresh process pinned to one core; its CPU seconds (``time.process_time``) are taken
around the posting only: ``play()`` for crisissim, the loop from the first post to the last
batch's commit for the naive stack (making the Faker, compiling the templates and creating the
table are left out, as making the journal is on the other side). The naive side makes exactly as
many posts as the engine did in the run before it. The two sides alternate, 3 runs each per
language; the table shows the median µs per post, min and max, and naive / crisissim with the
spread of the per-pair ratios. Full mode exits 1 if a language's median ratio is under 2.0.

Run: python bench/crowd_vs_naive.py               (nl and en, 3 runs of each side: about 2 min)
     python bench/crowd_vs_naive.py --lang nl     (one language)
     python bench/crowd_vs_naive.py --profile     (one crisissim run under cProfile, top 15 by tottime)
     python bench/crowd_vs_naive.py --quick       (the Dutch scenario in 3 hours, 1 run each, no threshold)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import cProfile

RUNS = 3
TARGET_RATIO = 2.0
SEED = 11
BATCH = 1000  # the naive stack's rows per executemany (and per transaction)
CHILD_LIMIT_S = 600  # a run that takes longer is stopped: something hangs
QUICK_CHILD_LIMIT_S = 30
QUICK_DIVISOR = 24  # --quick: every duration and offset divided by this (72 h -> 3 h), rates kept

# Times are written in minutes only, so that --quick can divide each ``NNNm`` by QUICK_DIVISOR; the
# texts (``$name``) come from LANGUAGES. Expected posts before reactions: 46 800 + 33 120 + 26 640
# = 106 560; the silent team misses the holding statement, which raises storm-b (``missed:
# holding``), and the article at 30 h sets off a wave in the storms that are still running.
SCENARIO = Template("""\
crisissim: 1
id: bench-crowd-vs-naive-$language
title: "$title"
language: $language
summary: $summary
organisation:
  name: $org_name
  short: $org_short
  website: $website
start: 2026-05-11T07:00:00+02:00
duration: 4320m
speed: 60
seed: 11
roles:
  comms: {name: $comms}
  dpo: {name: $dpo}
  it: {name: IT}
objectives:
  holding: $holding
  assess: $assess
events:
  - id: alert
    kind: inject
    channel: email
    from: SOC
    to: [it]
    at: 5m
    title: "$alert_title"
    body: $alert_body
    expects:
      - {id: alert-reply, role: it, action: reply, within: 30m}
  - id: findings
    kind: inject
    channel: chat
    from: $it_desk
    to: [it, dpo]
    at: 40m
    title: $findings_title
    body: $findings_body
    expects:
      - {id: assess, role: dpo, action: decision, within: 120m, objective: assess}
  - id: reporter
    kind: enquiry
    channel: phone
    journalist: {persona: regional-reporter}
    to: [comms]
    at: 50m
    deadline: 60m
    title: $enquiry_title
    body: $enquiry_body
    expects:
      - {id: holding, role: comms, action: statement, within: 60m, objective: holding}
  - id: storm-a
    kind: storm
    title: "$storm_a"
    at: 60m
    duration: 1440m
    rate: {start: 5, peak: 60, peak_at: 360m, end: 5}
    crowd: {angry-patient: 5, worried-relative: 3, privacy-activist: 2, supporter: 1, troll: 1}
    hashtags: ["$tag", "#{{ org.short | lower }}"]
    rumours: ["$rumour_a"]
    reacts:
      - {when: {action: statement}, rate: 0.5, sentiment: 0.3}
  - id: day-two
    kind: inject
    channel: email
    to: all
    at: 1440m
    title: $day_two
    body: $day_two_body
  - id: storm-b
    kind: storm
    title: "$storm_b"
    at: 1200m
    duration: 1440m
    rate: {start: 3, peak: 45, peak_at: 240m, end: 3}
    crowd: {angry-patient: 3, worried-relative: 2, troll: 2, privacy-activist: 1, politician: 1, employee: 1}
    hashtags: ["#{{ org.short | lower }}", "#privacy"]
    rumours: ["$rumour_b"]
    reacts:
      - {when: {missed: holding}, rate: 1.5, sentiment: -0.2}
  - id: national
    kind: article
    channel: news
    from: $paper
    at: 1800m
    title: $article_title
    body: $article_body
  - id: day-three
    kind: inject
    channel: email
    to: all
    at: 2880m
    title: $day_three
    body: $day_three_body
  - id: storm-c
    kind: storm
    title: "$storm_c"
    at: 2760m
    duration: 1440m
    rate: {start: 3, peak: 35, peak_at: 180m, end: 3}
    crowd: {angry-patient: 2, worried-relative: 2, privacy-activist: 2, security-researcher: 1, supporter: 2, troll: 1}
    hashtags: ["$tag", "#{{ org.short | lower }}"]
    rumours: ["$rumour_c"]
    reacts:
      - {when: {action: statement}, rate: 0.5, sentiment: 0.3}
  - id: wrap-up
    kind: inject
    channel: chat
    to: all
    at: 4260m
    title: $wrap_up
    body: $wrap_up_body
""")


@dataclass(frozen=True)
class Language:
    """One variant: the scenario's texts, and the naive stack's Faker locale, templates and fillers."""

    texts: dict[str, str]
    locale: str
    templates: list[str]
    """The old personas' kind of post template: a fixed sentence with a few placeholders."""
    hashtags: list[str]
    rumours: list[str]

    @property
    def org(self) -> dict[str, str]:
        return {"name": self.texts["org_name"], "short": self.texts["org_short"]}


LANGUAGES = {
    "nl": Language(
        texts={
            "title": "Benchmark: 72 uur, drie stormen, ruim 100 000 posts",
            "summary": "Een synthetisch scenario voor bench/crowd_vs_naive.py.",
            "org_name": "Ziekenhuis Lindeweerd",
            "org_short": "Lindeweerd",
            "website": "www.lindeweerd.example",
            "comms": "Communicatie",
            "dpo": "Functionaris Gegevensbescherming",
            "holding": "Op tijd een holding statement geven",
            "assess": "Het datalek beoordelen",
            "alert_title": "Melding: verdachte aanmelding bij {{ org.short }}",
            "alert_body": "Er is een verdachte aanmelding gezien om {{ now.strftime('%H:%M') }}.",
            "it_desk": "IT-beheer",
            "findings_title": "Bevindingen",
            "findings_body": "Er zijn patiëntgegevens gekopieerd naar een onbekende server.",
            "enquiry_title": "Patiëntgegevens op straat?",
            "enquiry_body": "Is {{ org.name }} gehackt, en liggen de dossiers van patiënten op straat?",
            "storm_a": "Storm: patiënten reageren",
            "storm_b": "Storm: het verhaal verspreidt zich",
            "storm_c": "Storm: het landelijke verhaal",
            "tag": "#datalek",
            "rumour_a": "de dossiers van alle patiënten van {{ org.short }} staan online",
            "rumour_b": "{{ org.short }} heeft stiekem al losgeld betaald",
            "rumour_c": "je kunt online opzoeken of je buurman bij {{ org.short }} onder behandeling is",
            "day_two": "Dag twee",
            "day_two_body": "De Autoriteit Persoonsgegevens heeft gebeld.",
            "paper": "Het Landelijk Dagblad",
            "article_title": "Patiëntgegevens van Ziekenhuis Lindeweerd te koop op het internet",
            "article_body": "Gegevens van patiënten van {{ org.name }} worden te koop aangeboden.",
            "day_three": "Dag drie",
            "day_three_body": "Het verhaal staat in de landelijke kranten.",
            "wrap_up": "Afronden",
            "wrap_up_body": "Drie regels voor de Raad van Bestuur, graag.",
        },
        locale="nl_NL",
        templates=[
            "{{ first }} zegt: Mijn hele dossier ligt op straat {{ org.short }}?? {{ tag }}",
            "Mijn hele dossier. MIJN HELE DOSSIER. Hoe kan dit {{ org.short }}?? {{ tag }}",
            "Klopt het dat {{ rumour }}?? Kan iemand van {{ org.short }} zeggen dat dit niet waar is",
            "5x gebeld naar de patiëntenservice van {{ org.name }}, niemand weet iets. {{ tag }}",
            "Brief van {{ org.name }} gehad. 'U hoeft geen actie te ondernemen.' Nou dan is het goed 🙃",
            "Je gaat naar {{ org.short }} omdat je ziek bent, niet om je gegevens te laten jatten {{ tag }}",
        ],
        hashtags=["#datalek", "#lindeweerd", "#privacy"],
        rumours=[
            "de dossiers van alle patiënten van Lindeweerd staan online",
            "Lindeweerd heeft stiekem al losgeld betaald",
        ],
    ),
    "en": Language(
        texts={
            "title": "Benchmark: 72 hours, three storms, over 100 000 posts",
            "summary": "A synthetic scenario for bench/crowd_vs_naive.py.",
            "org_name": "Harbourside Hospital",
            "org_short": "Harbourside",
            "website": "www.harbourside-hospital.example",
            "comms": "Communications",
            "dpo": "Data Protection Officer",
            "holding": "Give a holding statement in time",
            "assess": "Assess the breach",
            "alert_title": "Alert: risky sign-in at {{ org.short }}",
            "alert_body": "A risky sign-in was seen at {{ now.strftime('%H:%M') }}.",
            "it_desk": "IT support",
            "findings_title": "Findings",
            "findings_body": "Patient records were copied to an unknown server.",
            "enquiry_title": "Patient records leaked?",
            "enquiry_body": "Has {{ org.name }} been hacked, and are patients' records out there?",
            "storm_a": "Storm: patients react",
            "storm_b": "Storm: the story spreads",
            "storm_c": "Storm: the national story",
            "tag": "#databreach",
            "rumour_a": "every patient record of {{ org.short }} is online",
            "rumour_b": "{{ org.short }} has quietly paid the ransom",
            "rumour_c": "you can look up online whether your neighbour is treated at {{ org.short }}",
            "day_two": "Day two",
            "day_two_body": "The regulator has called.",
            "paper": "The Daily Ledger",
            "article_title": "Harbourside Hospital patient records offered for sale online",
            "article_body": "Records of patients of {{ org.name }} are being offered for sale.",
            "day_three": "Day three",
            "day_three_body": "The story is in the national press.",
            "wrap_up": "Wrap up",
            "wrap_up_body": "Three lines for the board, please.",
        },
        locale="en_GB",
        templates=[
            "{{ first }} says: my whole medical file is out there {{ org.short }}?? {{ tag }}",
            "My medical records. MY MEDICAL RECORDS. How is this even possible {{ org.short }}?? {{ tag }}",
            "Is it true that {{ rumour }}?? please someone from {{ org.short }} tell me it's not",
            "Rang the patient helpline at {{ org.name }} 3 times. Nobody knows anything. {{ tag }}",
            "Letter from {{ org.name }} arrived today. And it says 'no action is needed' 🙃",
            "You trust {{ org.short }} with the most private stuff in your life and this is what you get {{ tag }}",
        ],
        hashtags=["#databreach", "#harbourside", "#privacy"],
        rumours=["every patient record of Harbourside is online", "Harbourside has quietly paid the ransom"],
    ),
}

MINUTES = re.compile(r"\b(\d+)m\b")

# persona: weight, mood, spread, followers (low, high), chance of a verified account
PERSONAS: dict[str, tuple[float, float, float, tuple[int, int], float]] = {
    "angry-patient": (10, -0.7, 0.2, (15, 900), 0.0),
    "worried-relative": (7, -0.5, 0.25, (20, 700), 0.0),
    "privacy-activist": (5, -0.6, 0.2, (300, 12000), 0.05),
    "troll": (4, -0.9, 0.1, (5, 400), 0.0),
    "supporter": (3, 0.5, 0.3, (30, 800), 0.0),
    "politician": (1, -0.4, 0.2, (1500, 40000), 0.6),
    "employee": (1, 0.1, 0.4, (40, 600), 0.0),
    "security-researcher": (1, -0.3, 0.2, (800, 25000), 0.2),
}


# -- helpers -------------------------------------------------------------------------------------


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
        return "pinned to core 0"
    return "not pinned (no sched_setaffinity)"


def scenario_text(language: str, quick: bool) -> str:
    """SCENARIO in ``language``; for --quick, every duration and offset divided by QUICK_DIVISOR."""
    text = SCENARIO.substitute(language=language, **LANGUAGES[language].texts)
    if not quick:
        return text
    text, n = MINUTES.subn(lambda m: f"{max(1, round(int(m[1]) / QUICK_DIVISOR))}m", text)
    assert n > 20, f"only {n} durations scaled"
    return text


def write_scenario(folder: Path, language: str, quick: bool) -> Path:
    """The scenario file, checked as ``crisissim validate --strict`` checks it: any error or
    warning stops the bench."""
    from crisissim.exercise import load_checked

    path = folder / f"bench-crowd-vs-naive-{language}.yaml"
    path.write_text(scenario_text(language, quick), encoding="utf-8")
    loaded = load_checked(path)
    if loaded.scenario is None or loaded.problems:
        raise SystemExit("bench scenario does not validate:\n" + "\n".join(str(p) for p in loaded.problems))
    return path


# -- one run of each side (a child process) -------------------------------------------------------


def crisissim_run(
    folder: Path, tag: str, language: str, quick: bool, profiler: cProfile.Profile | None = None
) -> dict[str, Any]:
    """The scenario played headless into a new journal, as ``crisissim simulate SCENARIO --journal J`` does."""
    from crisissim.engine.drivers import play
    from crisissim.exercise import load_checked, new_run
    from crisissim.journal.records import Kind

    pinned = pin_one_core()
    loaded = load_checked(write_scenario(folder, language, quick))
    scenario = loaded.scenario
    assert scenario is not None
    journal_path = folder / f"crisissim-{language}-{tag}.sqlite"
    run = new_run(
        scenario, loaded.text, str(loaded.file), seed=scenario.seed, journal_path=journal_path, mode="simulate"
    )
    with run.journal:
        if profiler is not None:
            profiler.enable()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        report = play(run.engine, [], clock=None, done=run.done_steps)
        cpu_s, wall_s = time.process_time() - cpu0, time.perf_counter() - wall0
        if profiler is not None:
            profiler.disable()
    assert run.engine.ended and not report.refused
    with sqlite3.connect(journal_path.absolute().as_uri() + "?mode=ro", uri=True) as conn:
        posts = conn.execute("SELECT count(*) FROM records WHERE kind = ?", (str(Kind.POST),)).fetchone()[0]
    assert posts > 0, "the engine made no posts"
    return {"side": "crisissim", "pinned": pinned, "posts": posts, "cpu_s": cpu_s, "wall_s": wall_s}


def naive_run(folder: Path, tag: str, language: str, posts: int, quick: bool) -> dict[str, Any]:
    """``posts`` posts by the naive stack: Faker, a sandboxed Jinja2 render, ``json.dumps``, ``executemany``."""
    import random

    from faker import Faker
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    pinned = pin_one_core()
    lang = LANGUAGES[language]
    org, hashtags, rumours = lang.org, lang.hashtags, lang.rumours
    rng = random.Random(SEED)
    fake = Faker(lang.locale)
    fake.seed_instance(SEED)
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    templates = [env.from_string(t) for t in lang.templates]
    names = list(PERSONAS)
    weights = [PERSONAS[p][0] for p in names]
    duration_s = 72 * 3600 / (QUICK_DIVISOR if quick else 1)
    storms = ["storm-a", "storm-b", "storm-c"]

    conn = sqlite3.connect(folder / f"naive-{language}-{tag}.sqlite", isolation_level=None)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE records (seq INTEGER PRIMARY KEY, sim REAL NOT NULL, wall REAL NOT NULL,"
        " kind TEXT NOT NULL, role TEXT, payload TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX records_kind ON records (kind)")
    insert = "INSERT INTO records (sim, wall, kind, role, payload) VALUES (?, ?, ?, ?, ?)"

    cpu0, wall0 = time.process_time(), time.perf_counter()
    rows: list[tuple[float, float, str, str | None, str]] = []
    for n in range(1, posts + 1):
        first, last = fake.first_name(), fake.last_name()
        handle = f"{first}{last}".lower().replace(" ", "").replace("'", "") + str(rng.randint(1, 999))
        persona = rng.choices(names, weights)[0]
        _, mood, spread, (low, high), verified = PERSONAS[persona]
        followers = rng.randint(low, high)
        text = rng.choice(templates).render(
            first=first,
            org=org,
            tag=rng.choice(hashtags) if rng.random() < 0.8 else "",
            rumour=rng.choice(rumours),
        )
        sentiment = max(-1.0, min(1.0, round(mood + rng.gauss(0.0, spread), 3)))
        likes = int(followers**0.5 * rng.lognormvariate(-0.5, 1.1) * (0.5 + abs(sentiment)))
        payload = {
            "storm": storms[n * 3 // (posts + 1)],
            "n": n,
            "name": f"{first} {last}",
            "handle": handle,
            "persona": persona,
            "followers": followers,
            "verified": rng.random() < verified,
            "text": text,
            "sentiment": sentiment,
            "likes": likes,
            "reposts": int(likes * rng.uniform(0.05, 0.35)),
        }
        encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        rows.append((n * duration_s / posts, time.time(), "post", None, encoded))
        if len(rows) == BATCH:
            conn.execute("BEGIN")
            conn.executemany(insert, rows)
            conn.execute("COMMIT")
            rows = []
    if rows:
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")
    cpu_s, wall_s = time.process_time() - cpu0, time.perf_counter() - wall0
    written = conn.execute("SELECT count(*) FROM records WHERE kind = 'post'").fetchone()[0]
    conn.close()
    assert written == posts, f"{written} posts written, {posts} wanted"
    return {"side": "naive", "pinned": pinned, "posts": posts, "cpu_s": cpu_s, "wall_s": wall_s}


# -- the parent: alternate the sides, each run a fresh process --------------------------------------


def child(folder: Path, tag: str, side: str, language: str, quick: bool, posts: int = 0) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", side, "--folder", str(folder), "--tag", tag]
    command += ["--lang", language, "--posts", str(posts), *(["--quick"] if quick else [])]
    limit = QUICK_CHILD_LIMIT_S if quick else CHILD_LIMIT_S
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:  # subprocess.run has killed the child
        raise SystemExit(f"the {side} run ({language}) did not finish within {limit} s: the engine hangs?") from None
    if done.returncode != 0:
        raise SystemExit(f"the {side} run ({language}) failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def us_per_post(result: dict[str, Any]) -> float:
    return float(result["cpu_s"]) / int(result["posts"]) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", choices=("crisissim", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="0", help=argparse.SUPPRESS)
    parser.add_argument("--posts", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--lang", choices=("nl", "en", "both"), help="the variant (default: both; with --quick, nl)")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs of each side (default {RUNS})")
    parser.add_argument("--profile", action="store_true", help="one crisissim run under cProfile; top 15 by tottime")
    parser.add_argument(
        "--quick", action="store_true", help="the scenario in 3 hours, one run each, no threshold (that it works)"
    )
    args = parser.parse_args()
    lang = args.lang or ("nl" if args.quick else "both")
    languages = list(LANGUAGES) if lang == "both" else [lang]

    if args.one:  # a child: one run, one JSON line
        folder = Path(args.folder)
        if args.one == "crisissim":
            result = crisissim_run(folder, args.tag, languages[0], args.quick)
        else:
            result = naive_run(folder, args.tag, languages[0], args.posts, args.quick)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="crisissim-crowd-vs-naive-") as tmp:
        folder = Path(tmp)
        if args.profile:
            import cProfile
            import pstats

            for language in languages:
                profiler = cProfile.Profile()
                result = crisissim_run(folder, "profile", language, args.quick, profiler)
                print(f"{language}: {result['posts']} posts in {result['cpu_s']:.2f} CPU s of play() under cProfile")
                pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
            return

        runs = 1 if args.quick else args.runs
        results: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for language in languages:
            results[language] = {"crisissim": [], "naive": []}
            for i in range(runs):
                engine = child(folder, str(i), "crisissim", language, args.quick)
                results[language]["crisissim"].append(engine)
                results[language]["naive"].append(child(folder, str(i), "naive", language, args.quick, engine["posts"]))

    hours = 72 / (QUICK_DIVISOR if args.quick else 1)
    pinned = results[languages[0]]["crisissim"][0]["pinned"]
    quick = "; quick: no threshold" if args.quick else ""
    print(f"scenario: {hours:g} h, 3 storms; seed {SEED}; {runs} alternating runs of each side; {pinned}{quick}")
    print(f"{'lang':>4} {'side':>10} {'posts':>7} {'median µs/post':>15} {'min':>7} {'max':>7} {'CPU s':>7}")
    failed = []
    for language, sides in results.items():
        medians: dict[str, float] = {}
        for side, side_results in sides.items():
            values = [us_per_post(r) for r in side_results]
            medians[side] = statistics.median(values)
            counts = sorted({r["posts"] for r in side_results})
            posts = str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"  # personas edited meanwhile
            cpu = statistics.median(r["cpu_s"] for r in side_results)
            spread = f"{min(values):7.1f} {max(values):7.1f}"
            print(f"{language:>4} {side:>10} {posts:>7} {medians[side]:15.1f} {spread} {cpu:7.2f}")
        pairs = [us_per_post(n) / us_per_post(c) for c, n in zip(sides["crisissim"], sides["naive"], strict=True)]
        ratio = statistics.median(pairs)
        verdict = ""
        if not args.quick:
            verdict = f" (target >= {TARGET_RATIO:g}: {'ok' if ratio >= TARGET_RATIO else 'BELOW TARGET'})"
            if ratio < TARGET_RATIO:
                failed.append(language)
        print(
            f"{language:>4} naive / crisissim: {ratio:.2f}x, median of {runs} pairs (per pair {min(pairs):.2f} to "
            f"{max(pairs):.2f}); ratio of the medians {medians['naive'] / medians['crisissim']:.2f}x{verdict}"
        )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
