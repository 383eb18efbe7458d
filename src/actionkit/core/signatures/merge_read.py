"""Reading the files a merge is given: ActionKit exports as .xlsx (of any preset, also
password-protected or sealed) or as CSV (comma or semicolon, with or without a BOM).

Each file is checked and read with our own strict streaming reader (xlsx_read), which
refuses zip bombs and never expands XML entities or fetches anything; a CSV is decoded
with the same rules as a typed-in CSV import. A file that cannot be read raises an
ActionKitError with a one-line reason; the merge reports it and skips the file.

A row is a compact tuple (see ROW_FIELDS), not a dict: a merge holds every row
until the end (a later row can add consent), so 100,000 rows must stay small.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.csv_import import CONSENT_WORDS, decode_csv
from actionkit.core.signatures.export import (
    SCHEMA,
    SCHEMA_VERSION,
    SHEET_COLUMNS,
    decrypt_with_password,
)
from actionkit.core.signatures.sealing import SealError, is_sealed, unseal
from actionkit.core.signatures.validation import SIGNER_FIELDS, email_problem, match_keys
from actionkit.core.signatures.xlsx_read import XlsxReader, check_office_encryption

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_FILE = 1_000_000
PROVENANCE = ("source_file", "event", "sheet", "row")
OUTPUT_FIELDS = SIGNER_FIELDS
# What was flagged on a row, in words: as its export said, plus what the merge's own
# check of the email address finds (an export from an older ActionKit may hold one
# that is not valid: it is kept, and said).
FLAGGED = "flagged"
MERGED_FIELDS = (*OUTPUT_FIELDS, FLAGGED)
# A row: the merged fields, then where it came from, then its line in its file (which
# tells apart rows of a CSV that carries no sheet or row column).
ROW_FIELDS = (*MERGED_FIELDS, *PROVENANCE)
FIELD_COUNT = len(MERGED_FIELDS)
CONSENT = MERGED_FIELDS.index("consent")
EMAIL = MERGED_FIELDS.index("email")
LINE = len(ROW_FIELDS)
Row = tuple[str | int, ...]
KEPT_FIELDS = frozenset((*MERGED_FIELDS, "event", "sheet", "row"))
# Headers of a merged file, and of our first presets, mapped to fields.
ALIASES = {
    "zip_code": "postal_code",
    "source_event": "event",
    "source_sheet": "sheet",
    "source_row": "row",
}
OFFICE_ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a password-protected file starts


# What a merged workbook carries of each event and each paper sheet (its Events and
# Sheets sheets): read from an export's own Events and Sheets sheets; a CSV carries
# only the event's id (and its name, date, city, country when it has such columns).
EVENT_FIELDS = ("event", "name", "date", "city", "country")
_CSV_EVENT_COLUMNS = {
    "event_name": "name",
    "event_date": "date",
    "event_city": "city",
    "event_country": "country",
}


@dataclass(frozen=True)
class FileContext:
    """An export's events (EVENT_FIELDS) and paper sheets (export.SHEET_COLUMNS)."""

    events: tuple[tuple[str, ...], ...] = ()
    sheets: tuple[tuple[str, ...], ...] = ()


@dataclass
class Signer:
    """One row of an export, as a mapping (for tools and tests; the merge uses tuples)."""

    values: dict[str, str]
    provenance: tuple[str, str, str, str]


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


def is_csv(path: Path) -> bool:
    return path.suffix.casefold() == ".csv"


def read_export(
    path: Path, password: str | None = None, identity: str | None = None
) -> list[Signer]:
    """The signers in one export; ActionKitError with a clear reason if it is not one."""
    return [
        Signer(
            dict(zip(MERGED_FIELDS, map(str, row[:FIELD_COUNT]), strict=True)),
            _provenance(row),
        )
        for row in read_rows(path, password, identity)
    ]


def _provenance(row: Row) -> tuple[str, str, str, str]:
    file, event, sheet, number = (str(v) for v in row[FIELD_COUNT:LINE])
    return file, event, sheet, number


def read_rows(
    path: Path,
    password: str | None = None,
    identity: str | None = None,
    config_dir: Path | None = None,
) -> list[Row]:
    """The rows of one export, each a tuple laid out as ROW_FIELDS plus its line.
    `config_dir` holds the user's own export presets (an export made with one of
    them is read through it)."""
    return read_file(path, password, identity, config_dir)[0]


def read_file(
    path: Path,
    password: str | None = None,
    identity: str | None = None,
    config_dir: Path | None = None,
) -> tuple[list[Row], FileContext]:
    """The rows of one export (as read_rows), and its events and paper sheets."""
    raw = _raw(path, password, identity)
    if is_csv(path):
        text = decode_csv(raw, path.name)
        rows = list(_csv_rows(text, path.name, config_dir))
        return rows, FileContext(events=_csv_events(text, rows))
    book = XlsxReader(raw)
    rows = list(_xlsx_rows(book, path.name, config_dir))
    return rows, _book_context(book)


