// regc documentation: the law on any date, search, the menu on small screens and the language switch.
// No network access: the search index is search-LANG.js, loaded before this file. Texts are put in
// the page with textContent only, so nothing of the index or of the URL is ever parsed as HTML.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // -- the law on a date: ?on=YYYY-MM-DD shows what is in force that day -------------------------------
  var bar = document.getElementById("when");
  var lang = bar ? bar.getAttribute("data-lang") : "en";

  function shown(iso) {   // as the pages write dates: ISO in English, DD/MM/YYYY in Vietnamese
    if (lang !== "vi") { return iso; }
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  function inForce(periods, day) {
    return periods.split(" ").some(function (period) {
      var ends = period.split("..");
      return (!ends[0] || ends[0] <= day) && (!ends[1] || day <= ends[1]);
    });
  }

  function chosenDate() {
    var match = /[?&]on=([^&#]*)/.exec(window.location.search);
    return match ? decodeURIComponent(match[1]) : "";
  }

  var on = chosenDate();
  var valid = DATE.test(on) && !isNaN(Date.parse(on));
  if (bar && on) {
    var asof = document.getElementById("asof");
    var known = bar.getAttribute("data-known") || "";
    if (valid) {
      document.getElementById("on").value = on;
      bar.classList.add("dated");
      asof.textContent = format(bar.getAttribute("data-on"), {date: shown(on), known: known ? shown(known) : "—"});
      var dated = document.querySelectorAll("[data-in]");
      for (var i = 0; i < dated.length; i++) {
        var off = !inForce(dated[i].getAttribute("data-in"), on);
        dated[i].classList.toggle("off", off);
        dated[i].classList.toggle("on", !off);
      }
      var sections = document.querySelectorAll("main section.prov");
      var anyShown = sections.length === 0;
      for (var j = 0; j < sections.length && !anyShown; j++) { anyShown = !sections[j].classList.contains("off"); }
      if (!anyShown) {
        var none = document.getElementById("none-in-force");
        none.textContent = format(bar.getAttribute("data-nothing"), {date: shown(on)});
        none.hidden = false;
      }
      // Every link to another page of the site keeps the date.
      var links = document.querySelectorAll("a[href]");
      for (var k = 0; k < links.length; k++) { keepDate(links[k]); }
    } else {
      asof.textContent = format(bar.getAttribute("data-bad"), {date: on});
    }
  }

  function keepDate(a) {
    var href = a.getAttribute("href");
    if (!href || /^[a-z]+:/i.test(href) || href.charAt(0) === "#" || href === "?" || a.id === "on-all") { return; }
    var hash = href.indexOf("#");
    var path = hash >= 0 ? href.slice(0, hash) : href;
    if (path.indexOf("?") >= 0 || !/\.html$/.test(path)) { return; }
    a.setAttribute("href", path + "?on=" + encodeURIComponent(on) + (hash >= 0 ? href.slice(hash) : ""));
  }

  // What a printed page says at its top: the day it was printed, beside the "as in force" line.
  window.addEventListener("beforeprint", function () {
    var printed = document.getElementById("printed");
    if (printed && bar) {
      var now = new Date();
      var iso = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
      printed.textContent = format(bar.getAttribute("data-printed"), {date: shown(iso)});
    }
  });

  // -- the menu on small screens -------------------------------------------------------------------------
  var menu = document.getElementById("menu");
  if (menu) {
    menu.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var current = document.querySelector("nav.sidebar li.current a") || document.querySelector("nav.sidebar a");
        if (current) { current.focus(); }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
        document.body.classList.remove("nav-open");
        menu.setAttribute("aria-expanded", "false");
        menu.focus();
      }
    });
  }

  // -- search: a combobox over the prebuilt index ----------------------------------------------------------
  var index = window.REGC_SEARCH || [];
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var active = -1;

  // Folding keeps a map to the original text, so a match found without diacritics is marked where it is.
  function foldChar(c) {
    return c.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) { out += foldChar(text.charAt(i)); }
    return out;
  }
  function foldMapped(text) {
    var out = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = foldChar(text.charAt(i));
      for (var j = 0; j < f.length; j++) { out += f.charAt(j); map.push(i); }
    }
    map.push(text.length);
    return {text: out, map: map};
  }
  var folded = null;   // built on the first search, not on every page load

  function marked(text, words) {
    // The text as nodes, each match of a word in <mark>.
    var f = foldMapped(text), ranges = [];
    words.forEach(function (w) {
      var at = f.text.indexOf(w);
      while (at >= 0) {
        ranges.push([f.map[at], f.map[at + w.length - 1] + 1]);
        at = f.text.indexOf(w, at + w.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var frag = document.createDocumentFragment(), position = 0;
    ranges.forEach(function (r) {
      if (r[0] < position) { return; }
      frag.appendChild(document.createTextNode(text.slice(position, r[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(r[0], r[1]);
      frag.appendChild(m);
      position = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(position)));
    return frag;
  }

  function snippet(text, word) {
    var at = fold(text).indexOf(word);
    var start = Math.max(0, at - 40);
    return (start > 0 ? "…" : "") + text.slice(start, start + 140) + (start + 140 < text.length ? "…" : "");
  }

  function clear() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    active = -1;
    input.removeAttribute("aria-activedescendant");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function open(href) {
    window.location.href = href;
  }

  function render(query) {
    clear();
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { close(); status.textContent = ""; return; }
    if (folded === null) { folded = index.map(function (e) { return fold(e.t + " " + e.x); }); }
    var shownCount = 0;
    for (var i = 0; i < index.length && shownCount < 40; i++) {
      var hay = folded[i];
      if (!words.every(function (w) { return hay.indexOf(w) >= 0; })) { continue; }
      var entry = index[i];
      var li = document.createElement("li");
      li.id = "sr-" + shownCount;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var target = root + entry.u;
      if (valid) { target = target.replace(/(\.html)(#|$)/, "$1?on=" + encodeURIComponent(on) + "$2"); }
      li.setAttribute("data-href", target);
      var kind = document.createElement("span");
      kind.className = "r-kind";
      kind.textContent = entry.k || "";
      li.appendChild(kind);
      var title = document.createElement("span");
      title.className = "r-title";
      title.appendChild(marked(entry.t, words));
      li.appendChild(title);
      if (entry.x) {
        var span = document.createElement("span");
        span.className = "snippet";
        span.appendChild(marked(snippet(entry.x, words[0]), words));
        li.appendChild(span);
      }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { open(this.getAttribute("data-href")); });
      list.appendChild(li);
      shownCount++;
    }
    if (!shownCount) {
      var empty = document.createElement("li");
      empty.setAttribute("role", "option");
      empty.setAttribute("aria-disabled", "true");
      empty.setAttribute("aria-selected", "false");
      empty.id = "sr-none";
      empty.textContent = list.getAttribute("data-empty") || "";
      list.appendChild(empty);
    }
    status.textContent = shownCount ? format(status.getAttribute("data-count"), {n: shownCount}) : list.getAttribute("data-empty");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function move(step) {
    var options = list.querySelectorAll("li[data-href]");
    if (!options.length) { return; }
    if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
    active = (active + step + options.length) % options.length;
    var chosen = options[active];
    chosen.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", chosen.id);
    chosen.scrollIntoView({block: "nearest"});
  }

  if (input && list) {
    input.addEventListener("input", function () { render(input.value); });
    input.addEventListener("focus", function () { if (input.value) { render(input.value); } });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden && input.value) { render(input.value); }
        move(event.key === "ArrowDown" ? 1 : -1);
        event.preventDefault();
      } else if (event.key === "Enter") {
        var options = list.querySelectorAll("li[data-href]");
        var chosen = options[active >= 0 ? active : 0];
        if (chosen && !list.hidden) { open(chosen.getAttribute("data-href")); }
        event.preventDefault();
      } else if (event.key === "Escape") {
        if (!list.hidden) { close(); } else { input.value = ""; clear(); status.textContent = ""; }
        event.preventDefault();
      }
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) { close(); }
    });
  }

  // -- the language switch opens the same page in the other language, at the same place and date ---------
  var other = document.getElementById("langswitch");
  if (other) {
    other.addEventListener("click", function () {
      if (window.location.hash && other.href.indexOf("#") < 0) { other.href = other.href + window.location.hash; }
    });
  }
})();
