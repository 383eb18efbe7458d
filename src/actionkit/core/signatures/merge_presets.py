"""Export presets as the merge uses them: to read an export made with one, and to write
the merged signers through one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from actionkit.core.errors import ActionKitError

if TYPE_CHECKING:
    from actionkit.core.signatures.export import Preset

CellsReader = Callable[[Sequence[str]], tuple[str, ...]]
# Fields a merge keeps from a file (the rest, like event names, is not carried over).
READ_FIELDS = frozenset(
    (
        "first_name",
        "last_name",
        "email",
        "city",
        "postal_code",
        "country",
        "consent",
        "flagged",
        "event",
        "sheet",
        "row",
    )
)


@lru_cache(maxsize=8)
def presets_in(config_dir: Path | None) -> Mapping[str, Preset]:
    from actionkit.core.signatures.export import load_presets

    return load_presets(config_dir)


def preset_headers(preset: Preset) -> list[str]:
    return [header for header, _ in preset.columns]


def preset_consented_only(preset: Preset) -> bool:
    return bool(getattr(preset, "consented_only", False))


def render(preset: Preset, values: Mapping[str, str]) -> list[str]:
    return [values.get(field, "") for _, field in preset.columns]


def _match(header: Sequence[str], presets: Mapping[str, Preset]) -> Preset | None:
    given = [h.strip().casefold() for h in header]
    while given and not given[-1]:
        given.pop()
    for preset in presets.values():
        own = [h.casefold() for h in preset_headers(preset)]
        bare = [h.casefold() for h, f in preset.columns if f != "flagged"]
        if given in (own, bare, [*bare, "flagged"]):
            return preset
    return None


def preset_reader(
    header: Sequence[str],
    preset_name: str,
    about: Iterable[Sequence[str]],
    config_dir: Path | None,
) -> CellsReader | None:
    """How to read rows under `header` through the preset the file was made with (the
    one its About sheet names, else the one whose columns it has); None when no preset
    explains it."""
    presets = presets_in(config_dir)
    preset = presets.get(preset_name) if preset_name else None
    if preset is None or _match(header, {preset.name: preset}) is None:
        preset = _match(header, presets)
    if preset is None:
        return None
    fields = {f for _, f in preset.columns}
    if "email" not in fields or not {"first_name", "last_name"} & fields:
        raise ActionKitError(
            f"was made with the preset {preset.name!r}, which has no email or no name column",
            key="merge.preset_no_columns",
            preset=preset.name,
        )
    from actionkit.core.signatures.merge_read import READ_ORDER, index_reader

    index = {h.strip().casefold(): i for i, h in reversed(list(enumerate(header)))}
    column: dict[str, int] = {}
    for h, f in preset.columns:
        if f in READ_FIELDS and h.strip().casefold() in index:
            column.setdefault(f, index[h.strip().casefold()])
    if "flagged" not in column and "flagged" in index:
        column["flagged"] = index["flagged"]
    return index_reader([column.get(f, -1) for f in READ_ORDER])
