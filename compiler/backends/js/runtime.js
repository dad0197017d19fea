// The runtime of the generated JavaScript validators: read a case, check its entries, work out its figures.
//
// The JavaScript backend inlines this file (from the first line after this header) into every generated
// module, inside the module's own function scope, above the rules' data: a generated validator is one
// standalone script with no dependencies. It gives, for the same case, the same result as the Python
// runtime (compiler/backends/python/runtime.py), JSON for JSON: same findings, messages and trace. What
// the compiler decides from the rules (what applies in each area, the order of the caps, the reference
// kind, the base salary and its dates, the session bands) arrives as data; this file only computes.
//
// Python's semantics are kept where they show in a result: exact decimals with 28 significant digits
// (Decimal's default context), money rounded half up only at the end, strings compared by code point,
// mappings kept in insertion order (Map: a plain object would put ids like "2" first), Python's repr()
// and reprlib for values quoted in messages, difflib for the "did you mean" suggestions.

"use strict";

// ------------------------------------------------------------------------ exact decimals

const PRECISION = 28;   // significant digits of Python's default decimal context (rounding half even)

// A decimal c x 10^e (c a BigInt), or a value that is not finite (hours a caller gave as Infinity or NaN).
class Dec {
  constructor(c, e, special = null) {
    this.c = c;
    this.e = e;
    this.special = special;   // null | "Infinity" | "-Infinity" | "NaN"
  }
}

const pow10 = (n) => 10n ** BigInt(n);
const absBig = (c) => (c < 0n ? -c : c);
const digitCount = (c) => absBig(c).toString().length;

// The result of an operation, rounded to 28 significant digits, half even, as Decimal rounds it.
function rounded(c, e) {
  const n = digitCount(c);
  if (n <= PRECISION) return new Dec(c, e);
  const drop = n - PRECISION, unit = pow10(drop), a = absBig(c);
  let q = a / unit;
  const twice = (a % unit) * 2n;
  if (twice > unit || (twice === unit && q % 2n === 1n)) q += 1n;
  return new Dec(c < 0n ? -q : q, e + drop);
}

const DEC_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function dec(text) {   // a decimal from its text: "2.5", "-1e+21"
  const m = DEC_TEXT.exec(text);
  if (!m || (m[2] + (m[3] || "")) === "") throw new Error(`not a decimal: ${text}`);
  const fraction = m[3] || "";
  const c = BigInt(m[2] + fraction || "0");
  return new Dec(m[1] === "-" ? -c : c, Number(m[4] || 0) - fraction.length);
}

const decInt = (n) => new Dec(BigInt(n), 0);
const ZERO = decInt(0);

// A JSON number as Python reads it: the decimal it was written as (runtime.hours_of_float reads repr()).
function decOfNumber(n) {
  if (Number.isNaN(n)) return new Dec(0n, 0, "NaN");
  if (!Number.isFinite(n)) return new Dec(0n, 0, n > 0 ? "Infinity" : "-Infinity");
  return isInt(n) ? decInt(n) : dec(String(n));
}

function aligned(a, b) {   // both coefficients on the smaller exponent
  const e = Math.min(a.e, b.e);
  return [a.c * pow10(a.e - e), b.c * pow10(b.e - e), e];
}
const toDec = (x) => (x instanceof Dec ? x : decInt(x));
function add(a, b) { [a, b] = [toDec(a), toDec(b)]; const [x, y, e] = aligned(a, b); return rounded(x + y, e); }
function sub(a, b) { [a, b] = [toDec(a), toDec(b)]; const [x, y, e] = aligned(a, b); return rounded(x - y, e); }
function mul(a, b) { [a, b] = [toDec(a), toDec(b)]; return rounded(a.c * b.c, a.e + b.e); }
function cmp(a, b) { [a, b] = [toDec(a), toDec(b)]; const [x, y] = aligned(a, b); return x < y ? -1 : x > y ? 1 : 0; }
const isZero = (a) => a.c === 0n;
const sum = (values) => values.reduce((total, x) => add(total, x), ZERO);
const maxDec = (a, b) => (cmp(a, b) >= 0 ? a : b);

// a / b as Decimal divides: the quotient to 28 significant digits (its algorithm: 29 or 30 digits, a
// sticky last digit when inexact, then rounded half even).
function div(a, b) {
  [a, b] = [toDec(a), toDec(b)];
  if (a.c === 0n) return new Dec(0n, a.e - b.e);
  const shift = digitCount(b.c) - digitCount(a.c) + PRECISION + 1;
  const x = absBig(a.c), y = absBig(b.c);
  let q, r;
  if (shift >= 0) { const n = x * pow10(shift); q = n / y; r = n % y; } else { const d = y * pow10(-shift); q = x / d; r = x % d; }
  if (r !== 0n && q % 5n === 0n) q += 1n;
  return rounded((a.c < 0n) !== (b.c < 0n) ? -q : q, a.e - b.e - shift);
}

function isInteger(a) { return a.e >= 0 || a.c % pow10(-a.e) === 0n; }
function trunc(a) { return a.e >= 0 ? a.c * pow10(a.e) : a.c / pow10(-a.e); }   // int(Decimal): toward zero
function floorDiv(a, b) { const [x, y] = aligned(toDec(a), toDec(b)); return new Dec(x / y, 0); }   // Decimal //

function dong(a) {   // money is rounded half up, to whole đồng, only at the end
  if (a.e >= 0) return a.c * pow10(a.e);
  const unit = pow10(-a.e), x = absBig(a.c);
  let q = x / unit;
  if ((x % unit) * 2n >= unit) q += 1n;
  return a.c < 0n ? -q : q;
}

function plain(a) {   // the digits of a finite decimal without exponent or trailing zeros
  let c = a.c, e = a.e;
  while (e < 0 && c % 10n === 0n && c !== 0n) { c /= 10n; e += 1; }
  if (e >= 0) return (c * pow10(e)).toString();
  const digits = absBig(c).toString().padStart(-e + 1, "0");
  return (c < 0n ? "-" : "") + digits.slice(0, digits.length + e) + "." + digits.slice(digits.length + e);
}

function fmt(a) {   // a decimal as a person writes it: 2.5, 10, 0.38
  if (a.special) return a.special;
  return isInteger(a) ? trunc(a).toString() : plain(a);
}

function num(a) {   // a figure for JSON: whole, or the nearest binary float (as Python's float())
  if (a === null || a === undefined) return null;
  return isInteger(a) ? Number(trunc(a)) : Number(plain(a));
}

const grouped = (n) => { const s = absBig(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ","); return n < 0n ? "-" + s : s; };
const vnd = (a) => `${grouped(dong(a))} đồng`;

// ------------------------------------------------------------------------ Python's view of values

// The case is read as Python reads the JSON of it: a key whose value is undefined is absent.
const isMapping = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
const keysOf = (x) => Object.keys(x).filter((k) => x[k] !== undefined);
const get = (x, key) => (Object.prototype.hasOwnProperty.call(x, key) && x[key] !== undefined ? x[key] : null);
// A JSON number Python reads as an int: JavaScript keeps no difference between 3 and 3.0, so a whole
// number is an int while it is exact (within 2^53), and -0 is the float -0.0.
const isInt = (x) => typeof x === "number" && Number.isSafeInteger(x) && !Object.is(x, -0);
const isText = (x) => typeof x === "string";
const pyStr = (x) => (x === null || x === undefined ? "None" : String(x));   // f"{x}" of text, a date or None
const codePoints = (s) => Array.from(s);

function falsy(x) {   // Python's `not x` for a JSON value
  return x === null || x === false || x === 0 || x === "" || (Array.isArray(x) && x.length === 0)
    || (isMapping(x) && keysOf(x).length === 0);
}

function compareText(a, b) {   // Python orders text by code point; JavaScript by UTF-16 unit
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      const sx = x >= 0xd800 && x <= 0xdfff, sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}
const sorted = (items) => [...items].sort(compareText);

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const hex = (n, width) => n.toString(16).padStart(width, "0");

function reprText(s) {   // repr() of a str
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const n = ch.codePointAt(0);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (n < 0x20 || n === 0x7f) out += "\\x" + hex(n, 2);
    else if (n < 0x7f || !UNPRINTABLE.test(ch)) out += ch;   // printable (str.isprintable)
    else out += n <= 0xff ? "\\x" + hex(n, 2) : n <= 0xffff ? "\\u" + hex(n, 4) : "\\U" + hex(n, 8);
  }
  return out + quote;
}

