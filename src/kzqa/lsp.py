"""The language server: kzqa's fact-check in the editor, as diagnostics, hovers and quick fixes.

`kzqa lsp` runs it on standard input and output (pygls). The check engine runs in this
process on a record set opened once and reopened when a fact file changes; each open
Markdown or text document is checked when opened, saved, and 30 ms after its last change.

Settings come from the client (`initializationOptions`, `workspace/didChangeConfiguration`
or, when the client offers it, `workspace/configuration` for the section `kzqa`), key by key
over the project config file:

    {"facts": ["DIR", …],      # fact folders instead of the bundled records
     "addFacts": ["DIR", …],   # folders read on top of them
     "show": ["contradicted", "disputed"]}   # verdicts shown as diagnostics (the default)

Relative folders are relative to the workspace root (in the config file: to that file).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from kzqa import __version__
from kzqa.errors import LoadError
from kzqa.store import FileStat, Store, file_stats

log = logging.getLogger(__name__)

VERDICTS = ("contradicted", "disputed", "unverifiable", "supported")
SHOWN_BY_DEFAULT = ("contradicted", "disputed")
SEVERITY = {
    "contradicted": lsp.DiagnosticSeverity.Error,
    "disputed": lsp.DiagnosticSeverity.Warning,
    "unverifiable": lsp.DiagnosticSeverity.Information,
    "supported": lsp.DiagnosticSeverity.Hint,
}
DEBOUNCE_S = 0.03  # a change is checked when typing pauses this long (the issue allows 50 ms)
LANGUAGES = {"markdown", "plaintext", "text"}  # languageId values of the documents checked
SUFFIXES = {".md", ".markdown", ".txt"}  # ... or, for an unknown languageId, file suffixes
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line ends, and the engine's


class SettingsError(ValueError):
    """A setting of the wrong shape: the message names the key and what it accepts."""


@dataclass(frozen=True)
class Settings:
    """What the server checks against and shows.

    facts: folders that replace the bundled records (None: `KZQA_FACTS`, else the bundled
    ones); add_facts: folders read on top; show: the verdicts published as diagnostics.
    """

    facts: tuple[Path, ...] | None = None
    add_facts: tuple[Path, ...] = ()
    show: tuple[str, ...] = SHOWN_BY_DEFAULT
    ignore: tuple[str, ...] = ()  # record ids whose findings are not shown

    def dirs(self) -> list[Path]:
        """The fact folders to open, in order, as every command reads them
        (kzqa.config.fact_folders: KZQA_FACTS and KZQA_ADD_FACTS included); the config
        file's folders are already merged into these settings."""
        from kzqa.config import Config, fact_folders

        return fact_folders(list(self.facts) if self.facts else None, list(self.add_facts), Config())


