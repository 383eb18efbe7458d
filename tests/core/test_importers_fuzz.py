"""Every importer, fed garbage and near-misses: it works or says why (ActionKitError),
never another exception, and within bounded time."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from actionkit.core.dataset.loader import load_dataset
from actionkit.core.dataset.photos import clean_photo
from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.csv_import import CsvRow, RefusedLine, read_csv_file, signer_rows
from actionkit.core.signatures.merge import read_export
from actionkit.core.signatures.xlsx_read import XlsxReader
from tests.fuzz_importers import HANG_SECONDS, IMPORTERS, fuzz

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """The seed with a few bytes changed, cut short, or with junk inserted."""

    def mutate(data: tuple[list[tuple[int, int]], int]) -> bytes:
        edits, cut = data
        out = bytearray(seed)
        for position, value in edits:
            if out:
                out[position % len(out)] = value
        return bytes(out[: max(1, cut % (len(out) + 1))]) if cut % 3 == 0 else bytes(out)

    edits = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8)
    return st.tuples(edits, st.integers(0, 10**6)).map(mutate)


def _xlsx_seed() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Signers"
    book.active.append(["first_name", "last_name", "email"])
    book.active.append(["نرگس", "Karimi", "n@example.org"])
    about = book.create_sheet("About")
    about.append(["schema", "actionkit-signers"])
    about.append(["schema_version", "1"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = _xlsx_seed()


def _png_seed() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


PNG = _png_seed()


@FUZZ
@given(data=st.binary(max_size=2000) | _mutations(XLSX))
def test_merge_reader(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    with contextlib.suppress(ActionKitError):
        read_export(path)
    with contextlib.suppress(ActionKitError):
        XlsxReader(data)


@FUZZ
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(lambda s: s.encode("utf-16")))
def test_csv_text(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(data)
    for encoding in (None, "cp1256"):
        with contextlib.suppress(ActionKitError):
            text = read_csv_file(path, encoding)
            for item in signer_rows(text, path.name, ("first_name", "last_name")):
                assert isinstance(item, CsvRow | RefusedLine)


@FUZZ
@given(data=st.binary(max_size=3000) | _mutations(PNG))
def test_photos(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(data)
    with contextlib.suppress(ActionKitError):
        clean_photo(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@FUZZ
@given(document=json_values, raw=st.binary(max_size=500))
def test_dataset_files(tmp_path: Path, document: object, raw: bytes) -> None:
    for content in (json.dumps(document).encode(), raw):
        path = tmp_path / "dataset.json"
        path.write_bytes(content)
        with contextlib.suppress(ActionKitError):
            load_dataset(path, origin="imported")


CHILD = """
import sys, time
from pathlib import Path
from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.csv_import import CsvRow, RefusedLine, read_csv_file, signer_rows
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    if path.suffix == ".json":
        from actionkit.core.dataset.loader import load_dataset
        load_dataset(path, origin="imported")
    elif path.suffix == ".xlsx":
        from actionkit.core.signatures.merge import read_export
        read_export(path)
    else:
        from actionkit.core.dataset.photos import clean_photo
        clean_photo(path)
except ActionKitError as exc:
    outcome = "refused: " + str(exc).splitlines()[0]
else:
    outcome = "accepted"
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(f"{outcome}\t{time.perf_counter() - started:.3f}\t{int(peak) // 1024}")
"""


def test_hostile_files_fail_fast_and_small(tmp_path: Path) -> None:
    """The classic bombs, each in its own process: refused, in seconds, in little memory."""
    import subprocess
    import sys

    cases: dict[str, bytes] = {}
    nested = "[" * 100_000 + "]" * 100_000
    cases["deep.json"] = nested.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>" + b" " * (300 * 2**20))
    cases["bomb.xlsx"] = buffer.getvalue()
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "' + b"A" * 100 + b'">'
        + b"".join(
            b"<!ENTITY e%d \"%s\">" % (n, (b"&e%d;" % (n - 1) if n else b"&a;") * 10)
            for n in range(9)
        )
        + b"]><workbook>&e8;</workbook>"
    )  # fmt: skip
    entities = io.BytesIO()
    with zipfile.ZipFile(entities, "w") as archive:
        archive.writestr("xl/workbook.xml", laughs)
    cases["laughs.xlsx"] = entities.getvalue()
    big = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(big, "PNG")  # 900 megapixels in a few KB
    cases["bomb.png"] = big.getvalue()
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=60
        )
        outcome, seconds, peak_mb = result.stdout.strip().split("\t")
        assert outcome.startswith("refused"), f"{name}: {outcome} {result.stderr[-300:]}"
        assert float(seconds) < 5, f"{name} took {seconds} s"
        assert int(peak_mb) < 400, f"{name} peaked at {peak_mb} MB"


def test_a_zip_of_a_future_version_is_refused_not_a_traceback(tmp_path: Path) -> None:
    """zipfile raises NotImplementedError for a 'version needed to extract' it does not
    know, while it reads the directory: the cause of test_merge_reader's rare failures."""
    data = bytearray(XLSX)
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 0xFF  # version needed to extract: 25.5
    path = tmp_path / "future.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(ActionKitError, match=r"is not an \.xlsx file"):
        read_export(path)


@pytest.mark.parametrize("importer", IMPORTERS)
def test_the_mutation_fuzzer_finds_no_traceback_and_no_hang(importer: str) -> None:
    """A few hundred cases of the fuzzer whose 10,000-case runs the notes quote."""
    figures = fuzz(importer, 100, seed=7)
    assert figures.cases == 100
    assert (figures.tracebacks, figures.hangs) == (0, 0), figures.failures[:3]
    assert figures.refused and figures.worst_seconds < HANG_SECONDS


def test_a_dataset_problem_quotes_hostile_content_short_and_escaped(tmp_path: Path) -> None:
    from actionkit.core.dataset.errors import MAX_PROBLEM_CHARS
    from tests.dataset_helpers import make_record, write_bundle

    record = make_record("p-one")
    record["x" * 100_000 + "\u202e\x1b[2J"] = 1  # a key no record has, echoed in the problem
    path = write_bundle(tmp_path / "bundle.json", [record])
    with pytest.raises(ActionKitError) as refused:
        load_dataset(path, origin="imported")
    message = str(refused.value)
    assert "\u202e" not in message and "\x1b" not in message
    assert max(len(line) for line in message.splitlines()) <= MAX_PROBLEM_CHARS + 10
