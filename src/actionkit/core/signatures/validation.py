"""Checking a transcribed row: messages a volunteer understands, and hints, not guesses.

Values are stored as typed (only trimmed, with spaces collapsed and Unicode
NFC). Matching keys are folded separately, so ي/ی or ZWNJ never create or
hide a duplicate.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from actionkit.core.text.normalize import compact, fold

MAX_FIELD = 300
FLAGS = ("illegible", "declined")

# Domains people mistype most, and what they almost certainly meant.
COMMON_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.de",
    "yahoo.fr",
    "yahoo.es",
    "hotmail.com",
    "hotmail.de",
    "hotmail.fr",
    "hotmail.es",
    "outlook.com",
    "outlook.de",
    "live.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "protonmail.com",
    "proton.me",
    "gmx.de",
    "gmx.net",
    "gmx.at",
    "web.de",
    "t-online.de",
    "posteo.de",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "wanadoo.fr",
    "sfr.fr",
    "telefonica.net",
    "terra.com",
    "mail.com",
    "yandex.com",
    "mail.ru",
    "comcast.net",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


@dataclass(frozen=True)
class SignerInput:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    city: str = ""
    country: str = ""
    postal_code: str = ""
    consent: bool = False
    flags: frozenset[str] = field(default_factory=frozenset)


# What a signer writes on the sheet, in the order exports and merges show it.
SIGNER_FIELDS = ("first_name", "last_name", "email", "city", "postal_code", "country", "consent")


@dataclass(frozen=True)
class Issue:
    """A problem with one field; `message` is English, `key`/`params` name it for the GUI."""

    field: str
    message: str
    severity: str  # "error" (not saved) | "warning" (saved; worth a look)
    suggestion: str | None = None
    key: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)


def clean(value: str) -> str:
    """Trimmed, NFC, control characters dropped, runs of spaces collapsed."""
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cc" or ch == " ")
    return " ".join(unicodedata.normalize("NFC", value).split())


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Edit distance with adjacent swaps, giving up above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def email_suggestion(email: str) -> str | None:
    """'name@gmial.com' -> 'name@gmail.com'; None when the domain looks right."""
    local, _, domain = email.rpartition("@")
    domain = domain.lower()
    if not local or domain in COMMON_DOMAINS:
        return None
    best = min(COMMON_DOMAINS, key=lambda d: _distance(domain, d))
    return f"{local}@{best}" if _distance(domain, best) <= 2 else None


@cache
def _country_names() -> dict[str, str]:
    """Folded country names and codes, in every language we print, -> ISO alpha-2."""
    import gettext

    import pycountry

    names: dict[str, str] = {}
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in ("de", "es", "fr", "fa", "ar", "sv", "it", "nl")
    ]
    for country in pycountry.countries:
        code = country.alpha_2
        english = [
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
        ]
        for name in [code, country.alpha_3, *english]:
            if name:
                names.setdefault(compact(fold(name)), code)
        for translation in translations:
            for name in english:
                if name:
                    names.setdefault(compact(fold(translation.gettext(name))), code)
    for alias, code in {
        "uk": "GB",
        "england": "GB",
        "usa": "US",
        "america": "US",
        "persia": "IR",
        "holland": "NL",
        "türkiye": "TR",
    }.items():
        names.setdefault(compact(fold(alias)), code)
    return names


def country_code(text: str) -> str | None:
    """ISO 3166 alpha-2 code for a country typed as a code or a name in several languages."""
    return _country_names().get(compact(fold(text))) if text.strip() else None


def country_suggestions(text: str, limit: int = 3) -> list[str]:
    key = compact(fold(text))
    close = sorted(
        (
            (_distance(key, name, 3), code)
            for name, code in _country_names().items()
            if len(name) > 3
        ),
        key=lambda pair: pair[0],
    )
    out: list[str] = []
    for distance, code in close:
        if distance > 3 or len(out) >= limit:
            break
        if code not in out:
            out.append(code)
    return out


def normalize(signer: SignerInput) -> SignerInput:
    country = clean(signer.country)
    return replace(
        signer,
        first_name=clean(signer.first_name),
        last_name=clean(signer.last_name),
        email=clean(signer.email).replace(" ", ""),
        city=clean(signer.city),
        country=country_code(country) or country,
        postal_code=clean(signer.postal_code),
        flags=frozenset(f for f in signer.flags if f in FLAGS),
    )


def validate(signer: SignerInput) -> list[Issue]:
    """Problems of an already normalized row. Errors stop it being saved."""
    issues: list[Issue] = []
    exempt = "illegible" in signer.flags or "declined" in signer.flags
    if not (signer.first_name or signer.last_name) and not exempt:
        issues.append(
            Issue(
                "first_name",
                "A name is needed (or mark the row illegible).",
                "error",
                key="name_needed",
            )
        )
    for name in ("first_name", "last_name", "email", "city", "country", "postal_code"):
        if len(getattr(signer, name)) > MAX_FIELD:
            issues.append(
                Issue(
                    name,
                    f"This is longer than {MAX_FIELD} characters.",
                    "error",
                    key="too_long",
                    params={"limit": MAX_FIELD},
                )
            )
    if signer.email:
        if not _EMAIL.match(signer.email):
            issues.append(
                Issue(
                    "email",
                    "This is not an email address (like name@example.org).",
                    "error",
                    key="not_email",
                )
            )
        else:
            suggestion = email_suggestion(signer.email)
            if suggestion:
                issues.append(
                    Issue(
                        "email",
                        f"Did you mean {suggestion}?",
                        "warning",
                        suggestion,
                        key="did_you_mean",
                        params={"suggestion": suggestion},
                    )
                )
    if signer.country and country_code(signer.country) is None:
        options = country_suggestions(signer.country)
        hint = f" Did you mean: {', '.join(options)}?" if options else ""
        issues.append(
            Issue(
                "country",
                f"Unknown country '{signer.country}'.{hint}",
                "error",
                options[0] if options else None,
                key="unknown_country_hint" if options else "unknown_country",
                params={"country": signer.country, "options": ", ".join(options)},
            )
        )
    if signer.consent and not signer.email:
        issues.append(
            Issue(
                "consent",
                "Consent is ticked but there is no email to contact.",
                "warning",
                key="consent_no_email",
            )
        )
    return issues


def match_keys(first_name: str, last_name: str, email: str, city: str) -> tuple[str, str, str]:
    """Matching keys (name, email, city): folded scripts, case, accents and spacing."""
    name = compact(fold(f"{first_name} {last_name}"))
    return name, email.strip().casefold(), compact(fold(city))


def keys(signer: SignerInput) -> tuple[str, str, str]:
    return match_keys(signer.first_name, signer.last_name, signer.email, signer.city)
