"""The four CRM presets write what each CRM's import takes: a store holding the people
of tests/fixtures/crm/<name>.csv is exported through the preset of that name and the
file compared with the fixture, header and every value (see the README there for the
documentation each fixture follows)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionkit.core.signatures.export import export_csv, export_xlsx
from actionkit.core.signatures.presets import ValueRefused, load_presets
from actionkit.core.signatures.purge import plan_purge
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

FIXTURES = Path(__file__).parents[2] / "fixtures" / "crm"
CRMS = ("action_network", "mailchimp", "nationbuilder", "civicrm")
PEOPLE = (
    SignerInput("Sara", "Ahmadi", "sara.ahmadi@example.org", "Köln", "DE", "50667", True),
    SignerInput("Jonas", "Weber", "jonas.weber@example.org", "Bonn", "Deutschland", "53111"),
    SignerInput("لیلا", "کریمی", "leila.karimi@example.org", "Paris", "Frankreich", "75011", True),
    SignerInput("José", "Núñez", "jose.nunez@example.org", "Bonn", "Spanien", "53113", True),
)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _fixture(name: str) -> list[list[str]]:
    return _csv_rows((FIXTURES / f"{name}.csv").read_text(encoding="utf-8"))


@pytest.fixture
def street(store: SignatureStore) -> SignatureStore:
    event = store.create_event("Vigil for Narges", "2026-12-10", city="Köln")
    sheet = store.create_sheets(event.slug, ("fa", "de"), 1)[0]
    for row, person in enumerate(PEOPLE, 1):
        store.add_row(sheet.id, row, person)
    return store


@pytest.mark.parametrize("name", CRMS)
def test_each_crm_preset_writes_its_crms_import_file(
    street: SignatureStore, tmp_path: Path, name: str
) -> None:
    preset = load_presets()[name]
    assert preset.source.startswith("http"), "every CRM preset says where its format is from"
    result = export_csv(street, tmp_path / f"{name}.csv", preset)
    written = _csv_rows((tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig"))
    expected = _fixture(name)
    assert written[0] == expected[0], "the CRM's own headers, in order, nothing added"
    assert written[1:] == expected[1:]
    assert result.rows == len(expected) - 1


@pytest.mark.parametrize("name", CRMS)
def test_the_xlsx_export_holds_the_same_cells(
    street: SignatureStore, tmp_path: Path, name: str
) -> None:
    export_xlsx(street, tmp_path / f"{name}.xlsx", load_presets()[name])
    rows = list(load_workbook(tmp_path / f"{name}.xlsx", read_only=True)["Signers"].values)
    assert [[cell or "" for cell in row] for row in rows] == _fixture(name)


@pytest.mark.parametrize("name", ["action_network", "mailchimp"])
def test_opt_in_only_crms_never_get_a_signer_without_consent_and_the_export_says_so(
    street: SignatureStore, tmp_path: Path, name: str
) -> None:
    """Even when the export is not asked to leave them out."""
    result = export_csv(street, tmp_path / "out.csv", load_presets()[name], consented_only=False)
    assert "jonas" not in (tmp_path / "out.csv").read_text(encoding="utf-8-sig").lower()
    assert result.unconsented_left_out == 1
    about = dict(
        load_workbook(
            export_xlsx(street, tmp_path / "out.xlsx", load_presets()[name]).path,
            read_only=True,
        )["About"].values
    )
    assert about["consented_only"] == "yes"
    # The export log says so too: purge never takes it for the hand-off of everyone.
    logged = [bool(r[0]) for r in street.conn.execute("SELECT consented_only FROM exports")]
    assert logged == [True, True]


def test_crms_that_take_everyone_say_who_did_not_opt_in(
    street: SignatureStore, tmp_path: Path
) -> None:
    presets = load_presets()
    nation = export_csv(street, tmp_path / "nb.csv", presets["nationbuilder"])
    assert nation.unconsented_left_out == 0
    back = {
        row["email"]: presets["nationbuilder"].read(row)
        for row in csv.DictReader(io.StringIO((tmp_path / "nb.csv").read_text("utf-8-sig")))
    }
    assert back["jonas.weber@example.org"]["consent"] == "no", "N read back as no consent"
    assert back["sara.ahmadi@example.org"]["consent"] == "yes"
    civi = presets["civicrm"]
    assert civi.read({"No Bulk Emails (User Opt Out)": "1"})["consent"] == "no"
    assert civi.read({"No Bulk Emails (User Opt Out)": "0"})["consent"] == "yes"


def test_civicrm_cuts_a_value_longer_than_its_database_holds_and_says_so(
    street: SignatureStore, tmp_path: Path
) -> None:
    """One long city must not stop the hand-off of everyone else: cut, and said."""
    sheet = street.sheets()[0]
    long_city = "Sankt " + "Ä" * 70
    street.add_row(
        sheet.id, 5, SignerInput("A" * 65, "Long", "long@example.org", long_city, consent=True)
    )
    result = export_csv(street, tmp_path / "civi.csv", load_presets()["civicrm"])
    last = _csv_rows((tmp_path / "civi.csv").read_text(encoding="utf-8-sig"))[-1]
    assert (last[0], last[3]) == ("A" * 64, long_city[:64])
    assert result.rows == 5
    assert result.notes == ("First Name: cut to 64 characters", "City: cut to 64 characters")
    # The other CRMs document no such limit and take it as it is.
    export_csv(street, tmp_path / "nb.csv", load_presets()["nationbuilder"])
    assert "A" * 65 in (tmp_path / "nb.csv").read_text(encoding="utf-8-sig")


def test_a_cut_to_a_number_of_characters_never_splits_a_letter_from_its_mark(
    street: SignatureStore, tmp_path: Path
) -> None:
    """A Persian letter with its vowel sign (be + fatha, no single character holds both)
    straddling the 64th character is cut before the letter, not between the two."""
    sheet = street.sheets()[0]
    city = "x" * 63 + "\u0628\u064e" + "yz"
    street.add_row(sheet.id, 5, SignerInput("Ana", "B", "ana@example.org", city, consent=True))
    export_csv(street, tmp_path / "civi.csv", load_presets()["civicrm"])
    last = _csv_rows((tmp_path / "civi.csv").read_text(encoding="utf-8-sig"))[-1]
    assert last[3] == "x" * 63


def test_a_layout_that_refuses_a_long_value_says_what_the_user_can_do(
    street: SignatureStore, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    spec = load_presets()["civicrm"].spec()
    spec["columns"][0]["too_long"] = "refuse"
    (config / "export_presets.json").write_text(
        json.dumps({"format": 2, "presets": {"our_civi": spec}}), encoding="utf-8"
    )
    sheet = street.sheets()[0]
    street.add_row(sheet.id, 5, SignerInput("A" * 65, "Long", "long@example.org", consent=True))
    with pytest.raises(ValueRefused) as refused:
        export_csv(street, tmp_path / "civi.csv", load_presets(config)["our_civi"])
    said = str(refused.value)
    assert f"sheet {sheet.id} row 5: First Name is 65 characters long" in said
    assert "Shorten it on that row" in said
    assert '"too_long": "cut" on the column First Name of the layout our_civi' in said
    assert "use a preset that cuts it" not in said, "no bundled layout did"
    assert not (tmp_path / "civi.csv").exists()


def test_mailchimp_cuts_at_255_bytes_never_inside_a_letter(
    street: SignatureStore, tmp_path: Path
) -> None:
    sheet = street.sheets()[0]
    persian = "ن" * 200  # 400 bytes in UTF-8
    street.add_row(sheet.id, 5, SignerInput(persian, "X", "n@example.org", consent=True))
    result = export_csv(street, tmp_path / "mc.csv", load_presets()["mailchimp"])
    last = _csv_rows((tmp_path / "mc.csv").read_text(encoding="utf-8-sig"))[-1]
    assert last[1] == "ن" * 127 and len(last[1].encode()) == 254
    assert result.notes == ("First Name: cut to 255 bytes",)


def test_a_country_typed_in_persian_reaches_action_network_as_its_code(
    street: SignatureStore, tmp_path: Path
) -> None:
    sheet = street.sheets()[0]
    street.add_row(sheet.id, 5, SignerInput("Reza", "K", "r@example.org", consent=True))
    street.add_row(sheet.id, 6, SignerInput("Mina", "M", "m@example.org", consent=True))
    # Typing refuses a country it does not know; an older store may hold any text.
    street.conn.execute("UPDATE signatures SET country = 'ایران' WHERE row_number = 5")
    street.conn.execute("UPDATE signatures SET country = 'Narnia' WHERE row_number = 6")
    street.conn.commit()
    result = export_csv(street, tmp_path / "an.csv", load_presets()["action_network"])
    rows = _csv_rows((tmp_path / "an.csv").read_text(encoding="utf-8-sig"))
    assert rows[-2][-1] == "IR" and rows[-1][-1] == "Narnia"
    assert result.notes == ("country: country 'Narnia' left as typed (no ISO code known)",)


def test_rows_marked_illegible_or_declined_stay_out_of_a_crm_file_and_are_counted(
    street: SignatureStore, tmp_path: Path
) -> None:
    sheet = street.sheets()[0]
    street.add_row(sheet.id, 5, SignerInput(flags=frozenset({"illegible"})))
    street.add_row(sheet.id, 6, SignerInput("Ali", consent=True, flags=frozenset({"declined"})))
    for name in CRMS:
        result = export_csv(street, tmp_path / f"{name}.csv", load_presets()[name])
        written = _csv_rows((tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig"))
        assert written == _fixture(name), name
        assert result.flagged_left_out == 2, name
    everything = export_csv(street, tmp_path / "generic.csv", load_presets()["generic"])
    assert (everything.rows, everything.flagged_left_out) == (6, 0), "kept, and said, there"


def _without_email(store: SignatureStore) -> SignatureStore:
    sheet = store.sheets()[0]
    store.add_row(sheet.id, 5, SignerInput("Narges", "M", "", "Köln", "DE", consent=True))
    store.add_row(sheet.id, 6, SignerInput("Omid", "R", " ", "Bonn", "DE"))
    return store


@pytest.mark.parametrize("name", ["action_network", "mailchimp", "nationbuilder"])
def test_crms_that_key_people_by_email_never_get_a_row_without_one_and_it_is_counted(
    street: SignatureStore, tmp_path: Path, name: str
) -> None:
    """Action Network skips activists without email, Mailchimp requires it, NationBuilder
    requires a unique identifier and email is the only one these layouts carry."""
    _without_email(street)
    result = export_csv(street, tmp_path / f"{name}.csv", load_presets()[name])
    written = _csv_rows((tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig"))
    assert written == _fixture(name), "Narges and Omid are not in the file"
    preset = load_presets()[name]
    # Counted once each: Omid did not consent, so an opt-in-only CRM counts him there.
    if preset.consented_only:
        assert (result.missing_left_out, result.unconsented_left_out) == (1, 2)
    else:
        assert (result.missing_left_out, result.unconsented_left_out) == (2, 0)
    export_xlsx(street, tmp_path / f"{name}.xlsx", preset)
    rows = list(load_workbook(tmp_path / f"{name}.xlsx", read_only=True)["Signers"].values)
    assert [[cell or "" for cell in row] for row in rows] == _fixture(name)


def test_civicrm_and_the_spreadsheet_layouts_keep_rows_without_an_email(
    street: SignatureStore, tmp_path: Path
) -> None:
    _without_email(street)
    for name in ("civicrm", "generic"):
        result = export_csv(street, tmp_path / f"{name}.csv", load_presets()[name])
        assert (result.rows, result.missing_left_out) == (6, 0), name


def test_a_preset_says_why_it_leaves_a_row_out_so_the_merge_applies_the_same_rule() -> None:
    presets = load_presets()
    person = {"email": "a@example.org", "consent": "yes", "flags": ""}
    for name in CRMS:
        assert presets[name].leaves_out(person) is None, name
        assert presets[name].leaves_out({**person, "flags": "declined"}) == "flagged", name
    for name in ("action_network", "mailchimp", "nationbuilder"):
        assert presets[name].leaves_out({**person, "email": " "}) == "missing", name
    assert presets["civicrm"].leaves_out({**person, "email": ""}) is None
    unconsented = {**person, "consent": "no", "email": ""}
    assert presets["mailchimp"].leaves_out(unconsented) == "unconsented"
    assert presets["nationbuilder"].leaves_out(unconsented) == "missing"
    assert presets["civicrm"].leaves_out({**person, "consent": "no"}) is None
    assert presets["civicrm"].leaves_out({**person, "consent": "no"}, consented_only=True) == (
        "unconsented"
    )
    assert presets["generic"].leaves_out({"flags": "illegible"}) is None


def test_an_export_that_left_out_rows_without_email_is_not_the_hand_off_purge_waits_for(
    street: SignatureStore, tmp_path: Path
) -> None:
    """Narges has no email: NationBuilder's file lacks her, so purging the event after
    that export alone would lose her name; a layout with everyone covers it."""
    _without_email(street)
    event = street.sheets()[0].event_slug
    export_csv(street, tmp_path / "nb.csv", load_presets()["nationbuilder"])
    assert plan_purge(street, event).exported == []
    export_csv(street, tmp_path / "all.csv", load_presets()["generic"])
    assert [r.preset for r in plan_purge(street, event).exported] == ["generic"]
