"""The file ``crisissim new ID`` writes: a small scenario that validates, to start from."""

from __future__ import annotations

SCAFFOLD = """\
# A crisissim scenario, format version 1. Check it with:  crisissim validate --strict {file}
# The format is explained in docs/authoring.md. Durations: 90s, 20m, 1h30m, 2d (a bare number is minutes).
crisissim: 1
id: {id}
title: {title}
language: en                 # en or nl: the language of generated people, posts and labels
summary: |
  At 09:00 the service desk of {{{{ org.name }}}} receives a strange report. What follows
  is the first hour of a personal-data breach. Decide, communicate, and keep a log.
organisation:
  name: Example Organisation Ltd
  short: Example
start: 2026-01-12T09:00:00+00:00
duration: 1h
speed: 1                     # simulated seconds per wall second
seed: 1
roles:
  comms: {{name: Communications}}
  dpo: {{name: Data Protection Officer}}
  it: {{name: IT & Security}}
objectives:
  contain: Contain the incident and keep a decision log
  holding: Publish a holding statement before the press deadline
clocks:
  escalate:
    label: Breach assessed by the DPO
    starts: {{fired: first-report}}
    limit: 30m
    stops: {{action: decision, role: dpo}}
    objective: contain
hotwash:
  - What went well in the first thirty minutes?
  - Which decision would you take differently, and why?
events:
  - id: first-report
    channel: email
    from: Service desk
    to: [it, dpo]
    at: 2m
    title: Customers report emails they never asked for
    body: |
      Three customers called this morning about an email "from us" with their
      full name and order number. {{{{ fake.name() }}}} forwarded one of them.
    options:
      isolate: Take the mail server offline and preserve logs
      watch: Keep it running while we find out more
    expects:
      - {{id: first-decision, role: it, action: choose, within: 15m, objective: contain}}
  - id: isolated
    after: {{chose: first-report.isolate}}
    delay: 5m
    channel: chat
    from: IT operations
    to: [it]
    title: Mail server offline, logs preserved
    body: The server is offline. Customer emails now bounce.
  - id: still-running
    after: {{chose: first-report.watch}}
    delay: 5m
    channel: phone
    from: Service desk
    to: [it, comms]
    title: Ten more customers on the phone
    body: The emails keep coming, and now they ask for bank details.
  - id: press-call
    kind: enquiry
    journalist: {{persona: regional-reporter}}
    to: [comms]
    at: 15m
    deadline: 20m
    title: A reporter asks about the emails
    expects:
      - {{id: holding, role: comms, action: statement, within: 20m, objective: holding}}
  - id: storm
    kind: storm
    after: press-call
    title: "Storm: customers share the emails"
    duration: 40m
    rate: {{start: 1, peak: 6, peak_at: 15m, end: 1}}
    crowd: {{angry-customer: 4, troll: 1, supporter: 1}}
    hashtags: ["#{{{{ org.short | lower }}}}"]
    reacts:
      - when: {{action: statement}}
        rate: 0.5
        sentiment: +0.3
      - when: {{missed: holding}}
        rate: 2
  - id: silence-story
    kind: article
    after: {{missed: holding}}
    title: "{{{{ org.short }}}} silent as customers receive scam emails"
    body: Customers of {{{{ org.name }}}} report emails with their own order details.
"""


def scaffold(scenario_id: str, file: str) -> str:
    title = scenario_id.replace("-", " ").replace("_", " ").capitalize()
    return SCAFFOLD.format(id=scenario_id, title=title, file=file)
