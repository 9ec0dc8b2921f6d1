"""Seats in a real browser: headless Chromium (Debian's ``chromium``, driven by Playwright with
its ``executable_path``) joins the default exercise, in Dutch, as two roles at 1280x800 and one
at 390x844; they reply, publish a statement and file the regulator form, and the journal has
each action; a phone files a NIS2 notification of lindemeer-drinkwater after picking it, and a
phone answers its role's hot wash at EndEx. The phone's page has no horizontal scroll, and every
request the browser makes goes to this server.

Set ``CRISISSIM_SCREENSHOTS=DIR`` to keep the screenshots (docs/seats.md shows them).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crisissim.engine.seats import SeatDesk
from crisissim.exercise import new_run
from crisissim.exercise.checks import checked_scenario
from crisissim.journal import records as rec
from tests.functional_tests.web_support import seat_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed ({CHROMIUM} is missing); .ci/run installs it from Debian")
    playwright_api = pytest.importorskip("playwright.sync_api")
    playwright_api.expect.set_options(timeout=10_000)
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def default_exercise(tmp_path: Path) -> Iterator[tuple[Any, dict[str, str], Callable[[], None]]]:
    """The default scenario (Dutch) at T+5:30, running: its run, the join codes, and ``take()``,
    the console taking the seats' requests."""
    checked = checked_scenario(None)
    scenario = checked.scenario
    run = new_run(scenario, checked.text, checked.file, seed=2016, journal_path=tmp_path / "j.sqlite", mode="serve")
    desk = SeatDesk(run.journal, list(scenario.roles), now=lambda: run.engine.now, wall=time.time)
    codes = desk.issue()
    run.engine.start()
    run.engine.advance_to(330 * 60)  # T+5:30, as docs/running.md's screens: messages, a storm, the press
    run.engine.control(rec.Pace.RESUME)
    run.journal.commit()

    def take() -> None:
        time.sleep(0.1)
        desk.poll(lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra))
        run.journal.commit()

    try:
        yield run, codes, take
    finally:
        run.journal.close()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _shot(page: Any, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CRISISSIM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def _join(context: Any, base: str, code: str, requested: list[str]) -> Any:
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base)
    assert page.locator("h1 .eyebrow").text_content() == "Deelnemen aan de oefening"
    page.get_by_label("De deelnamecode van uw rol").fill(code)
    page.get_by_role("button", name="Deelnemen").click()
    page.wait_for_url("**/seat")
    return page


