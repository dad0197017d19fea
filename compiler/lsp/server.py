"""The language server of `regc lsp` (pygls): the rule files' diagnostics as `regc check` gives them,
hover, definition, references, completion, the outline and rename.

A `Tree` is a rule tree being edited: the workspace's rules folder, or the folder of a rule file opened
outside it (workspace.dirs_for). Each keeps the parse result of its files (workspace.ParseCache), so an
edit parses one file again and the later passes run on the cached ASTs; a compile is started shortly
after the last edit of a burst (DEBOUNCE), and at once when a request needs the rules as they are now.
Navigation uses the last compile that resolved names (`navigable`): while a file has a syntax error, hover
and definition still work from the rules as they last parsed.
"""
from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__, ast, pipeline
from ..diagnostics import Diagnostic, Severity, define, language, text
from ..source import SourceFile, Span
from ..workspace import Analysis, ParseCache, compile_texts, contains, dirs_for
from . import complete, hover, index, rename

DEBOUNCE = 0.03   # seconds after an edit before compiling: a burst of edits is compiled once

log = logging.getLogger("regc.lsp")

_SYMBOL_KINDS = {
    "instrument": lsp.SymbolKind.Module, "chapter": lsp.SymbolKind.Namespace, "article": lsp.SymbolKind.Class,
    "clause": lsp.SymbolKind.Method, "point": lsp.SymbolKind.Field, "operation": lsp.SymbolKind.Event,
    "vocabulary": lsp.SymbolKind.Enum, "member": lsp.SymbolKind.EnumMember, "parameter": lsp.SymbolKind.Constant,
    "table": lsp.SymbolKind.Struct, "choice": lsp.SymbolKind.TypeParameter,
}
_COMPLETION_KINDS = {
    "keyword": lsp.CompletionItemKind.Keyword, "role": lsp.CompletionItemKind.EnumMember,
    "member": lsp.CompletionItemKind.EnumMember, "activity": lsp.CompletionItemKind.Reference,
    "vocabulary": lsp.CompletionItemKind.Enum, "table": lsp.CompletionItemKind.Struct,
    "parameter": lsp.CompletionItemKind.Constant,
}


@dataclass(eq=False)
class Tree:
    """A rule tree being edited and what was last compiled of it."""
    dirs: tuple[Path, ...]
    own: tuple[Path, ...]                  # the folders whose files this tree publishes diagnostics for
    cache: ParseCache = field(default_factory=ParseCache)
    analysis: Analysis | None = None       # the latest compile
    navigable: Analysis | None = None      # the latest compile that resolved names
    _index: index.Index | None = None
    published: dict[str, tuple[int | None, list[lsp.Diagnostic]]] = field(default_factory=dict)   # URI -> what the client has
    timer: asyncio.TimerHandle | None = None
    stale: bool = True

    def get_index(self) -> index.Index | None:
        """The index of `navigable`, built on the first request after a compile (diagnostics do not wait for it)."""
        if self._index is None and self.navigable is not None and self.navigable.program is not None:
            self._index = index.build(self.navigable.files, self.navigable.sources, self.navigable.program)
        return self._index


