from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from monitoring.synthetic import SYNTHETIC_SOURCE, monitoring_generate


class Command(BaseCommand):
    help = (
        "Buat data pemantauan demo: SK dan susunan TKPK, deret indikator sintetis kabupaten, "
        "provinsi dan Indonesia, serta rakor dengan tindak lanjut."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default=settings.DEMO_REGENCY_CODE)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--username", default="sekretariat")

    def handle(self, *args: Any, **options: Any) -> None:
        demo = monitoring_generate(
            regency_code=options["regency"], seed=options["seed"], username=options["username"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Pemantauan: SK {demo.decree.sk_number} ({demo.members} anggota), "
                f"{demo.values_new} angka indikator baru (sumber: {SYNTHETIC_SOURCE}), "
                f"{demo.meetings} rakor."
            )
        )
