"""`actionkit keys ...`: keys that sign dataset updates (and, later, seal exports)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from actionkit.cli.output import command_group
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths


def _write_pair(base: str, suffixes: tuple[str, str], private: bytes, public: str) -> Path:
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
    print(f"Private key: {key_file} (keep it secret, keep a backup)")
    print(f"Public key:  {pub_file} (publish it): {public}")
    return key_file


def cmd_generate(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset.signing import fingerprint, generate_signing_key, public_key_text

    private, public = generate_signing_key()
    _write_pair(args.output, (".key", ".pub"), private, public_key_text(public))
    print(f"Fingerprint: {fingerprint(public)} (read it out when people check by phone)")
    return 0


def cmd_trust(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset.signing import trust_key

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActionKitError(f"Cannot read {args.file}.") from exc
    print(f"Now trusting {args.name}: fingerprint {trust_key(paths, args.name, text)}.")
    print("Compare it with the publisher's fingerprint by phone or in person.")
    return 0


def cmd_seal_generate(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.signatures.sealing import fingerprint, generate_identity

    identity, recipient = generate_identity()
    _write_pair(args.output, (".agekey", ".agepub"), (identity + "\n").encode(), recipient)
    print(f"Fingerprint: {fingerprint(recipient)} (read it out when people check by phone)")
    return 0


def cmd_centre(args: argparse.Namespace, paths: AppPaths) -> int:
    from dataclasses import replace

    from actionkit.core.settings import load_settings, save_settings
    from actionkit.core.signatures.sealing import fingerprint, read_recipient

    recipient = read_recipient(args.key)
    settings = load_settings(paths.settings_file).settings
    save_settings(replace(settings, centre_public_key=recipient), paths.settings_file)
    print(f"Exports can now be sealed to the centre: {recipient}")
    print(f"Fingerprint: {fingerprint(recipient)} (compare it with the centre by phone)")
    return 0


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.core.dataset.signing import trusted_keys

    keys = trusted_keys(paths)
    if not keys:
        print("No trusted publisher keys yet: add one with `actionkit keys trust FILE.pub`.")
    for fp, (name, _) in sorted(keys.items(), key=lambda item: item[1][0]):
        print(f"{name}: {fp}")
    return 0


def register(sub: Any) -> None:
    actions = command_group(
        sub,
        "keys",
        "keys that sign dataset updates and seal exports to the centre",
        "Ed25519 keys: publishers sign dataset files, organizers trust their public keys. "
        "age keys: the centre publishes one, organizers seal exports to it.",
    )
    generate = actions.add_parser("generate", help="a new signing key pair (NAME.key, NAME.pub)")
    generate.add_argument("-o", "--output", required=True, metavar="NAME")
    generate.set_defaults(handler=cmd_generate)
    trust = actions.add_parser("trust", help="trust a publisher's public key")
    trust.add_argument("file", metavar="FILE.pub")
    trust.add_argument("--name", required=True, help="who it belongs to")
    trust.set_defaults(handler=cmd_trust)
    listing = actions.add_parser("list", help="the publisher keys you trust, with fingerprints")
    listing.set_defaults(handler=cmd_list)
    seal = actions.add_parser(
        "seal-generate", help="for the centre: a key pair to seal exports to (NAME.agekey/.agepub)"
    )
    seal.add_argument("-o", "--output", required=True, metavar="NAME")
    seal.set_defaults(handler=cmd_seal_generate)
    centre = actions.add_parser("centre", help="set the centre's public key for sealed exports")
    centre.add_argument("key", metavar="KEY_OR_FILE", help="age1... or a .agepub file")
    centre.set_defaults(handler=cmd_centre)
