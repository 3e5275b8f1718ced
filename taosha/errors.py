"""Errors that reach the user as one line naming the file and line, never as a traceback."""
from __future__ import annotations


class TaoshaError(Exception):
    """A problem the user can fix; the CLI prints its message and exits with status 2."""


class InputError(TaoshaError):
    """A malformed input or labeled file: names the file, the line (when known) and the problem."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
