"""The seats' web app: a participant's pages and the JSON API the page and the terminal seat share.

Pages (rendered here with Jinja2, autoescaped; every link relative, so that the app works behind
a TLS proxy and under any path prefix):

- ``/`` the join page (a role's code), ``join`` takes it;
- ``seat`` the role's page: clocks, inbox with unread marks, the message with its deadline and
  options, a reply, the action buttons, what the role sent and what became of it, the feed and
  the news; ``seat?m=EVENT`` opens a message (and marks it read for this seat);
- ``form?kind=KIND`` an action's form (the registry's questions, crisissim/exercise/forms.py);
- ``send`` takes a choice, a reply or a form and journals it as a request; ``leave`` ends the seat;
- ``events`` the page's live updates (Server-Sent Events): the areas that changed, as HTML.

The API (JSON; a seat's token as ``Authorization: Bearer``):

- ``GET api/about`` -> the exercise's title, language and roles (what a seat shows before its code);
- ``POST api/join`` ``{"code", "role"?}`` -> ``{"token", "role", "scenario"}``, or 403/429 with
  the wait;
- ``GET api/state`` -> the role, the exercise's clock, the last seq;
- ``GET api/records?after=SEQ`` -> the records the role may see after SEQ (``{"records": [[seq,
  sim, wall, kind, role, payload]...], "last_seq"}``); ``GET api/stream?after=SEQ`` the same as
  Server-Sent Events;
- ``POST api/request`` ``{"kind", "fields", "id"?}`` -> ``{"seq"}``, or 422 with the refusal's words;
  the seat's own ``id`` sent again is answered with the first one's seq (nothing taken twice).

A page and the API both end at the hub (:mod:`crisissim.web.hub`): no seat opens the journal.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from crisissim.exercise import filings
from crisissim.exercise.forms import (
    Form,
    action_fields,
    action_form,
    hotwash_answers,
    hotwash_form,
    late_notification,
)
from crisissim.journal.explain import Names, refusal_text
from crisissim.scenario.actions import BY_KIND, HOTWASH
from crisissim.web import pages
from crisissim.web.hub import Hub, Refusal, Seat, record_row
from crisissim.web.safety import MAX_BODY, Safety
from crisissim.web.words import FORM_KINDS, Words

HERE = Path(__file__).parent
COOKIE = "crisissim_seat"
HEARTBEAT_S = 1.0
"""Something on every stream at least this often (the page's clock, a comment on the API's): a seat
that hears nothing for a few seconds knows the console is gone, and says so at once."""
REDRAW_S = 15.0
"""The page's areas are drawn again when the journal brings something, and at least this often."""
STREAM_EVERY_S = 0.25
"""The least time between two updates of one stream: a storm's posts come in batches, not one by one."""


class TooLarge(Exception):
    pass


async def body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request's body, at most ``limit`` bytes however it is sent (:class:`TooLarge` past it)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def address(request: Request) -> str:
    """The client's address, which wrong codes are counted by."""
    return request.client.host if request.client else "?"


def seat_scenario(hub: Hub) -> dict[str, Any]:
    """What a terminal seat needs of the scenario to show its role: no event, no note, no
    expectation or objective, no condition (the MSEL stays with the facilitator)."""
    s = hub.scenario
    return {
        "id": s.id,
        "title": s.title,
        "language": s.language,
        "start": s.start.isoformat() if s.start else None,
        "duration": s.duration,
        "speed": s.speed,
        "roles": {role_id: {"name": role.name} for role_id, role in s.roles.items()},
        "clocks": {clock_id: {"label": clock.label, "limit": clock.limit} for clock_id, clock in s.clocks.items()},
        # the regimes name the filings the regulator form offers (crisissim/exercise/filings.py)
        "regime": list(s.regime),
        # the questions a role answers at EndEx
        "hotwash": [str(q) for q in s.hotwash],
    }


