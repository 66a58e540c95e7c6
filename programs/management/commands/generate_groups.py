from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programs.groups.synthetic import groups_generate
from tkpk.models import User


class Command(BaseCommand):
    help = (
        "Buat kelompok KUBE sintetis (anggota, angsuran, kunjungan) dan rencana penyaluran "
        "2026 per kecamatan atas registri sebuah kabupaten."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default=settings.DEMO_REGENCY_CODE)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--per-district", type=int, default=2)
        parser.add_argument(
            "--username", default="dinsos", help="pencatat kelompok, angsuran dan kunjungan"
        )
        parser.add_argument("--planner", default="sekretariat", help="penyusun rencana penyaluran")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
            planner = User.objects.get(username=options["planner"])
        except User.DoesNotExist as exc:
            raise CommandError(str(exc)) from exc
        made = groups_generate(
            regency_code=options["regency"],
            seed=options["seed"],
            user=user,
            planner=planner,
            per_district=options["per_district"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Kelompok KUBE sintetis: {made.groups} kelompok, {made.members} anggota, "
                f"{made.visits} kunjungan, {made.payments} angsuran, "
                f"{made.disbursements} tahap penyaluran."
            )
        )
