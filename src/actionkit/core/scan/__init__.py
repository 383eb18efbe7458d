"""Reading phone photos and scans of printed signature sheets (no Qt here).

`load_photos` decodes a file's images in memory; `scan_photo` finds a sheet's
registration marks, straightens the page to `PX_PER_MM`, reads the sheet id and
each row: filled, consent ticked, crossed out. When it cannot read a photo surely
it refuses with the reason, and a row it is unsure of is flagged, never guessed.
"""

from actionkit.core.scan.page import PX_PER_MM, PageScan, scan_photo
from actionkit.core.scan.photos import Photo, PhotoReadError, load_photos
from actionkit.core.scan.rows import RowReading

__all__ = [
    "PX_PER_MM",
    "PageScan",
    "Photo",
    "PhotoReadError",
    "RowReading",
    "load_photos",
    "scan_photo",
]
