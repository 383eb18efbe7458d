"""Export presets as the merge uses them: to read an export made with one (its
transforms reversed), and to write the merged signers through one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.presets import (
    Preset,
    header_key,
    load_presets,
    match_preset,
    preset_from_about,
)

CellsReader = Callable[[Sequence[str]], tuple[str, ...]]


@lru_cache(maxsize=8)
def presets_in(config_dir: Path | None) -> Mapping[str, Preset]:
    """The bundled presets and the user's own (read once per merge process)."""
    return load_presets(config_dir)


def preset_reader(
    header: Sequence[str],
    preset_name: str,
    about: Iterable[Sequence[str]],
    config_dir: Path | None,
) -> CellsReader | None:
    """How to read rows under `header` through the preset the file was made with: the
    one its About sheet carries (so a preset the centre does not have is read too),
    else the one of that name, else the one whose columns the file has. None when no
    preset explains the file."""
    from actionkit.core.signatures.merge_read import READ_ORDER

    presets = presets_in(config_dir)
    candidates = [preset_from_about(about)] if about else []
    if preset_name in presets:
        candidates.append(presets[preset_name])
    preset = next(
        (p for p in candidates if p is not None and match_preset(header, {p.name: p})), None
    )
    if preset is None:
        preset = match_preset(header, presets)
    if preset is None:
        return None
    fields = set(preset.fields)
    if "email" not in fields or not {"first_name", "last_name"} & fields:
        raise ActionKitError(
            f"was made with the preset {preset.name!r}, which has no email or no name column",
            key="merge.preset_no_columns",
            preset=preset.name,
        )
    reader = _reader(preset, header)
    if preset.consented_only and "consent" not in fields:
        # A file for a CRM that takes only opted-in people holds nobody else.
        consent = READ_ORDER.index("consent")
        plain = reader

        def reader(cells: Sequence[str]) -> tuple[str, ...]:
            values = plain(cells)
            return (*values[:consent], "yes", *values[consent + 1 :])

    return reader


def _reader(preset: Preset, header: Sequence[str]) -> CellsReader:
    from actionkit.core.signatures.merge_read import READ_ORDER, index_reader

    fields = set(preset.fields)
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        index.setdefault(header_key(h), i)
    wanted = frozenset(READ_ORDER)
    columns = [c for c in preset.columns if c.field in wanted and header_key(c.header) in index]
    extra_flagged = "flagged" not in fields and "flagged" in index
    if preset.plain:
        at: dict[str, int] = {}
        for c in columns:
            at.setdefault(c.field, index[header_key(c.header)])
        if extra_flagged:
            at["flagged"] = index["flagged"]
        return index_reader([at.get(f, -1) for f in READ_ORDER])
    # Values in the preset's own forms (Y/N, dates, codes): its reader takes them back,
    # with the file's headers looked up once.
    back = preset.row_reader(header)
    flagged_at = index["flagged"] if extra_flagged else -1

    def read(cells: Sequence[str]) -> tuple[str, ...]:
        size = len(cells)
        values = back(cells)
        if flagged_at >= 0 and flagged_at < size:
            values.setdefault("flagged", cells[flagged_at])
        return tuple(values.get(f, "") for f in READ_ORDER)

    return read
