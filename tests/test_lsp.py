"""`regc lsp`, the language server: a real client (pytest-lsp) talking to `python -m compiler --rules
RULES lsp` over standard input and output, on a copy of rules/ in a temporary folder.

What the server says is checked against the compiler itself where it can be: its diagnostics against
those of `regc check` (compile_rules) on the same texts, a rename by compiling the renamed rules and
running their worked examples. Timings are measured by benchmarks/lsp_bench.py, never asserted here.
"""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types as lsp
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from compiler import workspace
from compiler.pipeline import compile_rules

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_2 = "rules/circular-02-2021/chapter-2-actual-sessions.rules"
CHAPTER_3 = "rules/circular-02-2021/chapter-3-fixed-time.rules"
VOCABULARY = "rules/vocabulary.rules"
TIMEOUT = 30   # seconds for the server to answer or publish: generous, this is not a timing test

# The servers of a module share its event loop (the shared one is module-scoped).
on_loop = pytest.mark.asyncio(loop_scope="module")


# -- the client ----------------------------------------------------------------------------------

CAPABILITIES = lsp.ClientCapabilities(text_document=lsp.TextDocumentClientCapabilities(
    rename=lsp.RenameClientCapabilities(prepare_support=True),
    hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
    document_symbol=lsp.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True)))


