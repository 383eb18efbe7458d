"""Print ActionKit's performance table: `python -m benchmarks [--quick] [--only NAME]`."""

from __future__ import annotations

import argparse
import importlib
import sys

from benchmarks.table import Row, format_table

# Modules in the order their rows are printed. Later issues add theirs here.
MODULES = ["startup", "dataset", "printing", "signatures", "typing", "scan", "gui", "packaging"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, rougher figures")
    parser.add_argument("--only", choices=MODULES, action="append", help="run only these")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 10
    rows: list[Row] = []
    for name in args.only or MODULES:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        rows.extend(module.run(repeats))
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
