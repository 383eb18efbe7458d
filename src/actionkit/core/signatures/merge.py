"""Merging many organizers' exports at the centre: de-duplication that never drops
consent, the decisions it made (and the ones left to the user), and a report.

The files are read by merge_read (xlsx exports of any preset, protected or sealed,
and CSV exports); who is the same person is decided by merge_decide; this module
writes the result: an .xlsx with Signers, Merged (every decision), Report and About,
or a CSV of the signers alone, through an export preset when one is chosen. Output
goes into the target's own temporary file (renamed over the target when complete),
or straight to a stream (stdout): never to any other file. Decrypted inputs stay in
memory.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from actionkit.core.errors import ActionKitError, Message
from actionkit.core.signatures.export import SCHEMA, SCHEMA_VERSION, SHEET_COLUMNS
from actionkit.core.signatures.marks import MARKED_PHRASE
from actionkit.core.signatures.merge_decide import (
    DECIDED_SAME,
    DIFFERENT,
    SAME,
    SAME_EMAIL,
    SAME_NAME_CITY,
    MergedRow,
    Outcome,
    Pair,
    decide,
)
from actionkit.core.signatures.merge_presets import (
    presets_in,
)
from actionkit.core.signatures.merge_read import (
    CONSENT,
    EVENT_FIELDS,
    FIELD_COUNT,
    MERGED_FIELDS,
    PROVENANCE,
    ROW_FIELDS,
    FileContext,
    Row,
    Signer,
    file_from_bytes,
    invalid_email,
    is_password_protected,
    password_opens,
    read_export,
    read_file,
    row_keys,
)
from actionkit.core.signatures.presets import (
    LEFT_OUT_FLAGGED,
    LEFT_OUT_MISSING,
    LEFT_OUT_UNCONSENTED,
    Preset,
    about_rows,
)
from actionkit.core.signatures.store import now
from actionkit.core.signatures.totals import (
    EventInfo,
    Totals,
    add_summary_sheet,
    totals_from_table,
)
from actionkit.core.signatures.validation import FLAG_WORDS
from actionkit.core.signatures.xlsx_write import XlsxWriter, column_widths
from actionkit.core.storage import atomic_write, check_target

__all__ = [
    "FORMATS",
    "MergeOptions",
    "MergeReport",
    "Signer",
    "is_password_protected",
    "merge_exports",
    "merge_to_stream",
    "output_format",
    "password_opens",
    "read_export",
    "write_decisions",
]

FORMATS = ("xlsx", "csv")
MERGED_HEADER = (
    "decision",
    "reason",
    "pair",
    *MERGED_FIELDS,
    *PROVENANCE,
    "kept_first_name",
    "kept_last_name",
    "kept_email",
    "kept_city",
    "kept_consent",
    *(f"kept_{p}" for p in PROVENANCE),
    "taken_from_this_row",
)
# In the Merged sheet, the pairs come first: they wait for someone.
TO_DECIDE = "kept apart: possible duplicate, to decide"
DECIDED_DIFFERENT = "kept apart: different people (your decision)"
MERGED = "merged"
AUTOMATIC_SHOWN = 50  # merges by name and city listed in the summary (all are in Merged)
MERGED_BY_YOU = "merged (your decision)"


@dataclass(frozen=True)
class MergeOptions:
    """How the merged signers are written, and the user's decisions on pairs."""

    preset: str | None = None  # None: the merge's own layout, with where each row came from
    format: str = "xlsx"
    consented_only: bool = False
    delimiter: str | None = None  # CSV only; None: the preset's default
    decisions: Mapping[str, str] = field(default_factory=dict)  # pair id -> same/different
    config_dir: Path | None = None  # where the user's own presets are
    # The file given as "-" (standard input), read whole by the caller: held in memory,
    # never written to any file.
    stdin: bytes | None = field(default=None, repr=False)