def _client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics with its version (to wait for one)."""
    client = LanguageClient()

    def published(client: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)   # type: ignore[attr-defined]

    client.published = []   # type: ignore[attr-defined]
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published})
    return client


async def _start(project: Path, locale: str | None = None) -> LanguageClient:
    config = ClientServerConfig(server_command=[sys.executable, "-m", "compiler", "--rules", str(project / "rules"), "lsp"],
                                client_factory=_client, server_env={**os.environ, "PYTHONPATH": str(ROOT)})
    client = await config.start()
    assert isinstance(client, LanguageClient)
    client.initialize_result = await client.initialize_session(lsp.InitializeParams(   # type: ignore[attr-defined]
        capabilities=CAPABILITIES, root_uri=from_fs_path(str(project)), locale=locale))
    return client


def _copy(tmp: Path) -> Path:
    project = tmp / "project"
    shutil.copytree(ROOT / "rules", project / "rules")
    return project


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared(tmp_path_factory) -> AsyncIterator[tuple[LanguageClient, Path]]:
    """One server for the tests that only read (nothing edited)."""
    project = _copy(tmp_path_factory.mktemp("lsp"))
    client = await _start(project)
    yield client, project
    await client.shutdown_session()
    await client.stop()


@pytest_asyncio.fixture(loop_scope="module")
async def editing(tmp_path) -> AsyncIterator[tuple[LanguageClient, Path]]:
    """A server of its own, for a test that edits."""
    project = _copy(tmp_path)
    client = await _start(project)
    yield client, project
    await client.shutdown_session()
    await client.stop()


def uri(project: Path, name: str) -> str:
    return from_fs_path(str(project / name)) or ""


def open_file(client: LanguageClient, project: Path, name: str, text: str | None = None) -> str:
    path = project / name
    document = uri(project, name)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        document, "regc-rules", 1, text if text is not None else path.read_text(encoding="utf-8"))))
    return document


def position(project: Path, name: str, needle: str, nth: int = 0, inside: int = 1) -> lsp.Position:
    """Where the nth `needle` of a file is, `inside` characters into it (texts here are UTF-16 safe: no astral characters)."""
    text = (project / name).read_text(encoding="utf-8")
    offset = [m.start() for m in re.finditer(re.escape(needle), text)][nth] + inside
    line = text.count("\n", 0, offset)
    return lsp.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def line_of(project: Path, name: str, needle: str, nth: int = 0) -> int:
    return position(project, name, needle, nth, 0).line


async def diagnostics(client: LanguageClient, document: str, version: int) -> list[lsp.Diagnostic]:
    """The diagnostics the server publishes for a version of a document (it compiles shortly after an edit)."""
    async def wait() -> list[lsp.Diagnostic]:
        while True:
            for params in reversed(client.published):   # type: ignore[attr-defined]
                if params.uri == document and params.version is not None and params.version >= version:
                    return list(params.diagnostics)
            await asyncio.sleep(0.01)
    return await asyncio.wait_for(wait(), TIMEOUT)


def expected_diagnostics(project: Path, name: str) -> list[tuple[str, str, int, int, int, int]]:
    """What `regc check` says of one file of the project: code, message and help, and 0-based range."""
    compilation = compile_rules(project / "rules", generate=False)
    out = []
    for d in compilation.reporter.sorted():
        span = d.primary.span
        if span.file == name:
            message = d.message + (f"\nhelp: {d.hint}" if d.hint else "")
            out.append((d.code.code, message, span.line - 1, span.col - 1, span.end_line - 1, span.end_col - 1))
    return out


def shown(found: list[lsp.Diagnostic]) -> list[tuple[str, str, int, int, int, int]]:
    return [(str(d.code), d.message, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in found]


def hover_text(result: lsp.Hover | None) -> str:
    assert result is not None
    assert isinstance(result.contents, lsp.MarkupContent)
    return result.contents.value


# -- initialize and diagnostics ------------------------------------------------------------------

@on_loop
async def test_initialize_offers_the_features(shared):
    client, _ = shared
    capabilities = client.initialize_result.capabilities   # type: ignore[attr-defined]
    assert client.initialize_result.server_info.name == "regc"   # type: ignore[attr-defined]
    assert capabilities.hover_provider and capabilities.definition_provider and capabilities.references_provider
    assert capabilities.document_symbol_provider and capabilities.completion_provider
    assert isinstance(capabilities.rename_provider, lsp.RenameOptions) and capabilities.rename_provider.prepare_provider


@on_loop
async def test_a_clean_file_has_no_diagnostics_and_the_workspace_has_those_of_regc_check(shared):
    client, project = shared
    document = open_file(client, project, VOCABULARY)
    assert await diagnostics(client, document, 1) == []
    # The compile at start published every file of the tree, warnings included, as regc check gives them.
    chapter_2 = [p for p in client.published if p.uri == uri(project, CHAPTER_2)]   # type: ignore[attr-defined]
    assert chapter_2 and shown(list(chapter_2[-1].diagnostics)) == expected_diagnostics(project, CHAPTER_2)
    assert [d.severity for d in chapter_2[-1].diagnostics] == [lsp.DiagnosticSeverity.Warning]


@on_loop
async def test_an_edit_with_an_error_gets_the_diagnostic_of_regc_check(editing):
    client, project = editing
    text = (project / CHAPTER_2).read_text(encoding="utf-8")
    document = open_file(client, project, CHAPTER_2, text)
    assert len(await diagnostics(client, document, 1)) == 1   # the pending title of chapter II (W0301)
    where = position(project, CHAPTER_2, "by presiding_person", inside=3)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(2, document),
        [lsp.TextDocumentContentChangePartial(lsp.Range(where, lsp.Position(where.line, where.character + len("presiding_person"))),
                                              "presiding_persn")]))
    found = await diagnostics(client, document, 2)
    errors = [d for d in found if d.severity == lsp.DiagnosticSeverity.Error]
    assert len(errors) == 1
    error = errors[0]
    assert error.code == "E0101" and error.source == "regc"
    assert error.message == "`presiding_persn` is not a certifier role\nhelp: did you mean `presiding_person` or `presiding_agency`?"
    assert (error.range.start.line, error.range.start.character) == (where.line, where.character)
    assert (error.range.end.line, error.range.end.character) == (where.line, where.character + len("presiding_persn"))
    # Exactly what `regc check` says once the buffer is saved.
    (project / CHAPTER_2).write_text(text.replace("by presiding_person", "by presiding_persn", 1), encoding="utf-8")
    assert shown(found) == expected_diagnostics(project, CHAPTER_2)


@on_loop
async def test_an_editor_in_vietnamese_gets_the_diagnostics_in_vietnamese(tmp_path):
    """The editor's locale (InitializeParams.locale) chooses the language, as --lang does for `regc check`."""
    from compiler.diagnostics import render

    project = _copy(tmp_path)
    (project / CHAPTER_2).write_text((project / CHAPTER_2).read_text(encoding="utf-8")
                                     .replace("by presiding_person", "by presiding_persn", 1), encoding="utf-8")
    client = await _start(project, locale="vi-VN")
    try:
        document = open_file(client, project, CHAPTER_2)
        errors = [d for d in await diagnostics(client, document, 1) if d.severity == lsp.DiagnosticSeverity.Error]
    finally:
        await client.shutdown_session()
        await client.stop()
    compilation = compile_rules(project / "rules", generate=False)
    [expected] = compilation.reporter.errors()
    # As `regc check --lang vi` words it: its message, then its hint after "gợi ý:".
    printed = render(expected, compilation.sources, "vi")
    assert len(errors) == 1 and errors[0].message.startswith(expected.message_in("vi") + "\ngợi ý: ")
    assert errors[0].message.split("\n")[0] in printed and expected.message_in("vi") != expected.message
    assert errors[0].message.split("gợi ý: ")[1] in printed