def _table(book: XlsxReader, name: str, fields: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """A sheet's rows as `fields` (by their headers; a missing column is empty)."""
    if name not in book.sheet_names:
        return ()
    rows = book.rows(name)
    header = [h.strip().casefold() for h in next(rows, [])]
    at = [header.index(f) if f in header else -1 for f in fields]
    table = []
    for row in rows:
        values = tuple(row[i] if 0 <= i < len(row) else "" for i in at)
        if any(values):
            table.append(values)
    return tuple(table)


def _book_context(book: XlsxReader) -> FileContext:
    return FileContext(
        events=_table(book, "Events", EVENT_FIELDS), sheets=_table(book, "Sheets", SHEET_COLUMNS)
    )


def _csv_events(text: str, rows: Sequence[Row]) -> tuple[tuple[str, ...], ...]:
    """A CSV's events: each event id its rows name, with the event's name, date, city
    and country when the CSV has such columns (event_name, ...); no paper counts."""
    slugs = dict.fromkeys(str(row[FIELD_COUNT + 1]) for row in rows)
    slugs.pop("", None)
    if not slugs:
        return ()
    first_line = text.split("\n", 1)[0]
    header = next(csv.reader([first_line], delimiter=_delimiter(first_line)), [])
    header = [h.strip().casefold() for h in header]
    columns = {
        field: header.index(column)
        for column, field in _CSV_EVENT_COLUMNS.items()
        if column in header
    }
    if not columns or "event" not in header:
        return tuple((slug, "", "", "", "") for slug in slugs)
    found: dict[str, tuple[str, ...]] = {}
    at_event = header.index("event")
    reader = csv.reader(text.splitlines()[1:], delimiter=_delimiter(first_line), strict=False)
    for cells in reader:
        slug = cells[at_event] if at_event < len(cells) else ""
        if slug and slug not in found:
            found[slug] = (
                slug,
                *(
                    _unguard(cells[columns[f]]) if f in columns and columns[f] < len(cells) else ""
                    for f in EVENT_FIELDS[1:]
                ),
            )
    return tuple(found.get(slug, (slug, "", "", "", "")) for slug in slugs)


def file_from_bytes(
    raw: bytes,
    name: str,
    password: str | None = None,
    identity: str | None = None,
    config_dir: Path | None = None,
) -> tuple[list[Row], FileContext]:
    """The rows of one export given as bytes (standard input), and its events and paper
    sheets: sealed, protected, an xlsx workbook or a CSV file, told by its content,
    never written anywhere."""
    raw = _opened(raw, password, identity)
    if raw[:4] == b"PK\x03\x04":
        book = XlsxReader(raw)
        return list(_xlsx_rows(book, name, config_dir)), _book_context(book)
    text = decode_csv(raw, name)
    rows = list(_csv_rows(text, name, config_dir))
    return rows, FileContext(events=_csv_events(text, rows))


def _raw(path: Path, password: str | None, identity: str | None) -> bytes:
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
    return _opened(raw, password, identity)


def _opened(raw: bytes, password: str | None, identity: str | None) -> bytes:
    """A file's bytes unsealed and decrypted, as they need."""
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
    return raw


def _xlsx_rows(book: XlsxReader, name: str, config_dir: Path | None) -> Iterator[Row]:
    if "About" not in book.sheet_names or "Signers" not in book.sheet_names:
        raise ActionKitError(
            "is not an ActionKit export (no About or Signers sheet)", key="merge.not_export"
        )
    about_rows = [r for r in book.rows("About") if len(r) >= 2]
    about = {r[0]: r[1] for r in about_rows}
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
    header = next(rows, [])
    read = row_reader(header, about.get("preset", ""), about_rows, config_dir)
    yield from _signer_rows(rows, read, name, first_line=2)


def _csv_rows(text: str, name: str, config_dir: Path | None) -> Iterator[Row]:
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(text.splitlines(), delimiter=delimiter, strict=False)
    try:
        header = next(reader, [])
        read = row_reader(header, "", (), config_dir)
        yield from _signer_rows(reader, read, name, first_line=2, guarded=True)
    except csv.Error as exc:
        raise ActionKitError(
            f"is not a CSV file ActionKit can read ({exc})", key="merge.bad_csv", reason=str(exc)
        ) from exc


def _delimiter(header_line: str) -> str:
    """The CSV's delimiter, from its header line (a semicolon where Excel uses a
    decimal comma, a tab, or a comma)."""
    from actionkit.core.signatures.csv_write import detect_delimiter

    return detect_delimiter(header_line)


# How a file's cells become a row's fields (READ_ORDER): from its header and preset.
CellsReader = Callable[[Sequence[str]], tuple[str, ...]]
READ_ORDER = (*MERGED_FIELDS, "event", "sheet", "row")


def row_reader(
    header: Sequence[str],
    preset_name: str,
    about: Iterable[Sequence[str]],
    config_dir: Path | None = None,
) -> CellsReader:
    """How to read the rows under `header`: through the preset the file says it was made
    with (or whose columns it has), else by field names (a generic export, a merged file).
    A file none of these explains is refused, naming what it lacks."""
    from actionkit.core.signatures.merge_presets import preset_reader

    by_preset = preset_reader(header, preset_name, about, config_dir)
    if by_preset is not None:
        return by_preset
    fields = [ALIASES.get(h.strip().casefold(), h.strip().casefold()) for h in header]
    lacks = _lacks(set(fields))
    if lacks:
        shown = ", ".join(h for h in header[:8] if h) or "none"
        raise ActionKitError(
            f"has no {lacks} column, and no export preset has its columns ({shown})",
            key="merge.no_columns",
            lacks=lacks,
            columns=shown,
        )
    return index_reader([fields.index(f) if f in fields else -1 for f in READ_ORDER])


def index_reader(plan: Sequence[int]) -> CellsReader:
    """A reader taking each of READ_ORDER's fields from its column (-1: none): an
    itemgetter, as a merge reads a hundred thousand rows."""
    present = [i for i in plan if i >= 0]
    getter = itemgetter(*present) if len(present) > 1 else None
    need = max(present) + 1
    slots = []
    for i in plan:
        slots.append(present.index(i) if i >= 0 else -1)
    complete = all(i >= 0 for i in plan)

    def read(cells: Sequence[str]) -> tuple[str, ...]:
        if len(cells) < need:
            cells = [*cells, *([""] * (need - len(cells)))]
        got = getter(cells) if getter is not None else (cells[present[0]],)
        if complete:
            return got
        return tuple(got[j] if j >= 0 else "" for j in slots)

    return read


def _lacks(fields: set[str]) -> str:
    """What a merge needs that these fields do not have ('' when nothing)."""
    missing = []
    if "email" not in fields:
        missing.append("email")
    if not {"first_name", "last_name"} & fields:
        missing.append("first_name or last_name")
    return " and no ".join(missing)


def _signer_rows(
    rows: Iterable[Sequence[str]],
    read: CellsReader,
    name: str,
    *,
    first_line: int,
    guarded: bool = False,
) -> Iterator[Row]:
    seen: dict[str, str] = {}
    shared = seen.setdefault
    for count, cells in enumerate(rows, 1):
        if count > MAX_ROWS_PER_FILE:
            raise ActionKitError(
                f"has more than {MAX_ROWS_PER_FILE:,} rows",
                key="merge.too_many_rows",
                rows=MAX_ROWS_PER_FILE,
            )
        v = read(cells)
        if guarded:
            v = tuple(map(_unguard, v))
        if not any(v[: CONSENT + 1]):
            continue
        # Cities, postcodes, countries, events and sheets repeat row after row: one
        # string each (a merge holds every row to the end).
        yield (
            v[0],
            v[1],
            v[2],
            shared(v[3], v[3]),
            shared(v[4], v[4]),
            shared(v[5], v[5]),
            _consent(v[CONSENT]),
            shared(flagged := _flagged(v[FIELD_COUNT - 1], v[EMAIL]), flagged),
            name,
            shared(v[FIELD_COUNT], v[FIELD_COUNT]),
            shared(v[FIELD_COUNT + 1], v[FIELD_COUNT + 1]),
            v[FIELD_COUNT + 2],
            count + first_line - 1,
        )
        if len(seen) > 100_000:
            seen.clear()


def _unguard(value: str) -> str:
    """A CSV cell without the apostrophe a spreadsheet CSV puts before = + - @."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


@lru_cache(maxsize=256)
def _consent(text: str) -> str:
    """Consent as the merge holds it: 'yes', 'no', or '' when the file does not say."""
    word = text.strip().casefold()
    if not word:
        return ""
    return "yes" if word in CONSENT_WORDS else "no"


def _flagged(flagged: str, email: str) -> str:
    """The flagged words, plus the merge's own check of the email address (the same
    check as typing; an address that fails it is kept, and said)."""
    problem = email_problem(email) if email else None
    if problem is None:
        return flagged
    note = f"email address not valid: {problem.message}"
    if note in flagged:  # a merged file merged again says it once
        return flagged
    return f"{flagged}; {note}" if flagged else note


def row_keys(row: Row) -> tuple[str, str]:
    """The row's matching keys: its folded email, and its folded name and city (only
    when both are there), folded as match_keys folds them."""
    address = str(row[EMAIL])
    email = address.strip().casefold()
    if email == address:
        email = address  # the same text: one string, not two
    city = _folded_city(str(row[3]))
    if not city:
        return email, ""
    name = _folded_part(str(row[0])) + _folded_part(str(row[1]))
    return email, (f"{name}|{city}" if name else "")


@lru_cache(maxsize=4096)
def _folded_city(city: str) -> str:
    return match_keys("", "", "", city)[2]  # a few cities, many rows


@lru_cache(maxsize=65536)
def _folded_part(name: str) -> str:
    """One part of a name, folded and without spaces: the two parts together are
    match_keys's name key (a test holds them equal); family names repeat."""
    return match_keys(name, "", "", "")[0]


def invalid_email(row: Row) -> bool:
    return "email address not valid" in str(row[FIELD_COUNT - 1])


def as_values(row: Row) -> Mapping[str, str]:
    return dict(zip(ROW_FIELDS, map(str, row[:LINE]), strict=True))
