"""Value forms of export preset columns: how one field's value becomes its cell.

Each column of a preset names its header and field, and the transforms the
receiving system asks for (declared in the preset file, never coded per CRM): a
map of values (consent as Y/N), an ISO country code from a name as people type
it, a date form, a length limit in characters or UTF-8 bytes (refused or cut),
or a constant. `Column.cell` turns them into one small function, built once per
export; `Column.uncell` reverses what can be reversed, for reading files back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from actionkit.core.errors import ActionKitError, Message
from actionkit.core.signatures.validation import country_code

TOO_LONG_RULES = ("refuse", "cut")
COUNTRY_FORMS = ("iso2",)

Cell = Callable[[str], str]


class ValueRefused(ActionKitError):
    """A value the receiving system would refuse (too long for its field)."""


@dataclass(frozen=True)
class Column:
    header: str
    field: str = ""  # "" for a constant column
    map: tuple[tuple[str, str], ...] = ()  # value -> cell; other values as they are
    max_length: int | None = None  # in characters
    max_bytes: int | None = None  # in UTF-8 bytes (a Persian letter takes two)
    too_long: str = "refuse"  # or "cut" (the cut is noted)
    country: str = ""  # "iso2": ISO 3166-1 alpha-2 from a name typed in any language
    date: str = ""  # strftime form for a date field (ActionKit holds ISO dates)
    constant: str | None = None

    @property
    def plain(self) -> bool:
        """True when the column writes its field's value as ActionKit holds it."""
        return (
            not self.map
            and self.max_length is None
            and self.max_bytes is None
            and not self.country
            and not self.date
            and self.constant is None
        )

    def spec(self) -> dict[str, Any]:
        """The column in the preset file's form (what an export's About sheet carries)."""
        out: dict[str, Any] = {"header": self.header}
        if self.constant is not None:
            out["constant"] = self.constant
        else:
            out["field"] = self.field
        if self.map:
            out["map"] = dict(self.map)
        if self.country:
            out["country"] = self.country
        if self.date:
            out["date"] = self.date
        if self.max_length is not None:
            out["max_length"] = self.max_length
        if self.max_bytes is not None:
            out["max_bytes"] = self.max_bytes
        if self.max_length is not None or self.max_bytes is not None:
            out["too_long"] = self.too_long
        return out

    def cell(self, notes: list[Message] | None = None) -> Cell | None:
        """The function turning this column's value into its cell; None when the
        value is written as it is. Cut values and countries left as typed are
        appended to `notes` when given."""
        if self.plain:
            return None
        steps: list[Cell] = []
        if self.constant is not None:
            constant = self.constant
            return lambda _value: constant
        if self.map:
            mapping = dict(self.map)
            steps.append(lambda value: mapping.get(value, value))
        if self.country:
            steps.append(_country_step(self.header, notes))
        if self.date:
            steps.append(_date_step(self.header, self.date, notes))
        if self.max_length is not None:
            steps.append(_length_step(self.header, self.max_length, self.too_long, notes))
        if self.max_bytes is not None:
            steps.append(_bytes_step(self.header, self.max_bytes, self.too_long, notes))
        if len(steps) == 1:
            return steps[0]

        def chained(value: str) -> str:
            for step in steps:
                value = step(value)
            return value

        return chained

    def uncell(self) -> Cell | None:
        """The reverse of `cell` where it can be reversed (a mapped value back, a date
        back to ISO); None when the cell is the value. Countries stay as codes."""
        steps: list[Cell] = []
        if self.date:
            form = self.date

            def iso(value: str) -> str:
                try:
                    parsed = datetime.strptime(value, form)
                except ValueError:
                    return value
                has_time = any(f"%{c}" in form for c in "HIMSp")
                return parsed.isoformat() if has_time else parsed.date().isoformat()

            steps.append(iso)
        if self.map:
            back: dict[str, str] = {}
            for value, cell in self.map:
                back.setdefault(cell, value)
            steps.append(lambda value: back.get(value, value))
        if not steps:
            return None
        if len(steps) == 1:
            return steps[0]
        return lambda value: steps[1](steps[0](value))


def iso2(typed: str) -> str | None:
    """ISO 3166-1 alpha-2 for a country as typed (a code, or a name in one of the
    languages of the street); None when no code is known. The same table typing
    checks a country against (validation.country_code)."""
    return country_code(typed)


def _country_step(header: str, notes: list[Message] | None) -> Cell:
    def step(value: str) -> str:
        if not value:
            return value
        code = iso2(value)
        if code is None:
            if notes is not None:
                notes.append(
                    Message(
                        f"{header}: country {value!r} left as typed (no ISO code known)",
                        key="export.note_country",
                        header=header,
                        value=value,
                    )
                )
            return value
        return code

    return step


def _date_step(header: str, form: str, notes: list[Message] | None) -> Cell:
    def step(value: str) -> str:
        if not value:
            return value
        try:
            parsed: date = datetime.fromisoformat(value)
        except ValueError:
            if notes is not None:
                notes.append(
                    Message(
                        f"{header}: {value!r} is not a date, left as it is",
                        key="export.note_date",
                        header=header,
                        value=value,
                    )
                )
            return value
        return parsed.strftime(form)

    return step


# What joins the character before it into one letter: a cut just before one of these
# would leave half a letter (a vowel sign without its letter, an accent dropped from a
# decomposed é, a joined emoji split).
_JOINING = frozenset({"\u200d", "\ufe0e", "\ufe0f"})


def _cut_between_letters(value: str, limit: int) -> str:
    """The longest start of `value` of at most `limit` characters that ends between
    two letters, never between a letter and a mark that belongs to it."""
    end = limit
    while end > 0 and (
        unicodedata.combining(value[end])
        or unicodedata.category(value[end]) in ("Mn", "Mc", "Me")
        or value[end] in _JOINING
        or value[end - 1] == "\u200d"
    ):
        end -= 1
    return value[:end]


def _bytes_step(header: str, limit: int, rule: str, notes: list[Message] | None) -> Cell:
    return _limit_step(header, limit, rule, notes, "bytes")


def _length_step(header: str, limit: int, rule: str, notes: list[Message] | None) -> Cell:
    return _limit_step(header, limit, rule, notes, "chars")


def _limit_step(header: str, limit: int, rule: str, notes: list[Message] | None, unit: str) -> Cell:
    """A column's length limit in characters ("chars") or UTF-8 bytes ("bytes"): a
    longer value is cut between two letters (and said in `notes`) or refused."""
    words = "characters" if unit == "chars" else "bytes"

    def size(value: str) -> int:
        return len(value) if unit == "chars" else len(value.encode("utf-8"))

    def step(value: str) -> str:
        length = size(value)
        if length <= limit:
            return value
        if rule != "cut":
            raise ValueRefused(
                f"{header} is {length} {words} long; the receiving system takes at most {limit}.",
                key=f"export.too_long_{unit}",
                header=header,
                length=length,
                limit=limit,
            )
        if notes is not None:
            notes.append(
                Message(
                    f"{header}: cut to {limit} {words}",
                    key=f"export.note_cut_{unit}",
                    header=header,
                    limit=limit,
                )
            )
        # The most whole characters that fit, then back to a boundary between letters.
        fits = len(value.encode("utf-8")[:limit].decode("utf-8", "ignore"))
        return _cut_between_letters(value, fits if unit == "bytes" else limit)

    return step
