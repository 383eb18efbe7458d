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

from actionkit.core.signatures.marks import BLANK, MARK_WORDS, MARKS
from actionkit.core.text.normalize import compact, fold

MAX_FIELD = 300
# A row saved despite a warning is flagged "warn:<the warning's key>" (the GUI marks
# rows whose flags start with it; every export says it in words).
WARN_PREFIX = "warn:"
# What each flag means, in the words an export shows (English: the file goes to a
# campaign's office, whatever language the organizer's interface speaks).
FLAG_WORDS = {
    **MARK_WORDS,
    "purged": "personal data purged",
    "warn:did_you_mean": "saved despite a warning: the email's domain looks mistyped",
    "warn:consent_no_email": "saved despite a warning: consent ticked but no email",
}
WARNED_WORDS = "saved despite a warning: "  # before the key of a warning without words

# Domains people mistype most, and what they almost certainly meant; a domain in
# this list is never taken for a typo.
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
    # The same providers' country domains, and other big ones in the countries where
    # the campaign collects: real addresses, never "corrected" to a neighbour
    # (outlook.es is not a typo of outlook.de), and offered for their own typos.
    "ymail.com",
    "rocketmail.com",
    "yahoo.co.uk",
    "yahoo.it",
    "yahoo.ca",
    "hotmail.co.uk",
    "hotmail.it",
    "hotmail.nl",
    "hotmail.be",
    "hotmail.ch",
    "hotmail.se",
    "hotmail.ca",
    "outlook.es",
    "outlook.fr",
    "outlook.it",
    "outlook.be",
    "outlook.at",
    "outlook.ie",
    "outlook.dk",
    "live.de",
    "live.fr",
    "live.nl",
    "live.it",
    "live.be",
    "live.at",
    "live.se",
    "live.ca",
    "live.co.uk",
    "msn.com",
    "mac.com",
    "gmx.ch",
    "gmx.com",
    "gmx.fr",
    "gmx.es",
    "gmx.co.uk",
    "aol.de",
    "freenet.de",
    "arcor.de",
    "mail.de",
    "online.de",
    "mailbox.org",
    "tutanota.com",
    "tuta.io",
    "libero.it",
    "virgilio.it",
    "tiscali.it",
    "bluewin.ch",
    "skynet.be",
    "telenet.be",
    "ziggo.nl",
    "xs4all.nl",
    "kpnmail.nl",
)
# Addresses that are certainly valid, checked without the library: plain ASCII
# dot-atoms at a letters-only top-level domain, no label starting or ending with a
# hyphen, no punycode label. Everything else (internationalized addresses, and every
# address that is not valid) goes to email-validator, which decides.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:(?!..--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
# Special-use names that email-validator refuses (RFC 6761): never on the plain path.
_SPECIAL_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
# Characters allowed before the @ of a plain address; anything else there is named.
_LOCAL_SPECIALS = frozenset("!#$%&'*+/=?^_`{|}~-.")


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
        # A row is never lower than the smaller of the row before it and one more than
        # the row before that: once both rows are above the limit, so is the answer.
        if min(current) > limit and min(previous) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def email_suggestion(email: str) -> str | None:
    """'name@gmial.com' -> 'name@gmail.com'; None when the domain looks right."""
    local, _, domain = email.rpartition("@")
    domain = domain.lower()
    if not local or domain in COMMON_DOMAINS:
        return None
    best = min(COMMON_DOMAINS, key=lambda d: _distance(domain, d))
    return f"{local}@{best}" if _distance(domain, best) <= 2 else None


def email_problem(email: str) -> Issue | None:
    """What is wrong with an email address, in plain words; None when it is valid.

    The syntax is email-validator's (no DNS, no network); internationalized
    addresses (a Persian name before the @, an umlaut in the domain) are valid.
    """
    if len(email) <= 254 and _PLAIN_EMAIL.fullmatch(email):
        local, _, domain = email.rpartition("@")
        top = domain.rsplit(".", 1)[-1].lower()
        if len(local) <= 64 and top not in _SPECIAL_TLDS:
            return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        key, message, params = _why_not_email(email)
        return Issue("email", message, "error", key=key, params=params)
    ending = email.rsplit(".", 1)[-1]
    if len(ending) < 2:  # no top-level domain has one letter: a typo or a cut-off
        return Issue(
            "email",
            f"The ending .{ending} is too short; endings are like .org or .de.",
            "error",
            key="email_short_ending",
            params={"ending": ending},
        )
    return None


def _shown(char: str) -> str:
    """A character named so it can be seen, even an invisible one."""
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X}"


