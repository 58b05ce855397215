"""`kzqa lsp`, end to end: a real LSP client (pytest-lsp) drives the server in its own process."""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from conftest import SMALL_FACTS, Run, write_facts
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from kzqa.lsp import Settings, SettingsError, check_findings, config_file_settings, settings_from
from kzqa.store import Store

SERVER = [sys.executable, "-m", "kzqa", "lsp", "--stdio"]
KEYS = {"path", "line", "column", "end_line", "end_column", "text", "verdict", "message", "expected", "record",
        "source", "cite", "quote", "period", "replacement"}

MOSQUE = """
    [[entity]]
    id = "nur-astana-mosque"
    name = "Nur Astana Mosque"
    type = "place"
    country = "kazakhstan"
    citations = [{ source = "doc-a", quote = "the Nur Astana Mosque", locator = "para 5" }]

    [[project]]
    id = "mosque-funding"
    title = "Qatari funding of the Nur Astana Mosque in Astana"
    sectors = ["religion"]
    location = ["nur-astana-mosque", "astana"]
    partners = ["qatar", "kazakhstan"]
    status = "completed"
    amount = { value = 15000000, currency = "USD", qualifier = "exact", basis = "spent" }
    citations = [
      { source = "doc-a", quote = "Qatar's contribution of $15 million toward the Nur Astana Mosque", locator = "p 5" },
    ]

    [[event]]
    id = "emir-visit-2011"
    title = "Inaugural visit of the newly enthroned Emir Tamim to Kazakhstan"
    date = "2011"
    type = "visit"
    countries = ["kazakhstan", "qatar"]
    disputed = "Tamim became Emir only in June 2013."
    citations = [
      { source = "doc-a", quote = "the inaugural visit of the newly enthroned Emir Tamim in 2011", locator = "p 2" },
    ]
"""

# Line 0 has a Cyrillic word (one UTF-16 unit a letter) and an emoji (two units, one code
# point) before the claim: "$25 million" starts at code point 21 but UTF-16 unit 22.
DRAFT = (
    "Ақмола 🙂: Qatar gave $25 million toward the Nur Astana Mosque in Astana.\n"
    "The newly enthroned Emir Tamim made an inaugural visit to Kazakhstan in 2011.\n"
    "Kazakhstan has a population of about 20 million people.\n"
)
CLAIM = lsp.Range(start=lsp.Position(line=0, character=22), end=lsp.Position(line=0, character=33))


@pytest.fixture(autouse=True)
def fact_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The small fact set, and a folder added on top of it holding the records drafts cite.

    KZQA_FACTS (read when no setting names folders) points at the small set alone, so
    a server that lost its settings would find nothing to contradict in DRAFT. Autouse,
    so that it is set before the server starts."""
    base = write_facts(tmp_path / "facts", SMALL_FACTS)
    monkeypatch.setenv("KZQA_FACTS", str(base))
    return base, write_facts(tmp_path / "added", {"mosque.toml": MOSQUE})


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path, fact_dirs: tuple[Path, Path]) -> Any:
    base = fact_dirs[0]
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(workspace=lsp.WorkspaceClientCapabilities(configuration=True)),
        root_uri=tmp_path.as_uri(),
        initialization_options={"facts": [str(base)], "addFacts": ["added"]},  # relative to the root
    ))
    yield
    await lsp_client.shutdown_session()


async def until(predicate: Callable[[], Any], timeout: float = 20) -> Any:
    """Wait for the client's state to satisfy `predicate`; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for: {inspect.getsource(predicate).strip()}")
        await asyncio.sleep(0.01)
    return value


def severities(client: LanguageClient, uri: str) -> list[tuple[int, lsp.DiagnosticSeverity | None]]:
    return sorted((d.range.start.line, d.severity) for d in client.diagnostics.get(uri, []))


