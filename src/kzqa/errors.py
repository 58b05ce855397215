"""The one error type for defects in the fact files, and the problem lines it carries."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Text from a fact file (ids, keys, messages that quote it) is shown, never acted on: a
# record id must not move the cursor or fake further problem lines on stderr.
_CONTROL = r"[\x00-\x1f\x7f-\x9f]"  # compiled on first use (re caches it): most calls print none


def _visible(text: str) -> str:
    return re.sub(_CONTROL, lambda m: f"\\x{ord(m.group()):02x}", text)


class Problem:
    """One defect, printed as `path:line: record-id: field: message`."""

    __slots__ = ("field", "line", "message", "path", "record")

    def __init__(self, path: str, line: int | None, record: str, field: str, message: str):
        self.path, self.line, self.record, self.field, self.message = path, line, record, field, message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return ": ".join(_visible(part) for part in (where, self.record or "-", self.field or "-", self.message))

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class QueryError(ValueError):
    """A bad option value; the message says what is accepted (exit status 2)."""


class LoadError(Exception):
    """The fact files could not be loaded; `problems` lists every defect found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(Exception):
    """A defect in the project config file, printed as `path: key: message` (exit status 2)."""

    def __init__(self, path: str, key: str, message: str):
        self.path, self.key, self.message = path, key, message
        super().__init__(": ".join(_visible(part) for part in (path, key, message)))
