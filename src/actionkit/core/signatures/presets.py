"""Export presets: the column layouts and value forms a signer export is written in.

A preset is data (assets/data/export_presets.json, and export_presets.json in the
user's config folder, same form): each column names its header, the ActionKit
field it holds, and the value transforms a receiving system asks for, declared,
never coded per CRM:

    {"header": "email_opt_in", "field": "consent", "map": {"yes": "Y", "no": "N"}}
    {"header": "country", "field": "country", "country": "iso2"}
    {"header": "first_name", "field": "first_name", "max_length": 64, "too_long": "refuse"}
    {"header": "First Name", "field": "first_name", "max_bytes": 255, "too_long": "cut"}
    {"header": "date", "field": "event_date", "date": "%m/%d/%Y"}
    {"header": "source", "constant": "street table"}

Format 1 files (columns as [header, field] pairs) still load. Each column becomes
one small function (preset_values.py), built once per export, so a 100,000-row
export spends no Python on columns that are written as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from actionkit.core.assets import asset_path
from actionkit.core.errors import ActionKitError, Message
from actionkit.core.signatures.marks import MARKS
from actionkit.core.signatures.preset_values import (
    COUNTRY_FORMS,
    TOO_LONG_RULES,
    Cell,
    Column,
    ValueRefused,
    iso2,
)
from actionkit.core.signatures.validation import SIGNER_FIELDS

__all__ = [
    "FIELDS",
    "LEFT_OUT_FLAGGED",
    "LEFT_OUT_MISSING",
    "LEFT_OUT_UNCONSENTED",
    "Column",
    "Preset",
    "PresetError",
    "ValueRefused",
    "iso2",
    "load_presets",
    "match_preset",
    "preset_for",
    "preset_from_about",
]

PRESETS_FILE = "export_presets.json"
FORMATS = (1, 2)
FORMULA_RULES = ("guard", "flag", "refuse")

# Every field an export can write.
FIELDS = frozenset(
    [
        *SIGNER_FIELDS,
        "flags",
        "flagged",
        "duplicate_of",
        "event",
        "event_name",
        "event_date",
        "event_city",
        "sheet",
        "row",
        "entered_at",
        "entered_by",
    ]
)
# Every export says what was flagged on each row, in words (a row saved despite a
# warning, marked illegible or declined): presets without the column get it last,
# unless the preset says the receiving system must not get it ("flagged_column": false).
FLAGGED_FIELD = "flagged"

# Why `Preset.leaves_out` leaves a row out (each counted apart by an export).
LEFT_OUT_FLAGGED = "flagged"  # marked with a flag the preset names (illegible, declined)
LEFT_OUT_UNCONSENTED = "unconsented"  # no consent, and the receiving system takes only opt-ins
LEFT_OUT_MISSING = "missing"  # a field the receiving system requires is empty (no email)


class PresetError(ActionKitError):
    """An export preset file that cannot be used."""


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    columns: tuple[Column, ...]
    # The receiving system takes only people who opted in: exports and merges made
    # with this preset always leave the others out, and say how many.
    consented_only: bool = False
    # What a CSV does with a value a spreadsheet would run as a formula: "guard"
    # (apostrophe before = + - @, for spreadsheets), "flag" or "refuse" (for CRMs:
    # the raw value is kept; it is flagged, or the export is refused naming the row).
    formulas: str = "guard"
    source: str = ""  # where the format comes from (a documentation page, and when read)
    description: str = ""
    # Rows with any of these flags are left out, and counted (a row marked illegible
    # or declined has no person a CRM could take, and the CRM file has no column
    # to say why the row is empty).
    leave_out_flags: tuple[str, ...] = ()
    # Fields every row must have: the receiving system skips or refuses a row without
    # them (Action Network and Mailchimp key people by email; NationBuilder needs a
    # unique identifier, and email is the only one these layouts carry). Such rows are
    # left out, and counted.
    requires: tuple[str, ...] = ()
    _cells: tuple[Cell | None, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cells", tuple(c.cell() for c in self.columns))

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def fields(self) -> tuple[str, ...]:
        """Each column's field ("" for a constant column), in column order."""
        return tuple(c.field for c in self.columns)

    @property
    def plain(self) -> bool:
        return all(cell is None for cell in self._cells)

    def leaves_out(self, values: Mapping[str, str], consented_only: bool = False) -> str | None:
        """Why a row (field values as ActionKit holds them: consent "yes"/"no", flags
        as comma-separated codes) stays out of a file made with this preset: one of
        LEFT_OUT_FLAGGED, LEFT_OUT_UNCONSENTED (the preset, or `consented_only`, takes
        only people who opted in), LEFT_OUT_MISSING (a required field is empty); None
        when it goes in. The reasons are checked in that order, as an export counts them."""
        if self.leave_out_flags:
            flags = {f.strip() for f in str(values.get("flags", "")).split(",")}
            if flags.intersection(self.leave_out_flags):
                return LEFT_OUT_FLAGGED
        if (self.consented_only or consented_only) and values.get("consent") != "yes":
            return LEFT_OUT_UNCONSENTED
        if any(not str(values.get(name, "")).strip() for name in self.requires):
            return LEFT_OUT_MISSING
        return None

    def render(self, values: Mapping[str, str]) -> list[str]:
        """A signer's field values as ActionKit holds them -> the row's cells."""
        out: list[str] = []
        for column, cell in zip(self.columns, self._cells, strict=True):
            value = str(values.get(column.field, "")) if column.field else ""
            out.append(cell(value) if cell else value)
        return out

    def row_function(
        self, notes: list[Message] | None = None
    ) -> Callable[[Sequence[Any]], tuple[Any, ...]] | None:
        """For rows holding each column's field value in column order (what the
        export's SQL selects): the function giving the cells, or None when the
        rows are already the cells. Notes (values cut, countries left as typed)
        go to `notes`, each prefixed by nothing: the caller knows the row."""
        cells = tuple(c.cell(notes) for c in self.columns)
        if all(cell is None for cell in cells):
            return None
        work = tuple((i, cell) for i, cell in enumerate(cells) if cell is not None)

        def render(row: Sequence[Any]) -> tuple[Any, ...]:
            values = list(row)
            for i, cell in work:
                value = values[i]
                values[i] = cell("" if value is None else str(value))
            return tuple(values)

        return render

    def read(self, cells: Mapping[str, str]) -> dict[str, str]:
        """A row of a file made with this preset (header -> cell) back to fields,
        transforms reversed where they can be (Y/N back to yes/no, dates to ISO).
        A field held by two columns takes the first one that is not empty."""
        headers = list(cells)
        return self.row_reader(headers)([cells[h] for h in headers])

    def row_reader(self, headers: Sequence[str]) -> Callable[[Sequence[Any]], dict[str, str]]:
        """`read` for many rows of one file: the headers are looked up once (spaces, a
        byte order mark and case aside), then each row (cells in the file's order) is
        read back to fields. Columns the file lacks are left out of the result."""
        where = {header_key(h): i for i, h in reversed(list(enumerate(headers)))}
        plan: list[tuple[int, str, Cell | None]] = []
        for column in self.columns:
            if column.constant is not None or not column.field:
                continue
            index = where.get(header_key(column.header))
            if index is not None:
                plan.append((index, column.field, column.uncell()))

        def read(row: Sequence[Any]) -> dict[str, str]:
            out: dict[str, str] = {}
            for index, field_name, back in plan:
                cell = row[index] if index < len(row) else None
                text = "" if cell is None else str(cell)
                value = back(text) if back and text else text
                if not out.get(field_name):
                    out[field_name] = value
            return out

        return read

    def spec(self) -> dict[str, Any]:
        """The preset in the preset file's form (format 2)."""
        return {
            "label": self.label,
            "description": self.description,
            "source": self.source,
            "consented_only": self.consented_only,
            "formulas": self.formulas,
            "flagged_column": False,  # the columns below are all there is
            "leave_out_flags": list(self.leave_out_flags),
            "requires": list(self.requires),
            "columns": [c.spec() for c in self.columns],
        }


