"""kzqa export --sqlite: the database opened with sqlite3 and sqlite-utils, its metadata,
its date bounds and the paths it refuses."""

from __future__ import annotations

import calendar
import datetime
import html
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from conftest import Run, json_out, write_facts
from hypothesis import given
from hypothesis import strategies as st

from kzqa.export_sqlite import LINK_DESCRIPTIONS, TABLES, TOKENIZE, edtf_bounds, metadata_path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "sqlite-export.md"
KIND_TABLES = {t.kind: t.name for t in TABLES}
MILITARY = "ahmad-military-cooperation-agreement"


def export(run: Run, path: Path, *extra: str) -> sqlite3.Connection:
    result = run("export", "--sqlite", str(path), *extra)
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def records(run: Run) -> list[dict[str, Any]]:
    result = run("export", "--json")
    assert result.exit_code == 0, result.stderr
    out: list[dict[str, Any]] = json_out(result)
    return out


@pytest.fixture
def bundled(run: Run, tmp_path: Path) -> sqlite3.Connection:
    """The bundled records exported to tmp_path/kzqa.db."""
    return export(run, tmp_path / "kzqa.db")


# -- the records, their columns and their citations ---------------------------------------
@pytest.mark.bundled
def test_known_record_reads_back_with_its_citations_through_the_foreign_keys(
        run: Run, bundled: sqlite3.Connection) -> None:
    record = next(r for r in records(run) if r["id"] == MILITARY)
    row = bundled.execute("SELECT * FROM agreements WHERE id = ?", (MILITARY,)).fetchone()
    assert row["title"] == record["title"]
    assert row["signed"] == "2023-12"
    assert (row["signed_lower"], row["signed_upper"]) == ("2023-12-01", "2023-12-31")
    assert json.loads(row["parties"]) == record["parties"] == ["kazakhstan", "qatar"]
    assert row["standing"] == "inferred"
    cited = bundled.execute(
        "SELECT c.position, c.quote, c.locator, s.id AS source, s.title AS source_title, r.kind "
        "FROM citations c JOIN sources s ON s.id = c.source_id JOIN records r ON r.id = c.record_id "
        "WHERE c.record_id = ? ORDER BY c.position", (MILITARY,)).fetchall()
    assert [(c["source"], c["quote"], c["locator"]) for c in cited] == \
        [(c["source"], c["quote"], c["locator"]) for c in record["citations"]]
    assert {c["kind"] for c in cited} == {"agreement"}
    assert all(c["source_title"] for c in cited)


@pytest.mark.bundled
def test_foreign_keys_are_declared_and_hold(bundled: sqlite3.Connection) -> None:
    assert bundled.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {(row["from"], row["table"]) for row in bundled.execute("PRAGMA foreign_key_list(citations)")}
    assert keys == {("record_id", "records"), ("source_id", "sources")}
    keys = {(row["from"], row["table"]) for row in bundled.execute("PRAGMA foreign_key_list(record_entities)")}
    assert keys == {("record_id", "records"), ("entity_id", "entities")}
    keys = {(row["from"], row["table"]) for row in bundled.execute("PRAGMA foreign_key_list(agreements)")}
    assert keys == {("signed_place", "entities"), ("amends", "agreements")}


@pytest.mark.bundled
def test_every_record_is_one_row_with_every_field(run: Run, bundled: sqlite3.Connection) -> None:
    every = records(run)
    counts = dict(bundled.execute("SELECT kind, count(*) FROM records GROUP BY kind").fetchall())
    assert counts == {kind: sum(r["kind"] == kind for r in every) for kind in KIND_TABLES}
    for record in every:
        row = dict(bundled.execute(f'SELECT * FROM "{KIND_TABLES[record["kind"]]}" WHERE id = ?',
                                   (record["id"],)).fetchone())
        for field, value in record.items():
            if field in ("kind", "citations"):
                continue
            if isinstance(value, list):
                assert json.loads(row[field]) == value, (record["id"], field)
            elif isinstance(value, dict):  # ratification, amount: one column per key
                for key, inner in value.items():
                    assert row[f"{field}_{key}"] == inner, (record["id"], field, key)
            elif value is None and field not in row:  # no ratification, no amount
                flat = [k for k in row if k.startswith(f"{field}_")]
                assert flat
                assert all(row[k] is None for k in flat), (record["id"], field)
            elif isinstance(value, bool):
                assert row[field] == int(value)
            else:
                assert row[field] == value, (record["id"], field)
        cites = bundled.execute("SELECT count(*) FROM citations WHERE record_id = ?", (record["id"],)).fetchone()[0]
        assert cites == len(record.get("citations", []))


