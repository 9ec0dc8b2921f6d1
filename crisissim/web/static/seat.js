// crisissim seat: counts the clocks down between updates, and takes the server's live updates
// (Server-Sent Events) into the page. Without it the page still works: every link and form is
// plain HTML, and a reload shows what is new.
(function () {
  "use strict";
  var body = document.body;
  var clock = { now: +body.dataset.now || 0, rate: +body.dataset.rate || 1, paused: body.dataset.paused === "1", at: Date.now() };
  var days = (body.dataset.days || "").split(","), months = (body.dataset.months || "").split(",");
  var start = +body.dataset.start || 0, offset = +body.dataset.offset || 0;

  function simNow() {
    return clock.paused ? clock.now : clock.now + (Date.now() - clock.at) / 1000 * clock.rate;
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

  var url = body.dataset.events;
  if (!url || !window.EventSource) return;
  var offline = document.getElementById("offline");
  var source = new EventSource(url);
  source.addEventListener("open", function () { if (offline) offline.hidden = true; });
  source.addEventListener("error", function () { if (offline) offline.hidden = false; });
  source.addEventListener("clock", function (e) {
    var c = JSON.parse(e.data);
    clock = { now: c.now, rate: c.rate, paused: c.paused, at: Date.now() };
    tick();
  });
  source.addEventListener("regions", function (e) {
    var regions = JSON.parse(e.data);
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
})();