def _column(item: object, fields: frozenset[str]) -> Column:
    if isinstance(item, list | tuple):
        header, field_name = item
        return Column(str(header), str(field_name))
    if not isinstance(item, dict):
        raise ValueError(f"a column must be [header, field] or an object, not {item!r}")
    known = {
        "header",
        "field",
        "map",
        "max_length",
        "max_bytes",
        "too_long",
        "country",
        "date",
        "constant",
    }
    unknown_keys = sorted(set(item) - known)
    if unknown_keys:
        raise ValueError(f"column {item.get('header')!r}: unknown key(s) {', '.join(unknown_keys)}")
    header = str(item["header"])
    constant = item.get("constant")
    field_name = "" if constant is not None else str(item["field"])
    if field_name and field_name not in fields:
        raise ValueError(f"column {header!r} uses unknown field {field_name!r}")
    mapping = item.get("map", {})
    if not isinstance(mapping, dict):
        raise ValueError(f"column {header!r}: map must be an object")
    max_length = item.get("max_length")
    max_bytes = item.get("max_bytes")
    for key, limit in (("max_length", max_length), ("max_bytes", max_bytes)):
        if limit is not None and (
            not isinstance(limit, int) or isinstance(limit, bool) or limit < 1
        ):
            raise ValueError(f"column {header!r}: {key} must be a whole number above 0")
    too_long = str(item.get("too_long", "refuse"))
    if too_long not in TOO_LONG_RULES:
        raise ValueError(f"column {header!r}: too_long must be one of {', '.join(TOO_LONG_RULES)}")
    country = str(item.get("country", ""))
    if country and country not in COUNTRY_FORMS:
        raise ValueError(f"column {header!r}: country must be one of {', '.join(COUNTRY_FORMS)}")
    form = str(item.get("date", ""))
    if form:
        datetime(2026, 12, 31, 23, 59).strftime(form)  # a bad form fails here, not mid-export
    return Column(
        header,
        field_name,
        map=tuple((str(k), str(v)) for k, v in mapping.items()),
        max_length=max_length,
        max_bytes=max_bytes,
        too_long=too_long,
        country=country,
        date=form,
        constant=None if constant is None else str(constant),
    )


