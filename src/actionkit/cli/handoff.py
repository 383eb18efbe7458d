"""`actionkit export|merge|purge|exports|lock`: handing signers over, and after."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from actionkit.cli.output import add_format, examples, print_json, progress_printer
from actionkit.cli.session import open_store as _store
from actionkit.cli.session import read_secret
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.lock import MIN_PASSPHRASE


def _password(args: argparse.Namespace) -> str | None:
    file = getattr(args, "password_file", None)
    return read_secret(file, "password") if file else None


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.file_output import STDOUT, binary_stdout, output_format, print_summary
    from actionkit.core.signatures.export import export_csv, export_xlsx, load_presets

    presets = load_presets(paths.config_dir)
    if args.preset not in presets:
        offered = "\n".join(f"  {name}: {preset.label}" for name, preset in presets.items())
        raise ActionKitError(f"No export preset {args.preset!r}; choose one of:\n{offered}")
    preset = presets[args.preset]
    kind = output_format(args.format, args.output)
    password = _password(args)
    seal_to = _seal_to(args, paths)
    if (password or seal_to) and kind == "csv":
        raise ActionKitError("A CSV file cannot be protected or sealed; export xlsx instead.")
    if args.delimiter and kind != "csv":
        raise ActionKitError("--delimiter is for CSV; an .xlsx workbook has cells, not one.")
    delimiter = _delimiter(args, paths, preset.formulas) if kind == "csv" else None
    on_stdout = args.output == STDOUT
    target = binary_stdout(kind) if on_stdout else Path(args.output)

    with _store(paths) as store:
        if kind == "xlsx":
            result = export_xlsx(
                store,
                target,
                preset,
                event=args.event,
                consented_only=args.consented_only,
                password=password,
                seal_to=seal_to,
                progress=_progress("exporting signers"),
            )
        else:
            result = export_csv(
                store,
                target,
                preset,
                event=args.event,
                consented_only=args.consented_only,
                progress=_progress("exporting signers"),
                delimiter=delimiter,
            )
    how = [
        w for w, on in (("password-protected", password), ("sealed to the centre", seal_to)) if on
    ]
    where = "stdout" if on_stdout else str(result.path)
    text = f"Wrote {result.rows} signer(s) to {where}" if on_stdout else f"Wrote {where}: "
    if not on_stdout:
        text += f"{result.rows} signer(s)"
    text += f" ({', '.join(how)})." if how else "."
    _say_left_out_and_notes(result, preset)
    flagged = result.formulas_flagged
    if flagged:
        from actionkit.core.signatures.csv_write import describe_cells

        print(
            f"note: {len(flagged)} value(s) start like a spreadsheet formula "
            f"(= + - @) and were written as they are, as the {preset.name!r} preset asks: "
            f"{describe_cells(flagged, limit=len(flagged))}. Check them before the import.",
            file=sys.stderr,
        )
    summary = {
        "file": where,
        "format": kind,
        "rows": result.rows,
        "preset": preset.name,
        "event": args.event,
        "consented_only": bool(args.consented_only or preset.consented_only),
        "delimiter": delimiter,
        "password_protected": bool(password),
        "sealed": bool(seal_to),
        "purged_left_out": result.purged_left_out,
        "unconsented_left_out": result.unconsented_left_out,
        "flagged_left_out": result.flagged_left_out,
        "missing_left_out": result.missing_left_out,
        "notes": list(result.notes),
        "formulas_flagged": [
            {"line": c.line, "column": c.column, "sheet": c.sheet, "row": c.row} for c in flagged
        ],
    }
    print_summary(summary, text, as_json=args.summary == "json", file_on_stdout=on_stdout)
    return 0


def _delimiter(args: argparse.Namespace, paths: AppPaths, rule: str) -> str:
    """--delimiter, else the default: for a CRM preset a comma (what CRMs document); for a
    spreadsheet the system locale's (Settings' UI language when the system names none)."""
    from actionkit.core.signatures.csv_write import (
        csv_locale,
        default_delimiter,
        parse_delimiter,
        system_locale,
    )

    if args.delimiter:
        return parse_delimiter(args.delimiter)
    if rule != "guard":
        return ","
    from actionkit.core.settings import load_settings

    language = load_settings(paths.settings_file).settings.ui_language
    return default_delimiter(csv_locale(system_locale(), language))


def _say_left_out_and_notes(result: Any, preset: Any) -> None:
    """Who the export left out for want of consent, and what a value form could not do
    (a value cut to the CRM's limit, a country left as typed): on stderr, as warnings."""
    if result.unconsented_left_out:
        why = f" ({preset.name} takes only people who opted in)" if preset.consented_only else ""
        print(
            f"Left out {result.unconsented_left_out} signer(s) without consent{why}.",
            file=sys.stderr,
        )
    if result.flagged_left_out:
        print(
            f"Left out {result.flagged_left_out} row(s) marked"
            f" {' or '.join(preset.leave_out_flags)} ({preset.name} has no person to take"
            " from them).",
            file=sys.stderr,
        )
    missing = getattr(result, "missing_left_out", 0)
    if missing:
        print(
            f"Left out {missing} row(s) without {' or '.join(preset.requires)}"
            f" ({preset.name} needs it to tell people apart).",
            file=sys.stderr,
        )
    for note in result.notes[:20]:
        print(f"note: {note}", file=sys.stderr)
    if len(result.notes) > 20:
        print(f"note: ... and {len(result.notes) - 20} more", file=sys.stderr)


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
    """Progress on stderr: on a terminal, one line rewritten in place that ends when the
    work does; elsewhere (a log, a pipe) nothing but the last step, on a line of its own."""
    return progress_printer(label)


def _identity(args: argparse.Namespace) -> str | None:
    return read_secret(args.identity, "private key") if args.identity else None


def cmd_merge(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.file_output import STDOUT, binary_stdout, output_format, print_summary
    from actionkit.core.signatures.merge import (
        MergeOptions,
        merge_exports,
        merge_to_stream,
        parse_decisions,
        write_decisions,
    )
    from actionkit.core.signatures.merge_presets import presets_in

    to_stdout = args.output == STDOUT
    fmt = output_format(args.format, args.output)
    if args.delimiter is not None and fmt != "csv":
        raise ActionKitError("--delimiter is for CSV output; this merge writes xlsx.")
    rule = "guard"
    if args.preset is not None:
        presets = presets_in(paths.config_dir)
        if args.preset not in presets:
            raise ActionKitError(
                f"No export preset {args.preset!r}; choose one of {', '.join(presets)}."
            )
        rule = presets[args.preset].formulas
    options = MergeOptions(
        preset=args.preset,
        format=fmt,
        consented_only=args.consented_only,
        delimiter=_delimiter(args, paths, rule) if fmt == "csv" else None,
        decisions=parse_decisions(args.same or (), args.different or ()),
        config_dir=paths.config_dir,
    )
    files = [Path(f) for f in args.files]
    if args.files.count("-") > 1:
        raise ActionKitError("Standard input (-) can be given once: it holds one file.")
    if "-" in args.files:
        from dataclasses import replace

        from actionkit.cli.streams import read_stdin
        from actionkit.core.signatures.merge_read import MAX_FILE_BYTES

        # Held in memory (a file read from stdin is never written anywhere else).
        options = replace(options, stdin=read_stdin(MAX_FILE_BYTES, "a file to merge"))
    if args.decisions_out and any(Path(args.decisions_out).resolve() == f.resolve() for f in files):
        raise ActionKitError(f"{args.decisions_out} is one of the files to merge.")
    common: dict[str, Any] = {
        "password": _password(args),
        "identity": _identity(args),
        "progress": _progress("merging files"),
        "options": options,
    }
    if to_stdout:
        stream = binary_stdout(fmt)
        report = merge_to_stream(files, stream, **common)
        stream.flush()
    else:
        report = merge_exports(files, Path(args.output), pending=paths.data_dir, **common)
    if args.decisions_out:
        # For people, in a spreadsheet: spreadsheet CSV (BOM, formulas guarded, the
        # locale's delimiter unless --delimiter says), whatever the signers' CSV is.
        write_decisions(
            report,
            Path(args.decisions_out),
            delimiter=_delimiter(args, paths, "guard"),
            pending=paths.data_dir,
        )
    shown = "standard output" if to_stdout else args.output
    text = "\n".join([*report.lines(), f"Wrote {shown}."])
    print_summary(
        report.as_json(shown), text, as_json=args.summary == "json", file_on_stdout=to_stdout
    )
    from actionkit.cli import EXIT_OK, EXIT_PARTIAL

    return EXIT_PARTIAL if report.files_failed else EXIT_OK


def cmd_purge(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.purge import plan_purge, purge_event

    # With json, stdout is for the JSON alone: the plan and the question go to stderr.
    said = sys.stderr if args.format == "json" else sys.stdout
    with _store(paths) as store:
        plan = plan_purge(store, args.event)
        print(plan.describe(), file=said)
        if not plan.exported:
            print("It has NOT been exported with all its signers.", file=sys.stderr)
        else:
            last = plan.exported[-1]
            print(f"Last exported {last.at} to {last.file_name} ({last.rows} rows).", file=said)
            if plan.unexported:
                print(
                    f"{plan.unexported} row(s) were entered or corrected after that export;"
                    " export the event again first.",
                    file=sys.stderr,
                )
        if not args.yes:
            print("Type the event's id to confirm: ", end="", file=said, flush=True)
            answer = input().strip()
            if answer != args.event:
                print("Nothing was deleted.", file=said)
                return 1
        purge_event(store, args.event, unexported_ok=args.yes and args.even_if_not_exported)
    if args.format == "json":
        print_json({"event": args.event, "purged_rows": plan.rows})
    else:
        print(f"Purged {plan.rows} row(s) of {args.event}.")
    return 0


def cmd_lock(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.session import PASSPHRASE
    from actionkit.core.signatures.lock import (
        change_passphrase,
        is_locked,
        lock_store,
        recover_interrupted,
    )
    from actionkit.core.signatures.store import STORE_FILE

    new = read_secret(args.new_passphrase_file, "new passphrase")
    paths.ensure()
    store = paths.data_dir / STORE_FILE
    recovered = recover_interrupted(store)  # an earlier lock cut short: settle it first
    if recovered is not None:
        print(f"actionkit: note: {recovered.describe()}", file=sys.stderr)
    if is_locked(store):
        old = PASSPHRASE.get()
        if not old:
            raise ActionKitError(
                "The store is locked: give the current one with --passphrase-file."
            )
        change_passphrase(store, old, new)
        if args.format == "json":
            print_json({"store": store.name, "locked": True, "passphrase_changed": True})
        else:
            print("Passphrase changed. Keep it safe: without it the signers cannot be read.")
    else:
        _store(paths).close()  # creates or updates the store before it is encrypted
        lock_store(store, new)
        if args.format == "json":
            print_json({"store": store.name, "locked": True, "passphrase_changed": False})
        else:
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
    export = sub.add_parser(
        "export",
        help="signers as a spreadsheet for the central campaign",
        description="\n\n".join(
            textwrap.fill(paragraph, 78)
            for paragraph in (
                "Write signers as .xlsx or CSV in a preset column layout.",
                "The format follows the output's name (.xlsx, .xlsx.age, .csv) unless "
                "--format is given; a name and a --format that disagree are refused. -o - "
                "writes to stdout (then --format is required, and the summary goes to "
                "stderr).",
                "CSV for a spreadsheet preset is UTF-8 with a byte order mark, split by your "
                "locale's delimiter (';' where numbers have a decimal comma), and a value "
                "starting with = + - @ gets an apostrophe. CSV for a CRM preset is plain "
                "UTF-8 with commas, and formula-looking values are flagged or refused as "
                "the preset says (README). Opened in Excel or LibreOffice, a CSV loses the "
                "leading zeros of postcodes (01067 becomes 1067): for a spreadsheet, export "
                ".xlsx.",
            )
        ),
        epilog=(
            "examples:\n"
            "  actionkit export --event 2026-12-10-koln -o koeln.xlsx\n"
            "  actionkit export --preset crm --consented-only -o crm.csv\n"
            "  actionkit export --delimiter ';' -o koeln.csv\n"
            "  actionkit export --format csv -o - --summary json | gzip > koeln.csv.gz"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("--event", metavar="SLUG", help="one event (default: all)")
    export.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        default=None,
        help="the file format (default: from the output's name; required with -o -)",
    )
    export.add_argument(
        "--preset",
        default="generic",
        help=(
            "column layout: generic, crm, action_network, mailchimp, nationbuilder, civicrm,"
            " or one of your own in export_presets.json in the config folder (action_network"
            " and mailchimp always leave out signers without consent)"
        ),
    )
    export.add_argument(
        "--consented-only", action="store_true", help="only signers who ticked contact"
    )
    export.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="CSV only: ',' ';' or 'tab' (default: ',' for a CRM preset; for a spreadsheet, "
        "';' where the system locale writes numbers with a decimal comma, else ',')",
    )
    export.add_argument(
        "--password-file", metavar="FILE", help="protect the .xlsx with this file's password"
    )
    export.add_argument(
        "--seal",
        action="store_true",
        help=(
            "seal to the centre's key (see `actionkit keys centre`): only the centre can "
            "open it, but a seal does not prove who made the file"
        ),
    )
    export.add_argument(
        "--seal-to", metavar="KEY_OR_FILE", help="seal to this age public key (age1... or a file)"
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the file to write (.xlsx, .xlsx.age or .csv), or - for stdout",
    )
    export.add_argument(
        "--summary",
        choices=("text", "json"),
        default="text",
        help="how to print what was written (JSON: on stderr when -o - puts the file on stdout)",
    )
    export.set_defaults(handler=cmd_export, writes_store="export")

    merge = sub.add_parser(
        "merge",
        help="merge signer spreadsheets from many organizers",
        description=(
            "Merge ActionKit exports (.xlsx of any preset, protected or sealed, and CSV "
            "exports, comma or semicolon) into one file for the central campaign.\n\n"
            "Who is one person: the same email; or the same first and last name in the "
            "same city when one of the rows has no email. The same name and city with "
            "DIFFERENT emails is a possible duplicate: both stay signers, and the pair is "
            "listed with an id (p-1a2b3c4d) in the summary and the Merged sheet, for you "
            "to decide with --same or --different (then merge again). When rows merge, "
            "consent is never lost: the signer has consent if any of its rows had it, and "
            "a consented row's email and values are kept; what it lacks is filled from "
            "the others.\n\n"
            "An .xlsx output has Signers (each person once, with the file, event, sheet "
            "and row it came from), Merged (every decision: merged, why, both rows, what "
            "was taken from which; and the pairs kept apart), Report (the files, and any "
            "skipped) and About. A CSV output holds the signers alone; write the "
            "decisions with --decisions-out. Files that cannot be read are skipped and "
            "named, and the exit status is then 3.\n\n"
            "A sealed file proves only that it was sealed to the centre's public key, "
            "which every organizer has: anyone holding that key can make one. Check who "
            "sent each file, and its row count, by another channel (docs/security.md)."
        ),
        epilog=examples(
            "actionkit merge koln.xlsx bonn.csv -o central.xlsx",
            "actionkit merge koln.xlsx bonn.csv -o central.xlsx --same p-1a2b3c4d "
            "--different p-9f8e7d6c",
            "actionkit merge koln.xlsx bonn.xlsx --preset crm --consented-only -o upload.csv "
            "--decisions-out decisions.csv",
            "actionkit merge koln.xlsx bonn.xlsx --format csv -o - --summary json > upload.csv",
        ),
    )
    merge.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="exports to merge (.xlsx, .xlsx.age or .csv); - reads one file from standard "
        "input (xlsx or CSV, told by its content)",
    )
    merge.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the merged file (.xlsx or .csv; - for standard output, with --format)",
    )
    merge.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        help="the output's file format (default: from its name; a name saying another "
        "format is refused)",
    )
    merge.add_argument(
        "--preset",
        metavar="NAME",
        help="write the signers in this export preset's columns (default: the merge's own, "
        "with where each row came from); a preset for a CRM that takes only opted-in "
        "contacts always leaves the others out",
    )
    merge.add_argument(
        "--consented-only",
        action="store_true",
        help="only signers who agreed to be contacted (the summary says how many were left out)",
    )
    merge.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="CSV field separator: ',', ';' or tab (default: your locale's for a spreadsheet "
        "layout, ';' where Excel expects it; ',' for a CRM's)",
    )
    merge.add_argument(
        "--same",
        action="append",
        metavar="PAIR",
        help="a possible duplicate (its id, as the summary prints it) is one person: "
        "merge it; may be given again, or with ids separated by commas",
    )
    merge.add_argument(
        "--different",
        action="append",
        metavar="PAIR",
        help="a possible duplicate, or a merge by name and city the summary names, is two "
        "people: keep both, and record the decision (never overridden: --same decisions that "
        "would join them are refused)",
    )
    merge.add_argument(
        "--decisions-out",
        metavar="FILE.csv",
        help="also write every decision (the Merged sheet) to this CSV file: a CSV for a "
        "spreadsheet (byte order mark, the locale's delimiter unless --delimiter is given)",
    )
    merge.add_argument(
        "--summary",
        choices=("text", "json"),
        default="text",
        help="the summary in words, or as JSON (on standard output; on standard error "
        "when the merged file goes to standard output)",
    )
    merge.add_argument("--password-file", metavar="FILE", help="password of protected input files")
    merge.add_argument(
        "--identity",
        metavar="FILE.agekey",
        help="the centre's private key, for sealed files (it opens them; it does not tell "
        "who sealed them)",
    )
    merge.set_defaults(handler=cmd_merge)

    purge = sub.add_parser(
        "purge",
        help="delete an exported event's personal data, keeping the counts",
        description=(
            "After the hand-off: blank the names, emails, cities, countries and postcodes of an "
            "event's rows, then rewrite the store so they are gone from the file. Events, "
            "sheets and row counts stay. Refused while any row of the event was entered or "
            "corrected after its last export with all signers (it says how many: export "
            "again). Also removes what interrupted exports left behind. Asks you to type the "
            "event's id unless --yes."
        ),
        epilog=examples("actionkit purge --event 2026-12-10-koln"),
    )
    purge.add_argument(
        "--event", required=True, metavar="SLUG", help="the event whose signers to delete"
    )
    purge.add_argument("--yes", action="store_true", help="do not ask")
    purge.add_argument(
        "--even-if-not-exported", action="store_true", help="with --yes: purge unexported data too"
    )
    add_format(purge)
    purge.set_defaults(handler=cmd_purge, writes_store="purge")
    lock = sub.add_parser(
        "lock",
        help="encrypt the signature store with a passphrase, or change it",
        description=(
            "Encrypt the signature store (SQLCipher; key from the passphrase by scrypt). "
            "If it is already locked, give the current passphrase with the global "
            "--passphrase-file and the new one here. Refused while the app or another "
            "command has this profile open. Crash-safe: if it is cut short, the next "
            "opening of the store finishes or undoes it and says which."
        ),
        epilog=examples(
            "actionkit lock --new-passphrase-file phrase.txt",
            "actionkit --passphrase-file old.txt lock --new-passphrase-file new.txt",
        ),
    )
    lock.add_argument(
        "--new-passphrase-file",
        required=True,
        metavar="FILE",
        help=(
            f"the new passphrase: at least {MIN_PASSPHRASE} characters not counting spaces; "
            "common passwords, keyboard runs and repeated characters are refused"
        ),
    )
    add_format(lock)
    lock.set_defaults(handler=cmd_lock, writes_store="lock")
    exports = sub.add_parser(
        "exports",
        help="the export log",
        description="When, what, how many rows, to which file.",
        epilog=examples("actionkit exports --format json"),
    )
    add_format(exports, rows=True)
    exports.set_defaults(handler=cmd_exports)