@dataclass
class MergeReport:
    files_read: list[tuple[str, int]] = field(default_factory=list)
    files_failed: list[tuple[str, str]] = field(default_factory=list)
    rows_in: int = 0
    rows_out: int = 0  # signers written (after --consented-only)
    signers: int = 0  # signers after merging, before any consent filter
    invalid_emails: int = 0  # rows kept with an email address that is not valid
    left_out: int = 0  # signers not written: they did not agree to be contacted
    merged: list[MergedRow] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    decided_same: list[str] = field(default_factory=list)
    automatic: list[Pair] = field(default_factory=list)  # merged by name and city alone
    preset: str = ""
    format: str = "xlsx"
    consent_filter: str = ""  # "" none; "asked" (--consented-only); "preset" (it takes no other)
    formulas_flagged: list[str] = field(default_factory=list)  # where (a CRM CSV keeps them)
    flagged_left_out: int = 0  # marked (illegible, say): the preset's CRM takes none
    missing_left_out: int = 0  # no email, which the preset's CRM requires
    # The inputs' events (EVENT_FIELDS, by id) and paper sheets (SHEET_COLUMNS, by
    # event and sheet): the same event or sheet in two files is one.
    events: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheets: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    totals: Totals | None = None  # the rows written, counted as `actionkit report` counts

    def add_context(self, context: FileContext) -> None:
        """A file's events and sheets: an event's details filled from whichever file
        gives them; a sheet counted once."""
        for event in context.events:
            known = self.events.get(event[0])
            self.events[event[0]] = (
                event if known is None else tuple(k or e for k, e in zip(known, event, strict=True))
            )
        for sheet in context.sheets:
            self.sheets.setdefault((sheet[1], sheet[0]), sheet)

    @property
    def signatures(self) -> int:
        """Rows written that are signatures (not marked: marks.MARKS)."""
        return self.totals.signatures if self.totals is not None else self.rows_out

    @property
    def two_emails(self) -> list[MergedRow]:
        """Rows merged into a signer that kept another email (the Merged sheet shows it)."""
        return [entry for entry in self.merged if entry.other_email]

    @property
    def pending(self) -> list[Pair]:
        return [p for p in self.pairs if not p.decision]

    def merged_by_reason(self) -> dict[str, int]:
        counts = {SAME_EMAIL: 0, SAME_NAME_CITY: 0, DECIDED_SAME: 0}
        for entry in self.merged:
            counts[entry.reason] = counts.get(entry.reason, 0) + 1
        return counts

    def lines(self) -> list[str]:
        """The merge in words: what came in, what went out, and every kind of decision."""
        counts = self.merged_by_reason()
        how = ", ".join(f"{reason} {n:,}" for reason, n in counts.items() if n)
        # In the words of `actionkit report`: a row is a signature unless it is marked.
        marked = self.rows_out - self.signatures
        text = (
            f"{self.rows_in:,} rows read from {len(self.files_read)} file(s): "
            f"{self.rows_in:,} rows in, {self.rows_out:,} rows out: "
            f"{_count(self.signatures, 'signature', 'signatures')}"
            + (f", {marked:,} {MARKED_PHRASE}" if marked else "")
            + f"; {len(self.merged):,} merged"
            + (f" ({how})" if how else "")
        )
        pending = self.pending
        apart = [p for p in self.pairs if p.decision == DIFFERENT]
        if pending:
            text += f"; {len(pending):,} possible duplicate(s) kept apart, to decide: " + ", ".join(
                p.id for p in pending
            )
        if apart:
            text += f"; {len(apart):,} pair(s) kept apart as you decided"
        out = [text + "."]
        out += [f"  {p.id}: {_side(p.first)}  |  {_side(p.second)}" for p in pending]
        if pending:
            out.append(
                "  Decide with --same PAIR or --different PAIR (the Merged sheet lists both rows)."
            )
        for entry in self.two_emails:
            out.append(
                f"  {_side(entry.kept)} had two emails: {entry.other_email} is in the Merged"
                " sheet, not in Signers."
            )
        shown = self.automatic[:AUTOMATIC_SHOWN]
        out += [
            f"  {p.id}: merged by name and city: {_side(p.first)}  |  {_side(p.second)}"
            for p in shown
        ]
        if len(self.automatic) > len(shown):
            more = len(self.automatic) - len(shown)
            out.append(f"  … and {more:,} more merged by name and city (the Merged sheet).")
        if shown:
            out.append("  Undo a merge by name and city with --different PAIR.")
        if self.left_out:
            why = (
                "the preset takes only those who agreed to be contacted"
                if self.consent_filter == "preset"
                else "only those who agreed to be contacted were asked for"
            )
            out.append(f"  {self.left_out:,} signer(s) left out: {why}.")
        if self.flagged_left_out:
            out.append(
                f"  {self.flagged_left_out:,} signer(s) left out: marked illegible or declined,"
                " which this preset's CRM does not take."
            )
        if self.missing_left_out:
            out.append(
                f"  {self.missing_left_out:,} signer(s) left out: without an email, which this"
                " preset's CRM requires."
            )
        if self.formulas_flagged:
            out.append(
                f"  {len(self.formulas_flagged)} value(s) start like a spreadsheet formula and"
                " are written as they are (this preset's CRM takes them as text): "
                + ", ".join(self.formulas_flagged[:10])
                + (" …" if len(self.formulas_flagged) > 10 else "")
            )
        if self.invalid_emails:
            out.append(
                f"  {self.invalid_emails} row(s) have an email address that is not valid;"
                " the flagged column says what is wrong."
            )
        out += [f"  skipped {name}: {reason}" for name, reason in self.files_failed]
        return out

    def as_json(self, output: str) -> dict[str, Any]:
        """The summary as data (`--summary json`)."""
        counts = self.merged_by_reason()
        return {
            "output": output,
            "format": self.format,
            "preset": self.preset or None,
            "files": [{"file": n, "rows": r, "result": "merged"} for n, r in self.files_read]
            + [{"file": n, "rows": 0, "result": f"skipped: {why}"} for n, why in self.files_failed],
            "rows_in": self.rows_in,
            "signers": self.signers,
            "written": self.rows_out,
            "signatures": self.signatures,
            "two_emails": [
                {"kept": _values(e.kept)["email"], "other": e.other_email} for e in self.two_emails
            ],
            "left_out_not_consented": self.left_out,
            "left_out_flagged": self.flagged_left_out,
            "left_out_missing": self.missing_left_out,
            "merged": {
                "total": len(self.merged),
                "same_email": counts[SAME_EMAIL],
                "same_name_and_city": counts[SAME_NAME_CITY],
                "your_decision": counts[DECIDED_SAME],
            },
            "possible_duplicates": [
                {
                    "pair": p.id,
                    "reason": p.reason,
                    "decision": p.decision or "pending",
                    "first": _values(p.first),
                    "second": _values(p.second),
                }
                for p in self.pairs
            ],
            "to_decide": len(self.pending),
            "merged_by_name_and_city": [
                {"pair": p.id, "row": _values(p.first), "into": _values(p.second)}
                for p in self.automatic
            ],
            "invalid_emails": self.invalid_emails,
            "formulas_flagged": list(self.formulas_flagged),
        }


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _values(row: Row) -> dict[str, str]:
    return dict(zip(ROW_FIELDS, map(str, row), strict=False))


