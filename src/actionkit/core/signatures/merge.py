"""Merging many organizers' exports at the centre, with de-duplication and a report.

Each file is checked (an ActionKit export of a known schema version) and read
with our own strict streaming reader (xlsx_read), which refuses zip bombs and
never expands XML entities or fetches anything. A file that cannot be read is
reported and skipped; the others still merge.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from actionkit.core.errors import ActionKitError, Message
from actionkit.core.signatures.export import SCHEMA, SCHEMA_VERSION, decrypt_with_password
from actionkit.core.signatures.sealing import SealError, is_sealed, unseal
from actionkit.core.signatures.store import now
from actionkit.core.signatures.validation import SIGNER_FIELDS, email_problem, match_keys
from actionkit.core.signatures.xlsx_read import XlsxReader, check_office_encryption
from actionkit.core.signatures.xlsx_write import XlsxWriter
from actionkit.core.storage import atomic_write, check_target

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_FILE = 1_000_000
PROVENANCE = ("source_file", "event", "sheet", "row")
OUTPUT_FIELDS = SIGNER_FIELDS
# What was flagged on a row, in words: as its export said, plus what the merge's own
# check of the email address finds (an export from an older ActionKit may hold one
# that is not valid: it is kept, and said).
FLAGGED = "flagged"
MERGED_FIELDS = (*OUTPUT_FIELDS, FLAGGED)
KEPT_FIELDS = frozenset((*MERGED_FIELDS, "event", "sheet", "row"))
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
    email_key: str = ""
    name_key: str = ""  # folded name and city, only when both are there
    email_invalid: bool = False

    def set_keys(self) -> None:
        get = self.values.get
        name, email, city = match_keys(
            get("first_name", ""), get("last_name", ""), get("email", ""), get("city", "")
        )
        self.email_key = email
        self.name_key = f"{name}|{city}" if name and city else ""

    def check_email(self) -> None:
        """The same email check as typing: an address that fails it (an export from
        an older ActionKit may hold one) is kept, and said in the flagged column."""
        address = self.values.get("email", "")
        problem = email_problem(address) if address else None
        if problem is None:
            return
        self.email_invalid = True
        note = f"email address not valid: {problem.message}"
        flagged = self.values.get(FLAGGED, "")
        if note not in flagged:  # a merged file merged again says it once
            self.values[FLAGGED] = f"{flagged}; {note}" if flagged else note


@dataclass
class MergeReport:
    files_read: list[tuple[str, int]] = field(default_factory=list)
    files_failed: list[tuple[str, str]] = field(default_factory=list)
    rows_in: int = 0
    rows_out: int = 0
    invalid_emails: int = 0  # rows kept with an email address that is not valid
    # (dropped row, reason, provenance of the row it was merged into)
    merged: list[tuple[Signer, str, tuple[str, str, str, str]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"{self.rows_in} rows read from {len(self.files_read)} file(s); "
            f"{self.rows_out} signers after merging {len(self.merged)} duplicate row(s)."
        ]
        if self.invalid_emails:
            out.append(
                f"  {self.invalid_emails} row(s) have an email address that is not valid;"
                " the flagged column says what is wrong."
            )
        out += [f"  skipped {name}: {reason}" for name, reason in self.files_failed]
        return out


OFFICE_ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a password-protected file starts


def is_password_protected(path: Path) -> bool:
    """Whether merging `path` needs a password (an Office file encrypted with one).
    A file that cannot be read says no here; merging then reports why."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(OFFICE_ENCRYPTED)) == OFFICE_ENCRYPTED
    except OSError:
        return False


