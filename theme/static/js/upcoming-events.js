(function () {
  var box = document.getElementById("upcoming-events");
  box.querySelectorAll("li[data-end]").forEach(function (item) {
    if (Date.parse(item.dataset.end) <= Date.now()) item.remove();
  });
  box.hidden = !box.querySelector("li");
})();
