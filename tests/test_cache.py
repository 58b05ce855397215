"""The record store's cache: one SQLite database keyed on every fact file, built in a temporary
file and renamed into place, written only when the files have settled, rebuilt when it cannot
be used, never inside a facts folder; and the queries run as SQL against it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, write_facts

import kzqa.loader
import kzqa.store
from kzqa.errors import LoadError
from kzqa.store import Store, cache_file, cache_key, file_stats

OLD = 1_600_000_000  # a modification time well past the two-second racy window


def settle(folder: Path, when: int = OLD) -> None:
    """Give every fact file an old modification time, so that the cache may be written."""
    for path in folder.rglob("*.toml"):
        os.utime(path, (when, when))


def cache_files(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []


def assert_complete(cache: Path) -> None:
    """The cache holds one whole database and no temporary file."""
    names = cache_files(cache)
    assert len(names) == 1 and names[0].startswith("records-") and names[0].endswith(".sqlite"), names
    with sqlite3.connect(cache / names[0]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] > 0


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"  # the conftest's KZQA_CACHE_DIR


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the loads from the fact files (every Store that does not answer from the cache)."""
    calls: list[int] = []
    real = kzqa.loader.load_records

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(kzqa.loader, "load_records", counting)
    return calls


def export(run: Run, *options: str) -> list[dict[str, Any]]:
    result = run(*options, "export", "--json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def title_of(rows: list[dict[str, Any]], rid: str) -> Any:
    return next(r.get("title") or r.get("name") for r in rows if r["id"] == rid)


def poison(path: Path, old: str, new: str, key: str | None = None) -> None:
    """Rewrite the cached JSON in place (and the key, when given): what a call reads shows."""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE records SET json = replace(json, ?, ?)", (old, new))
        if key is not None:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'key'", (key,))


# -- written, and used ------------------------------------------------------------------

def test_a_warm_call_answers_from_the_cache(facts: Path, cache: Path, loads: list[int]) -> None:
    settle(facts)
    first = Store([facts])
    assert first.path == cache_file([facts])
    assert_complete(cache)
    second = Store([facts])
    assert second.all() == first.all()
    assert len(second.all()) == 10
    assert len(loads) == 1


def test_a_cached_answer_comes_from_the_database(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)
    export(run)
    poison(cache_file([facts]), "Document A", "From the cache")
    assert title_of(export(run), "doc-a") == "From the cache"


def test_the_database_carries_the_full_key(facts: Path, cache: Path) -> None:
    settle(facts)
    Store([facts])
    with sqlite3.connect(cache_file([facts])) as conn:
        key = conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()[0]
    assert key == cache_key([facts], file_stats([facts]))
    assert kzqa.__version__ in key and str(facts.resolve() / "facts.toml") in key


def test_no_cache_for_files_edited_within_two_seconds(facts: Path, cache: Path, loads: list[int]) -> None:
    assert len(Store([facts]).all()) == 10  # the files were just written
    assert cache_files(cache) == []
    assert Store([facts]).path is None
    assert len(loads) == 2


def test_no_cache_option_neither_reads_nor_writes(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)
    assert len(export(run, "--no-cache")) == 10
    assert cache_files(cache) == []
    export(run)
    poison(cache_file([facts]), "Document A", "Poisoned")
    assert title_of(export(run, "--no-cache"), "doc-a") == "Document A"
    assert Store([facts], use_cache=False).path is None


def test_the_same_schema_in_memory_and_on_disk(facts: Path, cache: Path) -> None:
    settle(facts)
    on_disk, in_memory = Store([facts]), Store([facts], use_cache=False)
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert on_disk.path is not None and in_memory.path is None
    assert on_disk.conn.execute(schema).fetchall() == in_memory.conn.execute(schema).fetchall()
    assert on_disk.all() == in_memory.all()


# -- an edit is seen on the very next call -------------------------------------------------

def test_an_edit_that_changes_the_size_is_seen_at_once(facts: Path, run: Run) -> None:
    settle(facts)
    assert title_of(export(run), "doc-a") == "Document A"
    assert title_of(export(run), "doc-a") == "Document A"  # warm
    source = facts / "sources.toml"
    source.write_text(source.read_text().replace("Document A", "Document A, revised"))
    settle(facts)  # the same modification time as before: only the size tells
    assert title_of(export(run), "doc-a") == "Document A, revised"


def test_an_edit_of_the_same_size_is_seen_at_once(facts: Path, run: Run) -> None:
    settle(facts)
    assert title_of(export(run), "doc-a") == "Document A"
    source = facts / "sources.toml"
    source.write_text(source.read_text().replace("Document A", "Document B"))
    settle(facts, OLD + 1)  # the same size: only the time tells
    assert title_of(export(run), "doc-a") == "Document B"


def test_an_edit_that_puts_the_old_size_and_time_back_is_seen(facts: Path, run: Run) -> None:
    """`touch -r`, `cp -p`, `rsync -t`: the same size and modification time as the cached
    file; the change time (which only the kernel sets) tells."""
    settle(facts)
    assert title_of(export(run), "doc-a") == "Document A"
    source = facts / "sources.toml"
    source.write_text(source.read_text().replace("Document A", "Document B"))
    settle(facts)  # the very same mtime as when the cache was written
    assert title_of(export(run), "doc-a") == "Document B"


def test_a_new_and_a_removed_file_are_seen_at_once(facts: Path, run: Run) -> None:
    settle(facts)
    assert len(export(run)) == 10
    write_facts(facts / "more", {"extra.toml": """
        [[entity]]
        id = "doha"
        name = "Doha"
        type = "place"
        citations = [{ source = "doc-a", quote = "Doha", locator = "p 1" }]
    """})
    settle(facts)
    assert len(export(run)) == 11
    (facts / "more" / "extra.toml").unlink()
    assert len(export(run)) == 10


def test_a_defect_introduced_after_a_warm_call_is_reported(facts: Path, run: Run) -> None:
    settle(facts)
    export(run)
    facts_file = facts / "facts.toml"
    facts_file.write_text(facts_file.read_text().replace('date = "1993-07-01"', 'date = "1993-02-30"'))
    settle(facts, OLD + 1)
    result = run("export", "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "relations-established: date: '1993-02-30': day 30 does not exist in Feb 1993" in result.stderr


def test_old_shards_and_leftovers_are_removed(facts: Path, cache: Path) -> None:
    settle(facts)
    cache.mkdir()
    old = [cache / "1234abcd-5678ef90.figure-000.marshal", cache / "1234abcd-5678ef90.manifest.marshal"]
    for path in old:
        path.write_bytes(b"old shard")
    stale = cache / f"{cache_file([facts]).name}.999.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (OLD, OLD))
    Store([facts])
    assert_complete(cache)


def test_a_corrupt_cache_is_rebuilt(facts: Path, cache: Path, run: Run, loads: list[int]) -> None:
    settle(facts)
    expected = export(run)
    cache_file([facts]).write_bytes(b"SQLite format 3\x00" + b"garbage" * 100)
    assert export(run) == expected
    assert_complete(cache)
    assert len(loads) == 2


@pytest.mark.parametrize("command", [("export", "--json"), ("show", "military-agreement", "--json"),
                                     ("search", "military", "--json"), ("timeline", "--json")])
def test_a_cache_damaged_inside_is_rebuilt(facts: Path, cache: Path, run: Run, loads: list[int],
                                           command: tuple[str, ...]) -> None:
    """Garbage over every page but the schema's and the key's (which opening reads, and
    finds whole): the first query that reads a damaged page fails; the file is removed and
    the command runs again on a database built afresh, once."""
    settle(facts)
    expected = run(*command).stdout
    path = cache_file([facts])
    with sqlite3.connect(path) as conn:
        meta = {n for (n,) in conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'meta'")}
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    for number in range(2, len(data) // size + 1):
        if number not in meta:
            data[(number - 1) * size:number * size] = b"Z" * size
    path.write_bytes(bytes(data))
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:  # opening finds it whole
        assert conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()[0]
    again = run(*command)
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected, "")
    assert len(loads) == 2
    assert_complete(cache)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_stored_record_damaged_inside_its_text_is_rebuilt(facts: Path, cache: Path, run: Run,
                                                            loads: list[int]) -> None:
    """Damage SQLite cannot see (its pages are whole): a record's stored JSON cut short. kzqa
    wrote that JSON, so failing to parse it means damage: rebuilt as above."""
    settle(facts)
    expected = run("show", "military-agreement", "--json").stdout
    with sqlite3.connect(cache_file([facts])) as conn:
        conn.execute("UPDATE records SET json = substr(json, 1, 30) WHERE id = 'military-agreement'")
    again = run("show", "military-agreement", "--json")
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected, "")
    assert len(loads) == 2


def test_a_damaged_database_without_a_cache_file_is_exit_2(facts: Path, run: Run,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """No retry without a cache file to remove (--no-cache): a clear message, exit 2."""
    import kzqa.queries

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(kzqa.queries, "timeline_rows", broken)
    result = run("--no-cache", "timeline", "--json")
    assert result.exit_code == 2
    assert result.stderr == "kzqa: the record database is damaged (database disk image is malformed)\n"


@pytest.mark.parametrize("table", ["records", "meta", "fts", "milestones"])
def test_a_database_missing_a_table_is_rebuilt(facts: Path, cache: Path, run: Run, table: str) -> None:
    settle(facts)
    expected = export(run)
    with sqlite3.connect(cache_file([facts])) as conn:
        conn.execute(f"DROP TABLE {table}")
    assert export(run) == expected
    assert run("timeline", "--json").exit_code == 0
    assert_complete(cache)


def test_a_cache_with_another_key_is_ignored(facts: Path, cache: Path, run: Run, loads: list[int]) -> None:
    settle(facts)
    expected = export(run)
    poison(cache_file([facts]), "Document A", "Poisoned", key="another version")
    assert export(run) == expected
    assert len(loads) == 2


def test_a_cache_folder_that_is_a_file_still_answers(facts: Path, tmp_path: Path, run: Run,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    settle(facts)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    for folder in (blocker, blocker / "cache"):
        monkeypatch.setenv("KZQA_CACHE_DIR", str(folder))
        assert len(export(run)) == 10
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user whom permissions bind")
def test_a_read_only_cache_folder_still_answers(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert len(export(run)) == 10
        assert cache_files(cache) == []
    finally:
        cache.chmod(0o700)


def test_an_interrupted_write_leaves_no_usable_half(facts: Path, cache: Path, loads: list[int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    settle(facts)
    real = kzqa.store.build
    calls: list[int] = []

    def build_then_fail(conn: sqlite3.Connection, *args: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            conn.executescript("CREATE TABLE meta(key TEXT, value TEXT);")
            raise sqlite3.OperationalError("disk I/O error")
        real(conn, *args)

    monkeypatch.setattr(kzqa.store, "build", build_then_fail)
    assert len(Store([facts]).all()) == 10  # the write failed, the answer did not (from memory)
    assert cache_files(cache) == []  # nor is a half-built file left behind
    assert len(Store([facts]).all()) == 10
    assert_complete(cache)
    assert len(loads) == 2


def test_a_missing_cache_folder_is_created(facts: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    settle(facts)
    deep = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("KZQA_CACHE_DIR", str(deep))
    Store([facts])
    assert_complete(deep)


def test_a_missing_facts_folder_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        Store([tmp_path / "nowhere"])
    assert [str(p) for p in info.value.problems] == [f"{tmp_path / 'nowhere'}: -: -: facts folder not found"]


def test_a_symlink_loop_in_the_facts_folder(facts: Path, run: Run) -> None:
    (facts / "loop").symlink_to(facts, target_is_directory=True)
    assert len(export(run)) == 10
    assert run("validate").exit_code == 0


# -- parallel cold calls ------------------------------------------------------------------------

def test_eight_parallel_cold_calls_agree(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)  # old files: every one of the eight writes the cache, all at once
    env = {**os.environ, "KZQA_FACTS": str(facts), "KZQA_CACHE_DIR": str(cache), "COLUMNS": "100"}
    procs = [subprocess.Popen([sys.executable, "-m", "kzqa", "export", "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(8)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [(code, err) for code, _, err in results] == [(0, b"")] * 8
    outputs = {out for _, out, _ in results}
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == export(run)
    assert_complete(cache)
    warm = subprocess.run([sys.executable, "-m", "kzqa", "export", "--json"], env=env, capture_output=True,
                          check=True)
    assert json.loads(warm.stdout) == export(run)


def test_the_cache_is_never_written_into_the_facts_folder(facts: Path, cache: Path, run: Run,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    settle(facts)
    before = sorted((str(p), p.stat().st_mtime_ns, p.read_bytes()) for p in facts.rglob("*"))
    export(run)
    export(run)
    monkeypatch.delenv("KZQA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache.parent / "xdg"))
    export(run)
    assert sorted((str(p), p.stat().st_mtime_ns, p.read_bytes()) for p in facts.rglob("*")) == before
    assert_complete(cache)


# -- the queries run in SQL -------------------------------------------------------------------

def traced(store: Store) -> list[str]:
    """Collects the statements kzqa runs (not those FTS5 runs inside, traced as comments)."""
    statements: list[str] = []
    store.conn.set_trace_callback(lambda sql: None if sql.lstrip().startswith("--") else statements.append(sql))
    return statements


def plan(store: Store, statement: str) -> str:
    """SQLite's query plan of a traced statement (its parameters already bound in the text)."""
    return " | ".join(row[-1] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {statement}"))


@pytest.mark.parametrize("query", [
    lambda q, s: q.search_rows(s, "military agreement"),
    lambda q, s: q.figure_rows(s, measure="visitors-qatar"),
    lambda q, s: q.agreement_rows(s, party="Qatar"),
    lambda q, s: q.backlinks(s, "qatar"),
    lambda q, s: s.get("gas-plant"),
], ids=["search", "figures --measure", "agreements --party", "backlinks", "show"])
def test_a_query_reads_through_indexes_not_every_row(facts: Path, query: Any) -> None:
    import kzqa.queries

    settle(facts)
    store = Store([facts])
    statements = traced(store)
    assert query(kzqa.queries, store)
    store.conn.set_trace_callback(None)
    assert statements
    for statement in statements:
        assert "FROM records ORDER BY n" not in statement  # never Store.all()
        assert "SCAN records" not in plan(store, statement), statement


def test_a_stored_record_is_written_as_stored_until_it_changes(facts: Path) -> None:
    from kzqa.output import dumps_json
    from kzqa.store import Stored

    settle(facts)
    record = Store([facts]).get("gas-plant")
    listed = Store([facts]).kind("project")
    assert isinstance(listed[0], Stored) and listed[0].json is not None
    assert json.loads(dumps_json(listed)) == [record]
    listed[0]["title"] = "Changed"
    assert json.loads(dumps_json(listed))[0]["title"] == "Changed"
    again = Store([facts]).kind("project")
    again[0].update(status="planned")
    assert json.loads(dumps_json(again))[0]["status"] == "planned"


def test_a_file_clear_cannot_remove_is_named_and_exit_2(facts: Path, cache: Path, run: Run,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    settle(facts)
    export(run)
    database = cache_file([facts])
    real_unlink = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path == database:
            raise PermissionError(13, "Permission denied", str(path))
        real_unlink(path, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    cleared = run("cache", "--clear")
    assert cleared.exit_code == 2
    assert cleared.stderr == f"kzqa: cannot remove {database}: Permission denied\n"
    assert database.exists()


def test_the_cache_command_shows_the_database_and_clears_the_folder(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)
    before = run("cache")
    assert before.exit_code == 0
    assert f"database\t{cache_file([facts])}\n" in before.stdout and "not built yet" in before.stdout
    export(run)
    (cache / "1234abcd-5678ef90.figure-000.marshal").write_bytes(b"old shard")
    built = run("cache")
    assert f"size\t{cache_file([facts]).stat().st_size:,} bytes" in built.stdout
    cleared = run("cache", "--clear")
    assert (cleared.exit_code, cleared.stdout) == (0, f"removed 2 files from {cache}\n")
    assert cache_files(cache) == []
