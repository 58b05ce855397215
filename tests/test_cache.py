"""The cache of the validated set: keyed on every fact file, written atomically and only when
the files have settled, ignored when it cannot be used, and never inside a facts folder."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, write_facts

import kzqa.loader
import kzqa.store
from kzqa.errors import LoadError
from kzqa.queries import EntityIndex
from kzqa.store import KINDS, Records

OLD = 1_600_000_000  # a modification time well past the two-second racy window


def settle(folder: Path, when: int = OLD) -> None:
    """Give every fact file an old modification time, so that the cache may be written."""
    for path in folder.rglob("*.toml"):
        os.utime(path, (when, when))


def cache_files(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []


def assert_complete(cache: Path) -> None:
    """The cache holds one whole set: `<stem>.<shard>.marshal` files of one stem, a shard for
    every kind and the index, and no temporary file left behind."""
    names = cache_files(cache)
    assert all(name.endswith(".marshal") for name in names), names
    assert len({name.split(".")[0] for name in names}) == 1, names
    assert {name.split(".")[1] for name in names} >= {*(f"{k}-000" for k in KINDS), "where-00", "figure-measures",
                                                      "manifest"}


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"  # the conftest's KZQA_CACHE_DIR


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the loads from the fact files (every Records that does not answer from the cache)."""
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


# -- written, and used ------------------------------------------------------------------

def test_a_warm_call_answers_from_the_cache(facts: Path, cache: Path, loads: list[int]) -> None:
    settle(facts)
    first = Records([facts]).all()
    assert len(loads) == 1
    assert_complete(cache)
    second = Records([facts])
    assert second.all() == first
    assert second.ids()["gas-plant"] == "project"
    assert second.measures() == ["visitors-qatar"]
    assert second.get("astana")["country"] == "kazakhstan"  # type: ignore[index]
    assert len(loads) == 1  # the second call never read a fact file


def test_the_shards_carry_the_full_key(facts: Path, cache: Path) -> None:
    settle(facts)
    Records([facts])
    keys = set()
    for path in cache.iterdir():
        key, value = marshal.loads(path.read_bytes())
        keys.add(key)
        if ".source-000." in path.name:
            assert [marshal.loads(blob)["id"] for blob in value] == ["doc-a"]  # one blob a record
    assert len(keys) == 1
    key = keys.pop()
    assert kzqa.store.__version__ in key
    for toml in ("sources.toml", "entities.toml", "facts.toml"):
        assert str((facts / toml).resolve()) in key


def test_no_cache_for_files_edited_within_two_seconds(facts: Path, cache: Path, loads: list[int]) -> None:
    settle(facts)
    (facts / "sources.toml").touch()  # just edited: its time could repeat with a second edit
    Records([facts]).all()
    assert cache_files(cache) == []
    Records([facts]).all()
    assert len(loads) == 2
    settle(facts)
    Records([facts]).all()
    assert_complete(cache)


def test_no_cache_option_neither_reads_nor_writes(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)
    assert title_of(export(run, "--no-cache"), "doc-a") == "Document A"
    assert cache_files(cache) == []
    assert title_of(export(run), "doc-a") == "Document A"
    poison(cache, "Document A", "Poisoned")
    assert title_of(export(run), "doc-a") == "Poisoned"  # the cache is read when allowed...
    assert title_of(export(run, "--no-cache"), "doc-a") == "Document A"  # ...and not with --no-cache


def swap(value: object, old: str, new: str) -> object:
    """The cached value with `old` replaced by `new` in every string, records included."""
    if isinstance(value, bytes):  # a record marshalled on its own
        return marshal.dumps(swap(marshal.loads(value), old, new))
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, (list, tuple)):
        return type(value)(swap(v, old, new) for v in value)
    if isinstance(value, dict):
        return {k: swap(v, old, new) for k, v in value.items()}
    return value


def poison(cache: Path, old: str, new: str) -> None:
    """Rewrite the cached values in place, keeping their keys: what a call reads from it shows."""
    for path in cache.iterdir():
        key, value = marshal.loads(path.read_bytes())
        path.write_bytes(marshal.dumps((key, swap(value, old, new))))


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


