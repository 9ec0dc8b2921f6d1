"""The seats' web app through Starlette's TestClient: what a participant does on the page, the
JSON API the terminal seat uses, and the safety rules (Origin, tokens, the throttle, limits).

The console's side is played by the engine and its seat desk in the test's own thread, as the
console plays them; the app follows the journal from its own thread, as it does beside the console.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

from crisissim.engine.seats import SeatDesk
from crisissim.exercise import load_checked, new_run
from crisissim.exercise.filings import asks_which_filing, filing_fields
from crisissim.exercise.reports import render_report
from crisissim.exercise.seat_client import seat_scenario as api_seat_scenario
from crisissim.journal import records as rec
from crisissim.scenario.library import resolve
from crisissim.web.app import SeatApp, create_app
from crisissim.web.server import bind
from tests.functional_tests.test_seats import exercise
from tests.functional_tests.web_support import seat_server

BASE = "http://seats.test"
ORIGIN = {"origin": BASE}


class Addressed:
    """The app as if each request came from the address its ``x-test-address`` header names."""

    def __init__(self, app: SeatApp) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for key, value in scope["headers"]:
                if key == b"x-test-address":
                    scope = {**scope, "client": (value.decode(), 40000)}
        await self.app(scope, receive, send)


@pytest.fixture
def seats(tmp_path: Path) -> Iterator[tuple[Any, Any, dict[str, str], TestClient, Callable[[], None]]]:
    """A served exercise at T+0:40 (comms owes a holding statement): the run, its desk, the codes,
    a client of the app, and ``take()``, which has the console take the seats' requests."""
    run, desk, codes = exercise(tmp_path)
    app = create_app(str(run.journal.path))

    def take() -> None:
        time.sleep(0.05)
        desk.poll(lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra))
        time.sleep(0.5)  # the app reads the journal five times a second

    with TestClient(Addressed(app), base_url=BASE, follow_redirects=False) as client:
        yield run, desk, codes, client, take
    run.journal.close()


def join_page(client: TestClient, code: str, address: str = "10.0.0.1") -> Any:
    return client.post("/join", data={"code": code}, headers={**ORIGIN, "x-test-address": address})


def text_of(html: str, selector: str) -> list[str]:
    return [" ".join(tag.get_text(" ").split()) for tag in BeautifulSoup(html, "html5lib").select(selector)]


def test_a_participant_joins_reads_replies_and_sees_it_taken(seats):
    run, _desk, codes, client, take = seats
    page = client.get("/")
    assert page.status_code == 200 and "Join the exercise" in page.text
    joined = join_page(client, codes["dpo"])
    assert joined.status_code == 303 and joined.headers["location"] == "seat"
    seat = client.get("/seat")
    assert text_of(seat.text, ".inbox .subject") == ["Outbound traffic alert"]
    assert text_of(seat.text, ".inbox li.unread .subject") == ["Outbound traffic alert"]
    assert "Reporter calls" not in seat.text  # comms's message
    message = client.get("/seat", params={"m": "alert"})
    assert text_of(message.text, ".inbox li.unread") == []  # read once opened on this seat
    assert text_of(message.text, ".message h3") == ["Outbound traffic alert"]
    assert text_of(message.text, ".options .option") == ["Isolate the systems", "Keep monitoring"]
    sent = client.post("/send", data={"kind": "reply", "event": "alert", "text": "On it."}, headers=ORIGIN)
    assert sent.status_code == 303 and "sent=" in sent.headers["location"]
    waiting = client.get("/seat", params={"m": "alert"})
    assert text_of(waiting.text, ".history li .verdict") == ["waiting for the exercise"]
    take()
    taken = client.get("/seat", params={"m": "alert"})
    assert text_of(taken.text, ".history li .verdict") == ["Received by the exercise"]
    assert run.journal.last("action").payload["text"] == "On it."


