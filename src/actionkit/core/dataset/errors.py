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
        lines = [self.summary, *(f"  - {p}" for p in shown)]
        if more:
            lines.append(f"  ... and {more} more")
        return "\n".join(lines)


class UntrustedDatasetError(DatasetError):
    """A dataset file lacks a valid signature from a trusted publisher.

    The caller may ask the user and import it again with `untrusted_ok=True`.
    """
