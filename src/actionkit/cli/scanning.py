"""`actionkit sheets scan|show-row|misreads`: photos and scans of filled sheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionkit.cli import EXIT_PARTIAL
from actionkit.cli.output import add_format, examples, print_json, print_records, said
from actionkit.cli.session import open_store
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.storage import atomic_write, check_target

if TYPE_CHECKING:
    from actionkit.core.signatures.scan_import import ImportResult


# The text table's columns: the results window's words (scan.col_* in the UI files).
TABLE_HEADERS = ("image", "sheet", "rows on paper", "signers", "consent ticks", "problems")
NUMBERS = ("paper_count", "rows_filled", "consent_ticks")  # the JSON keys of the numbers


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _rows_words(numbers: list[int]) -> str:
    """'row 3', 'rows 3 and 5', 'rows 3, 5 and 7'."""
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    listed = ", ".join(str(n) for n in numbers[:-1])
    return f"rows {listed} and {numbers[-1]}"


def _record(result: ImportResult) -> dict[str, Any]:
    scan = result.scan
    crossed = [r.number for r in scan.rows if r.crossed_out] if scan else []
    return {
        "image": result.source,
        "sheet": result.sheet_id,
        "read": result.ok,
        "scan_id": scan.id if scan else None,
        "rows_filled": scan.filled if scan else None,
        "consent_ticks": scan.ticked if scan else None,
        "crossed_out": crossed,
        "filled_rows": [r.number for r in scan.rows if r.counts] if scan else [],
        "ticked_rows": [r.number for r in scan.rows if r.counts and r.ticked] if scan else [],
        "paper_count": scan.paper_rows if scan else None,
        # Each row the scanner was unsure of, and of what ("filled", "ticked",
        # "crossed_out", "covered"): the problems name them grouped, in words.
        "unsure_rows": [{"row": r.number, "doubts": list(r.doubts)} for r in scan.rows if r.doubts]
        if scan
        else [],
        "problems": [said(m) for m in ([result.refused] if result.refused else [])]
        + [said(m) for m in result.warnings]
        + ([f"Crossed out on the photo: {_rows_words(crossed)}."] if crossed else []),
    }


def cmd_sheets_scan(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import progress_printer
    from actionkit.core.signatures.scan_import import (
        apply_paper_counts,
        import_photos,
        suggested_counts,
    )

    files = [Path(name) for name in args.photos]
    for path in files:
        if not path.is_file():
            raise ActionKitError(f"{path} is not a file.", key="file.missing", path=str(path))
    with open_store(paths) as store:
        results = import_photos(store, files, progress_printer("reading photos"))
        counts = suggested_counts(results)
        if args.set_counts and counts:
            apply_paper_counts(store, counts)
    records = [_record(result) for result in results]
    refused = sum(1 for r in results if not r.ok)
    if args.format == "json":
        print_json(records)
    else:
        rows = [
            [
                r["image"],
                r["sheet"] or "",
                *("" if r[k] is None else str(r[k]) for k in NUMBERS),
                "; ".join(r["problems"]) or "none",
            ]
            for r in records
        ]
        print_records(TABLE_HEADERS, rows, records, "table")
        read = len(results) - refused
        images = _counted(len(results), "image", "images")
        print(f"\n{read} of {images} read and kept in the signature store.")
        if counts and args.set_counts:
            print("Paper counts set: " + ", ".join(f"{s} {n}" for s, n in counts.items()) + ".")
        elif counts:
            first, count = next(iter(counts.items()))
            print(
                "Count each sheet's rows on the paper too, then record the count, e.g. "
                f"`actionkit sheets count {first} {count}` (or scan again with --set-counts)."
            )
    return EXIT_PARTIAL if refused else 0


def cmd_sheets_show_row(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.scans import latest_scan, row_image, sheet_image

    if args.output != "-":
        check_target(Path(args.output))
    with open_store(paths) as store:
        sheet = store.sheet(args.sheet)
        scan = latest_scan(store, sheet.id)
        if scan is None:
            raise ActionKitError(
                f"Sheet {sheet.id} has no photo; read one with `actionkit sheets scan PHOTO`.",
                key="scan.no_scan",
                sheet=sheet.id,
            )
        if args.whole:
            data, kind = sheet_image(store, scan.id), "JPEG"
        else:
            if args.row is None:
                raise ActionKitError("Give the row number, or --whole for the whole sheet.")
            if not 1 <= args.row <= sheet.printed_rows:
                raise ActionKitError(
                    f"Sheet {sheet.id} has rows 1 to {sheet.printed_rows}.",
                    key="row.out_of_range",
                    sheet=sheet.id,
                    rows=sheet.printed_rows,
                    row=args.row,
                )
            data, kind = row_image(store, scan.id, args.row), "PNG"
    if args.output == "-":
        if sys.stdout.isatty():
            raise ActionKitError("An image on a terminal is only noise: give -o FILE or a pipe.")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(Path(args.output), write)
    if args.format == "json":
        print_json(
            {"sheet": sheet.id, "row": None if args.whole else args.row, "output": args.output,
             "format": kind.lower(), "photo": scan.source, "scan_id": scan.id}
        )  # fmt: skip
        return 0
    what = "the whole sheet" if args.whole else f"row {args.row}"
    print(f"Wrote {args.output}: {what} of sheet {sheet.id} as photographed ({kind}).")
    return 0


def cmd_sheets_misreads(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.scans import misreads

    with open_store(paths) as store:
        found = misreads(store)
    records = [{"sheet": s, "row": r, "image": source} for s, r, source in found]
    print_records(
        ("sheet", "row", "image"), [[s, str(r), src] for s, r, src in found], records, args.format
    )
    return 0


def register(sheets: Any) -> None:
    """The scanning actions under `actionkit sheets`."""
    scan = sheets.add_parser(
        "scan",
        help="read photos or scans of filled sheets (JPEG, PNG, HEIC, PDF)",
        description="Read photos or scans of filled sheets: each image is matched to its "
        "sheet by the sheet's code, straightened by the four corner marks, and read: which "
        "rows are filled, which consent boxes are ticked, which rows are crossed out (never "
        "the handwriting itself). What is read is kept with the image inside the signature "
        "store (encrypted when it is locked; `purge` deletes it), for typing the sheet with "
        "each row in view; the photo files themselves are only read. An image that cannot "
        "be read is refused with the reason (exit status 3). Real photos of sheets filled "
        "by hand could not be tested before release: if a reading is wrong, answer 'No' to "
        "'Is this right?' in the app and send `actionkit sheets misreads`.",
        epilog=examples(
            "actionkit sheets scan IMG_2041.jpg IMG_2042.heic",
            "actionkit sheets scan scans.pdf --format json",
            "actionkit sheets scan IMG_2041.jpg --set-counts  # the rows on paper as paper counts",
        ),
    )
    scan.add_argument("photos", nargs="+", metavar="PHOTO", help="image or PDF files")
    scan.add_argument(
        "--set-counts",
        action="store_true",
        help="record each sheet's rows on paper (up to the last row written in, crossed-out "
        "rows included) as its paper count (count the paper too)",
    )
    add_format(scan, listing="image")
    scan.set_defaults(handler=cmd_sheets_scan, writes_store="sheets scan")
    show = sheets.add_parser(
        "show-row",
        help="a row of a scanned sheet as photographed, as an image",
        description="Write one row of a scanned sheet (its first name, last name, email "
        "and city fields side by side in that order, from the newest photo of the sheet) "
        "as a PNG, or with --whole the whole "
        "straightened sheet as a JPEG. The image shows signers' handwriting: keep it as "
        "you keep the sheet.",
        epilog=examples(
            "actionkit sheets show-row K7Q2-9XHM 4 -o row4.png",
            "actionkit sheets show-row K7Q2-9XHM --whole -o sheet.jpg",
        ),
    )
    show.add_argument("sheet", help="the sheet's id, as printed on it")
    show.add_argument("row", type=int, nargs="?", help="the row number on the paper")
    show.add_argument("--whole", action="store_true", help="the whole sheet instead of a row")
    show.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="where to write; - for stdout"
    )
    add_format(show)
    show.set_defaults(handler=cmd_sheets_show_row)
    misread = sheets.add_parser(
        "misreads",
        help="rows whose photo reading was marked wrong, to report",
        description="The rows where the typist answered 'No' to 'Is this right?': sheet, "
        "row and the photo's file name, nothing of the signer. Send this list (and, if "
        "you can, a photo of an unfilled sheet printed the same way) to the maintainers.",
        epilog=examples("actionkit sheets misreads --format json"),
    )
    add_format(misread, rows=True)
    misread.set_defaults(handler=cmd_sheets_misreads)