function reprFloat(x) {   // repr() of a float: the shortest digits, exponent outside 1e-4 <= |x| < 1e16
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", ""), e = Number(exponent), sign = x < 0 ? "-" : "";
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    return `${sign}${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, "0"), fraction = digits.slice(e + 1);
  return `${sign}${whole}.${fraction || "0"}`;
}

const reprNumber = (x) => (isInt(x) ? BigInt(x).toString() : reprFloat(x));

function repr(x) {   // Python's repr() of a JSON value
  if (x === null || x === undefined) return "None";
  if (x === true) return "True";
  if (x === false) return "False";
  if (typeof x === "number") return reprNumber(x);
  if (isText(x)) return reprText(x);
  if (Array.isArray(x)) return "[" + x.map(repr).join(", ") + "]";
  if (isMapping(x)) return "{" + keysOf(x).map((k) => `${reprText(k)}: ${repr(x[k])}`).join(", ") + "}";
  return String(x);
}

function elide(s, max) {   // reprlib: the first and last characters, '...' between
  const cps = codePoints(s);
  if (cps.length <= max) return s;
  const i = Math.max(0, Math.floor((max - 3) / 2)), j = Math.max(0, max - 3 - i);
  return cps.slice(0, i).join("") + "..." + cps.slice(cps.length - j).join("");
}

// reprlib.Repr with the Python runtime's limits: 3 levels, 40 characters, 4 items.
function shortRepr(x, level) {
  if (isText(x)) {
    const cps = codePoints(x);
    let s = reprText(cps.slice(0, 40).join(""));
    if (codePoints(s).length > 40) {
      const i = 18, j = 19;
      s = codePoints(reprText(cps.slice(0, i).join("") + cps.slice(cps.length - j).join("")));
      s = s.slice(0, i).join("") + "..." + s.slice(s.length - j).join("");
    }
    return s;
  }
  if (isInt(x)) return elide(reprNumber(x), 40);
  if (Array.isArray(x)) {
    if (level <= 0 && x.length) return "[...]";
    const pieces = x.slice(0, 4).map((item) => shortRepr(item, level - 1));
    if (x.length > 4) pieces.push("...");
    return "[" + pieces.join(", ") + "]";
  }
  if (isMapping(x)) {
    const keys = keysOf(x);
    if (!keys.length) return "{}";
    if (level <= 0) return "{...}";
    const pieces = sorted(keys).slice(0, 4).map((k) => `${shortRepr(k, level - 1)}: ${shortRepr(x[k], level - 1)}`);
    if (keys.length > 4) pieces.push("...");
    return "{" + pieces.join(", ") + "}";
  }
  return elide(repr(x), 40);
}

function show(value) {   // a value quoted in a message: its kind, then a few levels and characters of it
  const kind = value === null || value === undefined ? "nothing" : typeof value === "boolean" ? "true/false"
    : typeof value === "number" ? "a number" : isText(value) ? "text" : Array.isArray(value) ? "a list"
      : isMapping(value) ? "a mapping" : typeof value;
  const text = shortRepr(value, 3), cps = codePoints(text);
  return `${kind} ${cps.length > 40 ? cps.slice(0, 40).join("") + "..." : text}`;
}

// difflib.SequenceMatcher(None, a, b).ratio() and its two quick bounds, over code points.
class Matcher {
  constructor(b) {
    this.b = codePoints(b);
    this.b2j = new Map();
    this.b.forEach((elt, j) => { if (!this.b2j.has(elt)) this.b2j.set(elt, []); this.b2j.get(elt).push(j); });
    if (this.b.length >= 200) {   // autojunk: elements of more than 1% of a long b are not matched on
      const limit = Math.floor(this.b.length / 100) + 1;
      for (const [elt, js] of [...this.b2j]) if (js.length > limit) this.b2j.delete(elt);
    }
    this.count = new Map();
    for (const elt of this.b) this.count.set(elt, (this.count.get(elt) || 0) + 1);
  }

  longest(a, alo, ahi, blo, bhi) {
    const b = this.b;
    let besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
    for (let i = alo; i < ahi; i++) {
      const next = new Map();
      for (const j of this.b2j.get(a[i]) || []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  }

  ratio(a) {
    let matches = 0;
    const queue = [[0, a.length, 0, this.b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = this.longest(a, alo, ahi, blo, bhi);
      if (k) {
        matches += k;
        if (alo < i && blo < j) queue.push([alo, i, blo, j]);
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
      }
    }
    return ratioOf(matches, a.length + this.b.length);
  }

  quickRatio(a) {
    const avail = new Map();
    let matches = 0;
    for (const elt of a) {
      const n = avail.has(elt) ? avail.get(elt) : this.count.get(elt) || 0;
      avail.set(elt, n - 1);
      if (n > 0) matches++;
    }
    return ratioOf(matches, a.length + this.b.length);
  }
}
const ratioOf = (matches, length) => (length ? (2.0 * matches) / length : 1.0);

function suggest(word, choices) {   // difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
  if (!isText(word)) return "";
  const matcher = new Matcher(word);
  let best = null;
  for (const x of choices) {
    const a = codePoints(x), lengths = a.length + matcher.b.length;
    if (ratioOf(Math.min(a.length, matcher.b.length), lengths) < 0.6 || matcher.quickRatio(a) < 0.6) continue;
    const score = matcher.ratio(a);
    if (score >= 0.6 && (best === null || score > best[0] || (score === best[0] && compareText(x, best[1]) > 0))) best = [score, x];
  }
  return best ? ` (did you mean ${reprText(best[1])}?)` : "";
}

// ------------------------------------------------------------------------ dates, as written

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateOf(value) {   // YYYY-MM-DD text that is a real calendar date (compared as text), else null
  if (!isText(value)) return null;
  const m = DATE_TEXT.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days ? value : null;
}
const looksLikeDate = (value) => { const cps = codePoints(value); return cps.length === 10 && cps[4] === "-" && cps[7] === "-"; };
const minDate = (dates) => (dates.length ? dates.reduce((a, b) => (b < a ? b : a)) : null);
const maxDate = (dates) => (dates.length ? dates.reduce((a, b) => (b > a ? b : a)) : null);

// ------------------------------------------------------------------------ small helpers

const finding = (code, severity, citation, entry, message) => ({ code, severity, citation, entry, message });

// Round each provider's exact amount to whole đồng so that they add up to `total`: round down, then the
// đồng left to the largest remainders, equal remainders in `order`. Also the tie that decided one, if any.
function apportion(exact, total, order) {
  if (exact.size === 1) return [new Map([[[...exact.keys()][0], total]]), null];
  const whole = new Map(), rest = new Map();
  for (const [key, value] of exact) { whole.set(key, trunc(value)); rest.set(key, sub(value, decInt(trunc(value)))); }
  let left = total;
  for (const w of whole.values()) left -= w;
  return largestRemainders(whole, rest, left, order);
}

// Cut `amounts` (id -> sessions) down to `limit` in proportion, in half sessions, largest remainder first.
function shareOut(amounts, limit, order) {
  const total = sum([...amounts.values()]);
  const units = trunc(mul(limit, 2));
  const whole = new Map(), rest = new Map();
  let left = units;
  for (const [key, value] of amounts) {
    const exact = div(mul(value, decInt(units)), total);
    whole.set(key, trunc(exact));
    rest.set(key, sub(exact, decInt(trunc(exact))));
    left -= trunc(exact);
  }
  const [halves, tie] = largestRemainders(whole, rest, left, order);
  return [new Map([...amounts.keys()].map((key) => [key, div(decInt(halves.get(key)), 2)])), tie];
}

function largestRemainders(whole, rest, left, order) {
  const ranked = [...rest.keys()].sort((a, b) => cmp(rest.get(b), rest.get(a)) || order.get(a) - order.get(b));
  const n = Number(left), given = ranked.slice(0, Math.max(n, 0));
  for (const key of given) whole.set(key, whole.get(key) + 1n);
  let tie = null;
  if (n > 0 && n < ranked.length && cmp(rest.get(ranked[n - 1]), rest.get(ranked[n])) === 0) {
    const tied = ranked.filter((key) => cmp(rest.get(key), rest.get(ranked[n])) === 0);
    tie = [tied.filter((key) => given.includes(key)), tied.filter((key) => !given.includes(key))];
  }
  return [whole, tie];
}

function product(coords) {
  let combos = [[]];
  for (const values of coords) combos = combos.flatMap((combo) => values.map((value) => [...combo, value]));
  return combos;
}

// ------------------------------------------------------------------------ the rules, prepared once

const CASE_FIELDS = ["case_id", "form", "proceeding", "method", "assigned_on", "payment_date", "method_chosen_on",
  "offense_classes", "complexity", "stages", "suspended_on", "resumed_on", "providers", "entries", "aided_person"];
const PROVIDER_FIELDS = ["id", "kind", "from", "until", "method", "method_chosen_on", "stages"];
const ENTRY_FIELDS = ["date", "provider", "activity", "hours", "certified_by"];
const SELDOM_GIVEN = ["method_chosen_on", "offense_classes", "complexity", "stages", "suspended_on", "resumed_on"];
const ENTRY_DATES = ["last_entry_date", "work_date", "first_task"];   // case dates read from the entries
const CASE_DATES = ["assigned_on", "payment_date", "method_chosen_on", "suspended_on", "resumed_on"];
const NO_AREA = { activities: [], sessionCaps: [], leastLimit: null, tableCaps: [], rates: [], fixedTable: null, floor: null };

function prepare(rules) {
  for (const v of rules.versions) {
    for (const activity of v.activities.values()) activity.certifierSet = new Set(activity.certifiers);
    for (const area of v.areas.values()) {   // the area's activities with who may certify each
      area.allowed = new Map(area.activities.map((point) => [point, v.activities.get(point).certifierSet]));
    }
    for (const table of v.tables.values()) {
      if (!table.byKey) table.byKey = new Map(table.cells.map(([key, value, pending]) => [JSON.stringify(key), [value, pending]]));
    }
  }
  return rules;
}

function caseDate(c, name) {   // a date of a case by the name the rules give it
  if (name === "last_entry_date" || name === "work_date") return c.last_date;
  if (name === "first_task") return minDate(c.dates);
  return CASE_DATES.includes(name) ? c[name] : null;
}

// ------------------------------------------------------------------------ the validator

class Validator {
  constructor(rules) {
    this.rules = prepare(rules);
    const vocabulary = (name) => rules.vocabularies.get(name) || [];
    [this.formIds, this.proceedingIds, this.methodIds, this.providerKinds, this.offenseClasses, this.complexities,
      this.stageIds, this.aidedGroups] = ["form", "proceeding", "method", "provider_kind", "offense_class", "complexity",
      "stage", "aided_group"].map(vocabulary);
    // Whether the versions differ in a provider's day or keep cases back: see decideVersions.
    const day = (v) => JSON.stringify(v.dayLimit && [fmt(v.dayLimit.hours), v.dayLimit.allEntries, v.dayLimit.citation]);
    this.oneDayRule = rules.versions.every((v) => day(v) === day(rules.versions[0]));
    this.transitions = rules.versions.some((v) => v.keeps !== null);
  }

  validate(raw) {
    const reader = new Reader(this);
    const c = reader.case(raw);
    if (c === null || reader.problems.length) {
      const fields = isMapping(raw) ? raw : {};
      const caseId = get(fields, "case_id"), method = get(fields, "method");
      return {
        case_id: isText(caseId) ? caseId : null, instrument: this.rules.instrument,
        method: isText(method) ? method : null, status: "rejected",
        sessions_declared: null, sessions_payable: null, base_salary_vnd: null, amount_vnd: null, providers: [],
        findings: reader.problems.map(([field, message]) => ({
          code: "INVALID_CASE", severity: "error", citation: this.rules.instrument, entry: null, field,
          message: `${field}: ${message}` })),
        trace: [],
      };
    }
    return new Run(this, c).result();
  }

  versionOn(date) {
    const versions = this.rules.versions;
    for (let i = versions.length - 1; i >= 0; i--) if (versions[i].start === null || versions[i].start <= date) return versions[i];
    return versions[0];
  }

  area(version, area) { return version.areas.get(area) || NO_AREA; }

  // Which version judges the case and which its entries (null: each entry the version of its date).
  decideVersions(c, entries) {
    const rules = this.rules, versions = rules.versions;
    if (versions.length === 1) { c.version = c.entriesVersion = versions[0]; return; }
    const byDates = ENTRY_DATES.includes(rules.caseJudgedBy) || ENTRY_DATES.includes(rules.entriesJudgedBy);
    // As the Python runtime does: when the versions would be chosen after the entries are read (nothing in
    // reading them needs a version) and the case has no `entries`, Reader.entries returns before choosing,
    // and the case is judged by the first version.
    if (entries === null && byDates && rules.entriesJudgedBy === "work_date" && c.suspended_on === null && this.oneDayRule
        && !this.transitions && !c.providers.some((p) => p.start !== null || p.until !== null)) {
      c.version = c.entriesVersion = null;
      return;
    }
    // The entries' dates are read first only when a version is chosen by them (as the Python runtime does).
    if (byDates) {
      c.dates = Array.isArray(entries) ? entries.filter(isMapping).map((e) => dateOf(get(e, "date"))).filter((d) => d !== null) : [];
      c.last_date = maxDate(c.dates);
    }
    const assigned = c.assigned_on || versions[0].start || rules.inForce;
    c.version = this.versionOn(caseDate(c, rules.caseJudgedBy) || assigned);
    // A transitional provision keeps cases from before a version under the one before, and so on back.
    while (c.version.keeps !== null && c.version.start !== null && c.version.number > 1) {
      const which = c.version.keeps.which;
      const when = { cases_assigned_before: c.assigned_on, cases_paid_before: c.payment_date || c.last_date,
        work_done_before: c.last_date }[which] ?? null;
      if (when === null || when >= c.version.start) break;
      c.kept = [c.version, which];
      c.version = versions[c.version.number - 2];
    }
    c.entriesVersion = null;
    if (rules.entriesJudgedBy !== "work_date") {
      c.entriesVersion = this.versionOn(caseDate(c, rules.entriesJudgedBy) || assigned);
      if (c.entriesVersion.number > c.version.number) c.entriesVersion = c.version;
    }
  }

  // The value of a dated parameter on a date for a case judged by `version`: a value an amending act
  // set applies only to the cases its rules judge.
  parameter(name, on, version) {
    const values = this.rules.parameters.get(name).values;
    for (let i = values.length - 1; i >= 0; i--) {
      const value = values[i];
      if (value.by !== null && (version.start === null || value.start > version.start)) continue;
      if (value.start <= on && (value.end === null || on <= value.end)) return value;
      if (value.start <= on) return null;
    }
    return null;
  }

  // [value, null] from a table for a case's facts, or [null, [code, why]] when it cannot be known.
  tableValue(version, name, fixed, stages, offenseClasses, complexity) {
    const facts = { stages, offense_classes: offenseClasses, complexity };
    const table = version.tables.get(name), fixedBy = new Map(fixed);
    const coords = [];
    for (let n = 0; n < table.axes.length; n++) {
      const axis = table.axes[n], values = table.axisValues[n];
      if (fixedBy.has(axis)) { coords.push([fixedBy.get(axis)]); continue; }
      const field = this.rules.axisCaseFields.get(axis) ?? null;
      let given = field ? facts[field] ?? null : null;
      if (isText(given)) given = [given];
      if (!given || !given.length) {
        if (table.allPending) return [null, ["VALUE_PENDING", `whose values are all pending (${table.cells[0][2]})`]];
        return [null, ["FACT_MISSING", `which needs the case's ${field || axis}, not given`]];
      }
      const ft = version.fixedTime;
      if (ft && ft.level && axis === ft.level[0]) {   // the most serious prevails
        given = [given.reduce((best, x) => (values.indexOf(x) > values.indexOf(best) ? x : best))];
      }
      const picked = values.filter((x) => given.includes(x));
      const unique = new Set(given);
      if (picked.length < unique.size) {
        return [null, ["FACT_MISSING", `which has no ${axis} ${sorted([...unique].filter((x) => !picked.includes(x))).join(", ")}`]];
      }
      coords.push(picked);
    }
    const cell = table.byKey.get(JSON.stringify(coords));
    if (cell !== undefined) {
      return cell[0] === null ? [null, ["VALUE_PENDING", `whose value is pending (${cell[1]})`]] : [cell[0], null];
    }
    let total = ZERO;
    const reasons = [];
    for (const combo of product(coords)) {
      const [value, pending] = table.byKey.get(JSON.stringify(combo.map((x) => [x])));
      if (value === null) reasons.push(pending); else total = add(total, value);
    }
    return reasons.length ? [null, ["VALUE_PENDING", `whose value is pending (${reasons[0]})`]] : [total, null];
  }

  capLimit(version, cap, c) {
    const [limit, problem] = this.tableValue(version, cap.table, cap.fixed, c.stages, c.offense_classes, c.complexity);
    if (problem === null) return [limit, null];
    const [code, why] = problem, points = cap.activities.join(", "), title = version.tables.get(cap.table).title;
    return [null, [code, `the time for ${points} is capped by ${title}, ${why}; it is counted uncapped`,
      `cap on ${points}: ${why}; counted uncapped`]];
  }
}

