"""The rejected rows of a batch as a file to fix: the cells as uploaded under the import's
headers, its row number first and the reasons last. Both added columns are ones the reader
ignores (``IGNORED_HEADERS``), so the fixed file uploads as it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from tkpk.exports import spreadsheet_safe

ROW_HEADER = "baris"
REJECTION_HEADER = "alasan_penolakan"


def rejected_rows_csv(
    *, headers: list[str], rows: Iterable[tuple[int, Mapping[str, str], str]]
) -> bytes:
    """``rows`` are (row number, cells by header, reasons in the reader's language)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([ROW_HEADER, *headers, REJECTION_HEADER])
    for number, cells, reasons in rows:
        writer.writerow([number, *[spreadsheet_safe(cells.get(h, "")) for h in headers], reasons])
    # With a byte order mark: Excel opens UTF-8 text as such only with one.
    return buffer.getvalue().encode("utf-8-sig")
