"""What a merge did, in the UI's words, in one window after it: files read and skipped
(with why), rows in and signers out, what was merged and why, the possible duplicates
still to decide, who the layout left out, and the file written (with its folder to open).

Built from the MergeReport's fields, never from its English `lines()`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from actionkit.core.signatures.merge_decide import (
    DECIDED_SAME,
    DIFFERENT,
    SAME_EMAIL,
    SAME_NAME_CITY,
)
from actionkit.gui import dialogs
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.workspaces.signature_export import isolated_path


def merge_result_text(t: Translator, report: Any, target: Path) -> str:
    """The merge's summary as plain text, one fact a line, in the UI language."""
    files_read = list(getattr(report, "files_read", []))
    skipped = list(getattr(report, "files_failed", []))
    lines = [t("merge.result_files", count=len(files_read))]
    lines += [
        "  " + t("merge.result_file", file=isolated(name), rows=rows) for name, rows in files_read
    ]
    if skipped:
        lines.append(t("sign.merge_skipped"))
        lines += [f"  {isolated(name)}: {t.text(reason)}" for name, reason in skipped]
    lines.append("")
    lines.append(
        t(
            "merge.result_rows",
            rows_in=getattr(report, "rows_in", 0),
            signers=getattr(report, "signers", 0),
        )
    )
    counts = report.merged_by_reason() if hasattr(report, "merged_by_reason") else {}
    for reason, key in (
        (SAME_EMAIL, "merge.result_same_email"),
        (SAME_NAME_CITY, "merge.result_same_name_city"),
        (DECIDED_SAME, "merge.result_decided_same"),
    ):
        if counts.get(reason):
            lines.append(t(key, count=counts[reason]))
    pairs = list(getattr(report, "pairs", []))
    apart = [p for p in pairs if getattr(p, "decision", "") == DIFFERENT]
    if apart:
        lines.append(t("merge.result_kept_apart", count=len(apart)))
    pending = list(getattr(report, "pending", []))
    if pending:
        lines.append(t("merge.result_pending", count=len(pending)))
    left_out = getattr(report, "left_out", 0)
    if left_out:
        lines.append(t("merge.left_out", left_out=left_out))
    flagged = getattr(report, "flagged_left_out", 0)
    if flagged:
        lines.append(t("sign.exported_flagged_out", count=flagged) + ".")
    missing = getattr(report, "missing_left_out", 0)
    if missing:
        lines.append(t("sign.exported_missing_out", count=missing) + ".")
    invalid = getattr(report, "invalid_emails", 0)
    if invalid:
        lines.append(t("merge.result_invalid_emails", count=invalid))
    lines.append("")
    rows_out = getattr(report, "rows_out", 0)
    lines.append(t("merge.result_written", rows=rows_out, path=isolated_path(target)))
    if t.rtl:  # every line right to left, also one that starts with a file's Latin name
        lines = ["\u200f" + line if line else line for line in lines]
    return "\n".join(lines)


def show_merge_result(parent: QWidget, t: Translator, report: Any, target: Path) -> None:
    """The summary in a plain-text box with OK and Open folder (a warning when files
    were skipped)."""
    warning = bool(getattr(report, "files_failed", []))
    dialogs.inform_with_folder(
        parent,
        t("merge.result_title"),
        merge_result_text(t, report, target),
        target.parent,
        t("merge.open_folder"),
        warning=warning,
    )
