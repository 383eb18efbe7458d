"""`actionkit poster|placard|wall`: print pieces from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from actionkit.cli import EXIT_FAILED
from actionkit.cli.output import add_format, examples, said, status_words
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.storage import atomic_write, check_target

# Kept here, not imported from the print engine, so that loading the CLI
# (e.g. `actionkit --version`) does not load reportlab.
PAPER_CHOICES = ("A4", "A3", "A2", "Letter", "Tabloid")

DESCRIPTIONS = {
    "poster": "A poster, portrait or landscape (--landscape): status, the photo if one is "
    "attached (without one the names and the demand take its room), names in Latin and Persian "
    "script, the demand, the story in one or two languages, and a QR code to the appeal. One "
    "page per person.",
    "placard": "A placard to carry in a march: the name in the leading language's script with "
    "capitals (in Persian: alef) 4 cm tall on A3 where it fits, never under 25 mm, which reads "
    "from ten metres, unless the paper is too small, and then it says so. No word of a name is "
    "cut. Portrait or landscape. One page per person.",
    "wall": "A wall of 4 to 24 people on one sheet: their photos (or, without one, a tile in "
    "the colour of their status) and names, all at one size, in rows that differ by at most "
    "one person.",
}


def _languages(text: str) -> list[str]:
    languages = [part.strip() for part in text.split(",") if part.strip()]
    if not 1 <= len(languages) <= 2:
        raise argparse.ArgumentTypeError("give one or two languages, e.g. fa,de")
    return languages


def load_people(paths: AppPaths, ids: list[str]) -> tuple[Any, Any, list[Any]]:
    """The dataset store, the loaded dataset and the people with these ids, in order."""
    from actionkit.core.dataset import DatasetError, DatasetStore

    store = DatasetStore(paths)
    loaded = store.load()
    people = []
    for person_id in ids:
        person = loaded.get(person_id)
        if person is None:
            hint = loaded.index.search(person_id)[:3]
            suggestion = f" Did you mean: {', '.join(p.id for p in hint)}?" if hint else ""
            raise DatasetError(f"No person with id {person_id!r}.{suggestion}")
        people.append(person)
    return store, loaded, people


def appeal_url(args: argparse.Namespace, paths: AppPaths) -> str:
    from actionkit.core.settings import load_settings

    return str(args.url or load_settings(paths.settings_file).settings.appeal_url)


EXAMPLES = {
    "poster": (
        "actionkit poster --person narges-mohammadi --lang fa,de -o narges.pdf",
        "actionkit poster --person narges-mohammadi --size A3 --bleed --crop-marks -o shop.pdf",
    ),
    "placard": ("actionkit placard --person narges-mohammadi --lang fa,en -o placard.pdf",),
    "wall": (
        "actionkit wall --person narges-mohammadi --person toomaj-salehi --person "
        "sharifeh-mohammadi --person pakhshan-azizi --landscape -o wall.pdf",
    ),
}


def stale_refusal(people: list[Any], accept_stale: bool) -> int | None:
    """Exit status 1 (refused), after one line per person, when the piece would print someone's
    situation on news older than the limit and --accept-stale was not given."""
    from actionkit.core.dataset.staleness import DEFAULT_MAX_AGE_DAYS
    from actionkit.core.print.guard import stale_claims

    if accept_stale:
        return None
    claims = stale_claims(people)
    if not claims:
        return None
    for notice in claims:
        person = notice.person
        print(
            f"actionkit: refused: {person.display_name} would be printed as "
            f"'{status_words(person.status)}', but the newest news is from "
            f"{person.status_as_of}, {notice.age_days} days ago "
            f"(more than {DEFAULT_MAX_AGE_DAYS}).",
            file=sys.stderr,
        )
    print(
        "actionkit: check their status first (`actionkit prisoners show ID`), "
        "or print anyway with --accept-stale.",
        file=sys.stderr,
    )
    return EXIT_FAILED


def write_pdf(output: str, render: Callable[[Any], Any], fmt: str = "text") -> int:
    """Render to `output` atomically (`-`: to stdout, whole), print the warnings and
    what was written (on stderr when the PDF itself went to stdout)."""
    from actionkit.cli.streams import STDIO, to_stdout

    if output == STDIO:
        result = to_stdout(render)
    else:
        check_target(Path(output))
        try:
            result = atomic_write(Path(output), render)
        except OSError as exc:
            raise ActionKitError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
    for warning in result.warnings:
        print(f"warning: {said(warning)}", file=sys.stderr)
    said_where = sys.stderr if output == STDIO else sys.stdout
    if fmt == "json":
        from actionkit.cli.output import print_json

        record = {
            "file": output,
            "pages": result.pages,
            "warnings": [said(w) for w in result.warnings],
        }
        print_json(record, said_where)
    else:
        where = "standard output" if output == STDIO else output
        print(
            f"Wrote {where} ({result.pages} page{'s' if result.pages != 1 else ''}).",
            file=said_where,
        )
    return 0


def cmd_piece(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.print.page import PageSetup
    from actionkit.core.print.render import PrintJob, render

    store, loaded, people = load_people(paths, args.person)
    refused = stale_refusal(people, args.accept_stale)
    if refused is not None:
        return refused
    setup = PageSetup(
        args.size,
        landscape=args.landscape,
        bleed=args.bleed,
        crop_marks=args.crop_marks,
        cmyk=args.cmyk,
    )
    job = PrintJob(
        args.command,
        people,
        args.lang,
        setup,
        appeal_url(args, paths),
        tile=args.tile,
        qr_level=args.qr_level,
    )
    return write_pdf(
        args.output,
        lambda tmp: render(job, tmp, loaded.dataset.info, photo_for=store.photo_file),
        args.format,
    )


def add_stale_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--accept-stale",
        action="store_true",
        help="print even when someone's situation (imprisoned, on furlough, released...) "
        "rests on news older than 90 days (without it, the command refuses and exits "
        "with status 1)",
    )


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """Languages, the QR code's address and level, and the output file: every piece has them."""
    parser.add_argument(
        "--lang",
        type=_languages,
        default=["en"],
        metavar="LANG[,LANG]",
        help="one or two languages, the first leads (default: en), e.g. fa,de",
    )
    parser.add_argument(
        "--url", help="address for the QR code (default: the appeal URL in Settings)"
    )
    parser.add_argument(
        "--qr-level",
        choices=["L", "M", "Q", "H"],
        default="M",
        help="QR error correction (default: M)",
    )
    parser.add_argument(
        "--cmyk",
        action="store_true",
        help="CMYK colours for a print shop: text and QR code in black ink alone (K), other "
        "colours converted by formula (not PDF/X: no colour profile is embedded)",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.pdf",
        help="where to write the PDF; - for standard output (then the message goes to stderr)",
    )
    add_format(parser)


