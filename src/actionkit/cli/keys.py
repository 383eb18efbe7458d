"""`actionkit keys ...`: keys that sign dataset updates (and, later, seal exports)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from actionkit.cli.output import add_format, command_group, examples, print_json
from actionkit.cli.streams import STDIO, read_stdin
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths


def _write_pair(
    base: str, suffixes: tuple[str, str], private: bytes, public: str, fmt: str
) -> tuple[Path, Path]:
    """Write NAME<private suffix> (owner only, never overwritten) and NAME<public suffix>."""
    key_file, pub_file = Path(base + suffixes[0]), Path(base + suffixes[1])
    for file in (key_file, pub_file):
        if file.exists():
            raise ActionKitError(
                f"{file} exists; choose another name (keys are never overwritten)."
            )
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # owner only
    with os.fdopen(fd, "wb") as out:
        out.write(private)
    pub_file.write_text(public + "\n", encoding="ascii")
    if fmt != "json":
        print(f"Private key: {key_file} (keep it secret, keep a backup)")
        print(f"Public key:  {pub_file} (publish it): {public}")
    return key_file, pub_file


def _said_pair(files: tuple[Path, Path], public: str, print_: str, fmt: str) -> None:
    if fmt == "json":
        private_file, public_file = files
        print_json(
            {
                "private_key_file": str(private_file),
                "public_key_file": str(public_file),
                "public_key": public,
                "fingerprint": print_,
            }
        )
    else:
        print(f"Fingerprint: {print_} (read it out when people check by phone)")


def cmd_generate(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset.signing import fingerprint, generate_signing_key, public_key_text

    private, public = generate_signing_key()
    text = public_key_text(public)
    files = _write_pair(args.output, (".key", ".pub"), private, text, args.format)
    _said_pair(files, text, fingerprint(public), args.format)
    return 0


def cmd_trust(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset.signing import trust_key

    try:
        if args.file == STDIO:
            text = read_stdin(64 * 1024, "a public key").decode("utf-8")
        else:
            text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActionKitError(f"Cannot read {args.file}.") from exc
    print_ = trust_key(paths, args.name, text)
    if args.format == "json":
        print_json({"name": args.name, "fingerprint": print_})
        return 0
    print(f"Now trusting {args.name}: fingerprint {print_}.")
    print("Compare it with the publisher's fingerprint by phone or in person.")
    return 0


def cmd_seal_generate(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.sealing import fingerprint, generate_identity

    identity, recipient = generate_identity()
    files = _write_pair(
        args.output, (".agekey", ".agepub"), (identity + "\n").encode(), recipient, args.format
    )
    _said_pair(files, recipient, fingerprint(recipient), args.format)
    return 0


def cmd_centre(args: argparse.Namespace, paths: AppPaths) -> int:
    from dataclasses import replace

    from actionkit.core.settings import load_settings, save_settings
    from actionkit.core.signatures.sealing import fingerprint, read_recipient

    recipient = read_recipient(args.key)
    settings = load_settings(paths.settings_file).settings
    save_settings(replace(settings, centre_public_key=recipient), paths.settings_file)
    if args.format == "json":
        print_json({"centre_public_key": recipient, "fingerprint": fingerprint(recipient)})
        return 0
    print(f"Exports can now be sealed to the centre: {recipient}")
    print(f"Fingerprint: {fingerprint(recipient)} (compare it with the centre by phone)")
    return 0


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.output import print_records
    from actionkit.core.dataset.signing import trusted_keys

    keys = sorted(trusted_keys(paths).items(), key=lambda item: item[1][0])
    if not keys and args.format == "table":
        print("No trusted publisher keys yet: add one with `actionkit keys trust FILE.pub`.")
        return 0
    rows = [[name, fp] for fp, (name, _) in keys]
    records = [{"name": name, "fingerprint": fp} for name, fp in rows]
    print_records(("name", "fingerprint"), rows, records, args.format)
    return 0


def register(sub: Any) -> None:
    actions = command_group(
        sub,
        "keys",
        "keys that sign dataset updates and seal exports to the centre",
        "Ed25519 keys: publishers sign dataset files, organizers trust their public keys. "
        "age keys: the centre publishes one, organizers seal exports to it.",
        "actionkit keys list",
    )
    generate = actions.add_parser(
        "generate",
        help="a new signing key pair (NAME.key, NAME.pub)",
        description="For publishers: a new Ed25519 key pair to sign dataset files. The "
        "private key is readable by you alone and never overwritten.",
        epilog=examples("actionkit keys generate -o campaign"),
    )
    generate.add_argument(
        "-o", "--output", required=True, metavar="NAME", help="writes NAME.key and NAME.pub"
    )
    add_format(generate)
    generate.set_defaults(handler=cmd_generate)
    trust = actions.add_parser(
        "trust",
        help="trust a publisher's public key",
        description="Trust a publisher's public key: dataset files signed with it import "
        "and update without a warning. Compare its fingerprint with the publisher's by "
        "phone or in person. FILE - reads the key from standard input.",
        epilog=examples('actionkit keys trust campaign.pub --name "The campaign"'),
    )
    trust.add_argument(
        "file", metavar="FILE.pub", help="the publisher's public key file, or - for stdin"
    )
    trust.add_argument("--name", required=True, help="who it belongs to")
    add_format(trust)
    trust.set_defaults(handler=cmd_trust)
    listing = actions.add_parser(
        "list",
        help="the publisher keys you trust, with fingerprints",
        description="The publisher keys you trust, each with its name and fingerprint.",
        epilog=examples("actionkit keys list --format json"),
    )
    add_format(listing, rows=True)
    listing.set_defaults(handler=cmd_list)
    seal = actions.add_parser(
        "seal-generate",
        help="for the centre: a key pair to seal exports to (NAME.agekey/.agepub)",
        description="For the central campaign: an age key pair. Organizers seal exports to "
        "the public key; only the private key opens them (merge --identity).",
        epilog=examples("actionkit keys seal-generate -o centre"),
    )
    seal.add_argument(
        "-o", "--output", required=True, metavar="NAME", help="writes NAME.agekey and NAME.agepub"
    )
    add_format(seal)
    seal.set_defaults(handler=cmd_seal_generate)
    centre = actions.add_parser(
        "centre",
        help="set the centre's public key for sealed exports",
        description="Set the centre's public age key in Settings, for `export --seal`. "
        "Compare its fingerprint with the centre's by phone.",
        epilog=examples("actionkit keys centre centre.agepub"),
    )
    centre.add_argument("key", metavar="KEY_OR_FILE", help="age1... or a .agepub file")
    add_format(centre)
    centre.set_defaults(handler=cmd_centre)