def test_a_refused_choice_says_why_as_the_terminal_does(seats):
    run, _desk, codes, client, take = seats
    assert join_page(client, codes["it"]).status_code == 303
    for option in ("isolate", "monitor"):  # the second comes after the first was taken
        client.post("/send", data={"kind": "choose", "event": "alert", "option": option}, headers=ORIGIN)
        take()
    page = client.get("/seat", params={"m": "alert"})
    verdicts = text_of(page.text, ".history li .verdict")
    assert verdicts[0] == ("Not taken: “Outbound traffic alert” was already decided by IT: Isolate the systems")
    assert verdicts[1] == "Received by the exercise"
    assert text_of(page.text, ".message .decided") == ["✓ Decided by IT: Isolate the systems"]
    assert run.engine.state.choices["alert"] == ("isolate", "it")


def test_the_regulator_form_asks_the_registrys_sections_and_files_them(seats):
    run, _desk, codes, client, take = seats
    join_page(client, codes["dpo"])
    form = client.get("/form", params={"kind": "notify_regulator"})
    soup = BeautifulSoup(form.text, "html5lib")
    names = []
    for tag in soup.select("form [name]"):
        if tag["name"] not in names and tag["name"] not in ("kind", "event", "form"):
            names.append(tag["name"])
    assert names[:4] == ["stage", "contact", "occurred", "discovered"]
    assert {"subject_count", "record_count", "encrypted", "delay_reason"} <= set(names)
    assert soup.select_one("label[for=f-contact]").get_text().startswith("Contact point")
    empty = client.post("/send", data={"kind": "notify_regulator", "form": "1"}, headers=ORIGIN)
    assert empty.status_code == 422 and "Fill in: Contact point" in empty.text  # nothing filed half
    assert run.journal.count("request") == 0
    answers = {
        "kind": "notify_regulator",
        "form": "1",
        "stage": "initial",
        "contact": "DPO, dpo@example.org",
        "occurred": "unknown",
        "discovered": "today 09:05",
        "ongoing": "unknown",
        "nature": "Ransomware; data sent outbound.",
        "subject_categories": "customers",
        "subject_count": "1001-10000",
        "record_categories": "contact details",
        "record_count": "unknown",
        "special": "none",
        "encrypted": "no",
        "consequences": "Phishing.",
        "informed": "Not yet.",
        "measures": "Systems isolated.",
        "international": "none",
    }
    filed = client.post("/send", data=answers, headers=ORIGIN)
    assert filed.status_code == 303
    take()
    action = run.journal.last("action")
    assert action.role == "dpo" and action.payload["action"] == "notify_regulator"
    assert action.payload["subjects"] == "customers (approx. 1,001 to 10,000)"
    assert action.payload["records"] == "contact details (number unknown)"


def test_a_statement_form_and_the_feed(seats):
    run, _desk, codes, client, take = seats
    join_page(client, codes["comms"])
    form = client.get("/form", params={"kind": "statement"})
    assert text_of(form.text, ".choice span") == ["website", "social media", "press"]
    client.post(
        "/send",
        data={"kind": "statement", "form": "1", "text": "We are investigating.", "channels": ["website", "press"]},
        headers=ORIGIN,
    )
    take()
    assert run.journal.last("action").payload["channels"] == ["website", "press"]
    assert run.engine.state.expectations["holding"].status == "met"
    page = client.get("/seat")
    assert text_of(page.text, "#feed-region .storm strong") == ["Storm"]
    assert len(text_of(page.text, "#feed-region .post")) > 0


def test_a_seat_sees_nothing_of_the_facilitators(seats):
    _run, _desk, codes, client, _take = seats
    token = client.post("/api/join", json={"code": codes["comms"], "role": "comms"}).json()["token"]
    records = client.get("/api/records", params={"after": 0}, headers={"authorization": f"Bearer {token}"}).json()
    kinds = {row[3] for row in records["records"]}
    assert kinds and kinds.isdisjoint({"expectation", "seat-code", "join", "due", "skipped"})
    fired_to = [row for row in records["records"] if row[3] == "fired"]
    assert all("comms" in row[5] or '"kind":"storm"' in row[5] for row in fired_to)
    assert all("secret-branch" not in row[5] for row in records["records"])  # the facilitator's flag
    scenario = client.post("/api/join", json={"code": codes["dpo"], "role": "dpo"}).json()["scenario"]
    # the regimes are the team's to know (their filings are the regulator form's): no MSEL in them
    assert set(scenario) == {
        "id",
        "title",
        "language",
        "start",
        "duration",
        "speed",
        "roles",
        "clocks",
        "regime",
        "hotwash",  # the questions every role answers at EndEx, as the room screen shows them
    }
    page = client.get("/seat")  # no cookie: the join page
    assert page.status_code == 303


