"""Errors a user can cause, with messages a volunteer understands.

The CLI prints them and exits non-zero; the GUI shows them in a dialog. Anything
that is not an `ActionKitError` is a bug in ActionKit.

The message is English (what the CLI prints and `str()` returns). A `key` and
its parameters name the same message for the GUI, which looks `error.<key>` up
in the interface language and falls back to the English message.
"""

from __future__ import annotations


class ActionKitError(Exception):
    """Base class for every error whose message is meant for the user."""

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class AssetMissingError(ActionKitError):
    """A bundled file (font, dataset, style) is not where ActionKit expects it."""


class Message(str):
    """An English sentence that also names itself by key, for warnings kept as text.

    It is a `str` (the CLI prints it, lists of warnings stay lists of strings);
    the GUI translates `key` with `params` (under `error.<key>`), falling back to
    the English text.
    """

    key: str | None
    params: dict[str, object]

    def __new__(cls, text: str, *, key: str | None = None, **params: object) -> Message:
        made = super().__new__(cls, text)
        made.key = key
        made.params = params
        return made
