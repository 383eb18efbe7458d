"""One module per workspace; the main window lists them in this order.

Workspaces are built the first time they are shown, so start-up pays only for
the first one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from actionkit.core.paths import AppPaths
from actionkit.core.settings import Settings
from actionkit.gui.workspaces.base import PlannedWorkspace, Workspace


@dataclass(frozen=True)
class WorkspaceSpec:
    title: str
    build: Callable[[], Workspace]


def workspace_specs(*, paths: AppPaths, settings: Settings) -> list[WorkspaceSpec]:
    def settings_page() -> Workspace:
        from actionkit.gui.workspaces.settings import SettingsWorkspace

        return SettingsWorkspace(paths=paths, settings=settings)

    def planned(title: str, description: str) -> WorkspaceSpec:
        return WorkspaceSpec(title, lambda: PlannedWorkspace(title, description))

    return [
        planned(
            "People",
            "Pick the people your action is about from the bundled prisoner dataset: "
            "search in any script or spelling, check each status and its date, and add "
            "or correct people in your own local list.",
        ),
        planned(
            "Print studio",
            "Posters, placards, a wall of faces, flyers and palm cards in one or two "
            "languages, each with a QR code to the appeal, previewed exactly as they "
            "will print.",
        ),
        planned(
            "Events & signatures",
            "Print numbered signature sheets for an event, type them in after the "
            "action with the keyboard only, and export signers for the central campaign.",
        ),
        WorkspaceSpec("Settings", settings_page),
    ]


__all__ = ["Workspace", "WorkspaceSpec", "workspace_specs"]