def _no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_two_laptops_and_a_phone_reply_publish_and_file(browser, default_exercise, tmp_path):
    run, codes, take = default_exercise
    requested: list[str] = []
    with seat_server(run.journal.path) as (base, _server):
        # comms at a laptop: a message, a reply, then a statement
        laptop = browser.new_context(viewport=LAPTOP, locale="nl-NL")
        comms = _join(laptop, base, codes["comms"], requested)
        assert "Communicatie" in comms.locator(".top .role").inner_text()
        first = comms.locator(".inbox a").first
        subject = first.locator(".subject").inner_text()
        first.click()
        assert comms.locator(".message h3").inner_text() == subject
        comms.get_by_label("Uw antwoord").fill("We zoeken het uit en komen binnen een uur bij u terug.")
        comms.get_by_role("button", name="Versturen").click()
        comms.wait_for_url("**sent=*")
        assert "wacht op de oefening" in comms.locator("#history-region").inner_text()
        take()
        expect(comms.locator("#history-region li.taken")).to_have_count(1)
        comms.get_by_role("link", name="Verklaring").click()
        comms.get_by_label("Tekst").fill("Ziekenhuis Rijnoord onderzoekt een cyberaanval. Patiëntenzorg gaat door.")
        _shot(comms, "seat-form-1280x800", tmp_path)
        comms.get_by_role("button", name="Versturen").click()
        comms.wait_for_url("**/seat**")
        take()
        expect(comms.locator("#history-region li.taken")).to_have_count(2)
        comms.locator(".inbox a").first.click()
        _shot(comms, "seat-1280x800", tmp_path)

        # the DPO at another laptop: the regulator form, its sections
        dpo_context = browser.new_context(viewport=LAPTOP, locale="nl-NL")
        dpo = _join(dpo_context, base, codes["dpo"], requested)
        # the hospital is under NIS2 too: the button names no one regulator, and asks which
        # filing first, as g does, then the AP's form
        dpo.get_by_role("link", name="Melding aan toezichthouder").click()
        dpo.locator(".filings a[href*='filing=gdpr']").click()
        dpo.get_by_label("Contactpunt").fill("FG, fg@rijnoord.example")
        dpo.get_by_label("Aard van het datalek").fill("Ransomware; ongeveer 40 GB uitgaand verkeer.")
        dpo.get_by_label("Categorieën betrokkenen").fill("patiënten")
        dpo.get_by_label("Gevolgen").fill("Mogelijk misbruik van medische gegevens.")
        dpo.get_by_label("Maatregelen").fill("Systemen geïsoleerd, forensisch onderzoek gestart.")
        dpo.get_by_label("Wanneer het gebeurde").fill("onbekend")
        dpo.get_by_label("Wanneer het is ontdekt").fill("vandaag 03:14")
        dpo.get_by_label("Categorieën gegevens").fill("medische gegevens")
        dpo.get_by_label("Bijzondere persoonsgegevens en BSN").fill("gezondheid, BSN")
        dpo.get_by_label("Betrokkenen ingelicht?").fill("Nog niet.")
        dpo.get_by_label("Andere EU-landen").fill("geen")
        dpo.get_by_role("button", name="Versturen").click()
        dpo.wait_for_url("**/seat**")
        take()
        expect(dpo.locator("#history-region li.taken")).to_have_count(1)
        dpo.evaluate("window.scrollTo(0, 0)")
        _shot(dpo, "seat-dpo-1280x800", tmp_path)

        # IT on a phone: a message and a reply, no horizontal scroll anywhere
        phone_context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL"
        )
        phone = _join(phone_context, base, codes["it"], requested)
        assert _no_horizontal_scroll(phone)
        _shot(phone, "seat-390x844", tmp_path)
        phone.locator(".inbox a").first.tap()
        phone.wait_for_url("**m=*")
        assert _no_horizontal_scroll(phone)
        _shot(phone, "seat-message-390x844", tmp_path)
        phone.get_by_label("Uw antwoord").fill("Crisisteam IT is bijeen.")
        phone.get_by_role("button", name="Versturen").click()
        phone.wait_for_url("**sent=*")
        take()
        expect(phone.locator("#history-region li.taken")).to_have_count(1)
        phone.get_by_role("link", name="Melding aan toezichthouder").click()
        assert _no_horizontal_scroll(phone)
        for context in (laptop, dpo_context, phone_context):
            context.close()

    actions = [(r.role, r.payload["action"]) for r in run.journal.records(kinds=("action",))]
    assert ("comms", "reply") in actions and ("comms", "statement") in actions
    assert ("dpo", "notify_regulator") in actions and ("it", "reply") in actions
    filed = run.journal.last("action").payload if actions[-1] == ("dpo", "notify_regulator") else None
    regulator = [r.payload for r in run.journal.records(kinds=("action",)) if r.payload["action"] == "notify_regulator"]
    assert regulator[0]["subjects"].startswith("patiënten") and regulator[0]["contact"] == "FG, fg@rijnoord.example"
    assert filed is None or filed["nature"].startswith("Ransomware")
    elsewhere = [url for url in requested if not url.startswith(base)]
    assert elsewhere == [], elsewhere