// ------------------------------------------------------------------------ reading a case

class Reader {
  constructor(validator) {
    this.validator = validator;
    this.problems = [];
  }

  bad(field, message) { this.problems.push([field, message]); }

  fields(mapping, allowed, where) {
    for (const key of keysOf(mapping)) {
      if (!allowed.includes(key)) this.bad(`${where}${key}`, `unknown field ${reprText(key)}${suggest(key, allowed)}`);
    }
  }

  text(mapping, key, where, required = true) {
    const value = get(mapping, key);
    if (value === null) {
      if (required) this.bad(`${where}${key}`, `the field ${reprText(key)} is required`);
      return null;
    }
    if (!isText(value)) { this.bad(`${where}${key}`, `expected text, found ${show(value)}`); return null; }
    return value;
  }

  choice(mapping, key, choices, where, required = true) {
    const value = get(mapping, key);
    if (isText(value) && choices.includes(value)) return value;
    const text = this.text(mapping, key, where, required);
    if (text !== null && !choices.includes(text)) {
      this.bad(`${where}${key}`, `${reprText(text)} is not one of ${choices.join(", ")}${suggest(text, choices)}`);
      return null;
    }
    return text;
  }

  date(mapping, key, where, required = false) {
    const value = get(mapping, key), date = dateOf(value);
    if (date !== null) return date;
    if (value === null) {
      if (required) this.bad(`${where}${key}`, `the field ${reprText(key)} is required`);
    } else if (isText(value) && looksLikeDate(value)) {
      this.bad(`${where}${key}`, `${reprText(value)} is not a real calendar date`);
    } else {
      this.bad(`${where}${key}`, `expected a date written YYYY-MM-DD, found ${show(value)}`);
    }
    return null;
  }