ERROR, WARNING, INFO = lsp.DiagnosticSeverity.Error, lsp.DiagnosticSeverity.Warning, lsp.DiagnosticSeverity.Information
BOTH = [(0, ERROR), (1, WARNING)]


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "markdown") -> str:
    uri = path.as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, rng: lsp.Range | None, text: str) -> None:
    event: Any = (lsp.TextDocumentContentChangePartial(range=rng, text=text) if rng is not None
                  else lsp.TextDocumentContentChangeWholeDocument(text=text))
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[event]))


# -- diagnostics ----------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_open_shows_contradicted_as_error_and_disputed_as_warning_in_utf16(
        client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(client, uri) == BOTH)
    error = next(d for d in client.diagnostics[uri] if d.severity == ERROR)
    assert error.range == CLAIM
    assert error.source == "kzqa" and error.code == "contradicted"
    assert "USD 15,000,000" in error.message and "mosque-funding" in error.message
    warning = next(d for d in client.diagnostics[uri] if d.severity == WARNING)
    assert "Tamim became Emir only in June 2013" in warning.message
    assert warning.range.start.character == DRAFT.splitlines()[1].index("2011")


@pytest.mark.asyncio
async def test_edits_are_checked_and_a_burst_of_them_ends_on_the_last(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(client, uri) == BOTH)
    digits = lsp.Range(start=lsp.Position(line=0, character=23), end=lsp.Position(line=0, character=25))
    for version, typed in enumerate(["1", "15", "35", "15"], start=2):  # faster than the debounce
        change(client, uri, version, digits, typed)
        digits = lsp.Range(start=digits.start, end=lsp.Position(line=0, character=23 + len(typed)))
    await until(lambda: severities(client, uri) == [(1, WARNING)])
    change(client, uri, 6, None, "Qatar gave $35 million toward the Nur Astana Mosque in Astana.\n")
    await until(lambda: severities(client, uri) == [(0, ERROR)])


@pytest.mark.asyncio
async def test_close_clears_and_reopening_checks_afresh(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(client, uri) == BOTH)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await until(lambda: severities(client, uri) == [])
    uri = open_doc(client, tmp_path / "draft.md", DRAFT.splitlines()[1])
    await until(lambda: severities(client, uri) == [(0, WARNING)])


# -- hover and quick fix ------------------------------------------------------------------
@pytest.mark.asyncio
async def test_hover_on_a_claim_shows_the_record_quote_and_citation(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(client, uri) == BOTH)
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=26)))
    assert hover is not None and hover.range == CLAIM
    assert isinstance(hover.contents, lsp.MarkupContent) and hover.contents.kind == lsp.MarkupKind.Markdown
    text = hover.contents.value
    assert "contradicted" in text and "**USD 15,000,000**" in text
    assert "> Qatar's contribution of $15 million toward the Nur Astana Mosque" in text
    assert "Writer 2024" in text  # the short citation of doc-a
    assert "source `doc-a`" in text and "record `mosque-funding`" in text
    nothing = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=2)))
    assert nothing is None


@pytest.mark.asyncio
async def test_quick_fix_writes_the_records_value_in_the_writers_form(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(client, uri) == BOTH)
    diagnostics = list(client.diagnostics[uri])
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=CLAIM,
        context=lsp.CodeActionContext(diagnostics=diagnostics)))
    assert actions is not None
    [action] = actions
    assert isinstance(action, lsp.CodeAction) and action.kind == lsp.CodeActionKind.QuickFix
    assert action.edit is not None and action.edit.changes is not None
    assert {k: list(v) for k, v in action.edit.changes.items()} == {
        uri: [lsp.TextEdit(range=CLAIM, new_text="$15 million")]}
    assert list(action.diagnostics or []) == [d for d in diagnostics if d.severity == ERROR]
    # the client applies the edit: the contradiction is gone, the disputed date remains
    change(client, uri, 2, CLAIM, "$15 million")
    await until(lambda: severities(client, uri) == [(1, WARNING)])
    none = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=CLAIM, context=lsp.CodeActionContext(diagnostics=[])))
    assert not none


