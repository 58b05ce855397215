"""Read fact files, validate every record and the set as a whole, and report all problems.

The loader either returns the complete validated record set or raises `LoadError` with
every problem found (file, line, record, field, message): a query never answers from a
partly loaded set. It only reads: nothing under a facts folder is ever written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kzqa import KINDS
from kzqa.errors import LoadError, Problem

KIND_NAMES = KINDS

# Patterns, not compiled objects: re compiles and caches them on first use, so that
# importing this module costs little when no file is read.
_HEADER_RE = r"^\s*\[\[\s*(" + "|".join(KIND_NAMES) + r")\s*\]\]"
_TOP_RE = r"^\s*\[\[?\s*(" + "|".join(KIND_NAMES) + r")\s*\]\]?\s*(#.*)?$"
_SHARED_LAST = ("citations", "related", "topics", "note", "disputed", "inferred")
_CURRENCY_LIKE = r"^[A-Z]{3}$"
# Record ids and keys come from the files: show control characters, never send them to a terminal.

# Fields that name entities, by record kind (a list or a single id).
ENTITY_FIELDS: dict[str, tuple[str, ...]] = {
    "entity": ("country",),
    "event": ("actors", "places", "countries"),
    "agreement": ("parties", "signed_place", "signatories"),
    "project": ("location", "partners"),
    "figure": ("countries",),
}


def fact_files(dirs: Iterable[Path]) -> list[Path]:
    """Every *.toml below the folders, in a stable order; a missing folder is a LoadError."""
    files: list[Path] = []
    problems = []
    for folder in dirs:
        if not folder.is_dir():
            problems.append(Problem(str(folder), None, "", "", "facts folder not found"))
            continue
        files.extend(sorted(p for p in folder.rglob("*.toml") if p.is_file()))
    if problems:
        raise LoadError(problems)
    return files


class _Lines:
    """Finds the line of a record (its [[kind]] header) and of a field inside it."""

    def __init__(self, text: str):
        # TOML ends lines at \n only; splitlines() would also split at \u2028, \x85, \x0c...
        self.lines = text.split("\n")
        self.headers: dict[str, list[int]] = {}
        for number, line in enumerate(self.lines, 1):
            if "[[" in line:  # a cheap test first: most lines are key = value
                m = re.match(_HEADER_RE, line)
                if m:
                    self.headers.setdefault(m.group(1), []).append(number)

    def record(self, kind: str, index: int) -> int | None:
        found = self.headers.get(kind, [])
        if index < len(found):
            return found[index]
        # The inline form (kind = [{...}]), or a key or table that is no kind ([kind], "a(b" = 1).
        key = rf"[\"']?{re.escape(kind)}[\"']?"
        pattern = re.compile(rf"^\s*(?:{key}\s*[=.]|\[\[?\s*{key}\s*[\].])")
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return number
        return None

    def field(self, start: int | None, name: str) -> int | None:
        if start is None:
            return None
        pattern = re.compile(rf"^\s*\"?{re.escape(name)}\"?\s*=")
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if re.match(_TOP_RE, line):
                break
            if pattern.match(line):
                return number
        return start


class Origin(NamedTuple):
    """Where a record stands: its file and line, and a way to find its fields' lines.

    NamedTuples rather than dataclasses here: `dataclasses` costs an import of its own
    (as kzqa.config.Config says)."""

    path: str
    line: int | None
    lines: _Lines

    def text_line(self, snippet: str) -> int | None:
        """The first line at or after the record that contains `snippet`."""
        start = self.line or 1
        for number in range(start, len(self.lines.lines) + 1):
            if snippet and snippet in self.lines.lines[number - 1]:
                return number
        return self.line


class _Loaded(NamedTuple):
    kind: str
    data: dict[str, Any]
    path: str
    lines: _Lines
    line: int | None
    valid: bool = True  # False: what an invalid record's references are (see _salvaged)


def _pydantic_message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if err.get("type") == "extra_forbidden":
        msg = "unknown field"
    elif err.get("type") == "missing":
        msg = "required field is missing"
    return msg


# How pydantic names the members of a union in an error's location (value.int,
# value.float): a type, never a field of the fact files (those are lower-case words).
_UNION_TAG = (r"^(int|float|str|bool|none|(list|dict|tuple|set)\[.*\]|constrained-.*|function-.*|"
              r"lax-or-strict\[.*\]|json-or-python\[.*\]|literal\[.*\]|[A-Z]\w*)$")
_TAG_WORDS = {"int": "a number", "float": "a number", "str": "text", "bool": "true or false",
              "list": "a list", "dict": "a table", "tuple": "a list", "set": "a list"}


def _tag_word(tag: str) -> str:
    head = re.split(r"[\[-]", tag, maxsplit=1)[0]
    if head in ("constrained", "function", "lax", "json", "literal"):
        inner = re.search(r"\[(\w+)", tag)
        head = inner.group(1) if inner else "str"
    return _TAG_WORDS.get(head, "a table" if tag[:1].isupper() else "text")


def _shown_input(value: Any) -> str:
    """A value as the fact file writes it: "2.5bn", true, 3, inf."""
    import json
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # inf, -inf, nan: TOML's spellings

    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


_BOUNDS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than")


def _readable_errors(errors: list[dict[str, Any]]) -> list[tuple[list[str], str]]:
    """(location, message) for each of pydantic's errors, in the fact file's words. The
    errors of one value checked against each member of a union (value.int: ...,
    value.float: ...) become one: 'expected a number, not "2.5bn"', or the bound it broke.
    Source: pydantic's error `loc`, which names a union member after its field."""
    out: list[tuple[list[str], str]] = []
    members: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for err in errors:
        loc = [str(x) for x in err["loc"]]
        if len(loc) > 1 and re.match(_UNION_TAG, loc[-1]) and err.get("type") not in ("missing", "extra_forbidden"):
            key = tuple(loc[:-1])
            if key not in members:
                members[key] = []
                out.append((loc[:-1], ""))  # the message is written below, once all members are in
            members[key].append(err)
            continue
        out.append((loc, _pydantic_message(err)))
    for n, (loc, message) in enumerate(out):
        errs = members.get(tuple(loc)) if not message else None
        if errs:
            bound = next((e for e in errs if e.get("type") in _BOUNDS), None)
            wanted = " or ".join(dict.fromkeys(_tag_word(str(e["loc"][-1])) for e in errs))
            if any(e.get("type") == "finite_number" for e in errs):
                wanted = "a finite number"
            out[n] = (loc, _pydantic_message(bound) if bound else
                      f"expected {wanted}, not {_shown_input(errs[0].get('input'))}")
    return out


