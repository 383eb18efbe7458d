"""Export presets as data: columns, value forms declared in the preset file, the
preset carried in the export's About sheet, and files read back through it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from actionkit.core.signatures import export
from actionkit.core.signatures.export import export_csv, export_xlsx
from actionkit.core.signatures.presets import (
    Column,
    Preset,
    PresetError,
    ValueRefused,
    load_presets,
    match_preset,
    preset_for,
    preset_from_about,
)
from actionkit.core.signatures.store import Sheet, SignatureStore
from actionkit.core.signatures.validation import SignerInput
from actionkit.core.signatures.xlsx_read import XlsxReader

OWN = {
    "format": 2,
    "presets": {
        "street": {
            "label": "Street list for our CRM",
            "source": "our own import, agreed 2026-11",
            "flagged_column": False,
            "columns": [
                {"header": "E-Mail", "field": "email"},
                {"header": "Vorname", "field": "first_name", "max_length": 5, "too_long": "cut"},
                {"header": "Land", "field": "country", "country": "iso2"},
                {"header": "opt_in", "field": "consent", "map": {"yes": "Y", "no": "N"}},
                {"header": "Datum", "field": "event_date", "date": "%d.%m.%Y"},
                {"header": "Quelle", "constant": "Infostand"},
                ["Blatt", "sheet"],
            ],
        }
    },
}


def _own_config(tmp_path: Path, spec: dict[str, Any] = OWN) -> Path:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "export_presets.json").write_text(json.dumps(spec), encoding="utf-8")
    return config


def _sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in load_workbook(path, read_only=True)[sheet].values]


def test_bundled_presets_load_as_before_and_export_still_offers_them() -> None:
    presets = load_presets()
    assert export.load_presets is load_presets, "export.load_presets keeps working"
    generic, crm = presets["generic"], presets["crm"]
    assert generic.headers[:3] == ["first_name", "last_name", "email"]
    assert generic.headers[8] == "flagged", "placed where the preset puts it"
    assert crm.headers == [
        "first_name",
        "last_name",
        "email",
        "zip_code",
        "country",
        "consent",
        "city",
        "source_event",
        "source_sheet",
        "source_row",
        "flagged",
    ]
    assert crm.columns[3] == Column("zip_code", "postal_code")
    assert (generic.consented_only, generic.formulas) == (False, "guard")
    assert generic.plain and crm.plain, "the bundled layouts write values as they are"


def test_a_format_1_user_preset_still_loads(tmp_path: Path) -> None:
    config = _own_config(tmp_path, {"presets": {"mini": {"columns": [["Mail", "email"]]}}})
    mini = load_presets(config)["mini"]
    assert mini.headers == ["Mail", "flagged"] and mini.label == "mini"


def test_render_applies_the_declared_value_forms(tmp_path: Path) -> None:
    street = load_presets(_own_config(tmp_path))["street"]
    assert street.headers == ["E-Mail", "Vorname", "Land", "opt_in", "Datum", "Quelle", "Blatt"]
    cells = street.render(
        {
            "email": "sara@web.de",
            "first_name": "Sara",
            "country": "Deutschland",
            "consent": "yes",
            "event_date": "2026-12-10",
            "sheet": "S-1",
        }
    )
    assert cells == ["sara@web.de", "Sara", "DE", "Y", "10.12.2026", "Infostand", "S-1"]
    # A name typed in Persian, French or Spanish finds its code too.
    for typed, code in (("ایران", "IR"), ("Allemagne", "DE"), ("Alemania", "DE"), ("UK", "GB")):
        assert street.render({"country": typed})[2] == code, typed
    assert street.render({"country": "Narnia"})[2] == "Narnia", "unknown: left as typed"
    assert street.render({"first_name": "Mohammad"})[1] == "Moham", "cut, as the preset says"


def test_read_reverses_what_can_be_reversed(tmp_path: Path) -> None:
    street = load_presets(_own_config(tmp_path))["street"]
    typed = ["a@b.de", "Sara", "DE", "N", "10.12.2026", "X", "S-1"]
    cells = dict(zip(street.headers, typed, strict=True))
    assert street.read(cells) == {
        "email": "a@b.de",
        "first_name": "Sara",
        "country": "DE",
        "consent": "no",
        "event_date": "2026-12-10",
        "sheet": "S-1",
    }


def test_a_bad_preset_is_refused_with_its_reason(tmp_path: Path) -> None:
    bad = {"format": 2, "presets": {"x": {"columns": [{"header": "A", "field": "shoe_size"}]}}}
    with pytest.raises(PresetError, match="shoe_size"):
        load_presets(_own_config(tmp_path, bad))
    upper = {"header": "A", "field": "email", "upper": 1}
    odd = {"format": 2, "presets": {"x": {"columns": [upper]}}}
    with pytest.raises(PresetError, match="upper"):
        load_presets(_own_config(tmp_path, odd))
    future = {"format": 3, "presets": {}}
    with pytest.raises(PresetError, match="format 3"):
        load_presets(_own_config(tmp_path, future))


def test_match_preset_finds_the_layout_a_file_was_made_with(tmp_path: Path) -> None:
    presets = load_presets(_own_config(tmp_path))
    crm = presets["crm"]
    assert match_preset(crm.headers, presets) is crm
    assert match_preset([" First_Name", *crm.headers[1:-1]], presets) is crm, "no flagged, case"
    assert (
        match_preset(["\ufeffE-Mail", *presets["street"].headers[1:]], presets)
        is (presets["street"])
    )
    assert match_preset(["email", "name"], presets) is None


def _fill(store: SignatureStore, sheet: Sheet) -> None:
    store.add_row(
        sheet.id,
        1,
        SignerInput(first_name="Mohammad", email="m@web.de", country="Deutschland", consent=True),
    )
    store.add_row(sheet.id, 2, SignerInput(first_name="Lena", email="l@web.de"))
    # Typing refuses an unknown country now; a store from an older ActionKit may hold one.
    store.conn.execute("UPDATE signatures SET country = 'Narnia' WHERE row_number = 2")
    store.conn.commit()


def test_export_writes_the_preset_and_its_value_forms_and_the_about_sheet_carries_it(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    _fill(store, sheet)
    street = load_presets(_own_config(tmp_path))["street"]
    result = export_xlsx(store, tmp_path / "street.xlsx", street)
    rows = _sheet_rows(tmp_path / "street.xlsx", "Signers")
    assert rows[0] == tuple(street.headers)
    assert rows[1] == ("m@web.de", "Moham", "DE", "Y", "10.12.2026", "Infostand", sheet.id)
    assert rows[2] == ("l@web.de", "Lena", "Narnia", "N", "10.12.2026", "Infostand", sheet.id)
    assert result.notes == (
        "Vorname: cut to 5 characters",
        "Land: country 'Narnia' left as typed (no ISO code known)",
    )
    about = _sheet_rows(tmp_path / "street.xlsx", "About")
    assert ("preset", "street") in about
    assert ("column", "Land=country") in about and ("column", "Quelle==Infostand") in about
    # The centre does not have this preset: the file says how to read itself.
    carried = preset_from_about(about)
    assert carried is not None and carried.columns == street.columns
    signer = dict(zip(rows[0], rows[1], strict=True))
    assert carried.read({k: str(v) for k, v in signer.items()})["consent"] == "yes"


def test_the_flagged_column_says_what_a_value_form_could_not_do(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    _fill(store, sheet)
    spec = json.loads(json.dumps(OWN))
    del spec["presets"]["street"]["flagged_column"]
    street = load_presets(_own_config(tmp_path, spec))["street"]
    export_csv(store, tmp_path / "s.csv", street)
    lines = (tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",flagged")
    assert lines[1].endswith(",Vorname: cut to 5 characters")
    assert lines[2].endswith(",Land: country 'Narnia' left as typed (no ISO code known)")


def test_a_value_too_long_for_a_refusing_column_stops_the_export_naming_the_row(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    _fill(store, sheet)
    spec = json.loads(json.dumps(OWN))
    spec["presets"]["street"]["columns"][1]["too_long"] = "refuse"
    street = load_presets(_own_config(tmp_path, spec))["street"]
    with pytest.raises(ValueRefused, match=f"sheet {sheet.id} row 1: Vorname"):
        export_xlsx(store, tmp_path / "no.xlsx", street)
    assert not (tmp_path / "no.xlsx").exists()


def test_a_consented_only_preset_always_leaves_the_others_out_and_says_how_many(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    _fill(store, sheet)
    opted = Preset("opted", "Opted in", (Column("email", "email"),), consented_only=True)
    result = export_xlsx(store, tmp_path / "o.xlsx", opted)
    assert [r[0] for r in _sheet_rows(tmp_path / "o.xlsx", "Signers")] == ["email", "m@web.de"]
    assert (result.rows, result.unconsented_left_out) == (1, 1)
    assert ("consented_only", "yes") in _sheet_rows(tmp_path / "o.xlsx", "About")
    plain = export_xlsx(store, tmp_path / "p.xlsx", load_presets()["generic"])
    assert (plain.rows, plain.unconsented_left_out) == (2, 0)


def test_round_trip_with_a_users_preset_the_centre_does_not_have(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    """Export with a preset from the organizer's config folder; the centre, without that
    preset, reads the file through the preset its About sheet carries (as the merge
    does, with our own reader) and writes the same cells again."""
    _fill(store, sheet)
    store.add_row(
        sheet.id, 3, SignerInput(first_name="Ana", email="ana@web.es", country="ES", consent=True)
    )
    spec = json.loads(json.dumps(OWN))
    del spec["presets"]["street"]["columns"][1]["max_length"]  # nothing lost on the way
    own = load_presets(_own_config(tmp_path, spec))["street"]
    assert "street" not in load_presets(), "the centre does not have it"
    export_xlsx(store, tmp_path / "koln.xlsx", own)

    book = XlsxReader((tmp_path / "koln.xlsx").read_bytes())
    carried = preset_from_about(book.rows("About"))
    assert carried is not None and carried.headers == own.headers
    header, *rows = list(book.rows("Signers"))
    signers = [carried.read(dict(zip(header, row, strict=True))) for row in rows]
    assert [s["consent"] for s in signers] == ["yes", "no", "yes"], "Y/N read back"
    assert signers[0]["event_date"] == "2026-12-10", "the date read back as ActionKit holds it"
    again = [carried.render(s) for s in signers]
    assert again == rows, "exported again, every cell as the organizer's export had it"
    # A CSV export carries no About sheet: its headers find the preset in the config.
    export_csv(store, tmp_path / "koln.csv", own)
    csv_header = (tmp_path / "koln.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert match_preset(csv_header.split(","), load_presets(tmp_path / "config")) == own


def test_a_file_is_read_with_the_preset_it_carries_else_the_one_its_headers_match(
    store: SignatureStore, sheet: Sheet, tmp_path: Path
) -> None:
    _fill(store, sheet)
    nation = load_presets()["nationbuilder"]
    export_xlsx(store, tmp_path / "nb.xlsx", nation)
    book = XlsxReader((tmp_path / "nb.xlsx").read_bytes())
    header = next(book.rows("Signers"))
    found = preset_for(header, {}, book.rows("About"))  # the reader has no presets at all
    assert found is not None and found.headers == nation.headers
    # A CSV re-saved with its headers in other case and a byte order mark still reads.
    assert preset_for(["\ufeffEMAIL", *header[1:]], load_presets()) == nation
    read = nation.row_reader(["\ufeffEMAIL", "Email_Opt_In", "first_name"])
    assert read(["m@web.de", "Y", "Mohammad"]) == {
        "email": "m@web.de",
        "consent": "yes",
        "first_name": "Mohammad",
    }
    assert read(["l@web.de", "N"]) == {"email": "l@web.de", "consent": "no", "first_name": ""}
    assert preset_for(["Name", "Mail"], load_presets(), book.rows("Signers")) is None
