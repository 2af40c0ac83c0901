"""Importing pupils from the school's management information system (MIS) as CSV (R-6.1, X-3).

`parse_pupil_csv` (in `parsing`) is pure: it reads the bytes of the file and returns every row it
accepts and every row it refuses, with the line number and each reason. `pupils_import` (in
`applying`) applies a file with no refused rows in one transaction: new UPNs become new pupils,
known UPNs (in the school) are updated, and a pupil whose details are the same is left alone, so
importing the same file again writes nothing. A file with any refused row saves nothing at all.

The columns are documented in docs/pupil-import.md and on the import page (from COLUMNS).
"""

from .applying import ImportConflict, ImportResult, import_apply, pupils_import
from .parsing import COLUMNS, ParsedFile, PupilRow, RowError, parse_pupil_csv

__all__ = [
    "COLUMNS",
    "ImportConflict",
    "ImportResult",
    "ParsedFile",
    "PupilRow",
    "RowError",
    "import_apply",
    "parse_pupil_csv",
    "pupils_import",
]
