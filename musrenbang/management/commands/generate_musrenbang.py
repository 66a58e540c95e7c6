from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from musrenbang.synthetic import musrenbang_generate


class Command(BaseCommand):
    help = (
        "Buat tahun perencanaan demo (RKPD 2027) dengan forum, usulan, skor dan peringkat "
        "per kecamatan."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default=settings.DEMO_REGENCY_CODE)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--proposals", type=int, default=300)
        parser.add_argument("--username", default="sekretariat")

    def handle(self, *args: Any, **options: Any) -> None:
        demo = musrenbang_generate(
            regency_code=options["regency"],
            seed=options["seed"],
            username=options["username"],
            proposals=options["proposals"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Musrenbang {demo.planning_year}: {demo.forums} forum, {demo.proposals} usulan, "
                f"{demo.districts_filled} kecamatan diperingkat."
            )
        )
