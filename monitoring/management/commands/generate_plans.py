from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from monitoring.plans.synthetic import plans_generate


class Command(BaseCommand):
    help = (
        "Buat RPKD 2025-2029 demo dengan RAT 2026, laporan realisasi triwulanan beberapa "
        "perangkat daerah (sebagian terlambat, satu dikembalikan) dan satu kunjungan lapangan."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default=settings.DEMO_REGENCY_CODE)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--username", default="sekretariat")

    def handle(self, *args: Any, **options: Any) -> None:
        demo = plans_generate(
            regency_code=options["regency"], seed=options["seed"], username=options["username"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{demo.rpkd} dan {demo.rat}: {demo.sub_activities} sub kegiatan, "
                f"{demo.reports} laporan realisasi ({demo.late} terlambat, {demo.returned} "
                f"dikembalikan, {demo.missing} belum masuk)."
            )
        )