def _parse_file(path: Path, problems: list[Problem]) -> list[_Loaded]:
    import tomli  # only on a cold load: the cache spares ordinary queries this import
    from pydantic import ValidationError

    from kzqa.models import KINDS

    shown = str(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a Windows editor is no error
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "", "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x})"))
        return []
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", str(exc))
        problems.append(Problem(shown, getattr(exc, "lineno", None), "", "", f"not valid TOML: {message}"))
        return []
    except RecursionError:
        problems.append(Problem(shown, None, "", "", "not valid TOML: nested too deeply"))
        return []
    lines = _Lines(text)
    loaded: list[_Loaded] = []
    for kind, items in data.items():
        if kind not in KINDS:
            problems.append(Problem(shown, lines.record(kind, 0), "", kind,
                                    f"unknown record kind (expected one of: {', '.join(KIND_NAMES)})"))
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(Problem(shown, lines.record(kind, 0), "", kind,
                                    f"must be an array of tables: [[{kind}]]"))
            continue
        for index, item in enumerate(items):
            start = lines.record(kind, index)
            rid = item.get("id") if isinstance(item.get("id"), str) else f"{kind}[{index + 1}]"
            try:
                model = KINDS[kind].model_validate(item)
            except ValidationError as exc:
                for loc, message in _readable_errors([dict(e) for e in exc.errors()]):
                    problems.append(Problem(shown, lines.field(start, loc[0]) if loc else start,
                                            rid, ".".join(loc), message))
                if isinstance(item.get("id"), str):
                    loaded.append(_Loaded(kind, _salvaged(kind, item), shown, lines, start, valid=False))
                continue
            dumped = model.model_dump(mode="json", by_alias=True)
            # kind, id, the kind's own fields, then the citation and standing fields shared
            # by every kind: the order of the JSON contract.
            record = {"kind": kind, **{k: v for k, v in dumped.items() if k not in _SHARED_LAST},
                      **{k: dumped[k] for k in _SHARED_LAST if k in dumped}}
            loaded.append(_Loaded(kind, record, shown, lines, start))
    return loaded


