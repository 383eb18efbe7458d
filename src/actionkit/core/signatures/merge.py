"""Merging many organizers' exports at the centre, with de-duplication and a report.

Each file is checked (an ActionKit export of a known schema version) and read
with openpyxl in read-only mode; openpyxl parses through defusedxml when it is
installed, as it is here, so hostile XML cannot expand or fetch anything. A
file that cannot be read is reported and skipped; the others still merge.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.export import SCHEMA, SCHEMA_VERSION, _atomic, _text_cell, unprotect
from actionkit.core.signatures.store import now
from actionkit.core.text.normalize import compact, fold

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_FILE = 1_000_000
PROVENANCE = ("source_file", "event", "sheet", "row")
OUTPUT_FIELDS = ("first_name", "last_name", "email", "city", "postal_code", "country", "consent")
# Headers of our presets mapped to the merged layout.
ALIASES = {
    "zip_code": "postal_code",
    "source_event": "event",
    "source_sheet": "sheet",
    "source_row": "row",
}


@dataclass
class Signer:
    values: dict[str, str]
    provenance: tuple[str, str, str, str]
    also: list[tuple[str, str, str, str]] = field(default_factory=list)

    def keys(self) -> tuple[str, str]:
        email = self.values.get("email", "").strip().casefold()
        name = compact(
            fold(f"{self.values.get('first_name', '')} {self.values.get('last_name', '')}")
        )
        city = compact(fold(self.values.get("city", "")))
        return email, (f"{name}|{city}" if name and city else "")


@dataclass
class MergeReport:
    files_read: list[tuple[str, int]] = field(default_factory=list)
    files_failed: list[tuple[str, str]] = field(default_factory=list)
    rows_in: int = 0
    rows_out: int = 0
    merged: list[tuple[Signer, str]] = field(default_factory=list)  # (dropped, reason)

    def lines(self) -> list[str]:
        out = [
            f"{self.rows_in} rows read from {len(self.files_read)} file(s); "
            f"{self.rows_out} signers after merging {len(self.merged)} duplicate row(s)."
        ]
        out += [f"  skipped {name}: {reason}" for name, reason in self.files_failed]
        return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_export(path: Path, password: str | None = None) -> list[Signer]:
    """The signers in one export; ActionKitError with a clear reason if it is not one."""
    from openpyxl import load_workbook

    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ActionKitError(f"larger than {MAX_FILE_BYTES // 2**20} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise ActionKitError(f"cannot be read ({exc.strerror or exc})") from exc
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an encrypted Office file
        if not password:
            raise ActionKitError("is password-protected; give the password")
        raw = unprotect(path, password)
    if not zipfile.is_zipfile(BytesIO(raw)):
        raise ActionKitError("is not an .xlsx file")
    try:
        book = load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for broken files
        raise ActionKitError(f"is a damaged spreadsheet ({exc.__class__.__name__})") from exc
    try:
        if "About" not in book.sheetnames or "Signers" not in book.sheetnames:
            raise ActionKitError("is not an ActionKit export (no About or Signers sheet)")
        about = {
            _cell(r[0]): _cell(r[1])
            for r in book["About"].iter_rows(values_only=True)
            if r and len(r) >= 2
        }
        if about.get("schema") != SCHEMA:
            raise ActionKitError("is not an ActionKit signer export")
        version = about.get("schema_version", "")
        if not version.isdigit() or int(version) > SCHEMA_VERSION:
            raise ActionKitError(
                f"has export version {version!r}; this ActionKit reads up to {SCHEMA_VERSION}"
            )
        rows = book["Signers"].iter_rows(values_only=True)
        header = [ALIASES.get(_cell(h), _cell(h)) for h in next(rows, ())]
        if "email" not in header or not {"first_name", "last_name"} & set(header):
            raise ActionKitError("has no email or name columns")
        signers = []
        for count, row in enumerate(rows, 1):
            if count > MAX_ROWS_PER_FILE:
                raise ActionKitError(f"has more than {MAX_ROWS_PER_FILE:,} rows")
            values = {h: _cell(v) for h, v in zip(header, row, strict=False) if h}
            if not any(values.get(f) for f in OUTPUT_FIELDS):
                continue
            provenance = (
                name,
                values.get("event", ""),
                values.get("sheet", ""),
                values.get("row", ""),
            )
            signers.append(Signer(values, provenance))
        return signers
    finally:
        book.close()


def merge_exports(
    paths: list[Path],
    target: Path,
    *,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MergeReport:
    """Merge exports into one workbook: Signers (de-duplicated), Merged, Report, About."""
    from openpyxl import Workbook

    report = MergeReport()
    kept: list[Signer] = []
    by_key: dict[str, Signer] = {}
    for number, path in enumerate(paths, 1):
        try:
            signers = read_export(Path(path), password)
        except ActionKitError as exc:
            report.files_failed.append((Path(path).name, str(exc)))
            continue
        report.files_read.append((Path(path).name, len(signers)))
        report.rows_in += len(signers)
        for signer in signers:
            email, name_city = signer.keys()
            match = (by_key.get("e:" + email) if email else None) or (
                by_key.get("n:" + name_city) if name_city else None
            )
            if match is not None:
                match.also.append(signer.provenance)
                reason = (
                    "same email"
                    if email and by_key.get("e:" + email) is match
                    else "same name and city"
                )
                report.merged.append((signer, reason))
                for key in (f"e:{email}" if email else "", f"n:{name_city}" if name_city else ""):
                    if key:
                        by_key.setdefault(key, match)
                continue
            kept.append(signer)
            if email:
                by_key["e:" + email] = signer
            if name_city:
                by_key["n:" + name_city] = signer
        if progress:
            progress(number, len(paths))
    if not report.files_read:
        raise ActionKitError(
            "No file could be merged: " + "; ".join(f"{n} {r}" for n, r in report.files_failed)
        )
    report.rows_out = len(kept)

    book = Workbook(write_only=True)
    out = book.create_sheet("Signers")
    out.append([*OUTPUT_FIELDS, *PROVENANCE, "also_in"])
    for signer in kept:
        also = "; ".join(" ".join(p for p in prov if p) for prov in signer.also)
        out.append(
            [
                _text_cell(out, v)
                for v in (
                    *(signer.values.get(f, "") for f in OUTPUT_FIELDS),
                    *signer.provenance,
                    also,
                )
            ]
        )
    merged = book.create_sheet("Merged")
    merged.append(["reason", *OUTPUT_FIELDS, *PROVENANCE])
    for signer, reason in report.merged:
        merged.append(
            [
                _text_cell(merged, v)
                for v in (
                    reason,
                    *(signer.values.get(f, "") for f in OUTPUT_FIELDS),
                    *signer.provenance,
                )
            ]
        )
    sheet = book.create_sheet("Report")
    sheet.append(["file", "rows", "result"])
    for name, rows in report.files_read:
        sheet.append([_text_cell(sheet, name), rows, "merged"])
    for name, reason in report.files_failed:
        sheet.append([_text_cell(sheet, name), 0, _text_cell(sheet, f"skipped: {reason}")])
    about = book.create_sheet("About")
    for line in (
        ["key", "value"],
        ["schema", SCHEMA],
        ["schema_version", str(SCHEMA_VERSION)],
        ["kind", "merge"],
        ["merged_at", now()],
        ["rows", str(report.rows_out)],
    ):
        about.append(line)
    _atomic(Path(target), lambda p: book.save(p))
    return report
