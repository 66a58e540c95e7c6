from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from programs.synthetic import recipients_generate


class Command(BaseCommand):
    help = "Buat daftar penerima sintetis (periode 2026) atas registri sebuah kabupaten."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default=settings.DEMO_REGENCY_CODE)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--unknown", type=float, default=0.01, help="bagian NIK tak dikenal per daftar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = recipients_generate(
            regency_code=options["regency"], seed=options["seed"], unknown_share=options["unknown"]
        )
        self.stdout.write(self.style.SUCCESS(f"Daftar penerima sintetis: {rows} baris."))
