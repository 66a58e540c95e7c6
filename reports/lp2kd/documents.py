"""The LP2KD's files, drawn from a snapshot alone: the PDF and the annex workbook."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.lp2kd.snapshot import DOCUMENT_LANGUAGE, snapshot_sha256, snapshot_tables
from tkpk.exports import spreadsheet_safe
from tkpk.pdf import pdf_render_counted


def lp2kd_pdf(
    *, snapshot: dict[str, Any], approval: dict[str, Any] | None = None
) -> tuple[bytes, int]:
    """The report as PDF and its page count. ``approval`` (approver's name and when) marks
    the approved document; without it the cover says it is a draft."""
    with translation.override(DOCUMENT_LANGUAGE):
        run = snapshot.get("run") or {}
        context = {
            "s": snapshot,
            "snapshot_sha256": snapshot_sha256(snapshot),
            "as_of": date_format(date.fromisoformat(snapshot["as_of"]), "j F Y"),
            "deadline": date_format(date.fromisoformat(snapshot["deadline"]), "j F Y"),
            "run_date": (
                date_format(date.fromisoformat(run["reference_date"]), "j F Y") if run else ""
            ),
            "approval": (
                {
                    "name": approval["name"],
                    "date": date_format(datetime.fromisoformat(approval["at"]), "j F Y"),
                }
                if approval
                else None
            ),
        }
        return pdf_render_counted(template_name="reports/lp2kd.html", context=context)


# Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
def _sheet_name(key: str) -> str:
    return key.replace(".", "_")[:31]


def lp2kd_annex_xlsx(*, snapshot: dict[str, Any], path: Path) -> None:
    """Every table in full, one sheet each, after a contents sheet. The tables are
    aggregates (a regency's villages at most a few hundred rows): written as they stand."""
    workbook = Workbook(write_only=True)
    contents = workbook.create_sheet("Isi")
    with translation.override(DOCUMENT_LANGUAGE):
        contents.append(
            [f"LP2KD {snapshot['year']} {snapshot['region']['name']}", f"v{snapshot['version']}"]
        )
        contents.append(["Tabel", "Judul", "Keterangan"])
        for t in snapshot_tables(snapshot):
            contents.append([t["key"], t["title"], t["missing"] or t["note"]])
            sheet = workbook.create_sheet(_sheet_name(t["key"]))
            sheet.append([spreadsheet_safe(t["title"])])
            if t["missing"]:
                sheet.append([spreadsheet_safe(t["missing"])])
                continue
            bold = Font(bold=True)
            header = []
            t = t.get("annex") or t
            for c in t["columns"]:
                from openpyxl.cell import WriteOnlyCell

                cell = WriteOnlyCell(sheet, value=spreadsheet_safe(c["label"]))
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            for row in t["rows"]:
                sheet.append([spreadsheet_safe(v) for v in row])
            if t["total"]:
                sheet.append([spreadsheet_safe(v) for v in t["total"]])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def private_path(relative: str) -> Path:
    """A stored file's path, only inside the private media root."""
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise ValueError(relative)
    return path