@pytest.mark.bundled
def test_entity_links_follow_the_fields_that_name_entities(run: Run, bundled: sqlite3.Connection) -> None:
    record = next(r for r in records(run) if r["id"] == MILITARY)
    linked = bundled.execute("SELECT role, entity_id FROM record_entities WHERE record_id = ?", (MILITARY,))
    expected = {("parties", p) for p in record["parties"]} | {("signatories", s) for s in record["signatories"]}
    if record.get("signed_place"):
        expected.add(("signed_place", record["signed_place"]))
    assert set(map(tuple, linked.fetchall())) == expected
    related = {r[0] for r in bundled.execute("SELECT related_id FROM related WHERE record_id = ?", (MILITARY,))}
    assert related == set(record["related"])


def test_columns_are_typed(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_facts(tmp_path / "typed", {"a.toml": """
        [[source]]
        id = "doc"
        title = "A document"
        type = "report"
        supplied_title = true

        [[figure]]
        id = "share"
        title = "A share"
        measure = "share"
        value = 2.5
        unit = "percent"
        basis = "actual"
        period = "2024-24"
        citations = [{ source = "doc", quote = "2.5 percent", locator = "p. 1" }]

        [[project]]
        id = "plant"
        title = "A plant"
        status = "planned"
        sectors = ["energy"]
        started = "../2020"
        amount = { value = 2500000000, currency = "USD", qualifier = "approximately", basis = "planned" }
        citations = [{ source = "doc", quote = "USD 2.5 billion", locator = "p. 2" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    db = export(run, tmp_path / "typed.db")
    assert tuple(db.execute("SELECT typeof(value), value FROM figures").fetchone()) == ("real", 2.5)
    assert tuple(db.execute("SELECT period_lower, period_upper FROM figures").fetchone()) == \
        ("2024-12-01", "2025-02-28")
    assert tuple(db.execute("SELECT typeof(amount_value), amount_value, amount_currency, amount_basis, "
                            "started_lower, started_upper FROM projects").fetchone()) == \
        ("integer", 2500000000, "USD", "planned", None, "2020-12-31")
    assert tuple(db.execute("SELECT typeof(supplied_title), supplied_title FROM sources").fetchone()) == ("integer", 1)
    assert tuple(db.execute("SELECT typeof(position) FROM citations").fetchone()) == ("integer",)
    declared = {row["name"]: row["type"] for row in db.execute("PRAGMA table_info(projects)")}
    assert (declared["id"], declared["amount_value"], declared["started_lower"]) == ("TEXT", "NUMERIC", "TEXT")


# -- full-text search ---------------------------------------------------------------------
@pytest.mark.bundled
def test_full_text_finds_the_military_agreement_and_stems(bundled: sqlite3.Connection) -> None:
    def ids(table: str, query: str) -> list[str]:
        return [r[0] for r in bundled.execute(
            f"SELECT t.id FROM {table} t JOIN {table}_fts f ON f.rowid = t.rowid "
            f"WHERE {table}_fts MATCH ? ORDER BY rank", (query,))]

    assert MILITARY in ids("agreements", "military")
    assert MILITARY in ids("agreements", "militaries")  # porter: both stem to "militari"
    assert ids("agreements", "militaries") == ids("agreements", "military")
    assert ids("agreements", "military") != ids("agreements", "cooperation")
    quotes = bundled.execute(
        "SELECT c.quote FROM citations c JOIN citations_fts f ON f.rowid = c.id "
        "WHERE citations_fts MATCH 'investing'").fetchall()
    assert quotes
    assert all(re.search(r"invest", q[0], re.IGNORECASE) for q in quotes)


def test_full_text_reads_other_scripts_and_folds_diacritics(
        run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_facts(tmp_path / "names", {"a.toml": """
        [[source]]
        id = "doc"
        title = "Doc"
        type = "report"

        [[entity]]
        id = "kazakhstan"
        name = "Kazakhstan"
        type = "country"
        aliases = ["Қазақстан", "Казахстан"]
        summary = "Its café culture"
        citations = [{ source = "doc", quote = "Kazakhstan", locator = "p. 1" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    db = export(run, tmp_path / "names.db")
    for query in ("Казахстан", "Қазақстан", "cafe", "café"):
        found = db.execute("SELECT e.id FROM entities e JOIN entities_fts f ON f.rowid = e.rowid "
                           "WHERE entities_fts MATCH ?", (query,)).fetchall()
        assert [tuple(r) for r in found] == [("kazakhstan",)], query


@pytest.mark.bundled
def test_sqlite_utils_detects_every_full_text_table_in_its_own_form(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "kzqa.db"
    export(run, path).close()
    db = sqlite_utils.Database(path)
    for table in [*TABLES, None]:
        name, columns = (table.name, table.fts) if table else ("citations", ("quote",))
        assert db[name].detect_fts() == f"{name}_fts"
        before = db[f"{name}_fts"].schema
        # enable_fts(replace=True) keeps an index whose schema is exactly the one it would write
        db[name].enable_fts(list(columns), tokenize=TOKENIZE, replace=True)
        assert db[f"{name}_fts"].schema == before
        # FTS5's own check that the index holds exactly the content table's rows and words
        db.execute(f"INSERT INTO {name}_fts ({name}_fts, rank) VALUES ('integrity-check', 1)")
    hits = list(db["agreements"].search("military", columns=["id"]))
    assert {"id": MILITARY} in hits


# -- Datasette metadata -------------------------------------------------------------------
@pytest.mark.bundled
def test_metadata_credits_every_source_and_describes_every_table(
        run: Run, bundled: sqlite3.Connection, tmp_path: Path) -> None:
    meta = json.loads(metadata_path(tmp_path / "kzqa.db").read_text(encoding="utf-8"))
    database = meta["databases"]["kzqa"]  # Datasette names a database after its file's stem
    credits = database["description_html"]
    sources = [r for r in records(run) if r["kind"] == "source"]
    assert sources
    for source in sources:
        for part in [source["title"], *source["authors"], source.get("outlet"), source.get("date"), source.get("url")]:
            if part:
                assert html.escape(part) in credits, (source["id"], part)
    assert "republishes" in credits
    tables = {r[0] for r in bundled.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%'")}
    assert set(database["tables"]) == tables
    for name in tables:
        columns = {r[1] for r in bundled.execute(f'PRAGMA table_info("{name}")')}
        assert set(database["tables"][name]["columns"]) == columns, name
        assert database["tables"][name]["description"]


def test_docs_name_every_table_and_column(run: Run, facts: Path, tmp_path: Path) -> None:
    db = export(run, tmp_path / "kzqa.db")
    docs = DOCS.read_text(encoding="utf-8")
    sections = dict(re.findall(r"(?ms)^### `(\w+)`\n(.*?)(?=^##)", docs + "\n##"))
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%'"):
        assert name in sections, f"docs/sqlite-export.md has no ### `{name}` section"
        for column in (r[1] for r in db.execute(f'PRAGMA table_info("{name}")')):
            assert f"`{column}`" in sections[name], (name, column)
    assert set(LINK_DESCRIPTIONS) <= set(sections)


# -- dates --------------------------------------------------------------------------------
@given(st.dates(min_value=datetime.date(1, 1, 1)))
def test_a_day_is_its_own_bounds(day: datetime.date) -> None:
    assert edtf_bounds(day.isoformat()) == (day.isoformat(), day.isoformat())


@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_month_spans_its_days(year: int, month: int) -> None:
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    assert edtf_bounds(f"{year:04d}-{month:02d}") == (f"{year:04d}-{month:02d}-01", last.isoformat())


@pytest.mark.parametrize(("edtf", "bounds"), [
    ("2024", ("2024-01-01", "2024-12-31")),
    ("2007~", ("2007-01-01", "2007-12-31")),
    ("2024-21", ("2024-03-01", "2024-05-31")),
    ("2023-24", ("2023-12-01", "2024-02-29")),
    ("199X", ("1990-01-01", "1999-12-31")),
    ("2019~/2024~", ("2019-01-01", "2024-12-31")),
    ("../2022-10-12", (None, "2022-10-12")),
    ("1991-12/", ("1991-12-01", None)),
    (None, (None, None)),
])
def test_widest_bounds(edtf: str | None, bounds: tuple[str | None, str | None]) -> None:
    assert edtf_bounds(edtf) == bounds


# -- paths it writes and refuses ----------------------------------------------------------
def test_writes_beside_no_temporary_files_and_refuses_to_overwrite(run: Run, facts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    path = out / "kzqa.db"
    result = run("export", "--sqlite", str(path))
    assert result.exit_code == 0
    assert "wrote 10 records and 9 citations" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["kzqa.db", "kzqa.db.metadata.json"]
    before = path.read_bytes()
    again = run("export", "--sqlite", str(path))
    assert again.exit_code == 2
    assert "exists; add --replace" in again.stderr
    assert path.read_bytes() == before
    path.write_bytes(b"not a database")
    replaced = run("export", "--sqlite", str(path), "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert sqlite3.connect(path).execute("SELECT count(*) FROM records").fetchone() == (10,)
    assert sorted(p.name for p in out.iterdir()) == ["kzqa.db", "kzqa.db.metadata.json"]


def test_refuses_when_only_the_metadata_exists(run: Run, facts: Path, tmp_path: Path) -> None:
    metadata_path(tmp_path / "kzqa.db").write_text("{}", encoding="utf-8")
    result = run("export", "--sqlite", str(tmp_path / "kzqa.db"))
    assert result.exit_code == 2
    assert "kzqa.db.metadata.json exists" in result.stderr
    assert not (tmp_path / "kzqa.db").exists()


@pytest.mark.parametrize(("target", "message"), [
    ("", "is a folder; give a file name"),
    ("missing/kzqa.db", "missing does not exist"),
    ("file.txt/kzqa.db", "file.txt is not a folder"),
    ("-", "cannot be written to stdout"),
])
def test_bad_paths_exit_2_with_a_message(run: Run, facts: Path, tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    result = run("export", "--sqlite", target if target == "-" else str(tmp_path / target))
    assert result.exit_code == 2
    assert result.stderr.startswith("kzqa: --sqlite: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("target", "message"), [
    ("", "give a file name"),
    ("  ", "give a file name"),
    (".", ". names a folder"),
    ("..", ".. names a folder"),
    ("out/", "out/ names a folder"),
])
def test_a_name_that_is_no_file_exits_2(run: Run, facts: Path, tmp_path: Path, target: str, message: str) -> None:
    """As typed, relative to the working folder (the test's tmp_path): nothing is written."""
    result = run("export", "--sqlite", target, "--replace")
    assert (result.exit_code, "Traceback" in result.stderr) == (2, False)
    assert message in result.stderr
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob("*.metadata.json"))


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_replace_never_puts_a_file_in_place_of_something_else(run: Run, facts: Path, tmp_path: Path,
                                                              kind: str) -> None:
    """--replace overwrites a database file, not a pipe, a device or a link (as root a
    device node such as /dev/null would become a regular file)."""
    target = tmp_path / "kzqa.db"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(tmp_path / "elsewhere.db")
    result = run("export", "--sqlite", str(target), "--replace")
    assert result.exit_code == 2 and "is not a regular file" in result.stderr
    assert target.is_symlink() if kind == "symlink" else target.is_fifo()
    assert not (tmp_path / "elsewhere.db").exists()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into a read-only folder")
def test_an_unwritable_folder_exits_2(run: Run, facts: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run("export", "--sqlite", str(locked / "kzqa.db"))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs, where no one may create files")
def test_a_folder_where_even_root_cannot_create_files_exits_2(run: Run, facts: Path) -> None:
    result = run("export", "--sqlite", "/sys/kzqa-export-test.db")
    assert result.exit_code == 2
    assert result.stderr.startswith("kzqa: --sqlite: cannot write /sys/kzqa-export-test.db: ")
    assert not Path("/sys/kzqa-export-test.db").exists()


def test_options_that_do_not_go_together(run: Run, facts: Path, tmp_path: Path) -> None:
    with_kind = run("export", "--sqlite", str(tmp_path / "a.db"), "--kind", "agreement")
    assert with_kind.exit_code == 2
    assert "--kind does not apply" in with_kind.stderr
    assert not (tmp_path / "a.db").exists()
    alone = run("export", "--replace", "--json")
    assert alone.exit_code == 2
    assert "--replace goes with --sqlite" in alone.stderr
