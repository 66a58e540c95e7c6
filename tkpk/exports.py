"""Writing spreadsheets that are safe to open in Excel."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def number_mask(number: str, reveal: bool) -> str:
    """A NIK or KK as lists show it: the region prefix, the rest hidden."""
    return number if reveal or not number else number[:4] + "*" * (len(number) - 4)


class SheetWriter:
    """Rows streamed to an XLSX (write-only, constant memory) or a CSV Excel opens as UTF-8."""

    def __init__(self, path: Path, fmt: str, *, sheet: str):
        self.fmt = fmt
        self.path = path
        if fmt == "csv":
            self.handle = path.open("w", encoding="utf-8-sig", newline="")
            self.csv = csv.writer(self.handle)
        else:
            self.workbook = Workbook(write_only=True)
            self.sheet = self.workbook.create_sheet(sheet)

    def append(self, row: list[Any]) -> None:
        if self.fmt == "csv":
            self.csv.writerow(row)
        else:
            self.sheet.append(row)

    def close(self) -> None:
        if self.fmt == "csv":
            self.handle.close()
        else:
            self.workbook.save(self.path)