@on_loop
async def test_related_locations_come_from_the_secondary_labels(editing):
    client, project = editing
    text = (project / VOCABULARY).read_text(encoding="utf-8")
    duplicated = text + "\nvocabulary form {\n  - again en \"Again\"\n}\n"
    document = open_file(client, project, VOCABULARY, duplicated)
    found = [d for d in await diagnostics(client, document, 1) if d.code == "E0104"]
    assert found and found[0].message.startswith("vocabulary `form` is defined twice")
    related = found[0].related_information
    assert related and related[0].message == "first defined here"
    assert related[0].location.uri == document and related[0].location.range.start.line == line_of(project, VOCABULARY, "form {")


@on_loop
async def test_a_syntax_error_is_reported_and_navigation_still_works(editing):
    client, project = editing
    text = (project / CHAPTER_2).read_text(encoding="utf-8")
    broken = text.replace("session_hours 4", "session_hours four", 1)
    document = open_file(client, project, CHAPTER_2, broken)
    found = await diagnostics(client, document, 1)
    assert [d.code for d in found] == ["E0001"]
    assert found[0].message.startswith("unexpected")
    # The rules as they last parsed still answer (the edit is on another line).
    result = await client.text_document_definition_async(lsp.DefinitionParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "by presiding_person", inside=5)))
    assert isinstance(result, list) and result[0].uri == uri(project, VOCABULARY)


# -- hover ---------------------------------------------------------------------------------------

@on_loop
async def test_hover_on_a_citation(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_2)
    text = hover_text(await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "certify 4.1.a", inside=9))))
    assert "**02/2021/TT-BTP 4.1.a** · point" in text
    assert "**vi** Tham gia hỏi cung bị can" in text                       # the law, in Vietnamese first
    assert "**en** Participating in interrogation" in text
    assert "**Activity** in criminal" in text
    assert "**Certified by** `presiding_person`, `presiding_agency`" in text
    assert "**Used at**" in text and "chapter-2-actual-sessions.rules:" in text


@on_loop
async def test_hover_on_an_activity_statement_shows_its_point(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_2)
    text = hover_text(await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "activity in criminal", inside=2))))
    assert "**02/2021/TT-BTP 4.1.a**" in text


@on_loop
async def test_hover_on_a_role(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_2)
    text = hover_text(await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "by presiding_person", inside=5))))
    assert "**presiding_person** · an id of vocabulary `certifier_role`" in text
    assert "**vi** Người tiến hành tố tụng" in text and "**en** Presiding person" in text
    assert "**Certifies**" in text and "4.1.a (02/2021/TT-BTP 4.3.a)" in text


@on_loop
async def test_hover_on_a_parameter_gives_its_values_by_date(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_3)
    text = hover_text(await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_3, "floor 3 base_salary", inside=10))))
    assert "**parameter base_salary** · vnd_per_month" in text
    assert "**vi** Mức lương cơ sở" in text
    assert "- from 2017-07-01 to 2018-06-30: **1,300,000** · 47/2017/NĐ-CP *(1S:" in text
    assert text.count("← **in force today**") == 1


@on_loop
async def test_hover_on_a_table_and_a_cell(shared):
    client, project = shared
    name = "rules/circular-02-2021/appendices.rules"
    document = open_file(client, project, name)
    table = hover_text(await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(document), position(project, name, "table appendix_01 ", inside=8))))
    assert "**table appendix_01** · sessions" in table and "Axes: stage (5) × offense_class (4)" in table
    cell = hover_text(await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(document), position(project, name, "very_serious] = 23", inside=16))))
    assert "**table appendix_01 [investigation+prosecution+first_instance, very_serious]**" in cell
    assert "as written: **23**" in cell and "*(C2:" in cell


# -- definition and references -------------------------------------------------------------------