def _salvaged(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    """What the set's checks read of a record that failed validation, where it has the
    right shape: its id (still taken, and still a target others may name) and its
    references (still checked). So one bad field reports one problem, not one for every
    record that names the record, and the record's other problems are reported with it."""
    def strings(value: object) -> list[str]:
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def tables(value: object) -> list[dict[str, Any]]:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    out: dict[str, Any] = {"id": item["id"]}
    out["citations"] = [{"source": c["source"]} for c in tables(item.get("citations"))
                        if isinstance(c.get("source"), str)]
    out["related"] = strings(item.get("related"))
    for field in ENTITY_FIELDS.get(kind, ()):
        out[field] = _refs(item.get(field))
    out["roles"] = [{"organisation": r["organisation"]} for r in tables(item.get("roles"))
                    if isinstance(r.get("organisation"), str)]
    if isinstance(item.get("amends"), str):
        out["amends"] = item["amends"]
    return out


def _refs(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _check_set(loaded: list[_Loaded], problems: list[Problem]) -> None:
    """Checks that need the whole set: unique ids, references, units per measure."""
    first: dict[str, _Loaded] = {}
    for item in loaded:
        rid = item.data["id"]
        if rid in first:
            other = first[rid]
            problems.append(Problem(item.path, item.line, rid, "id",
                                    f"duplicate id (first defined at {other.path}:{other.line})"))
        else:
            first[rid] = item

    def expect(item: _Loaded, field: str, ref: str, kinds: tuple[str, ...]) -> None:
        target = first.get(ref)
        if target is not None and (not kinds or target.kind in kinds):
            return  # the common case: no line to look up
        line = item.lines.field(item.line, field.split(".")[0])
        wanted = " or ".join(kinds) if kinds else "record"
        if target is None:
            problems.append(Problem(item.path, line, item.data["id"], field,
                                    f"unknown {wanted} id {ref!r}"))
        else:
            problems.append(Problem(item.path, line, item.data["id"], field,
                                    f"{ref!r} is {_a(target.kind)}, not {_a(wanted)}"))

    units: dict[str, _Loaded] = {}
    for item in loaded:
        data = item.data
        for n, cite in enumerate(data.get("citations", [])):
            expect(item, f"citations.{n}.source", cite["source"], ("source",))
        for ref in data.get("related", []):
            expect(item, "related", ref, ())
        for field in ENTITY_FIELDS.get(item.kind, ()):
            for ref in _refs(data.get(field)):
                expect(item, field, ref, ("entity",))
        for n, role in enumerate(data.get("roles", [])):
            if role.get("organisation"):
                expect(item, f"roles.{n}.organisation", role["organisation"], ("entity",))
        if item.kind == "agreement" and data.get("amends"):
            expect(item, "amends", data["amends"], ("agreement",))
        if item.kind == "figure" and item.valid:
            unit = data["unit"]
            if re.match(_CURRENCY_LIKE, unit):
                from kzqa.currencies import ISO_4217

                if unit not in ISO_4217:
                    problems.append(Problem(item.path, item.lines.field(item.line, "unit"), data["id"],
                                            "unit", f"{unit!r} is not an ISO 4217 currency code"))
            seen = units.setdefault(data["measure"], item)
            if seen.data["unit"] != unit:
                problems.append(Problem(item.path, item.lines.field(item.line, "unit"), data["id"], "unit",
                                        f"measure {data['measure']!r} is in {seen.data['unit']!r} "
                                        f"(as at {seen.path}:{seen.line}), not {unit!r}"))


def load_records(dirs: Sequence[Path], origins: dict[str, Origin] | None = None) -> list[dict[str, Any]]:
    """Parse and validate every fact file below `dirs`; raise LoadError listing all defects.

    `origins`, when given, is filled with where each record stands (for later reports).
    """
    problems: list[Problem] = []
    files = fact_files(dirs)
    if not files:
        raise LoadError([Problem(", ".join(str(d) for d in dirs), None, "", "", "no *.toml fact files found")])
    loaded: list[_Loaded] = []
    for path in files:
        try:
            loaded.extend(_parse_file(path, problems))
        except OSError as exc:
            problems.append(Problem(str(path), None, "", "", f"cannot read: {exc.strerror or exc}"))
    _check_set(loaded, problems)
    if problems:  # file by file, line by line, as an editor's problem list reads
        problems.sort(key=lambda p: (p.path, p.line or 0))
        raise LoadError(problems)
    if origins is not None:
        for item in loaded:
            origins[item.data["id"]] = Origin(item.path, item.line, item.lines)
    return [item.data for item in loaded if item.valid]
