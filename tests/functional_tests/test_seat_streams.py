"""A role's streams are served from the hub's latest records, and say exactly what reading the
journal for that role says: the same records, the same rows, from any point a seat resumes at,
also from before what the hub still keeps."""

from __future__ import annotations

import json

import pytest

from crisissim.journal.seats import visible_to
from crisissim.web import hub as hub_module
from crisissim.web.hub import Hub, record_row
from tests.functional_tests.test_seats import exercise


def from_the_journal(hub: Hub, role: str, after: int) -> list[list[object]]:
    """What a seat of ``role`` may see after ``after``, read from the journal itself."""
    return [record_row(r) for r in hub.journal.records(after_seq=after) if visible_to(role, r)]


@pytest.fixture
def storm_hub(tmp_path, monkeypatch):
    """A hub that keeps only a few records per role, over a journal that holds far more."""
    monkeypatch.setattr(hub_module, "RECENT", 8)
    run, _desk, _codes = exercise(tmp_path)
    run.engine.advance_to(100 * 60)  # most of the drill: its storm's posts, its messages, its clocks
    run.journal.commit()
    hub = Hub(str(run.journal.path))
    while hub.poll():
        pass
    yield run, hub
    hub.close()
    run.journal.close()


def test_every_point_a_seat_resumes_at_gives_what_the_journal_gives(storm_hub):
    run, hub = storm_hub
    head = run.journal.last_seq()
    assert len(from_the_journal(hub, "comms", 0)) > 40  # far more than the hub keeps
    state = hub.roles["comms"]
    assert 0 < state.since < head and len(state.recent) <= 16
    for after in (0, 1, state.since - 1, state.since, state.since + 1, head - 3, head):
        expected = from_the_journal(hub, "comms", after)
        served: list[list[object]] = []
        point = after
        while batch := hub.rows_for("comms", point):  # as a stream goes on, batch after batch
            served += [json.loads(row) for _seq, row in batch]
            point = batch[-1][0]
        assert served == json.loads(json.dumps(expected)), after
        assert [record_row(r) for r in hub.records_for("comms", after, limit=100_000)] == expected


def test_a_record_journaled_later_reaches_the_roles_that_may_see_it(storm_hub):
    run, hub = storm_hub
    head = run.journal.last_seq()
    run.engine.act("comms", "statement", {"text": "We are investigating."})
    run.journal.commit()
    hub.poll()
    comms = [json.loads(row) for _seq, row in hub.rows_for("comms", head)]
    it = [json.loads(row) for _seq, row in hub.rows_for("it", head)]
    assert [row[3] for row in comms].count("action") == 1
    assert "action" not in [row[3] for row in it]  # another role's action is not IT's to see
