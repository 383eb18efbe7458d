"""`actionkit event|sheets|signatures|export|merge`: events and signer data."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionkit.cli.output import FORMATS, command_group, said
from actionkit.cli.session import open_store as _store
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.storage import check_target

if TYPE_CHECKING:
    from actionkit.core.signatures.store import SaveResult


def _csv_fields() -> tuple[str, ...]:
    from actionkit.core.signatures.validation import SIGNER_FIELDS  # not at start-up

    return (*SIGNER_FIELDS, "flags")


def _languages(text: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in text.split(",") if part.strip())
    if not 1 <= len(languages) <= 2:
        raise argparse.ArgumentTypeError("give one or two languages, e.g. fa,de")
    return languages


def _date_locale(args: argparse.Namespace, paths: AppPaths) -> str:
    """--locale, else the settings' interface language with the system's region."""
    if args.locale:
        return str(args.locale)
    from actionkit.core.settings import load_settings
    from actionkit.core.text.dates import locale_from_environment

    return locale_from_environment(load_settings(paths.settings_file).settings.ui_language)


def _times(start: str, end: str) -> str:
    return "–".join(time for time in (start, end) if time)


def cmd_event_create(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.text.dates import parse_date

    date = parse_date(args.date, _date_locale(args, paths))
    with _store(paths) as store:
        event = store.create_event(
            args.name,
            date,
            languages=args.lang,
            place=args.place,
            city=args.city,
            country=args.country,
            organizer=args.organizer,
            slug=args.slug,
            start_time=args.start,
            end_time=args.end,
        )
    when = ", ".join(
        part for part in (event.date, _times(event.start_time, event.end_time)) if part
    )
    print(f"Created event {event.slug} ({when})")
    return 0


def cmd_event_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import print_records

    with _store(paths) as store:
        rows, records = [], []
        for event in store.events():
            sheets = store.sheets(event.slug)
            entered = sum(s.entered for s in sheets)
            times = _times(event.start_time, event.end_time)
            rows.append(
                [
                    event.slug,
                    event.name,
                    event.date,
                    times,
                    event.city,
                    str(len(sheets)),
                    str(entered),
                ]
            )
            records.append(
                {
                    "slug": event.slug,
                    "name": event.name,
                    "date": event.date,
                    "start_time": event.start_time,
                    "end_time": event.end_time,
                    "city": event.city,
                    "sheets": len(sheets),
                    "signatures": entered,
                }
            )
    print_records(
        ("event", "name", "date", "time", "city", "sheets", "signatures"),
        rows,
        records,
        args.format,
    )
    return 0


def cmd_sheets_print(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.settings import load_settings
    from actionkit.core.signatures.sheets_pdf import DataController, print_new_sheets

    settings = load_settings(paths.settings_file).settings
    url = args.url or settings.appeal_url
    controller = DataController(
        settings.controller_name() if args.controller is None else args.controller.strip(),
        settings.data_controller_contact if args.contact is None else args.contact.strip(),
    )
    output = check_target(Path(args.output))
    with _store(paths) as store:
        try:
            sheets, result = print_new_sheets(
                store,
                args.event,
                output,
                count=args.count,
                url=url,
                languages=args.lang,
                rows=args.rows,
                paper=args.paper,
                controller=controller,
            )
        except OSError as exc:
            raise ActionKitError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
    for warning in result.warnings:
        print(f"warning: {said(warning)}", file=sys.stderr)
    print(
        f"Wrote {output}: {len(sheets)} sheet(s) for {args.event}: "
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
            str(s.marked),
            str(s.flagged),
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
            "marked": s.marked,
            "flagged": s.flagged,
            "missing": s.missing,
            "extra": s.extra,
            "state": s.state,
        }
        for s in sheets
    ]
    print_records(
        ("sheet", "event", "languages", "entered", "on paper", "marked", "flagged", "state"),
        rows,
        records,
        args.format,
    )
    return 0


def cmd_sheets_count(args: argparse.Namespace, paths: AppPaths) -> int:
    with _store(paths) as store:
        sheet = store.set_paper_count(args.sheet, args.count)
    gaps = f" ({sheet.missing} row(s) not entered)" if sheet.missing else ""
    beyond = f" ({sheet.extra} row(s) beyond the paper count)" if sheet.extra else ""
    print(
        f"Sheet {sheet.id}: {sheet.entered} entered, {sheet.paper_count} on paper: "
        f"{sheet.state}{beyond or gaps}"
    )
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
    from actionkit.core.signatures.csv_import import consent_given
    from actionkit.core.signatures.validation import SignerInput

    consent = consent_given(values.get("consent", ""))
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
    from actionkit.core.signatures.csv_import import RefusedLine, read_csv_file, signer_rows
    from actionkit.core.signatures.store import ValidationFailed

    path = Path(args.file)
    text = read_csv_file(path, args.encoding)  # core: encodings, limits, line endings
    rows = signer_rows(text, path.name, _csv_fields())
    saved = failed = 0
    with _store(paths) as store:
        sheet = store.sheet(args.sheet)
        next_row = 1
        for item in rows:
            if isinstance(item, RefusedLine):
                failed += 1
                print(f"line {item.line}: {item.reason}", file=sys.stderr)
                continue
            row = item.row or next_row
            try:
                result = store.add_row(
                    sheet.id, row, _signer(item.values), entered_by=args.entered_by
                )
            except (ValidationFailed, ActionKitError) as exc:
                failed += 1
                print(f"line {item.line}: {exc}", file=sys.stderr)
                continue
            saved += 1
            next_row = row + 1
            for issue in result.warnings:
                print(f"line {item.line}: warning: {issue.field}: {issue.message}", file=sys.stderr)
            for duplicate in result.duplicates:
                print(
                    f"line {item.line}: possible duplicate of id {duplicate.other.id} "
                    f"({duplicate.reason})",
                    file=sys.stderr,
                )
    print(f"Imported {saved} row(s) into sheet {sheet.id}; {failed} not saved (see above).")
    return 0 if not failed else 1


# Double entry: a second, blind typing of each sheet ------------------------------

_COMPARE_EXAMPLE = """example:
  actionkit event double-entry 2026-12-10-koln on
  (a second volunteer types each sheet again, in the app: Second typing)
  actionkit sheets compare K7Q2-9XHM              # the rows where the typings differ
  actionkit sheets decide K7Q2-9XHM 4 second      # row 4 as the second typing has it

