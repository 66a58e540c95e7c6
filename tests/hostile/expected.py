"""What the registry's batch reader makes of each file of the corpus (the recipient list
reader shares it and differs where its tests say)."""

from __future__ import annotations

from tests.hostile import corpus

FILES = corpus.DISGUISED + corpus.ENCODINGS + corpus.LAYOUTS + corpus.WORKBOOKS

# id -> the whole-file problem that refuses it
UNREADABLE = {
    **{f.id: "not_a_table" for f in corpus.DISGUISED if f.id.split("-as-")[0] in corpus.KINDS},
    "random-bytes-csv": "nul_byte",
    "random-bytes-xlsx": "nul_byte",
    "encrypted-xlsx": "encrypted_or_xls",
    "truncated-xlsx": "xlsx_corrupt",
    "empty-csv": "empty",
    "empty-xlsx": "empty",
    "bom-only": "empty",
    "utf16-bom-only": "utf16",
    **{f"cp1252-undefined-{b:02x}": "undefined_byte" for b in corpus.CP1252_UNDEFINED},
    "utf16-le-bom": "utf16",
    "utf16-be-bom": "utf16",
    "utf16-le-no-bom": "utf16",
    "mixed-encodings": "mixed_encodings",
    "nul-byte": "nul_byte",
    "header-only-csv": "header_only",
    "header-only-xlsx": "header_only",
    "no-known-columns": "missing_columns",
    "header-of-1mb": "header_too_long",
    "unclosed-quote": "unclosed_quote",
    "xlsx-row-beyond-excel": "xlsx_too_many_rows",
    "xlsx-compressed-bomb": "xlsx_inflates",
    "xlsx-no-worksheet": "xlsx_no_worksheet",
}
# id -> (new rows, rejected rows, {(row, column, code)} among the reasons)
READ = {
    "line-of-1mb": (0, 3, {(2, "nama", "too_long")}),
    "10000-columns": (3, 0, set()),
    "crlf": (3, 0, set()),
    "cr-only": (3, 0, set()),
    "xlsx-huge-dimension": (3, 0, set()),
    "xlsx-tiny-dimension": (3, 0, set()),
    # A formula saved without its value (as programs write them) is an empty cell.
    "xlsx-formulas": (0, 3, {(2, "nama", "required_for_new")}),
    # A merged cell holds its value in the first row only.
    "xlsx-merged-cells": (0, 3, {(3, "kode_desa", "required_for_new")}),
    "xlsx-several-sheets": (3, 0, set()),
    "xlsx-serial-dates": (3, 0, set()),
    "xlsx-date-out-of-range": (0, 3, {(2, "tanggal_lahir", "date_unknown")}),
}
# id -> the line the problem names (the second family member's row)
ROWS = {
    "nul-byte": 3,
    "mixed-encodings": 3,
    "unclosed-quote": 3,
    **{f"cp1252-undefined-{b:02x}": 3 for b in corpus.CP1252_UNDEFINED},
}

# Through the upload pages and the APIs: every file refused, and two that are read (the
# files read differ from each other only inside the reader, which the service tests cover).
CHANNEL_FILES = [f for f in FILES if f.id in UNREADABLE or f.id in ("crlf", "xlsx-merged-cells")]
