"""Mutation fuzzer for every importer: `python -m tests.fuzz_importers --cases 10000`.

Each importer (the merge's workbook reader, CSV import of signer rows, a dataset
file, photo cleaning) gets `--cases` files made from honest seeds by mutation:
bytes flipped, cut, repeated or inserted, and, inside a workbook's zip, its XML
edited (huge row numbers and columns, DTDs, entities, broken tags) and zipped
again. A case passes when the importer accepts the file or refuses it with
ActionKitError; any other exception is a traceback, and a case over 10 s a hang.
Each importer runs in its own process, so the peak memory it reports is its own.
The suite runs a small count (tests/core/test_importers_fuzz.py).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

HANG_SECONDS = 10.0
IMPORTERS = ("xlsx", "csv", "dataset", "photo")
PASSWORD = "secret"

# Pieces a crafted file would carry, spliced into the text of the seeds.
XML_TOKENS = [
    b"1000000000000",
    b"XFD1048577",
    b"zzz9",
    b"a1",
    b"-1",
    b"\xc2\xb2",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    b'<!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b"&a;",
    b"&#0;",
    b"<row/>",
    b'<row r="99999999">',
    b'<c r="A1" t="s"><v>999999</v></c>',
    b'<c t="inlineStr"><is><t>x</t></is></c>',
    b"</sheetData>",
    b"<![CDATA[",
    b"\xff\xfe",
    b'encoding="UTF-16"',
]
TEXT_TOKENS = [
    b"\r",
    b"\n",
    b"\r\n",
    b'"',
    b",",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc2\xb2",
    b"\xd9\xa3",
    b"x" * 140_000,
    b"row",
    b"\xe2\x80\xae",
    b"1e999",
    b"[" * 5000,
    b'{"a":' * 500,
    b"null",
    b"NaN",
    b"\\ud800",
]


class Hang(Exception):
    """Raised by the alarm when one case runs past HANG_SECONDS."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


# --- seeds -------------------------------------------------------------------------------


def _xlsx_seeds() -> list[bytes]:
    from openpyxl import Workbook

    from actionkit.core.signatures.export import SCHEMA, encrypt_with_password
    from tests.core.hostile_workbooks import good_export

    book = Workbook()
    signers = book.active
    signers.title = "Signers"
    signers.append(["first_name", "last_name", "email", "city", "country", "source_row"])
    signers.append(["نرگس", "Karimi", "n@example.org", "Köln", "DE", "1"])
    signers.append(["Sara", "Müller", "s@example.org", "Zürich", "CH", "2"])
    about = book.create_sheet("About")
    about.append(["key", "value"])
    about.append(["schema", SCHEMA])
    about.append(["schema_version", "1"])
    out = io.BytesIO()
    book.save(out)
    plain = out.getvalue()
    handmade = good_export("Ali", "ali@example.org")
    return [plain, handmade, encrypt_with_password(handmade, PASSWORD)]


def _csv_seeds() -> list[bytes]:
    text = (
        "first_name,last_name,email,city,consent,row\r\n"
        "نرگس,کریمی,n@example.org,تهران,بله,1\r\n"
        'Sara,"Müller, Dr.",s@example.org,Köln,yes,2\r\n'
        "José,Lefèvre,,Genève,,\r\n"
    )
    return [
        text.encode("utf-8"),
        text.encode("utf-8-sig"),
        text.encode("utf-16"),
        text.replace("\r\n", "\r").encode("utf-8"),
        text.replace("نرگس,کریمی", "A,B").replace("تهران,بله", "Bonn,ja").encode("cp1252"),
        text.replace("Müller", "Muller")
        .replace("José,Lefèvre", "علي,رضائي")
        .replace("Köln", "Koln")
        .replace("Genève", "Geneve")
        .replace("ک", "ك")
        .replace("ی", "ي")
        .replace("گ", "ك")
        .encode("cp1256"),
    ]


def _dataset_seeds() -> list[bytes]:
    from tests.dataset_helpers import make_record, write_bundle

    with tempfile.TemporaryDirectory() as folder:
        path = write_bundle(
            Path(folder) / "bundle.json",
            [make_record("p-one", "Test One", "یک"), make_record("p-two", status="released")],
        )
        return [path.read_bytes()]