def _folders(value: Any, key: str, base: Path) -> tuple[Path, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{key}: expected a list of folders, got {value!r}")
    return tuple(base / Path(v).expanduser() for v in value)


def _verdicts(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(v in VERDICTS for v in value):
        raise SettingsError(f"{key}: expected a list of {', '.join(VERDICTS)}, got {value!r}")
    return tuple(value)


def _section(options: Mapping[str, Any]) -> Mapping[str, Any]:
    """The `kzqa` object of a client's settings when they come wrapped in one, else them."""
    inner = options.get("kzqa")
    return inner if isinstance(inner, Mapping) else options


def settings_from(client: Mapping[str, Any] | None, file: Mapping[str, Any], root: Path,
                  defaults: Settings | None = None) -> Settings:
    """Settings from the client's options, key by key over the config file's, over defaults.

    `client` may wrap its keys in a `kzqa` object (the shape editors send for a section);
    `facts` and `addFacts` (or `add-facts`) are folders relative to `root`, `show` a list of
    verdicts. `file` is what `config_file_settings` read (folders already absolute).
    Raises SettingsError for a value of the wrong shape.
    """
    base = defaults or Settings()
    options = _section(client or {})
    merged: dict[str, Any] = {}
    for source, where in ((file, Path("/")), (options, root)):
        if source.get("facts") is not None:
            merged["facts"] = _folders(source["facts"], "facts", where)
        add = source.get("addFacts", source.get("add-facts"))
        if add is not None:
            merged["add_facts"] = _folders(add, "addFacts", where)
        if source.get("show") is not None:
            merged["show"] = _verdicts(source["show"], "show")
        if source.get("ignore") is not None:
            ids = source["ignore"]
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise SettingsError("ignore: expected a list of record ids")
            merged["ignore"] = tuple(ids)
    return Settings(facts=merged.get("facts", base.facts), add_facts=merged.get("add_facts", base.add_facts),
                    show=merged.get("show", base.show), ignore=merged.get("ignore", base.ignore))


def config_file_settings(start: Path) -> dict[str, Any]:
    """The project config file's settings (kzqa.config: `[tool.kzqa]` in pyproject.toml, or
    `.kzqa.toml`, found upward from `start`), as the keys the server merges: `facts`,
    `add-facts` (absolute folders), `show` and `ignore`; {} when there is no file. A file
    kzqa cannot read is skipped with a log line, as the command line would report it."""
    from kzqa.config import project_config
    from kzqa.errors import ConfigError

    try:
        config = project_config(start)
    except ConfigError as exc:
        log.warning("config file not read: %s", exc)
        return {}
    found: dict[str, Any] = {}
    if config.facts is not None:
        found["facts"] = [str(p) for p in config.facts]
    if config.add_facts:
        found["add-facts"] = [str(p) for p in config.add_facts]
    if config.show is not None:
        found["show"] = list(config.show)
    if config.ignore:
        found["ignore"] = list(config.ignore)
    return found


def open_records(dirs: list[Path], use_cache: bool = True) -> Store:
    """The record set in `dirs` (the one place the server opens records). LoadError if invalid."""
    return Store(dirs, use_cache=use_cache)


@dataclass
class RecordSet:
    """The open record set, reopened when its folders or any fact file's size or time change.

    Checking the files' stats costs a directory walk (well under a millisecond for the
    bundled records), so it is done before every check rather than trusting the editor
    to report changes."""

    use_cache: bool = True
    _key: tuple[list[Path], list[FileStat]] | None = None
    _records: Store | None = None

    def get(self, dirs: list[Path]) -> Store:
        """The records in `dirs`, fresh; LoadError for a missing folder or invalid fact files."""
        key = (dirs, file_stats(dirs))
        if self._records is None or key != self._key:
            self._records = open_records(dirs, self.use_cache)
            self._key = key
        return self._records


# -- the engine, as the server uses it ----------------------------------------------------
def check_findings(text: str, path: str, records: Store) -> list[dict[str, Any]]:
    """The engine's findings for a document (kzqa.checker.check_text): path, line, column,
    end_line, end_column (1-based, code points, end exclusive), text, verdict, message,
    expected, record, source, cite, quote, period, replacement."""
    from kzqa.checker import check_text

    return check_text(text, path, records)


# -- positions ----------------------------------------------------------------------------
def to_range(lines: Sequence[str], finding: Mapping[str, Any], units: Any) -> lsp.Range:
    """A finding's 1-based code-point span as an LSP range (0-based, in the client's units).

    `units(text)` counts a string in the negotiated position encoding (UTF-16 unless the
    client asked for another; LSP 3.17 "positionEncoding")."""

    def position(line: int, column: int) -> lsp.Position:
        row = lines[line - 1] if 0 < line <= len(lines) else ""
        return lsp.Position(line=max(line - 1, 0), character=units(row[: max(column - 1, 0)]))

    return lsp.Range(start=position(finding["line"], finding["column"]),
                     end=position(finding["end_line"], finding["end_column"]))


def _contains(rng: lsp.Range, pos: lsp.Position) -> bool:
    here = (pos.line, pos.character)
    return (rng.start.line, rng.start.character) <= here <= (rng.end.line, rng.end.character)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return ((a.start.line, a.start.character) <= (b.end.line, b.end.character)
            and (b.start.line, b.start.character) <= (a.end.line, a.end.character))


def hover_text(finding: Mapping[str, Any]) -> str:
    """A finding as Markdown for a hover: verdict, the record's value and period, the quote,
    the short citation and the record id."""
    head = f"**kzqa: {finding['verdict']}**"
    if finding.get("expected"):
        says = f"the record says **{finding['expected']}**"
        if finding.get("period"):
            says += f" ({finding['period']})"
        head += f": {says}"
    else:
        head += f": {finding['message']}"
    parts = [head]
    if finding.get("quote"):
        parts.append("> " + " ".join(str(finding["quote"]).split()))
    where = [str(finding["cite"])] if finding.get("cite") else []
    if finding.get("source"):
        where.append(f"source `{finding['source']}`")
    if finding.get("record"):
        where.append(f"record `{finding['record']}`")
    if where:
        parts.append("— " + " · ".join(where))
    return "\n\n".join(parts)


# -- the server ---------------------------------------------------------------------------
@dataclass
class Checked:
    """A document's last check: each finding with its range in the client's units."""

    version: int | None
    items: list[tuple[lsp.Range, dict[str, Any]]] = field(default_factory=list)


class KzqaServer(LanguageServer):
    """kzqa's language server: state shared by the handlers registered in `make_server`."""

    def __init__(self, defaults: Settings, use_cache: bool = True) -> None:
        super().__init__("kzqa", __version__)
        self.defaults = defaults
        self.settings = defaults
        self.init_options: Mapping[str, Any] = {}  # from `initialize`, for the whole session
        self.client_settings: Mapping[str, Any] = {}  # the latest configuration, over them
        self.records = RecordSet(use_cache=use_cache)
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.last_problem = ""
        self.shut_down = False  # a shutdown request came before exit: exit status 0, else 1

    # settings
    def root(self) -> Path:
        root = self.workspace.root_path if self.workspace else None
        return Path(root) if root else Path.cwd()

    def apply_settings(self, client: Mapping[str, Any] | None) -> None:
        """Adopt the client's latest settings (None: keep them), over its initialization
        options, over the config file's; re-check every open document."""
        if client is not None:
            self.client_settings = _section(client)
        try:
            self.settings = settings_from({**self.init_options, **self.client_settings},
                                          config_file_settings(self.root()), self.root(), self.defaults)
        except SettingsError as exc:
            self.tell(f"kzqa: settings not applied: {exc}")
        for uri in list(self.checked):
            self.schedule(uri, 0)

    def tell(self, message: str, kind: lsp.MessageType = lsp.MessageType.Error) -> None:
        self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))

    # checking
    def wanted(self, document: Any) -> bool:
        return document.language_id in LANGUAGES or Path(document.uri).suffix.lower() in SUFFIXES

    def schedule(self, uri: str, delay: float) -> None:
        """Check `uri` after `delay` seconds, replacing a check already waiting (the debounce)."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(delay, self.check_now, uri)

    def check_now(self, uri: str) -> None:
        """Check the document's current text and publish its diagnostics."""
        self.pending.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        try:
            records = self.records.get(self.settings.dirs())
        except LoadError as exc:
            problem = "kzqa: the fact files cannot be read: " + "; ".join(str(p) for p in exc.problems[:3])
            if problem != self.last_problem:  # once, not on every keystroke
                self.tell(problem)
                self.last_problem = problem
            return
        self.last_problem = ""
        text = document.source
        try:
            findings = check_findings(text, document.path or uri, records)
        except Exception as exc:  # an engine fault must not take the editor's server down
            log.exception("check failed")
            self.tell(f"kzqa: check failed on {uri}: {exc}")
            return
        lines = _LINE_BREAK.split(text)
        units = self.workspace.position_codec.client_num_units
        items = [(to_range(lines, f, units), f) for f in findings]
        self.checked[uri] = Checked(document.version, items)
        diagnostics = [
            lsp.Diagnostic(range=rng, message=str(f["message"]), severity=SEVERITY[f["verdict"]], source="kzqa",
                           code=f["verdict"], data={"record": f.get("record"), "replacement": f.get("replacement")})
            for rng, f in items if f["verdict"] in self.settings.show and f["record"] not in self.settings.ignore
        ]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))

    def finding_at(self, uri: str, pos: lsp.Position) -> dict[str, Any] | None:
        checked = self.checked.get(uri)
        if checked is None:
            return None
        return next((f for rng, f in checked.items if _contains(rng, pos)), None)


