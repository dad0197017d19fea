// regc documentation: client-side search over the prebuilt index (search-LANG.js, loaded before this
// file) and the language switch. No network access; results are built with textContent only, so no
// text of the index is ever parsed as HTML.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";
  var index = window.REGC_SEARCH || [];

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  var folded = index.map(function (entry) { return fold(entry.t + " " + entry.x); });
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");

  function clear() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
  }

  function snippet(text, word) {
    var at = fold(text).indexOf(word);
    var start = Math.max(0, at - 40);
    var piece = text.slice(start, start + 140);
    return (start > 0 ? "…" : "") + piece + (start + 140 < text.length ? "…" : "");
  }

  function render(query) {
    clear();
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { list.hidden = true; return; }
    var shown = 0;
    for (var i = 0; i < index.length && shown < 30; i++) {
      var hay = folded[i];
      var hit = words.every(function (w) { return hay.indexOf(w) >= 0; });
      if (!hit) { continue; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + index[i].u;
      a.textContent = index[i].t;
      li.appendChild(a);
      if (index[i].x) {
        var span = document.createElement("span");
        span.className = "snippet";
        span.textContent = snippet(index[i].x, words[0]);
        li.appendChild(span);
      }
      list.appendChild(li);
      shown++;
    }
    if (!shown) {
      var empty = document.createElement("li");
      empty.textContent = list.getAttribute("data-empty") || "";
      list.appendChild(empty);
    }
    list.hidden = false;
  }

  if (input && list) {
    input.addEventListener("input", function () { render(input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { window.location.href = first.href; }
      } else if (event.key === "Escape") {
        input.value = "";
        render("");
      }
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) { list.hidden = true; }
    });
  }

  // The language switch opens the same page in the other language, at the same place.
  var lang = document.getElementById("langswitch");
  if (lang) {
    lang.addEventListener("click", function () {
      if (window.location.hash && lang.href.indexOf("#") < 0) { lang.href = lang.href + window.location.hash; }
    });
  }
})();