def _why_not_email(email: str) -> tuple[str, str, dict[str, Any]]:
    """(key, English sentence, params) saying why a refused address is not one."""
    if "@" not in email:
        return "email_no_at", "An email address needs an @ (like name@example.org).", {}
    if email.count("@") > 1:
        count = email.count("@")
        return "email_many_at", f"An email address has one @, not {count}.", {"count": count}
    local, _, domain = email.partition("@")
    if not local:
        return "email_no_local", "The name before the @ is missing.", {}
    if not domain:
        return "email_no_domain", "The part after the @ (like example.org) is missing.", {}
    if any(c.isspace() for c in email):
        return "email_space", "An email address cannot contain spaces.", {}
    if local.startswith(".") or local.endswith("."):
        return "email_dot_edge", "The part before the @ cannot start or end with a dot.", {}
    if domain.startswith(".") or domain.endswith("."):
        return "email_domain_dot_edge", "The part after the @ cannot start or end with a dot.", {}
    if ".." in email:
        return "email_two_dots", "An email address cannot have two dots in a row.", {}
    for char in local:
        if not (char.isalnum() or char in _LOCAL_SPECIALS) or not char.isprintable():
            shown = _shown(char)
            return (
                "email_bad_char",
                f"The character {shown} cannot be part of an email address.",
                {"char": shown},
            )
    if "." not in domain:
        return (
            "email_no_tld",
            f"The part after the @ needs an ending like .org or .de ({domain} has none).",
            {"domain": domain},
        )
    for char in domain:
        if not (char.isalnum() or char in "-.") or not char.isprintable():
            shown = _shown(char)
            return (
                "email_bad_char",
                f"The character {shown} cannot be part of an email address.",
                {"char": shown},
            )
    top = domain.rsplit(".", 1)[-1].lower()
    if top in _SPECIAL_TLDS:
        return (
            "email_reserved_domain",
            f"{domain} is reserved and never receives email.",
            {"domain": domain},
        )
    if len(local) > 64 or len(email) > 254:
        return "email_too_long", "This email address is too long to be real.", {}
    return (
        "email_bad_domain",
        f"{domain} is not a domain that can receive email (like example.org).",
        {"domain": domain},
    )


# Country names as people type them that the official names miss ("ایران", "Holland",
# "England"): one table, read by typing (here) and by exports that write ISO codes.
COUNTRY_NAMES_FILE = "country_names.json"


@cache
def _country_names() -> dict[str, str]:
    """Folded country names and codes, in every language we print, -> ISO alpha-2: the
    typed names of assets/data/country_names.json first, then ISO 3166-1's names and
    their translations."""
    import gettext
    import json

    import pycountry

    from actionkit.core.assets import asset_path

    typed = json.loads(asset_path("data", COUNTRY_NAMES_FILE).read_text(encoding="utf-8"))
    names: dict[str, str] = {
        compact(fold(name)): str(code)
        for code, spellings in typed["names"].items()
        for name in spellings
    }
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
        flags=frozenset(f for f in signer.flags if f in MARKS),
    )


def validate(signer: SignerInput) -> list[Issue]:
    """Problems of an already normalized row. Errors stop it being saved."""
    issues: list[Issue] = []
    if BLANK in signer.flags:
        return _blank_issues(signer)
    exempt = not signer.flags.isdisjoint(MARKS)
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
        problem = email_problem(signer.email)
        if problem is not None:
            issues.append(problem)
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


def _blank_issues(signer: SignerInput) -> list[Issue]:
    """A row marked blank holds no signer: anything typed in it (or a consent tick) is
    refused, never kept or dropped silently."""
    typed = next((name for name in SIGNER_FIELDS if getattr(signer, name)), None)
    if typed is None:
        return []
    message = "A row marked empty keeps nothing: clear what is typed in it, or save it unmarked."
    return [Issue(typed, message, "error", key="blank_not_empty")]


def warning_flags(issues: list[Issue]) -> frozenset[str]:
    """The flags a row saved with these warnings carries: "warn:did_you_mean", ..."""
    return frozenset(f"{WARN_PREFIX}{i.key or i.field}" for i in issues if i.severity == "warning")


def flags_in_words(flags: str | frozenset[str]) -> str:
    """A row's flags as words for an export ("marked illegible; saved despite a
    warning: ..."); a flag without words shows as itself."""
    names = sorted(f for f in flags.split(",") if f) if isinstance(flags, str) else sorted(flags)
    words = []
    for name in names:
        if name in FLAG_WORDS:
            words.append(FLAG_WORDS[name])
        elif name.startswith(WARN_PREFIX):
            words.append(WARNED_WORDS + name.removeprefix(WARN_PREFIX))
        else:
            words.append(name)
    return "; ".join(words)


def match_keys(first_name: str, last_name: str, email: str, city: str) -> tuple[str, str, str]:
    """Matching keys (name, email, city): folded scripts, case, accents and spacing."""
    name = compact(fold(f"{first_name} {last_name}"))
    return name, email.strip().casefold(), compact(fold(city))


def keys(signer: SignerInput) -> tuple[str, str, str]:
    return match_keys(signer.first_name, signer.last_name, signer.email, signer.city)