def test_old_shards_are_removed(facts: Path, cache: Path) -> None:
    settle(facts)
    Records([facts])
    before = cache_files(cache)
    settle(facts, OLD + 1)
    Records([facts])
    after = cache_files(cache)
    assert_complete(cache)
    assert len(after) == len(before)
    assert not set(before) & set(after)


# -- a cache that cannot be used is ignored --------------------------------------------------

@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
    pytest.param(lambda data: b"\x00garbage" * 10, id="garbage"),
    pytest.param(lambda data: marshal.dumps(5), id="no-key"),
    pytest.param(lambda data: marshal.dumps(("a", "b")), id="other-key"),
    pytest.param(lambda data: marshal.dumps(("a", "b", "c")), id="three-items"),
])
def test_a_corrupt_cache_is_rebuilt(facts: Path, cache: Path, run: Run, loads: list[int],
                                    damage: Any) -> None:
    settle(facts)
    expected = export(run)
    assert len(loads) == 1
    for path in cache.iterdir():
        path.write_bytes(damage(path.read_bytes()))
    assert export(run) == expected
    assert len(loads) == 2
    assert export(run) == expected  # rebuilt: the next call reads the cache again
    assert len(loads) == 2


@pytest.mark.parametrize("shard", ["figure-000", "source-000", "chunks"])
def test_one_broken_shard_is_rebuilt(facts: Path, cache: Path, run: Run, loads: list[int],
                                     shard: str) -> None:
    settle(facts)
    expected = export(run)
    next(cache.glob(f"*.{shard}.marshal")).write_bytes(b"broken")
    assert export(run) == expected
    assert len(loads) == 2


@pytest.mark.parametrize("shard", ["where-*", "figure-measures", "entity-keys-*", "timeline-*"])
def test_a_broken_index_is_rebuilt(facts: Path, cache: Path, loads: list[int], shard: str) -> None:
    settle(facts)
    Records([facts])
    for path in cache.glob(f"*.{shard}.marshal"):
        path.write_bytes(b"broken")
    records = Records([facts])
    assert records.get("astana")["name"] == "Astana"  # type: ignore[index]
    assert len(records.ids()) == 10
    assert records.measures() == ["visitors-qatar"]
    assert len(records.derived("timeline-rows")) == 3
    assert EntityIndex(records).resolve("Nur-Sultan", "--country") == {"astana"}
    assert len(loads) == 2


def test_a_missing_shard_is_rebuilt(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)
    expected = export(run)
    next(cache.glob("*.event-000.marshal")).unlink()
    assert export(run) == expected


def test_a_cache_of_another_version_is_ignored(facts: Path, cache: Path, run: Run, loads: list[int],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    settle(facts)
    expected = export(run)
    poison(cache, "Document A", "Poisoned")
    monkeypatch.setattr(kzqa.store, "__version__", "0.0.1-other")
    assert export(run) == expected
    assert len(loads) == 2


def test_a_shard_with_another_key_is_ignored(facts: Path, cache: Path, run: Run) -> None:
    settle(facts)
    expected = export(run)
    for path in cache.iterdir():
        key, value = marshal.loads(path.read_bytes())
        other = key.replace(kzqa.store.__version__, "0.0.1-other")
        assert other != key
        # the file name of this set, another key
        path.write_bytes(marshal.dumps((other, swap(value, "Document A", "Poisoned"))))
    assert export(run) == expected


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
    real = os.replace
    done: list[str] = []

    def replace_then_fail(src: Any, dst: Any) -> None:
        if len(done) == 3:
            raise OSError(28, "No space left on device")
        done.append(str(dst))
        real(src, dst)

    monkeypatch.setattr(kzqa.store.os, "replace", replace_then_fail)
    assert len(Records([facts]).all()) == 10  # the write failed, the answer did not
    monkeypatch.setattr(kzqa.store.os, "replace", real)
    assert len(Records([facts]).all()) == 10  # the set was marked complete last: not trusted half
    assert len(loads) == 2


def test_a_missing_cache_folder_is_created(facts: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    settle(facts)
    deep = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("KZQA_CACHE_DIR", str(deep))
    Records([facts])
    assert_complete(deep)


def test_a_missing_facts_folder_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        Records([tmp_path / "nowhere"])
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