def make_server(defaults: Settings | None = None, use_cache: bool = True) -> KzqaServer:
    """The server with its handlers registered (not started)."""
    server = KzqaServer(defaults or Settings(), use_cache=use_cache)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: KzqaServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        ls.init_options = _section(options) if isinstance(options, Mapping) else {}

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: KzqaServer, params: lsp.InitializedParams) -> None:
        ls.apply_settings(None)
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps else None
        if watch is not None and watch.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern="**/*.toml")]
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[lsp.Registration(
                    id="kzqa-fact-files", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
            except Exception as exc:  # the fact files' stats are still compared before each check
                log.warning("could not watch the fact files: %s", exc)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: KzqaServer, params: None) -> None:
        for waiting in ls.pending.values():
            waiting.cancel()
        ls.pending.clear()
        ls.shut_down = True

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: KzqaServer, params: lsp.DidChangeConfigurationParams) -> None:
        settings = params.settings
        caps = ls.client_capabilities.workspace
        if not settings and caps is not None and caps.configuration:
            # the "pull" model: the notification only says something changed
            answer = await ls.workspace_configuration_async(
                lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section="kzqa")]))
            settings = answer[0] if answer else None
        ls.apply_settings(settings if isinstance(settings, Mapping) else {})

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: KzqaServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        ls.apply_settings(None)  # the config file may be what changed; RecordSet sees fact files

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KzqaServer, params: lsp.DidOpenTextDocumentParams) -> None:
        if ls.wanted(params.text_document):
            ls.checked.setdefault(params.text_document.uri, Checked(params.text_document.version))
            ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KzqaServer, params: lsp.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.checked:
            ls.schedule(params.text_document.uri, DEBOUNCE_S)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: KzqaServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri in ls.checked:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KzqaServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        if ls.checked.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: KzqaServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.finding_at(params.text_document.uri, params.position)
        if found is None:
            return None
        checked = ls.checked[params.text_document.uri]
        rng = next(r for r, f in checked.items if f is found)
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=hover_text(found)),
                         range=rng)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: KzqaServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        checked = ls.checked.get(uri)
        if checked is None:
            return []
        actions = []
        for rng, f in checked.items:
            if f["verdict"] != "contradicted" or not f.get("replacement") or not _overlaps(rng, params.range):
                continue
            matching = [d for d in params.context.diagnostics if d.source == "kzqa" and d.range == rng]
            actions.append(lsp.CodeAction(
                title=f"Replace with {f['replacement']} (kzqa: {f['record']})", kind=lsp.CodeActionKind.QuickFix,
                diagnostics=matching or None, is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=rng, new_text=str(f["replacement"]))]})))
        return actions

    return server


def serve(facts: list[Path] | None = None, use_cache: bool = True) -> int:
    """Run the server on standard input and output until the client says exit; return the
    exit status LSP specifies: 0 when a shutdown request came first, else 1 (also when
    the client went away without a word).

    `facts` (the app's --facts) are the default fact folders, under the client's settings.
    `KZQA_LSP_LOG` sets the level of the log written to stderr (default WARNING).
    """
    logging.basicConfig(stream=sys.stderr, level=os.environ.get("KZQA_LSP_LOG", "WARNING").upper())
    server = make_server(Settings(facts=tuple(facts) if facts else None), use_cache=use_cache)
    server.start_io()  # returns on exit or end of input (pygls swallows its own sys.exit)
    return 0 if server.shut_down else 1

