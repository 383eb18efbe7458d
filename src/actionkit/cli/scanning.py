"""`actionkit sheets scan` and `actionkit sheets show-row`: photos of filled sheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from actionkit.cli import EXIT_PARTIAL
from actionkit.cli.output import add_format, examples, said
from actionkit.cli.session import open_store as _store
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.storage import check_target


def register_scan_commands(actions: Any) -> None:
    """The scanning commands, under `actionkit sheets`."""
    scan = actions.add_parser(
        "scan",
        help="read photos or scans of filled sheets: rows filled, consent ticks",
        description="Read photos (JPEG, PNG, HEIC) or scans (PDF, a sheet a page) of "
        "filled sheets: each image is matched to its sheet by the printed id, "
        "straightened, and its rows read (filled in, consent ticked, crossed out). "
        "The straightened image is kept inside the signature store, never beside it, "
        "for typing the rows with the handwriting in view. An image that cannot be "
        "read surely is refused with the reason, and a row it is unsure of is said. "
        "The filled rows are the paper count to confirm with `actionkit sheets count`; "
        "nothing is counted until you do. Exit status 3 when some image was refused.",
        epilog=examples(
            "actionkit sheets scan IMG_1021.heic IMG_1022.heic",
            "actionkit sheets scan scans.pdf --format json  # every page of a scanner's PDF",
        ),
    )
    scan.add_argument("photos", nargs="+", metavar="PHOTO", help="photo or PDF files")
    add_format(scan)
    scan.set_defaults(handler=cmd_sheets_scan, writes_store="sheets scan")
    show = actions.add_parser(
        "show-row",
        help="write a row's handwriting (or the whole sheet) from its latest scan",
        description="Write the image of one row (its name, email and city fields, with "
        "a little margin) from the sheet's latest scan, or with --whole the whole "
        "straightened sheet. The image is the signer's handwriting: personal data. "
        "Write it somewhere only you can read, and delete it when done.",
        epilog=examples(
            "actionkit sheets show-row K7Q2-9XHM 4 -o row.png",
            "actionkit sheets show-row K7Q2-9XHM --whole -o sheet.jpg",
        ),
    )
    show.add_argument("sheet", help="the sheet's id, as printed on it")
    show.add_argument(
        "row", nargs="?", type=int, help="the row number on the paper (not with --whole)"
    )
    show.add_argument("--whole", action="store_true", help="the whole sheet instead of a row")
    show.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="where to write the image: PNG (.png) or JPEG (.jpg); - for standard output",
    )
    show.set_defaults(handler=cmd_sheets_show_row)


def _record(result: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"source": result.source, "sheet": result.sheet_id}
    if result.scan is None:
        record["refused"] = said(result.refused)
        return record
    stored = result.scan
    record.update(
        {
            "scan": stored.id,
            "filled": stored.filled,
            "ticked": stored.ticked,
            "crossed_out": [r.number for r in stored.rows if r.crossed_out],
            "rows": [
                {
                    "row": r.number,
                    "filled": r.filled,
                    "ticked": r.ticked,
                    "crossed_out": r.crossed_out,
                }
                for r in stored.rows
            ],
            "warnings": [said(w) for w in result.warnings],
        }
    )
    return record


def cmd_sheets_scan(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.scan_import import import_photos

    files = [Path(p) for p in args.photos]
    with _store(paths) as store:
        results = import_photos(store, files)
    refused = sum(1 for r in results if r.scan is None)
    if args.format == "json":
        from actionkit.cli.output import print_json

        print_json([_record(r) for r in results])
    else:
        for result in results:
            if result.scan is None:
                print(f"{result.source}: refused: {said(result.refused)}")
                continue
            stored = result.scan
            crossed = [r.number for r in stored.rows if r.crossed_out]
            line = (
                f"{result.source}: sheet {stored.sheet_id}, {stored.filled} row(s) filled, "
                f"{stored.ticked} consent tick(s)"
            )
            if crossed:
                line += ", crossed out: row " + ", ".join(str(n) for n in crossed)
            print(line)
            for warning in result.warnings:
                print(f"  check: {said(warning)}")
        read = [r.scan for r in results if r.scan is not None]
        if read:
            print(
                "To record a paper count once you have checked it: actionkit sheets count "
                f"{read[0].sheet_id} {read[0].filled}"
            )
    return EXIT_PARTIAL if refused else 0


def cmd_sheets_show_row(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.scans import latest_scan, row_image, sheet_image

    if args.whole == (args.row is not None):
        raise ActionKitError(
            "Give a row number, or --whole for the whole sheet (not both).",
            key="scan.row_or_whole",
        )
    from actionkit.cli.streams import STDIO, binary_stdout

    sheet = args.sheet.strip().upper()
    with _store(paths) as store:
        stored = latest_scan(store, sheet)
        if stored is None:
            raise ActionKitError(
                f"Sheet {sheet} has no scan yet: read a photo of it with "
                "`actionkit sheets scan PHOTO`.",
                key="scan.none_for_sheet",
                sheet=sheet,
            )
        if args.whole:
            image, kind = sheet_image(store, stored.id), ".jpg"
        else:
            if stored.row(args.row) is None:
                raise ActionKitError(
                    f"Sheet {sheet} has no row {args.row}.",
                    key="scan.no_row",
                    row=args.row,
                    sheet=sheet,
                )
            image, kind = row_image(store, stored.id, args.row), ".png"
    wanted = ".png" if args.output.lower().endswith(".png") else kind
    if args.output != STDIO and args.output.lower().endswith((".jpg", ".jpeg")):
        wanted = ".jpg"
    if wanted != kind:
        image = _reencoded(image, wanted)
    if args.output == STDIO:
        out = binary_stdout()
        out.write(image)
        out.flush()
        return 0
    target = check_target(Path(args.output))
    try:
        target.write_bytes(image)
    except OSError as exc:
        raise ActionKitError(
            f"Cannot write {target}: {exc.strerror or exc}.", key="file.write", path=str(target)
        ) from exc
    what = "the whole sheet" if args.whole else f"row {args.row}"
    print(
        f"Wrote {target}: {what} of sheet {sheet} (scan of {stored.source}). "
        "It is a signer's handwriting: delete it when done.",
        file=sys.stdout,
    )
    return 0


def _reencoded(image: bytes, suffix: str) -> bytes:
    import cv2
    import numpy as np

    decoded = cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_UNCHANGED)
    ok, encoded = cv2.imencode(suffix, decoded)
    if not ok:
        raise ActionKitError("The image could not be written.", key="scan.encode")
    return bytes(encoded.tobytes())