def test_a_phone_files_a_nis2_incident_notification_after_picking_it(browser, tmp_path):
    """lindemeer-drinkwater (NIS2 and GDPR) at 390x844: the regulator button asks which filing,
    as g does, then the incident notification's elements; no horizontal scroll on either page."""
    checked = checked_scenario("lindemeer-drinkwater")
    scenario = checked.scenario
    run = new_run(scenario, checked.text, checked.file, seed=2016, journal_path=tmp_path / "j.sqlite", mode="serve")
    desk = SeatDesk(run.journal, list(scenario.roles), now=lambda: run.engine.now, wall=time.time)
    codes = desk.issue()
    run.engine.start()
    run.engine.advance_to(120 * 60)
    run.journal.commit()
    requested: list[str] = []
    try:
        with seat_server(run.journal.path) as (base, _server):
            context = browser.new_context(
                viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL"
            )
            phone = _join(context, base, codes["security"], requested)
            phone.locator(".actions a[href='form?kind=notify_regulator']").tap()
            expect(phone.locator("h1")).to_have_text("Melding aan de toezichthouder: welke melding?")
            expect(phone.locator(".filings a")).to_have_count(6)
            assert _no_horizontal_scroll(phone)
            _shot(phone, "seat-filings-390x844", tmp_path)
            phone.get_by_role("link", name="Incidentmelding (NIS2 art. 23 lid 4 onder b)").tap()
            expect(phone.locator("h1")).to_have_text("NIS2: incidentmelding")
            assert _no_horizontal_scroll(phone)
            phone.get_by_label("Vermoeden van onrechtmatig of kwaadwillig handelen?").fill("ja")
            for label in ("Mogelijk grensoverschrijdende gevolgen?", "Eerste beoordeling", "Indicatoren"):
                phone.get_by_label(label).fill("onbekend")
            phone.get_by_role("button", name="Versturen").tap()
            phone.wait_for_url("**/seat**")
            time.sleep(0.1)
            desk.poll(lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra))
            run.journal.commit()
            expect(phone.locator("#history-region li.taken .summary")).to_have_text("NIS2: incidentmelding")
            context.close()
    finally:
        filed = run.journal.last("action")
        run.journal.close()
    assert filed is not None and filed.role == "security"
    assert (filed.payload["regime"], filed.payload["stage"], filed.payload["malicious"]) == (
        "nis2",
        "notification",
        "ja",
    )
    assert [url for url in requested if not url.startswith(base)] == []


SERVE_ALONE = """
import sys, time
from crisissim.web.server import bind, serve_seats
sock = bind("127.0.0.1", int(sys.argv[2]))
serve_seats(sys.argv[1], sock)
while True:
    time.sleep(60)
"""


