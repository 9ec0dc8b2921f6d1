"""The actions a team can take, with exactly the field names of the format's table.

Shared by everything that takes actions: the engine (from the screen, a seat or a playbook)
and the playbook loader, so that a field name means the same everywhere.
"""

from __future__ import annotations

from typing import Any

from crisissim.scenario.conditions import did_you_mean

#: Art. 33(3) GDPR: what a notification to the regulator must describe, with the words a
#: debrief uses for each element.
NOTIFICATION_FIELDS: dict[str, str] = {
    "nature": "nature of the breach",
    "subjects": "categories and approximate number of data subjects",
    "records": "categories and approximate number of personal data records",
    "contact": "name and contact details of the DPO or contact point",
    "consequences": "likely consequences",
    "measures": "measures taken or proposed",
}
DELAY_REASON = "reasons for the delay"
STATEMENT_CHANNELS = ("website", "social", "press")

#: Action kind -> {field: required?}
ACTION_FIELDS: dict[str, dict[str, bool]] = {
    "reply": {"event": True, "text": True},
    "choose": {"event": True, "option": True},
    "statement": {"text": True, "channels": False},
    "post": {"text": True, "reply_to": False},
    "notify_regulator": {**dict.fromkeys(NOTIFICATION_FIELDS, False), "delay_reason": False},
    "notify_subjects": {"audience": False, "channel": False, "text": True},
    "decision": {"text": True, "options": False, "rationale": False, "owner": False},
    "note": {"text": True, "event": False},
}
ACTION_KINDS = tuple(ACTION_FIELDS)

#: Facilitator commands a playbook (or the console) may give: command -> {field: required?}
FACILITATOR_FIELDS: dict[str, dict[str, bool]] = {
    "flag": {"flag": True},
    "unflag": {"flag": True},
    "fire": {"event": True},
    "skip": {"event": True, "reason": False},
    "inject": {"title": True, "body": True, "to": False, "channel": False, "from": False},
    "rate": {"expectation": True, "rating": True},
    "note": {"text": True, "event": False},
    "end": {},
}
RATINGS = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
}


def field_problems(kind: str, fields: dict[str, Any], table: dict[str, dict[str, bool]]) -> list[tuple[str, str]]:
    """(field, what is wrong) for an action's fields; empty when they are fine.

    Text fields must be text; ``channels`` and ``options`` may be a list of text; a required
    field must be present and not blank.
    """
    if kind not in table:
        return [
            (
                "action" if table is ACTION_FIELDS else "facilitator",
                f"unknown kind '{kind}'{did_you_mean(kind, tuple(table))}",
            )
        ]
    allowed = table[kind]
    problems = []
    for name, value in fields.items():
        if name not in allowed:
            problems.append(
                (name, f"'{kind}' has no field '{name}'{did_you_mean(name, tuple(allowed)) if allowed else ''}")
            )
        elif name in ("channels", "options", "to"):
            if isinstance(value, str):
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append((name, f"'{name}' is a list of text"))
            elif name == "channels":
                for channel in value:
                    if channel not in STATEMENT_CHANNELS:
                        problems.append(
                            (name, f"unknown channel '{channel}'{did_you_mean(channel, STATEMENT_CHANNELS)}")
                        )
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append((name, f"'{name}' is text"))
    for name, required in allowed.items():
        if required and (name not in fields or str(fields[name]).strip() == ""):
            problems.append((name, f"'{kind}' needs '{name}'"))
    if kind == "rate" and "rating" in fields and str(fields["rating"]).upper() not in RATINGS:
        problems.append(("rating", "a rating is P, S, M or U (the HSEEP scale)"))
    if kind == "notify_regulator" and not any(str(fields.get(f, "")).strip() for f in NOTIFICATION_FIELDS):
        problems.append(("nature", "a notification describes at least the nature of the breach"))
    return problems


def normalise(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Text as text, lists as lists; a statement without channels goes out on all of them."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("channels", "options", "to"):
            out[name] = [value] if isinstance(value, str) else list(value)
        elif name == "rating":
            out[name] = str(value).upper()
        else:
            out[name] = str(value).strip() if not isinstance(value, str) else value.strip()
    if kind == "statement" and "channels" not in out:
        out["channels"] = list(STATEMENT_CHANNELS)
    return out