def _side(row: Row) -> str:
    """One side of a pair, in a line: who, where, and the paper it came from."""
    values = _values(row)
    who = " ".join(v for v in (values["first_name"], values["last_name"]) if v)
    parts = [who or "(no name)", values["city"], values["email"] or "(no email)"]
    consent = "agreed to contact" if values["consent"] == "yes" else "no contact"
    where = values["source_file"]
    if values["sheet"]:
        where += f", sheet {values['sheet']}"
    if values["row"]:
        where += f" row {values['row']}"
    return f"{', '.join(p for p in parts if p)}, {consent} ({where})"


def output_format(target: str | Path, given: str | None) -> str:
    """The output's file format: `given`, or the one its name ends in; a name that says
    another format than `given` is refused (central.csv written as xlsx is a trap)."""
    name = str(target)
    suffix = Path(name).suffix.casefold().lstrip(".") if name != "-" else ""
    if given is not None and given not in FORMATS:
        raise ActionKitError(f"No file format {given!r}; choose xlsx or csv.", key="merge.format")
    if suffix in FORMATS:
        if given is not None and given != suffix:
            raise ActionKitError(
                f"{Path(name).name} ends in .{suffix} but the format asked for is {given}: "
                f"name the file .{given}, or ask for --format {suffix}.",
                key="merge.format_mismatch",
                file=Path(name).name,
                suffix=suffix,
                format=given,
            )
        return suffix
    if given is None:
        shown = "standard output" if name == "-" else Path(name).name
        raise ActionKitError(
            f"Cannot tell the file format of {shown}: give --format xlsx or csv "
            "(or a name ending in .xlsx or .csv).",
            key="merge.format_unknown",
            file=shown,
        )
    return given


