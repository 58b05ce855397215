"""Shared fixtures: every test runs against its own cache folder and, unless it asks for
the bundled records, a small fact set written into tmp_path."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kzqa import kept
from kzqa.cli import app

SOURCES_DIR = Path(__file__).resolve().parents[2] / "shared" / "sources"

SMALL_FACTS = {
    "sources.toml": """
        [[source]]
        id = "doc-a"
        title = "Document A"
        type = "article"
        authors = ["A. Writer"]
        outlet = "Journal"
        date = "2024-03"
    """,
    "entities.toml": """
        [[entity]]
        id = "kazakhstan"
        name = "Kazakhstan"
        type = "country"
        aliases = ["Қазақстан", "Казахстан"]
        citations = [{ source = "doc-a", quote = "Kazakhstan and Qatar", locator = "para 1" }]

        [[entity]]
        id = "qatar"
        name = "Qatar"
        type = "country"
        citations = [{ source = "doc-a", quote = "Kazakhstan and Qatar", locator = "para 1" }]

        [[entity]]
        id = "astana"
        name = "Astana"
        type = "place"
        aliases = ["Nur-Sultan"]
        country = "kazakhstan"
        citations = [{ source = "doc-a", quote = "in Astana", locator = "para 2" }]
    """,
    "facts.toml": """
        [[event]]
        id = "relations-established"
        title = "Diplomatic relations established"
        date = "1993-07-01"
        type = "establishment"
        countries = ["kazakhstan", "qatar"]
        topics = ["diplomacy"]
        citations = [{ source = "doc-a", quote = "relations were established on 1 July 1993", locator = "para 1" }]

        [[event]]
        id = "state-visit-2022"
        title = "State visit to Qatar"
        date = "2022-10"
        type = "visit"
        countries = ["kazakhstan", "qatar"]
        citations = [{ source = "doc-a", quote = "state visit in October 2022", locator = "para 2" }]

        [[agreement]]
        id = "military-agreement"
        title = "Agreement on military cooperation"
        type = "agreement"
        status = "signed"
        parties = ["kazakhstan", "qatar"]
        signed = "2022-10-12"
        sectors = ["defence"]
        topics = ["military"]
        citations = [{ source = "doc-a", quote = "agreement on military cooperation", locator = "para 3" }]

        [[project]]
        id = "gas-plant"
        title = "Gas processing plant"
        status = "proposed"
        sectors = ["energy"]
        partners = ["qatar"]
        amount = { value = 2500000000, currency = "USD", qualifier = "approximately", basis = "planned" }
        citations = [{ source = "doc-a", quote = "USD 2.5 billion", locator = "Table 2" }]

        [[figure]]
        id = "visitors-2022"
        title = "Visitors from Qatar in 2022"
        measure = "visitors-qatar"
        value = 3000
        unit = "people"
        period = "2022"
        basis = "actual"
        citations = [{ source = "doc-a", quote = "3,000 visitors", locator = "para 4" }]

        [[figure]]
        id = "visitors-2023"
        title = "Visitors from Qatar in 2023"
        measure = "visitors-qatar"
        value = 4500
        unit = "people"
        period = "2023"
        qualifier = "more-than"
        basis = "actual"
        citations = [{ source = "doc-a", quote = "more than 4,500 visitors", locator = "para 4" }]
    """,
}


def write_facts(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A private cache folder, no inherited facts or colour settings, a fixed width; the
    check command's kept patterns (kzqa.kept) go with the test's cache folder."""
    monkeypatch.setenv("KZQA_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("KZQA_FACTS", "KZQA_ADD_FACTS", "NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    # No config file from the folders above the test's own (kzqa looks upward from the cwd).
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    yield
    kept.use(None)


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small fact set above, made the active one through KZQA_FACTS."""
    folder = write_facts(tmp_path / "facts", SMALL_FACTS)
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    return folder


Run = Callable[..., Any]


@pytest.fixture
def run() -> Run:
    """Invoke kzqa in-process; returns the Click result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def json_out(result: Any) -> Any:
    return json.loads(result.stdout)
