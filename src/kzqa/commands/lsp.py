"""`kzqa lsp`: the language server, for editors (needs the `lsp` extra: pygls)."""

from typing import Annotated

import typer

from kzqa.commands import STATE, fail, finish

INSTALL = 'pip install "kzqa[lsp]"'


def lsp(
    stdio: Annotated[bool, typer.Option(
        "--stdio", help="Talk LSP on standard input and output (the default; accepted because editors pass it).")] = False,
) -> None:
    """Run the language server: fact-check Markdown and text in any LSP editor as you write.

    Contradicted claims show as errors, disputed ones as warnings, with the record's value,
    quote and citation on hover and a quick fix that writes the record's value. Settings
    (fact folders, verdicts shown) come from the editor, else from the project config file.
    Needs pygls, which the lsp extra of kzqa installs.

    Exit status: 0 after the client's shutdown and exit, 1 on exit without shutdown,
    2 without pygls.

    Example: kzqa lsp --stdio
    """
    try:
        from kzqa.lsp import serve
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        fail(f"the language server needs pygls, which is not installed: {INSTALL}")
    finish(serve(STATE.facts, use_cache=STATE.use_cache))