def merge_exports(
    paths: Sequence[Path],
    target: Path,
    *,
    password: str | None = None,
    identity: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = True,
    pending: Path | None = None,
    options: MergeOptions | None = None,
) -> MergeReport:
    """Merge exports into `target`: an .xlsx with Signers, Merged, Report and About, or
    a CSV of the signers (`options`). The output streams into its own temporary file
    beside `target` and nowhere else, renamed over `target` once complete; `pending`
    is the data folder, where a note lets the next start remove that file if this run
    is killed."""
    if options is None:
        options = MergeOptions(format="csv" if Path(target).suffix.casefold() == ".csv" else "xlsx")
    files = [Path(p) for p in paths]
    target = check_target(target)
    if any(str(f) != STDIN and _same_file(f, target) for f in files):
        # The received file is what the centre checks row counts against: never lost.
        raise ActionKitError(
            f"{target.name} is one of the files to merge: choose another output file.",
            key="merge.output_is_input",
            file=target.name,
        )

    def write(path: Path) -> MergeReport:
        with path.open("wb") as fh:
            report, outcome = _read_and_decide(
                files, password, identity, progress, parallel, options
            )
            _write(outcome, report, options, fh)
        return report

    return atomic_write(target, write, pending=pending)


def merge_to_stream(
    paths: Sequence[Path],
    out: IO[bytes],
    *,
    password: str | None = None,
    identity: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = True,
    options: MergeOptions,
) -> MergeReport:
    """The same merge, written to `out` (standard output): no file, temporary or not."""
    files = [Path(p) for p in paths]
    report, outcome = _read_and_decide(files, password, identity, progress, parallel, options)
    _write(outcome, report, options, out)
    return report


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or (
            second.exists() and first.exists() and first.samefile(second)
        )
    except OSError:
        return False


Keyed = tuple[list[Row], list[tuple[str, str]], str, FileContext]
STDIN = "-"  # the file name that means standard input


def _read_keyed(
    path: Path,
    password: str | None,
    identity: str | None = None,
    config_dir: Path | None = None,
    stdin: bytes | None = None,
) -> Keyed:
    """One file's rows with their matching keys, or the reason it cannot be read, and
    its events and paper sheets.

    Runs in a helper process (never for standard input), so it returns errors instead
    of raising them.
    """
    try:
        if str(path) == STDIN:
            rows, context = file_from_bytes(stdin or b"", "stdin", password, identity, config_dir)
        else:
            rows, context = read_file(path, password, identity, config_dir)
    except ActionKitError as exc:
        failure = Message(str(exc), key=exc.key, **exc.params)  # keeps its key for the GUI
        return [], [], failure, FileContext()
    return rows, [row_keys(row) for row in rows], "", context