def password_opens(path: Path, password: str) -> bool:
    """Whether `password` opens the password-protected export at `path` (checked before a
    merge, so a mistyped password is typed again instead of the file being skipped).
    Only the key is checked; nothing is decrypted."""
    import msoffcrypto
    from msoffcrypto.exceptions import (
        DecryptionError,
        FileFormatError,
        InvalidKeyError,
        ParseError,
    )

    try:
        check_office_encryption(Path(path).read_bytes())
    except ActionKitError:
        return True  # not a password problem: the merge skips the file and says why
    except OSError:
        return False
    try:
        with Path(path).open("rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            office.load_key(password=password, verify_password=True)
    except (InvalidKeyError, DecryptionError, FileFormatError, ParseError, ValueError, OSError):
        return False
    return True


def read_export(
    path: Path, password: str | None = None, identity: str | None = None
) -> list[Signer]:
    """The signers in one export; ActionKitError with a clear reason if it is not one."""
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ActionKitError(
                f"larger than {MAX_FILE_BYTES // 2**20} MB",
                key="merge.too_large",
                megabytes=MAX_FILE_BYTES // 2**20,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ActionKitError(
            f"cannot be read ({exc.strerror or exc})",
            key="merge.unreadable",
            reason=str(exc.strerror or exc),
        ) from exc
    if is_sealed(raw):
        if not identity:
            raise ActionKitError(
                "is sealed to the centre's key; give the private key (--identity)",
                key="merge.sealed",
            )
        try:
            raw = unseal(raw, identity)
        except SealError as exc:
            raise ActionKitError(str(exc), key=exc.key, **exc.params) from exc
    if raw[: len(OFFICE_ENCRYPTED)] == OFFICE_ENCRYPTED:
        if not password:
            raise ActionKitError(
                "is password-protected, and no password was given", key="merge.password"
            )
        check_office_encryption(raw)  # before the slow key derivation
        try:
            raw = decrypt_with_password(raw, password)
        except ActionKitError as exc:
            raise ActionKitError(
                "is password-protected, and the password given does not open it",
                key="merge.wrong_password",
            ) from exc
        # msoffcrypto reports a damaged or crafted container in many ways
        except Exception as exc:
            raise ActionKitError(
                f"is damaged (its encrypted content cannot be read: {type(exc).__name__})",
                key="xlsx.damaged",
                detail=type(exc).__name__,
            ) from exc
    book = XlsxReader(raw)
    if "About" not in book.sheet_names or "Signers" not in book.sheet_names:
        raise ActionKitError(
            "is not an ActionKit export (no About or Signers sheet)", key="merge.not_export"
        )
    about = {r[0]: r[1] for r in book.rows("About") if len(r) >= 2}
    if about.get("schema") != SCHEMA:
        raise ActionKitError("is not an ActionKit signer export", key="merge.not_export")
    version = about.get("schema_version", "")
    if not version.isdigit() or int(version) > SCHEMA_VERSION:
        raise ActionKitError(
            f"has export version {version!r}; this ActionKit reads up to {SCHEMA_VERSION}",
            key="merge.newer",
            found=version,
            known=SCHEMA_VERSION,
        )
    rows = book.rows("Signers")
    header = [ALIASES.get(h, h) for h in next(rows, [])]
    if "email" not in header or not {"first_name", "last_name"} & set(header):
        raise ActionKitError("has no email or name columns", key="merge.no_columns")
    signers = []
    for count, row in enumerate(rows, 1):
        if count > MAX_ROWS_PER_FILE:
            raise ActionKitError(
                f"has more than {MAX_ROWS_PER_FILE:,} rows",
                key="merge.too_many_rows",
                rows=MAX_ROWS_PER_FILE,
            )
        values = {h: v for h, v in zip(header, row, strict=False) if h in KEPT_FIELDS}
        if not any(values.get(f) for f in OUTPUT_FIELDS):
            continue
        provenance = (name, values.get("event", ""), values.get("sheet", ""), values.get("row", ""))
        signers.append(Signer(values, provenance))
    return signers


def _read_keyed(
    path: Path, password: str | None, identity: str | None = None
) -> tuple[list[Signer], str]:
    """One file's signers with their matching keys, or the reason it cannot be read.

    Runs in a helper process, so it returns errors instead of raising them.
    """
    try:
        signers = read_export(path, password, identity)
    except ActionKitError as exc:
        return [], Message(str(exc), key=exc.key, **exc.params)  # keeps its key for the GUI
    for signer in signers:
        signer.set_keys()
        signer.check_email()
    return signers, ""


def _read_ahead(
    paths: list[Path], password: str | None, identity: str | None, parallel: bool
) -> Iterator[tuple[Path, list[Signer], str]]:
    """The files read in order; with `parallel`, two helper processes read this file and
    the next while the caller de-duplicates and writes the one before (reading takes
    about three quarters of a merge, and these machines have two cores)."""
    pool = None
    if parallel and len(paths) > 1 and (os.cpu_count() or 1) > 1:
        try:
            # "spawn": a clean child, safe even when the caller has threads (the GUI).
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(max_workers=2, mp_context=context)
        except (OSError, ValueError):
            pool = None
    futures: dict[int, Future[tuple[list[Signer], str]]] = {}
    try:
        for index, path in enumerate(paths):
            for ahead in range(index, min(index + 2, len(paths))):  # two files in flight
                if pool is not None and ahead not in futures:
                    try:
                        futures[ahead] = pool.submit(_read_keyed, paths[ahead], password, identity)
                    except (BrokenProcessPool, RuntimeError, OSError):
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = None
            future = futures.pop(index, None)
            result = None
            if future is not None:
                try:
                    result = future.result()
                except (BrokenProcessPool, RuntimeError, OSError, EOFError):
                    result = None  # the helper died: read the file here instead
            yield path, *(result or _read_keyed(path, password, identity))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def merge_exports(
    paths: list[Path],
    target: Path,
    *,
    password: str | None = None,
    identity: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = True,
    pending: Path | None = None,
) -> MergeReport:
    """Merge exports into one workbook: Signers (de-duplicated), Merged, Report, About.

    The first row seen of a signer is kept in Signers; every later duplicate goes
    to Merged with the reason and where the kept row came from. Signers is
    written while the files are read, so memory stays flat on large merges. The
    workbook streams into its own temporary file beside `target` and nowhere else
    (decrypted inputs stay in memory); `pending` is the data folder, where a note
    lets the next start remove that file if this run is killed.
    """
    files = [Path(p) for p in paths]
    target = check_target(target)
    if any(_same_file(f, target) for f in files):
        # The received file is what the centre checks row counts against: never lost.
        raise ActionKitError(
            f"{target.name} is one of the files to merge: choose another output file.",
            key="merge.output_is_input",
            file=target.name,
        )

    def write(path: Path) -> MergeReport:
        with path.open("wb") as fh:
            return _write_merge(files, fh, password, identity, progress, parallel)

    return atomic_write(target, write, pending=pending)


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or (
            second.exists() and first.exists() and first.samefile(second)
        )
    except OSError:
        return False


def _write_merge(
    files: list[Path],
    out: IO[bytes],
    password: str | None,
    identity: str | None,
    progress: Callable[[int, int], None] | None,
    parallel: bool,
) -> MergeReport:
    report = MergeReport()
    kept: dict[str, tuple[str, str, str, str]] = {}  # key -> provenance of the kept row
    with XlsxWriter(out) as book:
        with book.sheet("Signers") as signers:
            signers.append([*MERGED_FIELDS, *PROVENANCE])
            reading = _read_ahead(files, password, identity, parallel)
            for number, (path, rows, failure) in enumerate(reading, 1):
                if failure:
                    report.files_failed.append((path.name, failure))
                    if progress:
                        progress(number, len(files))
                    continue
                report.files_read.append((path.name, len(rows)))
                report.rows_in += len(rows)
                report.invalid_emails += sum(s.email_invalid for s in rows)
                fresh = []
                for signer in rows:
                    email, name_city = signer.email_key, signer.name_key
                    by_email = kept.get("e:" + email) if email else None
                    match = by_email or (kept.get("n:" + name_city) if name_city else None)
                    if match is not None:
                        reason = "same email" if by_email else "same name and city"
                        report.merged.append((signer, reason, match))
                        if email:
                            kept.setdefault("e:" + email, match)
                        if name_city:
                            kept.setdefault("n:" + name_city, match)
                        continue
                    fresh.append(signer)
                    if email:
                        kept["e:" + email] = signer.provenance
                    if name_city:
                        kept["n:" + name_city] = signer.provenance
                report.rows_out += len(fresh)
                signers.extend(
                    (*(s.values.get(f, "") for f in MERGED_FIELDS), *s.provenance) for s in fresh
                )
                if progress:
                    progress(number, len(files))
        if not report.files_read:
            raise ActionKitError(
                "No file could be merged: " + "; ".join(f"{n} {r}" for n, r in report.files_failed),
                key="merge.nothing",
                failures=list(report.files_failed),
            )
        with book.sheet("Merged") as merged:
            merged.append(
                ["reason", *MERGED_FIELDS, *PROVENANCE, *(f"kept_{p}" for p in PROVENANCE)]
            )
            merged.extend(
                (reason, *(s.values.get(f, "") for f in MERGED_FIELDS), *s.provenance, *into)
                for s, reason, into in report.merged
            )
        with book.sheet("Report") as summary:
            summary.append(["file", "rows", "result"])
            summary.extend((name, rows, "merged") for name, rows in report.files_read)
            summary.extend((name, 0, f"skipped: {reason}") for name, reason in report.files_failed)
        with book.sheet("About") as about:
            about.extend(
                [
                    ["key", "value"],
                    ["schema", SCHEMA],
                    ["schema_version", str(SCHEMA_VERSION)],
                    ["kind", "merge"],
                    ["merged_at", now()],
                    ["rows", str(report.rows_out)],
                ]
            )
    return report
