(function () {
  var upcoming = document.getElementById("upcoming-list"), past = document.getElementById("past");
  Array.prototype.slice.call(upcoming.children).forEach(function (item) {
    if (!(Date.parse(item.dataset.end) <= Date.now())) return;
    var title = item.querySelector("h3"), past_title = document.createElement("h4");
    past_title.className = title.className;
    past_title.innerHTML = title.innerHTML;
    title.replaceWith(past_title);
    var group = past.querySelector(".event-year");
    if (!group || group.dataset.year !== item.dataset.year) {
      var fresh = document.createElement("section");
      fresh.className = "event-year";
      fresh.dataset.year = item.dataset.year;
      fresh.innerHTML = "<h3></h3><ol class=\"event-list\"></ol>";
      fresh.firstChild.textContent = item.dataset.year;
      group = past.insertBefore(fresh, group);
    }
    var list = group.querySelector("ol");
    list.insertBefore(item, list.firstChild);
  });
  document.getElementById("no-upcoming").hidden = upcoming.children.length > 0;
})();
