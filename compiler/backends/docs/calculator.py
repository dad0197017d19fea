"""The calculator page: a case validated in the browser, offline, by the JavaScript validator.

The JavaScript backend writes `generated/js/MODULE.js` (in `earlier`, the outputs of the backends
run before this one); it defines `globalThis.RegcValidators[MODULE].validate(case)`, which returns
what the Python validator returns. The site copies it to `assets/validators/MODULE.js` and builds
around it a form (case, providers, entries, with the vocabularies' names in the page's language)
and a box to paste a case in JSON or in a small, safe subset of YAML (static/calculator.js). The
result is shown as the worked example pages show it: status, figures, providers, findings and the
numbered trace, each citation linked to its provision. Without the JavaScript validator the page
says the calculator is not built. A worked example's page opens the calculator with its case in
the URL fragment (`fragment()`), so the reader can change it and see what follows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from ... import ir
from . import text
from .site import PageCtx, Site

JS_DIR = "generated/js"
ASSET_DIR = "validators"
# The vocabularies the form offers, by the case field they fill.
FIELDS = (("form", "form"), ("proceeding", "proceeding"), ("method", "method"), ("complexity", "complexity"))


def modules(program: ir.Program, earlier: dict[str, str]) -> dict[str, str]:
    """The JavaScript validator of each instrument the JavaScript backend has built, by module."""
    return {v.module: earlier[f"{JS_DIR}/{v.module}.js"] for v in program.validators if f"{JS_DIR}/{v.module}.js" in earlier}


def _plain(value: Any) -> Any:
    """A case as JSON can write it: exact numbers as numbers (2.5, not "2.5"), dates as the text they are."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def case_json(case: object) -> str:
    return json.dumps(_plain(case), ensure_ascii=False, separators=(",", ":"))


def fragment(site: Site, worked: Any) -> str:
    """The calculator's URL fragment for a worked example: its module, its case and the readings it asks for."""
    key = ("fragment", worked.example.file)   # the same from every page that links the example
    if key not in site.memo:
        site.memo[key] = _fragment(site, worked)
    return site.memo[key]


def _fragment(site: Site, worked: Any) -> str:
    validator = next((v for v in site.program.validators if worked.example.origin.file in v.files), None)
    module = validator.module if validator is not None else ""
    out = f"module={quote(module)}&case={quote(case_json(worked.case), safe='')}"
    if worked.readings:
        out += "&readings=" + quote(",".join(f"{k}={v}" for k, v in sorted(worked.readings.items())), safe="")
    return out


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    extra: str = ""      # an activity's roles who may certify it (space-separated ids)


@dataclass(frozen=True)
class Field:
    name: str            # the case's field
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Group:
    label: str           # an area: the activities chargeable in it
    options: tuple[Option, ...]


@dataclass(frozen=True)
class CalculatorPage:
    heading: str
    intro: str
    built: bool
    not_built: str
    modules: tuple[Option, ...]
    selects: tuple[Field, ...]
    checks: tuple[Field, ...]        # several values: offense classes, stages, aided groups
    kinds: tuple[Option, ...]
    activities: tuple[Group, ...]
    roles: tuple[Option, ...]
    scripts: tuple[str, ...]         # the validators and the calculator's own scripts


def build_calculator(ctx: PageCtx) -> CalculatorPage:
    site = ctx.site
    built = bool(site.calculator_modules)
    choices = tuple(Option(v.module, f"{v.instrument} ({v.module})") for v in site.program.validators
                    if v.module in site.calculator_modules)
    selects = tuple(Field(name, ctx.vocabulary_title(vocabulary), _members(ctx, vocabulary)) for name, vocabulary in FIELDS
                    if vocabulary in site.vocabularies)
    checks = tuple(Field(name, ctx.vocabulary_title(vocabulary), _members(ctx, vocabulary))
                   for name, vocabulary in (("offense_classes", "offense_class"), ("stages", "stage"), ("groups", "aided_group"))
                   if vocabulary in site.vocabularies)
    scripts = tuple(ctx.asset(f"{ASSET_DIR}/{m}.js") for m in sorted(site.calculator_modules)) + (
        ctx.asset(f"calculator-{ctx.lang}.js"), ctx.asset("calculator.js")) if built else ()
    return CalculatorPage(ctx.ui("calculator"), ctx.ui("calculator_page_intro"), built,
                          ctx.ui("calculator_not_built").format(path=f"{JS_DIR}/MODULE.js"), choices, selects, checks,
                          _members(ctx, "provider_kind"), _activities(ctx), _members(ctx, "certifier_role"), scripts)


def _members(ctx: PageCtx, vocabulary: str) -> tuple[Option, ...]:
    v = ctx.site.vocabularies.get(vocabulary)
    return tuple(Option(m.id, f"{ctx.label(m.id)}") for m in v.members) if v else ()


def _activities(ctx: PageCtx) -> tuple[Group, ...]:
    """Every chargeable activity in any version of the rules, by area, each with who may certify it."""
    site = ctx.site
    by_area: dict[str, dict[str, ir.Activity]] = {}
    for validator in site.program.validators:
        for version in validator.versions:
            for a in version.activities:
                for area in a.areas:
                    by_area.setdefault(area, {})[a.citation] = a
    groups = []
    for area, activities in by_area.items():
        options = []
        for citation, a in activities.items():
            provision = site.provisions.get((a.origin.instrument, citation))
            said = ctx.paras(provision.texts)[0].text if provision and provision.texts else a.label
            options.append(Option(citation, f"{citation} — {text.shorten(said, 70)}", " ".join(a.certifiers)))
        groups.append(Group(ctx.label(area), tuple(options)))
    return tuple(groups)


def data(site: Site, lang: str, labels_of: dict[str, str]) -> str:
    """assets/calculator-LANG.js: the words the result is shown with, the names of the vocabularies'
    ids, and where each citation is shown (relative to the language folder), for the calculator's links."""
    ctx = PageCtx(site, lang, "html", "calculator")
    names = {m.id: ctx.label(m.id) for v in site.program.vocabularies for m in v.members}
    cites: dict[str, str] = {}
    for (instrument, citation), _provision in site.provisions.items():
        target = site.cite_target(instrument, citation)
        if target:
            page, _, anchor = target.partition("#")
            cites[f"{instrument} {citation}".strip()] = f"{page}.html" + (f"#{anchor}" if anchor else "")
    for one in site.program.instruments:
        cites.setdefault(one.id, f"{site.slugs[one.id]}/index.html")
    for source, target in site.sources.items():
        page, _, anchor = target.partition("#")
        cites.setdefault(source, f"{page}.html" + (f"#{anchor}" if anchor else ""))
    payload = {"labels": labels_of, "names": names, "cites": dict(sorted(cites.items())), "lang": lang}
    body = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    return f"// Generated by regc from the rule files under rules/. Do not edit.\nwindow.REGC_CALC = {body};\n"