@on_loop
async def test_definition_of_a_vocabulary_id(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_2)
    result = await client.text_document_definition_async(lsp.DefinitionParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "by presiding_person", inside=5)))
    assert isinstance(result, list) and len(result) == 1
    assert result[0].uri == uri(project, VOCABULARY)
    start = position(project, VOCABULARY, "- presiding_person", inside=2)
    assert (result[0].range.start.line, result[0].range.start.character) == (start.line, start.character)
    assert result[0].range.end.character == start.character + len("presiding_person")


@on_loop
async def test_definition_of_a_provision_cited_by_certify(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_2)
    result = await client.text_document_definition_async(lsp.DefinitionParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "certify 4.1.a", inside=9)))
    assert isinstance(result, list) and len(result) == 1
    article = line_of(project, CHAPTER_2, "article 4 {")
    text = (project / CHAPTER_2).read_text(encoding="utf-8").split("\n")
    point_a = next(n for n in range(article, len(text)) if text[n].strip() == "point a {")
    assert result[0].uri == document and result[0].range.start.line == point_a


@on_loop
async def test_definition_of_what_an_amending_act_replaces(shared, tmp_path):
    """A draft act kept outside the rules folder is compiled with the rules it amends, and `replace
    point 4.1.h` goes to 4.1.h."""
    client, project = shared
    draft = project / "draft" / "act.rules"
    draft.parent.mkdir(exist_ok=True)
    act = ('instrument "9/2027/TT-BTP" { kind circular  amends "02/2021/TT-BTP" }\n'
           "article 1 {\n"
           "  clause 1 {\n"
           '    text en "Point h of clause 1 of Article 4 reads: ..."\n'
           "    replace point 4.1.h { text en \"Preparing arguments, in writing or online.\"  activity in criminal }\n"
           "  }\n"
           '  clause 2 { text en "In force from 1 July 2027."  in_force 2027-07-01 }\n'
           "}\n")
    draft.write_text(act, encoding="utf-8")
    document = open_file(client, project, "draft/act.rules")
    assert all(d.severity != lsp.DiagnosticSeverity.Error for d in await diagnostics(client, document, 1))
    result = await client.text_document_definition_async(lsp.DefinitionParams(
        lsp.TextDocumentIdentifier(document), position(project, "draft/act.rules", "4.1.h", inside=2)))
    assert isinstance(result, list) and result
    article = line_of(project, CHAPTER_2, "article 4 {")
    lines = (project / CHAPTER_2).read_text(encoding="utf-8").split("\n")
    point_h = next(n for n in range(article, len(lines)) if lines[n].strip() == "point h {")
    assert (result[0].uri, result[0].range.start.line) == (uri(project, CHAPTER_2), point_h)
    # Its hover shows both versions, each with its dates.
    text = hover_text(await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(document), position(project, "draft/act.rules", "4.1.h", inside=2))))
    assert "**Versions**" in text and "to 2027-06-30" in text and "from 2027-07-01 (9/2027/TT-BTP 1.1)" in text
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(document)))


@on_loop
async def test_references_of_a_vocabulary_id(shared):
    client, project = shared
    document = open_file(client, project, VOCABULARY)
    result = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(document), position=position(project, VOCABULARY, "- presiding_person", inside=3),
        context=lsp.ReferenceContext(include_declaration=True)))
    assert result is not None
    # Every use in a rule (not the words in the law's texts): the definition and the 5 in chapter 2.
    assert sorted((r.uri, r.range.start.line) for r in result) == sorted(
        [(uri(project, VOCABULARY), line_of(project, VOCABULARY, "- presiding_person"))]
        + [(uri(project, CHAPTER_2), line_of(project, CHAPTER_2, "presiding_person", n)) for n in range(5)])
    without = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(document), position=position(project, VOCABULARY, "- presiding_person", inside=3),
        context=lsp.ReferenceContext(include_declaration=False)))
    assert without is not None and len(without) == 5


@on_loop
async def test_references_of_a_provision(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_2)
    result = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(document), position=position(project, CHAPTER_2, "4.1.h, 4.1.l in criminal", inside=2),
        context=lsp.ReferenceContext(include_declaration=False)))
    assert result is not None
    # cited by the task cap of Art. 4.2 and by the certify of Art. 4.3.g
    assert {r.range.start.line for r in result} == {line_of(project, CHAPTER_2, "4.1.h, 4.1.l in criminal"),
                                                     line_of(project, CHAPTER_2, "certify 4.1.h")}


