// The comment form and the comments newer than the build, both through Isso (docs/comments.md).
// Fetched by comment-loader.js once the comments come into view, with the form (it works only
// with scripts; without, the "Add a comment" link is there). What the reader types is kept in
// localStorage until Isso has it. Everything Isso sends back is untrusted: the page only gets
// text nodes and a short list of elements, and links only to http(s) addresses.
(function () {
  "use strict";
  var FORM = '<h3 id="comment-form-title">Write a comment</h3>'
    + '<p class="comment-replying" hidden>Replying to <b></b>. <button type="button">Reply to the post instead</button></p>'
    + '<p><label for="comment-author">Name</label> <input id="comment-author" name="author" required maxlength="200" autocomplete="name"></p>'
    + '<p><label for="comment-email">Email (optional: only to tell you of replies, never shown)</label> <input id="comment-email" name="email" type="email" maxlength="254" autocomplete="email"></p>'
    + '<p><label for="comment-website">Website (optional)</label> <input id="comment-website" name="website" type="url" maxlength="254" autocomplete="url" placeholder="https://"></p>'
    + '<p><label for="comment-text">Comment (Markdown, no HTML)</label> <textarea id="comment-text" name="text" required minlength="3" maxlength="65535" rows="6"></textarea></p>'
    + '<p class="comment-trap" aria-hidden="true"><label for="comment-homepage">Leave this field empty</label> <input id="comment-homepage" name="homepage" tabindex="-1" autocomplete="off"></p>'
    + '<p><button type="submit">Send for approval</button></p>'
    + '<p class="comment-status" role="status"></p>';
  var loader = document.querySelector("script[data-isso]");
  var section = loader.parentNode;
  var isso = loader.dataset.isso, uri = loader.dataset.uri;
  var title = document.querySelector("h1").textContent.trim();
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = loader.dataset.script.replace(/js\/comment-form\.js$/, "css/comment-form.css");
  document.head.appendChild(style);
  var form = document.createElement("form");
  form.id = "comment-form";
  form.className = "comment-form";
  form.setAttribute("aria-labelledby", "comment-form-title");
  form.innerHTML = FORM;  // the constant above: nothing of the reader's or Isso's
  loader.before(form);
  var status = form.querySelector(".comment-status");
  var replying = form.querySelector(".comment-replying");
  var send = form.querySelector("button[type=submit]");
  var draftKey = "comment-draft:" + uri;
  var FIELDS = ["author", "email", "website", "text"];

  function say(sentence) { status.textContent = sentence; }

  // --- The reader's draft: saved on every change, back after a reload -----------------------
  function saveDraft() {
    var draft = {parent: form.dataset.parent || "", parentName: replying.querySelector("b").textContent};
    FIELDS.forEach(function (name) { draft[name] = form.elements[name].value; });
    try { localStorage.setItem(draftKey, JSON.stringify(draft)); } catch (error) { /* private mode */ }
  }
  function restoreDraft() {
    var draft;
    try { draft = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (error) { draft = null; }
    if (!draft || typeof draft !== "object") return;
    FIELDS.forEach(function (name) {
      if (typeof draft[name] === "string") form.elements[name].value = draft[name];
    });
    if (/^[0-9]+$/.test(draft.parent || "")) replyTo(draft.parent, String(draft.parentName || ""));
  }

  // --- Replies: "Reply" on a comment that came from Isso answers it in the form ----------------
  function replyTo(id, name) {
    form.dataset.parent = id;
    replying.querySelector("b").textContent = name;
    replying.hidden = !id;
  }
  section.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-isso-parent]");
    if (!link) return;
    event.preventDefault();
    var meta = link.closest(".comment-meta");
    replyTo(link.dataset.issoParent, meta ? meta.querySelector("b").textContent : "");
    saveDraft();
    form.elements.text.focus();
  });
  replying.querySelector("button").addEventListener("click", function () {
    replyTo("", "");
    saveDraft();
    form.elements.text.focus();
  });

  // --- Sending: JSON to Isso's POST /new; every failure is one sentence, nothing is lost -------
  function problem(code, text) {
    if (code === 403 && /ratelimit|direct responses/.test(text))
      return "You have sent several comments in a short time: please wait a few minutes, then send again.";
    if (code === 400 && /too short/.test(text)) return "Your comment is too short: write at least three characters.";
    if (code === 400 && /too long/.test(text)) return "Your comment is too long: it can have at most 65,535 characters.";
    if (code === 400 && /Website|website/.test(text)) return "The website is not an address the server accepts: give one that starts with https://, or none.";
    if (code === 400) return "The comment server did not accept the form: please check each field and send again.";
    if (code >= 500) return "The comment server has a problem right now: your comment is kept here, please send it again later.";
    return "The comment server refused the comment (" + code + "): your comment is kept here.";
  }
  form.addEventListener("input", saveDraft);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = function (name) { return form.elements[name].value.trim() || null; };
    if (form.elements.homepage.value) {  // only robots fill the hidden field: they get no answer
      say("Thank you.");
      return;
    }
    var body = {author: value("author"), email: value("email"), website: value("website"),
      text: form.elements.text.value, title: title,
      parent: form.dataset.parent ? Number(form.dataset.parent) : null,
      notification: value("email") ? 1 : 0};
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 15000);
    send.disabled = true;
    say("Sending your comment…");
    fetch(isso + "/new?uri=" + encodeURIComponent(uri), {method: "POST", body: JSON.stringify(body),
      headers: {"Content-Type": "application/json"}, signal: controller.signal, credentials: "omit"})
      .then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) { say(problem(response.status, text)); return; }
          form.elements.text.value = "";
          replyTo("", "");
          saveDraft();
          say(response.status === 202
            ? "Thank you: your comment was sent and waits for the editors' approval; it appears here once approved."
            : "Thank you: your comment was sent and is published.");
        });
      })
      .catch(function () {
        say("The comment server cannot be reached right now: your comment is kept here, please send it again later.");
      })
      .then(function () { clearTimeout(timer); send.disabled = false; });
  });

  // --- Comments approved since the build: shown, marked new, counted ---------------------------
  var ALLOWED = {P: 1, BR: 1, EM: 1, STRONG: 1, B: 1, I: 1, CODE: 1, PRE: 1, BLOCKQUOTE: 1,
    UL: 1, OL: 1, LI: 1, A: 1, DEL: 1, SUP: 1, SUB: 1, HR: 1};
  var DROPPED = /^(SCRIPT|STYLE|TEMPLATE|IFRAME|OBJECT|EMBED|SVG|MATH|NOSCRIPT|TEXTAREA|SELECT)$/;

  function webAddress(value) {
    try {
      var url = new URL(value, location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) { return null; }
  }
  function copySafe(from, into) {  // rebuilds parsed (inert) HTML from allowed parts only
    from.childNodes.forEach(function (node) {
      if (node.nodeType === 3) { into.appendChild(document.createTextNode(node.nodeValue)); return; }
      if (node.nodeType !== 1 || DROPPED.test(node.nodeName.toUpperCase())) return;
      var tag = node.nodeName.toUpperCase();
      if (!ALLOWED[tag]) { copySafe(node, into); return; }
      var element = document.createElement(tag);
      if (tag === "A") {
        var href = webAddress(node.getAttribute("href") || "");
        if (href) { element.href = href; element.rel = "nofollow ugc noopener"; }
      }
      copySafe(node, element);
      into.appendChild(element);
    });
  }
  function parsed(html) { return new DOMParser().parseFromString(String(html || ""), "text/html").body; }

  function commentItem(comment) {
    var item = document.createElement("li");
    item.id = "comment-isso-" + comment.id;
    item.dataset.issoId = comment.id;
    var article = document.createElement("article");
    article.className = "comment comment-new";
    var meta = document.createElement("p");
    meta.className = "comment-meta";
    var name = document.createElement("b");
    var author = parsed(comment.author).textContent || "Anonymous";  // Isso escapes it
    var website = comment.website && webAddress(parsed(comment.website).textContent);
    if (website) {
      var link = document.createElement("a");
      link.href = website;
      link.rel = "nofollow ugc noopener";
      link.textContent = author;
      name.appendChild(link);
    } else {
      name.textContent = author;
    }
    var when = document.createElement("time");
    var date = new Date(comment.created * 1000);
    when.dateTime = date.toISOString();
    when.textContent = date.toISOString().slice(0, 10);
    var reply = document.createElement("a");
    reply.href = "#comment-form";
    reply.textContent = "Reply";
    reply.dataset.issoParent = comment.parent || comment.id;
    reply.setAttribute("aria-label", "Reply to " + author);
    var fresh = document.createElement("strong");
    fresh.textContent = "New";
    meta.append(name, " · ", when, " · ", fresh, " · ", reply);
    article.appendChild(meta);
    copySafe(parsed(comment.text), article);
    item.appendChild(article);
    return item;
  }
  function listFor(parent) {
    var holder = parent && section.querySelector('li[data-isso-id="' + parent + '"]');
    if (holder) {
      var replies = holder.querySelector(":scope > ol");
      if (!replies) { replies = document.createElement("ol"); holder.appendChild(replies); }
      return replies;
    }
    var list = section.querySelector(".comment-list");
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-list";
      section.querySelector("h2").after(list);
    }
    return list;
  }
  function showNewer(thread) {
    var title = document.getElementById("comments-title");
    var count = Number(title.dataset.count) || 0, added = 0;
    (Array.isArray(thread.replies) ? thread.replies : []).forEach(function (root) {
      [root].concat(Array.isArray(root.replies) ? root.replies : []).forEach(function (comment) {
        var id = Number(comment && comment.id);
        if (!(id > 0) || comment.mode !== 1) return;
        if (section.querySelector('li[data-isso-id="' + id + '"]')) return;
        listFor(Number(comment.parent) || null).appendChild(commentItem(comment));
        added += 1;
      });
    });
    if (!added) return;
    count += added;
    title.dataset.count = count;
    title.textContent = count.toLocaleString("en-US") + (count === 1 ? " comment" : " comments");
  }
  fetch(isso + "/?uri=" + encodeURIComponent(uri), {credentials: "omit"})
    .then(function (response) { return response.ok ? response.json() : {replies: []}; })
    .then(showNewer)
    .catch(function () { /* the built comments stay as they are */ });

  restoreDraft();
})();
