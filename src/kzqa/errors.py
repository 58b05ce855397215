"""The one error type for defects in the fact files, and the problem lines it carries."""

from __future__ import annotations

from collections.abc import Sequence


class Problem:
    """One defect, printed as `path:line: record-id: field: message`."""

    __slots__ = ("field", "line", "message", "path", "record")

    def __init__(self, path: str, line: int | None, record: str, field: str, message: str):
        self.path, self.line, self.record, self.field, self.message = path, line, record, field, message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return ": ".join([where, self.record or "-", self.field or "-", self.message])

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class LoadError(Exception):
    """The fact files could not be loaded; `problems` lists every defect found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