# -- completion, outline -------------------------------------------------------------------------

@on_loop
async def test_completion_after_certify_by_offers_the_roles(editing):
    client, project = editing
    text = (project / CHAPTER_2).read_text(encoding="utf-8")
    line = line_of(project, CHAPTER_2, "certify 4.1.a by")
    lines = text.split("\n")
    lines[line] = "        certify 4.1.a by "
    document = open_file(client, project, CHAPTER_2, "\n".join(lines))
    result = await client.text_document_completion_async(lsp.CompletionParams(
        lsp.TextDocumentIdentifier(document), lsp.Position(line, len(lines[line]))))
    assert isinstance(result, lsp.CompletionList)
    labels = {item.label for item in result.items}
    roles = {m.group(1) for m in re.finditer(r"^  - (\w+)", (project / VOCABULARY).read_text(encoding="utf-8").split(
        "vocabulary certifier_role")[1].split("\n}")[0], re.M)}
    assert roles and labels == roles
    judge = next(i for i in result.items if i.label == "judge")
    assert judge.kind == lsp.CompletionItemKind.EnumMember and judge.detail == "certifier_role: The judge"
    # Before `by`: the activities (points) of the circular; at the start of a line: keywords among the rest.
    before = await client.text_document_completion_async(lsp.CompletionParams(
        lsp.TextDocumentIdentifier(document), lsp.Position(line, len("        certify "))))
    assert isinstance(before, lsp.CompletionList) and {"4.1.a", "5.1.dd", "8.4.d"} <= {i.label for i in before.items}
    anywhere = await client.text_document_completion_async(lsp.CompletionParams(
        lsp.TextDocumentIdentifier(document), lsp.Position(line + 1, 0)))
    assert isinstance(anywhere, lsp.CompletionList)
    assert {"certify", "activity", "replace", "base_salary", "appendix_01"} <= {i.label for i in anywhere.items}


@on_loop
async def test_document_symbols_outline_a_file(shared):
    client, project = shared
    document = open_file(client, project, CHAPTER_2)
    result = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(document)))
    assert result is not None
    names = [s.name for s in result]
    assert names == ["part of 02/2021/TT-BTP", "Chapter II"]
    chapter = result[1]
    assert isinstance(chapter, lsp.DocumentSymbol) and chapter.kind == lsp.SymbolKind.Namespace
    assert [a.name for a in chapter.children or []] == ["Article 3", "Article 4", "Article 5", "Article 6", "Article 7", "Article 8"]
    article_4 = (chapter.children or [])[1]
    clause_1 = (article_4.children or [])[0]
    assert clause_1.name == "Clause 4.1" and (clause_1.children or [])[0].name == "Point 4.1.a"
    assert article_4.detail == "Time for participation in criminal proceedings"
    vocabulary = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(
        lsp.TextDocumentIdentifier(open_file(client, project, VOCABULARY))))
    assert vocabulary is not None
    roles = next(s for s in vocabulary if s.name == "certifier_role")
    assert isinstance(roles, lsp.DocumentSymbol) and roles.kind == lsp.SymbolKind.Enum
    assert "presiding_person" in [m.name for m in roles.children or []]


# -- rename --------------------------------------------------------------------------------------

def _apply(project: Path, edit: lsp.WorkspaceEdit) -> dict[str, int]:
    """Apply a workspace edit to the files on disk; how many edits each file had."""
    counts = {}
    for document, edits in (edit.changes or {}).items():
        path = Path(document.removeprefix("file://"))
        lines = path.read_text(encoding="utf-8").split("\n")
        for text_edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            start, end = text_edit.range.start, text_edit.range.end
            assert start.line == end.line
            row = lines[start.line]
            lines[start.line] = row[:start.character] + text_edit.new_text + row[end.character:]
        path.write_text("\n".join(lines), encoding="utf-8")
        counts[str(path.relative_to(project))] = len(edits)
    return counts