def _read_ahead(
    paths: list[Path],
    password: str | None,
    identity: str | None,
    parallel: bool,
    config_dir: Path | None,
    stdin: bytes | None = None,
) -> Iterator[tuple[Path, list[Row], list[tuple[str, str]], str, FileContext]]:
    """The files read, in order; with `parallel`, a helper process reads every other
    file while this one reads the rest (these machines have two cores)."""
    pool = None
    if parallel and len(paths) > 1 and (os.cpu_count() or 1) > 1:
        try:
            # "spawn": a clean child, safe even when the caller has threads (the GUI).
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        except (OSError, ValueError):
            pool = None
    futures: dict[int, Future[Keyed]] = {}
    try:
        if pool is not None:
            # Every other file to the helper (it works through them in order); this
            # process reads the rest: all rows are held to the end anyway.
            try:
                for ahead in range(1, len(paths), 2):
                    if str(paths[ahead]) == STDIN:
                        continue  # standard input is read here, from memory
                    futures[ahead] = pool.submit(
                        _read_keyed, paths[ahead], password, identity, config_dir
                    )
            except (BrokenProcessPool, RuntimeError, OSError):
                pass  # what was not handed over is read here
        for index, path in enumerate(paths):
            future = futures.pop(index, None)
            result = None
            if future is not None:
                try:
                    result = future.result()
                except (BrokenProcessPool, RuntimeError, OSError, EOFError):
                    result = None  # the helper died: read the file here instead
            yield path, *(result or _read_keyed(path, password, identity, config_dir, stdin))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _read_and_decide(
    files: list[Path],
    password: str | None,
    identity: str | None,
    progress: Callable[[int, int], None] | None,
    parallel: bool,
    options: MergeOptions,
) -> tuple[MergeReport, Outcome]:
    report = MergeReport(format=options.format, preset=options.preset or "")
    preset = _preset(options)
    rows: list[Row] = []
    keys: list[tuple[str, str]] = []
    reading = _read_ahead(files, password, identity, parallel, options.config_dir, options.stdin)
    for number, (path, file_rows, file_keys, failure, context) in enumerate(reading, 1):
        if failure:
            report.files_failed.append((_shown(path), failure))
        else:
            report.add_context(context)
            report.files_read.append((_shown(path), len(file_rows)))
            report.rows_in += len(file_rows)
            report.invalid_emails += sum(map(invalid_email, file_rows))
            rows += file_rows
            keys += file_keys
        if progress:
            progress(number, len(files))
    if not report.files_read:
        raise ActionKitError(
            "No file could be merged: " + "; ".join(f"{n} {r}" for n, r in report.files_failed),
            key="merge.nothing",
            failures=list(report.files_failed),
        )
    outcome = decide(rows, keys, options.decisions)
    del rows, keys
    report.signers = len(outcome.signers)
    report.merged = outcome.merged
    report.pairs = outcome.pairs
    report.decided_same = outcome.decided_same
    report.automatic = outcome.automatic
    if options.consented_only or (preset is not None and preset.consented_only):
        report.consent_filter = "asked" if options.consented_only else "preset"
    if preset is not None or options.consented_only:
        # The same rules as an export through the preset (Preset.leaves_out): flagged
        # rows its CRM does not take, no consent where it takes only opt-ins, a
        # required field (the email) empty. Counted, and said.
        kept: list[Row] = []
        why_out: dict[str | None, int] = {}
        for signer in outcome.signers:
            if preset is None:
                why = LEFT_OUT_UNCONSENTED if signer[CONSENT] != "yes" else None
            else:
                why = preset.leaves_out(_as_export(signer), options.consented_only)
            if why is None:
                kept.append(signer)
            else:
                why_out[why] = why_out.get(why, 0) + 1
        report.left_out = why_out.get(LEFT_OUT_UNCONSENTED, 0)
        report.flagged_left_out = why_out.get(LEFT_OUT_FLAGGED, 0)
        report.missing_left_out = why_out.get(LEFT_OUT_MISSING, 0)
        outcome.signers = kept
    report.rows_out = len(outcome.signers)
    report.totals = _totals(outcome, report)
    return report, outcome


def _shown(path: Path) -> str:
    return "stdin" if str(path) == STDIN else path.name


def _as_export(signer: Row) -> dict[str, str]:
    """A merged signer's values as an export holds them (flags as codes, from the
    flagged words), for Preset.leaves_out."""
    values = _values(signer)
    flagged = values.get("flagged", "")
    values["flags"] = ",".join(code for code, words in FLAG_WORDS.items() if words in flagged)
    return values


