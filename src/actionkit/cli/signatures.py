"""`actionkit event|sheets|signatures|export|merge`: events and signer data."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionkit.cli.output import FORMATS, command_group
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.storage import atomic_write, check_target

if TYPE_CHECKING:
    from actionkit.core.signatures.store import SaveResult, SignatureStore


def _csv_fields() -> tuple[str, ...]:
    from actionkit.core.signatures.validation import SIGNER_FIELDS  # not at start-up

    return (*SIGNER_FIELDS, "flags")


def _store(paths: AppPaths) -> SignatureStore:

    from actionkit.cli.session import open_store

    return open_store(paths)


def _languages(text: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in text.split(",") if part.strip())
    if not 1 <= len(languages) <= 2:
        raise argparse.ArgumentTypeError("give one or two languages, e.g. fa,de")
    return languages


def _password(args: argparse.Namespace) -> str | None:
    if not getattr(args, "password_file", None):
        return None
    try:
        password = Path(args.password_file).read_text(encoding="utf-8").strip("\r\n")
    except OSError as exc:
        raise ActionKitError(f"Cannot read the password file: {exc.strerror or exc}.") from exc
    if not password:
        raise ActionKitError("The password file is empty.")
    return password


def cmd_event_create(args: argparse.Namespace, paths: AppPaths) -> int:
    with _store(paths) as store:
        event = store.create_event(
            args.name,
            args.date,
            languages=args.lang,
            place=args.place,
            city=args.city,
            country=args.country,
            organizer=args.organizer,
            slug=args.slug,
        )
    print(f"Created event {event.slug}")
    return 0


def cmd_event_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import print_records

    with _store(paths) as store:
        rows, records = [], []
        for event in store.events():
            sheets = store.sheets(event.slug)
            entered = sum(s.entered for s in sheets)
            rows.append(
                [event.slug, event.name, event.date, event.city, str(len(sheets)), str(entered)]
            )
            records.append(
                {
                    "slug": event.slug,
                    "name": event.name,
                    "date": event.date,
                    "city": event.city,
                    "sheets": len(sheets),
                    "signatures": entered,
                }
            )
    print_records(
        ("event", "name", "date", "city", "sheets", "signatures"), rows, records, args.format
    )
    return 0


def cmd_sheets_print(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.settings import load_settings
    from actionkit.core.signatures.sheets_pdf import render_sheets

    url = args.url or load_settings(paths.settings_file).settings.appeal_url
    output = check_target(Path(args.output))
    with _store(paths) as store:
        event = store.event(args.event)
        sheets = store.create_sheets(
            event.slug, args.lang or event.languages, args.count, args.rows
        )
        try:
            result = atomic_write(
                output, lambda tmp: render_sheets(sheets, event, tmp, url=url, paper=args.paper)
            )
        except BaseException as exc:
            store.discard_sheets([s.id for s in sheets])
            if isinstance(exc, OSError):
                raise ActionKitError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
            raise
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"Wrote {output}: {len(sheets)} sheet(s) for {event.slug}: "
        + ", ".join(s.id for s in sheets)
    )
    return 0


def cmd_sheets_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import print_records

    with _store(paths) as store:
        sheets = store.sheets(args.event)
    rows = [
        [
            s.id,
            s.event_slug,
            ",".join(s.languages),
            str(s.entered),
            "" if s.paper_count is None else str(s.paper_count),
            s.state,
        ]
        for s in sheets
    ]
    records = [
        {
            "sheet": s.id,
            "event": s.event_slug,
            "languages": list(s.languages),
            "entered": s.entered,
            "paper_count": s.paper_count,
            "state": s.state,
        }
        for s in sheets
    ]
    print_records(
        ("sheet", "event", "languages", "entered", "on paper", "state"), rows, records, args.format
    )
    return 0


def cmd_sheets_count(args: argparse.Namespace, paths: AppPaths) -> int:
    with _store(paths) as store:
        sheet = store.set_paper_count(args.sheet, args.count)
    print(f"Sheet {sheet.id}: {sheet.entered} entered, {sheet.paper_count} on paper: {sheet.state}")
    return 0 if sheet.state == "complete" else 3


def _report(result: SaveResult) -> None:
    s = result.signature
    print(f"Saved row {s.row_number} of sheet {s.sheet_id} (id {s.id}).")
    for issue in result.warnings:
        print(f"warning: {issue.field}: {issue.message}", file=sys.stderr)
    for duplicate in result.duplicates:
        other = duplicate.other
        print(
            f"possible duplicate ({duplicate.reason}): id {other.id}, sheet {other.sheet_id} "
            f"row {other.row_number}, event {other.event_slug}",
            file=sys.stderr,
        )


def _signer(values: dict[str, str]) -> Any:
    from actionkit.core.signatures.validation import SignerInput

    consent = values.get("consent", "").strip().casefold() in (
        "1",
        "yes",
        "y",
        "true",
        "x",
        "ja",
        "sí",
        "si",
        "oui",
        "بله",
    )
    flags = frozenset(f.strip() for f in values.get("flags", "").split(",") if f.strip())
    return SignerInput(
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        email=values.get("email", ""),
        city=values.get("city", ""),
        country=values.get("country", ""),
        postal_code=values.get("postal_code", ""),
        consent=consent,
        flags=flags,
    )


def cmd_signatures_add(args: argparse.Namespace, paths: AppPaths) -> int:
    values = {f: getattr(args, f) or "" for f in _csv_fields() if f not in ("consent", "flags")}
    values["consent"] = "yes" if args.consent else ""
    values["flags"] = ",".join(args.flag or [])
    with _store(paths) as store:
        _report(store.add_row(args.sheet, args.row, _signer(values), entered_by=args.entered_by))
    return 0


def cmd_signatures_delete(args: argparse.Namespace, paths: AppPaths) -> int:
    with _store(paths) as store:
        signature = store.delete_row(args.id)
    print(f"Deleted row {signature.row_number} of sheet {signature.sheet_id} (kept until export).")
    return 0


def cmd_signatures_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import print_records

    with _store(paths) as store:
        signatures = list(store.signatures(args.event, include_deleted=args.include_deleted))
    headers = (
        "id",
        "sheet",
        "row",
        "first_name",
        "last_name",
        "email",
        "city",
        "country",
        "consent",
    )
    rows = [
        [
            str(s.id),
            s.sheet_id,
            str(s.row_number),
            s.first_name,
            s.last_name,
            s.email,
            s.city,
            s.country,
            "yes" if s.consent else "no",
        ]
        for s in signatures
    ]
    records = [dict(zip(headers, r, strict=True)) for r in rows]
    print_records(headers, rows, records, args.format)
    return 0


def cmd_signatures_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.csv_text import read_csv_text
    from actionkit.core.signatures.store import ValidationFailed

    path = Path(args.file)
    try:
        text = read_csv_text(path, args.encoding)  # core: encodings and size limit
    except OSError as exc:
        raise ActionKitError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().casefold() for h in reader.fieldnames or []]
    if not {"first_name", "last_name"} & set(headers):
        raise ActionKitError(
            f"{path.name} needs a header row with first_name and/or last_name "
            f"(and any of: {', '.join(_csv_fields())}, row)."
        )
    saved = failed = 0
    with _store(paths) as store:
        sheet = store.sheet(args.sheet)
        next_row = 1
        for line, raw in enumerate(reader, 2):
            values = {str(k).strip().casefold(): (v or "") for k, v in raw.items() if k}
            row = int(values["row"]) if values.get("row", "").strip().isdigit() else next_row
            try:
                result = store.add_row(sheet.id, row, _signer(values), entered_by=args.entered_by)
            except (ValidationFailed, ActionKitError) as exc:
                failed += 1
                print(f"line {line}: {exc}", file=sys.stderr)
                continue
            saved += 1
            next_row = row + 1
            for issue in result.warnings:
                print(f"line {line}: warning: {issue.field}: {issue.message}", file=sys.stderr)
            for duplicate in result.duplicates:
                print(
                    f"line {line}: possible duplicate of id {duplicate.other.id} "
                    f"({duplicate.reason})",
                    file=sys.stderr,
                )
    print(f"Imported {saved} row(s) into sheet {sheet.id}; {failed} not saved (see above).")
    return 0 if not failed else 1


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.export import export_csv, export_xlsx, load_presets

    presets = load_presets(paths.config_dir)
    if args.preset not in presets:
        raise ActionKitError(
            f"No export preset {args.preset!r}; choose one of {', '.join(presets)}."
        )
    password = _password(args)
    seal_to = _seal_to(args, paths)
    if (password or seal_to) and args.format == "csv":
        raise ActionKitError("A CSV file cannot be protected or sealed; export xlsx instead.")

    with _store(paths) as store:
        if args.format == "xlsx":
            result = export_xlsx(
                store,
                Path(args.output),
                presets[args.preset],
                event=args.event,
                consented_only=args.consented_only,
                password=password,
                seal_to=seal_to,
                progress=_progress("exporting signers"),
            )
        else:
            result = export_csv(
                store,
                Path(args.output),
                presets[args.preset],
                event=args.event,
                consented_only=args.consented_only,
                progress=_progress("exporting signers"),
            )
    how = [
        w for w, on in (("password-protected", password), ("sealed to the centre", seal_to)) if on
    ]
    print(
        f"Wrote {result.path}: {result.rows} signer(s)" + (f" ({', '.join(how)})." if how else ".")
    )
    return 0


def _seal_to(args: argparse.Namespace, paths: AppPaths) -> str | None:
    """The centre's public key when --seal or --seal-to asks for sealing."""
    from actionkit.core.signatures.sealing import read_recipient

    if getattr(args, "seal_to", None):
        return read_recipient(args.seal_to)
    if getattr(args, "seal", False):
        from actionkit.core.settings import load_settings

        key = load_settings(paths.settings_file).settings.centre_public_key
        if not key:
            raise ActionKitError("No centre key is set: run `actionkit keys centre FILE` first.")
        return read_recipient(key)
    return None