@on_loop
async def test_rename_a_vocabulary_id_across_files(editing):
    client, project = editing
    document = open_file(client, project, CHAPTER_2)
    where = position(project, CHAPTER_2, "by judge", inside=4)
    prepared = await client.text_document_prepare_rename_async(lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(document), where))
    assert isinstance(prepared, lsp.PrepareRenamePlaceholder) and prepared.placeholder == "judge"
    edit = await client.text_document_rename_async(lsp.RenameParams(lsp.TextDocumentIdentifier(document), where, "trial_judge"))
    assert edit is not None and edit.changes
    for document_edits in edit.changes.values():
        for text_edit in document_edits:
            path = Path(next(u for u, e in edit.changes.items() if e is document_edits).removeprefix("file://"))
            row = path.read_text(encoding="utf-8").split("\n")[text_edit.range.start.line]
            assert row[text_edit.range.start.character:text_edit.range.end.character] == "judge"
    counts = _apply(project, edit)
    assert counts[VOCABULARY] == 1 and counts[CHAPTER_2] == 3
    assert counts["rules/circular-02-2021/examples/art05-judge-certifies-mediation.yaml"] == 2   # certified_by, not the prose
    # The renamed rules compile and their worked examples still give their figures.
    assert compile_rules(project / "rules", generate=False).ok
    run = subprocess.run([sys.executable, "-m", "compiler", "--rules", str(project / "rules"), "test"], cwd=project,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stdout + run.stderr


@on_loop
async def test_rename_refuses_a_name_the_rules_cannot_take(editing):
    client, project = editing
    document = open_file(client, project, CHAPTER_2)
    where = position(project, CHAPTER_2, "by judge", inside=4)
    for bad in ("certify", "Judge", "court_clerk"):
        with pytest.raises(Exception, match="is a word of the rule language|is not a name|is already an id"):
            await client.text_document_rename_async(lsp.RenameParams(lsp.TextDocumentIdentifier(document), where, bad))
    provision = await client.text_document_prepare_rename_async(lsp.PrepareRenameParams(
        lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "certify 4.1.a", inside=9)))
    assert provision is None
    # An id the compiler itself compares by name (the method actual_sessions) is not renamed in the rules alone.
    with pytest.raises(Exception, match="`actual_sessions` is named in the compiler itself"):
        await client.text_document_prepare_rename_async(lsp.PrepareRenameParams(
            lsp.TextDocumentIdentifier(document), position(project, CHAPTER_2, "actual_sessions for", inside=2)))


# -- the compiler side: in-memory texts, parsing only what changed -------------------------------

def test_compiling_texts_in_memory_gives_the_diagnostics_of_regc_check(tmp_path):
    project = _copy(tmp_path)
    rules = project / "rules"
    chapter_2 = (project / CHAPTER_2).resolve()
    text = chapter_2.read_text(encoding="utf-8").replace("by presiding_person", "by presiding_persn", 1)
    cache = workspace.ParseCache()
    analysis = workspace.compile_texts(rules, {chapter_2: text}, cache)
    chapter_2.write_text(text, encoding="utf-8")
    compilation = compile_rules(rules, generate=False)
    assert [(d.code, d.message, d.primary.span) for d in analysis.reporter.sorted()] == \
        [(d.code, d.message, d.primary.span) for d in compilation.reporter.sorted()]
    files = cache.parsed
    # Another edit of the same file: only it is parsed again, the others come from the cache.
    workspace.compile_texts(rules, {chapter_2: text.replace("by presiding_persn", "by presiding_person", 1)}, cache)
    assert cache.parsed == files + 1
    workspace.compile_texts(rules, {chapter_2: text.replace("by presiding_persn", "by presiding_person", 1)}, cache)
    assert cache.parsed == files + 1


def test_a_folder_outside_the_workspace_is_read_with_it_only_when_it_needs_it(tmp_path):
    project = _copy(tmp_path)
    rules = (project / "rules").resolve()
    draft = shutil.copytree(ROOT / "examples" / "draft-2026", project / "draft").resolve()
    alone = project / "alone"
    shutil.copytree(ROOT / "tests" / "diagnostics" / "unknown_names", alone)
    declared = {"02/2021/TT-BTP", "11/2017/QH14", "144/2017/NĐ-CP"}
    cache = workspace.ParseCache()
    assert workspace.dirs_for(draft / "law-amendment.rules", (rules,), declared, {}, cache) == (rules, draft)
    assert workspace.dirs_for((alone / "circular.rules").resolve(), (rules,), declared, {}, cache) == (alone.resolve(),)
    assert workspace.dirs_for((rules / "vocabulary.rules"), (rules,), declared, {}, cache) == (rules,)
