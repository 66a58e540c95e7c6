from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.lp2kd.sending import lp2kd_send_to_province
from reports.models import Lp2kdVersion

PROVINCE_KEY_ENV = "TKPK_PROVINCE_API_TOKEN"


class Command(BaseCommand):
    help = (
        "Kirim versi LP2KD yang disetujui ke aplikasi TKPK provinsi lewat API-nya. Token dari "
        f"provinsi dibaca dari variabel lingkungan {PROVINCE_KEY_ENV} (tidak pernah dari baris "
        "perintah, yang terlihat di daftar proses)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--version-id", type=int, required=True, help="id versi LP2KD")
        parser.add_argument(
            "--url",
            required=True,
            help="alamat API provinsi, mis. https://tkpk.jatimprov.go.id/api/",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        token = os.environ.get(PROVINCE_KEY_ENV, "").strip()
        if not token:
            raise CommandError(f"Isi {PROVINCE_KEY_ENV} dengan token dari provinsi.")
        version = (
            Lp2kdVersion.objects.select_related("report__region")
            .filter(pk=options["version_id"])
            .first()
        )
        if version is None:
            raise CommandError("Versi LP2KD itu tidak ditemukan.")
        try:
            sent = lp2kd_send_to_province(version=version, api_url=options["url"], token=token)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"{sent.status} {sent.body.get('outcome', '')}: LP2KD {version.report.year} "
            f"{version.report.region.name} v{version.number} diterima provinsi "
            f"({sent.body.get('received_at', '')})."
        )
