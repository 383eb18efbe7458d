"""`actionkit flyer|palmcard|appeal`: handouts imposed on home-printer sheets."""

from __future__ import annotations

import argparse
from typing import Any

from actionkit.cli.output import examples
from actionkit.cli.pieces import (
    add_common_arguments,
    add_stale_argument,
    appeal_url,
    load_people,
    stale_refusal,
    write_pdf,
)
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths

DESCRIPTIONS = {
    "flyer": "A5 or A6 flyers, imposed on A4 or Letter with gutters and cut marks: the appeal "
    "and 0 to 6 people, in one language or two (side by side, or front and back with "
    "--duplex). Pieces keep their size (A6 is 105 x 148 mm) where the sheet holds them; "
    "where it cannot (4 A6 or 2 A5 to a sheet) the command says by how much they shrink. "
    "--one-up writes each piece on its own page for a print shop.",
    "palmcard": "Pocket cards (85 x 55 mm) for one person each, 8 or 10 to a sheet, with a QR "
    "code to the appeal. One sheet per person (10 to a sheet print smaller, and the command "
    "says so; --one-up writes each card on its own page for a print shop).",
    "appeal": "The Emergency Appeal as a one-page print: title, demand, summary, what you can "
    "do, and a QR code.",
}
EXAMPLES = {
    "flyer": (
        "actionkit flyer --person narges-mohammadi --lang fa,de --size A6 -o flyers.pdf",
        "actionkit flyer --lang de,fa --duplex --event 2026-12-10-koln --track -o - | lp",
    ),
    "palmcard": ("actionkit palmcard --person narges-mohammadi --lang fa,en -o cards.pdf",),
    "appeal": ("actionkit appeal --lang fa,de --paper A4 -o appeal.pdf",),
}


def _event(paths: AppPaths, slug: str | None) -> Any:
    if not slug:
        return None
    from actionkit.cli.session import open_store
    from actionkit.core.print.context import EventInfo

    with open_store(paths) as store:
        event = store.event(slug)
    return EventInfo.of(event)


def cmd_handout(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.print.handouts import HandoutJob, render_handouts

    if args.crop_marks and not args.one_up:
        raise ActionKitError(
            "--crop-marks goes with --one-up: imposed sheets always have their cut marks."
        )
    store, loaded, people = load_people(paths, args.person or [])
    refused = stale_refusal(people, args.accept_stale)
    if refused is not None:
        return refused
    job = HandoutJob(
        args.command,
        people,
        args.lang,
        size=getattr(args, "size", "A6"),
        per_sheet=args.per_sheet,
        paper=args.paper,
        duplex=args.duplex,
        bleed=args.bleed,
        sheets=args.sheets,
        url=appeal_url(args, paths),
        track=args.track,
        event_slug=args.event or "",
        event=_event(paths, args.event),
        qr_level=args.qr_level,
        one_up=args.one_up,
        crop_marks=args.crop_marks,
        cmyk=args.cmyk,
    )
    return write_pdf(
        args.output,
        lambda tmp: render_handouts(job, tmp, loaded.dataset.info, photo_for=store.photo_file),
        args.format,
    )


def cmd_appeal(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.print.page import PageSetup
    from actionkit.core.print.render import PrintJob, render
    from actionkit.core.print.tracking import Tags

    store, loaded, _ = load_people(paths, [])
    tags = Tags("appeal", args.event or "", "+".join(args.lang)) if args.track else None
    job = PrintJob(
        "appeal",
        [],
        args.lang,
        PageSetup(args.paper, bleed=args.bleed, crop_marks=args.crop_marks, cmyk=args.cmyk),
        appeal_url(args, paths),
        qr_level=args.qr_level,
        event=_event(paths, args.event),
        tags=tags,
    )
    return write_pdf(
        args.output,
        lambda tmp: render(job, tmp, loaded.dataset.info, photo_for=store.photo_file),
        args.format,
    )


def register(sub: Any) -> None:
    for kind, description in DESCRIPTIONS.items():
        parser = sub.add_parser(
            kind,
            help=description.split(":")[0].split(",")[0].lower(),
            description=description,
            epilog=examples(*EXAMPLES[kind]),
        )
        if kind != "appeal":
            parser.add_argument(
                "--person",
                action="append",
                required=kind == "palmcard",
                metavar="ID",
                help="a person's id (repeatable); see `actionkit prisoners search`",
            )
        parser.add_argument(
            "--paper", choices=("A4", "Letter"), default="A4", help="sheet size (default A4)"
        )
        if kind == "flyer":
            parser.add_argument(
                "--size", choices=("A5", "A6"), default="A6", help="flyer size (default A6)"
            )
        if kind != "appeal":
            parser.add_argument(
                "--per-sheet",
                type=int,
                help="pieces per sheet (A5: 1 or 2, A6: 1, 2 or 4, palm cards: 8 or 10; "
                "default: the most that print at full size; with more, the pieces shrink "
                "and the command says by how much)",
            )
            parser.add_argument(
                "--duplex",
                action="store_true",
                help="second language on the back (print double-sided, flip on long edge)",
            )
            parser.add_argument("--bleed", action="store_true", help="3 mm bleed around each piece")
            parser.add_argument(
                "--sheets", type=int, default=1, help="how many sheets of each (default 1)"
            )
            parser.add_argument(
                "--one-up",
                action="store_true",
                help="for a print shop: each piece on its own page at its nominal size, with "
                "3 mm bleed, TrimBox and BleedBox (one page per piece and side; --per-sheet, "
                "--paper and --sheets do not apply)",
            )
            add_stale_argument(parser)
        else:
            parser.add_argument(
                "--bleed",
                action="store_true",
                help="add 3 mm bleed for a print shop (TrimBox = the paper, BleedBox 3 mm larger)",
            )
        parser.add_argument(
            "--crop-marks",
            action="store_true",
            help="crop marks outside the bleed"
            + (
                " (with --one-up; imposed sheets always have cut marks)" if kind != "appeal" else ""
            ),
        )
        parser.add_argument(
            "--event", metavar="SLUG", help="print this event's name, date and place on it"
        )
        parser.add_argument(
            "--track",
            action="store_true",
            help="add utm_ tags (piece, event, language) to the QR code's address",
        )
        add_common_arguments(parser)
        parser.set_defaults(handler=cmd_appeal if kind == "appeal" else cmd_handout)
