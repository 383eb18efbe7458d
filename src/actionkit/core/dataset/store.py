"""Which dataset is in use, the organizer's overlay on it, and importing a newer one.

The bundled dataset ships with the app. An imported dataset is validated in
full, then stored in the user data folder as one file; the newer of the two is
used. Nothing changes when an import fails.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from actionkit.core.assets import asset_path
from actionkit.core.dataset.errors import DatasetError, UntrustedDatasetError
from actionkit.core.dataset.loader import (
    MAX_BUNDLE_BYTES,
    dataset_to_bundle,
    load_bundle_bytes,
    load_dataset,
    read_limited,
)
from actionkit.core.dataset.model import Crop, Dataset, Person, Photo
from actionkit.core.dataset.overlay import (
    Overlay,
    OverlayEditor,
    load_overlay,
    merged_people,
)
from actionkit.core.dataset.photos import store_photo
from actionkit.core.dataset.search import SearchIndex
from actionkit.core.errors import Message
from actionkit.core.paths import AppPaths
from actionkit.core.storage import atomic_write_bytes, atomic_write_text

Progress = Callable[[int, int], None]


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass
class Conflict:
    person_id: str
    field: str
    yours: Any
    was: Any
    now: Any

    def __str__(self) -> str:
        if self.field == "events":
            return (
                f"{self.person_id}: you added news dated {self.yours}; the new dataset has "
                f"news dated {self.now} (it had {self.was or 'none'}). Your event is kept; "
                "check it."
            )
        return (
            f"{self.person_id}: you changed {self.field} from {self.was!r} to {self.yours!r}; "
            f"the new dataset says {self.now!r}. Your change is kept; check it."
        )


@dataclass
class ImportReport:
    old_version: str
    new_version: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    signer: str | None = None  # the trusted publisher; None: imported as untrusted

    def lines(self) -> list[str]:
        out = [f"Dataset {self.old_version} -> {self.new_version}"]
        out.append(
            f"Signed by {self.signer} (trusted key)."
            if self.signer
            else "UNTRUSTED: not signed by a publisher you trust. It is marked as such."
        )
        for label, ids in (
            ("added", self.added),
            ("removed", self.removed),
            ("changed", self.changed),
        ):
            if ids:
                out.append(
                    f"{len(ids)} {label}: {', '.join(ids[:20])}" + (" ..." if len(ids) > 20 else "")
                )
        if self.conflicts:
            out.append(f"{len(self.conflicts)} conflict(s) with your local changes:")
            out.extend(f"  - {c}" for c in self.conflicts)
        return out


@dataclass
class LoadedDataset:
    dataset: Dataset
    people: list[Person]
    hidden: frozenset[str]
    notices: list[str]
    index: SearchIndex

    def get(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def shown(self) -> list[Person]:
        """Everyone but the people the user hid: what lists offer and pieces may print."""
        return [p for p in self.people if p.id not in self.hidden]


class DatasetStore:
    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self.folder = paths.data_dir / "dataset"
        self.imported_file = self.folder / "imported.json"
        self.overlay_file = self.folder / "overlay.json"
        self.signature_file = self.folder / "imported.json.sig"
        self.trust_file = self.folder / "imported.trust.json"
        self.photos_dir = paths.data_dir / "photos"

    @staticmethod
    def bundled_dir() -> Path:
        return asset_path("data")

    def _active(self, notices: list[str]) -> Dataset:
        bundled = load_dataset(self.bundled_dir(), origin="bundled")
        if not self.imported_file.exists():
            return bundled
        try:
            # Read once: the bytes parsed are the bytes the trust record is checked against.
            data = read_limited(self.imported_file, MAX_BUNDLE_BYTES)
            imported = load_bundle_bytes(data, self.imported_file.name, origin="imported")
        except DatasetError as exc:
            notices.append(f"The imported dataset could not be used ({exc.summary}).")
            return bundled
        trust = self._trust(data)
        if not trust.get("trusted", False):
            notices.append(
                f"The dataset in use ({imported.info.version}) is from an UNTRUSTED source: "
                f"{trust.get('reason', 'it was not signed by a publisher you trust')}. "
                "Check every status before printing."
            )
        if version_key(imported.info.version) < version_key(bundled.info.version):
            notices.append(
                f"The bundled dataset {bundled.info.version} is newer than the one you "
                f"imported ({imported.info.version}); using the bundled one."
            )
            return bundled
        return imported

    def load(self) -> LoadedDataset:
        notices: list[str] = []
        dataset = self._active(notices)
        overlay, overlay_notices = load_overlay(self.overlay_file)
        people, merge_notices = merged_people(dataset, overlay)
        notices += overlay_notices + merge_notices
        return LoadedDataset(
            dataset,
            people,
            frozenset(overlay.hidden),
            notices,
            SearchIndex(people, hidden=overlay.hidden),
        )

    def editor(self, loaded: LoadedDataset) -> OverlayEditor:
        overlay, _ = load_overlay(self.overlay_file)
        return OverlayEditor(loaded.dataset, overlay, self.overlay_file)

    def attach_photo(
        self,
        loaded: LoadedDataset,
        person_id: str,
        source: Path,
        credit: str,
        licence: str,
        crop: Crop | None = None,
    ) -> Path:
        """Check and clean a photo, keep a copy, and record it in the overlay (with the
        part of it to print, fractions of the picture as the user saw it upright)."""
        if loaded.get(person_id) is None:
            raise DatasetError(
                f"No person with id {person_id!r}.", key="person.unknown", id=person_id
            )
        name = store_photo(person_id, Path(source), self.photos_dir)
        photo = Photo(name, credit.strip(), licence.strip(), crop)
        self.editor(loaded).edit(person_id, {"photo": photo.as_data()})
        return self.photos_dir / name

    def crop_photo(self, loaded: LoadedDataset, person_id: str, crop: Crop) -> None:
        """Change which part of the person's attached photo is printed."""
        person = loaded.get(person_id)
        if person is None or person.photo is None:
            raise DatasetError(
                f"{person_id!r} has no photo to crop.", key="person.no_photo", id=person_id
            )
        photo = replace(person.photo, crop=crop)
        self.editor(loaded).edit(person_id, {"photo": photo.as_data()})

    def photo_file(self, person: Person) -> Path | None:
        """The stored photo of `person`, if one is attached and still on disk."""
        if person.photo is None:
            return None
        path = self.photos_dir / person.photo.file
        return path if path.is_file() else None

    def _trust(self, data: bytes) -> dict[str, Any]:
        """The trust record of exactly `data`, the imported dataset's bytes.

        The record names the SHA-256 of the bytes it vouches for, so no order of
        writes, crash or power cut (renames may reach the disk out of order) and
        no file copied over imported.json can leave one dataset trusted under
        another's record: a record for other bytes means untrusted. A record
        from before the hash was kept is believed only if the signature stored
        beside the dataset still verifies over these bytes with a trusted key."""
        try:
            record = json.loads(self.trust_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"trusted": False, "reason": "its origin was not recorded"}
        if not isinstance(record, dict):
            return {"trusted": False}
        if "sha256" not in record:
            return self._trust_by_signature(data) if record.get("trusted") else record
        if record["sha256"] != hashlib.sha256(data).hexdigest():
            return {
                "trusted": False,
                "reason": "its trust record belongs to another file (an import was "
                "interrupted, or imported.json was replaced by hand)",
            }
        return record

    def _trust_by_signature(self, data: bytes) -> dict[str, Any]:
        from actionkit.core.dataset.signing import read_signature, verify_bytes

        try:
            signature = read_signature(self.imported_file)
            signer = verify_bytes(data, signature, self.paths, file=self.imported_file.name)
        except DatasetError as exc:
            return {"trusted": False, "reason": exc.summary}
        return {"trusted": True, "signer": signer, "reason": ""}

    def import_file(
        self,
        path: Path,
        *,
        allow_older: bool = False,
        progress: Progress | None = None,
        untrusted_ok: bool = False,
    ) -> ImportReport:
        """Check the publisher's signature, validate `path` completely, then make it
        the dataset in use. Unsigned or wrongly signed files need `untrusted_ok`.

        The file is read once: the signature is checked over those bytes, the
        same bytes are parsed, and exactly those bytes are stored. A file changed
        on disk in between can therefore never be imported as trusted."""
        from actionkit.core.dataset.signing import read_signature, verify_bytes

        path = Path(path)
        if not path.exists():
            raise DatasetError(
                f"{path}: no such file or folder", key="dataset.missing", path=str(path)
            )
        if path.is_dir():  # a folder has no signature; only ever imported as untrusted
            data = self._folder_bytes(path, untrusted_ok=untrusted_ok, progress=progress)
        else:
            data = read_limited(path, MAX_BUNDLE_BYTES)
        signature: bytes | None = None
        try:
            signature = read_signature(path)
            signer: str | None = verify_bytes(
                data, signature, self.paths, file=path.name, signature=f"{path.name}.sig"
            )
            reason = ""
        except DatasetError as exc:
            if not untrusted_ok:
                raise UntrustedDatasetError(
                    f"{exc.summary} Nothing was imported. Import it as untrusted only if you "
                    "know and trust where it came from.",
                    key="dataset.untrusted",
                    reason=Message(exc.summary, key=exc.key, **exc.params),
                ) from None
            signer, reason, signature = None, exc.summary, None
        new = load_bundle_bytes(data, path.name, origin="imported", progress=progress)
        current = self.active()
        if version_key(new.info.version) < version_key(current.info.version) and not allow_older:
            raise DatasetError(
                f"{path.name} holds dataset {new.info.version}, older than the one in use "
                f"({current.info.version}). Nothing was changed.",
                key="dataset.older",
                file=path.name,
                version=new.info.version,
                current=current.info.version,
            )
        report = compare(current, new, load_overlay(self.overlay_file)[0])
        report.signer = signer
        self.store_dataset(data, signature, signer=signer, reason=reason)
        return report

    def _folder_bytes(
        self, folder: Path, *, untrusted_ok: bool, progress: Progress | None
    ) -> bytes:
        """The single-file form of a dataset folder (which carries no signature)."""
        if not untrusted_ok:
            return b""  # refused as unsigned below, before anything is read
        dataset = load_dataset(folder, origin="imported", progress=progress)
        return (
            json.dumps(dataset_to_bundle(dataset), ensure_ascii=False, indent=1) + "\n"
        ).encode()

    def active(self) -> Dataset:
        """The dataset in use: the newer of the bundled and the imported one."""
        return self._active([])

    def store_dataset(
        self, data: bytes, signature: bytes | None, *, signer: str | None, reason: str = ""
    ) -> None:
        """Make `data` (already verified and validated by the caller) the imported
        dataset, byte for byte, with its signature beside it."""
        # The record is bound to the bytes by their hash (checked in `_trust`), so
        # the order below is safe whatever is cut short: a crash before the last
        # write leaves the new file under the old record, which is then untrusted.
        if signature is not None:
            atomic_write_bytes(self.signature_file, signature)
        else:
            self.signature_file.unlink(missing_ok=True)
        atomic_write_bytes(self.imported_file, data)
        trust = {
            "trusted": signer is not None,
            "signer": signer,
            "reason": reason,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        atomic_write_text(self.trust_file, json.dumps(trust) + "\n")


def bundle_bytes(dataset: Dataset) -> bytes:
    """The single-file form of `dataset` as the bytes that are stored, signed, published."""
    text = json.dumps(dataset_to_bundle(dataset), ensure_ascii=False, indent=1) + "\n"
    return text.encode("utf-8")


def compare(old: Dataset, new: Dataset, overlay: Overlay) -> ImportReport:
    old_records = {r["id"]: r for r in old.records}
    new_records = {r["id"]: r for r in new.records}
    report = ImportReport(old.info.version, new.info.version)
    report.added = sorted(new_records.keys() - old_records.keys())
    report.removed = sorted(old_records.keys() - new_records.keys())
    report.changed = sorted(
        pid
        for pid in old_records.keys() & new_records.keys()
        if old_records[pid] != new_records[pid]
    )
    for pid, events in sorted(overlay.events.items()):
        # The organizer's own news of someone, and the new dataset has news as new or newer.
        record = new_records.get(pid)
        newest_local = max(e.event["date"] for e in events)
        newest_now = record["events"][-1]["date"] if record and record["events"] else None
        before = old_records.get(pid)
        newest_before = before["events"][-1]["date"] if before and before["events"] else None
        if newest_now and newest_now != newest_before:
            report.conflicts.append(
                Conflict(pid, "events", newest_local, newest_before, newest_now)
            )
    for pid, edits in sorted(overlay.edits.items()):
        record = new_records.get(pid)
        for path, edit in sorted(edits.items()):
            head, _, rest = path.partition(".")
            now = None
            if record is not None:
                now = record.get(head)
                if rest:
                    now = now.get(rest) if isinstance(now, dict) else None
            if record is None or now != edit.base:
                report.conflicts.append(Conflict(pid, path, edit.value, edit.base, now))
    return report
