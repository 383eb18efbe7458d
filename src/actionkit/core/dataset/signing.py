"""Signed dataset updates: Ed25519 detached signatures, checked before an import.

A publisher signs the exact bytes of a dataset file; the signature travels
beside it as `<file>.sig` (a small JSON: the signer's key fingerprint and
the signature, base64). ActionKit trusts the public keys in
assets/keys/publishers/ (shipped with the app) and in the user's
config folder, trusted-keys/ (added with `actionkit keys trust`). A file
without a valid signature from a trusted key is refused, unless the user
imports it explicitly as untrusted, which is then shown wherever the
dataset is.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

from actionkit.core.assets import asset_path
from actionkit.core.dataset.errors import DatasetError
from actionkit.core.fingerprint import fingerprint
from actionkit.core.paths import AppPaths

SIGNATURE_SUFFIX = ".sig"
MAX_SIGNATURE_BYTES = 4096


def generate_signing_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair: (private key as PEM, raw 32-byte public key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return pem, public


def public_key_text(public: bytes) -> str:
    return base64.b64encode(public).decode("ascii")


def read_public_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DatasetError("This is not an ActionKit public key (base64 expected).") from exc
    if len(raw) != 32:
        raise DatasetError("This is not an Ed25519 public key (32 bytes expected).")
    return raw


def sign_bytes(data: bytes, private_pem: bytes) -> bytes:
    """The signature document (what `<file>.sig` holds) for exactly `data`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(private_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise DatasetError(
            "The signing key cannot be read (an Ed25519 PEM key is needed)."
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise DatasetError("The signing key is not an Ed25519 key.")
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    document = {"key": fingerprint(public), "signature": base64.b64encode(key.sign(data)).decode()}
    return (json.dumps(document) + "\n").encode("utf-8")


def sign_file(path: Path, private_pem: bytes) -> Path:
    """Write `<path>.sig` for the file's exact bytes; returns the signature's path."""
    document = sign_bytes(Path(path).read_bytes(), private_pem)
    target = Path(str(path) + SIGNATURE_SUFFIX)
    target.write_bytes(document)
    return target


def trusted_keys(paths: AppPaths) -> dict[str, tuple[str, bytes]]:
    """Trusted public keys by fingerprint: (name, key), shipped ones and the user's."""
    keys: dict[str, tuple[str, bytes]] = {}
    for folder in (asset_path("keys", "publishers"), paths.config_dir / "trusted-keys"):
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.pub")):
            try:
                raw = read_public_key(file.read_text(encoding="utf-8"))
            except (DatasetError, OSError, UnicodeDecodeError):
                continue  # a broken key file trusts no one
            keys[fingerprint(raw)] = (file.stem, raw)
    return keys


def trust_key(paths: AppPaths, name: str, text: str) -> str:
    """Add a publisher's public key to the user's trusted keys; returns its fingerprint."""
    raw = read_public_key(text)
    safe = "".join(c for c in name if c.isalnum() or c in "-_") or "publisher"
    folder = paths.config_dir / "trusted-keys"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    (folder / f"{safe}.pub").write_text(public_key_text(raw) + "\n", encoding="utf-8")
    return fingerprint(raw)


def read_signature(path: Path) -> bytes:
    """The bytes of `<path>.sig` (within the size limit); DatasetError if there is none."""
    signature_file = Path(str(path) + SIGNATURE_SUFFIX)
    if Path(path).is_dir() or not signature_file.is_file():
        raise DatasetError(
            f"{Path(path).name} is not signed (no {signature_file.name} beside it).",
            key="dataset.unsigned",
            file=Path(path).name,
            signature=signature_file.name,
        )
    try:
        with signature_file.open("rb") as handle:
            document = handle.read(MAX_SIGNATURE_BYTES + 1)
    except OSError as exc:
        raise DatasetError(
            f"{signature_file.name} is not a readable signature.",
            key="dataset.signature_unreadable",
            signature=signature_file.name,
        ) from exc
    if len(document) > MAX_SIGNATURE_BYTES:
        raise DatasetError(
            f"{signature_file.name} is too large to be a signature.",
            key="dataset.signature_too_large",
            signature=signature_file.name,
        )
    return document


def verify_bytes(
    data: bytes,
    signature_document: bytes,
    paths: AppPaths,
    *,
    file: str = "The dataset",
    signature: str = "The signature",
) -> str:
    """The name of the trusted publisher who signed exactly `data`; DatasetError otherwise.

    `file` and `signature` name the two in messages. The caller goes on with these
    very bytes: whatever is parsed afterwards is what was checked here."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(signature_document) > MAX_SIGNATURE_BYTES:
        raise DatasetError(
            f"{signature} is too large to be a signature.",
            key="dataset.signature_too_large",
            signature=signature,
        )
    try:
        document = json.loads(signature_document.decode("utf-8"))
        key_id, signed = str(document["key"]), base64.b64decode(document["signature"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise DatasetError(
            f"{signature} is not a readable signature.",
            key="dataset.signature_unreadable",
            signature=signature,
        ) from exc
    trusted = trusted_keys(paths)
    if key_id not in trusted:
        raise DatasetError(
            f"{file} is signed by a key you do not trust ({key_id}).",
            key="dataset.untrusted_key",
            file=file,
            key_id=key_id,
        )
    name, public = trusted[key_id]
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signed, data)
    except InvalidSignature:
        raise DatasetError(
            f"{file} does not match its signature: it was changed after signing.",
            key="dataset.signature_mismatch",
            file=file,
        ) from None
    return name


def verify_file(path: Path, paths: AppPaths) -> str:
    """The name of the trusted publisher who signed `path`; DatasetError otherwise.

    Only for a file that is not read again afterwards: an import reads the file
    once and uses `verify_bytes` on what it parses."""
    document = read_signature(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DatasetError(
            f"{Path(path).name}: cannot be read ({exc.strerror or exc})",
            key="dataset.unreadable",
            file=Path(path).name,
        ) from exc
    return verify_bytes(
        data,
        document,
        paths,
        file=Path(path).name,
        signature=Path(str(path) + SIGNATURE_SUFFIX).name,
    )
