// Isso's comment form (docs/comments.md): its script comes once the comments are in view.
(function (me) {
  if (!window.IntersectionObserver) return;
  var seen = new IntersectionObserver(function (entries) {
    if (!entries[0].isIntersecting) return;
    seen.disconnect();
    var form = document.createElement("script");
    form.src = me.dataset.script;
    document.head.append(form);
  });
  seen.observe(me.parentNode);
})(document.currentScript);
