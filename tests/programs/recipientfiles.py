"""Small recipient list files written the way the ministry's decree lists arrive."""

from __future__ import annotations

import csv
import io


def list_bytes(rows: list[dict[str, str]], *, delimiter: str = ",") -> bytes:
    headers: list[str] = []
    for row in rows:
        headers += [h for h in row if h not in headers]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, delimiter=delimiter, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()
