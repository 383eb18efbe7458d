"""One module per workspace; the main window lists them in this order.

Workspaces are built the first time they are shown, so start-up pays only for
the first one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from actionkit.gui.workspaces.base import Workspace


@dataclass(frozen=True)
class WorkspaceSpec:
    title_key: str
    build: Callable[[], Workspace]


__all__ = ["Workspace", "WorkspaceSpec"]
