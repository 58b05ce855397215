"""kzqa.kept: the check engine's compiled patterns and parsed word lists, kept between runs.
A kept pattern must be the pattern `re` compiles; a damaged, foreign or missing file must
change nothing but the time a run takes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run

from kzqa import kept
from kzqa.checker import claims

PATTERNS = [
    (r"(?P<year>1[89]\d\d|20\d\d)(?:[-–](?P<end>\d{2,4}))?", 0),
    (r"(?<![\w.,])(?P<n>\d{1,4}(?:[.,]\d+)?|[a-z]+?)[\s-]?fold(?!\w)", re.IGNORECASE),
    (r"\b(?:Ұлттық|Токаев[а-я]*|Doha)\b", 0),
    (r"^\s*#+\s.*$|(?m:^> )", re.MULTILINE),
    (r"(a)|(b)|(?P<c>c)\1?", re.IGNORECASE | re.DOTALL),
]
TEXTS = ["In 2009–10 Qatar tripled it, a 3-fold rise", "ТОКАЕВА visited Doha in 1993", "# Heading\n> quote",
         "AbCc cc", "", "Ұлттық банк 2024-25 twofold"]


def behaviour(pattern: re.Pattern[str]) -> list[object]:
    """What a pattern finds in TEXTS: every match's span, groups and named groups."""
    return [(m.span(), m.groups(), m.groupdict()) for text in TEXTS for m in pattern.finditer(text)]


def same(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    return (a.pattern, a.flags, a.groups, dict(a.groupindex)) == (b.pattern, b.flags, b.groups,
                                                                   dict(b.groupindex)) and behaviour(a) == behaviour(b)


def test_a_kept_pattern_is_the_pattern_re_compiles(tmp_path: Path) -> None:
    kept.use(tmp_path)
    first = [kept.compile(p, f) for p, f in PATTERNS]  # compiled afresh, then kept
    kept.save()
    assert (tmp_path / kept.FILE_NAME).is_file()
    kept.use(tmp_path)
    assert all(("re", p, f) in kept._KEPT.table for p, f in PATTERNS)
    again = [kept.compile(p, f) for p, f in PATTERNS]  # rebuilt from the kept programs
    assert not kept._KEPT.added
    for (pattern, flags), one, two in zip(PATTERNS, first, again, strict=True):
        assert same(one, re.compile(pattern, flags)) and same(two, re.compile(pattern, flags))
    assert behaviour(again[0]) and behaviour(again[2])  # the texts do exercise them


def test_the_claim_pattern_kept_reads_claims_as_compiled(tmp_path: Path) -> None:
    """The largest pattern there is (the claim pattern, ~9,600 code words), in every form."""
    master = claims._patterns().master
    whole = frozenset(range(len(master.alternatives)))
    text = "Qatar pledged $1.5 bn (QAR 5,46 mln) on 14 Oct. 2022, its second largest, 30% of 2023's."
    kept.use(tmp_path)
    fresh = master._compile(whole)
    kept.save()
    kept.use(tmp_path)
    rebuilt = master._compile(whole)
    assert not kept._KEPT.added
    assert same(rebuilt, fresh)
    assert [m.groupdict() for m in rebuilt.finditer(text)] == [m.groupdict() for m in fresh.finditer(text)]
    assert len([m for m in rebuilt.finditer(text) if m.group("pre")]) == 2


def test_a_bad_pattern_raises_as_re_does(tmp_path: Path) -> None:
    kept.use(tmp_path)
    with pytest.raises(re.error):
        kept.compile("(unclosed")


def test_data_files_are_kept_until_they_change(tmp_path: Path) -> None:
    data = tmp_path / "words.toml"
    data.write_text('[numbers]\nunits = ["one", "two"]\n', encoding="utf-8")
    kept.use(tmp_path)
    assert kept.toml(str(data)) == {"numbers": {"units": ["one", "two"]}}
    kept.save()
    kept.use(tmp_path)
    assert kept.toml(str(data)) == {"numbers": {"units": ["one", "two"]}}
    assert not kept._KEPT.added  # read from the kept table
    data.write_text('[numbers]\nunits = ["three"]\n', encoding="utf-8")
    os.utime(data, ns=(1, 1))  # another mtime even on a coarse clock
    assert kept.toml(str(data)) == {"numbers": {"units": ["three"]}}


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "foreign"])
def test_a_damaged_or_foreign_file_is_not_used(tmp_path: Path, damage: str) -> None:
    kept.use(tmp_path)
    for pattern, flags in PATTERNS:
        kept.compile(pattern, flags)
    kept.save()
    path = tmp_path / kept.FILE_NAME
    data = bytearray(path.read_bytes())
    if damage == "flip":  # one bit of one program: the checksum catches it
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) // 3]
    elif damage == "garbage":
        data = bytearray(b"\x00\xff" * 100)
    else:  # a file written by another interpreter
        kept._KEPT.table = {("re", "x", 0): (0, b"", 0, {}, (None,))}
        engine = kept._ENGINE
        kept._ENGINE = ("another Python",)
        kept._KEPT.added = True
        kept.save()
        kept._ENGINE = engine
        data = bytearray(path.read_bytes())
    path.write_bytes(bytes(data))
    kept.use(tmp_path)
    assert kept._KEPT.table == {}
    for pattern, flags in PATTERNS:
        assert same(kept.compile(pattern, flags), re.compile(pattern, flags))
    kept.save()  # and the next run has a good file again
    kept.use(tmp_path)
    assert len(kept._KEPT.table) == len(PATTERNS)


