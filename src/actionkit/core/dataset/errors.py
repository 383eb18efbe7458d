"""The one error the dataset code raises for bad input."""

from __future__ import annotations

from actionkit.core.errors import ActionKitError


class DatasetError(ActionKitError):
    """A dataset file is unreadable or invalid; `problems` lists every finding."""

    def __init__(
        self,
        summary: str,
        problems: list[str] | None = None,
        *,
        key: str | None = None,
        **params: object,
    ) -> None:
        self.summary = summary
        self.problems = problems or []
        super().__init__(self._message(), key=key, **params)

    def _message(self) -> str:
        if not self.problems:
            return self.summary
        shown = self.problems[:25]
        more = len(self.problems) - len(shown)
        lines = [self.summary, *(f"  - {_excerpt(p)}" for p in shown)]
        if more:
            lines.append(f"  ... and {more} more")
        return "\n".join(lines)


class UntrustedDatasetError(DatasetError):
    """A dataset file lacks a valid signature from a trusted publisher.

    The caller may ask the user and import it again with `untrusted_ok=True`.
    """


MAX_PROBLEM_CHARS = 300
# Control characters and the bidi overrides a hostile file could use to garble a message;
# Persian's zero-width non-joiner and the marks stay.
_HIDDEN = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F))} | {
    chr(c) for c in range(0x2066, 0x206A)
}


def _excerpt(problem: str) -> str:
    """A problem line as shown: short, with what a file could hide in it escaped."""
    short = problem if len(problem) <= MAX_PROBLEM_CHARS else problem[:MAX_PROBLEM_CHARS]
    shown = "".join(ascii(c)[1:-1] if c in _HIDDEN else c for c in short)
    return shown + ("…" if len(problem) > MAX_PROBLEM_CHARS else "")