exit status: 0 when every difference is decided, 3 while some are left."""


def cmd_event_double_entry(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.double_entry import set_double_entry

    with _store(paths) as store:
        set_double_entry(store, args.event, args.state == "on")
    if args.state == "on":
        print(
            f"Double entry is on for {args.event}: type each sheet a second time in the app "
            "(Second typing), then compare with `actionkit sheets compare SHEET`."
        )
    else:
        print(f"Double entry is off for {args.event}.")
    return 0


def _typed_value(signer: Any, field: str) -> str:
    if signer is None:
        return "(not typed)"
    value = getattr(signer, field)
    if field == "consent":
        return "yes" if value else "no"
    if field == "flags":
        return ",".join(sorted(value))
    return str(value)


def _typed_record(signer: Any, fields: tuple[str, ...]) -> dict[str, object] | None:
    if signer is None:
        return None
    return {f: getattr(signer, f) if f == "consent" else _typed_value(signer, f) for f in fields}


def _double_entry_summary(state: Any) -> str:
    if state.typed_second == 0:
        return f"Sheet {state.sheet_id}: not typed a second time yet."
    return (
        f"Sheet {state.sheet_id}: {state.typed_twice} row(s) typed twice, {state.agreeing} "
        f"agree, {state.decided} decided, {state.undecided} to decide"
        + (": checked." if state.checked else ".")
    )


def cmd_sheets_compare(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import print_records
    from actionkit.core.signatures.double_entry import COMPARED, differences, status

    with _store(paths) as store:
        found = differences(store, args.sheet)
        state = status(store, args.sheet)
    rows = [
        [str(d.row_number), field, _typed_value(d.first, field), _typed_value(d.second, field)]
        for d in found
        for field in d.fields
    ]
    records = [
        {
            "sheet": d.sheet_id,
            "row": d.row_number,
            "fields": list(d.fields),
            "first": _typed_record(d.first, COMPARED),
            "second": _typed_record(d.second, COMPARED),
        }
        for d in found
    ]
    print_records(("row", "field", "first typing", "second typing"), rows, records, args.format)
    print(_double_entry_summary(state), file=sys.stderr)
    return 0 if state.checked else 3


def cmd_sheets_decide(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.double_entry import decide, status

    with _store(paths) as store:
        decide(store, args.sheet, args.row, args.keep)
        state = status(store, args.sheet)
    print(f"Row {args.row} of sheet {state.sheet_id}: kept the {args.keep} typing.")
    print(_double_entry_summary(state))
    return 0


def _register_double_entry(events: Any, sheets: Any) -> None:
    switch = events.add_parser(
        "double-entry",
        help="have every sheet of an event typed a second time, blind, and compared",
        description=textwrap.fill(
            "Switch the double-entry check on or off for an event: a second "
            "volunteer types each sheet again without seeing the first typing, and the rows "
            "where the two differ are decided one by one (sheets compare, sheets decide)."
        ),
        epilog=_COMPARE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    switch.add_argument("event", metavar="SLUG")
    switch.add_argument("state", choices=("on", "off"))
    switch.set_defaults(handler=cmd_event_double_entry, writes_store="event double-entry")
    compare = sheets.add_parser(
        "compare",
        help="the rows where a sheet's two typings differ (double entry)",
        description=textwrap.fill(
            "List the undecided rows where the second, blind typing of a sheet "
            "differs from the first: each differing field with both typings. A row typed in "
            "only one of them is a difference too. Rows that agree are checked."
        ),
        epilog=_COMPARE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("sheet")
    compare.add_argument("--format", choices=FORMATS, default="table")
    compare.set_defaults(handler=cmd_sheets_compare)
    decision = sheets.add_parser(
        "decide",
        help="decide one row where a sheet's two typings differ",
        description=textwrap.fill(
            "Keep the first typing of a row as it is, or make the row what the "
            "second typing says (the row's earlier values are kept in its history)."
        ),
        epilog=_COMPARE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    decision.add_argument("sheet")
    decision.add_argument("row", type=int)
    decision.add_argument("keep", choices=("first", "second"))
    decision.set_defaults(handler=cmd_sheets_decide, writes_store="sheets decide")


def register(sub: Any) -> None:
    actions = command_group(sub, "event", "create and list events", "Events where people sign.")
    create = actions.add_parser("create", help="a new event")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--date",
        required=True,
        help="the date as you write it: 2026-12-10, or in the --locale's form "
        "(de 10.12.2026; fr, es, en_GB 10/12/2026; en_US 12/10/2026; fa ۱۴۰۵/۹/۱۹ or 2026/12/10)",
    )
    create.add_argument(
        "--locale",
        help="whose date form --date is in, e.g. de, en_US, en_GB, fa (default: the interface "
        "language of the settings with the region of the system locale)",
    )
    create.add_argument("--start", default="", help="start time, e.g. 19:30, 19h30, 7:30 pm")
    create.add_argument("--end", default="", help="end time, after the start")
    create.add_argument(
        "--lang", type=_languages, default=("en",), help="languages of its sheets, e.g. fa,de"
    )
    for option in ("place", "city", "country", "organizer"):
        create.add_argument(f"--{option}", default="")
    create.add_argument("--slug", help="short id (default: date and city)")
    create.set_defaults(handler=cmd_event_create, writes_store="event create")
    listing = actions.add_parser("list", help="all events with sheet and signature counts")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=cmd_event_list)
    event_actions = actions

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
    printing.add_argument(
        "--controller",
        metavar="NAME",
        help="who collects the signers' details (the data controller), printed on the "
        "sheet (default: Settings; if unset there, the organizer, then the campaign)",
    )
    printing.add_argument(
        "--contact",
        metavar="ADDRESS",
        help="where signers write to withdraw (default: Settings; if unset there, "
        "a blank line to fill in by hand)",
    )
    printing.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    printing.set_defaults(handler=cmd_sheets_print, writes_store="sheets print")
    listing = actions.add_parser(
        "list", help="sheets: entered, marked and flagged rows against the paper count"
    )
    listing.add_argument("--event", metavar="SLUG")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=cmd_sheets_list)
    count = actions.add_parser("count", help="record how many rows are filled on the paper sheet")
    count.add_argument("sheet")
    count.add_argument("count", type=int)
    count.set_defaults(handler=cmd_sheets_count, writes_store="sheets count")
    _register_double_entry(event_actions, actions)

    actions = command_group(
        sub, "signatures", "add, list and import signatures", "Rows typed in from the paper sheets."
    )
    add = actions.add_parser(
        "add",
        help="enter one row of a sheet (for trying things out)",
        description="Enter one row of a sheet. What you type here is visible to other users "
        "in the process list and stays in your shell's history: type real signers in the "
        "app, or use import-csv.",
    )
    add.add_argument("--sheet", required=True)
    add.add_argument("--row", type=int, required=True)
    for name in ("first_name", "last_name", "email", "city", "postal_code", "country"):
        add.add_argument("--" + name.replace("_", "-"), dest=name, default="")
    add.add_argument("--consent", action="store_true", help="the contact box is ticked")
    add.add_argument("--flag", action="append", choices=("illegible", "declined"))
    add.add_argument("--entered-by", default="", help="who typed it in")
    add.set_defaults(handler=cmd_signatures_add, writes_store="signatures add")
    delete = actions.add_parser("delete", help="delete a row (kept as a tombstone until export)")
    delete.add_argument("id", type=int)
    delete.set_defaults(handler=cmd_signatures_delete, writes_store="signatures delete")
    listing = actions.add_parser("list", help="entered rows")
    listing.add_argument("--event", metavar="SLUG")
    listing.add_argument("--include-deleted", action="store_true")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=cmd_signatures_list)
    importing = actions.add_parser(
        "import-csv",
        help="rows of one sheet from a CSV file",
        description="Rows of one sheet from a CSV file with a header row (first_name and/or "
        "last_name, and any of email, city, country, postal_code, consent, flags, row). "
        "Any line ending; fields up to 1,000 characters; a row that cannot be used is "
        "named by its line and skipped, the others are saved.",
    )
    importing.add_argument("file")
    importing.add_argument("--sheet", required=True)
    importing.add_argument(
        "--encoding",
        help="e.g. cp1256 for Excel on Persian Windows (default: detect UTF-8, UTF-16, "
        "Windows-1252 or Windows-1256; says so when unsure)",
    )
    importing.add_argument("--entered-by", default="")
    importing.set_defaults(handler=cmd_signatures_import, writes_store="signatures import-csv")
