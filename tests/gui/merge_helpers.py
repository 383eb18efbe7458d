"""Answers for the merge's own dialogs, shared by the GUI tests that merge."""

from __future__ import annotations

from typing import Any

from tests.gui.conftest import Accepted


def keep_merge_options(dialog: Any) -> int:
    """The merge's layout and consent dialog, accepted as it opens (the merge's own
    columns, everyone): what a user who only wants the merged workbook does."""
    assert type(dialog).__name__ == "MergeOptionsDialog", type(dialog).__name__
    return Accepted