class RulesServer(LanguageServer):
    def __init__(self, rules: str) -> None:
        super().__init__("regc", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.rules = rules
        self.root = Path.cwd()
        self.main: Tree | None = None
        self.outside: dict[tuple[Path, ...], Tree] = {}
        self.uris: dict[Path, str] = {}   # an open file's resolved path -> its URI as the client spells it
        self.lang = language()              # of the diagnostics: the editor's locale once it says it

    # -- trees and texts
    def start(self, params: lsp.InitializeParams) -> None:
        if params.locale:                  # the editor's display language ("vi", "vi-VN", "en-US")
            self.lang = "vi" if params.locale.lower().startswith("vi") else "en"
        root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        if root is not None and (path := to_fs_path(root)) is not None:
            self.root = Path(path)
        elif params.root_path:
            self.root = Path(params.root_path)
        parts = [self.rules] if (self.root / self.rules).exists() or "+" not in self.rules else self.rules.split("+")
        # --rules is read from the workspace root the client gives (the server may be started elsewhere).
        dirs = tuple((self.root / part).resolve() for part in parts if part)
        self.main = Tree(dirs, dirs)

    def texts(self) -> dict[Path, str]:
        """The open rule files as the editor has them, by resolved path."""
        out = {}
        for uri, document in self.workspace.text_documents.items():
            path = _path(uri)
            if path is not None and path.suffix == ".rules":
                out[path] = document.source
                self.uris[path] = uri
        return out

    def uri(self, path: Path) -> str:
        return self.uris.get(path) or from_fs_path(str(path)) or str(path)

    def trees_with(self, uri: str) -> list[Tree]:
        """The trees a file is read in: its own, and the outside folders read with the workspace's rules."""
        path, tree = _path(uri), self.tree_of(uri)
        found = [tree] if tree is not None else []
        return found + [t for t in self.outside.values() if t is not tree and path is not None and contains(t.dirs, path)]

    def tree_of(self, uri: str) -> Tree | None:
        path = _path(uri)
        main = self.main
        if path is None or main is None:
            return None
        if contains(main.dirs, path):
            return main
        if path.suffix != ".rules":
            return next((t for t in self.outside.values() if contains(t.own, path)), None)
        known = next((t for t in self.outside.values() if t.own == (path.parent,)), None)
        if known is not None:
            return known
        declared = self.declared()
        dirs = dirs_for(path, main.dirs, declared, self.texts(), ParseCache())
        tree = self.outside.setdefault(dirs, Tree(dirs, (path.parent,)))
        return tree

    def declared(self) -> set[str]:
        """The instruments the workspace's rules declare (to know whether an outside folder needs them)."""
        main = self.main
        if main is None:
            return set()
        self.fresh(main)
        analysis = main.analysis
        if analysis is None:
            return set()
        return {i.id for f in analysis.files.values() for i in f.items if isinstance(i, ast.Instrument)}

    # -- compiling and publishing
    def schedule(self, tree: Tree) -> None:
        tree.stale = True
        if tree.timer is not None:
            tree.timer.cancel()
        tree.timer = asyncio.get_running_loop().call_later(DEBOUNCE, self.compile, tree)

    def fresh(self, tree: Tree) -> None:
        """Compile now if an edit is waiting: a request answers on the rules as they are."""
        if tree.stale:
            self.compile(tree)

    def compile(self, tree: Tree) -> None:
        if tree.timer is not None:
            tree.timer.cancel()
            tree.timer = None
        tree.stale = False
        try:
            analysis = compile_texts(tree.dirs, self.texts(), tree.cache)
            tree.analysis = analysis
            if analysis.program is not None:
                tree.navigable, tree._index = analysis, None
            self.publish(tree, analysis)
        except Exception:   # a bug of regc's own: say so in the client's log, keep serving
            log.exception("regc lsp: compiling %s failed", "+".join(map(str, tree.dirs)))
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, "regc: internal error while compiling "
                                                         "the rules; run `regc check --traceback` and report it"))

    def publish(self, tree: Tree, analysis: Analysis) -> None:
        """The diagnostics of the files of the tree's own folders; a file whose diagnostics and version
        are those the client has is left alone (an edit of one file sends one file's, mostly)."""
        by_uri: dict[str, list[lsp.Diagnostic]] = {}
        for shown in analysis.sources:
            path = analysis.path_of(shown)
            if contains(tree.own, path):
                by_uri[self.uri(path)] = []
        for diagnostic in analysis.reporter.sorted():
            path = analysis.path_of(diagnostic.primary.span.file)
            if contains(tree.own, path):
                by_uri.setdefault(self.uri(path), []).append(self.diagnostic(diagnostic, analysis))
        for uri in tree.published.keys() - by_uri.keys():   # files gone from the tree: clear what they showed
            by_uri[uri] = []
        documents = self.workspace.text_documents
        for uri, found in by_uri.items():
            version = documents[uri].version if uri in documents else None
            if tree.published.get(uri) == (version, found):
                continue
            tree.published[uri] = (version, found)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, found, version))
        tree.published = {uri: sent for uri, sent in tree.published.items() if sent[1] or uri in by_uri}

    def diagnostic(self, diagnostic: Diagnostic, analysis: Analysis) -> lsp.Diagnostic:
        """As `regc check` says it: its code and message, `help:` as it prints it, the notes as related places."""
        hint = diagnostic.hint_in(self.lang)
        message = diagnostic.message_in(self.lang) + (f"\n{HELP.render(self.lang)}: {hint}" if hint else "")
        related = [lsp.DiagnosticRelatedInformation(self.location(label.span, analysis),
                                                    label.message_in(self.lang) or SEE_ALSO.render(self.lang))
                   for label in diagnostic.secondary]
        severity = lsp.DiagnosticSeverity.Error if diagnostic.severity is Severity.ERROR else lsp.DiagnosticSeverity.Warning
        return lsp.Diagnostic(self.range(diagnostic.primary.span, analysis.sources), message, severity=severity,
                              code=diagnostic.code.code, source="regc", related_information=related or None)

    # -- positions: spans count characters, the client counts units of its encoding (UTF-16 by default)
    def units(self, text: str) -> int:
        if text.isascii():
            return len(text)
        encoding = self.workspace.position_encoding
        if encoding == lsp.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8"))
        if encoding == lsp.PositionEncodingKind.Utf32:
            return len(text)
        return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)

    def chars(self, line: str, units: int) -> int:
        """How many characters of a line the client's `units` cover."""
        count = 0
        for n, char in enumerate(line):
            if count >= units:
                return n
            count += self.units(char)
        return len(line)

    def position(self, source: SourceFile | None, line: int, col: int) -> lsp.Position:
        text = source.line_text(line) if source is not None else ""
        return lsp.Position(line - 1, self.units(text[:col - 1]) if source is not None else col - 1)

    def range(self, span: Span, sources: dict[str, SourceFile]) -> lsp.Range:
        source = sources.get(span.file)
        return lsp.Range(self.position(source, span.line, span.col), self.position(source, span.end_line, span.end_col))

    def location(self, span: Span, analysis: Analysis) -> lsp.Location:
        return lsp.Location(self.uri(analysis.path_of(span.file)), self.range(span, analysis.sources))

    def link(self, span: Span, analysis: Analysis) -> str:
        """A span as a Markdown link to its file and line, for hovers."""
        uri = self.uri(analysis.path_of(span.file))
        shown = "/".join(Path(span.file).parts[-2:])   # law-11-2017/law.rules: several files have one name
        return f"[{shown}:{span.line}]({uri}#L{span.line})"

    # -- what is at a position
    def at(self, uri: str, position: lsp.Position) -> tuple[Tree, Analysis, index.Index, index.Occurrence] | None:
        tree = self.tree_of(uri)
        if tree is None:
            return None
        self.fresh(tree)
        analysis, found = tree.navigable, tree.get_index()
        path = _path(uri)
        if analysis is None or found is None or path is None:
            return None
        shown = pipeline._shown(path, analysis.base)
        source = analysis.sources.get(shown)
        if source is None:
            return None
        occurrence = found.at(shown, _offset(source, position.line, lambda text: self.chars(text, position.character)))
        return (tree, analysis, found, occurrence) if occurrence is not None else None

    def locations(self, occurrences: Iterable[index.Occurrence], analysis: Analysis) -> list[lsp.Location]:
        return [self.location(o.span, analysis) for o in occurrences]


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path).resolve() if path else None


