"""`actionkit event|sheets|signatures|export|merge`: events and signer data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionkit.cli import EXIT_PARTIAL
from actionkit.cli.output import add_format, command_group, examples, said
from actionkit.cli.session import open_store as _store
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.marks import MARK_WORDS, MARKED_PHRASE, MARKS
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
    if args.format == "json":
        from dataclasses import asdict

        from actionkit.cli.output import print_json

        record = asdict(event)
        record.pop("id")
        print_json(record)
        return 0
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
    from actionkit.cli.streams import STDIO, binary_stdout

    output: Any = binary_stdout() if args.output == STDIO else check_target(Path(args.output))
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
    said_where = sys.stderr if args.output == STDIO else sys.stdout
    if args.format == "json":
        from actionkit.cli.output import print_json

        record = {
            "file": args.output,
            "event": args.event,
            "sheets": [s.id for s in sheets],
            "warnings": [said(w) for w in result.warnings],
        }
        print_json(record, said_where)
        return 0
    where = "standard output" if args.output == STDIO else output
    print(
        f"Wrote {where}: {len(sheets)} sheet(s) for {args.event}: "
        + ", ".join(s.id for s in sheets),
        file=said_where,
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
    records = [_sheet_record(s) for s in sheets]
    print_records(
        ("sheet", "event", "languages", "entered", "on paper", "marked", "flagged", "state"),
        rows,
        records,
        args.format,
    )
    return 0


def _sheet_record(s: Any) -> dict[str, Any]:
    return {
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


def cmd_sheets_count(args: argparse.Namespace, paths: AppPaths) -> int:
    with _store(paths) as store:
        sheet = store.set_paper_count(args.sheet, args.count)
    status = 0 if sheet.state == "complete" else EXIT_PARTIAL
    if args.format == "json":
        from actionkit.cli.output import print_json

        print_json(_sheet_record(sheet))
        return status
    gaps = f" ({sheet.missing} row(s) not entered)" if sheet.missing else ""
    beyond = f" ({sheet.extra} row(s) beyond the paper count)" if sheet.extra else ""
    print(
        f"Sheet {sheet.id}: {sheet.entered} entered, {sheet.paper_count} on paper: "
        f"{sheet.state}{beyond or gaps}"
    )
    return status


def _report(result: SaveResult, fmt: str) -> None:
    s = result.signature
    if fmt == "json":
        from actionkit.cli.output import print_json

        print_json(
            {
                "id": s.id,
                "sheet": s.sheet_id,
                "row": s.row_number,
                "warnings": [{"field": i.field, "message": i.message} for i in result.warnings],
                "possible_duplicates": [d.other.id for d in result.duplicates],
            }
        )
    else:
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
        _report(
            store.add_row(args.sheet, args.row, _signer(values), entered_by=args.entered_by),
            args.format,
        )
    return 0


def cmd_signatures_delete(args: argparse.Namespace, paths: AppPaths) -> int:
    with _store(paths) as store:
        signature = store.delete_row(args.id)
    if args.format == "json":
        from actionkit.cli.output import print_json

        print_json({"id": signature.id, "sheet": signature.sheet_id, "row": signature.row_number})
        return 0
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
        "marked",  # a paper row with no signer to type: illegible, declined, empty
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
            "; ".join(MARK_WORDS[mark] for mark in MARKS if mark in s.flags),
        ]
        for s in signatures
    ]
    records = [dict(zip(headers, r, strict=True)) for r in rows]
    print_records(headers, rows, records, args.format)
    return 0


def cmd_signatures_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.csv_import import RefusedLine, signer_rows
    from actionkit.core.signatures.store import ValidationFailed

    text, name = _read_csv(args.file, args.encoding)
    rows = signer_rows(text, name, _csv_fields())
    saved = failed = 0
    refused: list[dict[str, Any]] = []
    with _store(paths) as store:
        sheet = store.sheet(args.sheet)
        next_row = 1
        for item in rows:
            if isinstance(item, RefusedLine):
                failed += 1
                refused.append({"line": item.line, "reason": item.reason})
                print(f"line {item.line}: {item.reason}", file=sys.stderr)
                continue
            row = item.row or next_row
            try:
                result = store.add_row(
                    sheet.id, row, _signer(item.values), entered_by=args.entered_by
                )
            except (ValidationFailed, ActionKitError) as exc:
                failed += 1
                refused.append({"line": item.line, "reason": str(exc)})
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
        sheet = store.sheet(sheet.id)  # the counts after the import
    beyond = sheet.extra if sheet.paper_count is not None else 0
    if args.format == "json":
        from actionkit.cli.output import print_json

        print_json(
            {
                "sheet": sheet.id,
                "imported": saved,
                "not_saved": refused,
                "paper_count": sheet.paper_count,
                "beyond_paper_count": beyond,
            }
        )
    else:
        text = f"Imported {saved} row(s) into sheet {sheet.id}"
        if failed:
            text += f"; {failed} not saved (see above)"
        if beyond:  # as `sheets count` says it: the count or a row number is wrong
            text += (
                f"; {beyond} row(s) beyond the paper count ({sheet.paper_count} on paper): "
                "check the count or the row numbers"
            )
        print(text + ".")
    # Some rows not saved (each refused line was named), or rows beyond the paper count.
    return 0 if not failed and not beyond else EXIT_PARTIAL


def _read_csv(file: str, encoding: str | None) -> tuple[str, str]:
    """The decoded text of a CSV file, or of standard input for `-`, and its name in
    messages: the same decoding and the same size limit either way."""
    from actionkit.cli.streams import STDIO, read_stdin
    from actionkit.core.signatures.csv_import import MAX_CSV_BYTES, decode_csv, read_csv_file

    if file == STDIO:
        return decode_csv(read_stdin(MAX_CSV_BYTES, "a CSV import"), "stdin", encoding), "stdin"
    path = Path(file)
    return read_csv_file(path, encoding), path.name  # core: encodings, limits, line endings


# Double entry: a second, blind typing of each sheet ------------------------------

_COMPARE_EXAMPLE = """Examples:
  actionkit event double-entry 2026-12-10-koln on  # a second volunteer types each sheet
  actionkit sheets compare K7Q2-9XHM               # the rows where the typings differ
  actionkit sheets decide K7Q2-9XHM 4 second       # row 4 as the second typing has it