def test_the_api_joins_follows_and_asks(seats):
    _run, _desk, codes, client, take = seats
    about = client.get("/api/about").json()
    assert about["roles"] == {"comms": "Communications", "dpo": "Data Protection Officer", "it": "IT"}
    joined = client.post("/api/join", json={"code": codes["comms"].lower(), "role": "comms"})
    assert joined.status_code == 200
    bearer = {"authorization": f"Bearer {joined.json()['token']}"}
    assert client.get("/api/state", headers=bearer).json()["role"] == "comms"
    bad = client.post("/api/request", json={"kind": "statement", "fields": {}}, headers=bearer)
    assert bad.status_code == 422 and bad.json()["refusal"] == "statement: not filled in or not right: text"
    good = client.post("/api/request", json={"kind": "statement", "fields": {"text": "Hello."}}, headers=bearer)
    seq = good.json()["seq"]
    take()
    after = client.get("/api/records", params={"after": seq}, headers=bearer).json()["records"]
    assert any(row[3] == "action" and f'"request":{seq}' in row[5] for row in after)
    assert client.get("/api/state").status_code == 401


# safety -------------------------------------------------------------------------------------------


def test_a_forged_origin_is_refused(seats):
    _run, _desk, codes, client, _take = seats
    evil = {"origin": "http://evil.example", "x-test-address": "10.0.0.9"}
    assert client.post("/join", data={"code": codes["comms"]}, headers=evil).status_code == 403
    assert client.post("/api/join", json={"code": codes["comms"]}, headers=evil).status_code == 403
    assert (
        client.post("/join", data={"code": codes["comms"]}, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    )
    assert join_page(client, codes["comms"]).status_code == 303  # from the page itself
    assert client.get("/events", headers=evil).status_code == 403
    assert client.post("/send", data={"kind": "reply", "event": "press", "text": "x"}, headers=evil).status_code == 403


def test_a_revoked_seat_is_refused(seats):
    run, desk, codes, client, _take = seats
    bearer = {"authorization": f"Bearer {client.post('/api/join', json={'code': codes['comms']}).json()['token']}"}
    assert join_page(client, codes["comms"]).status_code == 303
    desk.issue("comms")  # the console's r: a new code for comms
    time.sleep(0.5)
    refused = client.post("/api/request", json={"kind": "statement", "fields": {"text": "Still me."}}, headers=bearer)
    assert refused.status_code == 401
    page = client.post("/send", data={"kind": "reply", "event": "press", "text": "Still me."}, headers=ORIGIN)
    assert page.status_code == 303 and page.headers["location"] == "./?n=ended"
    assert run.journal.count("request") == 0
    assert "a new code" in client.get("/", params={"n": "ended"}).text


def test_wrong_codes_from_one_address_do_not_delay_a_right_code_from_another(seats):
    _run, _desk, codes, client, _take = seats
    answers = [join_page(client, "WRONG2", "10.0.0.66").status_code for _ in range(10)]
    assert answers[0] == 403 and set(answers[1:]) == {429}  # the first tried, then told to wait
    throttled = join_page(client, codes["comms"], "10.0.0.66")
    assert throttled.status_code == 429 and "Wait a second before the next try." in throttled.text
    started = time.monotonic()
    elsewhere = join_page(client, codes["comms"], "10.0.0.7")
    assert elsewhere.status_code == 303 and time.monotonic() - started < 0.5


def test_headers_limits_and_no_listing(seats):
    _run, _desk, _codes, client, _take = seats
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "server" not in page.headers
    assert client.get("/static/").status_code == 404
    assert client.get("/static/seat.css").headers["x-content-type-options"] == "nosniff"
    big = client.post(
        "/join",
        content=b"code=" + b"A" * 100_000,
        headers={**ORIGIN, "content-type": "application/x-www-form-urlencoded"},
    )
    assert big.status_code == 413
    soup = BeautifulSoup(page.text, "html5lib")
    urls = [tag.get(a) for tag in soup.find_all(True) for a in ("href", "src", "action") if tag.get(a)]
    assert urls and all("//" not in url and not url.startswith("/") for url in urls)  # relative, every one


def test_too_many_streams_are_refused(seats):
    _run, _desk, codes, client, _take = seats
    join_page(client, codes["comms"])
    app = client.app.app
    app.asgi.max_streams = 0
    assert client.get("/events").status_code == 503


def test_the_served_app_says_no_server_name(tmp_path):
    run, _desk, _codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server), urllib.request.urlopen(url) as answer:
        assert answer.status == 200 and answer.headers.get("server") is None
    run.journal.close()