def _photo_seeds() -> list[bytes]:
    from PIL import Image

    image = Image.new("RGB", (48, 36), (200, 30, 30))
    seeds = []
    formats: list[tuple[str, dict[str, Any]]] = [
        ("JPEG", {"comment": b"hello", "exif": _exif()}),
        ("PNG", {}),
        ("WEBP", {}),
        ("MPO", {"save_all": True, "append_images": [image]}),
    ]
    for fmt, options in formats:
        out = io.BytesIO()
        image.save(out, fmt, **options)
        seeds.append(out.getvalue())
    return seeds


def _exif() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0), 1: "N"}
    exif[0x010F] = "PhoneMaker"
    return exif.tobytes()


# --- mutation ----------------------------------------------------------------------------


def mutate_bytes(rng: random.Random, data: bytes, tokens: list[bytes]) -> bytes:
    """A few random edits: flips, cuts, deletions, repeats, token insertions."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not out:
            out += rng.choice(tokens)
            continue
        at = rng.randrange(len(out))
        choice = rng.random()
        if choice < 0.3:
            out[at] = rng.randrange(256)
        elif choice < 0.45:
            del out[at : at + rng.randint(1, 64)]
        elif choice < 0.6:
            chunk = out[at : at + rng.randint(1, 256)]
            out[at:at] = chunk * rng.randint(1, 50)
        elif choice < 0.9:
            out[at:at] = rng.choice(tokens)
        else:
            del out[at:]
    return bytes(out)


def mutate_xlsx(rng: random.Random, data: bytes) -> bytes:
    """Edit the XML inside the workbook and zip it again, or mutate the raw bytes."""
    if rng.random() < 0.3:
        return mutate_bytes(rng, data, XML_TOKENS)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = {i.filename: source.read(i) for i in source.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return mutate_bytes(rng, data, XML_TOKENS)  # the encrypted seed: not a zip
    names = sorted(members)
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(names)
        if rng.random() < 0.05:
            del members[name]
            names.remove(name)
            if not names:
                break
            continue
        members[name] = mutate_bytes(rng, members[name], XML_TOKENS)
    out = io.BytesIO()
    method = rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED))
    with zipfile.ZipFile(out, "w", method) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def mutate_dataset(rng: random.Random, data: bytes) -> bytes:
    """Change values in the JSON (types, sizes, nesting), or mutate the raw bytes."""
    if rng.random() < 0.4:
        return mutate_bytes(rng, data, TEXT_TOKENS)
    document = json.loads(data)
    for _ in range(rng.randint(1, 4)):
        _poke(rng, document)
    return json.dumps(document, ensure_ascii=rng.random() < 0.5).encode()


_ODD_VALUES: list[object] = [
    None,
    True,
    0,
    -1,
    10**30,
    1e308,
    "",
    "x" * 100_000,
    "\u202e",
    "2026-02-30",
    "9999-99-99",
    [],
    {},
    [[[[[]]]]],
    {"": None},
]


def _poke(rng: random.Random, node: object) -> None:
    """Replace or remove one value somewhere inside a JSON document."""
    for _ in range(12):
        if isinstance(node, dict) and node:
            key = rng.choice(sorted(node))
            if rng.random() < 0.3:
                if rng.random() < 0.3:
                    del node[key]
                else:
                    node[key] = rng.choice(_ODD_VALUES)
                return
            node = node[key]
        elif isinstance(node, list) and node:
            index = rng.randrange(len(node))
            if rng.random() < 0.3:
                node[index] = rng.choice(_ODD_VALUES)
                return
            node = node[index]
        else:
            return


# --- running -----------------------------------------------------------------------------


def _importer(kind: str) -> Callable[[Path], object]:
    if kind == "xlsx":
        from actionkit.core.signatures.merge import read_export

        return lambda path: read_export(path, password=PASSWORD)
    if kind == "csv":
        from actionkit.core.signatures.csv_import import read_csv_file, signer_rows

        def import_csv(path: Path) -> object:
            return list(signer_rows(read_csv_file(path), path.name, ("first_name", "last_name")))

        return import_csv
    if kind == "dataset":
        from actionkit.core.dataset.loader import load_dataset

        return lambda path: load_dataset(path, origin="imported")
    from actionkit.core.dataset.photos import clean_photo

    return clean_photo


SEEDS = {"xlsx": _xlsx_seeds, "csv": _csv_seeds, "dataset": _dataset_seeds, "photo": _photo_seeds}
SUFFIX = {"xlsx": ".xlsx", "csv": ".csv", "dataset": ".json", "photo": ".jpg"}


def mutate(kind: str, rng: random.Random, seed: bytes) -> bytes:
    if kind == "xlsx":
        return mutate_xlsx(rng, seed)
    if kind == "dataset":
        return mutate_dataset(rng, seed)
    return mutate_bytes(rng, seed, TEXT_TOKENS if kind == "csv" else XML_TOKENS)


@dataclass
class Figures:
    importer: str
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    tracebacks: int = 0
    hangs: int = 0
    worst_seconds: float = 0.0
    worst_case: int = -1
    peak_mb: float = 0.0
    baseline_mb: float = 0.0
    failures: list[str] = field(default_factory=list)


def _max_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def fuzz(kind: str, cases: int, seed: int = 14, keep: Path | None = None) -> Figures:
    """Run `cases` mutated files through one importer, in this process."""
    from actionkit.core.errors import ActionKitError

    rng = random.Random(f"{kind}-{seed}")
    seeds = SEEDS[kind]()
    run = _importer(kind)
    figures = Figures(kind, baseline_mb=_max_rss_mb())
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    with (
        warnings.catch_warnings(),  # Pillow warns about every odd header it reads
        tempfile.TemporaryDirectory(prefix="actionkit-fuzz-") as folder,
    ):
        warnings.simplefilter("ignore")
        path = Path(folder) / f"case{SUFFIX[kind]}"
        try:
            for number in range(cases):
                data = mutate(kind, rng, rng.choice(seeds))
                path.write_bytes(data)
                problem = ""
                started = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
                try:
                    run(path)
                    figures.accepted += 1
                except ActionKitError:
                    figures.refused += 1
                except Hang:
                    figures.hangs += 1
                    problem = f"hang over {HANG_SECONDS:.0f} s"
                except Exception:  # noqa: BLE001  (counting these is the point)
                    figures.tracebacks += 1
                    problem = traceback.format_exc(limit=-3)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                seconds = time.perf_counter() - started
                if seconds > HANG_SECONDS and not problem:
                    figures.hangs += 1
                    problem = f"took {seconds:.1f} s"
                if seconds > figures.worst_seconds:
                    figures.worst_seconds, figures.worst_case = seconds, number
                figures.cases += 1
                if problem:
                    figures.failures.append(f"case {number}: {problem}")
                    if keep is not None:
                        keep.mkdir(parents=True, exist_ok=True)
                        (keep / f"{kind}-{number}{SUFFIX[kind]}").write_bytes(data)
        finally:
            signal.signal(signal.SIGALRM, previous)
    figures.peak_mb = _max_rss_mb()
    return figures


def _run_in_child(kind: str, cases: int, seed: int, keep: Path | None) -> Figures:
    command = [sys.executable, "-m", "tests.fuzz_importers", "--child", kind]
    command += ["--cases", str(cases), "--seed", str(seed)]
    if keep is not None:
        command += ["--keep", str(keep)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
    if result.returncode != 0:
        raise RuntimeError(f"the {kind} fuzzer died: {result.stderr[-2000:]}")
    return Figures(**json.loads(result.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz_importers", description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000, help="per importer")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--only", choices=IMPORTERS, action="append")
    parser.add_argument("--keep", type=Path, help="save failing cases here")
    parser.add_argument("--child", choices=IMPORTERS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figures = fuzz(args.child, args.cases, args.seed, args.keep)
        print(json.dumps(asdict(figures)))
        return 0
    bad = 0
    print("importer  cases  accepted  refused  tracebacks  hangs  worst s  peak MB")
    for kind in args.only or IMPORTERS:
        f = _run_in_child(kind, args.cases, args.seed, args.keep)
        print(
            f"{f.importer:<8} {f.cases:>6} {f.accepted:>9} {f.refused:>8} {f.tracebacks:>11} "
            f"{f.hangs:>6} {f.worst_seconds:>8.2f} {f.peak_mb:>8.0f}",
            flush=True,
        )
        for failure in f.failures[:5]:
            print("   ", failure.replace("\n", "\n    "))
        bad += f.tracebacks + f.hangs
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