def _offset(source: SourceFile, line: int, chars: Callable[[str], int]) -> int:
    """The character offset of a 0-based line and a column given by `chars(line text)`."""
    start = 0
    for _ in range(line):
        found = source.text.find("\n", start)
        if found < 0:
            return len(source.text)
        start = found + 1
    return start + chars(source.line_text(line + 1))


HELP = text("render.help")
SEE_ALSO = text(define("lsp.see-also", "see also", "xem thêm"))


def make_server(rules: str) -> RulesServer:
    server = RulesServer(rules)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: RulesServer, params: lsp.InitializeParams) -> None:
        ls.start(params)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: RulesServer, params: lsp.InitializedParams) -> None:
        if ls.main is not None:
            missing = [d for d in ls.main.dirs if not d.is_dir()]
            if missing:
                ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning, f"regc: no rules folder at {missing[0]} "
                                                             "(start the server with --rules DIR)"))
            ls.compile(ls.main)

    def changed(ls: RulesServer, uri: str) -> None:
        for tree in ls.trees_with(uri):
            ls.schedule(tree)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: RulesServer, params: lsp.DidOpenTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RulesServer, params: lsp.DidChangeTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: RulesServer, params: lsp.DidSaveTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RulesServer, params: lsp.DidCloseTextDocumentParams) -> None:
        tree = ls.tree_of(params.text_document.uri)
        if tree is None:
            return
        if tree is not ls.main and not any(tree is ls.tree_of(uri) for uri in ls.workspace.text_documents):
            # The last file open of a folder outside the workspace: forget it and what it showed.
            ls.publish(tree, Analysis(tree.dirs, tree.dirs[0].parent))
            ls.outside = {k: t for k, t in ls.outside.items() if t is not tree}
            return
        changed(ls, params.text_document.uri)   # its text is the one on the disk again

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: RulesServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        tree, analysis, idx, occurrence = found
        assert analysis.program is not None
        text = hover.hover(occurrence.symbol, idx, analysis.program, analysis.sources, lambda s: ls.link(s, analysis),
                           datetime.date.today())
        if text is None:
            return None
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text), ls.range(occurrence.span, analysis.sources))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: RulesServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        _, analysis, idx, occurrence = found
        return ls.locations(idx.definitions(occurrence.symbol), analysis) or None

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: RulesServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        _, analysis, idx, occurrence = found
        return ls.locations(idx.references(occurrence.symbol, params.context.include_declaration), analysis)

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[","]))
    def completion(ls: RulesServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        tree = ls.tree_of(uri)
        program, instrument = None, None
        if tree is not None:
            ls.fresh(tree)
            analysis = tree.navigable
            if analysis is not None and (path := _path(uri)) is not None:
                program = analysis.program
                built = tree.get_index()
                instrument = built.instrument_of.get(pipeline._shown(path, analysis.base)) if built else None
        document = ls.workspace.get_text_document(uri)
        line = document.lines[params.position.line] if params.position.line < len(document.lines) else ""
        prefix = line[:ls.chars(line, params.position.character)]
        items = [lsp.CompletionItem(i.label, kind=_COMPLETION_KINDS[i.kind], detail=i.detail or None,
                                    documentation=i.documentation or None, sort_text=f"{0 if i.kind != 'keyword' else 1}{i.label}")
                 for i in complete.items(prefix, program, instrument)]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: RulesServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
        uri = params.text_document.uri
        tree, path = ls.tree_of(uri), _path(uri)
        if tree is None or path is None or path.suffix != ".rules":
            return None
        ls.fresh(tree)
        for analysis in (tree.analysis, tree.navigable):   # the file as it is; as it last parsed after a syntax error
            shown = pipeline._shown(path, analysis.base) if analysis is not None else ""
            if analysis is not None and shown in analysis.files:
                source = analysis.sources[shown]
                return [_document_symbol(ls, item, {shown: source}) for item in index.outline(analysis.files[shown], source)]
        return None

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: RulesServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None or found[3].symbol.kind not in index.RENAMABLE or found[3].role == index.MENTION:
            return None
        if found[0].analysis is not found[1]:
            raise JsonRpcInvalidParams("the rule files have syntax errors: mend them before renaming")
        reason = rename.refusal(found[3].symbol)
        if reason is not None:
            raise JsonRpcInvalidParams(reason)
        _, analysis, _, occurrence = found
        return lsp.PrepareRenamePlaceholder(ls.range(occurrence.span, analysis.sources), occurrence.symbol.name)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)
    def on_rename(ls: RulesServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        tree, analysis, idx, occurrence = found
        symbol = occurrence.symbol
        if tree.analysis is not analysis:   # positions of the last parse would not fit the texts as they are
            raise JsonRpcInvalidParams("the rule files have syntax errors: mend them before renaming")
        try:
            rename.check_name(symbol, params.new_name, idx)
        except rename.RenameError as err:
            raise JsonRpcInvalidParams(str(err)) from None
        changes: dict[str, list[lsp.TextEdit]] = {}
        for place in idx.references(symbol, declaration=True):
            location = ls.location(place.span, analysis)
            changes.setdefault(location.uri, []).append(lsp.TextEdit(location.range, params.new_name))
        if symbol.kind == "member":   # the worked examples' cases name vocabulary ids too
            for path in rename.example_files(analysis.files, analysis.dirs, analysis.base):
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                for edit in rename.yaml_edits(path, text, symbol.key[0], symbol.key[1]):
                    line = text.split("\n")[edit.line]
                    start = lsp.Position(edit.line, ls.units(line[:edit.col]))
                    end = lsp.Position(edit.line, ls.units(line[:edit.col + edit.length]))
                    changes.setdefault(from_fs_path(str(path)) or str(path), []).append(
                        lsp.TextEdit(lsp.Range(start, end), params.new_name))
        return lsp.WorkspaceEdit(changes=changes)

    return server


def _document_symbol(ls: RulesServer, item: index.Outline, sources: dict[str, SourceFile]) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(item.name, _SYMBOL_KINDS[item.kind], ls.range(item.span, sources),
                              ls.range(item.selection, sources), detail=item.detail or None,
                              children=[_document_symbol(ls, child, sources) for child in item.children] or None)


def serve(rules: str) -> int:
    logging.basicConfig(level=logging.WARNING, format="regc lsp: %(message)s")   # stderr: stdout is the protocol's
    make_server(rules).start_io()
    return 0
