"""The validated record set: from a fresh cache when there is one, else from the fact files.

The cache is what keeps ordinary queries instant: a warm call reads a few marshal files
and imports neither pydantic nor a TOML parser. It is correct above all:
- keyed on the kzqa and Python versions, the facts folders, and every fact file's path,
  size and modification time, so an edit to any file is seen on the next call;
- never written while a fact file is younger than two seconds (git's "racy clean" rule:
  a second edit within the clock's granularity could keep the same size and time);
- written atomically (temporary file, then rename), one shard per record kind, each
  carrying the full key, so parallel calls never read half a file or a mixed set;
- anything unreadable (corrupt, old, missing, read-only folder) is ignored and rebuilt.
The facts folders themselves are only ever read.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import time
from binascii import crc32  # the same CRC as zlib's, from a module built into Python
from pathlib import Path
from typing import Any

from kzqa import __version__

Record = dict[str, Any]
KINDS = ("source", "entity", "event", "agreement", "project", "figure")
_RACY_NS = 2_000_000_000
_MANIFEST = "manifest"  # tiny: only the key; written last, it marks the set complete


def bundled_facts() -> Path:
    """The records shipped with kzqa (inside the wheel; the top-level facts/ in a checkout)."""
    here = Path(__file__).resolve().parent
    inside = here / "facts"
    return inside if inside.is_dir() else here.parent.parent / "facts"


def facts_dirs(option: list[Path] | None) -> list[Path]:
    """--facts folders, else KZQA_FACTS (os.pathsep-separated), else the bundled records."""
    if option:
        return list(option)
    env = os.environ.get("KZQA_FACTS", "")
    parts = [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return parts or [bundled_facts()]


def cache_dir() -> Path:
    env = os.environ.get("KZQA_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux (XDG), without its ~3 ms import on every call.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(base if base else Path.home() / ".cache") / "kzqa"
    import platformdirs

    return Path(platformdirs.user_cache_dir("kzqa", appauthor=False))


def _walk(folder: str, out: list[tuple[str, int, int]]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):  # as the loader's rglob: no loops, same files
                _walk(entry.path, out)
            elif entry.name.endswith(".toml") and entry.is_file():
                st = entry.stat()
                out.append((entry.path, st.st_size, st.st_mtime_ns))


def file_stats(dirs: list[Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every fact file; a missing folder raises LoadError."""
    stats: list[tuple[str, int, int]] = []
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        from kzqa.errors import LoadError, Problem

        raise LoadError([Problem(str(d), None, "", "", "facts folder not found") for d in missing])
    for folder in dirs:
        try:
            _walk(str(folder.resolve()), stats)
        except OSError as exc:  # unreadable folder, or a file gone while listing
            from kzqa.errors import LoadError, Problem

            raise LoadError([Problem(str(exc.filename or folder), None, "", "",
                                     f"cannot read: {exc.strerror or exc}")]) from None
    stats.sort()
    return stats


# The modules whose code shapes what is cached: their times join the key, so that an
# upgrade (or a developer's edit) without a version bump still rebuilds the cache.
_CODE = ("store.py", "loader.py", "models.py", "dates.py", "queries.py")


def cache_key(dirs: list[Path], stats: list[tuple[str, int, int]]) -> str:
    here = os.path.dirname(__file__)
    code = [os.stat(os.path.join(here, name)).st_mtime_ns for name in _CODE]
    return repr((__version__, sys.version_info[:3], code, [str(d) for d in dirs], stats))


BUCKETS = 16  # the id index is split so that `show ID` reads one small part of it
CHUNK = 512  # records a kind shard holds, so that one record is read with few others


def bucket(key: str) -> str:
    return f"{crc32(key.encode()) % BUCKETS:02d}"