# -- settings and fact files --------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_settings_change_rechecks_open_documents(client: LanguageClient, tmp_path: Path,
                                                         fact_dirs: tuple[Path, Path]) -> None:
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(client, uri) == BOTH)
    # pushed settings, in a `kzqa` section: show unverifiable claims too
    show = ["contradicted", "disputed", "unverifiable"]
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings={"kzqa": {"show": show}}))
    await until(lambda: severities(client, uri) == [*BOTH, (2, INFO)])
    # pulled settings: the notification carries none, the server asks for section `kzqa`
    client.set_configuration({"show": ["contradicted"]}, section="kzqa")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    await until(lambda: severities(client, uri) == [(0, ERROR)])
    # fact folders: without the added folder nothing in the draft has a record
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"facts": [str(fact_dirs[0])], "addFacts": [], "show": show}))
    await until(lambda: severities(client, uri) == [(0, INFO), (1, INFO), (2, INFO)])


@pytest.mark.asyncio
async def test_a_changed_fact_file_is_read_without_restarting(client: LanguageClient, tmp_path: Path,
                                                              fact_dirs: tuple[Path, Path]) -> None:
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(client, uri) == BOTH)
    fact_file = fact_dirs[1] / "mosque.toml"
    fact_file.write_text(fact_file.read_text(encoding="utf-8").replace("15000000", "25000000"), encoding="utf-8")
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=fact_file.as_uri(), type=lsp.FileChangeType.Changed)]))
    await until(lambda: severities(client, uri) == [(1, WARNING)])
    # the same without a notice from the editor: the next check sees the file changed
    fact_file.write_text(fact_file.read_text(encoding="utf-8").replace("disputed = ", "note = "), encoding="utf-8")
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await until(lambda: severities(client, uri) == [])


@pytest.mark.asyncio
async def test_invalid_fact_files_are_reported_once_and_checking_resumes(
        client: LanguageClient, tmp_path: Path, fact_dirs: tuple[Path, Path]) -> None:
    fact_file = fact_dirs[1] / "mosque.toml"
    good = fact_file.read_text(encoding="utf-8")
    fact_file.write_text(good.replace('status = "completed"', 'status = "finished"'), encoding="utf-8")
    uri = open_doc(client, tmp_path / "draft.md", DRAFT)
    await until(lambda: client.messages)
    assert "fact files cannot be read" in client.messages[0].message and "mosque.toml" in client.messages[0].message
    assert client.messages[0].type == lsp.MessageType.Error
    fact_file.write_text(good, encoding="utf-8")
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await until(lambda: severities(client, uri) == BOTH)
    assert len(client.messages) == 1


# -- several documents --------------------------------------------------------------------
@pytest.mark.asyncio
async def test_two_documents_are_checked_apart_and_other_languages_not_at_all(
        client: LanguageClient, tmp_path: Path) -> None:
    code = open_doc(client, tmp_path / "script.py", "# Qatar gave $25 million toward the Nur Astana Mosque.\n",
                    language="python")
    first = open_doc(client, tmp_path / "a.md", DRAFT)
    second = open_doc(client, tmp_path / "b.txt", DRAFT.splitlines()[1] + "\n", language="plaintext")
    await until(lambda: severities(client, first) == BOTH and severities(client, second) == [(0, WARNING)])
    change(client, second, 2, None, "Nothing here.\n")
    await until(lambda: severities(client, second) == [])
    assert severities(client, first) == BOTH
    assert code not in client.diagnostics


# -- pure parts, in this process ----------------------------------------------------------
def test_findings_carry_the_keys_the_server_reads(fact_dirs: tuple[Path, Path]) -> None:
    records = Store(list(fact_dirs), use_cache=False)
    findings = check_findings(DRAFT, "draft.md", records)
    wrong = next(f for f in findings if f["verdict"] == "contradicted")
    assert set(wrong) >= KEYS
    assert (wrong["line"], wrong["column"], wrong["end_line"], wrong["end_column"]) == (1, 22, 1, 33)
    assert DRAFT[wrong["column"] - 1:wrong["end_column"] - 1] == wrong["text"] == "$25 million"
    assert wrong["replacement"] == "$15 million" and "Writer 2024" in wrong["cite"]
    assert all(f["replacement"] is None for f in findings if f["verdict"] != "contradicted")