def _seat_process(journal: Path, port: int) -> Any:
    """The seat server in a process of its own, as beside a console: ``kill -9`` ends it as it ends the console."""
    import subprocess
    import sys
    import urllib.request

    process = subprocess.Popen([sys.executable, "-c", SERVE_ALONE, str(journal), str(port)])
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/about", timeout=1):
                return process
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.1)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390x844", "1280x800"])
def test_the_page_says_at_once_when_the_console_dies_and_sends_what_waited_when_it_is_back(
    browser, default_exercise, tmp_path, viewport
):
    """kill -9 of the process that serves the seats: the banner within three seconds, the clock
    stopped, a reply kept in the outbox as waiting (never "Verstuurd"); served again on the same
    port, the same seat (no new code) sends it, once, and the exercise takes it."""
    import os
    import signal
    import socket

    run, codes, take = default_exercise
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    server = _seat_process(run.journal.path, port)
    again = None
    try:
        context = browser.new_context(viewport=viewport, locale="nl-NL")
        page = _join(context, base, codes["it"], [])
        page.locator(".inbox a").first.click()
        page.wait_for_url("**m=*")
        banner = page.locator("#offline")
        expect(banner).to_be_hidden()
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        killed = time.monotonic()
        expect(banner).to_be_visible(timeout=3000)
        assert time.monotonic() - killed < 3.5
        assert banner.inner_text().startswith("De oefening is niet bereikbaar")
        expect(page.locator(".status .state")).to_have_text("NIET BEREIKBAAR")
        shown = page.locator("[data-tplus]").first.inner_text()
        page.get_by_label("Uw antwoord").fill("Wij isoleren de servers nu.")
        page.get_by_role("button", name="Versturen").click()
        outbox = page.locator("#outbox")
        expect(outbox).to_be_visible()
        expect(outbox.locator("li .verdict")).to_have_text("gaat mee zodra de oefening terug is")
        assert "Verstuurd" not in page.locator("body").inner_text()
        _shot(page, f"seat-unreachable-{viewport['width']}x{viewport['height']}", tmp_path)
        time.sleep(1.5)
        assert page.locator("[data-tplus]").first.inner_text() == shown  # no moving clock on a dead console
        assert run.journal.count("request") == 0

        again = _seat_process(run.journal.path, port)  # the console is back (serve --resume)
        page.wait_for_url("**sent=*", timeout=10_000)
        expect(banner).to_be_hidden()
        expect(page.locator("#outbox")).to_be_hidden()
        take()
        expect(page.locator("#history-region li.taken")).to_have_count(1)
        context.close()
    finally:
        for process in (server, again):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
    requests = [r for r in run.journal.records(kinds=("request",))]
    assert len(requests) == 1 and requests[0].payload["text"] == "Wij isoleren de servers nu."
    assert requests[0].payload.get("client_id")


def test_a_phone_answers_its_hot_wash_at_endex(browser, default_exercise, tmp_path):
    """At EndEx the phone's page shows the role's hot wash first; the form answers it by touch,
    the console's desk takes it through the engine's hot wash, and the page shows it answered."""
    run, codes, _take = default_exercise
    desk = SeatDesk(run.journal, list(run.scenario.roles), now=lambda: run.engine.now, wall=time.time)
    requested: list[str] = []
    with seat_server(run.journal.path) as (base, _server):
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL"
        )
        phone = _join(context, base, codes["it"], requested)
        expect(phone.locator("#hotwash")).to_have_count(0)
        run.engine.command("end")
        run.journal.commit()
        # the live updates bring the hot wash in without a reload
        expect(phone.locator("#hotwash h2")).to_have_text("Hot wash")
        questions = phone.locator("#hotwash .questions li")
        expect(questions).to_have_count(len(run.scenario.hotwash))
        assert _no_horizontal_scroll(phone)
        phone.get_by_role("link", name="Vragen beantwoorden").tap()
        expect(phone.locator("h1")).to_have_text("Hot wash")
        assert _no_horizontal_scroll(phone)
        first = str(run.scenario.hotwash[0])
        phone.get_by_label(f"1. {first}").fill("Het isoleren van de systemen ging snel en was goed afgestemd.")
        _shot(phone, "seat-hotwash-form-390x844", tmp_path)
        phone.get_by_role("button", name="Versturen").tap()
        phone.wait_for_url("**/seat**")
        time.sleep(0.1)
        desk.poll(
            lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra),
            lambda role, answers, request: run.engine.hotwash(role, answers, request),
        )
        run.journal.commit()
        expect(phone.locator("#hotwash .done")).to_have_text("✓ De oefening heeft de antwoorden van uw rol")
        expect(phone.locator("#hotwash dd").first).to_have_text(
            "Het isoleren van de systemen ging snel en was goed afgestemd."
        )
        phone.evaluate("window.scrollTo(0, 0)")
        assert _no_horizontal_scroll(phone)
        _shot(phone, "seat-hotwash-390x844", tmp_path)
        context.close()
    hotwash = run.journal.last("hotwash")
    assert hotwash is not None and hotwash.role == "it"
    assert hotwash.payload["answers"][0].startswith("Het isoleren")
    assert hotwash.payload["request"] == run.journal.last("request").seq
    assert [url for url in requested if not url.startswith(base)] == []
