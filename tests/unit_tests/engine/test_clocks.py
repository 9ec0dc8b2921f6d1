"""Each way a clock ends: idle, running, met, breached (and stopped after a breach)."""

BODY = """\
clocks:
  gdpr:
    starts: {fired: alert}
    limit: 1h
    stops: {action: notify_regulator}
events:
  - {id: alert, to: [dpo], at: 30m, title: Alert, body: x}
"""

NOTIFY = {
    "nature": "ransomware",
    "subjects": "patients",
    "records": "records",
    "contact": "dpo@x.example",
    "consequences": "fraud",
    "measures": "isolated",
}


def test_idle_until_it_starts(harness):
    h = harness(BODY).at(29)
    assert h.clock("gdpr").status == "idle"


def test_running_from_the_moment_its_condition_holds(harness):
    h = harness(BODY).at(45)
    assert h.clock("gdpr").status == "running" and h.clock("gdpr").started_s == 1800


def test_met_when_stopped_in_time(harness):
    h = harness(BODY).at(80)
    h.engine.act("dpo", "notify_regulator", NOTIFY)
    c = h.clock("gdpr")
    assert c.status == "met" and c.stopped_s == 80 * 60


def test_breached_at_the_limit_and_stays_breached_when_stopped_later(harness):
    h = harness(BODY).at(90)
    assert h.clock("gdpr").status == "breached" and h.clock("gdpr").breached_s == 90 * 60
    h.at(100)
    h.engine.act("dpo", "notify_regulator", NOTIFY)
    assert h.clock("gdpr").status == "breached" and h.clock("gdpr").stopped_s == 100 * 60


def test_a_notification_before_the_clock_starts_meets_it_at_once(harness):
    h = harness(BODY).at(10)
    h.engine.act("dpo", "notify_regulator", NOTIFY)
    h.at(30)
    c = h.clock("gdpr")
    assert c.status == "met" and c.started_s == c.stopped_s == 1800