def test_settings_take_the_clients_keys_over_the_config_files(tmp_path: Path) -> None:
    file = {"facts": ["/data/facts"], "add-facts": ["/data/more"], "show": ["contradicted"]}
    settings = settings_from({"kzqa": {"addFacts": ["mine"]}}, file, tmp_path)
    assert settings == Settings(facts=(Path("/data/facts"),), add_facts=(tmp_path / "mine",), show=("contradicted",))
    assert settings_from(None, {}, tmp_path) == Settings()
    with pytest.raises(SettingsError, match="show: expected a list of contradicted"):
        settings_from({"show": ["wrong"]}, {}, tmp_path)
    with pytest.raises(SettingsError, match="facts: expected a list of folders"):
        settings_from({"facts": 3}, {}, tmp_path)


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", '[tool.kzqa]\nfacts = ["facts"]\nadd-facts = ["more"]\nshow = ["contradicted"]\n'),
    (".kzqa.toml", 'facts = ["facts"]\nadd-facts = ["more"]\nshow = ["contradicted"]\n'),
])
def test_the_config_file_is_found_upward_with_folders_relative_to_it(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    deep = tmp_path / "docs" / "drafts"
    deep.mkdir(parents=True)
    found = config_file_settings(deep)
    assert found == {"facts": [str(tmp_path / "facts")], "add-facts": [str(tmp_path / "more")],
                     "show": ["contradicted"]}
    assert settings_from(None, found, deep).dirs() == [tmp_path / "facts", tmp_path / "more"]


def test_a_pyproject_without_kzqa_settings_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / ".kzqa.toml").write_text('show = ["disputed"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert config_file_settings(tmp_path / "sub") == {"show": ["disputed"]}


# -- the process: start, exit codes, the missing extra --------------------------------------
def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


@pytest.mark.parametrize("methods, code", [
    (["initialize", "initialized", "shutdown", "exit"], 0),
    (["initialize", "initialized", "exit"], 1),  # exit without shutdown: 1, as LSP specifies
])
def test_exit_codes_follow_the_protocol(methods: Sequence[str], code: int, facts: Path) -> None:
    params: dict[str, Any] = {"initialize": {"processId": None, "rootUri": None, "capabilities": {}},
                              "initialized": {}}
    messages = b"".join(frame({"jsonrpc": "2.0", **({"id": n} if m in ("initialize", "shutdown") else {}),
                               "method": m, **({"params": params[m]} if m in params else {})})
                        for n, m in enumerate(methods, start=1))
    done = subprocess.run(SERVER[:-1], input=messages, capture_output=True, timeout=60)  # `kzqa lsp`, no --stdio
    assert done.returncode == code, done.stderr.decode()
    replies = [json.loads(body) for body in re.split(rb"Content-Length: \d+\r\n(?:[^\r\n]+\r\n)*\r\n",
                                                     done.stdout) if body]
    assert replies[0]["id"] == 1 and replies[0]["result"]["serverInfo"]["name"] == "kzqa"
    assert replies[0]["result"]["capabilities"]["hoverProvider"] is True


def test_without_pygls_lsp_exits_2_with_the_install_command(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "kzqa.lsp" or m.split(".")[0] == "pygls"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pygls", None)  # as if the lsp extra were not installed
    result = run("lsp", "--stdio")
    assert result.exit_code == 2
    assert result.stderr == 'kzqa: the language server needs pygls, which is not installed: pip install "kzqa[lsp]"\n'


def test_no_other_command_imports_pygls(tmp_path: Path, facts: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("Diplomatic relations were established on 1 July 1993.\n", encoding="utf-8")
    probe = ("import sys\nfrom kzqa.cli import app\n"
             "for args in (['check', sys.argv[1]], ['timeline'], ['--help']):\n"
             "    try:\n        app(args)\n    except SystemExit:\n        pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))")
    done = subprocess.run([sys.executable, "-c", probe, str(draft)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


# -- editors' own capabilities (as pytest-lsp records them) ----------------------------------
@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER),
                    params=["visual-studio-code@v1.65.2", "neovim@v0.11.0"])
async def editor(lsp_client: LanguageClient, request: pytest.FixtureRequest, tmp_path: Path,
                 fact_dirs: tuple[Path, Path]) -> Any:
    registered: list[lsp.Registration] = []
    lsp_client.registered = registered  # type: ignore[attr-defined]

    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(client: LanguageClient, params: lsp.RegistrationParams) -> None:
        registered.extend(params.registrations)

    result = await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=pytest_lsp.client_capabilities(request.param), root_uri=tmp_path.as_uri(),
        initialization_options={"facts": [str(fact_dirs[0])], "addFacts": [str(fact_dirs[1])]}))
    lsp_client.encoding = result.capabilities.position_encoding  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_positions_are_in_the_encoding_the_editor_and_server_agreed(editor: LanguageClient,
                                                                         tmp_path: Path) -> None:
    """VS Code offers nothing but UTF-16; Neovim 0.11 offers UTF-8 first, and gets it."""
    uri = open_doc(editor, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(editor, uri) == BOTH)
    error = next(d for d in editor.diagnostics[uri] if d.severity == ERROR)
    line = DRAFT.splitlines()[0]
    start = line.index("$25 million")
    codec = {"utf-16": "utf-16-le", "utf-8": "utf-8", "utf-32": "utf-32-le"}[editor.encoding]  # type: ignore[attr-defined]
    width = 2 if editor.encoding == "utf-16" else 4 if editor.encoding == "utf-32" else 1  # type: ignore[attr-defined]
    assert error.range.start.character == len(line[:start].encode(codec)) // width
    assert error.range.end.character == len(line[:start + 11].encode(codec)) // width
    assert (editor.encoding, error.range.start.character) in {("utf-16", 22), ("utf-8", 30)}  # type: ignore[attr-defined]


@pytest.mark.asyncio
async def test_fact_files_are_watched_where_the_editor_can_register_watchers(editor: LanguageClient,
                                                                            tmp_path: Path) -> None:
    uri = open_doc(editor, tmp_path / "draft.md", DRAFT)
    await until(lambda: severities(editor, uri) == BOTH)  # by now `initialized` has run
    registered = editor.registered  # type: ignore[attr-defined]
    caps = editor.capabilities
    dynamic = bool(caps and caps.workspace and caps.workspace.did_change_watched_files
                   and caps.workspace.did_change_watched_files.dynamic_registration)
    assert [r.method for r in registered] == ([lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES] if dynamic else [])
    if dynamic:
        assert registered[0].register_options["watchers"] == [{"globPattern": "**/*.toml"}]


def test_the_config_file_is_read_as_every_command_reads_it(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from kzqa.lsp import Settings, config_file_settings, settings_from

    (tmp_path / "extra").mkdir()
    (tmp_path / ".kzqa.toml").write_text('add-facts = ["extra"]\nshow = ["contradicted"]\nignore = ["old-id"]\n',
                                         encoding="utf-8")
    (tmp_path / "sub").mkdir()
    found = config_file_settings(tmp_path / "sub")
    assert found == {"add-facts": [str(tmp_path / "extra")], "show": ["contradicted"], "ignore": ["old-id"]}
    settings = settings_from({"kzqa": {"ignore": ["other-id"]}}, found, tmp_path, Settings())
    assert settings.ignore == ("other-id",) and settings.show == ("contradicted",)
    monkeypatch.setenv("KZQA_ADD_FACTS", str(tmp_path / "env"))
    # the editor's folders add to the environment's
    assert settings.dirs()[-2:] == [tmp_path / "env", tmp_path / "extra"]