def test_the_record_stream_sends_what_the_role_may_see_as_it_happens(tmp_path):
    """The terminal seat's stream, over a real connection: the records after a seq, then new ones."""
    run, _desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server):
        netloc = urlsplit(url).netloc
        connection = http.client.HTTPConnection(netloc, timeout=10)
        connection.request(
            "POST", "/api/join", body=json.dumps({"code": codes["comms"]}), headers={"content-type": "application/json"}
        )
        token = json.loads(connection.getresponse().read())["token"]
        head = run.journal.last_seq()
        stream = http.client.HTTPConnection(netloc, timeout=10)
        stream.request("GET", f"/api/stream?after={head}", headers={"authorization": f"Bearer {token}"})
        answer = stream.getresponse()
        assert answer.status == 200 and answer.getheader("content-type").startswith("text/event-stream")
        run.engine.act("comms", "statement", {"text": "We are investigating."})
        run.journal.commit()
        lines = []
        while not any(line.startswith("data: ") for line in lines):
            lines.append(answer.fp.readline().decode().rstrip("\n"))
        rows = json.loads(next(line for line in lines if line.startswith("data: "))[6:])
        assert any(row[3] == "action" and row[4] == "comms" for row in rows)
        assert all(row[0] > head for row in rows)
        assert f"id: {rows[-1][0]}" in lines
        stream.close()
        connection.close()
    run.journal.close()


