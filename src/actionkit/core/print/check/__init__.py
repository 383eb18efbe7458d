"""The print check: render every piece in every size, orientation and language, and
report from the PDFs themselves what a print designer would reject (words cut
inside, text over text or over a QR code, text outside the trim, text under
6 pt, QR modules under 0.5 mm or a crossed quiet zone, pieces not at their
nominal size)."""

from actionkit.core.print.check.detect import KINDS, Defect
from actionkit.core.print.check.run import Report, run_check

__all__ = ["KINDS", "Defect", "Report", "run_check"]
