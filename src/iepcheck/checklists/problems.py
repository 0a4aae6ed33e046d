"""What is wrong with a checklist file, and what loading one gave."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .model import Checklist

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a line and column (both from 1)."""

    file: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    """What reading one file gave: a checklist when it has no errors, and every problem."""

    path: Path
    checklist: Checklist | None
    problems: tuple[Problem, ...]
    id: str | None = None  # the id the file declares, even when it is broken
    version: int | None = None
    lang: str | None = None  # a translation's language, even when it is broken

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.checklist is not None
