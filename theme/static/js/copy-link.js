document.querySelectorAll(".copy-link").forEach(function (link) {
  link.addEventListener("click", function (event) {
    if (!navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      link.textContent = "Link copied";
    });
  });
});