  choices(mapping, key, choices, where) {
    const value = get(mapping, key);
    if (value === null) return [];
    if (!Array.isArray(value)) { this.bad(`${where}${key}`, `expected a list, found ${show(value)}`); return []; }
    const out = [];
    value.forEach((item, i) => {
      if (!isText(item) || !choices.includes(item)) {
        this.bad(`${where}${key}[${i}]`, `${repr(item)} is not one of ${choices.join(", ")}${suggest(item, choices)}`);
      } else {
        out.push(item);
      }
    });
    return out;
  }

  hours(mapping, where) {
    const value = get(mapping, "hours");
    if (value === null) return null;
    if (typeof value === "number") return decOfNumber(value);
    this.bad(`${where}hours`, `expected a number of hours, found ${show(value)}`);
    return null;
  }

  case(raw) {
    if (!isMapping(raw)) { this.bad("case", `a case is a mapping of fields, found ${show(raw)}`); return null; }
    const v = this.validator, keys = keysOf(raw);
    this.fields(raw, CASE_FIELDS, "");
    const c = { kept: null, version: null, entriesVersion: null, dates: [], last_date: null, work: new Map(),
      entryFindings: [], method_chosen_on: null, offense_classes: [], complexity: null, stages: [], suspended_on: null,
      resumed_on: null };
    let caseId = get(raw, "case_id");
    if (isInt(caseId)) caseId = reprNumber(caseId);
    else if (!isText(caseId)) {
      this.bad("case_id", caseId === null ? "the field 'case_id' is required" : `expected text, found ${show(caseId)}`);
    }
    c.case_id = caseId;
    c.form = this.choice(raw, "form", v.formIds, "");
    c.proceeding = this.choice(raw, "proceeding", v.proceedingIds, "", c.form === "proceedings");
    if (c.form !== null && c.form !== "proceedings" && c.proceeding !== null) {
      this.bad("proceeding", `a proceeding is given only for form 'proceedings', not ${reprText(c.form)}`);
    }
    c.method = this.choice(raw, "method", v.methodIds, "");
    c.assigned_on = this.date(raw, "assigned_on", "", true);
    c.payment_date = this.date(raw, "payment_date", "");
    if (SELDOM_GIVEN.some((key) => keys.includes(key))) {
      c.method_chosen_on = this.date(raw, "method_chosen_on", "");
      c.offense_classes = this.choices(raw, "offense_classes", v.offenseClasses, "");
      c.complexity = this.choice(raw, "complexity", v.complexities, "", false);
      c.stages = this.choices(raw, "stages", v.stageIds, "");
      c.suspended_on = this.date(raw, "suspended_on", "");
      c.resumed_on = this.date(raw, "resumed_on", "");
    }
    c.providers = this.providers(get(raw, "providers"));
    const entries = get(raw, "entries");
    const checking = !this.problems.length;   // a case with a problem is reported by its problems alone
    if (checking) v.decideVersions(c, entries);
    this.entries(entries, c, checking);
    c.aided_person = this.aidedPerson(get(raw, "aided_person"));
    return c;
  }

  aidedPerson(raw) {   // [[group, evidence], ...], or null when not given
    if (raw === null) return null;
    if (!isMapping(raw)) { this.bad("aided_person", `expected a mapping with 'groups', found ${show(raw)}`); return null; }
    this.fields(raw, ["groups"], "aided_person.");
    const groups = get(raw, "groups");
    if (!Array.isArray(groups) || falsy(groups)) {
      this.bad("aided_person.groups", falsy(groups) ? "list the groups the person belongs to, each with its evidence"
        : `expected a list, found ${show(groups)}`);
      return null;
    }
    const out = [];
    groups.forEach((item, i) => {
      const where = `aided_person.groups[${i}].`;
      if (!isMapping(item)) {
        this.bad(`aided_person.groups[${i}]`, `a group is a mapping with 'group' and 'evidence', found ${show(item)}`);
        return;
      }
      this.fields(item, ["group", "evidence"], where);
      const group = this.choice(item, "group", this.validator.aidedGroups, where);
      const evidence = this.text(item, "evidence", where);
      if (group !== null && evidence !== null) out.push([group, evidence]);
    });
    return out;
  }

  providers(raw) {
    if (!Array.isArray(raw) || falsy(raw)) {
      this.bad("providers", falsy(raw) ? "at least one provider is required" : `expected a list, found ${show(raw)}`);
      return [];
    }
    const v = this.validator, out = [], seen = new Set();
    raw.forEach((item, i) => {
      if (!isMapping(item)) { this.bad(`providers[${i}]`, `a provider is a mapping, found ${show(item)}`); return; }
      const where = `providers[${i}].`;
      this.fields(item, PROVIDER_FIELDS, where);
      const p = { id: this.text(item, "id", where), kind: this.choice(item, "kind", v.providerKinds, where),
        start: this.date(item, "from", where), until: this.date(item, "until", where),
        method: this.choice(item, "method", v.methodIds, where, false), chosenOn: this.date(item, "method_chosen_on", where),
        stages: keysOf(item).includes("stages") ? this.choices(item, "stages", v.stageIds, where) : null };
      if (seen.has(p.id)) this.bad(`${where}id`, `provider ${p.id === null ? "None" : reprText(p.id)} is listed twice`);
      seen.add(p.id);
      out.push(p);
    });
    return out;
  }

