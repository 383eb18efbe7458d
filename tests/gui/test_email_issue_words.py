"""Each refused email address is explained in the interface language, with what is
wrong filled in (issue 15)."""

from __future__ import annotations

import pytest

from actionkit.core.signatures.validation import SignerInput, validate
from actionkit.gui.i18n import LANGUAGES, Translator
from tests.core.signatures.test_email_check import INVALID


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_email_refusal_reads_in_each_language(language: str) -> None:
    t = Translator(language)
    for email in INVALID:
        (issue,) = [
            i for i in validate(SignerInput(first_name="S", email=email)) if i.field == "email"
        ]
        shown = t.issue(issue)
        assert "{" not in shown and shown.strip(), (email, shown)
        if language != "en":
            assert shown != issue.message, f"{language} falls back to English for {issue.key}"
        for value in issue.params.values():
            assert str(value) in shown, (email, shown)
