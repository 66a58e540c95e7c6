from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tkpk.models import AuditAction
from tkpk.services.audit import audit_record
from tkpk.services.regions import regions_load


class Command(BaseCommand):
    help = "Muat daftar wilayah Kemendagri (provinsi sampai desa) yang dibawa proyek ini."

    def handle(self, *args: Any, **options: Any) -> None:
        result = regions_load()
        if result.changed_anything:
            audit_record(
                actor=None,
                username="system",
                action=AuditAction.REGIONS_LOADED,
                detail={"created": result.created, "updated": result.updated},
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wilayah dimuat dalam {result.seconds:.1f} dtk: {result.created} baru, "
                    f"{result.updated} diubah, {result.unchanged} tidak berubah."
                )
            )
        else:
            self.stdout.write(
                f"Tidak ada perubahan: {result.unchanged} wilayah sudah sesuai "
                f"({result.seconds:.1f} dtk)."
            )