def _progress(label: str) -> Callable[[int, int], None]:
    """Progress on stderr, on one line that ends when the work does."""

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _identity(args: argparse.Namespace) -> str | None:
    if not args.identity:
        return None
    try:
        return Path(args.identity).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ActionKitError(f"Cannot read the private key {args.identity}.") from exc


def cmd_merge(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.merge import merge_exports

    report = merge_exports(
        [Path(f) for f in args.files],
        Path(args.output),
        password=_password(args),
        identity=_identity(args),
        progress=_progress("merging files"),
    )
    print("\n".join(report.lines()))
    print(f"Wrote {args.output}.")
    return 0 if not report.files_failed else 1


def cmd_purge(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.purge import plan_purge, purge_event

    with _store(paths) as store:
        plan = plan_purge(store, args.event)
        print(plan.describe())
        if not plan.exported:
            print("It has NOT been exported with all its signers.", file=sys.stderr)
        else:
            last = plan.exported[-1]
            print(f"Last exported {last.at} to {last.file_name} ({last.rows} rows).")
        if not args.yes:
            answer = input("Type the event's id to confirm: ").strip()
            if answer != args.event:
                print("Nothing was deleted.")
                return 1
        purge_event(store, args.event, unexported_ok=args.yes and args.even_if_not_exported)
    print(f"Purged {plan.rows} row(s) of {args.event}.")
    return 0


def cmd_lock(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.session import PASSPHRASE
    from actionkit.core.signatures.lock import change_passphrase, is_locked, lock_store
    from actionkit.core.signatures.store import STORE_FILE

    try:
        new = Path(args.new_passphrase_file).read_text(encoding="utf-8").strip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActionKitError(f"Cannot read {args.new_passphrase_file}.") from exc
    paths.ensure()
    store = paths.data_dir / STORE_FILE
    if is_locked(store):
        old = PASSPHRASE.get()
        if not old:
            raise ActionKitError(
                "The store is locked: give the current one with --passphrase-file."
            )
        change_passphrase(store, old, new)
        print("Passphrase changed. Keep it safe: without it the signers cannot be read.")
    else:
        _store(paths).close()  # creates or updates the store before it is encrypted
        lock_store(store, new)
        print(
            f"Locked {store.name}: names, emails and places are now encrypted on disk. "
            "Give `actionkit --passphrase-file FILE ...` to use it."
        )
    return 0


def cmd_exports(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import print_records
    from actionkit.core.signatures.purge import export_log

    with _store(paths) as store:
        records = [
            {
                "when": r.at,
                "file": r.file_name,
                "format": r.format,
                "filters": r.filters,
                "rows": r.rows,
                "protected": "yes" if r.protected else "no",
            }
            for r in export_log(store)
        ]
    headers = ("when", "file", "format", "filters", "rows", "protected")
    rows = [[str(r[h]) for h in headers] for r in records]
    print_records(headers, rows, records, args.format)
    return 0


def register(sub: Any) -> None:
    actions = command_group(sub, "event", "create and list events", "Events where people sign.")
    create = actions.add_parser("create", help="a new event")
    create.add_argument("--name", required=True)
    create.add_argument("--date", required=True, help="YYYY-MM-DD")
    create.add_argument(
        "--lang", type=_languages, default=("en",), help="languages of its sheets, e.g. fa,de"
    )
    for option in ("place", "city", "country", "organizer"):
        create.add_argument(f"--{option}", default="")
    create.add_argument("--slug", help="short id (default: date and city)")
    create.set_defaults(handler=cmd_event_create)
    listing = actions.add_parser("list", help="all events with sheet and signature counts")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=cmd_event_list)

    actions = command_group(
        sub,
        "sheets",
        "print and list signature sheets",
        "Numbered paper sheets, each with its own id.",
    )
    printing = actions.add_parser(
        "print", help="create sheet ids for an event and print them as a PDF"
    )
    printing.add_argument("--event", required=True, metavar="SLUG")
    printing.add_argument(
        "--lang", type=_languages, help="one or two languages (default: the event's)"
    )
    printing.add_argument("--count", type=int, default=1, help="how many sheets (default 1)")
    printing.add_argument(
        "--rows",
        type=int,
        default=15,
        choices=range(15, 21),
        metavar="15-20",
        help="rows per sheet (default 15)",
    )
    printing.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    printing.add_argument("--url", help="appeal address for the QR code (default: Settings)")
    printing.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    printing.set_defaults(handler=cmd_sheets_print)
    listing = actions.add_parser("list", help="sheets with entered rows against the paper count")
    listing.add_argument("--event", metavar="SLUG")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=cmd_sheets_list)
    count = actions.add_parser("count", help="record how many rows are filled on the paper sheet")
    count.add_argument("sheet")
    count.add_argument("count", type=int)
    count.set_defaults(handler=cmd_sheets_count)

    actions = command_group(
        sub, "signatures", "add, list and import signatures", "Rows typed in from the paper sheets."
    )
    add = actions.add_parser("add", help="enter one row of a sheet")
    add.add_argument("--sheet", required=True)
    add.add_argument("--row", type=int, required=True)
    for name in ("first_name", "last_name", "email", "city", "postal_code", "country"):
        add.add_argument("--" + name.replace("_", "-"), dest=name, default="")
    add.add_argument("--consent", action="store_true", help="the contact box is ticked")
    add.add_argument("--flag", action="append", choices=("illegible", "declined"))
    add.add_argument("--entered-by", default="", help="who typed it in")
    add.set_defaults(handler=cmd_signatures_add)
    delete = actions.add_parser("delete", help="delete a row (kept as a tombstone until export)")
    delete.add_argument("id", type=int)
    delete.set_defaults(handler=cmd_signatures_delete)
    listing = actions.add_parser("list", help="entered rows")
    listing.add_argument("--event", metavar="SLUG")
    listing.add_argument("--include-deleted", action="store_true")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=cmd_signatures_list)
    importing = actions.add_parser("import-csv", help="rows of one sheet from a CSV file")
    importing.add_argument("file")
    importing.add_argument("--sheet", required=True)
    importing.add_argument(
        "--encoding", help="e.g. cp1256 for Excel on Persian Windows (default: detect)"
    )
    importing.add_argument("--entered-by", default="")
    importing.set_defaults(handler=cmd_signatures_import)

    export = sub.add_parser(
        "export",
        help="signers as a spreadsheet for the central campaign",
        description="Write signers as .xlsx or CSV in a preset column layout.",
    )
    export.add_argument("--event", metavar="SLUG", help="one event (default: all)")
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    export.add_argument(
        "--preset", default="generic", help="column layout (generic, crm, or your own)"
    )
    export.add_argument(
        "--consented-only", action="store_true", help="only signers who ticked contact"
    )
    export.add_argument(
        "--password-file", metavar="FILE", help="protect the .xlsx with this file's password"
    )
    export.add_argument(
        "--seal", action="store_true", help="seal to the centre's key (see `actionkit keys centre`)"
    )
    export.add_argument(
        "--seal-to", metavar="KEY_OR_FILE", help="seal to this age public key (age1... or a file)"
    )
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(handler=cmd_export)

    merge = sub.add_parser(
        "merge",
        help="merge signer spreadsheets from many organizers",
        description=(
            "Merge ActionKit exports into one workbook. Signers holds each person once "
            "(the first row seen) with the file, event, sheet and row it came from; "
            "Merged lists every duplicate (same email, or same name and city) and the row "
            "it was merged into; Report lists the files, including any skipped because "
            "they cannot be read (the exit status is then 1)."
        ),
    )
    merge.add_argument("files", nargs="+", metavar="FILE.xlsx", help="exports to merge")
    merge.add_argument("--password-file", metavar="FILE", help="password of protected input files")
    merge.add_argument(
        "--identity", metavar="FILE.agekey", help="the centre's private key, for sealed files"
    )
    merge.add_argument("-o", "--output", required=True)
    merge.set_defaults(handler=cmd_merge)

    purge = sub.add_parser(
        "purge",
        help="delete an exported event's personal data, keeping the counts",
        description=(
            "After the hand-off: blank the names, emails, cities, countries and postcodes of an "
            "event's rows, then rewrite the store so they are gone from the file. Events, "
            "sheets and row counts stay. Asks you to type the event's id unless --yes."
        ),
    )
    purge.add_argument("--event", required=True, metavar="SLUG")
    purge.add_argument("--yes", action="store_true", help="do not ask")
    purge.add_argument(
        "--even-if-not-exported", action="store_true", help="with --yes: purge unexported data too"
    )
    purge.set_defaults(handler=cmd_purge)
    lock = sub.add_parser(
        "lock",
        help="encrypt the signature store with a passphrase, or change it",
        description=(
            "Encrypt the signature store (SQLCipher; key from the passphrase by scrypt). "
            "If it is already locked, give the current passphrase with the global "
            "--passphrase-file and the new one here."
        ),
    )
    lock.add_argument("--new-passphrase-file", required=True, metavar="FILE")
    lock.set_defaults(handler=cmd_lock)
    exports = sub.add_parser(
        "exports", help="the export log", description="When, what, how many rows, to which file."
    )
    exports.add_argument("--format", choices=FORMATS, default="table")
    exports.set_defaults(handler=cmd_exports)