def _preset(options: MergeOptions) -> Preset | None:
    if options.preset is None:
        return None
    presets = presets_in(options.config_dir)
    if options.preset not in presets:
        raise ActionKitError(
            f"No export preset {options.preset!r}; choose one of {', '.join(presets)}.",
            key="merge.no_preset",
            preset=options.preset,
        )
    return presets[options.preset]


def _signer_cells(outcome: Outcome, options: MergeOptions) -> tuple[list[str], Iterable[Row]]:
    """The Signers header and rows: the merge's own layout, or through the preset."""
    preset = _preset(options)
    if preset is None:
        return [*MERGED_FIELDS, *PROVENANCE], outcome.signers
    return preset.headers, (
        tuple(preset.render(dict(zip(ROW_FIELDS, map(str, s), strict=False))))
        for s in outcome.signers
    )


def _write(outcome: Outcome, report: MergeReport, options: MergeOptions, out: IO[bytes]) -> None:
    if options.format == "csv":
        from actionkit.core.signatures.csv_write import (
            FormulaRefused,
            default_delimiter,
            formula_cells,
            write_csv,
        )

        header, rows = _signer_cells(outcome, options)
        cells = [list(row) for row in rows]
        preset = _preset(options)
        formulas = preset.formulas if preset is not None else "guard"
        if formulas == "refuse":  # checked before a byte is written (stdout cannot take back)
            found = formula_cells(header, cells)
            if found:
                raise FormulaRefused(found)
        delimiter = options.delimiter or (default_delimiter() if formulas == "guard" else ",")
        flagged: list[Any] = []
        # The same rule as export: a byte order mark only in spreadsheet CSV (a CRM's
        # importer may take one for part of the first header).
        write_csv(
            out,
            header,
            cells,
            delimiter=delimiter,
            bom=formulas == "guard",
            formulas=formulas,
            flagged=flagged,
        )
        report.formulas_flagged = [cell.describe() for cell in flagged]
        return
    _write_xlsx(outcome, report, options, out)


def merged_rows(report: MergeReport) -> Iterator[tuple[str, ...]]:
    """Every decision, one line each: the pairs kept apart (to decide first), then every
    row merged into another, with the reason, both rows' provenance, and what was taken."""
    for p in sorted(report.pairs, key=lambda p: bool(p.decision)):
        decision = DECIDED_DIFFERENT if p.decision else TO_DECIDE
        yield (decision, p.reason, p.id, *_line(p.second, p.first), "")
    for entry in report.merged:
        decision = MERGED_BY_YOU if entry.reason == DECIDED_SAME else MERGED
        taken = ", ".join(
            [*entry.taken, *([f"other email: {entry.other_email}"] if entry.other_email else [])]
        )
        yield (decision, entry.reason, entry.pair, *_line(entry.row, entry.kept), taken)


def _line(row: Row, kept: Row) -> tuple[str, ...]:
    other = _values(kept)
    return (
        *map(str, row[: FIELD_COUNT + len(PROVENANCE)]),
        other["first_name"],
        other["last_name"],
        other["email"],
        other["city"],
        other["consent"],
        *(other[p] for p in PROVENANCE),
    )


