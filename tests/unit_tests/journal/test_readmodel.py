"""The read model: what the screens show, folded from records the same way whoever feeds it.

A short run is played headless into a real journal, with a view subscribed to the engine (the
console's way); the same journal is then folded into a second view (a resumed console, the room
screen) and followed by a seat's (the follower's way). They must agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from crisissim.engine.drivers import play
from crisissim.engine.engine import Engine
from crisissim.engine.sinks import JournalSink
from crisissim.journal import Journal, Record
from crisissim.journal import records as rec
from crisissim.journal.follower import Follower
from crisissim.journal.readmodel import FEED_KEEP, SPARK_BUCKETS, ExerciseView, StillTime
from crisissim.journal.records import ClockStatus, EventStatus, ExpectationStatus
from crisissim.journal.seats import visible_to_room
from crisissim.scenario import Scenario, parse
from crisissim.scenario.library import resolve

START = dt.datetime(2026, 3, 2, 6, 30)
SCENARIO = f"""\
crisissim: 1
id: readmodel-test
title: Read model test
organisation: {{name: Test Org Ltd, short: TestOrg}}
start: "{START.isoformat()}"
duration: 4h
roles:
  comms: {{name: Communications}}
  dpo: {{name: DPO}}
  it: {{name: IT}}
clocks:
  gdpr:
    starts: {{fired: alert}}
    limit: 1h
    stops: {{action: notify_regulator}}
  press:
    starts: {{fired: alert}}
    limit: 30m
    stops: {{action: statement}}
events:
  - id: alert
    to: [dpo]
    at: 30m
    title: Alert
    body: Something is wrong.
    options: {{isolate: Isolate, watch: Watch}}
    expects:
      - {{id: decide, role: dpo, action: choose, within: 20m}}
      - {{id: tell-it, role: it, action: any, within: 10m}}
  - {{id: isolated, to: [it], after: {{chose: alert.isolate}}, delay: 10m, title: Isolated, body: x}}
  - {{id: watched, to: [it], after: {{chose: alert.watch}}, title: Watched, body: x}}
  - {{id: guarded, to: [comms], at: 1h, when: {{flag: go}}, title: Guarded, body: x}}
  - {{id: late, to: [comms, dpo], at: 3h, title: Late, body: x}}