class SeatApp:
    """The Starlette app over one hub, in one language."""

    hub: Hub
    words: Words

    def __init__(self, location: str, language: str | None = None) -> None:
        self.location, self.language = location, language
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        routes = [
            Route("/", self.join_page),
            Route("/join", self.join_form, methods=["POST"]),
            Route("/seat", self.seat_page),
            Route("/form", self.form_page),
            Route("/send", self.send_form, methods=["POST"]),
            Route("/leave", self.leave, methods=["POST"]),
            Route("/events", self.page_events),
            Route("/api/about", self.api_about),
            Route("/api/join", self.api_join, methods=["POST"]),
            Route("/api/state", self.api_state),
            Route("/api/records", self.api_records),
            Route("/api/stream", self.api_stream),
            Route("/api/request", self.api_request, methods=["POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]
        self.app = Starlette(routes=routes, lifespan=self._lifespan)
        self.asgi = Safety(self.app)

    def open(self) -> None:
        """Open the journal, in the thread that serves: the store's connection is that thread's."""
        self.hub = Hub(self.location)
        self.words = Words(self.language or self.hub.scenario.language, self.hub.scenario.regime)
        self.templates.globals.update(w=self.words, scenario=self.hub.scenario, lang=self.words.language)

    @contextlib.asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self.open()
        self.loop = asyncio.get_running_loop()
        task = asyncio.get_running_loop().create_task(self.hub.follow())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.hub.close()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.asgi(scope, receive, send)

    def end_streams(self) -> None:
        """End every open stream (from any thread): the server is stopping, and waits for them."""
        loop = getattr(self, "loop", None)
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.hub.end_streams)

    # helpers ---------------------------------------------------------------------------------------

    def render(self, name: str, http_status: int = 200, **values: Any) -> HTMLResponse:
        html = self.templates.get_template(name).render(**values)
        return HTMLResponse(html, status_code=http_status, headers={"cache-control": "no-store"})

    def page_seat(self, request: Request) -> Seat | None:
        return self.hub.seat(request.cookies.get(COOKIE))

    def api_seat(self, request: Request) -> Seat | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return self.hub.seat(token.strip()) if scheme.lower() == "bearer" else None

    def seat_values(self, seat: Seat, selected: str | None) -> dict[str, Any]:
        state = self.hub.roles[seat.role]
        view = state.view
        if selected is not None and all(item.event != selected for item in view.inbox[seat.role]):
            selected = None
        return {
            "seat": seat,
            "role_name": self.hub.scenario.roles[seat.role].name,
            "status": pages.status(view, self.hub.scenario, self.words),
            "inbox": pages.inbox(state, seat, self.words, selected),
            "message": pages.message(state, seat, self.hub.scenario, self.words, selected),
            "history": pages.history(state, self.hub.scenario, self.words),
            "feed": pages.feed(view, self.words),
            "kinds": [(kind, self.words.button(kind)) for kind in FORM_KINDS],
            "selected": selected,
            "hotwash": pages.hotwash(state, seat, self.hub.scenario, self.words),
        }

    def regions(self, seat: Seat, selected: str | None) -> dict[str, str]:
        """The page's live areas, each as the HTML that replaces it."""
        values = self.seat_values(seat, selected)
        module = self.templates.get_template("regions.html").make_module(values)
        return {
            name: str(getattr(module, name)())
            for name in (
                "status_region",
                "hotwash_region",
                "inbox_region",
                "message_region",
                "history_region",
                "feed_region",
            )
        }

    # pages -----------------------------------------------------------------------------------------

    async def join_page(self, request: Request) -> Response:
        if self.page_seat(request) is not None:
            return RedirectResponse("seat", status_code=303)
        notice = {"left": self.words.left_seat, "ended": self.words.ended_seat}.get(request.query_params.get("n", ""))
        return self.render("join.html", notice=notice or "")

    async def join_form(self, request: Request) -> Response:
        try:
            fields = parse_qs((await body(request)).decode("utf-8", "replace"))
        except TooLarge:
            return Response(status_code=413)
        code = (fields.get("code") or [""])[0]
        result = self.hub.join(code, address(request))
        if result.seat is None:
            said = self.words.wait(result.wait)
            error = f"{self.words.wrong_code} {said}" if result.tried else said
            return self.render("join.html", http_status=403 if result.tried else 429, error=error, notice="")
        response = RedirectResponse("seat", status_code=303)
        response.set_cookie(
            COOKIE, result.seat.token, httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
        return response

    async def seat_page(self, request: Request) -> Response:
        seat = self.page_seat(request)
        if seat is None:
            return RedirectResponse("./?n=ended" if request.cookies.get(COOKIE) else "./", status_code=303)
        selected = request.query_params.get("m") or None
        if selected:
            seat.read.add(selected)
        values = self.seat_values(seat, selected)
        notice = self.words.sent_notice if request.query_params.get("sent") else ""
        return self.render("seat.html", notice=notice, **values)

    def filed(self, seat: Seat) -> list[tuple[str, str]]:
        """The role's filings that stand, which the regulator form offers to amend or withdraw."""
        return filings.filed_stages(self.hub.roles[seat.role].view.actions)

    def form_of(self, seat: Seat, kind: str, event: str | None, filing: str = "") -> Form | None:
        """The form of ``kind``; ``filing`` is a choice of the regulator form's first question
        (crisissim/exercise/filings.py): a NIS2 or DORA filing (``regime.stage``), or the
        amendment or withdrawal of one that stands (``amend:…``, ``withdraw:…``); without it,
        GDPR's form, the AP's. A choice the role is not offered has no form."""
        view = self.hub.roles[seat.role].view
        if kind == HOTWASH:  # at EndEx, the role's answers as they stand
            if not view.ended or not self.hub.scenario.hotwash:
                return None
            questions = [str(q) for q in self.hub.scenario.hotwash]
            return hotwash_form(questions, self.words.gettext, view.hotwash.get(seat.role, ()))
        if kind not in BY_KIND or not BY_KIND[kind].form:
            return None
        if kind == "notify_regulator" and filing:
            _ = self.words.gettext
            if filing == filings.GDPR_CHOICE or filing not in filings.filing_choices(
                self.hub.scenario.regime, _, self.filed(seat)
            ):
                return None
            change, chosen = filings.change_of(filing)
            if change == filings.WITHDRAW:
                return filings.withdraw_form(chosen, _)
            return filings.filing_form(chosen, _, change=change)
        item = next((i for i in view.inbox[seat.role] if i.event == event), None)
        late = kind == "notify_regulator" and late_notification(self.hub.scenario, view.clocks)
        return action_form(kind, self.words.gettext, context=item.title if item else "", late=late, posts=view.posts)

    async def form_page(self, request: Request) -> Response:
        seat = self.page_seat(request)
        if seat is None:
            return RedirectResponse("./", status_code=303)
        kind = request.query_params.get("kind", "")
        event = request.query_params.get("m") or None
        filing = request.query_params.get("filing", "")
        regime = self.hub.scenario.regime
        if filing == filings.GDPR_CHOICE:
            filing = ""
        elif kind == "notify_regulator" and not filing and filings.asks_which_filing(regime, filed := self.filed(seat)):
            # which filing first, as ``g`` asks: each regulator asks something else at each stage,
            # and a filing that stands may be amended or withdrawn
            choices = filings.filing_choices(regime, self.words.gettext, filed)
            return self.render(
                "choose.html",
                title=self.words.gettext(filings.CHOICE_TITLE),
                choices=list(choices.items()),
                kind=kind,
                event=event or "",
                **self._head(seat),
            )
        form = self.form_of(seat, kind, event, filing)
        if form is None:
            return RedirectResponse("seat", status_code=303)
        values = {q.name: q.value for q in form.questions}
        return self.render(
            "form.html",
            form=form,
            values=values,
            problems=[],
            missing=set(),
            event=event or "",
            filing=filing,
            **self._head(seat),
        )

    def _head(self, seat: Seat) -> dict[str, Any]:
        view = self.hub.roles[seat.role].view
        return {
            "seat": seat,
            "role_name": self.hub.scenario.roles[seat.role].name,
            "status": pages.status(view, self.hub.scenario, self.words),
        }

    async def send_form(self, request: Request) -> Response:
        seat = self.page_seat(request)
        if seat is None:
            return RedirectResponse("./?n=ended", status_code=303)
        try:
            posted = parse_qs((await body(request)).decode("utf-8", "replace"), keep_blank_values=True)
        except TooLarge:
            return Response(status_code=413)
        kind = (posted.pop("kind", [""]) or [""])[0]
        event = (posted.pop("event", [""]) or [""])[0] or None
        client_id = (posted.pop("rid", [""]) or [""])[0] or None  # the page's script gives each send its own id
        back = "seat?" + urlencode({"m": event} if event else {})
        if kind == "choose" or (kind == "reply" and "form" not in posted):
            fields: dict[str, Any] = {k: v[0] for k, v in posted.items() if k in ("option", "text")}
            if event:
                fields["event"] = event
            if kind == "reply" and not str(fields.get("text", "")).strip():
                return RedirectResponse(back, status_code=303)
        else:
            posted.pop("form", None)
            filing = (posted.pop("filing", [""]) or [""])[0]
            form = self.form_of(seat, kind, event, filing)
            if form is None:
                return RedirectResponse("seat", status_code=303)
            values, problems = self._answers(form, posted)
            answers = hotwash_answers(form, values) if kind == HOTWASH else None
            if kind == HOTWASH and answers is None:
                problems = [("q0", self.words.hotwash_empty)]
            if problems:
                return self.render(
                    "form.html",
                    http_status=422,
                    form=form,
                    values=values,
                    problems=[said for _name, said in problems],
                    missing={name for name, _said in problems},
                    event=event or "",
                    filing=filing,
                    **self._head(seat),
                )
            if answers is not None:
                fields = {"answers": answers}
            elif filing:
                change, chosen = filings.change_of(filing)
                fields = filings.filing_fields(chosen, values, change=change)
            else:
                fields = action_fields(kind, values, self.words.gettext)
            if form.answers_event and event:
                fields["event"] = event
        try:
            seq = self.hub.request(seat, kind, fields, client_id)
        except Refusal as refused:
            why = refusal_text(
                refused.refusal,
                self.words.gettext,
                Names(self.hub.scenario, self.hub.roles[seat.role].view.titles, self.hub.roles[seat.role].view.options),
            )
            return self.render(
                "seat.html",
                http_status=422,
                notice=f"{self.words.not_taken}: {why}",
                error=True,
                **self.seat_values(seat, event),
            )
        where = "hotwash" if kind == HOTWASH else "history"
        return RedirectResponse(f"{back}{'&' if event else ''}sent={seq}#{where}", status_code=303)

    def _answers(self, form: Form, posted: dict[str, list[str]]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The form's values as posted (choices only among its own), and (question, what to fill in)."""
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for q in form.questions:
            given = [v.strip() for v in posted.get(q.name, [])]
            if q.widget == "checks":
                value: Any = [v for v, _words in q.choices if v in given]
            elif q.widget == "radio":
                value = next((v for v in given if v in {c for c, _ in q.choices}), "")
            else:
                value = given[0] if given else ""
            if q.required and value in ("", []):
                problems.append((q.name, f"{self.words.required}: {q.label}"))
            values[q.name] = value
        return values, problems

    async def leave(self, request: Request) -> Response:
        token = request.cookies.get(COOKIE)
        if token:
            self.hub.leave(token)
        response = RedirectResponse("./?n=left", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    async def page_events(self, request: Request) -> Response:
        seat = self.page_seat(request)
        if seat is None:
            return Response(status_code=401)
        selected = request.query_params.get("m") or None
        areas = not request.query_params.get("clock")  # a form's page follows only the clock (and the heartbeat)
        return StreamingResponse(
            self._page_stream(request, seat, selected, areas), media_type="text/event-stream", headers=_STREAM
        )

    async def _page_stream(
        self, request: Request, seat: Seat, selected: str | None, areas: bool = True
    ) -> AsyncIterator[str]:
        waiter = self.hub.waiter()
        shown: dict[str, str] = {}
        drawn: tuple[int, float] | None = None  # the hub's version, and when, the areas were last drawn
        seat.streams += 1
        try:
            yield "retry: 2000\n\n"
            while self.hub.seat(seat.token) is seat and not self.hub.ending:
                now = asyncio.get_running_loop().time()
                if areas and (drawn is None or drawn[0] != self.hub.version or now - drawn[1] >= REDRAW_S):
                    drawn = (self.hub.version, now)
                    changed = {k: v for k, v in self.regions(seat, selected).items() if shown.get(k) != v}
                    if changed:
                        shown.update(changed)
                        yield _event("regions", changed)
                yield _event("clock", self._clock(seat))  # every second at least: the page's heartbeat
                waiter.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter.wait(), HEARTBEAT_S)
                await asyncio.sleep(STREAM_EVERY_S)
            if not self.hub.ending:
                yield _event("ended", {"to": "./?n=ended"})
        finally:
            seat.streams -= 1
            self.hub.forget(waiter)

    def _clock(self, seat: Seat) -> dict[str, Any]:
        """The role's clock, and ``until``: where it stops if no update follows (the console's last
        note), so that no seat shows a time a resumed exercise would go back from."""
        view = self.hub.roles[seat.role].view
        return {"now": view.now, "rate": view.rate, "paused": view.paused or view.ended, "until": self.hub.until}

    # the API ---------------------------------------------------------------------------------------

    async def api_about(self, _request: Request) -> Response:
        """What a seat shows before its code: the exercise's title, language and roles."""
        s = self.hub.scenario
        return JSONResponse(
            {
                "title": s.title,
                "language": self.words.language,
                "speed": float(self.hub.journal.meta.get("speed") or s.speed),
                "roles": {role_id: role.name for role_id, role in s.roles.items()},
            }
        )

    async def api_join(self, request: Request) -> Response:
        try:
            given = json.loads(await body(request) or b"{}")
        except TooLarge:
            return JSONResponse({"error": "too large"}, status_code=413)
        except ValueError:
            return JSONResponse({"error": "not JSON"}, status_code=400)
        if not isinstance(given, dict) or not isinstance(given.get("code", ""), str):
            return JSONResponse({"error": 'expected {"code": ..., "role": ...}'}, status_code=400)
        role = given.get("role") if isinstance(given.get("role"), str) else None
        if role is not None and role not in self.hub.scenario.roles:
            return JSONResponse(
                {"error": f"unknown role {role!r}", "roles": list(self.hub.scenario.roles)}, status_code=404
            )
        result = self.hub.join(given.get("code", ""), address(request), role)
        if result.seat is None:
            error = self.words.wrong_code if result.tried else self.words.wait(result.wait)
            return JSONResponse({"error": error, "wait": result.wait}, status_code=403 if result.tried else 429)
        return JSONResponse({"token": result.seat.token, "role": result.seat.role, "scenario": seat_scenario(self.hub)})

    async def api_state(self, request: Request) -> Response:
        seat = self.api_seat(request)
        if seat is None:
            return JSONResponse({"error": "join first"}, status_code=401)
        follower = self.hub.follower
        return JSONResponse(
            {
                "role": seat.role,
                "last_seq": follower.last_seq,
                "clock": self._clock(seat),
                "anchor": {"sim": follower.anchor_sim, "wall": follower.anchor_wall},
            }
        )

    async def api_records(self, request: Request) -> Response:
        seat = self.api_seat(request)
        if seat is None:
            return JSONResponse({"error": "join first"}, status_code=401)
        after = _int(request.query_params.get("after"))
        records = self.hub.records_for(seat.role, after)
        last = records[-1].seq if records else max(after, min(self.hub.follower.last_seq, after))
        return JSONResponse(
            {
                "records": [record_row(r) for r in records],
                "last_seq": last,
                "head": self.hub.follower.last_seq,
                "until": self.hub.until,
            }
        )

    async def api_stream(self, request: Request) -> Response:
        seat = self.api_seat(request)
        if seat is None:
            return JSONResponse({"error": "join first"}, status_code=401)
        after = _int(request.headers.get("last-event-id") or request.query_params.get("after"))
        return StreamingResponse(self._record_stream(seat, after), media_type="text/event-stream", headers=_STREAM)

    async def _record_stream(self, seat: Seat, after: int) -> AsyncIterator[str]:
        waiter = self.hub.waiter()
        seat.streams += 1
        try:
            while self.hub.seat(seat.token) is seat and not self.hub.ending:
                waiter.clear()
                rows = self.hub.rows_for(seat.role, after)  # each row encoded once, for every seat of the role
                if rows:
                    after = rows[-1][0]
                    yield f"id: {after}\nevent: records\ndata: [{','.join(row for _seq, row in rows)}]\n\n"
                    continue
                after = max(after, self.hub.follower.last_seq)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter.wait(), HEARTBEAT_S)
                    continue
                yield ": still here\n\n"  # the heartbeat: a seat that hears none knows the console is gone
            if not self.hub.ending:
                yield "event: ended\ndata: {}\n\n"
        finally:
            seat.streams -= 1
            self.hub.forget(waiter)

    async def api_request(self, request: Request) -> Response:
        seat = self.api_seat(request)
        if seat is None:
            return JSONResponse(
                {"error": "join first", "refusal": self.words.gettext("join with your role's code first")},
                status_code=401,
            )
        try:
            given = json.loads(await body(request) or b"{}")
        except TooLarge:
            return JSONResponse({"error": "too large"}, status_code=413)
        except ValueError:
            return JSONResponse({"error": "not JSON"}, status_code=400)
        if (
            not isinstance(given, dict)
            or not isinstance(given.get("kind"), str)
            or not isinstance(given.get("fields", {}), dict)
            or not isinstance(given.get("id", ""), str)
        ):
            return JSONResponse({"error": 'expected {"kind": ..., "fields": {...}, "id": ...}'}, status_code=400)
        try:
            seq = self.hub.request(seat, given["kind"], dict(given.get("fields", {})), given.get("id") or None)
        except Refusal as refused:
            names = Names(
                self.hub.scenario, self.hub.roles[seat.role].view.titles, self.hub.roles[seat.role].view.options
            )
            return JSONResponse(
                {"error": "refused", "refusal": refusal_text(refused.refusal, self.words.gettext, names)},
                status_code=422,
            )
        return JSONResponse({"seq": seq})


_STREAM = {"cache-control": "no-store", "x-accel-buffering": "no"}


def _event(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _int(text: str | None) -> int:
    try:
        return max(0, int(text or 0))
    except ValueError:
        return 0


def create_app(location: str, language: str | None = None) -> SeatApp:
    """The seats' app over the journal at ``location``, opened through the store interface when the
    server starts (in the server's thread)."""
    return SeatApp(location, language)