  // Reads the entries and checks each on its own (contract section 3) while the case reads cleanly:
  // sets its dates, last_date, work (provider -> the entries left in) and entryFindings.
  entries(raw, c, checking) {
    c.dates = []; c.last_date = null; c.entryFindings = [];
    c.work = new Map(c.providers.filter((p) => p.id !== null).map((p) => [p.id, []]));
    if (raw === null) return;
    if (!Array.isArray(raw)) { this.bad("entries", `expected a list, found ${show(raw)}`); return; }
    const v = this.validator, rules = v.rules, problems = this.problems, findings = c.entryFindings, work = c.work;
    const instrument = rules.instrument;
    let judged, area, form, newerFrom, keptAllowed, providers, withPeriods, withHours, bySessions, dayRule, notPaid;
    if (checking) {
      judged = c.entriesVersion;   // null: each entry by the version in force on its own date
      area = c.proceeding || c.form; form = c.form;
      // An entry is never judged by rules newer than the case's (a transitional provision kept it back).
      newerFrom = judged === null && c.kept !== null && c.version.number < rules.versions.length
        ? rules.versions[c.version.number].start : null;
      keptAllowed = v.area(c.version, area).allowed;
      providers = new Map(c.providers.map((p) => [p.id, p]));
      withPeriods = c.providers.some((p) => p.start !== null || p.until !== null);
      withHours = c.method === "actual_sessions";
      bySessions = c.providers.some((p) => p.method !== null)
        ? new Map(c.providers.map((p) => [p.id, (p.method || c.method) === "actual_sessions"])) : null;
      dayRule = c.version.dayLimit;
      notPaid = withPeriods || c.suspended_on ? c.version.notPaid : new Map();
    }
    const perDay = new Map(), countedOut = [];   // JSON [provider, date] -> usable hours; entries left out that count
    let over = false;
    raw.forEach((item, i) => {
      if (!isMapping(item)) { this.bad(`entries[${i}]`, `an entry is a mapping, found ${show(item)}`); return; }
      const where = `entries[${i}].`;
      this.fields(item, ENTRY_FIELDS, where);
      const date = this.date(item, "date", where, true);
      const who = this.text(item, "provider", where);
      let activity = get(item, "activity");
      if (!isText(activity)) {
        this.bad(`${where}activity`, activity === null ? "the field 'activity' is required"
          : `expected a citation like '4.1.a', found ${show(activity)}`);
        activity = null;
      } else {
        activity = activity.replaceAll("đ", "dd");
      }
      const hours = this.hours(item, where);
      const certifiedBy = this.text(item, "certified_by", where, false);
      if (date === null) return;
      c.dates.push(date);
      if (problems.length || !checking) return;
      // -- each entry on its own; one with an error finding is left out
      if (date < rules.inForce) {
        findings.push(rules.governedBy.length
          ? finding("NOT_GOVERNED", "info", rules.transitionCitation, i, `work on ${date} was done before ${rules.inForce}: `
            + `it is governed by ${rules.governedBy.join(" and ")} and left out here`)
          : finding("NOT_GOVERNED", "info", rules.inForceCitation, i,
            `work on ${date} was done before ${instrument} came into force on ${rules.inForce}`));
        return;
      }
      let ok = true;
      const kept = work.get(who);
      if (kept === undefined) {
        findings.push(finding("UNKNOWN_PROVIDER", "error", instrument, i,
          `provider ${reprText(who)} is not listed under providers${suggest(who, [...providers.keys()])}`));
        ok = false;
      } else if (withPeriods && notPaid.has("work_outside_provider_period") && outsidePeriod(providers.get(who), date)) {
        const p = providers.get(who);
        findings.push(finding("WORK_OUTSIDE_PROVIDER_PERIOD", "error", notPaid.get("work_outside_provider_period"), i,
          `${who} worked on ${date}, outside their assignment (${p.start || "start"} to ${p.until || "end"}); each `
          + "provider is paid for their own period only"));
        ok = false;
      }
      const suspended = c.suspended_on, resumed = c.resumed_on;
      if (suspended && notPaid.has("work_during_suspension") && date > suspended && (resumed === null || date < resumed)) {
        findings.push(finding("WORK_DURING_SUSPENSION", "error", notPaid.get("work_during_suspension"), i,
          `work on ${date} falls while the case was suspended (${suspended} to ${resumed || "not resumed"}) and is not paid`));
        ok = false;
      }
      const newer = newerFrom !== null && date >= newerFrom;
      const version = judged !== null ? judged : newer ? c.version : v.versionOn(date);
      const allowed = newer ? keptAllowed : v.area(version, area).allowed;
      if (!(allowed.get(activity)?.has(certifiedBy) ?? false)) {
        const rule = version.activities.get(activity);
        if (rule === undefined) {
          findings.push(finding("UNKNOWN_ACTIVITY", "error", instrument, i, `${reprText(activity)} is not a chargeable `
            + `activity of ${instrument}${judged === null ? ` on ${date}` : ""}${suggest(activity, [...version.activities.keys()])}`));
        } else {
          if (!rule.areas.includes(area) && !rule.areas.includes(form)) {
            findings.push(finding("ACTIVITY_NOT_IN_PROCEEDING", "error", rule.citation, i,
              `${activity} is an activity of ${sorted(rule.areas).join(", ")}, not of this ${area} case`));
          }
          if (!rule.certifierSet.has(certifiedBy)) {
            findings.push(finding("CERTIFIER_NOT_ALLOWED", "error", rule.certifiedUnder, i,
              `${activity} may be certified only by ${rule.certifiers.join(" or ")}, not ${certifiedBy ? reprText(certifiedBy) : "no one"}`));
          }
        }
        ok = false;
      }
      if (bySessions === null ? withHours : bySessions.has(who) ? bySessions.get(who) : withHours) {
        const limit = dayRule ? dayRule.hours : null;
        if (hours === null || hours.special || cmp(hours, ZERO) <= 0 || (limit !== null && cmp(hours, limit) > 0)) {
          const shown = hours === null ? "no hours" : `${fmt(hours)} h`;
          const longer = dayRule !== null && hours !== null && !hours.special && cmp(hours, limit) > 0;
          findings.push(finding("INVALID_HOURS", "error", longer ? dayRule.citation : c.version.sessionCitation, i,
            `${shown}: the hours of an entry must be above 0`
            + (dayRule ? ` and at most ${fmt(limit)}, the hours of a day` : "")));
          ok = false;
        } else if (kept !== undefined && (ok || (dayRule !== null && dayRule.allEntries))) {   // a provider's day, added up
          const key = JSON.stringify([who, date]);
          const total = perDay.has(key) ? add(perDay.get(key), hours) : hours;
          perDay.set(key, total);
          over = over || (limit !== null && cmp(total, limit) > 0);
          if (!ok) countedOut.push([i, who, date]);
        }
      } else if (hours !== null) {
        const ft = c.version.fixedTime;
        findings.push(finding("HOURS_IGNORED", "info", ft ? ft.citation : instrument, i,
          "fixed working time does not count hours; the hours given are ignored"));
      }
      if (ok) kept.push([i, date, activity, hours]);
    });
    c.last_date = maxDate(c.dates);
    if (checking && !problems.length && over) {   // each entry of a day over the limit is left out
      const limit = dayRule.hours;
      const tooLong = new Map([...perDay].filter(([, total]) => cmp(total, limit) > 0));
      const leftOut = [];
      for (const [who, entries] of work) {
        for (const [i, day] of entries) if (tooLong.has(JSON.stringify([who, day]))) leftOut.push([i, who, day]);
      }
      for (const entry of countedOut) if (tooLong.has(JSON.stringify([entry[1], entry[2]]))) leftOut.push(entry);
      leftOut.sort((a, b) => a[0] - b[0]);
      for (const [i, who, day] of leftOut) {
        findings.push(finding("INVALID_HOURS", "error", dayRule.citation, i, `${who}'s hours on ${day} add up to `
          + `${fmt(tooLong.get(JSON.stringify([who, day])))}, more than the ${fmt(limit)} of a day`));
      }
      for (const [who, entries] of work) work.set(who, entries.filter(([, day]) => !tooLong.has(JSON.stringify([who, day]))));
    }
  }
}

function outsidePeriod(p, date) {
  return Boolean((p.start && date < p.start) || (p.until && date > p.until));
}

// ------------------------------------------------------------------------ validation

class Run {
  constructor(validator, c) {
    this.validator = validator;
    this.rules = validator.rules;
    this.case = c;
    this.v = c.version || validator.rules.versions[0];
    this.area = c.proceeding || c.form;
    this.findings = [];
    this.trace = [];
    this.explained = new Map();   // provider -> [citation, how their pay is reached]
  }

  finding(code, severity, citation, entry, message) { this.findings.push(finding(code, severity, citation, entry, message)); }

  step(citation, step, value = null) { this.trace.push({ citation, step, value }); }

  rulesHere() { return this.validator.area(this.v, this.area); }

  // The order that breaks a tie between providers: by id (`ties by provider_id`), else as listed.
  tieOrder(ids) {
    let listed = [...ids];
    if (this.v.ties !== null && this.v.ties.by === "provider_id") listed = sorted(listed);
    return new Map(listed.map((who, n) => [who, n]));
  }

  tieStep(tie, what) {
    if (tie === null) return;
    const [winners, losers] = tie, ties = this.v.ties;
    const by = ties !== null && ties.by === "provider_id" ? "first by provider id" : "listed first";
    this.step(ties ? ties.citation : this.rules.instrument,
      `${[...winners, ...losers].join(", ")} tie for ${what}: ${winners.join(", ")}, ${by}`);
  }

  // -- the whole case
  result() {
    const c = this.case, rules = this.rules, v = this.v;
    const firstDay = c.last_date || c.assigned_on;
    if (rules.governedBy.length && firstDay !== null && firstDay < rules.inForce) {
      const before = rules.governedBy.join(" and ");
      this.finding("NOT_GOVERNED", "info", rules.transitionCitation, null, `all the work was done before ${rules.inForce}, `
        + `when ${rules.instrument} came into force: it is governed by ${before}`);
      this.step(rules.transitionCitation, `work done before ${rules.inForce} stays under ${before}`);
      return this.output("not_governed", { governedBy: rules.governedBy });
    }
    if (c.kept !== null) {   // a transitional provision kept the case under older rules
      const [newer, which] = c.kept;
      const [did, on] = { cases_assigned_before: ["assigned", c.assigned_on],
        cases_paid_before: ["paid", c.payment_date || c.last_date], work_done_before: ["last worked on", c.last_date] }[which];
      this.step(newer.keeps ? newer.keeps.citation : rules.instrument, `the case was ${did} on ${pyStr(on)}, before the rules of `
        + `${newer.start} (version ${newer.number}): the transitional provision keeps it under the rules in force before them`);
    }
    if (v.start !== null) {
      this.step(v.changedBy.length ? v.changedBy[0] : rules.instrument, `the rules as amended, in force from ${v.start} `
        + `(version ${v.number}), judge the case (${rules.caseJudgedBy.replaceAll("_", " ")})`);
    }
    if (!v.scope.includes(c.form)) {
      this.finding("NOT_GOVERNED", "info", v.scopeCitation, null,
        `${rules.instrument} counts working time only for ${sorted(v.scope).join(", ")}, not ${c.form}`);
      return this.output("not_governed", { governedBy: [] });
    }
    const method = v.methods.get(c.method || "") || { forms: [], citation: v.scopeCitation };
    if (!method.forms.includes(c.form)) {
      this.finding("METHOD_NOT_ALLOWED", "error", method.citation, null,
        `the ${c.method} method applies only to ${sorted(method.forms).join(", ") || "no form"}, not ${c.form}`);
      return this.output();
    }
    if (c.aided_person !== null && !this.eligible(c.aided_person)) return this.output();
    const successors = c.providers.filter((p) => p.method !== null && p.method !== c.method);
    if (successors.length && !this.successorsAllowed(successors)) return this.output();
    for (const f of c.entryFindings) this.findings.push(f);   // each entry checked on its own, as read (a loop: there may be 100,000)
    if (successors.length) return this.replacement(c.work, successors);
    if (c.method === "fixed_time") return this.fixedTime(c.work);
    return this.actualSessions(c.work);
  }

