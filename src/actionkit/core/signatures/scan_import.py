"""Importing photos and scans of filled sheets into the store, and the paper counts they suggest.

Each file is read into memory (`actionkit.core.scan.load_photos`: a photo, or each
page of a PDF scan), each image straightened and read (`scan_photo`) against the
layout its sheet was printed with, and what could be read is stored with the
image inside the store (`scans.add_scan`). An image that cannot be read is
refused with its reason and nothing of it is kept. The paper counts a scan
suggests (its filled rows) are only written when the user confirms them
(`apply_paper_counts`).

A photo is checked against what the sheet already has. One showing fewer rows
written in than a person confirmed (the paper count, the typed rows), or none at
all where an earlier photo showed some, is refused: an unfilled copy, or a photo
taken before the sheet was full, would replace the photo the rows were typed from.
One showing fewer rows than an earlier photo only is kept with a warning and
suggests no count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from actionkit.core.errors import ActionKitError, Message
from actionkit.core.signatures.records import Sheet
from actionkit.core.signatures.scans import (
    StoredScan,
    add_scan,
    latest_scan,
    rows_written_up_to,
    sheet_layout,
)
from actionkit.core.signatures.store import SignatureStore


@dataclass(frozen=True)
class ImportResult:
    """One image: read and stored (`scan`), or refused with the reason (`refused`)."""

    source: str  # the file's name, and the page for a PDF
    sheet_id: str | None = None
    scan: StoredScan | None = None
    refused: Message | None = None
    warnings: list[Message] = field(default_factory=list)
    suggests_count: bool = True  # False: it shows fewer rows than the sheet already has

    @property
    def ok(self) -> bool:
        return self.scan is not None


def import_photos(
    store: SignatureStore,
    paths: Iterable[Path],
    progress: Callable[[int, int], None] | None = None,
) -> list[ImportResult]:
    """Read and store every image in `paths`, in order; one result per image (a PDF
    gives one per page). `progress(done, total)` after each file."""
    from actionkit.core.scan import load_photos, scan_photo

    files = list(paths)
    results: list[ImportResult] = []
    for done, path in enumerate(files, start=1):
        try:
            photos = load_photos(path.read_bytes(), path.name)
        except OSError as exc:
            results.append(
                ImportResult(
                    path.name,
                    refused=Message(
                        f"{path.name} cannot be read: {exc.strerror or exc}.",
                        key="scan.unreadable_file",
                        file=path.name,
                    ),
                )
            )
            photos = []
        except ActionKitError as exc:
            results.append(
                ImportResult(path.name, refused=Message(str(exc), key=exc.key, **exc.params))
            )
            photos = []
        for photo in photos:
            page = scan_photo(photo, lambda sheet_id: sheet_layout(store, sheet_id))
            warnings = list(page.warnings)
            if page.refused is not None or page.sheet_id is None:
                refused = page.refused or Message(
                    f"{page.source}: no ActionKit sheet was found.", key="scan.no_sheet"
                )
                results.append(ImportResult(page.source, page.sheet_id, refused=refused))
                continue
            written = rows_written_up_to(page.rows)
            confirmed, seen = rows_known(store, page.sheet_id)
            if written < confirmed or (seen and not written):
                refused = _fewer_rows(page.sheet_id, written, max(confirmed, seen))
                results.append(ImportResult(page.source, page.sheet_id, refused=refused))
                continue
            if written < seen:
                warnings.append(
                    Message(
                        f"Sheet {page.sheet_id}: this photo shows rows written in up to row "
                        f"{written}, but an earlier photo of it showed rows up to row {seen}. "
                        "This one is used for typing now; check it against the paper. It "
                        "suggests no paper count.",
                        key="scan.fewer_rows_than_seen",
                        sheet=page.sheet_id,
                        written=written,
                        known=seen,
                    )
                )
            if any(r.sheet_id == page.sheet_id and r.ok for r in results):
                warnings.append(
                    Message(
                        f"Sheet {page.sheet_id} is in more than one photo; the last one is "
                        "used for typing.",
                        key="scan.same_sheet_twice",
                        sheet=page.sheet_id,
                    )
                )
            stored = add_scan(store, page)
            results.append(
                ImportResult(page.source, page.sheet_id, stored, None, warnings, written >= seen)
            )
        if progress is not None:
            progress(done, len(files))
    return results


def rows_known(store: SignatureStore, sheet_id: str) -> tuple[int, int]:
    """The rows a sheet is known to have: confirmed by a person (its paper count or its
    highest typed row, whichever is more), and seen on its latest photo."""
    sheet = store.sheet(sheet_id)
    typed = store.conn.execute(
        "SELECT MAX(row_number) FROM signatures WHERE sheet_id = ? AND deleted_at IS NULL",
        (sheet.id,),
    ).fetchone()[0]
    earlier = latest_scan(store, sheet.id)
    return max(sheet.paper_count or 0, typed or 0), earlier.paper_rows if earlier else 0


def _fewer_rows(sheet_id: str, written: int, known: int) -> Message:
    """A photo refused: it shows fewer rows than the sheet is known to have (an unfilled
    copy, or a photo taken before the sheet was full). Its rows would replace the
    photo the sheet's typed rows were typed from."""
    if not written:
        return Message(
            f"Sheet {sheet_id}: no row is written in on this photo, but the sheet already "
            f"has rows up to row {known} (counted, typed or read from an earlier photo). Is "
            "it an unfilled copy? Nothing of it was kept; photograph the filled sheet.",
            key="scan.unfilled_copy",
            sheet=sheet_id,
            known=known,
        )
    return Message(
        f"Sheet {sheet_id}: this photo shows rows written in up to row {written}, but the "
        f"sheet already has rows up to row {known} (counted or typed). Was it taken before "
        "the sheet was full? Nothing of it was kept; the earlier photo stays. Photograph "
        "the sheet as it is now.",
        key="scan.fewer_rows_than_known",
        sheet=sheet_id,
        written=written,
        known=known,
    )


def suggested_counts(results: Iterable[ImportResult]) -> dict[str, int]:
    """Per sheet, the paper count its last readable photo suggests (`paper_rows`: up to
    the last row written in, crossed-out rows included), to confirm. A photo showing
    fewer rows than the sheet already had suggests none: a confirmed count is never
    lowered by a photo."""
    counts: dict[str, int] = {}
    for result in results:
        if result.scan is None:
            continue
        if result.suggests_count:
            counts[result.scan.sheet_id] = result.scan.paper_rows
        else:
            counts.pop(result.scan.sheet_id, None)
    return counts


def apply_paper_counts(store: SignatureStore, counts: Mapping[str, int]) -> list[Sheet]:
    """Write the paper counts the user confirmed; returns the sheets as they now are."""
    return [store.set_paper_count(sheet_id, count) for sheet_id, count in counts.items()]
