"""Key fingerprints people can read to each other over the phone."""

from __future__ import annotations

import hashlib


def fingerprint(key: bytes) -> str:
    """8 groups of 4 hex digits of the key's SHA-256, e.g. 3F2A-09C1-..."""
    digest = hashlib.sha256(key).hexdigest().upper()[:32]
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))