def test_an_unwritable_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    kept.use(blocker / "cache")  # its parent is a file: nothing can be written below it
    pattern = kept.compile(*PATTERNS[0])
    kept.save()  # never raises
    assert same(pattern, re.compile(*PATTERNS[0]))
    assert not (blocker / "cache").exists()


def test_old_entries_give_way_past_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept, "MAX_ENTRIES", 3)
    kept.use(tmp_path)
    for pattern, flags in PATTERNS[:3]:
        kept.compile(pattern, flags)
    kept.save()
    kept.use(tmp_path)
    kept.compile(*PATTERNS[0])  # used again
    kept.compile(*PATTERNS[3])  # new: four entries, past the cap of three
    kept.save()
    kept.use(tmp_path)
    assert set(kept._KEPT.table) == {("re", *PATTERNS[0]), ("re", *PATTERNS[3])}


def _check(draft: Path, env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzqa", *options, "check", "--all", "--format", "lines", str(draft)],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_check_reads_the_same_with_and_without_the_kept_file(tmp_path: Path) -> None:
    """A whole run, as a writer's CI makes it: the first run keeps the patterns, the second
    reads them, --no-cache neither reads nor writes; all three find the same."""
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Ties\n\nQatar gave $20 million toward the Nur Astana Mosque in Astana. Diplomatic relations "
        "were established in 1993.\n\n| Year | Trade |\n|---|---|\n| 2023 | $56.6 mln |\n\n"
        "Kazakhstan and Qatar signed 5 agreements in October 2022[^1].\n\n[^1]: Akorda, 2022.\n",
        encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "KZQA_CACHE_DIR": str(cache), "COLUMNS": "100"}
    env.pop("KZQA_FACTS", None)
    first = _check(draft, env)
    path = cache / kept.FILE_NAME
    assert path.is_file()
    written = path.stat().st_mtime_ns, path.read_bytes()
    second = _check(draft, env)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == written  # read, nothing added
    path.unlink()
    bare = _check(draft, env, "--no-cache")
    assert not path.exists()
    assert first.returncode == second.returncode == bare.returncode == 1
    assert first.stdout == second.stdout == bare.stdout
    assert "contradicted: $20 million" in first.stdout and "supported: 1993" in first.stdout


def test_cache_clear_removes_the_kept_file(tmp_path: Path, run: Run) -> None:
    cache = tmp_path / "cache"  # the conftest's KZQA_CACHE_DIR
    kept.use(cache)
    kept.compile(*PATTERNS[0])
    kept.save()
    assert (cache / kept.FILE_NAME).is_file()
    result = run("cache", "--clear")
    assert result.exit_code == 0 and "removed 1 file" in result.stdout
    assert not (cache / kept.FILE_NAME).exists()