Exit status of compare: 0 when every difference is decided, 3 while some are left."""


def cmd_event_double_entry(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.double_entry import set_double_entry

    with _store(paths) as store:
        set_double_entry(store, args.event, args.state == "on")
    if args.format == "json":
        from actionkit.cli.output import print_json

        print_json({"event": args.event, "double_entry": args.state == "on"})
    elif args.state == "on":
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
    return 0 if state.checked else EXIT_PARTIAL  # differences left to decide


def cmd_sheets_decide(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.double_entry import decide, status

    with _store(paths) as store:
        decide(store, args.sheet, args.row, args.keep)
        state = status(store, args.sheet)
    if args.format == "json":
        from actionkit.cli.output import print_json

        print_json(
            {
                "sheet": state.sheet_id,
                "row": args.row,
                "kept": args.keep,
                "to_decide": state.undecided,
                "checked": state.checked,
            }
        )
        return 0
    print(f"Row {args.row} of sheet {state.sheet_id}: kept the {args.keep} typing.")
    print(_double_entry_summary(state))
    return 0


def _register_double_entry(events: Any, sheets: Any) -> None:
    switch = events.add_parser(
        "double-entry",
        help="have every sheet of an event typed a second time, blind, and compared",
        description="Switch the double-entry check on or off for an event: a second "
        "volunteer types each sheet again without seeing the first typing, and the rows "
        "where the two differ are decided one by one (sheets compare, sheets decide).",
        epilog=_COMPARE_EXAMPLE,
    )
    switch.add_argument("event", metavar="SLUG", help="the event (see `actionkit event list`)")
    switch.add_argument("state", choices=("on", "off"), help="switch it on or off")
    add_format(switch)
    switch.set_defaults(handler=cmd_event_double_entry, writes_store="event double-entry")
    compare = sheets.add_parser(
        "compare",
        help="the rows where a sheet's two typings differ (double entry)",
        description="List the undecided rows where the second, blind typing of a sheet "
        "differs from the first: each differing field with both typings. A row typed in "
        "only one of them is a difference too. Rows that agree are checked.",
        epilog=_COMPARE_EXAMPLE,
    )
    compare.add_argument("sheet", help="the sheet's id, as printed on it (K7Q2-9XHM)")
    add_format(compare, rows=True)
    compare.set_defaults(handler=cmd_sheets_compare)
    decision = sheets.add_parser(
        "decide",
        help="decide one row where a sheet's two typings differ",
        description="Keep the first typing of a row as it is, or make the row what the "
        "second typing says (the row's earlier values are kept in its history).",
        epilog=_COMPARE_EXAMPLE,
    )
    decision.add_argument("sheet", help="the sheet's id, as printed on it")
    decision.add_argument("row", type=int, help="the row number on the paper")
    decision.add_argument("keep", choices=("first", "second"), help="which typing the row keeps")
    add_format(decision)
    decision.set_defaults(handler=cmd_sheets_decide, writes_store="sheets decide")


def _register_events(sub: Any) -> Any:
    actions = command_group(
        sub,
        "event",
        "create and list events",
        "Events where people sign.",
        "actionkit event list --format json",
    )
    create = actions.add_parser(
        "create",
        help="a new event",
        description="A new event: where and when people sign, and the languages of its "
        "sheets. Prints the event's id (its slug), which the other commands take.",
        epilog=examples(
            'actionkit event create --name "Rally for Narges" --date 10.12.2026 --locale de '
            "--start 14:00 --city Köln --lang fa,de"
        ),
    )
    create.add_argument("--name", required=True, help="the event's name, as printed on sheets")
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
    for option, what in (
        ("place", "where in the city, e.g. Neumarkt"),
        ("city", "the city (also part of the default id)"),
        ("country", "the country"),
        ("organizer", "the group that organizes it"),
    ):
        create.add_argument(f"--{option}", default="", help=what)
    create.add_argument("--slug", help="short id (default: date and city)")
    add_format(create)
    create.set_defaults(handler=cmd_event_create, writes_store="event create")
    listing = actions.add_parser(
        "list",
        help="all events with sheet and signature counts",
        description="Every event with its date, time, city, and how many sheets and "
        "signatures it has.",
        epilog=examples("actionkit event list --format csv > events.csv"),
    )
    add_format(listing, rows=True)
    listing.set_defaults(handler=cmd_event_list)
    return actions


def _register_sheets(sub: Any) -> Any:
    actions = command_group(
        sub,
        "sheets",
        "print, list and scan signature sheets",
        "Numbered paper sheets, each with its own id; photos of filled ones read back.",
        "actionkit sheets print --event 2026-12-10-koln --count 10 -o sheets.pdf",
    )
    printing = actions.add_parser(
        "print",
        help="create sheet ids for an event and print them as a PDF",
        description="Create new sheet ids for an event and write them as one PDF, a page "
        "a sheet. With -o - the PDF goes to standard output (not to a terminal) and the "
        "message to stderr.",
        epilog=examples(
            "actionkit sheets print --event 2026-12-10-koln --count 10 -o sheets.pdf",
            "actionkit sheets print --event 2026-12-10-koln -o - | lp  # straight to the printer",
        ),
    )
    printing.add_argument(
        "--event", required=True, metavar="SLUG", help="the event (see `actionkit event list`)"
    )
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
    printing.add_argument(
        "--paper", choices=("A4", "Letter"), default="A4", help="paper size (default A4)"
    )
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
    printing.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.pdf",
        help="where to write the PDF; - for standard output",
    )
    add_format(printing)
    printing.set_defaults(handler=cmd_sheets_print, writes_store="sheets print")
    listing = actions.add_parser(
        "list",
        help="sheets: entered, marked and flagged rows against the paper count",
        description=f"Each sheet with its rows entered, {MARKED_PHRASE}, and flagged,"
        " against the count on the paper; a sheet is complete when every row up to "
        "that count is entered and none lies beyond it.",
        epilog=examples("actionkit sheets list --event 2026-12-10-koln"),
    )
    listing.add_argument("--event", metavar="SLUG", help="one event's sheets (default: all)")
    add_format(listing, rows=True)
    listing.set_defaults(handler=cmd_sheets_list)
    count = actions.add_parser(
        "count",
        help="record how many rows are filled on the paper sheet",
        description="Record how many rows are filled on the paper, to check the typing "
        "against it. Exit status 3 while the sheet is not complete (rows missing or beyond "
        "the count).",
        epilog=examples("actionkit sheets count K7Q2-9XHM 12"),
    )
    count.add_argument("sheet", help="the sheet's id, as printed on it")
    count.add_argument("count", type=int, help="rows filled in on the paper")
    add_format(count)
    count.set_defaults(handler=cmd_sheets_count, writes_store="sheets count")
    return actions


def _register_signatures(sub: Any) -> None:
    actions = command_group(
        sub,
        "signatures",
        "add, list and import signatures",
        "Rows typed in from the paper sheets.",
        "actionkit signatures import-csv typed.csv --sheet K7Q2-9XHM",
    )
    add = actions.add_parser(
        "add",
        help="enter one row of a sheet (for trying things out)",
        description="Enter one row of a sheet. What you type here is visible to other users "
        "in the process list and stays in your shell's history: type real signers in the "
        "app, or use import-csv.",
        epilog=examples(
            "actionkit signatures add --sheet K7Q2-9XHM --row 1 --first-name Sara "
            "--email sara@example.org --consent"
        ),
    )
    add.add_argument("--sheet", required=True, help="the sheet's id, as printed on it")
    add.add_argument("--row", type=int, required=True, help="the row number on the paper")
    for name, what in (
        ("first_name", "first name"),
        ("last_name", "last name"),
        ("email", "email address (checked for its form only)"),
        ("city", "city"),
        ("postal_code", "postcode"),
        ("country", "country"),
    ):
        add.add_argument("--" + name.replace("_", "-"), dest=name, default="", help=what)
    add.add_argument("--consent", action="store_true", help="the contact box is ticked")
    add.add_argument(
        "--flag",
        action="append",
        choices=MARKS,
        help="mark the paper row illegible, declined by the signer, or blank (empty or "
        "crossed out: nothing else may be given then); repeatable",
    )
    add.add_argument("--entered-by", default="", help="who typed it in")
    add_format(add)
    add.set_defaults(handler=cmd_signatures_add, writes_store="signatures add")
    delete = actions.add_parser(
        "delete",
        help="delete a row (kept as a tombstone until export)",
        description="Delete a typed row. The row number stays taken by a tombstone until "
        "the next export, so the sheet's count still adds up.",
        epilog=examples("actionkit signatures delete 42"),
    )
    delete.add_argument("id", type=int, help="the row's id (see `actionkit signatures list`)")
    add_format(delete)
    delete.set_defaults(handler=cmd_signatures_delete, writes_store="signatures delete")
    listing = actions.add_parser(
        "list",
        help="entered rows",
        description="The rows typed in, with their sheet and row number and consent. "
        "They are signers' personal data: keep the output off shared screens and files.",
        epilog=examples("actionkit signatures list --event 2026-12-10-koln --format json"),
    )
    listing.add_argument("--event", metavar="SLUG", help="one event's rows (default: all)")
    listing.add_argument(
        "--include-deleted", action="store_true", help="also deleted rows (tombstones)"
    )
    add_format(listing, rows=True)
    listing.set_defaults(handler=cmd_signatures_list)
    importing = actions.add_parser(
        "import-csv",
        help="rows of one sheet from a CSV file (- for standard input)",
        description="Rows of one sheet from a CSV file with a header row (first_name and/or "
        "last_name, and any of email, city, country, postal_code, consent, flags, row). "
        "Any line ending; fields up to 1,000 characters; a row that cannot be used is "
        "named by its line and skipped, the others are saved (exit status 3). Rows beyond the "
        "sheet's paper count (sheets count) are saved and said (exit status 3). FILE - reads "
        "standard input, decoded and limited as a file is.",
        epilog=examples(
            "actionkit signatures import-csv typed.csv --sheet K7Q2-9XHM",
            "actionkit signatures import-csv - --sheet K7Q2-9XHM < typed.csv",
        ),
    )
    importing.add_argument("file", metavar="FILE", help="the CSV file, or - for standard input")
    importing.add_argument("--sheet", required=True, help="the sheet's id, as printed on it")
    importing.add_argument(
        "--encoding",
        help="e.g. cp1256 for Excel on Persian Windows (default: detect UTF-8, UTF-16, "
        "Windows-1252 or Windows-1256; says so when unsure)",
    )
    importing.add_argument("--entered-by", default="", help="who typed the rows in")
    add_format(importing)
    importing.set_defaults(handler=cmd_signatures_import, writes_store="signatures import-csv")


def register(sub: Any) -> None:
    events = _register_events(sub)
    sheets = _register_sheets(sub)
    _register_double_entry(events, sheets)
    from actionkit.cli import scanning

    scanning.register(sheets)
    _register_signatures(sub)