  successorsAllowed(successors) {
    const c = this.case, v = this.v;
    for (const p of successors) {
      const method = v.methods.get(p.method || "") || { forms: [], citation: v.scopeCitation };
      const cap = v.replacementCaps.find((r) => r.successorMethod === p.method);
      let problem;
      if (p.start === null) problem = "only a provider appointed to replace another (with `from`) chooses a method of their own";
      else if (!method.forms.includes(c.form)) {
        problem = `the ${p.method} method applies only to ${sorted(method.forms).join(", ") || "no form"}, not ${c.form}`;
      } else if (new Set(successors.map((q) => q.method)).size > 1) problem = "the successors chose different methods";
      else continue;
      this.finding("METHOD_NOT_ALLOWED", "error", cap ? cap.citation : method.citation, null, `${p.id}: ${problem}`);
      return false;
    }
    return true;
  }

  // -- who is entitled to legal aid, on the date the rules say (the version in force then)
  eligible(aided) {
    const c = this.case;
    const on = caseDate(c, this.v.eligibilityOn || "assigned_on") || c.assigned_on;
    if (on === null) return true;
    const v = this.validator.versionOn(on);
    if (!v.eligible.size) return true;   // these rules say nothing of who is entitled
    const given = new Map(aided), shown = new Map(aided.map(([group, evidence]) => [group, `${group} (${evidence})`]));
    // A person of a group that another includes belongs to that one too (Decree 144 Art. 2), said how.
    for (const [group, { members, citation }] of v.includes) {
      const member = members.find((m) => given.has(m));
      if (member !== undefined && !given.has(group)) {
        given.set(group, given.get(member));
        shown.set(group, `${group}: ${member} (${given.get(member)}; ${citation})`);
      } else if (given.has(group)) {
        shown.set(group, shown.get(group) + `; which of ${members.join(" or ")} the evidence shows is not said (${citation})`);
      }
    }
    const reasons = [];
    for (const [group] of aided) {
      const rule = v.eligible.get(group);
      if (rule === undefined) { reasons.push(`${group} is not a group entitled to legal aid on ${on}`); continue; }
      if (rule.condition !== null && !given.has(rule.condition)) {
        reasons.push(`${group} is entitled only together with ${rule.condition} (${rule.citation})`);
        continue;
      }
      const also = rule.condition ? ` and ${shown.get(rule.condition)}` : "";
      const amended = rule.amendedBy ? ` (as amended by ${rule.amendedBy})` : "";
      this.step(rule.citation, `aided person: ${shown.get(group)}${also}, entitled to legal aid on ${on}${amended}`);
      return true;
    }
    const citation = v.eligibilityCitation || [...v.eligible.values()][0].citation;
    this.finding("NOT_ELIGIBLE", "error", citation, null,
      "the aided person belongs to no group entitled to legal aid: " + (reasons.length ? reasons : ["no group given"]).join("; "));
    this.step(citation, `no group of the aided person is entitled to legal aid on ${on}`);
    return false;
  }

  // -- the actual-sessions method
  sessionsForHours(hours) {   // [full sessions, hours left, what they count for, the band cited]
    const v = this.v, full = floorDiv(hours, v.sessionHours), rest = sub(hours, mul(full, v.sessionHours));
    if (isZero(rest)) return [full, rest, ZERO, null];
    const band = v.bands.find((b) => b.below === null || cmp(rest, b.below) < 0);
    return [full, rest, band.counts, band.citation];
  }

  // [sessions, how they were reached in words, sessions as a figure] for a provider's hours.
  count(hoursList) {
    const v = this.v;
    if (v.hoursAdded === "per_entry") {
      let total = ZERO;
      for (const hours of hoursList) { const [full, , part] = this.sessionsForHours(hours); total = add(total, add(full, part)); }
      return [total, `${hoursList.length} entries, each rounded to sessions on its own`, num(total)];
    }
    const total = sum(hoursList), [full, rest, part, band] = this.sessionsForHours(total);
    let how = `${fmt(total)} h certified -> ${fmt(full)} session${cmp(full, 1) !== 0 ? "s" : ""} of ${fmt(v.sessionHours)} h`;
    if (!isZero(rest)) how += `, and ${fmt(rest)} h left over counting as ${fmt(part)} (${pyStr(band)})`;
    return [add(full, part), how, num(add(full, part))];
  }

  actualSessions(work) {
    const c = this.case, [sessions, declared] = this.sessionsOf(c.providers, work);
    const payable = sum([...sessions.values()]);
    this.step(this.v.sessionCitation, "sessions payable", num(payable));
    const [base, rates] = this.money();
    const exact = this.paySessions(c.providers, sessions, rates);
    return this.finish(declared, payable, base, exact, sessions);
  }

  // The sessions of these providers from their certified hours (Art. 3.2), after the caps on tasks, on
  // each provider and on all of them together: [sessions by provider id, sessions declared before any cap].
  sessionsOf(providers, work) {
    const here = this.rulesHere();
    let sessions = new Map();
    const ids = providers.filter((p) => p.id !== null).map((p) => p.id);
    for (const who of ids) {
      const [count, how, figure] = this.count(work.get(who).map((e) => e[3]).filter((h) => h !== null));
      sessions.set(who, count);
      this.step(this.v.sessionCitation, `${who}: ${how}`, figure);
    }
    const declared = sum([...sessions.values()]);
    if (here.tableCaps.length) {
      const used = new Set(ids.flatMap((who) => work.get(who).map((e) => e[2])));
      for (const cap of here.tableCaps) if (cap.activities.some((a) => used.has(a))) this.tableCap(cap, sessions, work);
    }
    // Each provider's cap before the case's; none applies while the sessions are within the least limit.
    if (here.sessionCaps.length && here.leastLimit !== null && cmp(declared, here.leastLimit) > 0) {
      for (const cap of here.sessionCaps) {
        if (cap.scope === "per_provider") {
          for (const who of ids) {
            if (cmp(sessions.get(who), cap.limit) > 0) {
              this.finding("CAP_APPLIED", "info", cap.citation, null,
                `${who}'s ${fmt(sessions.get(who))} sessions are capped at ${fmt(cap.limit)} for one provider`);
              this.step(cap.citation, `${who}: capped at ${fmt(cap.limit)} sessions for one provider`, num(cap.limit));
              sessions.set(who, cap.limit);
            }
          }
        } else {
          const total = sum([...sessions.values()]);
          if (cmp(total, cap.limit) > 0) {
            this.finding("CAP_APPLIED", "info", cap.citation, null,
              `the case's ${fmt(total)} sessions are capped at ${fmt(cap.limit)} for all providers together`);
            let tie;
            [sessions, tie] = shareOut(sessions, cap.limit, this.tieOrder(ids));
            const shares = [...sessions].map(([key, value]) => `${key} ${fmt(value)}`).join(", ");
            this.step(cap.citation, `${fmt(total)} sessions capped at ${fmt(cap.limit)} for the case, shared: ${shares}`, num(cap.limit));
            this.tieStep(tie, "a half session");
          }
        }
      }
    }
    return [sessions, declared];
  }

  // A cap from an appendix table on some points, for a case whose entries left in include some of them.
  tableCap(cap, sessions, work) {
    const [limit, problem] = this.validator.capLimit(this.v, cap, this.case);
    if (problem !== null || limit === null) {
      const [code, message, step] = problem || ["VALUE_PENDING", "", ""];
      this.finding(code, "warning", cap.citation, null, message);
      this.step(cap.citation, step);
      return;
    }
    const points = cap.activities.join(", "), counted = new Map();
    for (const who of sessions.keys()) {   // the providers being counted, in the order listed
      const hours = work.get(who).filter((e) => cap.activities.includes(e[2]) && e[3] !== null).map((e) => e[3]);
      if (hours.length) counted.set(who, this.count(hours)[0]);
    }
    if (cap.scope === "per_case") {
      const total = sum([...counted.values()]);
      if (cmp(total, limit) > 0) {
        const [kept, tie] = shareOut(counted, limit, this.tieOrder(sessions.keys()));
        for (const who of counted.keys()) sessions.set(who, sub(sessions.get(who), sub(counted.get(who), kept.get(who))));
        this.finding("CAP_APPLIED", "info", cap.citation, null, `the case's ${fmt(total)} sessions of ${points} are capped at ${fmt(limit)}`);
        this.step(cap.citation, `${points}: capped at ${fmt(limit)} sessions for the case`, num(limit));
        this.tieStep(tie, "a half session");
      }
      return;
    }
    for (const [who, group] of counted) {
      if (cmp(group, limit) > 0) {
        sessions.set(who, sub(sessions.get(who), sub(group, limit)));
        const ground = cap.ground ? ` (under ${cap.ground})` : "";
        this.finding("CAP_APPLIED", "info", cap.citation, null, `${who}: ${fmt(group)} sessions of ${points} are capped at ${fmt(limit)}${ground}`);
        this.step(cap.citation, `${who}: ${points} capped at ${fmt(limit)} sessions`, num(limit));
      }
    }
  }

