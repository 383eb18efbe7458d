"""`actionkit prisoners ...` and `actionkit dataset ...`: the dataset from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionkit.cli import EXIT_FAILED
from actionkit.cli.output import add_format, command_group, examples, print_json, stderr_is_terminal
from actionkit.cli.streams import STDIO
from actionkit.cli.updates import register_actions
from actionkit.core.dataset.vocabulary import GROUPS, STATUSES
from actionkit.core.paths import AppPaths

if TYPE_CHECKING:
    from actionkit.core.dataset import Filters, LoadedDataset, Person

DEFAULT_MAX_AGE_DAYS = 90  # same as actionkit.core.dataset.staleness (checked by a test)

LIST_HEADERS = ("id", "name", "persian name", "status", "as of")


def _load(paths: AppPaths) -> LoadedDataset:
    from actionkit.core.dataset import DatasetStore

    loaded = DatasetStore(paths).load()
    for notice in loaded.notices:
        print(f"actionkit: {notice}", file=sys.stderr)
    return loaded


def _filters(args: argparse.Namespace) -> Filters:
    from actionkit.core.dataset import Filters

    return Filters(
        statuses=frozenset(args.status or ()),
        groups=frozenset(args.group or ()),
        genders=frozenset(args.gender or ()),
        prison=args.prison or "",
        languages=frozenset(args.lang or ()),
        include_hidden=args.include_hidden,
    )


def _row(person: Person) -> list[str]:
    return [
        person.id,
        person.name_latin or "",
        person.name_persian or "",
        person.status,
        person.status_as_of,
    ]


def _record(person: Person) -> dict[str, Any]:
    import dataclasses

    data = dataclasses.asdict(person)
    data.pop("custody")
    data["local_fields"] = sorted(person.local_fields)
    # What the events add up to, for readers that do not derive it themselves.
    data.update(
        status=person.status,
        status_as_of=person.status_as_of or None,
        prison=person.prison,
        in_custody_since=person.arrest_date,
        days_behind_bars=person.days_behind_bars(),
        sentence=person.sentence,
    )
    return data


def _print_people(people: list[Person], fmt: str) -> int:
    from actionkit.cli.output import print_records

    print_records(LIST_HEADERS, [_row(p) for p in people], [_record(p) for p in people], fmt)
    if fmt == "table":
        print(f"\n{len(people)} {'person' if len(people) == 1 else 'people'}", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    loaded = _load(paths)
    return _print_people(loaded.index.search("", _filters(args)), args.format)


def cmd_search(args: argparse.Namespace, paths: AppPaths) -> int:
    loaded = _load(paths)
    found = loaded.index.search(args.query, _filters(args))
    if not found and args.format == "table":
        print(f"No one matches {args.query!r}.", file=sys.stderr)
        return EXIT_FAILED  # as grep: nothing found
    return _print_people(found, args.format)


def _field(label: str, value: str | None, local: bool) -> str:
    mark = "  (local change)" if local else ""
    return f"{label:<14}{value or '-'}{mark}"


def cmd_show(args: argparse.Namespace, paths: AppPaths) -> int:
    import datetime as dt

    from actionkit.core.dataset import DatasetError
    from actionkit.core.dataset.staleness import status_age_days

    loaded = _load(paths)
    person = loaded.get(args.id)
    if person is None:
        hint = loaded.index.search(args.id)[:3]
        suggestion = f" Did you mean: {', '.join(p.id for p in hint)}?" if hint else ""
        raise DatasetError(f"No person with id {args.id!r}.{suggestion}")
    local = person.local_fields
    age = status_age_days(person, dt.date.today())
    if args.format == "json":
        record = _record(person)
        record.update(
            hidden=person.id in loaded.hidden,
            news_age_days=age,
            stale=age > DEFAULT_MAX_AGE_DAYS,
        )
        print_json(record)
        return 0
    lines = [
        person.display_name + (f"  /  {person.name_persian}" if person.name_persian else ""),
        _field("also written", ", ".join(person.variants), "names" in local),
        _field(
            "status", f"{person.status} (as of {person.status_as_of or '-'})", "events" in local
        ),
        _field("born", person.birth_date, "birth_date" in local),
        _field("groups", ", ".join(person.groups), "groups" in local),
        _field("professions", ", ".join(person.professions), "professions" in local),
        _field("in custody", _custody_line(person), False),
        _field(
            "prison",
            person.prison and f"{person.prison} (reported {person.prison_reported})",
            False,
        ),
        _field("charges", "; ".join(person.charges), False),
        _field("sentence", person.sentence, False),
        _field("checked", _checked_line(person), False),
    ]
    if person.id in loaded.hidden:
        lines.append("(hidden in your local list)")
    if age > DEFAULT_MAX_AGE_DAYS:
        lines.append(
            f"WARNING: the newest news of this person is {age} days old; check before printing."
        )
    lines += ["", "Timeline:"]
    lines += [f"  {line}" for line in _timeline(person)] or ["  (no dated events)"]
    story = person.story_in(args.lang) or person.story_in("en")
    if story:
        shown = args.lang if person.story_in(args.lang) else "en"
        note = "" if story.reviewed else ", not yet reviewed by a native speaker"
        fallback = f" (no {args.lang} text)" if shown != args.lang else ""
        lines += ["", f"Story [{shown}{note}]{fallback}:", story.text]
    lines += ["", "Sources:"]
    for source in person.sources:
        lines.append(
            f"  {source.id}  {source.citation()}" + (f"\n       {source.url}" if source.url else "")
        )
    print("\n".join(lines))
    return 0


def _custody_line(person: Person) -> str | None:
    if not person.arrest_date:
        return None
    days = person.days_behind_bars()
    return f"since {person.arrest_date}" + (f" ({days} days)" if days is not None else "")


def _checked_line(person: Person) -> str | None:
    checked = person.last_checked
    if checked is None:
        return None
    return f"{checked.date} by {checked.by}"


def _timeline(person: Person) -> list[str]:
    """One line an event, with what it changed and the sources it cites."""
    lines = []
    for event in person.events:
        details = [event.type.replace("_", " "), *event.details()]
        cited = ", ".join(dict.fromkeys(c.source for c in event.sources))
        solar = f" ({event.date_solar} SH)" if event.date_solar else ""
        lines.append(f"{event.date:<10}{solar}  {' - '.join(details)}  [{cited}]")
    return lines


def _news_age(newest: str | None) -> str:
    import datetime as dt

    from actionkit.core.dataset.model import parse_partial_date

    if newest is None:
        return "news age      no dated news at all"
    days = (dt.date.today() - parse_partial_date(newest)).days
    return f"news age      the newest news is {days} days old today"


def cmd_validate(args: argparse.Namespace, paths: AppPaths) -> int:
    """Exit status 1 when the file has problems (each listed): it would be refused."""
    from actionkit.core.dataset import DatasetError, load_dataset
    from actionkit.core.dataset.loader import MAX_BUNDLE_BYTES, load_bundle_bytes

    try:
        if args.path == STDIO:
            from actionkit.cli.streams import read_stdin

            raw = read_stdin(MAX_BUNDLE_BYTES, "a dataset file")
            dataset = load_bundle_bytes(raw, "stdin", origin="imported")
        else:
            dataset = load_dataset(Path(args.path), origin="imported")
    except DatasetError as exc:
        if args.format != "json":
            raise
        print_json({"ok": False, "summary": exc.summary, "problems": exc.problems})
        return 1
    if args.format == "json":
        print_json(
            {
                "ok": True,
                "version": dataset.info.version,
                "as_of": dataset.info.as_of,
                "people": len(dataset.people),
                "problems": [],
            }
        )
        return 0
    print(
        f"OK: dataset {dataset.info.version} (as of {dataset.info.as_of}), "
        f"{len(dataset.people)} people, no problems found."
    )
    return 0


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset import DatasetStore

    shown: list[int] = []
    terminal = stderr_is_terminal()

    def progress(done: int, total: int) -> None:
        shown.append(done)
        if terminal:  # in a log, "\r" would run the steps together
            print(f"\rchecking {done}/{total} people...", end="", file=sys.stderr, flush=True)

    report = DatasetStore(paths).import_file(
        Path(args.path),
        allow_older=args.allow_older,
        progress=progress,
        untrusted_ok=args.untrusted,
    )
    if shown and terminal:  # end the progress line
        print(file=sys.stderr)
    if args.format == "json":
        print_json(
            {
                "old_version": report.old_version,
                "new_version": report.new_version,
                "signed_by": report.signer,
                "added": report.added,
                "removed": report.removed,
                "changed": report.changed,
                "conflicts": [str(c) for c in report.conflicts],
            }
        )
        return 0
    print("\n".join(report.lines()))
    print("Imported: this dataset is now the one in use.")
    return 0


def cmd_sign(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset import DatasetError
    from actionkit.core.dataset.signing import sign_file

    try:
        key = Path(args.key).read_bytes()
    except OSError as exc:
        raise DatasetError(f"Cannot read {args.key}: {exc.strerror or exc}.") from exc
    target = sign_file(Path(args.path), key)
    if args.format == "json":
        print_json({"file": args.path, "signature": str(target)})
        return 0
    print(f"Wrote {target}. Publish it beside {Path(args.path).name}.")
    return 0


def cmd_info(args: argparse.Namespace, paths: AppPaths) -> int:
    from collections import Counter

    from actionkit.core.dataset import stale_people
    from actionkit.core.dataset.figures import figures

    loaded = _load(paths)
    info = loaded.dataset.info
    counts = Counter(p.status for p in loaded.people)
    stale = stale_people(loaded.people)
    # The dataset's own figures: an organizer's local changes do not move them.
    own = figures(loaded.dataset.people)
    local = [p for p in loaded.people if p.local_fields]
    stale_count = sum(1 for n in stale if n.stale)
    if args.format == "json":
        import dataclasses

        print_json(
            {
                "dataset": dataclasses.asdict(info),
                "people": len(loaded.people),
                "with_local_changes": len(local),
                "hidden": len(loaded.hidden),
                "by_status": {s: counts[s] for s in STATUSES if counts[s]},
                "stale": stale_count,
                "stale_after_days": DEFAULT_MAX_AGE_DAYS,
                "figures": dataclasses.asdict(own),
            }
        )
        return 0
    lines = [
        f"dataset       {info.version} ({info.origin})",
        f"compiled      {info.as_of}",
        f"publisher     {info.publisher}",
        f"languages     {', '.join(info.languages)}",
        f"licence       texts {info.licence_texts}, data {info.licence_data}",
        f"people        {len(loaded.people)} ({len(local)} with local changes, "
        f"{len(loaded.hidden)} hidden)",
        "by status     "
        + ", ".join(f"{status} {counts[status]}" for status in STATUSES if counts[status]),
        f"stale         {stale_count} whose newest news is older than {DEFAULT_MAX_AGE_DAYS} days",
        *own.lines()[1:],
        _news_age(own.newest_event),
    ]
    print("\n".join(lines))
    return 0


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status", action="append", choices=STATUSES, help="only this status (repeatable)"
    )
    parser.add_argument(
        "--group", action="append", choices=GROUPS, help="only this group (repeatable)"
    )
    parser.add_argument(
        "--gender",
        action="append",
        choices=("female", "male", "nonbinary"),
        help="only this gender (repeatable)",
    )
    parser.add_argument("--prison", help="only people held in a prison whose name contains this")
    parser.add_argument("--lang", action="append", help="only people with a story in this language")
    parser.add_argument("--include-hidden", action="store_true", help="also people you hid")
    add_format(parser, rows=True)


def register(sub: Any) -> None:
    commands = command_group(
        sub,
        "prisoners",
        "list, search and show people in the prisoner dataset",
        "The people in the dataset, with your local changes.",
        "actionkit prisoners search Mohammadi",
    )
    listing = commands.add_parser(
        "list",
        help="everyone, filtered",
        description="Everyone in the dataset with their status and its date, filtered by "
        "status, group, gender, prison or story language. The count goes to stderr.",
        epilog=examples(
            "actionkit prisoners list --status sentenced_to_death --format csv > death-row.csv",
            "actionkit prisoners list --format json | head -5",
        ),
    )
    _add_filters(listing)
    listing.set_defaults(handler=cmd_list)
    search = commands.add_parser(
        "search",
        help="find people by any name, in any script or spelling",
        description="Finds people by Latin or Persian name, spelling variants, prison, "
        "profession or hashtag. Arabic-keyboard letters, ZWNJ and digit styles do not matter. "
        "As a table, no match is exit status 1 (as grep); as json or csv, an empty list.",
        epilog=examples("actionkit prisoners search رئوف", "actionkit prisoners search Raouf"),
    )
    search.add_argument("query", help="a name, part of one, a prison, a profession or a hashtag")
    _add_filters(search)
    search.set_defaults(handler=cmd_search)
    show = commands.add_parser(
        "show",
        help="one person in full, with sources",
        description="One person in full: names, status with its date, custody, charges, "
        "sentence, the timeline of dated events with their sources, and the story.",
        epilog=examples(
            "actionkit prisoners show narges-mohammadi --lang fa",
            "actionkit prisoners show narges-mohammadi --format json",
        ),
    )
    show.add_argument("id", help="the person's id (see `actionkit prisoners search`)")
    show.add_argument("--lang", default="en", help="language of the story (default: en)")
    add_format(show)
    show.set_defaults(handler=cmd_show)

    actions = command_group(
        sub,
        "dataset",
        "validate, import, update, publish and describe dataset files",
        "The dataset in use, and newer dataset files.",
        "actionkit dataset info",
    )
    validate = actions.add_parser(
        "validate",
        help="check a dataset folder or file; lists every problem",
        description="Check a dataset folder or single file completely, as an import would, "
        "and list every problem with its file, record and field. Exit status 1 when there "
        "are problems. PATH - reads a single file from standard input.",
        epilog=examples(
            "actionkit dataset validate newer.json",
            "actionkit dataset validate - --format json < newer.json",
        ),
    )
    validate.add_argument(
        "path", metavar="PATH", help="a dataset folder, a single file, or - for standard input"
    )
    add_format(validate)
    validate.set_defaults(handler=cmd_validate)
    imp = actions.add_parser(
        "import",
        help="check a dataset file and make it the one in use (keeps your local changes)",
        description="Check a dataset file and its signature (FILE.sig beside it), then make "
        "it the dataset in use. Your local changes are kept, and conflicts with them listed.",
        epilog=examples("actionkit dataset import newer.json"),
    )
    imp.add_argument("path", metavar="FILE", help="the dataset file (its .sig beside it)")
    imp.add_argument(
        "--allow-older", action="store_true", help="accept a dataset older than the current one"
    )
    imp.add_argument(
        "--untrusted",
        action="store_true",
        help="import even without a valid signature from a trusted publisher (marked UNTRUSTED)",
    )
    add_format(imp)
    imp.set_defaults(handler=cmd_import)
    sign = actions.add_parser(
        "sign",
        help="for publishers: sign a dataset file with your key (writes FILE.sig)",
        description="Sign a dataset file with your private key; publish FILE.sig beside it. "
        "Make a key with `actionkit keys generate`.",
        epilog=examples("actionkit dataset sign actionkit.json --key campaign.key"),
    )
    sign.add_argument("path", metavar="FILE", help="the dataset file to sign")
    sign.add_argument("--key", required=True, metavar="FILE.key", help="your private signing key")
    add_format(sign)
    sign.set_defaults(handler=cmd_sign)
    info = actions.add_parser(
        "info",
        help="version, counts by status, stale count, newest news, people in custody now",
        description="The dataset in use: version, date, publisher, languages, licences, "
        "people by status, how many rest on news older than 90 days, and the dataset's "
        "own figures.",
        epilog=examples("actionkit dataset info --format json"),
    )
    add_format(info)
    info.set_defaults(handler=cmd_info)
    register_actions(actions)
