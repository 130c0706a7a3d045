(function () {
  var page = document.getElementById("event"), over = Date.parse(page.dataset.end) <= Date.now();
  document.getElementById("event-over").hidden = !over;
  var register = document.getElementById("event-register");
  if (register) register.hidden = over;
  var zone = page.dataset.zone, reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === reader) return;
  var start = new Date(page.querySelector(".event-when time").getAttribute("datetime"));
  var line = document.getElementById("event-reader-time");
  line.textContent = "In your time zone: " + start.toLocaleString(undefined, {
    weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit",
    timeZoneName: "short"
  });
  line.hidden = false;
})();