  // Each provider's exact pay for their sessions at their kind's rate; null when the rate is not known.
  paySessions(providers, sessions, rates) {
    const exact = new Map();
    for (const p of providers) {
      const rate = rates && p.kind ? rates.get(p.kind) : undefined;
      if (rate === undefined || p.id === null) { exact.set(p.id, null); continue; }
      exact.set(p.id, mul(sessions.get(p.id), rate[0]));
      this.explained.set(p.id, [rate[1], `${p.id}: ${fmt(sessions.get(p.id))} sessions x ${rate[2]} = `]);
    }
    return exact;
  }

  // The result, with money rounded once: the case's amount is the exact pay added up and rounded half
  // up; each provider's share is rounded so that the shares add up to it.
  finish(declared, payable, base, exact, sessions) {
    const c = this.case;
    const known = new Map([...exact].filter(([, value]) => value !== null).map(([key, value]) => [pyStr(key), value]));
    let amount = null;
    if (exact.size && known.size === exact.size && exact.size === c.providers.length) amount = dong(sum([...known.values()]));
    const [rounded, tie] = amount !== null ? apportion(known, amount, this.tieOrder(known.keys())) : [new Map(), null];
    this.tieStep(tie, "a đồng left by rounding");
    const providers = c.providers.map((p) => {
      const paid = rounded.has(pyStr(p.id)) ? rounded.get(pyStr(p.id)) : null;
      const explained = this.explained.get(p.id);
      if (paid !== null && explained !== undefined) this.step(explained[0], `${explained[1]}${grouped(paid)} đồng`, Number(paid));
      const own = sessions.get(p.id || "");
      return { id: p.id, kind: p.kind, sessions_payable: own === undefined ? null : num(own), amount_vnd: paid === null ? null : Number(paid) };
    });
    return this.output(null, { declared, payable, base, amount: amount === null ? null : Number(amount), providers });
  }

  // -- money
  // [base salary in đồng, kind -> [rate per session, citation, rate in words]] on the governing date,
  // or [null, null] when it cannot be known.
  money() {
    const rules = this.rules, c = this.case, v = this.v;
    let on = null, how = null;
    for (const name of rules.salaryDates) {
      const value = caseDate(c, name);
      if (value !== null) { on = value; how = name.replaceAll("_", " "); break; }
    }
    if (on === null) {
      this.finding("FACT_MISSING", "warning", rules.instrument, null, "no payment date and no entry: there is no date to take the base salary from");
      return [null, null];
    }
    const found = rules.baseParameter ? this.validator.parameter(rules.baseParameter, on, v) : null;
    if (found === null) {
      this.finding("VALUE_PENDING", "warning", rules.instrument, null, `no base salary is recorded for ${on}`);
      return [null, null];
    }
    const figure = Number(dong(found.value));
    this.step(found.by || found.source, `base salary on ${on} (${how}): ${vnd(found.value)}`, figure);
    const kinds = new Set(c.providers.filter((p) => p.kind !== null).map((p) => p.kind));
    if (v.referenceKind && (c.method === "fixed_time" || c.providers.some((p) => p.method === "fixed_time"))) kinds.add(v.referenceKind);
    const rates = new Map();
    for (const kind of this.validator.providerKinds) {
      if (!kinds.has(kind)) continue;
      const rate = this.rate(kind, on, found.value);
      if (rate !== null) rates.set(kind, rate);
    }
    return [figure, rates];
  }

  rate(kind, on, base, quiet = false) {
    for (const rule of this.rulesHere().rates) {
      if (rule.kind !== kind) continue;
      const found = this.validator.parameter(rule.parameter, on, this.v);
      if (found === null) {
        this.finding("VALUE_PENDING", "warning", rule.citation, null, `no ${rule.parameter} is recorded for ${on}`);
        return null;
      }
      const factor = found.value;
      let value, text;
      if (rule.ofKind !== null) {
        const other = this.rate(rule.ofKind, on, base, true);
        if (other === null) return null;
        value = mul(other[0], factor);
        text = `${kind} rate: ${fmt(mul(factor, 100))}% of the ${rule.ofKind} rate = ${vnd(value)} per session`;
      } else {
        value = this.rules.parameters.get(rule.parameter).multipleOf ? mul(factor, base) : factor;
        text = `${kind} rate in ${this.area}: ${fmt(factor)} x base salary = ${vnd(value)} per session`;
      }
      if (found.by !== null) text += ` (${rule.parameter} as set by ${found.by})`;
      if (!quiet) this.step(found.by || rule.citation, text, num(value));
      return [value, rule.citation, vnd(value)];
    }
    return null;
  }

  // -- the fixed-working-time method
  fixedTime(work) {
    const c = this.case;
    if (!this.chosenInTime(c.method_chosen_on, null, work)) return this.output();
    const level = this.fixedLevel(c.stages, c.providers.length);
    if (level === null) return this.output();
    const [value, sessions] = level, [base, rates] = this.money();
    const exact = this.payFixed(sessions, base, rates, c.providers, work);
    return this.finish(value, sessions, base, exact, new Map());
  }

  // Whether fixed working time was chosen in writing "immediately after being assigned" (Art. 9.1), by
  // the case or by a successor (provider) on their own appointment; a finding when not.
  chosenInTime(chosen, provider, work) {
    const ft = this.v.fixedTime;
    if (ft.chosen === null) return true;
    let earliest, latest, who;
    if (provider === null) {
      [earliest, latest, who] = [caseDate(this.case, ft.chosen[0]), caseDate(this.case, ft.chosen[1]), ""];
    } else {   // a successor: from their own appointment to their own first task
      [earliest, latest, who] = [provider.start, minDate((work.get(provider.id || "") || []).map((e) => e[1])), `${provider.id}: `];
    }
    let problem = null;
    if (chosen === null) problem = "the date of the written choice (method_chosen_on) is not given";
    else if (earliest !== null && chosen < earliest) problem = `it was chosen on ${chosen}, before the assignment on ${earliest}`;
    else if (latest !== null && chosen > latest) problem = `it was chosen on ${chosen}, after the first task on ${latest}`;
    if (problem) {
      this.finding("METHOD_NOT_ALLOWED", "error", ft.chosen[2], null,
        `${who}fixed working time must be chosen in writing immediately after the assignment: ${problem}`);
      return false;
    }
    this.step(ft.chosen[2], `${who}fixed working time chosen in writing on ${chosen}`);
    return true;
  }

  // The fixed working time of the appendix table for these stages and the case's facts, times the
  // multiplier of Art. 10 that applies: [table sessions, sessions], or null with a finding.
  fixedLevel(stages, providers) {
    const c = this.case, ft = this.v.fixedTime, table = this.rulesHere().fixedTable;
    if (table === null) {
      this.finding("METHOD_NOT_ALLOWED", "error", ft.citation, null, `no fixed-time table covers ${this.area} cases`);
      return null;
    }
    const facts = { stages, offense_classes: c.offense_classes, complexity: c.complexity };
    for (const axis of table.axes) {
      const field = this.rules.axisCaseFields.get(axis) ?? null, given = field === null ? null : facts[field];
      if (given === null || given === undefined || given.length === 0) {
        const cite = ft.level && axis === ft.level[0] ? ft.level[2] : ft.stagesCitation || table.citation;
        this.finding("FACT_MISSING", "error", cite, null, `fixed working time for ${this.area} cases needs the case's ${pyStr(field)}`);
        return null;
      }
    }
    const [value, problem] = this.validator.tableValue(this.v, table.table, [], stages, c.offense_classes, c.complexity);
    const title = this.v.tables.get(table.table).title;
    if (problem !== null || value === null) {
      const [code, why] = problem || ["VALUE_PENDING", ""];
      this.finding(code, code === "VALUE_PENDING" ? "warning" : "error", table.citation, null, `the fixed working time comes from ${title}, ${why}`);
      this.step(table.citation, `fixed working time: ${why}`);
      return null;
    }
    this.step(table.citation, `${title}: ${stages.join(", ")} -> ${fmt(value)} sessions`, num(value));
    let factor = decInt(1), because = null;
    const counts = { providers, offenses: c.offense_classes.length };
    for (const [multiplier, when, atLeast, cite] of ft.multipliers) {
      if ((counts[when] ?? 0) >= atLeast && cmp(multiplier, factor) > 0) { factor = multiplier; because = [when, cite]; }
    }
    const sessions = mul(value, factor);
    if (because) {
      this.step(because[1], `${counts[because[0]]} ${because[0]}: ${fmt(mul(factor, 100))}% of ${fmt(value)} = ${fmt(sessions)} sessions`, num(sessions));
    }
    return [value, sessions];
  }