def _post_code(url: str, code: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(urlsplit(url).netloc, timeout=10)
    netloc = urlsplit(url).netloc
    connection.request(
        "POST",
        "/join",
        body=f"code={code}",
        headers={"content-type": "application/x-www-form-urlencoded", "origin": f"http://{netloc}", **headers},
    )
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer


def test_forwarded_addresses_count_only_from_the_proxy_the_facilitator_names(tmp_path):
    run, _desk, codes = exercise(tmp_path)
    behind = {"x-forwarded-for": "203.0.113.5", "x-forwarded-proto": "https"}
    elsewhere = {"x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https"}
    with seat_server(run.journal.path) as (url, _server):  # no proxy named: the header is anyone's
        assert _post_code(url, "WRONG3", behind).status == 403
        assert _post_code(url, codes["comms"], elsewhere).status == 429  # the same real address
    with seat_server(run.journal.path, proxies="127.0.0.1") as (url, _server):  # the TLS proxy on this machine
        assert _post_code(url, "WRONG3", behind).status == 403
        joined = _post_code(url, codes["comms"], elsewhere)
        assert joined.status == 303  # another participant behind the proxy: not slowed down
        cookie = joined.getheader("set-cookie") or ""
        assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie
    run.journal.close()


def test_a_busy_port_is_said_at_once_and_no_journal_is_made(tmp_path):
    taken = bind("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        journal = tmp_path / "j.sqlite"
        done = subprocess.run(
            [sys.executable, "-m", "crisissim", "serve", "--port", str(port), "--journal", str(journal)],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    finally:
        taken.close()
    assert done.returncode == 2
    assert done.stderr.startswith(f"crisissim: error: serve: cannot serve seats on 127.0.0.1:{port}")
    assert len(done.stderr.strip().splitlines()) == 1 and not journal.exists()


def test_a_terminal_seat_without_a_server_is_one_line(tmp_path):
    nobody = bind("127.0.0.1", 0)
    port = nobody.getsockname()[1]
    nobody.close()  # nothing listens there now
    done = subprocess.run(
        [sys.executable, "-m", "crisissim", "seat", f"http://127.0.0.1:{port}/", "--role", "comms"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"crisissim: error: seat: 127.0.0.1:{port}:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_console_sees_who_is_connected_and_the_wrong_codes(tmp_path):
    run, _desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, server):
        assert server.summary().connected == {"comms": 0, "dpo": 0, "it": 0}
        _post_code(url, "WRONG4", {})
        joined = _post_code(url, codes["dpo"], {})  # the same address, still waiting: not even tried
        assert joined.status == 429
        time.sleep(1.1)
        assert _post_code(url, codes["dpo"], {}).status == 303
        time.sleep(0.5)
        summary = server.summary()
        assert summary.connected == {"comms": 0, "dpo": 1, "it": 0}
        assert (summary.wrong_codes, summary.addresses) == (1, 1)
    run.journal.close()


@pytest.fixture
def nis2_seats(tmp_path: Path) -> Iterator[tuple[Any, Any, dict[str, str], TestClient, Callable[[], None]]]:
    """The NIS2 scenario lindemeer-drinkwater served at T+1:00, as ``seats`` serves the drill."""
    path = resolve("lindemeer-drinkwater")
    loaded = load_checked(path)
    run = new_run(loaded.scenario, loaded.text, str(path), seed=5, journal_path=tmp_path / "j.sqlite", mode="serve")
    desk = SeatDesk(run.journal, list(loaded.scenario.roles), now=lambda: run.engine.now, wall=time.time)
    codes = desk.issue()
    run.engine.start()
    run.engine.advance_to(60 * 60)
    app = create_app(str(run.journal.path))

    def take() -> None:
        time.sleep(0.05)
        desk.poll(lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra))
        time.sleep(0.5)

    with TestClient(Addressed(app), base_url=BASE, follow_redirects=False) as client:
        yield run, desk, codes, client, take
    run.journal.close()


def form_names(html: str) -> list[str]:
    names: list[str] = []
    for tag in BeautifulSoup(html, "html5lib").select("form [name]"):
        if tag["name"] not in names and tag["name"] not in ("kind", "event", "form", "filing"):
            names.append(tag["name"])
    return names


def test_under_nis2_the_page_asks_which_filing_first_and_files_that_stage(nis2_seats):
    """As ``g`` does (crisissim/exercise/filings.py): the chains' filings in order, then the
    stage's elements; GDPR's choice opens the AP's form."""
    run, _desk, codes, client, take = nis2_seats
    join_page(client, codes["security"])
    choice = client.get("/form", params={"kind": "notify_regulator"})
    assert choice.status_code == 200
    links = BeautifulSoup(choice.text, "html5lib").select(".filings a")
    filings = [parse_qs(urlsplit(a["href"]).query)["filing"][0] for a in links]
    assert filings == [
        "nis2.early_warning",
        "nis2.notification",
        "nis2.intermediate",
        "nis2.progress",
        "nis2.final",
        "gdpr",
    ]
    assert text_of(choice.text, ".filings a")[0].startswith("Vroegtijdige waarschuwing (NIS2")
    gdpr = client.get("/form", params={"kind": "notify_regulator", "filing": "gdpr"})
    assert form_names(gdpr.text)[:2] == ["stage", "contact"]
    assert client.get("/form", params={"kind": "notify_regulator", "filing": "dora.initial"}).status_code == 303
    form = client.get("/form", params={"kind": "notify_regulator", "filing": "nis2.notification"})
    assert form_names(form.text) == ["malicious", "cross_border", "assessment", "indicators"]
    empty = {"kind": "notify_regulator", "form": "1", "filing": "nis2.notification"}
    assert client.post("/send", data=empty, headers=ORIGIN).status_code == 422
    answers = {**empty, "malicious": "ja", "cross_border": "nee", "assessment": "onbekend", "indicators": "onbekend"}
    assert client.post("/send", data=answers, headers=ORIGIN).status_code == 303
    take()
    action = run.journal.last("action")
    assert action.role == "security" and action.payload["regime"] == "nis2"
    assert action.payload["stage"] == "notification" and action.payload["assessment"] == "unknown"
    assert text_of(client.get("/seat").text, ".history li .summary")[0] == "NIS2: incidentmelding"


def test_the_art_34_letter_and_its_exception_are_forms_of_the_page(nis2_seats):
    run, _desk, codes, client, take = nis2_seats
    join_page(client, codes["dpo"])
    seat = client.get("/seat")
    hrefs = [a["href"] for a in BeautifulSoup(seat.text, "html5lib").select(".actions a")]
    assert "form?kind=notify_subjects" in hrefs and "form?kind=subjects_exception" in hrefs
    letter = client.get("/form", params={"kind": "notify_subjects"})
    assert {"public", "nature", "consequences", "measures", "contact", "text"} <= set(form_names(letter.text))
    exception = client.get("/form", params={"kind": "subjects_exception"})
    assert form_names(exception.text) == ["ground", "reasoning"]
    grounds = text_of(exception.text, ".choice span")
    assert len(grounds) == 3 and grounds[0].startswith("(a)")
    posted = {
        "kind": "subjects_exception",
        "form": "1",
        "ground": "mitigated",
        "reasoning": "Alle wachtwoorden zijn vervangen.",
    }
    assert client.post("/send", data=posted, headers=ORIGIN).status_code == 303
    take()
    action = run.journal.last("action")
    assert action.payload["action"] == "subjects_exception" and action.payload["ground"] == "mitigated"


def test_a_regulators_question_reaches_the_seat_and_is_answered_from_the_page(nis2_seats):
    run, _desk, codes, client, take = nis2_seats
    join_page(client, codes["security"])
    answers = {
        "kind": "notify_regulator",
        "form": "1",
        "filing": "nis2.notification",
        "malicious": "ja",
        "cross_border": "onbekend",
        "assessment": "onbekend",
        "indicators": "onbekend",
    }
    client.post("/send", data=answers, headers=ORIGIN)
    take()
    run.engine.advance_to(run.engine.now + 5 * 3600)  # the CSIRT asks back within 4 hours
    time.sleep(0.5)
    letters = [r.payload for r in run.journal.records() if r.kind == "fired" and r.payload.get("question")]
    assert letters and letters[0]["channel"] == "regulator" and "security" in letters[0]["to"]
    asked = letters[0]["event"]
    seat = client.get("/seat", params={"m": asked})
    assert asked in [a["href"].split("m=")[-1] for a in BeautifulSoup(seat.text, "html5lib").select(".inbox a")]
    assert text_of(seat.text, ".message h3")
    sent = client.post("/send", data={"kind": "reply", "event": asked, "text": "Zie de bijlage."}, headers=ORIGIN)
    assert sent.status_code == 303
    take()
    reply = run.journal.last("action")
    assert reply.payload["action"] == "reply" and reply.payload["event"] == asked


def test_a_terminal_seat_learns_the_regimes_so_g_offers_their_filings(nis2_seats):
    """``crisissim seat URL`` asks the filings of the regimes the API names, as the console's g does."""
    _run, _desk, codes, client, _take = nis2_seats
    scenario = client.post("/api/join", json={"code": codes["security"], "role": "security"}).json()["scenario"]
    assert scenario["regime"] == ["nis2", "gdpr"]
    known = api_seat_scenario(scenario)
    assert known.regime == ["nis2", "gdpr"] and asks_which_filing(known.regime)
    assert api_seat_scenario({**scenario, "regime": ["nis2", "brexit"]}).regime == ["nis2"]


# the hot wash at EndEx ----------------------------------------------------------------------------


def take_hotwash(run: Any, desk: Any) -> None:
    """The console's desk after EndEx: actions through the engine's act, answers through its hot wash."""
    time.sleep(0.05)
    desk.poll(
        lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra),
        lambda role, answers, request: run.engine.hotwash(role, answers, request),
    )
    time.sleep(0.5)


def test_the_hot_wash_is_refused_before_endex_and_offers_no_form(seats):
    run, desk, codes, client, _take = seats
    join_page(client, codes["comms"])
    region = BeautifulSoup(client.get("/seat").text, "html5lib").select_one("#hotwash-region")
    assert region is not None and region.get_text().strip() == ""  # nothing of a hot wash yet
    assert client.get("/form", params={"kind": "hotwash"}).status_code == 303  # no form before EndEx
    joined = client.post("/api/join", json={"code": codes["dpo"], "role": "dpo"}).json()
    bearer = {"authorization": f"Bearer {joined['token']}"}
    early = client.post("/api/request", json={"kind": "hotwash", "fields": {"answers": ["Too soon."]}}, headers=bearer)
    assert early.status_code == 422 and early.json()["refusal"] == "the hot wash comes at EndEx"
    assert run.journal.count("request") == 0
    # one that reached the journal anyway (sent just before EndEx) is refused by the engine, not lost
    seq = run.journal.append_record(
        run.engine.now, time.time(), "dpo", rec.Request(action="hotwash", fields={"answers": ["x"]})
    )
    run.journal.commit()
    take_hotwash(run, desk)
    assert run.journal.last("refused").payload == {"request": seq, "reason": {"code": "not-ended"}}
    assert run.journal.count("hotwash") == 0


def test_a_seat_answers_its_hot_wash_at_endex_and_the_report_has_it(seats):
    run, desk, codes, client, _take = seats
    join_page(client, codes["comms"])
    run.engine.command("end")
    time.sleep(0.5)
    page = client.get("/seat")
    assert text_of(page.text, "#hotwash h2") == ["Hot wash"]
    assert text_of(page.text, "#hotwash .questions li") == ["What went well?"]
    form = client.get("/form", params={"kind": "hotwash"})
    assert form.status_code == 200
    assert text_of(form.text, "label[for=f-q0]") == ["1. What went well?"]
    blank = client.post("/send", data={"kind": "hotwash", "form": "1", "q0": "  "}, headers=ORIGIN)
    assert blank.status_code == 422 and "Nothing typed yet" in blank.text
    sent = client.post("/send", data={"kind": "hotwash", "form": "1", "q0": "The holding statement."}, headers=ORIGIN)
    assert sent.status_code == 303 and sent.headers["location"].endswith("#hotwash")
    assert text_of(client.get("/seat").text, "#hotwash .waiting") == ["Sent: waiting for the exercise"]
    take_hotwash(run, desk)
    take_hotwash(run, desk)  # taken once, however often the desk looks
    hotwash = [r for r in run.journal.records() if r.kind == "hotwash"]
    assert [(r.role, r.payload["answers"]) for r in hotwash] == [("comms", ["The holding statement."])]
    assert hotwash[0].payload["request"] == run.journal.last("request").seq
    page = client.get("/seat")
    assert text_of(page.text, "#hotwash .done") == ["✓ The exercise has your role's answers"]
    assert text_of(page.text, "#hotwash dd") == ["The holding statement."]
    assert text_of(page.text, ".history li .verdict")[0] == "Received by the exercise"
    assert text_of(page.text, ".history li strong")[0] == "Hot wash"
    # the form shows the answers as they stand, to change them
    again = client.get("/form", params={"kind": "hotwash"})
    assert text_of(again.text, "#f-q0") == ["The holding statement."]
    report = render_report(run.journal.path, "md").text
    assert "The holding statement." in report.split("## Hot wash")[1]


def test_an_answer_the_console_has_is_shown_on_the_seat(seats):
    run, _desk, codes, client, _take = seats
    join_page(client, codes["it"])
    run.engine.command("end")
    run.engine.hotwash("it", ["Isolated in time."])  # typed at the console's hot wash
    time.sleep(0.5)
    page = client.get("/seat")
    assert text_of(page.text, "#hotwash .done") == ["✓ The exercise has your role's answers"]
    assert text_of(page.text, "#hotwash dd") == ["Isolated in time."]
    join_page(client, codes["comms"])  # another role's seat does not see it
    assert text_of(client.get("/seat").text, "#hotwash dd") == []


def test_after_endex_a_seats_action_is_refused_not_left_waiting(seats):
    run, desk, codes, client, _take = seats
    join_page(client, codes["comms"])
    run.engine.command("end")
    client.post(
        "/send", data={"kind": "statement", "form": "1", "text": "Late.", "channels": "website"}, headers=ORIGIN
    )
    take_hotwash(run, desk)
    assert text_of(client.get("/seat").text, ".history li .verdict")[0] == "Not taken: the exercise has ended"


def test_the_page_amends_and_withdraws_a_filing_as_g_does(nis2_seats):
    """Once filed, the regulator form's first question offers "Wijzigen: …" and "Intrekken: …"
    (crisissim/exercise/filings.py, as the console's ``g``), then that change's form; what is
    journaled is what the console's form files."""
    run, _desk, codes, client, take = nis2_seats
    join_page(client, codes["security"])
    first = {"kind": "notify_regulator", "form": "1", "filing": "nis2.early_warning"}
    client.post("/send", data={**first, "malicious": "ja", "cross_border": "onbekend"}, headers=ORIGIN)
    take()
    choice = client.get("/form", params={"kind": "notify_regulator"})
    links = BeautifulSoup(choice.text, "html5lib").select(".filings a")
    offered = {parse_qs(urlsplit(a["href"]).query)["filing"][0]: a.get_text(" ", strip=True) for a in links}
    assert offered["amend:nis2.early_warning"].startswith("Wijzigen: vroegtijdige waarschuwing")
    assert offered["withdraw:nis2.early_warning"].startswith("Intrekken: vroegtijdige waarschuwing")
    assert "amend:nis2.notification" not in offered  # only what stands is changed
    assert client.get("/form", params={"kind": "notify_regulator", "filing": "withdraw:nis2.final"}).status_code == 303

    amend = client.get("/form", params={"kind": "notify_regulator", "filing": "amend:nis2.early_warning"})
    assert form_names(amend.text) == ["malicious", "cross_border"]
    assert text_of(amend.text, "form h1")[0].endswith("(wijziging)")
    values = {"malicious": "ja", "cross_border": "nee, alleen Nederland"}
    sent = {**first, "filing": "amend:nis2.early_warning", **values}
    assert client.post("/send", data=sent, headers=ORIGIN).status_code == 303
    take()
    amended = run.journal.last("action")
    assert amended.payload["request"] == run.journal.last("request").seq
    wanted = filing_fields("nis2.early_warning", values, change="amend")
    assert {k: v for k, v in amended.payload.items() if k not in ("action", "request")} == wanted

    withdraw = client.get("/form", params={"kind": "notify_regulator", "filing": "withdraw:nis2.early_warning"})
    assert form_names(withdraw.text) == ["reason"]
    blank = {**first, "filing": "withdraw:nis2.early_warning", "reason": " "}
    assert client.post("/send", data=blank, headers=ORIGIN).status_code == 422  # a withdrawal says why
    why = {**blank, "reason": "Geen significant incident: het was een test van de leverancier."}
    assert client.post("/send", data=why, headers=ORIGIN).status_code == 303
    take()
    withdrawn = run.journal.last("action").payload
    assert withdrawn["change"] == "withdraw" and withdrawn["reason"].startswith("Geen significant incident")
    page = client.get("/seat").text
    assert text_of(page, ".history li .summary")[:2] == [
        "Intrekken: NIS2: vroegtijdige waarschuwing",
        "NIS2: vroegtijdige waarschuwing (wijziging)",
    ]
    assert text_of(page, ".history li .verdict")[:2] == ["Ontvangen door de oefening"] * 2
    # nothing stands any more: no change of it is offered
    again = client.get("/form", params={"kind": "notify_regulator"}).text
    assert "withdraw:nis2.early_warning" not in again


def test_the_filing_button_names_the_regulator_the_regimes_give(nis2_seats):
    """NIS2 and GDPR: the filing may go to the CSIRT or the AP, so the button is neutral, as the
    console's g and the report's legend are."""
    _run, _desk, codes, client, _take = nis2_seats
    join_page(client, codes["dpo"])
    buttons = text_of(client.get("/seat").text, ".actions a")
    assert "Melding aan toezichthouder" in buttons and "AP-melding" not in buttons


def test_under_gdpr_alone_the_filing_button_names_the_dpa(seats):
    _run, _desk, codes, client, _take = seats
    join_page(client, codes["dpo"])
    assert "DPA notification" in text_of(client.get("/seat").text, ".actions a")
