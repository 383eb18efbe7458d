"""Errors a user can cause, with messages a volunteer understands.

The CLI prints them and exits non-zero; the GUI shows them in a dialog. Anything
that is not an `ActionKitError` is a bug in ActionKit.
"""

from __future__ import annotations


class ActionKitError(Exception):
    """Base class for every error whose message is meant for the user."""


class AssetMissingError(ActionKitError):
    """A bundled file (font, dataset, style) is not where ActionKit expects it."""