"""
NOTIFY = {
    "nature": "ransomware",
    "subjects": "patients",
    "records": "records",
    "contact": "dpo@x.example",
    "consequences": "fraud",
    "measures": "isolated",
}


def scenario(text: str = SCENARIO) -> Scenario:
    loaded = parse(text.encode(), "readmodel-test.yaml")
    assert loaded.scenario is not None, [str(p) for p in loaded.errors]
    return loaded.scenario


def new_journal(path: Path, s: Scenario, text: str) -> Journal:
    journal = Journal.create(path, {"scenario_text": text, "scenario_id": s.id, "seed": "1", "speed": "60"})
    journal.acquire_driver()
    return journal


def view_of(s: Scenario, roles: list[str] | None = None, now: float = 0.0) -> ExerciseView:
    return ExerciseView(s, roles if roles is not None else list(s.roles), StillTime(now), s.start or START)


class Played:
    """A short exercise played into a journal, with a view fed by the engine as it went."""

    def __init__(self, tmp_path: Path) -> None:
        self.scenario = scenario()
        self.journal = new_journal(tmp_path / "run.sqlite", self.scenario, SCENARIO)
        self.engine = Engine(self.scenario, seed=1, sink=JournalSink(self.journal, lambda: 1_000.0))
        self.live = view_of(self.scenario)
        self.engine.subscribe(self.live.apply)
        self.engine.start()

    def at(self, minutes: float) -> Played:
        self.engine.advance_to(minutes * 60)
        return self

    def folded(self, roles: list[str] | None = None) -> ExerciseView:
        view = view_of(self.scenario, roles)
        view.fold(self.journal.records())
        return view


def expectation(view: ExerciseView, exp_id: str) -> ExpectationStatus:
    return view.expectations[exp_id].status


def clock(view: ExerciseView, clock_id: str) -> ClockStatus:
    return view.clocks[clock_id].status


@pytest.fixture
def played(tmp_path: Path) -> Played:
    return Played(tmp_path)


def fields_of(view: ExerciseView) -> dict[str, Any]:
    """Everything a screen can read of a view, as plain values."""
    return {
        "started": view.started,
        "ended": view.ended,
        "end_reason": view.end_reason,
        "seed": view.seed,
        "events": {k: dataclasses.asdict(v) for k, v in view.events.items()},
        "clocks": {k: dataclasses.asdict(v) for k, v in view.clocks.items()},
        "expectations": {k: dataclasses.asdict(v) for k, v in view.expectations.items()},
        "flags": set(view.flags),
        "inbox": {r: [dataclasses.asdict(i) for i in items] for r, items in view.inbox.items()},
        "sent": view.sent,
        "actions": view.actions,
        "hotwash_roles": view.hotwash_roles,
        "news": list(view.news),
        "posts": list(view.posts),
        "storms": {
            k: (list(v.buckets), v.bucket_minute, v.total, v.active, round(v.mood, 12)) for k, v in view.storms.items()
        },
        "version": view.version,
        "post_version": view.post_version,
    }


def test_before_anything_is_due_every_event_is_pending_and_the_timed_ones_know_when(played: Played) -> None:
    view = played.at(10).live
    assert view.started and not view.ended and view.seed == 1
    assert {e: v.status for e, v in view.events.items()} == dict.fromkeys(
        ("alert", "isolated", "watched", "guarded", "late"), EventStatus.PENDING
    )
    assert view.events["alert"].due_s == 1800 and view.events["late"].due_s == 3 * 3600
    assert view.events["isolated"].due_s is None
    assert {c: v.status for c, v in view.clocks.items()} == {"gdpr": ClockStatus.IDLE, "press": ClockStatus.IDLE}
    assert view.clocks["gdpr"].limit_s == 3600
    assert all(x.status == ExpectationStatus.PENDING for x in view.expectations.values())
    assert view.inbox == {"comms": [], "dpo": [], "it": []}


def test_statuses_due_times_clocks_and_inboxes_follow_the_run(played: Played) -> None:
    played.at(35)
    view = played.live
    assert view.events["alert"].status == EventStatus.FIRED and view.events["alert"].fired_s == 1800
    assert expectation(view, "decide") == ExpectationStatus.OPEN
    assert clock(view, "gdpr") == ClockStatus.RUNNING and view.clocks["gdpr"].started_s == 1800
    assert [i.event for i in view.inbox["dpo"]] == ["alert"] and view.inbox["it"] == []
    assert view.inbox["dpo"][0].options == {"isolate": "Isolate", "watch": "Watch"}

    played.engine.act("dpo", "choose", {"event": "alert", "option": "isolate"})
    assert view.inbox["dpo"][0].answered
    assert [(i.sim, i.kind, i.summary, i.event) for i in view.sent["dpo"]] == [(35 * 60, "choose", "isolate", "alert")]
    assert view.events["watched"].status == EventStatus.SKIPPED
    assert view.events["isolated"].due_s == 45 * 60
    assert expectation(view, "decide") == ExpectationStatus.MET

    played.engine.command("inject", {"title": "Ad hoc", "body": "Hello", "to": ["comms"]})
    assert view.events["adhoc-1"].adhoc and view.events["adhoc-1"].status == EventStatus.FIRED
    assert [i.title for i in view.inbox["comms"]] == ["Ad hoc"]

    played.at(50)
    assert view.events["isolated"].status == EventStatus.FIRED and view.events["isolated"].fired_s == 45 * 60
    assert view.expectations["tell-it"].status == ExpectationStatus.MISSED
    played.engine.command("flag", {"flag": "other"})
    assert view.flags == {"other"}
    played.engine.act("dpo", "notify_regulator", NOTIFY)
    assert clock(view, "gdpr") == ClockStatus.MET and view.clocks["gdpr"].stopped_s == 50 * 60
    assert clock(view, "press") == ClockStatus.RUNNING

    played.at(65)
    assert clock(view, "press") == ClockStatus.BREACHED
    assert view.events["guarded"].status == EventStatus.SKIPPED and view.events["guarded"].due_s == 3600
    assert not view.ended
    played.at(4 * 60)
    assert view.ended and view.end_reason == rec.EndReason.DURATION
    assert [i.event for i in view.inbox["dpo"]] == ["late", "alert"]
    assert view.events["late"].status == EventStatus.FIRED


def test_the_journal_folds_into_the_view_the_engine_fed(played: Played) -> None:
    played.at(35)
    played.engine.act("dpo", "choose", {"event": "alert", "option": "watch"})
    played.engine.command("flag", {"flag": "go"})
    played.engine.command("unflag", {"flag": "go"})
    played.at(70)
    played.engine.command("end")
    assert played.live.ended and played.live.end_reason == rec.EndReason.FACILITATOR
    assert fields_of(played.folded()) == fields_of(played.live)


def test_a_seat_following_the_journal_sees_its_role_the_clocks_and_the_end(played: Played) -> None:
    played.at(35)
    played.engine.act("dpo", "choose", {"event": "alert", "option": "isolate"})
    played.at(4 * 60)
    played.journal.commit()
    s = played.scenario
    seat = ExerciseView(s, ["it"], StillTime(), START)
    follower = Follower(played.journal, "it", lambda r: seat.apply(r.sim, r.role, r.data))
    seat.time = follower
    follower.poll()
    assert [i.event for i in seat.inbox["it"]] == [i.event for i in played.live.inbox["it"]] == ["isolated"]
    assert seat.clocks == played.live.clocks
    assert seat.ended and seat.now == follower.now == 4 * 3600
    # the MSEL is the facilitator's: a seat knows of what reached it, never of what others got or was skipped
    assert seat.events["isolated"].status == EventStatus.FIRED and seat.events["isolated"].due_s == 45 * 60
    assert seat.events["late"].status == seat.events["watched"].status == EventStatus.PENDING
    # nor of the scoring: the facilitator's screens alone show expectations
    assert played.live.expectations["tell-it"].status == ExpectationStatus.MISSED
    assert seat.expectations["tell-it"].status == ExpectationStatus.PENDING


def test_time_comes_from_the_source_it_is_given(played: Played) -> None:
    clock = StillTime(now=90.0, paused=False, rate=60.0)
    view = ExerciseView(played.scenario, ["dpo"], clock, START)
    assert (view.now, view.paused, view.rate) == (90.0, False, 60.0)
    clock.now = 3600 * 25
    assert view.now == 90_000 and view.datetime_at(view.now) == dt.datetime(2026, 3, 3, 7, 30)


def test_a_built_in_exercise_with_a_storm_folds_the_same_either_way(tmp_path: Path) -> None:
    path = resolve("first-hour-quickstart")
    text = Path(path).read_text(encoding="utf-8")
    s = scenario(text)
    journal = new_journal(tmp_path / "quickstart.sqlite", s, text)
    engine = Engine(s, seed=s.seed, sink=JournalSink(journal, lambda: 1_000.0))
    live = ExerciseView(s, s.roles, StillTime(), engine.start_dt)
    engine.subscribe(live.apply)
    play(engine)
    folded = ExerciseView(s, s.roles, StillTime(), engine.start_dt)
    folded.fold(journal.records())
    assert live.ended and live.storms and live.posts
    assert fields_of(folded) == fields_of(live)
    # the scenario's events as the engine has them; the press desk's enquiries are the read model's own
    scripted = {e: v.status for e, v in live.events.items() if e in engine.state.events}
    assert scripted == {e: v.status for e, v in engine.state.events.items()}
    assert all(e.startswith("press-") for e in set(live.events) - set(engine.state.events))
    assert {c: v.status for c, v in live.clocks.items()} == {c: v.status for c, v in engine.state.clocks.items()}
    assert {x: v.status for x, v in live.expectations.items()} == {
        x: v.status for x, v in engine.state.expectations.items()
    }


def test_memory_stays_bounded_however_long_the_storm() -> None:
    s = scenario()
    view = view_of(s)
    post = rec.Post(
        storm="s",
        n=1,
        name="n",
        handle="h",
        persona="p",
        followers=1,
        verified=False,
        text="x",
        sentiment=-0.5,
        likes=0,
        reposts=0,
    )
    for n in range(FEED_KEEP * 4):
        view.apply(n * 30.0, None, post)
    assert len(view.posts) == FEED_KEEP and view.posts[0][0] == FEED_KEEP * 3 * 30.0
    storm = view.storms["s"]
    assert len(storm.buckets) == SPARK_BUCKETS and storm.total == FEED_KEEP * 4 and list(storm.buckets)[-1] == 2
    assert view.post_version == FEED_KEEP * 4 and view.version == 0


def test_what_each_role_did_is_kept_in_its_words_and_in_the_order_the_team_did_it(played: Played) -> None:
    played.at(35)
    played.engine.act("dpo", "choose", {"event": "alert", "option": "isolate"})
    played.engine.act("comms", "statement", {"text": "We are investigating."})
    played.engine.command("note", {"text": "The facilitator's own note"})
    played.engine.act("dpo", "notify_regulator", NOTIFY)
    view = played.live
    assert [(i.role, i.kind, i.summary) for i in view.actions] == [
        ("dpo", "choose", "isolate"),
        ("comms", "statement", "We are investigating."),
        ("dpo", "notify_regulator", "ransomware"),
    ]
    assert [i.kind for i in view.sent["dpo"]] == ["notify_regulator", "choose"]  # newest first
    assert view.sent["dpo"][1].event == "alert" and view.sent["comms"][0].event is None
    assert view.sent["dpo"][0].fields["contact"] == "dpo@x.example"
    assert "facilitator" not in view.sent and all(i.role != "facilitator" for i in view.actions)


def test_the_roles_whose_hot_wash_answers_are_in(played: Played) -> None:
    played.at(35)
    played.engine.command("end")
    played.engine.hotwash("it", ["Fine."])
    played.engine.hotwash("comms", ["Quick."])
    played.engine.hotwash("it", ["Fine, again."])
    assert played.live.hotwash_roles == ["it", "comms"]
    assert played.folded().hotwash_roles == ["it", "comms"]


def test_the_room_following_the_journal_sees_every_role_and_nothing_of_the_facilitator(played: Played) -> None:
    played.at(35)
    played.engine.act("dpo", "choose", {"event": "alert", "option": "isolate"})
    played.engine.command("flag", {"flag": "go"})
    played.engine.command("note", {"text": "aside"})
    played.at(4 * 60)
    played.journal.commit()
    s = played.scenario
    room = ExerciseView(s, s.roles, StillTime(), START)
    seen: list[rec.Kind] = []

    def take(r: Record) -> None:
        seen.append(r.kind)
        room.apply(r.sim, r.role, r.data)

    follower = Follower(played.journal, "", take, sees=lambda r: visible_to_room(set(s.roles), r))
    room.time = follower
    follower.poll()
    live = played.live
    assert {r: [i.event for i in items] for r, items in room.inbox.items()} == {
        r: [i.event for i in items] for r, items in live.inbox.items()
    }
    assert room.actions == live.actions and room.clocks == live.clocks and room.ended
    assert not {rec.Kind.DUE, rec.Kind.SKIPPED, rec.Kind.EXPECTATION} & set(seen)
    assert room.flags == set() and live.flags == {"go"}
    # no outcome of the scoring: only what the scenario says each fired event opens
    assert {x.status for x in room.expectations.values()} <= {ExpectationStatus.PENDING, ExpectationStatus.OPEN}
    assert live.expectations["tell-it"].status == ExpectationStatus.MISSED
    assert room.events["watched"].status == EventStatus.PENDING  # skipped, but the room is not told


def test_a_fire_undone_leaves_the_seat_and_the_room_too_and_tells_them_nothing_else(played: Played) -> None:
    """An undo is the facilitator's command, which neither is given; what it took back of theirs
    (the message, the clocks it started) they lose all the same, and learn nothing more."""
    played.at(5)
    played.engine.command("flag", {"flag": "go"})
    played.engine.command("undo")  # took back nothing a seat saw: nothing reaches one
    played.engine.command("fire", {"event": "alert"})
    played.engine.command("undo")
    played.at(10)
    played.journal.commit()
    s, live = played.scenario, played.live
    assert live.inbox["dpo"] == [] and clock(live, "gdpr") == ClockStatus.IDLE
    followed: dict[str, tuple[ExerciseView, list[Record]]] = {}
    for who, sees in (("dpo", None), ("comms", None), ("room", lambda r: visible_to_room(set(s.roles), r))):
        view, taken = view_of(s, list(s.roles) if who == "room" else [who]), []

        def take(r: Record, view: ExerciseView = view, taken: list[Record] = taken) -> None:
            taken.append(r)
            view.apply(r.sim, r.role, r.data)

        follower = Follower(played.journal, "" if who == "room" else who, take, sees=sees)
        view.time = follower
        follower.poll()
        followed[who] = (view, taken)
    for who, (view, taken) in followed.items():
        assert all(view.inbox[r] == [] for r in view.inbox), who
        assert {c.status for c in view.clocks.values()} == {ClockStatus.IDLE}, who
        undos = [r.payload for r in taken if r.kind == rec.Kind.CONTROL and r.payload["control"] == "undo"]
        # one undo, of the fire; only the messages it had, and the clocks every role sees
        seen = ["alert"] if who != "comms" else []
        assert undos == [
            {"control": "undo", **({"withdrawn": seen, "pending": seen} if seen else {}), "clocks": ["gdpr", "press"]}
        ], who
    assert followed["dpo"][0].events["alert"].status == EventStatus.PENDING
