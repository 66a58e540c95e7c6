"""The LP2KD figures as a spreadsheet: the same breakdowns as the statistics page, and one
row per complaint without personal data (no name, contact, NIK, KK or description)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from complaints.models import Category, Channel, Status
from complaints.selectors import StatisticsFilters, complaint_statistics, statistics_scope
from tkpk.exports import spreadsheet_safe

# Complaints read per query; a regency files a few thousand a year.
CHUNK_SIZE = 2000


def statistics_xlsx(*, user: Any, filters: StatisticsFilters) -> bytes:
    stats = complaint_statistics(user=user, filters=filters)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Ringkasan"))
    summary.append([_("Ukuran"), _("Nilai")])
    summary.append([_("Periode dari"), filters.date_from or "—"])
    summary.append([_("Periode sampai"), filters.date_to or "—"])
    summary.append([_("Wilayah"), filters.region or _("seluruh wilayah Anda")])
    summary.append([_("Jumlah pengaduan"), stats.total])
    summary.append([_("Masih terbuka"), stats.open])
    summary.append([_("Lewat batas waktu"), stats.overdue])
    summary.append([_("Selesai ditangani"), stats.resolved])
    summary.append(
        [
            _("Median hari sampai selesai"),
            stats.median_days_to_resolve if stats.median_days_to_resolve is not None else "—",
        ]
    )
    for title, bars in (
        (_("Kategori"), stats.by_category),
        (_("Program"), stats.by_program),
        (stats.region_level_label or _("Wilayah"), stats.by_region),
        (_("Status"), stats.by_status),
        (_("Kanal"), stats.by_channel),
    ):
        sheet = workbook.create_sheet(str(title)[:31].replace("/", "-"))
        sheet.append([str(title), _("Jumlah"), _("Lewat batas waktu")])
        for bar in bars:
            sheet.append([spreadsheet_safe(bar.label), bar.count, bar.overdue])

    rows = workbook.create_sheet(_("Pengaduan"))
    rows.append(
        [
            _("Kode"),
            _("Diterima"),
            _("Kategori"),
            _("Program"),
            _("Kode desa"),
            _("Desa/kelurahan"),
            _("Kanal"),
            _("Status"),
            _("Instansi"),
            _("Batas waktu"),
            _("Selesai"),
            _("Lewat batas waktu"),
        ]
    )
    labels = {
        "category": dict(Category.choices),
        "channel": dict(Channel.choices),
        "status": dict(Status.choices),
    }
    now = timezone.now()
    complaints = (
        statistics_scope(user=user, filters=filters)
        .select_related("village", "agency", "program")
        .order_by("id")
    )
    last = 0
    while True:
        chunk = list(complaints.filter(id__gt=last)[:CHUNK_SIZE])
        if not chunk:
            break
        for c in chunk:
            rows.append(
                [
                    c.code,
                    _local(c.received_at),
                    str(labels["category"].get(c.category, c.category)),
                    c.program.code if c.program else "",
                    c.village_id,
                    spreadsheet_safe(c.village.name),
                    str(labels["channel"].get(c.channel, c.channel)),
                    str(labels["status"].get(c.status, c.status)),
                    spreadsheet_safe(c.agency.name) if c.agency else "",
                    _local(c.due_at),
                    _local(c.resolved_at) if c.resolved_at else "",
                    _("ya") if c.is_overdue(now) else "",
                ]
            )
        last = chunk[-1].id
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _local(value: Any) -> Any:
    return timezone.localtime(value).replace(tzinfo=None)
