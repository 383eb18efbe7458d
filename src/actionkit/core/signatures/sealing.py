"""Sealed hand-off: exports encrypted to the central campaign's age public key.

age (age-encryption.org, X25519) is a small, well-reviewed format with
maintained implementations in many languages (here pyrage, over the Rust
`age` crate), so the centre can also open files with the `age` command-line
tool. Only the holder of the private key ("AGE-SECRET-KEY-1...") can read a
sealed export; organizers keep only the public key ("age1...").

A seal hides a file; it does not say who made it. age has no sender
authentication, and the centre's public key is handed to every organizer, so
anyone who has it (an organizer, or whoever finds it in their settings or an
e-mail) can make a sealed file that unseals and merges like a real export.
The centre must check where each file came from by other means
(docs/security.md, "Who can forge what").
"""

from __future__ import annotations

from pathlib import Path

from actionkit.core.errors import ActionKitError
from actionkit.core.fingerprint import fingerprint as key_fingerprint

AGE_MAGIC = b"age-encryption.org/v1"


class SealError(ActionKitError):
    """A key or a sealed file that cannot be used, in words."""


def fingerprint(recipient: str) -> str:
    """The centre's public key as 8 groups of 4 hex digits, to compare by phone."""
    return key_fingerprint(recipient.strip().encode("ascii"))


def generate_identity() -> tuple[str, str]:
    """A new key pair for the centre: (private identity, public recipient)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def read_recipient(text_or_file: str) -> str:
    """The centre's public key, given as the key itself or as a file holding it."""
    text = text_or_file.strip()
    if not text.startswith("age1"):
        try:
            text = Path(text_or_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise SealError(
                f"{text_or_file} is neither an age public key nor a readable file.",
                key="seal.not_key_or_file",
                text=text_or_file,
            ) from exc
    from pyrage import x25519

    try:
        x25519.Recipient.from_str(text)
    except Exception as exc:
        raise SealError(
            "This is not an age public key (it starts with age1...).", key="seal.not_public_key"
        ) from exc
    return text


def seal(data: bytes, recipient: str) -> bytes:
    import pyrage
    from pyrage import x25519

    return bytes(pyrage.encrypt(data, [x25519.Recipient.from_str(recipient)]))


def is_sealed(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC)


def unseal(data: bytes, identity_text: str) -> bytes:
    import pyrage
    from pyrage import x25519

    try:
        identity = x25519.Identity.from_str(identity_text.strip())
    except Exception as exc:
        raise SealError(
            "This is not an age private key (AGE-SECRET-KEY-1...).", key="seal.not_private_key"
        ) from exc
    try:
        return bytes(pyrage.decrypt(data, [identity]))
    except Exception as exc:
        raise SealError(
            "is sealed to another key (or damaged); it cannot be opened", key="seal.other_key"
        ) from exc