  // The fixed amount for these sessions at the reference rate, raised to the floor and cut to the
  // ceiling of the base salary (Art. 9.3, 9.5, 10).
  fixedAmount(sessions, base, reference) {
    const ft = this.v.fixedTime, floor = this.rulesHere().floor;
    let amount = mul(sessions, reference[0]);
    this.step(reference[1], `${fmt(sessions)} sessions x ${vnd(reference[0])} = ${vnd(amount)}`, Number(dong(amount)));
    if (floor !== null && cmp(amount, mul(floor.times, base)) < 0) {
      amount = mul(floor.times, base);
      this.finding("FLOOR_APPLIED", "info", floor.citation, null, `the fixed amount is raised to ${fmt(floor.times)} times the base salary`);
      this.step(floor.citation, `raised to ${fmt(floor.times)} x base salary = ${vnd(amount)}`, Number(dong(amount)));
    }
    if (ft.ceiling !== null && cmp(amount, mul(ft.ceiling[0], base)) > 0) {
      amount = mul(ft.ceiling[0], base);
      this.finding("CAP_APPLIED", "info", ft.ceiling[2], null, `the fixed amount is capped at ${fmt(ft.ceiling[0])} times the base salary`);
      this.step(ft.ceiling[2], `capped at ${fmt(ft.ceiling[0])} x base salary = ${vnd(amount)}`, Number(dong(amount)));
    }
    return amount;
  }

  // The exact pay of the providers paid a fixed amount, at most `limit(amount)` when a cap on both
  // providers of a replacement applies, shared by the tasks each performed; null for each when unknown.
  payFixed(sessions, base, rates, providers, work, limit = null) {
    const kind = this.v.referenceKind;
    const reference = rates && rates.size && kind ? rates.get(kind) : undefined;
    if (reference === undefined || base === null || rates === null) return new Map(providers.map((p) => [p.id, null]));
    let amount = this.fixedAmount(sessions, base, reference);
    if (limit !== null) amount = limit(amount);
    return this.shareFixed(amount, work, rates, reference, providers);
  }

  shareFixed(amount, work, rates, reference, providers) {
    const tasks = new Map(providers.map((p) => [p.id, (work.get(p.id || "") || []).length]));
    let totalTasks = 0;
    for (const n of tasks.values()) totalTasks += n;
    const ft = this.v.fixedTime, cite = ft.shared ? ft.shared[1] : ft.citation, shares = new Map();
    for (const p of providers) {
      const share = totalTasks ? div(mul(amount, tasks.get(p.id)), totalTasks) : div(amount, providers.length);
      const rate = rates.get(p.kind || "");
      if (rate === undefined) return new Map(providers.map((q) => [q.id, null]));
      shares.set(p.id, div(mul(share, rate[0]), reference[0]));
      if (this.case.providers.length > 1 || p.kind !== this.v.referenceKind) {
        this.explained.set(p.id, [cite, `${p.id} (${p.kind}): ${tasks.get(p.id)} of ${totalTasks} tasks -> `]);
      }
    }
    return shares;
  }

  // -- a successor who chose the other method (Art. 8.3, 10.4): each provider paid by their own method,
  // both together at most what the cap of that case allows.
  replacement(work, successors) {
    const c = this.case, v = this.v, method = successors[0].method || "";
    const cap = v.replacementCaps.find((r) => r.successorMethod === method) || null;
    const bySessions = c.providers.filter((p) => (p.method || c.method) === "actual_sessions");
    const byFixed = c.providers.filter((p) => (p.method || c.method) === "fixed_time");
    const names = successors.map((p) => pyStr(p.id)).join(", ");
    this.step(cap ? cap.citation : this.rules.instrument, `${names} replaced a provider and chose ${method.replaceAll("_", " ")}; `
      + `the others are paid by ${(c.method || "").replaceAll("_", " ")}`);
    for (const p of successors) {
      if (p.method === "fixed_time" && !this.chosenInTime(p.chosenOn, p, work)) return this.output();
    }
    let [sessions, declared] = this.sessionsOf(bySessions, work);
    const stages = [...new Set(byFixed.flatMap((p) => (p.stages !== null ? p.stages : c.stages)))];
    const level = this.fixedLevel(stages, byFixed.length);
    const [base, rates] = this.money();
    let exact = this.paySessions(bySessions, sessions, rates);
    const payable = () => (level !== null ? add(sum([...sessions.values()]), level[1]) : null);
    if (cap === null) {
      if (level !== null) for (const [key, value] of this.payFixed(level[1], base, rates, byFixed, work)) exact.set(key, value);
      return this.finish(declared, null, base, level !== null ? exact : new Map(), sessions);
    }
    if (cap.limit !== null) {   // Art. 10.4: both together at most so many sessions
      if (level === null) {
        this.finding("VALUE_PENDING", "warning", cap.citation, null, `both providers together are paid at most ${fmt(cap.limit)} `
          + "sessions, but the fixed working time of the predecessor is not known; the successor's sessions are counted uncapped");
      } else {
        const left = maxDec(sub(cap.limit, level[1]), ZERO), counted = sum([...sessions.values()]);
        if (cmp(counted, left) > 0) {
          this.finding("CAP_APPLIED", "info", cap.citation, null, `both providers together are paid at most ${fmt(cap.limit)} sessions`
            + `${cap.ground ? ` (under ${cap.ground})` : ""}: ${fmt(level[1])} of fixed working time leave ${fmt(left)} for ${names}`);
          let tie = null;
          if (!isZero(left)) [sessions, tie] = shareOut(sessions, left, this.tieOrder(sessions.keys()));
          else sessions = new Map([...sessions.keys()].map((key) => [key, ZERO]));
          this.step(cap.citation, `${fmt(level[1])} sessions of fixed working time + ${fmt(counted)} sessions capped at `
            + `${fmt(cap.limit)} for both: ${names} paid ${fmt(left)}`, num(cap.limit));
          this.tieStep(tie, "a half session");
          this.explained.clear();
          exact = this.paySessions(bySessions, sessions, rates);
        }
      }
      if (level !== null) for (const [key, value] of this.payFixed(level[1], base, rates, byFixed, work)) exact.set(key, value);
      return this.finish(declared, payable(), base, level !== null ? exact : new Map(), sessions);
    }
    // Art. 8.3: both together at most the fixed-time level of the whole case
    const earned = sum([...exact.values()].filter((x) => x !== null));
    let limit = null;
    const whole = this.caseLevel(cap), kind = v.referenceKind;
    const reference = rates && rates.size && kind ? rates.get(kind) : undefined;
    if (whole !== null && reference !== undefined) {
      limit = mul(whole, reference[0]);
      this.step(cap.citation, `both providers together are paid at most the case's level: ${fmt(whole)} sessions `
        + `x ${vnd(reference[0])} = ${vnd(limit)}`, Number(dong(limit)));
    }
    if (level !== null) {
      const leftForSuccessors = (amount) => {
        if (limit === null || cmp(amount, sub(limit, earned)) <= 0) return amount;
        const left = maxDec(sub(limit, earned), ZERO);
        this.finding("CAP_APPLIED", "info", cap.citation, null, "both providers together are paid at most the case's fixed-time "
          + `level, ${vnd(limit)}; ${names} receive${successors.length === 1 ? "s" : ""} what is left, ${vnd(left)}`);
        this.step(cap.citation, `${vnd(limit)} for both, less ${vnd(earned)} already earned: ${names} paid ${vnd(left)}`, Number(dong(left)));
        return left;
      };
      for (const [key, value] of this.payFixed(level[1], base, rates, byFixed, work, leftForSuccessors)) exact.set(key, value);
    }
    return this.finish(declared, payable(), base, level !== null ? exact : new Map(), sessions);
  }

  // The fixed-time level of the whole case (all its stages) in sessions, for the cap of Art. 8.3; null
  // with a VALUE_PENDING warning when it is not known.
  caseLevel(cap) {
    const c = this.case, table = this.v.fixedTime ? this.rulesHere().fixedTable : null;
    if (table === null || !c.stages.length) {
      this.finding("VALUE_PENDING", "warning", cap.citation, null, "both providers together are paid at most the case's "
        + "fixed-time level, which needs the case's stages; the pay is counted without this cap");
      return null;
    }
    const [value, problem] = this.validator.tableValue(this.v, table.table, [], c.stages, c.offense_classes, c.complexity);
    if (problem !== null) {
      this.finding("VALUE_PENDING", "warning", cap.citation, null, "both providers together are paid at most the case's "
        + `fixed-time level, ${problem[1]}; the pay is counted without this cap`);
      return null;
    }
    return value;
  }

  // -- the result (contract section 3); amount in whole đồng, already rounded
  output(status = null, { declared = null, payable = null, base = null, amount = null, providers = null, governedBy = null } = {}) {
    const c = this.case;
    if (status === null) status = this.findings.some((f) => f.severity === "error") ? "rejected" : "ok";
    const result = {
      case_id: c.case_id,
      instrument: governedBy === null ? this.rules.instrument : governedBy.length ? governedBy[0] : null,
      method: c.method,
      status,
      sessions_declared: num(declared),
      sessions_payable: num(payable),
      base_salary_vnd: base,
      amount_vnd: amount,
      providers: providers !== null ? providers
        : c.providers.map((p) => ({ id: p.id, kind: p.kind, sessions_payable: null, amount_vnd: null })),
      findings: this.findings,
      trace: this.trace,
    };
    if (governedBy !== null) result.governed_by = [...governedBy];
    return result;
  }
}
