// regc documentation: the calculator. A case from the form, from the box (JSON, or a small safe subset of
// YAML), or from the URL fragment (#module=M&case=JSON, as the worked examples link here) is validated in
// the page by the JavaScript validator the rules were compiled to (assets/validators/MODULE.js, which
// defines globalThis.RegcValidators[MODULE].validate(case)). Nothing is sent anywhere. The result is put
// in the page with textContent only; the words and the citations' pages come from calculator-LANG.js.
(function () {
  "use strict";
  var C = window.REGC_CALC || {labels: {}, names: {}, cites: {}, lang: "en"};
  var L = C.labels;
  var root = document.documentElement.getAttribute("data-root") || "";
  var form = document.getElementById("calc-form");
  var box = document.getElementById("calc-case");
  if (!form || !box) { return; }
  var errorLine = document.getElementById("calc-error");
  var note = document.getElementById("calc-note");
  var result = document.getElementById("calc-result");
  var body = document.getElementById("calc-result-body");
  var loaded = {};          // the last case read from the box: what the form cannot show is kept from it
  var MANAGED = ["module", "case_id", "form", "proceeding", "method", "complexity", "assigned_on", "payment_date",
                 "method_chosen_on", "offense_classes", "stages", "providers", "entries"];

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // -- a small, safe subset of YAML: block mappings and lists, flow [..] and {..}, quoted and plain values --
  function YamlError(message, line) { this.message = message + (line ? " (line " + line + ")" : ""); }

  function parseYaml(text) {
    var lines = [];
    var raw = text.replace(/\r\n?/g, "\n").split("\n");
    var documents = 0;
    for (var n = 0; n < raw.length; n++) {
      var line = stripComment(raw[n]);
      if (/^---\s*$/.test(line)) {
        documents++;
        if (documents > 1 || lines.length) { throw new YamlError(L.one_case, n + 1); }
        continue;
      }
      if (/^\.\.\.\s*$/.test(line)) { break; }
      if (!line.trim()) { continue; }
      if (/\t/.test(line.match(/^\s*/)[0])) { throw new YamlError("tab", n + 1); }
      var content = line.trim();
      if (/^[&*!|>%@`]/.test(content) || /:\s+[&*!|>]/.test(content) || /^-\s+[&*!|>]/.test(content)) {
        throw new YamlError(L.yaml_subset, n + 1);
      }
      lines.push({indent: line.length - line.replace(/^ +/, "").length, text: content, number: n + 1});
    }
    if (!lines.length) { return null; }
    var state = {lines: lines, i: 0};
    var value = block(state, lines[0].indent);
    if (state.i < lines.length) { throw new YamlError(L.yaml_subset, lines[state.i].number); }
    return value;
  }

  function stripComment(line) {
    var quote = "";
    for (var i = 0; i < line.length; i++) {
      var c = line.charAt(i);
      if (quote) {
        if (c === "\\" && quote === '"') { i++; } else if (c === quote) { quote = ""; }
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === "#" && (i === 0 || /\s/.test(line.charAt(i - 1)))) {
        return line.slice(0, i).replace(/\s+$/, "");
      }
    }
    return line.replace(/\s+$/, "");
  }

  function block(state, indent) {
    var line = state.lines[state.i];
    if (/^-(\s|$)/.test(line.text)) { return sequence(state, indent); }
    return mapping(state, indent);
  }

  function sequence(state, indent) {
    var out = [];
    while (state.i < state.lines.length) {
      var line = state.lines[state.i];
      if (line.indent !== indent || !/^-(\s|$)/.test(line.text)) { break; }
      var rest = line.text.replace(/^-\s*/, "");
      if (!rest) {
        state.i++;
        var next = state.lines[state.i];
        out.push(next && next.indent > indent ? block(state, next.indent) : null);
      } else if (isKey(rest)) {   // "- key: value": a mapping that starts on the dash's line
        var shift = line.text.length - rest.length;
        state.lines[state.i] = {indent: indent + shift, text: rest, number: line.number};
        out.push(mapping(state, indent + shift));
      } else {
        out.push(scalarOrFlow(rest, line.number));
        state.i++;
      }
    }
    return out;
  }

  var KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\[\]{},:][^:#]*?)\s*:(\s+|$)/;

  function isKey(text) { return KEY.test(text) && !/^[\[{]/.test(text); }

  function mapping(state, indent) {
    var out = {};
    while (state.i < state.lines.length) {
      var line = state.lines[state.i];
      if (line.indent !== indent) {
        if (line.indent > indent) { throw new YamlError(L.yaml_subset, line.number); }
        break;
      }
      var match = KEY.exec(line.text);
      if (!match || /^-(\s|$)/.test(line.text)) { throw new YamlError(L.yaml_subset, line.number); }
      var key = unquote(match[1].trim(), line.number);
      var rest = line.text.slice(match[0].length);
      state.i++;
      if (rest) {
        out[key] = scalarOrFlow(rest, line.number);
      } else {
        var next = state.lines[state.i];
        if (next && (next.indent > indent || (next.indent === indent && /^-(\s|$)/.test(next.text)))) {
          out[key] = block(state, next.indent);
        } else {
          out[key] = null;
        }
      }
    }
    return out;
  }

  function unquote(text, number) {
    if (text.charAt(0) === '"') {
      try { return JSON.parse(text); } catch (e) { throw new YamlError(L.yaml_subset, number); }
    }
    if (text.charAt(0) === "'") { return text.slice(1, -1).replace(/''/g, "'"); }
    return text;
  }

  function scalarOrFlow(text, number) {
    if (/^[\[{]/.test(text)) {
      var state = {text: text, i: 0, number: number};
      var value = flow(state);
      skipSpaces(state);
      if (state.i < text.length) { throw new YamlError(L.yaml_subset, number); }
      return value;
    }
    return scalar(text, number);
  }

  function skipSpaces(state) { while (state.i < state.text.length && /\s/.test(state.text.charAt(state.i))) { state.i++; } }

  function flow(state) {
    skipSpaces(state);
    var c = state.text.charAt(state.i);
    if (c === "[" || c === "{") {
      var closing = c === "[" ? "]" : "}";
      var out = c === "[" ? [] : {};
      state.i++;
      skipSpaces(state);
      if (state.text.charAt(state.i) === closing) { state.i++; return out; }
      for (;;) {
        if (closing === "]") {
          out.push(flow(state));
        } else {
          var key = flowScalar(state, true);
          skipSpaces(state);
          if (state.text.charAt(state.i) !== ":") { throw new YamlError(L.yaml_subset, state.number); }
          state.i++;
          out[key] = flow(state);
        }
        skipSpaces(state);
        var sep = state.text.charAt(state.i);
        state.i++;
        if (sep === closing) { return out; }
        if (sep !== ",") { throw new YamlError(L.yaml_subset, state.number); }
      }
    }
    var text = flowScalar(state, false);
    return text;
  }

  function flowScalar(state, asKey) {
    skipSpaces(state);
    var start = state.i, c = state.text.charAt(start);
    if (c === '"' || c === "'") {
      var j = start + 1;
      while (j < state.text.length) {
        var d = state.text.charAt(j);
        if (c === '"' && d === "\\") { j += 2; continue; }
        if (d === c) {
          if (c === "'" && state.text.charAt(j + 1) === "'") { j += 2; continue; }
          break;
        }
        j++;
      }
      state.i = j + 1;
      return unquote(state.text.slice(start, j + 1), state.number);
    }
    while (state.i < state.text.length && !/[,\]}]/.test(state.text.charAt(state.i)) &&
           !(asKey && state.text.charAt(state.i) === ":")) { state.i++; }
    var plain = state.text.slice(start, state.i).trim();
    return asKey ? plain : scalar(plain, state.number);
  }

  function scalar(text, number) {
    if (text.charAt(0) === '"' || text.charAt(0) === "'") { return unquote(text, number); }
    if (/^(null|Null|NULL|~)$/.test(text)) { return null; }
    if (/^(true|True|TRUE)$/.test(text)) { return true; }
    if (/^(false|False|FALSE)$/.test(text)) { return false; }
    if (/^[-+]?\d+$/.test(text)) { return parseInt(text, 10); }
    if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) { return parseFloat(text); }
    return text;
  }

  function parseCase(text) {
    var trimmed = text.trim();
    if (!trimmed) { throw new YamlError("empty", 0); }
    if (/^[\[{]/.test(trimmed)) {
      try { return JSON.parse(trimmed); } catch (e) { /* flow YAML is a superset of JSON's shape: try it */ }
    }
    var value = parseYaml(text);
    if (Array.isArray(value)) { throw new YamlError(L.one_case, 0); }
    if (value === null || typeof value !== "object") { throw new YamlError(L.yaml_subset, 0); }
    return value;
  }

  // -- the form and the case ------------------------------------------------------------------------------
  function field(name) { return form.elements.namedItem(name); }

  function addRow(kind, values) {
    var template = document.getElementById(kind === "provider" ? "calc-provider-row" : "calc-entry-row");
    var row = template.content.firstElementChild.cloneNode(true);
    var extra = {};
    Object.keys(values || {}).forEach(function (key) {
      var input = row.querySelector('[name="' + key + '"]');
      if (input && (typeof values[key] !== "object" || values[key] === null)) {
        input.value = values[key] === null ? "" : String(values[key]);
      } else {
        extra[key] = values[key];
      }
    });
    row.setAttribute("data-extra", JSON.stringify(extra));
    row.querySelector(".remove").addEventListener("click", function () { row.parentNode.removeChild(row); fromForm(); });
    document.querySelector(kind === "provider" ? "#calc-providers tbody" : "#calc-entries tbody").appendChild(row);
    return row;
  }

  function rows(kind) {
    return Array.prototype.map.call(document.querySelectorAll(kind === "provider" ? "#calc-providers tbody tr" : "#calc-entries tbody tr"),
      function (row) {
        var out = JSON.parse(row.getAttribute("data-extra") || "{}");
        Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (input) {
          if (input.value === "") { return; }
          out[input.name] = input.type === "number" ? Number(input.value) : input.value;
        });
        return out;
      });
  }

  function caseFromForm() {
    var out = {};
    Object.keys(loaded).forEach(function (key) { if (MANAGED.indexOf(key) < 0) { out[key] = loaded[key]; } });
    ["case_id", "form", "proceeding", "method", "complexity", "assigned_on", "payment_date", "method_chosen_on"].forEach(function (name) {
      var input = field(name);
      if (input && input.value !== "") { out[name] = input.value; }
    });
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.checks"), function (set) {
      var chosen = Array.prototype.filter.call(set.querySelectorAll("input"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      var name = set.getAttribute("data-field");
      if (name === "groups") {
        if (chosen.length) {
          var evidence = field("evidence").value;
          out.aided_person = {groups: chosen.map(function (g) { return evidence ? {group: g, evidence: evidence} : {group: g}; })};
        }
      } else if (chosen.length) {
        out[name] = chosen;
      }
    });
    out.providers = rows("provider");
    out.entries = rows("entry");
    return out;
  }

  function fillForm(c) {
    form.reset();
    ["case_id", "form", "proceeding", "method", "complexity", "assigned_on", "payment_date", "method_chosen_on"].forEach(function (name) {
      var input = field(name);
      if (input) { input.value = c[name] === undefined || c[name] === null ? "" : String(c[name]); }
    });
    var groups = ((c.aided_person || {}).groups || []).map(function (g) { return g && g.group; });
    var evidence = ((c.aided_person || {}).groups || []).map(function (g) { return g && g.evidence; }).filter(Boolean);
    field("evidence").value = evidence.length ? evidence[0] : "";
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.checks"), function (set) {
      var name = set.getAttribute("data-field");
      var values = name === "groups" ? groups : (c[name] || []);
      Array.prototype.forEach.call(set.querySelectorAll("input"), function (box) { box.checked = values.indexOf(box.value) >= 0; });
    });
    ["#calc-providers tbody", "#calc-entries tbody"].forEach(function (selector) {
      var tbody = document.querySelector(selector);
      while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    });
    (Array.isArray(c.providers) ? c.providers : []).forEach(function (p) { addRow("provider", p); });
    (Array.isArray(c.entries) ? c.entries : []).forEach(function (e) { addRow("entry", e); });
  }

  function fromForm() {
    var c = caseFromForm();
    box.value = JSON.stringify(c, null, 2);
    run(c);
  }

  // -- validating and showing the result ------------------------------------------------------------------
  function number(value) {
    if (typeof value !== "number") { return value === null || value === undefined ? "" : String(value); }
    var parts = String(value).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, C.lang === "vi" ? "." : ",");
    return parts.length > 1 ? whole + (C.lang === "vi" ? "," : ".") + parts[1] : whole;
  }

  function citeHref(cite) {
    if (!cite) { return ""; }
    var key = String(cite);
    while (key) {
      if (Object.prototype.hasOwnProperty.call(C.cites, key)) { return root + C.cites[key]; }
      var dot = key.lastIndexOf(".");
      if (dot < 0) { break; }
      key = key.slice(0, dot);
    }
    return "";
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function citation(cite) {
    var href = citeHref(cite);
    if (!href) { return el("span", cite || ""); }
    var a = el("a", cite);
    a.href = href;
    return a;
  }

  function table(caption, head, rowsOf) {
    var wrap = el("div", null, "grid");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", L.result + " — " + caption);   // unlike the form's tables of the same name
    var t = el("table");
    t.appendChild(el("caption", caption));
    var thead = el("thead"), tr = el("tr");
    head.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    thead.appendChild(tr);
    t.appendChild(thead);
    var tbody = el("tbody");
    rowsOf.forEach(function (cells) {
      var row = el("tr");
      cells.forEach(function (c) {
        var td = el("td");
        if (c && c.nodeType) { td.appendChild(c); } else { td.textContent = c === undefined || c === null ? "" : String(c); }
        row.appendChild(td);
      });
      tbody.appendChild(row);
    });
    t.appendChild(tbody);
    wrap.appendChild(t);
    return wrap;
  }

  function show(r) {
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var line = el("p", null, "status-line");
    line.appendChild(el("strong", L.status + ": "));
    line.appendChild(el("code", String(r.status)));
    line.id = "calc-status";
    body.appendChild(line);
    if (r.governed_by) { body.appendChild(el("p", L.governed_by + ": " + r.governed_by)); }
    var figures = ["sessions_declared", "sessions_payable", "base_salary_vnd", "amount_vnd"].map(function (key) {
      return [L[key] || key, number(r[key])];
    });
    body.appendChild(table(L.figures, [L.figure, L.value], figures));
    var providers = (r.providers || []).map(function (p) {
      return [p.id, C.names[p.kind] || p.kind, number(p.sessions_payable), number(p.amount_vnd)];
    });
    if (providers.length) {
      body.appendChild(table(L.providers, [L.id, L.provider_kind, L.sessions_payable, L.amount_vnd], providers));
    }
    body.appendChild(el("h3", L.findings));
    var findings = (r.findings || []).map(function (f) {
      return [el("code", f.code), f.severity, citation(f.citation), f.entry === null || f.entry === undefined ? "" : String(f.entry), f.message];
    });
    if (findings.length) {
      body.appendChild(table(L.findings, [L.code, L.severity, L.citation, L.entry, L.message], findings));
    } else {
      body.appendChild(el("p", L.no_findings));
    }
    body.appendChild(el("h3", L.trace));
    if (L.trace_note) { body.appendChild(el("p", L.trace_note, "fallback")); }
    var list = el("ol", null, "trace");
    (r.trace || []).forEach(function (t) {
      var li = el("li");
      if (t.citation) { li.appendChild(citation(t.citation)); li.appendChild(document.createTextNode(": ")); }
      li.appendChild(document.createTextNode(String(t.step || "")));
      if (t.value !== null && t.value !== undefined) {
        li.appendChild(document.createTextNode(" = "));
        li.appendChild(el("strong", number(t.value)));
      }
      list.appendChild(li);
    });
    body.appendChild(list);
    result.hidden = false;
  }

  function fail(message) {
    errorLine.textContent = message;
    errorLine.hidden = false;
  }

  function run(c) {
    errorLine.hidden = true;
    var module = field("module").value;
    var validators = globalThis.RegcValidators || {};
    var validator = validators[module];
    if (!validator || typeof validator.validate !== "function") { fail(format(L.failed, {error: module})); return; }
    var copy = JSON.parse(JSON.stringify(c));   // the validator may not change the case the page holds
    try {
      show(validator.validate(copy));
    } catch (e) {
      fail(format(L.failed, {error: e && e.message ? e.message : String(e)}));
    }
  }

  function fromBox(fill) {
    var c;
    try {
      c = parseCase(box.value);
    } catch (e) {
      result.hidden = true;
      fail(format(L.bad_json, {error: e && e.message ? e.message : String(e)}));
      return;
    }
    loaded = c;
    if (fill) { fillForm(c); }
    run(c);
  }

  document.getElementById("calc-add-provider").addEventListener("click", function () {
    addRow("provider", {id: "P" + (document.querySelectorAll("#calc-providers tbody tr").length + 1)});
    fromForm();
  });
  document.getElementById("calc-add-entry").addEventListener("click", function () {
    var providers = rows("provider");
    addRow("entry", {provider: providers.length ? providers[0].id : "P1"});
    fromForm();
  });
  form.addEventListener("change", fromForm);
  form.addEventListener("submit", function (event) { event.preventDefault(); fromForm(); });
  document.getElementById("calc-validate").addEventListener("click", function () { fromBox(false); });
  document.getElementById("calc-to-form").addEventListener("click", function () { fromBox(true); });

  // A case in the URL fragment: #module=M&case=URL-ENCODED-JSON[&readings=choice=option,...]
  function fromFragment() {
    var params = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { params[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* left out */ }
      }
    });
    if (params.module && field("module").querySelector('option[value="' + params.module.replace(/["\\]/g, "") + '"]')) {
      field("module").value = params.module;
    }
    if (params.readings) {
      note.textContent = format(L.readings, {readings: params.readings});
      note.hidden = false;
    }
    if (params["case"]) {
      box.value = params["case"];
      try { box.value = JSON.stringify(JSON.parse(params["case"]), null, 2); } catch (e) { /* shown as given */ }
      fromBox(true);
      return true;
    }
    return false;
  }

  if (!fromFragment()) {
    addRow("provider", {id: "P1"});
    addRow("entry", {provider: "P1"});
    box.value = JSON.stringify(caseFromForm(), null, 2);
  }
  window.addEventListener("hashchange", fromFragment);
  window.REGC_PARSE_CASE = parseCase;   // for the browser tests of the YAML subset
})();
