"""Reading a CSV of typed-in rows, whatever Excel saved it as."""

from __future__ import annotations

from pathlib import Path

from actionkit.core.errors import ActionKitError

MAX_CSV_BYTES = 20 * 1024 * 1024  # about 200,000 rows: far more than any street table


def read_csv_text(path: Path, encoding: str | None = None) -> str:
    """CSV text: UTF-8 (with or without BOM), UTF-16 with its BOM, or a named encoding
    (Excel on a Persian or Arabic Windows saves Windows-1256). Refuses clearly otherwise."""
    if path.stat().st_size > MAX_CSV_BYTES:
        raise ActionKitError(
            f"{path.name} is larger than the {MAX_CSV_BYTES // 2**20} MB limit for a CSV import."
        )
    raw = path.read_bytes()
    if encoding:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ActionKitError(f"{path.name} is not readable as {encoding} ({exc}).") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ActionKitError(f"{path.name} starts like UTF-16 but is not ({exc}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActionKitError(
            f"{path.name} is not UTF-8 text. If it came from Excel on a Persian or Arabic Windows, "
            "try --encoding cp1256 (or save it as 'CSV UTF-8')."
        ) from None
    if "\x00" in text:
        raise ActionKitError(f"{path.name} holds binary data, not CSV text.")
    return text