def preset_from_spec(name: str, spec: Mapping[str, Any]) -> Preset:
    """One preset from its entry in a preset file (either format)."""
    columns = [_column(item, FIELDS) for item in spec["columns"]]
    if not columns:
        raise ValueError(f"preset {name!r} has no columns")
    unknown = [c.field for c in columns if c.field and c.field not in FIELDS]
    if unknown:
        raise ValueError(f"preset {name!r} uses unknown field(s) {', '.join(unknown)}")
    if spec.get("flagged_column", True) and not any(c.field == FLAGGED_FIELD for c in columns):
        columns.append(Column(FLAGGED_FIELD, FLAGGED_FIELD))
    formulas = str(spec.get("formulas", "guard"))
    if formulas not in FORMULA_RULES:
        raise ValueError(f"preset {name!r}: formulas must be one of {', '.join(FORMULA_RULES)}")
    consented_only = spec.get("consented_only", False)
    if not isinstance(consented_only, bool):
        raise ValueError(f"preset {name!r}: consented_only must be true or false")
    leave_out = tuple(str(flag) for flag in spec.get("leave_out_flags", ()))
    odd = [flag for flag in leave_out if flag not in MARKS]
    if odd:
        raise ValueError(
            f"preset {name!r}: leave_out_flags takes {', '.join(MARKS)}, not {', '.join(odd)}"
        )
    requires = tuple(str(name) for name in spec.get("requires", ()))
    odd = [name for name in requires if name not in SIGNER_FIELDS]
    if odd:
        raise ValueError(
            f"preset {name!r}: requires takes signer fields ({', '.join(SIGNER_FIELDS)}),"
            f" not {', '.join(odd)}"
        )
    return Preset(
        name,
        str(spec.get("label", name)),
        tuple(columns),
        consented_only=consented_only,
        formulas=formulas,
        source=str(spec.get("source", "")),
        description=str(spec.get("description", "")),
        leave_out_flags=leave_out,
        requires=requires,
    )


