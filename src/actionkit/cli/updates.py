"""`actionkit dataset update` and `actionkit dataset publish`: the campaign's dataset
from its update address, and for publishers, the signed file to put there."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from actionkit.cli.output import add_format, examples, stderr_is_terminal
from actionkit.core.paths import AppPaths


def cmd_update(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset import DatasetStore
    from actionkit.core.dataset.update import apply_update, check_for_update
    from actionkit.core.settings import load_settings

    url = args.url or load_settings(paths.settings_file).settings.dataset_url

    shown: list[int] = []

    def progress(done: int, total: int) -> None:
        if not stderr_is_terminal():  # in a log, "\r" would run the steps together
            return
        shown.append(done)
        print(f"\rdownloading {done / 1e6:.1f} MB...", end="", file=sys.stderr, flush=True)

    store = DatasetStore(paths)
    try:
        pending = check_for_update(store, url, progress=progress)
    finally:
        if shown:  # end the progress line, so an error starts on its own
            print(file=sys.stderr)
    as_json = args.format == "json"
    if as_json:
        record: dict[str, object] = {
            "url": pending.url,
            "old_version": pending.old_version,
            "new_version": pending.new_version,
            "up_to_date": pending.up_to_date,
            "signed_by": pending.signer,
            "changes": [
                {"person": c.person_id, "field": c.field, "old": c.old, "new": c.new}
                for c in pending.changes
            ],
            "added": pending.added,
            "removed": pending.removed,
            "conflicts": [str(c) for c in pending.conflicts],
        }
    else:
        print("\n".join(pending.lines()))
    # With json, stdout is for the JSON alone: the question goes to stderr.
    applied = not pending.up_to_date and (
        args.yes or _confirm("Apply? [y/N] ", sys.stderr if as_json else sys.stdout)
    )
    if applied:
        apply_update(store, pending)
    if as_json:
        from actionkit.cli.output import print_json

        print_json({**record, "applied": applied})
    elif applied:
        print(f"Updated: dataset {pending.new_version} is now the one in use.")
    elif not pending.up_to_date:
        print("Nothing was changed.")
    return 0


def _confirm(question: str, out: TextIO) -> bool:
    print(question, end="", file=out, flush=True)
    try:
        answer = input()
    except EOFError:  # no one to answer (a script, CI): the safe answer is no
        print(file=sys.stderr)
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_publish(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset import DatasetError, load_dataset
    from actionkit.core.dataset.loader import load_bundle_bytes
    from actionkit.core.dataset.signing import SIGNATURE_SUFFIX, sign_bytes
    from actionkit.core.dataset.store import bundle_bytes
    from actionkit.core.storage import check_target

    folder, target = Path(args.folder), Path(args.output)
    if not folder.is_dir():
        raise DatasetError(
            f"{folder} is not a dataset folder.", key="dataset.not_folder", path=str(folder)
        )
    try:
        key = Path(args.key).read_bytes()
    except OSError as exc:
        raise DatasetError(f"Cannot read {args.key}: {exc.strerror or exc}.") from exc
    dataset = load_dataset(folder, origin="bundled")  # every problem, listed
    data = bundle_bytes(dataset)
    load_bundle_bytes(data, target.name, origin="imported")  # what users will load
    signature = sign_bytes(data, key)
    check_target(target)
    target.write_bytes(data)  # readable by the web server that publishes it
    Path(str(target) + SIGNATURE_SUFFIX).write_bytes(signature)
    if args.format == "json":
        from actionkit.cli.output import print_json

        print_json(
            {
                "file": str(target),
                "signature": f"{target}{SIGNATURE_SUFFIX}",
                "version": dataset.info.version,
                "people": len(dataset.people),
            }
        )
        return 0
    print(
        f"Wrote {target} (dataset {dataset.info.version}, {len(dataset.people)} people) "
        f"and {target.name}{SIGNATURE_SUFFIX}. Put both at the update address."
    )
    return 0


def register_actions(actions: Any) -> None:
    """Adds `update` and `publish` to the `dataset` command's actions."""
    update = actions.add_parser(
        "update",
        help="download the campaign's newer dataset from the update address and apply it",
        description="Downloads the dataset from the update address set in Settings (or "
        "--url) and its signature (the address + .sig), checks the signature and every "
        "record, lists what changes (status, prison, new and removed people, conflicts "
        "with your local changes) and asks before applying. Only https addresses. "
        "Without --yes and with no one to answer (a script), nothing is applied.",
        epilog=examples(
            "actionkit dataset update",
            "actionkit dataset update --format json --yes",
        ),
    )
    update.add_argument("--url", help="the dataset's address, instead of the one in Settings")
    update.add_argument("--yes", action="store_true", help="apply without asking")
    add_format(update)
    update.set_defaults(handler=cmd_update)
    publish = actions.add_parser(
        "publish",
        help="for publishers: check a dataset folder and write it as one signed file",
        description="Validates the dataset folder completely, writes its single-file form "
        "to FILE and signs it (FILE.sig). Put both files at the campaign's update address.",
        epilog=examples("actionkit dataset publish data/ --key campaign.key -o actionkit.json"),
    )
    publish.add_argument("folder", metavar="FOLDER", help="the dataset folder to publish")
    publish.add_argument(
        "--key", required=True, metavar="PRIVATE.pem", help="your private signing key"
    )
    publish.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    add_format(publish)
    publish.set_defaults(handler=cmd_publish)
