(function () {
  // The search page: Pagefind's search API (pagefind.js, loaded when a reader first searches)
  // behind the page's own form, filters and result list, styled by the site's style sheet.
  var form = document.getElementById("search-form"), input = document.getElementById("search-q");
  var status = document.getElementById("search-status"), list = document.getElementById("search-results");
  var more = document.getElementById("search-more"), order = document.getElementById("search-sort");
  var controls = document.getElementById("search-controls");
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
  // While typing, searching starts at TYPED_FROM characters: a shorter beginning of a word matches
  // so many words that loading their index is wasted (Enter searches any word).
  // Results come FIRST (a phone's screenful) as soon as they can, then up to PAGE, then on request.
  var FIRST = 5, PAGE = 10, TYPING_PAUSE = 120, SUB_RESULTS = 5, TYPED_FROM = 3;
  var loading = null, filtersLoaded = false, results = [], shown = 0, latest = 0, timer = 0;

  function load() {
    if (!loading) {
      loading = import(form.dataset.bundle).then(start).catch(function (error) {
        loading = null; // the next search tries again
        throw error;
      });
    }
    return loading;
  }

  async function start(pagefind) {
    // One thread: the worker would be one more download for a search that takes milliseconds.
    await pagefind.options({ excerptLength: 24, noWorker: true });
    var bundle = new URL(".", new URL(form.dataset.bundle, location.href)).href;
    var languages = form.dataset.languages.split(" ").filter(Boolean);
    for (var i = 0; i < languages.length; i++) {
      // Posts in another language have their own index in the same bundle.
      await pagefind.mergeIndex(bundle, { language: languages[i] });
    }
    return pagefind;
  }

  async function loadFilters() {
    // Only once a reader opens a filter: most searches never download the filters' files.
    if (filtersLoaded) return;
    filtersLoaded = true;
    fillFilters(await (await load()).filters());
    search(); // again, now with a count beside each value
  }

  function fillFilters(available) {
    groups.forEach(function (group) {
      var box = group.querySelector("fieldset");
      Object.keys(available[group.dataset.filter] || {}).sort().forEach(function (value) {
        var label = document.createElement("label"), check = document.createElement("input");
        check.type = "checkbox";
        check.value = value;
        label.append(check, " " + value + " ", document.createElement("span"));
        box.appendChild(label);
      });
      group.hidden = !box.querySelector("input");
    });
  }

  function chosenFilters() {
    var chosen = {};
    groups.forEach(function (group) {
      var values = Array.prototype.map.call(group.querySelectorAll("input:checked"), function (check) {
        return check.value;
      });
      if (values.length) chosen[group.dataset.filter] = { any: values };
    });
    return chosen;
  }

  function showCounts(counts) {
    groups.forEach(function (group) {
      group.querySelectorAll("input").forEach(function (check) {
        var count = (counts[group.dataset.filter] || {})[check.value] || 0;
        check.nextElementSibling.textContent = "(" + count + ")";
      });
    });
  }

  function remember(term) {
    var query = term ? "?q=" + encodeURIComponent(term) : "";
    history.replaceState(null, "", location.pathname + query);
  }

  async function search() {
    var term = input.value.trim(), id = ++latest;
    clearTimeout(timer);
    remember(term);
    if (!term) {
      clear();
      return;
    }
    try {
      var pagefind = await load(), options = { filters: chosenFilters() };
      if (order.value) options.sort = { date: order.value };
      var found = await pagefind.search(term, options);
      if (id !== latest) return;
      results = found.results;
      shown = 0;
      list.replaceChildren();
      list.setAttribute("aria-busy", "true"); // until the first page of results is complete
      await showMore(id, FIRST);
      if (id !== latest) return;
      showCounts(found.filters);
      controls.hidden = false;
      var count = results.length;
      status.textContent = (count === 1 ? "1 result" : count + " results") + " for “" + term + "”";
      await showMore(id, PAGE - FIRST);
      if (id === latest) list.removeAttribute("aria-busy");
    } catch (error) {
      list.removeAttribute("aria-busy");
      status.textContent = "Search could not load its index. Try again later, or browse the archives.";
    }
  }

  function clear() {
    results = [];
    list.replaceChildren();
    list.removeAttribute("aria-busy");
    status.textContent = "";
    more.hidden = true;
  }

  async function showMore(id, count) {
    var next = results.slice(shown, shown + count);
    var pages = await Promise.all(next.map(function (result) { return result.data(); }));
    if (id !== latest) return null;
    var items = pages.map(resultItem);
    list.append.apply(list, items);
    shown += items.length;
    more.hidden = shown >= results.length;
    return items[0] || null;
  }

  function link(url, text) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    return a;
  }

  function paragraph(className, html) {
    var p = document.createElement("p");
    p.className = className;
    p.innerHTML = html; // Pagefind's excerpt: the page's text, escaped, with <mark> around matches
    return p;
  }

  function relevance(section) {
    return section.weighted_locations.reduce(function (sum, word) { return sum + word.balanced_score; }, 0);
  }

  function resultItem(page) {
    var item = document.createElement("li"), title = document.createElement("h2");
    title.appendChild(link(page.meta.url || page.url, page.meta.title || page.url));
    item.appendChild(title);
    if (page.meta.date) {
      var date = document.createElement("p");
      date.className = "post-meta";
      date.textContent = page.meta.date;
      item.appendChild(date);
    }
    item.appendChild(paragraph("search-excerpt", page.excerpt));
    // Sections of the page under a heading with an id (an event on the events page), best first.
    var sections = page.sub_results.filter(function (sub) { return sub.anchor; })
      .sort(function (a, b) { return relevance(b) - relevance(a); }).slice(0, SUB_RESULTS);
    if (sections.length) {
      var sub = document.createElement("ul");
      sections.forEach(function (section) {
        var entry = document.createElement("li");
        entry.append(link(section.url, section.title), paragraph("search-excerpt", section.excerpt));
        sub.appendChild(entry);
      });
      item.appendChild(sub);
    }
    return item;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", function () {
    var term = input.value.trim();
    clearTimeout(timer);
    if (term.length < TYPED_FROM) {
      latest++; // a search still under way for a longer word shows nothing
      remember(term);
      clear();
      return;
    }
    // Fetch the index chunks for the word while the reader types; the search waits for a pause.
    load().then(function (pagefind) { return pagefind.preload(term); }).catch(function () {});
    timer = setTimeout(search, TYPING_PAUSE);
  });
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  controls.addEventListener("change", search);
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) loadFilters().catch(function () { filtersLoaded = false; });
    });
  });
  more.addEventListener("click", async function () {
    var first = await showMore(latest, PAGE);
    if (first) first.querySelector("a").focus();
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  if (input.value) search();
})();