def read_presets_file(source: Path) -> dict[str, Preset]:
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        version = data.get("format", 1)
        if version not in FORMATS:
            raise ValueError(f"format {version!r} is not one ActionKit reads (1 or 2)")
        return {
            str(name): preset_from_spec(str(name), spec) for name, spec in data["presets"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PresetError(
            f"{source.name}: cannot read the export presets ({exc}).",
            key="export.presets",
            file=source.name,
            reason=str(exc),
        ) from exc


def load_presets(config_dir: Path | None = None) -> dict[str, Preset]:
    """Bundled presets, plus any the user (or the centre) added in the config folder
    (a preset of the same name there replaces the bundled one)."""
    presets = read_presets_file(asset_path("data", PRESETS_FILE))
    if config_dir is not None and (config_dir / PRESETS_FILE).is_file():
        presets.update(read_presets_file(config_dir / PRESETS_FILE))
    return presets


def header_key(header: str) -> str:
    """A column header as headers are matched: spaces, a byte order mark and case aside."""
    return header.strip().lstrip("\ufeff").casefold()


def match_preset(headers: Sequence[str], presets: Mapping[str, Preset]) -> Preset | None:
    """The preset a file with these headers was made with: the same headers in the
    same order (spaces around them, a byte order mark and case aside), the flagged
    column allowed last or not at all. The first such preset, or None."""
    given = [header_key(h) for h in headers]
    while given and not given[-1]:
        given.pop()
    for preset in presets.values():
        own = [header_key(h) for h in preset.headers]
        bare = [header_key(c.header) for c in preset.columns if c.field != FLAGGED_FIELD]
        if given in (own, bare, [*bare, FLAGGED_FIELD]):
            return preset
    return None


def preset_for(
    headers: Sequence[str],
    presets: Mapping[str, Preset],
    about: Iterable[Sequence[Any]] | None = None,
) -> Preset | None:
    """The preset to read a file with: the one its About sheet carries (an xlsx
    export made with any preset, even one the reader does not have), else the
    known preset whose headers the file has (a CSV export), else None."""
    if about is not None:
        carried = preset_from_about(about)
        if carried is not None:
            return carried
    return match_preset(headers, presets)


# The About sheet of an xlsx export carries its preset, so a file made with a preset
# the centre does not have can still be read: "preset" (its name), one "column" row
# per column (header=field, for people), and "preset_spec" (the preset as JSON).
ABOUT_SPEC = "preset_spec"


def about_rows(preset: Preset) -> list[list[str]]:
    rows = [["preset", preset.name]]
    for column in preset.columns:
        value = f"={column.constant}" if column.constant is not None else column.field
        rows.append(["column", f"{column.header}={value}"])
    rows.append([ABOUT_SPEC, json.dumps(preset.spec(), ensure_ascii=False)])
    return rows


def preset_from_about(about: Iterable[Sequence[Any]]) -> Preset | None:
    """The preset an export was made with, from its About sheet's (key, value) rows;
    None for an export that does not carry one (made before presets were recorded)."""
    name = ""
    spec = ""
    for row in about:
        if len(row) < 2:
            continue
        key, value = str(row[0] or ""), str(row[1] or "")
        if key == "preset" and not name:
            name = value
        elif key == ABOUT_SPEC:
            spec = value
    if not spec:
        return None
    try:
        return preset_from_spec(name or "unnamed", json.loads(spec))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PresetError(
            "The export's About sheet describes its columns in a form ActionKit"
            f" cannot read ({exc}).",
            key="export.about_preset",
            reason=str(exc),
        ) from exc
