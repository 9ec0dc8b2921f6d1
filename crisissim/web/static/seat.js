// crisissim seat: counts the clocks down between updates, and takes the server's live updates
// (Server-Sent Events) into the page. Without it the page still works: every link and form is
// plain HTML, and a reload shows what is new.
//
// When the exercise cannot be reached (the console stopped, the network went), the page says so
// at once, stops its clocks, and keeps what is sent meanwhile in an outbox (sessionStorage, so a
// reload keeps it too), shown as waiting: nothing is said "sent" that the exercise did not take.
// Each send carries its own id, so the outbox sends it again when the exercise is back, and the
// seat server answers a repeat with the first one's number: nothing is taken twice.
(function () {
  "use strict";
  var body = document.body;
  var clock = {
    now: +body.dataset.now || 0, rate: +body.dataset.rate || 1, paused: body.dataset.paused === "1",
    until: null, at: Date.now()
  };
  var days = (body.dataset.days || "").split(","), months = (body.dataset.months || "").split(",");
  var start = +body.dataset.start || 0, offset = +body.dataset.offset || 0;
  var SILENCE_MS = 3000;  // the stream beats every second: three without a word and the exercise is gone
  var OUTBOX = "crisissim-outbox";
  var banner = document.getElementById("offline");
  var outbox = document.getElementById("outbox");
  var reachable = true, heard = Date.now(), sending = false;

  function simNow() {
    if (clock.paused) return clock.now;
    var now = clock.now + (Date.now() - clock.at) / 1000 * clock.rate;
    return clock.until === null ? now : Math.min(now, Math.max(clock.until, clock.now));
  }
  function hhmm(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60);
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }
  function moment(sim) {
    var d = new Date((start + sim + offset) * 1000);  // the scenario's own time zone, read as UTC
    var wd = (d.getUTCDay() + 6) % 7, min = d.getUTCMinutes(), hr = d.getUTCHours();
    return days[wd] + " " + d.getUTCDate() + " " + months[d.getUTCMonth()] + " " +
      (hr < 10 ? "0" : "") + hr + ":" + (min < 10 ? "0" : "") + min;
  }
  function tick() {
    var now = simNow();
    document.querySelectorAll("[data-tplus]").forEach(function (el) { el.textContent = hhmm(now); });
    if (days.length === 7) document.querySelectorAll("[data-moment]").forEach(function (el) { el.textContent = moment(now); });
    document.querySelectorAll("[data-until]").forEach(function (el) {
      var left = +el.dataset.until - now;
      if (left <= 0 && el.dataset.passed) {
        el.textContent = el.dataset.passed;
        if (el.parentNode.classList) el.parentNode.classList.add("passed");
      } else {
        el.textContent = hhmm(left);
      }
    });
  }
  tick();
  setInterval(tick, 1000);

  // reachable or not ----------------------------------------------------------------------------
  function setReachable(yes) {
    if (yes) heard = Date.now();
    if (yes === reachable) return;
    reachable = yes;
    var state = document.querySelector("#status-region .state");
    if (!yes) {
      clock = { now: simNow(), rate: clock.rate, paused: true, until: null, at: Date.now() };  // no clock runs for a console that is gone
      tick();
      if (state && banner) { state.dataset.was = state.textContent; state.textContent = banner.dataset.state; }
    } else if (state && state.dataset.was) {
      state.textContent = state.dataset.was;
    }
    body.classList.toggle("unreachable", !yes);
    if (banner) banner.hidden = yes;
    if (yes) flush();
  }
  setInterval(function () {
    if (reachable && source && Date.now() - heard > SILENCE_MS) setReachable(false);
  }, 500);
  function probe() {  // while unreachable (or with no stream), ask the server whether it is back
    if (reachable && source) return;
    fetch("api/about", { cache: "no-store", credentials: "same-origin" }).then(function (answer) {
      if (!answer.ok) return;
      setReachable(true);
      // a stream the browser gave up on (the server refused it): the page anew, which says why
      if (source && source.readyState === 2 && !load().length) window.location.reload();
    }, function () { setReachable(false); });
  }
  setInterval(probe, 2000);

  // the outbox ----------------------------------------------------------------------------------
  function load() {
    try { return JSON.parse(sessionStorage.getItem(OUTBOX) || "[]"); } catch (e) { return []; }
  }
  function save(box) {
    try { sessionStorage.setItem(OUTBOX, JSON.stringify(box)); } catch (e) { /* a full storage keeps the page's own copy */ }
    show(box);
  }
  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function show(box) {
    if (!outbox) return;
    var list = outbox.querySelector("ul");
    list.textContent = "";
    box.forEach(function (item) {
      var li = document.createElement("li"), what = document.createElement("span"), state = document.createElement("span");
      what.className = "summary";
      what.textContent = item.what;
      state.className = "verdict";
      state.textContent = outbox.dataset.waiting;
      li.appendChild(what);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(state);
      list.appendChild(li);
    });
    outbox.hidden = box.length === 0;
  }
  function described(form, submitter) {
    var heading = form.querySelector("h1") || form.querySelector("label");
    var words = submitter && submitter.name === "option" ? submitter.textContent : (heading ? heading.textContent : "");
    var text = form.querySelector("textarea");
    if (text && text.value.trim()) words += ": " + text.value.trim().slice(0, 60) + (text.value.trim().length > 60 ? "…" : "");
    return words.replace(/\s+/g, " ").trim();
  }
  function answerAsPage(item) {  // the server answered with a page of its own (a form's problems, a refusal): show it
    var form = document.createElement("form");
    form.method = "post";
    form.action = "send";
    new URLSearchParams(item.body).forEach(function (value, name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }
  function flush() {
    var box = load();
    if (sending || !box.length) return;
    sending = true;
    var item = box[0];
    fetch("send", {
      method: "POST", body: item.body, credentials: "same-origin", redirect: "follow",
      headers: { "content-type": "application/x-www-form-urlencoded" }
    }).then(function (answer) {
      sending = false;
      save(load().filter(function (other) { return other.id !== item.id; }));
      setReachable(true);
      if (!answer.redirected) { answerAsPage(item); return; }
      if (load().length) { flush(); return; }
      window.location.href = answer.url + (answer.url.indexOf("sent=") >= 0 ? "#history" : "");
    }, function () {
      sending = false;
      setReachable(false);
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.getAttribute("action") !== "send" || !window.fetch) return;
    event.preventDefault();
    var data = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name && !data.has(submitter.name)) data.append(submitter.name, submitter.value);
    data.set("rid", newId());
    var box = load();
    box.push({ id: data.get("rid"), body: new URLSearchParams(data).toString(), what: described(form, submitter) });
    save(box);
    form.reset();  // the outbox holds it now: what is typed next is something new
    flush();
  });
  document.addEventListener("click", function (event) {  // a link to a page the server cannot give: stay here
    var link = event.target.closest && event.target.closest("a[href]");
    if (reachable || !link || link.getAttribute("href").charAt(0) === "#") return;
    event.preventDefault();
    if (banner) banner.focus();
  });
  show(load());

  // the live updates ----------------------------------------------------------------------------
  var source = null;
  var url = body.dataset.events || (body.dataset.now !== undefined ? "events?clock=1" : "");
  if (!url || !window.EventSource) { flush(); return; }
  function connect() {
    if (source) source.close();
    source = new EventSource(url);
    source.addEventListener("open", function () { setReachable(true); });
    source.addEventListener("error", function () { setReachable(false); });
    source.addEventListener("clock", function (e) {
      var c = JSON.parse(e.data);
      setReachable(true);
      clock = { now: c.now, rate: c.rate, paused: c.paused, until: c.until === undefined ? null : c.until, at: Date.now() };
      tick();
    });
    source.addEventListener("regions", function (e) {
      var regions = JSON.parse(e.data);
      setReachable(true);
      Object.keys(regions).forEach(function (name) {
        var el = document.getElementById(name.replace("_", "-"));
        if (!el) return;
        var focused = el.contains(document.activeElement) ? document.activeElement : null;
        var keep = focused && focused.getAttribute("href");
        el.innerHTML = regions[name];
        if (keep) {
          var again = el.querySelector('[href="' + CSS.escape(keep) + '"]');
          if (again) again.focus();
        }
      });
      tick();
    });
    source.addEventListener("ended", function (e) {
      source.close();
      window.location.href = JSON.parse(e.data).to;
    });
  }
  connect();
  flush();
})();