def _write_xlsx(
    outcome: Outcome, report: MergeReport, options: MergeOptions, out: IO[bytes]
) -> None:
    header, rows = _signer_cells(outcome, options)
    preset = _preset(options)
    decisions = list(merged_rows(report))
    with XlsxWriter(out) as book:
        # Widths from the header, its kind of values, and the first rows (all in memory;
        # through a preset the cells differ from the rows: its headers' kinds only).
        sample = outcome.signers[:200] if preset is None else ()
        with book.sheet("Signers", column_widths(header, sample)) as signers:
            signers.append(header)
            signers.extend(rows)
        with book.sheet("Merged", column_widths(MERGED_HEADER, decisions[:200])) as merged:
            merged.append(MERGED_HEADER)
            merged.extend(decisions)
        files = [
            *((name, rows, "merged") for name, rows in report.files_read),
            *((name, 0, f"skipped: {reason}") for name, reason in report.files_failed),
        ]
        with book.sheet("Report", column_widths(["file", "rows", "result"], files)) as summary:
            summary.append(["file", "rows", "result"])
            summary.extend(files)
        # The inputs' events and paper sheets, one row each (for the Summary and report).
        events = sorted(report.events.values())
        with book.sheet("Events", column_widths(EVENT_FIELDS, events)) as sheet:
            sheet.append(EVENT_FIELDS)
            sheet.extend(events)
        paper = sorted(report.sheets.values(), key=lambda s: (s[1], s[0]))
        with book.sheet("Sheets", column_widths(SHEET_COLUMNS, paper)) as sheet:
            sheet.append(SHEET_COLUMNS)
            sheet.extend(paper)
        with book.sheet("About") as about:
            about.extend(
                [
                    ["key", "value"],
                    ["schema", SCHEMA],
                    ["schema_version", str(SCHEMA_VERSION)],
                    ["kind", "merge"],
                    ["merged_at", now()],
                    ["rows", str(report.rows_out)],
                    ["consented_only", "yes" if report.consent_filter else "no"],
                    ["possible_duplicates_to_decide", str(len(report.pending))],
                    *(about_rows(preset) if preset is not None else []),
                ]
            )
        add_summary_sheet(book, report.totals or _totals(outcome, report))


def _totals(outcome: Outcome, report: MergeReport) -> Totals:
    """The merge's figures, for its summary and its Summary sheet: what `actionkit
    report` says of this workbook (the signers written, with their events and paper
    sheets; the duplicates merged or decided; the pairs still to decide)."""
    decided = len(report.merged) + sum(1 for pair in report.pairs if pair.decision)
    events = {
        slug: EventInfo(name, date, city) for slug, name, date, city, _ in report.events.values()
    }
    return totals_from_table(
        outcome.signers,
        ROW_FIELDS,
        decided=decided,
        pending=len(report.pending),
        events=events,
        paper=sheets_paper(report.sheets.values()),
    )


def sheets_paper(sheets: Iterable[Sequence[str]]) -> dict[str, tuple[int | None, int, int]]:
    """Per event, from sheets laid out as SHEET_COLUMNS: (rows counted on paper, None
    when no sheet of it has a paper count; paper rows not typed; rows typed on all its
    sheets)."""
    at_event, at_paper = SHEET_COLUMNS.index("event"), SHEET_COLUMNS.index("paper_count")
    at_missing, at_entered = SHEET_COLUMNS.index("missing"), SHEET_COLUMNS.index("entered")
    paper: dict[str, tuple[int | None, int, int]] = {}
    for sheet in sheets:
        written, missing = str(sheet[at_paper]), str(sheet[at_missing])
        entered = str(sheet[at_entered])
        counted, untyped, typed = paper.get(sheet[at_event], (None, 0, 0))
        if written.isdigit():
            counted = (counted or 0) + int(written)
            untyped += int(missing) if missing.isdigit() else 0
        paper[sheet[at_event]] = (
            counted,
            untyped,
            typed + (int(entered) if entered.isdigit() else 0),
        )
    return paper


def parse_decisions(same: Iterable[str], different: Iterable[str]) -> dict[str, str]:
    """Pair ids from the command line (each option may be given again, or hold several
    ids separated by commas) -> same/different; one pair given both ways is refused."""
    decisions: dict[str, str] = {}
    for ids, decision in ((same, SAME), (different, DIFFERENT)):
        for given in ids:
            for pair in filter(None, (p.strip().casefold() for p in given.split(","))):
                if decisions.get(pair, decision) != decision:
                    raise ActionKitError(
                        f"{pair} is given both as the same person and as different people.",
                        key="merge.both_ways",
                        pair=pair,
                    )
                decisions[pair] = decision
    return decisions


def write_decisions(
    report: MergeReport, target: Path, *, delimiter: str = ",", pending: Path | None = None
) -> int:
    """Every decision (what the Merged sheet holds) as a CSV file of its own."""
    target = check_target(target)

    from actionkit.core.signatures.csv_write import write_csv

    def write(path: Path) -> int:
        with path.open("wb") as fh:
            return write_csv(fh, MERGED_HEADER, merged_rows(report), delimiter=delimiter)

    return atomic_write(target, write, pending=pending)