def register(sub: Any) -> None:
    for kind, description in DESCRIPTIONS.items():
        parser = sub.add_parser(
            kind,
            help=description.split(":")[0].split(".")[0].lower(),
            description=description,
            epilog=examples(*EXAMPLES[kind]),
        )
        parser.add_argument(
            "--person",
            action="append",
            required=True,
            metavar="ID",
            help="a person's id (repeatable); see `actionkit prisoners search`",
        )
        parser.add_argument(
            "--size",
            choices=PAPER_CHOICES,
            default="A3" if kind != "poster" else "A4",
            help=f"paper size (default {'A3' if kind != 'poster' else 'A4'})",
        )
        parser.add_argument("--landscape", action="store_true", help="landscape orientation")
        parser.add_argument(
            "--bleed",
            action="store_true",
            help="add 3 mm bleed for a print shop (the PDF's TrimBox is the paper size, its "
            "BleedBox 3 mm larger)",
        )
        parser.add_argument(
            "--crop-marks", action="store_true", help="draw crop marks outside the page"
        )
        parser.add_argument(
            "--tile",
            choices=["A4", "Letter"],
            help="print across sheets of this size: an assembly map first, then the tiles "
            "with cut marks, glue zones and crosses to line up (not with --bleed or "
            "--crop-marks, which are for a print shop)",
        )
        add_stale_argument(parser)
        add_common_arguments(parser)
        parser.set_defaults(handler=cmd_piece)