class Records:
    """Access to the record set by kind and by id, loading cache shards on demand.

    A kind's shard holds each record marshalled on its own, so that a query that needs a
    few records of a large set (one id, one measure) decodes only those."""

    def __init__(self, dirs: list[Path], use_cache: bool = True, build: bool = True):
        self.dirs = dirs
        self._shards: dict[str, Any] = {}
        self._decoded: dict[str, list[Record]] = {}
        self.memo: dict[str, Any] = {}  # indexes that queries derive from the set, built once
        self._cache: Path | None = None
        stats = file_stats(dirs)
        self._key = cache_key(dirs, stats)
        name = f"{crc32(repr([str(d) for d in dirs]).encode()):08x}"
        self._stem = f"{name}-{crc32(self._key.encode()):08x}"
        newest = max((s[2] for s in stats), default=0)
        self._racy = time.time_ns() - newest < _RACY_NS
        if use_cache:
            try:
                self._cache = cache_dir()
            except Exception:  # no home folder, odd platform: answer without a cache
                self._cache = None
        if build and (self._cache is None or self._read(_MANIFEST) is None):
            self._build()

    # -- cache -------------------------------------------------------------------------
    def _path(self, shard: str) -> Path:
        assert self._cache is not None
        return self._cache / f"{self._stem}.{shard}.marshal"

    def _read(self, shard: str) -> Any:
        if shard in self._shards:
            return self._shards[shard]
        if self._cache is None:
            return None
        try:
            key, value = marshal.loads(self._path(shard).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if key != self._key:
            return None
        self._shards[shard] = value
        return value

    def _write(self) -> None:
        if self._cache is None or self._racy:
            return
        try:
            self._cache.mkdir(parents=True, exist_ok=True)
            self._shards[_MANIFEST] = True
            # The manifest last: it marks the set complete.
            for shard in sorted(self._shards, key=lambda name: name == _MANIFEST):
                target = self._path(shard)
                tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
                tmp.write_bytes(marshal.dumps((self._key, self._shards[shard])))
                os.replace(tmp, target)
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        """Remove shards of earlier versions of the same folders."""
        assert self._cache is not None
        prefix = self._stem.split("-")[0] + "-"
        for old in self._cache.glob(prefix + "*.marshal"):
            if not old.name.startswith(self._stem + "."):
                with contextlib.suppress(OSError):
                    old.unlink()

    def _build(self) -> None:
        from kzqa.loader import load_records

        records = load_records(self.dirs)
        self._shards.clear()
        self._decoded = {kind: [r for r in records if r["kind"] == kind] for kind in KINDS}
        where: dict[str, dict[str, tuple[str, int]]] = {f"where-{bucket(r['id'])}": {} for r in records}
        chunks: dict[str, int] = {}
        for kind, recs in self._decoded.items():
            blobs = [marshal.dumps(r) for r in recs]
            chunks[kind] = max(1, -(-len(blobs) // CHUNK))
            for n in range(chunks[kind]):
                self._shards[f"{kind}-{n:03d}"] = blobs[n * CHUNK:(n + 1) * CHUNK]
            for pos, r in enumerate(recs):
                where[f"where-{bucket(r['id'])}"][r["id"]] = (kind, pos)
        self._shards["chunks"] = chunks
        self._shards.update(where)
        for n in range(BUCKETS):
            self._shards.setdefault(f"where-{n:02d}", {})
        from kzqa.queries import DERIVED

        # Indexes derived once per change of the facts, so that queries only filter.
        for derive in DERIVED:
            self._shards.update(derive(self._decoded))
        self._write()

    # -- access ------------------------------------------------------------------------
    def derived(self, name: str) -> Any:
        """A shard by name: a kind's blobs, an id bucket, or an index that
        kzqa.queries.DERIVED builds from the whole set, cached beside it."""
        shard = self._read(name)
        if shard is None:  # a shard vanished or broke since the manifest was read
            self._build()
            shard = self._shards[name]
        return shard

    def kind(self, name: str) -> list[Record]:
        if name not in self._decoded:
            count = self.derived("chunks")[name]
            self._decoded[name] = [marshal.loads(blob) for n in range(count)
                                   for blob in self.derived(f"{name}-{n:03d}")]
        return list(self._decoded[name])

    def select(self, kind: str, positions: list[int]) -> list[Record]:
        """The records of a kind at these positions, reading and decoding only those."""
        if kind in self._decoded:
            return [self._decoded[kind][p] for p in positions]
        return [marshal.loads(self.derived(f"{kind}-{p // CHUNK:03d}")[p % CHUNK]) for p in positions]

    def all(self) -> list[Record]:
        return [r for kind in KINDS for r in self.kind(kind)]

    def ids(self) -> dict[str, str]:
        """Every id and its kind (reads the whole id index)."""
        out: dict[str, str] = {}
        for n in range(BUCKETS):
            out.update({rid: where[0] for rid, where in self.derived(f"where-{n:02d}").items()})
        return out

    def measures(self) -> list[str]:
        return sorted(self.derived("figure-measures"))

    def get(self, rid: str) -> Record | None:
        where = self.derived(f"where-{bucket(rid)}").get(rid)
        if where is None:
            return None
        return self.select(where[0], [where[1]])[0]


def peek_index(dirs: list[Path]) -> dict[str, list[str]]:
    """Record ids and measure keys for shell completion, without validating anything:
    from the cache index when it is fresh, else by scanning the files' `id =` lines."""
    try:
        stats = file_stats(dirs)
        records = Records(dirs, build=False)  # reads the cache if fresh; never validates
        parts = [records._read(f"where-{n:02d}") for n in range(BUCKETS)]
        cached = records._read("figure-measures")
        if records._read(_MANIFEST) is not None and cached is not None and None not in parts:
            return {"ids": sorted(rid for part in parts for rid in part), "measures": sorted(cached)}
    except Exception:  # completion must never fail loudly
        stats = []
    import re

    ids: set[str] = set()
    measures: set[str] = set()
    for path, _size, _mtime in stats:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        ids.update(re.findall(r'(?m)^\s*id\s*=\s*"([a-z0-9-]+)"', text))
        measures.update(re.findall(r'(?m)^\s*measure\s*=\s*"([a-z0-9-]+)"', text))
    return {"ids": sorted(ids), "measures": sorted(measures)}
